"""What is counted, on sentences written in the style of CBP, DHS, ICE and GAO releases.

Each row gives the counts a sentence states and, for each, the words its ``what`` must
hold: the words an analyst would look for, as ``../shared/eval/score.py`` compares them
(a shared content word; "people", "migrants" and "number" say nothing alone).
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document

RELEASES = [
    ("Border Patrol agents apprehended 1,234 noncitizens in the Tucson Sector in March.",
     {"1,234": ["noncitizens", "Tucson Sector"]}),
    ("Encounters of family units rose 20% to 45,000 in June.",
     {"45,000": ["Encounters", "family units"]}),
    (("Agents encountered 2,100 migrants near Del Rio on Sunday. Of the 2,100, 600 were "
     "unaccompanied children."),
     {"2,100": ["encountered", "Del Rio"], "600": ["unaccompanied children"]}),
    (("The Rio Grande Valley Sector recorded more than 3,500 apprehensions last week, most of "
     "them single adults."),
     {"3,500": ["apprehensions"]}),
    ("CBP officers at the San Ysidro port of entry processed 1,450 CBP One appointments in May.",
     {"1,450": ["CBP One appointments"]}),
    (("Agents rescued 312 people in the Tucson Sector this fiscal year, up from 204 the year "
     "before."),
     {"312": ["rescued", "Tucson Sector"], "204": ["rescued"]}),
    ("ICE removed 142,580 noncitizens to more than 170 countries in fiscal year 2023.",
     {"142,580": ["noncitizens"]}),
    ("The number of people enrolled in the program grew from 84,000 in 2019 to 180,000 in 2022.",
     {"84,000": ["enrolled in the program"], "180,000": ["enrolled in the program"]}),
    ("The group consisted of 130 people, including 45 unaccompanied children.",
     {"130": ["group"]}),
    (("Last month agents made 61,000 apprehensions along the southwest border. A year earlier, "
     "that figure was 173,000."),
     {"61,000": ["apprehensions"], "173,000": ["apprehensions"]}),
    ("DHS will increase the number of daily appointments to 1,450.",
     {"1,450": ["appointments"]}),
    ("The administration lowered the refugee ceiling again, this time to 15,000.",
     {"15,000": ["refugee ceiling"]}),
    (("Mexico accounted for 120,000 of the encounters, followed by Guatemala (45,000) and "
     "Honduras (38,000)."),
     {"120,000": ["encounters"], "45,000": ["encounters", "Guatemala"],
      "38,000": ["encounters", "Honduras"]}),
    (("Agents in the El Paso Sector encountered a group of 250 people who crossed the river near "
     "the Bridge of the Americas."),
     {"250": ["crossed the river"]}),
    (("September marked the lowest number of enforcement actions during the year. And that was a "
      "little over 52,000."),
     {"52,000": ["enforcement actions"]}),
    ("Agents performed over 980 rescues this year, surpassing the 924 total from last year.",
     {"980": ["rescues"], "924": ["rescues"]}),
    ("Border Patrol agents stopped migrants 250,312 times in December.",
     {"250,312": ["migrants stopped"]}),
    ("The average daily population in ICE detention was 37,700 people.",
     {"37,700": ["population in ICE detention"]}),
    ("The sector's caseload — 6,200 people — has doubled since April.",
     {"6,200": ["caseload"]}),
    ("The two groups, totaling 227 individuals, were taken to the Imperial Beach Station.",
     {"227": ["groups"]}),
    ("Agents arrested 14 smugglers and encountered 1,020 people during the operation.",
     {"14": ["smugglers"], "1,020": ["encountered"]}),
    ("Officers encountered a record 33,021 inadmissible individuals at bridges.",
     {"33,021": ["inadmissible individuals"]}),
    ("In June there were 12,480 (22%) repeat encounters and 44,150 (78%) unique encounters.",
     {"12,480": ["repeat encounters"], "44,150": ["encounters"]}),
    (("Unique encounters in March totaled 162,317. Of these, 40,000 were family unit individuals "
      "and 9,800 were unaccompanied children."),
     {"162,317": ["encounters"], "40,000": ["family unit"], "9,800": ["unaccompanied children"]}),
    (("Agents made 180,000 apprehensions in May. Mexico accounted for 60,000, followed by "
      "Guatemala (30,000)."),
     {"180,000": ["apprehensions"], "60,000": ["apprehensions", "Mexico"],
      "30,000": ["apprehensions", "Guatemala"]}),
    (("Apprehensions of family units climbed to 52,000 in fiscal 2018. In the first half of "
      "fiscal 2019, they reached 70,100."),
     {"52,000": ["Apprehensions"], "70,100": ["Apprehensions"]}),
    ("Laredo Agents Apprehend 240 Migrants and 95 Pounds of Cocaine",
     {"240": ["Migrants"]}),
    ("Since June 3:\n- Ecuador 410 encounters/day\n- Colombia 275 encounters/day\n- Peru 130 encounters/day",
     {"410": ["encounters"], "275": ["encounters"], "130": []}),
    (("Roughly half (52,310; 48%) involved family unit members. The rest included single adults "
      "(40,120; 37%) and unaccompanied children (16,200; 15%)."),
     {"52,310": ["family unit"], "40,120": ["single adults"], "16,200": ["unaccompanied children"]}),
    # a generic noun after "a total of" or "a record number of" takes the verb of the amount
    ("In March, CBP apprehended, or deemed inadmissible, a total of 71,000 individuals.",
     {"71,000": ["individuals apprehended or deemed inadmissible"]}),
    ("A total of 1,250 migrants crossed the river near Eagle Pass on Sunday.",
     {"1,250": ["crossed the river"]}),
    ("DHS removed or returned a record number of individuals—over 310,000—during the year.",
     {"310,000": ["removed or returned"]}),
    ("ICE removed a record number of noncitizens—over 210,000—during the year.",
     {"210,000": ["noncitizens"]}),
    ("Last year the sector logged a record number of migrant deaths—about 850—and the rescue of some 19,000 others.",
     {"850": ["migrant deaths"], "19,000": ["rescue"]}),
    # "it" names again the count before, a generic one with its verb
    ("Guatemala deported 134,000 people last year. In 2018, it was 83,000.",
     {"134,000": ["deported"], "83,000": ["deported"]}),
    # a generic object keeps both verbs of a pair; a subject the parser hung on a participle is found
    ("Since March, the agency removed or returned more than 58,000 individuals to 40 countries.",
     {"58,000": ["removed or returned"]}),
    ("The number of unaccompanied children encountered fell to 8,500 in July.",
     {"8,500": ["unaccompanied children"]}),
    ("Rescue teams in the Laredo Sector saved the lives of 415 people from the brush this summer.",
     {"415": ["people saved from the brush"]}),
    # a "from ... to ..." pair counts what the change is in, not the change
    ("Agency data show a 31% drop in apprehensions along the northern border, from 9,120 to 6,290.",
     {"9,120": ["apprehensions along the northern border"], "6,290": ["apprehensions"]}),
    # "that number", and a month or level that "was" so many people, name the count before again
    (("In June, agents apprehended a total of 41,000 people. In May, that number was 52,000, "
      "down from the peak in April, which was over 60,000 individuals."),
     {"41,000": ["apprehended"], "52,000": ["apprehended"], "60,000": ["apprehended"]}),
    (("FY2021 Enforcement\n\n  • Border Patrol Encounters:   1,120,400   (+12% from FY20)\n"
      "  • Office of Field Operations Encounters:   61,220   (-8% from FY20)"),
     {"1,120,400": ["Border Patrol Encounters"], "61,220": ["Office of Field Operations Encounters"]}),
]


@pytest.mark.parametrize(("text", "expected"), RELEASES)
def test_what_release_sentences_count(nlp, text, expected):
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    found = {s.quantity: s.what for s in extract(nlp(text), document).statistics
             if s.unit == "count"}
    assert set(found) == set(expected)
    for quantity, words in expected.items():
        assert all(word in found[quantity] for word in words), (quantity, found[quantity])
