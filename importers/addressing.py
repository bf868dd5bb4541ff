"""Which findings a summary recommendation addresses, so its trace can quote the evidence.

An inline recommendation sits inside its finding. A summary recommendation ("Recommendations for
next steps") restates findings from earlier in the report in other words, so it is matched to
the findings that share its most telling words (BM25 over the report's own findings).
"""

from __future__ import annotations

import bm25s
import Stemmer

MAX_FINDINGS = 3
RELATIVE_FLOOR = 0.7
"""Keep findings scoring at least this share of the best match."""
MIN_SCORE = 4.0
"""Below this BM25 score the best match shares too few words to cite as evidence."""

_STEMMER = Stemmer.Stemmer("english")


def addressed_findings(recommendations: list[str], findings: list[str]) -> list[list[int]]:
    """For each recommendation text, the indexes of the findings it most likely addresses."""
    if not recommendations or not findings:
        return [[] for _ in recommendations]
    corpus = bm25s.tokenize(findings, stopwords="en", stemmer=_STEMMER, show_progress=False)
    index = bm25s.BM25()
    index.index(corpus, show_progress=False)
    queries = bm25s.tokenize(recommendations, stopwords="en", stemmer=_STEMMER, show_progress=False)
    k = min(MAX_FINDINGS, len(findings))
    documents, scores = index.retrieve(queries, k=k, show_progress=False, n_threads=1)
    addressed = []
    for row_documents, row_scores in zip(documents, scores, strict=True):
        best = float(row_scores[0]) if len(row_scores) else 0.0
        addressed.append(
            [
                int(document)
                for document, score in zip(row_documents, row_scores, strict=True)
                if best >= MIN_SCORE and float(score) >= RELATIVE_FLOOR * best
            ]
        )
    return addressed
