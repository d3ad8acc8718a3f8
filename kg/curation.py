"""The analyst's corrections: a YAML file of decisions that every build applies.

``curation.yaml`` (``kg build --curation FILE``) is a list of decisions, each with
who took it (``by``), when (``when``, ISO 8601) and why (``why``)::

    - merge: [id:person/anna-mashinskaia, Mashinskaia]     # the second becomes part of the first
    - distinct:                                            # never the same thing
      - {name: Mr. Xu, documents: [a]}
      - {name: Mr. Xu, documents: [b]}
    - split: {name: Xu, documents: [b]}                    # or forms: [Mr. Xu]
    - retype: Douglas
      type: City                                           # and/or label: ...
    - pin: Douglas
      latitude: 31.34                                      # with longitude, or place: geonames-5293996
      longitude: -109.55
    - reject: Casa del Migrante                            # an entity, or a fact:
    - reject: {subject: X, predicate: worksFor, object: Y, document: d}
    - add: {subject: X, predicate: worksFor, object: Y, document: d, sentence: "X works for Y"}

:func:`load` reads and checks it: a malformed file raises :class:`CurationError`,
whose message names the line. :class:`Plan` applies it to one build: names resolve
(:class:`kg.names.Resolver`) against the entities the automatic resolution found;
splits and "not the same" judgements peel mentions off an entity into an entity of
their own; merges join entities (the first keeps its IRI, label and type; every name
becomes an alias); rejected entities and facts leave the documents' graphs; added
facts and every decision go to the curation graph (:func:`kg.rdf.curation_named_graph`).
A decision that matches nothing in this corpus is *stale*: reported, never dropped.
Decisions that cannot all hold (two types for one entity, a merge of two things
judged distinct) raise :class:`CurationError` before anything of the graph is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from kg.errors import BorderKGError
from kg.gazetteer import place_by_key
from kg.model import (
    ENTITY_TYPES,
    CuratedFact,
    Decision,
    DecisionOutcome,
    Entity,
    EntityRef,
    Evidence,
    Extraction,
    FactRef,
    Mention,
)
from kg.names import Named, Resolver, UnknownName, normalize
from kg.namespaces import ID
from kg.resolve import EntityIndex, choose_label, choose_type, form_of
from kg.vocabulary import relation_signatures

DEFAULT_FILE = "curation.yaml"
KINDS = ("merge", "distinct", "split", "retype", "pin", "reject", "add")
_COMMON = ("why", "by", "when")
# The keys a decision of each kind may have besides its kind and _COMMON.
_OPTIONS = {
    "merge": (), "distinct": (), "split": (), "reject": (), "add": (),
    "retype": ("type", "label"),
    "pin": ("latitude", "longitude", "place"),
}
_REF_KEYS = ("name", "documents", "forms")
_FACT_KEYS = ("subject", "predicate", "object", "document", "sentence")
ROUTE_LEG = "routeLeg"
# Splits come first, so that the other decisions may name the entities they make.
_ORDER = ("distinct", "split", "merge", "retype", "pin", "reject", "add")


class CurationError(BorderKGError):
    """A curation file that cannot be applied: malformed, or decisions that contradict."""


# --------------------------------------------------------------------------- reading


def load(path: str | Path) -> tuple[Decision, ...]:
    """The decisions of a curation file; :class:`CurationError` naming the line when it
    is malformed.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "curation.yaml"
    >>> _ = file.write_text("- retype: Douglas\\n  type: Town\\n  why: x\\n  by: a\\n"
    ...                     "  when: 2026-01-02\\n")
    >>> load(file)
    Traceback (most recent call last):
    ...
    kg.curation.CurationError: ...curation.yaml line 2: type: 'Town' is no entity type; ...
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CurationError(f"cannot read the curation file {path}: {error.strerror}") from error
    return parse(text, str(path))


