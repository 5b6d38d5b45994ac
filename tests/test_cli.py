"""The command line as a CI pipeline and a contract manager use it: exit codes, selection,
configuration, waivers, baselines, outputs, init."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from boce_lint.cli import cli

ROOT = Path(__file__).parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"
AS_OF = ["--as-of", "2024-03-01"]


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A copy of the compliant repository with three known gaps, in a folder of its own."""
    target = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "compliant", target)
    (target / "expected-findings.txt").unlink()
    sub = target / "deelovereenkomsten" / "ict.yaml"
    data = yaml.safe_load(sub.read_text(encoding="utf-8"))
    del data["leveringsvoorwaarden"]  # DO-005 (error): no delivery terms
    data["werkterrein"] = ""  # DO-001 (error): empty work area
    sub.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return target


def concise(result) -> list[str]:
    return [line.split(": ", 1)[1].split(" ", 1)[0] for line in result.output.splitlines()]


def test_findings_and_default_exit_code(repo):
    result = invoke("check", "repo", *AS_OF, "--format", "concise")
    assert result.exit_code == 1
    assert sorted(concise(result)) == ["DO-001", "DO-005"]


@pytest.mark.parametrize("args, code", [
    ([], 1), (["--fail-on", "never"], 0), (["--exit-zero"], 0), (["--fail-on", "info"], 1),
    (["--ignore", "DO-001", "--ignore", "DO-005"], 0),
    (["--ignore", "DO-", "--fail-on", "warning"], 0),
])
def test_exit_code_thresholds(repo, args, code):
    assert invoke("check", "repo", *AS_OF, "--format", "concise", *args).exit_code == code


def test_warning_threshold_counts_warnings(repo, tmp_path):
    (tmp_path / "repo" / "boce-lint.toml").write_text('[severity]\n"DO-005" = "warning"\n'
                                                      '"DO-001" = "warning"\n')
    assert invoke("check", "repo", *AS_OF).exit_code == 0
    assert invoke("check", "repo", *AS_OF, "--fail-on", "warning").exit_code == 1


def test_junit_of_a_passing_job_has_no_failed_test(repo, tmp_path):
    """Warnings below --fail-on: the job passes, and JUnit shows them without a failure."""
    import xml.etree.ElementTree as ET

    (tmp_path / "repo" / "boce-lint.toml").write_text('[severity]\n"DO-005" = "warning"\n'
                                                      '"DO-001" = "warning"\n')
    result = invoke("check", "repo", *AS_OF, "--output", "junit=passing.xml")
    assert result.exit_code == 0
    suite = ET.parse(tmp_path / "passing.xml").getroot()
    assert suite.get("failures") == "0" and not list(suite.iter("failure"))
    shown = "".join(out.text or "" for out in suite.iter("system-out"))
    assert shown.count(" warning: ") == 2 and "deelovereenkomsten/ict.yaml:" in shown
    failing = invoke("check", "repo", *AS_OF, "--fail-on", "warning",
                     "--output", "junit=failing.xml")
    assert failing.exit_code == 1
    assert ET.parse(tmp_path / "failing.xml").getroot().get("failures") == "2"


@pytest.mark.parametrize("selector, expected", [
    ("DO-005", ["DO-005"]), ("*-ontbreekt", ["DO-001"]), ("RO-14.1.e", ["DO-005"]),
    ("RO-14.1", ["DO-001", "DO-005"]), ("RK-", []),
])
def test_select_by_id_name_glob_and_key_prefix(repo, selector, expected):
    result = invoke("check", "repo", *AS_OF, "--format", "concise", "--select", selector)
    assert sorted(concise(result)) == expected


def test_unknown_selector_is_a_usage_error(repo):
    result = invoke("check", "repo", *AS_OF, "--select", "DO-999")
    assert result.exit_code == 2 and "unknown rule 'DO-999'" in result.output


def test_outcome_filter_and_english(repo):
    result = invoke("check", "repo", *AS_OF, "--format", "json", "--lang", "en",
                    "--outcome", "violation")
    data = json.loads(result.output)
    assert {f["outcome"] for f in data["findings"]} == {"violation"}
    missing = invoke("check", "repo", *AS_OF, "--format", "concise", "--outcome",
                     "missing-evidence")
    assert missing.output == "" and missing.exit_code == 0
    text = invoke("check", "repo", *AS_OF, "--lang", "en", "--format", "concise").output
    assert "does not describe its work area" in text


