"""What the functions of the rule language do, by name: every one pure, it sees only its
arguments (no files, no clock, no modules). Their signatures, result types and documentation
are builtins.py; generated rule code calls these (``support.call``) and needs none of that:
a check does not import the type checker's types at its first rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from boce_lint.dsl.values import UNKNOWN, Bound, absent, to_date
from boce_lint.source.timeline import content_on, in_force_in


def _in_force_in(document: Any, year: Any) -> Any:
    if isinstance(year, bool) or not isinstance(year, int):
        return UNKNOWN
    found = in_force_in(document, year)
    return UNKNOWN if found is None else found


def _version_on(document: Any, when: Any) -> Any:
    if isinstance(when, int) and not isinstance(when, bool):
        when = dt.date(when, 12, 31) if 1 <= when <= 9999 else None
    if not isinstance(document, dict) or not isinstance(when, dt.date):
        return UNKNOWN
    return content_on(document, when)


def _party_on(party: Any, when: Any) -> Any:
    """Why: a party that joined later (``toetredingsdatum``) bears no duty for the time before;
    a year counts only when it was a party on 1 January (catalogue principle 4)."""
    if isinstance(when, int) and not isinstance(when, bool):
        when = dt.date(when, 1, 1) if 1 <= when <= 9999 else None
    if isinstance(party, Bound):
        party = party.value
    if not isinstance(party, dict):
        return UNKNOWN
    written = party.get("toetredingsdatum")
    if written is None:  # a party from the start, whatever the date
        return True
    joined = to_date(written)  # a placeholder: not known when it joined
    if not isinstance(joined, dt.date) or not isinstance(when, dt.date):
        return UNKNOWN
    return joined <= when


def _year(d: Any) -> Any:
    return d.year if isinstance(d, dt.date) else UNKNOWN


def _make_date(y: Any, m: Any, d: Any) -> Any:
    return dt.date(int(y), int(m), int(d))


def _length(v: Any) -> Any:
    return len(v) if isinstance(v, (list, str, dict)) else UNKNOWN


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    def impl(*values: Any) -> Any:
        present = [v for v in values if not absent(v)]
        return pick(present) if present else UNKNOWN
    return impl


def _lower(v: Any) -> Any:
    return v.casefold() if isinstance(v, str) else UNKNOWN


def _field_values(v: Any, name: Any) -> Any:
    if not isinstance(v, list):
        return UNKNOWN
    items = [i.value if isinstance(i, Bound) else i for i in v]
    return [i.get(name) for i in items if isinstance(i, dict) and name in i]


def _identity(v: Any) -> Any:
    return v


IMPLEMENTATIONS: dict[str, Callable[..., Any]] = {
    "jaar": _year, "datum": _make_date, "lengte": _length, "max": _extreme(max),
    "min": _extreme(min), "kleine_letters": _lower, "veld": _field_values,
    "in_werking": _in_force_in, "versie_op": _version_on, "partij_op": _party_on,
    "waarden": _identity,
}
