"""Entity extraction on sentences written for the tests (not copied from the corpus)."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract import extract
from kg.model import Document


def mentions(nlp, text: str) -> list[tuple[str, str]]:
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    extraction = extract(nlp(text), document)
    for m in extraction.mentions:
        assert text[m.evidence.start:m.evidence.end] == m.evidence.quote
        assert m.evidence.sentence == text[m.evidence.sentence_start:m.evidence.sentence_end]
    return [(m.name, m.type) for m in extraction.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said Title 42 would end in May.", ("Title 42", "Policy")),
        ("Many families booked slots through the CBP One app last week.", ("CBP One", "App")),
        ("She was granted humanitarian parole after two months.", ("humanitarian parole", "Program")),
        ("The Border Patrol detained the group near the river.", ("U.S. Border Patrol", "GovernmentAgency")),
        ("Cars lined up at the Santa Teresa port of entry.", ("Santa Teresa port of entry", "BorderCrossing")),
        ("They walked to the Hidalgo port of entry at dawn.", ("McAllen port of entry", "BorderCrossing")),
        ("Hundreds of Venezuelan asylum seekers waited in the rain.", ("Venezuelan migrants", "MigrantGroup")),
        ("Haitians lined up outside the shelter.", ("Haitian migrants", "MigrantGroup")),
        ("The program reunited Honduran minors with parents in Texas.", ("Honduran migrants", "MigrantGroup")),
        ("Reports rose of violence in sub-Saharan Africa.", ("sub-Saharan Africa", "Place")),
        ("The U.N. refugee agency opened a new office.", ("UNHCR", "Organization")),
        ("A Coast Guard cutter intercepted the panga off Point Loma.", ("U.S. Coast Guard", "GovernmentAgency")),
        ("He remains in custody pending transfer to a U.S. Bureau of Prisons facility.",
         ("Federal Bureau of Prisons", "GovernmentAgency")),
        ("Smuggling networks operate across the western hemisphere.", ("Western Hemisphere", "Place")),
        # an agency's own office after its possessive
        ("The cargo was flagged by CBP's National Targeting Center in Virginia.",
         ("National Targeting Center", "GovernmentAgency")),
        ("Deputies paid under Operation Stonegarden patrolled the river.", ("Operation Stonegarden", "Program")),
        # Justice Department programs by the names its releases give them
        ("Grants from Project Safe Neighborhood paid for two more prosecutors.",
         ("Project Safe Neighborhoods", "Program")),
        ("The sweep was part of Operation Take back America, officials said.",
         ("Operation Take Back America", "Program")),
        # a military zone along the border is a place
        ("Soldiers patrol the Arizona National Defense Area along the fence every night.",
         ("Arizona National Defense Area", "Place")),
        ("Prosecutors described the arrests under Operation Safe Harbor Ridge as a success.",
         ("Operation Safe Harbor Ridge", "Program")),  # an operation named in three words
        # a department's division, the department named with "of"
        ("An auditor from the Department of Commerce’s Export Enforcement Division testified on Tuesday.",
         ("Department of Commerce’s Export Enforcement Division", "GovernmentAgency")),
        # numbered roads, as checkpoint releases name them
        ("The van was stopped on Interstate Highway 10 near Sierra Blanca.", ("Interstate Highway 10", "Place")),
        ("Agents at the I-19 checkpoint found two men in the trunk.", ("I-19", "Place")),
        ("The truck tried to bypass the Interstate Highway 35 checkpoint north of the city.",
         ("Interstate Highway 35", "Place")),  # the model's organisation with its article
        # a national monument, refuge or reservation is a place, not an organisation
        ("Agents tracked the group across the Cabeza Prieta National Wildlife Refuge.",
         ("Cabeza Prieta National Wildlife Refuge", "Place")),
        ("Agents patrol the Chiricahua National Monument every night.",
         ("Chiricahua National Monument", "Place")),
        # a foreign country's institute, a county's or an enforcement office's center: government
        ("Officials of the Honduran Institute of Migration met the delegation in Tegucigalpa.",
         ("Honduran Institute of Migration", "GovernmentAgency")),
        ("Later that day, the Central Enforcement Response Center lodged a detainer with the county jail.",
         ("Central Enforcement Response Center", "GovernmentAgency")),
        # an agency's own unit or program after its possessive
        ("The flight was coordinated by ICE’s Air Operations Unit last week.", ("Air Operations Unit", "GovernmentAgency")),
        ("Officers from ERO Denver’s Criminal Apprehension Program arrested him.",
         ("Criminal Apprehension Program", "Program")),
        # a port named "Port of" its town, as CBP names them
        ("A man was arrested at the Port of Nogales on Friday.", ("Nogales port of entry", "BorderCrossing")),
        # a program's number after its name
        ("The office runs a program called the Family Case Management Program II.",
         ("Family Case Management Program II", "Program")),
        # a name the model ran into its acronym's bracket
        ("A raid by Colombian National Police (PNC), and Colombian Navy officers freed 40 migrants.",
         ("Colombian National Police", "GovernmentAgency")),
    ],
)
def test_known_entities_get_ontology_types(nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_an_office_addressed_by_its_title_is_no_person(nlp):
    """"Mr. President" in a speech addresses an office: the honorific names no one."""
    found = mentions(nlp, "Mr. President, thank you for coming to the border in Yuma today.")
    assert not [name for name, kind in found if kind == "Person"]


@pytest.mark.parametrize(("text", "not_a_place"), [
    ("Agents stopped a man traveling in a 2019 Dodge Durango on the highway.", "Dodge"),
    ("The woman was driving to Laredo in a white Lincoln Navigator.", "Lincoln"),
    ("Deputies of the Prince George's County Sheriff's Office took him into custody.", "Prince George"),
    ("The van was stopped on State Route (Highway) 86 near the checkpoint.", "State Route"),
])
def test_words_of_a_longer_name_are_no_place(nlp, text, not_a_place):
    assert not_a_place not in {name for name, _ in mentions(nlp, text)}


@pytest.mark.parametrize("text", [
    "A man presented a Border Crossing Card that belonged to his cousin.",  # a document
    "The envoy discussed bilateral efforts to #StandwithPeru, U.S. trade and visas.",  # a hashtag
    "Late Saturday, agents tracked four men from Mexico into the U.S. Agents then arrested them.",  # people
])
def test_documents_hashtags_and_people_are_no_organisations(nlp, text):
    assert not any(t in ("Organization", "GovernmentAgency", "Place") for _, t in mentions(nlp, text))



def test_titles_and_their_fields_are_no_organisations(nlp):
    found = mentions(nlp, "Peru was represented by the Minister of Foreign Affairs Marco Ibarra, Deputy Under "
                          "Secretary of Labor Dana Whitfield and the Chargé d’Affaires of the U.S. Embassy in Peru.")
    assert not any(t in ("Organization", "GovernmentAgency") and "Embassy" not in n for n, t in found)


def test_a_name_joined_to_a_persons_name_is_a_person(nlp):
    # the model's reading, which it gives these names in some sentences, set by hand
    text = "The envoy met Vice Ministers Lucia Samayoa and Geovani Castillo in Lima."
    later = ["bk_vocabulary_ruler", "bk_entity_typer", "bk_relation_ruler", "bk_journeys", "bk_statistics", "bk_quotes"]
    with nlp.select_pipes(disable=later):
        doc = nlp(text)
    doc.ents = [Span(doc, 5, 7, label="PERSON"), Span(doc, 8, 10, label="ORG")]
    doc = nlp.get_pipe("bk_entity_typer")(doc)
    assert ("Geovani Castillo", "Person") in [(e.text, e.label_) for e in doc.ents]


def test_a_page_an_agency_owns_is_no_office_of_it(nlp):
    found = mentions(nlp, "Reports can be read on CBP’s Stats and Summaries webpage.")
    assert found == [("U.S. Customs and Border Protection", "GovernmentAgency")]


def test_an_organisation_the_model_ran_into_a_persons_name_is_both(nlp):
    found = mentions(nlp, "Peru was represented by the Minister of Labor Marco Ibarra, Director of the "
                          "Peruvian Institute of Migration Carolina Quispe, and two aides.")
    assert {("Peruvian Institute of Migration", "GovernmentAgency"), ("Carolina Quispe", "Person")} <= set(found)


def test_a_plural_title_is_no_part_of_the_first_name_after_it(nlp):
    found = mentions(nlp, "The envoy met Vice Ministers Lucia Samayoa and Geovani Castillo in Lima.")
    assert ("Lucia Samayoa", "Person") in found


def test_a_city_the_model_calls_a_person_is_a_city(nlp):
    found = mentions(nlp, "Mexicali has opened two new shelters this winter.")
    assert ("Mexicali", "City") in found
    assert not any(t == "Person" and n == "Mexicali" for n, t in found)


@pytest.mark.parametrize("text", [
    "The agency ended a Biden-era parole program for Haitians last spring.",
    "Advocates sued over the Trump-era asylum rule in 2019.",
])
def test_a_name_joined_to_era_is_a_period_not_a_person(nlp, text):
    assert not any(t == "Person" for _, t in mentions(nlp, text))


def test_a_reports_name_for_itself_is_no_person(nlp):
    found = mentions(nlp, "This Legal Sidebar reviews the new rule. The Sidebar closes with options for Congress.")
    assert not any(t == "Person" for _, t in found)


def test_state_abbreviation_is_the_state(nlp):
    found = mentions(nlp, "The shelter in Yuma, Ariz., was full by noon.")
    assert ("Ariz.", "AdministrativeArea") in found


@pytest.mark.parametrize(("text", "full_name"), [
    ("Lena Okafor runs a legal clinic. Ms. Okafor said the line was long.", "Lena Okafor"),
    # The first surname of two ("Ramos" of "Soledad Ramos Nava").
    ("Soledad Ramos Nava was arrested in May. Later, Ramos pleaded guilty.", "Soledad Ramos Nava"),
    # Both surnames, and a name without its middle initial.
    ("Rosa Elena Vargas Llosa, 41, pleaded guilty. Vargas Llosa faces ten years.",
     "Rosa Elena Vargas Llosa"),
    ("U.S. Attorney Dana K. Whitfield filed the charges. Dana Whitfield spoke after.",
     "Dana K. Whitfield"),
    # A generational suffix ends the name; the surname alone still stands for it.
    (("Assistant Attorney General Marcus T. Whitfield, Jr. of the Criminal Division spoke. "
      "AAG Whitfield thanked the agents."), "Marcus T. Whitfield Jr."),
    (("Special Agent in Charge Thomas Reyes, Jr. of HSI San Antonio announced the arrests. Reyes "
      "said the ring moved 300 migrants."), "Thomas Reyes Jr."),
    # A surname that a town also bears is the person's after their title.
    ("Attorney General Owen T. Irving opened the meeting. \u201cWe act,\u201d said Attorney General Irving.",
     "Owen T. Irving"),
])
def test_surname_takes_the_full_name_and_title_is_dropped(nlp, text, full_name):
    assert mentions(nlp, text).count((full_name, "Person")) == 2


@pytest.mark.parametrize(("text", "acronym", "full_name"), [
    ("The Institute for Border Research (IBR) released a report. IBR said crossings had doubled.",
     "IBR", "Institute for Border Research"),
    # An organisation's acronym in its own language.
    ("The Brazil Federal Police (DPF) arrested five men. DPF agents seized their phones.",
     "DPF", "Brazil Federal Police"),
])
def test_defined_acronym_refers_to_the_full_name(nlp, text, acronym, full_name):
    names = [n for n, _ in mentions(nlp, text)]
    assert acronym not in names
    assert names.count(full_name) >= 2


@pytest.mark.parametrize(("text", "office", "agency"), [
    # a city the model left untagged
    ("Enforcement and Removal Operations Houston officers arrested a man on Monday.", "ERO Houston",
     "Enforcement and Removal Operations"),
    # a city the model tagged
    ("The case was investigated by Homeland Security Investigations San Diego and the Coast Guard.",
     "HSI San Diego", "Homeland Security Investigations"),
])
def test_an_office_named_by_its_agency_and_its_city_is_named_by_the_acronym_and_the_city(nlp, text, office, agency):
    names = mentions(nlp, text)
    assert (office, "GovernmentAgency") in names
    assert (agency, "GovernmentAgency") in names  # the agency's own mention
    assert not any(t in ("City", "Place") for _, t in names)


def test_an_agency_without_a_place_after_it_names_no_office(nlp):
    names = mentions(nlp, "Homeland Security Investigations agents arrested three men near the border.")
    assert names.count(("Homeland Security Investigations", "GovernmentAgency")) == 1
    assert len([n for n, t in names if t == "GovernmentAgency"]) == 1


def test_an_office_named_after_its_agency_and_acronym_is_named_by_both_and_defines_the_acronym(nlp):
    names = mentions(nlp, "Enforcement and Removal Operations (ERO) Tulsa arrested a man on Monday. ERO officers took him to a jail.")
    assert ("ERO Tulsa", "GovernmentAgency") in names
    assert names.count(("Enforcement and Removal Operations", "GovernmentAgency")) == 2


@pytest.mark.parametrize(("text", "full_name"), [
    # the acronym of the sector's own name, then with its last word
    (("The Big Bend Border Patrol Sector (BBT) recorded 9,400 apprehensions. BBT Sector agents "
      "found 12 men in a trailer."), "Big Bend Border Patrol Sector"),
    # the acronym of its place, where the text names the sector in full too
    (("Crossings rose in the Big Bend (BBT) this spring. The Big Bend Sector opened a new station, "
      "and BBT Sector agents staffed it."), "Big Bend Sector"),
    # its initials in brackets inside its name, before its kind
    (("Agents assigned to the Big Bend (BBT) Sector found 12 men in a trailer. BBT Sector agents "
      "drove them to Alpine."), "Big Bend Sector"),
])
def test_an_office_named_by_an_acronym_is_the_office_named_in_full(nlp, text, full_name):
    names = [n for n, t in mentions(nlp, text) if t == "GovernmentAgency"]
    assert names.count(full_name) >= 2 and "BBT Sector" not in names


def test_ambiguous_surname_is_left_out(nlp):
    found = mentions(nlp, "Tom Ruiz met Ana Ruiz in Tijuana. Mr. Ruiz left first.")
    assert ("Ruiz", "Person") not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Volunteers at the Casa del Refugiado shelter served dinner.",
         ("Casa del Refugiado", "NonGovernmentalOrganization")),
        ("She sleeps at the Hope Harbor Shelter in Yuma.", ("Hope Harbor Shelter", "NonGovernmentalOrganization")),
        ("The Nogales city council voted on Monday.", ("Nogales city council", "GovernmentAgency")),
        ("Buses ran from Piedras Negras to Eagle Pass.", ("Piedras Negras", "City")),
        ("Returns began at the Eagle Pass Port of Entry on Monday.",
         ("Eagle Pass port of entry", "BorderCrossing")),
        # a Spanish particle inside a port's name; a bridge is its city's port
        ("Agents at the Sarita Border Patrol checkpoint stopped a truck.", ("Sarita Border Patrol checkpoint", "Place")),
        # towns of the routes too small for the gazetteer, and two the model joined over "to"
        ("The family took a boat from Necoclí to Acandí.", ("Acandí", "City")),
        ("They crossed the Suchiate River from Tecún Umán into Ciudad Hidalgo.", ("Tecún Umán", "City")),
        ("The group crossed the Rio Grande near Quemado.", ("Quemado", "City")),
        # a committee of Congress, not the department its field names
        ("Mayorkas testified before the House Committee on Homeland Security on Tuesday.",
         ("House Committee on Homeland Security", "GovernmentAgency")),
        ("The Senate Committee on Homeland Security and Governmental Affairs held a hearing.",
         ("Senate Committee on Homeland Security and Governmental Affairs", "GovernmentAgency")),
        ("Chairman Mark Green of the House Homeland Security Committee criticized the policy.",
         ("House Homeland Security Committee", "GovernmentAgency")),
        ("Officers at the Rancho del Cielo Port of Entry arrested a woman.",
         ("Rancho del Cielo port of entry", "BorderCrossing")),
        ("Officers at the Paso del Norte Port of Entry arrested a woman.", ("El Paso port of entry", "BorderCrossing")),
        ("Appointments are offered at Brownsville, Paso Del Norte in El Paso, and Laredo.",
         ("El Paso port of entry", "BorderCrossing")),
        ("Officers at the World Trade Bridge in Laredo seized the truck.", ("Laredo port of entry", "BorderCrossing")),
        ("Agents at the Presidio International Bridge stopped the car.", ("Presidio port of entry", "BorderCrossing")),
        ("He appealed to the Board of Immigration Appeals.", ("Board of Immigration Appeals", "GovernmentAgency")),
        # roads with the authority that numbers them; a county's sheriff's office
        ("The truck drove north on U.S. Highway 77 and then on N.M. Highway 9.", ("N.M. Highway 9", "Place")),
        ("Agents stopped the car on FM 2691 near Carrizo Springs.", ("FM 2691", "Place")),
        ("Deputies from the Kenedy County Sheriff’s Office assisted the agents.",
         ("Kenedy County Sheriff’s Office", "GovernmentAgency")),
        # a state's police, and a U.S. Attorney's Office however its state or district is named
        ("The case was investigated by HSI and the California Highway Patrol.",
         ("California Highway Patrol", "GovernmentAgency")),
        ("Agents and the U.S. Attorney's Office in New Mexico announced the arrest.",
         ("U.S. Attorney's Office in New Mexico", "GovernmentAgency")),
        ("The case was prosecuted by the United States Attorney’s Office for the Western District of Texas.",
         ("United States Attorney’s Office for the Western District of Texas", "GovernmentAgency")),
        # governments acting are their countries
        ("The United States notified the Governments of El Salvador, Guatemala, and Honduras.",
         ("El Salvador", "Country")),
        # an agency of a Spanish-speaking country under its own name
        ("The Guatemala Ministerio Publico charged the smugglers.", ("Guatemala Ministerio Publico", "GovernmentAgency")),
        ("The United States and Panama signed a Memorandum of Understanding in July.",
         ("Memorandum of Understanding", "Policy")),
        ("The Memorandum of Understanding with Panama took effect in July.",
         ("Memorandum of Understanding with Panama", "Policy")),
        # a canal, a levee or a ranch named is a place, whatever the model took it for
        ("Six Mexican nationals struggled to cross the American Canal near the port.", ("American Canal", "Place")),
        # a place where people are held or processed, and a bridge of the border by a short name
        ("The woman was taken to the Port Isabel Service Processing Center on Monday.",
         ("Port Isabel Service Processing Center", "Place")),
        ("He was held at the Cameron County Detention Center for a week.", ("Cameron County Detention Center", "Place")),
        ("He served eight years in the Huntsville State Penitentiary.", ("Huntsville State Penitentiary", "Place")),
        ("Two men walked across the Lincoln-Juarez Bridge into Laredo.", ("Laredo port of entry", "BorderCrossing")),
        # a town named like a shelter, a station named after it, and a street by its abbreviation
        ("Casa Grande Station Border Patrol agents rescued eight migrants.", ("Casa Grande Station", "GovernmentAgency")),
        ("Volunteers at Casa Alitas fed the families.", ("Casa Alitas", "NonGovernmentalOrganization")),
        ("Agents found the stash house on North Loop Dr. in El Paso.", ("North Loop Dr.", "Place")),
        # federal departments a release names among its partners
        ("DOD and USDA staff joined the effort at the border.", ("U.S. Department of Defense", "GovernmentAgency")),
    ],
)
def test_domain_patterns_and_gazetteer_sweep(nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_a_notice_an_organisation_issues_is_no_part_of_its_name(nlp):
    found = mentions(nlp, "Officers learned that Pedro Salas was the subject of an Interpol Red Notice.")
    assert ("Interpol", "Organization") in found and not any("Notice" in name for name, _ in found)


def test_short_form_of_a_formal_city_name_is_the_big_city():
    from kg.gazetteer import lookup

    assert lookup("Matamoros").population > 400_000


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("Jorge Ramos spoke to The New York Times on Friday.",
         ("New York Times", "NewsOrganization"), ("New York City", "City")),
        ("The U.S. Coast Guard stopped a boat off Florida.",
         ("U.S. Coast Guard", "GovernmentAgency"), ("United States", "Country")),
    ],
)
def test_a_named_organization_keeps_the_place_inside_its_name(nlp, text, expected, not_expected):
    found = mentions(nlp, text)
    assert expected in found and not_expected not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON - As of Oct. 28, the department began returns.", ("Washington, D.C.", "City")),
        ("Leaders of the Oriental Republic of Uruguay signed it.", ("Oriental Republic of Uruguay", "Country")),
        ("She left the Democratic Republic of Congo in 2018.", ("Democratic Republic of Congo", "Country")),
        ("Cartels control routes across northern Mexico.", ("northern Mexico", "Place")),
        ("The trip from Kassai, in the Democratic Republic of Congo, took years.", ("Kassai", "Place")),
        ("These are Matamoros, Nuevo Laredo, Ciudad Juarez, Nogales, Mexicali, Tijuana.", ("Nogales", "City")),
        ("SELLS, Ariz. — A Honduran woman was sentenced on Tuesday.", ("SELLS", "City")),
        # a town the gazetteer does not know, put in its state; a canyon stays a place
        ("McAllen agents working in Los Ebanos, Texas, found the group.", ("Los Ebanos", "City")),
        ("Agents tracked them to Dog Canyon, Texas, on Monday.", ("Dog Canyon", "Place")),
        # a town the model does not tag, before its state's postal code
        ("In May, officers found Pedro Salas in Morristown, NJ where he worked.", ("Morristown", "City")),
        # a region in a list of regions and states is no town of the state after it
        ("Prosecutors in Colorado, Eastern Oregon, Northern Nevada, Utah, Western Kansas and Iowa filed the cases.",
         ("Northern Nevada", "Place")),
        # a region of another country named with its kind; a U.S. department stays an agency
        ("The network recruited migrants in the Department of Olancho, Honduras.",
         ("Department of Olancho", "AdministrativeArea")),
        ("Officials of the Department of State met in the Department of Olancho.",
         ("State Department", "GovernmentAgency")),
        # a state or province of a country the gazetteer does not divide, named with its kind
        ("Fighting in Myanmar's southern Chin State drove thousands from their homes.", ("Chin State", "Place")),
        ("Recruiters found the men in Balochistan Province last year.", ("Balochistan Province", "Place")),
    ],
)
def test_places_typed_from_what_the_text_says_of_them(nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_names_of_a_list_share_the_head_of_the_last(nlp):
    found = mentions(nlp, "Guatemalan, Salvadoran and Honduran migrants came from South and Central America.")
    assert {("Guatemalan migrants", "MigrantGroup"), ("Salvadoran migrants", "MigrantGroup"),
            ("Honduran migrants", "MigrantGroup"), ("South America", "Place"),
            ("Central America", "Place")} <= set(found)
    assert ("Mexico", "Country") in mentions(nlp, "Officials from Mexico and Guatemala met.")


def test_a_city_between_countries_of_a_list_is_no_city(nlp):
    found = mentions(nlp, "They came from India, Pakistan, Columbia, Guatemala, and Honduras.")
    assert ("Guatemala", "Country") in found and ("Columbia", "City") not in found
    assert ("Colombia", "Country") in found  # the misspelling releases make
    assert ("Columbia", "City") in mentions(nlp, "He studied in Columbia, Missouri, for a year.")


def test_an_ordinal_opening_a_sentence_is_no_place(nlp):
    found = mentions(nlp, "Third, Mexico recognized the value of the centers.")
    assert ("Third", "Place") not in found and ("Mexico", "Country") in found


# --- issue 14: headlines, capitalised words, whole names of offices ---------------------

def _extraction(nlp, text: str, title: str | None = None):
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h", title=title)
    return extract(nlp(text), document)


def test_a_headline_keeps_a_person_the_body_names_and_their_title(nlp):
    text = ("Secretary Noem Delivers Remarks on Border Security at the Southern Border\n\n"
            "WASHINGTON – Today, Kristi Noem spoke about the border. The Department of Homeland "
            "Security said apprehensions fell.")
    extraction = _extraction(nlp, text)
    assert [m.evidence.quote for m in extraction.mentions if m.name == "Kristi Noem"] == ["Noem", "Kristi Noem"]
    assert [(r.subject.name, r.predicate, r.object.name) for r in extraction.relations] == [
        ("Kristi Noem", "worksFor", "U.S. Department of Homeland Security")]
    assert extraction.relations[0].evidence.end <= text.index("\n")  # the headline says it


def test_a_headline_keeps_a_titled_name_whose_surname_the_body_uses(nlp):
    text = ("Press Conference by Acting ICE Director Laura Benitez\n\n"
            "ACTING DIRECTOR BENITEZ:  Thank you all for coming.  Arrests rose in March.")
    extraction = _extraction(nlp, text)
    assert ("Laura Benitez", "Person") in [(m.name, m.type) for m in extraction.mentions]
    assert ("Laura Benitez", "worksFor", "U.S. Immigration and Customs Enforcement") in [
        (r.subject.name, r.predicate, r.object.name) for r in extraction.relations]
    unnamed = _extraction(nlp, text.replace("BENITEZ", "SMITH")).mentions
    assert "Laura Benitez" not in [m.name for m in unnamed]


def test_a_heading_keeps_a_titled_surname(nlp):
    text = ("The Department of State released the text of the speech on Friday.\n\n"
            "Deputy Secretary McKinley's Prepared Remarks at the Hemisphere Forum:\n\n"
            "Thank you all for coming.")
    extraction = _extraction(nlp, text)
    assert [(m.name, m.evidence.quote) for m in extraction.mentions if m.type == "Person"] == [
        ("McKinley", "McKinley")]
    assert ("McKinley", "worksFor", "State Department") in {
        (r.subject.name, r.predicate, r.object.name) for r in extraction.relations}


def test_a_headline_keeps_only_known_names(nlp):
    headline = "Harvest Volunteers Welcome Weary Arrivals as Shelters Fill in Mexicali"
    text = f"{headline}\n\nVolunteers in Mexicali served soup to new arrivals on Sunday."
    guesses = [e for e in nlp(text).ents if e.end_char <= len(headline) and not e.kb_id_]
    assert guesses  # the model reads the Title Case words as a name

    found = _extraction(nlp, text, title=headline).mentions

    in_headline = [m for m in found if m.evidence.start < len(headline)]
    assert [(m.name, m.type) for m in in_headline] == [("Mexicali", "City")]


def test_a_headline_name_that_opens_with_a_preposition_makes_no_surname(nlp):
    headline = "Large Group of Migrants Crosses Near Hidalgo, Texas"
    text = f"{headline}\n\nWeslaco agents found 120 migrants in Hidalgo, Texas, on Sunday."
    found = [(m.name, m.type) for m in _extraction(nlp, text, title=headline).mentions]
    assert ("Hidalgo", "City") in found and not any(t == "Person" for _, t in found)


def test_a_headline_in_sentence_case_keeps_the_names_the_model_finds(nlp):
    headline = "Statement from the State Department following the Deputy Secretary’s visit to Rice University this morning"
    text = f"{headline}\n\nThe visit was cut short by protests."
    found = _extraction(nlp, text, title=headline).mentions
    assert ("Rice University", "Organization") in [(m.name, m.type) for m in found]
    # a Title Case headline with its prepositions in lower case keeps only known names
    headline = "Member of Vast International Human Smuggling Organization Extradited from Guatemala"
    text = f"{headline}\n\nThe man was flown to Houston on Friday."
    assert "Vast International Human Smuggling Organization" in [e.text for e in nlp(text).ents]
    found = _extraction(nlp, text, title=headline).mentions
    assert [m.name for m in found if m.evidence.start < len(headline)] == ["Guatemala"]


def test_the_address_of_a_letter_to_congress_keeps_its_people_and_committees(nlp):
    headline = "Border Security: Review of a Rescue Program"
    text = (f"{headline}\n\nThe Honorable Maria L. Vance\n\nChairman\n\nThe Honorable Tom Okafor, M.D.\n\n"
            "Ranking Member\n\nCommittee on Homeland Security\n\nHouse of Representatives\n\n"
            "In fiscal year 2023, Border Patrol reported more than 2 million encounters.")
    found = [(m.name, m.type) for m in _extraction(nlp, text, title=headline).mentions]
    assert ("Maria L. Vance", "Person") in found and ("Tom Okafor", "Person") in found
    assert ("Committee on Homeland Security", "GovernmentAgency") in found


def test_a_heading_between_sentences_is_read_like_a_headline(nlp):
    heading = "Harvest Volunteers Welcome Weary Arrivals as Shelters Fill"
    text = f"Agents rescued two hikers near Yuma.\n\n{heading}\n\nVolunteers served soup on Sunday."
    start = text.index(heading)
    assert any(start <= e.start_char < start + len(heading) for e in nlp(text).ents)

    found = _extraction(nlp, text).mentions

    assert not any(start <= m.evidence.start < start + len(heading) for m in found)


def test_a_title_case_line_inside_a_broken_sentence_is_no_heading(nlp):
    text = "The group met in Laredo with\n\nSenator Amelia Ward Harrington\n\nand two aides."
    names = [m.name for m in _extraction(nlp, text).mentions]
    assert any("Harrington" in name for name in names)


@pytest.mark.parametrize(("text", "word"), [
    ("On Thursday, Guatemala and the United States signed the agreement.", "Thursday"),
    ("Halfway through the desert, the group ran out of water.", "Halfway"),
    ("Guatemalan officials met. The Guatemalan said no.", "Guatemalan"),
    ("Agents stopped a Dodge Ram and a GMC Sierra near the checkpoint.", "Dodge"),
    # a make that is also a town, before its model
    ("Agents near Hebbronville tried to stop a silver Lincoln Navigator on Monday.", "Lincoln"),
    ("Agents watched a blue Honda Accord arrive at the parking lot.", "Honda"),
    ("Building on two Executive Orders, U.S. Administrations have used parole.", "Orders"),
    ("Building on two Executive Orders, U.S. Administrations have used parole.", "Administrations"),
    # a kind of organisation, capitalised in a release's prose, is no one organisation
    ("The task force targets cartels and Transnational Criminal Organizations (TCOs) in Mexico.",
     "Organizations"),
    ("Agents said that Human Smuggling Organizations moved them to stash houses in Laredo.",
     "Organizations"),
    ("At the checkpoint a K-9 alerted to the trailer, and agents opened it.", "K-9"),
    ("The trailer was measured at 51 degrees Fahrenheit when agents opened it.", "Fahrenheit"),
    # a drug a seizure list names on a line of its own, which the model reads as a person
    ("The agents seized these drugs in June:\n\nHeroin: 12 lbs.\n\nFentanyl: 9 lbs.", "Heroin"),
    ("The U.S.-Canada partnership grew as unaccompanied alien children (UAC) arrived.", "UAC"),
    ("Officials hailed the U.S.-Colombia alliance on Tuesday.", "U.S.-Colombia"),
    ("The Guatemalan was deported on Friday by officers of Border Protection.",
     "Border Protection"),
    ("The Acting Secretary returned to work protecting the Homeland.", "Homeland"),
    # a brand's capital inside is no name's (a person's surname may have one: "McAleenan")
    ("The smugglers posted videos on YouTube to find clients.", "YouTube"),
    # a street address's quarter, though a gazetteer has a town "Se"
    ("Comments go to the agency at 1200 New Jersey Ave. SE, Washington, DC 20590.", "SE"),
    ("State and DHS officials met in the Hemisphere on Monday.", "Hemisphere"),
    ("An agent trained as an Emergency Medical Technician (EMT) helped until EMS came.", "EM"),
    ("Emergency Medical Services were called to the canal on Friday.", "Emergency"),
    # a bullet's verb that tells what to do, whatever the tagger made of it
    ("To qualify, applicants must:\n\nHave a sponsor in the United States;\n\nUndergo and clear robust security vetting;\n\nMeet other criteria.",
     "Undergo"),
    # the field of an office after its title, before the organisation it is held at
    ("Ana Ruiz, who serves as the Assistant Secretary for Border and Immigration Policy at the Department of Homeland Security, spoke.",
     "Border and Immigration Policy"),
    ("Ana Ruiz, who serves as the Deputy Assistant Secretary for Western Hemisphere Affairs at the State Department, spoke.",
     "Hemisphere Affairs"),
    # an embassy named by its kind alone is no name
    ("The Embassy said on Monday that visas would resume.", "Embassy"),
])
def test_capitalised_words_that_name_nothing_are_not_entities(nlp, text, word):
    assert not any(word in name for name, _ in mentions(nlp, text))


@pytest.mark.parametrize(("text", "expected"), [
    ("Agents of the Laredo Sector's Zapata Station arrested two men.",
     [("Laredo Sector", "GovernmentAgency"), ("Zapata Station", "GovernmentAgency")]),
    (("McAllen Border Patrol Station agents and agents from the Rio Grande City Border Patrol "
      "Station found the house."),
     [("McAllen Border Patrol Station", "GovernmentAgency"),
      ("Rio Grande City Border Patrol Station", "GovernmentAgency")]),
    ("Agents from the Jose A. Perez Station and the Ana M. Ruiz Border Patrol Station searched the wash.",
     [("Jose A. Perez Station", "GovernmentAgency"),
      ("Ana M. Ruiz Border Patrol Station", "GovernmentAgency")]),
    ("A Border Patrol Search Trauma and Rescue team carried the hiker out of the canyon.",
     [("Border Patrol Search, Trauma, and Rescue", "GovernmentAgency")]),
    ("The Office of Air and Marine flew over the Southwest land border on Monday.",
     [("Air and Marine Operations", "GovernmentAgency"), ("U.S.-Mexico border", "Place")]),
    ("U.S. Border Patrol Tucson Sector Intelligence Unit agents found the house.",
     [("Tucson Sector Intelligence Unit", "GovernmentAgency")]),
    ("The Nogales Station Anti-Smuggling Unit and the Yuma ASU seized a truck.",
     [("Nogales Station Anti-Smuggling Unit", "GovernmentAgency"),
      ("Yuma ASU", "GovernmentAgency")]),
    ("He was charged in the U.S. District Court for the Eastern District of Virginia.",
     [("U.S. District Court for the Eastern District of Virginia", "GovernmentAgency")]),
    ("It sits in the U.S. District Court for the Southern District of Florida – Miami Division.",
     [("U.S. District Court for the Southern District of Florida – Miami Division",
       "GovernmentAgency")]),
    ("A grand jury in the Northern District of Ohio returned an indictment.",
     [("Northern District of Ohio", "GovernmentAgency")]),
    ("The U.S. Attorney's Office for the District of Utah prosecuted the case.",
     [("U.S. Attorney's Office for the District of Utah", "GovernmentAgency")]),
    ("She asked for help at the U.S. Embassy in Lima.",
     [("U.S. Embassy in Lima", "GovernmentAgency")]),
    ("HSI Denver agents led the investigation.", [("HSI Denver", "GovernmentAgency")]),
    # a navy, an army or a unit is a government's, and a checkpoint is a place
    ("The Peruvian Navy stopped the boat off Tumbes.", [("Peruvian Navy", "GovernmentAgency")]),
    ("The Organized Crime Drug Enforcement Task Forces paid for the wiretaps.",
     [("Organized Crime Drug Enforcement Task Forces", "GovernmentAgency")]),
    # an office a bare common noun owns is named without it: the department is named elsewhere
    ("The operation draws on the Department’s Organized Crime Drug Enforcement Task Forces.",
     [("Organized Crime Drug Enforcement Task Forces", "GovernmentAgency")]),
    # a district ends with its state, not with the prosecutor named after it (after a U.S.
    # attorney's title it is named as the district's office)
    ("It was prosecuted by Assistant U.S. Attorney for the Western District of Texas Brandon Hale Ruiz.",
     [("U.S. Attorney’s Office for the Western District of Texas", "GovernmentAgency"), ("Brandon Hale Ruiz", "Person")]),
    # Mexico's ministries by their Spanish acronyms and English names
    ("Mexico’s Foreign Ministry and SEGOB signed the plan with SEMAR.",
     [("Mexican Ministry of Foreign Affairs", "GovernmentAgency"),
      ("Mexican Ministry of the Interior", "GovernmentAgency"), ("Mexican Navy", "GovernmentAgency")]),
    ("HSI trained the Transnational Criminal Investigative Unit in Panama.",
     [("Transnational Criminal Investigative Unit", "GovernmentAgency")]),
    ("Agents at the Ana M. Ruiz Jr. Checkpoint and the Hebbronville Checkpoint found them.",
     [("Ana M. Ruiz Jr. Checkpoint", "Place"), ("Hebbronville Checkpoint", "Place")]),
    # departments listed after one plural head
    ("The report went to the Departments of Homeland Security and Health and Human Services.",
     [("U.S. Department of Homeland Security", "GovernmentAgency"),
      ("U.S. Department of Health and Human Services", "GovernmentAgency")]),
    ("Leaders of the Departments of Justice, Homeland Security, and State met on Monday.",
     [("Justice Department", "GovernmentAgency"), ("State Department", "GovernmentAgency")]),
    # a name that lists what the office does, up to the acronym that ends it
    ("The Secretary asked the Office of Research, Evaluation, and Statistics (ORES) for data.",
     [("Office of Research, Evaluation, and Statistics", "GovernmentAgency")]),
    # the acronym in brackets is no part of the name
    ("Officers of the Honduran National Police (PNH) detained the driver.",
     [("Honduran National Police", "GovernmentAgency")]),
    ("The FBI Violent Gang Task Force joined the search.",
     [("FBI Violent Gang Task Force", "GovernmentAgency")]),
    ("Flights were arranged by ICE Air Operations on Tuesday.",
     [("ICE Air Operations", "GovernmentAgency")]),
    # a State Department media hub, by the region it serves or with the region before it
    ("Reporters dialed in to the Media Hub of the Americas for the call.",
     [("Media Hub of the Americas", "GovernmentAgency")]),
    ("The briefing came from the Africa Regional Media Hub on Friday.",
     [("Africa Regional Media Hub", "GovernmentAgency")]),
    # a presidential action by its number
    ("The President signed Executive Order 14165 on his first day.",
     [("Executive Order 14165", "Policy")]),
    ("Proclamation 10773 suspended entry at the border.", [("Proclamation 10773", "Policy")]),
    # the border as US releases and joint statements with Mexico name it
    ("Trade at our shared border grew again.", [("U.S.-Mexico border", "Place")]),
    ("Agents worked at the U.S. Southern border all weekend.", [("U.S.-Mexico border", "Place")]),
    ("Homeland Security Investigations (HSI) opened a case.",
     [("Homeland Security Investigations", "GovernmentAgency")]),
    ("Gangs such as MS-13 recruit at the shelters.", [("MS-13", "Organization")]),
    # a task force with "and" in its name, its first part read as a product
    ("Officials announced a new Weapons Smuggling and Trafficking Task Force to stop guns moving south.",
     [("Weapons Smuggling and Trafficking Task Force", "GovernmentAgency")]),
])
def test_offices_are_named_whole_and_typed(nlp, text, expected):
    found = mentions(nlp, text)
    for item in expected:
        assert item in found


@pytest.mark.parametrize("text", [
    "Homeland Security Advisor Dana Roe met the mayor of Tijuana.",
    "The smuggler appeared on Friday before U.S. Magistrate Judge Dana Roe in Tucson.",
    "The delegation included Guatemala's Defense Minister Dana Roe and Security Minister Juan Ortiz.",
])
def test_an_office_in_a_title_is_not_an_agency(nlp, text):
    found = mentions(nlp, text)
    assert not any(t in ("GovernmentAgency", "Organization") for _, t in found)


def test_the_country_in_a_us_attorneys_title_is_not_the_country(nlp):
    found = mentions(nlp, "Leaders of four U.S. Attorneys’ offices met in Tucson, and U.S. Attorney "
                          "Dana Roe for the District of Arizona spoke. Roe said the smugglers came "
                          "from Mexico.")
    assert ("Dana Roe", "Person") in found
    assert not any(t == "Country" and name == "United States" for name, t in found)
    found = mentions(nlp, "U.S. Attorney Dana Roe said the smugglers drove 40 migrants to the U.S.")
    assert found.count(("United States", "Country")) == 1


def test_known_people_take_their_full_names(nlp):
    found = mentions(nlp, "President Biden spoke with the governor. Biden then left.")
    assert found.count(("Joe Biden", "Person")) == 2


def test_an_age_after_a_name_makes_it_a_person(nlp):
    found = mentions(nlp, "The defendants are Tamir Okonjo, 29; Ravi Dunmore, 41; "
                          "and Lucas Pereira, 33.")
    assert ("Lucas Pereira", "Person") in found


def test_a_name_in_apposition_to_a_company_is_an_organization(nlp):
    found = mentions(nlp, "He toured a private company, Vexora, which repairs aircraft.")
    assert ("Vexora", "Organization") in found


def test_the_border_patrol_rescue_unit_is_one_known_agency(nlp):
    found = mentions(nlp, "Agents of the Laredo Sector Border Patrol Search, Trauma and Rescue (BORSTAR) "
                          "team found a hiker. BORSTAR medics treated him.")
    assert {m for m in found if "Rescue" in m[0] or "BORSTAR" in m[0]} == {
        ("Border Patrol Search, Trauma, and Rescue", "GovernmentAgency")}
    assert ("Laredo Sector", "GovernmentAgency") in found


def test_the_generic_group_stands_only_where_no_nationality_is_named(nlp):
    alone = mentions(nlp, "Smugglers hid the aliens in a trailer near Laredo.")
    assert ("migrants", "MigrantGroup") in alone
    beside = mentions(nlp, "Honduran migrants and other migrants waited in Reynosa.")
    assert ("Honduran migrants", "MigrantGroup") in beside
    assert ("migrants", "MigrantGroup") not in beside


def test_a_nationality_a_court_sentences_leaves_the_generic_group_standing(nlp):
    # the Guatemalan nationals who pleaded guilty are the defendants; the migrants they smuggled
    # are the story's actor
    found = mentions(nlp, "Four Guatemalan nationals pleaded guilty to a smuggling conspiracy. They "
                          "moved large numbers of migrants from Guatemala into the United States.")
    assert ("migrants", "MigrantGroup") in found


def test_the_migrants_a_release_opens_with_stay_its_actor_beside_several_nationalities(nlp):
    text = ("Rio Grande Valley Sector agents from the Weslaco Station apprehended 180 migrants "
            "near Progreso.\n\nThe group included citizens of Ecuador (150), Peruvians (20) and "
            "Venezuelans (10).")
    extraction = _extraction(nlp, text)
    assert ("migrants", "arrestedBy", "Weslaco Station") in [
        (r.subject.name, r.predicate, r.object.name) for r in extraction.relations]
    # not where the first sentence is no agency's act on them
    story = _extraction(nlp, "Peruvians and Venezuelans waited in Reynosa.\n\nMany migrants slept outside.")
    assert "migrants" not in [m.name for m in story.mentions]


def test_an_organisation_the_model_finds_in_a_city_name_is_the_city(nlp):
    found = mentions(nlp, "Police in Eagle Pass said the Eagle Pass team helped.")
    assert ("Eagle Pass", "Organization") not in found
    assert ("Eagle Pass", "City") in found


@pytest.mark.parametrize(("text", "name"), [
    ("Kassandra told reporters the river was cold.", "Kassandra"),  # the model: ORG
    ("“People are still crossing the border,” says Nikolaeva.", "Nikolaeva"),  # GPE
])
def test_a_one_word_speaker_is_a_person(nlp, text, name):
    assert mentions(nlp, text) == [(name, "Person")]


@pytest.mark.parametrize(("text", "name"), [
    # a surname with a capital inside, after a title
    ("Acting Commissioner McCallister's remarks to the forum were posted online.", "McCallister"),
    ("“We are ready,” said Deputy Director DeLuca at the briefing.", "DeLuca"),
    # a titled surname that is also a big city's name
    ("The envoy met Admiral Houston and two aides in Lima on Friday.", "Houston"),
])
def test_a_titled_name_is_a_person(nlp, text, name):
    found = mentions(nlp, text)
    assert (name, "Person") in found
    assert not any(n == name and t != "Person" for n, t in found)


def test_a_word_the_text_also_writes_in_lower_case_is_no_name(nlp):
    found = mentions(nlp, "Officers read the order aloud. The Order took effect on Monday.")
    assert not any(name == "Order" for name, _ in found)


def test_the_acronym_of_a_common_noun_is_no_organisation(nlp):
    found = mentions(nlp, "A human smuggling network (HSN) moved dozens of people. "
                          "The HSN paid drivers in cash.")
    assert not any(name == "HSN" for name, _ in found)
    # defined with a second name for the noun in the same brackets
    found = mentions(nlp, "Shelters held more noncitizen unaccompanied children (NUC, unaccompanied minors) "
                          "than ever. Agents encountered 12,000 NUC in May.")
    assert not any(name == "NUC" for name, _ in found)


def test_a_nickname_after_aka_is_the_person(nlp):
    found = mentions(nlp, "Tomas Renteria Ochoa, also known as “Chato Renteria,” pleaded guilty.")
    assert found == [("Tomas Renteria Ochoa", "Person")] * 2


def test_a_nationality_said_of_named_people_is_no_migrant_group(nlp):
    found = mentions(nlp, "Gomez and Ruiz are Honduran citizens and will be deported.")
    assert not any(t == "MigrantGroup" for _, t in found)
    assert ("Honduran migrants", "MigrantGroup") in mentions(
        nlp, "Honduran citizens waited at the bridge for days.")


def test_a_station_named_with_its_agency_may_end_in_lower_case(nlp):
    found = mentions(nlp, "Agents from the Deming Border Patrol station found two hikers.")
    assert ("Deming Border Patrol station", "GovernmentAgency") in found


def test_the_criminal_organizations_a_release_blames_are_no_name(nlp):
    found = mentions(nlp, "Agents saved them from these Transnational Criminal Organizations on Friday.")
    assert not any(t in ("Organization", "GovernmentAgency") for _, t in found)


def test_a_release_names_a_group_by_nationality_and_sex(nlp):
    found = mentions(nlp, "Agents found two Honduran national females and three Guatemalan males in the truck.")
    assert ("Honduran migrants", "MigrantGroup") in found
    assert ("Guatemalan migrants", "MigrantGroup") in found


def test_a_demonym_after_non_names_no_group(nlp):
    found = mentions(nlp, "The new rule bars non-Guatemalans from the program, and non-Honduran families "
                          "wait longer while Honduran families cross.")
    assert found.count(("Honduran migrants", "MigrantGroup")) == 1
    assert ("Guatemalan migrants", "MigrantGroup") not in found


def test_title_8_is_a_policy_as_title_42_is(nlp):
    assert ("Title 8", "Policy") in mentions(
        nlp, "Migrants were processed under Title 8 after the order ended.")
    # the code it is a title of is no mention of the country
    assert mentions(nlp, "Those who cross now face penalties under Title 8 of the United States Code.") == [
        ("Title 8", "Policy")]


def test_a_word_typed_once_as_a_person_is_a_person_throughout(nlp):
    text = "The trip took Julia and her sons three years. Later Julia thanked the nurses."
    assert any(e.text == "Julia" and e.label_ == "Organization" for e in nlp(text).ents)
    assert mentions(nlp, text).count(("Julia", "Person")) == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("Refugees arrive through the Family Resettlement Program every year.",
     ("Family Resettlement Program", "Program")),
    ("Lawmakers passed the Border Security Act in June.", ("Border Security Act", "Law")),
    # a law named after an agency, or with "and" in its name
    ("The Homeland Security Act of 2002 set up the department.", ("Homeland Security Act", "Law")),
    ("She cited the Missing Persons and Unidentified Remains Act in her letter.",
     ("Missing Persons and Unidentified Remains Act", "Law")),
    ("The U.N. said the U.S. Army Corps of Engineers would help.",
     ("U.S. Army Corps of Engineers", "GovernmentAgency")),
    ("The U.N. said the U.S. Army Corps of Engineers would help.",
     ("United Nations", "Organization")),
    ("Records showed he was a member of the 18th Street gang in San Salvador.",
     ("18th Street gang", "Organization")),
])
def test_the_last_word_of_a_name_can_make_it_a_policy_and_known_bodies_are_known(
        nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_a_division_of_a_department_is_named_whole(nlp):
    found = mentions(nlp, "The case was prosecuted by the Justice Department’s Civil Rights "
                          "Division in Texas.")
    assert ("Justice Department’s Civil Rights Division", "GovernmentAgency") in found


@pytest.mark.parametrize(("text", "unit", "owner"), [
    ("JTFA is led by the Criminal Division’s Human Rights and Special Prosecutions Section.",
     "Human Rights and Special Prosecutions Section", "Criminal Division"),
    ("Agents worked with Air and Marine Operations’ Tucson Air Branch on the case.",
     "Tucson Air Branch", "Air and Marine Operations"),
])
def test_a_unit_of_a_unit_is_named_whole_apart_from_its_owner(nlp, text, unit, owner):
    found = set(mentions(nlp, text))
    assert {(unit, "GovernmentAgency"), (owner, "GovernmentAgency")} <= found


@pytest.mark.parametrize(("text", "expected"), [
    ("The State Department’s Bureau of Population, Refugees, and Migration funds the shelter.",
     "Bureau of Population, Refugees, and Migration"),
    ("The Office of Refugee, Asylum and International Operations reviews the cases.",
     "Office of Refugee, Asylum and International Operations"),
])
def test_an_office_named_by_a_list_of_fields_is_named_whole(nlp, text, expected):
    assert (expected, "GovernmentAgency") in mentions(nlp, text)


def test_a_name_that_opens_a_list_item_keeps_its_given_name(nlp):
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index("bk_entity_typer")]):
        doc = nlp("Charged were Omar Faruk, 30; Rubel Karim, 29; and Anwar Hossain, 45.")
    karim = next(t.i for t in doc if t.text == "Karim")
    # As the model sometimes reads such a list: the surname alone.
    doc.ents = [e for e in doc.ents if not e.start <= karim < e.end] + [
        Span(doc, karim, karim + 1, label="PERSON")]

    typed = nlp.get_pipe("bk_entity_typer")(doc)

    assert ("Rubel Karim", "Person") in [(e.text, e.label_) for e in typed.ents]


def test_a_given_name_the_tagger_took_for_an_adverb_opens_its_list_item(nlp):
    text = ("Charged were Felipe Diego Alonzo, aka Siete, 39; Nesly Norberto Martinez Gomez, aka "
            "Canche, 38; and Lopez Mateo Mateo, 43.")
    assert ("Nesly Norberto Martinez Gomez", "Person") in mentions(nlp, text)


def test_a_name_the_model_cut_in_two_is_made_whole(nlp):
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index("bk_entity_typer")]):
        doc = nlp("Agents arrested Brian Alan Torres Gonzalez and Ana Ruiz in Juarez.")
    # As the model read it: "Brian Alan" and "Gonzalez", with "Torres" in no entity.
    doc.ents = [e for e in doc.ents if e.label_ != "PERSON"] + [
        Span(doc, 2, 4, label="PERSON"), Span(doc, 5, 6, label="PERSON"), Span(doc, 7, 9, label="PERSON")]

    typed = nlp.get_pipe("bk_entity_typer")(doc)

    people = [e.text for e in typed.ents if e.label_ == "Person"]
    assert people == ["Brian Alan Torres Gonzalez", "Ana Ruiz"]


def _typed_with_people(nlp, text: str, people: list[str]) -> list[tuple[str, str]]:
    """The typer's entities of a text whose model people are exactly these words (as the model
    sometimes reads them), every other name left as the model read it."""
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index("bk_entity_typer")]):
        doc = nlp(text)
    spans = [doc.char_span(text.index(words), text.index(words) + len(words), label="PERSON")
             for words in people]
    doc.ents = [e for e in doc.ents if e.label_ != "PERSON" and not any(
        e.start < s.end and s.start < e.end for s in spans)] + spans
    typed = nlp.get_pipe("bk_entity_typer")(doc)
    return [(e.text, e.label_) for e in typed.ents]


def test_a_name_keeps_the_surnames_and_given_name_the_model_left_out(nlp):
    # two surnames after the given names the model took for the whole name
    typed = _typed_with_people(nlp, "HARLINGEN, Texas — ERO removed Dora Patricia Flores Canales, a citizen "
                                    "of Honduras, on Monday.", ["Dora Patricia"])
    assert ("Dora Patricia Flores Canales", "Person") in typed
    # not over the title-case words of a headline after a name whose surname follows its initial
    typed = _typed_with_people(nlp, "Remarks by Deputy Director Ana M. Ruiz Honoring Fallen Border Agents",
                               ["Ana M. Ruiz"])
    assert ("Ana M. Ruiz", "Person") in typed
    # a given name right after a release's dateline
    typed = _typed_with_people(nlp, "Jackson, Miss. – Dennis Omar Escobar-Castro pled guilty today.",
                               ["Omar Escobar-Castro"])
    assert ("Dennis Omar Escobar-Castro", "Person") in typed
    # a given name after the verb whose object the name is
    typed = _typed_with_people(nlp, "Officers arrested Marisela Rosa Quintero-Lopez at her home in Dallas.",
                               ["Rosa Quintero-Lopez"])
    assert ("Marisela Rosa Quintero-Lopez", "Person") in typed


@pytest.mark.parametrize(("text", "people", "expected"), [
    # a town of a state the text names, listed with others
    ("Agents searched homes in Las Cruces, Deming and Lordsburg, New Mexico last week.", ["Lordsburg"],
     ("Lordsburg", "City")),
    # the smaller town of a state the text names, not a bigger namesake elsewhere
    ("Deputies in Carlsbad and Roswell, New Mexico, joined the search on Sunday.", ["Roswell"],
     ("Roswell", "City")),
    # a US border town after an agency's bracketed acronym: one office of that town
    ("Homeland Security Investigations (HSI) Laredo charged two drivers on Friday.", ["Laredo"],
     ("Homeland Security Investigations (HSI) Laredo", "GovernmentAgency")),
    # a person the text names in full keeps the name alone
    ("Presidio was charged on Monday, after Border Patrol agents arrested Maria Presidio near Marfa.",
     ["Presidio", "Maria Presidio"], ("Presidio", "Person")),
    # a person named by a given name alone, though a town bears it
    ("Amanda, 31, waited in Reynosa with her sons.", ["Amanda"], ("Amanda", "Person")),
])
def test_a_town_the_model_read_as_a_person_is_the_town(nlp, text, people, expected):
    assert expected in _typed_with_people(nlp, text, people)


def test_a_state_the_model_read_as_a_person_is_no_town_of_its_name(nlp):
    typed = _typed_with_people(nlp, "Agents in Yuma, Arizona, sent the group on to California on Monday.",
                               ["California"])
    assert ("California", "City") not in typed


def _typed_as(nlp, text: str, read: dict[str, str]) -> list[tuple[str, str]]:
    """The typer's entities of a text whose model entities are exactly ``read`` (words: label),
    beside the vocabulary's."""
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index("bk_entity_typer")]):
        doc = nlp(text)
    doc.ents = [e for e in doc.ents if e.ent_id_] + [
        doc.char_span(text.index(words), text.index(words) + len(words), label=label)
        for words, label in read.items()]
    return [(e.text, e.label_) for e in nlp.get_pipe("bk_entity_typer")(doc).ents]


