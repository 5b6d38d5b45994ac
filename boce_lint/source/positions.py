"""What a parsed file is: its data, the position of every value, the problem that stops it, and
the limits on a document -- shared by the Python composer (composer.py), its C accelerator and
every reader of positions, without a YAML library: a check that parses no file (its results
all cached) imports none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000  # values produced by expanding aliases (*anker), per document
MAX_VALUES = 200_000  # values (scalars, lists, objects) per document; a large contract has ~1 000


class Position(NamedTuple):
    """1-based line and column of a value, and of the key that holds it (a tuple: millions are
    made per run, by the composer or the accelerator)."""

    line: int
    column: int
    key_line: int
    key_column: int


@dataclass
class ParseProblem(Exception):
    """A file that cannot be turned into data; ``code`` picks the loader rule that reports it."""

    code: str
    message: str
    message_en: str
    line: int = 1
    column: int = 1


@dataclass
class ParsedFile:
    """Data and positions; the hints say what no text value in it can be (the C accelerator
    notes them while composing, for free; the Python composer leaves them "maybe"), so that the
    loader skips a walk that would find nothing."""

    data: Any
    positions: dict[str, Position] = field(default_factory=dict)
    maybe_dutch: bool = True  # some text may be a Dutch yes/no or amount (dutch._candidate)
    maybe_far_date: bool = True  # some text may be a date dates.implausible names


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
