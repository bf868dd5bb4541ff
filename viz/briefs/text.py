"""The words every writer uses: section titles and the sentences built from a brief's numbers.

Writers escape these like any other text; keeping them here keeps the four formats saying the same.
"""

from __future__ import annotations

from viz.briefs.blocks import ChartData
from viz.briefs.labels import percent, plural
from viz.briefs.model import ActionProgress, Brief, GoodPractice, OwnerCount, RankedRecommendation

MEANING = "What this means"
QUESTIONS = "Questions to ask"
WHERE = "Where it shows"
DEVELOPMENT = "Areas for development"
# Pattern instances count recommendations with areas for development, as the pattern pages do.
DEVELOPMENT_INSTANCES = "Areas for development and recommendations"
STRENGTHS = "Strengths"
GOOD_PRACTICE = "Good practice to learn from"
RECOMMENDATIONS = "Recommendations most often made"
OWNERS = "Who the recommendations land on"
PROGRESS = "Action-plan progress"
SOURCES = "Reports quoted"
CQC = "CQC assessments beside the peer findings"
CQC_INTRO = (
    "Across every council with both a CQC assessment and an earlier peer challenge report in the store: "
    "of the councils whose peer team raised a quality statement (an area for development or a mixed "
    "finding under it), how many CQC later scored 1 or 2, against the councils whose peer team did not."
)
CQC_PATTERNS = "By pattern"
ABOUT = "About this brief"
COUNCILS = "Councils"
RECURRING = "Patterns that recur most"
FOUND_NOTHING = "None recorded in scope."
NO_GOOD_PRACTICE = "No report in scope records this as a strength yet."
NO_RECOMMENDATIONS = "No recommendations in scope."
NO_QUESTIONS = (
    "None of the recommendations in scope was made firmly (prescribed without hedging) and says what "
    "it asks for, so none is turned into a question."
)


def chart_rows(chart: ChartData) -> tuple[list[str], list[list[str]]]:
    """The chart's numbers as a table: header and rows."""
    header = [chart.axis, DEVELOPMENT_INSTANCES if chart.instances else DEVELOPMENT, STRENGTHS]
    if chart.showing:
        header.append("Councils showing it")
    if chart.reviewed:
        header.append("Councils reviewed")
    rows = []
    for index, label in enumerate(chart.labels):
        row = [label, str(chart.development[index]), str(chart.strengths[index])]
        if chart.showing:
            row.append(str(chart.showing[index]))
        if chart.reviewed:
            row.append(str(chart.reviewed[index]))
        rows.append(row)
    return header, rows


def chart_alt(chart: ChartData) -> str:
    """The chart in words, for a reader who cannot see it: what it shows and every bar's numbers."""
    bars = "; ".join(
        f"{label}: {plural(development, 'area')} for development, {plural(strength, 'strength')}"
        for label, development, strength in zip(chart.labels, chart.development, chart.strengths, strict=True)
    )
    return f"Bar chart, {chart.title}. {chart.description} {bars or 'No bars'}."


def council_rows(brief: Brief) -> tuple[list[str], list[list[str]]]:
    """Where a pattern brief's instances come from, council by council."""
    return ["Council", "Region", DEVELOPMENT_INSTANCES, STRENGTHS], [
        [c.label, c.region, str(c.development), str(c.strengths)] for c in brief.councils
    ]


def good_practice_line(entry: GoodPractice) -> str:
    line = f"{entry.council_label}, {plural(entry.strengths, 'strength')} recorded"
    if entry.shown_above:
        line += f" (see also {', '.join(f'[{n}]' for n in entry.shown_above)})"
    return line + "."


def owners_line(owners: list[OwnerCount]) -> str:
    return "Lands on: " + ", ".join(f"{o.name} ({o.recommendations})" for o in owners) + "."


def ranked_line(ranked: RankedRecommendation) -> str:
    made = f"Made to {plural(ranked.councils, 'council')}"
    if ranked.similar > ranked.councils:
        made += f" ({plural(ranked.similar, 'time')} in all)"
    owners = f"; owner: {', '.join(ranked.owners)}" if ranked.owners else "; no owner named"
    return made + owners + "."


def progress_sentence(progress: ActionProgress) -> str:
    if not progress.councils_with_plans:
        return (
            f"None of the {plural(progress.councils_in_scope, 'council')} in scope has an action plan loaded, "
            "so progress cannot be shown yet."
        )
    plans = f"{progress.councils_with_plans} of the {plural(progress.councils_in_scope, 'council')} in scope"
    if not progress.actions:
        return f"{plans} have action plans loaded, but no action is linked to these recommendations yet."
    return (
        f"{plans} have action plans loaded, with {plural(progress.actions, 'action')} against these "
        f"recommendations: {percent(progress.share(progress.complete))} complete, "
        f"{percent(progress.share(progress.on_track))} on track and "
        f"{percent(progress.share(progress.overdue))} overdue."
    )
