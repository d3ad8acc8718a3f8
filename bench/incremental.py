"""An incremental rebuild against a full build: 1,000 documents, one of them changed.

    .venv/bin/python bench/incremental.py [--documents 1000] [--articles] [--jobs 2]

Documents are one sample paragraph each by default (a fast run where the fixed cost of
starting a build weighs most); ``--articles`` makes them whole sample articles (about
1,700 words), as a corpus of news really is.

Times, as commands: the full build, a rebuild with nothing changed, and a rebuild
after one document was edited. Goal: the one-document rebuild takes at most 5% of
the full build.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import kg_build, write_articles, write_small_documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--articles", action="store_true", help="whole articles, not paragraphs")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-incremental-") as scratch:
        corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
        if args.articles:
            words = write_articles(corpus, 1, documents=args.documents)[1]
        else:
            words = write_small_documents(corpus, args.documents)
        full, report = kg_build(corpus, out, args.jobs)
        print(f"full build of {args.documents} documents ({words} words): {full:.1f} s  "
              f"{json.dumps(report['seconds'])}")
        same, report = kg_build(corpus, out, args.jobs)
        print(f"rebuild, nothing changed:           {same:.1f} s  {json.dumps(report['seconds'])}")
        edited = sorted(corpus.glob("*.txt"))[args.documents // 2]
        edited.write_text(edited.read_text() + "\nThe CBP One app opened in Tijuana.\n")
        one, report = kg_build(corpus, out, args.jobs)
        print(f"rebuild, one document changed:      {one:.1f} s  {json.dumps(report['seconds'])}")
        print(f"    {json.dumps(report['incremental'])}")
        print(f"one-document rebuild / full build: {one / full:.3f}  (goal <= 0.05)")


if __name__ == "__main__":
    main()
