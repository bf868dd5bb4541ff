"""Propose new candidate patterns: themes that recur across councils but no library pattern covers.

Every sentence of the items given (areas for development and mixed findings) is embedded and
linked to its mutual nearest neighbours in other items; the communities that seeded Louvain runs
agree on are the candidate themes. A community is kept when it spans enough councils, is one
theme (cohesive), and is not already what a library pattern describes; it is named from its
distinctive words and quoted from the sentences nearest its centre, one council at a time.
Pure: no store, no network; the same input gives the same candidates.

The constants were chosen on the five seeds and six examples (413 items, 1,164 sentences), by
how many of nine planted topics (four items each from four invented councils, every other one
buried in a longer passage) came back as a candidate spanning all four councils.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graph.patterns.embeddings import DIMENSION, Embedder, get_embedder
from graph.patterns.library import Pattern, _entry
from importers.sentences import split_sentences

# Measured on the seeds and examples with nine planted topics, one at a time (see the module
# docstring): "recovered" = a candidate holds 3+ of the 4 planted items and all 4 councils.
# Sentences, not whole items: in an early sweep 5 of 5 planted topics came back at sentence level
# against 3 of 5 at item level, where an item's other sentences dilute the planted one's vector.
MIN_WORDS = 6  # shorter sentences ("This is a risk.") carry no topic of their own; 4 and 8 alike
NEIGHBOURS = 8  # k of the mutual k-NN graph: 5 recovered 5 of 9 topics, 8 six, 10 five
MIN_SIMILARITY = 0.40  # no edge below this cosine; 0.35 and 0.45 recovered the same
# Louvain resolution grows with the graph's total edge weight m (gamma = m x RESOLUTION_PER_WEIGHT,
# at least 1): merging two groups pays when their link exceeds gamma / 2m times their degrees, so a
# theme splits off by how tight it is, not by how big the corpus is, and a ten-sentence corpus is
# not shattered. On the 1,152-sentence graph (m = 1,526, gamma 30): 0.005 recovered 4 of 9, 0.01
# four, 0.02 six, 0.04 five; fixed gammas of 1-4 gave communities the size of a whole pattern.
RESOLUTION_PER_WEIGHT = 0.02
# Consensus of seeded runs (Lancichinetti and Fortunato, 2012). At the final settings single runs
# recovered 5-6 of 9 by seed, as consensus did; consensus leaves fewer fragments (120 communities
# of 3+ councils against 140) for ~0.6 s more.
SEED = 7
CONSENSUS_RUNS = 10
CONSENSUS_SHARE = 0.5
MIN_COHESION = 0.35  # mean pairwise cosine below which a community is a mixture, not one theme
# Coverage by a library pattern: centroid cosine to the pattern's phrasing centroid, plus
# KEYWORD_WEIGHT times the share of the community's sentences with one of its keywords. Against
# the gold labels of the seeds (a pattern labels half the community's items or more), over 834
# communities from nine graph settings, cosine alone had AUC 0.73; with keywords 0.87, and 0.87
# was the cut with the best accuracy (0.81) and F1 (0.85).
KEYWORD_WEIGHT = 0.5
COVERED_SCORE = 0.87
# A covered community is still proposed when this much more cohesive than the pattern's own
# phrasings (a sharper sub-theme). Phrasings are varied on purpose (cohesion 0.23-0.49), so 0.25
# let plain restatements of financial_pressure and waiting_lists through; 0.40 did not.
TIGHTER_MARGIN = 0.40
MAX_QUOTES = 8
MAX_TERMS = 5
MAX_NAME_WORDS = 6
MAX_PHRASE = 3  # words in a term
PHRASE_BONUS = 0.5  # a phrase names a theme better than a word: score x (1 + bonus per extra word)
MIN_TERM_SHARE = 0.25  # of the community's sentences a term must occur in
EXPAND_SHARE = 0.6
NAME_MEANING = 1.0  # exponent on a term's cosine to the centre when ranking terms
BLOCK = 1024  # rows of the similarity matrix computed at once, so memory stays O(n x BLOCK)

# How reports frame a point ("The peer team felt that ..."): stripped before embedding so that
# sentences group by what they say, not by how they are introduced. Quotes stay verbatim.
_FRAMING = re.compile(
    r"^(?:(?:however|in addition|additionally|also|furthermore|further|similarly|overall|in general|"
    r"therefore|equally|more generally|at the same time)\s*,?\s+"
    r"|(?:the\s+)?(?:peer\s+|challenge\s+)*(?:challenge|team|peers)\s+(?:also\s+)?(?:heard|felt|thought|"
    r"noted|found|saw|believes?|considered|suggests?|would\s+suggest|recommends?|would\s+recommend|"
    r"(?:was|were)\s+(?:concerned|told|not\s+assured)|did\s+not\s+(?:see|find|hear)(?:\s+evidence)?)"
    r"(?:\s+(?:that|of|about|from))?\s*,?\s*"
    r"|it\s+(?:was|is)\s+(?:noted|felt|clear|evident)\s+(?:that\s+)?"
    r"|consideration\s+should\s+be\s+given\s+to\s+"
    r"|there\s+(?:is|are|may\s+be)\s+(?:an?\s+)?(?:opportunit(?:y|ies)|need)\s+(?:to\s+)?)",
    re.IGNORECASE,
)
_JOINERS = frozenset({"of"})  # may sit inside a phrase: "deprivation of liberty"
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STOPWORD_TEXT = """
    a about above across after again against all also although am an and any are as at be because
    been before being below between both but by can could did do does doing done down during each
    either else enough even ever every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less like made
    make makes making many may might more most much must my need needed needs neither no nor not now
    of off often on once one only or other others otherwise our ours out over own per rather really
    same several shall she should since so some still such than that the their theirs them then
    there therefore these they this those though through thus to too under until up upon us very
    was we well were what when where whether which while who whom whose why will with within
    without would yet you your yours already always around currently instead particularly
    including include includes whilst whereas along able two three four five six seven eight
    nine ten first last next get gets getting got help helps say says said use used using want
    wants seem seems appear appears mean means take takes ensure continue continues provide
    provides providing support supporting supported develop developed developing understand
    understanding given give involve involved address addressing build prove improve improving
    improved significant significantly easy easier difficult different important current wider
    better great real present approach everyone aspects various overall whole perhaps describe
    describes describing reads says show shows states
    council councils peer peers team teams challenge review reviewed adult adults social care
    people person heard told noted felt feel found saw see seen described suggest suggests
    suggested recommend recommends consider considered consideration opportunity opportunities
    work working worked area areas way ways time times good strong clear positive number range
    level levels place part example examples evidence evident key new
    """
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class DiscoveryItem:
    """A finding (or recommendation) to mine for themes, with the council it comes from."""

    key: str
    text: str
    council_id: str
    council: str
    region: str
    polarity: str


@dataclass(frozen=True)
class CandidateQuote:
    """A verbatim sentence of item `key`, from council (name) `council`, near the candidate's centre."""

    key: str
    council: str
    text: str


