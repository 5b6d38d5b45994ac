"""The document kinds of a contract repository, as typed models.

These pydantic models are the single source of the published JSON Schemas (``boce-lint schema``):
every field carries a Dutch and an English description so editors can show help. Field names are
the Dutch domain words the authors of these files use. A reference to another document is a
string with ``x-verwijzing`` naming the kind(s) it points to; the loader resolves it and the rule
language follows it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from boce_lint.rulebook.placeholders import PLACEHOLDER_PATTERN

from boce_lint.source.upgrade import FORMAT_VERSION  # one number, in one place
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def veld(nl: str, en: str, **kwargs: Any) -> Any:
    """A field with its Dutch and English help text."""
    if "default_factory" not in kwargs:
        kwargs.setdefault("default", None)
    return Field(description=f"{nl}\n\nEN: {en}", **kwargs)


# A field that only exists at or after signing (signatures, decisions, consent, publication,
# notices): a rule that reads it of a concept passes the concept over (catalogue principle 3).
NA_ONDERTEKENING: dict[str, Any] = {"json_schema_extra": {"x-fase": "ondertekening"}}


def _ref(*kinds: str) -> Any:
    return WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "x-verwijzing": list(kinds)})


Datum = Annotated[str, WithJsonSchema({
    "type": "string",
    "anyOf": [{"format": "date"}, {"pattern": PLACEHOLDER_PATTERN}],
    "x-type": "datum",
})]
Bedrag = Annotated[float, WithJsonSchema({
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": PLACEHOLDER_PATTERN}],
})]
Tekst = str
Gemeente = Annotated[str, WithJsonSchema({
    "type": "string",
    "examples": ["Emmen", "Borger-Odoorn", "Coevorden"],
})]
DeelovereenkomstRef = Annotated[str, _ref("deelovereenkomst")]
RapportageRef = Annotated[str, _ref("rapportage")]
OverlegRef = Annotated[str, _ref("overleg")]
MandaatRef = Annotated[str, _ref("mandaatbesluit")]
RaamRef = Annotated[str, _ref("raamovereenkomst")]
BijlageRef = Annotated[str, _ref("bijlage")]
EvaluatieRef = Annotated[str, _ref("evaluatie")]
DetacheringRef = Annotated[str, _ref("detacheringsovereenkomst")]
BeleidsagendaRef = Annotated[str, _ref("beleidsagenda")]

Orgaan = Literal[
    "gemeenteraad", "college", "burgemeester", "stuurgroep", "gemeentesecretaris",
    "diensthoofd", "colleges",
]


class Deel(BaseModel):
    """A part of a document: strict, so a misspelt key is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid")


class Besluit(Deel):
    orgaan: Orgaan | None = veld("Het orgaan dat besloot.", "The body that decided.")
    datum: Datum | None = veld("Datum van het besluit (JJJJ-MM-DD).", "Date of the decision.")
    kenmerk: Tekst | None = veld("Kenmerk of zaaknummer van het besluit.",
                                 "Reference number of the decision.")


class Partijbesluit(Besluit):
    partij: Gemeente = veld("De partij (gemeente) wier orgaan besloot.",
                            "The party (municipality) whose body decided.", default=...)


class Persoon(Deel):
    naam: Tekst | None = veld("Naam van de persoon.", "Name of the person.")
    functie: Tekst | None = veld("Functie.", "Position.")
    gemeente: Gemeente | None = veld("Gemeente waar de persoon werkt.", "Municipality employing them.")
    plaatsvervanger: Tekst | None = veld(
        "Naam van de plaatsvervanger (tegen kwetsbaarheid door één sleutelfiguur).",
        "Name of the deputy (against dependence on one key person).")


class Ondertekening(Deel):
    partij: Gemeente = veld("De partij (gemeente) die ondertekende.", "The signing party.",
                            default=...)
    datum: Datum | None = veld("Datum van ondertekening.", "Date of signature.")
    door: Tekst | None = veld("Naam van de ondertekenaar.", "Name of the signatory.")
    rol: Literal["werkgever", "werknemer", "inlener"] | None = veld(
        "Bij een detachering: in welke hoedanigheid getekend is.",
        "For a secondment: the capacity in which it was signed.")


class Versie(Deel):
    nummer: Tekst = veld("Versienummer, bijv. '2.1'.", "Version number, e.g. '2.1'.", default=...)
    datum: Datum | None = veld("Datum van deze versie.", "Date of this version.")
    ingangsdatum: Datum | None = veld(
        "Vanaf wanneer deze versie geldt (anders: haar datum).",
        "From when this version holds (otherwise: its date).")
    wijziging: Tekst | None = veld("Wat in deze versie is gewijzigd.", "What this version changed.")
    status: Literal["concept", "vastgesteld", "ondertekend", "ingetrokken"] | None = veld(
        "Levensfase van deze versie; een concept wordt alleen op inhoud getoetst.",
        "Lifecycle status of this version; a concept is judged on content only.")
    ondertekeningen: list[Ondertekening] = veld(
        "Ondertekening van de wijziging door alle partijen (art. 12).",
        "Signatures of the change by all parties (art. 12).", default_factory=list,
        **NA_ONDERTEKENING)


