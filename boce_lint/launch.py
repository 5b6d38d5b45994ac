"""The ``boce-lint`` command as installed: ``--version`` is answered before anything else is
imported (a version check in a hook or an editor should cost nothing like a check); every other
invocation goes to the command line, :mod:`boce_lint.cli`."""

from __future__ import annotations

import sys


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
