"""CQC's assessments of councils in the graph, and how they compare with what peer teams found.

`loader` writes what `importers.cqc` reads (one transaction per file, idempotent); `reads`
answers the council and cross-council questions, with the arithmetic in `analysis` as pure
functions over typed rows.
"""
