"""Byte-identical copies in a build: documents the NLP reads, seconds, and the graph's digest.

    .venv/bin/python bench/identical_copies.py [--copies 40] [--jobs 1] [--folder DIR]

The corpus is the 80 federal texts of ../shared/corpus-public and ``--copies`` reposts of
them, each the text of one record word for word on another site, under the record's
title (every other one) or a title of its own, with its own URL, outlet and date. ``kg
build`` runs as a user runs it, in a fresh build folder; the digest of ``graph.trig``
compares two versions of borderkg on the same corpus when both run in the same
``--folder`` (the graph names the corpus files it read).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import REPO, kg_build

PUBLIC = REPO.parent / "shared" / "corpus-public" / "federal-2019-2025.jsonl"


def write_corpus(folder: Path, copies: int) -> int:
    """corpus-public and ``copies`` reposts in ``folder``; returns the number of documents."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [json.loads(line) for line in PUBLIC.read_text(encoding="utf-8").splitlines()]
    originals = [r for r in records if not r.get("copy_of")]
    reposts = []
    for number in range(copies):
        original = originals[number % len(originals)]
        reposts.append({"id": f"repost-{number:04d}-{original['id']}",
                        "title": original["title"] if number % 2 else f"Repost {number}",
                        "publication": "Border News Wire", "date": "2025-06-01",
                        "url": f"https://wire.example.net/{number}", "text": original["text"]})
    lines = [json.dumps(r, ensure_ascii=False) for r in records + reposts]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--folder", type=Path, help="where the corpus and the build go "
                        "(default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        corpus, out = folder / "corpus", folder / "build"
        shutil.rmtree(out, ignore_errors=True)
        documents = write_corpus(corpus, args.copies)
        seconds, report = kg_build(corpus, out, args.jobs)
        digest = hashlib.sha256((out / "graph.trig").read_bytes()).hexdigest()
    changes = report["incremental"]
    print(json.dumps({
        "documents": documents,
        "nlp_documents": changes["extracted"],
        "copied": changes.get("copied"),
        "seconds": round(seconds, 1),
        "nlp_seconds": report["seconds"].get("nlp"),
        "stories": report["counts"]["stories"],
        "graph_trig_sha256": digest,
    }, indent=1))


if __name__ == "__main__":
    main()
