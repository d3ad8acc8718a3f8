"""The whole data flow for one corpus: ingest -> nlp -> extract -> resolve -> rdf -> store,
then the files of a build folder (graph.ttl, graph.trig, graph.html, report.json).

A build streams, and repeats only what changed:

1. **ingest** reads every input once, writes each document's cleaned text to
   ``text/`` and keeps only its metadata; a document whose extraction is cached
   (``extractions/``, same text, same pipeline: :mod:`kg.cache`) needs no NLP, nor
   does a byte-identical copy of another document's text (:class:`_Copies`).
2. **extract** sends the other documents, a few at a time, to a runner
   (:mod:`kg.distributed`: this process, ``-j N`` processes or a Dask cluster) and
   writes each extraction to the cache as it arrives, and a copy of it for each
   identical text, its evidence in that document.
3. **resolve** reads the cache once and counts mention forms (:class:`kg.resolve.Census`).
4. **rdf** and **store** read it again and write each document's named graph, but
   only graphs whose inputs or N-Quads differ from those recorded in
   ``manifest.json``: an unchanged document whose entity IRIs changed because of
   another one is rewritten, the graphs of deleted documents are dropped. Each new
   graph is rendered once (on the extraction's workers, when there are several)
   into ``graphs/`` (:class:`GraphFiles`). The counts of every document, changed or
   not, are paired into the graph of those that contradict each other
   (:mod:`kg.conflicts`), and its route legs tallied per place (:mod:`kg.route_places`).
5. **write** and **view** put ``graph.trig``, ``graph.ttl`` and ``graph.html``
   together from the rendered graphs, when the store changed.

Memory holds one task of documents, one document's extraction and graph, the
per-form statistics of resolution, a few fields of each count and the projected
network of the view, never the corpus. Every file is written
atomically, and ``manifest.json`` only once the store holds what it describes, so a
killed build resumes: the next run reuses every extraction already cached. The
result is the same bytes as a clean build of the same corpus.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from kg import cache, conflicts, ingest, route_places, stories
from kg import curation as curation_file
from kg.curation import Plan
from kg.distributed import Runner, Task, open_runner
from kg.errors import BorderKGError
from kg.files import atomic_stream, sync, write_atomic
from kg.gazetteer import GazetteerPlace
from kg.model import Document, Entity, Extraction, Resolution, Skipped, Story
from kg.namespaces import BUILD_GRAPHS, PREFIXES
from kg.rdf import (
    NamedGraph,
    background_named_graph,
    contradictions_named_graph,
    curation_named_graph,
    decision_iri,
    document_graph,
    document_named_graph,
    entities_named_graph,
    route_places_named_graph,
)
from kg.resolve import Census, EntityIndex
from kg.resources import source_digest
from kg.settings import SETTINGS, Settings
from kg.store import Store, open_store, to_python
from kg.vocabulary import load_background

MANIFEST_FORMAT = 2
OUTPUTS = ("graph.trig", "graph.ttl", "graph.html")
# The modules whose code decides the bytes of the graph files, besides extraction's.
_RENDERING_MODULES = ("rdf", "periods", "facts", "network", "viz", "build", "curation",
                      "stories", "conflicts", "route_places")


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
    """What this build did to the store and the files, for the report: documents read by
    the NLP, taken from the cache, or given the extraction of the same text (copies)."""

    extracted: int = 0
    reused: int = 0
    copied: int = 0
    graphs_written: int = 0
    graphs_removed: int = 0


def _input_record(item: Document | Skipped) -> dict:
    if isinstance(item, Skipped):
        return {"path": item.path, "document_id": None, "status": "skipped",
                "reason": item.reason}
    return {"path": item.sources[0], "document_id": item.id, "status": "read", "reason": None}


def _story_record(story: Story, of: dict[str, Document]) -> dict:
    """A story for the report: its documents, how each copy was found, and every source
    (each document's URL, outlet, title and date: a copy keeps its own)."""
    sources = [{"document": d, "url": of[d].url, "canonical_url": of[d].canonical_url,
                "guid": of[d].guid, "publication": of[d].publication, "title": of[d].title,
                "date": of[d].date} for d in story.documents]
    return {**dataclasses.asdict(story), "sources": sources}


def _text_path(out: Path, document_id: str) -> Path:
    return out / "text" / f"{cache.file_name(document_id)}.txt"


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    # Not forced to disk one by one (a build writes them again where they differ): the
    # build syncs once before its manifest.
    write_atomic(path, data, durable=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(inputs: Sequence[str | Path], out: str | Path = "build", *, store: str | None = None,
          quiet: bool = False, jobs: int = 1, dask: str | None = None,
          curation: str | Path | None = None, settings: Settings = SETTINGS) -> BuildResult:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    ``store`` is the embedded store folder (default ``out/store``) or the URL of a
    SPARQL 1.1 server. An input that does not exist is an error before anything is
    written; unreadable files in a folder are reported and skipped. ``jobs`` worker
    processes, or the Dask cluster at ``dask`` (``tcp://host:8786``, ``local:N``),
    run the NLP; the graph is the same whatever runs it. ``curation`` is a curation
    file (:mod:`kg.curation`) whose decisions correct the graph; a malformed or
    contradictory one stops the build before the store or any graph file is written.
    """
    missing = [str(given) for given in inputs if not os.path.lexists(given)]
    if missing:
        raise BorderKGError(f"no such file or folder: {', '.join(missing)} (nothing was built)")
    decisions = curation_file.load(curation) if curation is not None else ()
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
    todo: list[Document] = []
    reading_keys: dict[str, str] = {}
    sketches: list[stories.Sketch] = []
    corpus = ingest.read_corpus(inputs, max_chars=settings.max_document_chars)
    for item in clock.timed("ingest", corpus):
        started = time.perf_counter()
        records.append(_input_record(item))
        if isinstance(item, Skipped):
            print(f"kg: skipped {item.path}: {item.reason}", file=sys.stderr)
            continue
        _write_if_changed(_text_path(out, item.id), item.text.encode("utf-8"))
        sketches.append(stories.sketch(item))
        metadata = dataclasses.replace(item, text="")
        documents.append(metadata)
        reading_keys[item.id] = cache.reading_key(item)
        if not cache.is_valid(cached, metadata, fingerprint):
            todo.append(metadata)
        clock.add("ingest", started)

    copies = _Copies(cached, documents, todo, reading_keys)
    del reading_keys
    changes.reused, changes.copied = len(documents) - len(todo), len(todo) - len(copies.todo)
    copies.write_from_cache()
    with _workers_for(copies.todo, jobs, dask, settings) as runner:
        if runner is not None:
            changes.extracted = _extract(out, copies, fingerprint, runner, quiet=quiet,
                                         settings=settings, clock=clock)

        with _cycle_collector_paused():
            started = time.perf_counter()
            told = _Stories(out, documents, stories.find_stories(
                sketches, lambda document_id: _text_path(out, document_id).read_text("utf-8")))
            del sketches
            clock.add("stories", started)
            started = time.perf_counter()
            places: dict[str, GazetteerPlace] = {}
            census = Census(place_of=places.get)
            for extraction, found in _cached_extractions(cached, documents, fingerprint, told):
                story = told.story_of.get(extraction.document.id)
                census.add(extraction, None if story is None else story.id)
                places.update((place.key, place) for place in found)
            index = census.index()
            plan = Plan(decisions, index, source=str(curation)) if decisions else None
            clock.add("resolve", started)

            previous = _read_manifest(out, location)
            files = GraphFiles(out / "graphs")
            graph_store = open_store(location)
            try:
                manifest, mentions, entities = _store_graphs(
                    graph_store, index, plan, documents, cached, fingerprint, told, previous,
                    files, changes, clock, settings, runner)
                _remove_stale_files(out, {cache.file_name(d.id) for d in documents})
                changed = changes.graphs_written or changes.graphs_removed or files.reset
                if changed or not previous.graphs or not all((out / name).exists()
                                                             for name in OUTPUTS):
                    _write_graph_files(graph_store, files, manifest, out, clock)
            finally:
                graph_store.close()
            _write_manifest(out, location, manifest)

    curated = _report_curation(plan, str(curation)) if plan is not None else None
    by_id = {d.id: d for d in documents}
    clock.add("total", begun)
    report = {
        "inputs": records,
        "counts": {
            "documents": len(documents),
            "skipped": sum(1 for r in records if r["status"] == "skipped"),
            "mentions": mentions,
            "entities": len(entities),
            "entities_by_type": dict(sorted(Counter(e.type for e in entities).items())),
            "stories": len(told.stories),
            "copies": sum(len(story.copies) for story in told.stories),
        },
        "stories": [_story_record(story, by_id) for story in told.stories],
        "incremental": dataclasses.asdict(changes),
        "seconds": {stage: round(s, 3) for stage, s in clock.seconds.items()},
    }
    if curated is not None:
        report["curation"] = curated
    write_atomic(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return BuildResult(out=out, report=report)


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the graphs are resolved, rendered and written.

    Those stages make millions of short-lived objects and no reference cycles to speak
    of; reference counting frees them all the same. The collector's passes over them,
    and over the spaCy pipeline this process may hold, cost a fifth of their time (1.4
    of 7 s for the 118 articles of bench/throughput.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _task_sizes(documents: int, task_documents: int, workers: int) -> Iterator[int]:
    """How many documents each task holds: ``task_documents``, but for several workers
    a share of what is left near the end, so that they finish together.

    A worker given the last full task while the others have nothing left idles for
    that task; tasks that shrink with what is left bound the wait to a document.

    Examples
    --------
    >>> list(_task_sizes(30, 8, 1))
    [8, 8, 8, 6]
    >>> list(_task_sizes(30, 8, 2))
    [8, 6, 4, 3, 3, 2, 1, 1, 1, 1]
    """
    left = documents
    while left > 0:
        size = task_documents if workers == 1 else min(task_documents, -(-left // (2 * workers)))
        size = min(size, left)
        yield size
        left -= size


def _tasks(out: Path, todo: list[Document], fingerprint: str, settings: Settings,
           workers: int) -> Iterator[Task]:
    """The documents to extract with their text read back, a task at a time."""
    first = 0
    for size in _task_sizes(len(todo), settings.task_documents, workers):
        chunk = todo[first:first + size]
        first += size
        documents = tuple(
            dataclasses.replace(d, text=_text_path(out, d.id).read_text(encoding="utf-8"))
            for d in chunk)
        yield Task(documents, settings.batch_size, fingerprint)


@contextlib.contextmanager
def _workers_for(todo: list[Document], jobs: int, dask: str | None,
                 settings: Settings) -> Iterator[Runner | None]:
    """The runner that extracts ``todo`` and then renders the graphs; none when no
    document needs the NLP (the graphs then render in this process)."""
    if not todo:
        yield None
        return
    # A few changed documents are done before worker processes would have started.
    few = len(todo) <= settings.task_documents and not dask
    runner = open_runner(1 if few else jobs, dask, settings.tasks_in_flight,
                         settings.dask_timeout)
    try:
        yield runner
    finally:
        runner.close()


class _Copies:
    """The documents to extract, one per :func:`kg.cache.reading_key` (a text, byte for
    byte), and the others of each key, which take its extraction (:func:`kg.cache.readdressed`)
    instead of running the NLP again: a document whose extraction is cached gives it to its
    copies at once, one extracted now as soon as it is written."""

    def __init__(self, cached: Path, documents: list[Document], todo: list[Document],
                 reading_keys: dict[str, str]) -> None:
        self.cached = cached
        waiting = {d.id for d in todo}
        first: dict[str, str] = {}
        for document in documents:
            if document.id not in waiting:
                first.setdefault(reading_keys[document.id], document.id)
        self.todo: list[Document] = []
        self._of: dict[str, list[Document]] = {}
        for document in todo:
            source = first.setdefault(reading_keys[document.id], document.id)
            if source == document.id:
                self.todo.append(document)
            else:
                self._of.setdefault(source, []).append(document)

    def write_from_cache(self) -> None:
        """The copies of documents whose extraction was cached before this build."""
        extracting = {d.id for d in self.todo}
        for source in [s for s in self._of if s not in extracting]:
            self._give(source, cache.path_of(self.cached, source).read_text(encoding="utf-8"))

    def write(self, document_id: str, encoded: str) -> None:
        """Cache a document's extraction, then its copies' (a build killed in between
        finds the document's cached and gives it to them then)."""
        cache.write(self.cached, document_id, encoded)
        self._give(document_id, encoded)

    def _give(self, document_id: str, encoded: str) -> None:
        for copy in self._of.pop(document_id, ()):
            cache.write(self.cached, copy.id, cache.readdressed(encoded, copy))


def _extract(out: Path, copies: _Copies, fingerprint: str, runner: Runner, *,
             quiet: bool, settings: Settings, clock: StageClock) -> int:
    """Run the NLP on ``copies.todo`` and cache what it reads; return how many documents
    it read."""
    todo = copies.todo
    extracted = 0
    progress = tqdm(total=len(todo), desc="extracting", unit="doc", leave=False,
                    mininterval=settings.progress_interval,
                    disable=quiet or not sys.stderr.isatty())
    try:
        started = time.perf_counter()
        for result in runner.run(_tasks(out, todo, fingerprint, settings, runner.workers)):
            written = time.perf_counter()
            for document_id, encoded in result.extractions:
                copies.write(document_id, encoded)
            clock.add("cache", written)
            clock.spent("nlp", result.nlp_seconds)
            clock.spent("extract", result.extract_seconds)
            progress.update(len(result.extractions))
            extracted += len(result.extractions)
        clock.add("extraction (wall)", started)
    finally:
        progress.close()
    return extracted


def _cached_extractions(cached: Path, documents: list[Document], fingerprint: str,
                        told: _Stories) -> Iterator[tuple[Extraction, tuple[GazetteerPlace, ...]]]:
    """Each document's cached extraction, less what an earlier copy of its story told."""
    for document in documents:
        found = cache.read(cached, document, fingerprint)
        if found is None:
            raise BorderKGError(f"the cached extraction of {document.id} in {cached} is missing "
                                "or unreadable: delete that folder and build again")
        extraction, places = found
        yield told.retold_removed(extraction), places


class _Stories:
    """The stories of a corpus (:func:`kg.stories.find_stories`) as a build uses them: a
    later document of a story loses what the earlier ones told, read from ``text/``."""

    def __init__(self, out: Path, documents: list[Document], found: tuple[Story, ...]) -> None:
        self.out = out
        self.stories = found
        self.story_of = stories.story_of(found)
        self._hash = {d.id: d.content_hash for d in documents if d.id in self.story_of}
        self._plain = {story.id: dataclasses.asdict(story) for story in found}  # once, not per copy

    def earlier(self, document_id: str) -> tuple[str, ...]:
        """The documents of its story before this one."""
        story = self.story_of.get(document_id)
        return () if story is None else story.documents[:story.documents.index(document_id)]

    def retold_removed(self, extraction: Extraction) -> Extraction:
        earlier = self.earlier(extraction.document.id)
        if not earlier:
            return extraction
        texts = (_text_path(self.out, d).read_text(encoding="utf-8") for d in earlier)
        return stories.without_retold(extraction, texts)

    def inputs(self, document_id: str) -> object:
        """What a document's graph takes from its story: the story, and the texts before
        it (their content hashes)."""
        story = self.story_of.get(document_id)
        if story is None:
            return None
        return [self._plain[story.id], [self._hash[d] for d in self.earlier(document_id)]]


def _report_curation(plan: Plan, source: str) -> dict:
    """What the decisions of the curation file did, for report.json; stale decisions and
    judgements that kept entities apart are also said on stderr."""
    records = []
    for outcome in plan.outcomes():
        decision = outcome.decision
        said = outcome.stale or outcome.note
        if said:
            tail = "; it does nothing in this build" if outcome.stale else ""
            print(f"kg: {source} line {decision.line}: {decision.kind}: {said}{tail}",
                  file=sys.stderr)
        records.append({"decision": decision_iri(decision), "line": decision.line,
                        "kind": decision.kind,
                        "status": "stale" if outcome.stale else "applied",
                        "reason": outcome.stale, "note": outcome.note})
    return {"file": source, "decisions": len(records),
            "stale": sum(1 for r in records if r["status"] == "stale"), "outcomes": records}


def _store_graphs(graph_store: Store, index: EntityIndex, plan: Plan | None,
                  documents: list[Document], cached: Path, fingerprint: str, told: _Stories,
                  previous: _Manifest, files: GraphFiles, changes: _Changes, clock: StageClock,
                  settings: Settings, runner: Runner | None
                  ) -> tuple[_Manifest, int, tuple[Entity, ...]]:
    """Write the graphs whose N-Quads changed; return the new manifest, the mentions and
    the entities (as ``plan``, the curation file's decisions, corrects them).

    A document graph whose inputs (its extraction, its metadata and the entities its
    mentions resolved to) are those of the last build is neither rendered again nor
    written: its N-Quads would be the same bytes. The others render on ``runner``'s
    workers, if any, while this process writes what they send back.
    """
    existing = set(graph_store.graphs())
    # From here the store may hold graphs the old manifest does not describe.
    (_manifest_path_of(cached.parent)).unlink(missing_ok=True)
    # Graphs the store does not hold yet go in by bulk loads; the others are replaced.
    bulk = _BulkWriter(graph_store, settings.bulk_load_bytes)
    manifest = _Manifest()
    mentions = 0
    counts: list[conflicts.Count] = []
    legs: list[route_places.PlaceLeg] = []

    def put(graph: _RenderedGraph) -> None:
        manifest.record(graph.iri, graph.inputs, graph.digest)
        clock.spent("render", graph.seconds)
        started = time.perf_counter()
        files.add(graph)
        clock.add("write", started)
        if graph.iri in existing and previous.graphs.get(graph.iri) == graph.digest:
            return
        started = time.perf_counter()
        if graph.iri in existing:
            bulk.wait()  # a bulk load is no transaction: never beside another write
            graph_store.replace_graph(graph.iri, graph.nquads)
        else:
            bulk.add(graph.nquads)
        changes.graphs_written += 1
        clock.add("store", started)

    code = _sha256(fingerprint + files.code + (plan.digest if plan else ""))

    def text_of(document_id: str) -> str:
        return _text_path(cached.parent, document_id).read_text(encoding="utf-8")

    def jobs() -> Iterator[_GraphJob]:
        nonlocal mentions
        for extraction, _ in clock.timed("rdf", _cached_extractions(cached, documents,
                                                                    fingerprint, told)):
            started = time.perf_counter()
            if plan is None:
                resolution = index.resolution_of(extraction)
            else:
                extraction, entity_of = plan.curate(extraction, text_of)
                resolution = Resolution(entities=(), entity_of=entity_of,
                                        extractions=(extraction,))
            mentions += len(extraction.mentions)
            document_id = extraction.document.id
            story = told.story_of.get(document_id)
            # Every document's counts, changed or not: a pair may join any two of them.
            counts.extend(conflicts.counts_of(extraction, resolution,
                                              None if story is None else story.id))
            legs.extend(route_places.legs_of(extraction, resolution))
            graph = document_graph(document_id)
            inputs = _graph_inputs(code, extraction.document, resolution, told.inputs(document_id))
            unchanged = previous.inputs.get(graph) == inputs and graph in existing
            clock.add("rdf", started)
            if unchanged and files.has(previous.graphs[graph]):
                manifest.record(graph, inputs, previous.graphs[graph])
            else:
                yield _GraphJob(extraction, resolution, inputs, story)

    render = map if runner is None else runner.map
    for rendered in render(_render_document, jobs()):
        put(rendered)
    started = time.perf_counter()
    pairs = conflicts.contradictions(counts)
    if pairs:
        graph = contradictions_named_graph(pairs)
        put(_render(graph, _sha256(code + graph.nquads), started))
    started = time.perf_counter()
    places = route_places_named_graph(route_places.route_places(legs))
    if places.triples:
        put(_render(places, _sha256(code + places.nquads), started))
    started = time.perf_counter()
    entities = plan.entities() if plan else index.entities
    graph = entities_named_graph(Resolution(entities=entities))
    put(_render(graph, _sha256(code + graph.nquads), started))
    if plan is not None:
        started = time.perf_counter()
        graph = curation_named_graph(plan.outcomes(), plan.facts())
        put(_render(graph, _sha256(code + graph.nquads), started))
    started = time.perf_counter()
    known = {entity.id for entity in entities}
    background = background_named_graph(f for f in load_background() if f.subject in known)
    if background.triples:
        put(_render(background, _sha256(code + background.nquads), started))

    started = time.perf_counter()
    bulk.close()
    for stale in existing - set(manifest.graphs):
        graph_store.drop_graph(stale)
        changes.graphs_removed += 1
    clock.add("store", started)
    return manifest, mentions, entities


@dataclass(frozen=True)
class _GraphJob:
    """A document graph to render: the extraction, the entities of its mentions, and
    the digest of both (:func:`_graph_inputs`)."""

    extraction: Extraction
    resolution: Resolution
    inputs: str
    story: Story | None = None


@dataclass(frozen=True)
class _RenderedGraph:
    """A graph rendered for the store (N-Quads) and for the files of :class:`GraphFiles`."""

    iri: str
    inputs: str
    nquads: str
    digest: str  # sha256 of the N-Quads
    trig: bytes  # its TriG block, without the prefixes
    turtle: bytes  # its Turtle block, without the prefixes
    view_part: str  # JSON of kg.network.triples_part
    seconds: float  # spent rendering it


def _render_document(job: _GraphJob) -> _RenderedGraph:
    """Render one document's graph, wherever a runner sends the job."""
    started = time.perf_counter()
    with _cycle_collector_paused():
        graph = document_named_graph(job.extraction, job.resolution, job.story)
        return _render(graph, job.inputs, started)


def _render(graph: NamedGraph, inputs: str, started: float) -> _RenderedGraph:
    from kg import network

    # Oxigraph's parser makes the quads it serializes faster than ox.Quad(...) calls would.
    quads = ox.parse(graph.nquads, format=ox.RdfFormat.N_QUADS)
    trig = _without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b"")
    part = network.triples_part((s, p, to_python(o)) for s, p, o in graph.triples)
    return _RenderedGraph(graph.iri, inputs, graph.nquads, _sha256(graph.nquads), trig,
                          _turtle_block(trig), json.dumps(part, sort_keys=True, ensure_ascii=False),
                          time.perf_counter() - started)


def _graph_inputs(code: str, document: Document, resolution: Resolution, story: object) -> str:
    """A digest of everything one document's N-Quads are made of.

    The extraction itself is fixed by the document's content hash (in ``document``)
    and the pipeline (in ``code``, with the code that renders graphs), less what the
    earlier documents of its ``story`` told (:meth:`_Stories.inputs`); the rest is the
    document's metadata and the entity each of its mentions resolved to.
    """
    resolved = sorted(resolution.entity_of.items())
    return _sha256(json.dumps([code, dataclasses.asdict(document), resolved, story]))


class _BulkWriter:
    """N-Quads of new graphs gathered into large bulk loads.

    Each load runs in a background thread while the next graphs render: the store's
    loader (Oxigraph's, or an HTTP POST) releases the GIL. One load at a time, so
    memory holds at most two batches.
    """

    def __init__(self, graph_store: Store, limit: int) -> None:
        self._store = graph_store
        self._limit = limit
        self._parts: list[str] = []
        self._size = 0
        self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-load")
        self._loading: Future | None = None

    def add(self, nquads: str) -> None:
        self._parts.append(nquads)
        self._size += len(nquads)
        if self._size >= self._limit:
            self._start_load()

    def wait(self) -> None:
        """Return once the load in progress, if any, is in the store (or raise its error)."""
        if self._loading is not None:
            loading, self._loading = self._loading, None
            loading.result()

    def close(self) -> None:
        """Load what is left and wait for it."""
        try:
            self._start_load()
            self.wait()
        finally:
            self._loader.shutdown()

    def _start_load(self) -> None:
        self.wait()
        if not self._parts:
            return
        data = "".join(self._parts).encode("utf-8")
        self._parts, self._size = [], 0
        self._loading = self._loader.submit(self._store.bulk_load, data)


def _remove_stale_files(out: Path, wanted: set[str]) -> None:
    """Texts and cached extractions of documents no longer in the corpus, and the
    temporary files of writes a killed build left behind."""
    for folder, suffix in ((out / "text", ".txt"), (out / "extractions", ".json")):
        if folder.is_dir():
            for path in folder.iterdir():
                unfinished = path.name.startswith(".") and path.suffix == ".tmp"
                stale = path.suffix == suffix and not path.name.startswith(".") \
                    and path.stem not in wanted
                if unfinished or stale:
                    path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- manifest


def _manifest_path_of(out: Path) -> Path:
    return out / "manifest.json"


@dataclass
class _Manifest:
    """What the store holds after a build: per graph, the sha256 of its N-Quads
    (``graphs``) and of the inputs they were rendered from (``inputs``)."""

    graphs: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)

    def record(self, graph: str, inputs: str, nquads: str) -> None:
        self.graphs[graph] = nquads
        self.inputs[graph] = inputs


def _read_manifest(out: Path, location: str) -> _Manifest:
    try:
        manifest = json.loads(_manifest_path_of(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _Manifest()
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("store") != location:
        return _Manifest()
    return _Manifest(dict(manifest.get("graphs", {})), dict(manifest.get("inputs", {})))


def _write_manifest(out: Path, location: str, manifest: _Manifest) -> None:
    sync()  # what the manifest describes is on disk before the manifest is
    content = {"format": MANIFEST_FORMAT, "store": location,
               "graphs": dict(sorted(manifest.graphs.items())),
               "inputs": dict(sorted(manifest.inputs.items()))}
    write_atomic(_manifest_path_of(out), json.dumps(content, indent=1) + "\n")


# --------------------------------------------------------------------------- graph files


class GraphFiles:
    """Each graph rendered once as a TriG block, a Turtle block and the part of the
    network view it gives (:func:`kg.network.triples_part`), in ``graphs/`` under the
    digest of its N-Quads.

    ``graph.trig``, ``graph.ttl`` and ``graph.html`` are put together from these
    blocks, so a build that changed one document renders one document. The folder
    carries a stamp of the code that renders them and is emptied when that changes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        stamp = folder / "CODE"
        package = Path(__file__).parent
        self.code = source_digest("rendering",
                                  files=[package / f"{name}.py" for name in _RENDERING_MODULES])
        self.reset = not stamp.is_file() or stamp.read_text(encoding="utf-8") != self.code
        if self.reset:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            write_atomic(stamp, self.code)

    def _path(self, digest: str, suffix: str) -> Path:
        return self.folder / f"{digest}{suffix}"

    def has(self, digest: str) -> bool:
        return all(self._path(digest, suffix).is_file() for suffix in (".json", ".trig", ".ttl"))

    def add(self, graph: _RenderedGraph) -> None:
        """Keep a rendered graph's blocks, unless they already are here."""
        if self.has(graph.digest):
            return
        # Not forced to disk one by one: the build syncs once before its manifest.
        write_atomic(self._path(graph.digest, ".json"), graph.view_part, durable=False)
        write_atomic(self._path(graph.digest, ".trig"), graph.trig, durable=False)
        write_atomic(self._path(graph.digest, ".ttl"), graph.turtle, durable=False)

    def view_part(self, digest: str) -> dict:
        """The network view's part of one graph (:func:`kg.network.graph_part`)."""
        return json.loads(self._path(digest, ".json").read_text(encoding="utf-8"))

    def write(self, target: Path, suffix: str, digests: Iterable[str]) -> None:
        """One file of the prefixes and every graph's block, in the order given."""
        with atomic_stream(target) as stream:
            stream.write(_prefix_header())
            for digest in digests:
                with self._path(digest, suffix).open("rb") as block:
                    shutil.copyfileobj(block, stream)

    def keep_only(self, digests: set[str]) -> None:
        """Remove the blocks of graphs no longer in the store."""
        for path in self.folder.iterdir():
            if path.name != "CODE" and path.name.split(".")[0] not in digests:
                path.unlink(missing_ok=True)


@functools.cache
def _prefix_header() -> bytes:
    """The ``@prefix`` lines oxigraph writes before any Turtle or TriG."""
    sample = ox.Triple(ox.NamedNode(PREFIXES["id"] + "x"), ox.NamedNode(PREFIXES["rdf"] + "type"),
                       ox.NamedNode(PREFIXES["bk"] + "X"))
    serialized = ox.serialize([sample], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    lines = serialized.splitlines(keepends=True)
    return b"".join(line for line in lines if line.startswith(b"@prefix "))


def _without_prefixes(serialized: bytes) -> bytes:
    header = _prefix_header()
    if serialized and not serialized.startswith(header):
        raise BorderKGError("oxigraph wrote other @prefix lines than expected")
    return serialized[len(header):]


def _turtle_block(trig: bytes) -> bytes:
    """The Turtle of one graph's TriG block: the same lines, out of the graph's braces.

    Oxigraph writes a named graph as ``<g> {``, its statements indented by one tab,
    and ``}``; literals never hold a raw line break (it escapes them as ``\\n``), so
    every line break followed by a tab starts a statement line.
    """
    if not trig:
        return b""
    head, _, body = trig.partition(b" {\n\t")
    if not body.endswith(b"\n}\n") or b"\n" in head:
        raise BorderKGError("oxigraph wrote a TriG graph block in an unexpected layout")
    return body[:-2].replace(b"\n\t", b"\n")


def _write_graph_files(graph_store: Store, files: GraphFiles, manifest: _Manifest, out: Path,
                       clock: StageClock) -> None:
    """``graph.trig``, ``graph.ttl`` (each graph's triples in its own block) and ``graph.html``.

    Graphs come in the order of their IRIs, each sorted by subject, predicate and
    object: the bytes of :meth:`kg.store.Store.dump` in TriG. The Turtle file is the
    same blocks without their graph names, so a triple several documents state
    appears once per document.
    """
    started = time.perf_counter()
    graphs = sorted(manifest.graphs, key=lambda graph: f"<{graph}>")
    digests = [manifest.graphs[graph] for graph in graphs]
    files.write(out / "graph.trig", ".trig", digests)
    files.write(out / "graph.ttl", ".ttl", digests)
    clock.add("write", started)
    started = time.perf_counter()
    from kg import network, viz

    parts = (files.view_part(manifest.graphs[graph]) for graph in graphs
             if graph not in BUILD_GRAPHS)
    viz.write_html(network.project(graph_store, parts=parts), out / "graph.html",
                   title="borderkg")
    files.keep_only(set(digests))
    clock.add("view", started)
