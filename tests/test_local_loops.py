"""Untraced loops that bind their item as a Python local (dsl/expressions.py ``_local_loop``)
decide exactly as loops that give each item its environment: the same findings, on the
fixtures with the built-in rules and on generated rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from test_properties import built_rules, compile_only, repositories

from boce_lint.dsl.expressions import ExpressionCompiler
from boce_lint.rulebook.engine import evaluate
from boce_lint.rulebook.rulebook import load_rulebook
from boce_lint.run.pipeline import load_repository

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [("boce", "2023-01-01"), ("bijlage3", "2010-06-01"), ("bijlage3", "2011-06-01"),
            ("compliant", "2024-03-01"), ("coevorden", "2024-03-01"),
            ("principles", "2024-03-01")]


def _shown(findings: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.rule_id, f.outcome, f.file, f.line, f.column, f.message, f.message_en)
            for f in findings]


def test_builtin_rules_find_the_same_with_and_without_local_loops(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with_locals = load_rulebook(cache=False)
    assert "for _t" in with_locals.get("DO-008").source  # the form under test is generated
    monkeypatch.setattr(ExpressionCompiler, "local_loops", False)
    without = load_rulebook(cache=False)
    assert "for _t" not in without.get("DO-008").source
    total = 0
    for name, as_of in FIXTURES:
        repository = load_repository([ROOT / "fixtures" / name]).repository
        date = dt.date.fromisoformat(as_of)
        found = _shown(evaluate(with_locals, repository, date))
        assert found == _shown(evaluate(without, repository, date)), name
        total += len(found)
    assert total > 100


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(built_rules())
def test_generated_rules_find_the_same_with_and_without_local_loops(text: str) -> None:
    book, errors = compile_only(text)
    if errors:
        return
    ExpressionCompiler.local_loops = False
    try:
        plain, _ = compile_only(text)
    finally:
        ExpressionCompiler.local_loops = True
    for repository in repositories():
        for as_of in (dt.date(2024, 1, 1), dt.date(1900, 1, 1)):
            assert _shown(evaluate(book, repository, as_of)) == \
                _shown(evaluate(plain, repository, as_of)), text
