"""Hostile and broken inputs through the real ``kg build``: nothing crashes, every input is accounted for.

One small corpus holds one of each kind of bad input next to good articles; the
test runs ``kg build`` on it as a subprocess and reads ``report.json``, stderr,
the cleaned texts and the graph. Two faults cannot be staged with files alone:

* an unreadable file, since root reads any file: when we are root the build runs
  under ``setpriv`` without the capabilities that bypass file permissions, so the
  ``chmod 0`` file is really unreadable;
* a file that vanishes during the build: a driver script runs ``kg.cli.main``
  with ``Path.read_bytes`` wrapped to delete that one file just before reading it,
  the window a real race would hit.

The 50 MB file is read at ingest level only: the build's answer to it is the
document length limit, which a 5 MB line checks end to end.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_ingest import write

from kg.ingest import read_corpus
from kg.model import Document, Skipped
from kg.settings import SETTINGS

ARTICLE = (
    "More than 500,000 migrants crossed the Darién Gap this year, Panamanian officials said. "
    "Most of them were Venezuelans who travelled north through Mexico to Tijuana."
)
SHELTERS = "Shelters in Ciudad Juárez filled up as Border Patrol agents arrested 415 people."
LATIN1 = "Migrants waited in Cancún before flying to Tijuana, a lawyer in Mexicali said."
UTF16 = "The CBP One app gave appointments at the San Ysidro port of entry in May."
# UTF-8 cut off inside its last character: still UTF-8, the cut character becomes U+FFFD.
BROKEN_UTF8 = "Families crossed the Río Grande from Ciudad Juárez on Tuesday’s".encode()[:-2]
HTML_WITHOUT_ARTICLE = """<!DOCTYPE html><html><head><title>Loading…</title>
<style>body { font-family: sans-serif } .app { display: none }</style>
<script>var migrants = "Tijuana"; window.location.hash = "CBP One";</script></head>
<body><div id="app"></div><script src="/bundle.js"></script>
<noscript>Please enable JavaScript to read this site.</noscript></body></html>"""

DRIVER = """\
import pathlib
import sys

from kg.cli import main

vanishing = sys.argv[1]
read_bytes = pathlib.Path.read_bytes


def read_bytes_while_it_vanishes(self):
    if self.name == vanishing:
        self.unlink(missing_ok=True)
    return read_bytes(self)


