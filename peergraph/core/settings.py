"""One settings object, read from the environment (PEERGRAPH_*, NEO4J_*) and overridden by flags."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_path() -> Path:
    return Path(user_data_dir("peergraph")) / "graph.lbug"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PEERGRAPH_", extra="ignore")

    db: Path = Field(default_factory=default_db_path, description="Embedded store location")
    auth_db: Path | None = Field(
        None, description="Credentials database (API keys); default: beside the embedded store"
    )
    max_file_mb: float = Field(50.0, description="Largest report or plan file accepted, in MB")
    parse_timeout_s: float = Field(60.0, description="Longest the service spends reading one uploaded file")
    seeds: Path | None = Field(None, description="Folder of reference reports used by tests")
    reports: Path | None = Field(
        None, description="Folder `make demo` imports instead of the built-in examples"
    )
    extra_councils: str = Field(
        "",
        description="CSV files (separated by the OS path separator) of councils missing from the reference table",
    )

    pattern_files: str = Field(
        "",
        description="Pattern YAML files (separated by the OS path separator) added to the built-in library",
    )
    tag_on_import: bool = Field(True, description="Tag findings with patterns as reports are imported")
    buffer_pool_mb: int = Field(
        0,
        description="Cap on the memory the embedded store caches pages in, in MB (0: LadybugDB's default, "
        "80% of RAM). The store needs more as it grows: 192 MB failed a checkpoint after ~300 synthetic reports "
        "without tagging, and a cap too low fails with an error naming this setting",
    )
    embedding_cache: Path | None = Field(
        None,
        description="SQLite file of sentence vectors kept across runs; default: embeddings.sqlite beside "
        "the embedded store, or in the user cache folder with Neo4j",
    )
    embedding_cache_rows: int = Field(
        200_000,
        description="Most sentence vectors the embedding cache keeps (about 1.5 kB each); 0 turns it off",
    )
    open_reads: bool = Field(True, description="Serve reads without an API key")
    cors_origins: str = Field("", description="Comma-separated origins allowed by CORS (off when empty)")
    public_url: str | None = Field(
        None,
        description="Where readers of a learning brief can reach the web pages (e.g. https://peergraph.example.org); "
        "citation links in briefs are built from it, and a brief has no links when it is unset",
    )
    log_level: str = Field("INFO", description="Log level of the web service")
    warm_reads: bool = Field(
        True,
        description="Build the search index and read every council's page in the background when the "
        "web service starts and whenever the data changes, so no reader waits for them "
        "(seconds on a large store)",
    )
    precompute_candidates: bool = Field(
        True,
        description="Start working out candidate patterns when the web service starts, "
        "so the first reader does not wait for them (minutes on a large store)",
    )

    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field("", validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")

    @property
    def extra_council_files(self) -> tuple[Path, ...]:
        return tuple(Path(part) for part in self.extra_councils.split(os.pathsep) if part.strip())

    @property
    def pattern_file_paths(self) -> tuple[Path, ...]:
        return tuple(Path(part) for part in self.pattern_files.split(os.pathsep) if part.strip())

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
