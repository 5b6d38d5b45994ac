"""The rule language: parsing, compile-time checks with positions, and evaluation semantics."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruletools import compile_text, run

from boce_lint.dsl import ast
from boce_lint.dsl.errors import RuleFileError
from boce_lint.dsl.parser import parse_expression, parse_rules
from boce_lint.dsl.values import Duration, add_duration

HEADER = """
regel T-001 test-regel
  titel "Test"
  bron RO-4.2
  ernst fout
"""


def rule(body: str, message: str = "melding \"m {d.id}\"") -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body).strip("\n"), "  ") + f"\n  {message}\n"


# ---------------------------------------------------------------- parsing
def test_every_construct_parses_into_typed_nodes():
    text = textwrap.dedent("""
        regel T-001 alles-tegelijk
          titel "t"
          titel en "t"
          bron RO-4.2, RK-consultation-held
          ernst waarschuwing
          uitleg "u"
          advies "a"
          geldig vanaf 2015-01-01 tot 2030-12-31
          label algemeen
          voor elke deelovereenkomst d waarvoor d.status != "beeindigd", elke kpi k in d.kpis:
            als aanwezig k.naam:
            laat n = aantal overleg o waarvoor o.orgaan = "stuurgroep" en jaar(o.datum) = 2020
            laat s = som p.prijs over prijs p in d.vergoeding.prijzen waarvoor p.prijs > 0
            laat hoogste = maximum p.prijs over prijs p in d.vergoeding.prijzen
            voor elk volledig kalenderjaar j van d.ingangsdatum tot peildatum - 3 maanden:
            bewijs ontbreekt d.x of leeg d.y of invultekst d.z
            vereist (alle kpi q in d.kpis voldoet aan q.id in ["a", "b"]) en niet d.titel bevat "x"
              en d.titel past bij "^S" en -1 * 2 + 3 / 4 < n en d.id niet in [] en waar != onwaar
          melding "{d.titel} {n}"
          geen-bewijs "g"
          voorbeeld fout op 2023-01-01 \"\"\"
            titel: x
          \"\"\"
          voorbeeld goed \"\"\"
            titel: y
          \"\"\"
        """)
    [parsed] = parse_rules(text, "x.boce")
    assert (parsed.id, parsed.name, parsed.severity) == ("T-001", "alles-tegelijk", "waarschuwing")
    assert [k for k, _, _ in parsed.keys] == ["RO-4.2", "RK-consultation-held"]
    assert parsed.valid_from == dt.date(2015, 1, 1) and parsed.valid_to == dt.date(2030, 12, 31)
    assert parsed.label == "algemeen" and parsed.title == {"nl": "t", "en": "t"}
    kinds = [type(s).__name__ for s in parsed.statements]
    assert kinds == ["ForEach", "When", "Let", "Let", "Let", "ForEach", "Require", "Require"]
    assert isinstance(parsed.statements[2].value, ast.Count)
    assert isinstance(parsed.statements[3].value, ast.Fold)
    assert isinstance(parsed.statements[5].binders[0], ast.EachYear)
    assert parsed.statements[6].evidence_only and not parsed.statements[7].evidence_only
    assert [e.failing for e in parsed.examples] == [True, False]
    assert parsed.examples[0].as_of == dt.date(2023, 1, 1)


def test_nodes_carry_positions():
    expr = parse_expression("d.vergoeding.bedrag >= 3")
    assert isinstance(expr, ast.Compare)
    assert (expr.left.line, expr.left.column) == (1, 14)  # the field name 'bedrag'


def test_duration_and_date_literals():
    expr = parse_expression("2015-01-01 + 3 maanden")
    assert isinstance(expr, ast.Arith) and isinstance(expr.right, ast.Duration)
    assert expr.right.unit == "maanden" and expr.left.value == dt.date(2015, 1, 1)


@pytest.mark.parametrize("source, line, column, fragment", [
    ("regel T-001 a-b\n  voor elke deelovereenkomst d\n  vereist aanwezig d.werkterrein\n",
     3, 3, "dubbele punt"),
    ("regel T-001 a-b\n  titel \"open\n", 2, 9, "onverwacht"),
    ("regel T-001 a-b\n  ernst hoog\n", 2, 9, "fout', 'waarschuwing' of 'info'"),
    ("titel \"x\"\n", 1, 1, "regel"),
])
def test_syntax_errors_have_position_and_advice(source, line, column, fragment):
    with pytest.raises(RuleFileError) as info:
        parse_rules(source, "fout.boce")
    error = info.value
    assert (error.file, error.line, error.column) == ("fout.boce", line, column)
    assert fragment in error.message
    rendered = error.render().splitlines()
    assert rendered[0].startswith(f"fout.boce:{line}:{column}: ")
    assert rendered[2].strip() == "^" and len(rendered[2]) - 4 == column  # caret under the column


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_parser(text):
    try:
        parse_rules(text, "x.boce")
    except RuleFileError as error:
        assert error.line >= 1 and error.column >= 1


KEYWORDS = ["regel", "T-001", "a-b", "titel", "\"x\"", "bron", "RO-4.2", "ernst", "fout", "voor",
            "elke", "deelovereenkomst", "d", ":", "vereist", "aanwezig", "d.x", "=", "(", ")",
            "aantal", "waarvoor", "en", "of", "niet", "melding", "voorbeeld", "\"\"\"a\"\"\"",
            "laat", "n", "als", "in", "[", "]", ",", "3", "jaar", "peildatum", "-", "+"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(KEYWORDS), max_size=30))
def test_arbitrary_token_sequences_never_crash(tokens):
    text = " ".join(tokens)
    try:
        book, errors = compile_text(text)
    except RuleFileError as error:
        assert error.line >= 1
    else:
        for error in errors:
            assert error.line >= 1 and error.column >= 1


# ---------------------------------------------------------------- compile-time checks
@pytest.mark.parametrize("body, line, column, fragment", [
    ("voor elke deelovereenkomstt d:\n  vereist aanwezig d.x",
     6, 13, "Onbekende documentsoort 'deelovereenkomstt'; bedoelde u 'deelovereenkomst'?"),
    ("voor elke deelovereenkomst d:\n  vereist aanwezig d.werkterein",
     7, 24, "Onbekend veld 'werkterein' in deelovereenkomst; bedoelde u 'werkterrein'?"),
    ("voor elke deelovereenkomst d:\n  vereist d.ingangsdatum > 3",
     7, 13, "zet een datum tegenover een getal"),
    ("voor elke deelovereenkomst d:\n  vereist d.ingangsdatum + 3 > d.ingangsdatum",
     7, 13, "'+' werkt niet op een datum en een getal"),
    ("voor elke deelovereenkomst d:\n  vereist aanwezig e.werkterrein",
     7, 22, "Onbekende naam 'e'"),
    ("voor elke deelovereenkomst d:\n  vereist jaartal(d.ingangsdatum) = 2015",
     7, 13, "Onbekende functie 'jaartal'"),
    ("voor elke deelovereenkomst d:\n  vereist d.kpis.streefwaarde = 1",
     7, 20, "'streefwaarde' kan niet gelezen worden uit een lijst"),
    ("voor elke deelovereenkomst d:\n  vereist d.titel",
     7, 15, "Hier hoort een voorwaarde"),
])
def test_compile_errors_name_the_place(body, line, column, fragment):
    _, errors = compile_text(rule(body))
    assert errors, "expected a compile error"
    error = errors[0]
    assert fragment in error.message, error.render()
    assert (error.line, error.column) == (line, column), error.render()


def test_unknown_obligation_key_is_an_error():
    _, errors = compile_text(HEADER.replace("RO-4.2", "RO-4.9") +
                             "  voor elke overleg o:\n    vereist aanwezig o.datum\n"
                             "  melding \"m\"\n")
    assert any("Onbekende verplichting 'RO-4.9'" in e.message and (e.line, e.column) == (4, 8)
               for e in errors), [e.render() for e in errors]


def test_rule_without_source_or_message_is_an_error():
    _, errors = compile_text("regel T-001 a-b\n  voor elke overleg o:\n"
                             "    vereist aanwezig o.datum\n")
    messages = " ".join(e.message for e in errors)
    assert "noemt geen verplichting" in messages and "mist 'melding'" in messages
    assert "mist 'titel'" in messages and "mist 'ernst'" in messages


def test_duplicate_rule_ids_are_an_error():
    text = rule("voor elke overleg d:\n  vereist aanwezig d.datum")
    _, errors = compile_text(text + text.replace("test-regel", "andere-regel"))
    assert any("'T-001' is al gebruikt" in e.message for e in errors)


def test_exception_must_name_an_existing_label():
    text = rule("uitzondering op bestaat-niet\nvoor elke overleg d:\n  als waar:\n  vereist waar")
    _, errors = compile_text(text)
    assert any("onbekend label 'bestaat-niet'" in e.message for e in errors)


def test_a_fact_marker_needs_a_known_fact_and_its_shape():
    meeting = """
        feit vergaderplicht
        voor elke raamovereenkomst d:
          voor elk volledig kalenderjaar j van datum(jaar(peildatum) - 4, 1, 1) tot peildatum:
            laat n = aantal overleg o waarvoor kleine_letters(o.orgaan) = "stuurgroep"
            vereist n >= 4"""
    book, errors = compile_text(rule(meeting))
    assert errors == []
    from boce_lint.rulebook.facts import meeting_duties
    assert [(d.body, d.per_year) for d in meeting_duties(book)] == [("stuurgroep", 4)]
    _, errors = compile_text(rule(meeting.replace("vereist n >= 4", "vereist n > 0 of waar")))
    assert any("'feit vergaderplicht', maar telt niet" in e.message for e in errors)
    _, errors = compile_text(rule("feit iets-anders\nvoor elke overleg d:\n  vereist waar"))
    assert any("Onbekend feit 'iets-anders'" in e.message for e in errors)


# ---------------------------------------------------------------- evaluation semantics
def test_add_months_clamps_to_the_end_of_the_month():
    assert add_duration(dt.date(2023, 1, 31), Duration(months=1)) == dt.date(2023, 2, 28)
    assert add_duration(dt.date(2024, 2, 29), Duration(months=12), -1) == dt.date(2023, 2, 28)


def test_missing_empty_and_placeholder_are_told_apart(tmp_path):
    rules = "".join(
        rule(f"voor elke deelovereenkomst d:\n  vereist niet {test} d.werkterrein",
             f"melding \"{test}\"").replace("T-001", f"T-00{i}").replace("test-regel", f"r-{i}")
        for i, test in enumerate(["ontbreekt", "leeg", "invultekst"], start=1))
    docs = {
        "a.yaml": "soort: deelovereenkomst\nversie: 2\nid: a\n",
        "b.yaml": "soort: deelovereenkomst\nversie: 2\nid: b\nwerkterrein: ''\n",
        "c.yaml": "soort: deelovereenkomst\nversie: 2\nid: c\nwerkterrein: '[invoegen]'\n",
        "d.yaml": "soort: deelovereenkomst\nversie: 2\nid: d\nwerkterrein: Sociale zaken\n",
    }
    found = {(f.subject.document_id, f.message) for f in run(rules, docs, tmp_path)}
    assert found == {("a", "ontbreekt"), ("b", "leeg"), ("c", "invultekst")}


def test_undecidable_requirement_is_missing_evidence_not_violation(tmp_path):
    rules = rule("voor elke deelovereenkomst d:\n  vereist d.ingangsdatum >= 2015-01-01")
    docs = {"a.yaml": "soort: deelovereenkomst\nversie: 2\nid: a\n",
            "b.yaml": "soort: deelovereenkomst\nversie: 2\nid: b\ningangsdatum: 2010-01-01\n",
            "c.yaml": "soort: deelovereenkomst\nversie: 2\nid: c\ningangsdatum: '[datum]'\n"}
    findings = run(rules, docs, tmp_path)
    # c holds a placeholder: the placeholder rules report it, not every rule that reads it
    assert [(f.subject.document_id, f.outcome.value) for f in findings] == [
        ("a", "missing-evidence"), ("b", "violation")]


def test_calendar_years_are_complete_years_only(tmp_path):
    rules = rule("voor elke raamovereenkomst d:\n"
                 "  voor elk volledig kalenderjaar j van d.ingangsdatum tot peildatum:\n"
                 "    vereist onwaar", "melding \"{j}\"")
    docs = {"r.yaml": "soort: raamovereenkomst\nversie: 2\nid: r\ningangsdatum: 2019-07-01\n"}
    years = [f.message for f in run(rules, docs, tmp_path, as_of=dt.date(2022, 12, 31))]
    assert years == ["2020", "2021"]  # 2019 started mid-year; 2022 is not over on 31 December
    years = [f.message for f in run(rules, docs, tmp_path, as_of=dt.date(2023, 1, 1))]
    assert years == ["2020", "2021", "2022"]


def test_counts_over_all_documents_of_a_kind(tmp_path):
    rules = rule("voor elke raamovereenkomst d:\n"
                 "  laat n = aantal overleg o waarvoor o.orgaan = \"stuurgroep\" en "
                 "jaar(o.datum) = 2022\n  vereist n >= 4", "melding \"{n}\"")
    docs = {"r.yaml": "soort: raamovereenkomst\nversie: 2\nid: r\n"}
    for i, (body, day) in enumerate([("stuurgroep", "2022-01-05"), ("stuurgroep", "2022-06-01"),
                                     ("colleges", "2022-06-01"), ("stuurgroep", "2021-06-01")]):
        docs[f"o{i}.yaml"] = (f"soort: overleg\nversie: 2\nid: o{i}\norgaan: {body}\n"
                              f"datum: {day}\n")
    findings = run(rules, docs, tmp_path)
    assert [(f.message, f.evidence["n"]) for f in findings] == [("2", 2)]


def test_exception_replaces_the_general_rule_where_it_applies(tmp_path):
    general = rule("label algemeen\nvoor elke deelovereenkomst d:\n  vereist aanwezig d.kpis",
                   "melding \"algemeen\"")
    special = general.replace("T-001", "T-002").replace("test-regel", "bijzonder").replace(
        "label algemeen", "uitzondering op algemeen").replace(
        "vereist aanwezig d.kpis", "als d.status = \"concept\":\n  vereist aanwezig d.werkterrein"
    ).replace("melding \"algemeen\"", "melding \"bijzonder\"")
    docs = {
        "a.yaml": "soort: deelovereenkomst\nversie: 2\nid: a\nstatus: concept\n",
        "b.yaml": "soort: deelovereenkomst\nversie: 2\nid: b\nstatus: ondertekend\n",
        "c.yaml": "soort: deelovereenkomst\nversie: 2\nid: c\nstatus: concept\nwerkterrein: x\n",
    }
    findings = run(general + special, docs, tmp_path)
    assert [(f.rule_id, f.subject.document_id) for f in findings] == [
        ("T-002", "a"), ("T-001", "b")]


def test_validity_period_follows_the_as_of_date(tmp_path):
    rules = rule("geldig vanaf 2015-01-01\nvoor elke deelovereenkomst d:\n"
                 "  vereist aanwezig d.kpis")
    docs = {"a.yaml": "soort: deelovereenkomst\nversie: 2\nid: a\n"}
    assert run(rules, docs, tmp_path, as_of=dt.date(2014, 12, 31)) == []
    assert len(run(rules, docs, tmp_path, as_of=dt.date(2015, 1, 1))) == 1


def test_finding_points_at_the_value_or_its_parent_key(tmp_path):
    rules = rule("voor elke deelovereenkomst d, elke kpi k in d.kpis:\n"
                 "  vereist k.streefwaarde > 0", "melding \"{k.id}\"")
    docs = {"a.yaml": textwrap.dedent("""\
        soort: deelovereenkomst
        versie: 2
        id: a
        kpis:
          - id: k1
            streefwaarde: 0
          - id: k2
        """)}
    findings = run(rules, docs, tmp_path)
    assert [(f.message, f.line, f.column, f.outcome.value) for f in findings] == [
        ("k1", 6, 19, "violation"),
        ("k2 (De gegevens om dit te beoordelen ontbreken.)", 7, 5, "missing-evidence")]
    assert findings[0].subject.pointer == "/kpis/0/streefwaarde"
    assert findings[0].evidence == {"k.streefwaarde": 0}


def test_fingerprint_survives_moved_lines(tmp_path):
    rules = rule("voor elke deelovereenkomst d:\n  vereist aanwezig d.werkterrein")
    base = "soort: deelovereenkomst\nversie: 2\nid: a\n"
    first = run(rules, {"a.yaml": base}, tmp_path)
    second = run(rules, {"a.yaml": "# toelichting\n\n" + base}, tmp_path)
    assert first[0].line != second[0].line
    assert first[0].fingerprint == second[0].fingerprint


def test_references_are_followed(tmp_path):
    rules = rule("voor elke deelovereenkomst d, elk mandaat m in d.mandaten:\n"
                 "  vereist m.besluit.schriftelijk = waar", "melding \"{m.besluit.id}\"")
    docs = {
        "d.yaml": "soort: deelovereenkomst\nversie: 2\nid: d\nmandaten:\n"
                  "  - {besluit: mb-1}\n  - {besluit: mb-2}\n",
        "m1.yaml": "soort: mandaatbesluit\nversie: 2\nid: mb-1\nschriftelijk: true\n",
        "m2.yaml": "soort: mandaatbesluit\nversie: 2\nid: mb-2\nschriftelijk: false\n",
    }
    findings = run(rules, docs, tmp_path)
    assert [(f.message, f.file.endswith("m2.yaml"), f.line) for f in findings] == [
        ("mb-2", True, 4)]


def test_quantifier_with_undecided_item_is_undecided(tmp_path):
    rules = rule("voor elke deelovereenkomst d:\n"
                 "  vereist alle kpi k in d.kpis voldoet aan k.streefwaarde > 0")
    docs = {"a.yaml": "soort: deelovereenkomst\nversie: 2\nid: a\nkpis: [{id: x}]\n",
            "b.yaml": "soort: deelovereenkomst\nversie: 2\nid: b\n"
                      "kpis: [{id: x}, {id: y, streefwaarde: 0}]\n"}
    findings = run(rules, docs, tmp_path)
    assert [(f.subject.document_id, f.outcome.value) for f in findings] == [
        ("a", "missing-evidence"), ("b", "violation")]


PINNED = '''regel MY-001 stuurgroep-verslag
  titel "x"
  bron RO-4.2
  ernst fout
  voor elke raamovereenkomst r:
    voor elk volledig kalenderjaar j van r.ingangsdatum tot peildatum:
      laat n = aantal overleg o waarvoor o.orgaan = "stuurgroep" en jaar(o.datum) = j
      bewijs n > 0
      vereist n >= 4
  melding "te weinig in {j}"
  geen-bewijs "geen verslag over {j}"
  voorbeeld VERDICT op 2023-01-01 PLACE """
    titel: R
    ingangsdatum: 2022-01-01
  """
  voorbeeld goed op 2023-01-01 """
    ingangsdatum: 2022-06-01
  """
'''


@pytest.mark.parametrize(("verdict", "place", "passes"), [
    ("geen-bewijs", "", True),
    ("geen-bewijs", "bij regel 1", True),    # a year of the framework: at the document
    ("geen-bewijs", "bij regel 2", False),   # not at its ingangsdatum
    ("fout", "", False),                     # missing evidence is not the violation promised
])
def test_examples_pin_outcome_and_place(tmp_path, verdict, place, passes):
    from click.testing import CliRunner

    from boce_lint.cli import cli

    (tmp_path / "mijn").mkdir()
    (tmp_path / "mijn" / "r.boce").write_text(
        PINNED.replace("VERDICT", verdict).replace("PLACE", place), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test-rules", str(tmp_path / "mijn")])
    mine = [line for line in result.output.splitlines() if "MY-001" in line]
    assert (mine == []) == passes, result.output
    if not passes:
        assert f"MY-001 voorbeeld {verdict}:" in mine[0]


def test_every_function_of_the_language_is_implemented_and_typed_once() -> None:
    """What a function does (functions.py) and its signature and type (builtins.py) name the
    same functions: an implementation nothing types could never be called."""
    from boce_lint.dsl.builtins import BUILTINS
    from boce_lint.dsl.functions import IMPLEMENTATIONS

    assert set(IMPLEMENTATIONS) == set(BUILTINS)
