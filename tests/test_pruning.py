"""One structural error hides nothing else: the wrong value is reported and taken out, and the
rules still judge the rest of the document (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from boce_lint.cli import cli
from boce_lint.source.prune import prune
from boce_lint.source.yamlsource import Position

ROOT = Path(__file__).resolve().parents[1]
CASE = "fixtures/invalid/wrong-type-hides-nothing"


def findings(path: str, *extra: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", path, "--isolated", "--no-cache", "--format",
                                      "json", "--as-of", "2024-01-01", *extra])
    assert result.exit_code == 1, result.output
    return json.loads(result.output)["findings"]


def test_wrong_type_does_not_hide_the_missing_fields(monkeypatch):
    monkeypatch.chdir(ROOT)
    found = {(f["rule_id"], f["line"], f["outcome"]) for f in findings(CASE)}
    # the two structural errors: a guest that is a number, an amount that is a word
    assert ("S007", 7, "violation") in found and ("S007", 13, "violation") in found
    # and the gaps of the same file, which a schema error used to hide
    assert ("DO-001", 1, "violation") in found  # no werkterrein
    assert ("DO-005", 1, "violation") in found  # no leveringsvoorwaarden
    assert ("DA-004", 1, "violation") in found  # no quality and continuity clause


def test_a_rule_that_needs_the_wrong_value_reports_missing_evidence(monkeypatch):
    monkeypatch.chdir(ROOT)
    fee = {(f["line"], f["column"], f["outcome"]) for f in findings(CASE)
           if f["rule_id"] == "DO-003"}
    # the amount was there but is a word: missing evidence, at the wrong value
    assert (13, 11, "missing-evidence") in fee
    # the indexation is simply absent: a violation, as in a file without schema errors
    assert (12, 1, "violation") in fee


def test_the_valid_items_of_a_list_stay(monkeypatch):
    """``gastgemeenten: [42, Coevorden]``: Coevorden is still a guest, so its responsible
    officer is judged (RK-003 at its own line), and no rule complains of a missing guest."""
    monkeypatch.chdir(ROOT)
    found = findings(CASE)
    deputies = sorted(f["line"] for f in found if f["rule_id"] == "RK-003")
    assert deputies == [21, 23]
    assert not [f for f in found if f["rule_id"] == "DO-008"]


def test_wrong_types_case_is_judged_too(monkeypatch):
    monkeypatch.chdir(ROOT)
    rules = {f["rule_id"] for f in findings("fixtures/invalid/wrong-types")}
    assert {"S007", "DO-001", "DO-005", "RA-050"} <= rules


def test_prune_moves_the_positions_of_later_list_items():
    data = {"l": [1, "a", 2, "b"], "k": "x"}
    positions = {"": Position(1, 1, 1, 1), "/l": Position(2, 1, 2, 1),
                 **{f"/l/{i}": Position(3 + i, 3, 3 + i, 3) for i in range(4)},
                 "/k": Position(7, 4, 7, 1)}
    pointers = prune(data, positions, [("l", 0), ("l", 2), ("k",)])
    assert data == {"l": ["a", "b"]}
    assert pointers == ["/k"]  # the items' pointers now belong to other items
    assert positions["/l/0"].line == 4 and positions["/l/1"].line == 6
    assert "/l/2" not in positions and "/l/3" not in positions
    assert positions["/k"].line == 7  # a pruned key keeps its place: findings point at it
