"""scalars.py types a scalar exactly as PyYAML's SafeLoader does (its resolver and its bool,
int and float constructors), so that a check with the C accelerator never imports PyYAML.

Compared on generated text (weighted towards what the YAML 1.1 expressions look at: digits,
signs, ``_``, ``:``, ``.inf``, dates and times) and on every plain scalar of the fixtures and of
a generated corpus; and a check in a fresh process must leave ``yaml`` out of ``sys.modules``.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from boce_lint.source import accelerator, scalars
from boce_lint.source.yamlsource import ParseProblem, parse

ROOT = Path(__file__).resolve().parents[1]
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
IMPLICIT = [(True, False), (True, True), (False, True), (False, False)]

# Pieces of the YAML 1.1 implicit types, joined at random: most joins are near misses
PIECES = ["0", "1", "7", "9", "12", "00", "-", "+", ".", "_", ":", "e", "E", "e+", "e-", "0b",
          "0x", "0o", "ff", "inf", "Inf", ".inf", ".nan", "NaN", "T", "t", " ", "\t", "\n", "Z",
          "2021", "-03", "-11", "12:30", ":59", ":60", "yes", "No", "TRUE", "off", "On", "y",
          "n", "~", "null", "NULL", "<<", "=", "!", "&", "*", "٣", "é", "ja", "1_000", ""]
# ... and text each of PyYAML's expressions matches (perhaps with a text before or after)
MATCHING = st.sampled_from([expression for resolvers in _RESOLVER.yaml_implicit_resolvers.values()
                            for _, expression in resolvers]).flatmap(st.from_regex)
TEXTS = st.one_of(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.text(max_size=12),
                  MATCHING, st.tuples(MATCHING, st.sampled_from(PIECES)).map("".join))


def pyyaml_value(tag: str, text: str) -> Any:
    """What SafeConstructor makes of ``text`` under ``tag`` (an exception's type on failure)."""
    node = yaml.ScalarNode(tag, text)
    constructors = {"tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
                    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
                    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float}
    try:
        return constructors[tag](node)
    except Exception as error:  # the kind of failure is what is compared
        return type(error)


def our_value(tag: str, text: str) -> Any:
    constructors = {"tag:yaml.org,2002:bool": scalars.construct_bool,
                    "tag:yaml.org,2002:int": scalars.construct_int,
                    "tag:yaml.org,2002:float": scalars.construct_float}
    try:
        return constructors[tag](text)
    except Exception as error:
        return type(error)


def same(one: Any, two: Any) -> bool:
    """Equal values of the same type (1 is not True, 1.0 not 1; NaN is NaN)."""
    if isinstance(one, float) and isinstance(two, float) and math.isnan(one):
        return math.isnan(two)
    return type(one) is type(two) and one == two


def assert_as_pyyaml(text: str) -> None:
    for implicit in IMPLICIT:
        expected = _RESOLVER.resolve(yaml.ScalarNode, text, implicit)
        assert scalars.implicit_tag(text, implicit) == expected, (text, implicit)
    for tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        ours, theirs = our_value(tag, text), pyyaml_value(tag, text)
        if ours is OverflowError:  # refused on purpose: a number too large to use
            assert tag.endswith(":int") and isinstance(theirs, int) and (
                theirs.bit_length() > scalars.MAX_INT_BITS or
                text.count(":") >= scalars.MAX_BASE_60_PARTS), (tag, text)
            continue
        assert same(ours, theirs), (tag, text)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
@example("")
@example("12\n")
@example("1:30.5")
@example("-0b_")
@example("0x_1F")
@example("+.INF")
@example("2021-03-11T10:00:00.5 +01:00")
@example("190:20:30")
@example("1:" * 21 + "x")  # more base-60 parts than allowed, but not a number at all
@example("21.1130.10")
@example("1 januari")
@example("2021-03-11 10:00:00\n")
def test_the_resolver_and_constructors_are_pyyamls(text: str) -> None:
    assert_as_pyyaml(text)


def plain_scalars(paths: list[Path]) -> set[str]:
    """Every plain scalar (keys and values) of the YAML files, as PyYAML's parser reads them."""
    found: set[str] = set()
    for path in paths:
        try:
            events = list(yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # the invalid fixtures: their scalars before the error are elsewhere too
        found.update(e.value for e in events if isinstance(e, yaml.ScalarEvent) and e.implicit[0])
    return found


def test_every_plain_scalar_of_the_fixtures_and_a_corpus(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_corpus import generate
    finally:
        sys.path.pop(0)
    generate(tmp_path / "corpus", documents=300, municipalities=6)
    files = [*ROOT.joinpath("fixtures").rglob("*.yaml"), *tmp_path.rglob("*.yaml")]
    texts = plain_scalars(files)
    assert len(texts) > 2000
    tags = set()
    for text in texts:
        assert_as_pyyaml(text)
        tags.add(scalars.implicit_tag(text, (True, False)))
    assert {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"} <= tags


@pytest.mark.skipif(accelerator.load() is None, reason="the C accelerator is not built")
def test_a_check_with_the_accelerator_imports_no_pyyaml(tmp_path: Path) -> None:
    """Every file parsed (no repository cache) and every finding made; the second run, whose
    rulebook comes from the user cache (the first compiles it from rules/ with PyYAML)."""
    probe = ("import sys\nfrom boce_lint.launch import main\n"
             f"sys.argv = ['boce-lint', 'check', {str(ROOT / 'fixtures' / 'boce')!r}, "
             "'--no-cache', '--as-of', '2023-01-01']\ntry:\n    main()\nexcept SystemExit:\n"
             "    pass\n"
             "print('parsed' if 'boce_lint.source._fastyaml' in sys.modules else 'not parsed',"
             " 'yaml' in sys.modules, file=sys.stderr)\n")
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    environment.pop(accelerator.PURE_ENV, None)
    said = []
    for _ in range(2):
        # (not from the checkout: the boce_lint this test imported, built with the accelerator)
        done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=environment,
                              capture_output=True, text=True, timeout=300)
        assert "Gevonden:" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
        said.append(done.stderr.strip().splitlines()[-1])
    assert said[1] == "parsed False", said


@pytest.mark.parametrize("native", [False, pytest.param(True, marks=pytest.mark.skipif(
    accelerator.load() is None, reason="the C accelerator is not built"))])
@pytest.mark.parametrize(("text", "column"), [("a: !!int ''\n", 4), ("b: !!float '-'\n", 4),
                                              ("c: !!bool ''\n", 4)])
def test_an_empty_tagged_value_is_a_syntax_problem(text: str, column: int, native: bool) -> None:
    """PyYAML's constructors fail on these with an IndexError (once an internal error)."""
    with pytest.raises(ParseProblem) as raised:
        parse(text, native=native)
    assert raised.value.code == "syntax" and (raised.value.line, raised.value.column) == (1, column)
    assert "YAML leest de waarde" in raised.value.message


@pytest.mark.parametrize("native", [False, pytest.param(True, marks=pytest.mark.skipif(
    accelerator.load() is None, reason="the C accelerator is not built"))])
@pytest.mark.parametrize("value", ["0x" + "f" * 5000, "0b" + "1" * 20000, "0" + "7" * 6000,
                                   "1" + "0" * 5000, ":".join(["1"] * 20000),
                                   "-0x" + "f" * 5000])
def test_a_number_too_large_to_use_is_a_syntax_problem(value: str, native: bool) -> None:
    """PyYAML makes these numbers, which no message can quote (more than 4,300 digits) or which
    take hours to add up (a base-60 number of thousands of parts); a check said 'internal
    error' then, or did not end."""
    with pytest.raises(ParseProblem) as raised:
        parse(f"titel: {value}\n", native=native)
    assert raised.value.code == "syntax" and (raised.value.line, raised.value.column) == (1, 8)
    assert "YAML leest de waarde" in raised.value.message


@pytest.mark.parametrize("value", ["0x" + "f" * 3000, "1:2:3:4:5:6:7:8:9:10", "-12_345"])
def test_a_large_number_within_bounds_is_as_pyyaml_makes_it(value: str) -> None:
    assert_as_pyyaml(value)
