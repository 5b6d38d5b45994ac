"""The structural checks the loader makes before any rule runs, each with a stable id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boce_lint.findings.finding import Finding, Severity, Subject

if TYPE_CHECKING:
    from boce_lint.source.model import Document


@dataclass(frozen=True)
class StructureCheck:
    """A check the loader makes; ``explain`` shows what it means and how to fix it."""

    id: str
    name: str
    title: str
    title_en: str
    meaning: str = ""
    meaning_en: str = ""
    fix: str = ""
    fix_en: str = ""
    severity: str = "error"


STRUCTURE_CHECKS = {c.name: c for c in (
    StructureCheck(
        "S001", "invalid-yaml", "Bestand is geen geldige YAML of JSON",
        "File is not valid YAML or JSON",
        "De tekst kan niet gelezen worden als YAML (of, voor een .json-bestand, als JSON). Vaak "
        "staat er een dubbele punt of komma in een waarde zonder aanhalingstekens, klopt het "
        "inspringen niet, of ontbreekt een aanhalingsteken.",
        "The text cannot be read as YAML (or, for a .json file, as JSON). Often a value holds a "
        "colon or comma without quotes, the indentation is off, or a quote is missing.",
        "Kijk op de gemelde regel en de regel erboven. Zet een waarde met ': ' of ', ' tussen "
        "aanhalingstekens: titel: \"Afspraak: levering\". Spring velden van hetzelfde niveau "
        "even ver in, met spaties (geen tabs).",
        "Look at the line reported and the one above it. Quote a value holding ': ' or ', ': "
        "titel: \"Afspraak: levering\". Indent fields of one level equally, with spaces (no "
        "tabs)."),
    StructureCheck(
        "S002", "not-utf8", "Bestand is geen UTF-8-tekst", "File is not UTF-8 text",
        "Het bestand is in een andere tekenset opgeslagen dan UTF-8 (bijvoorbeeld Windows-1252), "
        "zodat letters als ë of é niet te lezen zijn.",
        "The file is saved in another character set than UTF-8 (Windows-1252, say), so letters "
        "such as ë or é cannot be read.",
        "Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8).",
        "Save the file as UTF-8 (in most editors: 'Save as' → encoding UTF-8)."),
    StructureCheck(
        "S003", "duplicate-key", "Dubbele sleutel in een object", "Duplicate key in a mapping",
        "Hetzelfde veld staat twee keer in één object; maar één van de twee waarden kan gelden, "
        "en welke is niet te zien.",
        "The same field appears twice in one mapping; only one of the values can apply, and "
        "which one is not visible.",
        "Houd één van de twee over, of voeg ze samen.",
        "Keep one of the two, or merge them."),
    StructureCheck(
        "S004", "unsafe-yaml", "Niet toegestane YAML-constructie (tag, samenvoeging)",
        "Disallowed YAML construct (tag, merge key)",
        "Het bestand gebruikt een YAML-tag (!!python/…, !eigen) of een samenvoegsleutel ('<<'). "
        "Die kunnen code uitvoeren of maken onduidelijk wat er werkelijk staat.",
        "The file uses a YAML tag (!!python/…, !custom) or a merge key ('<<'). Those can run "
        "code or hide what is really written.",
        "Schrijf de waarde of de velden gewoon uit.", "Write the value or the fields out."),
    StructureCheck(
        "S005", "empty-file", "Leeg bestand", "Empty file",
        "Het bestand bevat geen document.", "The file holds no document.",
        "Vul het bestand (begin met soort, versie en id) of verwijder het.",
        "Fill the file (start with soort, versie and id) or delete it."),
    StructureCheck(
        "S006", "unknown-kind", "Onbekende of ontbrekende soort document",
        "Unknown or missing document kind",
        "Elk document begint met 'soort:', zodat boce-lint weet welke velden en regels gelden. "
        "Het veld ontbreekt of noemt een soort die boce-lint niet kent.",
        "Every document starts with 'soort:' so that boce-lint knows which fields and rules "
        "apply. The field is missing or names a kind boce-lint does not know.",
        "Schrijf bovenaan bijvoorbeeld 'soort: deelovereenkomst'; 'boce-lint schema' toont alle "
        "soorten.",
        "Write at the top, for example, 'soort: deelovereenkomst'; 'boce-lint schema' lists all "
        "kinds."),
    StructureCheck(
        "S007", "schema-violation", "Document voldoet niet aan het schema van zijn soort",
        "Document does not match the schema of its kind",
        "Een veld is onbekend (vaak een tikfout), een verplicht veld ontbreekt, of een waarde "
        "heeft niet de juiste vorm: een datum die niet bestaat, tekst waar een getal hoort, een "
        "waarde die niet in de lijst van toegestane waarden staat. Zolang een document zulke "
        "fouten heeft, worden de inhoudelijke regels er niet op uitgevoerd.",
        "A field is unknown (often a typo), a required field is missing, or a value does not "
        "have the right form: a date that does not exist, text where a number belongs, a value "
        "not in the list of allowed values. While a document has such errors, the rules about "
        "its content are not run on it.",
        "De melding noemt het veld en wat er hoort; 'boce-lint schema SOORT' toont alle velden. "
        "Een editor met de schema's uit .schemas/ (zie README) vult velden aan.",
        "The message names the field and what belongs there; 'boce-lint schema KIND' shows every "
        "field. An editor with the schemas of .schemas/ (see README) completes fields."),
    StructureCheck(
        "S008", "duplicate-id", "Id komt in meer documenten voor",
        "Id used by more than one document",
        "Twee documenten hebben hetzelfde id; verwijzingen ernaar zijn dan niet eenduidig.",
        "Two documents have the same id; references to it are then ambiguous.",
        "Geef het nieuwe document een eigen id (bijvoorbeeld door een kopie aan te passen).",
        "Give the new document an id of its own (after copying a document, say)."),
    StructureCheck(
        "S009", "dangling-reference", "Verwijzing naar een document dat niet bestaat",
        "Reference to a document that does not exist",
        "Een veld verwijst met een id naar een ander document (de raamovereenkomst, een "
        "deelovereenkomst, een bijlage), maar er is geen document met dat id, of het is van een "
        "andere soort.",
        "A field refers by id to another document (the framework agreement, a sub-agreement, an "
        "annex), but there is no document with that id, or it is of another kind.",
        "Controleer de spelling van het id (de editor vult ids aan), of voeg het document toe. "
        "Controleer een los bestand altijd binnen zijn repository.",
        "Check the spelling of the id (the editor completes ids), or add the document. Check a "
        "single file within its repository."),
    StructureCheck(
        "S010", "file-too-large", "Bestand is te groot", "File is too large",
        "Bestanden boven 10 MB worden niet gelezen.", "Files above 10 MB are not read.",
        "Splits het bestand in kleinere documenten.", "Split the file into smaller documents."),
    StructureCheck(
        "S011", "too-complex", "Document te diep genest of te veel aliassen",
        "Document nested too deeply or too many aliases",
        "Het document is dieper genest dan 64 niveaus, bevat te veel waarden of gebruikt te veel "
        "aliassen (*anker); zo'n document is vrijwel altijd een fout of een aanval.",
        "The document is nested deeper than 64 levels, holds too many values or uses too many "
        "aliases (*anchor); such a document is almost always a mistake or an attack.",
        "Schrijf de waarden uit en splits grote documenten.",
        "Write the values out and split large documents."),
    StructureCheck(
        "S012", "unsupported-version", "Onbekende versie van het bestandsformaat",
        "Unknown file format version",
        "Het veld 'versie' geeft de versie van het bestandsformaat; boce-lint kent versie 1.",
        "The field 'versie' gives the version of the file format; boce-lint knows version 1.",
        "Schrijf 'versie: 1'.", "Write 'versie: 1'."),
    StructureCheck(
        "S013", "unreadable-file", "Bestand kan niet gelezen worden", "File cannot be read",
        "Het besturingssysteem weigert het bestand te openen (rechten, een kapotte koppeling).",
        "The operating system refuses to open the file (permissions, a broken link).",
        "Controleer de rechten op het bestand.", "Check the file's permissions."),
    StructureCheck(
        "S014", "implausible-date",
        "Datum ligt onwaarschijnlijk ver in het verleden of de toekomst",
        "Date implausibly far in the past or future",
        "Een datum vóór 1900 of na 2100 is in een overeenkomst vrijwel altijd een tikfout "
        "(2205 voor 2025); de regels rekenen er wel mee, dus termijnen kloppen dan niet.",
        "A date before 1900 or after 2100 is almost always a typo in an agreement (2205 for "
        "2025); the rules do compute with it, so deadlines come out wrong.",
        "Verbeter het jaartal.", "Correct the year.", severity="warning"),
    StructureCheck(
        "W001", "waiver-expired", "Uitzondering (pas toe of leg uit) is verlopen",
        "Waiver has expired",
        "De vervaldatum van een uitzondering is voorbij; de bevinding telt weer mee.",
        "A waiver's expiry date has passed; the finding counts again.",
        "Los de bevinding op, of verleng de uitzondering met een nieuwe reden en datum.",
        "Resolve the finding, or extend the waiver with a new reason and date.",
        severity="warning"),
    StructureCheck(
        "W002", "waiver-unused", "Uitzondering past op geen enkele bevinding",
        "Waiver matches no finding",
        "Een uitzondering sluit niets uit: de bevinding is opgelost of de uitzondering noemt een "
        "verkeerde regel of plaats.",
        "A waiver excludes nothing: the finding has been resolved or the waiver names the wrong "
        "rule or place.",
        "Verwijder de uitzondering, of verbeter de regel of de plaats.",
        "Delete the waiver, or correct its rule or place.", severity="warning"),
    StructureCheck(
        "W003", "waiver-invalid", "Uitzondering in de tekst is onvolledig",
        "Inline waiver is incomplete",
        "Een uitzondering in de tekst ('pas toe of leg uit') vraagt een reden en een eigenaar, en "
        "eventueel een vervaldatum.",
        "An inline waiver ('comply or explain') needs a reason and an owner, and optionally an "
        "expiry date.",
        "Schrijf: # boce-lint: negeer REGEL reden=\"...\" eigenaar=\"...\" vervalt=JJJJ-MM-DD",
        "Write: # boce-lint: negeer RULE reden=\"...\" eigenaar=\"...\" vervalt=YYYY-MM-DD",
        severity="warning"),
)}

# ParseProblem codes (yamlsource) to the check that reports them
PARSE_PROBLEM_CHECK = {
    "syntax": "invalid-yaml", "encoding": "not-utf8", "duplicate-key": "duplicate-key",
    "unsafe-tag": "unsafe-yaml", "empty": "empty-file", "too-deep": "too-complex",
    "alias-limit": "too-complex", "too-many-values": "too-complex",
}


def structure_finding(check_name: str, file: str, line: int, column: int, message: str,
                      message_en: str, document: Document | None = None, pointer: str = "",
                      value: Any = None, severity: Severity = Severity.ERROR) -> Finding:
    check = STRUCTURE_CHECKS[check_name]
    return Finding(
        rule_id=check.id, rule_name=check.name, severity=severity, message=message,
        message_en=message_en, file=file, line=line, column=column,
        subject=Subject(document_id=document.id if document else None,
                        kind=document.kind if document else None, pointer=pointer),
        fingerprint_value=value if value is not None else message_en,
    )


