"""The words of the quick-scan report, in Dutch (default) and English.

Long Dutch words carry soft hyphens (U+00AD) so that the narrow matrix columns can break them;
the Markdown variant removes them.
"""

from __future__ import annotations

from boce_lint.rulebook.facts import report_columns

SHY = "\u00ad"

_NL: dict[str, str] = {
    "title": "Quickscan naleving gastheerovereenkomsten",
    "subtitle": "Opvolging van de aanbevelingen van de rekenkamercommissie Borger-Odoorn (2023)",
    "arrangement": "Regeling",
    "parties": "Partijen",
    "host": "gastheergemeente",
    "guests": "gastgemeenten",
    "as-of": "Peildatum",
    "tool": "Gemaakt met",
    "rulebook": "Regelboek",
    "rulebook-detail": "{rules} regels, {keys} verplichtingen, kenmerk {fingerprint}",
    "repository": "Repository",
    "commit": "Git-commit",
    "no-commit": "geen (geen git-repository)",
    "contents": "Inhoud",
    "reading-guide": "Leeswijzer",
    "reading-guide-text": (
        "Dit rapport toetst de contractrepository van de samenwerking aan de verplichtingen uit "
        "de raamovereenkomst, de deelovereenkomsten, de verordeningen alleenrecht, de wet en de "
        "aanbevelingen van de rekenkamercommissie. Het overzicht per deelovereenkomst laat in "
        "één oogopslag zien waar tekortkomingen zitten; klik op een vak voor de bevindingen. Per "
        "aanbeveling van de rekenkamer staat of die is opgevolgd en waaruit dat blijkt."),
    "summary": "Samenvatting",
    "errors": "fouten",
    "warnings": "waarschuwingen",
    "info": "ter informatie",
    "missing-evidence": "geen bewijs",
    "waived": "uitgezonderd",
    "corpus-title": "Quickscan per regeling",
    "corpus-intro": "{n} regelingen, elk met een eigen rapport.",
    "summary-errors": "Fouten",
    "summary-warnings": "Waarschuwingen",
    "summary-missing": "Geen bewijs",
    "summary-waived": "Uitgezonderd",
    "summary-errors-help": "een verplichting is aantoonbaar niet nagekomen",
    "summary-warnings-help": "goede praktijk of advies niet gevolgd",
    "summary-missing-help": "de gegevens om te beoordelen ontbreken",
    "summary-waived-help": "bewust afgeweken, met verantwoording",
    "recommendations-tally": "Aanbevelingen en conclusies van de rekenkamer",
    "matrix": "Overzicht per deelovereenkomst",
    "matrix-intro": (
        "Rijen: de deelovereenkomsten, en een rij voor de raamovereenkomst en alle andere "
        "stukken. Kolommen: de vaste onderdelen van een deelovereenkomst (art. 14.1 a–g "
        "raamovereenkomst) en de verplichtingen rond de uitvoering."),
    "matrix-row-header": "Deelovereenkomst",
    "matrix-art14": "Inhoud volgens art. 14.1 raamovereenkomst",
    "matrix-execution": "Uitvoering en verantwoording",
    "row-other": "Raamovereenkomst en overig",
    "row-other-sub": "raamovereenkomst, verordeningen, mandaten, beleidsagenda en andere stukken",
    "legend": "Legenda",
    "status-error": "fout",
    "status-warning": "waarschuwing",
    "status-missing": "geen bewijs",
    "status-ok": "in orde",
    "status-na": "niet van toepassing",
    "status-error-help": "ten minste één verplichting niet nagekomen",
    "status-warning-help": "alleen waarschuwingen",
    "status-missing-help": "niet te beoordelen: gegevens ontbreken",
    "status-ok-help": "geen tekortkomingen gevonden",
    "status-na-help": "geldt niet voor deze rij",
    "columns": "Wat elke kolom omvat",
    "cell-findings": "{n} bevinding(en)",
    "cell-title": "{row} — {group}: {status}",
    "recommendations": "Aanbevelingen en conclusies van de rekenkamer",
    "recommendations-intro": (
        "De rekenkamercommissie van Borger-Odoorn kondigde in 2023 aan “over een jaar of twee "
        "wederom een (quick)scan te doen om de opvolging van de aanbevelingen en de daaruit "
        "voortvloeiende besluiten te toetsen”. Per conclusie of aanbeveling staat hieronder of "
        "die volgens de repository is opgevolgd."),
    "rec-followed": "opgevolgd",
    "rec-not-followed": "niet opgevolgd",
    "rec-undetermined": "niet vast te stellen",
    "rec-followed-because": "Getoetst met {rules}: geen tekortkoming gevonden.",
    "rec-not-followed-because": "{n} tekortkoming(en) gevonden met {rules}.",
    "rec-undetermined-because": "Voor {n} toets(en) ontbreken de gegevens ({rules}).",
    "rec-no-rules": "Geen actieve regel toetst deze verplichting.",
    "rec-not-yet-valid": "Op de peildatum geldt deze aanbeveling (nog) niet: haar regels hebben "
                         "een geldigheidsperiode waar de peildatum buiten valt.",
    "rec-nothing-to-check": (
        "De repository bevat geen ondertekende deelovereenkomst; er is niets om aan te toetsen."),
    "rec-waived": "{n} bevinding(en) uitgezonderd met verantwoording.",
    "rec-more": "En nog {n} bevinding(en); alle staan bij de bevindingen per deelovereenkomst.",
    "rec-places": "Waar",
    "charts": "Grafieken",
    "kpi-chart": "KPI-resultaten tegen streefwaarden",
    "kpi-chart-intro": (
        "Gerealiseerde waarden per jaar (punten) tegen de streefwaarde (stippellijn), uit de "
        "rapportagepakketten. Groen: streefwaarde gehaald; rood: niet gehaald; grijs: geen "
        "streefwaarde."),
    "kpi-none": "Geen rapportage bevat KPI-waarden tegen streefwaarden.",
    "kpi-without-values": "Zonder gerapporteerde KPI-waarden",
    "kpi-without-values-text": (
        "{title}: {n} KPI('s) in de overeenkomst, geen waarden gerapporteerd"),
    "meeting-chart": "Gehouden overleg tegen voorgeschreven overleg",
    "meeting-chart-intro": (
        "Aantal vastgelegde vergaderingen per orgaan en volledig kalenderjaar (staven) tegen het "
        "voorgeschreven minimum (stippellijn). Groen: minimum gehaald; rood: niet gehaald."),
    "meeting-none": "Er is geen voorgeschreven overleg om te tonen.",
    "required": "vereist",
    "target": "streefwaarde",
    "value": "waarde",
    "no-records": "geen verslagen",
    "body": "Orgaan",
    "per-year": "per jaar",
    "framework-source": "raamovereenkomst art. {article}",
    "findings": "Bevindingen",
    "findings-intro": (
        "Per deelovereenkomst en kolom: de bron van de verplichting met het letterlijke citaat, "
        "dan elke bevinding met de plaats in het bestand en de waarden waarop het oordeel berust."),
    "no-findings": "Geen bevindingen.",
    "sources": "Bron van de verplichting",
    "evidence": "Waarden",
    "location": "Plaats",
    "rule": "Regel",
    "message": "Melding",
    "severity": "Ernst",
    "document": "Document",
    "agenda": "Komende verplichtingen",
    "agenda-intro": (
        "Wat de overeenkomsten in de twaalf maanden na de peildatum vragen, afgeleid uit de "
        "termijnen in de regels (boce-lint agenda): de dag na de datum meldt de controle een "
        "verplichting die niet is nagekomen."),
    "no-agenda": "Er vallen geen verplichtingen in de twaalf maanden na de peildatum.",
    "waivers": "Uitzonderingen van kracht",
    "waivers-intro": (
        "Bevindingen waarvan bewust is afgeweken (“pas toe of leg uit”). Ze tellen niet mee in "
        "de samenvatting en de kleuren."),
    "no-waivers": "Er zijn geen uitzonderingen van kracht.",
    "justification": "Verantwoording",
    "owner": "Eigenaar",
    "expires": "Geldig tot",
    "no-expiry": "onbepaald",
    "waiver-source": "Vastgelegd in",
    "kind-waiver": "uitzondering",
    "kind-inline-waiver": "uitzondering in bestand",
    "kind-baseline": "bekend uit de baseline",
    "method": "Verantwoording",
    "method-text": (
        "Gemaakt door boce-lint uit de bestanden van de repository. Een rekenkamer-conclusie "
        "geldt als niet opgevolgd als ten minste één bevinding die haar citeert meetelt; als "
        "niet vast te stellen als er alleen bevindingen zonder bewijs zijn, geen regel haar "
        "toetst of er geen ondertekende deelovereenkomst is; anders als opgevolgd. De kolom van "
        "een bevinding volgt uit de verplichtingen die zij citeert, de rij uit het document "
        "waarover zij gaat of de deelovereenkomst waarnaar dat onderdeel verwijst. Dit rapport "
        "is één zelfstandig bestand: het laadt niets van buiten en kan offline worden geopend "
        "en als PDF worden afgedrukt."),
    "empty": "leeg",
    "back-to-matrix": "terug naar het overzicht",
}

