"""What a code means, in words: a rule (what it checks, why, its advice and examples) or a
structural check (what went wrong and how to fix it).

One text for the terminal (``boce-lint explain``), SARIF's ``help`` (code scanning shows it
next to each alert) and the editor's hover, so that all say the same, in Dutch or English.
"""

from __future__ import annotations

import textwrap
from typing import Any

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.findings.structure import STRUCTURE_CHECKS, StructureCheck
from boce_lint.rulebook.rulebook import Rulebook

LABELS = {
    "nl": {"severity": "ernst", "group": "groep", "file": "bestand", "valid": "geldig",
           "until": "tot", "exception-to": "uitzondering op", "why": "Waarom (bron)",
           "advice": "Advies", "bad": "Fout voorbeeld", "good": "Goed voorbeeld",
           "as-of": "peildatum", "structure": "structuurcontrole, vóór de regels",
           "meaning": "Wat betekent dit", "fix": "Hoe los ik het op",
           "error": "fout", "warning": "waarschuwing", "info": "info", "kind": "soort",
           "always": "altijd (geen begin- of einddatum)",
           "missing": "Voorbeeld zonder bewijs", "deadline": "termijn",
           "deadline-note": "de regel stelt per onderwerp een uiterste datum; 'boce-lint "
                            "agenda' toont die, de controle meldt haar de dag erna"},
    "en": {"severity": "severity", "group": "group", "file": "file", "valid": "valid",
           "until": "to", "exception-to": "exception to", "why": "Why (source)",
           "advice": "Advice", "bad": "Failing example", "good": "Passing example",
           "as-of": "as of", "structure": "structural check, before the rules",
           "meaning": "What it means", "fix": "How to fix it",
           "error": "error", "warning": "warning", "info": "info", "kind": "kind",
           "always": "always (no start or end date)",
           "missing": "Example without evidence", "deadline": "deadline",
           "deadline-note": "the rule sets a last date per subject; 'boce-lint agenda' shows "
                            "it, the check reports it the day after"},
}


def full_description(book: Rulebook, rule: CompiledRule, lang: str) -> str:
    """Why the rule exists: its rationale, else the obligations it enforces, else its title."""
    if rule.rationale(lang):
        return rule.rationale(lang)
    field = "obligation_en" if lang == "en" else "verplichting"
    duties = [book.registry.get(k, {}).get(field, "") for k in rule.keys]
    return " ".join(d for d in duties if d) or rule.title(lang)


def _sections(book: Rulebook, rule: CompiledRule, lang: str) -> dict[str, Any]:
    words = LABELS["en" if lang == "en" else "nl"]
    sources = []
    for key in rule.keys:
        entry = book.registry.get(key, {})
        duty = entry.get("obligation_en") if lang == "en" else entry.get("verplichting")
        kind = (f"{words['kind']}: {entry['soort']} ({words['severity']}: "
                f"{', '.join(entry.get('ernst', []))})" if entry.get("soort") else "")
        sources.append((key, entry.get("document", ""), entry.get("artikel", ""),
                        entry.get("citaat", ""), duty or "", kind))
    valid = (f"{rule.valid_from or '…'} {words['until']} {rule.valid_to or '…'}"
             if rule.valid_from or rule.valid_to else words["always"])
    return {"title": f"{rule.id} {rule.name} — {rule.title(lang)}",
            "facts": f"{words['severity']}: {words.get(rule.severity, rule.severity)}   "
                     f"{words['group']}: {rule.group}   {words['file']}: {rule.file}:{rule.line}",
            "valid": valid, "exception_to": rule.exception_to or "",
            "deadline": words["deadline-note"] if rule.has_deadline else "",
            "rationale": rule.rationale(lang), "sources": sources, "advice": rule.advice(lang),
            "examples": [({"fout": words["bad"], "goed": words["good"],
                           "geen-bewijs": words["missing"]}[e.verdict],
                          f" ({words['as-of']} {e.as_of})" if e.as_of else "",
                          textwrap.dedent(e.text).strip("\n").splitlines())
                         for e in rule.examples],
            "words": words}


def explain_text(book: Rulebook, rule: CompiledRule, lang: str = "nl") -> str:
    s = _sections(book, rule, lang)
    words = s["words"]
    lines = [s["title"], s["facts"]]
    if s["valid"]:
        lines.append(f"{words['valid']}: {s['valid']}")
    if s["exception_to"]:
        lines.append(f"{words['exception-to']}: {s['exception_to']}")
    if s["deadline"]:
        lines.append(f"{words['deadline']}: {s['deadline']}")
    if s["rationale"]:
        lines += ["", s["rationale"]]
    lines += ["", f"{words['why']}:"]
    for key, document, article, quote, duty, kind in s["sources"]:
        lines.append(f"  {key}: {document}, {article}")
        if kind:
            lines.append(f"    {kind}")
        if quote:
            lines.append(f"    “{quote}”")
        if duty:
            lines.append(f"    {duty}")
    if s["advice"]:
        lines += ["", f"{words['advice']}: {s['advice']}"]
    for label, when, example in s["examples"]:
        lines += ["", f"{label}{when}:"] + [f"  {line}" for line in example]
    return "\n".join(lines)


def explain_markdown(book: Rulebook, rule: CompiledRule, lang: str = "nl") -> str:
    s = _sections(book, rule, lang)
    words = s["words"]
    lines = [f"**{s['title']}**", "", s["facts"].replace("   ", " · ")]
    if s["valid"]:
        lines += ["", f"{words['valid']}: {s['valid']}"]
    if s["exception_to"]:
        lines += ["", f"{words['exception-to']}: `{s['exception_to']}`"]
    if s["deadline"]:
        lines += ["", f"{words['deadline']}: {s['deadline']}"]
    if s["rationale"]:
        lines += ["", s["rationale"]]
    lines += ["", f"**{words['why']}**", ""]
    for key, document, article, quote, duty, kind in s["sources"]:
        lines.append(f"- `{key}` ({kind or '?'}): {document}, {article}"
                     + (f". {duty}" if duty else ""))
        if quote:
            lines.append(f"  > “{quote}”")
    if s["advice"]:
        lines += ["", f"**{words['advice']}:** {s['advice']}"]
    for label, when, example in s["examples"]:
        lines += ["", f"**{label}{when}**", "", "```yaml", *example, "```"]
    return "\n".join(lines)


def find_check(code: str) -> StructureCheck | None:
    """A structural check by id (S007) or name (schema-violation), in any letter case."""
    for check in STRUCTURE_CHECKS.values():
        if code.upper() == check.id or code.lower() == check.name:
            return check
    return None


def explain(book: Rulebook, code: str, lang: str = "nl") -> str | None:
    """The explanation of a rule or structural check, or None when no such code exists."""
    check = find_check(code)
    if check is not None:
        return explain_check(check, lang)
    rule = book.get(code) or book.get(code.upper())
    return explain_text(book, rule, lang) if rule is not None else None


def explain_check(check: StructureCheck, lang: str = "nl") -> str:
    words = LABELS["en" if lang == "en" else "nl"]
    english = lang == "en"
    out = [f"{check.id} {check.name} — {check.title_en if english else check.title}",
           f"{words['severity']}: {words[check.severity]}   {words['group']}: "
           f"{words['structure']}"]
    meaning = check.description_en if english else check.description
    fix = check.fix_en if english else check.fix
    if meaning:
        out += ["", f"{words['meaning']}: {meaning}"]
    if fix:
        out += ["", f"{words['fix']}: {fix}"]
    return "\n".join(out)
