"""boce-lint in CI code scanning: real output of a real check, read as GitHub and GitLab read it.

GitHub's ingestion rules are those of its page "SARIF support for code scanning" (required
properties and limits) and the GH rules of the SARIF multitool (``policies/github.config.xml``:
GH1001 locations with a URI, GH1003 a region with a start line, GH1004 array limits, GH1005
relative or file URIs, GH1006 absolute file URIs only under a known checkout path, GH1007 a
flattened message, GH2012 rules with short and full description and help). A file that breaks
one of them is rejected or shown wrongly; ``github_problems`` lists every such problem.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from boce_lint.rulebook.ruledocs import slug

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"
RULES_DOC = ROOT / "docs" / "rules.md"


def github_problems(log: dict[str, Any]) -> list[str]:
    problems: list[str] = []

    def need(ok: object, where: str, what: str) -> None:
        if not ok:
            problems.append(f"{where}: {what}")

    def text(value: Any) -> str:
        return value.get("text", "") if isinstance(value, dict) else ""

    need(str(log.get("$schema", "")).endswith(("2.1.0.json", "2.1.0")), "$schema",
         "must name the final SARIF 2.1.0 schema")
    need(log.get("version") == "2.1.0", "version", "must be 2.1.0")
    runs = log.get("runs") or []
    need(0 < len(runs) <= 20, "runs", "one to 20 runs")
    for r, run in enumerate(runs):
        at = f"runs[{r}]"
        driver = (run.get("tool") or {}).get("driver") or {}
        need(str(driver.get("name", "")).strip(), f"{at}.tool.driver", "name is required")
        rules = driver.get("rules")
        need(isinstance(rules, list), f"{at}.tool.driver", "rules are required")
        rules = rules or []
        need(len(rules) <= 1000, f"{at}.tool.driver.rules", "more than GitHub shows (1000)")
        for n, rule in enumerate(rules):
            where = f"{at}.tool.driver.rules[{n}]"
            need(str(rule.get("id", "")).strip(), where, "id is required")
            need(len(rule.get("name", "")) <= 255, where, "name over 255 characters")
            for field in ("shortDescription", "fullDescription"):
                need(text(rule.get(field)).strip(), where, f"{field}.text is required")
                need(len(text(rule.get(field))) <= 1024, where, f"{field} over 1024 characters")
            need(text(rule.get("help")).strip(), where, "help.text is required")
        base_ids = run.get("originalUriBaseIds") or {}
        for name, base in base_ids.items():
            uri = base.get("uri", "")
            need(uri.endswith("/"), f"{at}.originalUriBaseIds.{name}", "uri must end with /")
            need(urlsplit(uri).scheme == "file", f"{at}.originalUriBaseIds.{name}",
                 "uri must be an absolute file URI")
        checkout = [i.get("workingDirectory", {}).get("uri", "")
                    for i in run.get("invocations") or []]
        results = run.get("results")
        need(isinstance(results, list), at, "results are required")
        results = results or []
        need(len(results) <= 1000, f"{at}.results", "more than GitHub shows (1000)")
        for n, result in enumerate(results):
            where = f"{at}.results[{n}]"
            rule_id = result.get("ruleId")
            need(rule_id, where, "ruleId is required")
            if "ruleIndex" in result:
                need(0 <= result["ruleIndex"] < len(rules)
                     and rules[result["ruleIndex"]].get("id") == rule_id, where,
                     "ruleIndex does not point at the rule of ruleId")
            need(text(result.get("message")).strip(), where, "message.text is required (GH1007)")
            need(result.get("partialFingerprints"), where, "partialFingerprints are required")
            locations = result.get("locations") or []
            need(0 < len(locations) <= 10, where, "one to 10 locations (GH1001, GH1004)")
            for k, location in enumerate(locations):
                spot = f"{where}.locations[{k}].physicalLocation"
                physical = location.get("physicalLocation") or {}
                artifact = physical.get("artifactLocation") or {}
                uri = artifact.get("uri")
                need(uri, spot, "artifactLocation.uri is required (GH1001)")
                region = physical.get("region") or {}
                need(isinstance(region.get("startLine"), int) and region["startLine"] >= 1, spot,
                     "region.startLine is required (GH1003)")
                scheme = urlsplit(uri or "").scheme
                need(scheme in ("", "file"), spot, f"{uri!r} is not a file path (GH1005)")
                if scheme == "file":
                    need(any(uri.startswith(c) for c in checkout if c), spot,
                         "absolute file URI outside a known checkout path (GH1006)")
                else:
                    base = artifact.get("uriBaseId")
                    need(base in base_ids, spot, f"uriBaseId {base!r} not in originalUriBaseIds")
                    need(not (uri or "").startswith(("/", "../")), spot,
                         "a relative path must stay inside the repository root")
    return problems


def heading_anchors() -> set[str]:
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", RULES_DOC.read_text(encoding="utf-8"),
                                         flags=re.M)}


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, dict[str, str]]:
    """fixtures/boce inside a git work tree, checked from its root, from inside the checked
    folder and from outside the work tree: every CI format, once per working directory."""
    top = tmp_path_factory.mktemp("scan")
    repo = top / "werk"
    shutil.copytree(ROOT / "fixtures" / "boce", repo / "contracten",
                    ignore=shutil.ignore_patterns(".boce-lint-cache", "expected-findings.txt"))
    (repo / ".git").mkdir()  # what makes a folder the root of a git work tree
    outputs: dict[str, dict[str, str]] = {}
    for cwd, target in ((repo, "contracten"), (repo / "contracten", "."),
                        (top, "werk/contracten")):
        out = top / f"out-{len(outputs)}"
        out.mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "boce_lint", "check", target, "--isolated", "--no-cache",
             "--as-of", "2023-01-01", "--format", "json",
             *(f"--output={name}={out / name}" for name in ("sarif", "gitlab", "junit",
                                                              "json-lines", "github"))],
            capture_output=True, text=True, cwd=cwd, timeout=300)
        assert done.returncode == 1, done.stderr
        outputs[str(cwd)] = {"json": done.stdout, **{p.name: p.read_text(encoding="utf-8")
                                                     for p in out.iterdir()}}
    return outputs


def test_sarif_meets_githubs_ingestion_rules(checked):
    for outputs in checked.values():
        assert github_problems(json.loads(outputs["sarif"])) == []


def test_the_check_itself_catches_what_github_refuses():
    """The checker is not vacuous: each broken property is reported."""
    log = {"$schema": "sarif-2.0.0.json", "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "x", "rules": [{"id": "R1", "shortDescription": {"text": "s"},
                                                     "help": {"text": ""}}]}},
        "results": [{"ruleId": "R1", "ruleIndex": 0, "message": {},
                     "locations": [{"physicalLocation": {
                         "artifactLocation": {"uri": "https://example.org/a.yaml"},
                         "region": {}}}]},
                    {"message": {"text": "m"}, "partialFingerprints": {"a": "b"},
                     "locations": [{"physicalLocation": {
                         "artifactLocation": {"uri": "file:///elders/a.yaml"},
                         "region": {"startLine": 1}}}]}]}]}
    found = "\n".join(github_problems(log))
    for expected in ("$schema", "fullDescription.text is required", "help.text is required",
                     "message.text is required", "partialFingerprints are required",
                     "(GH1003)", "(GH1005)", "(GH1006)", "ruleId is required"):
        assert expected in found, expected


def test_every_rule_has_descriptions_help_and_a_help_anchor_that_exists(checked):
    anchors = heading_anchors()
    sarif = json.loads(next(iter(checked.values()))["sarif"])
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 100
    for rule in rules:
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} "), rule["id"]
        uri = urlsplit(rule["helpUri"])
        assert uri.scheme == "https" and uri.path.endswith("/docs/rules.md"), rule["helpUri"]
        assert uri.fragment in anchors, f"{rule['id']}: no heading #{uri.fragment} in rules.md"


def test_help_is_what_explain_prints():
    from click.testing import CliRunner

    from boce_lint.cli import cli

    done = subprocess.run([sys.executable, "-m", "boce_lint", "check", "fixtures/boce",
                           "--isolated", "--no-cache", "--as-of", "2023-01-01", "--format",
                           "sarif"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    rules = {r["id"]: r for r in json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    explained = CliRunner().invoke(cli, ["explain", "DO-001"]).output
    assert rules["DO-001"]["help"]["text"] == explained.rstrip("\n")
    assert "Goed voorbeeld" in rules["DO-001"]["help"]["markdown"]
    # the structural checks are described too
    assert "64 niveaus" in rules["S011"]["fullDescription"]["text"]


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="../shared/data/sarif-schema-2.1.0.json "
                    "is not beside the repository")
def test_sarif_validates_against_the_official_schema(checked):
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    for outputs in checked.values():
        errors = list(validator.iter_errors(json.loads(outputs["sarif"])))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_paths_are_relative_to_the_repository_root_whatever_the_working_directory(checked):
    """Run from the work tree's root, from inside the checked folder or from outside: every CI
    format names the files the same way, from the repository root."""
    seen = []
    for outputs in checked.values():
        sarif = json.loads(outputs["sarif"])["runs"][0]
        paths = {
            "sarif": sorted({unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]
                                     ["uri"]) for r in sarif["results"]}),
            "gitlab": sorted({i["location"]["path"] for i in json.loads(outputs["gitlab"])}),
            "junit": sorted({c.get("name") for c in ET.fromstring(outputs["junit"]).iter(
                "testcase") if c.get("name") != "repository"}),
            "json": sorted({f["file"] for f in json.loads(outputs["json"])["findings"]}),
            "json-lines": sorted({json.loads(line)["file"]
                                  for line in outputs["json-lines"].splitlines()}),
            "github": sorted(set(re.findall(r"file=([^,]+),", outputs["github"]))),
        }
        for name, files in paths.items():
            assert files and all(f.startswith("contracten/") for f in files), (name, files)
        root = Path(urlsplit(sarif["originalUriBaseIds"]["REPOROOT"]["uri"]).path)
        assert (root / ".git").is_dir()
        assert all((root / f).is_file() for f in paths["sarif"])
        seen.append(paths)
    assert seen[0] == seen[1] == seen[2]
