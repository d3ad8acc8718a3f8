"""Documents -> stories: syndicated copies of one release or article found and collapsed.

The same agency release or wire story runs on many sites, under other headlines, with
paragraphs trimmed or starting at another section. Copies are found by signals, the
cheapest first:

0. ``identical``: the same cleaned text (its content hash), whatever else is known of
   the two: each keeps its own URL, outlet, title and date as a source of the story;
1. ``url``: the same page (the URL normalised: scheme, ``www.``, tracking parameters,
   trailing slash and fragment left out), as read or as the page names its original
   (``Document.canonical_url``: a syndicating site points ``<link rel=canonical>`` or
   ``og:url`` at the page it copied);
   ``guid``: the same feed entry id (``Document.guid``; an id that is no URI counts
   within its site only);
2. ``title``: the same title on the same day (an unknown date is any day), by the same
   publisher where both are given, the texts sharing a passage;
3. ``wire``: the same wire credit (``pipelines/wire_credits.json``: "(AP)", "Reuters", …)
   in both, and a good part of the shorter text in the longer;
4. ``text``: MinHash signatures over word shingles put documents that may share text in
   the same LSH bucket (:func:`minhash`, :func:`candidate_pairs`); a pair is a copy when most of the shorter text's
   shingles are in the other one (containment, not Jaccard similarity: a trimmed copy
   is a small part of its original).

Two documents whose dates are both known and further apart than :data:`COPY_DAYS` are
never one story, whatever the signal but ``identical``: a report updated years later at the same URL is
a new edition. Copies join transitively into a :class:`~kg.model.Story`, whose first
document is the fullest text.

A story's facts count once: :func:`without_retold` drops from each later document of a
story the mentions and facts of sentences an earlier one already told, word for word.

Examples
--------
>>> first = Document("a", "Agents rescued 12 migrants near Lukeville on Tuesday, and "
...                  "took them to a hospital in Ajo for treatment.", ("a",), "h1",
...                  title="Agents rescue 12 migrants")
>>> copy = Document("b", first.text, ("b",), "h2", title="Agents Rescue 12 Migrants",
...                 url="https://example.com/b")
>>> [story.documents for story in find_stories([sketch(first), sketch(copy)],
...                                            {"a": first.text, "b": copy.text}.get)]
[('a', 'b')]
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np

from kg.model import Copy, Document, Evidence, Extraction, Mention, Story
from kg.namespaces import ID
from kg.resources import data_dir

SHINGLE_WORDS = 5
"""Words per shingle: five-word runs rarely recur in unrelated texts of one topic."""
PERMUTATIONS = 128
LSH_BANDS = (64, 2)
"""Bands of rows of the MinHash that put two documents in one LSH bucket: a pair whose
Jaccard similarity is 0.2 meets in one with probability 0.93, 0.3 with 0.998, 0.02 with
0.025. Low, because a copy that holds a fifth of its original is a fifth as similar;
every candidate is checked on its exact shingles."""
_EMPTY_HASH = np.uint32(0xFFFFFFFF)
COPY_OVERLAP = 0.4
"""Share of the shorter text's shingles found in the other that makes a copy. On the
80 federal texts of corpus-public, copies starting at another section share 0.44-0.48;
distinct texts of one agency or series at most 0.26 (its boilerplate)."""
WIRE_OVERLAP = 0.3
"""The same, for two texts that carry the same wire credit."""
TITLE_OVERLAP = 0.05
"""The passage two texts of the same title share: a copy that starts at another section
of the page shares a paragraph (0.08-0.10 on corpus-public), two pages that merely have
the same heading share none."""
MIN_SHARED = 40
"""Shingles (about as many words) two texts must share to be copies by their text alone:
a trimmed copy of one paragraph of boilerplate is not a story."""
COPY_DAYS = 7
"""Two dated documents further apart are never copies of one story."""
CREDIT_CHARS = 400
TITLE_MIN_WORDS = 4
"""Shorter titles ("Press Release", "Immigration Parole") name a kind of page, not one."""

_WORD = re.compile(r"\w+")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$)")
_RANK = {"identical": 0, "url": 1, "guid": 2, "title": 3, "wire": 4, "text": 5}
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def words(text: str) -> list[str]:
    """The words of a text, case and typographic variants folded.

    Examples
    --------
    >>> words("McAleenan’s   Remarks:")
    ['mcaleenan', 's', 'remarks']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str) -> set[str]:
    """The runs of :data:`SHINGLE_WORDS` words of a text (the whole text when shorter)."""
    found = words(text)
    if len(found) <= SHINGLE_WORDS:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i:i + SHINGLE_WORDS]) for i in range(len(found) - SHINGLE_WORDS + 1)}


