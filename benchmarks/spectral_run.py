"""Spectral for measurement (e) of run.py: the ten core rules as a Spectral ruleset
(``spectral/.spectral.yaml`` with JavaScript functions), timed two ways on the same files.

- in process: ``spectral/runner.js`` loads the ruleset as the CLI does and, per round, parses
  every file into a Spectral Document and lints the Documents; Node's start-up, loading the
  ruleset and the parse are not in the lint figure (the parse is reported on its own);
- whole process: ``spectral lint -r .spectral.yaml -f json FILES`` as a user runs it, timed from
  start to exit: Node's start-up, bundling the ruleset, reading and parsing the files, the rules
  and writing JSON. Its counterpart is ``boce-lint check FILES --select`` the ten rules.

Optional: without node and npm, or when ``npm ci`` fails, :func:`prepare` says why and run.py
leaves the column out. ``node_modules`` is installed into ``benchmarks/spectral`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

SPECTRAL = Path(__file__).resolve().parent / "spectral"
CLI = SPECTRAL / "node_modules" / "@stoplight" / "spectral-cli" / "dist" / "index.js"


def prepare() -> str | None:
    """Install the pinned Spectral (``npm ci``) when needed; the reason it cannot run, or None."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return "node or npm is not installed"
    if not CLI.exists():
        env = {**os.environ, "SCARF_ANALYTICS": "false"}  # spectral-cli's install telemetry
        run = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                             cwd=SPECTRAL, env=env, capture_output=True, text=True,
                             check=False)
        if run.returncode != 0 or not CLI.exists():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            return f"npm ci in {SPECTRAL} failed: {last}"
    return None


def version() -> str:
    package = SPECTRAL / "node_modules" / "@stoplight" / "spectral-cli" / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


class InProcess:
    """``runner.js`` kept running, so that its rounds interleave with the Python ones."""

    def __init__(self, files: list[Path]) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as listing:
            json.dump([str(f) for f in files], listing)
        self._list = listing.name
        self._node = subprocess.Popen(["node", str(SPECTRAL / "runner.js"), self._list],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      text=True)
        ready = self._read()
        if ready.get("ready") != len(files):
            raise RuntimeError(f"spectral/runner.js did not start: {ready}")

    def _read(self) -> dict[str, Any]:
        assert self._node.stdout is not None
        line = self._node.stdout.readline()
        if not line:
            raise RuntimeError("spectral/runner.js stopped (its error is above)")
        result: dict[str, Any] = json.loads(line)
        return result

    def _ask(self, command: str) -> dict[str, Any]:
        assert self._node.stdin is not None
        self._node.stdin.write(command + "\n")
        self._node.stdin.flush()
        return self._read()

    def round(self, least: float) -> dict[str, float]:
        """CPU and wall ms per document: parse once, lint repeated for ``least`` CPU seconds."""
        return {k: float(v) for k, v in self._ask(f"round {least}").items()}

    def counts(self) -> dict[str, int]:
        return {k: int(v) for k, v in self._ask("counts").items()}

    def close(self) -> None:
        if self._node.stdin is not None:
            self._node.stdin.close()
        self._node.wait(timeout=60)
        os.unlink(self._list)


def whole_process(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system, the process and its children) and stdout."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8")
    return wall, usage.ru_utime + usage.ru_stime, text


def spectral_lint(files: list[Path]) -> tuple[float, float, dict[str, int]]:
    """``spectral lint`` as a fresh process: wall s, CPU s, findings per rule code."""
    wall, cpu, text = whole_process(["node", str(CLI), "lint", "-r", ".spectral.yaml",
                                     "-f", "json", "--quiet", *map(str, files)], cwd=SPECTRAL)
    return wall, cpu, dict(Counter(result["code"] for result in json.loads(text)))


def boce_lint_check(command: list[str], files: list[Path], rules: tuple[str, ...],
                    as_of: str) -> tuple[float, float, dict[str, int]]:
    """``boce-lint check FILES --select`` each rule, as a fresh process without cache."""
    selected = [option for rule in rules for option in ("--select", rule)]
    wall, cpu, text = whole_process([*command, "check", *map(str, files), *selected,
                                     "--as-of", as_of, "--format", "json", "--no-cache"])
    findings = json.loads(text)["findings"]
    return wall, cpu, dict(Counter(finding["rule_id"] for finding in findings))


def fixed_costs(first: Path, command: list[str], rules: tuple[str, ...], as_of: str,
                repeat: int = 3) -> dict[str, float]:
    """What each fresh process pays before the files count, min wall and CPU seconds of
    ``repeat`` interleaved runs: ``node -e 0``, ``spectral --version``, both linters on one
    file (the one-file runs return wall, CPU and findings; the first two wall, CPU and text)."""
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, run in (("node_start", lambda: whole_process(["node", "-e", "0"])),
                          ("spectral_version",
                           lambda: whole_process(["node", str(CLI), "--version"])),
                          ("spectral_one_file", lambda: spectral_lint([first])),
                          ("boce_one_file",
                           lambda: boce_lint_check(command, [first], rules, as_of))):
            wall, cpu, _ = run()
            runs.setdefault(f"{name}_s", []).append(wall)
            runs.setdefault(f"{name}_cpu_s", []).append(cpu)
    return {name: min(values) for name, values in runs.items()}
