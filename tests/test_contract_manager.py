"""The contract manager's loop: check one draft in its repository, read every message in plain
words (Dutch and English), and look up any code with ``explain``."""

from __future__ import annotations

import re
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
@pytest.mark.parametrize("code", [f"S{n:03d}" for n in range(1, 18)] + ["W001", "W002", "W003"])
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
    (["--ignore", "XX-"],
     "boce-lint: error: --ignore: unknown rule 'XX-'; see 'boce-lint rules'\n"),
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
    assert result.output == \
        f"boce-lint: error: {repo / 'boce-lint.toml'}: select: unknown rule 'DO-998'\n"


# ------------------------------------------------------------- mistakes and their messages
DRAFT = "deelovereenkomsten/ict.yaml"

# (mistake, text in the compliant draft, what the contract manager typed instead,
#  the finding in Dutch, the same in English)
MISTAKES = [
    ("date that does not exist", "ingangsdatum: 2022-01-01", "ingangsdatum: 2025-02-30",
     "15: S007 '2025-02-30' is geen bestaande datum voor 'ingangsdatum': 30 februari 2025 "
     "bestaat niet.",
     "15: S007 '2025-02-30' is not an existing date for 'ingangsdatum': February 30, 2025 does "
     "not exist."),
    ("month 13", "ingangsdatum: 2022-01-01", "ingangsdatum: 2025-13-01",
     "15: S007 '2025-13-01' is geen bestaande datum voor 'ingangsdatum': maand 13 bestaat niet.",
     "15: S007 '2025-13-01' is not an existing date for 'ingangsdatum': month 13 does not "
     "exist."),
    ("Dutch date order", "ingangsdatum: 2022-01-01", "ingangsdatum: 01-01-2022",
     "15: S007 '01-01-2022' is geen geldige datum voor 'ingangsdatum'; schrijf JJJJ-MM-DD.",
     "15: S007 '01-01-2022' is not a valid date for 'ingangsdatum'; write YYYY-MM-DD."),
    ("implausible date", "ingangsdatum: 2022-01-01", "ingangsdatum: 2205-01-01",
     "15: S017 2205-01-01 ligt ver in de toekomst; is het jaartal 2205 een tikfout?",
     "15: S017 2205-01-01 lies far in the future; is the year 2205 a typo?"),
    ("decimal comma between { }", "  - id: ict-beschikbaarheid",
     "  - {id: ict-x, streefwaarde: 12,50}\n  - id: ict-beschikbaarheid",
     "34: S007 Onbekend veld '50': tussen { } scheidt een komma twee velden, dus "
     "'streefwaarde: 12,50' zijn er twee. Schrijf het getal met een punt: streefwaarde: 12.50.",
     "34: S007 Unknown field '50': between { } a comma separates two fields, so "
     "'streefwaarde: 12,50' are two. Write the number with a decimal point: streefwaarde: 12.50."),
    ("unquoted comma between { }", "  - id: ict-beschikbaarheid",
     "  - {id: ict-x, naam: Jansen, J.}\n  - id: ict-beschikbaarheid",
     "31: S007 Onbekend veld 'J.': staat er een komma in de waarde van 'naam' tussen { }? "
     "Daar scheidt een komma twee velden; zet de waarde tussen aanhalingstekens: "
     "naam: \"Jansen, J.\".",
     "31: S007 Unknown field 'J.': does the value of 'naam' between { } hold a comma? There a "
     "comma separates two fields; quote the value: naam: \"Jansen, J.\"."),
    ("unquoted colon", "titel: Deelovereenkomst ICT BOCE 2022",
     "titel: Deelovereenkomst ICT: BOCE 2022",
     "28: S001 YAML-syntaxfout: de waarde op deze regel bevat een dubbele punt met een spatie "
     "erna (': '); in YAML begint die een nieuw veld. Zet de waarde tussen aanhalingstekens: "
     "titel: \"Deelovereenkomst ICT: BOCE 2022\".",
     "28: S001 YAML syntax error: the value on this line holds a colon followed by a space "
     "(': '), which starts a new field in YAML. Quote the value: titel: \"Deelovereenkomst ICT: "
     "BOCE 2022\"."),
    ("tab", "titel: Deelovereenkomst ICT BOCE 2022", "\ttitel: Deelovereenkomst ICT BOCE 2022",
     "1: S001 YAML-syntaxfout: er staat een tab; YAML springt in met spaties. Vervang de tab "
     "door spaties.",
     "1: S001 YAML syntax error: there is a tab; YAML indents with spaces. Replace the tab with "
     "spaces."),
    ("text where a number belongs", "      prijs: 1620", "      prijs: twaalf",
     "14: S007 'prijs' moet een getal zijn, maar is de tekst 'twaalf'.",
     "14: S007 'prijs' must be a number, but is the text 'twaalf'."),
    ("list written with { }", "gastgemeenten: [Borger-Odoorn, Coevorden]",
     "gastgemeenten: {Borger-Odoorn, Coevorden}",
     "16: S007 'gastgemeenten' moet een lijst zijn, maar is een object: een lijst staat tussen "
     "[ ], niet tussen { }: [Borger-Odoorn, Coevorden].",
     "16: S007 'gastgemeenten' must be a list, but is a mapping: a list stands between [ ], "
     "not between { }: [Borger-Odoorn, Coevorden]."),
    ("id with spaces", "id: do-ict-2022", "id: do ict 2022",
     "5: S007 'id' vraagt een id: letters, cijfers, '.', '_' en '-', zonder spaties; in "
     "'do ict 2022' staan spaties. Bijvoorbeeld: do-ict-2022.",
     "5: S007 'id' needs an id: letters, digits, '.', '_' and '-', without spaces; there are "
     "spaces in 'do ict 2022'. For example: do-ict-2022."),
    ("reference with spaces", "raamovereenkomst: ro-boce-2022", "raamovereenkomst: ro boce",
     "19: S007 'raamovereenkomst' vraagt het id van een raamovereenkomst: letters, cijfers, "
     "'.', '_' en '-', zonder spaties; in 'ro boce' staan spaties. Bijvoorbeeld: ro-boce.",
     "19: S007 'raamovereenkomst' needs the id of a raamovereenkomst: letters, digits, '.', '_' "
     "and '-', without spaces; there are spaces in 'ro boce'. For example: ro-boce."),
    ("typo in a field name", "\nwerkterrein:", "\nwerkterein:",
     "1: S007 Onbekend veld 'werkterein'; bedoelde u 'werkterrein'?",
     "1: S007 Unknown field 'werkterein'; did you mean 'werkterrein'?"),
]