def test_a_name_that_opens_with_a_given_name_is_a_person_however_the_model_read_it(nlp):
    text = ("Navy Secretary Rafael Ojeda Duran and Rosa Icela Rodríguez Velazquez met Alejandro "
            "Celorio in San Juan Bautista.")
    typed = _typed_as(nlp, text, {"Rafael": "GPE", "Duran": "GPE", "Rosa Icela": "PERSON",
                                  "Rodríguez Velazquez": "ORG", "San Juan Bautista": "GPE"})
    assert [name for name, label in typed if label == "Person"] == [
        "Rafael Ojeda Duran", "Rosa Icela Rodríguez Velazquez", "Alejandro Celorio"]
    # a name inside a facility's, and a name that opens with a word the list does not hold
    typed = _typed_as(nlp, "Agents at the Javier Vega Jr. Border Patrol Checkpoint met Ambassador "
                           "Mari Carmen Aponte.", {})
    assert not [name for name, label in typed if label == "Person"]
    # a hyphenated given name, the whole name read as an organisation
    typed = _typed_as(nlp, "Jean-Baptiste Louis has waited in Tijuana for months.",
                      {"Jean-Baptiste Louis": "ORG"})
    assert ("Jean-Baptiste Louis", "Person") in typed
    # a given name that is also a town's, after a judge's title
    typed = _typed_as(nlp, "They were sentenced by U.S. District Judge Marina Garcia Marmolejo on Monday.",
                      {"Marina": "GPE", "Garcia Marmolejo": "PERSON"})
    assert ("Marina Garcia Marmolejo", "Person") in typed
    # a name common among migrants from West Africa, which the model missed
    typed = _typed_as(nlp, "Ousmane Ba, 31, flew from Dakar to Managua in May.", {})
    assert ("Ousmane Ba", "Person") in typed
    # an office the model read into the name
    text = "Deputy Secretary of State for Management and Resources Richard Verma spoke."
    typed = _typed_as(nlp, text, {"Management and Resources Richard Verma": "ORG"})
    assert typed == [("Richard Verma", "Person")]


