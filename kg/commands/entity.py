"""``kg entity``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from kg.commands import add_build, add_format

HELP = "what the graph knows of one entity: type, aliases, facts with their sentences, documents"
EXAMPLES = (
    'kg entity "Ms. Edwards-Behar"',
    "kg entity mashinskaia my-build/ --format json",
    'kg entity "darien gap" --format csv        # one row per fact',
)
FACT_COLUMNS = ("subject", "relation", "object", "document", "sentence")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="any name of the entity: label, alias or surname, any case")
    add_build(parser)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    from kg import analysis
    from kg.commands.output import print_records
    from kg.namespaces import local_name
    from kg.store import open_build

    with open_build(args.build) as store:
        found = analysis.profile(store, analysis.names(store), args.name)
    facts = [
        {"subject": fact.subject, "relation": ("not " if fact.negated else "") + fact.predicate,
         "object": fact.object, "held": fact.evidence.held, "document": fact.evidence.document,
         "sentence": fact.evidence.sentence, "rule": fact.rule}
        for fact in found.relations
    ]
    # What the public record states (the vocabulary's background facts), kept apart from
    # what the documents state.
    background = [
        {"subject": fact.subject_label, "relation": local_name(fact.predicate),
         "value": fact.value_label or fact.value, "source": fact.source, "note": fact.note}
        for fact in found.background
    ]
    if args.format == "json":
        answer = {
            "iri": found.iri, "label": found.label, "type": found.type,
            "aliases": list(found.aliases), "mention_count": found.mention_count,
            "wikidata": found.wikidata, "documents": list(found.documents), "facts": facts,
            "background": background,
            "mentions": [asdict(mention) for mention in found.mentions],
        }
        print(json.dumps(answer, ensure_ascii=False, indent=2))
        return 0
    if args.format in ("csv", "tsv"):
        print_records(facts, FACT_COLUMNS, args.format)
        return 0
    print(f"{found.label} ({found.type})  {found.iri}")
    if found.wikidata:
        print(f"Wikidata: {found.wikidata}")
    print(f"Aliases: {'; '.join(found.aliases) or '-'}")
    print(f"Mentioned {found.mention_count} times in {len(found.documents)} documents: "
          f"{', '.join(found.documents)}")
    print()
    if facts:
        print_records(facts, FACT_COLUMNS, wide=args.wide, title=f"Facts ({len(facts)})")
    else:
        first = found.mentions[0] if found.mentions else None
        print("No fact extracted" + (f"; first mentioned in {first.document}: {first.sentence}"
                                     if first else "."))
    if background:
        # One fact a line and its source whole on the next, so that the URL can be copied.
        print(f"\nBackground, from the public record, not the documents ({len(background)})")
        for fact in background:
            note = f"  ({fact['note']})" if fact["note"] else ""
            print(f"  {fact['subject']} {fact['relation']} {fact['value']}{note}")
            print(f"      source: {fact['source']}")
    return 0
