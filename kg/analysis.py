"""The questions an analyst asks of a build, answered as plain records.

Two kinds of questions. Those of the store (entity profiles, quotes, routes,
statistics) take an open :class:`kg.store.Store` and the :class:`kg.names.Resolver` of
its entities (:func:`names`) and return frozen dataclasses, each tied to the sentence
that supports it (:class:`kg.facts.Citation`). Those of the network (shortest paths,
neighbourhoods, centrality and communities) take the projection of
:func:`kg.network.project` and return plain values. The ``kg`` commands print them;
:mod:`kg.api` turns them into DataFrames and HTML. Names go through the one resolver: a
name that fits no entity raises :class:`kg.names.UnknownName` with the closest labels.

The SPARQL lives in ``kg/sparql/*.rq``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from kg.facts import Citation, Fact, stripped
from kg.model import ENTITY_TYPES, BackgroundFact
from kg.names import Named, Resolver, UnknownName, normalize
from kg.namespaces import local_name
from kg.network import CO_MENTIONED, resolver
from kg.periods import Period, held, overlaps, window
from kg.query import internal_query, run
from kg.store import Store

COMMUNITY_SEED = 7
# Past this many nodes, betweenness is estimated from this many sampled sources.
BETWEENNESS_SAMPLE = 1000


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
class StorySource:
    """A document of a story (syndicated copies, :mod:`kg.stories`) and what is known of
    it: the story's first document copies none (``copy_of``, ``signal``: how a copy was
    found)."""

    story: str
    document: str
    copy_of: str | None
    signal: str | None
    url: str | None
    publication: str | None
    title: str | None
    date: str | None


@dataclass(frozen=True)
class StatisticRecord:
    """A count the text reports: the number as written, who and what it counts, where, when.

    Two times: ``reported``, the date of the document, and ``period_start`` to
    ``period_end``, the days its ``period`` covers when they could be told
    (:func:`kg.periods.resolve`); all ISO dates.
    """

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
    reported: str | None = None
    period_start: str | None = None
    period_end: str | None = None

    @property
    def held(self) -> Period | None:
        """When the count held: its period's days, else the day it was reported."""
        return held((self.period_start, self.period_end), self.reported)


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
        mentions=tuple(Citation.of(row) for row in _first_per(mentions, "item")),
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
            speaker=stripped(item["row"].get("speaker_label")),
            kind=local_name(str(item["row"]["class"])).lower(),
            quote=str(item["row"]["text"]),
            about=tuple(item["about"][key] for key in sorted(item["about"])),
            document=str(item["row"].get("document") or ""),
            start=int(item["row"].get("start") or 0),
            sentence=stripped(item["row"].get("sentence")),
            speaker_iri=stripped(item["row"].get("speaker")),
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


def story_sources(store: Store) -> list[StorySource]:
    """Every document of every story with its URL, publisher, title and date: each copy a
    source of its own, the first document of each story first.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> story_sources(KnowledgeGraph.example().store)  # five articles, no two copies
    []
    """
    def text(row: Mapping[str, Any], name: str) -> str | None:
        return None if row.get(name) is None else str(row[name])

    return [StorySource(story=str(row["story"]), document=str(row["document"]),
                        copy_of=text(row, "copy_of"), signal=text(row, "signal"),
                        url=text(row, "url"), publication=text(row, "publication"),
                        title=text(row, "title"), date=text(row, "date"))
            for row in store.select(internal_query("story-sources")).records()]


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
            traveller=stripped(row.get("traveller_label") or row.get("group")),
            document=str(row["document"]),
            route=str(row["route"]),
            order=int(str(row["order"])),
            origin=str(row["from"]),
            destination=str(row["to"]),
            mode=stripped(row.get("mode")),
            sentence=stripped(row.get("sentence")),
            traveller_iri=stripped(row.get("traveller")),
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