pathlib.Path.read_bytes = read_bytes_while_it_vanishes
sys.exit(main(sys.argv[2:]))
"""

@dataclass(frozen=True)
class Run:
    corpus: Path
    out: Path
    returncode: int
    stderr: str
    report: dict
    strict: int | None = None
    strict_stderr: str = ""

    def record(self, path: Path | str) -> dict:
        matches = [r for r in self.report["inputs"] if r["path"] == str(path)]
        assert len(matches) == 1, (path, self.report["inputs"])
        return matches[0]

    def text(self, document_id: str) -> str:
        return (self.out / "text" / f"{document_id}.txt").read_text(encoding="utf-8")


def kg_build(corpus: Path, out: Path, *extra: str, vanishing: str = "") -> Run:
    """``kg build corpus --out out`` in a subprocess, without file-permission override."""
    driver = out.parent / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    command = [
        sys.executable,
        str(driver),
        vanishing,
        "build",
        str(corpus),
        "--out",
        str(out),
        "--quiet",
        *extra,
    ]
    if os.geteuid() == 0:
        command = [
            shutil.which("setpriv") or "setpriv",
            "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search",
            *command,
        ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    report_path = out / "report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    return Run(corpus, out, result.returncode, result.stderr, report)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("as root, an unreadable file needs setpriv (util-linux) to drop the override")
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    write(corpus / "article.txt", ARTICLE)
    write(corpus / "zz-mirror.txt", f"{ARTICLE}\r\n\r\n")  # the same article under a second name
    write(corpus / "shelters.md", f"# Shelters fill up\n\n{SHELTERS}\n")
    write(corpus / "empty.txt", b"")
    write(corpus / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00")
    write(corpus / "broken-utf8.txt", BROKEN_UTF8)
    write(corpus / "latin1.txt", LATIN1.encode("latin-1"))
    write(corpus / "utf16.txt", UTF16.encode("utf-16"))  # with its byte order mark
    write(corpus / "page.html", HTML_WITHOUT_ARTICLE)
    write(
        corpus / "feed.jsonl",
        "\n".join(
            [
                json.dumps(
                    {"id": "feed-good", "text": "Title 42 ended in May, Alejandro Mayorkas said."}
                ),
                '{"id": "feed-bad", "text": "an unterminated string',
                json.dumps(["not", "an", "object"]),
                json.dumps(
                    {"text": "Asylum seekers from Russia flew to Cancún and then to Tijuana."}
                ),
            ]
        )
        + "\n",
    )
    write(corpus / "sub" / "note.txt", "Aid groups in Nogales handed out water and blankets.")
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    write(corpus / "unreadable.txt", "Nobody can read this article about Yuma.").chmod(0)
    write(corpus / "vanishing.txt", "This article about El Paso disappears during the build.")
    run = kg_build(corpus, root / "out", vanishing="vanishing.txt")
    # Again with --strict: nothing left to extract, so it costs no NLP.
    strict = kg_build(corpus, root / "out", "--strict", vanishing="vanishing.txt")
    return dataclasses.replace(run, strict=strict.returncode, strict_stderr=strict.stderr)


SKIPS = {  # path under the corpus -> the reason given
    "empty.txt": "empty file",
    "image.txt": "binary file",
    "page.html": "no article text found in the HTML",
    "feed.jsonl:2": "jsonl line 2: invalid JSON",
    "feed.jsonl:3": "jsonl line 3: not a JSON object",
    "self.txt": "symlink loop",
    "sub/loop": "symlink loop",
    "unreadable.txt": "permission denied",
    "vanishing.txt": "vanished during the build",
}
READS = {  # path under the corpus -> document id
    "article.txt": "article",
    "shelters.md": "shelters",
    "broken-utf8.txt": "broken-utf8",
    "latin1.txt": "latin1",
    "utf16.txt": "utf16",
    "feed.jsonl:1": "feed-good",
    "feed.jsonl:4": "feed-4",
    "sub/note.txt": "note",
    "zz-mirror.txt": "zz-mirror",
}


def test_the_build_skips_bad_inputs_without_a_traceback_and_exits_0(hostile: Run) -> None:
    assert hostile.returncode == 0, hostile.stderr
    assert "Traceback" not in hostile.stderr
    assert hostile.report["counts"]["documents"] == len(READS)
    assert hostile.report["counts"]["skipped"] == len(SKIPS)


def test_every_input_is_in_the_report_with_its_document_and_reason(hostile: Run) -> None:
    listed = {r["path"] for r in hostile.report["inputs"]}
    assert listed == {str(hostile.corpus / p) for p in (*SKIPS, *READS)}
    for path, reason in SKIPS.items():
        record = hostile.record(hostile.corpus / path)
        assert record["status"] == "skipped" and record["reason"].startswith(reason), record
    for path, document_id in READS.items():
        record = hostile.record(hostile.corpus / path)
        assert record == {
            "path": str(hostile.corpus / path),
            "document_id": document_id,
            "status": "read",
            "reason": None,
        }


def test_every_skip_is_one_line_on_stderr_with_path_and_reason(hostile: Run) -> None:
    lines = hostile.stderr.splitlines()
    for path, reason in SKIPS.items():
        prefix = f"kg: skipped {hostile.corpus / path}: {reason}"
        assert any(line.startswith(prefix) for line in lines), (prefix, hostile.stderr)


def test_legacy_encodings_and_broken_utf8_are_decoded_not_skipped(hostile: Run) -> None:
    assert hostile.text("latin1") == LATIN1
    assert hostile.text("utf16") == UTF16
    assert hostile.text("broken-utf8") == BROKEN_UTF8.decode("utf-8", errors="replace")
    assert "Río Grande" in hostile.text("broken-utf8")


def test_strict_exits_non_zero_when_inputs_were_skipped(hostile: Run) -> None:
    assert hostile.strict == 1 and "Traceback" not in hostile.strict_stderr


def test_the_same_article_under_two_names_is_one_story_of_two_sources(hostile: Run) -> None:
    [story] = hostile.report["stories"]
    assert story["documents"] == ["article", "zz-mirror"]
    assert [c["signal"] for c in story["copies"]] == ["identical"]
    solutions = ox.Store.read_only(str(hostile.out / "store")).query(
        "SELECT ?path WHERE { GRAPH ?g { ?doc <https://w3id.org/borderkg/ontology#story> ?s ; "
        "<https://w3id.org/borderkg/ontology#sourcePath> ?path } }"
    )
    assert isinstance(solutions, ox.QuerySolutions)
    paths = {row["path"].value for row in solutions}
    assert paths == {str(hostile.corpus / "article.txt"), str(hostile.corpus / "zz-mirror.txt")}


def test_a_5_mb_line_is_reported_as_too_long_not_crashed_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"  # the line alone: no document left to extract, no NLP
    line = ("Migrants crossed the border at Tijuana, officials said. " * 90_000)[:5_000_000]
    write(corpus / "long-line.txt", line)
    run = kg_build(corpus, tmp_path / "out")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    limit = SETTINGS.max_document_chars  # type: ignore[attr-defined]
    reason = f"document too long ({len(line.strip())} chars; limit {limit})"
    assert run.record(corpus / "long-line.txt") == {
        "path": str(corpus / "long-line.txt"),
        "document_id": None,
        "status": "skipped",
        "reason": reason,
    }
    assert f"kg: skipped {corpus / 'long-line.txt'}: {reason}" in run.stderr
    assert run.report["counts"]["documents"] == 0


# --- ingest level ------------------------------------------------------------------


def test_a_50_mb_file_is_read_and_refused_by_length_in_seconds(tmp_path: Path) -> None:
    paragraph = (
        "Migrants crossed the border at Tijuana on Monday, officials of the city said. " * 13
    )
    big = tmp_path / "dump.txt"
    with big.open("w", encoding="utf-8") as stream:
        for _ in range(50_000_000 // (len(paragraph) + 1)):
            stream.write(paragraph + "\n")
    assert big.stat().st_size > 49_000_000
    (result,) = read_corpus([big], max_chars=1_000_000)
    assert isinstance(result, Skipped) and result.path == str(big)
    assert result.reason.startswith("document too long (")
    assert result.reason.endswith(" chars; limit 1000000)")
    assert int(result.reason.split("(")[1].split(" ")[0]) > 48_000_000


def test_the_length_limit_is_on_the_cleaned_text_and_inclusive(tmp_path: Path) -> None:
    text = "Border Patrol agents arrested 415 people near Yuma."
    write(tmp_path / "a.txt", f"   {text}   \n\n\nCopyright 2023 Border Times.\n")
    (at_limit,) = read_corpus([tmp_path / "a.txt"], max_chars=len(text))
    assert isinstance(at_limit, Document) and at_limit.text == text
    (over,) = read_corpus([tmp_path / "a.txt"], max_chars=len(text) - 1)
    assert over == Skipped(
        str(tmp_path / "a.txt"), f"document too long ({len(text)} chars; limit {len(text) - 1})"
    )


def test_a_too_long_jsonl_line_is_skipped_and_the_others_kept(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        "\n".join(
            [
                json.dumps({"id": "short", "text": "Title 42 ended in May."}),
                json.dumps({"id": "long", "text": "Asylum seekers waited in Tijuana. " * 100}),
            ]
        ),
    )
    results = list(read_corpus([feed], max_chars=1000))
    assert [r.id for r in results if isinstance(r, Document)] == ["short"]
    assert [(r.path, r.reason.split(" (")[0]) for r in results if isinstance(r, Skipped)] == [
        (f"{feed}:2", "document too long")
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF16_LE + LATIN1.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + LATIN1.encode("utf-16-be"),
        LATIN1.encode("cp1252"),
        LATIN1.encode("utf-8") + b"\x80",
    ],
    ids=["utf-16-le", "utf-16-be", "cp1252", "utf-8-with-a-stray-byte"],
)
def test_accented_letters_survive_every_encoding(tmp_path: Path, encoded: bytes) -> None:
    (document,) = read_corpus([write(tmp_path / "a.txt", encoded)])
    assert isinstance(document, Document)
    assert document.text.rstrip("\ufffd") == LATIN1
