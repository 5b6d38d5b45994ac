"""A rule's texts as generated code: its messages, and the task and actor of its deadline.

The compiler turns each ``"... {expr} ..."`` into pieces: literal text, and the code of each
expression. A finding carries its message in both languages, so one function makes both texts
of an outcome (``said``): each distinct expression of the two is evaluated once, and each text
is one f-string. A value shows the same in either language (``message_part``) unless it is
shortened, which says its length in the language's own words.
"""

from __future__ import annotations

from typing import Any

from boce_lint.dsl.codegen import Program
from boce_lint.dsl.values import UNKNOWN_TEXT, show
from boce_lint.safetext import MAX_QUOTED, quote

# A piece of a text: (True, the code of an expression) or (False, literal text).
Piece = tuple[bool, str]

LANGUAGES = ("nl", "en")  # the languages a finding carries its message in
MISSING_SUFFIX = {"nl": " (De gegevens om dit te beoordelen ontbreken.)",
                  "en": " (The data needed to decide this is missing.)"}
OUTCOMES = ("violation", "missing-evidence")


def said(program: Program, rule_id: str, messages: dict[str, list[Piece]],
         missing: dict[str, list[Piece]], lines: tuple[int, int]) -> dict[str, str]:
    """Per outcome, the name of the function that gives a finding's (Dutch, English) message:
    English None when the rule has none. Missing evidence has its own message, or the
    violation's with a suffix saying the data is missing; a rule without a Dutch message
    (which the compiler reports) says its id. ``lines``: where each outcome's message is."""
    names = {}
    for outcome, line in zip(OUTCOMES, lines, strict=True):
        texts: list[tuple[str, list[Piece] | None]] = []
        for lang in LANGUAGES:
            pieces = missing.get(lang) if outcome == "missing-evidence" else None
            if pieces is None and lang in messages:
                pieces = messages[lang]
                if outcome == "missing-evidence":
                    pieces = [*pieces, (False, MISSING_SUFFIX[lang])]
            if pieces is None and lang == "nl":
                pieces = [(False, rule_id)]
            texts.append((lang, pieces))
        names[outcome] = _function(program, "said", texts, line)
    return names


def text(program: Program, lang: str, pieces: list[Piece], line: int) -> str:
    """The name of the function that gives one text (a deadline's task or actor)."""
    return _function(program, "text", [(lang, pieces)], line)


def _function(program: Program, prefix: str, texts: list[tuple[str, list[Piece] | None]],
              line: int) -> str:
    """One function giving each text (a tuple of them when there are several), each distinct
    expression evaluated once, in the order it first appears."""
    codes: dict[str, int] = {}  # each expression's code, numbered
    shown: dict[tuple[int, str], str] = {}  # (expression, language): the local holding it
    langs = [lang for lang, _ in texts]
    for lang, pieces in texts:
        for is_code, code in pieces or ():
            if is_code:
                number = codes.setdefault(code, len(codes))
                shown.setdefault((number, lang), f"part{number}_{lang}")
    body = []
    for code, number in codes.items():
        names = [shown[number, lang] for lang in langs if (number, lang) in shown]
        shows = [f"message_part(value, {lang!r})" for lang in langs if (number, lang) in shown]
        if langs == list(LANGUAGES) and len(names) == 2:  # shown once (``message_parts``)
            shows = ["message_parts(value)"]
        body += ["try:",
                 f"    value = {code}",
                 f"    {', '.join(names)} = {', '.join(shows)}",
                 "except MESSAGE_ERRORS:",
                 f"    {' = '.join(names)} = {UNKNOWN_TEXT!r}"]
    made = []
    for lang, pieces in texts:
        if pieces is None:
            made.append("None")
            continue
        parts = [f"f'{{{shown[codes[code], lang]}}}'" if is_code else _literal(code)
                 for is_code, code in pieces]
        made.append(" ".join(parts) if parts else "''")
    body.append(f"return {', '.join(made)}" if len(made) > 1 else f"return {made[0]}")
    return program.function(prefix, "env", body, line)


def message_part(value: Any, lang: str) -> str:
    """A value as a message shows it (``show``), a long one shortened (``quote``); texts and
    whole numbers, nearly all of them, without the calls."""
    kind = value.__class__
    if kind is str:
        return value if len(value) <= MAX_QUOTED else quote(value, lang)
    if kind is int:
        text = int.__repr__(value)
        return text if len(text) <= MAX_QUOTED else quote(text, lang)
    return quote(show(value), lang)


def message_parts(value: Any) -> tuple[str, str]:
    """A value as the Dutch and the English message show it (``message_part``): the same but
    for how a long one says its length."""
    kind = value.__class__
    if kind is str:
        text = value
    elif kind is int:
        text = int.__repr__(value)
    else:
        text = show(value)
    if len(text) <= MAX_QUOTED:
        return text, text
    return quote(text, "nl"), quote(text, "en")


def _literal(text: str) -> str:
    """Literal text as an f-string (braces doubled), so that the pieces make one string."""
    return "f" + repr(text.replace("{", "{{").replace("}", "}}"))