def test_several_outputs_in_one_run(repo, tmp_path):
    import jsonschema

    result = invoke("check", "repo", *AS_OF, "--output", "sarif=out.sarif",
                    "--output", "junit=out.xml", "--output", "gitlab=gl.json")
    assert result.exit_code == 1
    assert "DO-005" in result.output  # text on stdout at the same time
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"DO-001", "DO-005"}
    import xml.etree.ElementTree as ET

    suite = ET.parse(tmp_path / "out.xml").getroot()
    failures = [f for f in suite.iter("failure")]
    assert len(failures) == 2
    gitlab = json.loads((tmp_path / "gl.json").read_text(encoding="utf-8"))
    assert {i["check_name"] for i in gitlab} == {"DO-001", "DO-005"}


def test_github_annotations(repo):
    result = invoke("check", "repo", *AS_OF, "--format", "github")
    lines = result.output.splitlines()
    assert len(lines) == 2 and all(line.startswith("::error file=repo/deelovereenkomsten/")
                                   for line in lines)


def test_bad_output_spec_and_bad_date_are_usage_errors(repo):
    assert invoke("check", "repo", "--output", "pdf=x.pdf").exit_code == 2
    result = invoke("check", "repo", "--as-of", "2024-13-01")
    assert result.exit_code == 2 and "Traceback" not in result.output


# ---------------------------------------------------------------- configuration
def test_config_found_walking_up_and_isolated_ignores_it(repo, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.boce-lint]\nignore = ["DO-005"]\n'
                                             'as-of = "2024-03-01"\n')
    result = invoke("check", "repo", "--format", "concise")  # repo/ has none: found one up
    assert concise(result) == ["DO-001"]
    isolated = invoke("check", "repo", *AS_OF, "--format", "concise", "--isolated")
    assert sorted(concise(isolated)) == ["DO-001", "DO-005"]


def test_dedicated_config_file_wins_and_flags_override(repo, tmp_path):
    (tmp_path / "repo" / "boce-lint.toml").write_text('select = ["DO-001"]\nformat = "concise"\n')
    assert concise(invoke("check", "repo", *AS_OF)) == ["DO-001"]
    assert concise(invoke("check", "repo", *AS_OF, "--select", "DO-005")) == ["DO-005"]
    overridden = invoke("check", "repo", *AS_OF, "--config", 'select=["DO-005"]')
    assert concise(overridden) == ["DO-005"]


@pytest.mark.parametrize("content, fragment", [
    ('sellect = ["DO-001"]\n', "unknown key 'sellect'; did you mean 'select'?"),
    ('fail-on = "sometimes"\n', "fail-on"),
    ('[severity]\n"XX-001" = "warning"\n', "severity: unknown rule 'XX-001'"),
    ('select = [\n', "invalid TOML"),
    ('[[waivers]]\nrule = "DO-005"\nowner = "x"\n', "justification"),
])
def test_configuration_errors_name_key_and_file(repo, tmp_path, content, fragment):
    (tmp_path / "repo" / "boce-lint.toml").write_text(content)
    result = invoke("check", "repo", *AS_OF)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "boce-lint.toml" in lines[0]


def test_config_override_must_be_key_value(repo):
    result = invoke("check", "repo", "--config", "nonsense")
    assert result.exit_code == 2 and "KEY=VALUE" in result.output


def test_per_file_ignores(repo, tmp_path):
    (tmp_path / "repo" / "boce-lint.toml").write_text(
        '[per-file-ignores]\n"deelovereenkomsten/*.yaml" = ["DO-005"]\n')
    assert concise(invoke("check", "repo", *AS_OF, "--format", "concise")) == ["DO-001"]


# ---------------------------------------------------------------- waivers
WAIVER = textwrap.dedent("""\
    [[waivers]]
    rule = "DO-005"
    files = "deelovereenkomsten/*.yaml"
    justification = "Leveringsvoorwaarden volgen bij de herziening."
    owner = "contractbeheerder Emmen"
    expires = "{expires}"
    """)


