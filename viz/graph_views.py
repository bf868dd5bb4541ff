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

import pyvis
from markupsafe import Markup
from pyvis.network import Network

from graph.reads import patterns as pattern_reads
from graph.reads import reviews as reads
from graph.reads.models import ActionOut, ReviewDetail
from graph.reports.ids import person_id
from graph.store import GraphStore
from peergraph.core.csp import sha256_source
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
    "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)
VIEW_HEADER_CSP = VIEW_CSP + "; frame-ancestors 'self'"  # only a header can say who may frame it

POLARITY_COLOURS = {"strength": "#00703c", "area_for_development": "#d4351c", "mixed": "#4c2c92"}
STATUS_COLOURS = {
    "complete": "#1d70b8",
    "on_track": "#00703c",
    "at_risk": "#f47738",
    "slipped": "#d4351c",
    "not_achieved": "#6f0000",
    "not_started": "#b1b4b6",
    None: "#ffffff",
}
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
    network: Network = field(default_factory=lambda: Network(directed=True, cdn_resources="in_line"))
    _ids: set[str] = field(default_factory=set)

    def node(self, node_id: str, group: str, label: str, title: str, **style: Any) -> str:
        """Add a node once (later calls with the same id are ignored); label and title are escaped."""
        if node_id in self._ids:
            return node_id
        self._ids.add(node_id)
        options = {**TYPE_STYLES.get(group, {}), **style}
        self.network.add_node(node_id, label=_e(label), title=_e(title), group=group, **options)
        # pyvis drops `color` when a node has a group; the node's own style wins in vis-network.
        self.network.node_map[node_id].update(options)
        return node_id

    def edge(self, source: str, target: str, title: str = "", **style: Any) -> None:
        self.network.add_edge(source, target, title=_e(title), **style)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(str(n["group"]) for n in self.network.nodes))

    def render(self) -> str:
        return render_view(self)


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


def render_view(view: GraphView) -> str:
    """The complete page: vis-network inlined, the network as JSON data, the graph as text."""
    script, style, view_script = _vis_assets()
    nodes, edges, *_ = view.network.get_network_data()
    counts = view.counts
    listing: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        listing[str(node["group"])].append(html.unescape(str(node["title"] or node["label"])))
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
            listing={group: sorted(items) for group, items in listing.items()},
            legend=view.legend,
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
        level=0,
    )
    rec_node = view.node(
        f"recommendation:{rec.id}",
        "recommendation",
        "Recommendation: " + _short(rec.text, 90),
        f"Recommendation ({rec.source})\n{rec.text}",
        level=2,
    )
    for finding in trace.findings:
        node = view.node(
            f"finding:{finding.id}",
            "finding",
            f"{polarity_label(finding.polarity)}: " + _short(finding.text, 90),
            f"Finding: {polarity_label(finding.polarity)} ({theme_label(finding.theme)})\n{finding.text}",
            color=POLARITY_COLOURS.get(finding.polarity, "#505a5f"),
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
            color=STATUS_COLOURS.get(action.status, "#ffffff"),
            font=INK if action.status in (None, "not_started", "at_risk") else WHITE,
            borderWidth=4 if action.overdue or action.slipped else 1,
            level=4,
        )
        view.edge(rec_node, node, "implemented by", dashes=True)
        for name in action.owners:
            view.edge(owner_nodes[name], node, "owns")
    return view


def trace_view(store: GraphStore, recommendation_id: str) -> str:
    return trace_graph(store, recommendation_id).render()


def _council_patterns(store: GraphStore, council_id: str) -> list[tuple[str, str, int]]:
    """(pattern id, name, instances) for the patterns a council's reviews show."""
    return [
        (pattern_id, name, instances)
        for pattern_id, name, council, instances in _pattern_instances(store)
        if council == council_id
    ]