_EN: dict[str, str] = {
    "title": "Quick scan of host-municipality agreements",
    "subtitle": "Follow-up of the recommendations of the Borger-Odoorn audit committee (2023)",
    "arrangement": "Arrangement",
    "parties": "Parties",
    "host": "host",
    "guests": "guests",
    "as-of": "As of",
    "tool": "Made with",
    "rulebook": "Rulebook",
    "rulebook-detail": "{rules} rules, {keys} obligations, fingerprint {fingerprint}",
    "repository": "Repository",
    "commit": "Git commit",
    "no-commit": "none (not a git repository)",
    "contents": "Contents",
    "reading-guide": "How to read this report",
    "reading-guide-text": (
        "This report checks the contract repository of the collaboration against the obligations "
        "of the framework agreement, the sub-agreements, the exclusive-right by-laws, the law "
        "and the recommendations of the audit committee (rekenkamercommissie). The overview per "
        "sub-agreement shows at a glance where the gaps are; click a cell for its findings. Each "
        "recommendation of the audit committee is marked followed up or not, with the evidence."),
    "summary": "Summary",
    "errors": "errors",
    "warnings": "warnings",
    "info": "info",
    "missing-evidence": "missing evidence",
    "waived": "waived",
    "corpus-title": "Quick scan per arrangement",
    "corpus-intro": "{n} arrangements, each with a report of its own.",
    "summary-errors": "Errors",
    "summary-warnings": "Warnings",
    "summary-missing": "Missing evidence",
    "summary-waived": "Waived",
    "summary-errors-help": "an obligation is shown not to be met",
    "summary-warnings-help": "good practice or advice not followed",
    "summary-missing-help": "the data needed to decide is absent",
    "summary-waived-help": "deliberate exceptions, justified",
    "recommendations-tally": "Audit committee recommendations and conclusions",
    "matrix": "Overview per sub-agreement",
    "matrix-intro": (
        "Rows: the sub-agreements, and one row for the framework agreement and every other "
        "document. Columns: the fixed parts of a sub-agreement (art. 14.1 a–g of the framework "
        "agreement) and the obligations around its execution."),
    "matrix-row-header": "Sub-agreement",
    "matrix-art14": "Contents required by art. 14.1 of the framework agreement",
    "matrix-execution": "Execution and accountability",
    "row-other": "Framework agreement and other",
    "row-other-sub": "framework agreement, by-laws, mandates, policy agenda and other documents",
    "legend": "Legend",
    "status-error": "error",
    "status-warning": "warning",
    "status-missing": "missing evidence",
    "status-ok": "ok",
    "status-na": "not applicable",
    "status-error-help": "at least one obligation not met",
    "status-warning-help": "warnings only",
    "status-missing-help": "cannot be judged: data absent",
    "status-ok-help": "no gaps found",
    "status-na-help": "does not apply to this row",
    "columns": "What each column covers",
    "cell-findings": "{n} finding(s)",
    "cell-title": "{row} — {group}: {status}",
    "recommendations": "Audit committee recommendations and conclusions",
    "recommendations-intro": (
        "In 2023 the Borger-Odoorn audit committee announced “over een jaar of twee wederom een "
        "(quick)scan” (a new quick scan in about two years) to test whether its recommendations "
        "were followed up. Each conclusion or recommendation below is marked by what the "
        "repository shows."),
    "rec-followed": "followed up",
    "rec-not-followed": "not followed up",
    "rec-undetermined": "cannot be determined",
    "rec-followed-because": "Checked with {rules}: no gap found.",
    "rec-not-followed-because": "{n} gap(s) found by {rules}.",
    "rec-undetermined-because": "For {n} check(s) the data is missing ({rules}).",
    "rec-no-rules": "No active rule checks this obligation.",
    "rec-not-yet-valid": "This recommendation does not apply on the as-of date: its rules have a "
                         "validity period outside it.",
    "rec-nothing-to-check": (
        "The repository holds no signed sub-agreement; there is nothing to check."),
    "rec-waived": "{n} finding(s) waived with a justification.",
    "rec-more": "And {n} more finding(s); all are listed with the findings per sub-agreement.",
    "rec-places": "Where",
    "charts": "Charts",
    "kpi-chart": "KPI results against target values",
    "kpi-chart-intro": (
        "Achieved values per year (dots) against the target value (dashed line), from the "
        "reporting packages. Green: target met; red: not met; grey: no target."),
    "kpi-none": "No report holds KPI values against target values.",
    "kpi-without-values": "Without reported KPI values",
    "kpi-without-values-text": "{title}: {n} KPI(s) in the agreement, no values reported",
    "meeting-chart": "Meetings held against meetings required",
    "meeting-chart-intro": (
        "Recorded meetings per body and complete calendar year (bars) against the required "
        "minimum (dashed line). Green: minimum met; red: not met."),
    "meeting-none": "There is no prescribed meeting to show.",
    "required": "required",
    "target": "target",
    "value": "value",
    "no-records": "no records",
    "body": "Body",
    "per-year": "per year",
    "framework-source": "framework agreement art. {article}",
    "findings": "Findings",
    "findings-intro": (
        "Per sub-agreement and column: the source of the obligation with its verbatim quote, "
        "then every finding with its place in the file and the values the judgement rests on."),
    "no-findings": "No findings.",
    "sources": "Source of the obligation",
    "evidence": "Values",
    "location": "Location",
    "rule": "Rule",
    "message": "Message",
    "severity": "Severity",
    "document": "Document",
    "agenda": "Upcoming obligations",
    "agenda-intro": (
        "What the agreements require in the twelve months after the as-of date, derived from "
        "the deadlines in the rules (boce-lint agenda): the day after its date, the check "
        "reports a duty that is not met."),
    "no-agenda": "No obligations fall due in the twelve months after the as-of date.",
    "waivers": "Waivers in force",
    "waivers-intro": (
        "Findings deliberately departed from (“comply or explain”). They do not count in the "
        "summary or the colours."),
    "no-waivers": "No waivers are in force.",
    "justification": "Justification",
    "owner": "Owner",
    "expires": "Expires",
    "no-expiry": "indefinite",
    "waiver-source": "Recorded in",
    "kind-waiver": "waiver",
    "kind-inline-waiver": "inline waiver",
    "kind-baseline": "known from the baseline",
    "method": "Method",
    "method-text": (
        "Made by boce-lint from the files of the repository. An audit-committee conclusion "
        "counts as not followed up when at least one counting finding cites it; as cannot be "
        "determined when there are only missing-evidence findings, no rule checks it or no "
        "sub-agreement is signed; otherwise as followed up. A finding's column follows from the "
        "obligations it cites, its row from the document it is about or the sub-agreement that "
        "part refers to. This report is one self-contained file: it loads nothing from "
        "outside, opens offline and prints to PDF."),
    "empty": "empty",
    "back-to-matrix": "back to the overview",
}

