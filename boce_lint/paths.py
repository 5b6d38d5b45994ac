"""How file paths are shown: the one place that turns a path into the text users read."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def display_path(path: Path) -> str:
    """Paths in findings are relative to the working directory when possible, POSIX-style."""
    if os.name == "posix":  # the same answer as below, without pathlib (10 000s of files)
        absolute_text, cwd = os.path.abspath(path), os.path.abspath(os.getcwd())
        prefix = cwd if cwd.endswith("/") else cwd + "/"
        if absolute_text.startswith(prefix):
            return absolute_text[len(prefix):]
        if absolute_text == cwd:
            return "."
        return path.as_posix()
    absolute = Path(os.path.abspath(path))  # not resolve(): a link keeps its own name
    try:
        return absolute.relative_to(Path(os.path.abspath(Path.cwd()))).as_posix()
    except ValueError:
        return path.as_posix()


def display_paths(paths: Sequence[str | Path]) -> list[str]:
    """``display_path`` of each, the working directory asked once: a path without ``..`` is
    normalised by pathlib already, so 10 000 files cost no ``abspath`` each."""
    if os.name != "posix":
        return [display_path(Path(path)) for path in paths]
    cwd = os.path.abspath(os.getcwd())
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    shown = []
    for path in paths:
        text = os.fspath(path)
        if ".." in text.split("/"):
            text = display_path(Path(path))
        elif text.startswith(prefix):
            text = text[len(prefix):]
        elif text == cwd:
            text = "."
        shown.append(text)
    return shown


def relative_path(file: str, root: str | Path, *, climb: bool = False) -> str:
    """``file`` relative to ``root``, with forward slashes (as CI systems and globs expect).

    A file outside ``root`` keeps the path it was given, unless ``climb``: then it is reached
    with ``../`` steps (waiver globs are matched that way).
    """
    try:
        relative = os.path.relpath(os.path.abspath(file), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        return file if climb else Path(file).as_posix()
    if not climb and (relative == os.pardir or relative.startswith(os.pardir + os.sep)):
        return Path(file).as_posix()
    return Path(relative).as_posix()
