"""Route legs on short journey passages written for this test in the styles of federal texts no rule
was written from: Justice Department indictments and plea releases, VOA and news features, CBP
releases, CRS and GAO reports. Each passage carries the legs (from -> to, in travel order) an
annotator following ../shared/eval/README.md records; an empty list is a passage that states no
journey (an office in two countries, a schedule, a hypothetical trip). A row marked xfail is a
construction not read yet."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document

ROWS = [
    # Justice Department indictments and plea releases
    ("Morales admitted that he arranged for the aliens to travel from Ecuador to Mexico by air and then overland to Reynosa.",
     {("Ecuador", "Mexico"), ("Mexico", "Reynosa")}),
    ("According to court documents, the organization moved Guatemalan nationals from Guatemala City to Monterrey and then to Nuevo Laredo.",
     {("Guatemala City", "Monterrey"), ("Monterrey", "Nuevo Laredo")}),
    ("The defendant pleaded guilty to transporting eight undocumented aliens from El Paso to Albuquerque.",
     {("El Paso", "Albuquerque")}),
    ("Prosecutors said the smugglers flew the migrants from Delhi to Moscow and then to Cancún before driving them to Mexicali.",
     {("Delhi", "Moscow"), ("Moscow", "Cancún"), ("Cancún", "Mexicali")}),
    ("Hernandez admitted that he guided the group from Sonoyta across the border to Ajo, Arizona.",
     {("Sonoyta", "Ajo")}),
    ("The indictment alleges that the network smuggled Chinese nationals from Vancouver into Washington State.",
     {("Vancouver", "Washington State")}),
    ("Lopez agreed to transport the aliens from Laredo to Houston for $500 each.",
     {("Laredo", "Houston")}),
    ("Prior to crossing into the United States near Sasabe, the aliens had traveled by bus from Guatemala City to Altar, Sonora.",
     {("Guatemala City", "Altar"), ("Altar", "Sasabe")}),
    ("From Nuevo Laredo, guides led the aliens across the Rio Grande near Laredo, Texas.",
     {("Nuevo Laredo", "Laredo")}),
    ("The aliens were then held at a stash house in Brownsville before being driven to San Antonio.",
     {("Brownsville", "San Antonio")}),
    # VOA and news features
    ("She left Caracas in March, crossed the Darién Gap into Panama, then rode buses north through Central America to Tapachula.",
     {("Caracas", "Darién Gap"), ("Darién Gap", "Panama"), ("Panama", "Central America"), ("Central America", "Tapachula")}),
    ("The family began its journey in Quito, Ecuador, and reached Tijuana six weeks later.",
     {("Quito", "Tijuana")}),
    ("The family flew from Port-au-Prince to Santiago, Chile, in 2016.",
     {("Port-au-Prince", "Santiago")}),
    ("From Tapachula, the migrants traveled by bus to Mexico City.",
     {("Tapachula", "Mexico City")}),
    pytest.param("Pedro walked from San Pedro Sula to the Guatemalan border.",
                 {("San Pedro Sula", "Guatemalan border")},
                 marks=pytest.mark.xfail(strict=True, reason="'the Guatemalan border' is no place of the gazetteer")),
    ("The couple flew from Istanbul to Mexico City and took a bus to Tijuana.",
     {("Istanbul", "Mexico City"), ("Mexico City", "Tijuana")}),
    ("The Venezuelan family traveled from Bogotá to Necoclí by bus.",
     {("Bogotá", "Necoclí")}),
    ("After arriving in Cancún, they took a flight to Tijuana.",
     {("Cancún", "Tijuana")}),
    ("He boarded a train in Tapachula and rode north to Ciudad Juárez.",
     {("Tapachula", "Ciudad Juárez")}),
    ("The migrants went from Necoclí by boat to Acandí.", {("Necoclí", "Acandí")}),
    ("Thousands of Haitians traveled from Chile through Peru, Ecuador and Colombia to Panama.",
     {("Chile", "Peru"), ("Peru", "Ecuador"), ("Ecuador", "Colombia"), ("Colombia", "Panama")}),
    pytest.param("The migrants were picked up in Laredo and driven to San Antonio.",
                 {("Laredo", "San Antonio")},
                 marks=pytest.mark.xfail(strict=True, reason="'picked up in' as a start also reads a future pick-up ('will pick her up in Mexico') as one")),
    pytest.param("He was deported from the United States to Honduras in 2019.",
                 {("United States", "Honduras")},
                 marks=pytest.mark.xfail(strict=True, reason="'deport' as a movement also read a wished-for deportation ('in order to be deported to Russia') as a leg of the seeds")),
    # CBP and ICE releases
    ("ICE removed 130 Guatemalan nationals to Guatemala City on a charter flight from Alexandria, Louisiana.",
     {("Alexandria", "Guatemala City")}),
    ("The smuggler drove the migrants from Ciudad Juárez to El Paso through a drainage tunnel.",
     {("Ciudad Juárez", "El Paso")}),
    ("The group crossed the Rio Grande from Piedras Negras into Eagle Pass.",
     {("Piedras Negras", "Eagle Pass")}),
    ("Agents learned the man had traveled from Guatemala to Mexico before crossing into Arizona.",
     {("Guatemala", "Mexico"), ("Mexico", "Arizona")}),
    # CRS and GAO reports
    ("Many Cuban migrants fly to Nicaragua and then travel overland to the U.S.-Mexico border.",
     {("Nicaragua", "U.S.-Mexico border")}),
    ("Haitian migrants often travel from Brazil to Mexico.",
     {("Brazil", "Mexico")}),
    pytest.param("Migrants from Senegal have flown to Madrid and on to Managua.",
                 {("Madrid", "Managua")},
                 marks=pytest.mark.xfail(strict=True, reason="the group's origin ('migrants from Senegal') is read as the first station of its journey")),
    ("From Panama, migrants typically continue through Costa Rica and Nicaragua to Honduras.",
     {("Panama", "Costa Rica"), ("Costa Rica", "Nicaragua"), ("Nicaragua", "Honduras")}),
    # no journey
    ("ICE removed the fugitive to Mexico.", set()),
    ("The agency maintains offices in Guatemala and Honduras.", set()),
    ("Flights leave Mexico City for Tijuana twice daily.", set()),
    pytest.param("Under the plan, migrants would travel from Tapachula to Mexico City.", set(),
                 marks=pytest.mark.xfail(strict=True, reason="'would' is no hypothetical to the reader: indictments tell a scheme that happened with it ('the defendants would transport aliens')")),
    ("The United States signed agreements with Guatemala, Honduras and El Salvador.", set()),
    ("ICE operates removal flights to Guatemala and Honduras.", set()),
    ("The meeting in Mexico City brought together officials from Panama and Colombia.", set()),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_the_legs_a_passage_states(nlp, text, expected):
    extraction = extract(nlp(text), Document(id="t", text=text, sources=("t.txt",), content_hash="h"))
    found = {(leg.origin.name, leg.destination.name) for leg in extraction.route_legs}
    assert found == expected
