"""The NLP on worker processes or a Dask cluster gives the bytes of a build in one process."""

from __future__ import annotations

import gc
from dataclasses import replace

import pytest
from test_build_incremental import ARTICLES, assert_same_build, write_corpus

from kg import cache
from kg.build import build
from kg.distributed import InProcess, Task, open_runner
from kg.errors import BorderKGError
from kg.model import Document
from kg.settings import SETTINGS

# One task per document, so that every worker gets some.
SPREAD = replace(SETTINGS, task_documents=1, tasks_in_flight=1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # With a word-for-word copy of one article, which no worker needs to read.
    return write_corpus(tmp_path_factory.mktemp("corpus"), {**ARTICLES, "repost": ARTICLES["a"]})


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory, nlp):
    return build([corpus], tmp_path_factory.mktemp("one"), quiet=True).out


def test_two_processes_give_the_same_graph(corpus, one_process, tmp_path):
    out = build([corpus], tmp_path, quiet=True, jobs=2, settings=SPREAD)
    assert (out.report["incremental"]["extracted"], out.report["incremental"]["copied"]) \
        == (len(ARTICLES), 1)
    assert_same_build(out.out, one_process)


def test_dask_cluster_gives_the_same_graph(corpus, one_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    # Two workers of one thread each, reached over TCP like a real scheduler. They are
    # threads of this process (processes=False), sharing the session's loaded pipeline:
    # worker processes would each load spaCy and the gazetteer, a minute on this machine.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp://", dashboard_address=None) as cluster:
        out = build([corpus], tmp_path, quiet=True, dask=cluster.scheduler_address,
                    settings=SPREAD)
        assert len(cluster.scheduler.workers) == 2
    assert (out.report["incremental"]["extracted"], out.report["incremental"]["copied"]) \
        == (len(ARTICLES), 1)
    assert_same_build(out.out, one_process)


def test_bad_runner_arguments_are_one_clear_error():
    with pytest.raises(BorderKGError, match="at least 1"):
        open_runner(jobs=0)
    with pytest.raises(BorderKGError, match="local:N"):
        open_runner(dask="local:none")


def test_the_in_process_runner_leaves_the_garbage_collector_as_it_found_it(nlp):
    # The runner freezes the loaded pipeline while it extracts; the build's process
    # goes on afterwards and must be able to collect everything again.
    document = Document("t", "Title 42 ended in May.", ("t.txt",), "h")
    results = list(InProcess().run([Task((document,), 8, cache.fingerprint())]))

    assert [document_id for document_id, _ in results[0].extractions] == ["t"]
    assert gc.get_freeze_count() == 0
