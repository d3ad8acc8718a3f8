"""Who works for, speaks for and is quoted in what: worksFor, spokespersonOf and quotedIn on
sentences written for this test in the styles of federal releases, reports and stories
(Justice Department and U.S. Attorneys, DHS, CBP, ICE, State, White House, CRS, GAO, VOA).

Each case lists every fact of the three predicates a careful annotator would record
(``../shared/eval/README.md``); the pipeline must find them all and no other, except the
``allowed`` ones an annotator might record or leave out ("a spokeswoman for ICE" speaks for
ICE and may be said to work for it).
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document

PEOPLE_PREDICATES = ("worksFor", "spokespersonOf", "quotedIn")

CBP = "U.S. Customs and Border Protection"
ICE = "U.S. Immigration and Customs Enforcement"
DHS = "U.S. Department of Homeland Security"
USCIS = "U.S. Citizenship and Immigration Services"
BP = "U.S. Border Patrol"
VOA = "Voice of America"
USAO = "U.S. Attorney’s Office for the"  # a district's office, named as after a U.S. attorney's title

Fact = tuple[str, str, str]

# (text, facts, allowed)
TABLE: list = [
    # a sector named with its agency after it: the chief heads the sector
    ("EL PASO, Texas – Agents pulled two men from the canal. “They were lucky,” said El Paso Sector Border Patrol Chief Patrol Agent Dana Whitfield.",
     {("Dana Whitfield", "worksFor", "El Paso Sector")}, set()),
    # a person named before, then a pronoun that works for an organisation
    ("Most families arrive exhausted, says Dana Whitfield. She volunteers at the Casa del Migrante shelter in Tijuana.",
     {("Dana Whitfield", "worksFor", "Casa del Migrante")}, set()),
    # titles before and after the name
    ("“We will keep enforcing the law,” said Acting Commissioner Troy Miller of U.S. Customs and Border Protection.",
     {("Troy Miller", "worksFor", CBP)}, set()),
    # the Attorney General heads the department, not its division
    ("Assistant Attorney General Dana Whitfield of the Justice Department’s Criminal Division opened the summit. She was joined by Attorney General Owen Pratt.",
     {("Dana Whitfield", "worksFor", "Justice Department’s Criminal Division")}, set()),
    # a title of several words between the office and the name
    ("The talks were led by White House Homeland Security Advisor Dana Whitfield and two envoys.",
     {("Dana Whitfield", "worksFor", "White House")}, set()),
    # a list of officials, each "for" their district
    ("The summit brought together U.S. Attorney Dana Whitfield for the District of Nevada, U.S. Attorney Marco Ibarra for the Eastern District of Texas, and Owen Pratt for the District of New Jersey.",
     {("Dana Whitfield", "worksFor", f"{USAO} District of Nevada"),
      ("Marco Ibarra", "worksFor", f"{USAO} Eastern District of Texas"),
      ("Owen Pratt", "worksFor", f"{USAO} District of New Jersey")}, set()),
    # a surname alone after a title, though a town bears it
    ("The secretary led the delegation and was joined by SOUTHCOM Commander General Denton as well as other officials.",
     {("Denton", "worksFor", "U.S. Southern Command")}, set()),
    # a list parted by semicolons: each item holds its own office
    ("Mexico's delegation included Secretary of the Navy Admiral Rafael Ojeda Duran; Roberto Velasco Alvarez, Head of the North America Unit; and Alejandro Celorio, Legal Adviser.",
     set(), {("Rafael Ojeda Duran", "worksFor", "Navy"), ("Rafael Ojeda Duran", "worksFor", "Secretary of the Navy"),
             ("Roberto Velasco Alvarez", "worksFor", "North America Unit")}),
    # a delegation's officials: the chargé d'affaires of an embassy works for it; a title's
    # field ("of Labor", "of Foreign Affairs") is no organisation
    ("The delegation was led by Deputy Under Secretary of Labor Dana Whitfield and the Chargé d’Affaires of the U.S. Embassy in Peru, Owen Pratt. Peru was represented by the Minister of Foreign Affairs Marco Ibarra.",
     {("Owen Pratt", "worksFor", "U.S. Embassy in Peru")}, set()),
    # the model's name that took the end of the title
    ("Laredo Sector Chief Patrol Agent Ana Ruiz said the smugglers put lives at risk.",
     {("Ana Ruiz", "worksFor", "Laredo Sector")}, set()),
    ("Acting CBP Commissioner Troy A. Miller said the agency screened more travelers than ever.",
     {("Troy A. Miller", "worksFor", CBP)}, set()),
    ("Chief Patrol Agent Gloria Chavez of the Rio Grande Valley Sector announced the seizure on Tuesday.",
     {("Gloria Chavez", "worksFor", "Rio Grande Valley Sector")}, set()),
    # the title after the name: the district is its U.S. Attorney's Office all the same
    ("“Smugglers who risk lives will answer for it,” said Dana Whitfield, U.S. Attorney for the District of Arizona.",
     {("Dana Whitfield", "worksFor", f"{USAO} District of Arizona")}, set()),
    ("U.S. Attorney Alamdar S. Hamdani for the Southern District of Texas announced the charges on Friday.",
     {("Alamdar S. Hamdani", "worksFor", f"{USAO} Southern District of Texas")}, set()),
    ("Acting Assistant Attorney General Nicole M. Argentieri of the Justice Department’s Criminal Division made the announcement.",
     {("Nicole M. Argentieri", "worksFor", "Justice Department’s Criminal Division")}, {("Nicole M. Argentieri", "worksFor", "Justice Department")}),
    ("White House Press Secretary Karine Jean-Pierre told reporters that the president would veto the bill.",
     {("Karine Jean-Pierre", "spokespersonOf", "White House"), ("Karine Jean-Pierre", "worksFor", "White House")}, set()),
    ("Blas Nuñez-Neto, DHS assistant secretary for border and immigration policy, told reporters on a call that the new rule would take effect in May.",
     {("Blas Nuñez-Neto", "worksFor", DHS)}, set()),
    ("The State Department hosted the talks. Secretary of State Antony J. Blinken met Mexican Foreign Secretary Alicia Bárcena in Washington.",
     {("Antony J. Blinken", "worksFor", "State Department")}, set()),
    # the title names its department where the text does not, and a shorter title later is the
    # same office, not the one of a department the text names for someone else
    ("Secretary of State Dana Whitfield will host the ministerial in Washington. Secretary Whitfield will be joined by Secretary of Homeland Security Owen Pratt.",
     {("Dana Whitfield", "worksFor", "State Department"), ("Owen Pratt", "worksFor", DHS)}, set()),
    # a headline's short title is the office of the full title the release gives the same person
    # after it, not one of a department the release names for someone else
    ("Secretary Whitfield Travels to Panama\n\nSecretary of State Dana Whitfield will travel to Panama City on Monday. Secretary Whitfield will join Secretary of Homeland Security Owen Pratt there.",
     {("Dana Whitfield", "worksFor", "State Department"), ("Owen Pratt", "worksFor", DHS)}, set()),
    # a title "for" the field of its office, which the model reads into the name after it
    ("Deputy Secretary of State for Management and Resources Dana Whitfield will travel to Panama on Monday.",
     {("Dana Whitfield", "worksFor", "State Department")}, set()),
    ("The call was led by NSC Senior Director for Transborder Owen Pratt and two envoys from Mexico.",
     {("Owen Pratt", "worksFor", "National Security Council")}, set()),
    # a bare title may be of a department another title names as well as of the one the text names
    ("Secretary of State Dana Whitfield will host the talks. She will be joined by Secretary of Homeland Security Owen Pratt and Deputy Secretary for Management and Resources Marco Ibarra.",
     {("Dana Whitfield", "worksFor", "State Department"), ("Owen Pratt", "worksFor", DHS)}, set()),
    # a relative clause says what the person is or serves as, the field of the office before the
    # organisation; not what they were
    ("The briefing has two speakers: Dana Whitfield, who is the Deputy Assistant Secretary for Central America and Migration at the State Department; and Owen Pratt, who serves as the Assistant Secretary for Border and Immigration Policy at the U.S. Department of Homeland Security.",
     {("Dana Whitfield", "worksFor", "State Department"), ("Owen Pratt", "worksFor", DHS)}, set()),
    ("The briefing was led by Marco Ibarra, who served as the deputy director of policy at the Migration Policy Institute.",
     set(), set()),
    # a title before the last name of a list is that name's alone, not the names before it
    ("The delegation included Dana Whitfield, Owen Pratt, and DHS Deputy Secretary Marco Ibarra.",
     {("Marco Ibarra", "worksFor", DHS)}, set()),
    # a title "for" its organisation, as a readout lists officials
    ("The minister was joined by Commissioner for the National Migration Institute Tomas Ibarra and two advisers.",
     {("Tomas Ibarra", "worksFor", "National Migration Institute")}, set()),
    # a reporter credited for a news organisation
    ("Thousands waited at the bridge. Dana Whitfield reports for VOA from Ciudad Juarez.",
     {("Dana Whitfield", "worksFor", VOA)}, set()),
    # a title after the name, as a release signs a quote
    ("U.S. Customs and Border Protection expanded the app. “It works,” said Laura Pineda, Senior Official Performing the Duties of Commissioner.",
     {("Laura Pineda", "worksFor", CBP)}, set()),
    # a title the model reads as part of the name names the office too
    ("Secretary Whitfield delivered the following remarks at a press conference in Guatemala City. The Department of Homeland Security is supporting these efforts.",
     {("Whitfield", "worksFor", DHS)}, set()),
    # a secretary of no named department is not of the one named only as the owner of the office hosting a call
    ("Greetings to everyone from the U.S. Department of State’s Media Hub of the Americas in Miami.\n\nSecretary Whitfield led the U.S. delegation to Panama City on Tuesday.",
     set(), set()),
    # a state's secretary of state holds the state's office
    ("Texas Secretary of State Jane Nelson certified the results on Monday.", set(), set()),
    # apposition after the name
    ("“The detention standards have not changed,” said Jane Holloway, a spokeswoman for U.S. Immigration and Customs Enforcement.",
     {("Jane Holloway", "spokespersonOf", ICE)}, {("Jane Holloway", "worksFor", ICE)}),
    ("Maria Delgado, of CBP’s Office of Field Operations and the leader of the agency’s canine program, said the dogs found the drugs in the spare tire.",
     {("Maria Delgado", "worksFor", "Office of Field Operations")}, {("Maria Delgado", "worksFor", CBP)}),
    ("Raul Ortiz, who heads the Tucson Sector, said apprehensions fell in March.",
     {("Raul Ortiz", "worksFor", "Tucson Sector")}, set()),
    ("Ruben Garcia, director of Annunciation House in El Paso, said the shelters were full.",
     {("Ruben Garcia", "worksFor", "Annunciation House")}, set()),
    ("Erik Ramirez, a lawyer with the American Civil Liberties Union, said the group would sue.",
     {("Erik Ramirez", "worksFor", "American Civil Liberties Union")}, set()),
    ("According to Adam Isacson, an analyst at the Washington Office on Latin America, crossings have dropped since January.",
     {("Adam Isacson", "worksFor", "Washington Office on Latin America")}, set()),
    ("Sarah Pierce, a policy analyst with the Migration Policy Institute, told VOA that the backlog keeps growing.",
     {("Sarah Pierce", "worksFor", "Migration Policy Institute"), ("Sarah Pierce", "quotedIn", VOA)}, set()),
    # told, said to, in an interview with
    ("“We are seeing more families,” Border Patrol agent Luis Moreno told VOA.",
     {("Luis Moreno", "worksFor", BP), ("Luis Moreno", "quotedIn", VOA)}, set()),
    ("“This is a humanitarian crisis,” Tucson Sector Chief John Modlin told The Associated Press.",
     {("John Modlin", "worksFor", "Tucson Sector"), ("John Modlin", "quotedIn", "Associated Press")}, set()),
    ("In an interview with Reuters, Honduran Foreign Minister Enrique Reina said the talks went well.",
     {("Enrique Reina", "quotedIn", "Reuters")}, set()),
    ("Speaking to VOA, Ana Lopez, who runs a shelter in Tijuana, said the beds were full.",
     {("Ana Lopez", "quotedIn", VOA)}, set()),
    ("Lisa, a travel agent in Fujian, told VOA that many of her clients had left for Ecuador.",
     {("Lisa", "quotedIn", VOA)}, set()),
    ("Carlos Rivas waited at the bridge for six weeks. He told VOA that he had run out of money.",
     {("Carlos Rivas", "quotedIn", VOA)}, set()),
    # lists of officials
    ("The announcement was made by U.S. Attorney Tara McGrath of the Southern District of California and Special Agent in Charge Chad Plantz of Homeland Security Investigations.",
     {("Tara McGrath", "worksFor", f"{USAO} Southern District of California"),
      ("Chad Plantz", "worksFor", "Homeland Security Investigations")}, set()),
    # an office named by the release, the name alone beside its title
    ("The Department of Homeland Security announced new measures on Monday. Deputy Secretary John K. Tien traveled to Panama to meet officials.",
     {("John K. Tien", "worksFor", DHS)}, set()),
    ("DEL RIO, Texas – Del Rio Sector Border Patrol agents rescued four migrants on Sunday. “Our agents never stop,” said Chief Patrol Agent Jason Owens.",
     {("Jason Owens", "worksFor", "Del Rio Sector")}, set()),
    ("SAN DIEGO – U.S. Border Patrol agents stopped two boats off Point Loma overnight. “The sea is no shortcut,” said Chief Patrol Agent Mario Ruiz.",
     {("Mario Ruiz", "worksFor", BP)}, set()),
    ("Ana Lopez was sentenced in the U.S. District Court for the Western District of Texas. Assistant U.S. Attorney Mark Dale prosecuted the case.",
     set(), set()),
    # an agency, a title and a name the model read as one organisation
    ("USAID Administrator Rosa Vidal toured a shelter in Tapachula on Monday.",
     {("Rosa Vidal", "worksFor", "U.S. Agency for International Development")}, set()),
    ("The minister was joined by SOUTHCOM Commander Admiral Hale and two aides.",
     {("Hale", "worksFor", "U.S. Southern Command")}, set()),
    ("The talks drew Director of the Federal Emergency Management Agency Rosa Vidal, Commander of U.S. Southern Command Admiral Tom Hale, and their staffs.",
     {("Rosa Vidal", "worksFor", "Federal Emergency Management Agency"),
      ("Tom Hale", "worksFor", "U.S. Southern Command")}, set()),
    ("Laredo Sector Chief Patrol Agent Rosa Vidal said the men fled across the river.",
     {("Rosa Vidal", "worksFor", "Laredo Sector")}, set()),
    ("NSC Senior Director Rosa Vidal spoke to reporters by phone from Washington.",
     {("Rosa Vidal", "worksFor", "National Security Council")}, set()),
    # a notice's contact
    ("FOR FURTHER INFORMATION CONTACT: Daniel Reyes, Office of Policy and Strategy, U.S. Citizenship and Immigration Services, Department of Homeland Security, 5900 Capital Gateway Drive, Camp Springs, MD 20746; telephone (240) 721-3000.",
     {("Daniel Reyes", "worksFor", USCIS)},
     {("Daniel Reyes", "worksFor", "Office of Policy and Strategy"), ("Daniel Reyes", "worksFor", DHS)}),
    ("FOR FURTHER INFORMATION CONTACT:\nRosa Vidal, Refugee and Asylum Policy, Office of Strategy, Policy, and Plans, Department of Homeland Security, 2707 Martin Luther King Jr. Ave. SE, Washington, DC 20528; telephone (202) 555-0100.",
     {("Rosa Vidal", "worksFor", "Office of Strategy, Policy, and Plans"), ("Rosa Vidal", "worksFor", DHS)}, set()),
    # no relation of the three
    ("Sen. Mark Kelly criticized U.S. Customs and Border Protection for the long lines at the ports.",
     set(), set()),
    ("Former Border Patrol Chief Rodney Scott said the policy had failed.",
     set(), set()),
    ("Andrea Flores, a former DHS official, said the plan would not work.",
     set(), set()),
    ("Mexican Foreign Minister Marcelo Ebrard met Secretary of Homeland Security Alejandro Mayorkas in Washington.",
     {("Alejandro Mayorkas", "worksFor", DHS)}, set()),
    ("Carlos Rivas, a migrant from Venezuela, told reporters he had waited for weeks.",
     set(), set()),
    ("President Joe Biden met Mexican President Andrés Manuel López Obrador at the White House on Tuesday.",
     set(), set()),
    ("Ana Ruiz, whose son was detained by ICE in June, said she had not heard from him.",
     set(), set()),
    ("Border Patrol Chief Jason Owens said in a post on X that agents had made 5,000 arrests.",
     {("Jason Owens", "worksFor", BP)}, set()),
    # more titles and appositions
    ("John Ramos, CBP’s director of field operations in Laredo, said trucks waited for hours.",
     {("John Ramos", "worksFor", CBP)}, set()),
    # an agency's full name with a city straight after it names the agency's office there
    ("“Smugglers treat people as cargo,” said Homeland Security Investigations El Paso Special Agent in Charge Francisco Burrola.",
     {("Francisco Burrola", "worksFor", "HSI El Paso")},
     {("Francisco Burrola", "worksFor", "Homeland Security Investigations")}),
    ("Rhonda Lawson, a CBP spokesperson, said the port would reopen on Monday.",
     {("Rhonda Lawson", "spokespersonOf", CBP)}, {("Rhonda Lawson", "worksFor", CBP)}),
    ("A spokesperson for the State Department, Vedant Patel, said the embassy was monitoring the case.",
     {("Vedant Patel", "spokespersonOf", "State Department")}, {("Vedant Patel", "worksFor", "State Department")}),
    ("State Department spokesperson Matthew Miller told reporters that the talks would continue.",
     {("Matthew Miller", "spokespersonOf", "State Department")}, {("Matthew Miller", "worksFor", "State Department")}),
    ("Francisco Garduño, head of Mexico’s National Migration Institute, said the checkpoints would stay.",
     {("Francisco Garduño", "worksFor", "National Migration Institute")}, set()),
    ("Dylan Corbett is the executive director of the Hope Border Institute, a Catholic group in El Paso.",
     {("Dylan Corbett", "worksFor", "Hope Border Institute")}, set()),
    ("Homeland Security Secretary Kristi Noem said the agency would hire more officers.",
     {("Kristi Noem", "worksFor", DHS)}, set()),
    ("ICE Acting Director Patrick J. Lechleitner said the flights would continue.",
     {("Patrick J. Lechleitner", "worksFor", ICE)}, set()),
    ("Laura Pena, an ICE officer in Phoenix, said the detainees were moved on Friday.",
     {("Laura Pena", "worksFor", ICE)}, set()),
    ("“We fled with nothing,” Yessenia Cruz said in a phone interview with The New York Times.",
     {("Yessenia Cruz", "quotedIn", "New York Times")}, set()),
    ("Yessenia Cruz spoke with VOA by phone from Tapachula, where she has waited since May.",
     {("Yessenia Cruz", "quotedIn", VOA)}, set()),
    ("The Justice Department today announced charges against 12 smugglers. “They preyed on families,” said Attorney General Merrick B. Garland.",
     {("Merrick B. Garland", "worksFor", "Justice Department")}, set()),
    ("Mark Ellis, of CBP’s Office of Field Operations and the director of the National Targeting Center, said the center screens every flight.",
     {("Mark Ellis", "worksFor", "National Targeting Center")}, {("Mark Ellis", "worksFor", "Office of Field Operations")}),
    ("Joining the Secretary were Jane Roe, the Director of U.S. Citizenship and Immigration Services; Tom Hill, the Acting Director of ICE; and Mia Park, the Chief Counsel of CBP.",
     {("Jane Roe", "worksFor", USCIS), ("Tom Hill", "worksFor", ICE), ("Mia Park", "worksFor", CBP)}, set()),
    ("Paul Enriquez, the Border Patrol’s chief in Tucson, said crossings fell in April.",
     {("Paul Enriquez", "worksFor", BP)}, set()),
    ("Gloria Chavez, chief of the Rio Grande Valley Sector, told reporters that crossings had fallen.",
     {("Gloria Chavez", "worksFor", "Rio Grande Valley Sector")}, set()),
    ("“We will not stop,” Noem told Fox News in an interview on Sunday.",
     {("Noem", "quotedIn", "Fox News")}, set()),
    # more sentences with none of the three
    ("The rule was published by DHS. “The rule restores order,” a DHS spokesperson said.",
     set(), set()),
    ("Ana Ruiz, a mother who was detained by agents of the Border Patrol, said she was afraid.",
     set(), set()),
    ("Luis Moreno, who fled the Sinaloa Cartel in 2021, told the court he feared for his life.",
     set(), set()),
    ("Andrea Flores told Border Patrol agents that she was 17 and traveling alone.",
     set(), set()),
    ("Marco Diaz told the Supreme Court in a filing that the rule was unlawful.",
     set(), set()),
    ("Andrea Flores, a former ICE director, said the plan would not work.",
     set(), set()),
    ("Former acting U.S. Department of Homeland Security secretary Laura Pineda and Honduran officials signed the pact.",
     set(), set()),
    ("Former acting DHS Secretary Laura Pineda spoke in Tegucigalpa.",
     set(), set()),
    ("In a former hotel near the river, DHS Secretary Laura Pineda spoke to reporters.",
     {("Laura Pineda", "worksFor", DHS)}, set()),
    ("Jose Luis Ortega, 41, of Laredo, was sentenced to five years for smuggling migrants for the Gulf Cartel.",
     set(), {("Jose Luis Ortega", "worksFor", "Gulf Cartel")}),
    # ICE and CBP releases: field offices, units named after their agency, port directors
    ("“We will find them,” said ERO Houston Field Office Director Rosa Vidal.",
     {("Rosa Vidal", "worksFor", "ERO Houston Field Office")}, set()),
    ("Rosa Vidal, Special Agent in Charge of HSI’s Dallas Field Office, thanked the team.",
     {("Rosa Vidal", "worksFor", "HSI’s Dallas Field Office")}, set()),
    ("The U.S. Embassy in Quito’s Chargé d’Affaires Rosa Vidal signed the letter.",
     {("Rosa Vidal", "worksFor", "U.S. Embassy in Quito")}, set()),
    ("HOUSTON — ICE removed a fugitive on Monday. “We will find them,” said ERO Field Office Director Rosa Vidal.",
     {("Rosa Vidal", "worksFor", "Enforcement and Removal Operations")}, set()),
    ("“It works,” said Rosa Vidal, executive associate director for ICE ERO.",
     {("Rosa Vidal", "worksFor", "Enforcement and Removal Operations")}, set()),
    ("LAREDO, Texas – U.S. Customs and Border Protection officers found two men in a truck. “We stay alert,” said Port Director Ana Vega, Laredo Port of Entry.",
     {("Ana Vega", "worksFor", CBP)}, set()),
    ("LAREDO, Texas – The case was investigated by Homeland Security Investigations (HSI). “We will keep at it,” said Special Agent in Charge Rosa Vidal, HSI San Antonio.",
     {("Rosa Vidal", "worksFor", "HSI San Antonio")}, set()),
    ("EAGLE PASS, Texas – U.S. Customs and Border Protection Office of Field Operations officers at the Eagle Pass Port of Entry stopped a car. “Our officers stay alert,” said Port Director Rosa Vidal, Eagle Pass Port of Entry.",
     {("Rosa Vidal", "worksFor", CBP)}, set()),
    ("The plan was announced by Secretary of Homeland Security Rosa Vidal, U.S. Customs and Border Protection Acting Operations Division Deputy Chief Tom Hale, and others.",
     {("Rosa Vidal", "worksFor", DHS), ("Tom Hale", "worksFor", CBP)}, set()),
    ("“We are working closely with our partners,” said Tom Hale, CBP Senior Official Performing the Duties of the Commissioner.",
     {("Tom Hale", "worksFor", CBP)}, set()),
]


def _facts(nlp, text: str) -> set[Fact]:
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    extraction = extract(nlp(text), document)
    return {(r.subject.name, r.predicate, r.object.name) for r in extraction.relations
            if r.predicate in PEOPLE_PREDICATES and not r.negated}


@pytest.mark.parametrize(("text", "facts", "allowed"), TABLE)
def test_people_facts(nlp, text: str, facts: set[Fact], allowed: set[Fact]) -> None:
    found = _facts(nlp, text)
    assert facts <= found, f"missed {facts - found}"
    assert found <= facts | allowed, f"wrong {found - facts - allowed}"