def council_graph(store: GraphStore, council_id: str) -> GraphView:
    """A council, its reviews, the CQC themes of their findings, their owners and patterns."""
    detail = reads.council(store, council_id)
    council = detail.council
    view = GraphView(
        title=f"{council.name}: its neighbourhood in the graph",
        description="Reviews, the CQC themes their findings fall under, the owners of their "
        "recommendations, and the recurring patterns they show. Wider lines carry more items.",
        legend=[
            (group, TYPE_NAMES[group], TYPE_STYLES[group]["color"])
            for group in ("council", "review", "theme", "owner", "pattern")
        ],
    )
    root = view.node(
        f"council:{council.id}",
        "council",
        council.short_name or council.name,
        f"{council.name}\n{council.region}, {council.type.replace('_', ' ')}",
        size=30,
    )
    for summary in detail.reviews:
        review: ReviewDetail = reads.review(store, summary.id)
        node = view.node(
            f"review:{review.id}",
            "review",
            f"Review {review.report_date or ''}".strip(),
            f"{review.title or 'Review'}\n{len(review.findings)} findings, "
            f"{len(review.recommendations)} recommendations",
        )
        view.edge(root, node, "reviewed")
        by_theme: dict[int | None, Counter[str]] = defaultdict(Counter)
        for finding in review.findings:
            by_theme[finding.theme][finding.polarity] += 1
        for theme, polarities in sorted(by_theme.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
            if theme is None:
                continue
            theme_node = view.node(
                f"theme:{theme}", "theme", theme_label(theme), f"CQC theme {theme_label(theme)}"
            )
            total = sum(polarities.values())
            view.edge(
                node,
                theme_node,
                f"{total} findings: "
                + ", ".join(f"{n} {polarity_label(p).lower()}" for p, n in sorted(polarities.items())),
                value=total,
            )
        owners: Counter[str] = Counter(name for rec in review.recommendations for name in rec.owners)
        for name, count in sorted(owners.items()):
            owner_node = view.node(f"owner:name:{name}", "owner", name, f"Owner: {name}")
            view.edge(node, owner_node, f"{count} recommendations assigned", value=count)
    for pattern_id, name, instances in _council_patterns(store, council.id):
        pattern_node = view.node(f"pattern:{pattern_id}", "pattern", name, f"Pattern: {name}")
        view.edge(root, pattern_node, f"{instances} instances", value=instances)
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


def pattern_map_graph(store: GraphStore) -> GraphView:
    """Patterns linked to the councils whose reviews show them; councils coloured by region."""
    councils = {c.id: c for c in reviewed_councils(store)}
    colours = _region_colours(c.region for c in councils.values())
    view = GraphView(
        title="Pattern map: recurring patterns across councils",
        description="Each pattern links to the councils whose reports show it; wider lines mean more "
        "instances. Councils are coloured by region.",
        legend=[("pattern", "Pattern", TYPE_STYLES["pattern"]["color"])]
        + [
            (f"region-{i}", f"Council in {region}", colour)
            for i, (region, colour) in enumerate(colours.items())
        ],
    )
    for pattern_id, name, council_key, instances in _pattern_instances(store):
        council = councils.get(council_key)
        if council is None:
            continue
        pattern_node = view.node(f"pattern:{pattern_id}", "pattern", name, f"Pattern: {name}")
        council_node = view.node(
            f"council:{council.id}",
            "council",
            council.short_name or council.name,
            f"{council.name}\n{council.region}",
            color=colours[council.region],
            region=council.region,
        )
        view.edge(pattern_node, council_node, f"{instances} instances in {council.name}", value=instances)
    return view


def pattern_map_view(store: GraphStore) -> str:
    return pattern_map_graph(store).render()


def peer_network_graph(store: GraphStore) -> GraphView:
    """Peer team members linking the councils they reviewed and the councils they come from."""
    view = GraphView(
        title="Peer network: who reviewed whom",
        description="Peer team members (grey) link the councils they reviewed (solid lines) and the "
        "councils they work for (dashed lines).",
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
            color="#b1b4b6",
            font={**INK, "size": 22},
        )
        view.edge(person, home_node, f"{link.name} works for {link.organisation}", dashes=True)
    return view


def peer_network_view(store: GraphStore) -> str:
    return peer_network_graph(store).render()
