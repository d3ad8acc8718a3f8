"""Finding syndicated copies among 10,000 documents: seconds, copies found, false merges.

    .venv/bin/python bench/dedup.py [--documents 10000] [--copies 0.1] [--seed 7]

The documents are synthetic: a word chain learnt from the sample corpus (corpus/) and the
federal texts of ../shared/corpus-public writes articles of 150 to 350 words in
paragraphs, with a headline of random words, a publisher and, for most, a date. A share of them (``--copies``)
get a near-duplicate of one of eight kinds: word for word under another headline, trimmed
to its first paragraphs, starting at another section, lightly edited (a few words
changed), a wire story credited "(AP)" with its last paragraphs cut and its own
ending, the same text byte for byte on another site six weeks later ("identical"), and
its first paragraph with a line of its own, often too short to be found by its words, on
a page that names the original as its canonical URL ("canonical") or listed under the
original's feed entry id ("guid"). Timed: sketching every document (what a build does at ingest) and comparing
them all (:func:`kg.stories.find_stories`, reading texts from memory).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import REPO, sample_paragraphs

from kg import ingest, stories
from kg.model import Document

PUBLIC = REPO.parent / "shared" / "corpus-public" / "federal-2019-2025.jsonl"


def training_words() -> list[list[str]]:
    """The paragraphs of the sample corpus and of corpus-public, as lists of words."""
    paragraphs = [p for article in sample_paragraphs() for p in article]
    if PUBLIC.exists():
        paragraphs += [p for d in ingest.read_corpus([PUBLIC]) if isinstance(d, Document)
                       for p in d.text.split("\n\n")]
    return [p.split() for p in paragraphs if len(p.split()) > 3]


class WordChain:
    """A chain of words on the two words before: enough to write text whose five-word
    runs rarely repeat those of another text, as unrelated articles do."""

    def __init__(self, paragraphs: list[list[str]]) -> None:
        self.next: dict[tuple[str, str], list[str]] = defaultdict(list)
        for words in paragraphs:
            padded = ["", "", *words, "\n"]
            for a, b, c in zip(padded, padded[1:], padded[2:], strict=False):
                self.next[(a, b)].append(c)

    def paragraph(self, rng: random.Random, most: int) -> str:
        a, b, out = "", "", []
        while len(out) < most:
            c = rng.choice(self.next[(a, b)])
            if c == "\n":
                break
            out.append(c)
            a, b = b, c
        return " ".join(out)


def article(chain: WordChain, rng: random.Random) -> list[str]:
    paragraphs, words = [], rng.randint(150, 350)
    while words > 0:
        paragraph = chain.paragraph(rng, rng.randint(20, 70))
        if len(paragraph.split()) >= 5:
            paragraphs.append(paragraph)
            words -= len(paragraph.split())
    return paragraphs


def near_duplicate(kind: str, paragraphs: list[str], chain: WordChain,
                   rng: random.Random) -> list[str]:
    if kind == "word for word":
        return list(paragraphs)
    if kind == "trimmed":
        return paragraphs[:max(1, len(paragraphs) // 2)]
    if kind == "another section":
        start = max(1, len(paragraphs) // 3)
        return paragraphs[start:] + [chain.paragraph(rng, 40)]
    if kind == "edited":
        words = " \n ".join(paragraphs).split(" ")
        for _ in range(5):
            words[rng.randrange(len(words))] = rng.choice(["migrants", "agents", "officials"])
        return " ".join(words).split(" \n ")
    if kind in ("canonical", "guid"):
        return paragraphs[:1] + [chain.paragraph(rng, 12)]
    if kind == "identical":
        return list(paragraphs)
    return paragraphs[:max(1, 2 * len(paragraphs) // 3)] + [chain.paragraph(rng, 30)]


KINDS = ("word for word", "trimmed", "another section", "edited", "wire", "identical",
         "canonical", "guid")


def document(identifier: str, text: str, **fields: str | None) -> Document:
    return Document(identifier, text, (), hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    **fields)


def corpus(count: int, share: float, seed: int) -> tuple[list[Document], dict[str, str]]:
    """``count`` documents, ``share`` of them near-duplicates; and copy -> original."""
    rng = random.Random(seed)
    paragraphs = training_words()
    chain = WordChain(paragraphs)
    # Headlines of unrelated articles rarely repeat: seven words drawn at random.
    vocabulary = sorted({word for words in paragraphs for word in words if word.isalpha()})
    documents: list[Document] = []
    copy_of: dict[str, str] = {}
    originals = int(count / (1 + share))
    for number in range(originals):
        paragraphs = article(chain, rng)
        dated = rng.random() < 0.7
        day = f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        documents.append(document(f"doc{number:06d}", "\n\n".join(paragraphs),
                                  title=" ".join(rng.sample(vocabulary, 7)).capitalize(),
                                  publication=rng.choice(["CBP", "DHS", "AP", "Reuters"]),
                                  date=day if dated else None,
                                  url=f"https://example.org/{number}",
                                  guid=f"urn:uuid:bench-{seed}-{number}"))
    for number in range(count - originals):
        original = documents[rng.randrange(originals)]
        kind = KINDS[number % len(KINDS)]
        paragraphs = original.text.split("\n\n")
        if kind == "wire":
            paragraphs = [f"WASHINGTON (AP) — {paragraphs[0]}", *paragraphs[1:]]
            documents[documents.index(original)] = original = document(
                original.id, "\n\n".join(paragraphs), title=original.title,
                publication=original.publication, date=original.date, url=original.url,
                guid=original.guid)
        text = "\n\n".join(near_duplicate(kind, paragraphs, chain, rng))
        identifier = f"copy{number:06d}"
        later = original.date
        if kind == "identical" and later:
            later = (date.fromisoformat(later) + timedelta(days=42)).isoformat()
        documents.append(document(identifier, text,
                                  title=original.title if rng.random() < 0.5 else f"{kind} {number}",
                                  publication="Syndicated", date=later,
                                  url=f"https://copies.example.net/{number}",
                                  canonical_url=original.url if kind == "canonical" else None,
                                  guid=original.guid if kind == "guid" else None))
        copy_of[identifier] = original.id
    return documents, copy_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--copies", type=float, default=0.1, help="near-duplicates per original")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    documents, copy_of = corpus(args.documents, args.copies, args.seed)
    texts = {d.id: d.text for d in documents}

    started = time.perf_counter()
    sketches = [stories.sketch(d) for d in documents]
    sketched = time.perf_counter() - started
    started = time.perf_counter()
    found = stories.find_stories(sketches, texts.get)
    compared = time.perf_counter() - started

    story = {document: s.id for s in found for document in s.documents}
    truth: dict[str, set[str]] = defaultdict(set)
    for copy, original in copy_of.items():
        truth[original].add(copy)
    groups = {original: {original, *copies} for original, copies in truth.items()}
    group_of = {d: original for original, members in groups.items() for d in members}
    recall = sum(1 for c, o in copy_of.items() if c in story and story[c] == story.get(o))
    false = sum(1 for s in found for i, a in enumerate(s.documents) for b in s.documents[i + 1:]
                if group_of.get(a) is None or group_of.get(a) != group_of.get(b))
    by_kind = {kind: [0, 0] for kind in KINDS}
    for number, (copy, original) in enumerate(copy_of.items()):
        counts = by_kind[KINDS[number % len(KINDS)]]
        counts[0] += story.get(copy) is not None and story.get(copy) == story.get(original)
        counts[1] += 1
    print(json.dumps({
        "documents": len(documents),
        "near_duplicates": len(copy_of),
        "sketch_seconds": round(sketched, 2),
        "compare_seconds": round(compared, 2),
        "total_seconds": round(sketched + compared, 2),
        "copies_found": recall,
        "found_by_kind": {kind: f"{hit}/{total}" for kind, (hit, total) in by_kind.items()},
        "false_merges": false,
        "stories": len(found),
    }, indent=1))


if __name__ == "__main__":
    main()
