"""The contract manager's loop: check one draft in its repository, read every message in plain
words (Dutch and English), and look up any code with ``explain``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from boce_lint.cli import cli

ROOT = Path(__file__).parents[1]
AS_OF = ["--as-of", "2024-03-01"]


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository as ``boce-lint init`` writes it, with the working directory above it."""
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "repo").exit_code == 0
    return tmp_path / "repo"


def rules_of(output: str) -> list[str]:
    return [line.split(": ", 1)[1].split(" ", 1)[0] for line in output.splitlines()
            if line.count(":") >= 3]


# ------------------------------------------------------------------ one draft in its repository
def test_one_file_is_checked_in_its_repository(repo):
    whole = invoke("check", "repo", *AS_OF, "--format", "concise")
    one = invoke("check", "repo/deelovereenkomsten/deelovereenkomst.yaml", *AS_OF,
                 "--format", "concise")
    assert "S009" not in one.output
    expected = [line for line in whole.output.splitlines()
                if line.startswith("repo/deelovereenkomsten/deelovereenkomst.yaml:")]
    assert one.output.splitlines() == expected and expected
    assert one.exit_code == 1


def test_dot_inside_a_subfolder_reports_only_that_folder(repo, monkeypatch):
    monkeypatch.chdir(repo / "deelovereenkomsten")
    result = invoke("check", ".", *AS_OF, "--format", "concise")
    assert result.output.splitlines()
    assert all(line.startswith("deelovereenkomst.yaml:") for line in result.output.splitlines())
    assert "S009" not in result.output


def test_a_real_dangling_reference_is_still_reported(repo):
    draft = repo / "deelovereenkomsten" / "deelovereenkomst.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "raamovereenkomst: raamovereenkomst", "raamovereenkomst: raamovereenkomst-2015"),
        encoding="utf-8")
    result = invoke("check", str(draft), *AS_OF, "--format", "concise")
    assert [line for line in result.output.splitlines() if " S009 " in line] == [
        f"{draft.relative_to(repo.parent)}:8:19: S009 Verwijzing 'raamovereenkomst-2015' wijst "
        "niet naar een bestaand document (raamovereenkomst)."]


def test_stdin_filename_checks_unsaved_text_in_context(repo):
    draft = repo / "deelovereenkomsten" / "deelovereenkomst.yaml"
    unsaved = draft.read_text(encoding="utf-8").replace("werkterrein:", "werkterein:")
    result = invoke("check", "--stdin-filename", str(draft), *AS_OF, "--format", "concise",
                    input=unsaved)
    lines = result.output.splitlines()
    assert any(" S007 Onbekend veld 'werkterein'; bedoelde u 'werkterrein'?" in line
               for line in lines)
    assert "S009" not in result.output
    assert all(line.startswith("repo/deelovereenkomsten/deelovereenkomst.yaml:") for line in lines)
    # the file on disk is untouched, and a check of it does not see the unsaved text
    assert "werkterein" not in invoke("check", str(draft), *AS_OF, "--format", "concise").output


def test_stdin_filename_for_a_file_not_saved_yet(repo):
    text = (repo / "deelovereenkomsten" / "deelovereenkomst.yaml").read_text(encoding="utf-8")
    new = repo / "deelovereenkomsten" / "nieuw.yaml"
    result = invoke("check", "--stdin-filename", str(new), *AS_OF, "--format", "concise",
                    input=text.replace("id: deelovereenkomst", "id: nieuw"))
    assert result.output.splitlines()
    assert all(line.startswith("repo/deelovereenkomsten/nieuw.yaml:")
               for line in result.output.splitlines())
    assert "S009" not in result.output and not new.exists()


# ------------------------------------------------------------------------- explain every code
@pytest.mark.parametrize("code", [f"S{n:03d}" for n in range(1, 15)] + ["W001", "W002", "W003"])
def test_explain_every_structural_code(code):
    dutch, english = invoke("explain", code), invoke("explain", code, "--lang", "en")
    assert dutch.exit_code == 0 and english.exit_code == 0
    assert dutch.output.startswith(f"{code} ") and "Hoe los ik het op:" in dutch.output
    assert english.output.startswith(f"{code} ") and "How to fix it:" in english.output
    assert "Wat betekent dit" not in english.output and "ernst" not in english.output


def test_explain_a_rule_in_english_has_english_labels():
    dutch, english = invoke("explain", "DO-001"), invoke("explain", "DO-001", "--lang", "en")
    assert "ernst: fout" in dutch.output and "Waarom (bron):" in dutch.output
    assert "severity: error" in english.output and "Why (source):" in english.output
    for word in ("ernst", "groep", "bestand", "Waarom", "Advies", "voorbeeld"):
        assert word not in english.output.replace("Voorbeeld", ""), word


def test_explain_unknown_code_is_one_line():
    result = invoke("explain", "S099")
    assert result.exit_code == 2 and result.output.count("\n") == 1


# ----------------------------------------------------------------------- invocation errors
@pytest.mark.parametrize("flag, expected", [
    (["--as-of", "2025-13-01"],
     "boce-lint: error: --as-of '2025-13-01': 2025-13-01 does not exist: a year has 12 months, "
     "month 13 does not exist (YYYY-MM-DD: the month first, then the day)\n"),
    (["--as-of", "2025-02-30"],
     "boce-lint: error: --as-of '2025-02-30': 2025-02-30 does not exist: February 2025 has 28 "
     "days\n"),
    (["--as-of", "1-3-2025"],
     "boce-lint: error: --as-of '1-3-2025': '1-3-2025' is not a date; write YYYY-MM-DD, for "
     "example 2025-03-31\n"),
    (["--select", "DO-999"],
     "boce-lint: error: --select: unknown rule 'DO-999'; see 'boce-lint rules'\n"),
    (["--ignore", "XX-"], "boce-lint: error: --ignore: unknown rule 'XX-'; see 'boce-lint rules'\n"),
    (["--config", 'select=["XX-1"]'], "boce-lint: error: --config: select: unknown rule 'XX-1'\n"),
])
def test_invocation_errors_are_one_readable_line(repo, flag, expected):
    result = invoke("check", "repo", *flag)
    assert result.exit_code == 2
    assert result.output == expected


def test_an_unknown_rule_in_the_configuration_names_the_file(repo):
    with (repo / "boce-lint.toml").open("a", encoding="utf-8") as handle:
        handle.write('select = ["DO-998"]\n')
    result = invoke("check", "repo")
    assert result.exit_code == 2
    assert result.output == f"boce-lint: error: {repo / 'boce-lint.toml'}: select: unknown rule 'DO-998'\n"
