"""The benchmarks' floor: a FastAPI app with one trivial endpoint, served like peergraph (uvicorn).

.venv/bin/python -m uvicorn benchmarks.trivial_app:app --port 8730
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
def ping() -> dict[str, bool]:
    """A sync route, as peergraph's are: it runs in the same thread pool."""
    return {"ok": True}
