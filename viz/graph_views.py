"""Interactive graph views (pyvis / vis-network), each one complete, self-contained HTML page.

pyvis builds the network (nodes, edges, options); the page is rendered from our own autoescaped
template with vis-network's JavaScript and CSS inlined from the files pyvis ships, so a view
opens offline and makes no network request (its Content-Security-Policy forbids any). Labels
and tooltips come from imported reports: each is `html.escape`d into the page's data and turned
back into plain text in the browser (`textContent`, never `innerHTML`), so no report text can
become markup. Every node carries a `group` (its type); the page lists the counts per type as
JSON (`#graph-counts`) and as a table, with every node listed as text for readers without
JavaScript or a pointer.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyvis
from markupsafe import Markup
from pyvis.network import Network

from graph.reads import patterns as pattern_reads
from graph.reads import reviews as reads
from graph.reads.models import ActionOut, ReviewDetail
from graph.reports.ids import person_id
from graph.store import GraphStore
from peergraph.core.csp import sha256_source
from peergraph.core.errors import BadRequestError
from viz.pages import (
    environment,
    polarity_label,
    reviewed_councils,
    status_label,
    theme_label,
)

VIS_LIB = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
VIEW_SCRIPT = Path(__file__).resolve().parent / "static" / "graph-view.js"


@lru_cache(maxsize=1)
def _scripts() -> tuple[str, str]:
    """vis-network as pyvis ships it (no CDN reference inside), and the page's own script."""
    script = (VIS_LIB / "vis-network.min.js").read_text(encoding="utf-8")
    if "</script" in script.lower():  # cannot be inlined safely
        raise RuntimeError("vis-network cannot be inlined")
    return script, VIEW_SCRIPT.read_text(encoding="utf-8")


# The view runs exactly its two inline scripts, allowed by hash, and fetches nothing. Styles stay
# 'unsafe-inline' (styles only): the page's own <style>, vis-network's and the colour swatches.
VIEW_CSP = (
    f"default-src 'none'; script-src {' '.join(sha256_source(code) for code in _scripts())}; "
    "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'self'"
)
VIEW_HEADER_CSP = VIEW_CSP + "; frame-ancestors 'self'"  # only a header can say who may frame it
TOP_PATTERNS = 12
"""Patterns the pattern map shows unless asked for more: enough to read, few enough to untangle."""

