"""Building a learning brief from the graph: what peer teams found, in their words, with citations.

`build_brief` reads only (the pattern reads, findings, recommendations, owners and action plans)
and returns a typed `Brief` holding its `Outline`, the blocks every writer renders. Quotes are
chosen for coverage, one per council before a second from any (`graph.reads.patterns.spread_quotes`);
each is the sentence that matched a pattern or the opening sentences of the finding, verbatim, with
its citation, and no sentence is quoted twice. Counts on patterns come from the functions the
pattern pages use (`pattern_summary`, `council_counts`, `region_counts`), over the tag rows in scope.

Scopes: one or more patterns; or a CQC theme; either optionally within a region; or a region on its
own. `since` keeps reviews whose report date is on or after it (compared at the coarser of the two
precisions, so a report dated 2024-03 counts for 2024-03-15; undated reports are left out).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from graph.cqc import reads as cqc_reads
from graph.cqc.read_models import CrossCouncilRow
from graph.reads import reviews as reads
from graph.reads.actions import action_statuses
from graph.reads.models import Citation, FindingOut, PatternCouncil, PatternSummary, RecommendationOut
from graph.reads.patterns import (
    council_counts,
    is_strength,
    pattern_summary,
    region_counts,
    spread_quotes,
    tag_rows,
)
from graph.store import GraphStore, Row
from graph.store import queries as q
from importers.councils import REGIONS, Council, CouncilTable, load_councils
from importers.framework import QUALITY_STATEMENTS_BY_ID, THEMES
from importers.sentences import split_sentences
from peergraph.core.errors import BadRequestError, NotFoundError
from peergraph.examples import EXAMPLE_COUNCILS
from viz.briefs import advice
from viz.briefs.advice import is_firm
from viz.briefs.anonymise import Anonymiser
from viz.briefs.blocks import ChartData, Figure
from viz.briefs.labels import date_label, join_words, noun, on_or_after, parse_since, plural, section_label
from viz.briefs.model import (
    ActionProgress,
    Brief,
    BriefCqc,
    CouncilCount,
    CqcRow,
    FoundSection,
    GoodPractice,
    Headline,
    OwnerCount,
    Quote,
    RankedRecommendation,
    RecommendationGroup,
    Scope,
    SourceReview,
)
from viz.briefs.outline import outline_of
from viz.briefs.similar import alike_pairs

QUOTES_PER_SIDE = 6
GOOD_PRACTICE = 6
TOP_PATTERNS = 8
RECOMMENDATION_GROUPS = 6
RANKED_PER_GROUP = 4
TOP_OWNERS = 10
MAX_QUOTE_CHARS = 420
STRENGTH = "strength"
PAGE = 500
_NOT_WORD = re.compile(r"[^\w\s]")


@dataclass
class Item:
    """A finding or recommendation in scope, with the passage to quote from it."""

    kind: str  # "finding" or "recommendation"
    id: str
    text: str
    polarity: str | None
    citation: Citation
    region: str
    evidence: str
    score: float = 0.0
    confirmed: bool | None = None
    patterns: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    section: str = ""
    firm: bool = False
    actions: tuple[int, int] = (0, 0)  # (complete, all) action-plan items against a recommendation

    @property
    def strength(self) -> bool:
        return self.polarity == STRENGTH

    def row(self) -> Row:
        """The shape `spread_quotes` ranks."""
        return {
            "item_id": self.id,
            "council_id": self.citation.council_id,
            "score": self.score,
            "confirmed": self.confirmed,
            "item": self,
        }


class _Ledger:
    """Numbers quotes in reading order, and keeps any sentence from being quoted twice in one brief."""

    def __init__(self) -> None:
        self.next = 1
        self.by_item: dict[str, int] = {}
        self.sentences: set[str] = set()

    def fresh(self, items: Iterable[Item]) -> list[Item]:
        """`items`, best first, less any already quoted or repeating a sentence quoted (or kept) before."""
        seen = set(self.sentences)
        kept = []
        for item in sorted(items, key=_preference):
            keys = sentence_keys(item.evidence)
            if item.id in self.by_item or keys & seen:
                continue
            seen |= keys
            kept.append(item)
        return kept

    def __call__(self, quotes: Iterable[Quote]) -> None:
        for quote in quotes:
            quote.number = self.next
            self.by_item.setdefault(quote.item_id, self.next)
            self.sentences |= sentence_keys(quote.text)
            self.next += 1


def sentence_keys(text: str) -> set[str]:
    """The sentences of `text`, normalised (case, punctuation and spacing ignored), to tell repeats."""
    keys = set()
    for start, end in split_sentences(text) or [(0, len(text))]:
        key = " ".join(_NOT_WORD.sub(" ", text[start:end].casefold()).split())
        if key:
            keys.add(key)
    return keys


def _preference(item: Item) -> tuple[bool, float, str]:
    return (item.confirmed is not True, -item.score, item.id)


def build_brief(
    store: GraphStore,
    *,
    patterns: Sequence[str] = (),
    theme: int | None = None,
    region: str | None = None,
    since: str | None = None,
    anonymise: bool = False,
    base_url: str | None = None,
    councils: CouncilTable | None = None,
    today: date | None = None,
) -> Brief:
    """A learning brief on `patterns`, or on a CQC `theme`, or on a `region` (see the module docstring).

    Citations link to the web pages under `base_url` when one is given; without it they are text only.
    """
    today = today or date.today()
    base_url = _checked_base_url(base_url)
    scope = _scope(store, list(dict.fromkeys(patterns)), theme, region, since, anonymise)
    reviews = {
        row["id"]: row
        for row in store.read(q.REVIEWS)
        if (scope.region is None or row["region"] == scope.region)
        and on_or_after(row["report_date"], scope.since)
    }
    if not reviews:
        raise NotFoundError(f"nothing to brief on: no reviews {_scope_words(scope)}")

    if scope.kind == "pattern":
        # Only the items that carry one of the brief's patterns, their tags, the findings their
        # recommendations address (for headings), and the texts of the reviews' recommendations.
        bounded = {"region": scope.region, "patterns": scope.patterns}
        tags = [
            row for row in store.read(q.TAG_ROWS_OF_PATTERN_ITEMS, bounded) if row["review_id"] in reviews
        ]
        findings = [
            f for f in map(reads.finding_out, store.read(q.FINDINGS_OF_PATTERNS, bounded))
            if _cited_in(f.citation, reviews)
        ]  # fmt: skip
        recommendations = [
            r for r in map(reads.recommendation_out, store.read(q.RECOMMENDATIONS_OF_PATTERNS, bounded))
            if _cited_in(r.citation, reviews)
        ]  # fmt: skip
        addressed = sorted({f for r in recommendations for f in r.findings} - {f.id for f in findings})
        heading_sources = findings + [
            f for f in map(reads.finding_out, store.read(q.FINDINGS_BY_IDS, {"ids": addressed}) if addressed else [])
            if _cited_in(f.citation, reviews)
        ]  # fmt: skip
        said = {
            (row["review_id"], row["text"].strip())
            for row in store.read(q.RECOMMENDATION_TEXTS)
            if row["review_id"] in reviews
        }
    elif scope.theme is not None:
        # Only the theme's items and their tags, selected in the store; the findings its
        # recommendations address (for headings); and the texts of the reviews' recommendations.
        tags = [
            row
            for row in store.read(q.TAG_ROWS_OF_THEME_ITEMS, {"region": scope.region, "theme": scope.theme})
            if row["review_id"] in reviews
        ]
        findings = [
            f
            for f in reads.all_findings(store, scope.region, scope.theme, sentences=False)
            if _cited_in(f.citation, reviews)
        ]
        recommendations = [
            r
            for r in reads.all_recommendations(store, scope.region, scope.theme)
            if _cited_in(r.citation, reviews)
        ]
        addressed = sorted({f for r in recommendations for f in r.findings} - {f.id for f in findings})
        heading_sources = findings + [
            f for f in map(reads.finding_out, store.read(q.FINDINGS_BY_IDS, {"ids": addressed}) if addressed else [])
            if _cited_in(f.citation, reviews)
        ]  # fmt: skip
        said = {
            (row["review_id"], row["text"].strip())
            for row in store.read(q.RECOMMENDATION_TEXTS_OF_REVIEWS, {"reviews": sorted(reviews)})
        }
    else:
        tags = [row for row in tag_rows(store, region=scope.region) if row["review_id"] in reviews]
        findings = [
            f
            for f in reads.all_findings(store, scope.region, sentences=False)
            if _cited_in(f.citation, reviews)
        ]
        recommendations = [
            r for r in reads.all_recommendations(store, scope.region) if _cited_in(r.citation, reviews)
        ]
        heading_sources = findings
        said = {(r.citation.review_id, r.text.strip()) for r in recommendations if r.citation}
    headings = {f.id: section_label(f.section, f.heading) for f in heading_sources}
    region_of = {row["council_id"]: row["region"] for row in reviews.values()}
    tags_by_item: dict[str, list[Row]] = defaultdict(list)
    for row in tags:
        tags_by_item[row["item_id"]].append(row)
    pattern_rows = {row["id"]: row for row in store.read(q.PATTERN_LIST)}
    pattern_names = {pid: row["name"] for pid, row in pattern_rows.items()}

    # A finding's matched sentence is often also an inline recommendation: quote the finding's
    # opening instead, so the recommendation is not quoted twice in one brief (`said`, above).

    def finding_item(f: FindingOut, tag: Row | None = None) -> Item:
        tag = tag or _best(tags_by_item.get(f.id, []))
        assert f.citation is not None
        item = _item("finding", f.id, f.text, f.polarity, f.citation, region_of, tag, headings.get(f.id, ""))
        if (f.citation.review_id, item.evidence) in said:
            item.evidence = _passage(f.text, None)
        return item

    def rec_item(r: RecommendationOut, tag: Row | None = None) -> Item:
        tag = tag or _best(tags_by_item.get(r.id, []))
        assert r.citation is not None
        item = _item(
            "recommendation", r.id, r.text, None, r.citation, region_of, tag, _rec_section(r, headings)
        )
        item.owners = list(r.owners)
        item.firm = is_firm(r)
        item.actions = (r.action_status.get("complete", 0), sum(r.action_status.values()))
        return item

    if scope.kind == "pattern":
        found_by_pattern = {
            pid: [finding_item(f, tag) for f in findings if (tag := _tag(tags_by_item, f.id, pid))]
            for pid in scope.patterns
        }
        in_scope_findings = _unique(item for items in found_by_pattern.values() for item in items)
        rec_items = _unique(
            rec_item(r, tag)
            for pid in scope.patterns
            for r in recommendations
            if (tag := _tag(tags_by_item, r.id, pid))
        )
    else:
        in_scope_findings = [
            finding_item(f) for f in findings if scope.theme is None or f.theme == scope.theme
        ]
        rec_items = [rec_item(r) for r in recommendations if scope.theme is None or r.theme == scope.theme]
    for item in [*in_scope_findings, *rec_items]:
        item.patterns = sorted({row["pattern_id"] for row in tags_by_item.get(item.id, [])})

    if not in_scope_findings and not rec_items:
        raise NotFoundError(f"nothing to brief on: no findings or recommendations {_scope_words(scope)}")

    items = [*in_scope_findings, *rec_items]
    in_scope_ids = {i.id for i in items}
    # Counted by the functions the pattern pages use, over the tag rows in scope.
    scope_tags = [
        row
        for row in tags
        if row["item_id"] in in_scope_ids and (scope.kind != "pattern" or row["pattern_id"] in scope.patterns)
    ]
    reviewed = _reviewed_by_region(reviews)
    link = _linker(base_url)
    ledger = _Ledger()
    if scope.kind == "pattern":
        counts = [
            pattern_summary(pattern_rows[pid], [row for row in scope_tags if row["pattern_id"] == pid])
            for pid in scope.patterns
        ]
        topics = scope.patterns
        sections = [
            _found_section(
                pattern_names[pid], found_by_pattern[pid], link, ledger, intro=_pattern_intro(count)
            )
            for pid, count in zip(scope.patterns, counts, strict=True)
        ]
        per_council = _pattern_council_counts(council_counts(_one_per_item(scope_tags)))
    else:
        counts = _recurring(scope_tags, pattern_rows)
        topics = [c.id for c in counts]
        sections = [
            _found_section(
                "What peer teams found",
                in_scope_findings,
                link,
                ledger,
                intro=(
                    f"{plural(sum(not i.strength for i in in_scope_findings), 'area')} for development and "
                    f"{plural(sum(i.strength for i in in_scope_findings), 'strength')} recorded "
                    f"{_scope_words(scope)}."
                ),
            )
        ]
        per_council = _council_counts(in_scope_findings, region_of)

    good = _good_practice(in_scope_findings, topics, pattern_names, link, ledger)
    alike = _Alike(rec_items)
    groups = _recommendation_groups(scope, rec_items, topics, pattern_names, link, ledger, alike)
    owners = _owner_counts(rec_items)
    headline = _headline(scope, in_scope_findings, rec_items, reviews, scope_tags, pattern_rows)
    meaning = _meaning(scope, counts, scope_tags, reviewed, groups, owners, rec_items)
    questions = advice.questions_from(
        [
            (
                cluster[0].text,
                len({m.citation.council_id for m in cluster}),
                sorted({o for m in cluster for o in m.owners}),
                (sum(m.actions[0] for m in cluster), sum(m.actions[1] for m in cluster)),
                next((ledger.by_item[m.id] for m in cluster if m.id in ledger.by_item), None),
            )
            for cluster in alike.clusters([r for r in rec_items if r.firm])
        ]
    )

    brief = Brief(
        title=_title(scope),
        subtitle=_subtitle(scope, {i.citation.review_id for i in items}),
        scope=scope,
        generated=today.isoformat(),
        headline=headline,
        sections=sections,
        good_practice=good,
        patterns=counts,
        councils=per_council,
        recommendations=groups,
        owners=owners,
        progress=_progress(store, items, rec_items, today),
        chart=_chart(scope, in_scope_findings, reviews, per_council, scope_tags),
        meaning=meaning,
        questions=questions,
        sources=_sources(items, reviews, base_url),
        notes=_notes(scope, rec_items, topics, linked=base_url is not None),
        cqc=_cqc(store, scope),
    )
    if anonymise:
        table = _council_table(store, councils)
        quoted = list(dict.fromkeys(i.citation.council_id for i in items))
        brief = Anonymiser(table, quoted).apply(brief)
    return brief.model_copy(update={"outline": outline_of(brief)})


def _checked_base_url(base_url: str | None) -> str | None:
    if base_url is None or not base_url.strip():
        return None
    if not base_url.startswith(("http://", "https://")):
        raise BadRequestError(f"base URL: expected http:// or https://, got {base_url!r}")
    return base_url.strip().rstrip("/")


def _reviewed_by_region(reviews: dict[str, Row]) -> dict[str, int]:
    """Councils with a review in scope, per region (what `reviewed_by_region` counts, in scope)."""
    councils: dict[str, set[str]] = defaultdict(set)
    for row in reviews.values():
        councils[row["region"]].add(row["council_id"])
    return {region: len(ids) for region, ids in councils.items()}


def _one_per_item(rows: list[Row]) -> list[Row]:
    """One tag row per item, so an item tagged with two of a brief's patterns counts once."""
    return list({row["item_id"]: row for row in rows}.values())


