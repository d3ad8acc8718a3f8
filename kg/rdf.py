"""Entities and facts -> RDF quads (N-Quads text) under ``ontology/``; shape in ``ontology/GRAPH.md``.

The output is sorted N-Quads, so the same resolution always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.model import (
    BackgroundFact,
    CuratedFact,
    Decision,
    DecisionOutcome,
    Document,
    Entity,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Relation,
    Resolution,
    RouteLeg,
    Statistic,
    Story,
)
from kg.names import slugify
from kg.namespaces import (
    BACKGROUND_GRAPH,
    BK,
    CONTRADICTIONS_GRAPH,
    CURATION_GRAPH,
    DCTERMS,
    ENTITIES_GRAPH,
    ID,
    OA,
    OWL,
    PROV,
    RDF,
    RDFS,
    ROUTE_PLACES_GRAPH,
    SCHEMA,
    SKOS,
    WD,
    XSD,
)
from kg.periods import reported_day
from kg.periods import resolve as resolve_period

if TYPE_CHECKING:
    from kg.route_places import RoutePlace

Term = ox.NamedNode | ox.Literal
Triple = tuple[str, str, Term]


@dataclass(frozen=True)
class NamedGraph:
    """One named graph: its N-Quads, a sorted line per distinct triple, and the same
    triples in the same order, for a caller that renders them otherwise."""

    iri: str
    nquads: str
    triples: tuple[Triple, ...]


def document_graph(document_id: str) -> str:
    """The IRI of the named graph holding what one document says."""
    return f"{ID}graph/doc/{document_id}"


def document_iri(document_id: str) -> str:
    return f"{ID}doc/{document_id}"


@functools.lru_cache(maxsize=1 << 12)
def _iri(value: str) -> ox.NamedNode:
    # The same classes, predicates and entities recur through the documents, and each
    # sentence through its own; the rest (mentions, facts) come once, so the cache
    # stays small rather than fill with them (with 65,536 entries here and in
    # _iri_text, rendering 10,000 small documents peaked about 30 MiB higher).
    return ox.NamedNode(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(XSD + "integer"))


def _double(value: float) -> ox.Literal:
    return ox.Literal(repr(float(value)), datatype=_iri(XSD + "double"))


@functools.lru_cache(maxsize=1 << 12)
def _iri_text(value: str) -> str:
    return str(_iri(value))


def _named_graph(graph: str, triples: Iterable[Triple]) -> NamedGraph:
    graph_text = _iri_text(graph)
    # Two facts may state the same triple (a relation told twice, the traveller of two
    # legs of one route): one line is kept.
    lines = {f"{_iri_text(s)} {_iri_text(p)} {o} {graph_text} .\n": (s, p, o)
             for s, p, o in triples}
    order = sorted(lines)
    return NamedGraph(graph, "".join(order), tuple(map(lines.__getitem__, order)))


def _entity_triples(entity: Entity) -> Iterator[Triple]:
    yield entity.id, RDF + "type", _iri(BK + entity.type)
    yield entity.id, RDFS + "label", ox.Literal(entity.label)
    yield entity.id, SKOS + "prefLabel", ox.Literal(entity.label)
    for alias in entity.aliases:
        yield entity.id, SKOS + "altLabel", ox.Literal(alias)
    yield entity.id, BK + "mentionCount", _integer(entity.mention_count)
    yield entity.id, BK + "documentCount", _integer(entity.document_count)
    for key in sorted({name.lower() for name in (entity.label, *entity.aliases)}):
        yield entity.id, BK + "nameKey", ox.Literal(key)
    if entity.wikidata:
        yield entity.id, OWL + "sameAs", _iri(WD + entity.wikidata)
    if entity.latitude is not None and entity.longitude is not None:
        yield entity.id, SCHEMA + "latitude", _double(entity.latitude)
        yield entity.id, SCHEMA + "longitude", _double(entity.longitude)


def entities_named_graph(resolution: Resolution) -> NamedGraph:
    """The entities graph: the canonical entities."""
    return _named_graph(ENTITIES_GRAPH, (t for e in resolution.entities for t in _entity_triples(e)))


def _background_triples(fact: BackgroundFact) -> Iterator[Triple]:
    """The fact stated directly and described by its bk:BackgroundFact node with its source."""
    value = (_iri(fact.value) if fact.datatype is None
             else ox.Literal(fact.value, datatype=_iri(fact.datatype)))
    node = f"{ID}background/{_digest(fact.subject, fact.predicate, fact.value)}"
    yield fact.subject, fact.predicate, value
    yield node, RDF + "type", _iri(BK + "BackgroundFact")
    yield node, RDF + "subject", _iri(fact.subject)
    yield node, RDF + "predicate", _iri(fact.predicate)
    yield node, RDF + "object", value
    yield node, DCTERMS + "source", _iri(fact.source)
    if fact.note:
        yield node, SKOS + "scopeNote", ox.Literal(fact.note)
    if fact.value_label:
        yield fact.value, RDFS + "label", ox.Literal(fact.value_label)


def background_named_graph(facts: Iterable[BackgroundFact]) -> NamedGraph:
    """The background graph: the vocabulary's facts of the public record, each with its
    source, kept apart from what the documents say (``ontology/GRAPH.md``)."""
    return _named_graph(BACKGROUND_GRAPH, (t for f in facts for t in _background_triples(f)))


def _document_triples(document: Document) -> Iterator[Triple]:
    node = document_iri(document.id)
    yield node, RDF + "type", _iri(BK + "Document")
    yield node, DCTERMS + "identifier", ox.Literal(document.id)
    yield node, BK + "contentHash", ox.Literal(document.content_hash)
    for source in document.sources:
        yield node, BK + "sourcePath", ox.Literal(source)
    if document.title:
        yield node, DCTERMS + "title", ox.Literal(document.title)
    if document.publication:
        yield node, DCTERMS + "publisher", ox.Literal(document.publication)
    reported = reported_day(document.date)
    if reported is not None:
        yield node, DCTERMS + "date", _date(reported)
    if document.url:
        yield node, SCHEMA + "url", _iri(document.url)
    if document.canonical_url:
        yield node, BK + "canonicalUrl", _iri(document.canonical_url)
    if document.guid:
        yield node, BK + "guid", ox.Literal(document.guid)
    if document.author:
        yield node, DCTERMS + "creator", ox.Literal(document.author)


def _story_triples(document_id: str, story: Story) -> Iterator[Triple]:
    """A document's story, and which document of it this one copies, and how it was found."""
    node = document_iri(document_id)
    yield node, BK + "story", _iri(story.id)
    yield story.id, RDF + "type", _iri(BK + "Story")
    for copy in story.copies:
        if copy.document_id == document_id:
            yield node, BK + "copyOf", _iri(document_iri(copy.of))
            yield node, BK + "copySignal", ox.Literal(copy.signal)


