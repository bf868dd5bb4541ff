"""Recommendations worded alike: pairs found by their shared words, confirmed letter by letter.

Two recommendations are one made twice when their words, sorted, match at `SAME_RECOMMENDATION`
(rapidfuzz's `fuzz.ratio`). Comparing every pair is quadratic: at 500 reports a theme has
thousands of recommendations and the ratios alone took tens of seconds. So only pairs that share
at least `SHARED_WORDS` of their distinct words (Jaccard, punctuation and case ignored) are
compared: counting shared words is a few machine operations a pair, a letter-by-letter ratio
thousands. On the seeds every pair at the ratio shares at least 0.62 of its words, so the bound
finds the same pairs as comparing all (`tests/test_briefs.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

# Recommendations whose words, sorted, match this closely are one recommendation made twice
# (report templates reuse wording across councils, and a summary repeats an inline one).
SAME_RECOMMENDATION = 78
# Pairs sharing fewer of their distinct words than this are never compared (see the docstring).
SHARED_WORDS = 0.4
_CHUNK = 50_000  # candidate pairs confirmed at once
_BLOCK = 128  # rows of the shared-word counts computed at once
_MASK_WORDS = 256  # the commonest words, counted as bits
_NOT_WORD = re.compile(r"[^\w\s]")


def ratio_key(text: str) -> str:
    """What the ratio compares: the words, case-folded and sorted."""
    return " ".join(sorted(text.casefold().split()))


def alike_pairs(texts: Sequence[str], *, bounded: bool = True) -> list[tuple[int, int]]:
    """Index pairs (i < j) of `texts` worded alike, sorted; `bounded=False` compares every pair."""
    keys = [ratio_key(t) for t in texts]
    if bounded:
        first, second = _sharing_words(texts)
    else:
        first, second = np.triu_indices(len(texts), 1)
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(first), _CHUNK):
        a, b = first[start : start + _CHUNK], second[start : start + _CHUNK]
        scores = process.cpdist(
            [keys[i] for i in a], [keys[j] for j in b], scorer=fuzz.ratio,
            score_cutoff=SAME_RECOMMENDATION, dtype=np.float64, workers=1,
        )  # fmt: skip
        hits = np.nonzero(scores >= SAME_RECOMMENDATION)[0]
        pairs += zip(a[hits].tolist(), b[hits].tolist(), strict=True)
    return sorted(pairs)


def _words(text: str) -> set[str]:
    return set(_NOT_WORD.sub(" ", text.casefold()).split())


def _sharing_words(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j), sorted, whose distinct words have a Jaccard index of at least SHARED_WORDS.

    Every pair's shared words are counted, a block of rows at a time: the commonest words as bit
    masks (AND, then popcount), the rest by a sparse product, which is cheap once they are gone.
    """
    sets = [sorted(_words(t)) for t in texts]
    frequency = Counter(word for words in sets for word in words)
    ranked = sorted(frequency, key=lambda w: (-frequency[w], w))
    common = {word: k for k, word in enumerate(ranked[:_MASK_WORDS])}
    rest = {word: k for k, word in enumerate(ranked[_MASK_WORDS:])}
    bits_of, bits_at, rows, columns = [], [], [], []
    for i, words in enumerate(sets):
        for word in words:
            if (k := common.get(word)) is not None:
                bits_of.append(i)
                bits_at.append(k)
            else:
                rows.append(i)
                columns.append(rest[word])
    at = np.array(bits_at, dtype=np.uint64)
    masks = np.zeros((_MASK_WORDS // 64, len(sets)), dtype=np.uint64)  # one row per 64 words
    np.bitwise_or.at(
        masks, (at // np.uint64(64), np.array(bits_of, dtype=np.int64)), np.uint64(1) << (at % np.uint64(64))
    )
    others = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(len(sets), max(len(rest), 1))
    )
    sizes = np.array([len(words) for words in sets], dtype=np.int64)
    found_first, found_second = [], []
    for start in range(0, len(sets), _BLOCK):
        stop = min(start + _BLOCK, len(sets))
        # Rows start:stop against columns start: (the pairs i < j, and the block's own diagonal).
        shared = (others[start:stop] @ others[start:].T).toarray()
        for lane in masks:
            shared += np.bitwise_count(lane[start:stop, None] & lane[None, start:])
        union = sizes[start:stop, None] + sizes[None, start:] - shared
        alike = (shared >= SHARED_WORDS * union) & (shared > 0)
        alike &= np.arange(start, len(sets))[None, :] > np.arange(start, stop)[:, None]
        first, second = np.nonzero(alike)
        found_first.append(first + start)
        found_second.append(second + start)
    if not found_first:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(found_first).astype(np.int64), np.concatenate(found_second).astype(np.int64)
