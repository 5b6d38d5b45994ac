"""The structural checks the loader makes before any rule runs, each with a stable id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boce_lint.findings.finding import Finding, Severity, Subject

if TYPE_CHECKING:
    from boce_lint.source.model import Document


@dataclass(frozen=True)
class StructureCheck:
    """A check without a rule file: its title, and why it matters (SARIF, docs/rules.md)."""

    id: str
    name: str
    title: str
    title_en: str
    description: str = ""
    description_en: str = ""
    fix: str = ""  # how to put it right, for ``boce-lint explain`` and the editor's hover
    fix_en: str = ""
    severity: str = "error"


def _check(id: str, name: str, title: str, title_en: str, why: str, why_en: str,
           fix: str = "", fix_en: str = "", severity: str = "error") -> StructureCheck:
    return StructureCheck(id, name, title, title_en, why, why_en, fix, fix_en, severity)


STRUCTURE_CHECKS = {c.name: c for c in (
    _check("S001", "invalid-yaml", "Bestand is geen geldige YAML of JSON",
           "File is not valid YAML or JSON",
           "Een bestand dat niet te lezen is, kan niet gecontroleerd worden: geen enkele regel "
           "ziet wat erin staat. De melding noemt de plaats van de syntaxfout.",
           "A file that cannot be read cannot be checked: no rule sees what it holds. The "
           "finding names the place of the syntax error.",
           "Kijk op de gemelde regel en de regel erboven. Zet een waarde met ': ' of ', ' "
           'tussen aanhalingstekens: titel: "Afspraak: levering". Spring velden van '
           'hetzelfde niveau even ver in, met spaties (geen tabs).',
           "Look at the line reported and the one above it. Quote a value holding ': ' or ',"
           ' \': titel: "Afspraak: levering". Indent fields of one level equally, with spaces'
           ' (no tabs).'),
    _check("S002", "not-utf8", "Bestand is geen UTF-8-tekst", "File is not UTF-8 text",
           "Contractbestanden zijn UTF-8; een andere codering (UTF-16, Latin-1) maakt letters "
           "als é onleesbaar. Sla het bestand op als UTF-8.",
           "Contract files are UTF-8; another encoding (UTF-16, Latin-1) garbles letters such "
           "as é. Save the file as UTF-8.",
           "Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering "
           'UTF-8).',
           "Save the file as UTF-8 (in most editors: 'Save as' → encoding UTF-8)."),
    _check("S003", "duplicate-key", "Dubbele sleutel in een object",
           "Duplicate key in a mapping",
           "Staat een sleutel twee keer in hetzelfde object, dan is niet te zeggen welke waarde "
           "geldt; boce-lint kiest er geen en meldt de tweede.",
           "When a key appears twice in one mapping, no one can tell which value applies; "
           "boce-lint picks none and reports the second.",
           'Houd één van de twee over, of voeg ze samen.',
           'Keep one of the two, or merge them.'),
    _check("S004", "unsafe-yaml", "Niet toegestane YAML-constructie (tag, samenvoeging)",
           "Disallowed YAML construct (tag, merge key)",
           "Alleen gewone YAML-waarden worden gelezen: tags die objecten maken (!!python/…), "
           "!!binary, !!set, eigen tags en samenvoegsleutels (<<) worden geweigerd, zodat een "
           "bestand nooit code kan laten uitvoeren of waarden kan verbergen.",
           "Only plain YAML values are read: tags that construct objects (!!python/…), "
           "!!binary, !!set, local tags and merge keys (<<) are refused, so that a file can "
           "never run code or hide values.",
           'Schrijf de waarde of de velden gewoon uit.',
           'Write the value or the fields out.'),
    _check("S005", "empty-file", "Leeg bestand", "Empty file",
           "Een leeg bestand is geen document: vul het of verwijder het.",
           "An empty file is not a document: fill it in or remove it.",
           'Vul het bestand (begin met soort, versie en id) of verwijder het.',
           'Fill the file (start with soort, versie and id) or delete it.'),
    _check("S006", "unknown-kind", "Onbekende of ontbrekende soort document",
           "Unknown or missing document kind",
           "Elk document zegt met 'soort' wat het is; alleen dan weet boce-lint welk schema en "
           "welke regels gelden (boce-lint schema toont de soorten).",
           "Every document says what it is with 'soort'; only then does boce-lint know which "
           "schema and rules apply (boce-lint schema lists the kinds).",
           "Schrijf bovenaan bijvoorbeeld 'soort: deelovereenkomst'; 'boce-lint schema' "
           'toont alle soorten.',
           "Write at the top, for example, 'soort: deelovereenkomst'; 'boce-lint schema' "
           'lists all kinds.'),
    _check("S007", "schema-violation", "Document voldoet niet aan het schema van zijn soort",
           "Document does not match the schema of its kind",
           "Een veld met een verkeerde naam of soort waarde wordt door geen regel gezien; het "
           "schema van de soort (boce-lint schema SOORT) zegt wat er mag staan.",
           "A field with a wrong name or kind of value is seen by no rule; the kind's schema "
           "(boce-lint schema KIND) says what may stand there.",
           "De melding noemt het veld en wat er hoort; 'boce-lint schema SOORT' toont alle "
           "velden. Een editor met de schema's uit .schemas/ (zie README) vult velden aan.",
           "The message names the field and what belongs there; 'boce-lint schema KIND' "
           'shows every field. An editor with the schemas of .schemas/ (see README) '
           'completes fields.'),
    _check("S008", "duplicate-id", "Id komt in meer documenten voor",
           "Id used by more than one document",
           "Documenten verwijzen naar elkaar met hun id; een id dat twee keer voorkomt maakt "
           "elke verwijzing ernaar dubbelzinnig.",
           "Documents refer to each other by id; an id used twice makes every reference to it "
           "ambiguous.",
           'Geef het nieuwe document een eigen id (bijvoorbeeld door een kopie aan te '
           'passen).',
           'Give the new document an id of its own (after copying a document, say).'),
    _check("S009", "dangling-reference", "Verwijzing naar een document dat niet bestaat",
           "Reference to a document that does not exist",
           "Een verwijzing naar een id dat in de repository niet bestaat, wijst naar niets: "
           "het bewijs waar de regels op steunen ontbreekt.",
           "A reference to an id that does not exist in the repository points at nothing: "
           "the evidence the rules rely on is missing.",
           'Controleer de spelling van het id (de editor vult ids aan), of voeg het document'
           ' toe. Controleer een los bestand altijd binnen zijn repository.',
           'Check the spelling of the id (the editor completes ids), or add the document. '
           'Check a single file within its repository.'),
    _check("S010", "file-too-large", "Bestand is te groot", "File is too large",
           "Bestanden boven 10 MB worden niet gelezen (een groot contract is enkele honderden "
           "kB); splits het bestand.",
           "Files above 10 MB are not read (a large contract is a few hundred kB); split the "
           "file.",
           'Splits het bestand in kleinere documenten.',
           'Split the file into smaller documents.'),
    _check("S011", "too-complex", "Document te diep genest of te veel aliassen",
           "Document nested too deeply or too many aliases",
           "Grenzen die boce-lint beschermen tegen vijandige invoer: hoogstens 64 niveaus "
           "nesting, 200 000 waarden en 10 000 waarden uit aliassen per document.",
           "Limits that protect boce-lint against hostile input: at most 64 levels of nesting, "
           "200 000 values and 10 000 values from aliases per document.",
           'Schrijf de waarden uit en splits grote documenten.',
           'Write the values out and split large documents.'),
    _check("S012", "unsupported-version", "Onbekende versie van het bestandsformaat",
           "Unknown file format version",
           "'versie' zegt welke versie van het bestandsformaat het document volgt; een onbekende "
           "versie kan niet betrouwbaar gelezen worden.",
           "'versie' says which version of the file format the document follows; an unknown "
           "version cannot be read reliably.",
           "Schrijf 'versie: 1'.",
           "Write 'versie: 1'."),
    _check("S013", "unreadable-file", "Bestand kan niet gelezen worden", "File cannot be read",
           "Het besturingssysteem kan het bestand niet lezen (bijvoorbeeld door de rechten); "
           "het wordt dus niet gecontroleerd.",
           "The operating system cannot read the file (for example because of its "
           "permissions); so it is not checked.",
           "Controleer de rechten op het bestand.", "Check the file's permissions."),
    _check("S014", "unreadable-folder", "Map kan niet gelezen worden", "Folder cannot be read",
           "Het besturingssysteem kan de map niet tonen (bijvoorbeeld door de rechten); wat erin "
           "staat wordt niet gecontroleerd, en regels die zulke documenten nodig hebben melden "
           "ontbrekend bewijs in plaats van een overtreding.",
           "The operating system cannot list the folder (for example because of its "
           "permissions); what it holds is not checked, and rules that need such documents "
           "report missing evidence instead of a violation.",
           "Controleer de rechten op de map.", "Check the folder's permissions."),
    _check("S015", "outside-scope", "Plichten van een partij buiten de reikwijdte",
           "Duties of a party outside the repository's scope",
           "Een repository kan de kant van één partij bijhouden (bijvoorbeeld het contractregister "
           "van een gastgemeente; 'reikwijdte' in de raamovereenkomst). Plichten die op andere "
           "partijen rusten, worden dan niet getoetst; deze melding zegt per partij dat dat zo is.",
           "A repository may keep one party's side (a guest's contract register; 'reikwijdte' in "
           "the framework agreement). Duties resting on other parties are then not judged; this "
           "finding says so, once per party.",
           "Niets te doen als de reikwijdte klopt; anders past u 'reikwijdte' aan.",
           "Nothing to do when the scope is right; otherwise adjust 'reikwijdte'."),
    _check("S016", "old-format", "Bestandsformaat versie 1 (upgrade aanbevolen)",
           "File format version 1 (upgrade recommended)",
           "Bestanden in formaat 1 worden nog gelezen; 'boce-lint upgrade' zet ze om naar formaat "
           "2 met behoud van opmerkingen en opmaak. De melding staat bij het eerste zulke bestand.",
           "Files in format 1 are still read; 'boce-lint upgrade' converts them to format 2, "
           "keeping comments and layout. The finding stands at the first such file.",
           "Draai 'boce-lint upgrade' in de repository.",
           "Run 'boce-lint upgrade' in the repository."),
    _check("S017", "implausible-date",
           "Datum ligt onwaarschijnlijk ver in het verleden of de toekomst",
           "Date implausibly far in the past or future",
           'Een datum vóór 1900 of na 2100 is in een overeenkomst vrijwel altijd een tikfout'
           ' (2205 voor 2025); de regels rekenen er wel mee, dus termijnen kloppen dan niet.',
           'A date before 1900 or after 2100 is almost always a typo in an agreement (2205 '
           'for 2025); the rules do compute with it, so deadlines come out wrong.',
           'Verbeter het jaartal.',
           'Correct the year.',
           severity="warning"),
    _check("S018", "ended-without-end-date", "Beëindigd document zonder einddatum",
           "Ended document without an end date",
           "Een beëindigd of ingetrokken document wordt alleen getoetst voor de jaren waarin het "
           "gold (beginsel 3). Zonder 'einddatum' is niet te zeggen welke jaren dat zijn; de "
           "jaarlijkse plichten ervan (overleg, rapportage, raadsinformatie) worden daarom niet "
           "getoetst en deze ene melding zegt dat, in plaats van een melding per regel en jaar.",
           "An ended or revoked document is judged only for the years it was in force "
           "(principle 3). Without 'einddatum' those years are unknown; its yearly duties "
           "(meetings, reporting, council information) are therefore not judged, and this one "
           "finding says so instead of one per rule and year.",
           "Vul 'einddatum' in: de dag waarop het document ophield te gelden.",
           "Fill in 'einddatum': the day the document ceased to apply.",
           severity="warning"),
    _check("W001", "waiver-expired", "Uitzondering (pas toe of leg uit) is verlopen",
           "Waiver has expired",
           "Een uitzondering met een vervaldatum in het verleden geldt niet meer: de bevinding "
           "telt weer. Verleng de uitzondering met een nieuwe verantwoording of los het op.",
           "A waiver whose expiry date has passed no longer applies: the finding counts again. "
           "Renew it with a new justification or fix the gap.",
           'Los de bevinding op, of verleng de uitzondering met een nieuwe reden en datum.',
           'Resolve the finding, or extend the waiver with a new reason and date.',
           severity="warning"),
    _check("W002", "waiver-unused", "Uitzondering past op geen enkele bevinding",
           "Waiver matches no finding",
           "Een uitzondering die op niets past, is verouderd of verkeerd geschreven; verwijder "
           "of corrigeer haar, zodat de lijst van uitzonderingen klopt.",
           "A waiver that matches nothing is out of date or mistyped; remove or correct it, so "
           "that the list of waivers stays true.",
           'Verwijder de uitzondering, of verbeter de regel of de plaats.',
           'Delete the waiver, or correct its rule or place.',
           severity="warning"),
    _check("W003", "waiver-invalid", "Uitzondering in de tekst is onvolledig",
           "Inline waiver is incomplete",
           "Een uitzondering in een bestand noemt de regel, een reden en een eigenaar (pas toe "
           "of leg uit); zonder die twee geldt zij niet.",
           "A waiver in a file names the rule, a reason and an owner (comply or explain); "
           "without those two it does not apply.",
           'Schrijf: # boce-lint: negeer REGEL reden="..." eigenaar="..." vervalt=JJJJ-MM-DD',
           'Write: # boce-lint: negeer RULE reden="..." eigenaar="..." vervalt=YYYY-MM-DD',
           severity="warning"),
)}

# The checks that mean boce-lint could not see what a path holds: documents may be missing from
# the repository without a trace (``Repository.unseen``).
UNSEEN_CHECKS = ("unreadable-file", "unreadable-folder", "file-too-large")

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