def test_a_list_of_regions_read_as_one_name_is_each_region(nlp):
    typed = _typed_as(nlp, "Most of the travellers came from Central and South America.",
                      {"Central and South America": "LOC"})
    assert ("Central", "Place") in typed and ("South America", "Place") in typed
    assert ("Central and South America", "Place") not in typed


def test_a_department_named_after_its_city_is_the_city_unless_it_places_one(nlp):
    def places(text: str) -> list[tuple[str, str]]:
        return [(m.name, m.type) for m in extract(nlp(text), Document(id="t", text=text, sources=("t",),
                                                                       content_hash="h")).mentions
                if m.type in ("City", "AdministrativeArea")]
    assert places("The flight from Miami landed in Managua on Monday.") == [("Miami", "City"), ("Managua", "City")]
    assert ("Zacapa", "AdministrativeArea") in places("Police arrested him in Gualán, Zacapa, on Friday.")
    listed = places("Agents searched homes in Guatemala City, Huehuetenango, and Quetzaltenango, Guatemala.")
    assert ("Huehuetenango", "City") in listed and ("Quetzaltenango", "City") in listed
    # the states of Mexico stay states
    assert ("Chihuahua", "AdministrativeArea") in places("He drove to Chihuahua last year.")


def test_the_surnames_of_a_person_named_in_full_are_that_person_alone(nlp):
    text = ("Ismael Sanchez-Alvarado was removed on Friday. On April 8, the U.S. Border Patrol "
            "arrested Sanchez-Alvarado near Santa Teresa.")
    typed = _typed_with_people(nlp, text, ["Ismael Sanchez-Alvarado"])
    assert typed.count(("Sanchez-Alvarado", "Person")) == 1
    # a surname no full name of the document ends is no one's
    typed = _typed_with_people(nlp, text.replace("Ismael Sanchez-Alvarado", "Ismael Ortiz"), ["Ismael Ortiz"])
    assert ("Sanchez-Alvarado", "Person") not in typed


