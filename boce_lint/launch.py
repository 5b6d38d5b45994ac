"""The ``boce-lint`` command as installed: ``--version`` is answered before anything else is
imported (a version check in a hook or an editor should cost nothing like a check); every other
invocation goes to the command line, :mod:`boce_lint.cli`."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (typing is not imported: ``--version`` would pay for it)
if TYPE_CHECKING:
    from typing import NoReturn


def version_text() -> str:
    """What ``boce-lint --version`` prints (click's ``version_option`` prints the same)."""
    from boce_lint import __version__
    from boce_lint.source.accelerator import describe as yaml_composer

    return f"boce-lint, version {__version__}\n{yaml_composer()}"


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(version_text() + "\n")
        return
    import gc

    # No command needs the cyclic collector (``cli`` says why); off before the imports, which
    # make hundreds of thousands of objects and no garbage worth collecting.
    gc.disable()
    from boce_lint.cli import main as run

    run()


def command() -> None:
    """``boce-lint`` and ``python -m boce_lint``: :func:`main`, left without tearing down."""
    try:
        main()
    except SystemExit as end:
        _leave(end)


def _leave(end: SystemExit) -> NoReturn:
    """Exit without tearing the interpreter down, as mypy's ``hard_exit`` does: Python would
    collect the cycles of every module and free every object of the run one by one (4 % of the
    instructions of a warm check of 10,000 documents, apart from hashing). Only once both
    output streams are flushed; a code that is not a number, or a stream that cannot be
    flushed, leaves the normal way (Python then says so and sets the exit code), as does a
    closed stream and a process with something still to do at exit: a profiler, a tracer
    (coverage, a debugger), a function registered with ``atexit`` or another thread."""
    import atexit
    import threading

    code = 0 if end.code is None else end.code
    if not isinstance(code, int) or sys.stdout is None or sys.stderr is None or \
            sys.getprofile() is not None or sys.gettrace() is not None or \
            getattr(atexit, "_ncallbacks", lambda: 1)() or threading.active_count() > 1:
        raise end
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise end from None
    os._exit(code)
