"""Values a rule reads are located (document, JSON pointer) only when a finding asks: the leaves
of ``waarden(x)`` and the fields of a path must still point exactly where the value stands."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruletools import checked

from boce_lint.dsl import runtime as rt
from boce_lint.dsl.runtime import Context, Env, EvaluationLimit, NotJudged
from boce_lint.dsl.support import field, leaves, placeholder_leaves, read_path
from boce_lint.dsl.values import MISSING, Bound
from boce_lint.rulebook.engine import _Watched
from boce_lint.rulebook.placeholders import is_placeholder
from boce_lint.source.model import Document, Repository
from boce_lint.source.timeline import Kept

COMPLIANT = Path(__file__).resolve().parents[1] / "fixtures" / "compliant"
KEYS = st.sampled_from(["a", "b", "x/y", "~", "~1", "a~/b", "", "é", "0"])
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.dates()


def _kept(items: list[Any], data: st.DataObject) -> list[Any]:
    """A list as cut at the as-of date: its items keep their positions in the file."""
    origin = sorted(data.draw(st.sets(st.integers(0, 20), min_size=len(items),
                                      max_size=len(items))))
    return Kept(items, origin)


def _reference(value: Any, pointer: str) -> list[tuple[Any, str]]:
    """Every leaf with its pointer, made eagerly as the walk once did."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items()
                for leaf in _reference(v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}")]
    if isinstance(value, list):
        origin = getattr(value, "origin", range(len(value)))
        return [leaf for i, v in enumerate(value)
                for leaf in _reference(v, f"{pointer}/{origin[i]}")]
    return [(value, pointer)]


def _nodes(value: Any) -> int:
    children = value.values() if isinstance(value, dict) else value \
        if isinstance(value, list) else ()
    return 1 + sum(_nodes(v) for v in children)


def _env() -> Env:
    return Env({}, Context(Repository(root="."), dt.date(2024, 1, 1)))


DOCUMENT = Document(kind="deelovereenkomst", id="do-1", file="do.yaml", data={}, positions={})


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_leaf_points_where_it_stands_and_costs_one_step_per_node(data):
    tree = data.draw(st.recursive(
        SCALARS, lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(KEYS, inner, max_size=4), max_leaves=25))
    if isinstance(tree, list) and data.draw(st.booleans()):
        tree = _kept(tree, data)
    start = Bound(tree, DOCUMENT, data.draw(st.sampled_from(["", "/vergoeding/prijzen/2"])))
    env = _env()
    found = list(leaves(env, start))
    assert [(b.value, b.pointer) for b in found] == _reference(tree, start.pointer)
    assert all(b.document is DOCUMENT for b in found)
    assert env.ctx.steps == _nodes(tree)  # the budget counts every object, list and leaf


def _placeholder_loop(walk: Any, env: Env) -> tuple[list[str], int | None]:
    """What a rule's loop over ``waarden(x)`` requiring ``niet invultekst`` does: a step per
    item, the pointer of each placeholder; and its steps at the end (None: stopped)."""
    found = []
    try:
        for bound in walk:
            env.ctx.steps += 1
            if env.ctx.steps > rt.STEP_BUDGET:
                raise EvaluationLimit()
            if is_placeholder(bound.value):
                found.append(bound.pointer)
    except EvaluationLimit:
        return found, None
    return found, env.ctx.steps


TEXTS = st.sampled_from(["[datum]", "PM", "2 PM", "TODO", "N.N.", "Zie art. 43 [Wet].", "x"])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_walk_for_placeholders_finds_and_counts_as_a_walk_over_every_leaf(data):
    """``placeholder_leaves`` leaves out what cannot be a placeholder, but the loop finds the
    same placeholders, counts the same steps and stops at the same point of the budget."""
    scalars = SCALARS | TEXTS if data.draw(st.booleans()) else SCALARS
    tree = data.draw(st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(KEYS, inner, max_size=4), max_leaves=25))
    before = data.draw(st.integers(0, 20))  # the steps the rule took before this walk
    saved, rt.STEP_BUDGET = rt.STEP_BUDGET, data.draw(st.integers(1, 80))
    found = []
    try:
        for walk in (leaves, placeholder_leaves):
            env = _env()
            env.ctx.steps = before
            try:
                found.append(_placeholder_loop(walk(env, Bound(tree, DOCUMENT, "")), env))
            except EvaluationLimit:  # (raised by the walk before the loop's first item)
                found.append(([], None))
    finally:
        rt.STEP_BUDGET = saved
    assert found[0] == found[1]


