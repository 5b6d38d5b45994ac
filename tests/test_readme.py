"""The README's examples are real: every YAML example of a document kind passes its schema."""

from __future__ import annotations

import re
from pathlib import Path

from boce_lint.source.loader import identify
from boce_lint.source.schemas import KIND_NAMES
from boce_lint.source.yamlsource import parse

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [b for b in re.findall(r"```yaml\n(.*?)```", README, flags=re.S) if "soort:" in b]


def test_one_example_per_kind():
    kinds = {re.search(r"^soort: (\S+)", b, flags=re.M).group(1) for b in BLOCKS}
    assert kinds == set(KIND_NAMES)


def test_examples_pass_their_schema():
    for block in BLOCKS:
        parsed = parse(block)
        loaded = identify(parsed.data, parsed.positions, "README.md")
        document, findings = loaded.document, loaded.findings
        assert document is not None and not findings, (block, [f.message for f in findings])


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"Run the whole test suite.*?```sh\n(.*?)\n```", README,
                        flags=re.S).group(1)
    body = [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert body == command.strip().splitlines()  # exactly the README's lines, nothing else


def test_configuration_example_is_valid(tmp_path):
    from boce_lint.config import load_config
    from boce_lint.rulebook.rulebook import load_rulebook
    from boce_lint.run.check import validate_rule_names

    block = re.search(r"```toml\n(# boce-lint.toml\n.*?)```", README, flags=re.S).group(1)
    (tmp_path / "boce-lint.toml").write_text(block, encoding="utf-8")
    config = load_config(tmp_path / "boce-lint.toml", [])
    validate_rule_names(config.settings, config, load_rulebook())
    assert config.settings.waivers[0].rule == "DO-005"


# -- the sample output, the install recipes and the documented options are real ----------------

def test_console_samples_are_real_output(monkeypatch):
    """Each ``$ boce-lint ...`` line in a console block, run here, prints exactly the lines
    that follow it."""
    import shlex

    from click.testing import CliRunner

    from boce_lint.cli import cli

    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.S)
    samples = re.findall(r"^\$ boce-lint (.*)\n((?:(?!\$ ).*\n)*)", "".join(blocks), flags=re.M)
    assert len(samples) >= 2
    for command, shown in samples:
        result = CliRunner().invoke(cli, shlex.split(command))
        assert result.exit_code == 1, result.output
        assert result.output == shown, f"README sample of 'boce-lint {command}' is stale; " \
                                       f"it prints:\n{result.output}"


def test_the_first_command_is_explained(monkeypatch):
    from click.testing import CliRunner

    from boce_lint.cli import cli

    monkeypatch.chdir(ROOT)
    match = re.search(r"It prints (\d+) findings and ends with exit code \*\*1\*\*", README)
    assert match, "the README explains the first command's exit code"
    result = CliRunner().invoke(cli, ["check", "fixtures/boce", "--as-of", "2023-01-01",
                                      "--format", "concise"])
    assert result.exit_code == 1 and len(result.output.splitlines()) == int(match.group(1))


def test_install_recipes_use_a_source_that_exists():
    from boce_lint import __version__
    from boce_lint.resources import repository_url

    installs = re.findall(r"pip install (?:(?:-q|--python \S+|--resolution \S+) )*"
                          r"(\"[^\"]+\"|\S+)",
                          "".join(re.findall(r"```\w*\n(.*?)```", README, flags=re.S)))
    assert installs
    for spec in installs:
        spec = spec.strip('"')
        # this checkout, its test extra, a release file, or a tag on the organisation's host
        assert spec in (".", '".[test]"', ".[test]", "uv") or spec.endswith(".whl") or \
            spec.startswith(f"boce-lint @ git+{repository_url()}.git@v{__version__}"), spec
    for wheel in re.findall(r"boce_lint-([\d.]+)-py3-none-any\.whl", README):
        assert wheel == __version__
    assert not re.search(r"pip install boce-lint(\s|$)", README)


def test_options_and_environment_are_documented():
    from boce_lint.cli import check

    options = {name for param in check.params for name in param.opts if name.startswith("--")}
    missing = sorted(o for o in options if o not in README)
    assert missing == [], f"check options not in the README: {missing}"
    for word in ("NO_COLOR", "FORCE_COLOR", "--show-settings", "--color always"):
        assert word in README, word
    ci = README[README.index("### Installing boce-lint in CI"):]
    assert "as-of" in ci[:ci.index("\n## ")] and "1 January" in ci[:ci.index("\n## ")]


def test_documented_shell_completion_works():
    import os
    import subprocess
    import sys

    shells = re.findall(r"_BOCE_LINT_COMPLETE=(\w+)_source boce-lint", README)
    assert shells == ["bash", "zsh", "fish"]
    script = Path(sys.executable).parent / "boce-lint"
    for shell in shells:
        done = subprocess.run([str(script)], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "_BOCE_LINT_COMPLETE": f"{shell}_source"})
        assert done.returncode == 0 and "_BOCE_LINT_COMPLETE" in done.stdout, shell
