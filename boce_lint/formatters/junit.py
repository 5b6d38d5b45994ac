"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure DevOps).

Each (rule, file) pair with findings that fail the check (at or above ``--fail-on``) is a test
case with one <failure> per finding; findings below that threshold are listed in the case's
<system-out> and do not fail it, so that a job that passes shows no failed tests. Each rule
without findings passes once, as the test case "repository". Waived findings form their own
skipped test case: a case holding both <failure> and <skipped> is shown as skipped by some
readers (Jenkins), which would hide the failures. The counts on <testsuite> count test cases.
Paths are relative to the repository root.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from boce_lint.findings.finding import Finding
from boce_lint.paths import relative_path
from boce_lint.safetext import command_safe_path

from . import THRESHOLD, Report
from ._common import clean_xml, label, one_line

_REPOSITORY = "repository"


def _location(f: Finding, root: str) -> str:
    return command_safe_path(f"{relative_path(f.file, root)}:{f.line}:{f.column}")


def _message(f: Finding, lang: str) -> str:
    """One logical line: a CI log that prints the file shows each finding on a line of its own."""
    return one_line(clean_xml(f.text(lang)))


def _failure(case: ET.Element, f: Finding, lang: str, root: str) -> None:
    message = _message(f, lang)
    failure = ET.SubElement(case, "failure", message=message, type=f.severity.value)
    failure.text = clean_xml(f"{_location(f, root)} {message}")


def _passing(case: ET.Element, findings: list[Finding], lang: str, root: str) -> None:
    """Findings below the fail threshold: reported, not failed."""
    out = ET.SubElement(case, "system-out")
    out.text = clean_xml("\n".join(f"{_location(f, root)} {f.severity.value}: {_message(f, lang)}"
                                    for f in findings))


def _skipped(case: ET.Element, findings: list[Finding], lang: str, root: str) -> None:
    justifications = list(dict.fromkeys(
        (f.suppression.justification if f.suppression else "") for f in findings))
    skipped = ET.SubElement(case, "skipped",
                            message=clean_xml("; ".join(j for j in justifications if j)))
    lines = []
    for f in findings:
        s = f.suppression
        line = f"{_location(f, root)} {_message(f, lang)}"
        if s is not None:
            line += f" -- {one_line(clean_xml(s.justification))}"
            if s.owner:
                line += f" ({label(lang, 'owner')}: {one_line(clean_xml(s.owner))})"
        lines.append(line)
    skipped.text = clean_xml("\n".join(lines))


def render(report: Report) -> str:
    lang, root = report.lang, report.root
    threshold = THRESHOLD[report.fail_on]
    rule_ids = list(report.rules)
    rule_ids += list(dict.fromkeys(f.rule_id for f in report.findings if f.rule_id not in
                                   report.rules))
    pairs: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        pairs.setdefault((f.rule_id, relative_path(f.file, root)), []).append(f)

    suite = ET.Element("testsuite", name="boce-lint")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="version", value=clean_xml(report.tool_version))
    ET.SubElement(properties, "property", name="as-of", value=report.as_of.isoformat())
    ET.SubElement(properties, "property", name="fail-on", value=report.fail_on)
    tests = failures = skipped = 0
    for rule_id in rule_ids:
        files = [(file, found) for (rid, file), found in pairs.items() if rid == rule_id]
        if not files:
            ET.SubElement(suite, "testcase", classname=clean_xml(rule_id), name=_REPOSITORY)
            tests += 1
            continue
        for file, found in files:
            failing = [f for f in found if f.counts and f.severity.rank >= threshold]
            below = [f for f in found if f.counts and f.severity.rank < threshold]
            waived = [f for f in found if not f.counts]
            if failing or below:
                case = ET.SubElement(suite, "testcase", classname=clean_xml(rule_id),
                                     name=clean_xml(file))
                for f in failing:
                    _failure(case, f, lang, root)
                if below:
                    _passing(case, below, lang, root)
                tests += 1
                failures += bool(failing)
            if waived:
                name = file if not (failing or below) else f"{file} ({label(lang, 'waived')})"
                case = ET.SubElement(suite, "testcase", classname=clean_xml(rule_id),
                                     name=clean_xml(name))
                _skipped(case, waived, lang, root)
                tests += 1
                skipped += 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    ET.indent(suite, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suite, encoding="unicode") + "\n")