# --- scope ----------------------------------------------------------------------------------


def _scope(
    store: GraphStore,
    patterns: list[str],
    theme: int | None,
    region: str | None,
    since: str | None,
    anon: bool,
) -> Scope:
    if patterns and theme is not None:
        raise BadRequestError("choose patterns or a theme, not both (a region may narrow either)")
    if not patterns and theme is None and region is None:
        raise BadRequestError("say what to brief on: --pattern ID, --theme N or --region NAME")
    names = {row["id"]: row["name"] for row in store.read(q.PATTERN_LIST)}
    for pid in patterns:
        if pid not in names:
            raise NotFoundError(f"no pattern with id {pid!r}")
    if theme is not None and theme not in THEMES:
        raise BadRequestError(f"theme: expected 1-4, got {theme}")
    canonical = None
    if region is not None:
        canonical = next((r for r in REGIONS if r.casefold() == region.strip().casefold()), None)
        if canonical is None:
            raise BadRequestError(f"region: {region!r} is not an English region ({', '.join(REGIONS)})")
    return Scope(
        patterns=patterns,
        pattern_names=[names[pid] for pid in patterns],
        theme=theme,
        theme_name=THEMES[theme] if theme is not None else None,
        region=canonical,
        since=parse_since(since),
        anonymised=anon,
    )


