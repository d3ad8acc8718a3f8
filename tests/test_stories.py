"""kg.stories: syndicated copies found by each signal and collapsed into one story whose
facts count once; documents that only look alike stay apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import ingest, stories
from kg.build import build
from kg.model import Document, Skipped
from kg.store import open_store
from kg.validate import validate

SHARED = Path(__file__).resolve().parents[2] / "shared"
PUBLIC = SHARED / "corpus-public" / "federal-2019-2025.jsonl"

# Three paragraphs of a release, written for these tests.
RELEASE = [
    ("Border Patrol agents in the Tucson Sector rescued 14 migrants from the desert heat near "
    "Lukeville on Tuesday, the agency said in a statement released on Wednesday morning."),
    ("The migrants, who had walked for three days without water, were taken to a hospital in "
    "Ajo, where two of them were treated for dehydration and released the same evening."),
    ("Agents have rescued more than 900 people in the sector since October, a number that "
    "officials said reflects the dangers of crossing the remote desert in the summer months."),
]
OTHER = [
    ("Officers at the Calexico port of entry seized 40 pounds of methamphetamine hidden in the "
    "spare tire of a pickup truck driven by a 31-year-old man from Mexicali on Friday."),
    ("The driver was turned over to Homeland Security Investigations, and the truck and the "
    "drugs were seized by U.S. Customs and Border Protection, the agency said on Saturday."),
]
NOTE = ("Families who cross the border between ports of entry are processed at the Border Patrol "
        "station in Tucson, where volunteers from a local church hand out water, clothes and "
        "bus tickets, and lawyers from a nonprofit group explain how an asylum claim is "
        "heard by an immigration judge, which can take years in a court with a backlog of "
        "more than two million cases across the country.")
BOILERPLATE = ("U.S. Customs and Border Protection is the unified border agency within the "
               "Department of Homeland Security charged with the management, control and "
               "protection of our nation's borders at and between the official ports of entry.")


def document(identifier: str, paragraphs: list[str], **fields: str) -> Document:
    return Document(identifier, "\n\n".join(paragraphs), (identifier,), identifier, **fields)


def merged(*documents: Document) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each story's documents (the fullest text first) and the signals that joined its copies."""
    texts = {d.id: d.text for d in documents}
    found = stories.find_stories([stories.sketch(d) for d in documents], texts.get)
    return [(story.documents, tuple(c.signal for c in story.copies)) for story in found]


def test_a_trimmed_copy_under_another_headline_is_found_by_its_text():
    original = document("a", RELEASE, title="Agents rescue 14 migrants near Lukeville")
    trimmed = document("b", RELEASE[:2], title="Fourteen rescued in Arizona desert")
    assert merged(original, trimmed) == [(("a", "b"), ("text",))]


def test_a_copy_that_starts_at_another_section_is_found_by_containment():
    original = document("a", RELEASE, date="2023-07-04")
    later = document("b", RELEASE[1:] + OTHER[:1], date="2023-07-05")
    # Jaccard similarity is under a half; most of the shorter text is in the longer one,
    # which comes first.
    assert merged(original, later) == [(("b", "a"), ("text",))]


def test_the_same_title_on_the_same_day_joins_copies_that_share_a_paragraph():
    one = document("a", RELEASE[:1] + OTHER, title="Agents Rescue 14 Migrants",
                   date="2023-07-04")
    two = document("b", RELEASE, title="Agents rescue 14 migrants", date="2023-07-04")
    assert merged(one, two) == [(("a", "b"), ("title",))]
    next_day = document("b", RELEASE, title="Agents rescue 14 migrants", date="2023-07-05")
    assert merged(one, next_day) == []


def test_a_wire_credit_lowers_the_overlap_a_copy_needs():
    # Two paragraphs of five in common: under the overlap of a copy by text alone.
    credited = [f"PHOENIX (AP) — {RELEASE[0]}", *RELEASE[1:], *OTHER]
    rewritten = [*credited[:2], BOILERPLATE, NOTE]
    assert merged(document("a", credited), document("b", rewritten)) == [(("b", "a"), ("wire",))]
    uncredited = [*RELEASE, *OTHER]
    assert merged(document("a", uncredited), document("b", rewritten[1:] + RELEASE[:1])) == []


def test_the_same_page_is_one_story_unless_its_dates_are_years_apart():
    one = document("a", RELEASE, url="https://www.cbp.gov/newsroom/rescue?utm_source=feed")
    two = document("b", OTHER, url="http://cbp.gov/newsroom/rescue/")
    assert merged(one, two) == [(("a", "b"), ("url",))]
    # An updated edition of a report at the same URL, five years on, is another story.
    assert merged(document("a", RELEASE, date="2020-10-15", url="https://crs.gov/R46570"),
                  document("b", RELEASE[:2], date="2025-09-18", url="https://crs.gov/R46570")) == []


def test_texts_that_share_boilerplate_and_a_short_heading_only_stay_apart():
    one = document("a", [*RELEASE, BOILERPLATE], title="Press Release")
    two = document("b", [*OTHER, BOILERPLATE], title="Press release")
    assert merged(one, two) == []


def test_the_copies_of_corpus_public_are_found_without_false_merges():
    records = [json.loads(line) for line in PUBLIC.read_text(encoding="utf-8").splitlines()]
    copy_of = {r["id"]: r["copy_of"] for r in records if r.get("copy_of")}
    documents = [d for d in ingest.read_corpus([PUBLIC]) if not isinstance(d, Skipped)]
    texts = {d.id: d.text for d in documents}
    found = stories.find_stories([stories.sketch(d) for d in documents], texts.get)
    pairs = {frozenset((a, b)) for s in found for a in s.documents for b in s.documents if a != b}
    assert pairs == {frozenset(pair) for pair in copy_of.items()}
    assert len(copy_of) == 12


