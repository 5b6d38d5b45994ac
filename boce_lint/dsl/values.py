"""Runtime values of the rule language: missing, unknown, durations, and located values."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from boce_lint.source.model import Document
from boce_lint.source.positions import escape_pointer_token
from boce_lint.source.timeline import index_of


class _Sentinel:
    """A named marker compared by identity; it pickles back to the same module-level object."""

    def __init__(self, name: str, dutch: str, truth: bool | None) -> None:
        self._name, self._dutch, self._truth = name, dutch, truth

    def __bool__(self) -> bool:
        if self._truth is None:
            raise TypeError(f"{self._name} has no plain truth value")
        return self._truth

    def __repr__(self) -> str:
        return self._dutch

    def __reduce__(self) -> str:
        return self._name


# A key that is not there: the data needed to decide is absent.
MISSING = _Sentinel("MISSING", "ontbreekt", False)
# The third truth value: a condition that cannot be decided from the data.
UNKNOWN = _Sentinel("UNKNOWN", "onbekend", None)


def absent(value: Any) -> bool:
    """Missing, unknown or an explicit empty value (YAML ``~`` or an empty key)."""
    return value is MISSING or value is UNKNOWN or value is None


@dataclass(frozen=True)
class Duration:
    months: int = 0
    days: float = 0

    def approx_days(self) -> float:
        return self.months * 30.436875 + self.days

    def scaled(self, factor: float) -> Duration:
        return Duration(int(self.months * factor), self.days * factor)


def add_duration(date: dt.date, duration: Duration, sign: int = 1) -> dt.date:
    months = date.year * 12 + (date.month - 1) + sign * duration.months
    year, month = divmod(months, 12)
    year = min(max(year, 1), 9999)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    moved = dt.date(year, month + 1, day)
    try:
        return moved + dt.timedelta(days=sign * duration.days)
    except OverflowError:
        return moved


def to_date(value: Any) -> Any:
    """A date field read as a date; a placeholder or malformed text counts as missing."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):  # (no placeholder reads as a date: none is made of digits,
        try:                    # '-' and 'W' alone, as every ISO date is)
            return dt.date.fromisoformat(value)
        except ValueError:
            return MISSING
    return MISSING if value is None or value is MISSING else value


class Bound:
    """A value together with the document and JSON pointer it came from (if any).

    Rules bind one for every document and list item they visit, so this is a plain class with
    slots; treat it as immutable. An item of a list or object is located only when asked (a
    finding, a fingerprint): ``within`` holds its container's own Bound -- or a function that
    locates it, replaced by its result on first use -- and the container; ``index`` is the
    item's position in a list or its key in an object.
    """

    __slots__ = ("value", "_document", "_pointer", "_within", "_index")

    def __init__(self, value: Any, document: Document | None = None, pointer: str | None = "",
                 within: list[Any] | None = None, index: int | str = 0) -> None:
        self.value = value
        self._document = document
        self._pointer = pointer
        self._within = within
        self._index = index

    def _list(self) -> tuple[Bound, list[Any]]:
        within = self._within
        assert within is not None
        parent = within[0]
        if not isinstance(parent, Bound):
            parent = within[0] = parent()
        return parent, within[1]

    @property
    def document(self) -> Document | None:
        document = self._document
        if document is None and self._within is not None:  # kept: asked again and again
            document = self._document = self._list()[0].document
        return document

    @property
    def pointer(self) -> str:
        pointer = self._pointer
        if pointer is None:
            parent, items = self._list()
            index = self._index
            if isinstance(index, str):  # a key of an object
                token: int | str = escape_pointer_token(index)
            else:  # a list cut at the as-of date keeps positions
                token = index_of(items, index)
            pointer = self._pointer = f"{parent.pointer}/{token}"
        return pointer

    def holding(self, value: Any) -> Bound:
        """Another value where this one stands (located only when asked, as this one)."""
        if self._pointer is None:
            return Bound(value, self._document, None, self._within, self._index)
        return Bound(value, self.document, self._pointer)

    def _fields(self) -> tuple[Any, Document | None, str]:
        return (self.value, self.document, self.pointer)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[type[Bound], tuple[Any, Document | None, str]]:
        return (Bound, self._fields())

    def __repr__(self) -> str:
        return f"Bound(value={self.value!r}, document={self.document!r}, pointer={self.pointer!r})"


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


def jsonable(value: Any) -> Any:
    """Evidence values as plain JSON: dates as ISO text, sentinels as their Dutch name."""
    if value.__class__ in JSON_SCALARS:  # (most values: as they are, at once)
        return value
    if value is MISSING or value is UNKNOWN:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        return {"maanden": value.months, "dagen": value.days}
    if isinstance(value, Bound):
        return jsonable(value.value)
    if isinstance(value, Document):
        return value.id
    if isinstance(value, list):
        return [jsonable(v) for v in value[:50]]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in list(value.items())[:50]}
    return value


JSON_SCALARS = frozenset((str, int, bool, float, type(None)))  # what jsonable gives back as it is


UNKNOWN_TEXT = "(onbekend)"  # how a message shows a value that is missing or cannot be made


def show(value: Any) -> str:
    """A value as it appears inside a message."""
    if value is MISSING or value is UNKNOWN or value is None:
        return UNKNOWN_TEXT
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        parts = []
        if value.months:
            parts.append(f"{value.months} maanden")
        if value.days:
            parts.append(f"{show(value.days)} dagen")
        return " en ".join(parts) or "0 dagen"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("naam") or value.get("titel") or value.get("id") or "(object)")
    return str(value)