def _sentence_iri(evidence: Evidence) -> str:
    return f"{ID}sentence/{evidence.document_id}/{evidence.sentence_start}-{evidence.sentence_end}"


def _evidence_triples(node: str, evidence: Evidence, told: set[str]) -> Iterator[Triple]:
    """The evidence of ``node``, and its sentence unless ``told`` (the sentences whose
    triples came already) holds it: a sentence is the evidence of every mention in it."""
    sentence = _sentence_iri(evidence)
    if sentence not in told:
        told.add(sentence)
        yield sentence, RDF + "type", _iri(BK + "Sentence")
        yield sentence, OA + "hasSource", _iri(document_iri(evidence.document_id))
        yield sentence, OA + "start", _integer(evidence.sentence_start)
        yield sentence, OA + "end", _integer(evidence.sentence_end)
        yield sentence, RDF + "value", ox.Literal(evidence.sentence)
    yield node, OA + "hasSource", _iri(document_iri(evidence.document_id))
    yield node, OA + "start", _integer(evidence.start)
    yield node, OA + "end", _integer(evidence.end)
    yield node, OA + "exact", ox.Literal(evidence.quote)
    yield node, BK + "sentence", _iri(sentence)


def _extraction_triples(extraction: Extraction, resolution: Resolution) -> Iterator[Triple]:
    yield from _document_triples(extraction.document)
    told: set[str] = set()
    mentions: dict[str, str] = {}
    for mention in extraction.mentions:
        evidence = mention.evidence
        entity = resolution.entity_of[(evidence.document_id, evidence.start, evidence.end)]
        node = f"{ID}mention/{evidence.document_id}/{evidence.start}-{evidence.end}"
        mentions[node] = entity
        yield node, RDF + "type", _iri(BK + "Mention")
        yield node, BK + "refersTo", _iri(entity)
        yield node, BK + "rule", ox.Literal(mention.rule)
        yield from _evidence_triples(node, evidence, told)
        yield _sentence_iri(evidence), BK + "mentions", _iri(entity)
    for entity, count in Counter(mentions.values()).items():
        yield entity, BK + "documentMentionCount", _integer(count)
    yield from _fact_triples(extraction, resolution, told)


