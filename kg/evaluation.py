"""A build's extractions for evaluation: one JSON per document, in the schema of
``../shared/eval/README.md``.

Types are written with the evaluation's names: finer classes of our ontology map to
their parent there (a NaturalRegion is a Place, an NGO an Organization).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from kg.files import write_atomic
from kg.query import internal_query
from kg.store import Store

# The relations the evaluation's schema names; the graph's others (memberOf) have no place in it.
EVAL_PREDICATES = frozenset({
    "worksFor", "spokespersonOf", "administers", "implements", "enacted", "ends", "crossesAt",
    "travelsThrough", "routeLeg", "originatesFrom", "locatedIn", "arrestedBy", "appliesFor",
    "quotedIn", "mentions"})

EVAL_TYPE = {
    "NonGovernmentalOrganization": "Organization",
    "NewsOrganization": "Organization",
    "AdministrativeArea": "Place",
    "NaturalRegion": "Place",
}

def _text(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _facts(store: Store) -> dict[str, dict[str, list]]:
    """Relations, route legs and statistics per document id, sorted."""
    facts: dict[str, dict[str, list]] = defaultdict(lambda: {
        "relations": [], "route_legs": [], "statistics": []})
    seen: set[tuple] = set()
    for document, subject, predicate, object_, sentence in store.select(
            internal_query("eval-relations")).rows:
        record = {"subject": _text(subject), "predicate": _text(predicate),
                  "object": _text(object_), "evidence": _text(sentence)}
        key = (_text(document), *record.values())
        if key not in seen and record["predicate"] in EVAL_PREDICATES:
            seen.add(key)
            facts[_text(document)]["relations"].append(record)
    legs: dict[tuple[str, str], dict[str, Any]] = {}
    for document, leg, from_, to, traveller, group, sentence in store.select(
            internal_query("eval-route-legs")).rows:
        leg_record = legs.setdefault((_text(document), _text(leg)), {
            "from": _text(from_), "to": _text(to), "travellers": set(), "group": _text(group),
            "evidence": _text(sentence)})
        if traveller is not None:
            leg_record["travellers"].add(_text(traveller))
    for (document, _), leg_record in sorted(legs.items()):
        travellers = sorted(leg_record.pop("travellers"))
        leg_record["group"] = travellers if travellers else leg_record["group"]
        facts[document]["route_legs"].append(leg_record)
    for document, _stat, quantity, what, period, place, sentence in store.select(
            internal_query("eval-statistics")).rows:
        facts[_text(document)]["statistics"].append({
            "quantity": _text(quantity), "what": _text(what), "period": _text(period),
            "place": _text(place), "evidence": _text(sentence)})
    for lists in facts.values():
        for name, items in lists.items():
            items.sort(key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
            lists[name] = items
    return facts


def extractions(store: Store) -> dict[str, dict]:
    """Per document id, its extractions in the evaluation's JSON schema."""
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for document, entity, label, type_, exact in store.select(internal_query("eval-mentions")).rows:
        record = found[str(document)].setdefault(
            str(entity), {"name": label, "type": EVAL_TYPE.get(str(type_), type_), "aliases": set()})
        record["aliases"].add(exact)
    facts = _facts(store)
    return {
        document: {
            "entities": [
                {**record, "aliases": sorted(record["aliases"])}
                for _, record in sorted(entities.items())
            ],
            "relations": facts[document]["relations"],
            "route_legs": facts[document]["route_legs"],
            "statistics": facts[document]["statistics"],
        }
        for document, entities in sorted(found.items())
    }


def write_extractions(store: Store, out: Path) -> list[Path]:
    """Write ``out/<document id>.pred.json`` for every document; return the paths."""
    written = []
    for document, payload in extractions(store).items():
        text = json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        written.append(write_atomic(out / f"{document}.pred.json", text))
    return written


@dataclass(frozen=True)
class PredicateScore:
    """How one relation scores against a gold set: its true positives among what was
    predicted and what the gold holds."""

    predicate: str
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def per_predicate(scorer: ModuleType, gold_dir: Path, pred_dir: Path) -> list[PredicateScore]:
    """Each relation's score over the documents of ``gold_dir``, by the gold set's own
    ``scorer`` (its ``score_doc`` run with every other relation ignored), weakest first;
    relations neither side has are left out.
    """
    totals = {predicate: [0, 0, 0] for predicate in sorted(EVAL_PREDICATES)}
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        name = gold_file.name.removesuffix(".gold.json")
        gold, pred = scorer.load(str(gold_file)), scorer.load(str(pred_dir / f"{name}.pred.json"))
        for predicate, total in totals.items():
            scores, _ = scorer.score_doc(gold, pred, sorted(EVAL_PREDICATES - {predicate}))
            for i, count in enumerate(scores["relations"]):
                total[i] += count
    found = [PredicateScore(predicate, *total) for predicate, total in totals.items()
             if total[1] or total[2]]
    return sorted(found, key=lambda score: (score.f1, score.predicate))
