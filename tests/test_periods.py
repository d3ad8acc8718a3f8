"""Periods of statistics resolved against the document's date (kg/periods.py)."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import FEDERAL

from kg.api import KnowledgeGraph
from kg.periods import Period, overlaps, reported_day, resolve
from kg.resources import data_dir
from kg.validate import validate

D = datetime.date


@pytest.mark.parametrize(
    ("text", "reported", "start", "end"),
    [
        # US fiscal years: October 1 to September 30, named after the year they end in.
        ("FY19", None, D(2018, 10, 1), D(2019, 9, 30)),
        ("In FY2021", "2023-06-28", D(2020, 10, 1), D(2021, 9, 30)),
        ("in FY 2021", None, D(2020, 10, 1), D(2021, 9, 30)),
        ("fiscal 2023", None, D(2022, 10, 1), D(2023, 9, 30)),
        ("in fiscal year 2023", "2024-03-20", D(2022, 10, 1), D(2023, 9, 30)),
        ("the 2022 fiscal year", None, D(2021, 10, 1), D(2022, 9, 30)),
        ("from fiscal 2019 to fiscal 2021", None, D(2018, 10, 1), D(2021, 9, 30)),
        ("so far in FY23", "2023-06-30", D(2022, 10, 1), D(2023, 6, 30)),
        ("so far this fiscal year", "2023-11-15", D(2023, 10, 1), D(2023, 11, 15)),
        ("last fiscal year", "2023-11-15", D(2022, 10, 1), D(2023, 9, 30)),
        ("since FY2012", "2023-06-30", D(2011, 10, 1), D(2023, 6, 30)),
        ("in fiscal year (FY) 2022", None, D(2021, 10, 1), D(2022, 9, 30)),
        ("FY2019-FY2023", None, D(2018, 10, 1), D(2023, 9, 30)),
        ("the first eight months of FY2023", None, D(2022, 10, 1), D(2023, 5, 31)),
        ("in the first two quarters of fiscal year 2024", None, D(2023, 10, 1), D(2024, 3, 31)),
        ("this past fiscal year", "2020-12-15", D(2019, 10, 1), D(2020, 9, 30)),
        # Days: the latest such day on or before the report, unless a year is given.
        ("On Jan 28", "2022-02-09", D(2022, 1, 28), D(2022, 1, 28)),
        ("on May 13", "2021-05-10", D(2020, 5, 13), D(2020, 5, 13)),
        ("Sept. 30, 2022", None, D(2022, 9, 30), D(2022, 9, 30)),
        ("between July 1 and July 20", "2023-07-25", D(2023, 7, 1), D(2023, 7, 20)),
        ("from Dec. 28 to Jan. 3", "2024-01-10", D(2023, 12, 28), D(2024, 1, 3)),
        ("between May 1, 2023 and June 30, 2024", None, D(2023, 5, 1), D(2024, 6, 30)),
        # Calendar years and months, relative to the report.
        ("last year", "2019-10-07", D(2018, 1, 1), D(2018, 12, 31)),
        ("so far this year", "2024-05-31", D(2024, 1, 1), D(2024, 5, 31)),
        ("this month", "2023-06-30", D(2023, 6, 1), D(2023, 6, 30)),
        ("last month", "2024-01-10", D(2023, 12, 1), D(2023, 12, 31)),
        ("between October and December", "2019-01-29", D(2018, 10, 1), D(2018, 12, 31)),
        ("between October and December", "2019-11-16", D(2019, 10, 1), D(2019, 12, 31)),
        ("between November and February", "2023-04-01", D(2022, 11, 1), D(2023, 2, 28)),
        ("from January 2021 to March 2022", None, D(2021, 1, 1), D(2022, 3, 31)),
        ("in May", "2023-04-19", D(2022, 5, 1), D(2022, 5, 31)),
        ("in May", "2023-05-02", D(2023, 5, 1), D(2023, 5, 31)),
        ("March 2020", None, D(2020, 3, 1), D(2020, 3, 31)),
        ("in Sept. 2021", None, D(2021, 9, 1), D(2021, 9, 30)),
        ("in 2017", None, D(2017, 1, 1), D(2017, 12, 31)),
        ("between 2019 and 2021", None, D(2019, 1, 1), D(2021, 12, 31)),
        ("Since 2021", "2022-03-01", D(2021, 1, 1), D(2022, 3, 1)),
        ("since January", "2022-03-01", D(2022, 1, 1), D(2022, 3, 1)),
        # Trailing windows end on the day of the report.
        ("Over the last three years", "2024-08-26", D(2021, 8, 27), D(2024, 8, 26)),
        ("over the past 12 months", "2023-06-30", D(2022, 7, 1), D(2023, 6, 30)),
        ("in the last four months", "2022-07-27", D(2022, 3, 28), D(2022, 7, 27)),
        ("the past year", "2020-02-29", D(2019, 3, 1), D(2020, 2, 29)),
        ("in just two weeks", "2022-07-27", D(2022, 7, 14), D(2022, 7, 27)),
        ("on Saturday", "2025-02-25", D(2025, 2, 22), D(2025, 2, 22)),
        ("yesterday", "2020-03-01", D(2020, 2, 29), D(2020, 2, 29)),
    ],
)
def test_period_resolves_against_the_report(text, reported, start, end):
    period = resolve(text, reported)
    assert (period.start, period.end) == (start, end), period.rule
    assert period.text == text  # the words as written are kept


@pytest.mark.parametrize("text", ["last year", "so far this year", "in May", "the past three years",
                                  "on Monday", "between October and December", "on May 13",
                                  "between July 1 and July 20"])
def test_relative_period_without_a_date_keeps_only_its_words(text):
    assert resolve(text) == Period(text)
    assert resolve(text, "not a date") == Period(text)


@pytest.mark.parametrize("text", ["per month", "each day", "every year",
                                  "the same period a year ago", "recently", "on June 31"])
def test_rates_and_vague_words_are_not_resolved(text):
    assert resolve(text, "2023-06-30") == Period(text)


def test_reported_day_takes_iso_dates_only():
    assert reported_day("2023-06-30") == D(2023, 6, 30)
    assert reported_day(D(2023, 6, 30)) == D(2023, 6, 30)
    assert reported_day("30/06/2023") is None
    assert reported_day(None) is None


def test_overlap_of_counts_of_the_same_months():
    fiscal = resolve("in FY2023")
    assert overlaps(fiscal, resolve("between October and December", "2023-01-15"))
    assert not overlaps(fiscal, resolve("between October and December", "2022-01-15"))
    assert not overlaps(fiscal, resolve("last year"))


def test_every_pattern_has_an_id_a_known_kind_and_a_sentence_here():
    rules = json.loads((data_dir("pipelines") / "periods.json").read_text("utf-8"))
    ids = [rule["id"] for rule in rules["patterns"]]
    assert len(ids) == len(set(ids))
    tested = {resolve(text, "2023-06-30").rule for text in _ONE_PER_RULE}
    assert tested == set(ids) - {"rate"}


_ONE_PER_RULE = [
    "so far this fiscal year", "so far in FY23", "between fiscal 2019 and 2021", "since FY2012",
    "FY19", "the 2022 fiscal year", "last fiscal year", "this fiscal year", "so far this year",
    "between October and December", "between 2019 and 2021", "since January", "Since 2021",
    "in May", "in 2017", "the past year", "the last three years", "last two weeks",
    "in just two weeks", "last year", "this month", "on Monday", "yesterday", "today",
    "the first eight months of FY2023", "between July 1 and July 20", "on May 13",
]


# --------------------------------------------------------------------------- in the graph


def test_dated_documents_carry_date_publisher_and_url(federal_build):
    records = {r["id"]: r for r in map(json.loads, FEDERAL.read_text("utf-8").splitlines())}
    with KnowledgeGraph.open(federal_build.out) as g:
        found = g.sparql("""SELECT ?id ?date ?publisher ?url WHERE { GRAPH ?g {
            ?d a bk:Document ; dcterms:identifier ?id .
            OPTIONAL { ?d dcterms:date ?date } OPTIONAL { ?d dcterms:publisher ?publisher }
            OPTIONAL { ?d schema:url ?url } } }""")
    rows = {row.id: row for row in found.itertuples()}
    dated = [key for key, record in records.items() if record["date"]]
    assert len(dated) == 38
    assert all(rows[key].date == records[key]["date"] for key in dated)
    assert rows.keys() == records.keys()
    assert all(rows[key].publisher == r["publication"] and rows[key].url == r["url"]
               for key, r in records.items())
    assert sum(1 for row in rows.values() if isinstance(row.date, str)) == 38


def test_statistics_in_the_graph_carry_the_days_of_their_period(federal_build):
    with KnowledgeGraph.open(federal_build.out) as g:
        found = g.sparql("""SELECT ?document ?reported ?period ?start ?end WHERE { GRAPH ?g {
            ?s a bk:Statistic ; bk:period ?period .
            ?d a bk:Document ; dcterms:identifier ?document .
            OPTIONAL { ?d dcterms:date ?reported }
            OPTIONAL { ?s bk:periodStart ?start ; bk:periodEnd ?end } } }""")
    rows = list(found.itertuples())
    # Each start and end is what kg.periods makes of the words and the document's date.
    for row in rows:
        period = resolve(row.period, row.reported if isinstance(row.reported, str) else None)
        expected = (None, None) if period.start is None else (str(period.start), str(period.end))
        got = tuple(None if not isinstance(v, str) else v for v in (row.start, row.end))
        assert got == expected, row
    last_year = [r for r in rows if r.period == "last year" and r.reported == "2019-10-07"]
    assert last_year and all((r.start, r.end) == ("2018-01-01", "2018-12-31") for r in last_year)
    resolved = [r for r in rows if isinstance(r.start, str)]
    assert len(resolved) >= len(rows) / 2


def test_dates_and_periods_conform_to_the_shapes(federal_build):
    report = validate(federal_build.out / "graph.trig")
    assert not [v for v in report.violations if "period" in v or "dcterms:date" in v]
