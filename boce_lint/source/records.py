"""The records of practice: meetings, reports, incident registers, council information,
information needs, evaluations, secondments, policy agendas and annexes (see kinds.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from boce_lint.source.parts import (
    ID_PATTERN,
    Bedrag,
    BeleidsagendaRef,
    Besluit,
    Datum,
    Deel,
    DeelovereenkomstRef,
    EvaluatieRef,
    Gemeente,
    Kop,
    Ondertekening,
    Ontvanger,
    Orgaan,
    Orgaanrol,
    OverlegRef,
    Persoon,
    RaamRef,
    RapportageRef,
    Tekst,
    veld,
)

# Records of execution: a concept is never judged on them (catalogue principle 3). Council
# information is not one: the council's wishes and objections come before signing (WET-003).
UITVOERING = ConfigDict(extra="forbid", json_schema_extra={"x-fase": "uitvoering"})


class Agendapunt(Deel):
    onderwerp: Tekst = veld("Onderwerp.", "Subject.", default=...)
    deelovereenkomst: DeelovereenkomstRef | None = veld("Betreft deelovereenkomst.",
                                                        "Concerns sub-agreement.")


class Advies(Deel):
    onderwerp: Tekst = veld("Waarover geadviseerd.", "Subject of the advice.", default=...)
    aan: list[Tekst] = veld("Aan wie (de colleges).", "To whom.", default_factory=list)
    deelovereenkomst: DeelovereenkomstRef | None = veld("Betreft deelovereenkomst.",
                                                        "Concerns sub-agreement.")


class Overleg(Kop):
    model_config = UITVOERING
    soort: Literal["overleg"] = veld("Soort document.", "Kind of document.", default=...)
    orgaan: Tekst = veld("Het overlegorgaan, bijv. 'stuurgroep' of 'colleges'.",
                         "The meeting body.", default=...)
    datum: Datum = veld("Datum van het overleg.", "Date of the meeting.", default=...)
    status: Literal["gehouden", "afgelast"] | None = veld(
        "Gehouden of afgelast; een afgelast overleg telt niet mee als vergadering (art. 4.1, "
        "4.2; GOV-001, GOV-002, GOV-004), wel als verslag van dat jaar.",
        "Held or cancelled; a cancelled meeting does not count as a meeting (art. 4.1, 4.2), "
        "but is a record of that year.")
    aanwezigen: list[Persoon] = veld(
        "Aanwezigen, elk met de gemeente die zij vertegenwoordigen ('gemeente').",
        "Attendees, each with the municipality they represent ('gemeente').",
        default_factory=list)
    agenda: list[Agendapunt] = veld("Agenda.", "Agenda.", default_factory=list)
    verslag: Tekst | None = veld("Verslag of notulen.", "Minutes.")
    besluiten: list[Tekst] = veld("Genomen besluiten.", "Decisions taken.", default_factory=list)
    adviezen: list[Advies] = veld("Adviezen aan de colleges (art. 4.3).", "Advice (art. 4.3).",
                                  default_factory=list)
    behandelde_rapportages: list[RapportageRef] = veld(
        "Ids van rapportages die zijn besproken (art. 5.5).", "Reports discussed (art. 5.5).",
        default_factory=list)
    behandelde_incidenten: list[Tekst] = veld(
        "Ids van incidenten die zijn besproken (art. 6.6).", "Incidents discussed (art. 6.6).",
        default_factory=list)


class Periode(Deel):
    van: Datum = veld("Begindatum.", "Start date.", default=...)
    tot: Datum = veld("Einddatum (inclusief).", "End date (inclusive).", default=...)


class Kpiwaarde(Deel):
    kpi: Tekst = veld("Id van de KPI uit de deelovereenkomst.", "Id of the KPI.", default=...)
    eenheid: Tekst | None = veld(
        "Eenheid van de gerapporteerde waarde; gelijk aan die van de KPI (gebruikt door RAP-012).",
        "Unit of the reported value; the KPI's own (used by RAP-012).")
    periode: Periode | None = veld("Periode van de meting, als die afwijkt van de rapportage.",
                                   "Period measured, when it differs from the report's.")
    waarde: Bedrag | None = veld("Gerealiseerde waarde.", "Achieved value.")
    streefwaarde: Bedrag | None = veld("Streefwaarde waartegen gerapporteerd is.",
                                       "Target value reported against.")


class Kosten(Deel):
    begroot: Bedrag | None = veld("Begrote kosten in euro.", "Budgeted costs.")
    werkelijk: Bedrag | None = veld("Werkelijke kosten in euro.", "Actual costs.")


class Rapportageonderdeel(Deel):
    deelovereenkomst: DeelovereenkomstRef = veld("Id van de deelovereenkomst.",
                                                 "Id of the sub-agreement.", default=...)
    kpis: list[Kpiwaarde] = veld("KPI-waarden tegen streefwaarden.", "KPI values vs targets.",
                                 default_factory=list)
    kwaliteit: Tekst | None = veld("Kwaliteit van de uitvoering (tekst).", "Quality (text).")
    kosten: Kosten | None = veld("Kosten.", "Costs.")
    resultaten: Tekst | None = veld("Resultaten.", "Results.")
    geleverde_diensten: list[Tekst] = veld("Namen van geleverde diensten.", "Services delivered.",
                                           default_factory=list)


class Rapportage(Kop):
    model_config = UITVOERING
    soort: Literal["rapportage"] = veld("Soort document.", "Kind of document.", default=...)
    type: Literal["pc-rapportage", "jaarrapportage-stuurgroep", "kwartaalrapportage",
                  "incidentrapportage", "rapportage-aan-eigen-college"] = veld(
        "Soort rapportage.", "Type of report.", default=...)
    periode: Periode | None = veld("Periode waarover gerapporteerd wordt.", "Reporting period.")
    datum: Datum | None = veld("Datum van de rapportage.", "Date of the report.")
    opsteller: Persoon | None = veld("Wie rapporteert (bijv. het diensthoofd).", "Author.")
    opsteller_orgaan: Orgaan | None = veld("Rol van de opsteller.", "Role of the author.")
    ontvangers: list[Ontvanger] = veld("Ontvangers.", "Recipients.", default_factory=list)
    voorgelegd_in: OverlegRef | None = veld(
        "Stuurgroepoverleg waarin dit is voorgelegd (art. 5.5).",
        "Steering-group meeting it was put to (art. 5.5).")
    onderdelen: list[Rapportageonderdeel] = veld("Per deelovereenkomst.", "Per sub-agreement.",
                                                 default_factory=list)


class Incident(Deel):
    id: Tekst = veld("Id van het incident.", "Id of the incident.", default=..., pattern=ID_PATTERN)
    datum: Datum | None = veld("Datum van constatering.", "Date found.")
    deelovereenkomst: DeelovereenkomstRef | None = veld("Betreft deelovereenkomst.",
                                                        "Concerns sub-agreement.")
    gemeld_door: Gemeente | None = veld("Gemeld door.", "Reported by.")
    overleg_op: Datum | None = veld("Datum van het overleg met de gastheer (art. 6.1).",
                                    "Date of the consultation with the host (art. 6.1).")
    schriftelijk_gemeld_op: Datum | None = veld(
        "Datum van de schriftelijke melding na vergeefs overleg (art. 6.2).",
        "Date of the written notice after consultation failed (art. 6.2).")
    aard: Tekst | None = veld("Aard van de onjuistheid (art. 6.2).", "Nature (art. 6.2).")
    omvang: Tekst | None = veld("Omvang (art. 6.2).", "Extent (art. 6.2).")
    status: Literal["open", "in-behandeling", "hersteld"] | None = veld("Status.", "Status.")
    hersteld_op: Datum | None = veld("Datum van herstel.", "Date repaired.")
    schriftelijke_rapportage: Tekst | None = veld("Kenmerk van de schriftelijke rapportage (6.3).",
                                                  "Reference of the written report (6.3).")
    structureel: bool | None = veld("Meer dan incidenteel karakter (art. 6.6).",
                                    "More than incidental (art. 6.6).")


class Schademelding(Deel):
    id: Tekst | None = veld("Id van de schademelding.", "Id of the damage notice.",
                            pattern=ID_PATTERN)
    partij: Gemeente = veld("De benadeelde partij.", "The injured party.", default=...)
    incident: Tekst | None = veld("Id van het incident waaruit de schade volgt.",
                                  "Id of the incident the damage follows from.")
    deelovereenkomst: DeelovereenkomstRef | None = veld("Betreft deelovereenkomst.",
                                                        "Concerns sub-agreement.")
    geadresseerde: Gemeente | None = veld("Aan wie de schade schriftelijk is gemeld (art. 7.1).",
                                          "To whom the damage was notified (art. 7.1).")
    bedrag: Bedrag | None = veld("Geschat of gevorderd schadebedrag in euro.",
                                 "Estimated or claimed amount in euros.")
    ontdekt_op: Datum | None = veld("Datum van ontdekking van de schade.", "Date of discovery.")
    gemeld_op: Datum | None = veld("Datum van schriftelijke melding.", "Date of written notice.")
    schriftelijk: bool | None = veld("Schriftelijk gemeld (art. 7.1).", "Notified in writing.")
    omschrijving: Tekst | None = veld("Omschrijving.", "Description.")


class Incidentenregister(Kop):
    model_config = UITVOERING
    soort: Literal["incidentenregister"] = veld("Soort document.", "Kind of document.", default=...)
    beheerder: Gemeente | None = veld("Waar het register wordt gehouden (art. 6.5: Emmen).",
                                      "Where the register is kept (art. 6.5: Emmen).")
    incidenten: list[Incident] = veld("Geregistreerde incidenten.", "Registered incidents.",
                                      default_factory=list)
    schademeldingen: list[Schademelding] = veld("Schademeldingen (art. 7.1).",
                                                "Damage notices (art. 7.1).", default_factory=list)


class Raadsonderdeel(Deel):
    deelovereenkomst: DeelovereenkomstRef = veld("Id van de deelovereenkomst.",
                                                 "Id of the sub-agreement.", default=...)
    kwaliteit: Tekst | None = veld("Informatie over de kwaliteit van de uitvoering.",
                                   "Information on quality.")
    kosten: Tekst | None = veld("Informatie over de kosten.", "Information on costs.")
    resultaten: Tekst | None = veld("Informatie over de resultaten.", "Information on results.")
    rapportage: RapportageRef | None = veld("Id van de rapportage waarop dit berust.",
                                            "Id of the report it rests on.")
    evaluatie: EvaluatieRef | None = veld("Id van een evaluatie die hier wordt gedeeld.",
                                          "Id of an evaluation shared here.")


class Raadsinformatie(Kop):
    soort: Literal["raadsinformatie"] = veld("Soort document.", "Kind of document.", default=...)
    gemeente: Gemeente = veld("De gemeente wiens raad dit ontvangt.", "The council's municipality.",
                              default=...)
    datum: Datum = veld("Datum.", "Date.", default=...)
    type: Literal["begroting", "jaarstukken", "voorjaarsnota", "raadsinformatiebrief",
                  "raadsvoorstel", "wensen-en-bedenkingen"] = veld(
        "Soort informatieproduct.", "Kind of information product.", default=...)
    jaar: int | None = veld("Begrotings- of verslagjaar.", "Budget or reporting year.",
                            ge=2000, le=2100)
    raadsvergadering: Datum | None = veld(
        "Datum van de raadsvergadering die het stuk (begroting, jaarstukken) behandelt.",
        "Date of the council meeting that treats the document (budget, accounts).")
    sectie: Tekst | None = veld("Waar in het stuk (bijv. 'paragraaf bedrijfsvoering').",
                                "Where in the document (e.g. 'paragraaf bedrijfsvoering').")
    onderwerpen: list[Tekst] = veld("Onderwerpen die het stuk behandelt (bijv. kwaliteit, kosten).",
                                    "Subjects covered.", default_factory=list)
    onderdelen: list[Raadsonderdeel] = veld("Informatie per deelovereenkomst.",
                                            "Items per sub-agreement.", default_factory=list)


class Informatiewens(Deel):
    onderwerp: Tekst = veld("Onderwerp waarover de raad informatie wil (bijv. 'kwaliteit').",
                            "Subject the council wants information on.", default=...)
    frequentie: Tekst | None = veld("Hoe vaak.", "How often.")


class Informatiebehoefte(Kop):
    soort: Literal["informatiebehoefte"] = veld("Soort document.", "Kind of document.", default=...)
    gemeente: Gemeente = veld(
        "De gemeente wiens raad dit vaststelde.", "The council's municipality.", default=...)
    vastgesteld: Besluit | None = veld("Het raadsbesluit.", "The council decision.")
    wensen: list[Informatiewens] = veld("De informatiewensen.", "The information needs.",
                                        default_factory=list)


class Evaluatie(Kop):
    model_config = UITVOERING
    soort: Literal["evaluatie"] = veld("Soort document.", "Kind of document.", default=...)
    type: Literal["evaluatie", "benchmark"] = veld("Evaluatie of benchmark.",
                                                   "Evaluation or benchmark.", default=...)
    onderwerp: Tekst | None = veld("Onderwerp (bij een benchmark: zoals voorgeschreven).",
                                   "Subject (for a benchmark: as prescribed).")
    datum: Datum = veld("Datum van afronding.", "Completion date.", default=...)
    raamovereenkomst: RaamRef | None = veld("Betreft raamovereenkomst.", "Concerns framework.")
    deelovereenkomsten: list[DeelovereenkomstRef] = veld("Betreft deelovereenkomsten.",
                                                         "Concerns sub-agreements.",
                                                         default_factory=list)
    beleidsagenda: BeleidsagendaRef | None = veld(
        "Betreft beleidsagenda.", "Concerns policy agenda.")
    betrokkenen: list[Tekst] = veld("Wie betrokken waren.", "Who took part.", default_factory=list)
    uitkomsten: Tekst | None = veld("Uitkomsten en baten.", "Outcomes and benefits.")
    gedeeld_met: list[Tekst] = veld("Met wie de uitkomsten zijn gedeeld.", "Shared with.",
                                    default_factory=list)


class Detacheringsbepalingen(Deel):
    rechtspositie: Tekst | None = veld("Rechtspositie.", "Legal position.")
    werktijden: Tekst | None = veld("Werktijden.", "Working hours.")
    verlof: Tekst | None = veld("Verlof.", "Leave.")
    toelagen: Tekst | None = veld("Toelagen.", "Allowances.")
    reiskosten: Tekst | None = veld("Reiskosten.", "Travel costs.")
    kostenvergoeding: Tekst | None = veld("Vergoeding van kosten inclusief premies.",
                                          "Cost reimbursement including premiums.")
    ziekte: Tekst | None = veld("Ziekte.", "Illness.")
    terugkeer: Tekst | None = veld("Terugkeer.", "Return.")


class Verlenging(Deel):
    van: Datum = veld("Begin.", "Start.", default=...)
    tot: Datum = veld("Einde.", "End.", default=...)


class Detacheringsovereenkomst(Kop):
    soort: Literal["detacheringsovereenkomst"] = veld("Soort document.", "Kind of document.",
                                                      default=...)
    werknemer: Persoon | None = veld("De gedetacheerde medewerker.", "The seconded employee.")
    uitlener: Gemeente | None = veld("De werkgever (gastgemeente).", "The employer (guest).")
    inlener: Gemeente | None = veld("De inlener (gastheergemeente).", "The borrower (host).")
    ingangsdatum: Datum | None = veld("Begin van de detachering.", "Start of the secondment.")
    einddatum: Datum | None = veld("Einde van de detachering.", "End of the secondment.")
    reden: Tekst | None = veld("Dringende reden (art. 2A.2).", "Urgent reason (art. 2A.2).")
    reden_door_alle_partijen: bool | None = veld("Dringende reden door alle partijen aanvaard.",
                                                 "Urgent reason agreed by all parties.")
    instemming_werknemer: Datum | None = veld("Datum van voorafgaande instemming van de werknemer.",
                                              "Date of the employee's prior consent.")
    ondertekeningen: list[Ondertekening] = veld(
        "Ondertekening door werkgever, werknemer en inlener.",
        "Signatures by employer, employee and borrower.", default_factory=list)
    bepalingen: Detacheringsbepalingen | None = veld("Verplichte bepalingen (Bijlage 5).",
                                                     "Required clauses.")
    verlengingen: list[Verlenging] = veld("Verlengingen.", "Extensions.", default_factory=list)


class Mijlpaal(Deel):
    omschrijving: Tekst = veld("Mijlpaal.", "Milestone.", default=...)
    datum: Datum | None = veld("Datum.", "Date.")


class Thema(Deel):
    naam: Tekst = veld("Naam van het thema.", "Name of the theme.", default=...)
    opdracht: Tekst | None = veld("De opdracht.", "The assignment.")
    eigenaar: Tekst | None = veld("Eigenaar.", "Owner.")
    streefwaarde: Tekst | None = veld("Meetbaar doel.", "Measurable target.")
    deadline: Datum | None = veld("Uiterste datum.", "Deadline.")
    mijlpalen: list[Mijlpaal] = veld("Planning.", "Planning.", default_factory=list)
    budget_uren: int | None = veld("Ambtelijke uren.", "Civil-servant hours.", ge=0)


class Beleidsagenda(Kop):
    soort: Literal["beleidsagenda"] = veld("Soort document.", "Kind of document.", default=...)
    vastgesteld: Datum | None = veld("Datum van vaststelling.", "Adoption date.")
    themas: list[Thema] = veld("Thema's.", "Themes.", default_factory=list)
    raden_gevraagd: list[Gemeente] = veld(
        "Gemeenten wier raad is gevraagd of de informatie over de beleidsagenda volstaat "
        "(evaluatie 2021, aanbeveling 3d).",
        "Municipalities whose council was asked whether the information on the policy agenda "
        "suffices (2021 evaluation, recommendation 3d).", default_factory=list)
    governance: list[Orgaanrol] = veld("Rollen, taken en bevoegdheden per orgaan.",
                                       "Roles per body.", default_factory=list)


class Bijlage(Kop):
    soort: Literal["bijlage"] = veld("Soort document.", "Kind of document.", default=...)
    type: Literal["marktbeperkingsplan", "business-case", "projectvoorstel", "afbakening",
                  "visiedocument", "overig"] = veld("Soort bijlage.", "Type of annex.", default=...)
    datum: Datum | None = veld("Datum.", "Date.")
    vastgesteld: Besluit | None = veld("Wie stelde dit vast.", "Who adopted it.")
    bestand: Tekst | None = veld("Pad of vindplaats van het stuk.", "Path or location.")
    niveauverschillen: Tekst | None = veld(
        "Bij een afbakening: waar partijen van een verschillend niveau starten (Bijlage 4, State "
        "of the art).", "For scoping: where parties start from different levels (Annex 4).")
    inbreng: dict[str, Tekst] = veld(
        "Bij een afbakening: wat wordt ingebracht en achtergelaten (activa, processen, personeel,"
        " verplichtingen).", "For scoping: what is brought in and left behind.",
        default_factory=dict)
    versies: list[BijlageVersie] = veld(  # type: ignore[name-defined]  # noqa: F821 - kinds.py
        "Versies van de bijlage, met datum, status en wat er veranderde.",
        "Versions of the annex, with date, status and what changed.", default_factory=list)
