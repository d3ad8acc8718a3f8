"""Synthetic corpora for the benchmarks, made from the sample articles of corpus/.

Copies get distinct ids and slightly different text (paragraphs rotated, a closing
line with the copy's number), so ingest does not drop them as duplicates.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from kg import ingest
from kg.model import Document

REPO = Path(__file__).resolve().parents[1]
_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def sample_paragraphs() -> list[list[str]]:
    """The cleaned paragraphs of each sample article."""
    documents = [d for d in ingest.read_corpus([REPO / "corpus"]) if isinstance(d, Document)]
    return [d.text.split("\n\n") for d in documents]


def _spelled(number: int) -> str:
    return " ".join(_NUMBERS[int(digit)] for digit in str(number))


def write_articles(folder: Path, min_words: int, documents: int = 0) -> tuple[int, int]:
    """Whole articles, repeated until ``min_words`` and ``documents``; returns (documents, words)."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = sample_paragraphs()
    words = count = 0
    while words < min_words or count < documents:
        paragraphs = articles[count % len(articles)]
        shift = (count // len(articles)) % len(paragraphs)
        text = "\n\n".join(paragraphs[shift:] + paragraphs[:shift]
                           + [f"Archive copy {_spelled(count)}."])
        (folder / f"doc{count:06d}.txt").write_text(text + "\n", encoding="utf-8")
        words += len(text.split())
        count += 1
    return count, words


def write_small_documents(folder: Path, documents: int, max_words: int = 40) -> int:
    """``documents`` small articles, one sample paragraph of 12 to ``max_words`` words each;
    returns the words written."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = 1
    pool = [p for article in sample_paragraphs() for p in article
            if 12 <= len(p.split()) <= max_words]
    words = 0
    for number in range(documents):
        start = (number * paragraphs) % len(pool)
        chosen = [pool[(start + k) % len(pool)] for k in range(paragraphs)]
        text = "\n\n".join(chosen + [f"Archive copy {_spelled(number)}."])
        (folder / f"doc{number:06d}.txt").write_text(text + "\n", encoding="utf-8")
        words += len(text.split())
    return words


def kg_build(corpus: Path, out: Path, jobs: int) -> tuple[float, dict]:
    """Run ``kg build`` as a user would; return its wall-clock seconds and its report."""
    kg = Path(sys.executable).parent / "kg"
    started = time.perf_counter()
    subprocess.run([str(kg), "build", str(corpus), "--out", str(out), "--quiet", "-j", str(jobs)],
                   check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    seconds = time.perf_counter() - started
    return seconds, json.loads((out / "report.json").read_text())