def _scope_words(scope: Scope) -> str:
    parts = []
    if scope.region:
        parts.append(f"in the {scope.region}")
    if scope.theme is not None:
        parts.append(f"under CQC theme {scope.theme} ({scope.theme_name})")
    if scope.patterns:
        parts.append(f"on {join_words(scope.pattern_names)}")
    if scope.since:
        parts.append(f"in reports dated {date_label(scope.since)} or later")
    return " ".join(parts) or "in the graph"


def _title(scope: Scope) -> str:
    if scope.kind == "pattern":
        return f"Learning brief: {join_words(scope.pattern_names)}"
    if scope.kind == "theme":
        return f"Learning brief: {scope.theme_name} (CQC theme {scope.theme})"
    return f"Learning brief: adult social care peer challenges in the {scope.region}"


def _subtitle(scope: Scope, reviews: set[str]) -> str:
    where = f" in the {scope.region}" if scope.region and scope.kind != "region" else ""
    when = f", reports dated {date_label(scope.since)} or later" if scope.since else ""
    return (
        f"What LGA adult social care peer challenges found{where}{when}: "
        f"{plural(len(reviews), 'report')}, every quote cited"
    )


# --- reading --------------------------------------------------------------------------------


def _cited_in(citation: Citation | None, reviews: dict[str, Row]) -> bool:
    return citation is not None and citation.review_id in reviews


