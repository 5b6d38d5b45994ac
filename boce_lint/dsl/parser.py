"""Parse rule files with Lark (LALR) into the typed syntax tree of :mod:`boce_lint.dsl.ast`."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cache, partial
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer_NonRecursive, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from boce_lint.dsl import ast
from boce_lint.dsl.errors import RuleFileError
from boce_lint.resources import grammar_file


@cache
def _lark() -> Lark:
    kwargs: dict[str, Any] = dict(parser="lalr", propagate_positions=True,
                                  start=["start", "expr"], maybe_placeholders=False)
    # A cached parser table halves start-up time. Lark stores it as a pickle, so it lives in
    # the user's own cache folder (created private), never in a shared temp folder where another
    # user could plant a file; when that folder cannot be used the table is simply rebuilt.
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "boce-lint"
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        cache_file = base / f"grammar-{_grammar_stamp()}.lark-cache"
        return Lark(grammar_file().read_text(encoding="utf-8"), cache=str(cache_file), **kwargs)
    except OSError:
        return Lark(grammar_file().read_text(encoding="utf-8"), **kwargs)


def _grammar_stamp() -> str:
    import hashlib

    return hashlib.sha256(grammar_file().read_bytes()).hexdigest()[:16]


# Known mistakes and what to say about them (Lark's match_examples picks the closest).
_KNOWN_MISTAKES: dict[str, list[str]] = {
    "Een regel begint met 'regel', een id zoals DO-001 en een naam met koppeltekens, "
    "bijv. 'regel DO-001 werkterrein-ontbreekt'.": [
        "titel \"x\"", "regel titel", "regel DO-1 x-y", "regel DO-001 naam", "regel DO-001 \"x\"",
    ],
    "Na 'voor elke ...' hoort een dubbele punt (':').": [
        "regel DO-001 a-b voor elke deelovereenkomst d vereist",
        "regel DO-001 a-b voor elke deelovereenkomst d, elke kpi k in d.kpis vereist",
    ],
    "Na 'als <voorwaarde>' hoort een dubbele punt (':').": [
        "regel DO-001 a-b als d.x = 1 vereist",
    ],
    "Een tekst staat tussen dubbele aanhalingstekens en sluit op dezelfde regel: \"...\".": [
        "regel DO-001 a-b titel \"x", "regel DO-001 a-b melding 'x'",
    ],
    "Achter 'vereist' of 'bewijs' hoort een voorwaarde, bijv. 'vereist aanwezig d.werkterrein'.": [
        "regel DO-001 a-b voor elke d x: vereist melding",
        "regel DO-001 a-b voor elke d x: vereist",
    ],
    "Een vergelijking mist haar rechterkant.": [
        "regel DO-001 a-b voor elke d x: vereist x.y >= ",
        "regel DO-001 a-b voor elke d x: vereist x.y = melding",
    ],
    "Een bronsleutel komt uit de catalogus, bijv. 'RO-14.1.a' of 'RK-measurable-goals'.": [
        "regel DO-001 a-b bron x", "regel DO-001 a-b bron \"RO-1\"", "regel DO-001 a-b bron 14",
    ],
    "De ernst is 'fout', 'waarschuwing' of 'info'.": [
        "regel DO-001 a-b ernst hoog", "regel DO-001 a-b ernst \"fout\"",
        "regel DO-001 a-b ernst error",
    ],
    "Een voorbeeld is 'voorbeeld fout' of 'voorbeeld goed' gevolgd door YAML tussen "
    "\"\"\"...\"\"\".": [
        "regel DO-001 a-b voorbeeld \"\"\"x\"\"\"", "regel DO-001 a-b voorbeeld fout \"x\"",
        "regel DO-001 a-b voorbeeld slecht",
    ],
    "Een aggregaat ('aantal', 'som') kan niet direct vergeleken worden; zet het tussen haakjes "
    "of gebruik 'laat n = aantal ...'.": [
        "regel DO-001 a-b voor elke d x: vereist aantal o p waarvoor p.q = 1 >= 4 en",
        "regel DO-001 a-b voor elke d x: vereist aantal o p >= 4",
    ],
}


def _friendly(error: UnexpectedInput, text: str) -> str:
    label = None
    try:
        label = error.match_examples(partial(_lark().parse, start="start"), _KNOWN_MISTAKES,
                                     use_accepts=True)
    except Exception:
        label = None
    if isinstance(error, UnexpectedCharacters):
        found = f"onverwacht teken {text[error.pos_in_stream or 0]!r}"
    elif isinstance(error, UnexpectedEOF):
        found = "onverwacht einde van het bestand"
    else:
        token = getattr(error, "token", None)
        found = f"onverwacht {token!r}" if token is not None else "onverwachte invoer"
        if token is not None and token.type == "$END":
            found = "onverwacht einde van het bestand"
    return f"{found}. {label}" if label else f"{found}."


def parse_rules(text: str, file: str = "<regels>") -> list[ast.Rule]:
    """Parse a rule file; a syntax error raises :class:`RuleFileError` with its position."""
    try:
        tree = _lark().parse(text, start="start")
        rules: list[ast.Rule] = _ToAst().transform(tree)
    except UnexpectedInput as error:
        line, column = max(error.line, 1), max(error.column, 1)
        if isinstance(error, UnexpectedEOF) or line < 1:
            line = text.count("\n") + 1
        raise RuleFileError(file, line, column, _friendly(error, text), text) from None
    except VisitError as error:
        orig = error.orig_exc
        if isinstance(orig, RuleFileError):
            raise RuleFileError(file, orig.line, orig.column, orig.message, text) from None
        raise
    for rule in rules:
        rule.file = file
        for clause in TEMPLATE_CLAUSES:
            for lang, template in getattr(rule, clause).items():
                line, column = rule.clause_lines.get(f"{clause}:{lang}", (rule.line, rule.column))
                rule.templates[f"{clause}:{lang}"] = split_template(template, line, column)
    return rules


def split_template(text: str, line: int, column: int) -> list[str | ast.Expr | None]:
    """``"... {d.titel} ..."`` as text and parsed expressions, alternating (None for an
    expression that does not parse: the compiler reports it)."""
    parts: list[str | ast.Expr | None] = []
    for i, piece in enumerate(re.split(r"(\{[^{}]*\})", text)):
        if i % 2 == 0:
            parts.append(piece)
            continue
        try:
            parts.append(parse_expression(piece[1:-1], line, column))
        except Exception:
            parts.append(None)
    return parts


def parse_expression(text: str, line: int = 1, column: int = 1) -> ast.Expr:
    """Parse one expression (used for ``{...}`` in messages)."""
    tree = _lark().parse(text, start="expr")
    expr: ast.Expr = _ToAst(line - 1, column - 1).transform(tree)
    return expr


def _unquote(token: str) -> str:
    body = token[1:-1]
    return body.replace('\\"', '"').replace("\\\\", "\\").replace("\\n", "\n")


# clauses whose text holds ``{expression}``s
TEMPLATE_CLAUSES = ("message", "missing_message", "task", "actor")
# the roles whose duty a rule can state ('plicht van'), resolved from the framework's parties
BEARERS = ("gastheergemeente", "gastgemeenten", "partijen")
TEXT_CLAUSES = ("title", "rationale", "advice", "message", "missing_message", "task", "actor")

_UNITS = {"dag": "dagen", "dagen": "dagen", "week": "weken", "weken": "weken",
          "maand": "maanden", "maanden": "maanden", "jaar": "jaren", "jaren": "jaren"}


@v_args(meta=True, inline=True)
class _ToAst(Transformer_NonRecursive):  # type: ignore[type-arg]
    """Lark tree to typed nodes; nothing after this module sees a raw Tree.

    Non-recursive: ``1 + 1 + ... + 1`` with thousands of terms is a tree thousands of levels
    deep, which the compiler then refuses with its position (see ``MAX_NESTING``).
    """

    def __init__(self, line_offset: int = 0, column_offset: int = 0) -> None:
        super().__init__()
        self._dl, self._dc = line_offset, column_offset

    def _at(self, meta: Any) -> tuple[int, int]:
        line = getattr(meta, "line", 1)
        column = getattr(meta, "column", 1)
        return line + self._dl, column + (self._dc if line == 1 else 0)

    @staticmethod
    def _tok(token: Token) -> tuple[int, int]:
        return token.line or 1, token.column or 1

    def _shift(self, token: Token) -> tuple[int, int]:
        """A token's position, moved for expressions parsed out of a message template."""
        line, column = self._tok(token)
        return line + self._dl, column + (self._dc if line == 1 else 0)

    # ---- file and rule ----
    @v_args(inline=False)
    def start(self, rules: list[ast.Rule]) -> list[ast.Rule]:
        return list(rules)

    def rule(self, meta: Any, rule_id: Token, name: Token, *items: Any) -> ast.Rule:
        rule = ast.Rule(*self._at(meta), id=str(rule_id), name=str(name))
        seen_statement, after_statements = False, False
        for item in items:
            if isinstance(item, tuple) and item and item[0] == "clause":
                _, kind, value, pos = item
                if seen_statement:
                    after_statements = True
                self._apply_clause(rule, kind, value, pos)
            else:
                if after_statements:
                    raise RuleFileError("", item.line, item.column,
                                        "De voorwaarden van een regel staan aaneengesloten; "
                                        "zet 'melding' en 'voorbeeld' erna.")
                seen_statement = True
                rule.statements.append(item)
        return rule

    @staticmethod
    def _apply_clause(rule: ast.Rule, kind: str, value: Any, pos: tuple[int, int]) -> None:
        text_clause = kind in TEXT_CLAUSES
        key = f"{kind}:{value[0]}" if text_clause else kind
        if key in rule.clause_lines and kind != "example":
            raise RuleFileError("", pos[0], pos[1],
                                f"'{kind}' staat twee keer in regel {rule.id}.")
        rule.clause_lines[key] = pos
        if kind in TEXT_CLAUSES:
            lang, text = value
            getattr(rule, kind)[lang] = text
        elif kind == "sources":
            rule.keys.extend(value)
        elif kind == "severity":
            rule.severity = value
        elif kind == "validity":
            rule.valid_from, rule.valid_to = value
        elif kind == "bearer":
            rule.bearer = value
        elif kind == "label":
            rule.label = value
        elif kind == "fact":
            rule.fact = value
        elif kind == "exception_to":
            rule.exception_to = value
        elif kind == "example":
            rule.examples.append(value)

    def _text_clause(self, kind: str, meta: Any, *parts: Token) -> tuple[Any, ...]:
        lang = "en" if len(parts) == 2 else "nl"
        return ("clause", kind, (lang, _unquote(parts[-1])), self._at(meta))

    def title(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("title", meta, *parts)

    def rationale(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("rationale", meta, *parts)

    def advice(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("advice", meta, *parts)

    def message(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("message", meta, *parts)

    def missing_message(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("missing_message", meta, *parts)

    def task(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("task", meta, *parts)

    def actor(self, meta: Any, *parts: Token) -> tuple[Any, ...]:
        return self._text_clause("actor", meta, *parts)

    def bearer(self, meta: Any, role: Token) -> tuple[Any, ...]:
        if str(role) not in BEARERS:
            raise RuleFileError("", role.line or 0, role.column or 0,
                                f"'plicht van' noemt een rol: {', '.join(BEARERS)}; niet "
                                f"'{role}'.")
        return ("clause", "bearer", str(role), self._at(meta))

    def sources(self, meta: Any, *keys: Token) -> tuple[Any, ...]:
        return ("clause", "sources", [(str(k), *self._tok(k)) for k in keys], self._at(meta))

    def severity(self, meta: Any, word: Token) -> tuple[Any, ...]:
        return ("clause", "severity", str(word), self._at(meta))

    def validity(self, meta: Any, start: Token, end: Token | None = None) -> tuple[Any, ...]:
        return ("clause", "validity", (_date(start), _date(end) if end else None), self._at(meta))

    def validity_until(self, meta: Any, end: Token) -> tuple[Any, ...]:
        return ("clause", "validity", (None, _date(end)), self._at(meta))

    def label(self, meta: Any, name: Token) -> tuple[Any, ...]:
        return ("clause", "label", str(name), self._at(meta))

    def fact(self, meta: Any, name: Token) -> tuple[Any, ...]:
        return ("clause", "fact", str(name), self._at(meta))

    def exception_to(self, meta: Any, name: Token) -> tuple[Any, ...]:
        return ("clause", "exception_to", str(name), self._at(meta))

    def example(self, meta: Any, verdict: Token, place: tuple[Any, Any], block: Token
                ) -> tuple[Any, ...]:
        return self._example(meta, verdict == "fout", False, place, block)

    def example_missing(self, meta: Any, place: tuple[Any, Any], block: Token) -> tuple[Any, ...]:
        return self._example(meta, True, True, place, block)

    def example_place(self, meta: Any, *tokens: Token) -> tuple[Any, Any]:
        as_of = next((_date(t) for t in tokens if t.type == "DATE"), None)
        line = next((int(float(t)) for t in tokens if t.type == "NUMBER"), None)
        return as_of, line

    def _example(self, meta: Any, failing: bool, missing: bool, place: tuple[Any, Any],
                 block: Token) -> tuple[Any, ...]:
        as_of, expected_line = place
        text = str(block)[3:-3]
        return ("clause", "example",
                ast.Example(block.line or 1, block.column or 1, failing, as_of, text,
                            missing, expected_line),
                self._at(meta))

    # ---- statements ----
    def for_each(self, meta: Any, *binders: Any) -> ast.ForEach:
        return ast.ForEach(*self._at(meta), tuple(binders))

    def each(self, meta: Any, _each: Token, noun: Token, var: Token, *rest: Any) -> ast.Each:
        collection, where = None, None
        if rest and isinstance(rest[-1], tuple) and rest[-1][0] == "where":
            where = rest[-1][1]
            rest = rest[:-1]
        if rest:
            collection = rest[0]
        line, column = self._at(meta)
        return ast.Each(line, column, ast.Source(*self._shift(noun), str(noun), str(var),
                                                 collection), where)

    def each_year(self, meta: Any, _each: Token, var: Token, start: Any, end: Any) -> ast.EachYear:
        return ast.EachYear(*self._at(meta), str(var), start, end)

    def each_year_in_force(self, meta: Any, _each: Token, var: Token, document: Any,
                           since: Any = None) -> ast.EachYearInForce:
        return ast.EachYearInForce(*self._at(meta), str(var), document, since)

    def when(self, meta: Any, condition: Any) -> ast.When:
        return ast.When(*self._at(meta), condition)

    def let(self, meta: Any, name: Token, value: Any) -> ast.Let:
        return ast.Let(*self._at(meta), str(name), value)

    def require(self, meta: Any, condition: Any) -> ast.Require:
        return ast.Require(*self._at(meta), condition, False)

    def evidence(self, meta: Any, condition: Any) -> ast.Require:
        return ast.Require(*self._at(meta), condition, True)

    def deadline(self, meta: Any, date: Any) -> ast.Deadline:
        return ast.Deadline(*self._at(meta), date)

    # ---- expressions ----
    def source(self, meta: Any, noun: Token, var: Token, collection: Any = None) -> ast.Source:
        return ast.Source(*self._shift(noun), str(noun), str(var), collection)

    def filter(self, meta: Any, condition: Any) -> tuple[str, Any]:
        return ("where", condition)

    def count(self, meta: Any, source: ast.Source, where: Any = None) -> ast.Count:
        return ast.Count(*self._at(meta), source, where[1] if where else None)

    def fold(self, meta: Any, op: Token, value: Any, source: ast.Source,
             where: Any = None) -> ast.Fold:
        return ast.Fold(*self._at(meta), str(op), value, source, where[1] if where else None)

    def quantifier(self, meta: Any, quantor: Token, source: ast.Source,
                   condition: Any) -> ast.Quantifier:
        return ast.Quantifier(*self._at(meta), str(quantor), source, condition)

    def or_(self, meta: Any, left: Any, right: Any) -> ast.Logic:
        return ast.Logic(*self._at(meta), "of", left, right)

    def and_(self, meta: Any, left: Any, _en: Token, right: Any) -> ast.Logic:
        return ast.Logic(*self._at(meta), "en", left, right)

    def not_(self, meta: Any, operand: Any) -> ast.Not:
        return ast.Not(*self._at(meta), operand)

    def compare(self, meta: Any, left: Any, op: Token, right: Any) -> ast.Compare:
        return ast.Compare(*self._at(meta), str(op), left, right)

    def member(self, meta: Any, item: Any, collection: Any) -> ast.Member:
        return ast.Member(*self._at(meta), item, collection, False)

    def not_member(self, meta: Any, item: Any, collection: Any) -> ast.Member:
        return ast.Member(*self._at(meta), item, collection, True)

    def contains(self, meta: Any, text: Any, part: Any) -> ast.Contains:
        return ast.Contains(*self._at(meta), text, part)

    def regex_match(self, meta: Any, text: Any, pattern: Token) -> ast.Regex:
        return ast.Regex(*self._at(meta), text, _unquote(pattern))

    def presence(self, meta: Any, test: Token, operand: Any) -> ast.Presence:
        return ast.Presence(*self._at(meta), str(test), operand)

    def arith(self, meta: Any, left: Any, op: Token, right: Any) -> ast.Arith:
        return ast.Arith(*self._at(meta), str(op), left, right)

    def neg(self, meta: Any, operand: Any) -> ast.Neg:
        return ast.Neg(*self._at(meta), operand)

    def field(self, meta: Any, obj: Any, name: Token) -> ast.Field:
        return ast.Field(*self._shift(name), obj, str(name))

    def var(self, meta: Any, name: Token) -> ast.Var:
        return ast.Var(*self._at(meta), str(name))

    def number(self, meta: Any, token: Token) -> ast.Literal:
        text = str(token)
        return ast.Literal(*self._at(meta), float(text) if "." in text else int(text))

    def string(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(*self._at(meta), _unquote(token))

    def date(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(*self._at(meta), _date(token))

    def boolean(self, meta: Any, token: Token) -> ast.Literal:
        return ast.Literal(*self._at(meta), str(token) == "waar")

    def duration(self, meta: Any, amount: Token, unit: Token) -> ast.Duration:
        text = str(amount)
        return ast.Duration(*self._at(meta), float(text) if "." in text else int(text),
                            _UNITS[str(unit)])

    def as_of(self, meta: Any) -> ast.AsOf:
        return ast.AsOf(*self._at(meta))

    def call(self, meta: Any, name: Token, *args: Any) -> ast.Call:
        return ast.Call(*self._at(meta), str(name), tuple(a for a in args if a is not None))

    def list(self, meta: Any, *items: Any) -> ast.ListLit:
        return ast.ListLit(*self._at(meta), tuple(i for i in items if i is not None))


def _date(token: Token) -> dt.date:
    try:
        return dt.date.fromisoformat(str(token))
    except ValueError:
        raise RuleFileError("", token.line or 1, token.column or 1,
                            f"'{token}' is geen geldige datum (JJJJ-MM-DD).") from None