@pytest.fixture
def compliant(tmp_path, monkeypatch):
    target = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "compliant", target)
    (target / "expected-findings.txt").unlink()
    (target / "boce-lint.toml").write_text('as-of = "2024-03-01"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return target


@pytest.mark.parametrize("mistake, old, new, dutch, english", MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_each_mistake_gets_a_message_that_says_what_to_write(compliant, mistake, old, new,
                                                             dutch, english):
    draft = compliant / DRAFT
    text = draft.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    line = changed[:changed.index(new.lstrip("\n"))].count("\n") + 1  # the typed line
    draft.write_text(changed, encoding="utf-8")
    for lang, expected in (("nl", dutch), ("en", english)):
        result = invoke("check", f"repo/{DRAFT}", "--format", "concise", "--lang", lang,
                        "--select", "S")
        assert f"repo/{DRAFT}:{line}:{expected}" in result.output.splitlines(), result.output


def test_text_format_shows_the_rules_advice(compliant):
    draft = compliant / DRAFT
    text = draft.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = lines.index("werkterrein: >-\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    draft.write_text("".join(lines[:start] + ["werkterrein: ''\n"] + lines[end:]),
                     encoding="utf-8")
    lines = invoke("check", f"repo/{DRAFT}").output.splitlines()
    assert not any("niet uitgevoerd" in line for line in lines)
    finding = next(i for i, line in enumerate(lines) if " DO-001 " in line)
    advice = next(line for line in lines[finding:] if line.strip().startswith("advies:"))
    assert advice.strip() == "advies: " + _advice_of("DO-001")


def _advice_of(rule_id: str) -> str:
    from boce_lint.rulebook.rulebook import load_rulebook

    return " ".join(load_rulebook().get(rule_id).advice("nl").split())


def test_a_file_that_does_not_parse_says_which_rules_it_kept_out(compliant):
    draft = compliant / DRAFT
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("titel: Deelovereenkomst ICT BOCE 2022",
                                  "titel: Deelovereenkomst ICT: BOCE 2022"), encoding="utf-8")
    lines = invoke("check", f"repo/{DRAFT}").output.splitlines()
    assert re.fullmatch(r"  \d+ regels zijn op dit bestand niet uitgevoerd vanwege de "
                        r"structuurfouten hierboven\.", lines[-3]), lines
    english = invoke("check", f"repo/{DRAFT}", "--lang", "en").output.splitlines()
    assert re.fullmatch(r"  \d+ rules were not run on this file because of the structural "
                        r"errors above\.", english[-3]), english