@dataclass
class Candidate:
    """A proposed pattern: what it seems to be about, where it recurs, and the evidence.

    `nearest_similarity` is the centroid cosine to `nearest_pattern`; `keyword_share` the share
    of its sentences with one of that pattern's keywords; `terms` its distinctive words.
    """

    id: str
    name: str
    description: str
    item_keys: list[str]
    councils: list[str]
    regions: list[str]
    quotes: list[CandidateQuote]
    cohesion: float
    nearest_pattern: str | None
    nearest_similarity: float
    keyword_share: float = 0.0
    terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Units:
    """The sentences clustered: their text, the item each belongs to, and their vectors."""

    texts: list[str]
    owner: np.ndarray
    vectors: np.ndarray


@dataclass(frozen=True)
class _Library:
    """Each pattern's phrasing centroid (unit length), phrasing cohesion and keywords."""

    patterns: list[Pattern]
    centroids: np.ndarray
    cohesion: np.ndarray


@dataclass(frozen=True)
class _Coverage:
    """How well the nearest library pattern already describes a community."""

    pattern: str | None
    cosine: float
    keyword_share: float
    pattern_cohesion: float

    @property
    def score(self) -> float:
        """Meaning plus keywords: at COVERED_SCORE or above, the pattern already says this."""
        return self.cosine + KEYWORD_WEIGHT * self.keyword_share


