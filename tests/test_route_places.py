"""Places on routes: the legs leaving and reaching each place and who passes it, tallied
over the corpus at build time (kg/route_places.py) and read by the saved query."""

from __future__ import annotations

from pathlib import Path

from kg.build import build
from kg.namespaces import ROUTE_PLACES_GRAPH
from kg.query import run
from kg.store import open_store

QUITO = "Li Wei flew from Quito to Panama City in May."
BUS = "In June, Maria Lopez took a bus from Panama City to Tapachula."


def _places(out: Path) -> tuple[list[tuple], bool]:
    """The rows of the saved query route-places, and whether the build wrote the graph."""
    with open_store(out / "store", read_only=True) as store:
        rows = [row[1:7] for row in run(store, "route-places").rows]  # label .. who_passes
        written = ROUTE_PLACES_GRAPH in store.graphs()
    return rows, written


def test_incremental_builds_keep_the_tallies_right(tmp_path, nlp):
    """Adding, changing and removing a document changes the tallies of the places its legs
    leave and reach, as a clean build of the same corpus has them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "build"

    def rebuild(texts: dict[str, str]) -> list[tuple]:
        for path in corpus.glob("*.txt"):
            path.unlink()
        for name, text in texts.items():
            (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        build([corpus], out, quiet=True)
        clean = build([corpus], tmp_path / f"clean{len(list(tmp_path.iterdir()))}", quiet=True)
        rows, written = _places(out)
        assert (rows, written) == _places(clean.out)
        assert written == bool(rows)  # no empty graph is left
        for name in ("graph.trig", "graph.ttl"):
            assert (out / name).read_bytes() == (clean.out / name).read_bytes(), name
        return rows

    texts = {"quito": QUITO}
    rows = rebuild(texts)
    assert {row[0]: row[2:4] for row in rows} == {"Quito": (1, 0), "Panama City": (0, 1)}
    texts["bus"] = BUS
    rows = rebuild(texts)
    assert {row[0]: row[2:4] for row in rows}["Panama City"] == (1, 1)
    assert {row[0]: row[5] for row in rows}["Tapachula"] == "Maria Lopez"
    texts["quito"] = f"{QUITO} In June, Li Wei took a bus from Panama City to Tapachula."
    rows = rebuild(texts)
    assert {row[0]: row[2:5] for row in rows}["Tapachula"] == (0, 2, 2)
    del texts["quito"]
    del texts["bus"]
    texts["none"] = "Officials in Panama City met on Tuesday."
    assert rebuild(texts) == []