def test_without_retold_keeps_only_what_no_earlier_copy_told(nlp):
    from kg.extract import extract

    text = "\n\n".join([RELEASE[0], OTHER[0]])
    copy = extract(nlp(text), Document("b", text, ("b",), "h"))
    kept = stories.without_retold(copy, ["Earlier: " + RELEASE[0].replace("Tucson", "TUCSON")])
    assert {m.name for m in copy.mentions} >= {"Tucson Sector", "Calexico port of entry"}
    assert kept.mentions
    assert all(m.evidence.sentence_start > len(RELEASE[0]) for m in kept.mentions)
    assert "Calexico port of entry" in {m.name for m in kept.mentions}


STATISTICS = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s a bk:Statistic } }"


def _count(out: Path, query: str) -> int:
    prefixes = ("PREFIX bk: <https://w3id.org/borderkg/ontology#>\n"
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
    with open_store(out / "store", read_only=True) as store:
        return int(store.select(prefixes + query).rows[0][0])


@pytest.fixture
def syndicated(tmp_path, nlp) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "release.txt").write_text("\n\n".join(RELEASE) + "\n", encoding="utf-8")
    (corpus / "seizure.txt").write_text("\n\n".join(OTHER) + "\n", encoding="utf-8")
    return corpus


def test_a_copy_added_later_is_merged_and_its_facts_count_once(syndicated, tmp_path):
    from tests.test_build_incremental import assert_same_build

    out = tmp_path / "out"
    first = build([syndicated], out, quiet=True).report
    assert first["stories"] == []
    tucson = ('SELECT ?n { GRAPH <https://w3id.org/borderkg/id/graph/entities> '
              '{ ?e rdfs:label "U.S. Border Patrol Tucson Sector" ; bk:mentionCount ?n } }')
    assert _count(out, tucson) == 1
    statistics = _count(out, STATISTICS)
    assert statistics >= 1

    # A site reposts the release with a line of its own: the fuller text comes first.
    reposted = "\n\n".join([*RELEASE, "Reposted from the agency's newsroom with permission."])
    (syndicated / "reposted.txt").write_text(reposted + "\n", encoding="utf-8")
    again = build([syndicated], out, quiet=True).report
    assert again["incremental"]["extracted"] == 1
    assert json.loads(json.dumps(again["stories"])) == [{
        "id": "https://w3id.org/borderkg/id/story/reposted",
        "documents": ["reposted", "release"],
        "copies": [{"document_id": "release", "of": "reposted", "signal": "text",
                    "overlap": 1.0}],
        "sources": [{"document": d, "url": None, "canonical_url": None, "guid": None,
                     "publication": None, "title": None, "date": None}
                    for d in ("reposted", "release")],
    }]
    assert _count(out, tucson) == 1
    assert _count(out, STATISTICS) == statistics
    assert _count(out, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?d bk:story ?s } }") == 2
    assert _count(out, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?d bk:copyOf ?o } }") == 1
    assert validate(out / "graph.trig").conforms

    clean = build([syndicated], tmp_path / "clean", quiet=True).out
    assert_same_build(out, clean)


def test_the_same_text_read_twice_is_one_story_that_keeps_each_source(tmp_path, nlp):
    from kg.api import KnowledgeGraph

    text = "\n\n".join(RELEASE)
    sources = [("agency", "https://www.cbp.gov/newsroom/rescue", "CBP", "Agents rescue 14",
                "2023-07-04"),
               ("paper", "https://valley.example/news/rescue", "Valley Paper",
                "Fourteen rescued near Lukeville", "2023-08-20")]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text("".join(
        json.dumps({"id": i, "url": u, "publication": p, "title": t, "date": d, "text": text}) + "\n"
        for i, u, p, t, d in sources), encoding="utf-8")
    (corpus / "alone.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    report = json.loads((build([corpus / "feed.jsonl"], out, quiet=True).out / "report.json")
                        .read_text(encoding="utf-8"))
    # Six weeks apart, and still one story: the text is the same, byte for byte.
    [story] = report["stories"]
    assert story["documents"] == ["agency", "paper"]
    assert [(c["document_id"], c["signal"]) for c in story["copies"]] == [("paper", "identical")]
    assert [(s["document"], s["url"], s["publication"], s["title"], s["date"])
            for s in story["sources"]] == sources
    # Its facts count once.
    alone = build([corpus / "alone.txt"], tmp_path / "alone", quiet=True).out
    assert _count(out, STATISTICS) == _count(alone, STATISTICS) >= 1
    # The graph and the API list every source.
    with KnowledgeGraph.open(out) as g:
        listed = g.stories().fillna("")
    assert list(zip(listed["document"], listed["publication"], listed["date"],
                    listed["copy_of"], listed["signal"], strict=True)) == [
        ("agency", "CBP", "2023-07-04", "", ""),
        ("paper", "Valley Paper", "2023-08-20", "agency", "identical")]
    assert validate(out / "graph.trig").conforms


def test_the_copies_of_a_story_count_as_one_document():
    from kg.model import Evidence, Extraction, Mention
    from kg.resolve import Census

    census = Census()
    for identifier, story in (("a", "s"), ("b", "s"), ("c", None)):
        evidence = Evidence(identifier, 0, 7, "CBP One", 0, 20, "CBP One was updated.")
        mention = Mention("CBP One", "App", evidence, key="cbp-one")
        census.add(Extraction(Document(identifier, "", (identifier,), "h"), (mention,)), story)
    [entity] = census.index().entities
    assert (entity.mention_count, entity.document_count) == (3, 2)