def discover_candidates(
    items: Sequence[DiscoveryItem],
    patterns: Sequence[Pattern],
    *,
    embedder: Embedder | None = None,
    min_councils: int = 3,
    max_candidates: int = 12,
) -> list[Candidate]:
    """New themes found in at least `min_councils` councils, ranked by councils x cohesion."""
    model = embedder or get_embedder()
    listed = sorted(items, key=lambda item: (item.key, item.council_id))  # so input order never matters
    units = _units(listed, model)
    if len(units.texts) < 2:
        return []
    library = _library(patterns, model)
    frequency = _document_frequency(units.texts)
    candidates = []
    for members in _communities(_neighbour_graph(units.vectors, units.owner)):
        councils = {listed[owner].council_id for owner in units.owner[members].tolist()}
        cohesion = _cohesion(units, members)
        if len(councils) < min_councils or cohesion < MIN_COHESION:
            continue
        coverage = _coverage(members, units, library)
        if _is_new(cohesion, coverage):
            candidates.append(_candidate(members, units, listed, coverage, frequency, model))
    ranked = sorted(candidates, key=lambda c: (-len(c.councils) * c.cohesion, c.id))
    return _unique_ids(ranked[:max_candidates])


def accept_candidate(candidate: Candidate, *, pattern_id: str | None = None) -> dict[str, Any]:
    """The mapping a user pattern file takes for `candidate`, checked by the library's own validation.

    Raises InputFileError, as loading the file would, when the mapping is not a valid pattern.
    """
    phrasings = [text for text in dict.fromkeys(quote.text for quote in candidate.quotes) if len(text) < 1000]
    mapping: dict[str, Any] = {
        "id": pattern_id or _snake_id(candidate.id),
        "name": candidate.name,
        "description": candidate.description,
        "phrasings": phrasings,
        "keywords": [_keyword_regex(term) for term in candidate.terms],
    }
    _entry(mapping, 1, Path(f"{mapping['id']}.yaml"), builtin=False)
    return mapping


# --- sentences and the neighbour graph ------------------------------------------------------


def _units(items: list[DiscoveryItem], embedder: Embedder) -> _Units:
    """Sentences of at least MIN_WORDS words, verbatim from their items, embedded."""
    texts: list[str] = []
    owner: list[int] = []
    for index, item in enumerate(items):
        for start, end in split_sentences(item.text):
            sentence = item.text[start:end]
            if len(sentence.split()) >= MIN_WORDS:
                texts.append(sentence)
                owner.append(index)
    vectors = (
        embedder.encode([_topic(text) for text in texts]) if texts else np.zeros((0, 0), dtype=np.float32)
    )
    return _Units(texts=texts, owner=np.array(owner, dtype=np.int64), vectors=vectors)


def _topic(sentence: str) -> str:
    """The sentence without its framing ("The peer team felt that"), as the model should see it."""
    for _ in range(3):
        stripped = _FRAMING.sub("", sentence, count=1)
        if stripped == sentence or len(stripped.split()) < 3:
            break
        sentence = stripped
    return sentence


def _library(patterns: Sequence[Pattern], embedder: Embedder) -> _Library:
    """Centroid and cohesion of each pattern's phrasings."""
    vectors = [embedder.encode(list(pattern.phrasings)) for pattern in patterns]
    return _Library(
        patterns=list(patterns),
        centroids=np.array([_unit(block.mean(axis=0)) for block in vectors]).reshape(len(vectors), DIMENSION),
        cohesion=np.array([_mean_pairwise(block) for block in vectors]),
    )