def parse(text: str, source: str = DEFAULT_FILE) -> tuple[Decision, ...]:
    """The decisions of the text of a curation file (``source`` names it in errors).

    Examples
    --------
    >>> (merge,) = parse("- merge: [CBP One, the app]\\n  why: same app\\n  by: ana\\n"
    ...                  "  when: '2026-05-01T10:00:00Z'\\n")
    >>> merge.kind, [ref.name for ref in merge.entities], merge.by, merge.line
    ('merge', ['CBP One', 'the app'], 'ana', 1)
    >>> parse("- merge: [a, b\\n")
    Traceback (most recent call last):
    ...
    kg.curation.CurationError: curation.yaml line 2: not valid YAML: expected ',' or ']', ...
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise CurationError(f"{source} line {line}: not valid YAML: {error.problem}") from error
    if root is None:
        return ()
    reader = _Reader(source)
    if not isinstance(root, yaml.SequenceNode):
        reader.fail(root, "the curation file is a list of decisions (each item starting '- ')")
    decisions = tuple(reader.decision(node) for node in root.value)
    _check_alone(decisions, source)
    return decisions


class _Reader:
    """Turns YAML nodes into decisions, failing with the line of the node at fault."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: yaml.Node, message: str) -> None:
        raise CurationError(f"{self.source} line {node.start_mark.line + 1}: {message}")

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} is a mapping of keys to values")
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = self.text(key, "a key")
            if name in found:
                self.fail(key, f"{name!r} is given twice")
            found[name] = (key, value)
        return found

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.fail(node, f"{what} is a text")
        return str(node.value).strip()

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.fail(node, f"{what} is a text or a list of texts")
        return tuple(self.text(item, what) for item in node.value)

    def number(self, node: yaml.Node, what: str, limit: float) -> float:
        try:
            value = float(self.text(node, what))
        except ValueError:
            value = float("nan")
        if not -limit <= value <= limit:
            self.fail(node, f"{what} is a number between -{limit:g} and {limit:g}")
        return value

    def when(self, node: yaml.Node) -> str:
        value = self.text(node, "when")
        try:
            (datetime if "T" in value else date).fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(node, f"when: {value!r} is no ISO 8601 date or time (2026-05-01T10:00:00Z)")
        return value

    def entity(self, node: yaml.Node, narrowed: bool) -> EntityRef:
        if isinstance(node, yaml.ScalarNode):
            return EntityRef(self.text(node, "an entity"))
        if not narrowed:
            self.fail(node, "an entity is named by one text here (a label, alias or IRI)")
        keys = self.mapping(node, "an entity")
        self.only(keys, _REF_KEYS, "an entity")
        if "name" not in keys:
            self.fail(node, "an entity needs its name")
        documents = self.texts(keys["documents"][1], "documents") if "documents" in keys else ()
        forms = self.texts(keys["forms"][1], "forms") if "forms" in keys else ()
        return EntityRef(self.text(keys["name"][1], "name"), documents, forms)

    def fact(self, node: yaml.Node, added: bool) -> FactRef:
        keys = self.mapping(node, "a fact")
        self.only(keys, _FACT_KEYS if added else _FACT_KEYS[:4], "a fact")
        needed = _FACT_KEYS if added else _FACT_KEYS[:3]
        missing = [name for name in needed if name not in keys]
        if missing:
            self.fail(node, f"a fact needs {', '.join(missing)}")
        values = {name: self.text(value, name) for name, (_, value) in keys.items()}
        if values["predicate"] not in relation_predicates():
            self.fail(keys["predicate"][1], f"predicate: {values['predicate']!r} is no relation; "
                      f"one of {', '.join(sorted(relation_predicates()))}")
        return FactRef(**values)

    def only(self, keys: dict[str, tuple[yaml.Node, yaml.Node]], allowed: Iterable[str],
             what: str) -> None:
        for name, (key, _) in keys.items():
            if name not in allowed:
                self.fail(key, f"{what} has no key {name!r} (it has {', '.join(allowed)})")

    def decision(self, node: yaml.Node) -> Decision:
        keys = self.mapping(node, "a decision")
        kinds = [name for name in keys if name in KINDS]
        if len(kinds) != 1:
            self.fail(node, f"a decision is one of {', '.join(KINDS)}; this one has "
                      f"{' and '.join(kinds) or 'none'}")
        kind = kinds[0]
        self.only(keys, (kind, *_COMMON, *_OPTIONS[kind]), kind)
        for name in _COMMON:
            if name not in keys:
                self.fail(node, f"{kind}: every decision says who took it, when and why "
                          f"(by, when, why); {name} is missing")
        value = keys[kind][1]
        fields: dict = {"kind": kind, "line": node.start_mark.line + 1,
                        "why": self.text(keys["why"][1], "why"),
                        "by": self.text(keys["by"][1], "by"),
                        "when": self.when(keys["when"][1])}
        if kind in ("merge", "distinct"):
            if not isinstance(value, yaml.SequenceNode) or len(value.value) != 2:
                self.fail(value, f"{kind} names two entities: [{'KEEP, OTHER' if kind == 'merge' else 'A, B'}]")
            fields["entities"] = tuple(self.entity(item, kind == "distinct") for item in value.value)
        elif kind == "split":
            ref = self.entity(value, narrowed=True)
            if not ref.documents and not ref.forms:
                self.fail(value, "split says which mentions leave the entity: "
                          "{name: NAME, documents: [...]} or {name: NAME, forms: [...]}")
            fields["entities"] = (ref,)
        elif kind in ("add",) or (kind == "reject" and isinstance(value, yaml.MappingNode)):
            fields["fact"] = self.fact(value, added=kind == "add")
        else:
            fields["entities"] = (self.entity(value, narrowed=False),)
        if kind == "retype":
            if "type" not in keys and "label" not in keys:
                self.fail(node, "retype gives a new type, a new label or both")
            if "type" in keys:
                fields["type"] = self.text(keys["type"][1], "type")
                if fields["type"] not in ENTITY_TYPES:
                    self.fail(keys["type"][1], f"type: {fields['type']!r} is no entity type; "
                              f"one of {', '.join(ENTITY_TYPES)}")
            if "label" in keys:
                fields["label"] = self.text(keys["label"][1], "label")
        if kind == "pin":
            if "place" in keys:
                if "latitude" in keys or "longitude" in keys:
                    self.fail(node, "pin gives a place or coordinates, not both")
                fields["place"] = self.text(keys["place"][1], "place")
            elif "latitude" in keys and "longitude" in keys:
                fields["latitude"] = self.number(keys["latitude"][1], "latitude", 90)
                fields["longitude"] = self.number(keys["longitude"][1], "longitude", 180)
            else:
                self.fail(node, "pin gives latitude and longitude, or a gazetteer place")
        return Decision(**fields)


