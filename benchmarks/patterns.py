"""Pattern tagger quality and speed on the labelled seed reports, next to two baselines.

    .venv/bin/python benchmarks/patterns.py [--seeds DIR] [--calibrate]

Prints model load time and tagging throughput for the tagger and for a TF-IDF baseline (each
item's cosine to its closest phrasing of each pattern, scikit-learn's TfidfVectorizer), then
per-pattern and micro-averaged precision and recall at the library's thresholds (all data) and
leave-one-report-out (thresholds calibrated on four reports, tested on the fifth), for the
tagger, the TF-IDF baseline and the tagger's own scoring with keywords only. Both baselines get
thresholds calibrated the same way as the tagger's. `--calibrate` writes the all-data
thresholds into graph/data/patterns.yaml.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from graph.patterns import tagger
from graph.patterns.embeddings import Embedder, locate_model
from graph.patterns.library import DATA_FILE, Pattern
from graph.patterns.tagger import TagItem, report_items, score_items
from importers.parser import parse_file

MAX_BYTES = 50 * 1024 * 1024
GOLD = Path(__file__).resolve().parents[1] / "tests" / "patterns_gold.json"
BETA = 0.9  # calibrate for F-beta: a little more weight on precision than recall
GRID = np.round(np.arange(0.20, 0.90, 0.005), 3)


@dataclass(frozen=True)
class Labelled:
    """Items of the seed reports with their gold pattern labels (items x patterns)."""

    items: list[TagItem]
    reports: np.ndarray  # seed file name per item
    gold: np.ndarray  # bool (items x patterns)
    unmatched: list[str]  # gold keys that match no parsed item (parser drift)


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def load_labelled(seeds: Path, pattern_ids: Sequence[str], gold_file: Path = GOLD) -> Labelled:
    """Parse every labelled seed report and attach the gold labels to its items by text prefix."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    items: list[TagItem] = []
    reports: list[str] = []
    rows: list[list[bool]] = []
    unmatched: list[str] = []
    for name, labels in sorted(gold["reports"].items()):
        report = parse_file(seeds / name, MAX_BYTES)
        kinds = ["findings"] * len(report.findings) + ["recommendations"] * len(report.recommendations)
        texts: dict[str, list[str]] = {"findings": [], "recommendations": []}
        for item, kind in zip(report_items(report), kinds, strict=True):
            items.append(TagItem(key=f"{name}#{item.key}", text=item.text, polarity=item.polarity))
            reports.append(name)
            rows.append([_is_labelled(item.text, labels[kind].get(pid, [])) for pid in pattern_ids])
            texts[kind].append(item.text)
        unmatched += [
            f"{name} {kind}: {key}"
            for kind in texts
            for key in sorted({key for keys in labels[kind].values() for key in keys})
            if not any(text.startswith(key) for text in texts[kind])
        ]
    return Labelled(
        items=items, reports=np.array(reports), gold=np.array(rows, dtype=bool), unmatched=unmatched
    )


def _is_labelled(text: str, keys: Sequence[str]) -> bool:
    return any(text.startswith(key) for key in keys)


def counts(predicted: np.ndarray, gold: np.ndarray) -> Counts:
    return Counts(
        int((predicted & gold).sum()), int((predicted & ~gold).sum()), int((~predicted & gold).sum())
    )


def calibrate(scores: np.ndarray, gold: np.ndarray, beta: float = BETA) -> tuple[np.ndarray, float]:
    """Per-pattern thresholds maximising F-beta on (scores, gold), and the best global one."""
    global_threshold = _best_global(scores, gold, beta)
    per_pattern = [
        _best_cut(scores[:, column], gold[:, column], beta) if gold[:, column].any() else global_threshold
        for column in range(scores.shape[1])
    ]
    return np.array(per_pattern), global_threshold


