"""Engineering defaults in one place: batch sizes, worker counts, timeouts.

Domain knowledge (aliases, markers, rules) lives in ``ontology/`` and ``pipelines/``;
what is here only changes how fast or how big a build runs, never what it finds.

Examples
--------
>>> from dataclasses import replace
>>> SETTINGS.batch_size
8
>>> replace(SETTINGS, jobs=2).jobs
2
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """How a build runs.

    Attributes
    ----------
    batch_size : int
        Documents per ``nlp.pipe`` batch (8 measured ~25% faster than 256 here).
    task_documents : int
        Documents per task sent to a worker process or Dask worker: one batch. Shipping
        a task costs little next to its NLP; tasks of one batch keep the batches of
        ``-j 1`` and let the workers finish close together (at best 1.92x one worker
        for two on the 118 articles of ``bench/throughput.py``, against 1.87x with 16).
        With several workers the last tasks are smaller still, so none waits long
        for the others.
    tasks_in_flight : int
        Tasks submitted but not yet returned, per worker: the back pressure that
        keeps a corpus from being read into memory ahead of the workers.
    jobs : int
        Worker processes on this machine (``kg build -j``); 1 runs in process.
    bulk_load_bytes : int
        N-Quads gathered before one bulk load of new graphs. The loader holds several
        times a batch in memory: batches of 8 MB peaked 26 MiB higher than 4 MB on the
        10,000 documents of ``bench/memory.py``, for no measurable speed.
    progress_interval : float
        Seconds between progress bar refreshes.
    dask_timeout : float
        Seconds to wait for a Dask scheduler to answer.
    max_document_chars : int
        Longest cleaned text a build sends to spaCy; longer documents are skipped and
        reported. spaCy's own ``nlp.max_length`` (1,000,000): its parser and NER need
        memory in proportion to the length.
    fetch_delay : float
        Seconds between two requests of ``kg fetch`` to one host (a longer
        ``Crawl-delay`` of its robots.txt wins).
    fetch_timeout : float
        Seconds ``kg fetch`` waits for a server to connect or send, and for a whole response.
    fetch_retries : int
        Tries after the first when a server answers 429 or 5xx, or the connection fails.
    fetch_backoff : float
        Seconds before the first retry; each retry waits twice as long as the last, or what
        the server's ``Retry-After`` asks.
    fetch_max_wait : float
        Longest wait before one retry: a server that asks for longer is tried again on the
        next run.
    fetch_max_bytes : int
        Largest response ``kg fetch`` reads (robots.txt: 500 KiB, as RFC 9309 allows).
    fetch_max_redirects : int
        Redirects followed from one URL.
    """

    batch_size: int = 8
    task_documents: int = 8
    tasks_in_flight: int = 4
    jobs: int = 1
    bulk_load_bytes: int = 4_000_000
    progress_interval: float = 0.5
    dask_timeout: float = 30.0
    max_document_chars: int = 1_000_000
    fetch_delay: float = 1.0
    fetch_timeout: float = 30.0
    fetch_retries: int = 3
    fetch_backoff: float = 2.0
    fetch_max_wait: float = 120.0
    fetch_max_bytes: int = 10_000_000
    fetch_max_redirects: int = 5


SETTINGS = Settings()
