"""Mentions across the corpus -> one canonical :class:`~kg.model.Entity` per real-world thing.

Identity comes first from the vocabulary key, then the gazetteer key, then the
normalised name within a family of types (an organisation and a person of the same
name stay apart). A surname alone joins the one full name in the corpus that ends
with it. Every surface form seen becomes an alias; the type is the vocabulary's or
gazetteer's where they know the thing, else the most frequent one.

A mention's identity depends only on its *form* — its vocabulary key, cleaned name
and type — and on statistics of the whole corpus, so resolution streams: a
:class:`Census` takes one extraction at a time and keeps per-form counts and
surface forms (memory grows with the distinct forms, not with the mentions);
:meth:`Census.index` turns them into entities and an :class:`EntityIndex` that
gives any extraction its mentions' entity IRIs. :func:`resolve` is the two steps
over a sequence held in memory.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from kg.gazetteer import GazetteerPlace, place_by_key
from kg.model import ENTITY_TYPES, Entity, Extraction, Mention, Resolution
from kg.names import normalize, slugify, without_initials
from kg.namespaces import ID
from kg.resources import data_dir
from kg.vocabulary import load_vocabulary

FAMILY = {
    "Person": "agent",
    "Organization": "org", "GovernmentAgency": "org", "NonGovernmentalOrganization": "org",
    "NewsOrganization": "org",
    "Place": "place", "Country": "place", "AdministrativeArea": "place", "City": "place",
    "BorderCrossing": "crossing", "NaturalRegion": "place",
    "Policy": "policy", "Law": "policy", "Program": "policy", "App": "policy",
    "MigrantGroup": "group",
}

Form = tuple[str | None, str, str]
"""What a mention's identity depends on: ``(key, name, type)``."""

PlaceLookup = Callable[[str], GazetteerPlace | None]


@cache
def _unit_names() -> dict:
    return json.loads((data_dir("pipelines") / "entity_markers.json").read_text("utf-8"))["unit_names"]


def _without_agency(words: list[str]) -> list[str]:
    """The words of an office's place, without the agency before or after them."""
    agencies = _unit_names()["agencies"]
    for agency in agencies:
        size = len(agency.split())
        if len(words) > size and normalize(" ".join(words[:size])) == agency:
            words = words[size:]
        if len(words) > size and normalize(" ".join(words[-size:])) == agency:
            words = words[:-size]
    return words


def unit_name(name: str) -> str:
    """A normalised office name without the agency between its place and its kind, or
    before them, and an agency's field office without the words.

    >>> unit_name("big bend border patrol sector"), unit_name("mcallen station")
    ('big bend sector', 'mcallen station')
    >>> unit_name("us border patrol el paso sector"), unit_name("ero harlingen field office")
    ('el paso sector', 'ero harlingen')
    """
    *place, kind = name.split(" ")
    if kind in _unit_names()["kinds"] and place:
        return " ".join([*_without_agency(place), kind])
    field_offices = _unit_names()["field_offices"]
    if place and place[0] in field_offices["agencies"] and name.endswith(" " + field_offices["words"]):
        return name[:-len(field_offices["words"]) - 1]
    return name


def unit_label(label: str) -> str:
    """The name an office goes by, where its kind has one (``unit_names.labels``), however
    the text names it.

    >>> unit_label("Tucson Sector"), unit_label("Big Bend Border Patrol sector")
    ('U.S. Border Patrol Tucson Sector', 'U.S. Border Patrol Big Bend Sector')
    >>> unit_label("U.S. Border Patrol El Paso Sector"), unit_label("Ajo Station")
    ('U.S. Border Patrol El Paso Sector', 'Ajo Station')
    """
    *place, kind = label.split(" ")
    template = _unit_names()["labels"].get(kind.lower())
    if template is None or not place:
        return label
    return template.format(place=" ".join(_without_agency(place)))


def form_of(mention: Mention) -> Form:
    """The form of a mention: its vocabulary or gazetteer key, cleaned name and type."""
    return mention.key, mention.name, mention.type


def _identity(form: Form, short_forms: dict[str, str], known_names: dict[str, str],
              vocabulary_types: dict[str, str], place_of: PlaceLookup,
              owned_offices: dict[str, str]) -> str:
    key, raw_name, type_ = form
    if key in vocabulary_types:
        return f"key:{key}"
    name = normalize(raw_name)
    if FAMILY[type_] == "org":
        name = unit_name(name)  # the Big Bend Border Patrol Sector is the Big Bend Sector
        # "the Criminal Division" of a corpus that names only the Justice Department's
        name = owned_offices.get(name, name)
    place = place_of(key) if key else None
    for candidate in (name, normalize(place.name) if place else None):
        known = known_names.get(candidate or "")
        if known is not None and not (place is not None and vocabulary_types.get(known[4:], place.type) != place.type):
            # The model's "Matamoros" ORG is the gazetteer's city; the gazetteer's
            # "United States" is the vocabulary's; not a place of another kind the text
            # pinned by its name: the state of "Tacoma, Washington" is not the capital.
            return known
    if key is not None:
        return f"key:{key}"
    if name in short_forms:
        # "Biden" tagged ORG is still Joe Biden; "Randy Grossman" is Randy S. Grossman
        return f"agent:{short_forms[name]}"
    return f"{FAMILY[type_]}:{name}"


