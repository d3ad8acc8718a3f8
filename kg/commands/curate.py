"""``kg curate``: record an analyst's decision in the curation file, or list them."""

from __future__ import annotations

import argparse
import getpass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.commands import add_build, add_curation, add_format, curation_file
from kg.errors import BorderKGError

HELP = "correct the graph for good: record a decision in the curation file (kg build applies it)"
EXAMPLES = (
    'kg curate merge "Anna Mashinskaia" "Ms. Mashinskaia" --why "same person"',
    'kg curate distinct "Mr. Xu" "Mr. Xu" --in-a DOC1 --in-b DOC2 --why "two men"',
    'kg curate split "Xu" --document DOC2 --why "another Xu"',
    'kg curate retype "Casa del Migrante" NonGovernmentalOrganization --why "a shelter"',
    'kg curate pin Douglas --place Douglas --in Arizona --why "the Arizona town"',
    'kg curate reject "Nowadays" --why "not an entity"',
    'kg curate reject --fact "Jose" worksFor "CBP" --why "he spoke to CBP"',
    'kg curate add "CBP" administers "CBP One" --document DOC --sentence "…" --why "…"',
    "kg curate list                           # every decision, and what the last build did",
)
ACTIONS = ("merge", "distinct", "split", "retype", "pin", "reject", "add", "list")
HEADER = ("# The analysts' decisions about the borderkg graph: `kg build` applies them at every\n"
          "# build; `kg curate` adds to this file (README, \"Curating the graph\").\n")
LIST_COLUMNS = ("line", "decision", "why", "by", "when", "status")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=ACTIONS, help="what to record: " + ", ".join(ACTIONS))
    parser.add_argument("arguments", nargs=argparse.REMAINDER, metavar="...",
                        help="the action's arguments and options: `kg curate ACTION --help`")