def test_an_office_name_the_model_cut_at_its_and_is_made_whole(nlp):
    text = "“It is dangerous,” said Rafael Cabrera, Director of the San Diego Air and Marine Branch."
    found = {(m.name, m.type) for m in _extraction(nlp, text).mentions}
    assert ("San Diego Air and Marine Branch", "GovernmentAgency") in found
    text = "CBP and ICE agents met at the station."
    assert {"U.S. Customs and Border Protection", "U.S. Immigration and Customs Enforcement"} <= {
        m.name for m in _extraction(nlp, text).mentions}


def test_a_vehicle_model_named_after_a_place_is_no_place(nlp):
    found = mentions(nlp, "Agents inspected the occupants of a 2005 Chevrolet Colorado near Eagle Pass.")
    assert not any(name == "Colorado" for name, _ in found)
    found = mentions(nlp, "The smugglers drove a Dodge Durango from Durango, Mexico, to the border.")
    assert [name for name, _ in found if name == "Durango"] == ["Durango"]
    # a make of trucks or a kind of vehicle names no organisation
    found = mentions(nlp, "Agents on an ATV stopped an Isuzu box truck near Lordsburg.")
    assert not any(name in ("ATV", "Isuzu") for name, _ in found)


def test_a_titles_first_word_and_a_port_alone_name_nothing(nlp):
    found = mentions(nlp, "The plea was announced by Acting United States Attorney Darren J. LaMarca on Monday.")
    assert ("United States", "Country") in found
    assert not any("Acting" in name for name, _ in found)
    found = mentions(nlp, "“Port of Laredo CBP officers stay vigilant,” said Port Director Albert Flores.")
    assert not any(name == "Port" for name, _ in found)


