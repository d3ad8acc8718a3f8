"""Counts read by ``bk_statistics`` (rules in ``pipelines/statistics.json``), on sentences written for the tests."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document, Statistic


def statistics(nlp, text: str) -> list[Statistic]:
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    found = extract(nlp(text), document).statistics
    for statistic in found:
        evidence = statistic.evidence
        assert text[evidence.start:evidence.end] == evidence.quote == statistic.quantity
    return list(found)


@pytest.mark.parametrize(
    ("text", "quantity", "value", "qualifier"),
    [
        ("Agents recorded about 8,300 encounters at the Lukeville crossing.", "8,300", 8300, "about"),
        ("More than 2.4 million migrants were stopped at the border last year.", "2.4 million", 2_400_000, "more than"),
        ("Officials expect half a million arrivals in the spring.", "half a million", 500_000, None),
        ("The shelter has housed nearly 400 families since March.", "400", 400, "nearly"),
        ("Roughly 700 thousand applications are still pending.", "700 thousand", 700_000, "roughly"),
        ("Six migrants died in the desert heat this week.", "Six", 6, None),
        ("Two deportation flights left Harlingen on Tuesday.", "Two", 2, None),
        ("One hundred twelve migrants were identified as families.", "One hundred twelve", 112, None),
        ("Agents took two hundred and five people into custody near Roma.", "two hundred and five", 205, None),
    ],
)
def test_counts_are_normalised(nlp, text, quantity, value, qualifier):
    counts = [s for s in statistics(nlp, text) if s.unit == "count"]
    assert [(s.quantity, s.value, s.qualifier) for s in counts] == [(quantity, value, qualifier)]


@pytest.mark.parametrize(
    "text",
    [
        "The smugglers charged $8,000 for each crossing.",          # money
        "The trip took 14 days and covered 2,000 miles.",          # duration, distance
        "Maria, 34, left her village in 2019.",                    # age, year
        "A few dozen families waited at the gate.",                 # vague and small
        "Hundreds of thousands of people crossed the jungle.",     # vague
        "Title 42 ended on May 11.",                                 # a name and a date
        "Officers seized 410 weapons and 12,500 rounds of ammunition.",  # things, not people
        "Specialists intercepted 8,120 items of plant material and 2,300 pests.",  # likewise
        "Daily encounters have remained below 2,400 for three weeks.",  # a bound, not a count
        "The agency calls groups of 150 or more large groups.",  # a class of sizes, not a count
    ],
)
def test_not_counts_are_skipped(nlp, text):
    assert [s for s in statistics(nlp, text) if s.unit == "count"] == []


def test_percentages_are_kept_with_their_unit(nlp):
    found = statistics(nlp, "About 40% of the applicants were granted asylum in 2022.")
    assert [(s.value, s.unit) for s in found] == [(40, "percent")]


def test_period_place_group_and_source(nlp):
    text = ("According to government figures, about 3,100 Venezuelan migrants crossed into "
            "El Paso between January and March.")
    [statistic] = statistics(nlp, text)
    assert statistic.period == "between January and March"
    assert statistic.source == "According to government figures"
    assert statistic.group is not None and statistic.group.name == "Venezuelan migrants"
    assert statistic.place is not None and statistic.place.name == "El Paso"
    assert "Venezuelan migrants" in statistic.what


def test_a_place_of_another_clause_is_not_the_counts(nlp):
    text = ("CBP will raise the number of appointments to 1,400 a day, and the State Department "
            "will open new offices in Guatemala and Colombia.")
    [statistic] = statistics(nlp, text)
    assert statistic.place is None
    # the same subject goes on: its places stay the count's
    [statistic] = statistics(nlp, "Agents arrested 1,200 migrants and took them to shelters in El Paso.")
    assert statistic.place is not None and statistic.place.name == "El Paso"


def test_periods_as_written(nlp):
    text = "Over the past year, agents arrested 1,250 smugglers. In fiscal 2022 they arrested 980."
    periods = {s.value: s.period for s in statistics(nlp, text)}
    assert periods == {1250: "Over the past year", 980: "In fiscal 2022"}


@pytest.mark.parametrize(
    ("text", "quantity", "what", "rule"),
    [
        ("Agents apprehended 2,300 Honduran families who had walked across the river last month.",
         "2,300", "Honduran families who had walked across the river", "statistics:noun"),
        ("The agency released about 6,000 people into shelters in Tucson.",
         "6,000", "people released into shelters in Tucson", "statistics:clause"),
        ("About 9,000 people crossed the river near Del Rio in March.",
         "9,000", "people who crossed the river near Del Rio", "statistics:clause"),
        ("Of the 40,000 migrants held in detention, about 12,000 are Venezuelan.",
         "12,000", "Venezuelan", "statistics:copula"),
        ("Two of the migrants died in the heat.", "Two", "migrants who died in the heat",
         "statistics:clause"),
        ("Arrests at the border climbed from 41,000 in January to 57,000 in February.",
         "57,000", "Arrests at the border", "statistics:parallel"),
        ("The Border Patrol made over 250 apprehensions in less than a day.",
         "250", "apprehensions", "statistics:noun"),
        ("Encounters along the southwest border totaled 191,000 in May.",
         "191,000", "Encounters along the southwest border", "statistics:subject"),
        ("Agents arrested 2,100 smugglers in 2021. In 2022 they arrested 2,900.",
         "2,900", "smugglers arrested", "statistics:ellipsis"),
        ("On Monday, agents apprehended nearly 800.", "800", "apprehended", "statistics:verb"),
        ("About 3,000 refugees arrived from Syria in May. Fewer than 600 were from Iraq.",
         "600", "refugees were from Iraq", "statistics:ellipsis"),
        ("A caravan of 4,000 Hondurans reached Tapachula, where 350 requested asylum.",
         "350", "Hondurans requested asylum", "statistics:ellipsis"),
        ("The administration cut refugee admissions to 18,000 for the year.",
         "18,000", "refugee admissions", "statistics:object"),
        ("The country reached its refugee cap of 30,000 on Monday.",
         "30,000", "refugee cap", "statistics:measure"),
        ("Crossings were at a record high of 250,000 in May.",
         "250,000", "Crossings", "statistics:subject"),
        (("The shelter director counted the arrivals of 300 people from Haiti and the arrivals "
          "of 250 people."), "250", "arrivals of people", "statistics:event"),
        ("Agents arrested a group of over 100 migrants totaling 230 people.",
         "100", "migrants in a group arrested", "statistics:group"),
        ("Agents encountered a group of 193 migrants near Normandy on Sunday.",
         "193", "migrants in a group encountered near Normandy", "statistics:group"),
        ("Overnight a group of 166 people crossed the river south of Eagle Pass.",
         "166", "people in a group who crossed the river south of Eagle Pass", "statistics:group"),
        (("Twenty-five of the Guatemalan families who came in June were sent back, and so were "
          "150 of the Salvadoran families."), "150", "Salvadoran families", "statistics:partitive"),
        ("Auditors reviewed 350 case files from the Laredo office.",
         "350", "case files from the Laredo office", "statistics:noun"),
        # A number in brackets after a place or nationality is its share of the count.
        (("Agents recorded 9,400 apprehensions of family members, led by Guatemalans (3,100) "
          "and Hondurans (2,200)."), "2,200", "apprehensions (Hondurans)", "statistics:share"),
        ("By country of origin, Cuba accounted for 2,900, followed by Nicaragua (1,700).",
         "1,700", "Nicaragua", "statistics:share"),
        # A generic count is the size of the group or total it is set beside.
        ("The two groups, totaling 227 individuals, were taken to the station.",
         "227", "groups", "statistics:whole"),
        ("The group consisted of 130 people, including 45 unaccompanied children.",
         "130", "group", "statistics:whole"),
        ("Jordan hosts the region's largest refugee population — 2.1 million people.",
         "2.1 million", "largest refugee population", "statistics:whole"),
        ("The sector's caseload — 6,200 people — has doubled since April.",
         "6,200", "caseload", "statistics:whole"),
        ("The caravan is made up of about 2,000 people.", "2,000", "caravan", "statistics:whole"),
        # A generic count a verb of amount rose or fell from or to is of its subject.
        ("Arrests of single adults in the Tucson sector rose from 9,000 people in 2018 to 21,000 in 2019.",
         "9,000", "Arrests of single adults in the Tucson sector", "statistics:changed"),
        ("Officials said the shelters in the city were packed with about 1,500 people.",
         "1,500", "people in shelters in the city", "statistics:whole"),
        ("The camp, filled with some 2,000 people, sits near the bridge.",
         "2,000", "people in camp", "statistics:whole"),
        # "that figure", "it", "the highest total" point back to the count before.
        (("Last month agents made 61,000 apprehensions along the border. A year earlier, that "
          "figure was 173,000."), "173,000", "apprehensions", "statistics:reference"),
        ("Shelters took in 4,200 asylum seekers in May. In June it was 5,100.",
         "5,100", "asylum seekers", "statistics:reference"),
        (("Agents arrested 900 smugglers in May. The number of children held in shelters "
          "rose to 3,400."), "3,400", "number of children held in shelters", "statistics:subject"),
        # The object of the verb a "to" number is the goal of, past "this time" and "available".
        ("The administration lowered the refugee ceiling again, this time to 15,000.",
         "15,000", "refugee ceiling", "statistics:object"),
        ("The agency plans to cut refugee admissions yet again, this time to 12,000.",
         "12,000", "refugee admissions", "statistics:object"),
        ("DHS will increase the number of daily appointments to 1,450.",
         "1,450", "daily appointments", "statistics:object"),
        # a relative clause cut before what it says is left out
        ("In fiscal year 2022, officers made 142,750 administrative arrests of noncitizens, which included 46,396 people.",
         "142,750", "administrative arrests of noncitizens", "statistics:noun"),
        # a conjunction cut before its own noun is left out; what an agency made is no workforce
        ("The Justice Department has made 345 arrests and secured 290 convictions.",
         "345", "arrests", "statistics:noun"),
        ("The Justice Department made over 345 domestic and international arrests.",
         "345", "domestic and international arrests", "statistics:noun"),
        # a fact sheet's list: a dash opens the item, a "+" says at least
        ("The task force has achieved:\n- 300+ domestic and international arrests;\n- 240+ convictions.",
         "300", "domestic and international arrests", "statistics:noun"),
        # a number set between dashes or commas beside what it counts
        ("The number of encounters in December – 47,300 – is the lowest since July 2020.",
         "47,300", "number of encounters", "statistics:apposition"),
        ("Apprehensions in the sector, 12,500, rose by a third.",
         "12,500", "Apprehensions in the sector", "statistics:apposition"),
        # a relative pronoun stands for the noun it follows
        ("Family apprehensions, which numbered 16,067 in FY2011, rose sharply.",
         "16,067", "Family apprehensions", "statistics:subject"),
        ("The office will raise the number of interviews available to about 2,000 each week.",
         "2,000", "interviews available", "statistics:object"),
        # A generic count takes the verb of its agents, and a reduced relative clause.
        ("Agents rescued 312 people in the Tucson Sector this fiscal year.",
         "312", "people rescued in the Tucson Sector", "statistics:clause"),
        ("The number of people enrolled in the program grew from 84,000 in 2019 to 180,000 in 2022.",
         "84,000", "number of people enrolled in the program", "statistics:subject"),
    ],
)
def test_what_is_counted_is_a_short_noun_phrase(nlp, text, quantity, what, rule):
    found = {s.quantity: s for s in statistics(nlp, text)}
    assert (found[quantity].what, found[quantity].rule) == (what, rule)


def test_each_number_keeps_its_own_period(nlp):
    text = "Crossings at the port shot from 37,000 in fiscal 2021 to 81,000 in fiscal 2022."
    assert {(s.quantity, s.period, s.what) for s in statistics(nlp, text)} == {
        ("37,000", "in fiscal 2021", "Crossings at the port"),
        ("81,000", "in fiscal 2022", "Crossings at the port")}


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("FY2018 apprehensions (396,579) were higher than in FY2017 (303,916).",
         {"396,579": "FY2018", "303,916": "in FY2017"}),
        (("In FY2022, family unit apprehensions reached 560,000, more than the previous high set "
          "in FY2019 (473,682)."), {"560,000": "In FY2022", "473,682": "in FY2019"}),
    ],
)
def test_a_number_in_brackets_takes_the_period_before_it(nlp, text, periods):
    found = statistics(nlp, text)
    assert {s.quantity: s.period for s in found} == periods
    assert {s.what for s in found} <= {"apprehensions", "family unit apprehensions"}


def test_a_period_of_another_clause_is_not_taken(nlp):
    text = ("Border Patrol recorded 8,000 encounters in the Tucson Sector, and in August agents "
            "recorded 9,500 more.")
    assert {s.quantity: s.period for s in statistics(nlp, text)} == {
        "8,000": None, "9,500": "in August"}


def test_a_sentence_that_points_back_takes_the_period_and_group_before(nlp):
    text = ("In fiscal 2022, agents expelled 1.1 million Cuban migrants under Title 42. "
            "During that period, 2,000 were paroled.")
    paroled = {s.quantity: s for s in statistics(nlp, text)}["2,000"]
    assert paroled.period == "In fiscal 2022"
    assert paroled.group is not None and paroled.group.name == "Cuban migrants"


@pytest.mark.parametrize(("text", "quantity"), [
    ("Last week prosecutors charged more than 1400 defendants with illegal entry.", "1400"),
    ("The task force filed 3250 cases in the district this spring.", "3250"),
])
def test_a_plain_number_before_a_plural_noun_counts_it(nlp, text, quantity):
    assert [s.quantity for s in statistics(nlp, text)] == [quantity]


def test_a_year_before_a_plural_noun_is_no_count(nlp):
    assert statistics(nlp, "In 2019 apprehensions rose across the sector.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The guide charged 3,000 to 5,000 pesos a person.",               # money after a range
        "They charged the migrants $10,000 to 12,000 USD for the journey.",  # money in dollars after a range
        "A caller saw a white SUV on Highway 9 near mile marker 120.",     # a road's marker
        "Traffic on Route 185 slowed near the Section 212 sign.",          # identifiers
        "The bill (S. 1234) went to the committee with H.R. 5525.",
        "The statute is codified at § 265 of the code.",                   # a section sign
        "Hikers in distress should call 911 or (520) 555-0100.",          # telephone numbers
        "Write to the office at 2707 Martin Luther King Jr. Ave.",        # an address
        "Encounters were reported in FY 2021.1 The office said so.",       # a footnote mark
        "Agents seized 7,603 kilograms of drugs.",                         # weight
        "Travelers with a temperature of 100.4 degrees were screened.",    # temperature
        "The sector covers 6,193 square miles of desert.",                 # area
        "The agency employs 19,500 agents.",                               # workforce
        "Crossings there grew 1,000 times faster than elsewhere.",        # a ratio
        "Officers seized nearly 2,400 firearms and 1,100 illicit weapons.",  # things seized
        "The United States donated 3 million vaccine doses to the region.",
        "CBP is made up of more than 60,000 men and women.",
        "Officers stopped 14 migrants at a stash house.",                  # one small group
    ],
)
def test_more_not_counts_are_skipped(nlp, text):
    assert [s for s in statistics(nlp, text) if s.unit == "count"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Sixty-two migrants died in the desert this year.", 62),              # deaths
        ("The crash caused the deaths of 12 migrants near the checkpoint.", 12),
        ("Eleven of those killed in the crash were from Honduras.", 11),
        ("Thirteen of the dead migrants were from Guatemala.", 13),             # of the dead
        ("Thirteen of the migrants who drowned were from Guatemala.", 13),
        ("Four children are believed to have died in the shelter this year.", 4),  # said to have died
        ("Police found that nine migrants were murdered near the ranch.", 9),         # murders
        ("The cartel was tied to the murders of 14 migrants in Zacatecas.", 14),
        ("Investigators made five arrests after the raid.", 5),                  # arrests
        ("The operation included the arrests of eight smugglers.", 8),
        ("The probe led to the arrest of 31 members of the ring in Sonora.", 31),
        ("Agents executed three search warrants.", 3),                           # warrants
        ("There were 25 migrant deaths in the county, compared to 29 a year earlier.", 29),
        ("The smuggling attempt cost four lives.", 4),                            # lives lost
        ("Seven migrants lost their lives when the boat capsized.", 7),
        ("Officers arrested six individuals during the operation.", 6),          # arrested
        ("Eight people were arrested and charged with smuggling.", 8),
        ("Agents detained three large groups of migrants this week.", 3),        # detained
    ],
)
def test_small_counts_of_deaths_and_enforcement_events_are_kept(nlp, text, value):
    assert value in {s.value for s in statistics(nlp, text) if s.unit == "count"}


@pytest.mark.parametrize(
    "text",
    [
        "Twelve lives were saved by the agents who pulled the swimmers from the canal.",
        "The agents saved four lives on Sunday near the river.",
    ],
)
def test_a_small_count_of_lives_saved_is_no_toll(nlp, text):
    assert [s.value for s in statistics(nlp, text) if s.unit == "count"] == []


def test_a_small_count_that_closes_a_list_of_tallies_is_kept(nlp):
    text = "Since October the station has rescued 310 migrants, made 450 arrests and seized 36 vehicles."
    assert [(s.value, s.what) for s in statistics(nlp, text)][-1] == (36, "vehicles")
    anecdote = "Agents arrested 200 migrants and seized five vehicles near the river on Monday."
    assert [s.value for s in statistics(nlp, anecdote)] == [200]


def test_a_small_count_set_against_a_large_one_is_a_tally(nlp):
    text = "Last year the checkpoint recorded 45 smuggling loads, compared to 160 so far this year."
    assert [s.value for s in statistics(nlp, text) if s.unit == "count"] == [45, 160]
    anecdote = "Agents found 45 migrants in a trailer, compared to 12 in the truck before it."
    assert [s.value for s in statistics(nlp, anecdote) if s.unit == "count"] == []


def test_a_small_count_of_warrants_is_no_retelling_of_a_toll(nlp):
    text = "Four migrants died in the river on Monday. Agents later executed four search warrants."
    assert [s.quantity for s in statistics(nlp, text) if s.unit == "count"] == ["Four", "four"]


def test_a_count_named_again_by_its_number_is_not_a_new_count(nlp):
    text = "Agents encountered 2,100 migrants near Del Rio. Of the 2,100, 600 were children."
    assert [s.quantity for s in statistics(nlp, text)] == ["2,100", "600"]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("On Sunday agents stopped four separate groups of over 100 migrants totaling 512 people.", ["512"]),
        ("Agents in the sector met 42 groups of 100 or more people this year.", []),
        ("A group of over 100 migrants crossed near Sasabe on Monday.", ["100"]),
    ],
)
def test_the_least_size_of_each_of_several_groups_is_not_a_count(nlp, text, counts):
    assert [s.quantity for s in statistics(nlp, text) if s.unit == "count" and s.value >= 100] == counts


def test_a_group_named_again_by_its_size_is_not_a_new_count(nlp):
    text = ("Agents stopped a group of 140 migrants near Sasabe. While agents processed the group "
            "of 140, a second group of 120 crossed near Nogales.")
    assert [s.quantity for s in statistics(nlp, text)] == ["140", "120"]


@pytest.mark.parametrize(
    "text",
    [
        "ICE removed migrants to more than 150 countries last year.",
        "The plan will fill some 33,000 jobs a year with foreign workers.",
        "Mexico sent about 400 police and national guardsmen to the bridge.",
        "Investigators froze 240 bank accounts tied to the network.",
        "The department sent nearly 1,000 processing coordinators to the sector.",
        "Officers at the port processed more than 2.4 million shipments of goods in May.",
    ],
)
def test_counts_of_workforces_countries_jobs_and_accounts_are_not_statistics(nlp, text):
    assert [s for s in statistics(nlp, text) if s.unit == "count"] == []


def test_a_small_toll_told_again_in_other_words_is_kept_once(nlp):
    text = ("A crash near Laredo killed five migrants on Monday. The sheriff said the crash "
            "claimed five lives.")
    assert [s.value for s in statistics(nlp, text) if s.unit == "count"] == [5]


def test_a_fact_stated_twice_is_kept_once(nlp):
    text = ("About 5,000 Russians crossed during the same period a year ago. During the same "
            "period a year ago, the agency allowed 22,000 people through the ports, including "
            "nearly 5,000 Russians.")
    assert sorted(s.value for s in statistics(nlp, text)) == [5000, 22000]


def test_a_count_of_the_headline_told_again_below_is_kept_once(nlp):
    headline = "Group of 410 Haitian Migrants Stopped near Del Rio"
    text = (f"{headline}\n\nDEL RIO, Texas – Border Patrol agents stopped 410 Haitian migrants "
            "on Sunday. The sector has seen 2,300 crossings this month.")
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h", title=headline)
    found = extract(nlp(text), document).statistics
    assert [(s.value, s.evidence.start > len(headline)) for s in found] == [(410, True), (2300, True)]
    untold = text.replace("stopped 410 Haitian migrants", "stopped the group")
    document = Document(id="t", text=untold, sources=("t.txt",), content_hash="h", title=headline)
    assert [s.value for s in extract(nlp(untold), document).statistics] == [410, 2300]
    other_words = f"{headline}\n\nDEL RIO, Texas – Agents made 410 arrests on Sunday."
    document = Document(id="t", text=other_words, sources=("t.txt",), content_hash="h", title=headline)
    assert [s.value for s in extract(nlp(other_words), document).statistics] == [410, 410]
    dated = "Del Rio Agents Apprehend 9,000 Migrants in March"
    text = f"{dated}\n\nAgents have apprehended 9,000 migrants since the start of the year."
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h", title=dated)
    assert [s.period for s in extract(nlp(text), document).statistics] == [
        "in March", "since the start of the year"]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Fiscal year 2020: more than 9,000 were returned.", "Fiscal year 2020"),
        ("The network moved 4,000 people north in just three years.", "in just three years"),
        ("Agents stopped 300 migrants near the wall last night.", "last night"),
        ("On Tuesday, agents found 150 migrants in a trailer.", "On Tuesday"),
        ("Encounters fell to 2,400 in mid-June.", "in mid-June"),
        ("In FY2019, agents made 851,000 apprehensions.", "In FY2019"),
        ("The agency paroled 6,000 people from March 2021 through June 2022.",
         "from March 2021 through June 2022"),
        (("About 1,500 Cubans arrived between October, the start of the fiscal year, and "
          "December, and many stayed."),
         "between October, the start of the fiscal year, and December"),
        # Federal reports spell the abbreviation out; dates of a day, or of days.
        ("In fiscal year (FY) 2023, officers removed 142,000 people.", "In fiscal year (FY) 2023"),
        ("Agents made 8,500 arrests in the first six months of FY2024.",
         "in the first six months of FY2024"),
        ("The station logged 2,300 apprehensions this past fiscal year.",
         "this past fiscal year"),
        ("On Feb 3, agents apprehended 410 migrants near Lukeville.", "On Feb 3"),
        ("Agents rescued more than 700 migrants between August 4 and August 18.",
         "between August 4 and August 18"),
    ],
)
def test_period_phrases(nlp, text, period):
    assert [s.period for s in statistics(nlp, text) if s.unit == "count"] == [period]


def test_a_hyphenated_word_of_the_field_is_counted_whole(nlp):
    found = statistics(nlp, "On May 13, agents apprehended 199 non-citizens near Roma.")
    assert [(s.quantity, s.what, s.group.name if s.group else None) for s in found] == [
        ("199", "non-citizens near Roma", "migrants")]
    doc = nlp("More asylum-seekers arrived in Laredo.")
    assert [t.text for t in doc][:3] == ["More", "asylum-seekers", "arrived"]
    assert not any(ent.label_ == "Program" for ent in doc.ents)
