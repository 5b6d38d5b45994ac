"""Helpers for tests of the rule language: compile rule text, load YAML documents, evaluate;
and check a folder as a user does."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.dsl.compiler import Compiler
from boce_lint.dsl.parser import parse_rules
from boce_lint.findings.finding import Finding
from boce_lint.rulebook.engine import evaluate
from boce_lint.rulebook.rulebook import Rulebook, _link, load_registry
from boce_lint.run.pipeline import load_repository


def compile_text(text: str, file: str = "test.boce") -> tuple[Rulebook, list]:
    """Compile rule text; returns the rulebook and the compile errors (not raised)."""
    text = textwrap.dedent(text)
    registry = load_registry()
    book = Rulebook(registry=registry)
    compiler = Compiler(text, file, set(registry))
    for rule in parse_rules(text, file):
        book.rules.append(compiler.compile_rule(rule, Path(file).stem))
    return book, compiler.errors + _link(book)


def run(rules: str, documents: dict[str, str], tmp_path: Path,
        as_of: dt.date = dt.date(2024, 1, 1)) -> list[Finding]:
    book, errors = compile_text(rules)
    assert not errors, [e.render() for e in errors]
    for name, body in documents.items():
        (tmp_path / name).write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    result = load_repository([tmp_path])
    assert not result.findings, [f.message for f in result.findings]
    return sorted(evaluate(book, result.repository, as_of), key=lambda f: f.sort_key())


def checked(folder: Path, as_of: str, *select: str) -> list[tuple[str, str, int]]:
    """``boce-lint check FOLDER --format json`` as a user runs it (only the rules or keys in
    ``select``, if any): each finding's (rule, file relative to the folder, line), sorted."""
    args = ["check", str(folder), "--as-of", as_of, "--isolated", "--no-cache", "--format", "json"]
    for rule in select:
        args += ["--select", rule]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return sorted((f["rule_id"], Path(f["file"]).relative_to(folder).as_posix(), f["line"])
                  for f in json.loads(result.output)["findings"])
