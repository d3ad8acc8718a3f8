"""A fact and the evidence behind it, as read from the store: one record for every reader.

The projection (:mod:`kg.network`), the graph exports (:mod:`kg.graph_formats`), the view
(:mod:`kg.viz`), the analyses (:mod:`kg.analysis`) and the Python API (:mod:`kg.api`) all
hand round the same two frozen records: :class:`Citation`, the sentence of a document that
supports a fact together with what is known of the document (title, publisher, date, URL),
and :class:`Fact`, an asserted relation with its citation. Adding a field to what a fact
carries means adding it here, and to the one reader of its values, :meth:`Citation.of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Citation:
    """A sentence of a document that supports an answer, the span in it, and the document.

    ``start``/``end`` are character offsets of the span (``quote``) in the document's
    cleaned text; the sentence starts at ``sentence_start``. ``date`` is the document's
    date (``YYYY-MM-DD``, when it was reported), ``publication`` its publisher. The two
    times of a fact are kept apart: ``period`` is when it held, as the sentence gives it
    ("In March 2020"), and ``period_start``/``period_end`` the days those words cover,
    resolved against ``date`` (both ``None`` when they cannot be pinned down).
    """

    document: str
    sentence: str | None
    start: int
    end: int
    quote: str | None = None
    sentence_start: int | None = None
    title: str | None = None
    url: str | None = None
    publication: str | None = None
    date: str | None = None
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Citation:
        """The citation in ``values``: the columns of a query row (``?document``,
        ``?sentence``, …) or a dict of :meth:`plain`; missing values are ``None``.

        Examples
        --------
        >>> Citation.of({"document": "d1", "start": 4, "end": 9, "date": "2023-06-30"}).date
        '2023-06-30'
        """
        return cls(
            document=str(values.get("document") or ""),
            sentence=stripped(values.get("sentence")),
            start=int(values.get("start") or 0),
            end=int(values.get("end") or 0),
            quote=stripped(values.get("quote")),
            sentence_start=_number(values.get("sentence_start")),
            title=stripped(values.get("title")),
            url=stripped(values.get("url")),
            publication=stripped(values.get("publication")),
            date=stripped(values.get("date")),
            period=stripped(values.get("period")),
            period_start=stripped(values.get("period_start")),
            period_end=stripped(values.get("period_end")),
        )

    def plain(self) -> dict[str, Any]:
        """The citation as JSON values (``Citation.of(c.plain()) == c``)."""
        return asdict(self)

    @property
    def held(self) -> str | None:
        """When the fact held, in words and days ("In March 2020 (2020-03-01 to
        2020-03-31)"); ``None`` when the sentence gives no period.

        Examples
        --------
        >>> Citation("d1", None, 0, 5, period="in May", period_start="2023-05-01",
        ...          period_end="2023-05-31").held
        'in May (2023-05-01 to 2023-05-31)'
        """
        if self.period is None or self.period_start is None or self.period_end is None:
            return self.period
        return f"{self.period} ({self.period_start} to {self.period_end})"

    @property
    def key(self) -> tuple[str, int, int, str]:
        """What tells two citations apart, in the order they are listed: document, offsets."""
        return self.document, self.start, self.end, self.quote or ""


@dataclass(frozen=True)
class Fact:
    """One asserted relation ``subject --predicate--> object`` and the sentence behind it."""

    subject: str
    predicate: str
    object: str
    evidence: Citation
    negated: bool = False
    rule: str | None = None
    confidence: float | None = None
    subject_iri: str = ""
    object_iri: str = ""

    def __str__(self) -> str:
        verb = f"not {self.predicate}" if self.negated else self.predicate
        return f"{self.subject} —{verb}→ {self.object}"


def stripped(value: Any) -> str | None:
    """A text value without the white space after it (a sentence keeps the paragraph
    break the parser left at its end); ``None`` stays ``None``."""
    return None if value is None else str(value).rstrip()


def _number(value: Any) -> int | None:
    return None if value is None else int(value)
