"""Counts that contradict each other, paired once when the graph is built.

Two statistics contradict each other when two documents, not copies of one story,
count the same thing with different numbers:

- the same thing: the same group (an entity, or none on both), what is counted (any
  case) and unit, in the same place where both name one;
- for the same time: the days both periods cover (resolved against each document's
  date, :func:`kg.periods.resolve`) meet, or, where either is not resolved, the periods
  read the same words (any case). A count without a period, or without what it
  counts, is compared with none;
- different numbers: their ``bk:value`` as the graph states it differs.

A build pairs them over the whole corpus (:func:`contradictions`) and writes each pair
once as ``bk:contradicts`` in ``id:graph/contradictions``, so that the saved query
``statistic-conflicts`` reads pairs instead of making them: pairing every count with
every other at query time grows with the square of the corpus.

Examples
--------
>>> may = dict(group="id:group/migrants", counts="migrants", unit="count", place=None,
...            period="in May 2023", start=Day(2023, 5, 1), end=Day(2023, 5, 31))
>>> counts = [Count("id:statistic/a/0-9", "a", None, value=2400, **may),
...           Count("id:statistic/b/0-9", "b", None, value=3100, **may),
...           Count("id:statistic/c/0-9", "c", "id:story/c", value=2500, **may),
...           Count("id:statistic/d/0-9", "d", "id:story/c", value=3100, **may)]
>>> [(one[-5], other[-5]) for one, other in contradictions(counts)]
[('a', 'b'), ('a', 'c'), ('a', 'd'), ('b', 'c')]

(``c`` and ``d`` are copies of one story; ``b`` and ``d`` give the same number.)
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Day
from decimal import Decimal

from kg.model import Extraction, Resolution
from kg.periods import resolve as resolve_period
from kg.rdf import entity_iri, statistic_iri, statistic_value


@dataclass(frozen=True)
class Count:
    """What the pairing reads of one statistic of the graph: its IRI, its document and
    story, what it counts and when (``start``/``end``: the days its period covers, when
    resolved), and its value as the graph states it."""

    statistic: str
    document: str
    story: str | None
    group: str | None
    counts: str
    unit: str
    place: str | None
    period: str
    start: Day | None
    end: Day | None
    value: int | Decimal

    @property
    def resolved(self) -> bool:
        return self.start is not None and self.end is not None


def counts_of(extraction: Extraction, resolution: Resolution,
              story: str | None = None) -> Iterator[Count]:
    """The statistics of one document that can be compared (those with what they count
    and a period), as :mod:`kg.rdf` writes them; ``story``: the document's story, if it
    has copies."""
    document = extraction.document
    for statistic in extraction.statistics:
        if not statistic.what or not statistic.period:
            continue
        period = resolve_period(statistic.period, document.date)
        group = None if statistic.group is None else entity_iri(resolution, statistic.group)
        place = None if statistic.place is None else entity_iri(resolution, statistic.place)
        yield Count(statistic_iri(statistic.evidence), document.id, story, group,
                    statistic.what, statistic.unit, place, statistic.period, period.start,
                    period.end, statistic_value(statistic.value))


def contradictions(counts: Iterable[Count]) -> list[tuple[str, str]]:
    """Each pair of ``counts`` that contradict each other, as ``(statistic, other)`` IRIs,
    the smaller IRI first, sorted.

    Counts are compared only with those of the same group, what and unit; of those,
    counts whose periods are both resolved by the days they cover, the others by their
    words.
    """
    kinds: dict[tuple[str | None, str, str], list[Count]] = defaultdict(list)
    for count in counts:
        kinds[(count.group, count.counts.lower(), count.unit)].append(count)
    pairs: set[tuple[str, str]] = set()
    for same in kinds.values():
        candidates = itertools.chain(_overlapping(c for c in same if c.resolved),
                                     _worded_alike(same))
        pairs.update((min(one.statistic, other.statistic), max(one.statistic, other.statistic))
                     for one, other in candidates if _contradict(one, other))
    return sorted(pairs)


def _overlapping(counts: Iterable[Count]) -> Iterator[tuple[Count, Count]]:
    """Pairs of resolved counts whose days meet: sorted by their first day, a count meets
    those after it that start before it ends."""
    ordered = sorted(counts, key=lambda c: (c.start, c.statistic))
    for index, one in enumerate(ordered):
        for later in range(index + 1, len(ordered)):
            if ordered[later].start > one.end:  # type: ignore[operator]
                break
            yield one, ordered[later]


def _worded_alike(counts: Iterable[Count]) -> Iterator[tuple[Count, Count]]:
    """Pairs of counts, one of them at least not resolved, whose periods read the same."""
    worded: dict[str, list[Count]] = defaultdict(list)
    for count in counts:
        worded[count.period.lower()].append(count)
    for alike in worded.values():
        for one, other in itertools.combinations(alike, 2):
            if not (one.resolved and other.resolved):
                yield one, other


def _contradict(one: Count, other: Count) -> bool:
    """Two counts of one kind and time: of two documents, not one story, in one place
    where both name one, with different values."""
    return (one.document != other.document
            and (one.story is None or one.story != other.story)
            and (one.place is None or other.place is None or one.place == other.place)
            and one.value != other.value)