def test_parole_in_a_list_of_an_officers_acts_is_no_program(nlp):
    found = mentions(nlp, "She entered the United States near Eagle Pass without inspection, admission "
                          "or parole by an immigration officer.")
    assert not any(t == "Program" for _, t in found)
    found = mentions(nlp, "Migrants may request parole at a port of entry.")
    assert ("humanitarian parole", "Program") in found


def test_an_office_named_after_its_city_is_an_agency_not_a_place(nlp):
    found = mentions(nlp, "LOS ANGELES — U.S. Immigration and Customs Enforcement's (ICE) Enforcement and "
                          "Removal Operations (ERO) Los Angeles Field Office removed a fugitive.")
    assert ("ERO Los Angeles", "GovernmentAgency") in found  # named by its acronym and city
    assert not any(t == "Place" and "Field Office" in n for n, t in found)


def test_a_nations_authorities_are_a_government_agency(nlp):
    found = mentions(nlp, "Ecuadoran immigration authorities detained the smugglers in Quito.")
    assert ("Ecuadorian authorities", "GovernmentAgency") in found
    assert not any(t == "MigrantGroup" for _, t in found)
    found = mentions(nlp, "The man is wanted by Honduran law enforcement for robbery.")
    assert ("Honduran authorities", "GovernmentAgency") in found


