"""Ingest: files and folders become cleaned documents, bad inputs become reasons."""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path

import pytest

from kg.ingest import clean_text, load_metadata, read_corpus, reads_as_heading
from kg.model import Document, Skipped
from kg.resources import data_dir

STORY = "More than 500,000 migrants crossed the Darién Gap this year, Panamanian officials said."
REPO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def documents(results: list[Document | Skipped]) -> dict[str, Document]:
    return {r.id: r for r in results if isinstance(r, Document)}


def skipped(results: list[Document | Skipped]) -> dict[str, Skipped]:
    return {r.path: r for r in results if isinstance(r, Skipped)}


def only(results: list[Document | Skipped]) -> Document | Skipped:
    assert len(results) == 1, results
    return results[0]


# --- formats and ids ---------------------------------------------------------


def test_plain_text_id_is_file_name_and_sources_stay_relative(tmp_path, monkeypatch):
    write(tmp_path / "articles" / "tijuana-shelters.txt", STORY)
    monkeypatch.chdir(tmp_path)
    document = only(list(read_corpus(["articles"])))
    assert isinstance(document, Document)
    assert document.id == "tijuana-shelters"
    assert document.sources == (os.path.join("articles", "tijuana-shelters.txt"),)
    assert document.text == STORY


def test_content_hash_is_sha256_of_cleaned_text(tmp_path):
    import hashlib

    document = only(list(read_corpus([write(tmp_path / "a.txt", f"  {STORY}  \r\n")])))
    assert document.content_hash == hashlib.sha256(STORY.encode("utf-8")).hexdigest()


