"""Ctrl-C and SIGTERM: a short message and the shell's exit code (130, 143), not a traceback.

Click turns ``KeyboardInterrupt`` into "Aborted!" with exit code 1, which CI reads as "findings
found". The handlers raise :class:`Interrupted` instead (a ``BaseException``, so neither click
nor ``except Exception`` swallows it); ``cli.main`` prints one line and exits 128 + the signal
number. Nothing is left half-written: outputs are renamed into place whole
(:mod:`boce_lint.outputs`), cache entries too (:mod:`boce_lint.run.cache`), and both remove
their temporary file when interrupted. A forked worker (``--jobs``) inherits the handler and
just ends: the main process reports.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


_MAIN_PID: list[int] = []


def _handler(signum: int, frame: FrameType | None) -> None:
    if _MAIN_PID and os.getpid() != _MAIN_PID[0]:
        os._exit(128 + signum)  # a worker process: the main process reports
    raise Interrupted(signum)


def install() -> None:
    """Handle SIGINT and SIGTERM in this (the main) process and the workers it forks."""
    _MAIN_PID[:] = [os.getpid()]
    for signum in SIGNALS:
        signal.signal(signum, _handler)