def _check_alone(decisions: tuple[Decision, ...], source: str) -> None:
    """Contradictions the names as written show, before any build resolves them."""
    said: dict[tuple, Decision] = {}
    for decision in decisions:
        if decision.kind in ("merge", "distinct"):
            pair = tuple(sorted(normalize(ref.name) for ref in decision.entities))
            plain = not any(ref.documents or ref.forms for ref in decision.entities)
            other = said.get(("merge" if decision.kind == "distinct" else "distinct", *pair))
            if plain and other is not None:
                first, second = sorted((other, decision), key=lambda d: d.line)
                raise CurationError(
                    f"{source} line {second.line}: {second.kind} of "
                    f"{' and '.join(ref.name for ref in decision.entities)} contradicts the "
                    f"{first.kind} on line {first.line}")
            if plain:
                said[(decision.kind, *pair)] = decision


def relation_predicates() -> frozenset[str]:
    """The relations a fact may have: the ontology's object properties between entities
    (``schema:domainIncludes`` and ``schema:rangeIncludes`` both entity classes).

    Examples
    --------
    >>> {"worksFor", "locatedIn", "routeLeg"} <= relation_predicates()
    True
    >>> "speaker" in relation_predicates()
    False
    """
    return frozenset(relation_signatures())


def describe(decision: Decision) -> str:
    """One line that says what a decision does.

    Examples
    --------
    >>> describe(Decision("merge", "", "", "", 1, (EntityRef("id:city/douglas"), EntityRef("Doug"))))
    'merge id:city/douglas <- Doug'
    >>> describe(Decision("reject", "", "", "", 1, fact=FactRef("A", "worksFor", "B", "d1")))
    'reject A worksFor B in d1'
    """
    def ref(entity: EntityRef) -> str:
        narrowed = [*entity.documents, *(repr(form) for form in entity.forms)]
        return entity.name + (f" (in {', '.join(narrowed)})" if narrowed else "")

    if decision.fact is not None:
        fact = decision.fact
        said = f"{decision.kind} {fact.subject} {fact.predicate} {fact.object}"
        return said + (f" in {fact.document}" if fact.document else "")
    names = [ref(entity) for entity in decision.entities]
    if decision.kind == "merge":
        return f"merge {names[0]} <- {names[1]}"
    if decision.kind == "distinct":
        return f"distinct {names[0]} != {names[1]}"
    said = f"{decision.kind} {names[0]}"
    if decision.type or decision.label:
        said += " -> " + " ".join(filter(None, (decision.type, decision.label and repr(decision.label))))
    if decision.place:
        said += f" at {decision.place}"
    if decision.latitude is not None:
        said += f" at {decision.latitude}, {decision.longitude}"
    return said


