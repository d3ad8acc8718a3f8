"""The domain's known entities, read from ``ontology/vocabulary.ttl``.

Each known entity carries its ontology class, canonical label, every alias an
article may use and, where known, its Wikidata id, coordinates and demonyms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.model import ENTITY_TYPES, BackgroundFact
from kg.namespaces import BK, DCTERMS, RDF, SKOS
from kg.resources import data_dir

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME = "http://www.w3.org/2002/07/owl#sameAs"
_LAT = "https://schema.org/latitude"
_LON = "https://schema.org/longitude"
_WIKIDATA = "http://www.wikidata.org/entity/"
_CONTAINED_IN = "https://schema.org/containedInPlace"
_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_DOMAIN = "https://schema.org/domainIncludes"
_RANGE = "https://schema.org/rangeIncludes"


@dataclass(frozen=True)
class KnownEntity:
    """A vocabulary entry: the canonical node of a real-world thing."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...]
    iri: str
    wikidata: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    demonyms: tuple[str, ...] = ()
    contained_in: str | None = None
    """The IRI of the place it lies in (``schema:containedInPlace``), if stated."""


@cache
def load_vocabulary() -> tuple[KnownEntity, ...]:
    """Read every known entity of the vocabulary, sorted by key.

    Examples
    --------
    >>> by_key = {entity.key: entity for entity in load_vocabulary()}
    >>> by_key["cbp-one"].type, by_key["cbp-one"].label
    ('App', 'CBP One')
    """
    path = data_dir("ontology") / "vocabulary.ttl"
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if not isinstance(triple.subject, ox.NamedNode):
            continue
        obj = triple.object
        text = obj.value if isinstance(obj, (ox.Literal, ox.NamedNode)) else None
        if text is not None:
            values[triple.subject.value][triple.predicate.value].append(text)
    entities = []
    for iri, props in values.items():
        classes = [c[len(BK):] for c in props.get(_RDF_TYPE, []) if c.startswith(BK)]
        keys = props.get(BK + "key", [])
        labels = props.get(_PREF, [])
        if not (classes and keys and labels):
            continue
        wikidata = [s[len(_WIKIDATA):] for s in props.get(_SAME, []) if s.startswith(_WIKIDATA)]
        entities.append(
            KnownEntity(
                key=keys[0],
                type=min(classes),
                label=labels[0],
                aliases=tuple(sorted(set(props.get(_ALT, [])))),
                iri=iri,
                wikidata=wikidata[0] if wikidata else None,
                latitude=float(props[_LAT][0]) if _LAT in props else None,
                longitude=float(props[_LON][0]) if _LON in props else None,
                demonyms=tuple(sorted(set(props.get(BK + "demonym", [])))),
                contained_in=props[_CONTAINED_IN][0] if _CONTAINED_IN in props else None,
            )
        )
    return tuple(sorted(entities, key=lambda entity: entity.key))


@cache
def load_background() -> tuple[BackgroundFact, ...]:
    """Every background fact of ``ontology/background.ttl``, sorted by subject, predicate
    and value, with the vocabulary labels of its entities.

    Examples
    --------
    >>> title_42 = [f for f in load_background() if f.subject.endswith("/policy/title-42")]
    >>> [(f.predicate.rsplit("/", 1)[-1], f.value) for f in title_42 if f.datatype]
    [('endDate', '2023-05-11'), ('startDate', '2020-03-20')]
    """
    labels = {entity.iri: entity.label for entity in load_vocabulary()}
    path = data_dir("ontology") / "background.ttl"
    # Each fact is a node (a blank node in the file) with its properties.
    nodes: dict[str, dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]] = defaultdict(dict)
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        nodes[str(triple.subject)][triple.predicate.value] = triple.object
    facts = []
    for props in nodes.values():
        subject, value = props[RDF + "subject"].value, props[RDF + "object"]
        datatype = value.datatype.value if isinstance(value, ox.Literal) else None
        note = props.get(SKOS + "scopeNote")
        facts.append(BackgroundFact(
            subject=subject,
            predicate=props[RDF + "predicate"].value,
            value=value.value,
            source=props[DCTERMS + "source"].value,
            datatype=datatype,
            subject_label=labels[subject],
            value_label=labels[value.value] if datatype is None else None,
            note=note.value if note is not None else None,
        ))
    return tuple(sorted(facts, key=lambda f: (f.subject, f.predicate, f.value, f.source)))


@cache
def relation_signatures() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """The relations a fact may have, with the entity classes each takes as subject and as
    object: the object properties of ``ontology/borderkg.ttl`` whose
    ``schema:domainIncludes`` and ``schema:rangeIncludes`` are entity classes, each class
    standing for its subclasses too.

    Examples
    --------
    >>> subjects, objects = relation_signatures()["worksFor"]
    >>> sorted(subjects), "GovernmentAgency" in objects, "Person" in objects
    (['Person'], True, False)
    >>> "speaker" in relation_signatures()
    False
    """
    graph = list(ox.parse(path=str(data_dir("ontology") / "borderkg.ttl"), format=ox.RdfFormat.TURTLE))
    local = {BK + name: name for name in ENTITY_TYPES}
    narrower: dict[str, set[str]] = defaultdict(set)
    for triple in graph:
        if triple.predicate.value == _SUBCLASS_OF and triple.object.value in local:
            narrower[local[triple.object.value]].add(triple.subject.value[len(BK):])

    def with_subclasses(name: str) -> set[str]:
        return {name}.union(*(with_subclasses(sub) for sub in narrower[name]))

    ends: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for triple in graph:
        side = {_DOMAIN: 0, _RANGE: 1}.get(triple.predicate.value)
        if side is not None and triple.subject.value.startswith(BK):
            ends[triple.subject.value[len(BK):]][side].add(triple.object.value)
    signatures = {}
    for predicate, (domain, range_) in ends.items():
        if domain and range_ and domain | range_ <= local.keys():
            signatures[predicate] = (
                frozenset().union(*(with_subclasses(local[c]) for c in domain)),
                frozenset().union(*(with_subclasses(local[c]) for c in range_)))
    return signatures
