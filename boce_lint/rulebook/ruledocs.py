"""Generate the rule reference (docs/rules.md) from rule metadata; a test keeps it fresh.

Regenerate with ``python -m boce_lint.rulebook.ruledocs``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.findings.structure import STRUCTURE_CHECKS
from boce_lint.rulebook.rulebook import Rulebook, group_titles, load_rulebook


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(book: Rulebook) -> str:
    out = ["# Rule reference", "",
           "Generated from the rule files by `python -m boce_lint.rulebook.ruledocs`; "
           "do not edit by hand.",
           "A test fails when this file is stale.", "",
           f"{len(book.rules)} rules in {len({r.group for r in book.rules})} groups, covering "
           f"{len({k for r in book.rules for k in r.keys})} obligation keys.", ""]
    groups: dict[str, list[CompiledRule]] = {}
    for rule in book.rules:
        groups.setdefault(rule.group, []).append(rule)
    for group, rules in groups.items():
        out += [f"## {group_titles().get(group, group)}", "", f"File: `rules/{group}.boce`", ""]
        for rule in rules:
            out.append(f"### {rule.id} `{rule.name}`")
            out.append("")
            out.append(f"**{_cell(rule.titles.get('nl', ''))}**"
                       + (f" — *{_cell(rule.titles['en'])}*" if "en" in rule.titles else ""))
            out.append("")
            facts = [f"severity: {rule.severity}", f"keys: {', '.join(rule.keys)}"]
            if rule.valid_from or rule.valid_to:
                facts.append(f"valid: {rule.valid_from or '…'} – {rule.valid_to or '…'}")
            if rule.exception_to:
                facts.append(f"exception to: `{rule.exception_to}`")
            if rule.label:
                facts.append(f"label: `{rule.label}`")
            out.append(" · ".join(facts))
            out.append("")
            if rule.rationale("nl"):
                out += [_cell(rule.rationale("nl")), ""]
            for key in rule.keys:
                citation = book.citation(key)
                if citation.quote:
                    out.append(f"> {key}, {citation.article}: “{_cell(citation.quote)}”")
            out.append("")
    out += ["## Structural checks", "", "| id | name | title |", "|---|---|---|"]
    out += [f"| {c.id} | `{c.name}` | {c.title} |" for c in STRUCTURE_CHECKS.values()]
    return "\n".join(out) + "\n"


DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

if __name__ == "__main__":
    text = render(load_rulebook())
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOC
    target.write_text(text, encoding="utf-8")
    print(target)