def containment(one: set[str], other: set[str]) -> tuple[float, int]:
    """The share of the smaller set found in the other, and how many members they share.

    Examples
    --------
    >>> containment({"a", "b"}, {"a", "b", "c", "d"})
    (1.0, 2)
    """
    shared = len(one & other)
    return (shared / min(len(one), len(other)) if one and other else 0.0), shared


def normal_url(url: str | None) -> str | None:
    """A URL as a key of the page it names.

    Examples
    --------
    >>> normal_url("http://www.CBP.gov/newsroom/release/?utm_source=x&id=3#top")
    'cbp.gov/newsroom/release?id=3'
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def normal_guid(guid: str | None, url: str | None = None) -> str | None:
    """A feed entry id as a key: a URL normalised (:func:`normal_url`), another URI
    (``urn:uuid:…``, ``tag:…``) as written, a bare id ("48213") qualified by the host of
    the page (``url``), which it is unique within; ``None`` for a bare id of no known site.

    Examples
    --------
    >>> normal_guid("https://www.cbp.gov/node/123/"), normal_guid(" 48213 ", "https://cbp.gov/a")
    ('cbp.gov/node/123', 'cbp.gov#48213')
    """
    guid = (guid or "").strip()
    if not guid:
        return None
    if guid.casefold().startswith(("http://", "https://")):
        return normal_url(guid)
    if _URI.match(guid):
        return guid
    host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    return f"{host}#{guid}" if host else None


def normal_title(title: str | None) -> str | None:
    """A title as a key: its words, when it has at least :data:`TITLE_MIN_WORDS`."""
    found = words(title or "")
    return " ".join(found) if len(found) >= TITLE_MIN_WORDS else None


@cache
def _wire_pattern() -> re.Pattern[str]:
    """One expression for every credit of ``pipelines/wire_credits.json``, a named group
    for each: one scan of a text finds them all."""
    rules = json.loads((data_dir("pipelines") / "wire_credits.json").read_text(encoding="utf-8"))
    return re.compile("|".join(f"(?P<{credit['id']}>{'|'.join(credit['patterns'])})"
                               for credit in rules["credits"]))


def wire_credits(text: str) -> frozenset[str]:
    """The ids of the wire services a text credits in its dateline or its closing lines
    (the first and last :data:`CREDIT_CHARS` characters).

    Examples
    --------
    >>> sorted(wire_credits("MEXICO CITY (AP) — Migrants ..."))
    ['ap']
    """
    ends = text if len(text) <= 2 * CREDIT_CHARS else \
        f"{text[:CREDIT_CHARS]}\n{text[-CREDIT_CHARS:]}"
    return frozenset(str(found.lastgroup) for found in _wire_pattern().finditer(ends))


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine maps ``h -> a h + b`` (mod 2**32, ``a`` odd: one-to-one) of the MinHash."""
    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)


def minhash(members: Iterable[str]) -> np.ndarray:
    """The MinHash of a set of strings: for each of :data:`PERMUTATIONS` affine maps, the
    least image of a member's hash.

    Each member is hashed with CRC-32 (five words of text rarely collide in 32 bits), mixed
    by the MurmurHash3 finalizer, then mapped: the "affine32" scheme of datasketch 2, whose
    import alone (scipy) cost more CPU than the sketches of a corpus.

    Examples
    --------
    >>> one, other = minhash(["a b", "b c", "c d"]), minhash(["b c", "c d", "d e"])
    >>> len(one), 0.2 < float((one == other).mean()) < 0.8
    (128, True)
    >>> bool((minhash([]) == 0xFFFFFFFF).all())
    True
    """
    hashes = np.array([zlib.crc32(member.encode("utf-8")) for member in members], dtype=np.uint32)
    if not len(hashes):
        return np.full(PERMUTATIONS, _EMPTY_HASH)
    hashes ^= hashes >> np.uint32(16)
    hashes *= np.uint32(0x85EBCA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2AE35)
    hashes ^= hashes >> np.uint32(16)
    a, b = _permutations()
    return (hashes[:, np.newaxis] * a + b).min(axis=0)


@dataclass(frozen=True, eq=False)
class Sketch:
    """What finding copies needs of one document: its keys and the MinHash of its text."""

    document_id: str
    shingle_count: int
    content_hash: str
    pages: frozenset[str]
    guid: str | None
    title: str | None
    date: str | None
    publication: str | None
    wires: frozenset[str]
    minhash: np.ndarray


def sketch(document: Document) -> Sketch:
    """The sketch of a document (with its text)."""
    found = shingles(document.text)
    pages = frozenset(page for page in (normal_url(document.url), normal_url(document.canonical_url))
                      if page)
    return Sketch(document.id, len(found), document.content_hash, pages,
                  normal_guid(document.guid, document.url), normal_title(document.title),
                  document.date or None, (document.publication or "").strip().casefold() or None,
                  wire_credits(document.text), minhash(found))


