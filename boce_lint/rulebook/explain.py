"""What a code means, in words: a rule (what it checks, why, its examples) or a structural check
(what went wrong and how to fix it). Shared by ``boce-lint explain`` and the editor's hover."""

from __future__ import annotations

from boce_lint.findings.structure import STRUCTURE_CHECKS, StructureCheck
from boce_lint.rulebook.rulebook import Rulebook

LABELS = {
    "nl": {"severity": "ernst", "group": "groep", "file": "bestand", "valid": "geldig",
           "until": "tot", "exception-to": "uitzondering op", "why": "Waarom (bron)",
           "advice": "Advies", "bad": "Fout voorbeeld", "good": "Goed voorbeeld",
           "as-of": "peildatum", "structure": "structuurcontrole, vóór de regels",
           "meaning": "Wat betekent dit", "fix": "Hoe los ik het op",
           "error": "fout", "warning": "waarschuwing", "info": "info"},
    "en": {"severity": "severity", "group": "group", "file": "file", "valid": "valid",
           "until": "to", "exception-to": "exception to", "why": "Why (source)",
           "advice": "Advice", "bad": "Failing example", "good": "Passing example",
           "as-of": "as of", "structure": "structural check, before the rules",
           "meaning": "What it means", "fix": "How to fix it",
           "error": "error", "warning": "warning", "info": "info"},
}


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
    if rule is None:
        return None
    words = LABELS[lang]
    out = [f"{rule.id} {rule.name} — {rule.title(lang)}",
           f"{words['severity']}: {words.get(rule.severity, rule.severity)}   "
           f"{words['group']}: {rule.group}   {words['file']}: {rule.file}:{rule.line}"]
    if rule.valid_from or rule.valid_to:
        out.append(f"{words['valid']}: {rule.valid_from or '…'} {words['until']} "
                   f"{rule.valid_to or '…'}")
    if rule.exception_to:
        out.append(f"{words['exception-to']}: {rule.exception_to}")
    if rule.rationale(lang):
        out += ["", rule.rationale(lang)]
    out += ["", f"{words['why']}:"]
    for key in rule.keys:
        entry = book.registry.get(key, {})
        out.append(f"  {key}: {entry.get('document', '')}, {entry.get('artikel', '')}")
        if entry.get("citaat"):
            out.append(f"    “{entry['citaat']}”")
        text = entry.get("obligation_en") if lang == "en" else entry.get("verplichting")
        if text:
            out.append(f"    {text}")
    if rule.advice(lang):
        out += ["", f"{words['advice']}: {rule.advice(lang)}"]
    for example in rule.examples:
        when = f" ({words['as-of']} {example.as_of})" if example.as_of else ""
        out += ["", f"{words['bad'] if example.failing else words['good']}{when}:"]
        out += [f"  {line}" for line in example.text.strip("\n").splitlines()]
    return "\n".join(out)


def explain_check(check: StructureCheck, lang: str = "nl") -> str:
    words = LABELS[lang]
    english = lang == "en"
    out = [f"{check.id} {check.name} — {check.title_en if english else check.title}",
           f"{words['severity']}: {words[check.severity]}   {words['group']}: "
           f"{words['structure']}"]
    meaning = check.meaning_en if english else check.meaning
    fix = check.fix_en if english else check.fix
    if meaning:
        out += ["", f"{words['meaning']}: {meaning}"]
    if fix:
        out += ["", f"{words['fix']}: {fix}"]
    return "\n".join(out)