POLARITY_COLOURS = {"strength": "#00703c", "area_for_development": "#d4351c", "mixed": "#4c2c92"}
# Action statuses use hues no other node type uses, so each colour on a view means one thing.
STATUS_COLOURS = {
    "complete": "#85994b",
    "on_track": "#6f72af",
    "at_risk": "#d53880",
    "slipped": "#b58840",
    "not_achieved": "#6f0000",
    "not_started": "#ffffff",
    None: "#f3f2f1",
}
LIGHT_STATUSES = (None, "not_started", "complete", "slipped")
"""Statuses drawn light enough that their label is dark."""
WHITE, INK = {"color": "#ffffff"}, {"color": "#0b0c0c"}
WRAP = {"maximum": 200}
TYPE_STYLES: dict[str, dict[str, Any]] = {
    "council": {"shape": "box", "color": "#0b0c0c", "font": {**WHITE, "size": 22}},
    "review": {"shape": "box", "color": "#1d70b8", "font": WHITE},
    "finding": {"shape": "box", "font": WHITE, "widthConstraint": WRAP},
    "recommendation": {"shape": "box", "color": "#f47738", "font": INK, "widthConstraint": WRAP},
    "owner": {"shape": "ellipse", "color": "#912b88", "font": WHITE},
    "action": {"shape": "box", "font": WHITE, "widthConstraint": WRAP},
    "theme": {"shape": "ellipse", "color": "#28a197", "font": INK},
    "pattern": {"shape": "star", "color": "#ffdd00", "size": 24, "font": {"size": 20}},
    "person": {"shape": "dot", "color": "#505a5f", "size": 10},
}
TYPE_NAMES = {
    "council": "Councils",
    "review": "Reviews",
    "finding": "Findings",
    "recommendation": "Recommendations",
    "owner": "Owners",
    "action": "Action items",
    "theme": "CQC themes",
    "pattern": "Patterns",
    "person": "Peer team members",
}
REGION_COLOURS = (
    "#1d70b8",
    "#00703c",
    "#d4351c",
    "#4c2c92",
    "#f47738",
    "#28a197",
    "#912b88",
    "#85994b",
    "#6f72af",
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class GraphView:
    """A network ready to render: pyvis holds the nodes and edges; the rest describes the page."""

    title: str
    description: str
    layout: str = "force"  # "hierarchical" (left to right by level) or "force"
    legend: list[tuple[str, str, str]] = field(default_factory=list)
    """(key, meaning, colour); only colours some node is drawn in are shown."""
    lines: list[tuple[str, str]] = field(default_factory=list)
    """(style, meaning) of the kinds of line drawn: "solid" or "dashed"; only styles in use are shown."""
    back: tuple[str, str] = ("/ui/", "Home")
    """The page this view belongs to: its address and name, for the way back."""
    controls: dict[str, Any] | None = None
    """The pattern map's filters (top, region, regions), shown as a GET form."""
    network: Network = field(default_factory=lambda: Network(directed=True, cdn_resources="in_line"))
    _ids: set[str] = field(default_factory=set)

    def node(
        self, node_id: str, group: str, label: str, title: str, url: str | None = None, **style: Any
    ) -> str:
        """Add a node once (later calls with the same id are ignored); label and title are escaped.

        `url` is the page the node opens when clicked (a path on this site).
        """
        if node_id in self._ids:
            return node_id
        self._ids.add(node_id)
        options = {**TYPE_STYLES.get(group, {}), **style}
        if url:
            options["url"] = url
        self.network.add_node(node_id, label=_e(label), title=_e(title), group=group, **options)
        # pyvis drops `color` when a node has a group; the node's own style wins in vis-network.
        self.network.node_map[node_id].update(options)
        return node_id

    def edge(self, source: str, target: str, title: str = "", **style: Any) -> None:
        self.network.add_edge(source, target, title=_e(title), **style)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(str(n["group"]) for n in self.network.nodes))

    def render(self, embed: bool = False) -> str:
        return render_view(self, embed)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[Markup, Markup, Markup]:
    """vis-network's script and stylesheet, and the view's own script, ready to inline."""
    script, view_script = _scripts()
    style = (VIS_LIB / "vis-network.css").read_text(encoding="utf-8")
    if "</style" in style.lower():  # cannot be inlined safely
        raise RuntimeError("vis-network's stylesheet cannot be inlined")
    # Vendored library code and our own, not imported text: inlined as is so the page needs no network.
    return Markup(script), Markup(style), Markup(view_script)