def statistics(store: Store, resolver: Resolver | None = None, group: str | None = None,
               place: str | None = None, what: str | None = None,
               since: str | date | None = None,
               until: str | date | None = None) -> list[StatisticRecord]:
    """The counts the documents report, with the number as written and the sentence.

    ``group`` (who is counted) and ``place`` are names of entities, or text their
    column contains; ``what`` is text of what is counted. ``since`` and ``until``
    (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; either may be left out) keep the counts
    whose time overlaps them: the period they cover when it is known, else the day
    they were reported; a count with neither is left out of any window.

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
            group=stripped(row.get("group")),
            period=stripped(row.get("period")),
            value=float(str(row["value"])),
            qualifier=stripped(row.get("qualifier")),
            quantity=str(row["quantity"]),
            counts=stripped(row.get("counts")),
            place=stripped(row.get("place")),
            source=stripped(row.get("source")),
            document=str(row["document"]),
            sentence=stripped(row.get("sentence")),
            group_iri=stripped(row.get("group_iri")),
            place_iri=stripped(row.get("place_iri")),
            reported=stripped(row.get("reported")),
            period_start=stripped(row.get("period_start")),
            period_end=stripped(row.get("period_end")),
        ))
    records = list(found.values())
    if group is not None:
        who = _matcher(resolver or names(store), group, [(s.group_iri, s.group) for s in records])
        records = [s for s in records if who(s.group_iri, s.group)]
    if place is not None:
        where = _matcher(resolver or names(store), place, [(s.place_iri, s.place) for s in records])
        records = [s for s in records if where(s.place_iri, s.place)]
    if what is not None:
        wanted = " ".join(what.split()).casefold()
        records = [s for s in records if wanted in " ".join((s.counts or "").split()).casefold()]
    if since is not None or until is not None:
        span = window(since, until)
        records = [s for s in records if s.held is not None and overlaps(s.held, span)]
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
    period_start: str | None = None
    period_end: str | None = None
    reported: str | None = None
    other_period_start: str | None = None
    other_period_end: str | None = None
    other_reported: str | None = None

    @property
    def held(self) -> tuple[Period | None, Period | None]:
        """When each side's count held (:attr:`StatisticRecord.held`)."""
        return (held((self.period_start, self.period_end), self.reported),
                held((self.other_period_start, self.other_period_end), self.other_reported))


def statistic_conflicts(store: Store, resolver: Resolver | None = None, group: str | None = None,
                        what: str | None = None, since: str | date | None = None,
                        until: str | date | None = None) -> list[StatisticConflict]:
    """Counts that contradict each other, side by side (the saved query ``statistic-conflicts``).

    The build paired them (:mod:`kg.conflicts`, ``bk:contradicts``); this reads the pairs
    with each side's details. ``group`` and ``what`` narrow them as in :func:`statistics`; ``since`` and ``until``
    keep the pairs both of whose counts held in the window (as :func:`statistics` keeps
    a count), that is whose common days meet it.

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> store = KnowledgeGraph.example().store
    >>> statistic_conflicts(store)
    []
    """
    found = [StatisticConflict(
        group=stripped(row.get("group")), counts=str(row["counts"]),
        value=float(str(row["value"])), quantity=str(row["quantity"]),
        period=str(row["period"]), document=str(row["document"]),
        sentence=stripped(row.get("sentence")),
        other_value=float(str(row["other_value"])), other_quantity=str(row["other_quantity"]),
        other_period=str(row["other_period"]), other_document=str(row["other_document"]),
        other_sentence=stripped(row.get("other_sentence")), group_iri=stripped(row.get("group_iri")),
        statistic=stripped(row.get("item")), other_statistic=stripped(row.get("other_item")),
        period_start=stripped(row.get("start")), period_end=stripped(row.get("end")),
        reported=stripped(row.get("reported")),
        other_period_start=stripped(row.get("other_start")),
        other_period_end=stripped(row.get("other_end")),
        other_reported=stripped(row.get("other_reported")),
    ) for row in run(store, "statistic-conflicts").records()]
    if group is not None:
        who = _matcher(resolver or names(store), group, [(c.group_iri, c.group) for c in found])
        found = [c for c in found if who(c.group_iri, c.group)]
    if what is not None:
        wanted = " ".join(what.split()).casefold()
        found = [c for c in found if wanted in " ".join(c.counts.split()).casefold()]
    if since is not None or until is not None:
        span = window(since, until)
        found = [c for c in found
                 if all(side is not None and overlaps(side, span) for side in c.held)]
    return found


