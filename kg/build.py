"""The whole data flow for one corpus: ingest -> nlp -> extract -> resolve -> rdf -> store,
then the files of a build folder (graph.ttl, graph.trig, graph.html, report.json).

A build streams, and repeats only what changed:

1. **ingest** reads every input once, writes each document's cleaned text to
   ``text/`` and keeps only its metadata; a document whose extraction is cached
   (``extractions/``, same text, same pipeline: :mod:`kg.cache`) needs no NLP.
2. **extract** sends the other documents, a few at a time, to a runner
   (:mod:`kg.distributed`: this process, ``-j N`` processes or a Dask cluster) and
   writes each extraction to the cache as it arrives.
3. **resolve** reads the cache once and counts mention forms (:class:`kg.resolve.Census`).
4. **rdf** and **store** read it again and write each document's named graph, but
   only graphs whose N-Quads differ from those recorded in ``manifest.json``: an
   unchanged document whose entity IRIs changed because of another one is
   rewritten, the graphs of deleted documents are dropped.
5. **write** and **view** stream ``graph.trig`` and ``graph.ttl`` out of the store
   and draw ``graph.html``, when the store changed.

Memory holds one task of documents, one document's extraction and graph, and the
per-form statistics of resolution, never the corpus. Every file is written
atomically, and ``manifest.json`` only once the store holds what it describes, so a
killed build resumes: the next run reuses every extraction already cached. The
result is the same bytes as a clean build of the same corpus.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from tqdm import tqdm

from kg import cache, ingest
from kg.distributed import Task, open_runner
from kg.errors import BorderKGError
from kg.files import atomic_stream, write_atomic
from kg.gazetteer import GazetteerPlace
from kg.model import Document, Extraction, Resolution, Skipped
from kg.rdf import ENTITIES_GRAPH, document_graph, document_nquads, entities_nquads
from kg.resolve import Census, EntityIndex
from kg.settings import SETTINGS, Settings
from kg.store import PREFIXES, EmbeddedStore, Store, open_store

MANIFEST_FORMAT = 1
OUTPUTS = ("graph.trig", "graph.ttl", "graph.html")


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

    def spent(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the report written to ``report.json``, and where."""

    out: Path
    report: dict


@dataclass
class _Changes:
    """What this build did to the store and the files, for the report."""

    extracted: int = 0
    reused: int = 0
    graphs_written: int = 0
    graphs_removed: int = 0


def _input_record(item: Document | Skipped) -> dict:
    if isinstance(item, Skipped):
        return {"path": item.path, "document_id": item.document_id, "status": "skipped",
                "reason": item.reason}
    return {"path": item.sources[0], "document_id": item.id, "status": "read", "reason": None}