@pytest.mark.parametrize(("text", "absent", "place"), [
    # a road named after a person is a place
    ("Agents met the group near Cesar E. Chavez Border Highway on Tuesday.", None,
     "Cesar E. Chavez Border Highway"),
    # a direction alone places nothing
    ("Agents encountered 168 non-citizens from South and Central America near Roma.", "South",
     "Central America"),
])
def test_roads_are_places_and_directions_alone_are_nothing(nlp, text, absent, place):
    found = {(m.name, m.type) for m in _extraction(nlp, text).mentions}
    assert (place, "Place") in found
    assert absent is None or all(name != absent for name, _ in found)


@pytest.mark.parametrize(("text", "name", "kind"), [
    (("The court will decide whether ending the Deferred Action for Childhood Arrivals program, "
      "known as DACA, was legal."), "Deferred Action for Childhood Arrivals", "Program"),
    ("Honduras signed an Asylum Cooperative Agreement with the United States.",
     "Asylum Cooperative Agreement", "Policy"),
    ("ICE enrolled 300,000 people in Alternatives to Detention (ATD) last year.",
     "Alternatives to Detention", "Program"),
    ("Applicants can visit Safe Mobility Offices in Colombia.", "Safe Mobility Initiative", "Program"),
    ("The Venezuela parole process began in October 2022.", "Parole Process for Venezuelans", "Program"),
    ("Agents patrol the border with Mexico at night.", "U.S.-Mexico border", "Place"),
    ("Drivers took the aliens to the U.S. border.", "U.S.-Mexico border", "Place"),
    ("Refugees were resettled in Puerto Rico and Florida.", "Puerto Rico", "Place"),
    # a common noun the vocabulary knows, capitalised inside a program's name
    ("DHS piloted the Rapid Asylum Intake Review in two sectors.", "Rapid Asylum Intake Review",
     "Program"),
])
def test_programs_of_the_field_are_known(nlp, text, name, kind):
    assert (name, kind) in {(m.name, m.type) for m in _extraction(nlp, text).mentions}


