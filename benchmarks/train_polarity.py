"""Train the sentence polarity model on the hand labels in tests/gold, and measure it.

    .venv/bin/python -m benchmarks.train_polarity [--seeds DIR] [--c C] [--write]

Parses the five seeds, pairs every gold finding with the parser's finding and every gold
sentence with the parser's unit (importers.polarity.polarity_units), and fits a multinomial
logistic regression (scikit-learn) over `unit_features`. Prints, per report, sentence accuracy
and paragraph polarity accuracy leave-one-report-out (trained on the other four reports), next
to the shipped weights' figures and the model trained on all five. `--write` stores the
all-five weights in importers/data/polarity_weights.json.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from benchmarks.seeds import MAX_BYTES, seeds_folder
from importers.formats import read_document
from importers.model import Polarity, SentencePolarity
from importers.parser import parse_file
from importers.polarity import (
    CLASSES,
    WEIGHTS_PATH,
    Features,
    PassageContext,
    UnitModel,
    combine,
    default_model,
    passage_features,
)
from importers.sections import walk_sections

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold"
DEFAULT_C = 0.3
"""Inverse regularisation strength, chosen by leave-one-report-out accuracy."""


def norm(text: str) -> str:
    """Lower case, plain quotes and dashes, single spaces, no bold marks or bullets: for matching."""
    text = text.replace("**", "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lstrip("-• ").lower()


@dataclass
class Unit:
    text: str
    features: Features
    gold: SentencePolarity | None
    """The hand label, or None where no gold sentence lines up with this unit."""


@dataclass
class Passage:
    report: str
    text: str
    prior: Polarity | None
    gold: Polarity
    units: list[Unit]


def _gold_unit_labels(
    units: list[str], gold_sentences: list[dict[str, str]]
) -> list[SentencePolarity | None]:
    """Pair gold sentences (by their opening words) with units, in order."""
    labels: list[SentencePolarity | None] = [None] * len(units)
    position = 0
    for sentence in gold_sentences:
        key = norm(sentence["text_start"])
        for index in range(position, len(units)):
            unit = norm(units[index])
            if unit.startswith(key) or (len(unit) >= 12 and key.startswith(unit)):
                labels[index] = SentencePolarity(sentence["polarity"])
                position = index + 1
                break
    return labels


def load_passages(seeds: Path, gold_dir: Path = GOLD) -> list[Passage]:
    """Every gold finding the parser finds, with its units, their features and gold labels."""
    passages: list[Passage] = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        source = seeds / f"{gold_file.stem}.txt"
        if not source.exists():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        report = parse_file(source, MAX_BYTES)
        priors = {(b.start, b.end): c.prior for b, c, _ in walk_sections(read_document(source, MAX_BYTES))}
        keyed = [(norm(f.text), f) for f in report.findings]
        taken: set[int] = set()
        for item in gold["findings"]:
            key = norm(item["text_start"])[:60]
            candidates = [i for i, (text, _) in enumerate(keyed) if key in text]
            if not candidates:
                continue
            # Repeated passages (an executive summary copied into a theme) pair in order.
            index = next((i for i in candidates if i not in taken), candidates[0])
            taken.add(index)
            finding = keyed[index][1]
            context = PassageContext(prior=priors.get(finding.span), section=finding.section)
            featured = passage_features(finding.text, context)
            texts = [finding.text[s:e] for (s, e), _ in featured]
            labels = _gold_unit_labels(texts, item.get("sentences", []))
            units = [Unit(t, f, g) for t, (_, f), g in zip(texts, featured, labels, strict=True)]
            passages.append(
                Passage(gold_file.stem, finding.text, context.prior, Polarity(item["polarity"]), units)
            )
    return passages


MARGINS = (0.0,)
"""Candidate mixed margins (log-odds), chosen by leave-one-report-out within the training reports."""
RATIOS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
"""Candidate mixed ratios, chosen with the margin."""


def fit_regression(passages: Sequence[Passage], c: float = DEFAULT_C) -> UnitModel:
    """A unit model (margin 0) fitted on the labelled units of `passages`."""
    units = [u for p in passages for u in p.units if u.gold is not None]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([u.features for u in units])
    labels = [u.gold.value for u in units if u.gold is not None]
    regression = LogisticRegression(C=c, max_iter=5000)
    regression.fit(matrix, labels)
    order = [list(regression.classes_).index(k.value) for k in CLASSES]
    coef = regression.coef_[order]
    intercepts = regression.intercept_[order]
    weights = {
        name: (float(coef[0, j]), float(coef[1, j]), float(coef[2, j]))
        for j, name in enumerate(vectorizer.get_feature_names_out())
        if np.any(np.abs(coef[:, j]) > 1e-6)
    }
    return UnitModel(
        intercepts=(float(intercepts[0]), float(intercepts[1]), float(intercepts[2])), weights=weights
    )


def choose_margin(passages: Sequence[Passage], c: float = DEFAULT_C) -> tuple[float, float]:
    """The mixed margin and ratio with the best paragraph accuracy, leave-one-report-out within `passages`."""
    reports = sorted({p.report for p in passages})
    held_out = [
        (
            fit_regression([p for p in passages if p.report != report], c),
            [p for p in passages if p.report == report],
        )
        for report in reports
    ]

    def accuracy(margin: float, ratio: float) -> int:
        return sum(
            evaluate(replace(model, mixed_margin=margin, mixed_ratio=ratio), test).passages_right
            for model, test in held_out
        )

    grid = [(margin, ratio) for margin in MARGINS for ratio in RATIOS]
    return max(grid, key=lambda pair: (accuracy(*pair), -pair[0], -pair[1]))


def fit(passages: Sequence[Passage], c: float = DEFAULT_C) -> UnitModel:
    """A unit model fitted on `passages`, its mixed margin chosen on them leave-one-report-out."""
    margin, ratio = choose_margin(passages, c)
    return replace(fit_regression(passages, c), mixed_margin=margin, mixed_ratio=ratio)


@dataclass(frozen=True)
class Scores:
    sentences: int
    sentences_right: int
    passages: int
    passages_right: int
    confusion: Counter[tuple[str, str]]

    @property
    def sentence_accuracy(self) -> float:
        return self.sentences_right / self.sentences if self.sentences else 0.0

    @property
    def passage_accuracy(self) -> float:
        return self.passages_right / self.passages if self.passages else 0.0


def evaluate(model: UnitModel, passages: Sequence[Passage]) -> Scores:
    """Sentence accuracy on labelled units, and paragraph accuracy by the combining rule."""
    sentences = sentences_right = passages_right = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for passage in passages:
        judged, lean = model.judge_units([unit.features for unit in passage.units])
        for unit, polarity in zip(passage.units, judged, strict=True):
            if unit.gold is not None:
                sentences += 1
                sentences_right += polarity is unit.gold
        verdict = combine(judged, passage.prior, lean)
        passages_right += verdict is passage.gold
        confusion[(passage.gold.value, verdict.value)] += 1
    return Scores(sentences, sentences_right, len(passages), passages_right, confusion)


def leave_one_report_out(passages: Sequence[Passage], c: float = DEFAULT_C) -> dict[str, Scores]:
    """For each report, the scores of a model trained on the other reports only."""
    reports = sorted({p.report for p in passages})
    results = {}
    for report in reports:
        model = fit([p for p in passages if p.report != report], c)
        results[report] = evaluate(model, [p for p in passages if p.report == report])
    return results


def pooled(results: dict[str, Scores]) -> Scores:
    confusion: Counter[tuple[str, str]] = Counter()
    for scores in results.values():
        confusion.update(scores.confusion)
    return Scores(
        sum(s.sentences for s in results.values()),
        sum(s.sentences_right for s in results.values()),
        sum(s.passages for s in results.values()),
        sum(s.passages_right for s in results.values()),
        confusion,
    )


def to_json(model: UnitModel, c: float, results: dict[str, Scores]) -> dict[str, object]:
    total = pooled(results)
    return {
        "note": "Sentence polarity weights; trained by `python -m benchmarks.train_polarity --write` "
        "on tests/gold. Do not edit by hand.",
        "c": c,
        "mixed_margin": model.mixed_margin,
        "mixed_ratio": model.mixed_ratio,
        "leave_one_report_out": {
            "sentence_accuracy": round(total.sentence_accuracy, 4),
            "paragraph_accuracy": round(total.passage_accuracy, 4),
        },
        "classes": [k.value for k in CLASSES],
        "intercepts": [round(v, 5) for v in model.intercepts],
        "weights": {name: [round(v, 5) for v in row] for name, row in sorted(model.weights.items())},
    }


def _print_row(name: str, scores: Scores) -> None:
    print(
        f"{name:<24}{scores.sentences:>7}{100 * scores.sentence_accuracy:>9.1f}"
        f"{scores.passages:>8}{100 * scores.passage_accuracy:>10.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=Path, default=seeds_folder())
    parser.add_argument("--c", type=float, default=DEFAULT_C)
    parser.add_argument(
        "--grid", action="store_true", help="print leave-one-report-out figures for a range of C"
    )
    parser.add_argument(
        "--write", action="store_true", help=f"write the all-report weights to {WEIGHTS_PATH}"
    )
    args = parser.parse_args()
    passages = load_passages(args.seeds)
    labelled = sum(u.gold is not None for p in passages for u in p.units)
    print(
        f"{len(passages)} gold findings paired, {labelled} of {sum(len(p.units) for p in passages)} units labelled"
    )
    if args.grid:
        for c in (0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0):
            total = pooled(leave_one_report_out(passages, c))
            print(
                f"C={c:<5} sentences {100 * total.sentence_accuracy:5.1f}  paragraphs {100 * total.passage_accuracy:5.1f}"
            )
    header = f"{'':<24}{'units':>7}{'sent %':>9}{'paras':>8}{'para %':>10}"
    results = leave_one_report_out(passages, args.c)
    print(f"\nleave-one-report-out (C={args.c})\n{header}")
    for report, scores in results.items():
        _print_row(report, scores)
    _print_row("all", pooled(results))
    print("confusion (gold, judged):", dict(sorted(pooled(results).confusion.items())))
    model = fit(passages, args.c)
    print(f"mixed margin and ratio chosen on all reports: {model.mixed_margin}, {model.mixed_ratio}")
    print(f"\nin-sample, trained on all reports\n{header}")
    _print_row("all", evaluate(model, passages))
    try:
        shipped = evaluate(default_model(), passages)
        print(f"\nshipped weights ({WEIGHTS_PATH.name})\n{header}")
        _print_row("all", shipped)
    except (OSError, ValueError, KeyError) as exc:
        print(f"shipped weights unreadable: {exc}")
    if args.write:
        WEIGHTS_PATH.write_text(
            json.dumps(to_json(model, args.c, results), indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