def _options(layout: str) -> dict[str, Any]:
    common: dict[str, Any] = {
        "interaction": {"hover": True, "navigationButtons": False, "keyboard": True, "tooltipDelay": 150},
        "nodes": {"font": {"face": "system-ui, Arial, sans-serif", "size": 14}, "borderWidth": 1},
        "edges": {"color": {"color": "#505a5f"}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
    }
    if layout == "hierarchical":
        return {
            **common,
            "layout": {
                "hierarchical": {
                    "enabled": True,
                    "direction": "LR",
                    "sortMethod": "directed",
                    "levelSeparation": 280,
                    "nodeSpacing": 90,
                }
            },
            "physics": {"enabled": False},
        }
    return {
        **common,
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
    }


def graph_listing(view: GraphView) -> dict[str, list[tuple[str, str | None]]]:
    """Every node as text by type, with the page it opens: the graph for readers who cannot see it."""
    nodes, *_ = view.network.get_network_data()
    listing: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for node in nodes:
        listing[str(node["group"])].append(
            (html.unescape(str(node["title"] or node["label"])), node.get("url"))
        )
    return {group: sorted(items, key=lambda item: item[0]) for group, items in listing.items()}


def honest_legend(view: GraphView) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The legend's colours that some node is drawn in, and the line styles that some edge uses."""
    nodes, edges, *_ = view.network.get_network_data()
    used = {str(node.get("color", "")).lower() for node in nodes}
    colours = [(key, name, colour) for key, name, colour in view.legend if colour.lower() in used]
    styles = {"dashed" if edge.get("dashes") else "solid" for edge in edges}
    return colours, [(style, name) for style, name in view.lines if style in styles]


def render_view(view: GraphView, embed: bool = False) -> str:
    """The complete page: vis-network inlined, the network as JSON data, the graph as text.

    `embed` leaves out the site header and the text listing, for a page that frames the view
    and lists the same graph itself.
    """
    script, style, view_script = _vis_assets()
    nodes, edges, *_ = view.network.get_network_data()
    counts = view.counts
    legend, lines = honest_legend(view)
    return (
        environment()
        .get_template("graph_view.html")
        .render(
            title=view.title,
            description=view.description,
            csp=VIEW_CSP,
            vis_script=script,
            vis_style=style,
            view_script=view_script,
            data={"nodes": nodes, "edges": edges, "options": _options(view.layout)},
            counts=counts,
            total=sum(counts.values()),
            edge_count=len(edges),
            type_names=TYPE_NAMES,
            listing=graph_listing(view),
            legend=legend,
            lines=lines,
            back=view.back,
            controls=view.controls,
            embed=embed,
        )
    )


# --- the views ---------------------------------------------------------------------------------


def _action_title(action: ActionOut) -> str:
    lines = [
        f"Action {action.ref or ''}".strip() + f": {action.text or ''}",
        f"Status: {status_label(action.status)}",
        f"Due: {action.due_date or 'no date'}" + (f" ({action.due_text})" if action.due_text else ""),
    ]
    flags = [
        label for flag, label in ((action.overdue, "OVERDUE"), (action.slipped, "DUE DATE MOVED")) if flag
    ]
    if flags:
        lines.append(" · ".join(flags))
    if action.owners:
        lines.append("Owners: " + ", ".join(action.owners))
    return "\n".join(lines)


def trace_graph(store: GraphStore, recommendation_id: str) -> GraphView:
    """Review → findings → recommendation → owners → action items, actions coloured by status."""
    trace = reads.trace(store, recommendation_id)
    rec = trace.recommendation
    view = GraphView(
        title=f"Trace of a recommendation to {trace.review.council}",
        description=_short(rec.text, 160),
        layout="hierarchical",
        back=(f"/ui/recommendations/{quote(rec.id)}", "The recommendation's trace"),
        lines=[
            ("solid", "found in, addressed by, assigned to, owns"),
            ("dashed", "implemented by an action"),
        ],
        legend=[
            ("review", "Review", TYPE_STYLES["review"]["color"]),
            *((f"finding-{k}", f"Finding: {polarity_label(k)}", c) for k, c in POLARITY_COLOURS.items()),
            ("recommendation", "Recommendation", TYPE_STYLES["recommendation"]["color"]),
            ("owner", "Owner", TYPE_STYLES["owner"]["color"]),
            *(
                (f"action-{k}", f"Action: {status_label(k)}", c)
                for k, c in STATUS_COLOURS.items()
                if k is not None
            ),
        ],
    )
    review = view.node(
        f"review:{trace.review.id}",
        "review",
        f"Review: {trace.review.council} {trace.review.report_date or ''}".strip(),
        f"{trace.review.title or 'Review'}\n{trace.review.council}, {trace.review.report_date or 'undated'}",
        url=f"/ui/reviews/{quote(trace.review.id)}",
        level=0,
    )
    rec_node = view.node(
        f"recommendation:{rec.id}",
        "recommendation",
        "Recommendation: " + _short(rec.text, 90),
        f"Recommendation ({rec.source})\n{rec.text}",
        url=f"/ui/recommendations/{quote(rec.id)}",
        level=2,
    )
    for finding in trace.findings:
        node = view.node(
            f"finding:{finding.id}",
            "finding",
            f"{polarity_label(finding.polarity)}: " + _short(finding.text, 90),
            f"Finding: {polarity_label(finding.polarity)} ({theme_label(finding.theme)})\n{finding.text}",
            color=POLARITY_COLOURS.get(finding.polarity, "#505a5f"),
            url=f"/ui/reviews/{quote(trace.review.id)}#item-{quote(finding.id)}",
            level=1,
        )
        view.edge(review, node, "found")
        view.edge(node, rec_node, "addressed by")
    if not trace.findings:
        view.edge(review, rec_node, "recommends")
    owner_nodes: dict[str, str] = {}
    for owner in trace.owners:
        owner_nodes[owner.name] = view.node(
            f"owner:{owner.id}",
            "owner",
            owner.name,
            f"Owner: {owner.name} ({owner.kind})\n{owner.recommendations} recommendations "
            f"in {owner.councils} councils",
            url=f"/ui/owners/{quote(owner.id)}",
            level=3,
        )
        view.edge(rec_node, owner_nodes[owner.name], "assigned to")
    for action in trace.actions:
        for name in action.owners:
            if name not in owner_nodes:
                owner_nodes[name] = view.node(
                    f"owner:name:{name}", "owner", name, f"Owner (from the action plan): {name}", level=3
                )
                view.edge(rec_node, owner_nodes[name], "owner in the plan")
        flags = "".join(
            mark for flag, mark in ((action.overdue, " · overdue"), (action.slipped, " · date moved")) if flag
        )
        node = view.node(
            f"action:{action.id}",
            "action",
            f"{action.ref or 'Action'}: {status_label(action.status)}{flags}",
            _action_title(action),
            color=STATUS_COLOURS.get(action.status, STATUS_COLOURS[None]),
            font=INK if action.status in LIGHT_STATUSES else WHITE,
            url=f"/ui/actions?council={quote(action.council_id)}#action-{quote(action.id)}",
            borderWidth=4 if action.overdue or action.slipped else 1,
            level=4,
        )
        view.edge(rec_node, node, "implemented by", dashes=True)
        for name in action.owners:
            view.edge(owner_nodes[name], node, "owns")
    return view


def trace_view(store: GraphStore, recommendation_id: str, embed: bool = False) -> str:
    return trace_graph(store, recommendation_id).render(embed)


PATTERNS_PER_THEME = 4
"""Patterns drawn under each theme of a council's view: its findings' most frequent ones."""


def top_patterns(counted: Counter[str], names: dict[str, str]) -> list[tuple[str, int]]:
    """The patterns most often shown, most first (ties by name), at most PATTERNS_PER_THEME."""
    ranked = sorted(counted.items(), key=lambda kv: (-kv[1], names.get(kv[0]) or kv[0]))
    return ranked[:PATTERNS_PER_THEME]


def council_graph(store: GraphStore, council_id: str) -> GraphView:
    """A council's reviews, then the CQC themes of their findings, then under each theme the
    patterns its findings show and the owners of its recommendations, left to right."""
    detail = reads.council(store, council_id)
    council = detail.council
    names = pattern_reads.pattern_names(store)
    view = GraphView(
        title=f"{council.name}: its reviews by CQC theme",
        description="Left to right: the council, its reviews, the CQC themes their findings fall under, "
        f"and under each theme the {PATTERNS_PER_THEME} patterns its findings show most and the owners of "
        "its recommendations. Wider lines carry more items; select a node to open its page.",
        layout="hierarchical",
        back=(f"/ui/councils/{quote(council.id)}", council.name),
        lines=[("solid", "reviewed; findings under a theme; patterns and owners under it")],
        legend=[
            (group, TYPE_NAMES[group], TYPE_STYLES[group]["color"])
            for group in ("council", "review", "theme", "pattern", "owner")
        ],
    )
    root = view.node(
        f"council:{council.id}",
        "council",
        council.short_name or council.name,
        f"{council.name}\n{council.region}, {council.type.replace('_', ' ')}",
        url=f"/ui/councils/{quote(council.id)}",
        level=0,
    )
    owner_ids = {o.name: o.id for o in reads.owners(store)}
    for summary in detail.reviews:
        review: ReviewDetail = reads.review(store, summary.id)
        review_url = f"/ui/reviews/{quote(review.id)}"
        node = view.node(
            f"review:{review.id}",
            "review",
            f"Review {review.report_date or ''}".strip(),
            f"{review.title or 'Review'}\n{len(review.findings)} findings, "
            f"{len(review.recommendations)} recommendations",
            url=review_url,
            level=1,
        )
        view.edge(root, node, "reviewed")
        by_theme: dict[int | None, Counter[str]] = defaultdict(Counter)
        patterns_by_theme: dict[int | None, Counter[str]] = defaultdict(Counter)
        for finding in review.findings:
            by_theme[finding.theme][finding.polarity] += 1
            for pattern_id in finding.patterns:
                patterns_by_theme[finding.theme][pattern_id] += 1
        theme_nodes: dict[int, str] = {}
        for theme, polarities in sorted(by_theme.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
            if theme is None:
                continue
            theme_nodes[theme] = view.node(
                f"theme:{theme}",
                "theme",
                theme_label(theme),
                f"CQC theme {theme_label(theme)}",
                url=f"{review_url}?theme={theme}",
                level=2,
            )
            total = sum(polarities.values())
            view.edge(
                node,
                theme_nodes[theme],
                f"{total} findings: "
                + ", ".join(f"{n} {polarity_label(p).lower()}" for p, n in sorted(polarities.items())),
                value=total,
            )
        for theme, counted in patterns_by_theme.items():
            if theme not in theme_nodes:
                continue
            parent = theme_nodes[theme]
            for pattern_id, count in top_patterns(counted, names):
                name = names.get(pattern_id) or pattern_id
                pattern_node = view.node(
                    f"pattern:{pattern_id}",
                    "pattern",
                    name,
                    f"Pattern: {name}",
                    url=f"/ui/patterns/{quote(pattern_id)}?council={quote(council.id)}#quotes",
                    level=3,
                )
                view.edge(parent, pattern_node, f"{count} findings show {name}", value=count)
        owners: dict[tuple[str, int | None], int] = Counter(
            (name, rec.theme) for rec in review.recommendations for name in rec.owners
        )
        for (name, theme), count in sorted(owners.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
            parent = theme_nodes.get(theme, node) if theme is not None else node
            owner_id = owner_ids.get(name)
            owner_node = view.node(
                f"owner:name:{name}",
                "owner",
                name,
                f"Owner: {name}",
                url=f"/ui/owners/{quote(owner_id)}" if owner_id else None,
                level=4,
            )
            view.edge(parent, owner_node, f"{count} recommendations assigned", value=count)
    return view


def council_view(store: GraphStore, council_id: str) -> str:
    return council_graph(store, council_id).render()


def _region_colours(regions: Iterable[str]) -> dict[str, str]:
    return {region: REGION_COLOURS[i % len(REGION_COLOURS)] for i, region in enumerate(sorted(set(regions)))}


def _pattern_instances(store: GraphStore) -> list[tuple[str, str, str, int]]:
    """(pattern id, pattern name, council id, instances) for every pattern seen in a council."""
    matrix = pattern_reads.pattern_matrix(store, by="council")
    return [
        (pattern_id, name, column, int(value))
        for pattern_id, name, row in zip(matrix.rows, matrix.row_names, matrix.cells, strict=True)
        for column, value in zip(matrix.columns, row, strict=True)
        if value
    ]


def pattern_map_graph(
    store: GraphStore, top: int | None = TOP_PATTERNS, region: str | None = None
) -> GraphView:
    """The `top` patterns seen in most councils (of one region, if given), linked to those
    councils; councils coloured by region, patterns sized by how many councils show them."""
    councils = {c.id: c for c in reviewed_councils(store)}
    regions = sorted({c.region for c in councils.values()})
    if region is not None and region not in regions:
        raise BadRequestError(f"region: no reviewed council in {region!r}")
    if top is not None and not 1 <= top <= 200:
        raise BadRequestError("top: must be between 1 and 200")
    colours = _region_colours(c.region for c in councils.values())
    links = [
        (pattern_id, name, council_key, instances)
        for pattern_id, name, council_key, instances in _pattern_instances(store)
        if council_key in councils and (region is None or councils[council_key].region == region)
    ]
    reach: Counter[str] = Counter(pattern_id for pattern_id, *_ in links)
    ranked = sorted(reach, key=lambda pattern_id: (-reach[pattern_id], pattern_id))
    kept = set(ranked[:top] if top else ranked)
    where = f" in {region}" if region else ""
    view = GraphView(
        title=f"Pattern map: recurring patterns across councils{where}",
        description=f"The {len(kept)} patterns seen in most councils{where} (of {len(ranked)}), each linked "
        "to the councils whose reports show it; bigger stars reach more councils, wider lines mean more "
        "instances. Councils are coloured by region. Select a node to open its page.",
        back=("/ui/patterns", "Patterns"),
        lines=[("solid", "a council's reports show the pattern")],
        controls={
            "top": top or 0,
            "region": region or "",
            "regions": regions,
            "shown": len(kept),
            "of": len(ranked),
        },
        legend=[("pattern", "Pattern", TYPE_STYLES["pattern"]["color"])]
        + [(f"region-{i}", f"Council in {name}", colour) for i, (name, colour) in enumerate(colours.items())],
    )
    for pattern_id, name, council_key, instances in links:
        if pattern_id not in kept:
            continue
        council = councils[council_key]
        pattern_node = view.node(
            f"pattern:{pattern_id}",
            "pattern",
            name,
            f"Pattern: {name}\nshown by {reach[pattern_id]} councils{where}",
            url=f"/ui/patterns/{quote(pattern_id)}" + (f"?region={quote(region)}#quotes" if region else ""),
            value=reach[pattern_id],
        )
        council_node = view.node(
            f"council:{council.id}",
            "council",
            council.short_name or council.name,
            f"{council.name}\n{council.region}",
            url=f"/ui/councils/{quote(council.id)}",
            color=colours[council.region],
            region=council.region,
        )
        view.edge(pattern_node, council_node, f"{instances} instances in {council.name}", value=instances)
    return view


def pattern_map_view(store: GraphStore, top: int | None = TOP_PATTERNS, region: str | None = None) -> str:
    return pattern_map_graph(store, top, region).render()


def peer_network_graph(store: GraphStore) -> GraphView:
    """Peer team members linking the councils they reviewed and the councils they come from."""
    view = GraphView(
        title="Peer network: who reviewed whom",
        description="Peer team members (grey dots) link the councils they reviewed and, where they work "
        "for a council, that council. Select a council to open its page.",
        back=("/ui/councils", "Councils"),
        lines=[("solid", "reviewed the council"), ("dashed", "works for the council")],
        legend=[
            ("council-reviewed", "Council reviewed", TYPE_STYLES["review"]["color"]),
            ("council-home", "Council peers come from", "#b1b4b6"),
            ("person", "Peer team member", TYPE_STYLES["person"]["color"]),
        ],
    )
    links = reads.peer_links(store)
    for link in links:
        view.node(
            f"council:{link.council_id}",
            "council",
            link.council_short_name,
            f"{link.council}\nreviewed {link.report_date or ''}".strip(),
            url=f"/ui/councils/{quote(link.council_id)}",
            color=TYPE_STYLES["review"]["color"],
        )
    for link in links:
        person = view.node(
            person_id(link.name),
            "person",
            link.name,
            "\n".join(
                part for part in (link.name, link.team_role, link.job_title, link.organisation) if part
            ),
        )
        view.edge(
            person,
            f"council:{link.council_id}",
            f"{link.name} reviewed {link.council} ({link.team_role or 'peer'})",
        )
        if link.home_council_id is None:
            continue
        home_node = view.node(
            f"council:{link.home_council_id}",
            "council",
            link.home_council_short_name or link.home_council_id,
            f"{link.organisation}",
            url=f"/ui/councils/{quote(link.home_council_id)}",
            color="#b1b4b6",
            font={**INK, "size": 22},
        )
        view.edge(person, home_node, f"{link.name} works for {link.organisation}", dashes=True)
    return view


def peer_network_view(store: GraphStore) -> str:
    return peer_network_graph(store).render()