def test_a_program_the_vocabulary_knows_whole_is_read_whole(nlp):
    text = "The notice ends the Parole Processes for Cubans, Haitians, Nicaraguans, and Venezuelans next month."
    assert [(m.name, m.evidence.quote) for m in _extraction(nlp, text).mentions] == [
        ("CHNV parole", "Parole Processes for Cubans, Haitians, Nicaraguans, and Venezuelans")]


def test_an_agency_word_alone_names_no_one(nlp):
    text = "This year, the Administration has continued efforts to rebuild refugee resettlement."
    assert not any(m.name == "Administration" for m in _extraction(nlp, text).mentions)


def test_ports_of_entry_in_capitals_are_no_name_but_a_named_port_is(nlp):
    text = "Encounters between Ports of Entry fell in January. Officers at the San Ysidro Port of Entry stopped a car."
    found = {(m.name, m.type) for m in _extraction(nlp, text).mentions}
    assert not any(name.lower() == "ports of entry" for name, _ in found)
    assert any(kind == "BorderCrossing" and "San Ysidro" in name for name, kind in found)


def test_a_place_named_by_its_staff_is_its_government(nlp):
    found = mentions(nlp, "Aaron Gomez, a city of Tijuana official, met Reynosa city officials. "
                          "Kansas City officials and people in the city of Tijuana waited.")
    assert [name for name, kind in found if kind == "GovernmentAgency"] == [
        "Tijuana city government", "Reynosa city government"]
    assert ("Tijuana", "City") in found and ("Kansas City", "City") in found
    extraction = _extraction(nlp, "Aaron Gomez, a city of Tijuana official, said the shelter is full.")
    assert [(r.subject.name, r.predicate, r.object.name) for r in extraction.relations] == [
        ("Aaron Gomez", "worksFor", "Tijuana city government")]