def _day(value: str | None) -> Date | None:
    try:
        return Date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _days_apart(one: Sketch, other: Sketch) -> int | None:
    first, second = _day(one.date), _day(other.date)
    return None if first is None or second is None else abs((first - second).days)


class _Texts:
    """The exact shingles of the documents that candidate pairs name, read once each."""

    def __init__(self, text_of: Callable[[str], str | None]) -> None:
        self._text_of = text_of
        self._shingles: dict[str, set[str]] = {}

    def overlap(self, one: str, other: str) -> tuple[float, int]:
        """The containment of the two texts' shingles, and how many they share."""
        first, second = self.of(one), self.of(other)
        return containment(first, second)

    def of(self, document_id: str) -> set[str]:
        if document_id not in self._shingles:
            self._shingles[document_id] = shingles(self._text_of(document_id) or "")
        return self._shingles[document_id]


def _match(one: Sketch, other: Sketch, texts: _Texts) -> Copy | None:
    """Whether ``other`` copies ``one`` (or the reverse), and by which signal."""
    if one.content_hash and one.content_hash == other.content_hash:
        return Copy(other.document_id, one.document_id, "identical", 1.0)
    apart = _days_apart(one, other)
    if apart is not None and apart > COPY_DAYS:
        return None
    overlap, shared = texts.overlap(one.document_id, other.document_id)
    same_publisher = None in (one.publication, other.publication) \
        or one.publication == other.publication
    if one.pages & other.pages:
        signal = "url"
    elif one.guid is not None and one.guid == other.guid:
        signal = "guid"
    elif (one.title is not None and one.title == other.title and same_publisher
            and apart in (None, 0) and overlap >= TITLE_OVERLAP):
        signal = "title"
    elif shared < MIN_SHARED:
        return None
    elif one.wires & other.wires and overlap >= WIRE_OVERLAP:
        signal = "wire"
    elif overlap >= COPY_OVERLAP:
        signal = "text"
    else:
        return None
    return Copy(other.document_id, one.document_id, signal, round(overlap, 3))


def candidate_pairs(sketches: Sequence[Sketch]) -> list[tuple[int, int]]:
    """Pairs of positions in ``sketches`` that an exact key brings together, or an LSH
    bucket with a containment the MinHash estimates at half a copy's at least; sorted."""
    keyed: set[tuple[int, int]] = set()
    by_key: dict[tuple[str, str], list[int]] = {}
    for position, found in enumerate(sketches):
        keys = [("hash", found.content_hash or None), ("guid", found.guid), ("title", found.title)]
        for kind, key in [*keys, *(("url", page) for page in sorted(found.pages))]:
            if key is not None:
                by_key.setdefault((kind, key), []).append(position)
        for wire in found.wires:
            by_key.setdefault(("wire", wire), []).append(position)
    for kind, key in sorted(by_key):
        members = by_key[(kind, key)]
        if kind != "wire":  # a wire credit alone is no reason to compare texts
            keyed.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    bucketed: set[tuple[int, int]] = set()
    bands, rows = LSH_BANDS
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for position, found in enumerate(sketches):
        if found.shingle_count:
            for band in range(bands):
                bucket = (band, found.minhash[band * rows:(band + 1) * rows].tobytes())
                members = buckets.setdefault(bucket, [])
                bucketed.update((other, position) for other in members)
                members.append(position)
    return sorted(keyed | set(_likely(sketches, sorted(bucketed - keyed))))