def _date(day: datetime.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=_iri(XSD + "date"))


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(str(Decimal(str(round(value, 4)))), datatype=_iri(XSD + "decimal"))


def entity_iri(resolution: Resolution, mention: Mention) -> str:
    """The IRI of the entity ``mention`` resolved to."""
    evidence = mention.evidence
    return resolution.entity_of[(evidence.document_id, evidence.start, evidence.end)]


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def fact_iri(subject: str, predicate: str, object_: str, evidence: Evidence) -> str:
    """The IRI of the statement node of a fact (``predicate``: a local name in ``bk:``)."""
    digest = _digest(subject, BK + predicate, object_, evidence.start, evidence.end)
    return f"{ID}fact/{evidence.document_id}/{digest}"


def _provenance(node: str, evidence: Evidence, rule: str, confidence: float,
                told: set[str]) -> Iterator[Triple]:
    yield from _evidence_triples(node, evidence, told)
    yield node, BK + "rule", ox.Literal(rule)
    yield node, BK + "confidence", _decimal(confidence)


def _relation_triples(relation: Relation, reported: str | None, resolution: Resolution,
                      told: set[str]) -> Iterator[Triple]:
    """The direct triple (unless negated) and its bk:Assertion node with evidence and,
    when the sentence gives it, the period it held (:func:`_period_triples`)."""
    subject, object_ = entity_iri(resolution, relation.subject), entity_iri(resolution, relation.object)
    if subject == object_:
        return
    predicate = BK + relation.predicate
    evidence = relation.evidence
    node = fact_iri(subject, relation.predicate, object_, evidence)
    if not relation.negated:
        yield subject, predicate, _iri(object_)
    yield node, RDF + "type", _iri(BK + "Assertion")
    yield node, RDF + "subject", _iri(subject)
    yield node, RDF + "predicate", _iri(predicate)
    yield node, RDF + "object", _iri(object_)
    if relation.negated:
        yield node, BK + "negated", ox.Literal("true", datatype=_iri(XSD + "boolean"))
    if relation.period:
        yield from _period_triples(node, relation.period, reported)
    yield from _provenance(node, evidence, relation.rule, relation.confidence, told)


def routes_of(document_id: str, legs: Iterable[RouteLeg]
              ) -> Iterator[tuple[str, list[tuple[str, RouteLeg]]]]:
    """The routes of one document, each with its legs and their IRIs: one bk:Route per
    traveller group, numbered by where its first leg is told."""
    groups: dict[str, list[RouteLeg]] = {}
    for leg in sorted(legs, key=lambda leg: (leg.evidence.start, leg.order)):
        groups.setdefault(leg.group, []).append(leg)
    for number, members in enumerate(groups.values(), start=1):
        route = f"{ID}route/{document_id}/{number}"
        yield route, [(f"{route}/leg/{leg.order}", leg) for leg in members]


def _route_triples(document_id: str, legs: tuple[RouteLeg, ...], resolution: Resolution,
                   told: set[str]) -> Iterator[Triple]:
    """Each route of :func:`routes_of`, its legs, their places and travellers."""
    for route, members in routes_of(document_id, legs):
        yield route, RDF + "type", _iri(BK + "Route")
        for node, leg in members:
            yield route, BK + "leg", _iri(node)
            yield node, RDF + "type", _iri(BK + "RouteLeg")
            if leg.group and not leg.travellers:
                yield node, BK + "group", ox.Literal(leg.group)
            yield node, BK + "order", _integer(leg.order)
            yield node, BK + "from", _iri(entity_iri(resolution, leg.origin))
            yield node, BK + "to", _iri(entity_iri(resolution, leg.destination))
            if leg.mode:
                yield node, BK + "mode", ox.Literal(leg.mode)
            for traveller in leg.travellers:
                yield route, BK + "traveller", _iri(entity_iri(resolution, traveller))
                yield node, BK + "traveller", _iri(entity_iri(resolution, traveller))
            yield from _provenance(node, leg.evidence, leg.rule, leg.confidence, told)


def _period_triples(node: str, words: str, reported: str | None) -> Iterator[Triple]:
    """A period as written and, resolved against the document's date (``reported``), the
    days it covers (:func:`kg.periods.resolve`)."""
    yield node, BK + "period", ox.Literal(words)
    period = resolve_period(words, reported)
    if period.start is not None and period.end is not None:
        yield node, BK + "periodStart", _date(period.start)
        yield node, BK + "periodEnd", _date(period.end)


