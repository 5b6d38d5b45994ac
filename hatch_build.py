"""Hatch build hook: compile the optional YAML accelerator (boce_lint/source/_fastyaml.c).

It is compiled with the compiler Python itself was built with (sysconfig's LDSHARED, or $CC)
against the libyaml headers, in one command and without setuptools. When that fails — no
compiler, no libyaml-dev, no Python headers, or BOCE_LINT_ACCELERATOR=0 — the build says so in
one line and goes on: the wheel is then pure Python and boce-lint uses its Python composer.
With the accelerator the wheel carries the compiled module and a platform tag.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("boce_lint") / "source" / "_fastyaml.c"


def compile_accelerator(root: Path, out_dir: Path) -> Path | None:
    """The compiled module in ``out_dir``, or None (with the reason on stderr)."""
    if os.environ.get("BOCE_LINT_ACCELERATOR", "") == "0":
        return _skip("BOCE_LINT_ACCELERATOR=0")
    linker = sysconfig.get_config_var("LDSHARED")
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if not linker or not suffix:
        return _skip("this Python does not say how to link an extension")
    command = shlex.split(linker)
    if os.environ.get("CC"):  # as distutils did: $CC replaces the compiler, keeps its flags
        command[0:1] = shlex.split(os.environ["CC"])
    target = out_dir / f"_fastyaml{suffix}"
    command += [*shlex.split(sysconfig.get_config_var("CCSHARED") or ""), "-O2",
                f"-I{sysconfig.get_paths()['include']}", str(root / SOURCE), "-lyaml",
                "-o", str(target)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        return _skip(str(exc))
    if done.returncode != 0 or not target.is_file():
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        return _skip(next((line for line in lines if "error" in line), lines[-1]).strip())
    return target


def _skip(why: str) -> Path | None:
    print(f"boce-lint: YAML accelerator not built ({why}); the Python composer will be used.",
          file=sys.stderr)
    return None


class AcceleratorHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        if version == "editable":  # an editable install imports from the source tree
            for stale in (root / SOURCE.parent).glob("_fastyaml*.so"):
                stale.unlink()
            built = compile_accelerator(root, root / SOURCE.parent)
            if built is not None:
                build_data["pure_python"] = False
                build_data["infer_tag"] = True
            return
        self._temp = tempfile.TemporaryDirectory()
        built = compile_accelerator(root, Path(self._temp.name))
        if built is not None:
            build_data["force_include"][str(built)] = str(SOURCE.parent / built.name)
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        temp = getattr(self, "_temp", None)
        if temp is not None:
            temp.cleanup()
