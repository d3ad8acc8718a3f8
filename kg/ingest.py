"""Find, decode, clean and describe the documents of a corpus.

``read_corpus`` turns files and folders into :class:`~kg.model.Document` objects,
and every input it cannot read into a :class:`~kg.model.Skipped` that says why:
bad input never raises. ``clean_text`` removes web boilerplate with the rules of
``pipelines/boilerplate.json`` and rejoins sentences that page layout broke apart.

Cleaned text is a sequence of paragraphs separated by ``"\\n\\n"``; every line of
the input is a paragraph, since web copy puts one paragraph on each line.
"""

from __future__ import annotations

import codecs
import datetime
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import charset_normalizer
import yaml

from kg.errors import BorderKGError
from kg.model import Document, Skipped
from kg.names import POSSESSIVE_ENDINGS
from kg.resources import data_dir

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
METADATA_FIELDS = ("title", "publication", "author", "date", "url", "canonical_url", "guid")

# Boilerplate is short; testing only short paragraphs against the rules keeps a
# 5 MB single-line article from costing a regex scan per rule.
_MAX_BOILERPLATE_CHARS = 400
# A headline is short and is not a sentence or a clause; one in Title Case may be longer
# (press releases: "Major Enforcement Operation in Guatemala Secures Arrest of ...").
_MAX_HEADLINE_CHARS = 150
_MAX_TITLE_CASE_HEADLINE_CHARS = 300
# Names and phrases that layout put on a line of their own ("Karine Jean-Pierre").
_MAX_FRAGMENT_WORDS = 6
_MAX_FRAGMENT_CHARS = 60
# A hard-wrapped text (a PDF's copy): a quarter of its lines or more, and at least four,
# break a sentence before a lower-case word; a line of 0.6 of its width or more is a
# full line of the wrap, a shorter one the end of a paragraph or a heading.
_WRAPPED_TEXT_SHARE = 0.25
_MIN_WRAPPED_LINES = 4
_WRAPPED_LINE_SHARE = 0.6

# The UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# YAML front matter of a Markdown file: between a first line "---" and the next "---" or "...".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# A date, or a timestamp whose first ten characters are its local date ("2023-05-11T09:30-04:00").
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")

# text taken from PDFs pads words with runs of spaces ("Customs  and Border Protection"),
# which the tokenizer keeps as tokens of their own, cutting names in two; two spaces after
# a sentence are a typist's habit, and the tagger reads them as the break they are
_SPACE_RUN = re.compile(r"(?<![.!?:;\"'”’)\]]) {2,}")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_ENDS_WITH_COMMA = re.compile(r",[\"'”’]?$")
_ENDS_CLAUSE = re.compile(r"[.,;:]$")
_INITIALS_AT_END = re.compile(r"(?<=\b[A-Z]\.[A-Z])\.$")

# Markdown syntax to remove, in order: images, links (keep their text), heading
# marks, emphasis, block quotes and rules. Repetitions are bounded so that a
# long line with an unmatched marker stays linear.
_MARKDOWN = (
    (re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"), ""),
    (re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,1000}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,1000}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]{1,1000}?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"^ {0,3}> ?", re.MULTILINE), ""),
    (re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.MULTILINE), ""),
)


class _Unreadable(Exception):
    """An input that cannot become a document; the message is the reason shown."""


@dataclass(frozen=True)
class _Block:
    start: re.Pattern[str]
    end: re.Pattern[str] | None
    item: re.Pattern[str] | None


@dataclass(frozen=True)
class _Rules:
    inline: tuple[re.Pattern[str], ...]
    blocks: tuple[_Block, ...]
    paragraphs: tuple[re.Pattern[str], ...]
    open_words: frozenset[str]


@cache
def _boilerplate_rules() -> _Rules:
    """The rules of ``pipelines/boilerplate.json``, compiled once."""
    path = data_dir("pipelines") / "boilerplate.json"
    inline: list[re.Pattern[str]] = []
    blocks: list[_Block] = []
    paragraphs: list[re.Pattern[str]] = []
    for rule in json.loads(path.read_text(encoding="utf-8"))["rules"]:
        if rule["kind"] == "inline":
            inline.append(re.compile(rule["pattern"]))
        elif rule["kind"] == "paragraph":
            paragraphs.append(re.compile(rule["pattern"]))
        elif rule["kind"] == "block":
            end, item = rule.get("end"), rule.get("item")
            blocks.append(_Block(re.compile(rule["start"]),
                                 re.compile(end) if end else None,
                                 re.compile(item) if item else None))
        else:
            raise ValueError(f"{path}: rule {rule['id']!r} has unknown kind {rule['kind']!r}")
    open_words = json.loads(path.read_text(encoding="utf-8"))["open_words"]
    return _Rules(tuple(inline), tuple(blocks), tuple(paragraphs), frozenset(open_words))