def test_a_leaf_inside_a_list_item_is_located_through_its_container():
    items = [{"naam": "Telefonie"}]
    within = [Bound(items, DOCUMENT, "/dienstverlening"), items]
    item = Bound(items[0], None, None, within, 0)  # a list item, located only when asked
    [leaf] = leaves(_env(), item)
    assert (leaf.value, leaf.document, leaf.pointer) == (
        "Telefonie", DOCUMENT, "/dienstverlening/0/naam")


def test_a_field_is_located_with_its_key_escaped_and_a_missing_one_where_it_would_stand():
    parent = Bound({"a/b~c": 1}, DOCUMENT, "/x")
    found = field(_env(), parent, "a/b~c", (), False)
    assert (found.value, found.document, found.pointer) == (1, DOCUMENT, "/x/a~1b~0c")
    missing = field(_env(), parent, "titel", (), False)
    assert (missing.value, missing.document, missing.pointer) == (MISSING, DOCUMENT, "/x/titel")
    assert field(_env(), Bound("tekst", DOCUMENT, "/x"), "titel", (), False).pointer \
        == "/x/titel"


def test_a_reference_that_finds_nothing_is_located_where_it_stands():
    items = [{"deelovereenkomst": "do-onbekend"}]
    item = Bound(items[0], None, None, [Bound(items, DOCUMENT, "/onderdelen"), items], 0)
    for reference in (field(_env(), item, "deelovereenkomst", (), False),
                      Bound("do-onbekend", DOCUMENT, "/onderdelen/0/deelovereenkomst")):
        found = field(_env(), reference, "titel", ("deelovereenkomst",), False)
        assert (found.value, found.document, found.pointer) == (
            MISSING, DOCUMENT, "/onderdelen/0/deelovereenkomst")


def test_a_placeholder_deep_in_a_document_is_reported_on_its_own_line(tmp_path):
    folder = tmp_path / "compliant"
    shutil.copytree(COMPLIANT, folder, ignore=shutil.ignore_patterns(".boce-lint-cache"))
    target = folder / "deelovereenkomsten" / "ict.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    [at] = [i for i, line in enumerate(lines) if "omschrijving: Vaste en mobiele telefonie" in line]
    lines[at] = lines[at].replace("Vaste en mobiele telefonie.",
                                '"Telefonie vanaf [datum]."')
    target.write_text("".join(lines), encoding="utf-8")
    assert checked(folder, "2024-03-01", "RA-011") == [
        ("RA-011", "deelovereenkomsten/ict.yaml", at + 1)]


# ---- a path read plainly (read_path) finds what the located reads (field after field) find
FIELDS = st.sampled_from(["x", "y", "status"])
PLAIN = st.sampled_from(["d1", "d2", "nergens", "concept", "ondertekend", 3, None])
OBJECTS = st.recursive(PLAIN, lambda inner: st.dictionaries(FIELDS, inner, max_size=3),
                       max_leaves=8)
STEPS = st.lists(st.tuples(FIELDS, st.sampled_from([(), ("ka",), ("ka", "kb")]), st.booleans()),
                 min_size=1, max_size=4).map(tuple)


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "value", read()
    except NotJudged as error:
        return "not judged", id(error.owner)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_path_read_plainly_finds_what_reading_it_field_by_field_finds(data):
    repository = Repository(root=".")
    for n, kind in ((1, "ka"), (2, "kb")):
        repository.add(Document(kind=kind, id=f"d{n}", file=f"d{n}.yaml",
                                data=data.draw(st.dictionaries(FIELDS, OBJECTS)), positions={}))
    holder = Document(kind="ka", id="h", file="h.yaml",
                      data=data.draw(st.dictionaries(FIELDS, OBJECTS)), positions={})
    value = data.draw(OBJECTS)
    variable = data.draw(st.sampled_from([
        value, Bound(value, holder, "/v"),
        Bound(value, None, None, [Bound([value], holder, "/l"), [value]], 0)]))
    steps = data.draw(STEPS)
    found = []
    for plainly in (False, True):
        watched = _Watched(repository)
        env = Env({"v": variable}, Context(watched, dt.date(2024, 1, 1)))

        def read(env: Env = env, plainly: bool = plainly) -> Any:
            if plainly:
                return read_path(env, "v", steps)
            bound = variable if isinstance(variable, Bound) else Bound(variable)
            for name, deref, after_signing in steps:
                bound = field(env, bound, name, deref, after_signing)
            return bound.value
        found.append((_outcome(read), watched.looked_for))
    assert found[0] == found[1]
