"""Mentions across the corpus -> one canonical :class:`~kg.model.Entity` per real-world thing.

Identity comes first from the vocabulary key, then the gazetteer key, then the
normalised name within a family of types (an organisation and a person of the same
name stay apart). A surname alone joins the one full name in the corpus that ends
with it. Every surface form seen becomes an alias; the type is the vocabulary's or
gazetteer's where they know the thing, else the most frequent one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.gazetteer import place_by_key
from kg.model import ENTITY_TYPES, Entity, Extraction, Mention, Resolution
from kg.names import normalize, slugify
from kg.vocabulary import ID, load_vocabulary

FAMILY = {
    "Person": "agent",
    "Organization": "org", "GovernmentAgency": "org", "NonGovernmentalOrganization": "org",
    "NewsOrganization": "org",
    "Place": "place", "Country": "place", "AdministrativeArea": "place", "City": "place",
    "BorderCrossing": "crossing", "NaturalRegion": "place",
    "Policy": "policy", "Law": "policy", "Program": "policy", "App": "policy",
    "MigrantGroup": "group",
}


def _identity(mention: Mention, surnames: dict[str, str], known_names: dict[str, str],
              vocabulary_keys: set[str]) -> str:
    if mention.key in vocabulary_keys:
        return f"key:{mention.key}"
    name = normalize(mention.name)
    place = place_by_key(mention.key) if mention.key else None
    for form in (name, normalize(place.name) if place else None):
        if form in known_names:
            # The model's "Matamoros" ORG is the gazetteer's city; the gazetteer's
            # "United States" is the vocabulary's.
            return known_names[form]
    if mention.key is not None:
        return f"key:{mention.key}"
    if " " not in mention.name and name in surnames:
        return f"agent:{surnames[name]}"  # "Biden" tagged ORG is still Joe Biden
    return f"{FAMILY[mention.type]}:{name}"


def _known_names(mentions: Iterable[Mention]) -> dict[str, str]:
    """Normalised surface forms of keyed mentions, then the vocabulary's labels and aliases,
    which win: a name that two keys share stays unresolved."""

    def unambiguous(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
        names: dict[str, set[str]] = defaultdict(set)
        for form, key in pairs:
            names[normalize(form)].add(f"key:{key}")
        return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}

    seen = unambiguous((form, m.key) for m in mentions if m.key is not None
                       for form in (m.name, m.evidence.quote))
    vocabulary = unambiguous((form, e.key) for e in load_vocabulary()
                             for form in (e.label, *e.aliases))
    return seen | vocabulary


def _unique_surnames(mentions: Iterable[Mention]) -> dict[str, str]:
    """Surname -> full name, for surnames that end exactly one full name in the corpus."""
    owners: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.type == "Person" and " " in mention.name:
            owners[normalize(mention.name.split()[-1])].add(normalize(mention.name))
    return {surname: next(iter(names)) for surname, names in owners.items() if len(names) == 1}


def _choose_label(names: Counter[str]) -> str:
    # The fullest form wins ("Tatyana Edwards-Behar" over "Edwards-Behar"), then the commonest.
    return min(names, key=lambda n: (-len(n.split()), -names[n], n))


def resolve(extractions: Iterable[Extraction]) -> Resolution:
    """Merge the mentions of every document into canonical entities.

    Examples
    --------
    >>> from kg.model import Document, Evidence, Extraction, Mention
    >>> def mention(name, start, doc):
    ...     evidence = Evidence(doc, start, start + len(name), name, 0, 99, "...")
    ...     return Mention(name=name, type="Person", evidence=evidence)
    >>> one = Extraction(Document("a", "", ("a",), "h"), (mention("Tatyana Edwards-Behar", 0, "a"),))
    >>> two = Extraction(Document("b", "", ("b",), "h"), (mention("Edwards-Behar", 5, "b"),))
    >>> resolution = resolve([one, two])
    >>> [(e.label, e.mention_count) for e in resolution.entities]
    [('Tatyana Edwards-Behar', 2)]
    """
    extractions = tuple(extractions)
    mentions = [m for extraction in extractions for m in extraction.mentions]
    surnames = _unique_surnames(mentions)
    known_names = _known_names(mentions)
    known = {entity.key: entity for entity in load_vocabulary()}
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[_identity(mention, surnames, known_names, set(known))].append(mention)

    entities: list[Entity] = []
    entity_of: dict[tuple[str, int, int], str] = {}
    used_iris = {entity.iri for entity in known.values()}
    for identity in sorted(groups):
        members = groups[identity]
        key = identity[4:] if identity.startswith("key:") else None
        aliases = tuple(sorted({m.evidence.quote for m in members}))
        names = Counter(m.name for m in members)
        types = Counter(m.type for m in members)
        wikidata = latitude = longitude = None
        if key in known:
            entry = known[key]
            label, type_, iri = entry.label, entry.type, entry.iri
            wikidata, latitude, longitude = entry.wikidata, entry.latitude, entry.longitude
        else:
            place = place_by_key(key) if key else None
            if place is not None:
                label, type_ = place.name, place.type
                latitude, longitude = place.latitude, place.longitude
            else:
                label = _choose_label(names)
                type_ = min(types, key=lambda t: (-types[t], ENTITY_TYPES.index(t)))
            iri = f"{ID}{type_.lower()}/{slugify(label)}"
            if iri in used_iris:
                iri = f"{iri}-{slugify(key or identity)}"
            used_iris.add(iri)
        entities.append(Entity(id=iri, label=label, type=type_, aliases=aliases,
                               mention_count=len(members), wikidata=wikidata,
                               latitude=latitude, longitude=longitude))
        for m in members:
            entity_of[(m.evidence.document_id, m.evidence.start, m.evidence.end)] = iri
    entities.sort(key=lambda entity: entity.id)
    return Resolution(entities=tuple(entities), entity_of=entity_of, extractions=extractions)