def _best(rows: list[Row]) -> Row | None:
    return max(rows, key=lambda r: (r["confirmed"] is True, float(r["score"] or 0)), default=None)


def _tag(tags_by_item: dict[str, list[Row]], item_id: str, pattern_id: str) -> Row | None:
    return next((row for row in tags_by_item.get(item_id, []) if row["pattern_id"] == pattern_id), None)


def _unique(items: Iterable[Item]) -> list[Item]:
    seen: dict[str, Item] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _rec_section(rec: RecommendationOut, headings: dict[str, str]) -> str:
    if rec.source == "summary":
        return "Recommendations"
    heading = next((headings[f] for f in rec.findings if headings.get(f)), "")
    return heading or "Recommendation in the report text"


def _passage(text: str, evidence: str | None) -> str:
    """The verbatim passage to quote: the matched sentence, else the opening sentences of the text."""
    if evidence and evidence.strip() and evidence in text:
        return evidence.strip()
    if len(text) <= MAX_QUOTE_CHARS:
        return text.strip()
    spans = split_sentences(text)
    start, end = spans[0] if spans else (0, len(text))
    for _begin, finish in spans[1:]:
        if finish - start > MAX_QUOTE_CHARS:
            break
        end = finish
    return text[start:end].strip()


def _item(
    kind: str,
    item_id: str,
    text: str,
    polarity: str | None,
    citation: Citation,
    region_of: dict[str, str],
    tag: Row | None,
    section: str,
) -> Item:
    return Item(
        kind=kind,
        id=item_id,
        text=text,
        polarity=polarity,
        citation=citation,
        region=region_of.get(citation.council_id, ""),
        evidence=_passage(text, tag["evidence"] if tag else None),
        score=float(tag["score"] or 0) if tag else 0.0,
        confirmed=tag["confirmed"] if tag else None,
        section=section,
    )


def _linker(base_url: str | None) -> Callable[[Item], str | None]:
    def link(item: Item) -> str | None:
        if base_url is None:
            return None
        review = url_quote(item.citation.review_id, safe="")
        return f"{base_url}/ui/reviews/{review}#item-{url_quote(item.id, safe='')}"

    return link


