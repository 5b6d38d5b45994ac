"""Placeholders are exactly the template's own tokens (catalogue principle 7)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boce_lint.dsl.values import MISSING, to_date
from boce_lint.rulebook.placeholders import (
    PLACEHOLDER_MARKERS,
    PLACEHOLDER_PATTERN,
    is_placeholder,
    may_hold_placeholder,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# The tokens principle 7 names, written out independently of the pattern under test.
TOKENS = ["[invoegen]", "[datum]", "[ingangsdatum]", "[naam]", "[bedrag]", "[…]", "[...]",
          "PM", "PM In te vullen", "PM in te vullen na discussie in de stuurgroep", "TODO",
          "XXX", "N.N.", "[invoegen: gastgemeente]", "[datum: ingangsdatum]"]
# Ordinary text the old detector took for a placeholder (fidelity review 2026-11, RA-011).
ORDINARY = ["art. 43 [Participatiewet].", "Overleg om 2 PM", "Overleg om 2 PM, in te vullen",
            "het aanvraagformulier is digitaal in te vullen.", "zie [1] en [Awb]",
            "De heer N.N. Jansen tekent.", "PMO-overleg", "TODOS", "XXXL", "[Datum van ontvangst]"]


def seed_sentences() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    sentences = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = " ".join(seed.read_text(encoding="utf-8").split())
        # the concept agreement itself holds the tokens: take them out, keep the sentence
        for token in ("[invoegen]", "[datum]", "[ingangsdatum]", "PM In te vullen"):
            text = text.replace(token, " ")
        sentences += [s for s in re.split(r"(?<=[.!?;:])\s+", text) if s.strip()]
    return sentences


SENTENCES = seed_sentences() if SEEDS.is_dir() else ["Gewone zin."]


def test_no_seed_sentence_is_a_placeholder():
    assert len(SENTENCES) > 1000
    assert [s[:120] for s in SENTENCES if is_placeholder(s)] == []


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_a_placeholder(text):
    assert not is_placeholder(text)


@pytest.mark.parametrize("token", TOKENS)
def test_every_template_token_is_a_placeholder(token):
    assert is_placeholder(token)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES))
def test_joined_seed_sentences_stay_ordinary(first, second):
    assert not is_placeholder(f"{first} {second}")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SENTENCES),
       st.sampled_from([t for t in TOKENS if t.startswith("[")] + ["TODO", "XXX"]))
def test_a_token_inside_a_sentence_is_found(sentence, token):
    assert is_placeholder(f"{sentence} d.d. {token} {sentence}")


def test_the_schema_pattern_is_the_same_pattern():
    # the JSON Schemas accept a placeholder where a date or an amount is expected
    schema = (Path(__file__).parents[1] / "boce_lint" / "schemas"
              / "verordening.schema.json").read_text(encoding="utf-8")
    assert PLACEHOLDER_PATTERN.replace("\\", "\\\\") in schema


# ---- the quick test before the search (is_placeholder) finds exactly what the search finds
PLAIN = re.compile(PLACEHOLDER_PATTERN)
# Pieces of the pattern's alternatives and of their edges: brackets with and without a known
# word, hints, "…" and "...", PM before and after digits and letters, "in te vullen" with its
# separators, TODO/XXX against letters and digits, N.N. with and without its space, and
# whitespace of several kinds (the pattern's \s is Unicode whitespace).
PIECES = ["[", "]", "invoegen", "datum", "ingangsdatum", "naam", "bedrag", "Datum", ":",
          ": hint", "…", "...", "..", ".", "PM", "P", "M", "pm", "In te vullen",
          "in te vullen", "n te vullen", "te vullen", "TODO", "TOD", "XXX", "XX", "X", "N.",
          "N", "N.N.", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "2", "9", "a", "Z", "_", "-",
          ",", ";", "é", "\u2028", "x" * 81]


def _same(text: str) -> bool:
    return is_placeholder(text) == (PLAIN.search(text) is not None)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_quick_test_agrees_with_the_pattern_on_its_pieces(text):
    assert _same(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_quick_test_agrees_with_the_pattern_on_any_text(text):
    assert _same(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_the_markers_are_what_the_quick_test_looks_for(text):
    """The accelerator looks for PLACEHOLDER_MARKERS (support.placeholder_leaves)."""
    assert may_hold_placeholder(text) == any(m in text for m in PLACEHOLDER_MARKERS)


@pytest.mark.parametrize("marker", PLACEHOLDER_MARKERS)
def test_each_marker_alone_is_one_the_quick_test_looks_for(marker):
    """The markers and the quick test's own literals are two lists: each marker alone, and
    within a sentence, must count."""
    assert may_hold_placeholder(marker)
    assert may_hold_placeholder(f"De bijdrage is {marker} per jaar.")


def test_a_text_without_markers_is_one_the_quick_test_passes_over():
    assert not may_hold_placeholder("De bijdrage is 12 500 euro per jaar (prijspeil 2024).")


def test_quick_test_agrees_on_many_generated_texts_of_both_kinds():
    import random

    rng = random.Random(16)
    texts = ["".join(rng.choices(PIECES, k=rng.randint(0, 10))) for _ in range(40_000)]
    for sentence, token in zip(rng.choices(SENTENCES, k=5000), rng.choices(TOKENS, k=5000),
                               strict=True):
        texts.append(sentence[: rng.randint(0, len(sentence))] + token + sentence[:30])
    assert [t for t in texts if not _same(t)] == []
    found = sum(PLAIN.search(t) is not None for t in texts)
    assert 2000 < found < len(texts) - 2000  # both kinds, many of each


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(TOKENS), st.text(alphabet="0123456789-W", max_size=12),
       st.text(alphabet="0123456789-W", max_size=12))
def test_a_placeholder_never_reads_as_a_date(token, before, after):
    """A date field holding a placeholder counts as missing (values.to_date tries every text
    as an ISO date: no placeholder is one)."""
    assert to_date(before + token + after) is MISSING
    assert to_date("2024-02-29") == dt.date(2024, 2, 29)