LABELS = {"nl": _NL, "en": _EN}

# The matrix columns: key, Dutch label, English label, and what each holds (for the legend).
GROUPS: list[tuple[str, str, str]] = [
    ("a", "a werk\u00adterrein", "a work area"),
    ("b", "b dienst\u00adver\u00adlening", "b services"),
    ("c", "c vergoe\u00adding", "c fee"),
    ("d", "d werk\u00adpro\u00adces\u00adsen", "d work processes"),
    ("e", "e leve\u00adrings\u00advoor\u00adwaar\u00adden", "e delivery terms"),
    ("f", "f mandaat", "f mandates"),
    ("g", "g ver\u00adant\u00adwoor\u00adde\u00adlij\u00adken", "g responsible officers"),
    ("framework", "Kader", "Framework"),
    ("governance", "Sturing en overleg", "Gover\u00adnance"),
    ("reporting", "Rappor\u00adtage", "Reporting"),
    ("council", "Raads\u00adinfor\u00admatie", "Council infor\u00admation"),
]

# What each column covers, in words; the keys themselves come from ``rules/kolommen.yaml``.
_COLUMN_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "framework": "overige artikelen van de raamovereenkomst (RO-), verordening alleenrecht "
                     "(VA-), het model (GM-), raadsbrief 2014 (RB-), Overijssel-studie (OV-), "
                     "wetgeving (LAW-) en de beleidsagenda (BA-)",
        "governance": "overleg van colleges en stuurgroep, overlegstructuur, sleutelfiguren, "
                      "evaluatie",
        "reporting": "rapportage, uniforme kwaliteitsrapportage, taken gedekt, benchmarks, "
                     "meetbare doelen",
        "council": "raadsinformatie, informatiebehoefte van de raad, evaluatie naar de raad, "
                   "Gemeentewet art. 169",
    },
    "en": {
        "framework": "other articles of the framework agreement (RO-), exclusive-right by-law "
                     "(VA-), the model (GM-), council letter 2014 (RB-), Overijssel study (OV-), "
                     "statutes (LAW-) and the policy agenda (BA-)",
        "governance": "meetings of colleges and steering group, consultation structure, key "
                      "persons, evaluation",
        "reporting": "reporting, uniform quality reporting, tasks covered, benchmarks, "
                     "measurable goals",
        "council": "council information, the council's information need, evaluation reaching "
                   "the council, Municipalities Act art. 169",
    },
}


def column_help(lang: str, column: str) -> str:
    """What a matrix column covers: its words and the obligation keys it takes."""
    words = _COLUMN_WORDS.get(lang, _COLUMN_WORDS["nl"]).get(column, "")
    keys = ", ".join(report_columns().get(column, ()))
    return f"{words} ({keys})" if words and keys else words or keys


def text(lang: str, name: str, **values: object) -> str:
    """The label ``name`` in ``lang`` (Dutch when unknown), with ``{placeholders}`` filled."""
    template = LABELS.get(lang, _NL).get(name) or _NL[name]
    return template.format(**values) if values else template


def group_label(lang: str, key: str) -> str:
    for group_key, nl, en in GROUPS:
        if group_key == key:
            return en if lang == "en" else nl
    raise KeyError(key)


def plain(value: str) -> str:
    """Without soft hyphens: for Markdown, chart labels and attributes."""
    return value.replace(SHY, "")


_MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def long_date(lang: str, date: object) -> str:
    """1 januari 2023 / 1 January 2023."""
    import datetime as dt

    if not isinstance(date, dt.date):
        return str(date)
    months = _MONTHS.get(lang, _MONTHS["nl"])
    return f"{date.day} {months[date.month - 1]} {date.year}"
