"""spaCy ``Doc`` -> :class:`~kg.model.Extraction`: the only stage after ``nlp`` that sees spaCy.

Mentions get a cleaned ``name`` (no courtesy title, no possessive) and, inside one
document, short forms take the full form the document introduced: "Gomez" after
"Aaron Gomez", "CIS" after "Center for Immigration Studies (CIS)".
"""

from __future__ import annotations

import json
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from kg.model import Document, Evidence, Extraction, Mention, Relation, RouteLeg
from kg.resources import data_dir
from kg.vocabulary import load_vocabulary

_POSSESSIVE_TAILS = ("'s", "’s")


@cache
def _titles() -> frozenset[str]:
    markers = json.loads((data_dir("pipelines") / "entity_markers.json").read_text("utf-8"))
    return frozenset(markers["titles"])


@cache
def _vocabulary_labels() -> dict[str, str]:
    return {entity.key: entity.label for entity in load_vocabulary()}


def evidence_of(span: Span, document_id: str) -> Evidence:
    """The evidence of a span: its offsets and its sentence."""
    sentence = span.sent
    return Evidence(
        document_id=document_id,
        start=span.start_char,
        end=span.end_char,
        quote=span.text,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        sentence=sentence.text,
    )


def _strip_title(span: Span) -> tuple[str, str | None]:
    """Split a leading courtesy or office title off a name: ("Edwards-Behar", "Ms.")."""
    words = span.text.split()
    titles = _titles()
    taken = 0
    while taken < len(words) - 1 and (words[taken] in titles or " ".join(words[: taken + 2]) in titles):
        taken += 2 if " ".join(words[: taken + 2]) in titles else 1
    name = " ".join(words[taken:])
    for tail in _POSSESSIVE_TAILS:
        name = name.removesuffix(tail)
    return name, " ".join(words[:taken]) or None


def _crossing_name(span: Span) -> str:
    """"Calexico, Calif., port of entry" -> "Calexico port of entry"."""
    place = []
    for token in span:
        if token.ent_iob_ == "B" and place and token.i > span.start and not token.is_punct:
            break
        if token.lower_ in {"port", "ports", "border"} or token.is_punct:
            if place:
                break
            continue
        if token.lower_ not in {"of", "entry", "in", "at", "crossing"}:
            place.append(token.text)
    return f"{' '.join(place)} port of entry"


def _mention(ent: Span, document_id: str) -> Mention:
    identity = ent.ent_id_ or ent.kb_id_
    kind, _, value = identity.partition(":")
    honorific = None
    if kind == "vocab":
        name, key, rule = _vocabulary_labels()[value], value, "vocabulary"
    elif kind == "group":
        name, key, rule = value, None, "demonym-group"
    elif kind == "place":
        name, key, rule = ent.text, value, "gazetteer"
    elif ent.label_ == "BorderCrossing":
        name, key, rule = _crossing_name(ent), None, f"rule:{value}"
    else:
        name, honorific = _strip_title(ent)
        key, rule = None, (f"rule:{value}" if kind == "rule" else "ner")
    return Mention(name=name, type=ent.label_, evidence=evidence_of(ent, document_id),
                   key=key, rule=rule, honorific=honorific)


def _acronyms(doc: Doc, mentions: list[Mention]) -> dict[str, Mention]:
    """Acronyms the text defines: "Center for Immigration Studies (CIS)" -> CIS."""
    defined: dict[str, Mention] = {}
    by_end = {m.evidence.end: m for m in mentions}
    text = doc.text
    for end, mention in by_end.items():
        rest = text[end:end + 16]
        if rest.startswith(" (") and ")" in rest:
            acronym = rest[2:rest.index(")")]
            initials = "".join(w[0] for w in mention.name.split() if w[0].isupper())
            if acronym.isupper() and acronym == initials:
                defined[acronym] = mention
    return defined


def _resolve_short_forms(mentions: list[Mention], acronyms: dict[str, Mention]) -> list[Mention]:
    """Give surnames and acronyms the full name this document introduced, dropping the ambiguous."""
    full_names = sorted({m.name for m in mentions if m.type == "Person" and " " in m.name})
    resolved = []
    for mention in mentions:
        if mention.name in acronyms and mention.key is None:
            full = acronyms[mention.name]
            mention = Mention(full.name, full.type, mention.evidence, full.key, mention.rule,
                              mention.honorific)
        elif mention.type == "Person" and " " not in mention.name:
            candidates = [n for n in full_names if n.split()[-1] == mention.name] or [
                n for n in full_names if n.split()[0] == mention.name]
            if len(candidates) > 1:
                continue  # "Mr. Xu" with two Xus in the story: no one to pin it on
            if candidates:
                mention = Mention(candidates[0], "Person", mention.evidence, None, mention.rule,
                                  mention.honorific)
        resolved.append(mention)
    return resolved


