"""``boce-lint agenda``: deadlines come from the rules' ``termijn``, so the agenda and the check
cannot disagree; the formats (text, JSON, Markdown, iCalendar) and the checked-in agenda of
``fixtures/compliant``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from ruletools import compile_text

from boce_lint.agenda.duties import DAY, known_on, rule_deadlines
from boce_lint.cli import cli
from boce_lint.rulebook.engine import evaluate_rule, subject_bindings
from boce_lint.rulebook.examples import EXAMPLE_AS_OF, example_repository
from boce_lint.rulebook.rulebook import load_rulebook

ROOT = Path(__file__).parents[1]
COMPLIANT = ROOT / "fixtures" / "compliant"
COMPLIANT_AS_OF = "2024-03-01"
EXPECTED = COMPLIANT / "expected-agenda.txt"
BOOK = load_rulebook()
DEADLINE_RULES = [r for r in BOOK.top_level() if r.has_deadline]


def agenda(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["agenda", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_rulebook_states_deadlines_for_each_kind_of_duty():
    ids = {r.id for r in DEADLINE_RULES}
    # meetings, reporting (per year and per P&C period), council information, evaluations,
    # benchmarks, damage, notice,
    # mandates and secondments that end
    assert {"GOV-001", "GOV-002", "GOV-004", "RAP-001", "RAP-006", "RAAD-001", "WET-001",
            "RK-004", "RK-005", "RK-006", "RK-007", "RAP-010", "INC-008", "RA-054", "BA-003",
            "GM-011", "DO-013", "RA-046", "RAP-013"} <= ids
    for rule in DEADLINE_RULES:  # every deadline says what is due and who acts, in both languages
        assert set(rule.tasks) == {"nl", "en"} or rule.id in ("INC-008", "RA-054"), rule.id
        assert "nl" in rule.tasks and "nl" in rule.actors, rule.id


def _missed_deadlines():
    """Every deadline the failing examples of the deadline rules miss."""
    for rule in DEADLINE_RULES:
        for example in rule.examples:
            if not example.failing:
                continue
            repository, problems = example_repository(rule, example)
            assert not problems
            as_of = example.as_of or EXAMPLE_AS_OF
            for item in rule_deadlines(rule, known_on(repository, as_of), as_of):
                if not item.done and item.due < as_of:
                    # a duty whose record is dated after the day after its deadline (a notice
                    # given late) does not exist yet on that day, for the check as for us
                    then = [subject_bindings(rule, i.env) for i in rule_deadlines(
                        rule, known_on(repository, item.due + DAY), item.due + DAY)]
                    if subject_bindings(rule, item.env) in then:
                        yield pytest.param(rule, repository, item.due,
                                           subject_bindings(rule, item.env),
                                           id=f"{rule.id}-{item.due}")


MISSED = list(_missed_deadlines())


def test_every_deadline_rule_has_a_missed_deadline_in_its_examples():
    assert {p.values[0].id for p in MISSED} == {r.id for r in DEADLINE_RULES}


@pytest.mark.parametrize(("rule", "repository", "due", "bindings"), MISSED)
def test_the_check_reports_a_duty_the_day_after_its_deadline_and_not_before(
        rule, repository, due, bindings):
    def reported(on: dt.date) -> bool:
        return any(f.fingerprint_value[0] == bindings
                   for f in evaluate_rule(BOOK, rule, repository, on))

    assert reported(due + DAY)
    assert not reported(due)
    assert not reported(due - DAY)


@pytest.mark.parametrize(("fixture", "as_of"), [("boce", "2023-01-01"),
                                                ("compliant", COMPLIANT_AS_OF)])
def test_on_the_fixtures_the_check_agrees_with_every_past_duty_of_the_agenda(fixture, as_of):
    """Every duty up to the as-of date: done ones are not reported the day after their date,
    the others are; none is reported on the date itself."""
    from boce_lint.agenda.duties import build_agenda
    from boce_lint.run.pipeline import load_repository

    repository = load_repository([ROOT / "fixtures" / fixture]).repository
    day = dt.date.fromisoformat(as_of)
    duties = build_agenda(BOOK, repository, [], day, day.replace(year=day.year - 4), day).duties
    assert {d.status for d in duties} == ({"done", "overdue"} if fixture == "boce" else {"done"})
    checked = {}
    for duty in duties:
        rule = BOOK.get(duty.source)
        for on in (duty.due, duty.due + DAY):
            if (rule.id, on) not in checked:
                checked[rule.id, on] = {_uid_of(f) for f in evaluate_rule(BOOK, rule, repository,
                                                                          on)}
        assert duty.uid not in checked[rule.id, duty.due], duty
        assert (duty.uid in checked[rule.id, duty.due + DAY]) == (duty.status == "overdue"), duty


def _uid_of(finding) -> str:
    from boce_lint.agenda.duties import _uid

    return _uid(finding.rule_id, finding.fingerprint_value[0])


def test_termijn_is_a_guard_and_without_requirement_the_deadline_itself():
    book, errors = compile_text('''
        regel DOC-001 evaluatie-op-tijd
          titel "Evaluatie te laat"
          bron RK-evaluation
          ernst fout
          taak "Evalueer '{d.titel}'."
          door "de contractbeheerders"
          voor elke deelovereenkomst d:
            termijn d.ingangsdatum + 2 jaar
          melding "'{d.titel}' is niet op tijd geëvalueerd."

        regel DOC-002 schade-melden
          titel "Schade niet gemeld"
          bron RO-7.1
          ernst fout
          voor elke incidentenregister i, elke schademelding m in i.schademeldingen:
            termijn m.ontdekt_op + 3 maanden
            vereist aanwezig m.gemeld_op
          melding "Schade van {m.partij} niet gemeld."
    ''')
    assert not errors, [e.render() for e in errors]
    rule, damage = book.rules
    assert rule.has_deadline and rule.tasks["nl"] and rule.actors["nl"]
    repository, _ = example_repository(rule, _example('''
        titel: ICT
        ingangsdatum: 2022-03-01
    '''))
    assert not evaluate_rule(book, rule, repository, dt.date(2024, 3, 1))
    assert evaluate_rule(book, rule, repository, dt.date(2024, 3, 2))
    [item] = rule_deadlines(rule, repository, dt.date(2024, 1, 1))
    assert (item.due, item.done) == (dt.date(2024, 3, 1), False)
    repository, _ = example_repository(damage, _example('''
        schademeldingen:
          - {partij: Coevorden, ontdekt_op: 2024-01-10, gemeld_op: 2024-02-01}
          - {partij: Emmen, ontdekt_op: 2024-01-20}
    '''))
    items = sorted(rule_deadlines(damage, repository, dt.date(2024, 2, 1)), key=lambda i: i.due)
    assert [(i.due, i.done) for i in items] == [(dt.date(2024, 4, 10), True),
                                                 (dt.date(2024, 4, 20), False)]
    assert not evaluate_rule(book, damage, repository, dt.date(2024, 4, 20))
    [late] = evaluate_rule(book, damage, repository, dt.date(2024, 4, 21))
    assert late.message == "Schade van Emmen niet gemeld."


def _example(text: str):
    from boce_lint.dsl import ast

    return ast.Example(1, 1, True, None, text)


@pytest.mark.parametrize(("text", "message"), [
    ('voor elke deelovereenkomst d:\n    termijn d.titel', "'termijn' verwacht een datum"),
    ('voor elke deelovereenkomst d:\n    termijn d.ingangsdatum\n    termijn d.ingangsdatum',
     "meer dan één 'termijn'"),
    ('taak "x"\n  voor elke deelovereenkomst d:\n    vereist aanwezig d.titel',
     "heeft geen 'termijn'"),
])
def test_termijn_mistakes_are_compile_errors(text, message):
    _, errors = compile_text(f'''
regel DOC-001 a-b
  titel "x"
  bron RO-4.2
  ernst fout
  {text}
  melding "x"
''')
    assert any(message in e.message for e in errors), [e.message for e in errors]


# ---- the command and its formats

def test_compliant_fixture_has_its_checked_in_agenda():
    code, out, _ = agenda(str(COMPLIANT.relative_to(Path.cwd()) if COMPLIANT.is_relative_to(
        Path.cwd()) else COMPLIANT), "--as-of", COMPLIANT_AS_OF)
    assert code == 0
    assert out == EXPECTED.read_text(encoding="utf-8"), \
        "regenerate: boce-lint agenda fixtures/compliant --as-of 2024-03-01 > " \
        "fixtures/compliant/expected-agenda.txt (from the repository root) and review the diff"


def test_json_lists_each_duty_with_date_task_actor_key_article_and_document():
    code, out, _ = agenda(str(COMPLIANT), "--as-of", COMPLIANT_AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["as_of"], data["from"], data["until"]) == (
        "2024-03-01", "2024-03-01", "2025-03-01")
    duties = data["duties"]
    assert data["counts"] == {"open": len(duties), "done": 0, "overdue": 0}
    stuurgroep = next(d for d in duties if d["source"] == "GOV-002")
    assert stuurgroep["date"] == "2024-12-31" and stuurgroep["status"] == "open"
    assert stuurgroep["who"] == {"nl": "de stuurgroep", "en": "the steering group"}
    assert "vier keer" in stuurgroep["task"]["nl"] and "four times" in stuurgroep["task"]["en"]
    assert {"key": "RO-4.2", "article": "art. 4.2"}.items() <= stuurgroep["keys"][0].items()
    assert stuurgroep["file"].endswith("raamovereenkomst.yaml") and stuurgroep["line"] == 2
    assert all("2024-03-01" <= d["date"] <= "2025-03-01" for d in duties)
    assert len({d["uid"] for d in duties}) == len(duties)


def test_done_and_overdue_when_the_period_starts_before_the_as_of_date():
    code, out, _ = agenda("fixtures/boce", "--as-of", "2023-01-01", "--from", "2022-01-01",
                          "--until", "2022-12-31", "--format", "json")
    assert code == 0
    by_rule: dict[str, set[str]] = {}
    for duty in json.loads(out)["duties"]:
        by_rule.setdefault(duty["source"], set()).add(duty["status"])
    assert by_rule["GOV-002"] == {"done"}  # four steering-group meetings in 2022
    assert by_rule["GOV-004"] == {"overdue"}  # the contract meetings were not held


def test_the_configuration_selects_the_rules_of_the_agenda(tmp_path):
    import shutil

    shutil.copytree(COMPLIANT, tmp_path / "repo")
    (tmp_path / "repo" / "boce-lint.toml").write_text('ignore = ["RAAD-", "GOV-004"]\n',
                                                      encoding="utf-8")
    code, out, _ = agenda(str(tmp_path / "repo"), "--as-of", COMPLIANT_AS_OF, "--format", "json")
    assert code == 0
    sources = {d["source"] for d in json.loads(out)["duties"]}
    assert "GOV-002" in sources and not sources & {"RAAD-001", "GOV-004"}


def test_english_text_is_a_table_per_month():
    code, out, _ = agenda(str(COMPLIANT), "--as-of", COMPLIANT_AS_OF, "--lang", "en")
    assert code == 0
    assert "December 2024" in out and "Date" in out and "the steering group" in out
    assert "meets at least four times in 2024" in out


def test_markdown():
    code, out, _ = agenda(str(COMPLIANT), "--as-of", COMPLIANT_AS_OF, "--format", "markdown")
    assert code == 0
    assert out.startswith("# Agenda ") and "## december 2024" in out
    assert "| Datum | Status | Wat | Wie | Bron | Document |" in out


def test_explain_says_a_rule_has_a_deadline():
    result = CliRunner().invoke(cli, ["explain", "GOV-002"])
    assert result.exit_code == 0 and "termijn:" in result.stdout
    assert "termijn:" not in CliRunner().invoke(cli, ["explain", "DO-001"]).stdout


def test_an_inline_waiver_that_expires_is_on_the_agenda(tmp_path):
    import shutil

    shutil.copytree(COMPLIANT, tmp_path / "repo")
    path = tmp_path / "repo" / "deelovereenkomsten" / "ict.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, '# boce-lint: negeer DO-001 reden="Herziening loopt" eigenaar="J. Jansen" '
                    'vervalt=2024-09-30\n')
    path.write_text("".join(lines), encoding="utf-8")
    code, out, _ = agenda(str(tmp_path / "repo"), "--as-of", COMPLIANT_AS_OF, "--format", "json")
    assert code == 0
    [waiver] = [d for d in json.loads(out)["duties"] if d["source"] == "waiver"]
    assert (waiver["date"], waiver["who"]["nl"], waiver["status"]) == (
        "2024-09-30", "J. Jansen", "open")
    assert waiver["file"].endswith("ict.yaml") and waiver["line"] == 2
    assert "Herziening loopt" in waiver["task"]["nl"]


def test_waivers_that_expire_are_on_the_agenda(tmp_path):
    import shutil

    shutil.copytree(COMPLIANT, tmp_path / "repo")
    (tmp_path / "repo" / "boce-lint.toml").write_text('''
[[waivers]]
rule = "DO-005"
justification = "Leveringsvoorwaarden volgen bij de herziening."
owner = "contractbeheerder Emmen"
expires = "2024-06-30"
''', encoding="utf-8")
    code, out, _ = agenda(str(tmp_path / "repo"), "--as-of", COMPLIANT_AS_OF, "--format", "json")
    assert code == 0
    [waiver] = [d for d in json.loads(out)["duties"] if d["source"] == "waiver"]
    assert waiver["date"] == "2024-06-30" and waiver["who"]["nl"] == "contractbeheerder Emmen"
    assert waiver["keys"][0]["key"] == "RO-14.1.e"
    assert waiver["file"].endswith("boce-lint.toml")


def test_contract_text_cannot_reach_the_terminal_or_markup(tmp_path):
    import shutil

    shutil.copytree(COMPLIANT, tmp_path / "repo")
    path = tmp_path / "repo" / "deelovereenkomsten" / "ict.yaml"
    text = path.read_text(encoding="utf-8")
    assert "titel: Deelovereenkomst ICT BOCE 2022\n" in text
    path.write_text(text.replace("titel: Deelovereenkomst ICT BOCE 2022\n",
                                 'titel: "ICT <script>x</script> | \\e[2J\\rB"\n'),
                    encoding="utf-8")
    repo = str(tmp_path / "repo")
    _, out, _ = agenda(repo, "--as-of", COMPLIANT_AS_OF)
    assert "<script>x</script>" in out and "\x1b" not in out and "\r" not in out
    _, out, _ = agenda(repo, "--as-of", COMPLIANT_AS_OF, "--format", "markdown")
    assert "ICT &lt;script&gt;x&lt;/script&gt; \\| \\[2J B" in out and "<script>" not in out
    assert "\x1b" not in out and "\r" not in out
    _, out, _ = agenda(repo, "--as-of", COMPLIANT_AS_OF, "--format", "ics")
    events = Calendar.from_ical(out).walk("VEVENT")
    assert any("ICT <script>x</script>" in str(e["SUMMARY"]) for e in events)


def test_a_corpus_of_arrangements_is_one_clear_line(tmp_path):
    import shutil

    for name in ("a", "b"):
        shutil.copytree(COMPLIANT, tmp_path / "corpus" / name)
    code, _, err = agenda(str(tmp_path / "corpus"), "--as-of", COMPLIANT_AS_OF)
    assert code == 2 and "several arrangements" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2024-13-01"], "--from '2024-13-01': expected a date"),
    (["--from", "2024-05-01", "--until", "2024-04-01"], "lies before --from"),
    (["--alarm-days", "-1"], "--alarm-days"),
])
def test_bad_invocations_are_one_line_and_exit_2(args, message):
    code, _, err = agenda(str(COMPLIANT), *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_icalendar_parses_back_with_one_valid_event_per_duty_and_stable_uids(tmp_path):
    runs = []
    for n in range(2):
        target = tmp_path / f"agenda-{n}.ics"
        code, _, _ = agenda("fixtures/boce", "--as-of", "2023-01-01", "--from", "2022-06-01",
                            "--format", "ics", "--alarm-days", "30", "-o", str(target))
        assert code == 0
        runs.append(target.read_bytes())
    assert runs[0] == runs[1]
    calendar = Calendar.from_ical(runs[0])
    assert str(calendar["VERSION"]) == "2.0" and "boce-lint" in str(calendar["PRODID"])
    _, out, _ = agenda("fixtures/boce", "--as-of", "2023-01-01", "--from", "2022-06-01",
                       "--format", "json")
    duties = {d["uid"]: d for d in json.loads(out)["duties"]}
    events = calendar.walk("VEVENT")
    assert len(events) == len(duties) > 0
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert required in event, required
        duty = duties[str(event["UID"])]
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)  # all day
        assert start.isoformat() == duty["date"]
        assert event.decoded("DTEND") == start + DAY
        description = str(event["DESCRIPTION"])
        for citation in duty["keys"]:
            assert citation["key"] in description and citation["article"] in description
        assert duty["file"].split("/")[-1] in description
        alarms = event.walk("VALARM")
        if duty["status"] == "open":
            [alarm] = alarms
            assert str(alarm["ACTION"]) == "DISPLAY" and "DESCRIPTION" in alarm
            assert alarm.decoded("TRIGGER") == -dt.timedelta(days=30)
        else:
            assert not alarms


SECONDMENT = """\
soort: detacheringsovereenkomst
versie: 2
id: det-jansen
titel: Detachering J. Jansen
werknemer: {naam: J. Jansen, functie: consulent, gemeente: Coevorden}
uitlener: Coevorden
inlener: Emmen
ingangsdatum: 2024-01-01
einddatum: 2024-06-30
reden: Overbrugging tot de overgang van het team.
reden_door_alle_partijen: true
instemming_werknemer: 2023-12-01
ondertekeningen:
  - {partij: Coevorden, datum: 2023-12-05, door: de gemeentesecretaris van Coevorden}
  - {partij: Emmen, datum: 2023-12-06, door: de gemeentesecretaris van Emmen}
  - {partij: Coevorden, datum: 2023-12-01, door: J. Jansen, rol: werknemer}