def _quote(item: Item, link: Callable[[Item], str | None]) -> Quote:
    return Quote(
        kind="finding" if item.kind == "finding" else "recommendation",
        item_id=item.id,
        text=item.evidence,
        shown=item.evidence,
        source_text=item.text,
        polarity=item.polarity,
        citation=item.citation,
        council_label=item.citation.council,
        date_label=date_label(item.citation.report_date),
        section_label=item.section,
        link=link(item),
    )


def _spread(items: list[Item], limit: int) -> list[Item]:
    return [row["item"] for row in spread_quotes([item.row() for item in items], limit)]


# --- sections -------------------------------------------------------------------------------


def _found_section(
    title: str, items: list[Item], link: Callable[[Item], str | None], ledger: _Ledger, *, intro: str
) -> FoundSection:
    development = [
        _quote(i, link) for i in _spread(ledger.fresh(i for i in items if not i.strength), QUOTES_PER_SIDE)
    ]
    ledger(development)
    strengths = [
        _quote(i, link) for i in _spread(ledger.fresh(i for i in items if i.strength), QUOTES_PER_SIDE)
    ]
    ledger(strengths)
    return FoundSection(title=title, intro=intro, development=development, strengths=strengths)


def _pattern_intro(count: PatternSummary) -> str:
    return (
        f"Recorded in {plural(count.councils, 'council')} across {plural(count.regions, 'region')}: "
        f"{plural(count.development, 'instance')} in areas for development, mixed findings or "
        f"recommendations, and {plural(count.strengths, 'strength')}."
    )


def _recurring(scope_tags: list[Row], pattern_rows: dict[str, Row]) -> list[PatternSummary]:
    """The patterns recurring most in scope, each counted as the patterns page counts it."""
    by_pattern: dict[str, list[Row]] = defaultdict(list)
    for row in scope_tags:
        by_pattern[row["pattern_id"]].append(row)
    counts = [
        pattern_summary(pattern_rows[pid], rows) for pid, rows in by_pattern.items() if pid in pattern_rows
    ]
    counts.sort(key=lambda c: (-c.councils, -c.development, -c.instances, c.id))
    return counts[:TOP_PATTERNS]


def _good_practice(
    findings: list[Item],
    topics: list[str],
    names: dict[str, str],
    link: Callable[[Item], str | None],
    ledger: _Ledger,
) -> list[GoodPractice]:
    """Councils recording as a strength what the brief's patterns ask others to improve.

    One entry per council before a second for any; each quotes a strength not already shown, and
    points to the numbers of any that were.
    """
    by_topic: dict[str, list[tuple[str, list[Item]]]] = {}
    for pid in topics:
        by_council: dict[str, list[Item]] = defaultdict(list)
        for item in findings:
            if item.strength and pid in item.patterns:
                by_council[item.citation.council_id].append(item)
        by_topic[pid] = sorted(by_council.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    chosen: list[tuple[str, str, list[Item]]] = []
    featured: set[str] = set()
    # Round robin over topics, each taking its strongest council not yet featured; then repeats.
    for allow_repeat in (False, True):
        progress = True
        while progress and len(chosen) < GOOD_PRACTICE:
            progress = False
            for pid in topics:
                taken = {(p, c) for p, c, _ in chosen}
                pick = next(
                    (
                        (cid, items)
                        for cid, items in by_topic[pid]
                        if (pid, cid) not in taken and (allow_repeat or cid not in featured)
                    ),
                    None,
                )
                if pick is not None and len(chosen) < GOOD_PRACTICE:
                    chosen.append((pid, pick[0], pick[1]))
                    featured.add(pick[0])
                    progress = True
    entries = []
    for pid, _cid, items in chosen:
        ranked = sorted(items, key=_preference)
        quotes = [_quote(i, link) for i in ledger.fresh(ranked)[:1]]
        ledger(quotes)
        entries.append(
            GoodPractice(
                topic=names.get(pid, pid),
                council_label=items[0].citation.council,
                strengths=len(items),
                quotes=quotes,
                shown_above=sorted(
                    {ledger.by_item[i.id] for i in ranked if i.id in ledger.by_item}
                    - {q.number for q in quotes}
                ),
            )
        )
    return entries


class _Alike:
    """Which of a brief's recommendations are worded alike (`viz.briefs.similar`), compared once.

    Clusters of any subset are single-link over the pairs within it, as if that subset alone had
    been compared: a pair's likeness does not depend on what else is in scope.
    """

    def __init__(self, recs: list[Item]) -> None:
        self.position = {item.id: k for k, item in enumerate(recs)}
        pairs = alike_pairs([r.text for r in recs])
        self.pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)

    def clusters(self, items: list[Item]) -> list[list[Item]]:
        """`items` worded alike, single-link, each cluster best-scoring first, clusters by their best."""
        ordered = sorted(items, key=_preference)
        at = np.full(len(self.position), -1, dtype=np.int64)  # position in `ordered`, or -1
        at[[self.position[item.id] for item in ordered]] = np.arange(len(ordered))
        a, b = at[self.pairs[:, 0]], at[self.pairs[:, 1]]
        within = (a >= 0) & (b >= 0)
        links = sparse.coo_matrix(
            (np.ones(int(within.sum()), dtype=np.int8), (a[within], b[within])), shape=(len(ordered),) * 2
        )
        _count, labels = csgraph.connected_components(links, directed=False)
        groups: dict[int, list[Item]] = defaultdict(list)
        for label, item in zip(labels.tolist(), ordered, strict=True):
            groups[label].append(item)
        return list(groups.values())


