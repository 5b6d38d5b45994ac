"""Lifecycle in the engine, once (catalogue principle 3): a concept is judged on its content,
never on records of execution (meetings, reports, evaluations, incidents) or on running terms —
without any rule testing a status itself."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruletools import checked

from boce_lint.cli import cli

ROOT = Path(__file__).parents[1]

FRAMEWORK = """\
soort: raamovereenkomst
versie: 2
id: ro
titel: Raamovereenkomst
status: {status}
ingangsdatum: 2018-01-01
evaluatie:
  termijn_jaren: 2
partijen:
  - {{gemeente: Emmen, rol: gastheergemeente}}
  - {{gemeente: Coevorden, rol: gastgemeente}}
"""
REGISTER = """\
soort: incidentenregister
versie: 2
id: reg
beheerder: Emmen
incidenten:
  - id: inc-1
    datum: 2023-05-01
"""
SUB_AGREEMENT = """\
soort: deelovereenkomst
versie: 2
id: do-ict
titel: ICT
status: {status}
raamovereenkomst: ro
gastheergemeente: Emmen
gastgemeenten: [Coevorden]
ingangsdatum: 2018-01-01
benchmarks:
  - {{onderwerp: Kosten per werkplek, frequentie_jaren: 2}}
"""


def findings(folder: Path, *rules: str) -> list[tuple[str, str, int]]:
    return checked(folder, "2024-03-01", *rules)


def repository(tmp_path: Path, framework: str, sub_agreement: str) -> Path:
    (tmp_path / "raamovereenkomst.yaml").write_text(FRAMEWORK.format(status=framework))
    (tmp_path / "incidentenregister.yaml").write_text(REGISTER)
    (tmp_path / "deelovereenkomst.yaml").write_text(SUB_AGREEMENT.format(status=sub_agreement))
    return tmp_path


def test_a_signed_arrangement_is_judged_on_its_execution_and_terms(tmp_path):
    folder = repository(tmp_path, "ondertekend", "ondertekend")
    assert findings(folder, "RK-evaluation", "RO-6.5", "RK-benchmarks") == [
        ("INC-003", "incidentenregister.yaml", 6),  # the incomplete incident
        ("RAP-010", "deelovereenkomst.yaml", 11),  # the benchmark term has run out
        ("RK-007", "raamovereenkomst.yaml", 8),  # the evaluation term has run out
    ]


@pytest.mark.parametrize("framework, sub_agreement", [("concept", "concept"),
                                                      ("ter-ondertekening", "concept")])
def test_a_concept_is_not_judged_on_execution_or_running_terms(tmp_path, framework,
                                                               sub_agreement):
    folder = repository(tmp_path, framework, sub_agreement)
    assert findings(folder, "RK-evaluation", "RO-6.5", "RK-benchmarks") == []


def test_a_concept_sub_agreement_under_a_signed_framework_has_no_running_terms(tmp_path):
    folder = repository(tmp_path, "ondertekend", "concept")
    found = findings(folder, "RK-evaluation", "RO-6.5", "RK-benchmarks")
    assert ("RK-007", "raamovereenkomst.yaml", 8) in found  # the signed framework: judged
    assert ("INC-003", "incidentenregister.yaml", 6) in found
    assert [f for f in found if f[1] == "deelovereenkomst.yaml"] == []  # the concept: not


# Status tests that remain in rules, each because the status is what the rule is about (the
# others say 'in force' with in_werking, the engine's notion):
KEPT = {
    "RA-072": "a framework whose status says 'ondertekend' has a signed version",
    "CON-012": "only an adopted mandate decision must be listed in a sub-agreement",
    "CON-033": "an adopted by-law of a municipality that is no party",
    "CON-034": "an adopted mandate decision of a municipality that is no party",
    "WET-003": "the council is heard on a concept ready for signing",
    # new from issue 15: the referenced mandate decision is no subject, so the engine does
    # not see that it is a concept; its 'd.status' filter could go (the engine covers d)
    "DO-013": "a concept mandate decision referred to has no end date running",
}


LIFECYCLE_TEST = re.compile(r'^\s*(voor elke|als \(aantal) .*\b\w+\.status (=|!=|in) \[?"'
                            r'(concept|ter-ondertekening|ondertekend|vastgesteld|beeindigd|'
                            r'ingetrokken)"')


def test_no_rule_tests_a_lifecycle_status_that_the_engine_decides():
    """The engine passes concepts over where a rule reads what only exists once signed or
    runs, and ended documents outside their years; a rule's own status filter in its
    quantifier would be a second copy."""
    copies = []
    for path in sorted((ROOT / "rules").glob("*.boce")):
        rule = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("regel "):
                rule = line.split()[1]
            if LIFECYCLE_TEST.search(line):
                copies.append(rule)
    assert sorted(set(copies) - set(KEPT)) == []
    assert sorted(set(KEPT) - set(copies)) == []  # an entry here that no longer applies


def test_an_ended_document_without_end_date_gets_one_finding_not_one_per_rule_and_year(
        tmp_path):
    """Principle 3: an ended document is judged for its years in force. Without 'einddatum'
    those years are unknown: one S018 at its status says so, and no yearly rule guesses."""
    folder = tmp_path / "principles"
    shutil.copytree(ROOT / "fixtures" / "principles", folder)
    replaced = folder / "deelovereenkomsten" / "ict-coevorden-2020.yaml"
    name = "deelovereenkomsten/ict-coevorden-2020.yaml"

    def about_replaced() -> list[tuple[str, str, int]]:
        result = CliRunner().invoke(cli, ["check", str(folder), "--as-of", "2024-03-01",
                                          "--isolated", "--format", "json"])
        return sorted((f["rule_id"], f["outcome"], f["line"])
                      for f in json.loads(result.output)["findings"]
                      if Path(f["file"]).relative_to(folder).as_posix() == name)

    assert about_replaced() == [("GOV-004", "missing-evidence", 20),  # 2020: no records
                                ("GOV-004", "violation", 21)]  # 2021: none of the 4 meetings
    text = replaced.read_text(encoding="utf-8")
    assert "einddatum: 2022-01-01\n" in text and "status: beeindigd\n" in text
    replaced.write_text(text.replace("einddatum: 2022-01-01\n", ""), encoding="utf-8")
    assert about_replaced() == [("S018", "missing-evidence", 11)]


BY_LAW = """\
soort: verordening
versie: 2
id: va-co
status: {status}
gemeente: Coevorden
inwerkingtreding: 2018-01-01
"""


@pytest.mark.parametrize("status, expected", [
    ("concept", []),
    ("vastgesteld", [("VA-012", "verordening.yaml", 1)])])  # no publication: missing
def test_a_concept_by_law_is_not_judged_on_its_publication(tmp_path, status, expected):
    (tmp_path / "verordening.yaml").write_text(BY_LAW.format(status=status))
    assert [f for f in findings(tmp_path, "VA-publication") if f[0] == "VA-012"] == expected