def _is(pattern: re.Pattern[str], paragraph: str) -> bool:
    return len(paragraph) <= _MAX_BOILERPLATE_CHARS and pattern.fullmatch(paragraph) is not None


def _drop_blocks(paragraphs: list[str], blocks: tuple[_Block, ...]) -> list[str]:
    """Remove every block (a start paragraph and what belongs to it)."""
    kept: list[str] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        index += 1
        block = next((b for b in blocks if _is(b.start, paragraph)), None)
        if block is None:
            kept.append(paragraph)
        elif block.end is not None:
            # Blocks with an end marker are page tails: without the marker, the tail
            # runs to the end of the text.
            while index < len(paragraphs) and not _is(block.end, paragraphs[index]):
                index += 1
            index += 1
        elif block.item is not None:
            while index < len(paragraphs) and _is(block.item, paragraphs[index]):
                index += 1
    return kept


def _continues(before: str, fragment: str, after: str | None, width: int | None = None,
               inside: bool = False) -> bool:
    """Whether ``fragment`` continues the sentence left open at the end of ``before``.

    Page layout puts names on lines of their own ("said" / "Tatyana Edwards-Behar," /
    "a San Diego-based immigration lawyer"). A headline is not continued: it is
    followed by a capitalised sentence, not by a lower-case word or a short name
    inside an open sentence. A line that ends on a word no sentence ends on ("the",
    "of", "and", "Mexico's") is continued, and so, in a text hard-wrapped at ``width``
    characters (:func:`_wrap_width`), is a line of about that width that ends no
    sentence and is no heading in Title Case: "... migration from the Northern" /
    "Triangle of Central America"; and so is any line ``inside`` a sentence that an
    earlier line began, whatever its length or case: "Foreign Minister Marcelo Ebrard,
    Vice President Mike" / "Pence recognized ...".
    """
    # Only the ends of paragraphs matter: looking at a short tail keeps this linear.
    tail = before[-16:]
    if _ENDS_WITH_COMMA.search(tail):
        return True
    if _ENDS_SENTENCE.search(tail):
        return False
    if fragment[:1].islower():
        return True
    last = tail.split()[-1] if tail.split() else ""
    if last in _boilerplate_rules().open_words or last.endswith(POSSESSIVE_ENDINGS):
        return True
    if width is not None and (inside or (
            len(before) >= _WRAPPED_LINE_SHARE * width and not in_title_case(before))):
        return True
    is_short_phrase = (len(fragment) <= _MAX_FRAGMENT_CHARS
                       and len(fragment.split()) <= _MAX_FRAGMENT_WORDS
                       and not _ENDS_SENTENCE.search(fragment))
    return is_short_phrase and (_ENDS_WITH_COMMA.search(fragment) is not None
                                or (after is not None and after[:1].islower()))


