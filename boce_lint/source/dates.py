"""Why a written date is not a date, in words a contract manager recognises.

"schrijf JJJJ-MM-DD" is no help to someone who did: 2025-02-30 has the right form but does not
exist. These texts say which part is wrong, for schema findings and for ``--as-of``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

_FORM = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]
EARLIEST, LATEST = 1900, 2100  # outside these years a date in an agreement is a typo


def date_problem(text: object) -> tuple[str, str] | None:
    """(Dutch, English) of why ``text`` is not a date written YYYY-MM-DD; None if it is one."""
    value = str(text)
    match = _FORM.match(value)
    if match is None:
        return (f"'{value}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-03-31",
                f"'{value}' is not a date; write YYYY-MM-DD, for example 2025-03-31")
    year, month, day = (int(part) for part in match.groups())
    if len(match.group(2)) != 2 or len(match.group(3)) != 2:
        fixed = f"{year:04d}-{month:02d}-{day:02d}"
        return (f"'{value}': schrijf maand en dag met twee cijfers: {fixed}",
                f"'{value}': write month and day with two digits: {fixed}")
    if not 1 <= month <= 12:
        return (f"{value} bestaat niet: een jaar heeft 12 maanden, maand {month} bestaat niet "
                f"(JJJJ-MM-DD: eerst de maand, dan de dag)",
                f"{value} does not exist: a year has 12 months, month {month} does not exist "
                f"(YYYY-MM-DD: the month first, then the day)")
    import calendar  # (only for a date that is wrong)

    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f"{value} bestaat niet: {_MONTHS[month - 1]} {year} heeft {last} dagen",
                f"{value} does not exist: {calendar.month_name[month]} {year} has {last} days")
    try:
        dt.date(year, month, day)
    except ValueError:  # year 0
        return (f"{value} bestaat niet", f"{value} does not exist")
    return None


def implausible(text: object) -> tuple[str, str] | None:
    """(Dutch, English) when an existing date lies implausibly far away, else None."""
    value = str(text)
    head = value[:4]
    if head.isascii() and head.isdigit() and EARLIEST <= int(head) <= LATEST:
        return None  # nearly every date: no year in range is implausible, valid date or not
    if date_problem(value) is not None:
        return None
    year = int(value[:4])
    if EARLIEST <= year <= LATEST:
        return None
    when, when_en = ("ver in de toekomst", "far in the future") if year > LATEST else \
        ("ver in het verleden", "far in the past")
    return (f"{value} ligt {when}; is het jaartal {year} een tikfout?",
            f"{value} lies {when_en}; is the year {year} a typo?")


def date_paths(kind: str) -> tuple[tuple[str, ...], ...]:
    """Every field path of a kind that holds a date (``x-type: datum`` in its schema), walked
    out of the schema now (the loader's are made once per installation: ``schemafacts``)."""
    from boce_lint.source.schemas import branches, schema_for

    root = schema_for(kind)

    def walk(schema: dict[str, Any], path: tuple[str, ...], depth: int) -> Iterator[Any]:
        if depth > 12:
            return
        for branch in branches(schema, root):
            if branch.get("x-type") == "datum":
                yield path
            for name, sub in branch.get("properties", {}).items():
                yield from walk(sub, (*path, name), depth + 1)
            if branch.get("type") == "array" and "items" in branch:
                yield from walk(branch["items"], (*path, "*"), depth + 1)

    return tuple(dict.fromkeys(walk(root, (), 0)))
