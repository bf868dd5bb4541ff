"""A short human-readable account of a parsed report, for `peergraph parse FILE`."""

from __future__ import annotations

from collections import Counter

from importers.framework import THEMES
from importers.model import Report


def summarise_report(report: Report) -> str:
    """Council, dates, team and counts by theme and polarity, one fact a line."""
    lines = [
        f"{report.council.name} ({report.council.region}) — {report.title}",
        f"report date: {report.report_date or 'unknown'}"
        + (f"; on site {report.onsite_start} to {report.onsite_end}" if report.onsite_start else ""),
        f"peer team: {', '.join(m.name for m in report.peer_team) or 'not found'}",
        f"findings: {len(report.findings)}",
    ]
    by_theme = Counter(f.theme for f in report.findings)
    for number, name in THEMES.items():
        if by_theme[number]:
            lines.append(f"  theme {number} {name}: {by_theme[number]}")
    polarity = Counter(f.polarity.value for f in report.findings)
    lines.append("  " + ", ".join(f"{name}: {count}" for name, count in sorted(polarity.items())))
    sources = Counter(r.source.value for r in report.recommendations)
    lines.append(
        f"recommendations: {len(report.recommendations)} "
        f"(summary {sources['summary']}, inline {sources['inline']})"
    )
    return "\n".join(lines)
