"""Where extraction runs: in this process, in worker processes, or on a Dask cluster.

The unit of work is a :class:`Task`, a few documents; :func:`extract_task` runs one
where it lands (spaCy pipeline loaded once per process, then ``nlp.pipe`` in batches
of ``batch_size``, then :func:`kg.extract.extract`) and sends back each document's
extraction already encoded for the cache (:mod:`kg.cache`), so only text travels.

Every runner hands results back as they complete, with a bounded number of tasks in
flight: the corpus is never read ahead of the workers. A runner also maps any other
function over items the same way (:meth:`Runner.map`): the build renders document
graphs on the same workers. Tasks are cut the same way whatever runs them and spaCy
reads every document of a batch independently, so which runner, and how many
workers, never changes a byte of the graph.

* :class:`InProcess` — ``kg build`` (``-j 1``);
* :class:`ProcessPool` — ``kg build -j N``: N processes on this machine;
* :class:`DaskCluster` — ``kg build --dask tcp://host:8786`` or ``--dask local:N``.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from kg.errors import BorderKGError
from kg.model import Document


@dataclass(frozen=True)
class Task:
    """Documents to extract together, and the fingerprint the client expects."""

    documents: tuple[Document, ...]
    batch_size: int
    fingerprint: str


@dataclass(frozen=True)
class TaskResult:
    """Encoded extractions ``(document id, cache JSON)`` and where the time went."""

    extractions: tuple[tuple[str, str], ...]
    nlp_seconds: float
    extract_seconds: float


def extract_task(task: Task) -> TaskResult:
    """Run the NLP and extraction of one task in the current process."""
    from kg import cache
    from kg.extract import extract
    from kg.gazetteer import place_by_key
    from kg.nlp import load_pipeline

    if cache.fingerprint() != task.fingerprint:
        import socket

        raise BorderKGError(
            f"the worker on {socket.gethostname()} runs another borderkg pipeline (code, rules, "
            "vocabulary or spaCy model differ): install the same version on every worker")
    nlp = load_pipeline()
    nlp_seconds = extract_seconds = 0.0
    encoded: list[tuple[str, str]] = []
    started = time.perf_counter()
    for spacy_doc, document in nlp.pipe(((d.text, d) for d in task.documents), as_tuples=True,
                                        batch_size=task.batch_size):
        middle = time.perf_counter()
        nlp_seconds += middle - started
        extraction = extract(spacy_doc, document)
        keys = sorted({m.key for m in extraction.mentions if m.key is not None})
        places = tuple(p for p in map(place_by_key, keys) if p is not None)
        encoded.append((document.id, cache.encode(extraction, task.fingerprint, places)))
        started = time.perf_counter()
        extract_seconds += started - middle
    return TaskResult(tuple(encoded), nlp_seconds, extract_seconds)


def _warm_up() -> None:
    """Load the pipeline, then keep what exists so far out of the garbage collector's sight.

    The pipeline's objects (models, vocabulary, gazetteer, rules) live as long as the
    process; frozen, they are no longer scanned by each full collection, which took
    1 to 3% of the NLP time.
    """
    from kg.nlp import load_pipeline

    load_pipeline()
    gc.freeze()


Item = TypeVar("Item")
Result = TypeVar("Result")


class Runner(Protocol):
    """Runs tasks somewhere and yields their results as they complete."""

    workers: int

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        """The extraction of each task, on workers with the pipeline loaded."""

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        """``function`` of each item (a picklable, module-level function), in any order."""

    def close(self) -> None: ...


class InProcess:
    """Tasks one after the other, in this process."""

    workers = 1

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        _warm_up()
        try:
            yield from self.map(extract_task, tasks)
        finally:
            gc.unfreeze()  # this process goes on: what it froze may become garbage

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        return map(function, items)

    def close(self) -> None:
        """Nothing to release."""


class ProcessPool:
    """``workers`` processes on this machine, each with its own loaded pipeline.

    Workers are forked where the platform allows it, so a pipeline this process
    already loaded is shared copy-on-write instead of loaded again.
    """

    def __init__(self, workers: int, tasks_in_flight: int = 4) -> None:
        self.workers = workers
        self._window = workers * tasks_in_flight
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_up)

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        return self.map(extract_task, tasks)

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        pending: set[Future[Result]] = set()
        for item in items:
            if len(pending) == self._window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            pending.add(self._pool.submit(function, item))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _preload_plugin() -> Any:
    """A Dask worker plugin that loads the spaCy pipeline once, when the worker starts.

    Made here, not at import, so that kg imports without dask installed.
    """
    from distributed import WorkerPlugin

    class PreloadPipeline(WorkerPlugin):
        name = "borderkg-pipeline"

        def setup(self, worker: Any) -> None:
            _warm_up()

    return PreloadPipeline()


class DaskCluster:
    """A Dask cluster: ``tcp://host:8786`` (a running scheduler) or ``local:N`` (N processes here).

    Workers need borderkg installed, the same version as the client: a task checks
    the pipeline fingerprint before it runs. Give workers one thread each
    (``dask worker --nthreads 1``): spaCy is CPU bound and a pipeline per thread
    would multiply memory.
    """

    def __init__(self, address: str, tasks_in_flight: int = 4, timeout: float = 30.0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise BorderKGError("--dask needs the dask[distributed] package: "
                                "pip install 'dask[distributed]'") from error
        self._cluster = None
        try:
            if address.startswith("local:"):
                count = _positive(address.removeprefix("local:"), address)
                self._cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster, timeout=timeout)
            else:
                self._client = Client(address, timeout=timeout)
        except (OSError, TimeoutError) as error:
            self.close()
            raise BorderKGError(f"cannot reach the Dask scheduler at {address}: {error} "
                                "(is `dask scheduler` running there?)") from error
        self._client.register_plugin(_preload_plugin())
        self.workers = max(1, sum(self._client.nthreads().values()))
        self._window = self.workers * tasks_in_flight

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        return self.map(extract_task, tasks)

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        from distributed import as_completed

        queue = iter(items)
        first = [self._client.submit(function, item, pure=False)
                 for item in _take(queue, self._window)]
        completed = as_completed(first)
        for future in completed:
            result = future.result()
            future.release()
            for item in _take(queue, 1):
                completed.add(self._client.submit(function, item, pure=False))
            yield result

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()


def _take(queue: Iterator[Item], count: int) -> list[Item]:
    taken = []
    for item in queue:
        taken.append(item)
        if len(taken) == count:
            break
    return taken


def _positive(text: str, given: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise BorderKGError(f"--dask {given}: expected tcp://HOST:PORT or local:N with N >= 1")
    return int(text)


def open_runner(jobs: int = 1, dask: str | None = None, tasks_in_flight: int = 4,
                timeout: float = 30.0) -> Runner:
    """The runner for ``kg build -j JOBS`` or ``--dask ADDRESS``."""
    if dask:
        return DaskCluster(dask, tasks_in_flight, timeout)
    if jobs < 1:
        raise BorderKGError(f"-j {jobs}: the number of processes must be at least 1")
    return InProcess() if jobs == 1 else ProcessPool(jobs, tasks_in_flight)
