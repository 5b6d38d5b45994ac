"""Where the shipped data lives: inside the wheel, or beside the package in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``grammar`` or ``rules``; a wheel carries them under ``_data``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"boce-lint installation is incomplete: folder {name!r} not found")


def grammar_file() -> Path:
    return data_dir("grammar") / "boce.lark"


def rules_dir() -> Path:
    return data_dir("rules")


def schemas_dir() -> Path:
    return _PACKAGE / "schemas"


def templates_dir() -> Path:
    """The files ``boce-lint init`` copies into a new contract repository."""
    return _PACKAGE / "templates"
