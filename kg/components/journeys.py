"""``bk_journeys``: the journeys a sentence tells, as places in travel order.

News prose tells a journey with a movement word ("fled", "smuggled", "trip") and
prepositions that give each place its role: *from* an origin, *through* or *via* the
places on the way, *to* or *into* a destination. Places listed together share the role
of the first ("through Brazil, Peru, Ecuador and Colombia to the United States"); a
place that only says where another one is ("Laredo, Texas", "Panama's Darién Gap")
is not a station. A place deep in the phrase of its cue takes the cue ("to a cot in a
shelter in Laredo"), and the places of a phrase a journey goes through are on its way
("their travel through a network of smugglers operating out of Brazil, Peru and
Ecuador"), and "the stash house" named again after "the stash house in Monterrey" stands
for Monterrey. A place that sets the sentence ("In Panama, ...") is where a journey the
sentence tells starts, after any origin it names. The words are data:
``pipelines/journeys.json``.

Places are then put in the order they were travelled, not the order the text names
them: origins first, then what an "after" clause tells, then the rest as written, and
a stopover named with "via" before the destination it leads to ("they flew to Cancún
via Istanbul": Istanbul, then Cancún). A new origin after a destination starts a new
journey ("from Tijuana to San Diego, Reynosa to McAllen" are two). Journeys go to
``Doc._.bk_journeys``; ``kg/extract.py`` makes route legs of them.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.components.paragraphs import DATELINE_DASHES
from kg.components.relation_ruler import verb_of
from kg.model import PLACE_TYPES, TRAVELLER_TYPES
from kg.names import POSSESSIVE_MARKS
from kg.periods import calendar_words
from kg.resources import data_dir

_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}
# "Laredo, Texas" names where Laredo is; "Guatemala, Mexico" is a list: the second is larger.
_SCALE = {"City": 1, "BorderCrossing": 1, "Place": 2, "AdministrativeArea": 2, "NaturalRegion": 2,
          "Country": 3}
_REGIONS = {"Country", "AdministrativeArea"}
# Travel order of the roles: an origin first, what an "after" clause tells next, the rest as
# written, what a "before" clause tells last.
_ORIGIN_RANK, _EARLIER_RANK, _LATER_RANK, _LATEST_RANK = 0, 1, 2, 3



def crossing_word(token: Token, crossing_verbs: Collection[str]) -> bool:
    """Whether the word, by its lemma or as written, is a verb of crossing ("waded"), by the
    ``crossing_verbs`` of ``pipelines/journeys.json``."""
    return token.lemma_.lower() in crossing_verbs or token.lower_ in crossing_verbs


class Station(NamedTuple):
    """A place of a journey: first token of its entity, role, and the token that gave the role."""

    place: int
    role: str
    cue: int


class JourneyMatch(NamedTuple):
    """The stations of one journey in travel order, who travels when the text says (else -1),
    and the legs of places listed as alternatives beside them: "flights to Atlanta, Chicago
    and New York" from Phoenix, "fly to Brazil or Ecuador and then travel through Colombia"."""

    stations: tuple[Station, ...]
    traveller: int
    alternatives: tuple[tuple[Station, Station], ...] = ()


if not Doc.has_extension("bk_journeys"):
    Doc.set_extension("bk_journeys", default=[])


def _words_between(doc: Doc, start: int, end: int) -> int:
    """The words from ``start`` to ``end`` that carry meaning: not punctuation, "and" or an
    adverb ("through Guatemala, and ultimately, to the United States" has none)."""
    return sum(1 for t in doc[start:end] if not (t.is_punct or t.pos_ in ("CCONJ", "ADV")))


def _listed_after(place: Span, earlier: Span) -> bool:
    """Whether the place follows the earlier one in the same list, past members that are not
    places of ours ("from India, Pakistan, Columbia, Guatemala and Ecuador")."""
    node = place.root
    while node.dep_ == "conj" and node.head.i < node.i:
        node = node.head
        if node.i == earlier.root.i:
            return True
    return False


