"""The language reference cannot go stale: every ``boce`` block in docs/language.md compiles and
its examples behave as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruletools import compile_text

from boce_lint.rulebook.examples import run_examples

DOC = Path(__file__).parents[1] / "docs" / "language.md"
BLOCKS = re.findall(r"```boce\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_reference_has_examples():
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: re.search(r"regel (\S+)", b).group(1))
def test_documented_rule_compiles_and_its_examples_hold(block):
    book, errors = compile_text(block, "docs.boce")
    assert not errors, [e.render() for e in errors]
    results = run_examples(book)
    assert results and all(r.passed for r in results), [
        (r.rule.id, r.example.failing, r.detail) for r in results if not r.passed]
