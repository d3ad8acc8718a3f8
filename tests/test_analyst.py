"""An analyst's day: questions asked of the sample corpus through the ``kg`` commands.

Each question runs the command a user would type (a real subprocess, JSON output for
the check) and checks the answer and the sentence that supports it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def ask(corpus_build):
    """Run a command on the corpus build and return its JSON answer."""

    def run(command: str, *args: str):
        done = kg(command, *args, str(corpus_build.out), "--format", "json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


def one(rows: list[dict], **wanted: str) -> dict:
    """The first row whose columns hold the wanted values (text: any case, contained)."""
    for row in rows:
        if all(str(text).casefold() in str(row.get(name) or "").casefold()
               for name, text in wanted.items()):
            return row
    raise AssertionError(f"no row with {wanted} in {rows}")


def test_which_port_of_entry_did_a_person_use(ask):
    profile = ask("entity", "mashinskaia")  # a surname alone, any case
    assert profile["label"] == "Anna Mashinskaia" and profile["type"] == "Person"
    fact = one(profile["facts"], relation="crossesAt")
    assert "port of entry" in fact["object"]
    assert "port of entry" in fact["sentence"] and fact["sentence"] == fact["sentence"].strip()


def test_what_route_did_a_person_take(ask):
    legs = ask("routes", "--traveller", "Ms. Mashinskaia")
    assert {leg["traveller"] for leg in legs} == {"Anna Mashinskaia"}
    assert [leg["order"] for leg in legs] == sorted(leg["order"] for leg in legs)
    leg = one(legs, origin="Cancún")  # where they flew to, then went on from
    assert "Cancún" in leg["sentence"] and leg["destination"]


def test_how_did_a_group_travel_leg_by_leg(ask):
    legs = ask("routes", "--traveller", "chinese migrants")
    # each journey leg by leg in order (the group's own, and those of people told as one of it)
    for journey in {(leg["traveller"], leg["document"]) for leg in legs}:
        orders = [leg["order"] for leg in legs if (leg["traveller"], leg["document"]) == journey]
        assert orders == sorted(orders)
    flight = one(legs, destination="Ecuador")
    assert flight["mode"] == "flight" and "fly to Turkey" in flight["sentence"]


def test_who_implements_a_policy(ask):
    rows = ask("query", "policy-agencies", "--param", "policy=title 42")
    # "Border Patrol routinely pushes back single Mexican men into Mexico under Title 42."
    row = one(rows, agency_label="U.S. Border Patrol")
    assert row["relation"] == "implements" and "under Title 42" in row["example"]


def test_who_works_for_which_agency(ask):
    facts = ask("entity", "Mayorkas")["facts"]
    fact = one(facts, relation="worksFor")
    assert fact["object"] == "U.S. Department of Homeland Security"
    assert "Mayorkas" in fact["sentence"]


def test_how_many_of_a_group_entered_and_when(ask):
    stats = ask("statistics", "--group", "Russian migrants")
    row = one(stats, quantity="12,500")
    assert "December" in row["period"] and "12,500 Russians" in row["sentence"]


def test_how_many_were_arrested(ask):
    row = one(ask("statistics", "--what", "arrest"), quantity="415")
    assert "415 such arrests" in row["sentence"] and "a year ago" in row["period"]


def test_what_was_counted_in_a_place(ask):
    row = one(ask("statistics", "--place", "mexicali"), quantity="3,000")
    assert "Mexicali" in row["sentence"] and "shelters" in row["sentence"]


def test_what_did_a_person_say_about_a_policy(ask):
    quotes = ask("quotes", "--speaker", "mayorkas", "--about", "los angeles declaration")
    quote = one(quotes, quote="legal pathways")
    assert quote["speaker"] == "Alejandro Mayorkas" and quote["kind"] == "quote"
    assert quote["quote"] in quote["sentence"]


def test_what_did_a_critic_say_about_parole(ask):
    quotes = ask("quotes", "--speaker", "Elizabeth Jacobs", "--about", "humanitarian parole")
    quote = one(quotes, quote="never intended")
    assert "Humanitarian parole" in quote["sentence"]
    assert all(q["speaker"] == "Elizabeth Jacobs" for q in quotes)


def test_what_did_the_white_house_say_about_a_group(ask):
    claim = one(ask("quotes", "--speaker", "jean-pierre"), about="Russian migrants")
    assert claim["kind"] == "claim" and "Russian asylum seekers" in claim["sentence"]


def test_which_documents_mention_two_things(ask):
    rows = ask("query", "co-mentions", "--param", "first=CBP One", "--param", "second=tijuana")
    row = one(rows, first_label="CBP One", second_label="Tijuana")
    assert row["first_mentions"] > 0 and row["second_mentions"] > 0 and row["title"]


def test_what_is_a_place_without_its_accent(ask):
    profile = ask("entity", "darien gap")
    assert profile["label"] == "Darién Gap" and profile["type"] == "NaturalRegion"
    assert profile["documents"] and "Darién" in profile["mentions"][0]["sentence"]


def test_how_a_policy_connects_to_a_group(corpus_build):
    done = kg("path", "Title 42", "Russian asylum seekers", str(corpus_build.out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 shortest path") or "shortest paths" in done.stdout
    assert '"' in done.stdout  # each hop quotes its sentence


def test_a_misspelt_name_says_what_it_may_be(corpus_build):
    for command in (["entity", "Mashinskya"], ["quotes", "--speaker", "Mashinskya"],
                    ["query", "entity-mentions", "--param", "name=Mashinskya"]):
        done = kg(*command, str(corpus_build.out))
        assert done.returncode == 2, (command, done.stdout)
        assert done.stderr.startswith("kg: no entity is called 'Mashinskya'")
        assert "did you mean Anna Mashinskaia" in done.stderr


def test_when_did_a_policy_hold_and_who_ran_it(ask):
    profile = ask("entity", "title 42")
    background = {(row["relation"], row["value"]): row for row in profile["background"]}
    assert background[("startDate", "2020-03-20")]["source"].startswith(
        "https://www.federalregister.gov/")
    assert ("endDate", "2023-05-11") in background
    assert background[("issuedBy", "Centers for Disease Control and Prevention")]["subject"] \
        == "Title 42"
    # what the documents say stays apart: no background fact among the facts read
    assert not {"startDate", "endDate", "issuedBy", "runBy"} & {f["relation"]
                                                               for f in profile["facts"]}
    assert all(f["sentence"] and f["document"] for f in profile["facts"])