def expand(name: str) -> str:
    """A name with the ``id:`` prefix written out (``id:city/douglas`` -> its IRI).

    Examples
    --------
    >>> expand("id:city/douglas")
    'https://w3id.org/borderkg/id/city/douglas'
    >>> expand("Douglas")
    'Douglas'
    """
    return ID + name[3:] if name.startswith("id:") else name


def compact(iri: str) -> str:
    """An entity IRI as a curation file writes it: ``id:city/douglas``."""
    return "id:" + iri[len(ID):] if iri.startswith(ID) else iri


# --------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class _Peel:
    """Mentions of ``source`` (in ``documents``, written as one of ``forms``) that
    become the entity ``part``."""

    source: str
    part: str
    documents: frozenset[str]
    forms: frozenset[str]
    decision: Decision

    def takes(self, mention: Mention) -> bool:
        return ((not self.documents or mention.evidence.document_id in self.documents)
                and (not self.forms or normalize(mention.evidence.quote) in self.forms
                     or normalize(mention.name) in self.forms))


@dataclass(frozen=True)
class _Rejection:
    subject: str
    predicate: str
    object: str
    document: str | None
    decision: Decision


@dataclass
class _Tally:
    """What the mentions of one curated entity add up to."""

    mentions: int = 0
    quotes: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)