def _nearest_neighbours(vectors: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's NEIGHBOURS most similar sentences from other items, and their cosines."""
    k = min(NEIGHBOURS, len(vectors) - 1)
    indexes = np.zeros((len(vectors), k), dtype=np.int64)
    cosines = np.zeros((len(vectors), k), dtype=np.float32)
    for start in range(0, len(vectors), BLOCK):
        rows = np.arange(start, min(start + BLOCK, len(vectors)))
        similarity = vectors[rows] @ vectors.T
        similarity[owner[rows][:, None] == owner[None, :]] = -np.inf
        order = _top_k(similarity, k)
        indexes[rows] = order
        cosines[rows] = np.take_along_axis(similarity, order, axis=1)
    return indexes, cosines


def _top_k(similarity: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the k largest values, largest first, ties by lower column.

    The same as a stable argsort of each whole row cut to k, but a row of n columns costs O(n)
    rather than O(n log n): at 500 reports (80,600 sentences) the full sorts took minutes.
    """
    if k == 0:
        return np.zeros((len(similarity), 0), dtype=np.int64)
    kth = -np.partition(-similarity, k - 1, axis=1)[:, k - 1]
    # Every column at or above the k-th value, in column order, so a stable sort breaks ties by column.
    rows, columns = np.nonzero(similarity >= kth[:, None])
    bounds = np.searchsorted(rows, np.arange(len(similarity) + 1))
    order = np.empty((len(similarity), k), dtype=np.int64)
    for row in range(len(similarity)):
        kept = columns[bounds[row] : bounds[row + 1]]
        order[row] = kept[np.argsort(-similarity[row, kept], kind="stable")[:k]]
    return order


def _neighbour_graph(vectors: np.ndarray, owner: np.ndarray) -> nx.Graph:
    """Mutual k-nearest-neighbour graph weighted by cosine, plus each sentence's nearest neighbour.

    Mutual pairs keep hub sentences from chaining topics together (plain k-NN recovered 3 of 9
    planted topics in an earlier sweep, mutual six); the nearest-neighbour edge keeps a sentence from being left alone.
    """
    indexes, cosines = _nearest_neighbours(vectors, owner)
    neighbours = [set(row.tolist()) for row in indexes]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(vectors)))
    for node, (row, values) in enumerate(zip(indexes, cosines, strict=True)):
        for rank, (other, cosine) in enumerate(zip(row.tolist(), values.tolist(), strict=True)):
            if cosine >= MIN_SIMILARITY and (rank == 0 or node in neighbours[other]):
                graph.add_edge(min(node, other), max(node, other), weight=round(cosine, 4))
    return graph


def _communities(graph: nx.Graph) -> list[np.ndarray]:
    """Consensus of seeded Louvain runs: sentences linked and kept together in most runs.

    Edges whose ends share a community in at least CONSENSUS_SHARE of the runs are kept, and
    their connected components are the communities (Lancichinetti and Fortunato, 2012).
    """
    together = dict.fromkeys(graph.edges, 0)
    resolution = max(1.0, RESOLUTION_PER_WEIGHT * graph.size(weight="weight"))
    for run in range(CONSENSUS_RUNS):
        partition = nx.community.louvain_communities(
            graph, weight="weight", resolution=resolution, seed=SEED + run
        )
        for community in partition:
            for a, b in graph.subgraph(community).edges:
                together[(a, b) if (a, b) in together else (b, a)] += 1
    consensus = nx.Graph()
    consensus.add_nodes_from(graph.nodes)
    consensus.add_edges_from(
        edge for edge, count in together.items() if count >= CONSENSUS_SHARE * CONSENSUS_RUNS
    )
    components = [np.array(sorted(component)) for component in nx.connected_components(consensus)]
    return sorted((c for c in components if len(c) > 1), key=lambda component: int(component[0]))


# --- from a community to a candidate --------------------------------------------------------


def _candidate(
    members: np.ndarray,
    units: _Units,
    items: list[DiscoveryItem],
    coverage: _Coverage,
    frequency: dict[str, int],
    embedder: Embedder,
) -> Candidate:
    """Describe one community: name, councils, quotes and how near the library it is."""
    chosen = [items[index] for index in sorted(set(units.owner[members].tolist()))]
    terms = _distinctive_terms(members, units, items, frequency, embedder)
    name = _name(terms, [units.texts[unit] for unit in members.tolist()])
    councils = sorted({item.council_id for item in chosen})
    return Candidate(
        id=_slug(terms, members, units),
        name=name,
        description=_description(name, terms, len(councils)),
        item_keys=[item.key for item in chosen],
        councils=councils,
        regions=sorted({item.region for item in chosen}),
        quotes=_quotes(members, units, items),
        cohesion=round(_cohesion(units, members), 4),
        nearest_pattern=coverage.pattern,
        nearest_similarity=round(coverage.cosine, 4),
        keyword_share=round(coverage.keyword_share, 4),
        terms=terms,
    )


def _coverage(members: np.ndarray, units: _Units, library: _Library) -> _Coverage:
    """The library pattern that best describes the community, by meaning and keywords."""
    if not library.patterns:
        return _Coverage(pattern=None, cosine=0.0, keyword_share=0.0, pattern_cohesion=0.0)
    cosines = library.centroids @ _unit(units.vectors[members].mean(axis=0))
    texts = [units.texts[unit] for unit in members.tolist()]
    shares = np.array(
        [
            sum(any(regex.search(text) for regex in pattern.keyword_regexes) for text in texts) / len(texts)
            for pattern in library.patterns
        ]
    )
    best = int(np.argmax(cosines + KEYWORD_WEIGHT * shares))
    return _Coverage(
        pattern=library.patterns[best].id,
        cosine=float(cosines[best]),
        keyword_share=float(shares[best]),
        pattern_cohesion=float(library.cohesion[best]),
    )


def _is_new(cohesion: float, coverage: _Coverage) -> bool:
    """Not covered by its nearest pattern, or covered but much tighter than it (a sharper sub-theme)."""
    return coverage.score < COVERED_SCORE or cohesion >= coverage.pattern_cohesion + TIGHTER_MARGIN


def _quotes(members: np.ndarray, units: _Units, items: list[DiscoveryItem]) -> list[CandidateQuote]:
    """Sentences nearest the centre: each council's nearest first, then other items' nearest."""
    centre = _unit(units.vectors[members].mean(axis=0))
    order = [int(members[i]) for i in np.argsort(-(units.vectors[members] @ centre), kind="stable")]
    picked: list[int] = []
    councils: set[str] = set()
    for unit in order:
        council = items[int(units.owner[unit])].council_id
        if council not in councils:
            councils.add(council)
            picked.append(unit)
    quoted = {int(units.owner[unit]) for unit in picked}
    for unit in order:
        if int(units.owner[unit]) not in quoted:
            quoted.add(int(units.owner[unit]))
            picked.append(unit)
    return [
        CandidateQuote(
            key=items[int(units.owner[unit])].key,
            council=items[int(units.owner[unit])].council,
            text=units.texts[unit],
        )
        for unit in picked[:MAX_QUOTES]
    ]


# --- words: naming a candidate -------------------------------------------------------------


def _terms(text: str) -> set[str]:
    """Content words, and phrases of up to MAX_PHRASE words ("deprivation of liberty"), lower-cased."""
    words = [word.removesuffix("'s") for word in _WORD.findall(text.lower().replace("’", "'"))]
    content = [word not in _STOPWORDS and len(word) > 2 and not word.isdigit() for word in words]
    terms: set[str] = set()
    for start in range(len(words)):
        for end in range(start + 1, min(start + MAX_PHRASE, len(words)) + 1):
            inner = range(start + 1, end - 1)
            if (
                content[start]
                and content[end - 1]
                and all(content[i] or words[i] in _JOINERS for i in inner)
                and len(set(words[start:end])) == end - start
            ):
                terms.add(" ".join(words[start:end]))
    return terms


def _document_frequency(texts: list[str]) -> dict[str, int]:
    """In how many sentences each term occurs."""
    frequency: dict[str, int] = {}
    for text in texts:
        for term in _terms(text):
            frequency[term] = frequency.get(term, 0) + 1
    return frequency


def _distinctive_terms(
    members: np.ndarray,
    units: _Units,
    items: list[DiscoveryItem],
    frequency: dict[str, int],
    embedder: Embedder,
) -> list[str]:
    """Terms frequent in the community, rare elsewhere and close in meaning to its centre.

    Candidates are terms in MIN_TERM_SHARE of its sentences from two councils or more (any term
    used twice when fewer than two are); they rank by tf-idf times the cosine of the term to the community's centre,
    which keeps verbs and fillers ("facing", "regular") out. A chosen term gives way to a longer
    phrase holding it that most of its sentences use ("lists" -> "waiting lists"); chosen terms
    share no word.
    """
    counts: dict[str, int] = {}
    councils: dict[str, set[str]] = {}
    for unit in members.tolist():
        for term in _terms(units.texts[unit]):
            counts[term] = counts.get(term, 0) + 1
            councils.setdefault(term, set()).add(items[int(units.owner[unit])].council_id)
    total = len(units.texts)
    tfidf = {
        term: count / len(members) * math.log(total / frequency[term]) * (1 + PHRASE_BONUS * term.count(" "))
        for term, count in counts.items()
        if count >= 2
    }
    eligible = [
        term for term in tfidf if len(councils[term]) >= 2 and counts[term] >= MIN_TERM_SHARE * len(members)
    ]
    if len(eligible) < 2:  # too few to name it: take any term used twice
        eligible = sorted(tfidf)
    if not eligible:
        return []
    centre = _unit(units.vectors[members].mean(axis=0))
    meaning = dict(zip(eligible, (embedder.encode(eligible) @ centre).tolist(), strict=True))
    score = {term: tfidf[term] * max(meaning[term], 0.0) ** NAME_MEANING for term in eligible}
    chosen: list[str] = []
    for term in sorted(score, key=lambda term: (-score[term], term)):
        longer = _expand(term, score, counts)
        if not any(_stems(longer) & _stems(other) for other in chosen):
            chosen.append(longer)
        if len(chosen) == MAX_TERMS:
            break
    return chosen


def _stems(term: str) -> set[str]:
    """A term's words without a plural -s, so 'gap' and 'gaps' count as one word."""
    return {word.removesuffix("s") for word in term.split()}


def _expand(term: str, score: dict[str, float], counts: dict[str, int]) -> str:
    """The best longer phrase holding `term` that EXPAND_SHARE of its sentences use, else `term`."""
    longer = [
        other
        for other in score
        if f" {term} " in f" {other} " and other != term and counts[other] >= EXPAND_SHARE * counts[term]
    ]
    return max(longer, key=lambda other: (score[other], other)) if longer else term


def _name(terms: list[str], texts: list[str]) -> str:
    """The top term, joined by the next phrase if it fits in MAX_NAME_WORDS: 'Waiting list and triage'.

    Terms are written as the sentences write them, so acronyms keep their capitals ('CQC').
    """
    if not terms:
        return "Unnamed theme"
    chosen = terms[:1]
    following = [term for term in terms[1:] if " " in term or " " not in terms[0]]
    if following and len(terms[0].split()) + 1 + len(following[0].split()) <= MAX_NAME_WORDS:
        chosen.append(following[0])
    written = [_as_written(term, texts) for term in chosen]
    if len(written) == 1 and " " not in written[0]:
        return f"Theme: {written[0]}"
    text = " and ".join(written)
    return text[:1].upper() + text[1:]


def _as_written(term: str, texts: list[str]) -> str:
    """The term as the sentences mostly write it mid-sentence, so 'CQC' and 'NHS' keep capitals."""
    pattern = re.compile(_keyword_regex(term), re.IGNORECASE)
    forms = Counter(
        " ".join(match.group(0).split())
        for text in texts
        for match in pattern.finditer(text.replace("’", "'"))
        if match.start() > 0
    )
    return forms.most_common(1)[0][0] if forms else term


def _description(name: str, terms: list[str], councils: int) -> str:
    about = ", ".join(terms[:4]) if terms else name.lower()
    return f"A recurring area for development about {about}, raised in {councils} councils' peer challenge reports."


def _slug(terms: list[str], members: np.ndarray, units: _Units) -> str:
    """'candidate-' and the top two terms (or the first words of the first sentence)."""
    source = " ".join(terms[:2]) or " ".join(units.texts[int(members[0])].split()[:4])
    return "candidate-" + "-".join(re.findall(r"[a-z0-9]+", source.lower()))[:60].strip("-")


def _unique_ids(candidates: list[Candidate]) -> list[Candidate]:
    """Suffix -2, -3 ... onto ids that two candidates would share."""
    seen: dict[str, int] = {}
    for candidate in candidates:
        seen[candidate.id] = seen.get(candidate.id, 0) + 1
        if seen[candidate.id] > 1:
            candidate.id = f"{candidate.id}-{seen[candidate.id]}"
    return candidates


def _snake_id(candidate_id: str) -> str:
    """A library id (lower_snake_case, at most 64 characters) from a candidate slug."""
    words = re.findall(r"[a-z0-9]+", candidate_id.lower().removeprefix("candidate-"))
    pattern_id = "_".join(words)[:64].strip("_") or "candidate"
    return pattern_id if re.match(r"^[a-z]", pattern_id) else f"p_{pattern_id}"[:64]


def _keyword_regex(term: str) -> str:
    """A term as a regex: escaped words, any whitespace between, bounded by word edges."""
    return r"\b" + r"\s+".join(re.escape(word) for word in term.split()) + r"\b"


# --- vectors -------------------------------------------------------------------------------


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _cohesion(units: _Units, members: np.ndarray) -> float:
    """Mean pairwise cosine of the community's distinct sentences (reports reuse some verbatim)."""
    distinct = list({" ".join(units.texts[unit].lower().split()): unit for unit in members.tolist()}.values())
    return _mean_pairwise(units.vectors[sorted(distinct)])


def _mean_pairwise(vectors: np.ndarray) -> float:
    """Mean pairwise cosine of unit vectors (1.0 for fewer than two)."""
    count = len(vectors)
    if count < 2:
        return 1.0
    total = vectors.sum(axis=0)
    return float((total @ total - count) / (count * (count - 1)))
