"""Exports of a build: the per-document extractions JSON of ``../shared/eval/README.md``.

Types are written with the evaluation's names: finer classes of our ontology map to
their parent there (a NaturalRegion is a Place, an NGO an Organization).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from kg.files import write_atomic
from kg.rdf import ENTITIES_GRAPH
from kg.store import Store

EVAL_TYPE = {
    "NonGovernmentalOrganization": "Organization",
    "NewsOrganization": "Organization",
    "AdministrativeArea": "Place",
    "NaturalRegion": "Place",
}

_MENTIONS = f"""
PREFIX bk: <https://w3id.org/borderkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?document ?entity ?label ?type ?exact WHERE {{
  GRAPH ?g {{
    ?mention a bk:Mention ; bk:refersTo ?entity ; oa:exact ?exact ; oa:hasSource ?doc .
    ?doc dcterms:identifier ?document .
  }}
  GRAPH <{ENTITIES_GRAPH}> {{ ?entity rdfs:label ?label ; a ?class . }}
  BIND(STRAFTER(STR(?class), "#") AS ?type)
}}
"""


def extractions(store: Store) -> dict[str, dict]:
    """Per document id, its extractions in the evaluation's JSON schema."""
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for document, entity, label, type_, exact in store.select(_MENTIONS).rows:
        record = found[str(document)].setdefault(
            str(entity), {"name": label, "type": EVAL_TYPE.get(str(type_), type_), "aliases": set()})
        record["aliases"].add(exact)
    return {
        document: {
            "entities": [
                {**record, "aliases": sorted(record["aliases"])}
                for _, record in sorted(entities.items())
            ],
            "relations": [],
            "route_legs": [],
            "statistics": [],
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