def _likely(sketches: Sequence[Sketch], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs whose containment the MinHash estimates at half :data:`WIRE_OVERLAP` or more.

    The share of equal MinHash values estimates the Jaccard similarity J (within 0.04 at
    0.3 with 128 values); |A ∩ B| = J (|A| + |B|) / (1 + J) gives the containment.
    """
    if not pairs:
        return []
    left, right = np.array(pairs).T
    values = np.stack([s.minhash for s in sketches])
    sizes = np.array([s.shingle_count for s in sketches], dtype=float)
    jaccard = (values[left] == values[right]).mean(axis=1)
    shared = jaccard * (sizes[left] + sizes[right]) / (1 + jaccard)
    estimate = shared / np.maximum(np.minimum(sizes[left], sizes[right]), 1)
    keep = estimate >= WIRE_OVERLAP / 2
    return [(int(a), int(b)) for a, b in zip(left[keep], right[keep], strict=True)]


def find_stories(sketches: Iterable[Sketch], text_of: Callable[[str], str | None]) -> tuple[Story, ...]:
    """The stories of more than one document among ``sketches``, in the order of their ids.

    ``text_of`` gives a document's text by id; only documents of candidate pairs are read.
    A story's documents come fullest first (the most shingles, then the id); each later
    one is a :class:`~kg.model.Copy` of a document before it.
    """
    ordered = sorted(sketches, key=lambda s: s.document_id)
    texts = _Texts(text_of)
    matches: list[Copy] = []
    for a, b in candidate_pairs(ordered):
        found = _match(ordered[a], ordered[b], texts)
        if found is not None:
            matches.append(found)
    parent = {s.document_id: s.document_id for s in ordered}

    def root(document_id: str) -> str:
        while parent[document_id] != document_id:
            parent[document_id] = parent[parent[document_id]]
            document_id = parent[document_id]
        return document_id

    for match in matches:
        one, other = root(match.document_id), root(match.of)
        if one != other:
            parent[max(one, other)] = min(one, other)
    members: dict[str, list[Sketch]] = {}
    for member in ordered:
        members.setdefault(root(member.document_id), []).append(member)
    found_stories = [_story(group, matches) for group in members.values() if len(group) > 1]
    return tuple(sorted(found_stories, key=lambda story: story.id))


def _story(group: list[Sketch], matches: list[Copy]) -> Story:
    """One story: its documents fullest first, each later one with the match that joined it."""
    documents = tuple(s.document_id for s in sorted(group, key=lambda s: (-s.shingle_count,
                                                                           s.document_id)))
    rank = {document: position for position, document in enumerate(documents)}
    copies = []
    for document in documents[1:]:
        # The strongest signal to a fuller document, seen from the later one.
        options = [replace(m, document_id=document, of=m.of if m.document_id == document
                           else m.document_id)
                   for m in matches if document in (m.document_id, m.of)]
        options = [m for m in options if m.of in rank and rank[m.of] < rank[document]] or options
        copies.append(min(options, key=lambda m: (_RANK[m.signal], -m.overlap, rank[m.of])))
    return Story(id=f"{ID}story/{documents[0]}", documents=documents, copies=tuple(copies))


def story_of(stories: Iterable[Story]) -> dict[str, Story]:
    """Each document of a story -> its story."""
    return {document: story for story in stories for document in story.documents}


def without_retold(extraction: Extraction, earlier: Iterable[str]) -> Extraction:
    """``extraction`` without what the ``earlier`` texts of its story already told.

    A sentence is retold when its words, in order, are in an earlier text; its mentions
    and the facts it is the evidence of are dropped, except the mentions a kept fact
    needs (the traveller of a leg told in a sentence of its own).

    Examples
    --------
    >>> from kg.model import Document, Evidence, Mention
    >>> text = "CBP One crashed. Agents met Ms. Ruiz."
    >>> def mention(name, start, end):
    ...     return Mention(name, "App", Evidence("b", start, start + len(name), name, start, end,
    ...                                          text[start:end]))
    >>> extraction = Extraction(Document("b", text, ("b",), "h"),
    ...                         (mention("CBP One", 0, 16), mention("Ruiz", 33, 37)))
    >>> [m.name for m in without_retold(extraction, ["Yesterday CBP ONE crashed."]).mentions]
    ['Ruiz']
    """
    unread = iter(earlier)
    told: list[str] = []  # the earlier texts read so far, their words between spaces

    def told_texts() -> Iterator[str]:
        # An earlier text is read only when no text before it told a sentence: most
        # copies' sentences are all in the first one.
        yield from told
        for text in unread:
            told.append(f" {' '.join(words(text))} ")
            yield told[-1]

    verdict: dict[tuple[int, int], bool] = {}

    def retold(evidence: Evidence) -> bool:
        span = (evidence.sentence_start, evidence.sentence_end)
        if span not in verdict:
            key = " ".join(words(evidence.sentence))
            verdict[span] = bool(key) and any(f" {key} " in text for text in told_texts())
        return verdict[span]

    relations = tuple(r for r in extraction.relations if not retold(r.evidence))
    legs = tuple(leg for leg in extraction.route_legs if not retold(leg.evidence))
    statistics = tuple(s for s in extraction.statistics if not retold(s.evidence))
    quotes = tuple(q for q in extraction.quotes if not retold(q.evidence))
    needed: list[Mention | None] = [m for r in relations for m in (r.subject, r.object)]
    needed += [m for leg in legs for m in (leg.origin, leg.destination, *leg.travellers)]
    needed += [m for s in statistics for m in (s.group, s.place)]
    needed += [m for q in quotes for m in (q.speaker, *q.about)]
    spans = {(m.evidence.start, m.evidence.end) for m in needed if m is not None}
    mentions = tuple(m for m in extraction.mentions
                     if not retold(m.evidence) or (m.evidence.start, m.evidence.end) in spans)
    return replace(extraction, mentions=mentions, relations=relations, route_legs=legs,
                   statistics=statistics, quotes=quotes)