def _wrap_width(paragraphs: list[str]) -> int | None:
    """The width of the lines of a hard-wrapped text (a copy of a PDF report), or ``None``.

    A text is hard-wrapped when a quarter of its lines or more end inside a sentence that
    the next line goes on with in lower case; its width is the median length of those lines.
    """
    broken = sorted(len(line) for line, following in pairwise(paragraphs)
                    if following[:1].islower() and not _ENDS_SENTENCE.search(line[-16:]))
    if len(broken) < _MIN_WRAPPED_LINES or len(broken) < _WRAPPED_TEXT_SHARE * len(paragraphs):
        return None
    return broken[len(broken) // 2]


def _rejoin_broken_sentences(paragraphs: list[str]) -> list[str]:
    groups: list[list[str]] = []
    width = _wrap_width(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        after = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        # a title broken over lines ("Policies Related to" / "Venezuelan Migrants") is no
        # sentence, and the first line of a text is its title: no wrapped line goes on from them
        inside = len(groups) > 1 and len(groups[-1]) > 1 and not in_title_case(" ".join(groups[-1]))
        if groups and _continues(groups[-1][-1], paragraph, after,
                                 width if len(groups) > 1 else None, inside):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    return [" ".join(group) for group in groups]


def clean_text(raw: str) -> str:
    """Remove web boilerplate and rejoin sentences broken over paragraphs.

    Every line is a paragraph. Lines are stripped, the boilerplate rules of
    ``pipelines/boilerplate.json`` drop captions' credits, copyright and contact
    lines, comment forms and related-article lists, runs of spaces inside a line
    (but after a sentence) become one, and a paragraph that leaves a sentence open is joined to the one
    that continues it with a single space. Characters are otherwise kept as they are.

    Parameters
    ----------
    raw : str
        Decoded text of an article, with any line endings.

    Returns
    -------
    str
        The paragraphs of the article separated by ``"\\n\\n"``; ``""`` when
        nothing but boilerplate was left.

    Examples
    --------
    >>> clean_text("Russians know the system, said\\r\\n\\r\\nTatyana Edwards-Behar,\\n\\n"
    ...            "a lawyer.\\n\\n\\n\\nCopyright 2023 Example News.")
    'Russians know the system, said Tatyana Edwards-Behar, a lawyer.'
    """
    rules = _boilerplate_rules()
    paragraphs: list[str] = []
    for line in raw.lstrip("\ufeff").splitlines():
        for pattern in rules.inline:
            line = pattern.sub("", line)
        line = _SPACE_RUN.sub(" ", line)
        if line.strip():
            paragraphs.append(line.strip())
    paragraphs = _drop_blocks(paragraphs, rules.blocks)
    paragraphs = [p for p in paragraphs if not any(_is(rule, p) for rule in rules.paragraphs)]
    return "\n\n".join(_rejoin_broken_sentences(paragraphs))


def _markdown_to_text(markdown: str) -> str:
    """Markdown without its markup: heading marks, emphasis, links (their text stays), images."""
    for pattern, replacement in _MARKDOWN:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def _looks_western(text: str) -> bool:
    """Whether text decoded as Windows-1252 reads as a Western European language.

    Cyrillic or Greek legacy encodings also decode as Windows-1252, into words made
    almost only of accented letters; Spanish or French text has few of them.
    """
    sample = text[:100_000]
    if _CONTROL_CHARACTERS.search(sample):
        return False
    letters = [c for c in sample if c.isalpha()]
    return sum(not c.isascii() for c in letters) <= 0.3 * len(letters)


def _decode(data: bytes) -> str:
    """Decode the bytes of a text file: byte order mark, UTF-8, then a legacy encoding.

    Raises ``_Unreadable`` (with the reason) for binary or undecodable content.
    """
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise _Unreadable(f"undecodable text (invalid {error.encoding} after its "
                                  f"byte order mark)") from None
    if b"\x00" in data:
        raise _Unreadable("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few corrupt bytes (a stray byte, a truncated copy) stays UTF-8, each
    # bad byte a U+FFFD: as Windows-1252 every accented letter would turn into two
    # ("DariÃ©n"). Legacy text rarely forms a valid UTF-8 sequence by chance.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = len(lenient) - len(lenient.encode("ascii", "ignore")) - bad
    if good >= bad and good > 0:
        return lenient
    # charset-normalizer guesses wildly on short Western texts ("Darién Gap" comes out
    # as cp1006), so Windows-1252, the web's "Latin-1", is tried first.
    try:
        text = data.decode("cp1252")
        if _looks_western(text):
            return text
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _Unreadable("binary file (no plausible text encoding)")
    return str(best)


def decode_text(data: bytes) -> str | None:
    """Text of bytes in an unknown encoding, as ingest decodes files; ``None`` when binary.

    Examples
    --------
    >>> decode_text("Darién".encode("cp1252")), decode_text(b"\\x00\\x01")
    ('Darién', None)
    """
    try:
        return _decode(data)
    except _Unreadable:
        return None


def load_metadata(folder: Path) -> dict[str, dict]:
    """Read ``<folder>/metadata.json``: what is known about each document of the folder.

    The file maps document ids to objects with any of ``title``, ``publication``,
    ``author``, ``date`` (``YYYY-MM-DD``), ``url``, ``canonical_url`` and ``guid`` (the
    feed entry's id); other keys and values of other types are ignored (see
    :func:`metadata_fields`).

    Parameters
    ----------
    folder : Path
        The folder holding the articles.

    Returns
    -------
    dict[str, dict]
        ``{document id: {field: value}}``; empty when the folder has no metadata.json.

    Raises
    ------
    BorderKGError
        When metadata.json cannot be read or is not such an object.
    """
    path = Path(folder) / "metadata.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as error:
        raise BorderKGError(f"{path}: invalid JSON at line {error.lineno}: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BorderKGError(f"{path}: cannot be read ({error})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise BorderKGError(f"{path}: expected an object mapping each document id to an "
                            f"object of {', '.join(METADATA_FIELDS)}")
    return {doc_id: metadata_fields(fields) for doc_id, fields in data.items()}


def _field_value(name: str, value: Any) -> str | None:
    if name == "date" and isinstance(value, datetime.date):  # YAML reads dates as dates
        return value.isoformat()[:10]
    if name == "author" and isinstance(value, list):  # several bylines
        names = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return "; ".join(names) or None
    if not isinstance(value, str) or not value.strip():
        return None
    if name == "date":
        found = _ISO_DATE.fullmatch(value.strip())
        return found.group(1) if found else value.strip()
    return value.strip()


def metadata_fields(record: dict[str, Any]) -> dict[str, str]:
    """The metadata of a document among the fields of a record (a ``.jsonl`` line,
    Markdown front matter, an entry of ``metadata.json``, what a page says of itself).

    Values are strings; a list of authors is joined with ``"; "``, and a date or a
    timestamp becomes the date it gives (a timestamp's own, local, date). Other keys,
    and values of other types, are left out.

    Examples
    --------
    >>> metadata_fields({"title": " Title 42 ends ", "author": ["Ana Ruiz", "Bo Li"],
    ...                  "date": "2023-05-11T23:59:00-04:00", "words": 800})
    {'title': 'Title 42 ends', 'author': 'Ana Ruiz; Bo Li', 'date': '2023-05-11'}
    """
    fields = {name: _field_value(name, record.get(name)) for name in METADATA_FIELDS}
    return {name: value for name, value in fields.items() if value}


def _front_matter(markdown: str) -> tuple[str, dict[str, str]]:
    """A Markdown text without its YAML front matter, and the metadata the front matter gives.

    Front matter that is not a YAML mapping is left in the text.
    """
    markdown = markdown.lstrip("\ufeff").replace("\r\n", "\n")
    found = _FRONT_MATTER.match(markdown)
    if found is None:
        return markdown, {}
    try:
        record = yaml.safe_load(found.group(1) or "")
    except yaml.YAMLError:
        return markdown, {}
    if not isinstance(record, dict):
        return markdown, {}
    return markdown[found.end():], metadata_fields(record)


def reads_as_heading(paragraph: str) -> bool:
    """Whether a paragraph reads as a headline or a heading: short, and not a sentence.

    Examples
    --------
    >>> reads_as_heading("Agents Rescue Two Swimmers"), reads_as_heading("Agents rescued two.")
    (True, False)
    >>> reads_as_heading("Sanctions on Smugglers Moving Migrants to the U.S.")
    True
    """
    several_words = len(paragraph.split()) > 3
    title_case = several_words and in_title_case(paragraph)
    limit = _MAX_TITLE_CASE_HEADLINE_CHARS if title_case else _MAX_HEADLINE_CHARS
    # a heading in Title Case may announce what follows: "Secretary Mayorkas Delivers Remarks:",
    # or end in an abbreviation's point: "... Migration to the U.S."
    ends = _INITIALS_AT_END.sub("", paragraph.rstrip(":")) if title_case else paragraph
    return len(paragraph) <= limit and not _ENDS_CLAUSE.search(ends)


def in_title_case(paragraph: str) -> bool:
    """Whether every word of four letters or more starts with a capital.

    Examples
    --------
    >>> in_title_case("Yuma Sector Surpasses 50,000 Apprehensions in FY19"), in_title_case("Agents rescued two")
    (True, False)
    """
    long_words = 0
    for word in paragraph.split():
        if len(word) > 3 and word[0].isalpha():
            if not word[0].isupper():
                return False  # most paragraphs are prose: their first long word in lower case ends it
            long_words += 1
    return long_words > 0


def _headline(text: str) -> str | None:
    """The first paragraph when it reads as a headline."""
    first, separator, _ = text.partition("\n\n")
    return first if separator and reads_as_heading(first) else None


def _document(doc_id: str, raw: str, source: str, fields: dict[str, str]) -> Document:
    text = clean_text(raw)
    if not text:
        raise _Unreadable("empty after cleaning")
    return Document(
        id=doc_id,
        text=text,
        sources=(source,),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=fields.get("title") or _headline(text),
        publication=fields.get("publication"),
        date=fields.get("date"),
        url=fields.get("url"),
        author=fields.get("author"),
        canonical_url=fields.get("canonical_url"),
        guid=fields.get("guid"),
    )


def html_article(html: str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """The main text of a web page and what the page says of itself.

    trafilatura reads the title, site name (as ``publication``), author, URL and
    publication date from the page's ``<meta>`` tags, JSON-LD and markup; the date is
    htmldate's, from the page's metadata, markup and ``url`` (a date in its path), never
    a date the story mentions nor the time the page was read.

    Parameters
    ----------
    html : str
        The page.
    url : str, optional
        Where the page was read, when known. A canonical URL the page gives (``og:url``,
        ``<link rel=canonical>``) is its ``url`` when ``url`` is not given, else its
        ``canonical_url`` when it names another page.

    Returns
    -------
    tuple of str and dict
        The text (``""`` when no article was found) and :func:`metadata_fields`.
    """
    import trafilatura  # a fifth of a second to import, for HTML inputs only

    # <noscript> holds what a browser without JavaScript shows ("Enable JavaScript"),
    # never the article: on a page without one it would become the document.
    # htmldate's extensive search would take a date from the story's own sentences ("Title
    # 42 ended on May 11, 2023") or January 1 of the copyright line's year: the page's
    # metadata, markup (<time>, bylines) and URL are where its date is.
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                        include_comments=False, include_tables=False,
                                        prune_xpath="//noscript",
                                        date_extraction_params={"original_date": True,
                                                                "extensive_search": False})
    if found is None:
        return "", {}
    page = found if isinstance(found, dict) else found.as_dict()
    own = page.get("url")
    fields = {"title": page.get("title"), "publication": page.get("sitename"),
              "author": page.get("author"), "date": page.get("date"), "url": url or own,
              "canonical_url": own if url and own != url else None}
    return page.get("text") or "", metadata_fields(fields)


def _jsonl_documents(path: Path, text: str,
                     metadata: dict[str, dict]) -> Iterator[Document | Skipped]:
    """One document per line; a bad line is skipped with its number, the others kept."""
    lines = 0
    # Not splitlines(): JSON strings may hold U+2028 and other line separators.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        lines += 1
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise _Unreadable("not a JSON object")
            if not isinstance(record.get("text"), str):
                raise _Unreadable('no "text" string')
            doc_id = record.get("id", f"{path.stem}-{number}")
            if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) \
                    or not str(doc_id).strip():
                raise _Unreadable('"id" must be a non-empty string')
            doc_id = str(doc_id).strip()
            # The line's own fields win over the folder's metadata.json.
            fields = {**metadata.get(doc_id, {}), **metadata_fields(record)}
            yield _document(doc_id, record["text"], where, fields)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"jsonl line {number}: invalid JSON ({error.msg})")
        except _Unreadable as problem:
            yield Skipped(where, f"jsonl line {number}: {problem}")
    if not lines:
        yield Skipped(str(path), "empty file")


def _reason(error: OSError, path: Path) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(error, FileNotFoundError):
        return "broken symlink" if path.is_symlink() else "vanished during the build"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot be read ({error.strerror or error})"


def _read_file(path: Path, metadata: dict[str, dict]) -> Iterator[Document | Skipped]:
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(str(path), _reason(error, path))
        return
    try:
        if not data:
            raise _Unreadable("empty file")
        text = _decode(data)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from _jsonl_documents(path, text, metadata)
            return
        fields: dict[str, str] = {}
        if suffix in (".html", ".htm"):
            text, fields = html_article(text)
            if not text:
                raise _Unreadable("no article text found in the HTML")
        elif suffix == ".md":
            text, fields = _front_matter(text)
            text = _markdown_to_text(text)
        # metadata.json, written by a person, wins over what was read from the page.
        yield _document(path.stem, text, str(path), {**fields, **metadata.get(path.stem, {})})
    except _Unreadable as problem:
        yield Skipped(str(path), str(problem))


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """Article files under ``folder`` in sorted order; symlinks back up the tree are skipped."""
    try:
        status = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(str(folder), _reason(error, folder))
        return
    identity = (status.st_dev, status.st_ino)
    if identity in ancestors:
        yield Skipped(str(folder), "symlink loop")
        return
    for entry in entries:
        if entry.name.startswith("."):  # editor and version-control droppings
            continue
        child = folder / entry.name
        try:
            is_folder, is_file = entry.is_dir(), entry.is_file()
        except OSError as error:
            yield Skipped(str(child), _reason(error, child))
            continue
        if is_folder:
            yield from _walk(child, ancestors | {identity})
        elif child.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        elif is_file:
            yield child
        else:
            yield Skipped(str(child), "broken symlink" if entry.is_symlink() else "not a regular file")


def _expand(given: Path) -> Iterator[Path | Skipped]:
    """The article files an input names: itself, or those of the folder it is."""
    try:
        status = given.stat()
    except FileNotFoundError:
        yield Skipped(str(given), "broken symlink" if given.is_symlink() else "no such file")
        return
    except OSError as error:
        yield Skipped(str(given), _reason(error, given))
        return
    if stat.S_ISDIR(status.st_mode):
        yield from _walk(given, frozenset())
    elif given.suffix.lower() not in ARTICLE_SUFFIXES:
        yield Skipped(str(given), f"unsupported file type {given.suffix or '(no extension)'!r}: "
                                  f"expected {', '.join(ARTICLE_SUFFIXES)}")
    elif not stat.S_ISREG(status.st_mode):
        # Reading a pipe or a device could block forever.
        yield Skipped(str(given), "not a regular file")
    else:
        yield given


def read_corpus(inputs: Sequence[str | Path], *,
                max_chars: int | None = None) -> Iterator[Document | Skipped]:
    """Read the articles of files and folders, and say why any input was not read.

    Folders are read recursively in sorted order (hidden entries aside), files with
    other extensions than ``.txt``, ``.md``, ``.html``, ``.htm`` and ``.jsonl`` in a
    folder are ignored. The same cleaned text under a second name is a document of its
    own, with its own URL, outlet, title and date: :mod:`kg.stories` makes the two one
    story (signal ``identical``), whose facts count once.

    Parameters
    ----------
    inputs : sequence of str or Path
        Files and folders, read in the order given.
    max_chars : int, optional
        Longest cleaned text accepted; a longer document is skipped as "document
        too long (N chars; limit M)". spaCy refuses texts over its ``nlp.max_length``
        and its parser needs memory in proportion to the length. ``None`` (the
        default) accepts any length.

    Yields
    ------
    Document or Skipped
        A document for each article read (one per line of a ``.jsonl`` file), a
        ``Skipped`` with a human reason for each input, or line, that was not.
    """
    source_of_id: dict[str, str] = {}
    metadata_of: dict[Path, dict[str, dict]] = {}
    for given in inputs:
        for found in _expand(Path(given)):
            if isinstance(found, Skipped):
                yield found
                continue
            if found.parent not in metadata_of:
                try:
                    metadata_of[found.parent] = load_metadata(found.parent)
                except BorderKGError as error:
                    metadata_of[found.parent] = {}
                    yield Skipped(str(found.parent / "metadata.json"), str(error))
            for result in _read_file(found, metadata_of[found.parent]):
                if isinstance(result, Skipped):
                    yield result
                elif result.id in source_of_id:
                    yield Skipped(result.sources[0], f"document id {result.id!r} is already "
                                                     f"used by {source_of_id[result.id]}")
                elif max_chars is not None and len(result.text) > max_chars:
                    yield Skipped(result.sources[0], f"document too long ({len(result.text)} "
                                                     f"chars; limit {max_chars})")
                else:
                    source_of_id[result.id] = result.sources[0]
                    yield result
