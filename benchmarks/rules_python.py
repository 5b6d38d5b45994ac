"""The ten core rules of the per-document comparison, hand-written as plain Python functions.

Each returns the number of findings boce-lint's rule of the same id gives for one
sub-agreement (benchmarks/run.py checks that the three implementations agree).
"""

from __future__ import annotations

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


def check(d: dict[str, Any]) -> dict[str, int]:
    """Findings per rule id for one sub-agreement."""
    found: dict[str, int] = {}
    if d.get("status") == "beeindigd":
        return found

    def add(rule: str, n: int = 1) -> None:
        if n:
            found[rule] = found.get(rule, 0) + n

    if not has(d, "werkterrein"):
        add("DO-001")
    services = d.get("dienstverlening")
    if not present(services) or not all(has(s, "omschrijving") for s in services):
        add("DO-002")
    fee = d.get("vergoeding")
    index = fee.get("indexering") if isinstance(fee, dict) else None
    if not ((has(fee, "bedrag") or has(fee, "prijzen")) and has(fee, "berekening")
            and has(index, "methode") and has(index, "moment")):
        add("DO-003")
    processes = d.get("werkprocessen")
    if not present(processes):
        add("DO-004")
    elif isinstance(processes, list):
        add("DO-004", sum(1 for p in processes
                          if not (has(p, "wettelijke_eisen") and has(p, "kwaliteitsnormen"))))
    if not has(d, "leveringsvoorwaarden"):
        add("DO-005")
    if not has(d, "mandaten"):
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
    if not has(d, "kpis"):
        add("DA-005")
    kpis = d.get("kpis")
    if isinstance(kpis, list):
        add("RK-001", sum(1 for k in kpis if not (has(k, "streefwaarde") and has(k, "eenheid"))))
    return found