def _text_path(out: Path, document_id: str) -> Path:
    return out / "text" / f"{cache.file_name(document_id)}.txt"


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(inputs: Sequence[str | Path], out: str | Path = "build", *, store: str | None = None,
          quiet: bool = False, jobs: int = 1, dask: str | None = None,
          settings: Settings = SETTINGS) -> BuildResult:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    ``store`` is the embedded store folder (default ``out/store``) or the URL of a
    SPARQL 1.1 server. Unreadable inputs are reported and skipped. ``jobs`` worker
    processes, or the Dask cluster at ``dask`` (``tcp://host:8786``, ``local:N``),
    run the NLP; the graph is the same whatever runs it.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clock = StageClock()
    begun = time.perf_counter()
    changes = _Changes()
    location = store if store and "://" in store else str(Path(store or out / "store").resolve())
    fingerprint = cache.fingerprint()
    cached = out / "extractions"

    records: list[dict] = []
    documents: list[Document] = []
    position: dict[str, int] = {}
    todo: list[Document] = []
    corpus = ingest.read_corpus(inputs, max_chars=settings.max_document_chars)
    for item in clock.timed("ingest", corpus):
        started = time.perf_counter()
        records.append(_input_record(item))
        if isinstance(item, Skipped):
            print(f"kg: skipped {item.path}: {item.reason}", file=sys.stderr)
            if item.document_id in position:  # the same text under another name
                first = position[item.document_id]
                documents[first] = dataclasses.replace(
                    documents[first], sources=(*documents[first].sources, item.path))
            continue
        _write_if_changed(_text_path(out, item.id), item.text.encode("utf-8"))
        metadata = dataclasses.replace(item, text="")
        position[item.id] = len(documents)
        documents.append(metadata)
        if not cache.is_valid(cached, metadata, fingerprint):
            todo.append(metadata)
        clock.add("ingest", started)

    changes.extracted, changes.reused = len(todo), len(documents) - len(todo)
    _extract(out, todo, fingerprint, jobs=jobs, dask=dask, quiet=quiet, settings=settings,
             clock=clock)

    started = time.perf_counter()
    places: dict[str, GazetteerPlace] = {}
    census = Census(place_of=places.get)
    for extraction, found in _cached_extractions(cached, documents, fingerprint):
        census.add(extraction)
        places.update((place.key, place) for place in found)
    index = census.index()
    clock.add("resolve", started)

    previous = _read_manifest(out, location)
    graph_store = open_store(location)
    try:
        graph_hashes, mentions = _store_graphs(graph_store, index, documents, cached, fingerprint,
                                               previous, changes, clock, settings)
        started = time.perf_counter()
        _remove_stale_files(out, {cache.file_name(d.id) for d in documents})
        changed = changes.graphs_written or changes.graphs_removed
        if changed or not previous or not all((out / name).exists() for name in OUTPUTS):
            _write_dumps(graph_store, out, settings)
            clock.add("write", started)
            started = time.perf_counter()
            from kg import network, viz

            viz.write_html(network.project(graph_store), out / "graph.html", title="borderkg")
            clock.add("view", started)
        else:
            clock.add("write", started)
    finally:
        graph_store.close()
    _write_manifest(out, location, graph_hashes)

    clock.add("total", begun)
    report = {
        "inputs": records,
        "counts": {
            "documents": len(documents),
            "skipped": sum(1 for r in records if r["status"] == "skipped"),
            "mentions": mentions,
            "entities": len(index.entities),
            "entities_by_type": dict(sorted(Counter(e.type for e in index.entities).items())),
        },
        "incremental": dataclasses.asdict(changes),
        "seconds": {stage: round(s, 3) for stage, s in clock.seconds.items()},
    }
    write_atomic(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return BuildResult(out=out, report=report)


def _tasks(out: Path, todo: list[Document], fingerprint: str,
           settings: Settings) -> Iterator[Task]:
    """The documents to extract with their text read back, ``task_documents`` at a time."""
    for first in range(0, len(todo), settings.task_documents):
        chunk = todo[first:first + settings.task_documents]
        documents = tuple(
            dataclasses.replace(d, text=_text_path(out, d.id).read_text(encoding="utf-8"))
            for d in chunk)
        yield Task(documents, settings.batch_size, fingerprint)


def _extract(out: Path, todo: list[Document], fingerprint: str, *, jobs: int, dask: str | None,
             quiet: bool, settings: Settings, clock: StageClock) -> None:
    if not todo:
        return
    cached = out / "extractions"
    runner = open_runner(jobs, dask, settings.tasks_in_flight, settings.dask_timeout)
    progress = tqdm(total=len(todo), desc="extracting", unit="doc", leave=False,
                    mininterval=settings.progress_interval,
                    disable=quiet or not sys.stderr.isatty())
    try:
        started = time.perf_counter()
        for result in runner.run(_tasks(out, todo, fingerprint, settings)):
            written = time.perf_counter()
            for document_id, encoded in result.extractions:
                cache.write(cached, document_id, encoded)
            clock.add("cache", written)
            clock.spent("nlp", result.nlp_seconds)
            clock.spent("extract", result.extract_seconds)
            progress.update(len(result.extractions))
        clock.add("extraction (wall)", started)
    finally:
        progress.close()
        runner.close()


def _cached_extractions(cached: Path, documents: list[Document],
                        fingerprint: str) -> Iterator[tuple[Extraction, tuple[GazetteerPlace, ...]]]:
    for document in documents:
        extraction = cache.read(cached, document, fingerprint)
        if extraction is None:
            raise BorderKGError(f"the cached extraction of {document.id} in {cached} is missing "
                                "or unreadable: delete that folder and build again")
        yield extraction


def _store_graphs(graph_store: Store, index: EntityIndex, documents: list[Document],
                  cached: Path, fingerprint: str, previous: dict[str, str], changes: _Changes,
                  clock: StageClock, settings: Settings) -> tuple[dict[str, str], int]:
    """Write the graphs whose N-Quads changed; return every graph's hash and the mentions."""
    existing = set(graph_store.graphs())
    # From here the store may hold graphs the old manifest does not describe.
    (_manifest_path_of(cached.parent)).unlink(missing_ok=True)
    # Graphs the store does not hold yet go in by bulk loads; the others are replaced.
    bulk = _BulkWriter(graph_store, settings.bulk_load_bytes)
    hashes: dict[str, str] = {}
    mentions = 0

    def put(graph: str, nquads: str) -> None:
        digest = _sha256(nquads)
        hashes[graph] = digest
        if graph in existing and previous.get(graph) == digest:
            return
        started = time.perf_counter()
        if graph in existing:
            graph_store.replace_graph(graph, nquads)
        else:
            bulk.add(nquads)
        changes.graphs_written += 1
        clock.add("store", started)

    for extraction, _ in _cached_extractions(cached, documents, fingerprint):
        started = time.perf_counter()
        mentions += len(extraction.mentions)
        nquads = document_nquads(extraction, index.resolution_of(extraction))
        clock.add("rdf", started)
        put(document_graph(extraction.document.id), nquads)
    started = time.perf_counter()
    entities = entities_nquads(Resolution(entities=index.entities))
    clock.add("rdf", started)
    put(ENTITIES_GRAPH, entities)

    started = time.perf_counter()
    bulk.flush()
    for stale in existing - set(hashes):
        graph_store.drop_graph(stale)
        changes.graphs_removed += 1
    clock.add("store", started)
    return hashes, mentions


class _BulkWriter:
    """N-Quads of new graphs gathered into large bulk loads."""

    def __init__(self, graph_store: Store, limit: int) -> None:
        self._store = graph_store
        self._limit = limit
        self._parts: list[str] = []
        self._size = 0

    def add(self, nquads: str) -> None:
        self._parts.append(nquads)
        self._size += len(nquads)
        if self._size >= self._limit:
            self.flush()

    def flush(self) -> None:
        if not self._parts:
            return
        data = "".join(self._parts)
        self._parts, self._size = [], 0
        self._store.bulk_load(data.encode("utf-8"))


def _remove_stale_files(out: Path, wanted: set[str]) -> None:
    """Texts and cached extractions of documents no longer in the corpus."""
    for folder, suffix in ((out / "text", ".txt"), (out / "extractions", ".json")):
        if folder.is_dir():
            for path in folder.iterdir():
                if path.suffix == suffix and not path.name.startswith(".") \
                        and path.stem not in wanted:
                    path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- manifest


def _manifest_path_of(out: Path) -> Path:
    return out / "manifest.json"


def _read_manifest(out: Path, location: str) -> dict[str, str]:
    """Graph IRI -> sha256 of its N-Quads, as the store held them after the last build."""
    try:
        manifest = json.loads(_manifest_path_of(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("store") != location:
        return {}
    return dict(manifest.get("graphs", {}))


def _write_manifest(out: Path, location: str, hashes: dict[str, str]) -> None:
    manifest = {"format": MANIFEST_FORMAT, "store": location, "graphs": dict(sorted(hashes.items()))}
    write_atomic(_manifest_path_of(out), json.dumps(manifest, indent=1) + "\n")


# --------------------------------------------------------------------------- dumps


def _write_dumps(graph_store: Store, out: Path, settings: Settings) -> None:
    """``graph.trig`` and ``graph.ttl``, streamed out of an embedded store.

    The bytes are those of :meth:`kg.store.Store.dump`: quads sorted by graph then
    subject, predicate and object; the Turtle file merges every graph into one,
    each triple once. A remote store is dumped through its own ``dump``.
    """
    if not isinstance(graph_store, EmbeddedStore):
        write_atomic(out / "graph.trig", graph_store.dump("trig"))
        write_atomic(out / "graph.ttl", graph_store.dump("turtle"))
        return
    oxigraph = graph_store.oxigraph
    with atomic_stream(out / "graph.trig") as stream:
        ox.serialize(_sorted_quads(oxigraph), output=stream, format=ox.RdfFormat.TRIG,
                     prefixes=PREFIXES)
    with (tempfile.TemporaryDirectory(dir=out, prefix=".sort-") as scratch,
          atomic_stream(out / "graph.ttl") as stream):
        ox.serialize(_sorted_triples(oxigraph, Path(scratch), settings.sort_chunk_lines),
                     output=stream, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _spo(quad: ox.Quad) -> tuple[str, str, str]:
    return str(quad.subject), str(quad.predicate), str(quad.object)


def _sorted_quads(oxigraph: ox.Store) -> Iterator[ox.Quad]:
    """Quads graph by graph (the default graph first), each graph sorted in memory."""
    graphs: list[Any] = sorted(oxigraph.named_graphs(), key=str)
    for graph in [ox.DefaultGraph(), *graphs]:
        yield from sorted(oxigraph.quads_for_pattern(None, None, None, graph), key=_spo)


def _sorted_triples(oxigraph: ox.Store, scratch: Path, chunk_lines: int) -> Iterator[ox.Triple]:
    """Every distinct triple of every graph, sorted, through sorted runs on disk.

    An N-Triples line sorts like its (subject, predicate, object): a subject or
    predicate term never is a prefix of another one followed by a space.
    """
    runs: list[Path] = []
    lines: set[str] = set()
    for quad in oxigraph.quads_for_pattern(None, None, None, None):
        lines.add(f"{quad.subject} {quad.predicate} {quad.object} .\n")
        if len(lines) >= chunk_lines:
            runs.append(_write_run(scratch, len(runs), lines))
            lines = set()
    if lines or not runs:
        runs.append(_write_run(scratch, len(runs), lines))
    merged = scratch / "merged.nt"
    streams = [run.open(encoding="utf-8") for run in runs]
    try:
        with merged.open("w", encoding="utf-8") as target:
            last = None
            for line in heapq.merge(*streams):
                if line != last:
                    target.write(line)
                    last = line
    finally:
        for stream in streams:
            stream.close()
    for quad in ox.parse(path=str(merged), format=ox.RdfFormat.N_TRIPLES):
        yield quad.triple


def _write_run(scratch: Path, number: int, lines: set[str]) -> Path:
    path = scratch / f"run-{number}.nt"
    path.write_text("".join(sorted(lines)), encoding="utf-8")
    return path