def _unambiguous(names: dict[str, set[str]]) -> dict[str, str]:
    return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}


def _short_forms(people: Iterable[str]) -> dict[str, str]:
    """The full name each short form of a person's name stands for, where it stands for one:
    a surname, or the name without its middle initials.

    >>> _short_forms(["Randy S. Grossman", "Randy Grossman", "Ana Ruiz", "Tom Ruiz"])
    {'randy grossman': 'randy s grossman', 'grossman': 'randy s grossman'}
    """
    fuller: dict[str, set[str]] = defaultdict(set)
    for name in people:
        bare = without_initials(name)
        if bare != name:
            fuller[normalize(bare)].add(normalize(name))
    full_of = _unambiguous(fuller)
    owners: dict[str, set[str]] = defaultdict(set)
    for name in people:
        owners[normalize(name.split()[-1])].add(full_of.get(normalize(name), normalize(name)))
    return full_of | _unambiguous(owners)


@cache
def _vocabulary_names() -> dict[str, str]:
    """Each name of the vocabulary that one entry has, normalised, with its key (read only:
    every caller shares it, and the census asks it of every owned office it counts)."""
    names: dict[str, set[str]] = defaultdict(set)
    for entity in load_vocabulary():
        for form in (entity.label, *entity.aliases):
            names[normalize(form)].add(f"key:{entity.key}")
    return _unambiguous(names)


def _owned_office(name: str) -> tuple[str, str] | None:
    """The known organisation a name makes the owner of an office, and the office:
    ("Justice Department", "Criminal Division") of "Justice Department’s Criminal Division";
    none for "Sheriff's Office", whose owner is no organisation."""
    for mark in ("’s ", "'s "):
        owner, found, office = name.partition(mark)
        if found and normalize(owner) in _vocabulary_names():
            return owner, office
    return None


def _owned_office_label(label: str) -> str:
    """An office named as a known organisation's, without the possessive, as the agencies
    name it: "Justice Department’s Criminal Division" is the Justice Department Criminal
    Division.

    >>> _owned_office_label("HSI’s San Antonio Field Office"), _owned_office_label("Sheriff's Office")
    ('HSI San Antonio Field Office', "Sheriff's Office")
    """
    owned = _owned_office(label)
    return label if owned is None else " ".join(owned)


def choose_label(names: Counter[str]) -> str:
    """The label of an entity seen under ``names`` (each with its count)."""
    # The fullest form wins ("Tatyana Edwards-Behar" over "Edwards-Behar"), then the commonest.
    return min(names, key=lambda n: (-len(n.split()), -names[n], n))


def _place_label(place: GazetteerPlace, names: Counter[str]) -> str:
    """The name the texts use for a gazetteer place ("Matamoros", not the gazetteer's
    "Heroica Matamoros"), in the gazetteer's spelling when it is that name ("Laredo" for
    a dateline's "LAREDO").

    Examples
    --------
    >>> matamoros = GazetteerPlace("geonames-3523466", "Heroica Matamoros", "City")
    >>> _place_label(matamoros, Counter({"Matamoros": 3, "MATAMOROS": 1}))
    'Matamoros'
    >>> _place_label(GazetteerPlace("geonames-4705349", "Laredo", "City"), Counter({"LAREDO": 1}))
    'Laredo'
    """
    if any(normalize(name) == normalize(place.name) for name in names):
        return place.name
    written = Counter({name: count for name, count in names.items() if not name.isupper()})
    return choose_label(written) if written else choose_label(names).title()


def choose_type(types: Counter[str]) -> str:
    """The type of an entity seen as ``types``: the commonest, then the finest."""
    return min(types, key=lambda t: (-types[t], ENTITY_TYPES.index(t)))


@dataclass
class _FormCount:
    mentions: int = 0
    quotes: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