def _best_cut(scores: np.ndarray, gold: np.ndarray, beta: float) -> float:
    """The threshold (midway between two distinct scores) with the highest F-beta."""
    order = np.argsort(-scores, kind="stable")
    ranked, labels = scores[order], gold[order]
    tp = np.cumsum(labels)
    precision = tp / np.arange(1, len(labels) + 1)
    recall = tp / labels.sum()
    fbeta = (1 + beta**2) * precision * recall / np.maximum(beta**2 * precision + recall, 1e-12)
    distinct = np.r_[ranked[:-1] > ranked[1:], True]
    best = int(np.argmax(np.where(distinct, fbeta, -1.0)))
    below = ranked[best + 1] if best + 1 < len(ranked) else 0.0
    return round(float((ranked[best] + below) / 2), 3)


def _best_global(scores: np.ndarray, gold: np.ndarray, beta: float) -> float:
    def fbeta(threshold: float) -> float:
        c = counts(scores >= threshold, gold)
        p, r = c.precision, c.recall
        return (1 + beta**2) * p * r / max(beta**2 * p + r, 1e-12)

    return float(max(GRID, key=fbeta))


def leave_one_report_out(scores: np.ndarray, labelled: Labelled) -> np.ndarray:
    """Predictions for every item, each made with thresholds calibrated on the other reports."""
    predicted = np.zeros_like(labelled.gold)
    for report in sorted(set(labelled.reports)):
        held_out = labelled.reports == report
        thresholds, _ = calibrate(scores[~held_out], labelled.gold[~held_out])
        predicted[held_out] = scores[held_out] >= thresholds[None, :]
    return predicted


def per_pattern(predicted: np.ndarray, gold: np.ndarray) -> list[Counts]:
    return [counts(predicted[:, column], gold[:, column]) for column in range(gold.shape[1])]


def micro(predicted: np.ndarray, gold: np.ndarray) -> Counts:
    return counts(predicted, gold)


