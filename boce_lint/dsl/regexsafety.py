"""Refuse regular expressions that can backtrack exponentially.

Python's regex engine cannot be interrupted, so the step budget would not stop such a pattern;
the compiler rejects it instead.
"""

from __future__ import annotations

from typing import Any


def backtracks_exponentially(pattern: str) -> bool:
    """A repetition or alternation inside a backtracking repetition, as in ``(a+)+`` or
    ``(a|ab)*``."""
    from re import _constants as c
    from re import _parser

    stack: list[tuple[Any, bool]] = [(_parser.parse(pattern), False)]
    while stack:
        items, inside = stack.pop()
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                if inside and av[0] != av[1]:  # a choice of how often, inside a repetition
                    return True
                stack.append((av[2], inside or av[1] > 1))
            elif op is c.BRANCH:
                if inside:
                    return True
                stack.extend((branch, inside) for branch in av[1])
            elif op is c.SUBPATTERN:
                stack.append((av[3], inside))
            elif op in (c.ASSERT, c.ASSERT_NOT):
                stack.append((av[1], inside))
            elif op is c.GROUPREF_EXISTS:
                stack.extend((branch, inside) for branch in av[1:] if branch is not None)
            # POSSESSIVE_REPEAT and ATOMIC_GROUP never backtrack into what they matched
    return False
