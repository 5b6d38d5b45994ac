"""Scope (catalogue principle 6): a repository may keep one party's view of the arrangement.

The framework agreement's ``reikwijdte`` names the parties the repository covers. A finding
about a duty resting on another party is not reported; instead one ``info`` per such party
says that its duties were not judged. Who bears a duty is read from the rule: its
``plicht van`` clause names a role (the host, the guests, all parties: the knowledge lives in
the rules), narrowed to the parties its subjects name — a party item (``gemeente``), a
signature or officer (``partij``), a municipality's name, or a sub-agreement's host and
guests. A rule without the clause concerns the parties its subjects name; with neither, all.
"""

from __future__ import annotations

from typing import Any

from boce_lint.dsl.values import Bound
from boce_lint.findings.finding import Finding, Severity
from boce_lint.findings.structure import structure_finding
from boce_lint.source.model import Document, Repository


class Scope:
    """The parties a repository covers (None: the whole arrangement) and who else there is."""

    def __init__(self, repository: Repository) -> None:
        self.covered: set[str] | None = None
        self.declared_in: Document | None = None
        self.parties: list[str] = []
        self.roles: dict[str, set[str]] = {"gastheergemeente": set(), "gastgemeenten": set()}
        for document in repository.of_kind("raamovereenkomst"):
            data = document.data
            for party in data.get("partijen") or []:
                name = party.get("gemeente") if isinstance(party, dict) else None
                if isinstance(name, str) and name not in self.parties:
                    self.parties.append(name)
                role = {"gastheergemeente": "gastheergemeente", "gastgemeente": "gastgemeenten"
                        }.get(party.get("rol")) if isinstance(name, str) else None
                if role is not None:
                    self.roles[role].add(str(name))
            declared = data.get("reikwijdte")
            if isinstance(declared, list) and declared:
                self.covered = (self.covered or set()) | {p for p in declared
                                                          if isinstance(p, str)}
                self.declared_in = self.declared_in or document

    def outside(self, parties: set[str] | None) -> bool:
        """Whether a finding about ``parties`` concerns only parties outside the scope."""
        if self.covered is None or not parties:
            return False
        return not parties & self.covered

    def notices(self) -> list[Finding]:
        """One info per party of the arrangement whose duties are not judged."""
        if self.covered is None or self.declared_in is None:
            return []
        document = self.declared_in
        position, _ = document.position("/reikwijdte")
        covered = ", ".join(sorted(self.covered))
        return [structure_finding(
            "outside-scope", document.file, position.key_line, position.key_column,
            f"De plichten van {party} zijn niet getoetst: deze repository houdt alleen de stukken "
            f"bij van {covered} (reikwijdte).",
            f"The duties of {party} were not judged: this repository keeps only the documents "
            f"of {covered} (reikwijdte).", document=document, pointer="/reikwijdte",
            value=party, severity=Severity.INFO)
            for party in self.parties if party not in self.covered]

    def bearers(self, role: str | None, env_vars: dict[str, Any], subjects: list[str]
                ) -> set[str] | None:
        """The parties whose duty a finding is: the rule's role, narrowed to the parties its
        subjects name (a sub-agreement's benchmark is its host's duty, not its guests')."""
        named = self.parties_of(env_vars, subjects)
        if role is None or role == "partijen":
            return named
        holders = self.roles.get(role) or set()
        if not holders:
            return named  # the framework does not say who has that role: judge as before
        return (named & holders) or holders if named else holders

    def parties_of(self, env_vars: dict[str, Any], subjects: list[str]) -> set[str] | None:
        """The parties a finding concerns: those every subject that names parties agrees on
        (a guest's council information about a sub-agreement of two guests concerns that
        guest); where they do not overlap, the innermost subject's."""
        parties: set[str] | None = None
        for name in subjects:
            found = _parties(env_vars.get(name), self.parties)
            if found:
                parties = found if parties is None else (parties & found or found)
        return parties


def _parties(bound: Any, known: list[str]) -> set[str]:
    value = bound.value if isinstance(bound, Bound) else bound
    if isinstance(value, str):
        return {value} if value in known else set()
    if not isinstance(value, dict):
        return set()
    for key in ("gemeente", "partij"):
        if isinstance(value.get(key), str):
            return {value[key]}
    guests = value.get("gastgemeenten")
    if isinstance(guests, list):  # a sub-agreement: its host and its guests
        host = value.get("gastheergemeente")
        return {g for g in [*guests, host] if isinstance(g, str)}
    return set()