bepalingen:
  kostenvergoeding: Emmen vergoedt de loonkosten inclusief werkgeverspremies.
  ziekte: Bij ziekte loopt de vergoeding door tot het einde van de detachering.
"""


@pytest.fixture
def ending(tmp_path) -> Path:
    """fixtures/compliant with a mandate that ends on 30 September 2024 (a fixed-term mandate
    decision) and a secondment that ends on 30 June 2024."""
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(COMPLIANT, repo)
    mandate = repo / "mandaatbesluiten" / "coevorden-participatiewet-2022.yaml"
    text = mandate.read_text(encoding="utf-8")
    assert "\ngemandateerde: >-\n" in text
    mandate.write_text(text.replace("\ngemandateerde: >-\n",
                                    "\neinddatum: 2024-09-30\ngemandateerde: >-\n"),
                       encoding="utf-8")
    (repo / "detacheringen").mkdir()
    (repo / "detacheringen" / "jansen.yaml").write_text(SECONDMENT, encoding="utf-8")
    return repo


def test_mandates_and_secondments_that_end_are_on_the_agenda(ending):
    code, out, _ = agenda(str(ending), "--as-of", COMPLIANT_AS_OF, "--format", "json")
    assert code == 0
    duties = json.loads(out)["duties"]
    [mandate] = [d for d in duties if d["source"] == "DO-013"]
    assert (mandate["date"], mandate["status"]) == ("2024-09-30", "open")
    assert "Mandaatbesluit Participatiewet Coevorden 2022" in mandate["task"]["nl"]
    assert "eindigt op 2024-09-30" in mandate["task"]["nl"]
    assert "ends on 2024-09-30" in mandate["task"]["en"]
    assert mandate["who"]["nl"] == "het college van Coevorden (mandaatgever)"
    assert mandate["file"].endswith("deelovereenkomsten/sociale-zaken.yaml")
    assert [k["key"] for k in mandate["keys"]] == ["RO-9.1"]
    [secondment] = [d for d in duties if d["source"] == "RA-046"]
    assert (secondment["date"], secondment["status"]) == ("2024-06-30", "open")
    assert "Detachering 'Detachering J. Jansen' eindigt op 2024-06-30" in secondment["task"]["nl"]
    assert secondment["who"]["nl"] == "Coevorden (werkgever) en Emmen (inlener)"
    assert secondment["file"].endswith("detacheringen/jansen.yaml")

    _, text, _ = agenda(str(ending), "--as-of", COMPLIANT_AS_OF)
    lines = text.splitlines()
    june = lines.index(next(line for line in lines if line.startswith("juni 2024")))
    september = lines.index(next(line for line in lines if line.startswith("september 2024")))
    assert any("2024-06-30  open    Detachering 'Detachering J. Jansen' eindigt" in line
               for line in lines[june:september])
    assert any("2024-09-30  open    Mandaat 'Mandaatbesluit Participatiewet Coevorden 2022'"
               in line for line in lines[september:])


def test_ending_mandates_and_secondments_in_the_calendar(ending, tmp_path):
    target = tmp_path / "agenda.ics"
    code, _, _ = agenda(str(ending), "--as-of", COMPLIANT_AS_OF, "--format", "ics",
                        "-o", str(target))
    assert code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    by_day = {event.decoded("DTSTART"): event for event in events
              if "eindigt op" in str(event["SUMMARY"])}
    mandate = by_day[dt.date(2024, 9, 30)]
    assert "Mandaatbesluit Participatiewet Coevorden 2022" in str(mandate["SUMMARY"])
    assert "RO-9.1" in str(mandate["DESCRIPTION"]) and \
        "sociale-zaken.yaml" in str(mandate["DESCRIPTION"])
    secondment = by_day[dt.date(2024, 6, 30)]
    assert "Detachering J. Jansen" in str(secondment["SUMMARY"])
    assert "RO-2A" in str(secondment["DESCRIPTION"]) and "jansen.yaml" in str(
        secondment["DESCRIPTION"])
    assert mandate.decoded("DTEND") == dt.date(2024, 10, 1) and mandate.walk("VALARM")


def test_the_day_after_a_mandate_ends_the_check_reports_it(ending):
    def findings(as_of: str) -> list[str]:
        result = CliRunner().invoke(cli, ["check", str(ending), "--as-of", as_of, "--isolated",
                                          "--format", "concise", "--select", "DO-013",
                                          "--select", "RA-046"])
        return [line.split(str(ending) + "/")[-1] for line in result.output.splitlines()
                if line.startswith(str(ending))]

    assert findings("2024-06-30") == []
    [secondment] = findings("2024-07-01")
    assert secondment.startswith("detacheringen/jansen.yaml:") and " RA-046 " in secondment
    assert "2024-06-30" in secondment
    [mandate] = [f for f in findings("2024-10-01") if " DO-013 " in f]
    # at the end date of the mandate decision, naming the sub-agreement that still lists it
    assert mandate.startswith("mandaatbesluiten/coevorden-participatiewet-2022.yaml:13:")
    assert "Deelovereenkomst Sociale Zaken BOCE 2022" in mandate and "2024-09-30" in mandate
