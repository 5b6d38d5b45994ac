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


def test_function_table_is_fresh():
    from boce_lint.dsl.builtins import with_table

    text = DOC.read_text(encoding="utf-8")
    assert text == with_table(text), \
        "the function table in docs/language.md is stale: run python -m boce_lint.dsl.builtins"


def test_every_syntax_node_has_its_compile_handler():
    import typing

    from boce_lint.dsl import ast
    from boce_lint.dsl.compiler import Compiler

    handlers = {"compile": typing.get_args(ast.Expr), "statement": typing.get_args(ast.Statement),
                "bind": typing.get_args(ast.Binder)}
    for prefix, nodes in handlers.items():
        for node in nodes:
            assert callable(getattr(Compiler, f"{prefix}_{node.__name__}", None)), node
    # Source is compiled by its user (Each, Count, ...); examples (not a Node: dsl/example.py)
    # are run, not compiled
    every_node = {n for n in vars(ast).values() if isinstance(n, type) and issubclass(n, ast.Node)}
    handled = {n for nodes in handlers.values() for n in nodes}
    assert every_node - handled == {ast.Node, ast.Source}
