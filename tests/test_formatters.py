"""The output formats as their readers meet them: a terminal, CI systems, a JSON consumer, a page.

One hand-built report serves every test. Its first message is hostile on purpose: HTML, rich
markup, a table pipe, a percent sign, a newline and an ANSI colour escape, as a contract text
could hold them. Each format must show it faithfully and let none of it act as markup or as a
terminal command.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from boce_lint.findings.finding import Citation, Finding, Outcome, Severity, Subject, Suppression
from boce_lint.formatters import FORMATS, Report, RuleInfo, get_formatter
from boce_lint.resources import repository_url

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"

RAAM = "contracten/raamovereenkomst.yaml"
DEEL = "contracten/do ict:2024,v2.yaml"  # a space, a colon and a comma: escaping in paths
HOSTILE = ("Termijn ontbreekt: <script>alert(1)</script> [bold]x[/bold] | 50% klaar\n"
           "zie \x1b[31mbijlage")
HOSTILE_EN = "Deadline missing: <script>alert(1)</script> | see annex"

ERROR = Finding(
    rule_id="RO-001", rule_name="termijn-raadsinformatie", severity=Severity.ERROR,
    message=HOSTILE, message_en=HOSTILE_EN, file=RAAM, line=3, column=12,
    keys=("raad-informeren",),
    citations=(Citation(key="raad-informeren", document="Wgr", article="art. 35",
                        quote="De raad wordt tijdig geïnformeerd."),),
    subject=Subject(document_id="RO-2024", kind="raamovereenkomst", pointer="/termijn"),
    evidence={"termijn": None, "artikel": "3"}, fingerprint_value="termijn",
)
MISSING = Finding(
    rule_id="DO-001", rule_name="budget-vermeld", severity=Severity.WARNING,
    outcome=Outcome.MISSING_EVIDENCE, message="Het budget van de dienst is niet vastgelegd.",
    message_en="The budget of the service is not recorded.", file=DEEL, line=7, column=3,
    keys=("do-budget", "do-inhoud"),
    subject=Subject(document_id="DO-ICT", kind="deelovereenkomst", pointer="/budget"),
)
INFO = Finding(
    rule_id="RO-003", rule_name="evaluatie-gepland", severity=Severity.INFO,
    message="Er is nog geen evaluatie gepland.", file=RAAM, line=10, column=1,
    subject=Subject(document_id="RO-2024", pointer="/evaluatie"),
)
WAIVED = Finding(
    rule_id="RO-002", rule_name="mandaat-vastgelegd", severity=Severity.ERROR,
    message="Het mandaat ontbreekt.", file=RAAM, line=12, column=5, keys=("mandaat",),
    subject=Subject(document_id="RO-2024", pointer="/mandaat"),
    suppression=Suppression(kind="waiver", justification="Besloten in het DB van 12 maart",
                            owner="J. de Vries", expires="2025-12-31",
                            source=".boce-lint.yaml:4"),
)
INLINE = Finding(
    rule_id="DO-001", rule_name="budget-vermeld", severity=Severity.WARNING,
    message="Het budget van de dienst is niet vastgelegd.", file=DEEL, line=20, column=3,
    subject=Subject(document_id="DO-ICT", pointer="/budget/2"),
    suppression=Suppression(kind="inline-waiver", justification="Budget volgt uit de begroting",
                            owner="M. Jansen", source=f"{DEEL}:19"),
)
FINDINGS = sorted([ERROR, MISSING, INFO, WAIVED, INLINE], key=lambda f: f.sort_key())


def _rule(rule_id: str, name: str, severity: str, keys: list[str], **extra: Any) -> RuleInfo:
    return RuleInfo(id=rule_id, name=name, title=f"Titel van {name}", title_en=f"Title of {name}",
                    severity=severity, keys=keys, **extra)


RULES = {rule.id: rule for rule in [
    _rule("DO-001", "budget-vermeld", "warning", ["do-budget", "do-inhoud"]),
    _rule("RO-001", "termijn-raadsinformatie", "error", ["raad-informeren"],
          rationale="De raad moet kunnen bijsturen.",
          citations=[{"key": "raad-informeren", "document": "Wgr", "article": "art. 35",
                      "quote": "De raad wordt tijdig geïnformeerd."}]),
    _rule("RO-002", "mandaat-vastgelegd", "error", ["mandaat"]),
    _rule("RO-003", "evaluatie-gepland", "info", []),
    _rule("RO-009", "geen-bevindingen", "warning", ["overleg"]),  # passes: no finding
]}

SOURCES = {RAAM: [f"regel {n}\n" for n in range(1, 13)]}
SOURCES[RAAM][2] = "  termijn: onbekend  # [bold]niet vet[/bold] \x1b]0;titel\x07\n"


def make_report(**changes: Any) -> Report:
    values: dict[str, Any] = {
        "findings": FINDINGS, "rules": RULES, "tool_version": "0.1.0",
        "as_of": dt.date(2024, 6, 1), "sources": SOURCES,
    }
    values.update(changes)
    return Report(**values)


def render(name: str, **changes: Any) -> str:
    return get_formatter(name)(make_report(**changes))


def test_every_format_renders() -> None:
    for name in FORMATS:
        assert isinstance(render(name), str)
    with pytest.raises(ValueError, match="unknown output format"):
        get_formatter("yaml")


# -- concise --------------------------------------------------------------------------------

def test_concise_is_one_line_per_counting_finding() -> None:
    assert render("concise").splitlines() == [
        f"{DEEL}:7:3: DO-001 Het budget van de dienst is niet vastgelegd.",
        f"{RAAM}:3:12: RO-001 Termijn ontbreekt: <script>alert(1)</script> [bold]x[/bold] "
        "| 50% klaar zie bijlage",
        f"{RAAM}:10:1: RO-003 Er is nog geen evaluatie gepland.",
    ]


def test_concise_in_english_falls_back_to_dutch() -> None:
    lines = render("concise", lang="en").splitlines()
    assert lines[0].endswith("The budget of the service is not recorded.")
    assert lines[1] == f"{RAAM}:3:12: RO-001 {HOSTILE_EN}"
    assert lines[2].endswith("Er is nog geen evaluatie gepland.")  # no English message


# -- text -----------------------------------------------------------------------------------

def test_text_groups_per_file_and_points_at_the_column() -> None:
    out = render("text")
    lines = out.splitlines()
    assert lines[0] == DEEL  # files in the documented order, each once
    assert lines.count(RAAM) == 1 and lines.index(DEEL) < lines.index(RAAM)
    source = next(line for line in lines if "termijn: onbekend" in line)
    caret = lines[lines.index(source) + 1]
    assert caret.strip(" |") == "^"
    assert caret.index("^") == source.index("onbekend")  # column 12
    assert "3:12" in out and "RO-001" in out and "fout" in out
    assert "verplichtingen: raad-informeren" in out


def test_text_marks_missing_evidence_and_lists_waivers_with_justification() -> None:
    out = render("text")
    missing = next(line for line in out.splitlines() if "DO-001" in line and "7:3" in line)
    assert "waarschuwing" in missing and "geen bewijs" in missing
    assert "Uitgezonderd (pas toe of leg uit):" in out
    assert "Besloten in het DB van 12 maart" in out and "eigenaar: J. de Vries" in out
    assert "Budget volgt uit de begroting" in out and "eigenaar: M. Jansen" in out
    assert "Het mandaat ontbreekt." not in out  # waived: listed briefly, not as a finding
    assert out.splitlines()[-1] == ("Gevonden: 1 fout, 0 waarschuwingen, 1 info; "
                                    "1 zonder bewijs; 2 uitgezonderd.")


def test_text_is_safe_for_a_terminal() -> None:
    plain = render("text")
    assert "\x1b" not in plain and "\x07" not in plain
    assert "[bold]x[/bold]" in plain  # markup in data printed literally
    assert "# [bold]niet vet[/bold]" in plain
    assert "<script>alert(1)</script>" in plain
    # a newline in the message is folded: one finding, one logical line (issue 19: a line of
    # its own could be read as a CI workflow command)
    first = next(line for line in plain.splitlines() if "Termijn ontbreekt" in line)
    assert first.endswith("| 50% klaar zie bijlage")

    coloured = render("text", color=True)
    assert "\x1b[" in coloured  # our styles
    assert "\x1b[31mbijlage" not in coloured and "\x1b]0;" not in coloured
    assert "\x07" not in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_text_quiet_and_statistics() -> None:
    assert render("text", quiet=True) == (
        "Gevonden: 1 fout, 0 waarschuwingen, 1 info; 1 zonder bewijs; 2 uitgezonderd.\n")
    assert render("text", quiet=True, lang="en") == (
        "Found: 1 error, 0 warnings, 1 info; 1 missing evidence; 2 waived.\n")
    out = render("text", statistics=True)
    start = out.splitlines().index("Per regel:")
    assert [line.split() for line in out.splitlines()[start + 1:start + 4]] == [
        ["1", "DO-001", "budget-vermeld"],
        ["1", "RO-001", "termijn-raadsinformatie"],
        ["1", "RO-003", "evaluatie-gepland"],
    ]
    assert "Per regel" not in render("text")


def test_text_in_english_and_without_findings() -> None:
    out = render("text", lang="en")
    assert "missing evidence" in out and "obligations: do-budget, do-inhoud" in out
    assert "Waived (comply or explain):" in out and "owner: J. de Vries" in out
    assert render("text", findings=[]) == "Geen bevindingen.\n"


# -- json and json-lines --------------------------------------------------------------------

def test_json_round_trip() -> None:
    out = render("json")
    data = json.loads(out)
    assert list(data) == ["version", "as_of", "findings", "summary", "set_aside"]
    assert data["version"] == "0.1.0" and data["as_of"] == "2024-06-01"
    assert [f["rule_id"] for f in data["findings"]] == [f.rule_id for f in FINDINGS]
    first = next(f for f in data["findings"] if f["rule_id"] == "RO-001")
    assert first["message"] == HOSTILE  # data unchanged: JSON escapes it
    assert first["fingerprint"] == ERROR.fingerprint
    assert "fingerprint_value" not in first
    assert first["citations"][0]["article"] == "art. 35"
    assert list(first["evidence"]) == ["artikel", "termijn"]
    waived = next(f for f in data["findings"] if f["rule_id"] == "RO-002")
    assert waived["suppression"] == {
        "kind": "waiver", "justification": "Besloten in het DB van 12 maart",
        "owner": "J. de Vries", "expires": "2025-12-31", "source": ".boce-lint.yaml:4"}
    assert data["summary"] == {"errors": 1, "warnings": 0, "info": 1, "violations": 2,
                               "missing_evidence": 1,
                               "suppressed": 2, "total": 5}
    assert '\n  "version": "0.1.0",' in out and "geïnformeerd" in out  # indent 2, not ASCII
    # the JSON object holds the whole finding: it rebuilds it (all but the fingerprint's value)
    rebuilt = {k: v for k, v in first.items() if k != "fingerprint"}
    assert Finding(**{**rebuilt, "severity": Severity(rebuilt["severity"]),
                      "outcome": Outcome(rebuilt["outcome"]), "keys": tuple(rebuilt["keys"]),
                      "citations": tuple(Citation(**c) for c in rebuilt["citations"]),
                      "subject": Subject(**rebuilt["subject"])}) == ERROR.replace(
        fingerprint_value=None)


def test_json_lines_one_object_per_line() -> None:
    hostile_separator = FINDINGS[0].replace(message="a\u2028b\x85c")
    out = render("json-lines", findings=[hostile_separator, *FINDINGS[1:]])
    lines = out.splitlines()
    assert len(lines) == len(FINDINGS)
    objects = [json.loads(line) for line in lines]
    assert objects[0]["message"] == "a\u2028b\x85c"
    document = json.loads(render("json"))
    assert objects[1:] == document["findings"][1:]


# -- sarif ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"official SARIF 2.1.0 schema not found at {SARIF_SCHEMA}")
    from jsonschema import Draft7Validator
    from jsonschema.validators import validator_for

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    assert cls is Draft7Validator  # the validator its $schema names
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(sarif_validator: Any) -> None:
    for lang in ("nl", "en"):
        document = json.loads(render("sarif", lang=lang))
        errors = sorted(sarif_validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_sarif_rules_and_results() -> None:
    document = json.loads(render("sarif"))
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "boce-lint", "0.1.0", repository_url())
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    ro1 = rules[1]
    assert ro1["shortDescription"]["text"] == "Titel van termijn-raadsinformatie"
    assert ro1["fullDescription"]["text"] == "De raad moet kunnen bijsturen."
    assert "Wgr" in ro1["help"]["text"] and "tijdig geïnformeerd" in ro1["help"]["text"]
    assert ro1["properties"]["keys"] == ["raad-informeren"]
    assert [r["defaultConfiguration"]["level"] for r in rules] == [
        "warning", "error", "error", "note", "warning"]

    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("DO-001", "warning"), ("DO-001", "warning"), ("RO-001", "error"), ("RO-003", "note"),
        ("RO-002", "error")]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[2]
    assert first["message"]["text"] == HOSTILE
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": RAAM, "uriBaseId": "REPOROOT"}
    assert location["region"] == {"startLine": 3, "startColumn": 12}
    assert first["partialFingerprints"] == {"boceFingerprint/v1": ERROR.fingerprint,
                                            "primaryLocationLineHash": ERROR.fingerprint}
    assert first["properties"]["outcome"] == "violation"
    assert first["properties"]["keys"] == ["raad-informeren"]
    assert first["properties"]["evidence"] == {"artikel": "3", "termijn": None}
    missing = results[0]
    assert missing["properties"]["outcome"] == "missing-evidence"
    assert (missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "contracten/do%20ict%3A2024%2Cv2.yaml")
    assert "suppressions" not in first


def test_sarif_suppressions() -> None:
    results = json.loads(render("sarif"))["runs"][0]["results"]
    waiver = next(r for r in results if r["ruleId"] == "RO-002")
    assert waiver["suppressions"][0]["kind"] == "external"
    assert waiver["suppressions"][0]["justification"] == "Besloten in het DB van 12 maart"
    assert waiver["suppressions"][0]["properties"]["owner"] == "J. de Vries"
    inline = results[1]
    assert inline["suppressions"][0]["kind"] == "inSource"
    baselined = INFO.replace(suppression=Suppression(kind="baseline"))
    [result] = json.loads(render("sarif", findings=[baselined]))["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "external"


def test_sarif_adds_rules_the_rulebook_does_not_know(sarif_validator: Any) -> None:
    loader = Finding(rule_id="schema", rule_name="schema", severity=Severity.ERROR,
                     message="Onbekend veld 'x'.", file=RAAM, line=2, column=1)
    document = json.loads(render("sarif", findings=[loader, *FINDINGS]))
    assert not list(sarif_validator.iter_errors(document))
    run = document["runs"][0]
    assert run["tool"]["driver"]["rules"][-1]["id"] == "schema"
    assert run["results"][0]["ruleIndex"] == len(RULES)


# -- junit ----------------------------------------------------------------------------------

def test_junit_cases_failures_and_skipped() -> None:
    out = render("junit")
    suite = ET.fromstring(out)
    assert suite.tag == "testsuite" and suite.get("name") == "boce-lint"
    cases = [(c.get("classname"), c.get("name"), [child.tag for child in c])
             for c in suite.iter("testcase")]
    # fail-on error (the default): the warning and the info pass, with their findings shown
    assert cases == [
        ("DO-001", DEEL, ["system-out"]),
        ("DO-001", f"{DEEL} (uitgezonderd)", ["skipped"]),
        ("RO-001", RAAM, ["failure"]),
        ("RO-002", RAAM, ["skipped"]),
        ("RO-003", RAAM, ["system-out"]),
        ("RO-009", "repository", []),
    ]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"),
            suite.get("skipped")) == ("6", "1", "0", "2")
    assert suite.find("testcase[@classname='DO-001']/system-out").text == (
        f"{DEEL}:7:3 warning: Het budget van de dienst is niet vastgelegd.")
    failure = suite.find("testcase[@classname='RO-001']/failure")
    assert failure is not None
    assert failure.get("type") == "error"
    one_line = HOSTILE.replace("\x1b[31m", "").replace("\n", " ")  # one finding, one line
    assert failure.get("message") == one_line
    assert failure.text == f"{RAAM}:3:12 " + one_line
    skipped = suite.find("testcase[@classname='RO-002']/skipped")
    assert skipped is not None
    assert skipped.get("message") == "Besloten in het DB van 12 maart"


@pytest.mark.parametrize("fail_on, failing", [
    ("info", ["DO-001", "RO-001", "RO-003"]), ("warning", ["DO-001", "RO-001"]),
    ("error", ["RO-001"]), ("never", []),
])
def test_junit_fails_only_what_fails_the_check(fail_on: str, failing: list[str]) -> None:
    """A job that passes shows no failed test: findings below --fail-on are not <failure>."""
    suite = ET.fromstring(render("junit", fail_on=fail_on))
    assert [c.get("classname") for c in suite.iter("testcase")
            if c.find("failure") is not None] == failing
    assert suite.get("failures") == str(len(failing))


def test_junit_escapes_contract_text() -> None:
    out = render("junit")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\x1b" not in out
    suite = ET.fromstring(out)
    assert suite.find(".//script") is None


# -- github ---------------------------------------------------------------------------------

def test_github_workflow_commands() -> None:
    assert render("github").splitlines() == [
        "::warning file=contracten/do ict%3A2024%2Cv2.yaml,line=7,col=3,"
        "title=DO-001 budget-vermeld::Het budget van de dienst is niet vastgelegd.",
        f"::error file={RAAM},line=3,col=12,title=RO-001 termijn-raadsinformatie::"
        "Termijn ontbreekt: <script>alert(1)</script> [bold]x[/bold] | 50%25 klaar%0A"
        "zie bijlage",
        f"::notice file={RAAM},line=10,col=1,title=RO-003 evaluatie-gepland::"
        "Er is nog geen evaluatie gepland.",
    ]


# -- gitlab ---------------------------------------------------------------------------------

def test_gitlab_code_quality() -> None:
    issues = json.loads(render("gitlab"))
    assert issues == [
        {"description": "Het budget van de dienst is niet vastgelegd.", "check_name": "DO-001",
         "fingerprint": MISSING.fingerprint, "severity": "minor",
         "location": {"path": DEEL, "lines": {"begin": 7}}},
        {"description": HOSTILE, "check_name": "RO-001", "fingerprint": ERROR.fingerprint,
         "severity": "major", "location": {"path": RAAM, "lines": {"begin": 3}}},
        {"description": "Er is nog geen evaluatie gepland.", "check_name": "RO-003",
         "fingerprint": INFO.fingerprint, "severity": "info",
         "location": {"path": RAAM, "lines": {"begin": 10}}},
    ]


def test_gitlab_fingerprints_stay_unique() -> None:
    twice = [INFO, INFO.replace(line=11)]
    issues = json.loads(render("gitlab", findings=twice))
    assert issues[0]["fingerprint"] == INFO.fingerprint
    assert len({issue["fingerprint"] for issue in issues}) == 2


# -- markdown -------------------------------------------------------------------------------

def test_markdown_report() -> None:
    out = render("markdown")
    lines = out.splitlines()
    assert lines[0] == "# boce-lint rapport"
    assert "| Fouten | 1 |" in lines and "| Uitgezonderd | 2 |" in lines
    assert "| Geen bewijs | 1 |" in lines
    assert f"## {RAAM}" in lines
    row = next(line for line in lines if line.startswith("| 3:12 |"))
    assert row.startswith("| 3:12 | fout | RO-001 termijn-raadsinformatie | Termijn ontbreekt")
    # every row of a table has the same number of unescaped pipes
    for line in lines:
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) in (3, 5, 7)
    assert "## Uitgezonderd (pas toe of leg uit)" in lines
    waived = next(line for line in lines if "RO-002" in line)
    assert "Besloten in het DB van 12 maart" in waived and "J. de Vries" in waived


def test_markdown_escapes_contract_text() -> None:
    out = render("markdown")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\\[bold\\]x\\[/bold\\]" in out
    assert " \\| 50% klaar<br>zie bijlage" in out
    assert "\x1b" not in out


# -- paths ----------------------------------------------------------------------------------

def test_ci_formats_use_paths_relative_to_the_root(tmp_path: Path, sarif_validator: Any) -> None:
    inside = INFO.replace(file=str(tmp_path / "contracten" / "a b.yaml"))
    outside = INFO.replace(file="/elders/x.yaml", line=2)
    report = make_report(findings=[inside, outside], root=str(tmp_path))
    document = json.loads(get_formatter("sarif")(report))
    assert not list(sarif_validator.iter_errors(document))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]]
    assert uris == ["contracten/a%20b.yaml", "file:///elders/x.yaml"]
    assert [i["location"]["path"] for i in json.loads(get_formatter("gitlab")(report))] == [
        "contracten/a b.yaml", "/elders/x.yaml"]
    assert get_formatter("github")(report).startswith("::notice file=contracten/a b.yaml,line=1")