def statistic_iri(evidence: Evidence) -> str:
    """The IRI of a statistic's node, from where it was read."""
    return f"{ID}statistic/{evidence.document_id}/{evidence.start}-{evidence.end}"


def statistic_value(value: float) -> int | Decimal:
    """A statistic's ``bk:value`` as the graph states it: an integer, or a decimal of at
    most four places.

    Examples
    --------
    >>> statistic_value(2.8e6), statistic_value(12.34567)
    (2800000, Decimal('12.3457'))
    """
    return int(value) if float(value).is_integer() else Decimal(str(round(value, 4)))


def _statistic_triples(statistic: Statistic, reported: str | None, resolution: Resolution,
                       told: set[str]) -> Iterator[Triple]:
    """A statistic; its period as written and, resolved against the document's date
    (``reported``), the days it covers (:func:`kg.periods.resolve`)."""
    evidence = statistic.evidence
    node = statistic_iri(evidence)
    value = statistic_value(statistic.value)
    literal = _integer(value) if isinstance(value, int) else _decimal(statistic.value)
    yield node, RDF + "type", _iri(BK + "Statistic")
    yield node, BK + "value", literal
    yield node, BK + "quantityText", ox.Literal(statistic.quantity)
    yield node, BK + "unit", ox.Literal(statistic.unit)
    if statistic.what:
        yield node, BK + "counts", ox.Literal(statistic.what)
    if statistic.qualifier:
        yield node, BK + "qualifier", ox.Literal(statistic.qualifier)
    if statistic.group is not None:
        yield node, BK + "group", _iri(entity_iri(resolution, statistic.group))
    if statistic.period:
        yield from _period_triples(node, statistic.period, reported)
    if statistic.place is not None:
        yield node, BK + "place", _iri(entity_iri(resolution, statistic.place))
    if statistic.source:
        yield node, BK + "source", ox.Literal(statistic.source)
    yield from _provenance(node, evidence, statistic.rule, statistic.confidence, told)


def _quote_triples(quote: Quote, resolution: Resolution, told: set[str]) -> Iterator[Triple]:
    evidence = quote.evidence
    node = f"{ID}quote/{evidence.document_id}/{evidence.start}-{evidence.end}"
    yield node, RDF + "type", _iri(BK + ("Quote" if quote.direct else "Claim"))
    yield node, BK + "text", ox.Literal(quote.text)
    if quote.speaker is not None:
        yield node, BK + "speaker", _iri(entity_iri(resolution, quote.speaker))
    for mention in quote.about:
        yield node, BK + "about", _iri(entity_iri(resolution, mention))
    yield from _provenance(node, evidence, quote.rule, quote.confidence, told)


def _fact_triples(extraction: Extraction, resolution: Resolution,
                  told: set[str]) -> Iterator[Triple]:
    """Relations, routes, statistics and quotes of one document (GRAPH.md, "Facts")."""
    for relation in extraction.relations:
        yield from _relation_triples(relation, extraction.document.date, resolution, told)
    yield from _route_triples(extraction.document.id, extraction.route_legs, resolution, told)
    for statistic in extraction.statistics:
        yield from _statistic_triples(statistic, extraction.document.date, resolution, told)
    for quote in extraction.quotes:
        yield from _quote_triples(quote, resolution, told)


def document_named_graph(extraction: Extraction, resolution: Resolution,
                         story: Story | None = None) -> NamedGraph:
    """One document's graph: the document, its story if it has copies, its sentences,
    mentions and facts."""
    document_id = extraction.document.id
    triples = _extraction_triples(extraction, resolution)
    if story is not None:
        triples = itertools.chain(triples, _story_triples(document_id, story))
    return _named_graph(document_graph(document_id), triples)


def contradictions_named_graph(pairs: Iterable[tuple[str, str]]) -> NamedGraph:
    """The contradictions graph: ``statistic bk:contradicts other`` for each pair of counts
    that contradict each other (:func:`kg.conflicts.contradictions`), once, as given."""
    return _named_graph(CONTRADICTIONS_GRAPH,
                        ((first, BK + "contradicts", _iri(other)) for first, other in pairs))


