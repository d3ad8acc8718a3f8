"""``kg build --store URL`` against a real ``oxigraph serve``: the same graph as the embedded
store, and a rebuild after a change leaves no stale facts behind."""

from __future__ import annotations

import subprocess
import sys

from conftest_sparql import oxigraph_server  # noqa: F401
from test_build_incremental import ARTICLES, write_corpus

from kg.build import build
from kg.store import open_store


def kg_build(corpus, out, store_url) -> None:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out),
                             "--store", store_url, "--quiet"], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr


def test_build_to_a_sparql_server_equals_the_embedded_build(tmp_path, nlp, oxigraph_server):  # noqa: F811
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    kg_build(corpus, tmp_path / "remote", oxigraph_server)
    embedded = build([corpus], tmp_path / "embedded", quiet=True).out
    with open_store(embedded / "store", read_only=True) as local:
        expected = local.dump("nquads")
    remote = open_store(oxigraph_server)
    try:
        assert remote.dump("nquads") == expected
        assert (tmp_path / "remote" / "graph.trig").read_bytes() == (embedded / "graph.trig").read_bytes()

        # Change one article, delete another: the server holds exactly the new build.
        changed = dict(ARTICLES, a="Ms. Lena Okafor said the CBP One app crashed in Nogales.")
        del changed["d"]
        write_corpus(corpus, changed)
        kg_build(corpus, tmp_path / "remote", oxigraph_server)
        rebuilt = build([corpus], tmp_path / "embedded-again", quiet=True).out
        with open_store(rebuilt / "store", read_only=True) as local:
            expected = local.dump("nquads")
        dumped = remote.dump("nquads")
        assert dumped == expected
        assert b"Edwards-Behar said the CBP One" not in dumped and b"Calexico" not in dumped
    finally:
        remote.close()
