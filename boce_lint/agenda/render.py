"""The agenda as text (a table per month), JSON and Markdown."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from boce_lint import __version__
from boce_lint.agenda.duties import STATUSES, Agenda, Duty

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
STATUS = {
    "nl": {"open": "open", "done": "gedaan", "overdue": "te laat"},
    "en": {"open": "open", "done": "done", "overdue": "overdue"},
}
HEADER = {
    "nl": ("Datum", "Status", "Wat", "Wie", "Bron", "Document"),
    "en": ("Date", "Status", "What", "Who", "Source", "Document"),
}
TEXTS = {
    "nl": {"title": "Agenda {root}: {start} t/m {end} (peildatum {as_of})",
           "none": "Geen verplichtingen in deze periode.",
           "summary": "{n} verplichting(en): {open} open, {done} gedaan, {overdue} te laat.",
           "waiver": "ontheffing"},
    "en": {"title": "Agenda {root}: {start} to {end} (as of {as_of})",
           "none": "No obligations in this period.",
           "summary": "{n} obligation(s): {open} open, {done} done, {overdue} overdue.",
           "waiver": "waiver"},
}
# Text columns wrap at these widths so that a month's table fits a wide terminal.
WRAP = {2: 60, 3: 28, 4: 44}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def month_name(year: int, month: int, lang: str) -> str:
    return f"{MONTHS[lang][month - 1]} {year}"


def _clean(text: str) -> str:
    """Contract text never reaches a terminal as control codes."""
    return _CONTROL.sub("", text.replace("\n", " ").replace("\r", " "))


def columns(duty: Duty, lang: str) -> list[str]:
    """Date, status, what, who, source (rule and keys with articles) and document:line."""
    source = TEXTS[lang]["waiver"] if duty.source == "waiver" else duty.source
    articles = duty.articles()
    return [duty.due.isoformat(), STATUS[lang][duty.status], duty.task.get(lang, ""),
            duty.actor.get(lang, ""), f"{source}: {articles}" if articles else source,
            f"{shown_path(duty.file)}:{duty.line}"]


def shown_path(file: str) -> str:
    """A path relative to the working folder when it lies inside it, as ``check`` shows it."""
    try:
        return str(Path(file).relative_to(Path.cwd()))
    except ValueError:
        return file


def _summary(agenda: Agenda, lang: str) -> str:
    return TEXTS[lang]["summary"].format(n=len(agenda.duties), open=agenda.count("open"),
                                         done=agenda.count("done"),
                                         overdue=agenda.count("overdue"))


def render_text(agenda: Agenda, lang: str = "nl") -> str:
    texts = TEXTS[lang]
    out = [texts["title"].format(root=shown_path(agenda.root), start=agenda.start,
                                 end=agenda.end, as_of=agenda.as_of), ""]
    if not agenda.duties:
        return "\n".join([*out, texts["none"], ""])
    for (year, month), duties in agenda.by_month():
        rows = [[[cell] for cell in HEADER[lang]]] + [
            [textwrap.wrap(_clean(c), WRAP[i], break_on_hyphens=False) if i in WRAP
             else [_clean(c)]
             for i, c in enumerate(columns(d, lang))] for d in duties]
        widths = [max(len(line) for row in rows for line in row[i] or [""])
                  for i in range(len(HEADER[lang]))]
        out.append(month_name(year, month, lang))
        for number, row in enumerate(rows):
            for k in range(max(len(cell) for cell in row)):
                out.append("  " + "  ".join((cell[k] if k < len(cell) else "").ljust(widths[c])
                                            for c, cell in enumerate(row)).rstrip())
            if number == 0:
                out.append("  " + "  ".join("-" * w for w in widths))
        out.append("")
    out.append(_summary(agenda, lang))
    return "\n".join(out) + "\n"


def render_json(agenda: Agenda, lang: str = "nl") -> str:
    data = {"version": __version__, "as_of": agenda.as_of.isoformat(),
            "from": agenda.start.isoformat(), "until": agenda.end.isoformat(),
            "counts": {s: agenda.count(s) for s in STATUSES},
            "duties": [d.as_json() for d in agenda.duties]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    """A Markdown table cell: no markup, no pipes, no line breaks from contract text."""
    escaped = (_clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace("\\", "\\\\").replace("|", "\\|"))
    return re.sub(r"([*_`\[\]#])", r"\\\1", escaped)


def markdown_table(duties: list[Duty], lang: str, heading: str = "###") -> list[str]:
    """One table per month; shared with the quick-scan report."""
    by_month: dict[tuple[int, int], list[Duty]] = {}
    for duty in duties:
        by_month.setdefault((duty.due.year, duty.due.month), []).append(duty)
    out: list[str] = []
    for (year, month), group in sorted(by_month.items()):
        out += [f"{heading} {month_name(year, month, lang)}", "",
                "| " + " | ".join(HEADER[lang]) + " |",
                "|" + "---|" * len(HEADER[lang])]
        for duty in group:
            out.append("| " + " | ".join(_md(c) for c in columns(duty, lang)) + " |")
        out.append("")
    return out


def render_markdown(agenda: Agenda, lang: str = "nl") -> str:
    texts = TEXTS[lang]
    out = ["# " + _md(texts["title"].format(root=shown_path(agenda.root), start=agenda.start,
                                           end=agenda.end, as_of=agenda.as_of)), ""]
    if not agenda.duties:
        return "\n".join([*out, texts["none"], ""])
    out += markdown_table(agenda.duties, lang, "##")
    out.append(_summary(agenda, lang))
    return "\n".join(out) + "\n"