def test_markdown_markup_is_removed(tmp_path):
    markdown = (
        "# Migrants Cross the *Darién Gap*\n\n"
        "![A migrant family](images/family.jpg)\n\n"
        "More than **500,000** people crossed, according to "
        "[Panamanian authorities](https://example.org/panama).\n"
    )
    document = only(list(read_corpus([write(tmp_path / "darien.md", markdown)])))
    assert document.text == ("Migrants Cross the Darién Gap\n\n"
                             "More than 500,000 people crossed, according to Panamanian authorities.")
    assert document.title == "Migrants Cross the Darién Gap"


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Migrants cross the Darién Gap | Border Times</title>
<meta property="og:site_name" content="Border Times">
<meta property="og:url" content="https://example.org/darien">
<meta property="article:published_time" content="2023-11-02T10:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<article><h1>Migrants cross the Darién Gap</h1>
<p>More than 500,000 migrants crossed the Darién Gap this year, according to Panamanian
authorities, a record for the jungle route between Colombia and Panama.</p>
<p>Most of them were Venezuelans who then travelled north through Central America and
Mexico toward the United States border.</p>
</article><footer><a href="/subscribe">Subscribe to our newsletter</a></footer></body></html>
"""


def test_html_keeps_the_article_and_its_metadata_not_the_navigation(tmp_path):
    document = only(list(read_corpus([write(tmp_path / "darien.html", HTML)])))
    assert isinstance(document, Document)
    assert document.id == "darien"
    assert "Most of them were Venezuelans" in document.text
    assert "World news menu" not in document.text
    assert "Subscribe" not in document.text
    assert document.title == "Migrants cross the Darién Gap"
    assert document.publication == "Border Times"
    assert document.date == "2023-11-02"
    assert document.url == "https://example.org/darien"
    assert document.author is None


def test_a_page_dates_itself_in_its_markup_not_in_its_story_or_copyright_line(tmp_path):
    story = ("<p>Title 42 ended on May 11, 2023, and more than 500,000 migrants crossed the "
             "Darién Gap in the year that followed, Panamanian authorities said.</p>") * 2
    undated = f"<html><body><article>{story}</article><footer>© 2024 Border Times</footer></body></html>"
    dated = undated.replace("<article>", "<article><time datetime='2024-06-03'>June 3</time>"
                                         "<p>Most of them were Venezuelans, officials said.</p>")
    write(tmp_path / "undated.html", undated)
    write(tmp_path / "dated.html", dated)
    found = documents(list(read_corpus([tmp_path])))
    assert found["undated"].date is None
    assert found["dated"].date == "2024-06-03"


def test_metadata_json_wins_over_what_the_page_says(tmp_path):
    write(tmp_path / "darien.htm", HTML)
    write(tmp_path / "metadata.json", json.dumps({"darien": {"publication": "The Border Times"}}))
    document = only(list(read_corpus([tmp_path])))
    assert document.publication == "The Border Times"
    assert document.title == "Migrants cross the Darién Gap"


def test_jsonl_lines_are_documents_and_bad_lines_are_reported_by_number(tmp_path):
    lines = [
        json.dumps({"id": "tj-1", "text": STORY, "title": "Darién record",
                    "publication": "Border Times", "date": "2023-11-02",
                    "url": "https://example.org/1"}),
        json.dumps({"text": "Border Patrol agents arrested 4,700 Russian migrants."}),
        '{"id": "tj-3", "text": "unterminated',
        "",
        json.dumps({"id": "tj-5", "title": "A record without text"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "tj-7", "text": "Copyright 2023 Border Times. All rights reserved."}),
    ]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    results = list(read_corpus([feed]))

    found = documents(results)
    assert list(found) == ["tj-1", "feed-2"]
    assert found["tj-1"].title == "Darién record"
    assert found["tj-1"].publication == "Border Times"
    assert found["tj-1"].date == "2023-11-02"
    assert found["tj-1"].url == "https://example.org/1"
    assert found["feed-2"].sources == (f"{feed}:2",)

    problems = skipped(results)
    assert set(problems) == {f"{feed}:3", f"{feed}:5", f"{feed}:6", f"{feed}:7"}
    assert problems[f"{feed}:3"].reason.startswith("jsonl line 3: invalid JSON")
    assert problems[f"{feed}:5"].reason.startswith("jsonl line 5:")
    assert "text" in problems[f"{feed}:5"].reason
    assert "not a JSON object" in problems[f"{feed}:6"].reason
    assert problems[f"{feed}:7"].reason == "jsonl line 7: empty after cleaning"


def test_files_of_other_types_are_ignored_in_folders_but_reported_when_named(tmp_path):
    write(tmp_path / "story.txt", STORY)
    write(tmp_path / "notes.csv", "a,b\n")
    write(tmp_path / "metadata.json", "{}")
    assert [type(r) for r in read_corpus([tmp_path])] == [Document]
    result = only(list(read_corpus([tmp_path / "notes.csv"])))
    assert isinstance(result, Skipped)
    assert "unsupported file type '.csv'" in result.reason


def test_a_missing_input_is_skipped_not_raised(tmp_path):
    result = only(list(read_corpus([tmp_path / "nowhere.txt"])))
    assert result == Skipped(str(tmp_path / "nowhere.txt"), "no such file")


# --- metadata and titles -----------------------------------------------------


def test_metadata_json_describes_the_plain_files_of_its_folder(tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "metadata.json", json.dumps({"a": {
        "title": "Record crossings", "publication": "Border Times", "date": "2023-11-02",
        "url": "https://example.org/a", "author": "Ana Ruiz", "words": "ignored"}}))
    document = only(list(read_corpus([tmp_path])))
    assert (document.title, document.publication, document.date, document.url,
            document.author) == ("Record crossings", "Border Times", "2023-11-02",
                                 "https://example.org/a", "Ana Ruiz")
    assert load_metadata(tmp_path)["a"] == {"title": "Record crossings",
                                            "publication": "Border Times", "author": "Ana Ruiz",
                                            "date": "2023-11-02", "url": "https://example.org/a"}
    assert load_metadata(tmp_path / "elsewhere") == {}


def test_markdown_front_matter_gives_the_metadata_and_leaves_the_text(tmp_path):
    write(tmp_path / "darien.md", "---\r\ntitle: Record crossings\r\nauthor: [Ana Ruiz, Bo Li]\r\n"
                                  "date: 2023-11-02\r\npublication: Border Times\r\n---\r\n"
                                  f"# Record crossings\r\n\r\n{STORY}\r\n")
    write(tmp_path / "rule.md", f"---\n\n{STORY}\n\n---\n\nMost were Venezuelans.\n")
    found = documents(list(read_corpus([tmp_path])))
    darien = found["darien"]
    assert (darien.title, darien.author, darien.date, darien.publication) == (
        "Record crossings", "Ana Ruiz; Bo Li", "2023-11-02", "Border Times")
    assert "author" not in darien.text and darien.text.endswith(STORY)
    # A rule around a paragraph is no front matter: the text stays whole.
    assert STORY in found["rule"].text and found["rule"].title is None


def test_jsonl_timestamps_give_their_own_date_and_authors_are_kept(tmp_path):
    feed = write(tmp_path / "feed.jsonl", json.dumps({
        "id": "a", "text": STORY, "date": "2023-05-11T23:30:00-04:00", "author": "Ana Ruiz",
        "fetched": "2024-01-01T00:00:00Z"}) + "\n")
    document = only(list(read_corpus([feed])))
    assert (document.date, document.author) == ("2023-05-11", "Ana Ruiz")


def test_title_defaults_to_a_headline_first_line_only(tmp_path):
    write(tmp_path / "headline.txt", f"Migrants Cross the Darién Gap\n\n{STORY}")
    write(tmp_path / "sentence.txt", f"{STORY}\n\nMost were Venezuelans.")
    # a Title Case headline may end in an abbreviation's point; a sentence may not be one
    write(tmp_path / "initials.txt", f"Sanctions on Airlines Flying Migrants Toward the U.S.\n\n{STORY}")
    write(tmp_path / "clause.txt", f"Airlines flew migrants toward the U.S.\n\n{STORY}")
    found = documents(list(read_corpus([tmp_path])))
    assert found["headline"].title == "Migrants Cross the Darién Gap"
    assert found["sentence"].title is None
    assert found["initials"].title == "Sanctions on Airlines Flying Migrants Toward the U.S."
    assert found["clause"].title is None


def test_a_broken_metadata_json_is_reported_and_the_articles_still_read(tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "metadata.json", '{"a": {"title": ')
    results = list(read_corpus([tmp_path]))
    problem = skipped(results)[str(tmp_path / "metadata.json")]
    assert "invalid JSON" in problem.reason
    assert documents(results)["a"].title is None


# --- encodings and unreadable inputs -----------------------------------------


def test_latin1_text_decodes(tmp_path):
    path = write(tmp_path / "latin.txt", "Migrants cross the Darién Gap toward Cancún.".encode("latin-1"))
    assert only(list(read_corpus([path]))).text == "Migrants cross the Darién Gap toward Cancún."


@pytest.mark.parametrize("encoded", [
    "Migrants cross the Darién Gap.".encode("utf-16"),
    codecs.BOM_UTF16_BE + "Migrants cross the Darién Gap.".encode("utf-16-be"),
    codecs.BOM_UTF8 + "Migrants cross the Darién Gap.".encode(),
    "Migrants cross the Darién Gap.".encode("utf-32"),
], ids=["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_byte_order_marks_decide_the_encoding(tmp_path, encoded):
    path = write(tmp_path / "bom.txt", encoded)
    assert only(list(read_corpus([path]))).text == "Migrants cross the Darién Gap."


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    bytes(range(1, 256)) * 20,
], ids=["nul-bytes", "no-plausible-text"])
def test_binary_files_are_skipped(tmp_path, content):
    result = only(list(read_corpus([write(tmp_path / "image.txt", content)])))
    assert isinstance(result, Skipped)
    assert result.reason.startswith("binary file")


@pytest.mark.parametrize(("content", "reason"), [
    ("", "empty file"),
    ("  \n\n\t\n", "empty after cleaning"),
    ("Copyright 2023 Border Times.\n\nBack to top", "empty after cleaning"),
])
def test_empty_files_are_skipped(tmp_path, content, reason):
    result = only(list(read_corpus([write(tmp_path / "empty.txt", content)])))
    assert result == Skipped(str(tmp_path / "empty.txt"), reason)


def test_symlink_loops_are_survived(tmp_path):
    write(tmp_path / "articles" / "a.txt", STORY)
    write(tmp_path / "articles" / "sub" / "b.txt", "Border Patrol agents arrested 415 people.")
    (tmp_path / "articles" / "sub" / "loop").symlink_to(tmp_path / "articles")
    (tmp_path / "articles" / "self.txt").symlink_to(tmp_path / "articles" / "self.txt")
    results = list(read_corpus([tmp_path / "articles"]))
    assert list(documents(results)) == ["a", "b"]
    assert {path: s.reason for path, s in skipped(results).items()} == {
        str(tmp_path / "articles" / "self.txt"): "symlink loop",
        str(tmp_path / "articles" / "sub" / "loop"): "symlink loop",
    }


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_skipped(tmp_path):
    path = write(tmp_path / "secret.txt", STORY)
    path.chmod(0)
    try:
        assert only(list(read_corpus([path]))).reason == "permission denied"
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(("error", "reason"), [
    (PermissionError(13, "Permission denied"), "permission denied"),
    (FileNotFoundError(2, "No such file or directory"), "vanished during the build"),
])
def test_read_errors_become_reasons(tmp_path, monkeypatch, error, reason):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", "Border Patrol agents arrested 415 people.")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "a.txt":
            raise error
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    results = list(read_corpus([tmp_path]))
    assert skipped(results) == {str(tmp_path / "a.txt"): Skipped(str(tmp_path / "a.txt"), reason)}
    assert list(documents(results)) == ["b"]


# --- duplicates --------------------------------------------------------------


def test_the_same_cleaned_text_under_two_names_is_two_documents_each_with_its_source(tmp_path):
    # kg.stories makes them one story (signal "identical"); each keeps where it was read.
    write(tmp_path / "b-copy.txt", f"{STORY}   \r\n\r\n\r\nCopyright 2023 Border Times.")
    write(tmp_path / "a-original.txt", STORY)
    found = documents(list(read_corpus([tmp_path])))
    assert list(found) == ["a-original", "b-copy"]
    assert found["a-original"].content_hash == found["b-copy"].content_hash
    assert found["b-copy"].sources == (str(tmp_path / "b-copy.txt"),)


def test_two_files_with_the_same_id_do_not_merge(tmp_path):
    write(tmp_path / "2023" / "report.txt", STORY)
    write(tmp_path / "2024" / "report.txt", "Border Patrol agents arrested 415 people.")
    results = list(read_corpus([tmp_path]))
    assert documents(results)["report"].sources == (str(tmp_path / "2023" / "report.txt"),)
    assert "already used" in skipped(results)[str(tmp_path / "2024" / "report.txt")].reason


# --- cleaning ----------------------------------------------------------------

# One boilerplate paragraph (or block) per rule of pipelines/boilerplate.json.
RULE_CASES = {
    "photo-by-inline": "(Photo by John Moore/Getty Images)",
    "story-credit": "Immigration reporter Ana Ruiz has the story.",
    "list-bullet": "•",
    "footnote-marker": "7",
    "related-articles": "Related Articles\n\nBorder crossings fall in May\n\nWhat is CBP One?",
    "comment-form-tail": "Leave a Reply\n\nCancel reply\n\nPost Comment\n\nBack to top button",
    "back-to-top": "Back to top",
    "comment-form-notice": "Your email address will not be published. Required fields are marked *",
    "comment-prompt": "How should the U.S. handle asylum? Join the conversation below.",
    "contact-us": "Contact us",
    "site-masthead": "Daily News Updates",
    "copyright": "© 2023 Border Times Media",
    "all-rights-reserved": "Border Times Media Group. All rights reserved.",
    "write-to": "Write to Jane Doe at jane.doe@example.com",
    "photo-credit-label": "PHOTO: JOSE LUIS GONZALEZ/Reuters",
    "agency-photo-credit": "Pedro Pardo/AFP via Getty Images",
    "photo-credit-for-publication": "Lauren Justice for The Wall Street Journal",
    "reporting-credit": "Reporting contribution was provided by Ana Reyes in Tucson, Ariz.",
}


def boilerplate_rules() -> dict[str, dict]:
    path = data_dir("pipelines") / "boilerplate.json"
    return {rule["id"]: rule for rule in json.loads(path.read_text(encoding="utf-8"))["rules"]}


def test_every_boilerplate_rule_is_documented_and_has_a_case():
    rules = boilerplate_rules()
    assert set(rules) == set(RULE_CASES)
    assert all(rule["comment"] for rule in rules.values())


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_each_boilerplate_rule_removes_its_case(rule_id):
    rule = boilerplate_rules()[rule_id]
    case = RULE_CASES[rule_id]
    first_line = case.split("\n")[0]
    # Inline boilerplate sits inside a paragraph (a footnote number against the stop before
    # it), the others are paragraphs of their own.
    separator = "\n\n" if rule["kind"] != "inline" else "" if rule_id == "footnote-marker" else " "
    if rule["kind"] == "inline":
        assert re.search(rule["pattern"], f"{STORY}{separator}{case}")
    else:
        assert re.fullmatch(rule.get("pattern") or rule["start"], first_line)
    cleaned = clean_text(f"{STORY}{separator}{case}\n\nMost of them were Venezuelans.")
    assert cleaned == f"{STORY}\n\nMost of them were Venezuelans."


@pytest.mark.parametrize("credit", [
    "Story by VOA’s immigration reporter Ana Ruiz.",
    "Reported by The Associated Press.",
    "VOA's Ana Ruiz reports.",
    "VOA’s immigration reporter Ana Ruiz has more.",
])
def test_a_story_credit_closing_a_paragraph_is_dropped(credit):
    assert clean_text(f"{STORY} {credit}\n\nMost of them were Venezuelans.") == f"{STORY}\n\nMost of them were Venezuelans."


@pytest.mark.parametrize("sentence", [
    "A spokesperson for Getty Images said the photo was licensed.",
    "Reporters wrote to officials in Tijuana about the shelters.",
    "The copyright of the photos stays with the migrants who took them.",
    "Joe Biden Runs for President Again",
    "Story by story, the volunteers wrote down what the families lived through.",
    "Border Patrol agents arrested 12 migrants near Sasabe, the agency reports.",
])
def test_prose_that_mentions_boilerplate_words_is_kept(sentence):
    assert clean_text(f"{sentence}\n\n{STORY}") == f"{sentence}\n\n{STORY}"


@pytest.mark.parametrize(("broken", "joined"), [
    (("“They know the system,” said\n\nTatyana Edwards-Behar,\n\na San Diego-based "
      "immigration lawyer."),
     "“They know the system,” said Tatyana Edwards-Behar, a San Diego-based immigration lawyer."),
    (("White House press secretary\n\nKarine Jean-Pierre\n\nsaid in September that "
      "requests would be reviewed."),
     ("White House press secretary Karine Jean-Pierre said in September that requests would "
      "be reviewed.")),
    ("They protested against Russian President\n\nVladimir Putin\n\nand the war in Ukraine.",
     "They protested against Russian President Vladimir Putin and the war in Ukraine."),
    (("Anna Mashinskaia,\n\n22 years old, and her boyfriend,\n\nAleksei Leshchenko,\n\n52, "
      "crossed in January."),
     ("Anna Mashinskaia, 22 years old, and her boyfriend, Aleksei Leshchenko, 52, crossed in "
      "January.")),
    ("Arrivals rose from El Salvador, Guatemala, and\n\nHonduras in the spring.",
     "Arrivals rose from El Salvador, Guatemala, and Honduras in the spring."),
    ("The minister met with Mexico's\n\nForeign Minister Ana Ruiz on Monday.",
     "The minister met with Mexico's Foreign Minister Ana Ruiz on Monday."),
], ids=["said-name-comma", "title-name-said", "president-name-and", "name-age-chain",
        "list-and-name", "possessive-title"])
def test_names_broken_over_blank_lines_are_rejoined(broken, joined):
    assert clean_text(f"{STORY}\n\n{broken}\n\n{STORY}") == f"{STORY}\n\n{joined}\n\n{STORY}"


WRAPPED = ("Regional Migration Trends\n"
           "Background\n"
           "The United States is experiencing a rise in irregular migration from the Northern\n"
           "Triangle of Central America, and the number of families arriving at the border has\n"
           "grown each year since 2014. Both governments have struggled to process the cases\n"
           "involving families and unaccompanied minors, many of whom are seeking asylum in the\n"
           "United States. In June, officials from both countries met to discuss the processing\n"
           "of asylum claims and the return of migrants to their home countries in the region\n"
           "after a year in which arrivals at the southern border of Mexico rose by a third and\n"
           "shelters in the region reported that they were full.\n"
           "Enforcement Measures\n"
           "Mexico has deployed its National Guard to its southern border with Guatemala.")


def test_lines_of_a_hard_wrapped_report_are_joined_into_its_sentences():
    paragraphs = clean_text(WRAPPED).split("\n\n")
    assert paragraphs[:2] == ["Regional Migration Trends", "Background"]
    assert paragraphs[2].startswith("The United States is experiencing a rise in irregular migration "
                                    "from the Northern Triangle of Central America, and")
    assert "seeking asylum in the United States. In June," in paragraphs[2]
    assert paragraphs[2].endswith("reported that they were full.")
    assert paragraphs[3:] == ["Enforcement Measures",
                              "Mexico has deployed its National Guard to its southern border with Guatemala."]


def test_a_text_of_paragraphs_is_not_read_as_hard_wrapped():
    text = ("Migrants Wait at the Border\n\nAgents arrested 40 people near the river on Monday\n\n"
            f"{STORY}\n\nThe shelter in Reynosa is full, officials said.")
    assert clean_text(text).split("\n\n")[:2] == ["Migrants Wait at the Border",
                                                   "Agents arrested 40 people near the river on Monday"]


@pytest.mark.parametrize("text", [
    f"Migrants Cross the Darién Gap\n\n{STORY}",
    f"Guarantor or pledge\n\nAt the end of the interview, a notice arrives.\n\n{STORY}",
    f"Daily briefing\n\nKarine Jean-Pierre\n\nBriefed reporters on Monday.\n\n{STORY}",
    f"{STORY}\n\nMost were Venezuelans.",
])
def test_headlines_and_finished_sentences_are_not_joined(text):
    assert clean_text(text) == text


def test_runs_of_spaces_inside_a_line_become_one_so_names_stay_whole(nlp):
    raw = ("Report\n\nU.S. Customs  and Border Protection  (CBP) and the Committee  on Homeland   "
           "Security met.  Two spaces after a sentence stay.")
    text = clean_text(raw)
    assert text.count("  ") == 1 and "met.  Two" in text
    names = {ent.text for ent in nlp(text).ents}
    assert "U.S. Customs and Border Protection" in names, names


def test_line_endings_blank_lines_and_trailing_spaces_are_normalised():
    raw = "\ufeffFirst “quoted” line in Darién.  \r\nSecond line.\t\r\r\n\n\n\n  Third line.\n"
    assert clean_text(raw) == "First “quoted” line in Darién.\n\nSecond line.\n\nThird line."


def test_a_5_mb_line_reads(tmp_path):
    line = ("Migrants crossed the border at Tijuana, officials said " * 95_000)[:5_000_000]
    document = only(list(read_corpus([write(tmp_path / "long.txt", line)])))
    assert document.text == line.strip()


# --- the sample corpus -------------------------------------------------------


@pytest.mark.skipif(not REPO_CORPUS.is_dir(), reason="needs the source checkout's corpus/")
def test_the_sample_corpus_is_read_clean():
    results = list(read_corpus([REPO_CORPUS]))
    found = documents(results)
    assert len(found) == 5 and not skipped(results)
    wsj = found["000_f2009b0cfb1c095e"]
    assert "said Tatyana Edwards-Behar, a San Diego-based immigration lawyer" in wsj.text
    assert "White House press secretary Karine Jean-Pierre said in September" in wsj.text
    assert "Russian President Vladimir Putin and the war in Ukraine." in wsj.text
    assert wsj.title == "More Russian Migrants Enter U.S. as Exceptions for Asylum Seekers Expand"
    for document in found.values():
        assert "Back to top button" not in document.text
        assert "Leave a Reply" not in document.text
        assert "All Rights Reserved" not in document.text
    assert results == list(read_corpus([REPO_CORPUS]))


@pytest.mark.parametrize(("paragraph", "heading"), [
    ("Sector Agents Rescue Two Swimmers From Canal", True),
    ("Fact Sheet: Data From the First Month of the Program", True),
    ("Agents rescued two swimmers from the canal on Monday.", False),
    ("Agents rescued two swimmers, officials said,", False),
    ("A" * 200, False),
    # a press release's headline in Title Case runs longer than other headings
    (("Major Operation in Honduras Secures Arrest of Smuggler Indicted by Joint Task Force for Links "
      "to the 2021 Deaths of Migrants in a Trailer in Laredo"), True),
    # a Title Case heading may announce what follows
    ("Secretary Ruiz Delivers Remarks on the End of the Program:", True),
    ("The secretary delivered remarks on the end of the program:", False),
    (("The major operation in Honduras secured the arrest of a smuggler indicted by a joint task force "
      "for links to the 2021 deaths of fifty migrants found in a trailer in Laredo"), False),
])
def test_a_heading_is_short_and_no_sentence(paragraph, heading):
    assert reads_as_heading(paragraph) is heading


def test_a_reports_footnote_numbers_are_dropped_and_other_numbers_kept():
    raw = ("In FY2021, agents apprehended 1.7 million foreign nationals (aliens)1 crossing the border.\n"
           "All apprehended migrants3 were processed under Title 8.\n"
           "The data come from CBP.7\n"
           "Agents on I-19 called 911 during the COVID-19 pandemic.")
    text = clean_text(raw)
    assert "(aliens) crossing" in text and "migrants were" in text and "CBP." in text
    assert "CBP.7" not in text
    for kept in ("FY2021", "1.7 million", "Title 8", "I-19", "911", "COVID-19"):
        assert kept in text