def test_waiver_suppresses_but_stays_visible(repo, tmp_path):
    (tmp_path / "repo" / "boce-lint.toml").write_text(
        'ignore = ["DO-001"]\n' + WAIVER.format(expires="2030-01-01"))
    result = invoke("check", "repo", *AS_OF)
    assert result.exit_code == 0
    assert "Leveringsvoorwaarden volgen bij de herziening." in result.output  # text summary
    data = json.loads(invoke("check", "repo", *AS_OF, "--format", "json").output)
    [waived] = [f for f in data["findings"] if f["rule_id"] == "DO-005"]
    assert waived["suppression"]["owner"] == "contractbeheerder Emmen"
    sarif = json.loads(invoke("check", "repo", *AS_OF, "--format", "sarif").output)
    [result_] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "DO-005"]
    assert result_["suppressions"][0]["justification"].startswith("Leveringsvoorwaarden")


def test_expired_waiver_stops_applying_and_is_reported(repo, tmp_path):
    (tmp_path / "repo" / "boce-lint.toml").write_text(WAIVER.format(expires="2024-01-01"))
    result = invoke("check", "repo", *AS_OF, "--format", "concise")
    assert sorted(concise(result)) == ["DO-001", "DO-005", "W001"]
    assert "repo/boce-lint.toml:1:1: W001" in result.output


def test_unused_waiver_is_reported(repo, tmp_path):
    (tmp_path / "repo" / "boce-lint.toml").write_text(
        WAIVER.format(expires="2030-01-01").replace("DO-005", "DO-003"))
    result = invoke("check", "repo", *AS_OF, "--format", "concise")
    assert "W002" in concise(result)


def test_inline_waiver(repo):
    sub = repo / "deelovereenkomsten" / "ict.yaml"
    lines = sub.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line == "werkterrein: ''")
    lines.insert(index, '# boce-lint: negeer DO-001 reden="Volgt in versie 2" eigenaar="J. Jansen"')
    sub.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("check", "repo", *AS_OF, "--format", "json")
    data = json.loads(result.output)
    [waived] = [f for f in data["findings"] if f["rule_id"] == "DO-001"]
    assert waived["suppression"]["kind"] == "inline-waiver"
    assert waived["suppression"]["justification"] == "Volgt in versie 2"


def test_inline_waiver_without_reason_is_reported(repo):
    sub = repo / "deelovereenkomsten" / "ict.yaml"
    sub.write_text(sub.read_text(encoding="utf-8").replace(
        "werkterrein: ''", "werkterrein: ''  # boce-lint: negeer DO-001"), encoding="utf-8")
    result = invoke("check", "repo", *AS_OF, "--format", "concise")
    assert "W003" in concise(result) and "DO-001" in concise(result)


# ---------------------------------------------------------------- baseline
def test_baseline_round_trip_survives_moved_lines(repo, tmp_path):
    result = invoke("check", "repo", *AS_OF, "--write-baseline", "baseline.json")
    assert result.exit_code == 0
    entries = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert {e["rule"] for e in entries} == {"DO-001", "DO-005"}
    sub = repo / "deelovereenkomsten" / "ict.yaml"
    sub.write_text("# nieuwe toelichting\n# nog een regel\n\n" + sub.read_text(encoding="utf-8"),
                   encoding="utf-8")
    assert invoke("check", "repo", *AS_OF, "--baseline", "baseline.json").exit_code == 0
    # a new gap still counts
    text = sub.read_text(encoding="utf-8").replace("kwaliteit:", "kwaliteit_oud:", 1)
    sub.write_text(text, encoding="utf-8")
    again = invoke("check", "repo", *AS_OF, "--baseline", "baseline.json", "--format", "concise")
    assert again.exit_code != 0


def test_missing_baseline_is_a_usage_error(repo):
    result = invoke("check", "repo", *AS_OF, "--baseline", "nope.json")
    assert result.exit_code == 2 and "nope.json" in result.output


