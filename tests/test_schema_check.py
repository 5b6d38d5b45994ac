"""The schema check in C matches what Python's re and fastschema.equal say, for the keywords it
decides without calling back (patterns of character runs, enums of scalars)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boce_lint.rulebook.placeholders import PLACEHOLDER_PATTERN
from boce_lint.source.fastschema import _OP_ENUM, _OP_RUNS, _any_equal, character_runs
from boce_lint.source.yamlsource import _native

# Without the accelerator there is no C check to compare (CI always builds it).
needs_c = pytest.mark.skipif(_native() is None, reason="the C accelerator is not built")

PATTERNS = ["^[A-Za-z0-9][A-Za-z0-9._-]*$", "^a+b?$", "^$", "^[a-c]*c$", "^x?[0-9]+\\.[0-9]*$",
            "^[\\-_.]+[A-Z]?$", "^[-a]*[a-]$", "^[A-z]+$"]


@needs_c
@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet="abcABC019._-[]\\`\n xé\u2003", max_size=12))
def test_a_pattern_of_character_runs_matches_in_c_as_re_searches(pattern, text):
    """The schema check matches a pattern made only of character runs (the id pattern) in C:
    with the result re.search gives, "$" before a final line break included."""
    native = _native()
    program = (((_OP_RUNS, character_runs(pattern)),), [], None, None, None)
    assert native.check(program, text) == (re.search(pattern, text) is not None)


def test_patterns_of_character_runs_are_decided_in_c():
    for pattern in PATTERNS:
        assert character_runs(pattern) is not None, pattern


def test_other_patterns_are_left_to_re():
    for pattern in ["^[^a]$", "^a|b$", "^.$", "^[a-z]{2}$", "^(a)$", "abc", "^a$x", "^a*?$",
                    "^[z-a]$", "^[\\w]$", "^\\d$", "^a\\$", "^[é]$", PLACEHOLDER_PATTERN]:
        assert character_runs(pattern) is None, pattern


SCALARS = [None, True, False, 0, 1, 2, 1.0, 2.5, -0.0, float("nan"), "", "1", "a", [1], {"a": 1},
           (1,), [], {}]


@needs_c
@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(SCALARS), min_size=1, max_size=4), st.sampled_from(SCALARS))
def test_an_enum_is_decided_in_c_as_fastschema_equal_decides(options, value):
    """An enum of numbers, booleans, texts and None is checked in C; any other option, or a
    value C does not judge, goes to fastschema._any_equal: the same answer either way."""
    native = _native()
    program = (((_OP_ENUM, tuple(options)),), [], None, _any_equal, None)
    assert native.check(program, value) == _any_equal(tuple(options), value)
