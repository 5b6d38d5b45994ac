"""A scalar's value by YAML 1.1's rules, exactly as PyYAML's SafeLoader reads it, without PyYAML.

The C accelerator decides most scalars itself and asks :func:`scalar_value` for the rest (a
time such as ``12:30``, ``1_000``, a tagged value); the Python composer asks for every one.
Importing PyYAML only for these rules would cost every check that parses a file about 20 ms
(its reader compiles a large regular expression at import), so they are written out here: the
implicit resolvers of ``yaml.resolver.Resolver`` (the same expressions, tried in the same order
for a scalar's first character) and the bool, int and float constructors of
``yaml.constructor.SafeConstructor`` (PyYAML 6, MIT licence). A test compares both with
PyYAML's own on generated text and on every plain scalar of the fixtures.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from boce_lint.source.problems import problem

STR = "tag:yaml.org,2002:str"
_BOOL, _INT, _FLOAT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NULL, _TIMESTAMP = "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}

# yaml.resolver.Resolver's implicit resolvers in the order PyYAML adds them: (tag, expression,
# the first characters it is tried for; "" stands for the empty scalar)
_RESOLVERS = (
    (_BOOL, r'''^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$''', tuple("yYnNtTfFoO")),
    (_FLOAT, r'''^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$''', tuple("-+0123456789.")),
    (_INT, r'''^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$''', tuple("-+0123456789")),
    (MERGE, r'^(?:<<)$', ("<",)),
    (_NULL, r'''^(?: ~
                    |null|Null|NULL
                    | )$''', ("~", "n", "N", "")),
    (_TIMESTAMP, r'''^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$''', tuple("0123456789")),
    ("tag:yaml.org,2002:value", r'^(?:=)$', ("=",)),
    ("tag:yaml.org,2002:yaml", r'^(?:!|&|\*)$', tuple("!&*")),
)


@cache
def _resolvers(first: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The resolvers tried for a scalar starting with ``first``, compiled when first needed
    (with re.X, as PyYAML writes them; the two one-line expressions have no spaces)."""
    return tuple((tag, re.compile(pattern, re.X)) for tag, pattern, firsts in _RESOLVERS
                 if first in firsts)


def implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """``Resolver().resolve(ScalarNode, value, implicit)``: the tag of a scalar without one
    (or with ``!``); text unless it is plain (``implicit[0]``) and an expression matches."""
    if implicit[0]:
        if "0" <= value[:1] <= "9" and _text_after_digit(value):
            return STR  # (without compiling the three expressions a digit is tried against)
        for tag, expression in _resolvers(value[:1]):
            if expression.match(value):
                return tag
    return STR


# Every character the float, int and timestamp expressions can match after a leading digit
_AFTER_DIGIT = frozenset("0123456789_.:+-eEbxabcdefABCDEFTtZ \t")


def _text_after_digit(value: str) -> bool:
    """Whether a scalar that starts with a digit is surely text: it holds a character none of
    the expressions tried for a digit matches (or a second '.', which none allows), as most
    such scalars do ("1 januari", "21.1130.10"). ``$`` also matches before a final newline."""
    body = value[:-1] if value.endswith("\n") else value
    return not _AFTER_DIGIT.issuperset(body) or body.count(".") > 1


_cached_tag = lru_cache(maxsize=4096)(implicit_tag)  # keys and short values repeat

_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def construct_bool(value: str) -> bool:
    """``SafeConstructor.construct_yaml_bool``: KeyError for anything else."""
    return _BOOLS[value.lower()]


# Beyond these a number is refused (OverflowError), where PyYAML would go on: Python cannot
# write an integer of more than 4,300 decimal digits (about 14,000 bits) as text, which every
# message quoting it would, and each further part of a base-60 number makes its sum slower
# (a 10 MB file of ``1:1:1:...`` would take hours). No date, time or amount comes near either.
MAX_INT_BITS = 14_000
MAX_BASE_60_PARTS = 20


def construct_int(value: str) -> int:
    """``SafeConstructor.construct_yaml_int``: signs, ``_``, 0b, 0x, leading-0 octal and
    base 60 (``1:30``); ValueError (or IndexError: empty) for what int() refuses,
    OverflowError for a number too large to be one (``MAX_INT_BITS``, ``MAX_BASE_60_PARTS``)."""
    value = value.replace("_", "")
    sign = -1 if value[0] == "-" else +1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        number = int(value[2:], 2)
    elif value.startswith("0x"):
        number = int(value[2:], 16)
    elif value[0] == "0":
        number = int(value, 8)
    elif ":" in value:
        digits = [int(part) for part in value.split(":")]  # (ValueError first, as PyYAML)
        if len(digits) > MAX_BASE_60_PARTS:
            raise OverflowError(value)
        number, base = 0, 1
        for digit in reversed(digits):
            number += digit * base
            base *= 60
    else:
        number = int(value)
    if number.bit_length() > MAX_INT_BITS:
        raise OverflowError(value)
    return sign * number


def construct_float(value: str) -> float:
    """``SafeConstructor.construct_yaml_float``: ``_``, .inf, .nan and base 60."""
    value = value.replace("_", "").lower()
    sign = -1 if value[0] == "-" else +1
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        total, base = 0.0, 1
        for digit in reversed([float(part) for part in value.split(":")]):
            total += digit * base
            base *= 60
        return sign * total
    return sign * float(value)


def scalar_value(tag: str | None, text: str, implicit: tuple[bool, bool], line: int,
                 column: int, is_key: bool = False) -> Any:
    """A scalar's value by YAML 1.1's rules; unsafe tags, merge keys and .nan/.inf refused."""
    if tag is None or tag == "!":
        tag = _cached_tag(text, implicit) if len(text) <= 64 else implicit_tag(text, implicit)
    if is_key and tag == MERGE:
        raise problem("merge-key", line, column)
    if tag not in _SCALAR_TAGS:
        raise problem("unsafe-tag", tag, line, column)
    if tag in (STR, _TIMESTAMP):
        return text  # dates stay ISO text; the rule engine reads them as dates
    if tag == _NULL:
        return None
    try:  # explicit tags (!!int abc, !!int "") and PyYAML's loose patterns (0b_) can fail
        if tag == _BOOL:
            return construct_bool(text)
        if tag == _INT:
            return construct_int(text)
        value = construct_float(text)
    except OverflowError:
        raise problem("too-large", tag, text, line, column) from None
    except (ValueError, KeyError, IndexError):
        raise problem("bad-scalar", tag, text, line, column) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise problem("not-finite", line, column)
    return value
