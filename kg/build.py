"""The whole data flow for one corpus: ingest -> nlp -> extract -> resolve -> rdf -> store,
then the files of a build folder (graph.ttl, graph.trig, graph.html, report.json).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg import ingest
from kg.extract import extract
from kg.files import write_atomic
from kg.model import Document, Extraction, Skipped
from kg.nlp import load_pipeline
from kg.rdf import ENTITIES_GRAPH, document_graph, document_nquads, entities_nquads
from kg.resolve import resolve
from kg.store import open_store


@dataclass
class StageClock:
    """Seconds spent per stage, for report.json."""

    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, stage: str, items: Iterable) -> Iterator:
        iterator = iter(items)
        while True:
            started = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.add(stage, started)
                return
            self.add(stage, started)
            yield item

    def add(self, stage: str, started: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the report written to ``report.json``, and where."""

    out: Path
    report: dict


def _input_record(item: Document | Skipped) -> dict:
    if isinstance(item, Skipped):
        return {"path": item.path, "document_id": item.document_id, "status": "skipped",
                "reason": item.reason}
    return {"path": item.sources[0], "document_id": item.id, "status": "read", "reason": None}


def build(inputs: Sequence[str | Path], out: str | Path = "build", *, store: str | None = None,
          quiet: bool = False, batch_size: int = 8) -> BuildResult:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    ``store`` is the embedded store folder (default ``out/store``) or the URL of a
    SPARQL 1.1 server. Unreadable inputs are reported and skipped.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clock = StageClock()
    records: list[dict] = []
    documents: list[Document] = []

    def readable() -> Iterator[Document]:
        for item in clock.timed("ingest", ingest.read_corpus(inputs)):
            records.append(_input_record(item))
            if isinstance(item, Skipped):
                print(f"kg: skipped {item.path}: {item.reason}", file=sys.stderr)
                continue
            documents.append(item)
            yield item

    nlp = load_pipeline()
    progress = tqdm(desc="documents", unit="doc", disable=quiet or not sys.stderr.isatty())
    extractions: list[Extraction] = []
    stream = ((doc.text, doc) for doc in readable())
    for spacy_doc, document in clock.timed("nlp", nlp.pipe(stream, as_tuples=True,
                                                           batch_size=batch_size)):
        started = time.perf_counter()
        extractions.append(extract(spacy_doc, document))
        clock.add("extract", started)
        progress.update(1)
    progress.close()

    started = time.perf_counter()
    resolution = resolve(extractions)
    clock.add("resolve", started)

    graph_store = open_store(store or out / "store")
    try:
        started = time.perf_counter()
        wanted = {ENTITIES_GRAPH} | {document_graph(e.document.id) for e in extractions}
        for extraction in extractions:
            graph_store.replace_graph(document_graph(extraction.document.id),
                                      document_nquads(extraction, resolution))
        graph_store.replace_graph(ENTITIES_GRAPH, entities_nquads(resolution))
        for stale in set(graph_store.graphs()) - wanted:
            graph_store.drop_graph(stale)
        clock.add("store", started)

        started = time.perf_counter()
        for extraction in extractions:
            write_atomic(out / "text" / f"{extraction.document.id}.txt", extraction.document.text)
        write_atomic(out / "graph.trig", graph_store.dump("trig"))
        write_atomic(out / "graph.ttl", graph_store.dump("turtle"))
        clock.add("write", started)

        started = time.perf_counter()
        from kg import network, viz

        viz.write_html(network.project(graph_store), out / "graph.html", title="borderkg")
        clock.add("view", started)
    finally:
        graph_store.close()

    report = {
        "inputs": records,
        "counts": {
            "documents": len(extractions),
            "skipped": sum(1 for r in records if r["status"] == "skipped"),
            "mentions": sum(len(e.mentions) for e in extractions),
            "entities": len(resolution.entities),
            "entities_by_type": dict(sorted(Counter(e.type for e in resolution.entities).items())),
        },
        "seconds": {stage: round(s, 3) for stage, s in clock.seconds.items()},
    }
    write_atomic(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return BuildResult(out=out, report=report)
