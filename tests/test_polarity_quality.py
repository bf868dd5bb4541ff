"""Polarity judged alone, against the hand labels of the five seeds (tests/gold): sentences and paragraphs.

The sentence model (importers/polarity.py) is trained on these labels by benchmarks/train_polarity.py,
so besides the shipped weights' figures this measures it leave-one-report-out: trained on four
reports, judged on the fifth. `python -m benchmarks.train_polarity` prints the same figures.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.train_polarity import (
    DEFAULT_C,
    MARGINS,
    RATIOS,
    Passage,
    evaluate,
    fit_regression,
    leave_one_report_out,
    load_passages,
    pooled,
)
from importers.polarity import default_model

NARRATIVE_REPORTS = ("000_e35a0d42f35d5c45", "002_d7ec74ae7fe5706d")


@pytest.fixture(scope="module")
def passages(seeds_dir: Path) -> list[Passage]:
    """Every gold finding the parser finds, with its units and their gold labels."""
    return load_passages(seeds_dir)


def test_every_gold_finding_and_nearly_every_gold_sentence_lines_up(passages: list[Passage]) -> None:
    assert len(passages) == 473
    units = [u for p in passages for u in p.units]
    assert sum(u.gold is not None for u in units) >= 0.99 * len(units)


def test_shipped_weights_on_sentences_and_paragraphs(passages: list[Passage]) -> None:
    scores = evaluate(default_model(), passages)
    assert scores.sentence_accuracy >= 0.85
    assert scores.passage_accuracy >= 0.92, scores.confusion


def test_shipped_weights_in_each_family(passages: list[Passage]) -> None:
    headed = evaluate(default_model(), [p for p in passages if p.prior is not None])
    narrative = evaluate(default_model(), [p for p in passages if p.report in NARRATIVE_REPORTS])
    assert headed.passage_accuracy >= 0.95
    assert narrative.passage_accuracy >= 0.82
    assert {judged for _, judged in narrative.confusion} == {"strength", "area_for_development", "mixed"}


def test_shipped_weights_are_what_the_trainer_fits(passages: list[Passage]) -> None:
    """Features changed without retraining would leave stale weights: retrain and compare."""
    shipped = default_model()
    fitted = fit_regression(passages, DEFAULT_C)
    assert set(fitted.weights) == set(shipped.weights)
    for name, row in fitted.weights.items():
        assert row == pytest.approx(shipped.weights[name], abs=1e-3), name
    assert shipped.mixed_margin in MARGINS
    assert shipped.mixed_ratio in RATIOS


def test_leave_one_report_out_with_the_shipped_mixed_margin(passages: list[Passage]) -> None:
    shipped = default_model()
    results = {}
    for report in sorted({p.report for p in passages}):
        model = fit_regression([p for p in passages if p.report != report], DEFAULT_C)
        model = replace(model, mixed_margin=shipped.mixed_margin, mixed_ratio=shipped.mixed_ratio)
        results[report] = evaluate(model, [p for p in passages if p.report == report])
    total = pooled(results)
    assert total.sentence_accuracy >= 0.81
    assert total.passage_accuracy >= 0.89, {r: s.passage_accuracy for r, s in results.items()}
    assert min(s.passage_accuracy for s in results.values()) >= 0.75


@pytest.mark.slow
def test_leave_one_report_out_with_the_mixed_margin_chosen_within_the_training_reports(
    passages: list[Passage],
) -> None:
    results = leave_one_report_out(passages, DEFAULT_C)
    total = pooled(results)
    assert total.sentence_accuracy >= 0.81
    assert total.passage_accuracy >= 0.88, {r: s.passage_accuracy for r, s in results.items()}
