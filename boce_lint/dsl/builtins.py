"""The functions of the rule language, one record each.

Every function is pure: it sees only its arguments (no files, no clock, no modules). The
function table in docs/language.md is generated from these records
(``python -m boce_lint.dsl.builtins``), and a test keeps it fresh.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boce_lint.dsl.types import ANY, BOOL, DATE, NUMBER, TEXT, T, compatible
from boce_lint.dsl.values import UNKNOWN, Bound, absent, to_date
from boce_lint.source.timeline import content_on, in_force_in

ResultType = Callable[[list[T]], "T | str"]  # argument types -> result type, or an error


@dataclass(frozen=True)
class Builtin:
    name: str
    arity: int | None  # None: any number of arguments
    signature: str  # as the documentation shows it
    implementation: Callable[..., Any]
    result: ResultType
    doc: str
    takes_document: bool = False  # a reference as first argument is followed to its document


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


def _document_type(types: list[T]) -> T | str:
    first = types[0] if types else ANY
    if first.name == "ref" and len(first.refs) == 1:
        return T("object", kind=first.refs[0])
    if first.name == "object" and not first.path:
        return first
    if first.name == "onbekend":
        return ANY
    return "'versie_op' verwacht een document, maar kreeg " + first.dutch() + "."


def _same(types: list[T]) -> T | str:
    known = [t for t in types if t.name != "onbekend"]
    if known and any(not compatible(known[0], t) for t in known):
        return "De argumenten zijn niet van één soort (bijv. datum en getal door elkaar)."
    return known[0] if known else ANY


def _expect(kind: T, result: T, name: str) -> ResultType:
    def check(types: list[T]) -> T | str:
        for t in types:
            if not compatible(t, kind):
                return f"'{name}' verwacht {kind.dutch()}, maar kreeg {t.dutch()}."
        return result
    return check


def _always(result: T) -> ResultType:
    return lambda types: result


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


_LIST = T("lijst", item=ANY)

BUILTINS: dict[str, Builtin] = {b.name: b for b in (
    Builtin("jaar", 1, "jaar(d)", _year, _expect(DATE, NUMBER, "jaar"),
            "the calendar year of a date"),
    Builtin("datum", 3, "datum(j, m, d)", _make_date, _expect(NUMBER, DATE, "datum"),
            "the date of year, month and day"),
    Builtin("lengte", 1, "lengte(x)", _length, _always(NUMBER),
            "the number of items of a list, characters of a text or fields of an object"),
    Builtin("max", None, "max(a, b, …)", _extreme(max), _same,
            "the largest of the values that are there (numbers, dates or durations)"),
    Builtin("min", None, "min(a, b, …)", _extreme(min), _same,
            "the smallest of the values that are there"),
    Builtin("kleine_letters", 1, "kleine_letters(t)", _lower, _expect(TEXT, TEXT, "kleine_letters"),
            "the text in lower case, for comparing without regard to case"),
    Builtin("veld", 2, 'veld(lijst, "naam")', _field_values, _always(_LIST),
            "that field of every item of a list that has it, e.g. `veld(d.kpis, \"id\")`"),
    Builtin("in_werking", 2, "in_werking(doc, j)", _in_force_in, _always(BOOL),
            "whether the document was in force on some day of year `j` (never for a concept; "
            "an ended one until its `einddatum`)", takes_document=True),
    Builtin("versie_op", 2, "versie_op(doc, datum of jaar)", _version_on, _document_type,
            "the document's content as the version in force on that date (or on 31 December "
            "of that year) made it, e.g. `versie_op(d, 2019).dienstverlening`",
            takes_document=True),
    Builtin("partij_op", 2, "partij_op(p, datum of jaar)", _party_on, _always(BOOL),
            "whether party `p` (an item of `partijen`) was a party on that date (for a year: "
            "on 1 January, so for the whole year): it has no `toetredingsdatum` or one on or "
            "before that date"),
    Builtin("waarden", 1, "waarden(doc)", _identity, _always(_LIST),
            "every leaf value of a document or object, each with its own location"),
)}


def _result_text(builtin: Builtin) -> str:
    shown = builtin.result([ANY] * (builtin.arity or 2))
    if not isinstance(shown, T) or shown is ANY:
        return "as its arguments"
    return {"tekst": "text", "getal": "number", "datum": "date", "lijst": "list",
            "waarheid": "truth value"}[shown.name]


def render_table() -> str:
    """The Markdown table of functions for docs/language.md."""
    rows = ["| function | result | meaning |", "|---|---|---|"]
    rows += [f"| `{b.signature}` | {_result_text(b)} | {b.doc} |" for b in BUILTINS.values()]
    return "\n".join(rows) + "\n"


START, END = "<!-- functions: generated by python -m boce_lint.dsl.builtins -->\n", \
    "<!-- end of functions -->\n"
DOC = Path(__file__).resolve().parents[2] / "docs" / "language.md"


def with_table(document: str) -> str:
    """``document`` with the text between the markers replaced by the current table."""
    before, rest = document.split(START, 1)
    _, after = rest.split(END, 1)
    return before + START + render_table() + END + after


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOC
    target.write_text(with_table(target.read_text(encoding="utf-8")), encoding="utf-8")
    print(target)
