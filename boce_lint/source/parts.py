"""The building blocks of the document kinds: field help, scalar types, references, and the
parts several kinds share (decisions, persons, signatures, the common head of every document)."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from boce_lint.rulebook.placeholders import PLACEHOLDER_PATTERN
from boce_lint.source.upgrade import FORMAT_VERSION  # noqa: F401 - one number, one place

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


# A field that only exists at or after signing (signatures, decisions, consent, publication,
# notices): a rule that reads it of a concept passes the concept over (catalogue principle 3).
NA_ONDERTEKENING: dict[str, Any] = {"json_schema_extra": {"x-fase": "ondertekening"}}


def veld(nl: str, en: str, **kwargs: Any) -> Any:
    """A field with its Dutch and English help text."""
    if "default_factory" not in kwargs:
        kwargs.setdefault("default", None)
    return Field(description=f"{nl}\n\nEN: {en}", **kwargs)


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
Maand = Annotated[int, WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": 12},
              {"type": "string", "pattern": PLACEHOLDER_PATTERN}],
})]
Dag = Annotated[int, WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": 31},
              {"type": "string", "pattern": PLACEHOLDER_PATTERN}],
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
    gemeente: Gemeente | None = veld(
        "Gemeente waar de persoon werkt.", "Municipality employing them.")
    plaatsvervanger: Tekst | None = veld(
        "Naam van de plaatsvervanger (tegen kwetsbaarheid door één sleutelfiguur).",
        "Name of the deputy (against dependence on one key person).")
    aanwijzing: Tekst | None = veld(
        "Bij een vertegenwoordiger die niet de burgemeester is: het besluit waarmee de "
        "burgemeester hem aanwees (Gemeentewet art. 171 lid 2).",
        "For a representative other than the mayor: the mayor's designation (Municipalities "
        "Act art. 171(2)).")


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
    toetredingsdatum: Datum | None = veld(
        "Alleen voor een partij die later toetrad: de datum waarop zij partij werd (de versie "
        "die haar toevoegt, art. 12); versies van vóór die datum tekent zij niet (RA-070).",
        "Only for a party that joined later: the date it became a party (the version that "
        "adds it, art. 12); versions before that date are not signed by it (RA-070).")
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


class Ontvanger(Deel):
    orgaan: Orgaan = veld("Ontvangend orgaan.", "Receiving body.", default=...)
    gemeenten: list[Gemeente] = veld("Van welke gemeente(n).", "Of which municipalities.",
                                     default_factory=list)


class Maandperiode(Deel):
    eerste_maand: Maand | None = veld(
        "Eerste maand (1–12) van het jaar waarover de rapportage gaat, bijv. 1.",
        "First month (1–12) of the year the report covers, e.g. 1.")
    laatste_maand: Maand | None = veld(
        "Laatste maand (1–12), inclusief, bijv. 6 voor het eerste halfjaar, 12 voor het hele "
        "jaar.", "Last month (1–12), inclusive, e.g. 6 for the first half-year, 12 for the "
        "whole year.")


class Jaardatum(Deel):
    maand: Maand | None = veld("Maand (1–12).", "Month (1–12).")
    dag: Dag | None = veld("Dag van de maand (1–31).", "Day of the month (1–31).")


class Rapportagemoment(Deel):
    """One moment of the host's planning-and-control cycle at which the service head reports
    (art. 5.5): which period it covers and by when, so that reports can be matched to it."""

    naam: Tekst = veld("Naam van de rapportage, bijv. 'halfjaarrapportage BOCE-dienstverlening'.",
                       "Name of the report, e.g. 'half-year report'.", default=...)
    pc_document: Literal["begroting", "voorjaarsnota", "kadernota", "bestuursrapportage",
                         "najaarsnota", "jaarstukken"] | None = veld(
        "Het P&C-document waarvoor de rapportage de bouwsteen is.",
        "The planning-and-control document the report feeds.")
    periode: Maandperiode | None = veld(
        "De maanden van een kalenderjaar waarover de rapportage gaat, bijv. '{eerste_maand: 1, "
        "laatste_maand: 6}' voor het eerste halfjaar.",
        "The months of a calendar year the report covers, e.g. '{eerste_maand: 1, "
        "laatste_maand: 6}' for the first half-year.")
    uiterlijk: Jaardatum | None = veld(
        "Uiterste datum, elk jaar: de eerste zulke datum na het einde van de periode, bijv. "
        "'{maand: 2, dag: 28}' voor de jaarrapportage over het vorige jaar.",
        "Due date, every year: the first such date after the end of the period, e.g. "
        "'{maand: 2, dag: 28}' for the yearly report on the previous year.")
    ontvanger: Ontvanger | None = veld(
        "Wie de rapportage ontvangt (art. 5.5: de gemeentesecretaris van de gastheergemeente).",
        "Who receives the report (art. 5.5: the host's municipal secretary).")


class PcKalender(Deel):
    partij: Gemeente = veld("De gemeente.", "The municipality.", default=...)
    momenten: list[Tekst] = veld(
        "Momenten in de planning-en-controlcyclus, bijv. 'voorjaarsnota: mei'.",
        "Moments in the planning-and-control cycle.", default_factory=list)
    rapportagemomenten: list[Rapportagemoment] = veld(
        "De rapportages van het diensthoofd in de P&C-cyclus (art. 5.5), elk met de periode "
        "waarover en de uiterste datum; hoort bij de kalender van de gastheergemeente. RAP-013 "
        "zoekt per moment en jaar de P&C-rapportage die die periode dekt.",
        "The service head's reports in the planning-and-control cycle (art. 5.5), each with "
        "the period covered and the due date; belongs to the host's calendar. RAP-013 looks "
        "for the P&C report that covers that period, per moment and year.",
        default_factory=list)


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
