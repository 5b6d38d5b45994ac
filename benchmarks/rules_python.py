"""The ten core rules of the per-document comparison, hand-written as plain Python functions.

Each returns the number of findings boce-lint's rule of the same id gives for one
sub-agreement (benchmarks/run.py checks that the three implementations agree).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

RULES = ("DO-001", "DO-002", "DO-003", "DO-004", "DO-005", "DO-007", "DO-008", "DA-003",
         "DA-005", "RK-001")


def present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def has(obj: Any, key: str) -> bool:
    return isinstance(obj, dict) and present(obj.get(key))


SOCIAL_AFFAIRS = re.compile(
    r"sociale zaken|werk en inkomen|wet werk en bijstand|participatiewet|\bwwb\b")
SOCIAL_AFFAIRS_TITLE = re.compile(r"sociale zaken|werk en inkomen")


def ended(d: dict[str, Any], as_of: dt.date) -> bool:
    """Ended before the as-of date (an ended document is judged only while it was in force)."""
    if d.get("status") not in ("beeindigd", "ingetrokken"):
        return False
    end = d.get("einddatum")
    if isinstance(end, str):
        try:
            end = dt.date.fromisoformat(end)
        except ValueError:
            end = None
    return not (isinstance(end, dt.date) and end > as_of)


def social_affairs(d: dict[str, Any]) -> bool:
    fields = d.get("terreinen")
    if isinstance(fields, (list, str)) and "sociale-zaken" in fields:
        return True
    area, title = d.get("werkterrein"), d.get("titel")
    return (has(d, "werkterrein") and isinstance(area, str)
            and SOCIAL_AFFAIRS.search(area.casefold()) is not None) or (
        has(d, "titel") and isinstance(title, str)
        and SOCIAL_AFFAIRS_TITLE.search(title.casefold()) is not None)


def check(d: dict[str, Any], as_of: dt.date = dt.date(2024, 3, 1)) -> dict[str, int]:
    """Findings per rule id for one sub-agreement."""
    found: dict[str, int] = {}
    if ended(d, as_of):
        return found

    def add(rule: str, n: int = 1) -> None:
        if n:
            found[rule] = found.get(rule, 0) + n

    if not has(d, "werkterrein"):
        add("DO-001")
    if not has(d, "dienstverlening"):
        add("DO-002")
    fee = d.get("vergoeding")
    index = fee.get("indexering") if isinstance(fee, dict) else None
    add("DO-003", [has(fee, "bedrag") or has(fee, "prijzen"), has(fee, "berekening"),
                   has(index, "methode"), has(index, "moment")].count(False))
    if not has(d, "werkprocessen"):
        add("DO-004")
    if not has(d, "leveringsvoorwaarden"):
        add("DO-005")
    if "mandaten" not in d:
        add("DO-007")
    if not (has(d, "gastheergemeente") and has(d, "gastgemeenten")):
        add("DO-008")
    else:
        responsible = d.get("verantwoordelijken") or []
        for party in [d["gastheergemeente"], *d["gastgemeenten"]]:
            if not any(isinstance(v, dict) and v.get("partij") == party and has(v, "naam")
                       for v in responsible):
                add("DO-008")
    reporting = d.get("rapportage")
    if not (present(reporting) and has(reporting, "inhoud") and has(reporting, "frequentie")
            and has(reporting, "ontvanger")):
        add("DA-003")
    if social_affairs(d) and not has(d, "kpis"):
        add("DA-005")
    kpis = d.get("kpis")
    if isinstance(kpis, list):
        add("RK-001", sum(1 for k in kpis if not (has(k, "streefwaarde") and has(k, "eenheid"))))
    return found
