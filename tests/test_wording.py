"""A finding's messages in both languages (dsl/wording.py): each language's own message, the
missing-evidence message or the violation's with its suffix, long values quoted in each
language's own words, and braces that enclose no expression kept as text."""

from __future__ import annotations

from ruletools import run

RULE = """
regel T-001 test-regel
  titel "Test"
  bron RO-4.2
  ernst fout
  voor elke deelovereenkomst d, elke kpi k in d.kpis:
    vereist k.streefwaarde > 0
  melding "{k.naam} van {d.id}: {k.naam} {k.eenheid} niet goed }"
  melding en "{d.id}, {k.naam}: { not right"
"""


def _docs(name: str) -> dict[str, str]:
    return {"a.yaml": "soort: deelovereenkomst\nversie: 2\nid: a\nkpis:\n"
                      f"  - id: k\n    naam: {name}\n    streefwaarde: 0\n"
                      f"  - id: l\n    naam: {name}\n"}


def test_both_languages_show_each_value_and_the_missing_suffix(tmp_path):
    findings = run(RULE, _docs("k1"), tmp_path)
    assert [(f.outcome.value, f.message, f.message_en) for f in findings] == [
        ("violation", "k1 van a: k1 (onbekend) niet goed }", "a, k1: { not right"),
        ("missing-evidence",
         "k1 van a: k1 (onbekend) niet goed } (De gegevens om dit te beoordelen ontbreken.)",
         "a, k1: { not right (The data needed to decide this is missing.)")]


def test_a_long_value_is_shortened_in_each_language(tmp_path):
    findings = run(RULE, _docs("x" * 5000), tmp_path)
    assert findings[0].message.startswith("x" * 200 + "…(5.000 tekens) van a: ")
    assert findings[0].message_en == "a, " + "x" * 200 + "…(5,000 characters): { not right"


def test_own_missing_message_in_one_language_and_the_suffix_in_the_other(tmp_path):
    rules = RULE + '  geen-bewijs "{k.naam}: streefwaarde onbekend"\n'
    findings = run(rules, _docs("k1"), tmp_path)
    assert [(f.message, f.message_en) for f in findings] == [
        ("k1 van a: k1 (onbekend) niet goed }", "a, k1: { not right"),
        ("k1: streefwaarde onbekend",
         "a, k1: { not right (The data needed to decide this is missing.)")]
