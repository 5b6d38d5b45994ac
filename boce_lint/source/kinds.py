"""The document kinds of a contract repository, as typed models: the registry ``KINDS``.

These pydantic models are the single source of the published JSON Schemas (``boce-lint schema``):
every field carries a Dutch and an English description so editors can show help. Field names are
the Dutch domain words the authors of these files use. A reference to another document is a
string with ``x-verwijzing`` naming the kind(s) it points to; the loader resolves it and the rule
language follows it.

This module holds the agreements and decisions; :mod:`boce_lint.source.records` the records of
practice (meetings, reports, incidents, council information, evaluations, ...). A new kind is a
model in either and one entry in ``KINDS``; then ``python -m boce_lint.source.schemas`` writes its
schema (a test fails until then).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import create_model
from pydantic.fields import FieldInfo

from boce_lint.source.parts import (
    ID_PATTERN,
    NA_ONDERTEKENING,
    Bedrag,
    Besluit,
    Betaling,
    BijlageRef,
    Datum,
    Deel,
    DeelovereenkomstRef,
    DetacheringRef,
    Evaluatieclausule,
    Gemeente,
    Geschillen,
    Governance,
    Kop,
    MandaatRef,
    Ontbinding,
    Opzegging,
    OverlegRef,
    Partij,
    Partijbesluit,
    PcKalender,
    RaamRef,
    Status,
    Tekst,
    Terrein,
    Versie,
    veld,
)
from boce_lint.source.records import (
    Beleidsagenda,
    Bijlage,
    Detacheringsovereenkomst,
    Evaluatie,
    Incidentenregister,
    Informatiebehoefte,
    Overleg,
    Raadsinformatie,
    Rapportage,
)


class Raamovereenkomst(Kop):
    soort: Literal["raamovereenkomst"] = veld("Soort document.", "Kind of document.", default=...)
    status: Status | None = veld("Levensfase: concept, ter-ondertekening, ondertekend, beeindigd.",
                                 "Lifecycle status.")
    partijen: list[Partij] = veld("De partijen: één gastheergemeente en één of meer gastgemeenten.",
                                  "The parties: one host and one or more guests.",
                                  default_factory=list)
    reikwijdte: list[Gemeente] = veld(
        "De partijen waarvan deze repository de stukken bijhoudt, bijv. alleen de eigen gemeente "
        "in het contractregister van een gastgemeente. Leeg of afwezig: de hele samenwerking. "
        "Plichten die op andere partijen rusten, worden niet getoetst.",
        "The parties whose documents this repository keeps, e.g. only the own municipality in "
        "a guest's contract register. Empty or absent: the whole arrangement. Duties resting "
        "on other parties are not judged.", default_factory=list)
    samenwerkingsterreinen: list[Terrein] = veld(
        "De terreinen van samenwerking (art. 2.2).", "The domains of collaboration (art. 2.2).",
        default_factory=list)
    ingangsdatum: Datum | None = veld("Ingangsdatum (art. 3.1).", "Start date (art. 3.1).")
    einddatum: Datum | None = veld(
        "Datum waarop de overeenkomst eindigde (bij status 'beeindigd'); tot dan wordt zij "
        "per jaar getoetst.", "Date the agreement ended (status 'beeindigd'); it is judged per "
        "year until then.")
    looptijd: Literal["onbepaalde-tijd", "bepaalde-tijd"] | None = veld(
        "Looptijd (art. 3.1: onbepaalde tijd).", "Duration (art. 3.1: indefinite).")
    opzeggingen: list[Opzegging] = veld("Opzeggingen (art. 3.3–3.4).", "Notices given.",
                                        default_factory=list, **NA_ONDERTEKENING)
    financiele_aspecten: Tekst | None = veld("Financiële bepalingen (art. 2B).",
                                             "Financial provisions (art. 2B).")
    betalingstermijn: Betaling | None = veld(
        "Hoe de vergoeding wordt betaald (art. 8.2: per kwartaal, achteraf).",
        "How the fee is paid (art. 8.2: quarterly, in arrears).")
    geschillen: Geschillen | None = veld("Geschillen en toepasselijk recht (art. 10).",
                                         "Disputes and governing law (art. 10).")
    ontbinding: Ontbinding | None = veld("Ontbinding (art. 13).", "Dissolution (art. 13).")
    governance: Governance | None = veld("Overlegstructuur en rollen (art. 4).",
                                         "Governance bodies and roles (art. 4).")
    planning_en_control: list[PcKalender] = veld(
        "Op elkaar afgestemde P&C-kalenders van de partijen (art. 5.4).",
        "The parties' aligned planning-and-control calendars (art. 5.4).", default_factory=list)
    evaluatie: Evaluatieclausule | None = veld("Evaluatiebepaling.", "Evaluation clause.")
    versies: list[RaamVersie] = veld("Versiegeschiedenis met ondertekeningen (art. 12).",
                                 "Version history with signatures (art. 12).",
                                 default_factory=list)


class Dienst(Deel):
    naam: Tekst = veld("Naam van de dienst of het product.", "Name of the service.", default=...)
    omschrijving: Tekst | None = veld("Omschrijving van de dienst.", "Description of the service.")


class Prijs(Deel):
    product: Tekst = veld("Het product.", "The product.", default=...)
    prijs: Bedrag | None = veld("Prijs per eenheid in euro.", "Price per unit in euros.")
    eenheid: Tekst | None = veld("Eenheid, bijv. 'per uitkering'.", "Unit.")


class Indexering(Deel):
    methode: Tekst | None = veld("Indexeringsmethode, bijv. 'CBS-prijsindex'.",
                                 "Indexation method.")
    moment: Tekst | None = veld("Wanneer geïndexeerd wordt, bijv. '1 januari'.",
                                "When indexation happens.")


class Vergoeding(Deel):
    bedrag: Bedrag | None = veld("Jaarlijkse vergoeding in euro.", "Yearly fee in euros.")
    prijzen: list[Prijs] = veld("Prijzen per product (sinds 2015).", "Prices per product.",
                                default_factory=list)
    methode: Literal["prijs-per-product", "basisbedrag-per-fte", "gebruik", "omslag",
                     "opslag"] | None = veld(
        "Kostenverdeelmethode (Bijlage 4; sinds 2015 prijs per product).",
        "Cost-allocation method.")
    berekening: Tekst | None = veld("Hoe de vergoeding wordt berekend.", "How the fee is computed.")
    indexering: Indexering | None = veld("Jaarlijkse indexering (art. 8.1).",
                                         "Yearly indexation (art. 8.1).")
    volumewijziging: Tekst | None = veld("Wat gebeurt bij meer/minder/anders.",
                                         "What happens when volumes change.")
    verdeelsleutel: Tekst | None = veld("Verdeelsleutel tussen gastgemeenten.",
                                        "Distribution key among guests.")
    overhead: Tekst | None = veld(
        "Welke overhead wordt doorberekend.", "Which overhead is charged.")
    btw: Tekst | None = veld("Behandeling van de btw.", "VAT treatment.")
    wetswijzigingen: Tekst | None = veld(
        "Welke uitbreidingen door wetswijziging automatisch worden doorbelast en welke naar de "
        "stuurgroep gaan (Bijlage 4, Ontwikkelingen).",
        "Which law-driven extensions are passed on automatically and which go to the steering "
        "group (Annex 4).")
    inhaalslag: Tekst | None = veld(
        "Hoe de kosten van het opheffen van niveauverschillen worden gedragen (Bijlage 4, State "
        "of the art).", "How the cost of catching up differences in level is borne (Annex 4).")
    betalingstermijn: Betaling | None = veld(
        "Betalingstermijn, als die afwijkt van of aanvult op de raamovereenkomst (art. 8.2).",
        "Payment term, where it differs from or adds to the framework agreement (art. 8.2).")


class Werkproces(Deel):
    naam: Tekst = veld("Naam van het werkproces.", "Name of the process.", default=...)
    wettelijke_eisen: list[Tekst] = veld("Wettelijke eisen en grondslag.", "Legal requirements.",
                                         default_factory=list)
    kwaliteitsnormen: list[Tekst] = veld("Kwaliteitsnormen.", "Quality norms.",
                                         default_factory=list)
    uitvoerder: Tekst | None = veld("Wie het proces uitvoert (naam).", "Who carries it out.")


class Mandaatverwijzing(Deel):
    omschrijving: Tekst | None = veld("Welk mandaat of welke machtiging.",
                                      "Which mandate or authorisation.")
    besluit: MandaatRef | None = veld("Id van het mandaatbesluit.", "Id of the mandate decision.")


class Verantwoordelijke(Deel):
    partij: Gemeente = veld("De partij.", "The party.", default=...)
    naam: Tekst | None = veld("Naam van de verantwoordelijke.", "Name of the officer.")
    functie: Tekst | None = veld("Functie.", "Position.")
    plaatsvervanger: Tekst | None = veld("Plaatsvervanger.", "Deputy.")


class Rapportageafspraak(Deel):
    inhoud: Tekst | None = veld("Waarover wordt gerapporteerd.", "What is reported.")
    frequentie: Tekst | None = veld("Hoe vaak.", "How often.")
    ontvanger: Tekst | None = veld("Aan wie.", "To whom.")


class WettelijkeInformatie(Deel):
    instantie: Tekst = veld("De instantie die de informatie ontvangt.", "Receiving authority.",
                            default=...)
    informatie: Tekst | None = veld("Welke verplichte informatie.", "Which statutory information.")
    door: Gemeente | None = veld("Wie de informatie verstrekt.", "Who provides it.")


class Kpi(Deel):
    id: Tekst = veld("Id van de KPI.", "Id of the KPI.", default=..., pattern=ID_PATTERN)
    naam: Tekst | None = veld("Naam van de KPI.", "Name of the KPI.")
    streefwaarde: Bedrag | None = veld("Streefwaarde.", "Target value.")
    eenheid: Tekst | None = veld("Eenheid, bijv. '%' of 'dagen'.", "Unit.")
    richting: Literal["minimaal", "maximaal"] | None = veld(
        "Of de waarde minimaal of maximaal de streefwaarde moet zijn.",
        "Whether the value must be at least or at most the target.")


class Overlegafspraak(Deel):
    orgaan: Tekst = veld("Naam van het overleg, bijv. 'contractoverleg sociale zaken'.",
                         "Name of the meeting body.", default=...)
    minimaal_per_jaar: int = veld("Minimaal aantal keer per jaar.", "Minimum times per year.",
                                  default=..., ge=1, le=52)


class Benchmarkafspraak(Deel):
    onderwerp: Tekst = veld("Waarover de benchmark gaat.", "What is benchmarked.", default=...)
    frequentie_jaren: int = veld("Eens per hoeveel jaar.", "Once every how many years.",
                                 default=..., ge=1, le=10)


class Bijlageverwijzing(Deel):
    titel: Tekst = veld("Titel van de bijlage.", "Title of the annex.", default=...)
    document: BijlageRef | None = veld("Id van het bijlagedocument.", "Id of the annex document.")


class Onderbouwing(Deel):
    business_case: BijlageRef | None = veld("Id van de business case.", "Id of the business case.")
    projectvoorstel: BijlageRef | None = veld("Id van het projectvoorstel.",
                                              "Id of the project proposal.")
    afbakening: BijlageRef | None = veld("Id van het afbakeningsdocument (inbreng).",
                                         "Id of the scoping document.")


class Personeelsovergang(Deel):
    datum: Datum | None = veld("Datum waarop het personeel overgaat.", "Date the staff transfer.")
    or_advies: Datum | None = veld("Datum van het advies van de ondernemingsraad.",
                                   "Date of the works council's advice.")
    go_overleg: Datum | None = veld("Datum van het overleg met het georganiseerd overleg (GO).",
                                    "Date of the consultation with the unions (GO).")


class Deelovereenkomst(Kop):
    soort: Literal["deelovereenkomst"] = veld("Soort document.", "Kind of document.", default=...)
    status: Status | None = veld("Levensfase: concept, ter-ondertekening, ondertekend, beeindigd.",
                                 "Lifecycle status.")
    raamovereenkomst: RaamRef | None = veld("Id van de raamovereenkomst.",
                                            "Id of the framework agreement.")
    terreinen: list[Tekst] = veld("Codes van de samenwerkingsterreinen (art. 2.2) die dit dekt.",
                                  "Codes of the domains (art. 2.2) this covers.",
                                  default_factory=list)
    gastheergemeente: Gemeente | None = veld("De gastheergemeente.", "The host.")
    gastgemeenten: list[Gemeente] = veld("De gastgemeente(n) van deze deelovereenkomst.",
                                         "The guest municipalities.", default_factory=list)
    ingangsdatum: Datum | None = veld("Ingangsdatum.", "Start date.")
    einddatum: Datum | None = veld(
        "Datum waarop de deelovereenkomst eindigde (bij status 'beeindigd', bijv. vervangen); "
        "tot dan wordt zij per jaar getoetst.", "Date the sub-agreement ended (status "
        "'beeindigd', e.g. replaced); it is judged per year until then.")
    vervangt: list[DeelovereenkomstRef] = veld(
        "Ids van de deelovereenkomsten die deze vervangt (art. 3.2).",
        "Ids of the sub-agreements this one replaces (art. 3.2).", default_factory=list)
    looptijd: Literal["onbepaalde-tijd", "bepaalde-tijd"] | None = veld(
        "Looptijd (art. 3.2: deelovereenkomsten gelden voor onbepaalde tijd).",
        "Duration (art. 3.2: sub-agreements run for an indefinite period).")
    omgezet_uit: Tekst | None = veld(
        "De bestaande samenwerkingsovereenkomst die deze deelovereenkomst omzet (art. 3.2).",
        "The existing collaboration agreement this sub-agreement converts (art. 3.2).")
    personeelsovergang: Personeelsovergang | None = veld(
        "Overgang van personeel met de taak (art. 2A.1; § 5.9 en 5.11).",
        "Transfer of staff with the task (art. 2A.1; §§ 5.9 and 5.11).")
    besluit: Besluit | None = veld("Wie tot deze uitbreiding besloot (art. 2.4).",
                                   "Who decided this extension (art. 2.4).", **NA_ONDERTEKENING)
    besluiten: list[Partijbesluit] = veld(
        "Het besluit van elke partij afzonderlijk (bijv. elk college), met datum (art. 2.4; "
        "gebruikt door RA-036).", "Each party's own decision (e.g. each college), with its date "
        "(art. 2.4; used by RA-036).", default_factory=list, **NA_ONDERTEKENING)
    karakter: Literal["operationeel", "beleidsmatig"] | None = veld(
        "Operationeel (stuurgroep beslist) of beleidsmatig (colleges/raden) (art. 2.4).",
        "Operational or policy character (art. 2.4).")
    beleidsruimte: bool | None = veld("Zijn er taken met beleidsruimte (art. 4.3)?",
                                      "Are there tasks with policy room (art. 4.3)?")
    stuurgroepadvies: OverlegRef | None = veld(
        "Id van het overleg waarin de stuurgroep adviseerde.",
        "Id of the meeting where the steering group advised.")
    werkterrein: Tekst | None = veld(
        "Het werkterrein (art. 14.1 a).", "The work area (art. 14.1 a).")
    dienstverlening: list[Dienst] = veld("De diensten die de gastheer levert (art. 14.1 b).",
                                         "The services delivered (art. 14.1 b).",
                                         default_factory=list)
    vergoeding: Vergoeding | None = veld("De vergoeding, berekening en indexering (art. 14.1 c).",
                                         "Fee, calculation and indexation (art. 14.1 c).")
    werkprocessen: list[Werkproces] = veld("Werkprocessen met eisen en normen (art. 14.1 d).",
                                           "Work processes (art. 14.1 d).", default_factory=list)
    kwaliteit: Tekst | None = veld("Hoe continuïteit en kwaliteit worden gewaarborgd (art. 6.4).",
                                   "How continuity and quality are guaranteed (art. 6.4).")
    leveringsvoorwaarden: Tekst | None = veld("Leveringsvoorwaarden (art. 14.1 e).",
                                              "Delivery terms (art. 14.1 e).")
    mandaten: list[Mandaatverwijzing] = veld("Mandaten en machtigingen (art. 9.1, 14.1 f).",
                                             "Mandates and authorisations.", default_factory=list)
    verantwoordelijken: list[Verantwoordelijke] = veld(
        "Verantwoordelijken bij elke partij (art. 14.1 g).",
        "Responsible officers at each party (art. 14.1 g).", default_factory=list)
    rapportage: Rapportageafspraak | None = veld(
        "Afspraken over informatie, rapportage en kwaliteitsbewaking (art. 5.3).",
        "Agreements on information, reporting and quality monitoring (art. 5.3).")
    wettelijke_informatie: list[WettelijkeInformatie] = veld(
        "Wettelijk verplichte informatie aan instanties (art. 5.1).",
        "Statutory information to authorities (art. 5.1).", default_factory=list)
    kpis: list[Kpi] = veld("Kritische prestatie-indicatoren (raadsbrief 2014).",
                           "Key performance indicators.", default_factory=list)
    overlegstructuur: list[Overlegafspraak] = veld("Voorgeschreven overleggen.",
                                                   "Prescribed meetings.", default_factory=list)
    benchmarks: list[Benchmarkafspraak] = veld("Voorgeschreven benchmarks.",
                                               "Prescribed benchmarks.", default_factory=list)
    bijlagen: list[Bijlageverwijzing] = veld("Bijlagen die deel uitmaken van de overeenkomst.",
                                             "Annexes that are part of it.", default_factory=list)
    onderbouwing: Onderbouwing | None = veld("Business case, projectvoorstel, afbakening.",
                                             "Business case, proposal, scoping.")
    couleur_locale: list[Tekst] = veld("Lokale voorwaarden die hierin zijn opgenomen.",
                                       "Local conditions written in.", default_factory=list)
    evaluatie: Evaluatieclausule | None = veld("Evaluatiebepaling.", "Evaluation clause.")
    detacheringen: list[DetacheringRef] = veld("Ids van detacheringsovereenkomsten.",
                                               "Ids of secondment agreements.",
                                               default_factory=list)
    versiebeheer: list[DeelVersie] = veld("Versiegeschiedenis met ondertekeningen (art. 12).",
                                      "Version history with signatures (art. 12).",
                                      default_factory=list)
    bepalingen: list[Tekst] = veld("Overige bepalingen (vrije tekst).", "Other clauses.",
                                   default_factory=list)


class Publicatie(Deel):
    blad: Tekst | None = veld("Waar gepubliceerd (bijv. Gemeenteblad).", "Where published.")
    datum: Datum | None = veld("Publicatiedatum.", "Publication date.")
    kenmerk: Tekst | None = veld("Publicatiekenmerk.", "Publication reference.")


class Verordening(Kop):
    soort: Literal["verordening"] = veld("Soort document.", "Kind of document.", default=...)
    status: Literal["concept", "vastgesteld", "ingetrokken"] | None = veld(
        "Status van de verordening.", "Status of the by-law.")
    gemeente: Gemeente = veld("De gemeente (gastgemeente) die de verordening vaststelde.",
                              "The guest municipality.", default=...)
    raadsbesluit: Besluit | None = veld("Het vaststellingsbesluit van de raad.",
                                        "The council's adoption decision.", **NA_ONDERTEKENING)
    inwerkingtreding: Datum | None = veld("Datum van inwerkingtreding (art. 4).",
                                          "Entry into force (art. 4).")
    einddatum: Datum | None = veld("Datum waarop de verordening is vervallen (bij 'ingetrokken').",
                                   "Date the by-law lapsed (status 'ingetrokken').")
    begunstigde: Gemeente | None = veld(
        "Wie het alleenrecht krijgt.", "Who gets the exclusive right.")
    publicatie: Publicatie | None = veld("Bekendmaking (Gemeentewet art. 139).",
                                         "Publication (Municipalities Act art. 139).",
                                         **NA_ONDERTEKENING)
    raamovereenkomst: RaamRef | None = veld(
        "De raamovereenkomst waarvan de dienstverlening onder het alleenrecht valt (art. 2 a–b: "
        "reikwijdte door verwijzing).",
        "The framework agreement whose services the exclusive right covers (art. 2 a–b: scope "
        "by reference).")
    looptijd: Literal["onbepaalde-tijd", "bepaalde-tijd"] | None = veld(
        "Looptijd van het alleenrecht.", "Duration of the exclusive right.")
    terreinen: list[Tekst] = veld("Codes van de terreinen onder het alleenrecht (art. 2).",
                                  "Codes of the domains covered (art. 2).", default_factory=list)
    versies: list[VerordeningVersie] = veld(
        "Versies van de verordening: de vastgestelde tekst en elke wijziging, met datum.",
        "Versions of the by-law: the adopted text and every amendment, with dates.",
        default_factory=list)


class Bevoegdheid(Deel):
    omschrijving: Tekst = veld("De gemandateerde bevoegdheid.", "The mandated power.", default=...)
    soort: Literal["besluit", "feitelijk-handelen", "algemeen-verbindend-voorschrift",
                   "versterkte-meerderheid", "vernietiging-of-goedkeuring",
                   "machtiging"] | None = veld(
        "Soort bevoegdheid (Awb 10:3 sluit sommige uit).", "Kind of power (Awb 10:3).")
    wettelijke_grondslag: Tekst | None = veld("Wettelijke grondslag.", "Legal basis.")


class Boetemandaat(Deel):
    gemandateerd: bool | None = veld("Het opleggen van bestuurlijke boetes is gemandateerd.",
                                     "Imposing administrative fines is mandated.")
    aan_opsteller_rapport: bool | None = veld(
        "Ook aan de ambtenaar die het rapport of proces-verbaal van de overtreding opmaakte "
        "(mag niet: Awb 10:3 lid 4 met 5:53).", "Also to the official who drew up the report "
        "of the offence (not allowed: Awb 10:3(4) with 5:53).")


class Mandaatbesluit(Kop):
    soort: Literal["mandaatbesluit"] = veld("Soort document.", "Kind of document.", default=...)
    status: Literal["concept", "vastgesteld", "ingetrokken"] | None = veld(
        "Status van het besluit.", "Status of the decision.")
    mandaatgever: Besluit | None = veld("Het orgaan dat mandaat verleent, met datum.",
                                        "The mandating body, with date.")
    gemeente: Gemeente | None = veld(
        "Gemeente van de mandaatgever.", "Municipality of the mandator.")
    einddatum: Datum | None = veld(
        "Datum waarop het mandaat eindigt: de einddatum die het besluit zelf noemt (een mandaat "
        "voor bepaalde tijd), of de dag van intrekking (bij 'ingetrokken'); tot dan wordt het "
        "getoetst, en de agenda toont het einde (DO-013).",
        "Date the mandate ends: the end date the decision itself states (a mandate for a fixed "
        "term), or the day it was revoked (status 'ingetrokken'); it is judged until then, and "
        "the agenda shows the end (DO-013).")
    gemandateerde: Tekst | None = veld(
        "Aan wie mandaat wordt verleend.", "Who receives the mandate.")
    reikwijdte: Literal["algemeen", "bepaald-geval"] | None = veld(
        "Algemeen mandaat, of mandaat voor een bepaald geval (Awb 10:5; alleen een algemeen "
        "mandaat is een besluit van algemene strekking dat wordt bekendgemaakt, Awb 3:42).",
        "General mandate, or a mandate for a specific case (only a general mandate is published).")
    schriftelijk: bool | None = veld("Schriftelijk verleend (Awb 10:5).", "Given in writing.")
    publicatie: Publicatie | None = veld("Bekendmaking (Awb 3:42).", "Publication (Awb 3:42).",
                                         **NA_ONDERTEKENING)
    instemming_gastheer: Besluit | None = veld(
        "Instemming van de gastheer als werkgever (Awb 10:4).",
        "Consent of the host as employer (Awb 10:4).", **NA_ONDERTEKENING)
    instemming_gemandateerde: Besluit | None = veld(
        "Instemming van de gemandateerde zelf, met datum (Awb 10:4 lid 1; gebruikt door WET-013).",
        "Consent of the mandatee, with its date (Awb 10:4(1); used by WET-013).",
        **NA_ONDERTEKENING)
    bezwaar_door: Tekst | None = veld(
        "Wie beslist op bezwaar tegen besluiten die in mandaat zijn genomen; niet degene die het "
        "besluit in mandaat nam (Awb 10:3 lid 3; gebruikt door MA-003).",
        "Who decides on objections to decisions taken under the mandate; not the one who took "
        "them (Awb 10:3(3); used by MA-003).")
    boetes: Boetemandaat | None = veld(
        "Of het opleggen van bestuurlijke boetes is gemandateerd, en aan wie (Awb 10:3 lid 4; "
        "gebruikt door MA-004).", "Whether imposing administrative fines is mandated, and to "
        "whom (Awb 10:3(4); used by MA-004).")
    bevoegdheden: list[Bevoegdheid] = veld("De gemandateerde bevoegdheden.",
                                           "The mandated powers.", default_factory=list)
    instructies: Tekst | None = veld("Instructies bij het mandaat (Awb 10:6).",
                                     "Instructions (Awb 10:6).")
    intrekking: Tekst | None = veld("Voorwaarden voor intrekking (Awb 10:8).",
                                    "Revocation conditions (Awb 10:8).")
    ondertekeningsformule: Tekst | None = veld(
        "Hoe besluiten in mandaat worden ondertekend ('namens ...', Awb 10:10).",
        "How mandated decisions are signed (Awb 10:10).")


# ---- what a version changed: the document's own content fields, each optional
_NOT_CONTENT = {"soort", "versie", "id", "status", "einddatum", "vervangt", "versies",
                "versiebeheer", "raamovereenkomst", "reikwijdte"}


def _content_of(model: type[Kop], name: str) -> type[Deel]:
    """A model of the content fields of ``model``: what a version may say it changed."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name in _NOT_CONTENT:
            continue
        copy = FieldInfo.merge_field_infos(info, default=None, default_factory=None)
        fields[field_name] = (info.annotation | None, copy)  # type: ignore[operator]
    return create_model(name, __base__=Deel, **fields)


