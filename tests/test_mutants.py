"""The rulebook guards the data: every mutant of fixtures/compliant listed in
benchmarks/must-detect.yaml breaks a duty of the sources, and a finding must cite that duty.

The full mutation run (every value of every document) is a benchmark: benchmarks/mutate.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LISTED = yaml.safe_load((ROOT / "benchmarks" / "must-detect.yaml").read_text(encoding="utf-8"))


def _mutate_module():
    spec = importlib.util.spec_from_file_location("boce_mutate", ROOT / "benchmarks" / "mutate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


mutate = _mutate_module()


@pytest.fixture(scope="module")
def harness():
    return mutate.Harness()


def _id(entry: dict) -> str:
    return f"{entry['file']}:{entry.get('pointer', '/')}:{entry['op']}"


def test_the_compliant_fixture_is_clean(harness):
    assert harness.findings() == []


def test_the_list_covers_every_kind_of_duty_the_issue_names():
    keys = {entry["key"] for entry in LISTED}
    art_14_1 = {f"RO-14.1.{sub}" for sub in "abcdefg"}
    assert art_14_1 <= keys
    assert {"RO-12", "RO-parties", "VA-4", "RO-9.1", "RO-6.3", "RO-7.1", "RO-8.1", "RO-4.1",
            "RO-4.2", "RO-2.2", "RO-6.5", "RO-5.6", "RK-measurable-goals"} <= keys
    assert {entry["op"] for entry in LISTED} <= set(mutate.OPS)


@pytest.mark.parametrize("entry", LISTED, ids=_id)
def test_mutant_is_detected(harness, entry):
    mutant = mutate.Mutant(entry["file"], entry["op"], entry.get("pointer", ""))
    found = harness.findings(mutant)
    cited = sorted({key for finding in found for key in finding.keys})
    assert entry["key"] in cited, (
        f"{mutant} breaks {entry['key']}, but no finding cites it; findings: "
        + "; ".join(f"{f.rule_id} {f.file}:{f.line}" for f in found[:8]))
