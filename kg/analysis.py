"""The questions an analyst asks of a build, answered as plain records.

Each function takes an open :class:`kg.store.Store` and the :class:`kg.names.Resolver`
of its entities (:func:`names`), and returns frozen dataclasses, each tied to the
sentence that supports it. The ``kg`` commands print them; :mod:`kg.api` turns them
into DataFrames and HTML. Names go through the one resolver: a name that fits no
entity raises :class:`kg.names.UnknownName` with the closest labels.

The SPARQL lives in ``kg/sparql/*.rq``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.model import ENTITY_TYPES, BackgroundFact
from kg.names import Named, Resolver, UnknownName, normalize
from kg.namespaces import local_name
from kg.query import internal_query, run
from kg.store import Store


def names(store: Store) -> Resolver:
    """The resolver of the entities of ``store`` (their labels, aliases, mention counts)."""
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(internal_query("names")).records():
        entry = found.setdefault(
            str(row["entity"]), {"label": str(row["label"]), "aliases": set(), "count": 0}
        )
        entry["label"] = min(entry["label"], str(row["label"]))
        if row.get("alias") is not None:
            entry["aliases"].add(str(row["alias"]))
        if isinstance(row.get("count"), int):
            entry["count"] = max(entry["count"], row["count"])
    return Resolver(
        Named(iri, entry["label"], tuple(sorted(entry["aliases"])), entry["count"])
        for iri, entry in sorted(found.items())
    )


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Citation:
    """A sentence of a document that supports an answer, and the span in it.

    ``start``/``end`` are character offsets of the span (``quote``) in the document's
    cleaned text; the sentence starts at ``sentence_start``.
    """

    document: str
    sentence: str | None
    start: int
    end: int
    quote: str | None = None
    sentence_start: int | None = None
    title: str | None = None
    url: str | None = None


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


@dataclass(frozen=True)
class Profile:
    """What the graph knows of one entity: its names, relations and the sentences behind them.

    ``relations`` are the facts in which the entity is subject or object; ``mentions``
    are every place a document names it.
    """

    iri: str
    label: str
    type: str
    aliases: tuple[str, ...]
    mention_count: int
    wikidata: str | None = None
    relations: tuple[Fact, ...] = field(default=(), repr=False)
    mentions: tuple[Citation, ...] = field(default=(), repr=False)
    background: tuple[BackgroundFact, ...] = field(default=(), repr=False)
    """What the public record states of the entity (the vocabulary's background facts,
    each with its source): apart from ``relations``, which the documents state."""

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents that mention the entity, sorted."""
        return tuple(sorted({m.document for m in self.mentions}))


@dataclass(frozen=True)
class QuoteRecord:
    """Words attributed to a speaker (``kind`` ``quote``) or reported (``claim``)."""

    speaker: str | None
    kind: str
    quote: str
    about: tuple[str, ...]
    document: str
    start: int
    sentence: str | None
    speaker_iri: str | None = None
    about_iris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Leg:
    """One leg of a journey: from a place to a place, in order, with its sentence."""

    traveller: str | None
    document: str
    route: str
    order: int
    origin: str
    destination: str
    mode: str | None
    sentence: str | None
    traveller_iri: str | None = None


@dataclass(frozen=True)
class StatisticRecord:
    """A count the text reports: the number as written, who and what it counts, where, when."""

    group: str | None
    period: str | None
    value: float
    qualifier: str | None
    quantity: str
    counts: str | None
    place: str | None
    source: str | None
    document: str
    sentence: str | None
    group_iri: str | None = None
    place_iri: str | None = None


# --------------------------------------------------------------------------- questions


def profile(store: Store, resolver: Resolver, name: str) -> Profile:
    """The entity ``name`` refers to, with its type, aliases, facts and mentions.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> store = KnowledgeGraph.example().store
    >>> found = profile(store, names(store), "edwards-behar")
    >>> found.label, found.type, found.documents
    ('Tatyana Edwards-Behar', 'Person', ('example',))
    """
    iri = resolver.resolve(name)
    described = store.select(internal_query("entity-types"), {"entity_iri": iri}).records()
    types = sorted({local_name(str(row["type"])) for row in described if row.get("type")},
                   key=lambda kind: (-_TYPE_RANK.get(kind, -1), kind))
    wikidata = min((str(row["same"]) for row in described if row.get("same")), default=None)
    facts = store.select(internal_query("facts-of"), {"entity_iri": iri}).records()
    mentions = store.select(internal_query("mentions-of"), {"entity_iri": iri}).records()
    background = store.select(internal_query("background-of"), {"entity_iri": iri}).records()
    entity = resolver.entities[iri]
    return Profile(
        iri=iri,
        label=entity.label,
        type=types[0] if types else "",
        aliases=entity.aliases,
        mention_count=entity.mentions,
        wikidata=wikidata,
        relations=tuple(_fact(row) for row in _first_per(facts, "item")),
        mentions=tuple(citation(row) for row in _first_per(mentions, "item")),
        background=tuple(sorted((_background(row) for row in _first_per(background, "item")),
                                key=_background_order)),
    )