class Betaling(Deel):
    periode: Literal["maand", "kwartaal", "jaar"] | None = veld(
        "Per welke periode wordt betaald (art. 8.2: per kwartaal).",
        "The period paid for at a time (art. 8.2: per quarter).")
    moment: Literal["vooraf", "achteraf"] | None = veld(
        "Of aan het begin (vooraf) of na afloop (achteraf) van de periode wordt betaald "
        "(art. 8.2: achteraf).", "Whether paid at the start (in advance) or after the end "
        "(in arrears) of the period (art. 8.2: in arrears).")


class Evaluatieclausule(Deel):
    termijn_jaren: int | None = veld(
        "Na hoeveel jaar de overeenkomst uiterlijk wordt geëvalueerd.",
        "After how many years at most the agreement is evaluated.", ge=1, le=20)
    bepaling: Tekst | None = veld("De tekst van de evaluatiebepaling.", "The evaluation clause.")


class Partij(Deel):
    gemeente: Gemeente = veld("Naam van de gemeente.", "Name of the municipality.", default=...)
    rol: Literal["gastheergemeente", "gastgemeente"] = veld(
        "Rol in het gastheergemeentemodel.", "Role in the host-municipality model.", default=...)
    vertegenwoordiger: Persoon | None = veld(
        "Wie de gemeente vertegenwoordigt (de burgemeester).",
        "Who represents the municipality (the mayor).")
    raadsbesluit: Besluit | None = veld(
        "Het besluit van de gemeenteraad waarop de partij handelt.",
        "The council decision the party acts on.", **NA_ONDERTEKENING)
    collegebesluit: Besluit | None = veld(
        "Het besluit van het college van B&W waarop de partij handelt.",
        "The board (college) decision the party acts on.", **NA_ONDERTEKENING)
    contractbeheerder: Persoon | None = veld(
        "De functionaris die de overeenkomsten en hun versies beheert (art. 2.5).",
        "The officer who manages the agreements and their versions (art. 2.5).")
    couleur_locale: list[Tekst] = veld(
        "Lokale voorwaarden die de gastheer moet respecteren (couleur locale).",
        "Local conditions the host must honour.", default_factory=list)


class Terrein(Deel):
    code: Tekst = veld("Korte code van het terrein, bijv. 'sociale-zaken'.",
                       "Short code of the domain.", default=..., pattern=ID_PATTERN)
    naam: Tekst | None = veld("Naam van het samenwerkingsterrein.", "Name of the domain.")


class Opzegging(Deel):
    partij: Gemeente = veld("De opzeggende partij.", "The party giving notice.", default=...)
    datum: Datum | None = veld("Datum van de opzeggingsbrief.", "Date of the notice letter.")
    vorm: Literal["aangetekende-brief", "brief", "e-mail", "mondeling"] | None = veld(
        "Vorm van de opzegging (art. 3.4: aangetekende brief).",
        "Form of the notice (art. 3.4: registered letter).")
    gewenste_einddatum: Datum | None = veld("De gewenste einddatum.", "The desired end date.")
    reden: Tekst | None = veld("De ernstige en zwaarwegende reden (art. 3.3).",
                               "The serious reason (art. 3.3).")
    met_instemming_van_alle_partijen: bool | None = veld(
        "Beëindiging in onderling overleg met instemming van alle partijen (art. 12).",
        "Ended by mutual consent of all parties (art. 12).")


class Orgaanrol(Deel):
    orgaan: Tekst = veld("Naam van het orgaan, bijv. 'stuurgroep' of 'gemeenteraad'.",
                         "Name of the body.", default=...)
    rol: Tekst | None = veld("Rol, taken en bevoegdheden.", "Role, tasks and powers.")
    minimaal_per_jaar: int | None = veld("Minimaal aantal vergaderingen per jaar.",
                                         "Minimum number of meetings per year.", ge=0)


class Raadsrol(Deel):
    besluiten: list[Tekst] = veld(
        "Welke besluiten aan de raad worden voorgelegd (toetreding, uittreding, financiën).",
        "Which decisions come to the council (entry, exit, finances).", default_factory=list)
    informatie: Tekst | None = veld("Hoe de raad wordt geïnformeerd.",
                                    "How the council is informed.")


