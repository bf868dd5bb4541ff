"""Candidate pattern discovery, on the real embedding model: planted themes come back, runs repeat,
quotes are verbatim, and an accepted candidate loads as a user pattern."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from graph.patterns.discovery import Candidate, DiscoveryItem, accept_candidate, discover_candidates
from graph.patterns.library import Pattern, load_patterns
from importers.councils import councils_for
from importers.parser import parse_file
from importers.sentences import split_sentences
from peergraph.core.errors import InputFileError
from peergraph.examples import EXAMPLES

from .conftest import MAX_BYTES

DEVELOPMENT = {"area_for_development", "mixed"}

# One new theme in four invented councils, worded differently; two are buried in longer passages.
OUT_OF_HOURS = [
    "Out-of-hours emergency duty team cover relies heavily on agency staff, which leaves nights and "
    "weekends fragile.",
    "The Council's reablement service is valued by the people who use it. The emergency duty service "
    "that covers evenings and weekends is staffed mostly by locum and agency social workers. Managers "
    "know this and have started a recruitment campaign.",
    "Cover outside office hours depends on agency workers in the emergency duty team, and the rota is "
    "hard to fill.",
    "Carers spoke warmly about the new carers' hub and its drop-in sessions. Staff told us the out of "
    "hours service struggles to cover its rota without temporary agency staff.",
]
INTERPRETERS = [
    "People whose first language is not English struggle to get an interpreter for their assessment.",
    "Interpreting and translation services are hard to book, so some assessments go ahead without an "
    "interpreter.",
    "Information about care is rarely translated into community languages, and interpreters are often "
    "unavailable.",
    "Families told us they were asked to interpret for relatives at assessments because no "
    "professional interpreter was booked.",
]
UNRELATED = [
    "The Council's website is hard to navigate and some pages are out of date.",
    "Partners described the Council as open and willing to listen.",
    "The new case management system went live last spring after a long procurement.",
    "Leaders have a clear ambition for adult social care in the borough.",
]


def invented(prefix: str, texts: list[str]) -> list[DiscoveryItem]:
    """One item per text, each from its own invented council (Z0, Z1, ...)."""
    return [
        DiscoveryItem(
            key=f"{prefix}-{index}",
            text=text,
            council_id=f"Z{index}",
            council=f"Invented Council {index}",
            region="Nowhere",
            polarity="area_for_development",
        )
        for index, text in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def library() -> list[Pattern]:
    return load_patterns()


@pytest.fixture(scope="module")
def small_corpus() -> list[DiscoveryItem]:
    return invented("ooh", OUT_OF_HOURS) + invented("interp", INTERPRETERS) + invented("other", UNRELATED)


@pytest.fixture(scope="module")
def small_run(small_corpus: list[DiscoveryItem], library: list[Pattern]) -> list[Candidate]:
    return discover_candidates(small_corpus, library)


def holding(candidates: list[Candidate], prefix: str) -> Candidate:
    """The candidate holding most items whose key starts with `prefix`."""
    return max(candidates, key=lambda c: sum(key.startswith(prefix) for key in c.item_keys))


def assert_quotes_are_verbatim_sentences(candidate: Candidate, items: list[DiscoveryItem]) -> None:
    """Every quote is a whole sentence of its item; the first ones come from distinct councils."""
    by_key = {item.key: item for item in items}
    for quote in candidate.quotes:
        item = by_key[quote.key]
        assert quote.text in [item.text[start:end] for start, end in split_sentences(item.text)]
        assert quote.council == item.council
    councils = [by_key[quote.key].council_id for quote in candidate.quotes]
    first = councils[: len(candidate.councils)]
    assert len(set(first)) == len(first)
    if len(candidate.quotes) >= len(candidate.councils):
        assert set(first) == set(candidate.councils)


# --- a small corpus (fast) ------------------------------------------------------------------


def test_each_planted_theme_comes_back_across_its_four_councils(small_run: list[Candidate]) -> None:
    for prefix in ("ooh", "interp"):
        candidate = holding(small_run, prefix)

        assert sorted(candidate.item_keys) == [f"{prefix}-{index}" for index in range(4)]
        assert candidate.councils == ["Z0", "Z1", "Z2", "Z3"]
        assert candidate.regions == ["Nowhere"]


def test_a_candidate_is_named_and_described_from_its_own_words(small_run: list[Candidate]) -> None:
    candidate = holding(small_run, "ooh")

    assert candidate.id.startswith("candidate-") and re.fullmatch(r"[a-z0-9-]+", candidate.id)
    assert 2 <= len(candidate.name.split()) <= 6
    assert {"agency", "duty", "emergency"} & set(candidate.name.lower().split())
    assert candidate.description.endswith(".") and candidate.description.count(". ") == 0
    assert 0.35 <= candidate.cohesion <= 1.0
    assert candidate.nearest_pattern is not None and 0.0 < candidate.nearest_similarity < 1.0


def test_quotes_are_verbatim_sentences_one_per_council_first(
    small_run: list[Candidate], small_corpus: list[DiscoveryItem]
) -> None:
    candidate = holding(small_run, "ooh")

    assert_quotes_are_verbatim_sentences(candidate, small_corpus)
    assert sorted(quote.key for quote in candidate.quotes) == [f"ooh-{index}" for index in range(4)]


def test_a_theme_in_fewer_councils_than_min_councils_is_not_proposed(
    small_corpus: list[DiscoveryItem], library: list[Pattern]
) -> None:
    assert discover_candidates(small_corpus, library, min_councils=5) == []


def test_the_order_of_the_items_does_not_change_the_candidates(
    small_corpus: list[DiscoveryItem], library: list[Pattern], small_run: list[Candidate]
) -> None:
    assert discover_candidates(list(reversed(small_corpus)), library) == small_run


def test_max_candidates_keeps_the_best_ranked(
    small_corpus: list[DiscoveryItem], library: list[Pattern]
) -> None:
    every = discover_candidates(small_corpus, library)

    assert discover_candidates(small_corpus, library, max_candidates=1) == every[:1]
    assert [len(c.councils) * c.cohesion for c in every] == sorted(
        (len(c.councils) * c.cohesion for c in every), reverse=True
    )


def test_too_little_text_gives_no_candidates(library: list[Pattern]) -> None:
    assert discover_candidates([], library) == []
    assert discover_candidates(invented("short", ["Too short.", "Also short."]), library) == []


def test_a_theme_the_library_already_describes_is_not_proposed(library: list[Pattern]) -> None:
    items = invented(
        "dols",
        [
            "There is a backlog of Deprivation of Liberty Safeguards applications waiting to be assessed.",
            "Deprivation of Liberty Safeguards applications wait months because there are too few best "
            "interests assessors.",
            "The DoLS backlog has grown, and some applications have waited over a year for assessment.",
            "Applications for Deprivation of Liberty Safeguards are not assessed in time, and the backlog "
            "is rising.",
        ],
    )

    assert discover_candidates(items, library) == []
    assert discover_candidates(items, []) != []  # without a library the same theme is new


# --- accepting a candidate ------------------------------------------------------------------


def test_an_accepted_candidate_loads_as_a_user_pattern(small_run: list[Candidate], tmp_path: Path) -> None:
    candidate = holding(small_run, "ooh")

    mapping = accept_candidate(candidate)
    path = tmp_path / "accepted.yaml"
    path.write_text(yaml.safe_dump({"patterns": [mapping]}), encoding="utf-8")
    loaded = {pattern.id: pattern for pattern in load_patterns([path])}[mapping["id"]]

    assert set(mapping) == {"id", "name", "description", "phrasings", "keywords"}
    assert re.fullmatch(r"[a-z][a-z0-9_]{1,63}", mapping["id"])
    assert mapping["phrasings"] == [quote.text for quote in candidate.quotes]
    assert (loaded.name, loaded.source) == (candidate.name, "accepted.yaml")
    # Each keyword is a term of the candidate, escaped, and finds that term in the quotes.
    assert len(loaded.keyword_regexes) == len(candidate.terms) > 0
    quotes = " ".join(mapping["phrasings"])
    assert all(regex.search(quotes) for regex in loaded.keyword_regexes)


def test_accept_candidate_takes_a_chosen_id_and_rejects_a_bad_one(small_run: list[Candidate]) -> None:
    candidate = holding(small_run, "ooh")

    assert accept_candidate(candidate, pattern_id="out_of_hours_cover")["id"] == "out_of_hours_cover"
    with pytest.raises(InputFileError, match="field 'id'"):
        accept_candidate(candidate, pattern_id="Out-of-hours")


# --- the real corpus: five seeds and six examples (slow) ------------------------------------


@pytest.fixture(scope="module")
def corpus(seeds_dir: Path) -> list[DiscoveryItem]:
    """Areas for development and mixed findings of the seeds and the examples, plus the planted theme."""
    table = councils_for([EXAMPLES])
    paths = sorted(seeds_dir.glob("*.txt")) + sorted(
        path for path in EXAMPLES.iterdir() if path.suffix in {".md", ".html"}
    )
    items: list[DiscoveryItem] = []
    for path in paths:
        report = parse_file(path, MAX_BYTES, table)
        items += [
            DiscoveryItem(
                key=f"{report.council.id}#{index}",
                text=finding.text,
                council_id=report.council.id,
                council=report.council.name,
                region=report.council.region,
                polarity=finding.polarity.value,
            )
            for index, finding in enumerate(report.findings)
            if finding.polarity.value in DEVELOPMENT
        ]
    return items + invented("ooh", OUT_OF_HOURS)


@pytest.fixture(scope="module")
def corpus_run(corpus: list[DiscoveryItem], library: list[Pattern]) -> list[Candidate]:
    return discover_candidates(corpus, library, max_candidates=100)


@pytest.mark.slow
def test_the_planted_theme_is_found_among_real_reports(corpus_run: list[Candidate]) -> None:
    planted = {f"ooh-{index}" for index in range(4)}
    found = [c for c in corpus_run if len(planted & set(c.item_keys)) >= 3]

    assert found, [c.name for c in corpus_run]
    assert {"Z0", "Z1", "Z2", "Z3"} <= set(found[0].councils)


@pytest.mark.slow
def test_discovery_on_the_real_corpus_is_deterministic(
    corpus: list[DiscoveryItem], library: list[Pattern], corpus_run: list[Candidate]
) -> None:
    assert discover_candidates(corpus, library, max_candidates=100) == corpus_run


@pytest.mark.slow
def test_real_candidates_span_three_councils_and_quote_them_verbatim(
    corpus: list[DiscoveryItem], corpus_run: list[Candidate]
) -> None:
    assert len(corpus_run) >= 10
    assert len({c.id for c in corpus_run}) == len(corpus_run)
    for candidate in corpus_run:
        assert len(candidate.councils) >= 3
        assert 2 <= len(candidate.name.split()) <= 6, candidate.name
        assert_quotes_are_verbatim_sentences(candidate, corpus)


@pytest.mark.parametrize("k", [1, 3, 8])
def test_the_nearest_neighbours_are_those_of_a_full_stable_sort(k: int) -> None:
    """The partial selection picks what sorting every whole row picked, ties included."""
    from graph.patterns.discovery import _top_k

    generator = np.random.default_rng(3)
    similarity = generator.integers(0, 6, size=(40, 57)).astype(np.float32)  # many ties
    similarity[5, :] = 1.0  # a row that is all one tie
    similarity[7, :50] = -np.inf  # a row with fewer finite values than most
    want = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
    assert np.array_equal(_top_k(similarity, k), want)