def quotes(store: Store, resolver: Resolver, speaker: str | None = None,
           about: str | None = None) -> list[QuoteRecord]:
    """Quotes and reported claims, with who said them and what they are about.

    ``speaker`` and ``about`` are names of entities (any label or alias, a surname);
    a speaker no entity has is matched as text its label contains.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> store = KnowledgeGraph.example().store
    >>> [q.speaker for q in quotes(store, names(store), speaker="Ms. Edwards-Behar")]
    ['Tatyana Edwards-Behar']
    """
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(internal_query("quotes")).records():
        item = found.setdefault(str(row["item"]), {"row": row, "about": {}})
        if row.get("about") is not None:
            item["about"][str(row["about"])] = str(row.get("about_label") or row["about"])
    records = [
        QuoteRecord(
            speaker=_text(item["row"].get("speaker_label")),
            kind=local_name(str(item["row"]["class"])).lower(),
            quote=str(item["row"]["text"]),
            about=tuple(item["about"][key] for key in sorted(item["about"])),
            document=str(item["row"].get("document") or ""),
            start=int(item["row"].get("start") or 0),
            sentence=_text(item["row"].get("sentence")),
            speaker_iri=_text(item["row"].get("speaker")),
            about_iris=tuple(sorted(item["about"])),
        )
        for item in found.values()
    ]
    if speaker is not None:
        who = _matcher(resolver, speaker, [(q.speaker_iri, q.speaker) for q in records])
        records = [q for q in records if who(q.speaker_iri, q.speaker)]
    if about is not None:
        pairs = [pair for q in records for pair in zip(q.about_iris, q.about, strict=True)]
        what = _matcher(resolver, about, pairs)
        records = [q for q in records
                   if any(what(*pair) for pair in zip(q.about_iris, q.about, strict=True))]
    return sorted(records, key=lambda q: (q.document, q.start, q.quote))


def routes(store: Store, resolver: Resolver, traveller: str | None = None) -> list[Leg]:
    """The journeys the documents tell, leg by leg in order, with mode and sentence.

    ``traveller`` is a person or migrant group (any name of the entity), or text of the
    group a leg names when no entity is named; a group's legs include those of the people
    the documents present as one of it.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> store = KnowledgeGraph.example().store
    >>> "Cancún" in {leg.destination for leg in routes(store, names(store), "Edwards-Behar")}
    True
    """
    legs: dict[tuple[str, str | None], Leg] = {}
    for row in store.select(internal_query("route-legs")).records():
        leg = Leg(
            traveller=_text(row.get("traveller_label") or row.get("group")),
            document=str(row["document"]),
            route=str(row["route"]),
            order=int(str(row["order"])),
            origin=str(row["from"]),
            destination=str(row["to"]),
            mode=_text(row.get("mode")),
            sentence=_text(row.get("sentence")),
            traveller_iri=_text(row.get("traveller")),
        )
        legs.setdefault((str(row["leg"]), leg.traveller_iri), leg)  # a leg of two travellers is each one's
    found = list(legs.values())
    if traveller is not None:
        who = _matcher(resolver, traveller, [(leg.traveller_iri, leg.traveller) for leg in found])
        members = {str(row["member"]) for row in store.select(internal_query("members")).records()
                   if who(str(row["group"]), None)}
        found = [leg for leg in found
                 if who(leg.traveller_iri, leg.traveller) or leg.traveller_iri in members]
    return sorted(found, key=lambda leg: (leg.traveller or "", leg.document, leg.route, leg.order))


def statistics(store: Store, resolver: Resolver, group: str | None = None,
               place: str | None = None, what: str | None = None) -> list[StatisticRecord]:
    """The counts the documents report, with the number as written and the sentence.

    ``group`` (who is counted) and ``place`` are names of entities, or text their
    column contains; ``what`` is text of what is counted.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> store = KnowledgeGraph.example().store
    >>> statistics(store, names(store))
    []
    """
    found: dict[str, StatisticRecord] = {}
    for row in store.select(internal_query("statistics")).records():
        found.setdefault(str(row["item"]), StatisticRecord(
            group=_text(row.get("group")),
            period=_text(row.get("period")),
            value=float(str(row["value"])),
            qualifier=_text(row.get("qualifier")),
            quantity=str(row["quantity"]),
            counts=_text(row.get("counts")),
            place=_text(row.get("place")),
            source=_text(row.get("source")),
            document=str(row["document"]),
            sentence=_text(row.get("sentence")),
            group_iri=_text(row.get("group_iri")),
            place_iri=_text(row.get("place_iri")),
        ))
    records = list(found.values())
    if group is not None:
        who = _matcher(resolver, group, [(s.group_iri, s.group) for s in records])
        records = [s for s in records if who(s.group_iri, s.group)]
    if place is not None:
        where = _matcher(resolver, place, [(s.place_iri, s.place) for s in records])
        records = [s for s in records if where(s.place_iri, s.place)]
    if what is not None:
        wanted = " ".join(what.split()).casefold()
        records = [s for s in records if wanted in " ".join((s.counts or "").split()).casefold()]
    return sorted(records, key=lambda s: (s.group or "", s.period or "", -s.value, s.document))