class JourneyReader:
    """Reads the journeys of each sentence; see the module docstring."""

    def __init__(self, rules: dict) -> None:
        self.movement = frozenset(rules["movement_lemmas"])
        self.verb_only = frozenset(rules["verb_only"])
        self.cues = [(tuple(cue["words"]), cue["role"]) for cue in rules["cues"]]
        self.object_roles: dict[str, str] = rules["object_roles"]
        self.stop_roles: dict[str, str] = rules["stop_lemmas"]
        self.journey_bounds: dict[str, str] = rules["journey_bounds"]
        self.joiners = frozenset(rules["list_joiners"])
        self.window = int(rules["cue_window"])
        self.earlier = frozenset(rules["later_clause_words"])
        self.later = frozenset(rules["earlier_clause_words"])
        self.carried_by = frozenset(rules["carried_by"])
        self.carried_by_nouns = frozenset(rules["carried_by_nouns"])
        self.time_taken = frozenset(rules["time_taken"])
        self.vehicles = frozenset(rules["vehicles"])
        self.cue_hops = int(rules["cue_hops"])
        self.continue_gap = int(rules["continue_gap"])
        self.cue_passes = frozenset(rules["cue_passes"])
        self.durations = frozenset(rules["durations"])
        self.place_nouns = frozenset(rules["place_nouns"])
        self.movement_objects = frozenset(rules["movement_objects"])
        self.went_on = frozenset(rules["went_on"])
        self.onward = frozenset(rules["onward_words"])
        self.sequence_words = frozenset(rules["sequence_words"])
        self.parallel_joiners = frozenset(rules["parallel_joiners"])
        self.way_cues = frozenset(c["words"][0] for c in rules["cues"]
                                  if c["role"] == "via" and len(c["words"]) == 1)
        self.way_preps = frozenset(rules["way_preps"])
        self.way_steps = frozenset(rules["way_steps"])
        self.phrase_hops = int(rules["phrase_hops"])
        self.single_cues = {c["words"][0]: c["role"] for c in rules["cues"] if len(c["words"]) == 1}
        self.phrase_preps = frozenset(rules["phrase_preps"])
        self.setting_preps = frozenset(rules["setting_preps"])
        self.setting_openers = frozenset(rules["setting_openers"])
        self.opening_cues = frozenset(rules["opening_cues"])
        self.locating_preps = frozenset(rules["locating_preps"])
        self.movement_object_preps = frozenset(rules["movement_object_preps"])
        self.relative_pronouns = frozenset(rules["relative_pronouns"])
        self.relative_adverbs: dict[str, str] = rules["relative_adverbs"]
        self.crossing_verbs = frozenset(rules["crossing_verbs"])
        self.crossing_cues = frozenset(rules["crossing_cues"])
        self.landing_verbs = frozenset(rules["landing_verbs"])
        self.land_verbs = frozenset(rules["land_verbs"])
        self.crossed_nouns = frozenset(rules["crossed_nouns"])
        self.facility_heads = frozenset(rules["facility_heads"])
        self.directions = frozenset(rules["directions"])
        self.dates = calendar_words() | frozenset(rules["time_nouns"])

    def __call__(self, doc: Doc) -> Doc:
        journeys: list[JourneyMatch] = []
        places_of: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ in PLACE_TYPES:
                places_of.setdefault(ent.sent.start, []).append(ent)
        for sentence_start, places in places_of.items():
            sentence = doc[sentence_start].sent
            fragment = self._is_fragment(sentence, places)
            if fragment or any(self._is_movement(token) or self._is_stay(token) for token in sentence):
                journeys.extend(self._journeys(sentence, places, fragment))
        doc._.bk_journeys = journeys
        return doc

    def _is_fragment(self, sentence: Span, places: list[Span]) -> bool:
        """Whether the sentence names only places, as a story tells a journey: "Then Nicaragua."
        (not a release's dateline: "ALBANY, NEW YORK -")."""
        inside = {i for place in places for i in range(place.start, place.end)}
        last = next((t for t in reversed(sentence) if not t.is_space), None)
        return last is not None and last.text not in DATELINE_DASHES and all(
            token.i in inside or token.is_punct or token.is_space or
            token.lower_ in self.joiners or token.lower_ in self.sequence_words for token in sentence)

    def _cue_before(self, sentence: Span, start: int, floor: int) -> tuple[str, int] | None:
        """The role and token of the nearest cue ending before token ``start`` (and after ``floor``)."""
        doc = sentence.doc
        for end in range(start - 1, max(floor, start - 1 - self.window, sentence.start - 1), -1):
            last = doc[end].lower_
            for words, role in self.cues:
                first = end - len(words) + 1
                if words[-1] == last and first >= sentence.start and first > floor and tuple(
                        t.lower_ for t in doc[first:end + 1]) == words and (
                        doc[end].pos_ != "PART" or self._repeats_a_cue(sentence, first)):
                    # "to" of an infinitive ("to seek asylum in") is no cue, nor one a preposition
                    # other than "of" or "in" separates from the place ("through ports with Mexico")
                    between = doc[end + 1:start]
                    if any(t.pos_ == "ADP" and t.lower_ not in self.cue_passes for t in between):
                        return None
                    if self._where_people_are_from(doc[first]):
                        return None
                    return role, first
        return None

    @staticmethod
    def _where_people_are_from(cue: Token) -> bool:
        """Whether "from" says where people are from, not where a journey starts: set off by
        commas after a person's name, as releases write it ("Ana Ruiz, 31, from Reynosa, drove"),
        or after "be" ("the immigrants, who were from Guatemala, ..."; "She is from Honduras")."""
        if cue.lower_ != "from":
            return False
        head = cue.head
        return (cue.i > 0 and cue.doc[cue.i - 1].text == "," and head.ent_type_ == "Person") or head.lemma_ == "be"

    def _repeats_a_cue(self, sentence: Span, first: int) -> bool:
        """Whether a cue follows "and" after the same cue: "to the border and to stash houses
        in Phoenix" goes on to a second destination, even where the parser reads an infinitive."""
        doc = sentence.doc
        if first == sentence.start or doc[first - 1].lower_ not in self.parallel_joiners:
            return False
        return any(t.lower_ == doc[first].lower_ and t.pos_ == "ADP"
                   for t in doc[sentence.start:first - 1])

    def _is_movement(self, token: Token) -> bool:
        # A fragment's first verb ("Took a bus to Colombia.") keeps its form as its lemma.
        if token.lemma_.lower() in self.verb_only and token.pos_ not in ("VERB", "AUX"):
            return False  # "a strip of land that connects Colombia to Panama"
        if token.lemma_.lower() in self.movement or token.lower_ in self.movement:
            return True
        # "made their way", "arranged for their travel"
        objects = [child for child in token.children if child.dep_ == "dobj"] + [
            g for child in token.children if child.dep_ == "prep" and child.lower_ in self.movement_object_preps
            for g in child.children if g.dep_ == "pobj"]
        return any(obj.lower_ in self.movement_objects for obj in objects)

    def _went_on(self, place: Span) -> bool:
        """Whether the text goes on from the place: "to Turkey before heading on", "then continuing"."""
        after = place.doc[place.end:place.end + 3]
        return any(t.lower_ in self.went_on for t in after[:1]) and any(
            t.tag_ == "VBG" and self._is_movement(t) for t in after[1:])

    def _is_stay(self, token: Token) -> bool:
        """Whether the token is a time spent somewhere: "three weeks in Panama", "three more in";
        not a sum of money: "$110 billion in aid for Ukraine"."""
        return (token.lemma_.lower() in self.durations or token.pos_ == "NUM" or token.dep_ == "preconj") \
            and any(child.lower_ in ("in", "at") for child in token.children) \
            and not any(child.tag_ == "$" for child in token.children)

    def _moves(self, cue: Token) -> bool:
        """Whether a movement word governs the cue: its head, or the verb or noun of movement
        the cue's noun belongs to ("smuggled migrants from", "the smuggling of scores of
        individuals from"). A noun that is itself the object of another preposition ends the
        walk: "through ports of entry from the Pacific Coast" tells where the ports are, and so
        does a clause that describes a noun with a verb that is no movement: "organizations
        operating in and through Guatemala" (but "a flight returning migrants to Colombia")."""
        if self._is_movement(cue):
            return True  # "a tractor-trailer bound for San Antonio", "on their way to"
        if cue.head.lemma_.lower() in self.vehicles or any(
                child.dep_ == "dobj" and child.lemma_.lower() in self.vehicles for child in cue.head.children):
            return True  # "boarded a boat to Capurganá", "a boat to Capurganá"
        node = self._past_dates(cue.head)
        for _ in range(self.cue_hops):
            if self._is_movement(node):
                return True
            if node.head.i == node.i or (node.pos_ == "VERB" and node.dep_ in ("acl", "relcl")
                                         and not self._is_movement(node.head)):
                return False
            if node.dep_ == "pobj" and node.head.lower_ != "of":
                return False
            node = node.head
        return False

    def _on_the_way(self, place: Span) -> int | None:
        """The "through" or "via" of a journey whose object the place's noun phrase describes:
        "arranged their travel through a network of smugglers operating out of Brazil, Peru
        and Ecuador" travels through Brazil, Peru and Ecuador; None when a preposition on the
        way up says something else ("to the United States", "ports with Mexico")."""
        node = place.root
        while node.dep_ == "conj" and node.head.i < node.i:
            node = node.head  # the first of a list stands for the list
        for _ in range(self.phrase_hops):
            if node.dep_ == "pobj":
                prep = node.head
                if prep.lower_ in self.way_cues and self._moves(prep):
                    return prep.i
                if prep.lower_ not in self.way_preps:
                    return None  # "to the United States", "through ports with Mexico"
                node = prep
            elif node.dep_ in self.way_steps and node.head.i != node.i:
                node = node.head
            else:
                return None
        return None

    def _cue_above(self, place: Span) -> tuple[str, int] | None:
        """The cue whose object the place's noun phrase describes, however long: "to get from
        Kassai to a cot on the floor of a migrant shelter in Laredo" goes to Laredo."""
        node = place.root
        for _ in range(self.phrase_hops):
            if node.dep_ != "pobj":
                return None
            prep = node.head
            role = None if self._where_people_are_from(prep) else self.single_cues.get(prep.lower_)
            if role is not None and node.i != place.root.i:
                return role, prep.i
            if prep.lower_ not in self.phrase_preps or prep.head.i == prep.i:
                return None
            node = prep.head
        return None

    def _named_again(self, place: Span) -> tuple[str, int] | None:
        """The cue of a later "the N" that names again the noun the place locates: "operated
        the stash house in Monterrey and transported aliens to the stash house" goes to Monterrey."""
        prep = place.root.head
        if place.root.dep_ != "pobj" or prep.lower_ not in self.locating_preps or prep.head.pos_ != "NOUN":
            return None
        noun = prep.head
        for token in place.doc[place.end:place.sent.end]:
            if token.dep_ == "pobj" and token.lemma_ == noun.lemma_ and \
                    self.single_cues.get(token.head.lower_) in ("origin", "via", "destination") and \
                    any(child.dep_ == "det" and child.lower_ == "the" for child in token.children):
                return self.single_cues[token.head.lower_], token.head.i
        return None

    def _named_noun(self, place: Span) -> Token | None:
        """The place noun right after the place that it names: "the Darién region" (not "the
        Texas port of entry", where the noun names something else)."""
        head = place.root.head
        if place.root.dep_ == "compound" and head.i == place.end and \
                head.lemma_.lower() in self.place_nouns and not any(c.lower_ == "of" for c in head.children):
            return head
        return None

    def _relative(self, place: Span) -> tuple[str, int] | None:
        """The role a relative clause after the place gives it, with the movement word of the
        clause as cue: "the Darién, through which 520,000 migrants transited" is on the way;
        "Necoclí, from which boats leave for Panama" an origin; "Monterrey, where he kept a
        hotel that housed aliens on their way to the United States" a stop."""
        doc = place.doc
        noun = self._named_noun(place)
        comma = place.end if noun is None else noun.i + 1
        while comma + 1 < place.sent.end and doc[comma].text == "," and \
                doc[comma + 1].ent_type_ in PLACE_TYPES:  # "Monterrey, Mexico, where"
            comma = next((t.i for t in doc[comma + 1:place.sent.end] if t.ent_iob_ != "I"
                          and t.i > comma + 1), place.sent.end)
        if comma + 2 >= place.sent.end or doc[comma].text != ",":
            return None
        word = doc[comma + 1].lower_
        role = self.relative_adverbs.get(word)
        start = comma + 2
        if role is None and doc[comma + 2].lower_ in self.relative_pronouns:
            role, start = self.single_cues.get(word), comma + 3
        if role is None:
            return None
        end = next((t.i for t in doc[start:place.sent.end] if t.text == ","), place.sent.end)
        # a movement word, not one that only describes a noun ("paid the smuggling fees")
        mover = next((t for t in doc[start:end] if self._is_movement(t) and t.dep_ not in _MODIFIER_DEPS), None)
        return (role, mover.i) if mover is not None else None

    def _opens(self, token: Token) -> bool:
        """Whether the token opens its sentence, or follows only a word like "once"."""
        start = token.sent.start
        return token.i == start or (token.i == start + 1 and token.doc[start].lower_ in self.setting_openers)

    def _opening(self, cue: Token, place: Span) -> bool:
        """Whether the cue opens the sentence before the place and a comma: "From Tapachula, the
        migrants traveled by bus to Mexico City" starts the sentence's journey there."""
        return cue.lower_ in self.opening_cues and self._opens(cue) and \
            place.end < len(place.doc) and place.doc[place.end].text == ","

    def _dependency_role(self, place: Span) -> tuple[str, int] | None:
        root = place.root
        # "in the Mexican city of Matamoros": the place stands for the noun it names.
        while root.dep_ == "pobj" and root.head.lower_ == "of" and \
                root.head.head.lemma_.lower() in self.place_nouns:
            root = root.head.head
        head = root.head
        if root.dep_ == "dobj" and head.lemma_.lower() in self.object_roles:
            return self.object_roles[head.lemma_.lower()], head.i
        if root.dep_ == "pobj" and head.lower_ in ("in", "at"):
            # the verb, or the verb of the object or the place the place says where it was:
            # "boarded a train in Tapachula", "were held at a stash house in Edinburg"
            noun = head.head
            verb = noun.head if noun.dep_ == "dobj" else noun.head.head if (
                noun.dep_ == "pobj" and noun.head.lower_ in ("in", "at")) else noun
            if verb.lemma_.lower() in self.stop_roles:
                return self.stop_roles[verb.lemma_.lower()], verb.i
            if verb.lemma_.lower() in self.journey_bounds and any(
                    child.dep_ == "dobj" and child.lemma_.lower() in self.movement_objects for child in verb.children):
                return self.journey_bounds[verb.lemma_.lower()], verb.i  # "began their journey in Quito"
        if root.dep_ == "pobj" and self._is_stay(head.head):
            return "stop", head.head.i  # "three weeks in Panama"
        node = root
        for _ in range(self.phrase_hops):
            if node.dep_ != "pobj" or node.head.lower_ not in self.phrase_preps:
                break
            node = node.head.head
            if self._is_stay(node):
                return "stop", node.i  # "two nights at a reception center in Panama"
        if root.dep_ == "pobj" and head.lower_ in self.setting_preps and self._opens(head) \
                and place.end < len(place.doc) and place.doc[place.end].text == ",":
            return "setting", head.i  # "In Panama, he watched a flight returning migrants to Colombia"
        return None

    def _crossing_told_with(self, cue: Token) -> bool:
        """Whether the verb of "near" has a crossing in a clause of its own: "apprehended near
        El Paso shortly after crossing the Rio Grande", "turned himself in near Yuma a day
        after he waded across the river"; not one that describes a noun ("patrolled near the
        river when they found footprints of people who had entered the country")."""
        verb = verb_of(cue)
        if verb is None:
            return False
        if self._joined_crossing(cue) is not None:
            return True
        for token in cue.sent:
            if token.pos_ != "VERB" or token.i == verb.i or not self._crossing_word(token):
                continue
            node = token
            while node.i != node.head.i and node.i != verb.i and (
                    node.dep_ not in ("relcl", "acl") or self._is_time(node.head)):
                node = node.head  # "near Yuma, a day after he waded across": the clause of a time
            if node.i == verb.i:
                return True
        return False

    def _is_time(self, token: Token) -> bool:
        """Whether the token is a noun of time or a date ("a day after", "hours after")."""
        return token.lemma_.lower() in self.durations or token.lower_.rstrip(".") in self.dates

    def _joined_crossing(self, cue: Token) -> int | None:
        """The verb of crossing that the verb of "near" is joined to by "and", which says where
        that crossing arrived: "crossed the river and surrendered to agents near Roma", "entered
        the country and was apprehended west of Lukeville"; None for none."""
        verb = verb_of(cue)
        if verb is not None and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and \
                self._crossing_word(verb.head) and not self._crossing_word(verb):
            return verb.head.i
        return None

    def _crossed_near(self, cue: Token) -> bool:
        """Whether "near" says where travellers crossed the border: it hangs from a verb of
        crossing ("crossed into the United States near Lukeville") or from the border feature
        crossed ("guided them across the Rio Grande near Eagle Pass", "crossed the river near
        Roma"), or from a verb that takes them across ("took the migrants across the river near
        McAllen"), not from another verb ("were apprehended near Del Rio")."""
        node = self._past_dates(cue.head)
        if self._takes_across(node):
            return True  # "led the migrants across the Rio Grande near McAllen", however parsed
        if node.pos_ in ("NOUN", "PROPN") and node.dep_ in ("dobj", "pobj"):
            node = node.head  # the river, the Rio Grande: what was crossed, or where to
        if node.pos_ == "ADP" and node.lower_ not in self.crossing_cues:
            node = node.head  # "into the United States near Lukeville"
        # "a panga that departed Ensenada landed near Oceanside": where it arrived
        return node.lower_ in self.crossing_cues or (node.pos_ == "VERB" and (
            self._crossing_word(node) or self._takes_across(node) or node.lemma_.lower() in self.landing_verbs))

    def _takes_across(self, token: Token) -> bool:
        """Whether a crossing cue hangs from the word: "took the migrants across the river"."""
        return any(child.dep_ == "prep" and child.lower_ in self.crossing_cues for child in token.children)

    def _crossing_word(self, token: Token) -> bool:
        return crossing_word(token, self.crossing_verbs)

    def _past_dates(self, token: Token) -> Token:
        """What a date or time the token is the word of hangs from, else the token: a cue
        after a date belongs to the verb the date does ("entered the United States on Feb.
        7, 2019, near Laredo": *entered* near Laredo; "for the third time on April 2")."""
        node = token
        for _ in range(self.cue_hops):
            if node.dep_ != "pobj" or node.head.head.i == node.head.i or not self._is_time(node):
                break
            node = node.head.head
        return node

    def _told_in_clause_of(self, place: Span, words: frozenset[str]) -> bool:
        """Whether the place lies in a clause that one of the words opens ("after", "before"),
        however many places it names: "The migrants arrived in Miami, after 180 of them first
        crossed the U.S. border at Laredo"; "Before reaching Tijuana, the family spent two
        months in Tapachula"."""
        for node in place.root.ancestors:
            if node.pos_ not in ("VERB", "AUX"):
                continue
            if node.dep_ == "pcomp" and (node.head.lower_ in words or f"{node.head.head.lower_} {node.head.lower_}" in words):
                return True  # "after crossing the river at Matamoros", "prior to crossing"
            if any(c.lower_ in words and c.i < node.i and (c.dep_ == "mark" or (
                    c.dep_ == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children)))
                   for c in node.children):
                return True  # "after they crossed the border at Laredo" (the parser may read a preposition)
            if node.dep_ in ("advcl", "relcl", "acl", "ccomp", "xcomp", "ROOT"):
                return False  # the first clause up from the place decides, with the verbs it joins
                # ("before heading to Ecuador and reaching the United States")
        return False

    def _only_joiners(self, doc: Doc, start: int, end: int) -> bool:
        """Whether only joiners stand between two places, an article of the second perhaps
        after a word of sequence: "to reach Mexico and then the U.S. border" (not "in Acuña,
        on the U.S.-Mexico border", which says where Acuña is)."""
        return all(token.lower_ in self.joiners or token.is_space or (
            token.i == end - 1 and token.lower_ == "the" and token.i > start
            and doc[token.i - 1].lower_ in self.sequence_words) for token in doc[start:end])

    def _is_context(self, place: Span, previous: Span | None) -> bool:
        """Whether the place only says where another is, or modifies a noun: not a station."""
        doc = place.doc
        if place.end < len(doc) and doc[place.end].lower_ in POSSESSIVE_MARKS:
            return True
        if previous is not None and _SCALE.get(previous.label_, 0) < _SCALE.get(place.label_, 0) \
                and 0 < place.start - previous.end <= 2 and \
                doc[previous.end].text == "," and \
                all(t.text == "," or t.lower_ == "in" for t in doc[previous.end:place.start]):
            return True
        if previous is not None and place.start - previous.end == 1 and doc[previous.end].lower_ == "in" \
                and previous[-1].text not in self.facility_heads:
            return True  # "Douglas in Ariz." (not the city an airport is in)
        if place[-1].text in self.facility_heads and place.end + 1 < len(doc) and \
                doc[place.end].lower_ == "in" and doc[place.end + 1].ent_type_ == "City":
            return True  # "to the Ramon Villeda International Airport in San Pedro Sula": to the city
        if previous is not None and previous.label_ == "Place" and place.label_ == "AdministrativeArea" \
                and place.start - previous.end == 1 and doc[previous.end].text == "," \
                and place.root.dep_ == "appos" and previous.start <= place.root.head.i < previous.end:
            return True  # the state a place no gazetteer holds as a town lies in: "Rosarito Beach, Baja California"
        description, moving = self._description_above(place)
        if description is not None and not moving:
            return True  # "the Darién Gap, the only land route to the United States": a description
        if self._joined_by_land(place):
            return True  # "The jungle connects Colombia to Panama and has been a route for migrants"
        root = place.root
        return root.dep_ in _MODIFIER_DEPS and root.head.ent_type_ not in PLACE_TYPES and \
            self._named_noun(place) is None

    def _joined_by_land(self, place: Span) -> bool:
        """Whether the place is one that a strip of land, a river or a border joins or parts
        (``land_verbs``): the object of such a verb, or of a preposition or list on it: "the
        jungle connects Colombia to Panama", "a jungle linking Colombia and Panama". It tells
        where things lie, not where anyone went; but the places a crossed river or bridge
        joins are the two sides of the crossing: "waded across the river that separates
        Piedras Negras from Eagle Pass", "crossed the bridge that links Juárez to El Paso"."""
        node = place.root
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ == "pobj":
            node = node.head
        verb = node.head
        if node.dep_ not in ("dobj", "prep") or verb.lemma_.lower() not in self.land_verbs:
            return False
        crossed = verb.head if verb.dep_ in ("relcl", "acl") else None
        return crossed is None or not (
            (crossed.dep_ == "dobj" and crossing_word(crossed.head, self.crossing_verbs)) or
            (crossed.dep_ == "pobj" and crossed.head.lower_ in self.crossing_cues))

    def _description_above(self, place: Span) -> tuple[Token | None, bool]:
        """The noun in apposition to a place whose phrase holds the place, and whether a verb
        of movement between them tells a journey of its own: "the Darién Gap, a route used by
        migrants traveling from South America to the U.S. border"."""
        moving = False
        for ancestor in place.root.ancestors:
            moving = moving or (ancestor.pos_ == "VERB" and self._is_movement(ancestor))
            if ancestor.dep_ == "appos" and ancestor.ent_type_ not in PLACE_TYPES \
                    and ancestor.head.ent_type_ in PLACE_TYPES and not self._is_time(ancestor):
                return ancestor, moving  # (not a time the parser hung on a place: "near Yuma, a day after")
        return None, False

    def _pair_origin(self, place: Span, places: list[Span], index: int) -> bool:
        """Whether the place opens a pair "A to B" of a list of pairs."""
        doc = place.doc
        following = places[index + 1] if index + 1 < len(places) else None
        return following is not None and place.end < len(doc) and \
            doc[place.end].lower_ in ("to", "into") and following.start - place.end <= 2

    def _journeys(self, sentence: Span, places: list[Span], fragment: bool) -> list[JourneyMatch]:
        doc = sentence.doc
        chains: list[list[tuple[Span, Station, int]]] = [[]]
        previous: Span | None = None
        # the last place that is no context: "through Panama's Darién Gap" keeps its cue
        floor_place: Span | None = None
        last: tuple[Span, Station, int] | None = None
        # Places listed after a destination: alternatives ("flights to Atlanta, Chicago and
        # New York", each from the place before the first), unless the journey goes on after
        # them ("by bus to Guatemala and Mexico before crossing into Arizona"): then stops on
        # the way, in their order; or, listed with "or", each on to the next place ("fly to
        # Brazil or Ecuador and then travel through Colombia").
        listed: list[tuple[Span, Station, int]] = []
        # per chain: (the destination a list follows, an alternative to it), and (an
        # alternative, the place the journey goes on to)
        fans: list[list[tuple[Station, Station]]] = [[]]
        ahead: list[list[tuple[Station, Station]]] = [[]]

        def fan_out() -> None:
            """The places listed after the last destination, as alternatives to it: places of
            its kind ("Hidalgo County, Texas" names where the county is)."""
            head = chains[-1][-1]
            fans[-1].extend((head[1], alternative) for place, alternative, _ in listed
                            if place.label_ == head[0].label_)
        for index, place in enumerate(places):
            sequenced = False  # the place follows the last with "then": the next step
            context = self._is_context(place, previous)
            floor = floor_place.end - 1 if floor_place is not None else sentence.start - 1
            previous = place
            if context:
                continue
            floor_place = place
            rank = _LATER_RANK
            if (last is not None and any(t.lower_ in self.earlier for t in doc[last[0].end:place.start])) \
                    or self._told_in_clause_of(place, self.earlier):
                rank = _EARLIER_RANK
            elif self._told_in_clause_of(place, self.later):
                rank = _LATEST_RANK  # "Before reaching Tijuana, they spent two months in Tapachula"
            found = self._cue_before(sentence, place.start, floor)
            if found is not None and doc[found[1]].lower_ in self.directions and not (
                    self._crossing_told_with(doc[found[1]]) or self._crossed_near(doc[found[1]])):
                # a direction that tells no crossing: "led them to a ranch north of Quemado"
                found = self._cue_before(sentence, found[1], floor)
            if found is None:
                found = self._cue_above(place) or self._named_again(place)
            way = self._on_the_way(place)
            if way is not None and (found is None or found[0] == "origin"):
                found = ("via", way)  # "through a network of smugglers operating out of Brazil"
            # "turned himself in near Yuma a day after he waded across the river": where the
            # sentence's crossing arrived
            crossed_near = found is not None and found[0] == "near" and place.label_ in ("City", "Place") and \
                place[-1].lower_ not in self.crossed_nouns and self._crossing_told_with(doc[found[1]])
            if found is not None and not crossed_near and not self._moves(doc[found[1]]) and \
                    not self._opening(doc[found[1]], place) and (
                    last is None or _words_between(doc, last[0].end, found[1]) > self.continue_gap):
                found = None  # a cue opens a journey only under a movement word, or goes on one
            if found is None:
                found = self._relative(place)  # "operated out of Monterrey, where ... on their way to"
            # "crossed the Darién Gap into Panama": a place its verb gives a role opens no pair
            pair = found is None and self._pair_origin(place, places, index) and \
                self._dependency_role(place) is None
            if pair:
                found = ("origin", place.start)
            elif last is not None and (found is None or (
                    found == (last[1].role, last[1].cue) and last[1].role == "destination")) and (
                    self._only_joiners(doc, last[0].end, place.start) or _listed_after(place, last[0])):
                sequenced = any(t.lower_ in self.sequence_words for t in doc[last[0].end:place.start])
                if last[1].role == "destination" and not sequenced:
                    listed.append((place, Station(place.start, "destination", last[1].cue), last[2]))
                    continue
                found = (last[1].role, last[1].cue)
                rank = max(rank, last[2]) if last[1].role != "origin" else rank
            if found is None:
                found = self._dependency_role(place)
            if found is None and fragment:
                found = ("via", place.start)
            if found is None:
                continue
            role, cue = found
            if role == "destination" and self._went_on(place):
                role = "via"  # "fly to Turkey before heading to Ecuador": Turkey is on the way
            arrived = role == "near" and (crossed_near or self._crossed_near(doc[cue]))
            if arrived:
                role = "destination"  # "crossed the Rio Grande near Presidio": where they arrived
                # "crossed the river and surrendered to agents near Roma": the crossing's verb
                joined = self._joined_crossing(doc[cue])
                cue = cue if joined is None else joined
            if role == "none":
                if listed and chains[-1]:
                    fan_out()
                last, listed = None, []
                continue
            if role == "setting":
                rank = _EARLIER_RANK
            station = Station(place.start, role, cue)
            chain = chains[-1]
            description = self._description_above(place)[0]
            if (pair and any(s.role != "origin" for _, s, _ in chain)) or (
                    description is not None and chain and self._description_above(chain[-1][0])[0] != description):
                if listed:
                    fan_out()
                    listed = []
                chains.append([])
                fans.append([])
                ahead.append([])
                chain = chains[-1]
            if chain and chain[-1][1].cue == cue and chain[-1][0].label_ == "Country" and \
                    doc[cue].pos_ == "VERB" and not sequenced:
                chain.pop()  # "entered the U.S. at the San Diego port of entry": the port
            if arrived and chain and chain[-1][1].role == "destination" and chain[-1][0].label_ in _REGIONS:
                chain.pop()  # "crossed into the United States near Lukeville": Lukeville
            if chain and chain[-1][0].label_ == "BorderCrossing" and place.label_ in _REGIONS:
                continue  # "through a McAllen port of entry into Texas": the port is where they enter
            if listed and chain and chain[-1][1].role == "destination" and role != "origin":
                if any(t.lower_ == "or" for t in doc[chain[-1][0].end:listed[-1][0].start]):
                    fan_out()
                    ahead[-1].extend((alternative, station) for listed_place, alternative, _ in listed
                                     if listed_place.label_ == chain[-1][0].label_)
                else:
                    chain.extend(listed)
            elif listed and chain:
                fan_out()
            listed = []
            last = (place, station, _ORIGIN_RANK if role == "origin" else rank)
            chain.append(last)
        if listed and chains[-1]:
            fan_out()
        journeys = []
        for chain, fan, onward in zip(chains, fans, ahead, strict=True):
            # where the sentence happens is no journey by itself
            if not any(station.role != "setting" for _, station, _ in chain):
                continue
            stations = self._ordered(chain)
            alternatives = [(stations[stations.index(head) - 1], alternative) for head, alternative in fan
                            if stations.index(head) > 0] + onward
            journeys.append(JourneyMatch(stations, self._traveller(doc, chain), tuple(alternatives)))
        return journeys

    def _ordered(self, chain: list[tuple[Span, Station, int]]) -> tuple[Station, ...]:
        def position(item: tuple[Span, Station, int], index: int) -> tuple[int, float]:
            place, station, rank = item
            if station.role == "via" and index > 0:
                before = chain[index - 1]
                doc = place.doc
                # "flew to Cancún via Istanbul", not "crossed into Colombia, then walked
                # through the Darién Gap": the way of the same verb; nor a destination the
                # journey went on from ("to Moscow and then to Cancún before driving them on")
                if before[1].role == "destination" and station.cue >= before[0].end and \
                        self.single_cues.get(doc[station.cue].lower_) != "destination" and \
                        verb_of(doc[station.cue]) == verb_of(doc[before[1].cue]) and \
                        not self._then_after(chain, index):
                    return before[2], before[0].start - 0.5
            return rank, place.start

        keys: list[tuple[int, float]] = []
        for index, item in enumerate(chain):
            before = chain[index - 1] if index > 0 else None
            if before is not None and item[1].role == before[1].role == "via" and item[1].cue == before[1].cue \
                    and _listed_after(item[0], before[0]):
                # the places listed under one "through" keep their place together: "smuggled into the
                # United States through either McAllen or Houston"
                keys.append((keys[-1][0], keys[-1][1] + 0.01))
            else:
                keys.append(position(item, index))
        keyed = sorted(zip(keys, (item[1] for item in chain), strict=True))
        return tuple(station for _, station in keyed)

    def _then_after(self, chain: list[tuple[Span, Station, int]], index: int) -> bool:
        """Whether the places on the way listed after a destination lead on, with "then", to a
        next place of the same series: "traveling to Ecuador through Colombia and Panama, and
        then into Costa Rica" went to Ecuador first, then through Colombia and Panama."""
        cue = chain[index][1].cue
        following = next((item for item in chain[index + 1:] if item[1].cue != cue), None)
        if following is None:
            return False
        doc = chain[index][0].doc
        for token in doc[chain[index][0].end:following[1].cue]:
            if token.lower_ in self.onward:
                # the next word a preposition of the journey ("then into Costa Rica"), not a verb
                # of a step of its own ("via Istanbul, then entered the U.S.")
                nxt = next((t for t in doc[token.i + 1:following[1].cue + 1] if t.lower_ not in ("on", ",")), None)
                if nxt is not None and nxt.lower_ in self.single_cues:
                    return True
        return False

    def _traveller(self, doc: Doc, chain: list[tuple[Span, Station, int]]) -> int:
        """Who is carried: the object of a verb like "smuggle" whose places these are, or
        whom a noun like "travel" is of ("the movement of migrants from Honduras", "to
        facilitate the travel of four migrants through Mexico", "arranged for their travel
        through a network of smugglers operating out of Peru": the verb of the cue)."""
        for place, station, _ in chain:
            if station.cue >= place.end:
                # a relative clause's mover: who the clause names before it ("where he kept a
                # hotel that housed aliens on their way to", "through which migrants transited");
                # else whom its verb carries ("where a co-conspirator drove them to San Antonio")
                named = next((t.i for t in reversed(doc[place.end:station.cue])
                              if t.ent_type_ in TRAVELLER_TYPES), -1)
                if named >= 0:
                    return named
                break
        for place, station, _ in chain:
            for verb in place.root.ancestors:
                if verb.pos_ == "NOUN" and self._carried_of(verb) >= 0:
                    return self._carried_of(verb)
                if verb.pos_ in ("VERB", "AUX"):
                    if self._carried_by(verb) >= 0:
                        return self._carried_by(verb)
                    if self._it_took(verb) >= 0:
                        return self._it_took(verb)
                    break
            cue = doc[station.cue]
            if cue.pos_ == "ADP" and cue.head.pos_ == "VERB" and self._carried_by(cue.head) >= 0:
                return self._carried_by(cue.head)
        return -1

    def _it_took(self, verb: Token) -> int:
        """Who the time a journey took is told of: "It took Julia five years to get from Kassai
        to Laredo", "it took them weeks to reach the border"; -1 for none."""
        node = verb
        for _ in range(2):
            node = node.head
            if node.lemma_.lower() in self.time_taken and any(
                    c.dep_ == "nsubj" and c.lower_ == "it" for c in node.children):
                return next((c.i for c in node.children if c.dep_ in ("dobj", "dative")
                             and (c.ent_type_ in TRAVELLER_TYPES or c.pos_ == "PRON")), -1)
        return -1

    def _carried_by(self, verb: Token) -> int:
        """Whom a verb carries: its object when it is a verb like "smuggle", or whom its object
        or the noun after its "for" is of ("facilitated the travel of four migrants", "arranged
        for their travel"); -1 for none."""
        for child in verb.children:
            if child.dep_ == "dobj" and verb.lemma_.lower() in self.carried_by \
                    and child.ent_type_ not in PLACE_TYPES and child.lemma_.lower() not in self.vehicles:
                return child.i  # "smuggled 100 migrants", not "took a bus to Colombia"
            if child.dep_ == "dobj" and self._carried_of(child) >= 0:
                return self._carried_of(child)
            if child.dep_ == "prep" and child.lower_ in self.movement_object_preps:
                found = next((self._carried_of(g) for g in child.children
                              if g.dep_ == "pobj" and self._carried_of(g) >= 0), -1)
                if found >= 0:
                    return found
        return -1

    def _carried_of(self, noun: Token) -> int:
        """Whom a noun of a journey is of: "the travel of four migrants", "their travel"
        (the possessive, which kg/extract.py resolves); -1 for none."""
        if noun.lemma_.lower() not in self.carried_by_nouns:
            return -1
        return next((g.i for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in PLACE_TYPES),
                    next((c.i for c in noun.children if c.dep_ == "poss" and c.ent_type_ not in PLACE_TYPES), -1))


@Language.factory("bk_journeys", default_config={"rules_file": "journeys.json"})
def make_journey_reader(nlp: Language, name: str, rules_file: str) -> JourneyReader:
    """The reader, with the words of ``pipelines/<rules_file>``."""
    rules = json.loads((data_dir("pipelines") / rules_file).read_text("utf-8"))
    return JourneyReader(rules)
