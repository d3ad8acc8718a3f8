"""Name normalisation shared by the stages that compare or mint names, and the one
resolver from a name a user types to an entity (:class:`Resolver`)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.errors import BorderKGError

# The clitic spaCy splits off a singular owner ("CBP’s"), in either apostrophe.
POSSESSIVE_ENDINGS = ("'s", "’s")
# ... and a plural owner's bare apostrophe too ("the agents’").
POSSESSIVE_MARKS = frozenset((*POSSESSIVE_ENDINGS, "'", "’"))

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


def without_initials(name: str) -> str:
    """A person's name without its middle initials.

    >>> without_initials("Alamdar S. Hamdani"), without_initials("Alexander M.M. Uballez")
    ('Alamdar Hamdani', 'Alexander Uballez')
    """
    words = name.split()
    return " ".join([words[0]] + [w for w in words[1:-1] if not (len(w) <= 4 and w.endswith("."))]
                    + words[-1:]) if len(words) > 2 else name


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


@dataclass(frozen=True)
class Named:
    """An entity as a name resolver sees it: its IRI, label, aliases and mention count."""

    iri: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0


class UnknownName(BorderKGError):
    """A name that refers to no entity, or to several; the message lists the closest labels."""


class Resolver:
    """The one way from a name a user types to an entity, for the CLI, the saved queries'
    parameters, the Python API and the view's search.

    A name refers to an entity when, once accents, case, dots, possessives and a
    leading "the" are ignored (:func:`normalize`), it is

    1. the entity's IRI, or its label or any alias (a label beats an alias, then the
       most mentioned entity wins);
    2. else the last words of a label or alias of one entity only (a surname alone:
       ``"Mashinskaia"``).

    Anything else raises :class:`UnknownName`, whose message says "did you mean"
    with the closest labels.

    Examples
    --------
    >>> names = Resolver([Named("id:p", "Tatyana Edwards-Behar", ("Ms. Edwards-Behar",), 2),
    ...                   Named("id:d", "Darién Gap"), Named("id:c", "Cancún")])
    >>> names.resolve("edwards-behar"), names.resolve("DARIEN GAP"), names.resolve("id:c")
    ('id:p', 'id:d', 'id:c')
    >>> names.resolve("Darien Gaps")
    Traceback (most recent call last):
    ...
    kg.names.UnknownName: no entity is called 'Darien Gaps'; did you mean Darién Gap?
    >>> names.search("darien")
    ['id:d']
    """

    def __init__(self, entities: Iterable[Named]) -> None:
        self.entities = {entity.iri: entity for entity in entities}
        self._exact: dict[str, tuple[int, int, str]] = {}
        self._endings: dict[str, set[str]] = defaultdict(set)
        for entity in self.entities.values():
            forms = [(0, entity.label), *((1, alias) for alias in entity.aliases)]
            for rank, form in forms:
                key = normalize(form)
                if not key:
                    continue
                candidate = (rank, -entity.mentions, entity.iri)
                if key not in self._exact or candidate < self._exact[key]:
                    self._exact[key] = candidate
                words = key.split()
                for first in range(1, len(words)):
                    self._endings[" ".join(words[first:])].add(entity.iri)

    def resolve(self, name: str) -> str:
        """The IRI of the entity ``name`` refers to; :class:`UnknownName` when none or
        several fit."""
        if name in self.entities:
            return name
        key = normalize(name)
        if key in self._exact:
            return self._exact[key][2]
        ending = self._endings.get(key, set())
        if len(ending) == 1:
            return next(iter(ending))
        if ending:
            labels = ", ".join(sorted(self.entities[iri].label for iri in ending))
            raise UnknownName(f"{name!r} may be any of: {labels}; give a fuller name")
        close = self.closest(name)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownName(f"no entity is called {name!r}{hint}")

    def label(self, iri: str) -> str:
        """The label of an entity."""
        return self.entities[iri].label

    def search(self, text: str) -> list[str]:
        """Entities with a label or alias that contains ``text`` (normalized), most
        mentioned first, then by label."""
        wanted = normalize(text)
        found = [
            entity
            for entity in self.entities.values()
            if wanted and any(wanted in normalize(form) for form in (entity.label, *entity.aliases))
        ]
        found.sort(key=lambda entity: (-entity.mentions, entity.label, entity.iri))
        return [entity.iri for entity in found]

    def closest(self, name: str, limit: int = 5) -> list[str]:
        """The labels closest to ``name``: those containing it, then those spelled alike."""
        labels = [self.entities[iri].label for iri in self.search(name)]
        key = normalize(name)
        for form in difflib.get_close_matches(key, list(self._exact), n=limit, cutoff=0.75):
            labels.append(self.entities[self._exact[form][2]].label)
        return list(dict.fromkeys(labels))[:limit]

    def table(self) -> dict[str, str]:
        """Every normalized name that refers to one entity, and its IRI: what the view's
        search looks a typed name up in, after the page normalizes it as :func:`normalize`."""
        table = {ending: next(iter(iris)) for ending, iris in self._endings.items()
                 if len(iris) == 1}
        table.update((key, candidate[2]) for key, candidate in self._exact.items())
        return dict(sorted(table.items()))
