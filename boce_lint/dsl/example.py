"""An example of a rule (``voorbeeld fout/goed/geen-bewijs``): YAML that must give a finding or
none. Its own module, so that a rule loaded from the cache carries its examples without the
syntax tree classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    line: int
    column: int
    failing: bool  # a finding is expected (a violation, or missing evidence)
    as_of: dt.date | None
    text: str
    missing_evidence: bool = False  # "voorbeeld geen-bewijs": the finding is missing evidence
    expected_line: int | None = None  # "bij regel N": line of the block the finding points at

    @property
    def verdict(self) -> str:
        """The Dutch word the example was written with: fout, goed or geen-bewijs."""
        return "geen-bewijs" if self.missing_evidence else "fout" if self.failing else "goed"
