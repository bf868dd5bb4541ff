# The peergraph web service. `docker compose up` runs it against Neo4j (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY peergraph ./peergraph
COPY graph ./graph
COPY importers ./importers
COPY api ./api
COPY viz ./viz
RUN pip install . && useradd --create-home peergraph
USER peergraph

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"
CMD ["peergraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
