"""Typed syntax tree of the rule language; every node knows its line and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from boce_lint.dsl.example import Example

__all__ = ["Example"]  # defined on its own: a cached rule carries its examples without this module


@dataclass(frozen=True)
class Node:
    line: int
    column: int


# ---- expressions ----
@dataclass(frozen=True)
class Var(Node):
    name: str


@dataclass(frozen=True)
class Field(Node):
    obj: Expr
    name: str


@dataclass(frozen=True)
class Literal(Node):
    value: object  # int | float | str | bool | datetime.date


@dataclass(frozen=True)
class Duration(Node):
    amount: float
    unit: str  # "dagen" | "weken" | "maanden" | "jaren"


@dataclass(frozen=True)
class AsOf(Node):
    pass


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class ListLit(Node):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Arith(Node):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Neg(Node):
    operand: Expr


@dataclass(frozen=True)
class Compare(Node):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Member(Node):
    item: Expr
    collection: Expr
    negated: bool


@dataclass(frozen=True)
class Contains(Node):
    text: Expr
    part: Expr


@dataclass(frozen=True)
class Regex(Node):
    text: Expr
    pattern: str


@dataclass(frozen=True)
class Presence(Node):
    test: str  # "aanwezig" | "ontbreekt" | "leeg" | "invultekst"
    operand: Expr


@dataclass(frozen=True)
class Not(Node):
    operand: Expr


@dataclass(frozen=True)
class Logic(Node):
    op: str  # "en" | "of"
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Source(Node):
    """``overleg o`` (every document of a kind) or ``kpi k in d.kpis`` (a collection)."""

    noun: str
    var: str
    collection: Expr | None


@dataclass(frozen=True)
class Count(Node):
    source: Source
    where: Expr | None


@dataclass(frozen=True)
class Fold(Node):
    op: str  # "som" | "minimum" | "maximum"
    value: Expr
    source: Source
    where: Expr | None


@dataclass(frozen=True)
class Quantifier(Node):
    quantor: str  # "alle" | "een" | "geen"
    source: Source
    condition: Expr


Expr = (Var | Field | Literal | Duration | AsOf | Call | ListLit | Arith | Neg | Compare | Member
        | Contains | Regex | Presence | Not | Logic | Count | Fold | Quantifier)


# ---- statements ----
@dataclass(frozen=True)
class Each(Node):
    source: Source
    where: Expr | None


@dataclass(frozen=True)
class EachYear(Node):
    var: str
    start: Expr
    end: Expr


@dataclass(frozen=True)
class EachYearInForce(Node):
    """Every complete calendar year a document was in force (catalogue principles 3 and 4)."""

    var: str
    document: Expr
    since: Expr | None


Binder = Each | EachYear | EachYearInForce


@dataclass(frozen=True)
class ForEach(Node):
    binders: tuple[Binder, ...]


@dataclass(frozen=True)
class When(Node):
    condition: Expr


@dataclass(frozen=True)
class Let(Node):
    name: str
    value: Expr


@dataclass(frozen=True)
class Require(Node):
    condition: Expr
    evidence_only: bool  # "bewijs": failing means missing evidence, not a violation


@dataclass(frozen=True)
class Deadline(Node):
    """``termijn DATUM``: the duty that follows is due on this date (see docs/language.md)."""

    date: Expr


Statement = ForEach | When | Let | Require | Deadline


@dataclass
class Rule:
    line: int
    column: int
    id: str
    name: str
    file: str = ""
    title: dict[str, str] = field(default_factory=dict)
    keys: list[tuple[str, int, int]] = field(default_factory=list)  # key, line, column
    severity: str = ""
    rationale: dict[str, str] = field(default_factory=dict)
    advice: dict[str, str] = field(default_factory=dict)
    message: dict[str, str] = field(default_factory=dict)
    missing_message: dict[str, str] = field(default_factory=dict)
    task: dict[str, str] = field(default_factory=dict)  # 'taak': what is due, for the agenda
    actor: dict[str, str] = field(default_factory=dict)  # 'door': who must act
    bearer: str | None = None  # 'plicht van': the role whose duty this is (scope, principle 6)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    label: str | None = None
    fact: str | None = None  # 'feit': a fact the report reads from this rule (vergaderplicht)
    exception_to: str | None = None
    examples: list[Example] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    clause_lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The message-like clauses ("message:nl", ...) split into text and ``{expression}`` parts,
    # parsed once with the file (and cached with it); None for a part that does not parse.
    templates: dict[str, list[str | Expr | None]] = field(default_factory=dict)