def _owner_counts(items: list[Item]) -> list[OwnerCount]:
    recs: Counter[str] = Counter()
    councils: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for owner in item.owners:
            recs[owner] += 1
            councils[owner].add(item.citation.council_id)
    ranked = sorted(recs, key=lambda o: (-recs[o], -len(councils[o]), o))
    return [
        OwnerCount(name=o, recommendations=recs[o], councils=len(councils[o])) for o in ranked[:TOP_OWNERS]
    ]


def _recommendation_groups(
    scope: Scope,
    recs: list[Item],
    topics: list[str],
    names: dict[str, str],
    link: Callable[[Item], str | None],
    ledger: _Ledger,
    alike: _Alike,
) -> list[RecommendationGroup]:
    by_topic: dict[str, list[Item]] = defaultdict(list)
    for item in recs:
        # Each recommendation counts once, under the first of the brief's topics it is tagged with.
        topic = next((pid for pid in topics if pid in item.patterns), None)
        if topic is not None:
            by_topic[topic].append(item)
    # Order the groups first (most councils, then most recommendations), so quotes are taken, and
    # kept from repeating, in reading order.
    ordered = sorted(
        (pid for pid in topics if by_topic.get(pid)),
        key=lambda pid: (-len({i.citation.council_id for i in by_topic[pid]}), -len(by_topic[pid])),
    )
    groups = []
    for pid in ordered[: RECOMMENDATION_GROUPS if scope.kind != "pattern" else len(ordered)]:
        items = by_topic[pid]
        clusters = alike.clusters(items)
        lead = {id(c[0]): c for c in clusters}
        spread = _spread(ledger.fresh(c[0] for c in clusters), len(clusters))
        ranked = sorted(spread, key=lambda i: -len({m.citation.council_id for m in lead[id(i)]}))[
            :RANKED_PER_GROUP
        ]
        group = RecommendationGroup(
            title=names.get(pid, pid),
            recommendations=len(items),
            councils=len({i.citation.council_id for i in items}),
            owners=_owner_counts(items),
            ranked=[
                RankedRecommendation(
                    quote=_quote(i, link),
                    councils=len({m.citation.council_id for m in lead[id(i)]}),
                    similar=len(lead[id(i)]),
                    owners=sorted({o for m in lead[id(i)] for o in m.owners}),
                )
                for i in ranked
            ],
        )
        ledger(r.quote for r in group.ranked)
        groups.append(group)
    return groups


def _progress(store: GraphStore, items: list[Item], recs: list[Item], today: date) -> ActionProgress:
    councils = sorted({i.citation.council_id for i in items})
    wanted = {r.id for r in recs}
    actions = action_statuses(store, councils, today)
    with_plans = len({action["council_id"] for action in actions})
    statuses: Counter[str] = Counter()
    overdue = 0
    for action in actions:
        if action["recommendation_id"] in wanted:
            statuses[action["status"] or "no_status"] += 1
            overdue += action["overdue"]
    return ActionProgress(
        councils_with_plans=with_plans,
        councils_in_scope=len(councils),
        actions=sum(statuses.values()),
        complete=statuses["complete"],
        on_track=statuses["on_track"],
        overdue=overdue,
        by_status=dict(statuses.most_common()),
    )


