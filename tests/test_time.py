"""Time in every way in: ``--since/--until`` on ``kg query`` and ``kg statistics``, the API's
windows and time line, on the real federal texts (38 of them dated)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from kg import KnowledgeGraph
from kg.periods import resolve
from kg.query import in_window

DOCUMENTS = """SELECT ?document ?date WHERE { GRAPH ?g {
    ?d a bk:Document ; dcterms:identifier ?document . OPTIONAL { ?d dcterms:date ?date } } }"""


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def g(federal_build):
    with KnowledgeGraph.open(federal_build.out) as graph:
        yield graph


def test_a_query_in_a_window_reads_the_documents_reported_in_it(g, federal_build):
    everything = g.sparql(DOCUMENTS)
    in_2022 = g.sparql(DOCUMENTS, since="2022", until="2022-12-31")
    dated = everything.dropna(subset=["date"])
    expected = sorted(dated[dated["date"].str.startswith("2022")]["document"])
    assert expected and sorted(in_2022["document"]) == expected
    assert len(g.sparql(DOCUMENTS, since="2024-06")) == (dated["date"] >= "2024-06-01").sum()
    # The same on the command line, for a saved query too.
    done = kg("query", DOCUMENTS, str(federal_build.out), "--since", "2022", "--until", "2022",
              "--format", "json")
    assert done.returncode == 0, done.stderr
    assert sorted(row["document"] for row in json.loads(done.stdout)) == expected
    counted = kg("query", "entities-by-type", str(federal_build.out), "--since", "2030",
                 "--format", "csv")
    assert counted.returncode == 0, counted.stderr


def test_window_errors_are_one_line(federal_build):
    for args, message in (
        (["--since", "June 2023"], "not a date: 'June 2023'"),
        (["--since", "2024", "--until", "2023"], "ends (2023-12-31) before it starts"),
    ):
        done = kg("query", DOCUMENTS, str(federal_build.out), *args)
        assert done.returncode != 0 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_in_window_sets_the_dataset_of_any_query_form():
    graphs = ["https://w3id.org/borderkg/id/graph/doc/d1"]
    assert in_window("ASK { ?s ?p ?o }", graphs).startswith(f"ASK FROM <{graphs[0]}> FROM NAMED")
    assert in_window("CONSTRUCT WHERE { ?s ?p ?o }", graphs).startswith("CONSTRUCT FROM <")
    with pytest.raises(Exception, match="its own FROM"):
        in_window("SELECT * FROM <http://x/g> { ?s ?p ?o }", graphs)


def test_statistics_in_a_window_overlap_it_by_period_else_by_report(g):
    every = g.statistics()
    window = g.statistics(since="2022-01-01", until="2022-12-31")
    assert 0 < len(window) < len(every)
    for row in window.itertuples():
        if isinstance(row.period_start, str):
            assert row.period_start <= "2022-12-31" and row.period_end >= "2022-01-01"
        else:
            assert row.reported.startswith("2022")
    # Reported in 2023 about fiscal 2022: in the window of 2022, not in one of 2023 alone.
    def fiscal_2022(frame):
        return frame[(frame["period_start"] == "2021-10-01") & (frame["period_end"] == "2022-09-30")]

    fy22 = fiscal_2022(window[window["reported"].fillna("").str.startswith("2023")])
    assert len(fy22) >= 1
    later = g.statistics(since="2023-10-01", until="2023-12-31")
    assert not set(fy22["sentence"]) & set(fiscal_2022(later)["sentence"])
    # Each period's days are what kg.periods makes of the words and the report's date.
    for row in every.dropna(subset=["period_start"]).itertuples():
        period = resolve(row.period, row.reported if isinstance(row.reported, str) else None)
        assert (str(period.start), str(period.end)) == (row.period_start, row.period_end)


def test_kg_statistics_of_a_group_shows_its_counts_on_a_time_line(federal_build):
    done = kg("statistics", str(federal_build.out), "--group", "migrants", "--wide")
    assert done.returncode == 0, done.stderr
    table, _, line = done.stdout.partition("When the counts held")
    assert "In FY2022" in table and "2021-10-01" in table
    rows = [row for row in line.splitlines()[2:] if "·" in row]
    assert any("█" in row and "In FY2022" in row for row in rows)
    assert any("▪" in row and "reported " in row for row in rows)
    # Earliest first: each bar starts where the one above it does or to its right.
    starts = [min(i for i, c in enumerate(row) if c in "█▪") for row in rows]
    assert starts == sorted(starts) and starts[0] < starts[-1]
    # from fiscal 2020 (a GAO count of fiscal 2022 once took "in 2017" from the next sentence,
    # which a footnote number joined to it) to the last count of February 2025
    assert line.splitlines()[1].split() == ["2019-10", "2025-02"]
    windowed = kg("statistics", str(federal_build.out), "--group", "migrants", "--since", "2022",
                  "--until", "2022", "--format", "csv")
    assert windowed.returncode == 0, windowed.stderr
    found = list(csv.DictReader(io.StringIO(windowed.stdout)))
    # Fiscal 2022 (from 2021-10-01) overlaps 2022; a release of July 2022 dates its days and,
    # where a count states no period, the count itself. (GAO's "2 million encounters with
    # individuals" of fiscal 2023 names no group since its footnote number no longer joins it
    # to the next sentence's "Some migrants".)
    assert {row["period"] for row in found} == {"In FY2022", "in fiscal year (FY) 2022", "July 23",
                                                "on July 26", ""}
    assert "When the counts held" not in windowed.stdout  # CSV stays CSV


def test_api_time_line_is_a_small_plot(g):
    line = g.timeline("migrants")
    frame = line.frame()
    assert list(frame["start"]) == sorted(frame["start"])
    assert frame["known"].any() and not frame["known"].all()
    page = line._repr_html_()
    assert page.count("<rect") == frame["known"].sum()
    assert page.count("<circle") == (~frame["known"]).sum()
    assert "In FY2022" in page and "<script" not in page


def test_a_fact_of_a_federal_text_keeps_both_its_times_to_the_api_and_the_exports(g, federal_build,
                                                                                    tmp_path):
    # CRS, 2022-12-19: "On March 20, 2020, ... the CDC invoked authority under Title 42".
    facts = g.entity("Title 42").relations_frame()
    invoked = facts[facts["period"].notna()]
    assert list(zip(invoked["predicate"], invoked["reported"], invoked["period"],
                    invoked["period_start"], invoked["period_end"], strict=True)) == [
        ("enacted", "2022-12-19", "On March 20, 2020", "2020-03-20", "2020-03-20")]
    # A standing relation takes no period from its sentence.
    assert g.entity("Troy A. Miller").relations_frame()["period"].isna().all()
    # The exports list when each edge held, by each sentence that says it.
    done = kg("export", str(federal_build.out), "--format", "csv", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "edges.csv").open(encoding="utf-8")))
    held = [row["held"] for row in rows if row["predicate"] == "enacted" and row["held"]]
    assert "in 2017 (2017-01-01 to 2017-12-31)" in held