@dataclass(frozen=True)
class TimelineEntry:
    """A count placed in time: from ``start`` to ``end`` (both included), the days its
    period covers (``known``), else the day it was reported."""

    statistic: StatisticRecord
    start: date
    end: date
    known: bool


@dataclass(frozen=True)
class Timeline:
    """Counts placed in time, earliest first; ``first`` and ``last`` are the days the time
    line spans (``None`` when no count has a date); ``undated`` counts are left off it."""

    entries: tuple[TimelineEntry, ...]
    undated: int
    first: date | None = None
    last: date | None = None


def timeline(records: Iterable[StatisticRecord]) -> Timeline:
    """The counts of ``records`` on a time line (:class:`Timeline`).

    Examples
    --------
    >>> a = StatisticRecord(None, "FY2022", 2.2e6, None, "2.2 million", "encounters", None, None,
    ...                     "d1", None, reported="2022-12-19", period_start="2021-10-01",
    ...                     period_end="2022-09-30")
    >>> b = StatisticRecord(None, None, 224.0, None, "224", "people", None, None, "d2", None,
    ...                     reported="2022-07-27")
    >>> line = timeline([b, a])
    >>> [(e.statistic.quantity, e.known) for e in line.entries], line.first, line.last
    ([('2.2 million', True), ('224', False)], datetime.date(2021, 10, 1), datetime.date(2022, 9, 30))
    """
    entries: list[TimelineEntry] = []
    undated = 0
    for record in records:
        when = record.held
        if when is None or when.start is None or when.end is None:
            undated += 1
        else:
            entries.append(TimelineEntry(record, when.start, when.end, record.period_start is not None))
    entries.sort(key=lambda e: (e.start, e.end, e.statistic.document, -e.statistic.value))
    if not entries:
        return Timeline((), undated)
    return Timeline(tuple(entries), undated, min(e.start for e in entries),
                    max(e.end for e in entries))


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
        datatype=stripped(row.get("datatype")),
        subject_label=stripped(row.get("subject_label")),
        value_label=stripped(row.get("value_label")),
        note=stripped(row.get("note")),
    )


def _background_order(fact: BackgroundFact) -> tuple:
    name = local_name(fact.predicate)
    rank = _BACKGROUND_ORDER.index(name) if name in _BACKGROUND_ORDER else len(_BACKGROUND_ORDER)
    return (fact.subject, rank, fact.value_label or fact.value, fact.source)


def _fact(row: Mapping[str, Any]) -> Fact:
    return Fact(
        subject=str(row.get("subject_label") or local_name(str(row["subject"]))),
        predicate=local_name(str(row["predicate"])),
        object=str(row.get("object_label") or local_name(str(row["object"]))),
        evidence=Citation.of(row),
        negated=bool(row.get("negated")),
        rule=stripped(row.get("rule")),
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


# --------------------------------------------------------------------------- the network


@dataclass(frozen=True)
class Path:
    """A path between two entities.

    ``nodes`` are entity IRIs from source to target; ``edges`` are the
    ``(u, v, key)`` of the edge taken at each hop, as stored in the graph (its
    direction may run against the path), so ``graph.edges[edge]["evidence"]``
    gives the sentences that support each step.
    """

    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, str], ...]


def shortest_paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 10) -> list[Path]:
    """Every shortest path between two entities, ignoring edge direction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`kg.network.project`.
    source, target : str
        Entity IRIs, or any name of an entity (see :class:`kg.names.Resolver`).
    limit : int
        At most this many paths.

    Returns
    -------
    list of Path
        Empty when the two are not connected. Where several edges join two
        nodes, a path takes an asserted fact before a ``coMentioned`` edge.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:a", label="Tatyana Edwards-Behar", aliases=["Ms. Edwards-Behar"])
    >>> g.add_node("id:b", label="CBP One", aliases=[])
    >>> g.add_node("id:c", label="Tijuana", aliases=[])
    >>> _ = g.add_edge("id:a", "id:b", key="id:fact/1", predicate="uses")
    >>> _ = g.add_edge("id:c", "id:b", key="coMentioned", predicate="coMentioned")
    >>> [p.nodes for p in shortest_paths(g, "Ms. Edwards-Behar", "tijuana")]
    [('id:a', 'id:b', 'id:c')]
    >>> shortest_paths(g, "id:a", "id:c")[0].edges
    (('id:a', 'id:b', 'id:fact/1'), ('id:c', 'id:b', 'coMentioned'))
    """
    start, end = _node(graph, source), _node(graph, target)
    undirected = graph.to_undirected(as_view=True)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(undirected, start, end), limit))
    except nx.NetworkXNoPath:
        return []
    paths = [Path(tuple(nodes), tuple(_hops(graph, nodes))) for nodes in found]
    return sorted(paths, key=lambda path: path.nodes)


