"""The untraced form of a condition (dsl/access.py ``untraced``: what a requirement tries first,
and all that 'als' and 'waarvoor' evaluate) decides as the traced form: the same truth value
for any data, including its inline comparisons and the 'en'/'of' decided when compiling."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_properties import repositories, typed

from boce_lint.dsl.access import Var
from boce_lint.dsl.codegen import compile_source, load
from boce_lint.dsl.compiler import Compiler
from boce_lint.dsl.parser import parse_expression
from boce_lint.dsl.runtime import Context, Env
from boce_lint.dsl.support import GLOBALS
from boce_lint.dsl.types import T
from boce_lint.dsl.values import Bound

FIELDS = ["titel", "gastheergemeente", "werkterrein", "status", "gastgemeenten", "kpis",
          "ingangsdatum"]
VALUES = [None, "", "Emmen", "emmen", "x", 3, 0, 2.5, True, False, [], ["Emmen"], ["x", 3],
          {"a": 1}, dt.date(2020, 1, 1), "2020-01-01", [{"naam": "x", "streefwaarde": 4}],
          dt.date(2019, 12, 31), float("nan"), -1.5, "Emmen-Zuid"]
CONDITIONS = [
    "d.gastheergemeente = d.titel", "d.gastheergemeente != d.werkterrein",
    'd.titel = "x"', 'd.status != "x"', "d.titel = 3", '"a" = "a"', '"a" != "a"',
    "niet (d.titel = d.gastheergemeente)", "niet (d.titel != d.status)",
    "(d.titel = d.gastheergemeente) of waar", "onwaar en (d.titel = d.status)",
    "waar en (d.titel = d.status)", "(d.titel = d.status) en onwaar",
    '(d.titel = "x") of onwaar', "niet ((d.titel = d.werkterrein) of onwaar)",
    "d.gastgemeenten = d.kpis", "d.ingangsdatum = 2020-01-01", "d.ingangsdatum != peildatum",
    'd.gastheergemeente in d.gastgemeenten en d.titel != "x"', 'd.titel past bij "^E"',
    'kleine_letters(d.titel) past bij "emmen"', 'niet (d.kpis past bij "x")',
    "d.titel < d.gastheergemeente", "d.ingangsdatum >= 2020-01-01", "d.ingangsdatum < peildatum",
    "d.status <= d.werkterrein", "d.kpis > d.gastgemeenten", "lengte(d.titel) > 2.5",
    "(d.titel >= d.status) of (d.ingangsdatum <= 2019-12-31)",
    "niet ((d.titel = d.status) en (d.titel != d.werkterrein))",
    "(d.titel = d.status) en ((d.gastheergemeente in d.gastgemeenten) of niet (d.kpis = d.titel))",
    "((d.titel < d.status) of onwaar) en (waar en (d.ingangsdatum > 2019-12-31))",
    "(een kpi k in d.kpis voldoet aan k.naam = d.titel) en (d.titel = d.status)",
    "(d.titel = d.status) en (aantal kpi k in d.kpis waarvoor k.streefwaarde > 3) > 0",
]


def _compiled(text: str) -> tuple[str, str, str, dict[str, Any]] | None:
    compiler = Compiler(text, "x.boce", set())
    compiler.program.parts.clear()
    scope = {"d": Var(T("object", kind="deelovereenkomst"), "subject")}
    expr = parse_expression(text)
    traced = compiler.condition(expr, scope)
    fast = compiler.untraced(expr, scope)
    test = compiler.untraced_holds(expr, scope)
    if compiler.errors:
        return None
    namespace = load(compile_source(compiler.program.source(), "<test>"), GLOBALS)
    return traced, fast, test, namespace


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.sampled_from(CONDITIONS), typed("waarheid", 2)),
       st.fixed_dictionaries({}, optional={name: st.sampled_from(VALUES) for name in FIELDS}))
def test_untraced_conditions_decide_as_the_traced_ones(text: str, data: dict[str, Any]) -> None:
    compiled = _compiled(text)
    assume(compiled is not None)
    assert compiled is not None
    _decides_alike(text, compiled, data, repositories()[0])


def _decides_alike(text: str, compiled: tuple[str, str, str, dict[str, Any]],
                   data: dict[str, Any], repository: Any) -> Any:
    """The traced and the untraced form give the same value for ``d`` = ``data``, and the
    test a step asks ('holds': 'en' and 'of' as Python's) is whether that value is True."""
    traced, fast, test, namespace = compiled
    ctx = Context(repository, dt.date(2024, 3, 1))
    env = Env({"d": Bound(data, None, "")}, ctx)
    ctx.trace = []
    want = eval(traced, namespace, {"env": env})  # the generated code under test
    ctx.trace = None
    got = eval(fast, namespace, {"env": env})
    assert (type(got), got) == (type(want), want), (text, data, fast)
    assert eval(test, namespace, {"env": env}) is (want is True), (text, data, test)
    return want


def test_every_listed_condition_decides_alike_on_many_values() -> None:
    """Each listed condition on the same 300 drawn documents: the untraced value and the test
    ``holds`` agree with the traced value (a test over all of them, not a sample)."""
    rng = random.Random(16)
    documents = [{name: rng.choice(VALUES) for name in rng.sample(FIELDS, rng.randint(0, 7))}
                 for _ in range(300)]
    repository = repositories()[0]
    checked = 0
    for text in CONDITIONS:
        compiled = _compiled(text)
        if compiled is None:  # (a few compare values of different types: an error)
            continue
        for data in documents:
            checked += _decides_alike(text, compiled, data, repository) is True
    assert checked > 100
