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


@cache
def repository_url() -> str:
    """Where boce-lint is hosted: ``Repository`` in pyproject's [project.urls]."""
    import tomllib
    from importlib import metadata

    try:
        entries: list[str] = metadata.metadata("boce-lint").get_all("Project-URL") or []
        for entry in entries:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "repository":
                return url.strip().rstrip("/")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        pass
    pyproject = _PACKAGE.parent / "pyproject.toml"  # pragma: no cover
    urls: dict[str, str] = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["urls"]
    return urls["Repository"].rstrip("/")