def route_places_named_graph(places: Iterable[RoutePlace]) -> NamedGraph:
    """The route-places graph: for each place a route leg leaves or reaches
    (:func:`kg.route_places.route_places`), how many legs leave and reach it and who
    travels the routes that pass it."""
    def triples() -> Iterator[Triple]:
        for place in places:
            yield place.place, BK + "legsFrom", _integer(place.legs_from)
            yield place.place, BK + "legsTo", _integer(place.legs_to)
            for who in place.travellers:
                yield place.place, BK + "passedBy", _iri(who)

    return _named_graph(ROUTE_PLACES_GRAPH, triples())


def decision_iri(decision: Decision) -> str:
    """The IRI of an analyst's decision: a digest of what it says (not of where it
    stands in the curation file)."""
    content = dataclasses.asdict(dataclasses.replace(decision, line=0))
    return f"{ID}decision/{_digest(json.dumps(content, sort_keys=True))}"


def _time(when: str) -> ox.Literal:
    kind = "dateTime" if "T" in when else "date"
    return ox.Literal(when, datatype=_iri(XSD + kind))


def _decision_triples(outcome: DecisionOutcome) -> Iterator[Triple]:
    decision = outcome.decision
    node = decision_iri(decision)
    agent = f"{ID}analyst/{slugify(decision.by)}"
    yield node, RDF + "type", _iri(BK + "Decision")
    yield node, BK + "decisionKind", ox.Literal(decision.kind)
    yield node, BK + "why", ox.Literal(decision.why)
    yield node, PROV + "endedAtTime", _time(decision.when)
    yield node, PROV + "wasAssociatedWith", _iri(agent)
    yield agent, RDF + "type", _iri(PROV + "Person")
    yield agent, RDFS + "label", ox.Literal(decision.by)
    if outcome.stale is not None:
        yield node, BK + "staleBecause", ox.Literal(outcome.stale)
    if outcome.note is not None:
        yield node, RDFS + "comment", ox.Literal(outcome.note)
    for entity in outcome.entities:
        yield entity, BK + "curatedBy", _iri(node)
    for replaced in outcome.replaced:
        yield node, PROV + "invalidated", _iri(replaced)
    for name, value in outcome.previous:
        if name == "type":
            yield node, BK + "previousType", _iri(BK + value)
        elif name == "label":
            yield node, BK + "previousLabel", ox.Literal(value)
        else:
            yield node, BK + f"previous{name.title()}", _double(float(value))
    for subject, predicate, object_, evidence in outcome.rejected:
        fact = fact_iri(subject, predicate, object_, evidence)
        yield node, PROV + "invalidated", _iri(fact)
        yield fact, RDF + "type", _iri(BK + "RejectedAssertion")
        yield fact, RDF + "subject", _iri(subject)
        yield fact, RDF + "predicate", _iri(BK + predicate)
        yield fact, RDF + "object", _iri(object_)
        yield fact, OA + "hasSource", _iri(document_iri(evidence.document_id))
        yield fact, OA + "start", _integer(evidence.start)
        yield fact, OA + "end", _integer(evidence.end)
        yield fact, OA + "exact", ox.Literal(evidence.quote)


def _curated_fact_triples(fact: CuratedFact, decision: str, told: set[str]) -> Iterator[Triple]:
    evidence = fact.evidence
    node = fact_iri(fact.subject, fact.predicate, fact.object, evidence)
    yield fact.subject, BK + fact.predicate, _iri(fact.object)
    yield node, RDF + "type", _iri(BK + "Assertion")
    yield node, RDF + "subject", _iri(fact.subject)
    yield node, RDF + "predicate", _iri(BK + fact.predicate)
    yield node, RDF + "object", _iri(fact.object)
    yield node, BK + "curatedBy", _iri(decision)
    # Queries find a fact's document by its identifier in the fact's own graph.
    yield document_iri(evidence.document_id), DCTERMS + "identifier", ox.Literal(evidence.document_id)
    yield from _provenance(node, evidence, "curation", 1.0, told)


def curation_named_graph(outcomes: Iterable[DecisionOutcome],
                         facts: Iterable[CuratedFact]) -> NamedGraph:
    """The curation graph: every decision of the curation file (PROV-O: who, when,
    why, what it replaced) and the facts analysts added, with their evidence."""
    outcomes = tuple(outcomes)
    iris = {outcome.decision: decision_iri(outcome.decision) for outcome in outcomes}
    told: set[str] = set()

    def triples() -> Iterator[Triple]:
        for outcome in outcomes:
            yield from _decision_triples(outcome)
        for fact in facts:
            yield from _curated_fact_triples(fact, iris[fact.decision], told)

    return _named_graph(CURATION_GRAPH, triples())