# ---------------------------------------------------------------- other commands
def test_init_scaffold_reports_only_its_placeholders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "nieuw").exit_code == 0
    assert (tmp_path / "nieuw" / ".schemas" / "deelovereenkomst.schema.json").is_file()
    first = (tmp_path / "nieuw" / "deelovereenkomsten" / "deelovereenkomst.yaml").read_text()
    assert first.startswith("# yaml-language-server: $schema=../.schemas/")
    result = invoke("check", "nieuw", "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert findings and {f["keys"][0] for f in findings} == {"RO-placeholders"}
    assert invoke("init", "nieuw").exit_code == 2  # never overwrites


def test_rule_file_error_is_exit_2_with_position(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn").mkdir()
    (tmp_path / "mijn" / "fout.boce").write_text(
        'regel MY-001 mijn-regel\n  titel "x"\n  bron RO-4.2\n  ernst fout\n'
        '  voor elke deelovereenkomst d\n  vereist aanwezig d.x\n  melding "m"\n')
    result = invoke("test-rules", "mijn")
    assert result.exit_code == 2
    assert "mijn/fout.boce:6:3:" in result.output and "^" in result.output
    assert "Traceback" not in result.output


def test_user_rules_extend_the_rulebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mijn").mkdir()
    (tmp_path / "mijn" / "eigen.boce").write_text(textwrap.dedent('''\
        regel MY-001 deelovereenkomst-zonder-overige-bepalingen
          titel "Deelovereenkomst zonder overige bepalingen"
          bron GM-versions
          ernst info
          voor elke deelovereenkomst d:
            vereist aanwezig d.bepalingen
          melding "'{d.titel}' heeft geen overige bepalingen."
          voorbeeld fout """
            titel: x
          """
          voorbeeld goed """
            titel: x
            bepalingen: [y]
          """
        '''))
    result = invoke("test-rules", "mijn")
    assert result.exit_code == 0 and "0 failed" in result.output
    checked = invoke("check", str(ROOT / "fixtures" / "compliant"), *AS_OF, "--rules", "mijn",
                     "--format", "concise", "--isolated")
    assert "MY-001" in checked.output


def test_no_colour_when_not_a_terminal(repo):
    result = invoke("check", "repo", *AS_OF)
    assert "\x1b[" not in result.output


def test_jobs_give_identical_output(repo):
    one = invoke("check", "repo", *AS_OF, "--format", "json")
    two = invoke("check", "repo", *AS_OF, "--format", "json", "--jobs", "2")
    assert one.output == two.output


def test_version_and_help():
    assert invoke("--version").output.startswith("boce-lint, version")
    help_text = invoke("check", "--help").output
    assert "Examples:" in help_text and "--fail-on" in help_text


def _only_missing_evidence(tmp_path: Path) -> Path:
    """A signed framework since 2021 and nothing else: stuurgroep years are missing evidence."""
    root = tmp_path / "alleen-bewijs"
    root.mkdir()
    (root / "raamovereenkomst.yaml").write_text(textwrap.dedent("""\
        soort: raamovereenkomst
        versie: 1
        id: ro
        titel: Raamovereenkomst
        status: ondertekend
        ingangsdatum: 2021-01-01
    """), encoding="utf-8")
    return root


def test_missing_evidence_is_counted_apart_and_does_not_fail_by_default(tmp_path):
    root = _only_missing_evidence(tmp_path)
    args = ["check", str(root), "--isolated", "--as-of", "2023-06-01", "--select", "GOV-002"]
    result = invoke(*args, "--format", "json")
    data = json.loads(result.output)
    assert data["summary"]["errors"] == 0 and data["summary"]["missing_evidence"] == 2
    assert [f["evidence"]["jaar"] for f in data["findings"]] == [2021, 2022]
    assert result.exit_code == 0
    text = invoke(*args)
    assert text.output.splitlines()[-1] == "Gevonden: 0 fouten, 0 waarschuwingen, 0 info; " \
                                           "2 zonder bewijs."
    assert invoke(*args, "--fail-on-missing-evidence").exit_code == 1
    assert invoke(*args, "--config", "fail-on-missing-evidence=true").exit_code == 1
    assert invoke(*args, "--config", "fail-on-missing-evidence=true",
                  "--no-fail-on-missing-evidence").exit_code == 0


def test_renamed_key_is_accepted_in_select_ignore_waivers_and_baselines(repo, tmp_path):
    """LAW-aw-2.24a (catalogue v1) is LAW-aw-2.24-a now; configurations keep working."""
    by_law = repo / "verordeningen" / "coevorden-2021.yaml"
    data = yaml.safe_load(by_law.read_text(encoding="utf-8"))
    data["terreinen"] = ["sociale-zaken"]  # VA-006: ICT and inkoop fall outside the by-law
    by_law.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    selected = invoke("check", "repo", *AS_OF, "--format", "concise", "--select", "LAW-aw-2.24a")
    assert set(concise(selected)) == {"VA-006"}
    ignored = invoke("check", "repo", *AS_OF, "--format", "concise", "--ignore", "LAW-aw-2.24a")
    assert "VA-006" not in concise(ignored)
    (repo / "boce-lint.toml").write_text(
        WAIVER.format(expires="2030-01-01").replace("DO-005", "LAW-aw-2.24a")
        .replace("deelovereenkomsten/*.yaml", "**"))
    found = json.loads(invoke("check", "repo", *AS_OF, "--format", "json").output)["findings"]
    va = [f for f in found if f["rule_id"] == "VA-006"]
    assert va and all((f["suppression"] or {}).get("kind") == "waiver" for f in va)
    assert "W002" not in [f["rule_id"] for f in found]  # the old key matched its findings
    (repo / "boce-lint.toml").unlink()
    baseline = tmp_path / "baseline.json"
    assert invoke("check", "repo", *AS_OF, "--write-baseline", str(baseline)).exit_code in (0, 1)
    again = invoke("check", "repo", *AS_OF, "--format", "concise", "--baseline", str(baseline),
                   "--select", "LAW-aw-2.24a")
    assert again.exit_code == 0 and again.output == ""


# -- colour, settings and shell completion -------------------------------------------------

@pytest.mark.parametrize("args, env, coloured", [
    ([], {}, False),  # not a terminal
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins over FORCE_COLOR
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag wins over both
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    (["--config", 'color="always"'], {}, True),  # a configuration key like every flag
])
def test_color_flag_and_environment(repo, monkeypatch, args, env, coloured):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = invoke("check", "repo", *AS_OF, *args, env=env)
    assert result.exit_code == 1
    assert ("\x1b[" in result.output) is coloured
    assert "DO-005" in result.output


def test_show_settings_prints_each_value_and_where_it_came_from(repo, tmp_path):
    import tomllib

    (repo / "boce-lint.toml").write_text('fail-on = "warning"\nignore = ["BA-"]\n',
                                         encoding="utf-8")
    result = invoke("check", "repo", "--show-settings", "--lang", "en", "--config", "jobs=2")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines()
             if not line.startswith("#")}
    assert lines["fail-on"].endswith(f'= "warning"  # {repo / "boce-lint.toml"}')
    assert lines["ignore"].endswith(f'= ["BA-"]  # {repo / "boce-lint.toml"}')
    assert lines["lang"].endswith('= "en"  # command line')
    assert lines["jobs"].endswith("= 2  # --config jobs=2")
    assert lines["format"].endswith('= "text"  # default')
    assert f"# configuration file: {repo / 'boce-lint.toml'}" in result.output
    assert "# as-of" in result.output and "(not set: today," in result.output
    assert "DO-005" not in result.output  # nothing is checked
    settings = tomllib.loads(result.output)  # the text is TOML: the settings themselves
    assert (settings["fail-on"], settings["jobs"], settings["lang"]) == ("warning", 2, "en")


def test_shell_completion_of_the_installed_command():
    import os
    import subprocess
    import sys

    script = Path(sys.executable).parent / "boce-lint"
    env = {**os.environ, "_BOCE_LINT_COMPLETE": "bash_source"}
    source = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert source.returncode == 0 and "_boce_lint_completion()" in source.stdout
    assert "complete -o nosort -F _boce_lint_completion boce-lint" in source.stdout
    env.update({"_BOCE_LINT_COMPLETE": "bash_complete", "COMP_WORDS": "boce-lint check --col",
                "COMP_CWORD": "2"})
    words = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert words.stdout.split() == ["plain,--color"]


def test_a_clean_repository_fails_when_a_calendar_year_completes(monkeypatch):
    """Without a pinned as-of date, 1 January brings the year just ended under the yearly
    rules: each finding that appears that day says which year became complete, and since
    when."""
    monkeypatch.chdir(ROOT)
    common = ["check", "fixtures/compliant", "--isolated", "--no-cache", "--format", "concise"]
    for lang, note in (("nl", "2024 is volledig sinds 1 januari 2025)"),
                       ("en", "2024 is complete since 1 January 2025)")):
        before = invoke(*common, "--as-of", "2024-12-31", "--lang", lang)
        after = invoke(*common, "--as-of", "2025-01-01", "--lang", lang)
        assert (before.exit_code, after.exit_code) == (0, 1)
        new = set(after.output.splitlines()) - set(before.output.splitlines())
        assert new and all(note in line for line in new), sorted(new)


def test_init_template_warns_about_the_as_of_date(tmp_path):
    assert invoke("init", str(tmp_path / "nieuw")).exit_code == 0
    config = (tmp_path / "nieuw" / "boce-lint.toml").read_text(encoding="utf-8")
    assert '# as-of = "' in config
    assert "clean yesterday can fail today" in config and "1 January" in config
