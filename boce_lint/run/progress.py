"""A progress bar on stderr while a large repository is read (only on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def progress_bar() -> Callable[[int, int], None] | None:
    """A progress bar on stderr for large repositories, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < 200:
            return
        if "bar" not in state:
            from rich.progress import Progress

            state["bar"] = Progress(transient=True, console=None)
            state["bar"].start()
            state["task"] = state["bar"].add_task("bestanden lezen", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state["bar"].stop()
    return update