def _headline(
    scope: Scope,
    findings: list[Item],
    recs: list[Item],
    reviews: dict[str, Row],
    scope_tags: list[Row],
    pattern_rows: dict[str, Row],
) -> Headline:
    """The brief's figures; on patterns, the instance counts are the pattern page's (`pattern_summary`)."""
    items = [*findings, *recs]
    used = {i.citation.review_id for i in items}
    dates = sorted(d for d in (reviews[r]["report_date"] for r in used) if d)
    reviewed = {row["council_id"] for row in reviews.values()}
    if scope.kind == "pattern":
        together = {
            "id": "+".join(scope.patterns),
            "name": join_words(scope.pattern_names),
            "description": "",
            "origin": "brief",
        }
        summary = pattern_summary(
            pattern_rows[scope.patterns[0]] if len(scope.patterns) == 1 else together,
            _one_per_item(scope_tags),
        )
        councils, regions = summary.councils, summary.regions
        development, strengths = summary.development, summary.strengths
    else:
        councils = len({i.citation.council_id for i in items})
        regions = len({i.region for i in items})
        development = sum(not i.strength for i in findings)
        strengths = sum(i.strength for i in findings)
    span = (
        f"in reports dated {date_label(dates[0])} to {date_label(dates[-1])}"
        if dates and dates[0] != dates[-1]
        else f"in reports dated {date_label(dates[0])}"
        if dates
        else "in undated reports"
    )
    where = f"{plural(councils, 'council')} of the {len(reviewed)} reviewed" + (
        f" across {plural(regions, 'region')}" if scope.kind != "region" else f" in the {scope.region}"
    )
    if scope.kind == "pattern":
        sentence = (
            f"Peer teams found {join_words(scope.pattern_names)} in {where}, {span}: "
            f"{plural(development, 'instance')} in areas for development, mixed findings or "
            f"recommendations ({plural(len(recs), 'recommendation')} among them) and "
            f"{plural(strengths, 'strength')}."
        )
    else:
        sentence = (
            f"Peer teams recorded {plural(development, 'area')} for development and "
            f"{plural(strengths, 'strength')}{' under ' + str(scope.theme_name) if scope.theme_name else ''} "
            f"in {where}, {span}, and made {plural(len(recs), 'recommendation')}."
        )
    return Headline(
        sentence=sentence,
        councils=councils,
        reviewed_councils=len(reviewed),
        regions=regions,
        reviews=len(used),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        development=development,
        strengths=strengths,
        recommendations=len(recs),
        figures=[
            Figure(label=noun(councils, "Council"), value=councils),
            Figure(label=noun(regions, "Region"), value=regions),
            Figure(label=noun(len(used), "Report"), value=len(used)),
            Figure(label=noun(development, "Area") + " for development", value=development),
            Figure(label=noun(strengths, "Strength"), value=strengths),
            Figure(label=noun(len(recs), "Recommendation"), value=len(recs)),
        ],
    )


def _meaning(
    scope: Scope,
    counts: list[PatternSummary],
    scope_tags: list[Row],
    reviewed: dict[str, int],
    groups: list[RecommendationGroup],
    owners: list[OwnerCount],
    recs: list[Item],
) -> list[str]:
    """ "What this means": where the patterns show, what is most recommended, and who it lands on."""
    development_at: dict[str, set[str]] = defaultdict(set)
    strength_at: dict[str, set[str]] = defaultdict(set)
    for row in scope_tags:
        (strength_at if is_strength(row) else development_at)[row["pattern_id"]].add(row["council_id"])
    sentences: list[str | None]
    if scope.kind == "pattern":
        sentences = [
            advice.pattern_reach(
                count, sum(reviewed.values()), len(development_at[count.id]), len(strength_at[count.id])
            )
            for count in counts
        ]
    else:
        sentences = [
            advice.most_common_development(counts, {pid: len(c) for pid, c in development_at.items()})
        ]
    sentences += [
        advice.most_made(groups),
        advice.landing(owners, len(recs), sum(not r.owners for r in recs)),
    ]
    return [sentence for sentence in sentences if sentence]