class Governance(Deel):
    organen: list[Orgaanrol] = veld("De overlegorganen met hun rol.",
                                    "The governance bodies with their role.", default_factory=list)
    raad: Raadsrol | None = veld("De rol van de gemeenteraden.", "The role of the councils.")


class Geschillen(Deel):
    toepasselijk_recht: Tekst | None = veld("Toepasselijk recht (art. 10.1).",
                                            "Governing law (art. 10.1).")
    schriftelijke_kennisgeving: bool | None = veld(
        "Een geschil wordt schriftelijk gemeld (art. 10.2).", "Disputes are notified in writing.")
    rechtbank: Tekst | None = veld("Bevoegde rechtbank (art. 10.3).", "Competent court.")


class Ontbinding(Deel):
    continuiteit: Tekst | None = veld("Maatregelen voor continuïteit bij ontbinding (art. 13.1).",
                                      "Continuity measures on dissolution (art. 13.1).")
    kosten: Tekst | None = veld("Wie de kosten draagt bij opzegging (art. 13.2–13.3).",
                                "Who bears the costs on notice (art. 13.2–13.3).")


class PcKalender(Deel):
    partij: Gemeente = veld("De gemeente.", "The municipality.", default=...)
    momenten: list[Tekst] = veld(
        "Momenten in de planning-en-controlcyclus, bijv. 'voorjaarsnota: mei'.",
        "Moments in the planning-and-control cycle.", default_factory=list)


class Kop(Deel):
    """Fields every document has."""

    soort: str = veld("Soort document.", "Kind of document.", default=...)
    versie: Literal[1, 2] = veld(
        "Versie van het bestandsformaat: 2. Versie 1 wordt nog gelezen; 'boce-lint upgrade' "
        "zet een bestand om.", "Version of the file format: 2. Version 1 is still read; "
        "'boce-lint upgrade' converts a file.", default=...)
    id: Tekst = veld("Unieke id van het document; andere documenten verwijzen hiernaar.",
                     "Unique id; other documents refer to it.", default=..., pattern=ID_PATTERN)
    titel: Tekst | None = veld("Titel of naam van het document.", "Title of the document.")
    toelichting: Tekst | None = veld("Vrije toelichting.", "Free explanation.")


Status = Literal["concept", "ter-ondertekening", "ondertekend", "beeindigd"]


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
    overhead: Tekst | None = veld("Welke overhead wordt doorberekend.", "Which overhead is charged.")
    btw: Tekst | None = veld("Behandeling van de btw.", "VAT treatment.")
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
    stuurgroepadvies: OverlegRef | None = veld("Id van het overleg waarin de stuurgroep adviseerde.",
                                               "Id of the meeting where the steering group advised.")
    werkterrein: Tekst | None = veld("Het werkterrein (art. 14.1 a).", "The work area (art. 14.1 a).")
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
    begunstigde: Gemeente | None = veld("Wie het alleenrecht krijgt.", "Who gets the exclusive right.")
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


class Publicatie(Deel):
    blad: Tekst | None = veld("Waar gepubliceerd (bijv. Gemeenteblad).", "Where published.")
    datum: Datum | None = veld("Publicatiedatum.", "Publication date.")
    kenmerk: Tekst | None = veld("Publicatiekenmerk.", "Publication reference.")


class Mandaatbesluit(Kop):
    soort: Literal["mandaatbesluit"] = veld("Soort document.", "Kind of document.", default=...)
    status: Literal["concept", "vastgesteld", "ingetrokken"] | None = veld(
        "Status van het besluit.", "Status of the decision.")
    mandaatgever: Besluit | None = veld("Het orgaan dat mandaat verleent, met datum.",
                                        "The mandating body, with date.")
    gemeente: Gemeente | None = veld("Gemeente van de mandaatgever.", "Municipality of the mandator.")
    einddatum: Datum | None = veld("Datum waarop het mandaat is ingetrokken (bij 'ingetrokken').",
                                   "Date the mandate was revoked (status 'ingetrokken').")
    gemandateerde: Tekst | None = veld("Aan wie mandaat wordt verleend.", "Who receives the mandate.")
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
        "besluit in mandaat nam (Awb 10:3 lid 3; gebruikt door WET-014).",
        "Who decides on objections to decisions taken under the mandate; not the one who took "
        "them (Awb 10:3(3); used by WET-014).")
    boetes: Boetemandaat | None = veld(
        "Of het opleggen van bestuurlijke boetes is gemandateerd, en aan wie (Awb 10:3 lid 4; "
        "gebruikt door WET-015).", "Whether imposing administrative fines is mandated, and to "
        "whom (Awb 10:3(4); used by WET-015).")
    bevoegdheden: list[Bevoegdheid] = veld("De gemandateerde bevoegdheden.",
                                           "The mandated powers.", default_factory=list)
    instructies: Tekst | None = veld("Instructies bij het mandaat (Awb 10:6).",
                                     "Instructions (Awb 10:6).")
    intrekking: Tekst | None = veld("Voorwaarden voor intrekking (Awb 10:8).",
                                    "Revocation conditions (Awb 10:8).")
    ondertekeningsformule: Tekst | None = veld(
        "Hoe besluiten in mandaat worden ondertekend ('namens ...', Awb 10:10).",
        "How mandated decisions are signed (Awb 10:10).")


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
        "Eenheid van de gerapporteerde waarde; gelijk aan die van de KPI (gebruikt door RAP-011).",
        "Unit of the reported value; the KPI's own (used by RAP-011).")
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


