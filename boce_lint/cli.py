"""The command line: ``boce-lint check``, ``schema`` and friends."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from boce_lint import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="boce-lint")
def cli() -> None:
    """Check host-municipality agreements (gastheergemeentemodel) against their obligations."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check a contract repository (default: the current folder)."""
    from boce_lint.loader import UsageError, load_repository

    try:
        result = load_repository(list(paths) or [Path(".")])
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    findings = sorted(result.findings, key=lambda f: f.sort_key())
    for finding in findings:
        click.echo(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule_id} "
                   f"{finding.message}")
    sys.exit(1 if any(f.severity.value == "error" for f in findings) else 0)


@cli.command()
@click.argument("kind", required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of a document kind (without KIND: list the kinds)."""
    from boce_lint.schemas import KIND_NAMES, schema_for

    if kind is None:
        click.echo("\n".join(KIND_NAMES))
        return
    if kind not in KIND_NAMES:
        raise click.BadParameter(f"unknown kind {kind!r}; choose from: {', '.join(KIND_NAMES)}",
                                 param_hint="KIND")
    click.echo(json.dumps(schema_for(kind), indent=2, ensure_ascii=False))


def main() -> None:
    cli()
