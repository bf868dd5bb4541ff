"""`peergraph parse` as a user runs it: the --json contract, --text spans, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.renderers import (
    write_encrypted_pdf,
    write_image_only_pdf,
    write_junk,
    write_legacy_doc,
    write_not_a_zip,
    write_zip_without_document,
)

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


def parse(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PEERGRAPH, "parse", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_json_follows_the_contract_and_spans_index_the_text(seeds_dir: Path) -> None:
    report = seeds_dir / "002_d7ec74ae7fe5706d.txt"
    parsed = json.loads(parse(str(report), "--json").stdout)
    text = parse(str(report), "--text").stdout
    assert (
        parsed["council"] | {"name": "Somerset Council", "id": "E06000066", "region": "South West"}
        == parsed["council"]
    )
    assert parsed["report_date"] == "2024-03"
    assert {"name", "team_role", "job_title", "organisation"} <= set(parsed["peer_team"][0])
    assert isinstance(parsed["patterns"], dict)
    for finding in parsed["findings"]:
        assert {"text", "polarity", "theme", "quality_statement", "section", "span", "sentences"} <= set(
            finding
        )
        assert text[finding["span"][0] : finding["span"][1]] == finding["text"]
        for sentence in finding["sentences"]:
            start, end = sentence["span"]
            assert finding["span"][0] <= start < end <= finding["span"][1]
            assert text[start:end] in finding["text"]
            assert sentence["polarity"] in {"strength", "area_for_development", "neutral"}
    for recommendation in parsed["recommendations"]:
        assert {"text", "source", "owners", "span"} <= set(recommendation)
        assert text[recommendation["span"][0] : recommendation["span"][1]] == recommendation["text"]


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _not_a_report(path: Path) -> Path:
    path.write_text("Minutes of the parish council.\n\nThe meeting opened at 7pm. Apologies were received.\n")
    return path


def _deeply_nested_page(path: Path) -> Path:
    """300 nested lists in 7 KB: once a 2,000-line RecursionError traceback and exit 1."""
    path.write_text("<html><body>" + "<ul><li>" * 300 + "Torbay peer challenge" + "</li></ul>" * 300)
    return path


def _corrupt_docx(path: Path) -> Path:
    """A Word file whose [Content_Types].xml is not a content-types part (once: "'lxml.etree._Element'
    object has no attribute 'overrides'")."""
    from docx import Document as new_word_document

    new_word_document().save(str(path))
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["[Content_Types].xml"] = b"<Foo/>"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


BAD_FILES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("empty.txt", _empty, "empty"),
    ("junk.txt", write_junk, "binary"),
    ("encrypted.pdf", write_encrypted_pdf, "encrypted"),
    ("scanned.pdf", write_image_only_pdf, "no text layer"),
    ("broken.docx", write_not_a_zip, "not a zip"),
    ("hollow.docx", write_zip_without_document, "docx"),
    ("legacy.doc", write_legacy_doc, ".docx"),
    ("minutes.txt", _not_a_report, "not a peer challenge report"),
    ("nested.html", _deeply_nested_page, "nested more than"),
    ("corrupt.docx", _corrupt_docx, "corrupt"),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_FILES, ids=[name for name, _, _ in BAD_FILES])
def test_bad_input_gets_one_line_naming_the_file_and_exit_2(
    tmp_path: Path, name: str, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path / name)
    done = parse(str(path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0] and reason in lines[0].lower(), done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_over_the_size_limit_is_refused(seeds_dir: Path) -> None:
    done = parse(str(seeds_dir / "000_e35a0d42f35d5c45.txt"), env={"PEERGRAPH_MAX_FILE_MB": "0.01"})
    assert done.returncode == 2
    assert "over the" in done.stderr and "limit" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    done = parse(str(tmp_path / "nowhere.pdf"))
    assert done.returncode == 2 and "nowhere.pdf: no such file" in done.stderr


def test_a_report_saved_as_utf16_text_parses_as_the_utf8_one(seeds_dir: Path, tmp_path: Path) -> None:
    """What Excel's "Unicode text" export writes: UTF-16 with a byte-order mark (once "binary data")."""
    report = seeds_dir / "002_d7ec74ae7fe5706d.txt"
    utf16 = tmp_path / "somerset-unicode.txt"
    utf16.write_bytes(report.read_text(encoding="utf-8").encode("utf-16"))
    original, converted = (json.loads(parse(str(path), "--json").stdout) for path in (report, utf16))
    assert converted["council"]["id"] == original["council"]["id"] == "E06000066"
    assert converted["report_date"] == original["report_date"]
    assert len(converted["findings"]) == len(original["findings"]) > 50
