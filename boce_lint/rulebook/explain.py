"""What ``boce-lint explain RULE`` says about a rule, as plain text and as Markdown.

One text for the terminal and for SARIF's ``help`` (code scanning shows it next to each alert),
so that both always say the same: what the rule checks, why (obligation, article, quote), the
advice and the rule's own examples.
"""

from __future__ import annotations

import textwrap
from typing import Any

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.rulebook.rulebook import Rulebook


def full_description(book: Rulebook, rule: CompiledRule, lang: str) -> str:
    """Why the rule exists: its rationale, else the obligations it enforces, else its title."""
    if rule.rationale(lang):
        return rule.rationale(lang)
    field = "obligation_en" if lang == "en" else "verplichting"
    duties = [book.registry.get(k, {}).get(field, "") for k in rule.keys]
    return " ".join(d for d in duties if d) or rule.title(lang)


def _sections(book: Rulebook, rule: CompiledRule, lang: str) -> dict[str, Any]:
    sources = []
    for key in rule.keys:
        entry = book.registry.get(key, {})
        duty = entry.get("obligation_en") if lang == "en" else entry.get("verplichting")
        kind = (f"soort: {entry['soort']} (ernst: {', '.join(entry.get('ernst', []))})"
                if entry.get("soort") else "")
        sources.append((key, entry.get("document", ""), entry.get("artikel", ""),
                        entry.get("citaat", ""), duty or "", kind))
    valid = (f"{rule.valid_from or '…'} tot {rule.valid_to or '…'}"
             if rule.valid_from or rule.valid_to else "altijd (geen begin- of einddatum)")
    return {"title": f"{rule.id} {rule.name} — {rule.title(lang)}",
            "facts": f"ernst: {rule.severity_word}   groep: {rule.group}   bestand: "
                     f"{rule.file}:{rule.line}",
            "valid": valid, "exception_to": rule.exception_to or "",
            "rationale": rule.rationale(lang), "sources": sources, "advice": rule.advice(lang),
            "examples": [({"fout": "Fout voorbeeld", "goed": "Goed voorbeeld",
                           "geen-bewijs": "Voorbeeld zonder bewijs"}[e.verdict],
                          f" (peildatum {e.as_of})" if e.as_of else "",
                          textwrap.dedent(e.text).strip("\n").splitlines())
                         for e in rule.examples]}


def explain_text(book: Rulebook, rule: CompiledRule, lang: str = "nl") -> str:
    s = _sections(book, rule, lang)
    lines = [s["title"], s["facts"]]
    if s["valid"]:
        lines.append(f"geldig: {s['valid']}")
    if s["exception_to"]:
        lines.append(f"uitzondering op: {s['exception_to']}")
    if s["rationale"]:
        lines += ["", s["rationale"]]
    lines += ["", "Waarom (bron):"]
    for key, document, article, quote, duty, kind in s["sources"]:
        lines.append(f"  {key}: {document}, {article}")
        if kind:
            lines.append(f"    {kind}")
        if quote:
            lines.append(f"    “{quote}”")
        if duty:
            lines.append(f"    {duty}")
    if s["advice"]:
        lines += ["", f"Advies: {s['advice']}"]
    for label, when, example in s["examples"]:
        lines += ["", f"{label}{when}:"] + [f"  {line}" for line in example]
    return "\n".join(lines)


def explain_markdown(book: Rulebook, rule: CompiledRule, lang: str = "nl") -> str:
    s = _sections(book, rule, lang)
    lines = [f"**{s['title']}**", "", s["facts"].replace("   ", " · ")]
    if s["valid"]:
        lines += ["", f"geldig: {s['valid']}"]
    if s["exception_to"]:
        lines += ["", f"uitzondering op: `{s['exception_to']}`"]
    if s["rationale"]:
        lines += ["", s["rationale"]]
    lines += ["", "**Waarom (bron)**", ""]
    for key, document, article, quote, duty, kind in s["sources"]:
        lines.append(f"- `{key}` ({kind or '?'}): {document}, {article}"
                     + (f". {duty}" if duty else ""))
        if quote:
            lines.append(f"  > “{quote}”")
    if s["advice"]:
        lines += ["", f"**Advies:** {s['advice']}"]
    for label, when, example in s["examples"]:
        lines += ["", f"**{label}{when}**", "", "```yaml", *example, "```"]
    return "\n".join(lines)
