"""Output formats. Each module renders a list of findings; none re-reads files or rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # not at run time: ``boce-lint --version`` imports no findings
    from boce_lint.findings.finding import Finding


@dataclass
class RuleInfo:
    """What a formatter may say about a rule (SARIF rule metadata, help links, titles)."""

    id: str
    name: str
    title: str
    title_en: str
    severity: str
    keys: list[str]
    rationale: str = ""
    citations: list[dict[str, str]] = field(default_factory=list)
    advice: dict[str, str] = field(default_factory=dict)  # by language: what to do about it
    description: str = ""  # why the rule exists (SARIF fullDescription)
    help_text: str = ""  # what ``boce-lint explain`` prints
    help_markdown: str = ""
    anchor: str = ""  # the rule's heading in docs/rules.md


# --fail-on: the lowest severity rank that fails a check (and is a JUnit <failure>)
THRESHOLD = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass
class Report:
    """Everything a formatter needs: the findings in their documented order, and context."""

    findings: list[Finding]
    rules: Mapping[str, RuleInfo]  # every rule and structural check, by id
    tool_version: str
    as_of: dt.date
    lang: str = "nl"
    root: str = "."  # the repository root: CI formats give paths relative to it
    fail_on: str = "error"  # findings below it do not fail the check (JUnit shows them passed)
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    sources: dict[str, list[str]] = field(default_factory=dict)  # file → its lines, for text
    not_run: dict[str, int] = field(default_factory=dict)  # file → rules its errors kept out
    # documents and records dated after the as-of date, which no rule saw
    set_aside: dict[str, int] = field(default_factory=lambda: {"documents": 0, "records": 0})
    extra: dict[str, Any] = field(default_factory=dict)


Formatter = Callable[[Report], str]
# Format name -> module; explicit, since a module called ``json`` would read as the standard
# library's. Adding a format is one line here and a module with ``render(report) -> str``.
_MODULES = {
    "text": "text",
    "concise": "concise",
    "json": "json_report",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
}
FORMATS = tuple(_MODULES)


def get_formatter(name: str) -> Formatter:
    """Imported lazily so that start-up does not pay for formats that are not used."""
    import importlib

    if name not in _MODULES:
        raise ValueError(f"unknown output format {name!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"boce_lint.formatters.{_MODULES[name]}")
    render: Formatter = module.render
    return render
