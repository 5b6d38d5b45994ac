"""Run the examples written inside rules: a failing one must fire the rule, a passing one not."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

from boce_lint.dsl.compiled import CompiledRule
from boce_lint.dsl.example import Example
from boce_lint.findings.finding import Finding, Outcome
from boce_lint.rulebook.engine import evaluate_rule
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.source.loader import identify
from boce_lint.source.model import Repository
from boce_lint.source.yamlsource import ParseProblem, parse

EXAMPLE_AS_OF = dt.date(2024, 1, 1)


@dataclass
class ExampleResult:
    rule: CompiledRule
    example: Example
    passed: bool
    detail: str
    findings: list[Finding]


def example_repository(rule: CompiledRule, example: Example) -> tuple[Repository, list[str]]:
    """Build a small repository from the example's YAML documents (separated by ``---``).

    A document without ``soort`` is of the kind the rule iterates first; ``versie`` and ``id``
    are filled in when left out, so examples show only what matters.
    """
    default_kind = rule.subject_kinds[0] if rule.subject_kinds else None
    repository = Repository(root=f"<voorbeeld {rule.id}>")
    problems: list[str] = []
    chunks = textwrap.dedent(example.text).split("\n---")
    for number, chunk in enumerate(chunks, start=1):
        if not chunk.strip():
            continue
        try:
            parsed = parse(chunk)
        except ParseProblem as problem:
            problems.append(f"document {number}: {problem.message}")
            continue
        data = parsed.data
        if not isinstance(data, dict):
            problems.append(f"document {number} is geen object")
            continue
        data.setdefault("soort", default_kind)
        data.setdefault("versie", 2)
        data.setdefault("id", f"voorbeeld-{number}")
        loaded = identify(data, parsed.positions, f"voorbeeld-{number}.yaml")
        problems.extend(f"document {number}: {f.message}" for f in loaded.findings)
        if loaded.document is not None:
            repository.add(loaded.document)
    return repository, problems


def run_examples(book: Rulebook, rules: list[CompiledRule] | None = None) -> list[ExampleResult]:
    results: list[ExampleResult] = []
    by_label = {r.label or r.name: r for r in book.rules}
    for rule in rules if rules is not None else book.rules:
        base = rule
        if rule.exception_to:
            base = by_label.get(rule.exception_to) or book.get(rule.exception_to) or rule
        if not any(e.failing for e in rule.examples) or \
                not any(not e.failing for e in rule.examples):
            results.append(ExampleResult(rule, Example(rule.line, rule.column,
                                                           True, None, ""), False,
                                         "de regel heeft niet zowel een 'voorbeeld fout' als een "
                                         "'voorbeeld goed'", []))
        for example in rule.examples:
            repository, problems = example_repository(rule, example)
            if problems:
                results.append(ExampleResult(rule, example, False,
                                             "ongeldig voorbeeld: " + "; ".join(problems), []))
                continue
            as_of = example.as_of or EXAMPLE_AS_OF
            found = [f for f in evaluate_rule(book, base, repository, as_of)
                     if f.rule_id == rule.id]
            passed, detail = judge(example, found)
            results.append(ExampleResult(rule, example, passed, detail, found))
    return results


def judge(example: Example, found: list[Finding]) -> tuple[bool, str]:
    """A failing example must give the outcome it names (violation or missing evidence), at the
    line it names; a passing example gives no finding at all."""
    if not example.failing:
        return (not found, "geeft geen bevinding" if not found else
                "geeft een bevinding: " + found[0].message)
    if not found:
        return False, f"geeft geen bevinding, terwijl het een '{example.verdict}'-voorbeeld is"
    wanted = Outcome.MISSING_EVIDENCE if example.missing_evidence else Outcome.VIOLATION
    right = [f for f in found if f.outcome == wanted]
    if not right:
        return False, (f"geeft {_outcome_nl(found[0].outcome)} in plaats van "
                       f"{_outcome_nl(wanted)}: {found[0].message}")
    if example.expected_line is not None:
        lines = sorted({block_line(example, f) for f in right})
        if example.expected_line not in lines:
            return False, (f"de bevinding wijst naar regel {', '.join(map(str, lines))} van het "
                           f"voorbeeld, niet naar regel {example.expected_line}")
    return True, "geeft de bevinding"


def _outcome_nl(outcome: Outcome) -> str:
    return "ontbrekend bewijs" if outcome == Outcome.MISSING_EVIDENCE else "een overtreding"


def block_line(example: Example, finding: Finding) -> int:
    """The line of the example block (1 = the first line after the opening quotes) a finding
    points at; documents after a '---' continue the count."""
    starts = [0]
    for index, line in enumerate(textwrap.dedent(example.text).split("\n")):
        if line.startswith("---"):
            starts.append(index)
    number = int(finding.file.removeprefix("voorbeeld-").removesuffix(".yaml") or 1)
    return starts[min(number, len(starts)) - 1] + finding.line - 1
