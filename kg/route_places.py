"""What the routes of the corpus say of each place they pass, counted once when the graph
is built.

For every place a route leg leaves or reaches: how many legs leave it (``bk:legsFrom``),
how many reach it (``bk:legsTo``), and who travels the routes that pass it
(``bk:passedBy``: the travellers of every route with a leg from or to it). A build tallies
them over the whole corpus (:func:`route_places`) and writes them in
``id:graph/route-places``, so that the saved query ``route-places`` reads one line per
place instead of counting every leg of the corpus at query time. Legs are counted by
their IRI, as the graph states them (:func:`kg.rdf.routes_of`).

Examples
--------
>>> legs = [PlaceLeg("id:route/a/1/leg/1", "id:quito", "id:panama", frozenset({"id:li"})),
...         PlaceLeg("id:route/a/1/leg/2", "id:panama", "id:tapachula", frozenset({"id:li"})),
...         PlaceLeg("id:route/b/1/leg/1", "id:quito", "id:panama", frozenset())]
>>> [(p.place, p.legs_from, p.legs_to, p.travellers) for p in route_places(legs)]
[('id:panama', 1, 2, ('id:li',)), ('id:quito', 2, 0, ('id:li',)), ('id:tapachula', 0, 1, ('id:li',))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.model import Extraction, Resolution
from kg.rdf import entity_iri, routes_of


@dataclass(frozen=True)
class PlaceLeg:
    """One leg as the graph states it: its IRI, where it leaves and reaches (entity IRIs)
    and the travellers of its route."""

    leg: str
    origin: str
    destination: str
    travellers: frozenset[str]


@dataclass(frozen=True)
class RoutePlace:
    """A place on the routes: the legs that leave it and reach it, and who passes it."""

    place: str
    legs_from: int
    legs_to: int
    travellers: tuple[str, ...]


def legs_of(extraction: Extraction, resolution: Resolution) -> Iterator[PlaceLeg]:
    """The route legs of one document, as :mod:`kg.rdf` writes them."""
    for _, members in routes_of(extraction.document.id, extraction.route_legs):
        travellers = frozenset(entity_iri(resolution, traveller)
                               for _, leg in members for traveller in leg.travellers)
        for node, leg in members:
            yield PlaceLeg(node, entity_iri(resolution, leg.origin),
                           entity_iri(resolution, leg.destination), travellers)


def route_places(legs: Iterable[PlaceLeg]) -> list[RoutePlace]:
    """Every place the ``legs`` leave or reach, sorted by IRI, with its tallies."""
    leaving: dict[str, set[str]] = defaultdict(set)
    reaching: dict[str, set[str]] = defaultdict(set)
    passing: dict[str, set[str]] = defaultdict(set)
    for leg in legs:
        leaving[leg.origin].add(leg.leg)
        reaching[leg.destination].add(leg.leg)
        passing[leg.origin].update(leg.travellers)
        passing[leg.destination].update(leg.travellers)
    return [RoutePlace(place, len(leaving.get(place, ())), len(reaching.get(place, ())),
                       tuple(sorted(passing[place])))
            for place in sorted(passing)]
