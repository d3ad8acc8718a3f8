"""Name normalisation shared by the stages that compare or mint names."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHE_S = re.compile(r"['’]s\b")
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Remove combining accents: ``"Darién"`` -> ``"Darien"``."""
    if text.isascii():  # most names, the gazetteer's 300,000 among them: nothing to decompose
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(name: str) -> str:
    """Comparable form of a name: no accents, case, dots, possessives or leading "the".

    Examples
    --------
    >>> normalize("The U.S. Customs and Border Protection's")
    'us customs and border protection'
    >>> normalize("CBP-ONE") == normalize("CBP One")
    True
    """
    text = strip_accents(name).casefold().replace(".", "")
    text = _APOSTROPHE_S.sub("", text).replace("'", "").replace("’", "")
    text = _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
    return text.removeprefix("the ")


def slugify(name: str) -> str:
    """IRI-safe slug of a name.

    Examples
    --------
    >>> slugify("Tatyana Edwards-Behar")
    'tatyana-edwards-behar'
    >>> slugify("Darién Gap")
    'darien-gap'
    """
    return normalize(name).replace(" ", "-").replace("_", "-") or "unnamed"