def _parser(action: str) -> argparse.ArgumentParser:
    from kg.model import ENTITY_TYPES

    parser = argparse.ArgumentParser(prog=f"kg curate {action}")
    if action == "merge":
        parser.add_argument("keep", help="the entity that stays (its IRI, label and type)")
        parser.add_argument("other", help="the entity that becomes part of it")
    elif action == "distinct":
        parser.add_argument("a", help="one entity")
        parser.add_argument("b", help="the other, never to be merged with it")
        parser.add_argument("--in-a", action="append", default=[], metavar="DOC",
                            help="the documents where A is meant (default: all of A's)")
        parser.add_argument("--in-b", action="append", default=[], metavar="DOC",
                            help="the documents where B is meant (default: all of B's)")
    elif action == "split":
        parser.add_argument("name", help="the entity a wrong merge made")
        parser.add_argument("--document", action="append", default=[], metavar="DOC",
                            help="its mentions in this document become another entity")
        parser.add_argument("--form", action="append", default=[], metavar="TEXT",
                            help="its mentions written so become another entity")
    elif action == "retype":
        parser.add_argument("name", help="the entity")
        parser.add_argument("type", choices=ENTITY_TYPES, metavar="TYPE",
                            help="its type: " + ", ".join(ENTITY_TYPES))
        parser.add_argument("--label", help="and its label")
    elif action == "pin":
        parser.add_argument("name", help="the place")
        parser.add_argument("--lat", type=float, help="latitude")
        parser.add_argument("--lon", type=float, help="longitude")
        parser.add_argument("--place", help="a gazetteer entry instead: its key "
                            "(geonames-5293996) or its name")
        parser.add_argument("--in", dest="within", metavar="REGION",
                            help="with --place NAME: the state or country it lies in")
    elif action == "reject":
        parser.add_argument("targets", nargs="*", metavar="NAME [BUILD]",
                            help="the entity to take out of the graph")
        parser.add_argument("--fact", nargs=3, metavar=("SUBJECT", "PREDICATE", "OBJECT"),
                            help="a fact to take out instead")
        parser.add_argument("--document", help="with --fact: only in this document")
    elif action == "add":
        parser.add_argument("subject")
        parser.add_argument("predicate")
        parser.add_argument("object")
        parser.add_argument("--document", required=True, help="the document that states it")
        parser.add_argument("--sentence", required=True,
                            help="the words of that document that state it")
    if action not in ("reject", "list"):
        add_build(parser)
    if action == "list":
        add_build(parser)
        add_format(parser)
    else:
        parser.add_argument("--why", required=True, help="why: kept with the decision")
        parser.add_argument("--by", default=None, help="who decides (default: your user name)")
    add_curation(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    options = _parser(args.action).parse_intermixed_args(args.arguments)
    path = curation_file(options.curation, must_exist=False)
    assert path is not None
    if args.action == "list":
        return _list(path, options)
    if args.action == "reject":
        wanted = 0 if options.fact else 1
        if len(options.targets) not in (wanted, wanted + 1):
            raise BorderKGError("kg curate reject NAME [BUILD], or kg curate reject --fact "
                                "SUBJECT PREDICATE OBJECT [BUILD]")
        options.name = options.targets[0] if wanted else None
        options.build = options.targets[wanted] if len(options.targets) > wanted else "build"
    from kg.store import open_build

    with open_build(options.build) as store:
        decision, summary = _decision(args.action, options, store)
    decision["why"] = options.why
    decision["by"] = options.by or getpass.getuser()
    decision["when"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = _append(path, decision, summary)
    print(f"recorded in {path} line {line}: {summary}")
    print("`kg build` applies it at every build")
    return 0


def _decision(action: str, options: argparse.Namespace, store: Any) -> tuple[dict, str]:
    """The decision as the curation file writes it, and a line that says it with labels."""
    from kg import analysis
    from kg.curation import compact, expand, relation_predicates

    names = analysis.names(store)

    def entity(name: str) -> tuple[str, str]:
        iri = names.resolve(expand(name))  # the file's id:… IRIs work here too
        return compact(iri), names.label(iri)

    if action == "merge":
        (keep, keep_label), (other, other_label) = entity(options.keep), entity(options.other)
        if keep == other:
            raise BorderKGError(f"{options.keep!r} and {options.other!r} are already one entity")
        return {"merge": [keep, other]}, f"merge: {other_label} becomes part of {keep_label}"
    if action == "distinct":
        sides = []
        for name, documents in ((options.a, options.in_a), (options.b, options.in_b)):
            iri, label = entity(name)
            found = documents or list(analysis.profile(store, names, name).documents)
            sides.append(({"name": iri, "documents": sorted(found)}, label))
        if sides[0][0] == sides[1][0]:
            raise BorderKGError("both names are one entity mentioned in the same documents: say "
                                "where each one is meant with --in-a DOC and --in-b DOC")
        return ({"distinct": [side for side, _ in sides]},
                f"distinct: {sides[0][1]} is not {sides[1][1]}")
    if action == "split":
        if not options.document and not options.form:
            raise BorderKGError("say which mentions leave the entity: --document DOC or "
                                "--form TEXT")
        iri, label = entity(options.name)
        ref: dict[str, Any] = {"name": iri}
        if options.document:
            ref["documents"] = sorted(options.document)
        if options.form:
            ref["forms"] = sorted(options.form)
        return {"split": ref}, f"split: {label}, its mentions in " + \
            ", ".join(options.document + options.form)
    if action == "retype":
        iri, label = entity(options.name)
        decision = {"retype": iri, "type": options.type}
        if options.label:
            decision["label"] = options.label
        return decision, f"retype: {label} is a {options.type}" + (
            f" called {options.label}" if options.label else "")
    if action == "pin":
        iri, label = entity(options.name)
        if options.place is not None:
            key, where = _gazetteer(options.place, options.within)
            return {"pin": iri, "place": key}, f"pin: {label} at {where}"
        if options.lat is None or options.lon is None:
            raise BorderKGError("give --lat and --lon, or --place")
        if not (-90 <= options.lat <= 90 and -180 <= options.lon <= 180):
            raise BorderKGError("--lat is between -90 and 90, --lon between -180 and 180")
        return ({"pin": iri, "latitude": options.lat, "longitude": options.lon},
                f"pin: {label} at {options.lat}, {options.lon}")
    subject_name, predicate, object_name = (
        options.fact if action == "reject" and options.fact
        else (options.subject, options.predicate, options.object) if action == "add"
        else (options.name, None, None))
    if predicate is None:
        iri, label = entity(subject_name)
        return {"reject": iri}, f"reject: {label}"
    if predicate not in relation_predicates():
        raise BorderKGError(f"{predicate!r} is no relation; one of "
                            f"{', '.join(sorted(relation_predicates()))}")
    (subject, subject_label), (object_, object_label) = (entity(str(subject_name)),
                                                         entity(str(object_name)))
    fact = {"subject": subject, "predicate": predicate, "object": object_}
    said = f"{subject_label} {predicate} {object_label}"
    if action == "reject":
        if options.document:
            fact["document"] = options.document
        return {"reject": fact}, f"reject: {said}"
    _check_sentence(options.build, options.document, options.sentence)
    fact |= {"document": options.document, "sentence": options.sentence}
    return {"add": fact}, f"add: {said}, as {options.document} says"


def _check_sentence(build: str, document: str, sentence: str) -> None:
    """Refuse an added fact whose document or words the build does not have."""
    import re

    from kg.build import _text_path

    if "://" in build:
        return  # a remote store: the texts are not here
    text_file = _text_path(Path(build), document)
    if not text_file.is_file():
        raise BorderKGError(f"the build {build} has no document {document!r}")
    pattern = r"\s+".join(map(re.escape, sentence.split()))
    if re.search(pattern, text_file.read_text(encoding="utf-8")) is None:
        raise BorderKGError(f"document {document} has no words {sentence!r}: give them as "
                            "the document writes them")


def _gazetteer(name: str, within: str | None) -> tuple[str, str]:
    """The key of a gazetteer entry given by key or name, and where it is."""
    from kg.gazetteer import choose, lookup, place_by_key

    place = place_by_key(name)
    if place is None:
        region = lookup(within) if within else None
        if within and region is None:
            raise BorderKGError(f"the gazetteer knows no place {within!r}")
        place = choose(name, containers=(region,)) if region else lookup(name)
    if place is None or place.latitude is None:
        raise BorderKGError(f"the gazetteer knows no place {name!r}" +
                            (f" in {within}" if within else ""))
    return place.key, f"{place.name} ({place.key}, {place.latitude}, {place.longitude})"


def _append(path: Path, decision: dict, summary: str) -> int:
    """Add a decision to the end of the curation file, comments and all; its line."""
    import yaml

    from kg.curation import parse
    from kg.files import write_atomic

    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    block = yaml.safe_dump([decision], sort_keys=False, allow_unicode=True, width=100)
    updated = f"{text.rstrip()}\n\n# {summary}\n{block}"
    decisions = parse(updated, str(path))  # the file stays one that a build reads
    write_atomic(path, updated)
    return decisions[-1].line


def _list(path: Path, options: argparse.Namespace) -> int:
    import json

    from kg.commands.output import print_records
    from kg.curation import describe, load
    from kg.rdf import decision_iri

    if not path.is_file():
        print(f"no curation file {path}: no decision yet (`kg curate --help`)")
        return 0
    statuses: dict[str, dict] = {}
    report = Path(options.build) / "report.json"
    if report.is_file():
        curation = json.loads(report.read_text(encoding="utf-8")).get("curation") or {}
        if Path(curation.get("file", "")).resolve() == path.resolve():
            statuses = {outcome["decision"]: outcome for outcome in curation.get("outcomes", [])}
    records = []
    for decision in load(path):
        outcome = statuses.get(decision_iri(decision))
        status = "not built" if outcome is None else (
            f"stale: {outcome['reason']}" if outcome["reason"] else "applied")
        records.append({"line": decision.line, "decision": describe(decision),
                        "why": decision.why, "by": decision.by, "when": decision.when,
                        "status": status})
    print_records(records, LIST_COLUMNS, options.format, wide=options.wide,
                  title=f"{path} ({len(records)} decisions)")
    return 0