def extract(doc: Doc, document: Document) -> Extraction:
    """Read the entity mentions of one processed document.

    Examples
    --------
    >>> from kg.nlp import load_pipeline
    >>> from kg.model import Document
    >>> text = "Aaron Gomez works in Mexicali. Gomez said Title 42 was over."
    >>> document = Document(id="t", text=text, sources=("t.txt",), content_hash="x")
    >>> [(m.name, m.type) for m in extract(load_pipeline()(text), document).mentions]
    [('Aaron Gomez', 'Person'), ('Mexicali', 'City'), ('Aaron Gomez', 'Person'), ('Title 42', 'Policy')]
    """
    mentions = [_mention(ent, document.id) for ent in doc.ents]
    mentions = _resolve_short_forms(mentions, _acronyms(doc, mentions))
    extraction = Extraction(document=document, mentions=tuple(mentions))
    return extract_facts(doc, extraction) if doc.has_extension("bk_relations") else extraction


# ---------------------------------------------------------------------------
# Facts: relations, route legs, statistics and quotes (issue 3)
# ---------------------------------------------------------------------------

_PERSONAL = {"he", "she"}
_PLURAL = {"they", "we"}
_QUANTIFIERS = {"many", "most", "some", "others"}
_RELATIVE = {"who", "that", "which"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NEGATIONS = {"not", "n't", "n’t", "never"}
_LOOKBACK_SENTENCES = 3
_ROLE_RANK = {"origin": 0, "via": 1, "stop": 1, "destination": 1}


class _Mentions:
    """Mentions of one document by token, with pronoun and relative-pronoun resolution.

    A pronoun subject refers to the subjects of the nearest sentence before it that has
    people or groups as subjects ("Ana and Luis fled. They flew to Madrid."); "he" and
    "she" to the last person, "many" or "most" to the last group.
    """

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        by_offsets = {(m.evidence.start, m.evidence.end): m for m in mentions}
        self.by_token: dict[int, Mention] = {}
        self.roots: list[tuple[Token, Mention]] = []
        for ent in doc.ents:
            mention = by_offsets.get((ent.start_char, ent.end_char))
            if mention is not None:
                for token in ent:
                    self.by_token[token.i] = mention
                self.roots.append((ent.root, mention))
        self.doc = doc
        self.sentences = list(doc.sents)

    def of(self, token: Token, depth: int = 0) -> list[Mention]:
        """The mentions a token stands for: its entity, or what its pronoun refers to."""
        if token.i in self.by_token:
            return [self.by_token[token.i]]
        lower = token.lower_
        if lower in _RELATIVE and token.head.dep_ == "relcl":
            noun = token.head.head
            if noun.i not in self.by_token and noun.dep_ == "appos":
                noun = noun.head
            return [self.by_token[noun.i]] if noun.i in self.by_token else []
        if token.dep_ in _SUBJECT_DEPS and depth < _LOOKBACK_SENTENCES and (
                lower in _PERSONAL or lower in _PLURAL or lower in _QUANTIFIERS):
            return self._antecedents(token, lower, depth)
        return []

    def _subjects(self, sentence: Span, before: int) -> list[Mention]:
        found: dict[str, Mention] = {}
        for root, mention in self.roots:
            if sentence.start <= root.i < before and mention.type in ("Person", "MigrantGroup"):
                head = root
                while head.dep_ in ("conj", "appos") and head.head.i != head.i:
                    head = head.head
                if head.dep_ in _SUBJECT_DEPS:
                    found.setdefault(mention.name, mention)
        return list(found.values())

    def _antecedents(self, token: Token, lower: str, depth: int) -> list[Mention]:
        index = next(i for i, s in enumerate(self.sentences) if s.start <= token.i < s.end)
        for back in range(index, max(index - _LOOKBACK_SENTENCES, -1) - 1, -1):
            sentence = self.sentences[back]
            limit = token.i if back == index else sentence.end
            if lower in _QUANTIFIERS:
                groups = [m for root, m in self.roots
                          if sentence.start <= root.i < limit and m.type == "MigrantGroup"]
                if groups:
                    return groups[-1:]
                continue
            found = self._subjects(sentence, limit)
            if not found and back < index:
                for other in sentence:
                    if other.dep_ in _SUBJECT_DEPS and other.lower_ in _PLURAL | _PERSONAL:
                        found = self.of(other, depth + 1)
                        break
            if lower in _PERSONAL:
                found = [m for m in found if m.type == "Person"][-1:]
            if found:
                return found
        return []

    def travellers(self, token: Token) -> tuple[Mention, ...]:
        """Who makes the movement a place token belongs to: the nearest subject up the tree."""
        subject = subject_of(token)
        if subject is None:
            return ()
        found = [m for t in _traveller_tokens(subject) for m in self.of(t)]
        return tuple(dict.fromkeys(found))


def subject_of(token: Token) -> Token | None:
    """The nearest subject up the dependency tree from ``token``."""
    node = token
    for _ in range(8):
        subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _fact_evidence(doc: Doc, first: Token, second: Token, document_id: str) -> Evidence:
    """Evidence spanning both arguments when they share a sentence, else the later one's sentence."""
    low, high = sorted((first, second), key=lambda t: t.i)
    if low.sent.start != high.sent.start:
        low = high
    return evidence_of(doc[low.i:high.i + 1], document_id)


def _relations(doc: Doc, known: _Mentions, document_id: str) -> list[Relation]:
    found: dict[tuple, Relation] = {}
    for match in doc._.bk_relations:
        subject_token, object_token = doc[match.subject], doc[match.object]
        evidence = _fact_evidence(doc, subject_token, object_token, document_id)
        for subject in known.of(subject_token):
            for object_ in known.of(object_token):
                if subject.name == object_.name:
                    continue
                key = (subject.name, match.predicate, object_.name, evidence.sentence_start)
                relation = Relation(subject, match.predicate, object_, evidence, match.rule,
                                    match.confidence, match.negated)
                if key not in found or found[key].confidence < relation.confidence:
                    found[key] = relation
    return sorted(found.values(), key=lambda r: (r.evidence.start, r.evidence.end, r.predicate,
                                                 r.subject.name, r.object.name))


def _station_chains(doc: Doc, known: _Mentions, skip: set[int]) -> list[tuple]:
    """Consecutive places of the journeys told in one sentence: (from token, to token, match)."""
    by_sentence: dict[int, list] = {}
    for station in doc._.bk_stations:
        if station.place in known.by_token and not _in_negated_clause(doc[station.anchor]):
            by_sentence.setdefault(doc[station.place].sent.start, []).append(station)
    legs = []
    previous_chain: list = []
    for sentence_start, stations in sorted(by_sentence.items()):
        if sentence_start in skip:
            previous_chain = []
            continue
        last_of_anchor: dict[tuple[int, str], object] = {}
        for station in sorted(stations, key=lambda s: s.place):
            last_of_anchor[(station.anchor, station.role)] = station
        kept = list(last_of_anchor.values())
        destination_of = {s.anchor: s.place for s in kept if s.role == "destination"}

        def position(station, destination_of=destination_of) -> tuple[int, float]:
            if station.role == "via" and station.anchor in destination_of:
                return _ROLE_RANK["via"], destination_of[station.anchor] - 0.5
            return _ROLE_RANK[station.role], station.place

        chain = []
        for station in sorted(kept, key=position):
            name = known.by_token[station.place].name
            if not chain or known.by_token[chain[-1].place].name != name:
                chain.append(station)
        legs.extend((a, b) for a, b in pairwise(chain)
                    if subject_of(doc[a.place]) == subject_of(doc[b.place]))
        if previous_chain and chain and chain[0].role != "origin" and doc[sentence_start].sent.start > 0:
            last, first = previous_chain[-1], chain[0]
            adjacent = doc[doc[sentence_start].i - 1].sent.start == doc[last.place].sent.start
            shared = {m.name for m in known.travellers(doc[last.place])} & {
                m.name for m in known.travellers(doc[first.place])}
            if adjacent and (shared or not known.travellers(doc[first.place])):
                legs.append((last, first))
        previous_chain = chain
    return legs


def _in_negated_clause(token: Token) -> bool:
    """Whether the token or a verb above it is negated ("flying in is not possible")."""
    node = token
    for _ in range(6):
        if any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _route_legs(doc: Doc, known: _Mentions, relations: list[Relation],
                document_id: str) -> list[RouteLeg]:
    pairs = [r for r in relations if r.predicate == "routeLeg"]
    by_sentence: dict[int, int] = {}
    for relation in pairs:
        by_sentence[relation.evidence.sentence_start] = by_sentence.get(relation.evidence.sentence_start, 0) + 1
    listed = {doc.char_span(s, s + 1, alignment_mode="expand").sent.start
              for s, n in by_sentence.items() if n > 1}
    travellers_of: dict[int, tuple[Mention, ...]] = {}
    for station in doc._.bk_stations:
        who = known.travellers(doc[station.place])
        if who:
            travellers_of.setdefault(doc[station.place].sent.start, who)
    for relation in pairs:
        span = doc.char_span(relation.evidence.start, relation.evidence.end, alignment_mode="expand")
        who = known.travellers(span[-1])
        if who:
            travellers_of.setdefault(span.sent.start, who)
    raw: list[tuple[Mention, Mention, Evidence, str, float, int]] = [
        (r.subject, r.object, r.evidence, r.rule, r.confidence,
         doc.char_span(r.evidence.start, r.evidence.end, alignment_mode="expand").sent.start)
        for r in pairs]
    for first, second, in _station_chains(doc, known, listed):
        start, end = sorted((doc[first.place], doc[second.place]), key=lambda t: t.i)
        raw.append((known.by_token[first.place], known.by_token[second.place],
                    evidence_of(doc[start.i:end.i + 1], document_id), second.rule,
                    min(first.confidence, second.confidence),
                    doc[second.place].sent.start))
    legs: list[RouteLeg] = []
    seen: set[tuple[str, str]] = set()
    previous: tuple[Mention, ...] = ()
    previous_sentence = -10
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    counters: dict[tuple[str, ...], int] = {}
    for origin, destination, evidence, rule, confidence, sentence in sorted(
            raw, key=lambda leg: (leg[2].start, leg[2].end)):
        if (origin.name, destination.name) in seen or origin.name == destination.name:
            continue
        seen.add((origin.name, destination.name))
        origin_sentence = doc.char_span(origin.evidence.start, origin.evidence.end,
                                        alignment_mode="expand").sent.start
        travellers = travellers_of.get(sentence, ()) or travellers_of.get(origin_sentence, ())
        if not travellers and sentence_index[sentence] - previous_sentence <= 1:
            travellers = previous
        previous, previous_sentence = travellers, sentence_index[sentence]
        group = ", ".join(dict.fromkeys(m.name for m in travellers))
        counters[(group,)] = counters.get((group,), 0) + 1
        mode = _mode(doc, evidence)
        legs.append(RouteLeg(travellers, group, origin, destination, counters[(group,)], evidence,
                             rule, confidence, mode))
    return legs


def _traveller_tokens(token: Token) -> list[Token]:
    found = [token]
    for conjunct in token.conjuncts:
        found.append(conjunct)
        found.extend(child for child in conjunct.children if child.dep_ == "appos")
    return found


_MODES = {"fly": "flight", "flight": "flight", "plane": "flight", "bus": "bus", "walk": "on foot",
          "hike": "on foot", "boat": "boat", "sail": "boat", "drive": "car", "car": "car",
          "train": "train"}


def _mode(doc: Doc, evidence: Evidence) -> str | None:
    span = doc.char_span(evidence.start, evidence.end, alignment_mode="expand")
    sentence = span.sent if span is not None else None
    if sentence is None:
        return None
    for token in sentence:
        if token.lemma_.lower() in _MODES and token.i <= span.end:
            return _MODES[token.lemma_.lower()]
    return None


def extract_facts(doc: Doc, extraction: Extraction) -> Extraction:
    """Add the relations, route legs, statistics and quotes of ``doc`` to its mentions."""
    document_id = extraction.document.id
    known = _Mentions(doc, list(extraction.mentions))
    relations = _relations(doc, known, document_id)
    legs = _route_legs(doc, known, relations, document_id)
    leg_relations = [
        Relation(leg.origin, "routeLeg", leg.destination, leg.evidence, leg.rule, leg.confidence)
        for leg in legs]
    relations = [r for r in relations if r.predicate != "routeLeg"] + leg_relations
    return Extraction(document=extraction.document, mentions=extraction.mentions,
                      relations=tuple(relations), route_legs=tuple(legs))