def _inhoud(content: type[Deel]) -> Any:
    return veld(
        "De inhoud zoals deze versie haar vastlegt: alleen de velden die zij wijzigt (elk veld "
        "vervangt dat van de vorige versie); de versie die op de peildatum geldt, wordt getoetst.",
        "The content as this version sets it: only the fields it changes (each replaces the "
        "previous version's); the version in force on the as-of date is checked.")


RaamInhoud = _content_of(Raamovereenkomst, "RaamInhoud")
DeelInhoud = _content_of(Deelovereenkomst, "DeelInhoud")
VerordeningInhoud = _content_of(Verordening, "VerordeningInhoud")
BijlageInhoud = _content_of(Bijlage, "BijlageInhoud")


class RaamVersie(Versie):
    inhoud: RaamInhoud | None = _inhoud(RaamInhoud)  # type: ignore[valid-type]


class DeelVersie(Versie):
    inhoud: DeelInhoud | None = _inhoud(DeelInhoud)  # type: ignore[valid-type]


class VerordeningVersie(Versie):
    inhoud: VerordeningInhoud | None = _inhoud(VerordeningInhoud)  # type: ignore[valid-type]


class BijlageVersie(Versie):
    inhoud: BijlageInhoud | None = _inhoud(BijlageInhoud)  # type: ignore[valid-type]


for _model in (Raamovereenkomst, Deelovereenkomst, Verordening, Bijlage):
    _model.model_rebuild(_types_namespace={
        "RaamVersie": RaamVersie, "DeelVersie": DeelVersie,
        "VerordeningVersie": VerordeningVersie, "BijlageVersie": BijlageVersie})


KINDS: dict[str, type[Kop]] = {
    model.model_fields["soort"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        Raamovereenkomst, Deelovereenkomst, Verordening, Mandaatbesluit, Overleg, Rapportage,
        Incidentenregister, Raadsinformatie, Informatiebehoefte, Evaluatie,
        Detacheringsovereenkomst, Beleidsagenda, Bijlage,
    )
}
