"""Which composer turns YAML into data: the optional C accelerator, or composer.py.

The accelerator (_fastyaml.c) is compiled when the package is built on a machine with a C
compiler and the libyaml headers; without it everything works the same, only slower. Setting
BOCE_LINT_PURE_YAML=1 uses the Python composer even when the accelerator is there (to compare
the two, or to rule it out). Importing this module imports no YAML library: ``--version`` uses it.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

PURE_ENV = "BOCE_LINT_PURE_YAML"
# The functions and results this Python code expects of the module (FASTYAML_INTERFACE in
# _fastyaml.c): a module built from older source, as an editable install keeps after a
# ``git pull``, is not used -- it would fail in the middle of a check.
INTERFACE = 4


def load() -> ModuleType | None:
    """The accelerator module, or None when it was not built or is switched off."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    native = _built()
    return native if getattr(native, "INTERFACE", None) == INTERFACE else None


def _built() -> ModuleType | None:
    try:
        return importlib.import_module("boce_lint.source._fastyaml")
    except ImportError:
        return None


def describe() -> str:
    """One line for ``--version``: which YAML composer this installation uses."""
    native = load()
    if native is not None:
        return f"YAML: C accelerator (libyaml {native.libyaml_version()})"
    value = os.environ.get(PURE_ENV, "")
    why = f"switched off by {PURE_ENV}={value}" if value not in ("", "0") else \
        "built from other source; reinstall boce-lint to rebuild it" if _built() else "not built"
    return f"YAML: Python composer (C accelerator {why})"
