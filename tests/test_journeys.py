"""``bk_journeys`` (kg/components/journeys.py) and the route legs made of it, on sentences written for the tests."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document, Extraction


def read(nlp, text: str) -> Extraction:
    return extract(nlp(text), Document(id="t", text=text, sources=("t.txt",), content_hash="h"))


def legs(nlp, text: str) -> list[tuple[str, str]]:
    return [(leg.origin.name, leg.destination.name) for leg in read(nlp, text).route_legs]


def groups(nlp, text: str) -> set[str]:
    return {leg.group for leg in read(nlp, text).route_legs}


def relations(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject.name, r.predicate, r.object.name) for r in extraction.relations}


@pytest.mark.parametrize(("text", "expected"), [
    # origin and destination with words between them
    ("The ring smuggled dozens of families from Honduras to the United States.",
     [("Honduras", "United States")]),
    # a boat that departed one place and landed near another: where it arrived ("near" tells no
    # leg where people were only caught near a place)
    ("A cabin cruiser that departed Rosarito before dawn landed near Carlsbad, where agents waited.",
     [("Rosarito", "Carlsbad")]),
    # a crossing a verb takes as its object moves, after a "where" that names the place it left
    ("The migrants flew from Tapachula to Monterrey, where a guide arranged their illegal crossing into Texas.",
     [("Tapachula", "Monterrey"), ("Monterrey", "Texas")]),
    # a list after "through" is travelled in the order written, then the destination
    ("The family traveled through Guatemala, Mexico and then into Texas.",
     [("Guatemala", "Mexico"), ("Mexico", "Texas")]),
    # a stopover named with "via" comes before the destination it leads to
    ("The couple flew to Madrid via Bogota last spring.", [("Bogota", "Madrid")]),
    # what an "after" clause tells happened first
    ("Carlos Mendoza reached Tijuana after crossing Guatemala on foot.", [("Guatemala", "Tijuana")]),
    # places a journey could go to, each from where it comes
    ("Many fled from Venezuela to Colombia, Peru and Chile.",
     [("Venezuela", "Colombia"), ("Venezuela", "Peru"), ("Venezuela", "Chile")]),
    # places listed with "or", each on to where the journey goes next
    ("Most fly to Brazil or Ecuador and then travel north through Colombia.",
     [("Brazil", "Colombia"), ("Ecuador", "Colombia")]),
    # a relative clause with a word of movement that only describes a noun tells no step
    (("From Phoenix, the aliens were placed on flights to Atlanta, Chicago and Denver, where relatives "
      "paid the smuggling fees."),
     [("Phoenix", "Atlanta"), ("Phoenix", "Chicago"), ("Phoenix", "Denver")]),
    # an origin named last is still where the journey starts
    ("More than 24,000 Guatemalans were arrested entering Texas from Mexico last year.",
     [("Mexico", "Texas")]),
    # a list of pairs is several journeys, not one
    ("Vans carried families from Matamoros to Brownsville, Nuevo Laredo to Laredo and Reynosa to McAllen.",
     [("Matamoros", "Brownsville"), ("Nuevo Laredo", "Laredo"), ("Reynosa", "McAllen")]),
    # a misspelt country among countries is that country
    ("The ring brought aliens from India, Pakistan, Columbia, Guatemala and Ecuador into the United States.",
     [("India", "United States"), ("Pakistan", "United States"), ("Colombia", "United States"),
      ("Guatemala", "United States"), ("Ecuador", "United States")]),
    # places listed after a destination are stops when the journey goes on after them
    (("Migrants from Ecuador flew to El Salvador, then continued by bus to Guatemala and Mexico "
      "before crossing into Arizona."),
     [("Ecuador", "El Salvador"), ("El Salvador", "Guatemala"), ("Guatemala", "Mexico"), ("Mexico", "Arizona")]),
    # a journey goes on past commas and adverbs ("and ultimately, to")
    (("The smugglers arranged the travel of four migrants from Honduras through Guatemala, and "
      "ultimately, to the United States."),
     [("Honduras", "Guatemala"), ("Guatemala", "United States")]),
    # a stop on the way, named as "the city of X"
    ("The two men flew from Lima to Monterrey and waited in the Mexican city of Tijuana for a month.",
     [("Lima", "Monterrey"), ("Monterrey", "Tijuana")]),
    # a town's area is the town, and the United States border is the U.S.-Mexico border
    ("Smugglers were bringing people from the United States border to several houses in the Phoenix area.",
     [("U.S.-Mexico border", "Phoenix")]),
    # a story told in fragments: a verb with no subject, time spent in places, places alone
    (("Carlos Mendoza flew to Lima. Took a bus to Quito. Two weeks in Bogota, then three more in "
      "Panama. Then Nicaragua. Honduras."),
     [("Lima", "Quito"), ("Quito", "Bogota"), ("Bogota", "Panama"), ("Panama", "Nicaragua"),
      ("Nicaragua", "Honduras")]),
    # a place named by its possessor keeps the cue before the possessor
    ("The family walked from Colombia through Panama's Darién Gap for ten days.",
     [("Colombia", "Darién Gap")]),
    # "and to" repeats the destination cue, even where the parser reads an infinitive ("to stash")
    ("Smugglers moved the families from Guatemala to the U.S.-Mexico border and to stash houses in Houston.",
     [("Guatemala", "U.S.-Mexico border"), ("U.S.-Mexico border", "Houston")]),
    # the places of a way ("through a network ... operating out of A, B and C") in the order listed
    (("The smugglers arranged for their travel through a network of guides operating out of "
      "Ecuador, Colombia, Panama and Mexico to the United States."),
     [("Ecuador", "Colombia"), ("Colombia", "Panama"), ("Panama", "Mexico"), ("Mexico", "United States")]),
    # a vehicle "bound for" a place goes there (from where the crossing into Texas arrived)
    ("After crossing into Texas near Del Rio, the migrants were loaded into a tractor-trailer bound for San Antonio.",
     [("Del Rio", "San Antonio")]),
    # a journey told in a sentence set in a place ("In Guatemala, ...") starts there, after its origin
    ("In Guatemala, the officials saw a repatriation flight bring 60 migrants back to Honduras.",
     [("Guatemala", "Honduras")]),
    ("In Mexico, the migrants traveled from Guatemala to Texas.", [("Guatemala", "Mexico"), ("Mexico", "Texas")]),
    ("They flew to Tijuana. In Tijuana, they took a bus to Mexicali.", [("Tijuana", "Mexicali")]),
    ("Once in Mexico City, the migrants took buses to Reynosa.", [("Mexico City", "Reynosa")]),
    # "the N" named again after "N in X" stands for X
    ("She rented a warehouse in Nuevo Laredo and moved the migrants to the warehouse and then into Texas.",
     [("Nuevo Laredo", "Texas")]),
    # a destination however deep in the phrase of its cue
    ("The boy traveled from Honduras to a room at the back of a church shelter in El Paso.",
     [("Honduras", "El Paso")]),
    # a journey told backwards: all an "after" clause names came first, the crossing's place too
    ("The family arrived in Houston on Monday, after they crossed the Rio Grande at Eagle Pass.",
     [("Eagle Pass", "Houston")]),
    ("The men reached Phoenix late Sunday, after two of them first crossed the border at Nogales.",
     [("Nogales", "Phoenix")]),
    # all a "before" clause names came last, however early the sentence tells it
    ("Before reaching Tijuana, the family had spent two months in Tapachula.", [("Tapachula", "Tijuana")]),
    ("Before crossing into Arizona, the group had waited a week in Sonoyta.", [("Sonoyta", "Arizona")]),
    ("The men stayed in Piedras Negras before they waded into Eagle Pass and rode a bus to Dallas.",
     [("Piedras Negras", "Eagle Pass"), ("Eagle Pass", "Dallas")]),
    # travellers stranded in a place set out from it
    ("Haitian migrants stranded in Tapachula have traveled by bus to Mexico City.", [("Tapachula", "Mexico City")]),
    # places on the way after a destination that lead on "then" to the next place come after it
    ("Migrants traveled from Haiti to Chile through Peru and Ecuador, and then into Colombia.",
     [("Haiti", "Chile"), ("Chile", "Peru"), ("Peru", "Ecuador"), ("Ecuador", "Colombia")]),
    # a country transited is a step on the way
    ("The migrants transited Mexico on their way to the United States.", [("Mexico", "United States")]),
    # a place travellers brave or confront is on their way
    ("From Turbo, the families had to brave the Darién Gap, a stretch of jungle with no roads.",
     [("Turbo", "Darién Gap")]),
    ("From Acandí, the men confronted the Darién Gap on foot before they reached Bajo Chiquito.",
     [("Acandí", "Darién Gap"), ("Darién Gap", "Bajo Chiquito")]),
    # where a journey is destined for is its destination
    ("Smugglers moved the men from Guatemala through Mexico, destined for Houston.",
     [("Guatemala", "Mexico"), ("Mexico", "Houston")]),
    # a place only hoped for is no station: the journey goes on to where they went
    ("The couple left Quito in hopes of reaching Texas, and spent a month in Tapachula.", [("Quito", "Tapachula")]),
])
def test_journey_legs_in_travel_order(nlp, text, expected):
    assert legs(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # no movement word: an extent, not a journey
    "The sector's border runs from Sierra Blanca to Sanderson along the river.",
    # the places of "between" bound an area
    "The families waited at the border between Guatemala and Mexico for days.",
    # the "to" of an infinitive is no destination
    "Venezuelan migrants traveled through Colombia to seek asylum in Chile.",
    # ports of entry "with" a country are no way through it
    "About 9,000 Cubans entered the U.S. through ports of entry with Mexico in December.",
    # where a sentence is set is no journey by itself
    "In Texas, Border Patrol agents arrested 40 migrants who had crossed the river.",
    # people caught near a place did not arrive there from where they were before
    "The group left the stash house in Laredo and was apprehended near Cotulla.",
])
def test_no_leg_without_a_journey(nlp, text):
    assert ("Colombia", "Chile") not in legs(nlp, text)
    assert legs(nlp, text) == [] or "Colombia" in text


@pytest.mark.parametrize("text", [
    "Colombia is a country of land and sea that connects Ecuador to Panama.",
    "The head of the agency met officials from Guatemala to Panama.",
    # a sum of money in something is no time spent there
    "Congress weighs $110 billion in aid for Ukraine and Israel.",
])
def test_a_word_that_moves_only_as_a_verb_is_no_journey_as_a_noun(nlp, text):
    assert legs(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The family traveled from San Pedro Sula, Honduras, to Laredo, Texas, by bus.", [("San Pedro Sula", "Laredo")]),
    # a place no gazetteer holds as a town, with its state in apposition
    ("The panga left Rosarito Beach, Baja California, at dusk and sailed north to La Jolla.",
     [("Rosarito Beach", "La Jolla")]),
])
def test_a_place_that_says_where_another_is_is_not_a_station(nlp, text, expected):
    assert legs(nlp, text) == expected


def test_where_a_person_is_from_set_off_by_commas_is_no_origin_of_the_trip(nlp):
    assert legs(nlp, "Ana Ruiz, 29, from Reynosa, Tamaulipas, drove the truck into the checkpoint "
                     "north of Laredo on Monday.") == []
    assert legs(nlp, "Ana Ruiz, 29, traveled from Reynosa to Laredo on Monday.") == [("Reynosa", "Laredo")]


def test_a_move_a_rule_tells_of_whoever_would_make_it_is_no_leg(nlp):
    assert legs(nlp, "The agreement would require migrants who cross into Guatemala on their way to "
                     "the United States to seek asylum there.") == []
    # a clause of who carries them tells what they do
    assert legs(nlp, "Officials fined charter companies that carry migrants from Havana to Managua.") == [
        ("Havana", "Managua")]


@pytest.mark.parametrize("text", [
    "Families seeking to enter the United States continue to arrive in Piedras Negras.",
    ("Ramiro Estrada told the informant that he wanted to smuggle the women into the United States. "
     "He then drove them to Monterrey."),
])
def test_a_place_only_wished_for_is_no_station_of_the_route(nlp, text):
    assert legs(nlp, text) == []


def test_places_that_land_joins_are_no_stations_but_the_sides_of_a_crossed_river_are(nlp):
    assert legs(nlp, "The jungle area connects Colombia to Panama and has been a dangerous route "
                     "for migrants trying to reach the United States.") == []
    assert legs(nlp, "Migrants waded across the river that separates Piedras Negras from Eagle Pass.") == [
        ("Piedras Negras", "Eagle Pass")]


def test_an_airport_in_a_city_is_where_in_the_city_travellers_arrived(nlp):
    found = legs(nlp, "ICE flew him from Alexandria, Louisiana, to the Toncontin International Airport "
                      "in Tegucigalpa, Honduras.")
    assert found == [("Alexandria", "Tegucigalpa")]


def test_a_description_of_a_place_is_no_journey(nlp):
    found = legs(nlp, "The migrants began the journey through Guatemala, the main land route to Mexico from Honduras.")
    assert ("Guatemala", "Mexico") not in found and ("Honduras", "Guatemala") not in found


def test_a_description_of_a_place_that_tells_who_travels_is_a_journey_of_its_own(nlp):
    found = legs(nlp, "Officials vowed to keep families from crossing the Suchiate River, a route taken by "
                      "people traveling from Central America to the U.S. border.")
    assert found == [("Central America", "U.S.-Mexico border")]


def test_a_port_of_entry_stands_for_the_country_it_enters(nlp):
    found = legs(nlp, "They flew to Tijuana and then entered the U.S. at the San Ysidro port of entry.")
    assert found and found[0][0] == "Tijuana" and "United States" not in found[0]


def test_a_border_and_its_countries_make_no_leg(nlp):
    found = legs(nlp, "Thousands of migrants crossed the U.S.-Mexico border into the United States.")
    assert ("U.S.-Mexico border", "United States") not in found


def test_who_is_carried_travels(nlp):
    assert groups(nlp, "Smugglers transported the Guatemalan migrants from Tapachula to Monterrey.") == {
        "Guatemalan migrants"}


def test_travellers_travel_through_the_places_on_their_way(nlp):
    text = "Smugglers moved the Honduran migrants from Tapachula through Mexico City to Reynosa."
    found = relations(read(nlp, text))
    assert ("Honduran migrants", "travelsThrough", "Mexico City") in found
    assert ("Honduran migrants", "travelsThrough", "Reynosa") not in found


def test_legs_are_numbered_in_the_order_travelled(nlp):
    text = ("Carlos Mendoza flew from Caracas to Bogota in May. "
            "In April he had traveled from Maracaibo to Caracas by bus.")
    found = {(leg.origin.name, leg.destination.name): leg.order for leg in read(nlp, text).route_legs}
    assert found == {("Maracaibo", "Caracas"): 1, ("Caracas", "Bogota"): 2}


@pytest.mark.parametrize(("text", "expected"), [
    # the release names a group later, so its unnamed "noncitizens" are no entity: they are the
    # document's migrants, as a word that says no more than that they are people
    (("A Bangladeshi national was sentenced for a conspiracy to smuggle noncitizens from Mexico into "
      "the United States. The scheme endangered the lives of Bangladeshi migrants."), {"migrants"}),
    # a plural noun that travels is not the one person named before it
    (("Laura Pineda ran a hotel in Tapachula. Pineda bought bus tickets for the individuals to travel "
      "from Tapachula to Monterrey."), {"migrants"}),
    # a word that says more names the group itself
    ("Smugglers transported families from Honduras to the United States.", {"families"}),
    # a boat's people, unnamed where the release names other groups, are its migrants
    (("Agents detained 11 Guatemalan nationals on the beach. A second panga that departed Rosarito "
      "landed near Carlsbad."), {"migrants"}),
])
def test_who_is_carried_names_the_group_when_it_is_no_entity(nlp, text, expected):
    assert groups(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "The organization smuggled thousands of aliens from Afghanistan to the United States.",
    "They moved scores of Guatemalan migrants from Tapachula to Reynosa.",
])
def test_who_is_carried_is_what_a_number_word_counts(nlp, text):
    found = groups(nlp, text)
    assert found and not found & {"thousands", "scores"}
    assert found <= {"migrants", "Guatemalan migrants"}


def test_travellers_cross_at_the_border_places_they_cross(nlp):
    text = "Dozens of Cuban migrants crossed the U.S.-Mexico border and entered the San Ysidro port of entry."
    found = relations(read(nlp, text))
    assert ("Cuban migrants", "crossesAt", "U.S.-Mexico border") in found
    assert ("Cuban migrants", "travelsThrough", "U.S.-Mexico border") not in found
    assert any(p == "crossesAt" and "San Ysidro" in o for _, p, o in found)


def test_a_border_river_waded_across_is_where_they_crossed(nlp):
    found = relations(read(nlp, "Ana Ruiz waded across the Colorado River from San Luis Río Colorado."))
    assert ("Ana Ruiz", "crossesAt", "Colorado River") in found
    assert ("Ana Ruiz", "travelsThrough", "Colorado River") not in found


def test_a_us_city_or_port_the_way_into_the_united_states_is_where_they_crossed(nlp):
    found = relations(read(nlp, "The Salvadorans flew to Monterrey and were later smuggled into the United "
                                "States through either Laredo or Eagle Pass, Texas."))
    assert {("Salvadoran migrants", "crossesAt", "Laredo"), ("Salvadoran migrants", "crossesAt", "Eagle Pass")} <= found
    # a Mexican city on the way into the United States is passed through
    found = relations(read(nlp, "The Salvadorans traveled through Tapachula into the United States."))
    assert ("Salvadoran migrants", "travelsThrough", "Tapachula") in found
    assert not any(p == "crossesAt" for _, p, _ in found)


def test_a_crossing_near_a_city_and_the_noun_a_participle_describes(nlp):
    text = "Agents stopped a group of Cuban migrants entering the country through the Rio Grande near Eagle Pass."
    extraction = read(nlp, text)
    found = relations(extraction)
    assert {("Cuban migrants", "crossesAt", "Rio Grande"),
            ("Cuban migrants", "crossesAt", "Eagle Pass")} <= found
    assert extraction.route_legs == ()  # "near" says where, it is no leg


def test_making_ones_way_is_a_journey(nlp):
    assert legs(nlp, "The Guatemalan migrants made their way through Mexico to Texas.") == [("Mexico", "Texas")]


def test_a_port_of_entry_and_the_state_it_leads_into_are_one_step(nlp):
    found = legs(nlp, "Agents escorted the families from Reynosa through the Hidalgo port of entry into Texas.")
    assert found and all(destination != "Texas" for _, destination in found)


def test_the_headline_starts_no_journey(nlp):
    text = "Cuban migrants fly to Texas. They then traveled to Houston by bus."
    as_body = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    as_title = Document(id="t", text=text, sources=("t.txt",), content_hash="h",
                        title="Cuban migrants fly to Texas.")
    pairs = [{(leg.origin.name, leg.destination.name) for leg in extract(nlp(text), d).route_legs}
             for d in (as_body, as_title)]
    assert ("Texas", "Houston") in pairs[0] and ("Texas", "Houston") not in pairs[1]


def test_a_border_crossed_on_the_way_is_no_stop_of_the_route(nlp):
    text = ("The organization brought Cuban migrants from Ecuador and Peru into the United States "
            "across the border with Mexico.")
    assert legs(nlp, text) == [("Ecuador", "United States"), ("Peru", "United States")]
    assert ("Cuban migrants", "crossesAt", "U.S.-Mexico border") in relations(read(nlp, text))
    to_the_border = "She moved migrants from Honduras to the U.S.-Mexico border and then to Phoenix."
    assert ("Honduras", "U.S.-Mexico border") in legs(nlp, to_the_border)
    # the crossing of one clause joins no places of another
    other_clause = ("A friend who had entered the U.S. illegally through the southern border "
                    "arranged a ride for her after she arrived in Mexico.")
    assert ("Mexico", "United States") not in legs(nlp, other_clause)


def test_the_travel_or_movement_of_people_is_their_journey(nlp):
    text = "He conspired to facilitate the travel of four Guatemalan migrants through Mexico to Houston."
    assert ("Guatemalan migrants", "travelsThrough", "Mexico") in relations(read(nlp, text))
    assert groups(nlp, text) == {"Guatemalan migrants"}
    text = "She coordinated the movement of Honduran migrants from Honduras to the U.S.-Mexico border."
    assert groups(nlp, text) == {"Honduran migrants"}


def test_a_story_told_over_sentences_keeps_its_order(nlp):
    text = ("Carlos Mendez, 34, left Caracas in March with his wife and two children. They crossed "
            "into Colombia, then walked for six days through the Darién Gap into Panama. From there, "
            "buses took them through Costa Rica, Nicaragua, Honduras and Guatemala. In Tapachula, "
            "Mexico, they waited two months before boarding a freight train north to Ciudad Juárez.")
    assert legs(nlp, text) == [
        ("Caracas", "Colombia"), ("Colombia", "Darién Gap"), ("Darién Gap", "Panama"),
        ("Panama", "Costa Rica"), ("Costa Rica", "Nicaragua"), ("Nicaragua", "Honduras"),
        ("Honduras", "Guatemala"), ("Guatemala", "Tapachula"), ("Tapachula", "Ciudad Juárez")]
    assert legs(nlp, "They flew to Cancún via Istanbul.") == [("Istanbul", "Cancún")]


def test_a_summed_up_journey_told_step_by_step(nlp):
    text = ("It took the family two years to get from Caracas to a shelter in Ciudad Juárez. "
            "First, they spent a year in Bogota. The father worked in construction. "
            "Then they took a bus to Panama.")
    assert set(legs(nlp, text)) == {("Caracas", "Bogota"), ("Bogota", "Panama"), ("Panama", "Ciudad Juárez")}
    # without "First," the journey is told as it comes
    assert ("Caracas", "Bogota") not in legs(nlp, text.replace("First, they", "They"))


@pytest.mark.parametrize("text", [
    ("Up to 30,000 individuals per month from Cuba, Haiti, Nicaragua, and Venezuela may be eligible "
    "to come to the United States for two years."),
    "Ukrainians with a sponsor are eligible to travel from Poland to the United States.",
])
def test_a_movement_only_allowed_is_no_journey(nlp, text):
    assert read(nlp, text).route_legs == ()
    assert read(nlp, "Maria fled from Honduras to Mexico. " + text).route_legs[0].origin.name == "Honduras"


def test_a_country_or_agency_is_no_traveller(nlp):
    text = ("The United States is taking steps to impose visa restrictions on an executive of a charter "
            "flight company for facilitating irregular migration to the United States via Nicaragua "
            "from outside the hemisphere.")
    legs = read(nlp, text).route_legs
    assert [(leg.origin.name, leg.destination.name) for leg in legs] == [("Nicaragua", "United States")]
    assert all(leg.travellers == () and leg.group != "United States" for leg in legs)


def test_a_journey_told_over_sentences_keeps_its_travellers(nlp):
    # "It took X ... to get from": X travels; the steps told after it are X's, "they" or not
    text = ("It took Rosa Delgado three years to get from Tegucigalpa to a shelter in Reynosa. "
            "First, she spent a year in Guatemala City. Then they took a bus to Tapachula.")
    assert groups(nlp, text) == {"Rosa Delgado"}
    text = ("Smugglers moved the Honduran migrants from San Pedro Sula to Guatemala City. "
            "From there, buses took them to Reynosa.")
    assert groups(nlp, text) == {"Honduran migrants"}


def test_whose_travel_a_possessive_says(nlp):
    text = ("The ring housed the migrants in Tapachula and arranged for their travel through a network "
            "of drivers operating out of Puebla and Monterrey to Laredo.")
    assert groups(nlp, text) == {"migrants"}
    # the places of the network are legs of the route, not places the text says they went through
    assert not {o for _, p, o in relations(read(nlp, text)) if p == "travelsThrough"}
    text = "The ring housed the migrants in Tapachula and arranged for their travel through Guatemala to Laredo."
    assert ("migrants", "travelsThrough", "Guatemala") in relations(read(nlp, text))


def test_unnamed_people_carried_are_the_documents_migrants(nlp):
    text = ("Agents found the aliens in a house in Tapachula. The ring was responsible for the smuggling "
            "of dozens of individuals from Guatemala to Houston.")
    assert groups(nlp, text) == {"migrants"}
    # a vehicle taken carries no one
    assert "bus" not in groups(nlp, "Maria Lopez left Caracas. Took a bus to Bogota.")


def test_a_flight_returning_migrants_carries_them_not_its_onlooker(nlp):
    text = "In Houston, Secretary Ana Ruiz watched a charter flight returning 60 migrants to Guatemala City."
    assert groups(nlp, text) == {"migrants"}


def test_a_journey_it_continues_names_who_goes_through_its_places(nlp):
    text = ("It took Rosa Delgado two years to get from Caracas to a shelter in Reynosa. First, it was "
            "a year in Bogota. Then they walked for ten days through the Darién Gap. Then Costa Rica. Nicaragua.")
    found = {(s, o) for s, p, o in relations(read(nlp, text)) if p == "travelsThrough"}
    # the places a story names alone are legs of the route, not said to be gone through
    assert found == {("Rosa Delgado", "Darién Gap")}
    assert groups(nlp, text) == {"Rosa Delgado"}


def test_whom_for_sends_on_the_way_travels(nlp):
    text = "Court records show that Ana Ruiz arranged for Hondurans to travel from Choluteca to Tapachula."
    assert groups(nlp, text) == {"Honduran migrants"}


@pytest.mark.parametrize(("text", "who"), [
    (("Border Patrol agents apprehended 40 Honduran migrants near Hidalgo. The group had traveled from "
      "San Pedro Sula to Reynosa by bus."), {"Honduran migrants"}),
    ("Agents found 16 Chinese migrants in a truck near Laredo. They had flown from Shanghai to Quito.",
     {"Chinese migrants"}),
    (("Agents found 16 Chinese migrants in a truck near Laredo. The migrants said they had flown from "
      "Shanghai to Quito."), {"Chinese migrants"}),
])
def test_the_group_or_they_travel_as_the_travellers_named_before(nlp, text, who):
    assert groups(nlp, text) == who


def test_the_family_goes_on_with_the_journey_of_the_people_named_before(nlp):
    text = "Maria Gonzalez and her two sons left Caracas in May. The family flew to Bogota and took a bus to Necoclí."
    assert legs(nlp, text) == [("Caracas", "Bogota"), ("Bogota", "Necoclí")]
    assert groups(nlp, text) == {"Maria Gonzalez"}  # the bus they took carries them, it travels nowhere


@pytest.mark.parametrize(("text", "expected"), [
    # "near" after a crossing is where the crossing arrived
    ("Ortiz guided the migrants from Piedras Negras across the Rio Grande near Eagle Pass.",
     [("Piedras Negras", "Eagle Pass")]),
    ("The group had left Ojinaga two days earlier, crossed the Rio Grande near Presidio and walked toward Marfa.",
     [("Ojinaga", "Presidio"), ("Presidio", "Marfa")]),
    ("The men rode a bus to Ciudad Juárez. The next day they crossed into the United States near El Paso.",
     [("Ciudad Juárez", "El Paso")]),
])
def test_a_crossing_arrives_near_the_place_it_names(nlp, text, expected):
    assert legs(nlp, text) == expected


def test_near_another_verb_is_no_step(nlp):
    text = "The family left Reynosa in May and was apprehended near McAllen by Border Patrol agents."
    assert ("Reynosa", "McAllen") not in legs(nlp, text)


@pytest.mark.parametrize(("text", "expected"), [
    # a country crossed between places in it is passed through, not a step
    ("Before that, he had spent ten days crossing Mexico by bus from Tapachula to Mexicali.",
     [("Tapachula", "Mexicali")]),
    ("She traveled by bus to Ipiales and on through Colombia to Necoclí.", [("Ipiales", "Necoclí")]),
    # a sentence set in the country of the city the journey reached goes on from the city
    ("Ana Ruiz flew from Havana to Managua. In Nicaragua she boarded a bus that took her through Honduras.",
     [("Havana", "Managua"), ("Managua", "Honduras")]),
])
def test_a_country_around_the_steps_is_no_step(nlp, text, expected):
    assert legs(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an official's visit carries no one: no leg of a route
    ("The Vice President traveled from Washington to Mexico City and continued to Guatemala City.", []),
    ("Secretary Rubio flew from Washington to Panama City on Saturday.", []),
    # a courtesy title is no office
    ("Ms. Ruiz flew from Caracas to Managua in May.", [("Caracas", "Managua")]),
    # people an official carries travel
    ("In Guatemala, the officials saw a repatriation flight bring 60 migrants back to Honduras.",
     [("Guatemala", "Honduras")]),
])
def test_an_officials_trip_is_no_route(nlp, text, expected):
    assert legs(nlp, text) == expected


def test_a_port_of_entry_into_a_city_is_where_they_cross_not_a_step(nlp):
    text = "After four nights in Tijuana, Irina Volkova crossed at the San Ysidro Port of Entry into San Diego."
    extraction = read(nlp, text)
    assert [(leg.origin.name, leg.destination.name) for leg in extraction.route_legs] == [("Tijuana", "San Diego")]
    assert any(p == "crossesAt" and "San Ysidro" in o for _, p, o in relations(extraction))


def test_a_group_a_relative_clause_moves_goes_on_with_no_one_elses_journey(nlp):
    text = ("Dmitri Volkov flew from Istanbul to Tijuana and crossed into San Diego. He is among thousands "
            "of Russians who have entered the United States through ports of entry in California.")
    found = legs(nlp, text)
    assert ("Tijuana", "San Diego") in found
    assert not {("San Diego", "California"), ("San Diego", "United States"), ("California", "United States")} & set(found)


@pytest.mark.parametrize(("text", "expected"), [
    # boarding a boat to a place goes there
    ("The family made their way to Necoclí, where they boarded a boat to Turbo.",
     [("Necoclí", "Turbo")]),
    # a stay told deep in a phrase ("two nights at a center in Panama") is a stop
    (("Carlos Mendoza walked through the Darién Gap. After two nights at a reception center in Panama, "
      "he traveled by bus through Costa Rica to Nicaragua."),
     [("Darién Gap", "Panama"), ("Panama", "Costa Rica"), ("Costa Rica", "Nicaragua")]),
    # the next step, told as what came next, or as a move of its own
    ("The Rahimi family spent a year in Islamabad, Pakistan. Next came a flight to Quito.",
     [("Islamabad", "Quito")]),
    ("Carlos Mendoza took a bus to Necoclí. The walk through the Darién Gap took six days.",
     [("Necoclí", "Darién Gap")]),
    # an origin after a journey that was only passing through goes on from it
    ("Rosa Quishpe crossed Guatemala by bus. Smugglers drove her from Tapachula to Reynosa.",
     [("Guatemala", "Tapachula"), ("Tapachula", "Reynosa")]),
])
def test_a_journey_goes_on_from_sentence_to_sentence(nlp, text, expected):
    assert legs(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # a count of flights is no next step, nor a wish to leave a country
    ("Most passengers travel overland through Honduras to the U.S.-Mexico border. More than 500 such "
     "charter flights landed in Managua between August and October."),
    ("He began the journey through the Darién Gap. He searched for how to get out of China."),
])
def test_what_is_no_next_step(nlp, text):
    assert not any(origin in ("U.S.-Mexico border", "Darién Gap") for origin, _ in legs(nlp, text))


def test_a_place_near_which_a_crossed_group_was_caught_is_where_they_arrived(nlp):
    text = ("Carlos Mendoza rode buses to Ciudad Juárez. In late April the family was apprehended near "
            "El Paso, Texas, shortly after crossing the Rio Grande.")
    assert legs(nlp, text) == [("Ciudad Juárez", "El Paso")]
    # a crossing told of others, in a clause about a noun, says nothing of where the agents were
    text = ("Agents were on patrol near Presidio when they found the footprints of people who had "
            "entered the United States.")
    assert legs(nlp, text) == []


def test_a_river_crossed_is_no_step(nlp):
    text = "The migrants walked to Tecun Uman and crossed the Suchiate River into Ciudad Hidalgo."
    assert ("Suchiate River", "Ciudad Hidalgo") not in legs(nlp, text)
    assert ("migrants", "travelsThrough", "Suchiate River") in relations(read(nlp, text))


def test_a_journey_told_backwards_is_made_by_the_subject_of_its_first_named_place(nlp):
    text = ("Dozens of Cuban migrants waited in Monterrey for weeks. The migrants reached Chicago on Friday, "
            "after 150 of them crossed the border at Laredo.")
    extraction = read(nlp, text)
    assert ("Cuban migrants", "crossesAt", "Laredo") in relations(extraction)
    assert [(leg.group, leg.origin.name, leg.destination.name) for leg in extraction.route_legs] == [
        ("Cuban migrants", "Laredo", "Chicago")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The migrants reached El Paso in May. Weeks before, they had flown from Caracas to Mexico City.",
     {("Caracas", "Mexico City"), ("Mexico City", "El Paso")}),
    ("Ana Ruiz arrived in San Diego last week. She had left Quito in March and spent two months in Tijuana.",
     {("Quito", "Tijuana"), ("Tijuana", "San Diego")}),
    ("The group entered the United States near Sasabe. Smugglers had driven them there from Hermosillo.",
     {("Hermosillo", "Sasabe")}),
])
def test_a_past_perfect_journey_after_another_led_to_where_that_one_ended(nlp, text, expected):
    assert set(legs(nlp, text)) == expected


def test_a_past_perfect_journey_of_other_people_leads_nowhere_before(nlp):
    text = ("The family flew to Cancún in June. The next month the Border Patrol had arrested 40 men in "
            "Yuma who had walked from Sonoyta.")
    assert ("Sonoyta", "Cancún") not in legs(nlp, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("The couple flew to Madrid via Bogota and Lima.", {("Bogota", "Lima"), ("Lima", "Madrid")}),
    ("Smugglers drove the men into Texas through Piedras Negras and Eagle Pass.",
     {("Piedras Negras", "Eagle Pass"), ("Eagle Pass", "Texas")}),
])
def test_places_listed_under_one_way_keep_together_before_the_destination(nlp, text, expected):
    assert set(legs(nlp, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a crossing joined by "and" to the verb "near" hangs from
    ("Twelve Cuban migrants crossed the river and surrendered to agents near Eagle Pass.",
     ("Cuban migrants", "crossesAt", "Eagle Pass")),
    # a direction from a town says where a crossing was
    ("Agents apprehended 40 Guatemalan migrants who had crossed the border west of Lukeville.",
     ("Guatemalan migrants", "crossesAt", "Lukeville")),
    ("A group of 40 Guatemalan migrants illegally entered the country east of San Luis.",
     ("Guatemalan migrants", "crossesAt", "San Luis")),
])
def test_where_a_crossing_was_told_by_near_or_a_direction(nlp, text, expected):
    assert expected in relations(read(nlp, text))


def test_a_direction_that_tells_no_crossing_leaves_the_place_its_cue(nlp):
    text = "The smugglers drove the migrants from Nogales to a stash house north of Tucson."
    assert legs(nlp, text) == [("Nogales", "Tucson")]


@pytest.mark.parametrize(("text", "expected"), [
    # a date between the crossing and "near" belongs to the crossing's verb
    ("Records show Pedro Salas illegally entered the United States on March 3, 2018, near Nogales, Arizona.",
     ("Pedro Salas", "crossesAt", "Nogales")),
    ("Pedro Salas illegally entered the country for the second time on June 9, 2021, near Calexico, California.",
     ("Pedro Salas", "crossesAt", "Calexico")),
    # "reentered", whose lemma the lemmatizer misses, is a crossing
    ("Two months later, Pedro Salas reentered the United States near Eagle Pass, Texas.",
     ("Pedro Salas", "crossesAt", "Eagle Pass")),
])
def test_a_crossing_told_with_a_date_or_as_a_reentry(nlp, text, expected):
    assert expected in relations(read(nlp, text))


def test_a_removal_carries_the_person_removed_not_the_officers(nlp):
    text = "On June 2, ERO Chicago officers removed Pedro Salas from the United States to Guatemala."
    extraction = read(nlp, text)
    assert [(leg.origin.name, leg.destination.name) for leg in extraction.route_legs] == \
        [("United States", "Guatemala")]
    assert {leg.group for leg in extraction.route_legs} == {"Pedro Salas"}


@pytest.mark.parametrize("text", [
    # "them" a driver carries is the group named before, not the driver
    "Raul Ortega picked up the migrants at a motel and drove them from Laredo to Dallas.",
    # a relative clause whose verb carries them, though its subject names no one
    ("Raul Ortega led the migrants on foot to a ranch north of Laredo, where a driver picked them up and drove "
     "them to Houston."),
])
def test_the_people_a_driver_carries_travel_not_the_driver(nlp, text):
    assert groups(nlp, text) == {"migrants"}


def test_a_crossing_told_in_a_clause_of_time_arrives_near_the_place(nlp):
    # "a day after ...": a time in apposition to the place, not a description of it
    text = ("Yoandri Pérez, 31, turned himself in to Border Patrol agents near Yuma, Arizona, last week, "
            "a day after he waded across the river from Los Algodones.")
    extraction = read(nlp, text)
    assert [(leg.origin.name, leg.destination.name) for leg in extraction.route_legs] == [("Los Algodones", "Yuma")]


def test_travel_through_mexico_to_the_border_is_a_step(nlp):
    text = "From Guatemala City, the families traveled by bus through Mexico to the U.S.-Mexico border."
    assert ("Mexico", "U.S.-Mexico border") in legs(nlp, text)
    assert ("U.S.-Mexico border", "Mexico") not in legs(nlp, "Agents expelled the men across the U.S.-Mexico border to Mexico.")


@pytest.mark.parametrize(("text", "expected"), [
    # "and then" after a destination goes on to the next step, not to another destination
    ("The smugglers moved the families from Honduras to Guatemala and then the United States.",
     [("Honduras", "Guatemala"), ("Guatemala", "United States")]),
    ("The couple flew from Dakar to Madrid and then Managua.", [("Dakar", "Madrid"), ("Madrid", "Managua")]),
    # a place after "on the" says where the place before is: no step
    ("She waited a month in Reynosa, on the U.S.-Mexico border, before she crossed into Hidalgo.", []),
])
def test_a_place_after_and_then_is_the_next_step(nlp, text, expected):
    assert [leg for leg in legs(nlp, text) if "U.S.-Mexico border" in leg or leg in expected] == expected


def test_a_leg_that_names_no_one_is_travelled_by_the_documents_migrants(nlp):
    text = ("Border Patrol agents apprehended 40 migrants near Sasabe on Monday. Smuggling routes run from "
            "Altar to Sasabe.")
    assert ("Altar", "Sasabe") in legs(nlp, text)
    assert groups(nlp, text) == {"migrants"}
