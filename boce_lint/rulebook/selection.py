"""Which rules run: ``--select``/``--ignore`` by rule id, name glob or obligation-key prefix."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

RULE_ID = re.compile(r"^[A-Z]{1,5}-?[0-9]{3}$")


def matches(selector: str, rule_id: str, name: str, keys: Iterable[str]) -> bool:
    """``DO-001`` (id), ``DO-``/``DO`` (id prefix), ``*-ontbreekt`` (name glob),
    ``RK-``/``RO-14.1`` (obligation-key prefix), ``ALL``."""
    if selector == "ALL":
        return True
    if selector in (rule_id, name):
        return True
    if any(ch in selector for ch in "*?["):
        return fnmatch.fnmatchcase(name, selector) or fnmatch.fnmatchcase(rule_id, selector)
    if rule_id.startswith(selector) and not RULE_ID.match(selector):
        return True
    selector = _current_key(selector)
    return any(key == selector or key.startswith(selector) for key in keys)


def _current_key(selector: str) -> str:
    """A renamed obligation key (e.g. ``LAW-aw-2.24a``) still selects its rules."""
    from boce_lint.rulebook.rulebook import canonical_key

    return canonical_key(selector)


def is_selected(rule_id: str, name: str, keys: Iterable[str], select: list[str],
                ignore: list[str]) -> bool:
    keys = list(keys)
    chosen = not select or any(matches(s, rule_id, name, keys) for s in select)
    return chosen and not any(matches(s, rule_id, name, keys) for s in ignore)


def unknown_selectors(selectors: Iterable[str], rules: list[tuple[str, str, list[str]]]
                      ) -> list[str]:
    """Selectors that match no rule at all: a typo should not silently select nothing."""
    return [s for s in selectors
            if not any(matches(s, rid, name, keys) for rid, name, keys in rules)]