@dataclass(frozen=True)
class StatisticConflict:
    """Two documents, not copies of one story, that count the same thing (group, what,
    unit, place) for overlapping periods with different numbers: each side as written."""

    group: str | None
    counts: str
    value: float
    quantity: str
    period: str
    document: str
    sentence: str | None
    other_value: float
    other_quantity: str
    other_period: str
    other_document: str
    other_sentence: str | None
    group_iri: str | None = None
    statistic: str | None = None
    other_statistic: str | None = None


def statistic_conflicts(store: Store, resolver: Resolver | None = None, group: str | None = None,
                        what: str | None = None) -> list[StatisticConflict]:
    """Counts that contradict each other, side by side (the saved query ``statistic-conflicts``).

    ``group`` and ``what`` narrow them as in :func:`statistics`.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> store = KnowledgeGraph.example().store
    >>> statistic_conflicts(store)
    []
    """
    found = [StatisticConflict(
        group=_text(row.get("group")), counts=str(row["counts"]),
        value=float(str(row["value"])), quantity=str(row["quantity"]),
        period=str(row["period"]), document=str(row["document"]),
        sentence=_text(row.get("sentence")),
        other_value=float(str(row["other_value"])), other_quantity=str(row["other_quantity"]),
        other_period=str(row["other_period"]), other_document=str(row["other_document"]),
        other_sentence=_text(row.get("other_sentence")), group_iri=_text(row.get("group_iri")),
        statistic=_text(row.get("item")), other_statistic=_text(row.get("other_item")),
    ) for row in run(store, "statistic-conflicts").records()]
    if group is not None:
        who = _matcher(resolver or names(store), group, [(c.group_iri, c.group) for c in found])
        found = [c for c in found if who(c.group_iri, c.group)]
    if what is not None:
        wanted = " ".join(what.split()).casefold()
        found = [c for c in found if wanted in " ".join(c.counts.split()).casefold()]
    return found


# --------------------------------------------------------------------------- helpers


_TYPE_RANK = {name: index for index, name in enumerate(ENTITY_TYPES)}


def _matcher(resolver: Resolver, name: str,
             candidates: Iterable[tuple[str | None, str | None]]) -> Callable[..., bool]:
    """A test of ``(iri, text)``: is it what ``name`` refers to?

    The entity ``name`` resolves to; else, when no entity has that name, any text that
    contains it (a group a document names without an entity). Neither: the resolver's
    error, with the closest labels.
    """
    try:
        iri = resolver.resolve(name)
    except UnknownName:
        wanted = normalize(name)
        if not wanted or not any(text and wanted in normalize(text) for _, text in candidates):
            raise
        return lambda _iri, text: bool(text) and wanted in normalize(text)
    return lambda found, _text: found == iri


# The order a profile lists background facts in: the period first, then who.
_BACKGROUND_ORDER = ("startDate", "endDate", "issuedBy", "runBy")


def _background(row: Mapping[str, Any]) -> BackgroundFact:
    return BackgroundFact(
        subject=str(row["subject"]),
        predicate=str(row["predicate"]),
        value=str(row["value"]),
        source=str(row["source"]),
        datatype=_text(row.get("datatype")),
        subject_label=_text(row.get("subject_label")),
        value_label=_text(row.get("value_label")),
        note=_text(row.get("note")),
    )


def _background_order(fact: BackgroundFact) -> tuple:
    name = local_name(fact.predicate)
    rank = _BACKGROUND_ORDER.index(name) if name in _BACKGROUND_ORDER else len(_BACKGROUND_ORDER)
    return (fact.subject, rank, fact.value_label or fact.value, fact.source)


def citation(row: Mapping[str, Any]) -> Citation:
    """The evidence columns of a query row as a :class:`Citation`."""
    return Citation(
        document=str(row.get("document") or ""),
        sentence=_text(row.get("sentence")),
        start=int(row.get("start") or 0),
        end=int(row.get("end") or 0),
        quote=_text(row.get("quote")),
        sentence_start=None if row.get("sentence_start") is None else int(row["sentence_start"]),
        title=_text(row.get("title")),
        url=_text(row.get("url")),
    )


def _fact(row: Mapping[str, Any]) -> Fact:
    return Fact(
        subject=str(row.get("subject_label") or local_name(str(row["subject"]))),
        predicate=local_name(str(row["predicate"])),
        object=str(row.get("object_label") or local_name(str(row["object"]))),
        evidence=citation(row),
        negated=bool(row.get("negated")),
        rule=_text(row.get("rule")),
        confidence=None if row.get("confidence") is None else float(row["confidence"]),
        subject_iri=str(row["subject"]),
        object_iri=str(row["object"]),
    )


def _first_per(records: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The first record per ``key`` (OPTIONAL patterns may repeat an item), in order."""
    seen: dict[Any, dict[str, Any]] = {}
    for record in records:
        seen.setdefault(record[key], record)
    return list(seen.values())


def _text(value: Any) -> str | None:
    """A text value without the white space after it (a sentence keeps the paragraph
    break the parser left at its end); ``None`` stays ``None``."""
    return None if value is None else str(value).rstrip()