def ego(graph: nx.MultiDiGraph, node: str, hops: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of an entity: every node within ``hops`` edges, either direction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`kg.network.project`.
    node : str
        Entity IRI, or any label or alias.
    hops : int
        Radius of the neighbourhood.

    Returns
    -------
    networkx.MultiDiGraph
        A copy holding those nodes and every edge between them.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("id:a", "id:b"), ("id:c", "id:b"), ("id:c", "id:d")])
    >>> sorted(ego(g, "id:a", hops=2))
    ['id:a', 'id:b', 'id:c']
    """
    center = _node(graph, node)
    return nx.ego_graph(graph, center, radius=hops, undirected=True).copy()


def path_records(graph: nx.MultiDiGraph, paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Paths as plain dicts: each hop with its predicate, direction and evidence.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The graph the paths were found in.
    paths : iterable of Path
        From :func:`shortest_paths`.

    Returns
    -------
    list of dict
        ``{"nodes": [{"id", "label", "type"}], "hops": [{"from", "to", "predicate",
        "forward", "rule", "confidence", "evidence"}]}`` per path, where ``from`` and
        ``to`` follow the path and ``forward`` says whether the edge runs that way.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:a", label="CBP", type="GovernmentAgency")
    >>> g.add_node("id:b", label="CBP One", type="App")
    >>> _ = g.add_edge("id:a", "id:b", key="id:f", predicate="operates", rule="r",
    ...                confidence=0.9, evidence=[Citation("d1", "CBP runs CBP One.", 9, 16)])
    >>> (hop,) = path_records(g, shortest_paths(g, "CBP One", "CBP"))[0]["hops"]
    >>> hop["from"], hop["to"], hop["predicate"], hop["forward"], hop["evidence"][0]["sentence"]
    ('id:b', 'id:a', 'operates', False, 'CBP runs CBP One.')
    """
    records = []
    for path in paths:
        hops = []
        for (u, v), (a, b, key) in zip(itertools.pairwise(path.nodes), path.edges, strict=True):
            data = graph.edges[a, b, key]
            hops.append(
                {
                    "from": u,
                    "to": v,
                    "predicate": data.get("predicate") or str(key),
                    "forward": (a, b) == (u, v),
                    "edge": str(key),
                    "rule": data.get("rule"),
                    "confidence": data.get("confidence"),
                    "evidence": [item.plain() for item in data.get("evidence") or ()],
                }
            )
        records.append(
            {
                "nodes": [
                    {
                        "id": node,
                        "label": graph.nodes[node].get("label") or node,
                        "type": graph.nodes[node].get("type"),
                    }
                    for node in path.nodes
                ],
                "hops": hops,
            }
        )
    return records


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected, simple graph behind the analyses: one edge per linked pair.

    An edge's ``weight`` adds up what joins the pair: 1 per fact or route leg, the
    number of shared sentences for ``coMentioned``. Self-loops are dropped.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="f1", predicate="uses")
    >>> _ = g.add_edge("b", "a", key="coMentioned", predicate="coMentioned", weight=3)
    >>> simple_graph(g).edges["a", "b"]["weight"]
    4
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        weight = data.get("weight") or 1
        if simple.has_edge(u, v):
            simple.edges[u, v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def stats(graph: nx.MultiDiGraph, top: int = 10, seed: int = COMMUNITY_SEED) -> dict[str, Any]:
    """What an analyst asks first about a graph, as plain values.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`kg.network.project`.
    top : int
        How many entities (and documents, and members per community) to list.
    seed : int
        Seed of the Louvain community detection: the same graph gives the same
        communities.

    Returns
    -------
    dict
        ``entities`` and ``links`` (totals), ``types`` (entities per class),
        ``predicates`` (edges per predicate), ``degree`` and ``betweenness`` (the
        ``top`` most central entities: ``id``, ``label``, ``type``, ``value``),
        ``communities`` (largest first: ``size`` and the ``top`` best linked
        ``members``) and ``documents`` (those that contribute most facts, then
        mentions). Degree counts distinct neighbours, any predicate, either
        direction.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for key, kind in [("a", "Person"), ("b", "App"), ("c", "City"), ("d", "City")]:
    ...     g.add_node(key, label=key.upper(), type=kind)
    >>> _ = g.add_edge("a", "b", key="f", predicate="uses")
    >>> _ = g.add_edge("b", "c", key="coMentioned", predicate="coMentioned", weight=1)
    >>> result = stats(g, top=2)
    >>> result["types"], result["predicates"]
    ({'City': 2, 'App': 1, 'Person': 1}, {'coMentioned': 1, 'uses': 1})
    >>> [(e["label"], e["value"]) for e in result["degree"]]
    [('B', 2), ('A', 1)]
    >>> result["betweenness"][0]["label"], round(result["betweenness"][0]["value"], 3)
    ('B', 0.333)
    >>> [c["size"] for c in result["communities"]]
    [3, 1]
    """
    simple = simple_graph(graph)

    def entry(node: str, value: float) -> dict[str, Any]:
        data = graph.nodes[node]
        return {
            "id": node,
            "label": data.get("label") or node,
            "type": data.get("type"),
            "value": value,
        }

    def ranked(values: dict[str, float]) -> list[dict[str, Any]]:
        best = sorted(values.items(), key=lambda item: (-item[1], item[0]))[:top]
        return [entry(node, value) for node, value in best if value > 0]

    degree: dict[str, float] = {node: int(value) for node, value in simple.degree()}
    if simple.number_of_nodes() > BETWEENNESS_SAMPLE:
        betweenness = nx.betweenness_centrality(simple, k=BETWEENNESS_SAMPLE, seed=seed)
    else:
        betweenness = nx.betweenness_centrality(simple)

    communities = []
    if simple.number_of_nodes():
        found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
        for members in sorted(found, key=lambda c: (-len(c), min(c))):
            best = sorted(members, key=lambda node: (-degree[node], node))[:top]
            communities.append(
                {"size": len(members), "members": [entry(node, degree[node]) for node in best]}
            )
            if len(communities) == top:
                break

    documents = [
        {"id": key, **value} for key, value in (graph.graph.get("documents") or {}).items()
    ]
    documents.sort(key=lambda d: (-d.get("facts", 0), -d.get("mentions", 0), d["id"]))

    return {
        "entities": graph.number_of_nodes(),
        "links": graph.number_of_edges(),
        "types": _counted(data.get("type") or "Entity" for _, data in graph.nodes(data=True)),
        "predicates": _counted(
            data.get("predicate") or str(key) for _, _, key, data in graph.edges(keys=True, data=True)
        ),
        "degree": ranked(degree),
        "betweenness": ranked(betweenness),
        "communities": communities,
        "documents": documents[:top],
    }


def _hops(graph: nx.MultiDiGraph, nodes: list[str]) -> Iterable[tuple[str, str, str]]:
    for u, v in itertools.pairwise(nodes):
        choices = [(u, v, key) for key in graph.get_edge_data(u, v, default={})]
        choices += [(v, u, key) for key in graph.get_edge_data(v, u, default={})]
        yield min(choices, key=lambda edge: (edge[2] == CO_MENTIONED, edge))


def _node(graph: nx.MultiDiGraph, name: str) -> str:
    return name if name in graph else resolver(graph).resolve(name)


def _counted(values: Iterable[str]) -> dict[str, int]:
    """Counts, most common first, then by name."""
    counts = Counter(values)
    return {name: counts[name] for name in sorted(counts, key=lambda n: (-counts[n], n))}
