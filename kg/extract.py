"""spaCy ``Doc`` -> :class:`~kg.model.Extraction`: the only stage after ``nlp`` that sees spaCy.

Mentions get a cleaned ``name`` (no courtesy title, no possessive) and, inside one
document, short forms take the full form the document introduced: "Gomez" after
"Aaron Gomez", "CIS" after "Center for Immigration Studies (CIS)".
"""

from __future__ import annotations

import json
from functools import cache

from spacy.tokens import Doc, Span

from kg.model import Document, Evidence, Extraction, Mention
from kg.resources import data_dir

_POSSESSIVE_TAILS = ("'s", "’s")


@cache
def _titles() -> frozenset[str]:
    markers = json.loads((data_dir("pipelines") / "entity_markers.json").read_text("utf-8"))
    return frozenset(markers["titles"])


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
        name, key, rule = ent.text, value, "vocabulary"
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
    return Extraction(document=document, mentions=tuple(mentions))