def test_names_before_a_plural_place_head_are_each_that_place(nlp):
    found = mentions(nlp, "Smugglers operated in San Diego and Imperial counties. Starr and Zapata "
                          "counties agreed. The counties sued.")
    assert [name for name, kind in found if kind == "Place"] == [
        "San Diego County", "Imperial County", "Starr County", "Zapata County"]


def test_a_hyphen_set_as_a_dash_after_a_bracket_parts_the_words(nlp):
    # some reports print a dash as a hyphen: "... Protection (CBP)-identified fraud risks"
    doc = nlp("The agencies-the Federal Emergency Management Agency (FEMA)-reviewed claims near the U.S.-Mexico border.")
    words = [t.text for t in doc]
    assert words[words.index("FEMA"):words.index("FEMA") + 4] == ["FEMA", ")", "-", "reviewed"]
    assert "FEMA" in {e.text for e in doc.ents}
    assert "U.S.-Mexico" in words  # a hyphen after a full stop joins, as it did


def test_a_name_with_a_place_head_is_never_a_persons_name(nlp):
    # From a CBP release (public domain): the model once took "Goat Canyon" for a person, which
    # made its other mention a person's surname.
    text = ("At approximately 7 p.m., Friday, agents encounter the first large group that consisted of "
            "90 individuals. They were illegally entering the U.S. in an area known as Goat Canyon. "
            "This area is located approximately four miles west of the San Ysidro Port of Entry.\n\n"
            "While Border Patrol Agents were securing the group of 114, 30 additional individuals "
            "illegally crossed through Goat Canyon.")
    found = [kind for name, kind in mentions(nlp, text) if name == "Goat Canyon"]
    assert found == ["Place", "Place"]


def test_an_office_named_for_operations_is_no_operation(nlp):
    found = mentions(nlp, "A tip reached the Coast Guard’s Joint Harbor Operations Center after midnight.")
    assert not any(t == "Program" for _, t in found)
    assert ("Joint Harbor Operations Center", "GovernmentAgency") in found


@pytest.mark.parametrize("text", [
    "The supporter files a Form I-134A and the beneficiary a Form I-589 online.",
    "He was previously convicted of Aggravated Criminal Sexual Assault in Illinois.",
    "The men face charges of Conspiracy to Transport Illegal Aliens.",
    "See 88 Fed. Reg. 31314 for the rule.",
    # a statute and the charges a Border Patrol release cites
    "The driver will face prosecution under 8 USC 1324 for alien smuggling.",
    "The driver faces federal prosecution for 8 USC § 1324 – alien smuggling.",
    "The coordinator faces Conspiracy to Smuggle Illegal Aliens and Alien Inadmissibility charges.",
    "The men face Inadmissibility and/or Reentry charges, and one is a Felon in Possession of a Firearm.",
    # a prosecutor's boilerplate, a charge and a status in a Justice Department release
    "A judge will set the sentence after considering the U.S. Sentencing Guidelines and other factors.",
    "The two brothers were charged with Importation of a Controlled Substance on Tuesday.",
    "Lawful Permanent Residents (LPR) may apply after five years.",
    "Jury Convicts LPR of Smuggling Charges\nThe man could lose his status as an LPR.",
])
def test_forms_charges_and_citations_are_no_names(nlp, text):
    assert [name for name, _ in mentions(nlp, text)] in ([], ["Illinois"], ["migrants"])  # "Illegal Aliens"


def test_a_report_title_after_an_agency_acronym_is_no_field_office(nlp):
    found = mentions(nlp, "ERO Fiscal Year 2024 Annual Report\n\nERO released the report on Friday.")
    assert not any(name.startswith("ERO Fiscal") for name, _ in found)


def test_an_acronym_goes_to_the_office_whose_words_it_spells_and_counts_in_the_headline(nlp):
    text = ("DRT Agents Apprehend 210 Migrants\n\n"
            "DEL RIO, Texas – Del Rio Tango Sector Border Patrol (DRT) agents apprehended 210 migrants near Eagle Pass.")
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    extraction = extract(nlp(text), document)
    drt = [m for m in extraction.mentions if m.evidence.quote == "DRT"]
    assert len(drt) == 2 and {m.name for m in drt} == {"Del Rio Tango Sector"}
