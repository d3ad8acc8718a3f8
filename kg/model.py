"""Frozen dataclasses shared by every stage of the data flow.

They are the only things stages pass to each other: no spaCy object and no
RDF node crosses a module boundary.

Offsets are character offsets into :attr:`Document.text`, the cleaned text
that the build keeps, so ``document.text[e.start:e.end] == e.quote`` always.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Ontology class names (local names in ``bk:``), finest first where it matters.
ENTITY_TYPES = (
    "Person",
    "Organization",
    "GovernmentAgency",
    "NonGovernmentalOrganization",
    "NewsOrganization",
    "Place",
    "Country",
    "AdministrativeArea",
    "City",
    "BorderCrossing",
    "NaturalRegion",
    "Policy",
    "Law",
    "Program",
    "App",
    "MigrantGroup",
)
# The organisation classes: bk:Organization and its subclasses.
ORGANIZATION_TYPES = frozenset(
    {"Organization", "GovernmentAgency", "NonGovernmentalOrganization", "NewsOrganization"})
# The place classes: bk:Place and its subclasses.
PLACE_TYPES = frozenset(
    {"Place", "Country", "AdministrativeArea", "City", "BorderCrossing", "NaturalRegion"})
# Who travels: the subjects the ontology allows bk:travelsThrough and bk:crossesAt.
TRAVELLER_TYPES = frozenset({"Person", "MigrantGroup"})


@dataclass(frozen=True)
class Document:
    """One article after ingest: cleaned text plus what is known about it.

    ``url`` is where it was read; ``canonical_url`` the page it names as its original
    (``<link rel=canonical>``, ``og:url``) when that is another; ``guid`` the id of the
    feed entry that listed it (RSS ``<guid>``, Atom ``<id>``).
    """

    id: str
    text: str
    sources: tuple[str, ...]
    content_hash: str
    title: str | None = None
    publication: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    canonical_url: str | None = None
    guid: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a span of a document and its sentence."""

    document_id: str
    start: int
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    sentence: str


@dataclass(frozen=True)
class Mention:
    """A surface form of an entity in one document.

    ``key`` is the vocabulary id when the mention matched a known entity
    (``"cbp-one"``), else ``None``; ``name`` is the surface form cleaned of
    titles and possessives (``"Edwards-Behar"`` for ``"Ms. Edwards-Behar's"``).
    """

    name: str
    type: str
    evidence: Evidence
    key: str | None = None
    rule: str = "ner"
    honorific: str | None = None


@dataclass(frozen=True)
class Relation:
    """``subject --predicate--> object`` between two mentions of one document.

    ``period`` is when it held, as its sentence gives it ("In March 2020", "on May 11,
    2023"); resolved against the document's date where the graph is written
    (:func:`kg.periods.resolve`).
    """

    subject: Mention
    predicate: str
    object: Mention
    evidence: Evidence
    rule: str
    confidence: float
    negated: bool = False
    period: str | None = None


@dataclass(frozen=True)
class RouteLeg:
    """One leg of a journey: ``origin`` to ``destination``, ``order`` from 1."""

    travellers: tuple[Mention, ...]
    group: str
    origin: Mention
    destination: Mention
    order: int
    evidence: Evidence
    rule: str
    confidence: float
    mode: str | None = None


@dataclass(frozen=True)
class Statistic:
    """A count read from text: ``value`` normalised, ``quantity`` as written."""

    quantity: str
    value: float
    unit: str
    what: str
    evidence: Evidence
    rule: str
    confidence: float
    qualifier: str | None = None
    group: Mention | None = None
    period: str | None = None
    place: Mention | None = None
    source: str | None = None


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker, directly quoted or claimed."""

    text: str
    speaker: Mention | None
    speaker_text: str
    evidence: Evidence
    rule: str
    confidence: float
    direct: bool = True
    about: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...] = ()
    route_legs: tuple[RouteLeg, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One real-world thing across the corpus, with every surface form seen."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...]
    mention_count: int
    document_count: int = 0
    wikidata: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Resolution:
    """Entities across the corpus and, per mention, the entity it refers to.

    ``entity_of`` maps ``(document_id, start, end)`` of a mention to the
    :attr:`Entity.id` it resolved to.
    """

    entities: tuple[Entity, ...]
    entity_of: dict[tuple[str, int, int], str] = field(default_factory=dict, hash=False)
    extractions: tuple[Extraction, ...] = ()


@dataclass(frozen=True)
class EntityRef:
    """An entity as a curation decision names it: any name the resolver accepts
    (:class:`kg.names.Resolver`), narrowed, for a split or a "not the same" judgement, to
    its mentions in ``documents`` and/or written as one of ``forms``."""

    name: str
    documents: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactRef:
    """A fact as a curation decision names it: ``subject --predicate--> object``, in
    ``document`` (any document when ``None``), read in ``sentence`` (for an added fact)."""

    subject: str
    predicate: str
    object: str
    document: str | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class Decision:
    """One analyst's decision of the curation file (``kg/curation.py``): its ``kind``
    (merge, distinct, split, retype, pin, reject, add), what it names and sets, and who
    took it, when and why. ``line`` is where it starts in the file."""

    kind: str
    why: str
    by: str
    when: str
    line: int
    entities: tuple[EntityRef, ...] = ()
    fact: FactRef | None = None
    type: str | None = None
    label: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    place: str | None = None


@dataclass(frozen=True)
class DecisionOutcome:
    """What a decision did to one build: the entities it shaped (their IRIs), the IRIs
    it replaced (an entity merged away or rejected, a rejected fact), what an entity was
    before it (``previous``: type, label, latitude, longitude), and, when it matched
    nothing, why (``stale``). ``rejected`` are the facts it took out of the graph:
    ``(subject IRI, predicate, object IRI, evidence)``."""

    decision: Decision
    entities: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    previous: tuple[tuple[str, str], ...] = ()
    rejected: tuple[tuple[str, str, str, Evidence], ...] = ()
    stale: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class CuratedFact:
    """A fact an analyst added (``decision``), with the sentence that supports it."""

    decision: Decision
    subject: str
    predicate: str
    object: str
    evidence: Evidence


@dataclass(frozen=True)
class BackgroundFact:
    """A fact of the public record about a known entity, from ``ontology/background.ttl``
    rather than from an article: when a policy held, who issued or runs it.

    ``subject`` is the IRI of the entity; ``predicate`` the full IRI
    (``schema:startDate``, ``schema:endDate``, ``bk:issuedBy``, ``bk:runBy``); ``value``
    an entity IRI when ``datatype`` is ``None``, else a literal of that datatype as
    written ("2020-03-20", "2019-01"); the labels are those of the two entities.
    ``source`` is the URL of the Federal Register document or agency page that states
    it; ``note`` says what the fact covers.
    """

    subject: str
    predicate: str
    value: str
    source: str
    datatype: str | None = None
    subject_label: str | None = None
    value_label: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Copy:
    """A document found to copy another of its story, by which signal (``identical``,
    ``url``, ``guid``, ``title``, ``wire`` or ``text``; :mod:`kg.stories`) and how much of
    the shorter text is in the other (0 to 1)."""

    document_id: str
    of: str
    signal: str
    overlap: float


@dataclass(frozen=True)
class Story:
    """Documents that tell one story: syndicated copies of one release or article.

    ``documents`` come fullest text first; ``copies`` say how each later one was found.
    """

    id: str
    documents: tuple[str, ...]
    copies: tuple[Copy, ...]
