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
            kinds = "; ".join(f"{k}: {book.registry.get(k, {}).get('soort', '?')}"
                              for k in rule.keys)
            facts = [f"severity: {rule.severity}", f"keys: {', '.join(rule.keys)}",
                     f"kind: {kinds}", f"valid: {validity(rule)}"]
            if rule.exception_to:
                facts.append(f"exception to: `{rule.exception_to}`")
            if rule.label:
                facts.append(f"label: `{rule.label}`")
            if rule.bearer:
                facts.append(f"duty of: {rule.bearer}")
            out.append(" · ".join(facts))
            out.append("")
            if rule.rationale("nl"):
                out += [_cell(rule.rationale("nl")), ""]
            for key in rule.keys:
                citation = book.citation(key)
                if citation.quote:
                    out.append(f"> {key}, {citation.article}: “{_cell(citation.quote)}”")
            out.append("")
    out += ["## Structural checks", "",
            "Made by the loader and the waiver checks before any rule runs; no rule file.", ""]
    for check in STRUCTURE_CHECKS.values():
        out += [f"### {check.id} `{check.name}`", "",
                f"**{_cell(check.title)}** — *{_cell(check.title_en)}*", "",
                _cell(check.description), "", f"severity: {check.severity}", ""]
        if check.fix:
            out += [f"Oplossing: {_cell(check.fix)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def anchor(rule_id: str, name: str) -> str:
    """The fragment of a rule's heading in docs/rules.md, as GitHub and GitLab make it."""
    return slug(f"{rule_id} `{name}`")


def slug(heading: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces become hyphens."""
    import re

    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def validity(node) -> str:  # type: ignore[no-untyped-def]
    """When the rule applies (``geldig vanaf … tot …``), or 'always'."""
    if not (node.valid_from or node.valid_to):
        return "always"
    return f"{node.valid_from or '…'} – {node.valid_to or '…'} (both inclusive)" \
        if node.valid_to else f"from {node.valid_from}"


DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

if __name__ == "__main__":
    text = render(load_rulebook())
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOC
    target.write_text(text, encoding="utf-8")
    print(target)