def _council_counts(findings: list[Item], region_of: dict[str, str]) -> list[CouncilCount]:
    by_council: dict[str, list[Item]] = defaultdict(list)
    for item in findings:
        by_council[item.citation.council_id].append(item)
    # Most findings first, then by id (not by name, which would hint at who an anonymised label is).
    return [
        CouncilCount(
            council_id=cid,
            label=items[0].citation.council,
            region=region_of.get(cid, ""),
            development=sum(not i.strength for i in items),
            strengths=sum(i.strength for i in items),
        )
        for cid, items in sorted(by_council.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def _pattern_council_counts(rows: list[PatternCouncil]) -> list[CouncilCount]:
    """The pattern page's per-council counts (`council_counts`), busiest first, then by id, not name."""
    ordered = sorted(rows, key=lambda c: (-(c.development + c.strengths), c.council_id))
    return [
        CouncilCount(
            council_id=c.council_id,
            label=c.council,
            region=c.region,
            development=c.development,
            strengths=c.strengths,
        )
        for c in ordered
    ]


def _chart(
    scope: Scope,
    findings: list[Item],
    reviews: dict[str, Row],
    per_council: list[CouncilCount],
    scope_tags: list[Row],
) -> ChartData:
    showing: list[int] = []
    if scope.kind == "region":
        councils = {row["council_id"]: row["council"] for row in reviews.values()}
        of = {cid: [i for i in findings if i.citation.council_id == cid] for cid in councils}
        # Most findings first (not by name, which would hint at who an anonymised label is).
        keys = sorted(councils, key=lambda cid: (-len(of[cid]), cid))
        labels = [councils[cid] for cid in keys]
        development = [sum(not i.strength for i in of[k]) for k in keys]
        strengths = [sum(i.strength for i in of[k]) for k in keys]
        reviewed: list[int] = []
        axis, what = "Council", f"councils in the {scope.region}"
    else:
        present = {row["region"] for row in reviews.values()}
        keys = [r for r in REGIONS if r in present]
        labels = list(keys)
        reviewed_by = _reviewed_by_region(reviews)
        reviewed = [reviewed_by.get(r, 0) for r in keys]
        if scope.kind == "pattern":
            # The pattern page's per-council counts, added up by region.
            development = [sum(c.development for c in per_council if c.region == r) for r in keys]
            strengths = [sum(c.strengths for c in per_council if c.region == r) for r in keys]
            by_region = {r.region: r.councils for r in region_counts(_one_per_item(scope_tags), reviewed_by)}
            showing = [by_region.get(r, 0) for r in keys]
        else:
            development = [sum(not i.strength for i in findings if i.region == r) for r in keys]
            strengths = [sum(i.strength for i in findings if i.region == r) for r in keys]
        axis, what = "Region", "regions with a review in scope"
    subject = join_words(scope.pattern_names) if scope.patterns else (scope.theme_name or "all themes")
    counted = "Instances of" if scope.kind == "pattern" else "Findings on"
    return ChartData(
        title=f"{counted} {subject}, by {axis.lower()}",
        description=(
            f"Areas for development and strengths recorded in peer challenge reports, for each of the {what}."
        ),
        axis=axis,
        labels=labels,
        development=development,
        strengths=strengths,
        reviewed=reviewed,
        showing=showing,
        instances=scope.kind == "pattern",
    )


def _sources(items: list[Item], reviews: dict[str, Row], base_url: str | None) -> list[SourceReview]:
    used = {i.citation.review_id for i in items}
    rows = sorted(
        (reviews[r] for r in used), key=lambda row: (row["report_date"] or "", row["council"]), reverse=True
    )
    return [
        SourceReview(
            label=row["council"],
            date_label=date_label(row["report_date"]),
            link=f"{base_url}/ui/reviews/{url_quote(row['id'], safe='')}" if base_url else None,
        )
        for row in rows
    ]


def _notes(scope: Scope, recs: list[Item], topics: list[str], *, linked: bool) -> list[str]:
    notes = [
        "Quotes are verbatim: the sentence that matched the pattern, or the opening sentences of the "
        "finding. They are chosen for coverage, one per council before a second from any.",
        "Mixed findings (praise, then a concern) count with areas for development.",
        "Recommendations worded almost identically are counted once and shown once, with the number of "
        "councils that received them. No sentence is quoted twice.",
        "On patterns, counts are of instances (findings and recommendations showing the pattern), as on "
        "the pattern pages."
        if scope.kind == "pattern"
        else "Counts of areas for development and strengths are of findings.",
        "Questions to ask are drawn from the recommendations peer teams made firmly (prescribing, not "
        "suggesting), the most widely made first, each with who the reports say should lead it.",
    ]
    if not linked and not scope.anonymised:
        notes.append(
            "Citations name the council, the report date and the section; this copy has no links to the "
            "web pages."
        )
    ungrouped = sum(not any(t in r.patterns for t in topics) for r in recs)
    if ungrouped and scope.kind != "pattern":
        notes.append(f"{plural(ungrouped, 'recommendation')} in scope matched none of the patterns listed.")
    if scope.since:
        notes.append(f"Only reports dated {date_label(scope.since)} or later; undated reports are left out.")
    if scope.anonymised:
        notes.append(
            "Councils are anonymised: names are replaced by region and type, shown in square brackets "
            "inside quotes, and links to the reports are left out."
        )
    return notes


def councils_to_hide(extra_council_files: Sequence[Path] = ()) -> CouncilTable:
    """The councils an anonymised brief must not name: the reference table, the examples' and the user's."""
    examples = [EXAMPLE_COUNCILS] if EXAMPLE_COUNCILS.is_file() else []
    return load_councils([*examples, *extra_council_files])


def _council_table(store: GraphStore, councils: CouncilTable | None) -> list[Council]:
    """Every council whose name must not appear: the reference table, extras, and the graph's own."""
    if councils is None:
        councils = councils_to_hide()
    table = {c.id: c for c in councils}
    for row in _all_councils(store):
        if row.id not in table:
            table[row.id] = Council(row.id, row.name, row.short_name, row.type, row.region)
    return list(table.values())


def _all_councils(store: GraphStore) -> list[Any]:
    found: list[Any] = []
    cursor = None
    while True:
        page = reads.councils(store, reviewed=False, limit=PAGE, cursor=cursor)
        found += page.items
        if not page.next_cursor:
            return found
        cursor = page.next_cursor


def _cqc_row(row: CrossCouncilRow) -> CqcRow:
    return CqcRow(
        statement=row.quality_statement_name,
        pattern=row.pattern_name,
        councils=row.councils,
        raised=row.raised.councils,
        raised_low=row.raised.scored_low,
        not_raised=row.not_raised.councils,
        not_raised_low=row.not_raised.scored_low,
    )


def _cqc(store: GraphStore, scope: Scope) -> BriefCqc | None:
    """The cross-council CQC table for the brief's statements (its theme's) and patterns; counts only,
    so an anonymised brief names no council here. None when no CQC assessment is loaded."""
    if not cqc_reads.assessments(store):
        return None
    table = cqc_reads.cross_council(store)
    statements = [
        row
        for row in table.statements
        if scope.theme is None or QUALITY_STATEMENTS_BY_ID[row.quality_statement].theme == scope.theme
    ]
    patterns = [row for row in table.patterns if row.pattern in scope.patterns and row.councils]
    return BriefCqc(
        councils=table.councils,
        caveat=table.caveat,
        statements=[_cqc_row(row) for row in statements],
        patterns=[_cqc_row(row) for row in patterns],
    )
