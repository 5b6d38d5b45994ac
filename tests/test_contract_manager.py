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
