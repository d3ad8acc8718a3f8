"""Counts read by ``bk_statistics`` (rules in ``pipelines/statistics.json``), on sentences written for the tests."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document, Statistic


def statistics(nlp, text: str) -> list[Statistic]:
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    found = extract(nlp(text), document).statistics
    for statistic in found:
        evidence = statistic.evidence
        assert text[evidence.start:evidence.end] == evidence.quote == statistic.quantity
    return list(found)


@pytest.mark.parametrize(
    ("text", "quantity", "value", "qualifier"),
    [
        ("Agents recorded about 8,300 encounters at the Lukeville crossing.", "8,300", 8300, "about"),
        ("More than 2.4 million migrants were stopped at the border last year.", "2.4 million", 2_400_000, "more than"),
        ("Officials expect half a million arrivals in the spring.", "half a million", 500_000, None),
        ("The shelter has housed nearly 400 families since March.", "400", 400, "nearly"),
        ("Roughly 700 thousand applications are still pending.", "700 thousand", 700_000, "roughly"),
        ("Six migrants died in the desert heat this week.", "Six", 6, None),
        ("Two deportation flights left Harlingen on Tuesday.", "Two", 2, None),
    ],
)
def test_counts_are_normalised(nlp, text, quantity, value, qualifier):
    counts = [s for s in statistics(nlp, text) if s.unit == "count"]
    assert [(s.quantity, s.value, s.qualifier) for s in counts] == [(quantity, value, qualifier)]


@pytest.mark.parametrize(
    "text",
    [
        "The smugglers charged $8,000 for each crossing.",          # money
        "The trip took 14 days and covered 2,000 miles.",          # duration, distance
        "Maria, 34, left her village in 2019.",                    # age, year
        "A few dozen families waited at the gate.",                 # vague and small
        "Hundreds of thousands of people crossed the jungle.",     # vague
        "Title 42 ended on May 11.",                                 # a name and a date
    ],
)
def test_not_counts_are_skipped(nlp, text):
    assert [s for s in statistics(nlp, text) if s.unit == "count"] == []


def test_percentages_are_kept_with_their_unit(nlp):
    found = statistics(nlp, "About 40% of the applicants were granted asylum in 2022.")
    assert [(s.value, s.unit) for s in found] == [(40, "percent")]


def test_period_place_group_and_source(nlp):
    text = ("According to government figures, about 3,100 Venezuelan migrants crossed into "
            "El Paso between January and March.")
    [statistic] = statistics(nlp, text)
    assert statistic.period == "between January and March"
    assert statistic.source == "According to government figures"
    assert statistic.group is not None and statistic.group.name == "Venezuelan migrants"
    assert statistic.place is not None and statistic.place.name == "El Paso"
    assert "Venezuelan migrants" in statistic.what


def test_periods_as_written(nlp):
    text = "Over the past year, agents arrested 1,250 smugglers. In fiscal 2022 they arrested 980."
    periods = {s.value: s.period for s in statistics(nlp, text)}
    assert periods == {1250: "Over the past year", 980: "In fiscal 2022"}