class Census:
    """Statistics of the corpus's mentions, gathered one extraction at a time.

    Holds, per distinct mention form, how often it was seen, its surface forms and
    the documents it was seen in;
    the full names of people; per normalised surface form of a keyed
    mention, its keys. Nothing per mention.

    ``place_of`` gives the gazetteer place of a key (default: the gazetteer itself;
    a build passes the places its extraction cache recorded, which spares loading
    the gazetteer when no document needs the NLP).

    Examples
    --------
    >>> from kg.model import Document, Evidence, Extraction, Mention
    >>> evidence = Evidence("a", 0, 8, "CBP-ONE.", 0, 8, "CBP-ONE.")
    >>> census = Census()
    >>> census.add(Extraction(Document("a", "", ("a",), "h"),
    ...                       (Mention("CBP One", "App", evidence, key="cbp-one"),)))
    >>> [e.id for e in census.index().entities]
    ['https://w3id.org/borderkg/id/app/cbp-one']
    """

    def __init__(self, place_of: PlaceLookup = place_by_key) -> None:
        self._place_of = place_of
        self._forms: dict[Form, _FormCount] = {}
        self._people: set[str] = set()
        self._keyed_names: dict[str, set[str]] = defaultdict(set)
        self._owned_offices: dict[str, set[str]] = defaultdict(set)

    def add(self, extraction: Extraction, story: str | None = None) -> None:
        """Count the mentions of one extraction; the documents of one ``story`` (its
        IRI: syndicated copies, :mod:`kg.stories`) count as one document."""
        for mention in extraction.mentions:
            form = form_of(mention)
            count = self._forms.get(form)
            if count is None:
                count = self._forms[form] = _FormCount()
            count.mentions += 1
            count.quotes.add(mention.evidence.quote)
            count.documents.add(story or mention.evidence.document_id)
            if mention.key is not None:
                for surface in (mention.name, mention.evidence.quote):
                    self._keyed_names[normalize(surface)].add(f"key:{mention.key}")
            if mention.type == "Person" and " " in mention.name:
                self._people.add(mention.name)
            owned = _owned_office(mention.name) if FAMILY[mention.type] == "org" else None
            if owned is not None:
                self._owned_offices[normalize(owned[1])].add(normalize(mention.name))

    def index(self) -> EntityIndex:
        """The canonical entities of everything added, and the entity of each form."""
        # The vocabulary's labels and aliases win over surface forms seen in the corpus:
        # a name that two keys share stays unresolved.
        known_names = _unambiguous(self._keyed_names) | _vocabulary_names()
        short_forms = _short_forms(self._people)
        known = {entity.key: entity for entity in load_vocabulary()}
        vocabulary_types = {key: entity.type for key, entity in known.items()}
        owned_offices = _unambiguous(self._owned_offices)
        groups: dict[str, list[Form]] = defaultdict(list)
        for form in self._forms:
            identity = _identity(form, short_forms, known_names, vocabulary_types, self._place_of,
                                 owned_offices)
            groups[identity].append(form)

        entities: list[Entity] = []
        iri_of: dict[Form, str] = {}
        used_iris = {entity.iri for entity in known.values()}
        for identity in sorted(groups):
            members = groups[identity]
            key = identity[4:] if identity.startswith("key:") else None
            quotes: set[str] = set()
            documents: set[str] = set()
            names: Counter[str] = Counter()
            types: Counter[str] = Counter()
            for form in members:
                count = self._forms[form]
                quotes |= count.quotes
                documents |= count.documents
                names[form[1]] += count.mentions
                types[form[2]] += count.mentions
            wikidata = latitude = longitude = None
            if key in known:
                entry = known[key]
                label, type_, iri = entry.label, entry.type, entry.iri
                wikidata, latitude, longitude = entry.wikidata, entry.latitude, entry.longitude
            else:
                place = self._place_of(key) if key else None
                if place is not None:
                    label, type_ = _place_label(place, names), place.type
                    latitude, longitude = place.latitude, place.longitude
                else:
                    label, type_ = choose_label(names), choose_type(types)
                    label = unit_label(_owned_office_label(label)) if FAMILY[type_] == "org" else label
                iri = f"{ID}{type_.lower()}/{slugify(label)}"
                if iri in used_iris:
                    iri = f"{iri}-{slugify(key or identity)}"
                used_iris.add(iri)
            entities.append(Entity(id=iri, label=label, type=type_, aliases=tuple(sorted(quotes)),
                                   mention_count=sum(types.values()),
                                   document_count=len(documents), wikidata=wikidata,
                                   latitude=latitude, longitude=longitude))
            for form in members:
                iri_of[form] = iri
        entities.sort(key=lambda entity: entity.id)
        return EntityIndex(entities=tuple(entities), iri_of=iri_of)


@dataclass(frozen=True)
class EntityIndex:
    """The entities of a corpus and the entity IRI of every mention form seen in it."""

    entities: tuple[Entity, ...]
    iri_of: dict[Form, str]

    def entity_of(self, extraction: Extraction) -> dict[tuple[str, int, int], str]:
        """``(document id, start, end)`` of each mention of ``extraction`` -> its entity IRI."""
        return {(m.evidence.document_id, m.evidence.start, m.evidence.end): self.iri_of[form_of(m)]
                for m in extraction.mentions}

    def resolution_of(self, extraction: Extraction) -> Resolution:
        """The resolution one document's graph needs: its mentions' entities."""
        return Resolution(entities=(), entity_of=self.entity_of(extraction),
                          extractions=(extraction,))


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
    census = Census()
    for extraction in extractions:
        census.add(extraction)
    index = census.index()
    entity_of: dict[tuple[str, int, int], str] = {}
    for extraction in extractions:
        entity_of.update(index.entity_of(extraction))
    return Resolution(entities=index.entities, entity_of=entity_of, extractions=extractions)