def write_thresholds(thresholds: dict[str, float], path: Path = DATA_FILE) -> None:
    """Set `threshold:` right under each pattern's id line in the YAML, keeping comments and layout."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        out.append(lines[index])
        match = re.fullmatch(r"  - id: (\w+)\n", lines[index])
        if match and match.group(1) in thresholds:
            if index + 1 < len(lines) and lines[index + 1].startswith("    threshold:"):
                index += 1
            out.append(f"    threshold: {thresholds[match.group(1)]:.3f}\n")
        index += 1
    path.write_text("".join(out), encoding="utf-8")


def tfidf_scores(items: Sequence[TagItem], patterns: Sequence[Pattern]) -> np.ndarray:
    """(items x patterns): each item's TF-IDF cosine to the closest of a pattern's phrasings."""
    phrasings = [
        (column, text) for column, p in enumerate(patterns) for text in (p.description, *p.phrasings)
    ]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1)
    vectorizer.fit([item.text for item in items] + [text for _, text in phrasings])
    similarity = (
        vectorizer.transform([item.text for item in items])
        @ vectorizer.transform([t for _, t in phrasings]).T
    ).toarray()
    scores = np.zeros((len(items), len(patterns)))
    for index, (column, _) in enumerate(phrasings):
        scores[:, column] = np.maximum(scores[:, column], similarity[:, index])
    return scores


def _row(name: str, tagged: Counts, tfidf: Counts, lexical: Counts) -> str:
    ratio = tagged.f1 / tfidf.f1 if tfidf.f1 else float("inf")
    return (
        f"{name:<32}{tagged.tp + tagged.fn:>4}  {tagged.precision:>5.2f} {tagged.recall:>5.2f} {tagged.f1:>5.2f}"
        f"   {tfidf.precision:>5.2f} {tfidf.recall:>5.2f} {tfidf.f1:>5.2f}"
        f"   {lexical.precision:>5.2f} {lexical.recall:>5.2f} {lexical.f1:>5.2f}   {ratio:>5.2f}"
    )


def print_table(
    title: str,
    ids: Sequence[str],
    tagged: np.ndarray,
    tfidf: np.ndarray,
    lexical: np.ndarray,
    gold: np.ndarray,
) -> None:
    print(f"\n{title}")
    print(
        f"{'pattern':<32}{'n':>4}  {'P':>5} {'R':>5} {'F1':>5}   {'tfP':>5} {'tfR':>5} {'tfF1':>5}"
        f"   {'lexP':>5} {'lexR':>5} {'lexF1':>5}   {'F1 x tf':>7}"
    )
    for pattern_id, t, f, b in zip(
        ids, per_pattern(tagged, gold), per_pattern(tfidf, gold), per_pattern(lexical, gold), strict=True
    ):
        print(_row(pattern_id, t, f, b))
    print(_row("MICRO", micro(tagged, gold), micro(tfidf, gold), micro(lexical, gold)))


def main() -> None:
    default_seeds = Path(
        os.environ.get("PEERGRAPH_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
    )
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=Path, default=default_seeds)
    parser.add_argument("--calibrate", action="store_true", help="write all-data thresholds into the YAML")
    args = parser.parse_args()

    start = time.perf_counter()
    embedder = Embedder(locate_model())
    load_seconds = time.perf_counter() - start
    patterns = tagger.default_patterns()
    ids = [pattern.id for pattern in patterns]
    labelled = load_labelled(args.seeds, ids)

    start = time.perf_counter()
    table = score_items(labelled.items, patterns, embedder=embedder)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    score_items(labelled.items, patterns, embedder=embedder)
    warm = time.perf_counter() - start
    sentences = len(table.sentence_texts)
    print(
        f"model load {load_seconds:.2f} s; {len(labelled.items)} items, {sentences} sentences, {len(ids)} patterns"
    )
    print(
        f"tagging (cold) {cold:.1f} s = {len(labelled.items) / cold:.1f} items/s, {sentences / cold:.1f} sentences/s"
    )
    print(f"tagging (embeddings cached) {warm:.2f} s = {len(labelled.items) / warm:.0f} items/s")
    start = time.perf_counter()
    tfidf = tfidf_scores(labelled.items, patterns)
    tfidf_seconds = time.perf_counter() - start
    print(
        f"TF-IDF baseline {tfidf_seconds:.2f} s = {len(labelled.items) / tfidf_seconds:.0f} items/s "
        f"({cold / tfidf_seconds:.0f}x the cold tagger's items/s)"
    )
    for key in labelled.unmatched:
        print(f"gold key matches no parsed item (parser drift?): {key}")
    print(
        f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )

    gold = labelled.gold
    lexical_thresholds, _ = calibrate(table.lexical_scores, gold)
    tfidf_thresholds, _ = calibrate(tfidf, gold)
    if args.calibrate:
        thresholds, global_threshold = calibrate(table.scores, gold)
        write_thresholds(dict(zip(ids, thresholds.tolist(), strict=True)))
        print(f"\nwrote {len(ids)} thresholds to {DATA_FILE}; global threshold {global_threshold:.3f}")
    else:
        thresholds = table.thresholds()
    tagged = table.scores >= thresholds[None, :]
    print_table(
        "ALL DATA (library thresholds; baselines calibrated the same way on all data)",
        ids,
        tagged,
        tfidf >= tfidf_thresholds[None, :],
        table.lexical_scores >= lexical_thresholds[None, :],
        gold,
    )
    print_table(
        "LEAVE ONE REPORT OUT (thresholds calibrated on 4 reports, tested on the 5th)",
        ids,
        leave_one_report_out(table.scores, labelled),
        leave_one_report_out(tfidf, labelled),
        leave_one_report_out(table.lexical_scores, labelled),
        gold,
    )
    any_keyword = table.lexical_scores > 0
    naive = micro(any_keyword, gold)
    print(
        f"\nnaive lexical (any keyword, no calibration): P={naive.precision:.2f} R={naive.recall:.2f} F1={naive.f1:.2f}"
    )


if __name__ == "__main__":
    main()