class Plan:
    """The decisions of a curation file applied to the entities of one corpus.

    Made from the automatic resolution (:class:`kg.resolve.EntityIndex`); then
    :meth:`curate` gives each document's extraction as the analyst corrected it, and
    :meth:`entities` and :meth:`outcomes`, once every document went through
    :meth:`curate`, the curated entities and what each decision did.
    """

    def __init__(self, decisions: Iterable[Decision], index: EntityIndex,
                 source: str = DEFAULT_FILE) -> None:
        self.source = source
        self.decisions = tuple(decisions)
        self._index = index
        self._automatic = {entity.id: entity for entity in index.entities}
        self._names = Resolver(Named(e.id, e.label, e.aliases, e.mention_count)
                               for e in index.entities)
        self._parts: dict[str, _Peel] = {}
        self._peels: dict[str, list[_Peel]] = defaultdict(list)
        self._parent: dict[str, str] = {}
        self._merged: dict[str, list[Decision]] = defaultdict(list)
        self._rejected: dict[str, Decision] = {}
        self._rejections: list[_Rejection] = []
        self._added: list[tuple[Decision, str, str]] = []
        self._edits: dict[str, dict[str, tuple[object, Decision]]] = defaultdict(dict)
        self._stale: dict[Decision, str] = {}
        self._notes: dict[Decision, str] = {}
        self._distinct: list[tuple[str, str, Decision]] = []
        self._entities_of: dict[Decision, tuple[str, ...]] = {}
        self._tallies: dict[str, _Tally] = defaultdict(_Tally)
        self._hits: Counter[Decision] = Counter()
        self._rejected_facts: dict[Decision, list[tuple[str, str, str, Evidence]]] = defaultdict(list)
        self._facts: dict[Decision, CuratedFact] = {}
        self._plan()

    # ------------------------------------------------------------------ planning

    def _resolve(self, ref: EntityRef, decision: Decision) -> str | None:
        name = expand(ref.name)
        if name in self._parts or name in self._automatic:
            return name
        try:
            return self._names.resolve(ref.name)
        except UnknownName as error:
            self._stale.setdefault(decision, str(error))
            return None

    def _find(self, iri: str) -> str:
        while iri in self._parent:
            iri = self._parent[iri]
        return iri

    def _fail(self, decision: Decision, message: str, *others: Decision) -> None:
        lines = sorted({other.line for other in others})
        also = (f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
                if lines else "")
        raise CurationError(f"{self.source} line {decision.line}: {message}{also}")

    def _peel(self, source: str, ref: EntityRef, decision: Decision) -> str:
        selection = {"documents": sorted(ref.documents), "forms": sorted(ref.forms)}
        part = f"{source}-{hashlib.sha1(json.dumps(selection).encode()).hexdigest()[:8]}"
        if part not in self._parts:
            peel = _Peel(source, part, frozenset(ref.documents),
                         frozenset(normalize(form) for form in ref.forms), decision)
            self._parts[part] = peel
            self._peels[source].append(peel)
        return part

    def _plan(self) -> None:
        ordered = sorted(self.decisions, key=lambda d: (_ORDER.index(d.kind), d.line))
        for decision in ordered:
            getattr(self, f"_plan_{decision.kind}")(decision)
        for first, second, decision in self._distinct:
            if self._find(first) == self._find(second):
                merges = self._merged[self._find(first)]
                self._fail(decision, "says these are different things, but merges make them "
                           "one entity", *merges)
        for decision in ordered:
            if decision in self._stale or decision.kind not in ("merge", "retype", "pin", "add"):
                continue
            for iri in self._entities_of.get(decision, ()):
                if self._find(iri) in self._rejected:
                    self._fail(decision, f"{decision.kind} of an entity that a decision rejects",
                               self._rejected[self._find(iri)])
        self._recount = set(self._parts) | set(self._merged)
        self._recount |= {self._find(peel.source) for peel in self._parts.values()}

    def _plan_distinct(self, decision: Decision) -> None:
        first, second = decision.entities
        a, b = self._resolve(first, decision), self._resolve(second, decision)
        if a is None or b is None:
            return
        if a != b:
            self._distinct.append((a, b, decision))
            self._entities_of[decision] = (a, b)
            return
        narrowed = first if first.documents or first.forms else second
        if not narrowed.documents and not narrowed.forms:
            self._stale[decision] = (f"{first.name!r} and {second.name!r} are one entity; say which "
                                     "documents or forms each one is")
            return
        if (set(first.documents) & set(second.documents) and not first.forms
                and not second.forms):
            self._fail(decision, f"{first.name!r} and {second.name!r} share documents "
                       f"{sorted(set(first.documents) & set(second.documents))}: "
                       "nothing tells them apart there")
        part = self._peel(a, narrowed, decision)
        self._distinct.append((part, a, decision))
        self._entities_of[decision] = (part, a)
        self._notes[decision] = (f"the resolution would have merged {first.name!r} and "
                                 f"{second.name!r}: kept apart")

    def _plan_split(self, decision: Decision) -> None:
        (ref,) = decision.entities
        source = self._resolve(ref, decision)
        if source is not None:
            part = self._peel(source, ref, decision)
            self._distinct.append((part, source, decision))
            self._entities_of[decision] = (source, part)

    def _plan_merge(self, decision: Decision) -> None:
        keep, other = (self._resolve(ref, decision) for ref in decision.entities)
        if keep is None or other is None:
            return
        keep, other = self._find(keep), self._find(other)
        if keep == other:
            self._stale[decision] = "the two names are already one entity"
            return
        self._parent[other] = keep
        self._merged[keep].extend([*self._merged.pop(other, []), decision])
        self._entities_of[decision] = (keep, other)

    def _plan_retype(self, decision: Decision) -> None:
        self._edit(decision, {"type": decision.type, "label": decision.label})

    def _plan_pin(self, decision: Decision) -> None:
        latitude, longitude = decision.latitude, decision.longitude
        if decision.place is not None:
            place = place_by_key(decision.place)
            if place is None or place.latitude is None:
                self._stale[decision] = f"the gazetteer has no place {decision.place!r}"
                return
            latitude, longitude = place.latitude, place.longitude
        self._edit(decision, {"latitude": latitude, "longitude": longitude})

    def _edit(self, decision: Decision, values: dict[str, object]) -> None:
        iri = self._resolve(decision.entities[0], decision)
        if iri is None:
            return
        self._entities_of[decision] = (iri,)
        edits = self._edits[self._find(iri)]
        for name, value in values.items():
            if value is None:
                continue
            if name in edits and edits[name][0] != value:
                self._fail(decision, f"sets {name} {value!r}, another decision "
                           f"{edits[name][0]!r}", edits[name][1])
            edits[name] = (value, decision)

    def _plan_reject(self, decision: Decision) -> None:
        if decision.fact is None:
            iri = self._resolve(decision.entities[0], decision)
            if iri is not None:
                self._rejected.setdefault(self._find(iri), decision)
            return
        fact = decision.fact
        ends = [self._resolve(EntityRef(name), decision) for name in (fact.subject, fact.object)]
        if ends[0] is not None and ends[1] is not None:
            self._rejections.append(_Rejection(self._find(ends[0]), fact.predicate,
                                               self._find(ends[1]), fact.document, decision))

    def _plan_add(self, decision: Decision) -> None:
        assert decision.fact is not None
        ends = [self._resolve(EntityRef(name), decision)
                for name in (decision.fact.subject, decision.fact.object)]
        if ends[0] is not None and ends[1] is not None:
            self._added.append((decision, ends[0], ends[1]))
            self._entities_of[decision] = (ends[0], ends[1])

    # ------------------------------------------------------------------ applying

    @property
    def digest(self) -> str:
        """What, besides its mentions' entities, changes the graph of a document: the
        facts rejected."""
        rejections = sorted((r.subject, r.predicate, r.object, r.document or "")
                            for r in self._rejections)
        return hashlib.sha256(json.dumps(rejections).encode("utf-8")).hexdigest()

    def entity_of(self, mention: Mention) -> str | None:
        """The curated entity of a mention; ``None`` when an analyst rejected it."""
        iri = self._index.iri_of[form_of(mention)]
        peeled = True
        while peeled and iri in self._peels:
            peeled = False
            for peel in self._peels[iri]:
                if peel.takes(mention):
                    iri, peeled = peel.part, True
                    self._hits[peel.decision] += 1
                    break
        iri = self._find(iri)
        return None if iri in self._rejected else iri

    def curate(self, extraction: Extraction,
               text_of: Callable[[str], str]) -> tuple[Extraction, dict[tuple[str, int, int], str]]:
        """One document's extraction as the analyst corrected it, and the entity of each
        mention it keeps. ``text_of`` gives a document's text (for the facts added to it)."""
        document = extraction.document.id
        entity_of: dict[tuple[str, int, int], str] = {}
        for mention in extraction.mentions:
            entity = self.entity_of(mention)
            if entity is None:
                continue
            evidence = mention.evidence
            entity_of[(evidence.document_id, evidence.start, evidence.end)] = entity
            if entity in self._recount:
                tally = self._tallies[entity]
                tally.mentions += 1
                tally.quotes.add(evidence.quote)
                tally.documents.add(document)
                tally.names[mention.name] += 1
                tally.types[mention.type] += 1

        def kept(mention: Mention | None) -> Mention | None:
            if mention is None:
                return None
            evidence = mention.evidence
            return mention if (evidence.document_id, evidence.start, evidence.end) in entity_of \
                else None

        def iri(mention: Mention) -> str:
            evidence = mention.evidence
            return entity_of[(evidence.document_id, evidence.start, evidence.end)]

        def rejected(subject: Mention, predicate: str, object_: Mention,
                     evidence: Evidence) -> bool:
            for rejection in self._rejections:
                if ((rejection.subject, rejection.predicate, rejection.object)
                        == (iri(subject), predicate, iri(object_))
                        and rejection.document in (None, document)):
                    self._rejected_facts[rejection.decision].append(
                        (iri(subject), predicate, iri(object_), evidence))
                    return True
            return False

        relations = tuple(
            relation for relation in extraction.relations
            if kept(relation.subject) and kept(relation.object)
            and not rejected(relation.subject, relation.predicate, relation.object,
                             relation.evidence))
        legs = tuple(
            dataclasses.replace(leg, travellers=tuple(t for t in leg.travellers if kept(t)))
            for leg in extraction.route_legs
            if kept(leg.origin) and kept(leg.destination)
            and not rejected(leg.origin, ROUTE_LEG, leg.destination, leg.evidence))
        statistics = tuple(dataclasses.replace(s, group=kept(s.group), place=kept(s.place))
                           for s in extraction.statistics)
        quotes = tuple(dataclasses.replace(q, speaker=kept(q.speaker),
                                           about=tuple(m for m in q.about if kept(m)))
                       for q in extraction.quotes)
        mentions = tuple(m for m in extraction.mentions if kept(m))
        curated = dataclasses.replace(extraction, mentions=mentions, relations=relations,
                                      route_legs=legs, statistics=statistics, quotes=quotes)
        for decision, subject, object_ in self._added:
            assert decision.fact is not None
            if decision.fact.document == document:
                self._add(decision, self._find(subject), self._find(object_), curated,
                          text_of(document))
        return curated, entity_of

    def _add(self, decision: Decision, subject: str, object_: str, extraction: Extraction,
             text: str) -> None:
        fact = decision.fact
        assert fact is not None and fact.sentence is not None
        pattern = r"\s+".join(map(re.escape, fact.sentence.split()))
        found = re.search(pattern, text)
        if found is None:
            self._stale[decision] = f"document {fact.document} has no sentence {fact.sentence!r}"
            return
        start, end = found.span()
        bounds = [(m.evidence.sentence_start, m.evidence.sentence_end)
                  for m in extraction.mentions
                  if m.evidence.sentence_start <= start and end <= m.evidence.sentence_end]
        first, last = min(bounds, default=(start, end))
        evidence = Evidence(fact.document or "", start, end, text[start:end], first, last,
                            text[first:last])
        self._facts[decision] = CuratedFact(decision, subject, fact.predicate, object_, evidence)

    # ------------------------------------------------------------------ results

    def entities(self) -> tuple[Entity, ...]:
        """The curated entities, sorted by IRI (once every document went through
        :meth:`curate`)."""
        merged_in: dict[str, list[Entity]] = defaultdict(list)
        for entity in self._index.entities:
            if self._find(entity.id) != entity.id:
                merged_in[self._find(entity.id)].append(entity)
        parts = [Entity(part, choose_label(self._tallies[part].names),
                        choose_type(self._tallies[part].types), (), 0)
                 for part in sorted(self._parts) if part in self._tallies]
        found: list[Entity] = []
        for entity in (*self._index.entities, *parts):
            if self._find(entity.id) != entity.id or entity.id in self._rejected:
                continue
            if entity.id in self._recount:
                tally = self._tallies.get(entity.id)
                if tally is None:
                    continue  # every mention went to another entity
                others = merged_in.get(entity.id, [])
                entity = dataclasses.replace(
                    entity, aliases=tuple(sorted(tally.quotes | {o.label for o in others})),
                    mention_count=tally.mentions, document_count=len(tally.documents),
                    wikidata=entity.wikidata or next((o.wikidata for o in others if o.wikidata),
                                                     None))
                place = next((o for o in (entity, *others) if o.latitude is not None), entity)
                entity = dataclasses.replace(entity, latitude=place.latitude,
                                             longitude=place.longitude)
            edits: dict[str, Any] = {name: value for name, (value, _)
                                     in self._edits.get(entity.id, {}).items()}
            found.append(dataclasses.replace(entity, **edits))
        return tuple(sorted(found, key=lambda entity: entity.id))

    def facts(self) -> tuple[CuratedFact, ...]:
        """The facts analysts added, in the order of their decisions."""
        return tuple(self._facts[d] for d in sorted(self._facts, key=lambda d: d.line))

    def outcomes(self) -> tuple[DecisionOutcome, ...]:
        """What each decision did, in the order of the file (once every document went
        through :meth:`curate`)."""
        peeled = {peel.decision for peel in self._parts.values()}
        results = []
        for decision in sorted(self.decisions, key=lambda d: d.line):
            stale = self._stale.get(decision)
            note = self._notes.get(decision)
            resolved = self._entities_of.get(decision, ())
            entities = tuple(dict.fromkeys(self._find(iri) for iri in resolved))
            replaced: tuple[str, ...] = ()
            previous: list[tuple[str, str]] = []
            rejected = tuple(self._rejected_facts.get(decision, ()))
            if stale is None and decision in peeled and not self._hits[decision]:
                stale = "no mention of the entity is in those documents or written so"
                note = None
            if decision.kind == "add":
                entities = ()  # the fact it adds is what it shaped
            if stale is None and decision.kind == "merge":
                entities, replaced = entities[:1], resolved[1:]
            elif stale is None and decision.kind == "reject" and decision.fact is None:
                replaced = tuple(iri for iri, by in self._rejected.items() if by == decision)
            elif stale is None and decision.kind == "reject" and not rejected:
                stale = "no such fact in the graph"
            elif stale is None and decision.kind == "add" and decision not in self._facts:
                assert decision.fact is not None  # its document never went through curate()
                stale = f"no document {decision.fact.document} in the corpus"
            elif stale is None and decision.kind in ("retype", "pin"):
                old = self._automatic.get(resolved[0])
                for name in ("type", "label") if decision.kind == "retype" else ("latitude",
                                                                                 "longitude"):
                    value = getattr(old, name, None)
                    if value is not None and (decision.kind == "pin" or getattr(decision, name)):
                        previous.append((name, str(value)))
            results.append(DecisionOutcome(
                decision, entities=() if stale else entities, replaced=replaced,
                previous=tuple(previous), rejected=rejected, stale=stale, note=note))
        return tuple(results)