class Ontvanger(Deel):
    orgaan: Orgaan = veld("Ontvangend orgaan.", "Receiving body.", default=...)
    gemeenten: list[Gemeente] = veld("Van welke gemeente(n).", "Of which municipalities.",
                                     default_factory=list)


class Rapportage(Kop):
    soort: Literal["rapportage"] = veld("Soort document.", "Kind of document.", default=...)
    type: Literal["pc-rapportage", "jaarrapportage-stuurgroep", "kwartaalrapportage",
                  "incidentrapportage"] = veld(
        "Soort rapportage.", "Type of report.", default=...)
    periode: Periode | None = veld("Periode waarover gerapporteerd wordt.", "Reporting period.")
    datum: Datum | None = veld("Datum van de rapportage.", "Date of the report.")
    opsteller: Persoon | None = veld("Wie rapporteert (bijv. het diensthoofd).", "Author.")
    opsteller_orgaan: Orgaan | None = veld("Rol van de opsteller.", "Role of the author.")
    ontvangers: list[Ontvanger] = veld("Ontvangers.", "Recipients.", default_factory=list)
    voorgelegd_in: OverlegRef | None = veld("Stuurgroepoverleg waarin dit is voorgelegd (art. 5.5).",
                                            "Steering-group meeting it was put to (art. 5.5).")
    onderdelen: list[Rapportageonderdeel] = veld("Per deelovereenkomst.", "Per sub-agreement.",
                                                 default_factory=list)


class Incident(Deel):
    id: Tekst = veld("Id van het incident.", "Id of the incident.", default=..., pattern=ID_PATTERN)
    datum: Datum | None = veld("Datum van constatering.", "Date found.")
    deelovereenkomst: DeelovereenkomstRef | None = veld("Betreft deelovereenkomst.",
                                                        "Concerns sub-agreement.")
    gemeld_door: Gemeente | None = veld("Gemeld door.", "Reported by.")
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
    gemeente: Gemeente = veld("De gemeente wiens raad dit vaststelde.", "The council's municipality.",
                              default=...)
    vastgesteld: Besluit | None = veld("Het raadsbesluit.", "The council decision.")
    wensen: list[Informatiewens] = veld("De informatiewensen.", "The information needs.",
                                        default_factory=list)


class Evaluatie(Kop):
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
    beleidsagenda: BeleidsagendaRef | None = veld("Betreft beleidsagenda.", "Concerns policy agenda.")
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
    governance: list[Orgaanrol] = veld("Rollen, taken en bevoegdheden per orgaan.",
                                       "Roles per body.", default_factory=list)


class Bijlage(Kop):
    soort: Literal["bijlage"] = veld("Soort document.", "Kind of document.", default=...)
    type: Literal["marktbeperkingsplan", "business-case", "projectvoorstel", "afbakening",
                  "visiedocument", "overig"] = veld("Soort bijlage.", "Type of annex.", default=...)
    datum: Datum | None = veld("Datum.", "Date.")
    vastgesteld: Besluit | None = veld("Wie stelde dit vast.", "Who adopted it.")
    bestand: Tekst | None = veld("Pad of vindplaats van het stuk.", "Path or location.")
    inbreng: dict[str, Tekst] = veld(
        "Bij een afbakening: wat wordt ingebracht en achtergelaten (activa, processen, personeel,"
        " verplichtingen).", "For scoping: what is brought in and left behind.",
        default_factory=dict)
    versies: list[BijlageVersie] = veld(
        "Versies van de bijlage, met datum, status en wat er veranderde.",
        "Versions of the annex, with date, status and what changed.", default_factory=list)


# ---- what a version changed: the document's own content fields, each optional
_NOT_CONTENT = {"soort", "versie", "id", "status", "einddatum", "vervangt", "versies",
                "versiebeheer", "raamovereenkomst", "reikwijdte"}


def _content_of(model: type[Kop], name: str) -> type[Deel]:
    """A model of the content fields of ``model``: what a version may say it changed."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name in _NOT_CONTENT:
            continue
        copy = info._copy()  # type: ignore[attr-defined]
        copy.default = None
        copy.default_factory = None
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
