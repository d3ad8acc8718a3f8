"""Contradicting counts: two documents, not copies of one story, that count the same thing
for overlapping periods with different numbers, shown side by side everywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import analysis
from kg.api import KnowledgeGraph
from kg.build import build
from kg.namespaces import BK, CONTRADICTIONS_GRAPH, ID
from kg.query import load_query, run
from kg.store import open_build, open_store
from kg.validate import validate

# The saved query as it was before the build paired the counts: it pairs every count with
# every other itself.
PAIRING_QUERY = Path(__file__).parent / "reference_queries" / "statistic-conflicts.rq"

MAY = "Border Patrol agents apprehended {} migrants in the Tucson Sector in May 2023."
JUNE = "Border Patrol agents apprehended 5,000 migrants in the Tucson Sector in June 2023."
# The rest of a release, so that a repost of it is found to be a copy.
RELEASE = (
    "The migrants, who had walked for three days without water, were taken to a hospital in "
    "Ajo, where two of them were treated for dehydration and released the same evening.\n\n"
    "Agents have rescued more than 900 people in the sector since October, a number that "
    "officials said reflects the dangers of crossing the remote desert in the summer months."
)


@pytest.fixture(scope="module")
def conflicts_build(tmp_path_factory, nlp) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    texts = {
        "agency": f"{MAY.format('2,400')}\n\n{RELEASE}",
        "local": MAY.format("3,100"),
        "june": JUNE,
        # A repost of the agency's release with its number misprinted: one story, no conflict.
        "repost": f"{MAY.format('2,500')}\n\n{RELEASE}\n\nReposted with permission.",
    }
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("build")
    report = build([corpus], out, quiet=True).report
    assert [tuple(story["documents"]) for story in report["stories"]] == [("repost", "agency")]
    return out


def test_counts_of_one_month_that_differ_are_paired(conflicts_build):
    with open_build(conflicts_build) as store:
        found = analysis.statistic_conflicts(store)
    pairs = [(c.document, c.quantity, c.other_document, c.other_quantity) for c in found]
    # June's count is another period; the repost and the agency's release are one story,
    # whose two numbers are a misprint for a reader to see, not two witnesses.
    assert pairs == [("agency", "2,400", "local", "3,100"), ("local", "3,100", "repost", "2,500")]
    assert all(c.period == c.other_period == "in May 2023" for c in found)
    assert all(c.group == "migrants" and c.sentence and c.other_sentence for c in found)


def test_the_saved_query_the_api_and_the_command_agree(conflicts_build):
    with open_build(conflicts_build) as store:
        rows = run(store, "statistic-conflicts").records()
    frame = KnowledgeGraph.open(conflicts_build).statistic_conflicts(group="migrants")
    command = subprocess.run(
        [str(Path(sys.executable).parent / "kg"), "statistics", "--conflicts", "--format", "json",
         str(conflicts_build)], check=True, capture_output=True, text=True)
    printed = json.loads(command.stdout)
    assert rows
    expected = [(r["document"], r["other_document"]) for r in rows]
    assert list(zip(frame["document"], frame["other_document"], strict=True)) == expected
    assert [(p["document"], p["other_document"]) for p in printed] == expected
    assert {p["quantity"] for p in printed} | {p["other_quantity"] for p in printed} >= {"3,100"}


def test_a_group_without_conflicts_lists_none(conflicts_build):
    assert KnowledgeGraph.open(conflicts_build).statistic_conflicts(what="rescued").empty


def test_counts_of_no_group_that_differ_are_paired_too(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, number in (("north", "2,400"), ("south", "3,100")):
        (corpus / f"{name}.txt").write_text(
            f"Officers inspected {number} commercial trucks at the Laredo port of entry in May 2023.\n",
            encoding="utf-8")
    out = tmp_path / "build"
    build([corpus], out, quiet=True)
    with open_build(out) as store:
        found = analysis.statistic_conflicts(store)
        assert run(store, "statistic-conflicts").rows == run(store, load_query(PAIRING_QUERY)).rows
    assert [(c.document, c.quantity, c.other_document, c.other_quantity) for c in found] == [
        ("north", "2,400", "south", "3,100")]
    assert all(not c.group for c in found)


def test_the_saved_query_reads_the_pairs_the_pairing_query_made(conflicts_build, corpus_build):
    """The build's bk:contradicts links give the rows, in the order, of the query that
    paired every count with every other: with conflicts, and on the sample corpus (none)."""
    rows = 0
    for out in (conflicts_build, corpus_build.out):
        with open_store(out / "store", read_only=True) as store:
            answer = run(store, "statistic-conflicts")
            expected = run(store, load_query(PAIRING_QUERY))
        assert answer.columns == expected.columns
        assert answer.rows == expected.rows, out
        rows += len(expected.rows)
    assert rows == 2


def _links(out: Path) -> list[tuple[str, str]]:
    """The bk:contradicts links of a build, as (document, document) of their statistics."""
    with open_store(out / "store", read_only=True) as store:
        table = store.select(f"SELECT ?a ?b WHERE {{ GRAPH <{CONTRADICTIONS_GRAPH}> "
                             f"{{ ?a <{BK}contradicts> ?b }} }} ORDER BY ?a ?b")
        graphs = set(store.graphs())
    links = [tuple(str(iri)[len(ID + "statistic/"):].split("/")[0] for iri in row)
             for row in table.rows]
    assert bool(links) == (CONTRADICTIONS_GRAPH in graphs)  # no empty graph is left
    return links  # type: ignore[return-value]


def test_incremental_builds_keep_the_links_right(tmp_path, nlp):
    """Adding, changing and removing a document adds and drops the pairs it makes with the
    documents left as they were, as a clean build of the same corpus has them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "build"

    def rebuild(texts: dict[str, str]) -> dict:
        for path in corpus.glob("*.txt"):
            path.unlink()
        for name, text in texts.items():
            (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        report = build([corpus], out, quiet=True).report
        clean = build([corpus], tmp_path / f"clean{len(list(tmp_path.iterdir()))}", quiet=True)
        assert _links(out) == _links(clean.out)
        for name in ("graph.trig", "graph.ttl"):
            assert (out / name).read_bytes() == (clean.out / name).read_bytes(), name
        return report

    texts = {"agency": MAY.format("2,400"), "june": JUNE}
    rebuild(texts)
    assert _links(out) == []
    texts["local"] = MAY.format("3,100")
    assert rebuild(texts)["incremental"]["extracted"] == 1
    assert _links(out) == [("agency", "local")]
    texts["later"] = MAY.format("2,800")
    rebuild(texts)
    assert _links(out) == [("agency", "later"), ("agency", "local"), ("later", "local")]
    # corrected: it now agrees with the agency
    texts["local"] = f"{MAY.format('2,400')} Officials called it a busy month."
    rebuild(texts)
    assert _links(out) == [("agency", "later"), ("later", "local")]
    del texts["later"]
    report = rebuild(texts)
    assert report["incremental"]["extracted"] == 0
    assert _links(out) == []


def test_a_time_window_keeps_the_pairs_that_held_in_it(conflicts_build):
    """Both counts are of May 2023: a window that meets May keeps both pairs, one that
    misses it (June, or up to April) keeps none, in the API and the command alike."""
    g = KnowledgeGraph.open(conflicts_build)
    assert len(g.statistic_conflicts(since="2023-05-15", until="2023-05-20")) == 2
    assert len(g.statistic_conflicts(since="2023-05")) == 2
    assert g.statistic_conflicts(since="2023-06").empty
    assert g.statistic_conflicts(until="2023-04").empty
    with open_build(conflicts_build) as store:
        found = analysis.statistic_conflicts(store, until="2023-05-01")
    assert [(c.period_start, c.period_end, c.other_period_start) for c in found] == [
        ("2023-05-01", "2023-05-31", "2023-05-01")] * 2
    kg = str(Path(sys.executable).parent / "kg")
    for window, expected in ((["--since", "2023-05-31"], 2), (["--until", "2023-04-30"], 0)):
        command = subprocess.run(
            [kg, "statistics", "--conflicts", *window, "--format", "json", str(conflicts_build)],
            check=True, capture_output=True, text=True)
        assert len(json.loads(command.stdout)) == expected


def test_the_links_conform_to_the_shapes(conflicts_build, tmp_path):
    """The build's links are statistics to statistics; a link to anything else is named."""
    assert validate(conflicts_build / "graph.trig").conforms
    with open_build(conflicts_build) as store:
        statistic = analysis.statistic_conflicts(store)[0].statistic
    broken = tmp_path / "broken.trig"
    broken.write_text((conflicts_build / "graph.trig").read_text(encoding="utf-8") + (
        f"<{CONTRADICTIONS_GRAPH}> {{ <{statistic}> <{BK}contradicts> <{ID}doc/local> . }}\n"),
        encoding="utf-8")
    report = validate(broken)
    assert not report.conforms
    assert any(line.startswith(f"<{statistic}> bk:contradicts: ") for line in report.violations)
