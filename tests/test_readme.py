"""The README's examples are real: every YAML example of a document kind passes its schema."""

from __future__ import annotations

import re
from pathlib import Path

from boce_lint.source.loader import identify
from boce_lint.source.schemas import KIND_NAMES
from boce_lint.source.yamlsource import parse

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
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
