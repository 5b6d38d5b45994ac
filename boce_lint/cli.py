"""The command line: ``boce-lint check``, ``rules``, ``explain``, ``test-rules``, ``schema``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from boce_lint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"boce-lint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _rulebook(rule_dirs: tuple[Path, ...] = (), exclude_groups: tuple[str, ...] = ()) -> Any:
    from boce_lint.rulebook import RulebookError, load_rulebook

    try:
        return load_rulebook(rule_dirs, exclude_groups=exclude_groups)
    except RulebookError as error:
        click.echo(error.render(), err=True)
        sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="boce-lint")
def cli() -> None:
    """Check host-municipality agreements (gastheergemeentemodel) against their obligations.

    \b
    Examples:
      boce-lint check contracten/            check a contract repository
      boce-lint check --as-of 2023-01-01 .   judge as on a given date (peildatum)
      boce-lint rules --coverage             which rule enforces which obligation
      boce-lint explain DO-001               what a rule checks and why
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The as-of date (peildatum), YYYY-MM-DD; default today.")
@click.option("--format", "output_format", type=click.Choice(["concise", "json"]),
              default="concise", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the messages.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Extra folder of *.boce rule files (repeatable).")
@click.option("--no-statutory", is_flag=True, help="Switch off the statutory pack (LAW- rules).")
def check(paths: tuple[Path, ...], as_of: dt.datetime | None, output_format: str, lang: str,
          rule_dirs: tuple[Path, ...], no_statutory: bool) -> None:
    """Check a contract repository (default: the current folder)."""
    from boce_lint.engine import evaluate
    from boce_lint.loader import UsageError, load_repository

    book = _rulebook(rule_dirs, ("wet",) if no_statutory else ())
    try:
        result = load_repository(list(paths) or [Path(".")])
    except UsageError as exc:
        _fail(str(exc))
    day = as_of.date() if as_of else dt.date.today()
    findings = result.findings + evaluate(book, result.repository, day)
    findings.sort(key=lambda f: f.sort_key())
    if output_format == "json":
        click.echo(json.dumps([_as_json(f) for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            click.echo(f"{f.file}:{f.line}:{f.column}: {f.rule_id} {f.text(lang)}")
    sys.exit(EXIT_FINDINGS if any(f.severity.value == "error" for f in findings) else EXIT_CLEAN)


def _as_json(f: Any) -> dict[str, Any]:
    data: dict[str, Any] = f.model_dump(mode="json", exclude={"fingerprint_value"})
    data["fingerprint"] = f.fingerprint
    return data


@cli.command("rules")
@click.option("--coverage", is_flag=True,
              help="Show, per obligation key, the rules that enforce it; exit 1 if any has none.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rules_command(coverage: bool, output_format: str) -> None:
    """List every rule (id, name, severity, obligation keys)."""
    book = _rulebook()
    if coverage:
        table = {key: [r.id for r in book.rules if key in r.keys] for key in book.registry}
        if output_format == "json":
            click.echo(json.dumps(table, indent=2, ensure_ascii=False))
        else:
            for key, ids in table.items():
                click.echo(f"{key:28} {', '.join(ids) if ids else '-- GEEN REGEL --'}")
            covered = sum(1 for ids in table.values() if ids)
            click.echo(f"\n{covered} van {len(table)} verplichtingen gedekt.")
        sys.exit(EXIT_CLEAN if all(table.values()) else EXIT_FINDINGS)
    rows = [{"id": r.id, "name": r.name, "severity": r.severity, "keys": r.keys,
             "group": r.group, "title": r.node.title.get("nl", "")} for r in book.rules]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['id']:8} {row['severity']:8} {row['name']:42} {', '.join(row['keys'])}")


@cli.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def explain(rule: str, lang: str) -> None:
    """Explain a rule: what it checks, why (obligation, article, quote) and its examples."""
    book = _rulebook()
    found = book.get(rule)
    if found is None:
        _fail(f"unknown rule {rule!r}; see 'boce-lint rules'")
    node = found.node
    pick = (lambda d: d.get(lang) or d.get("nl", ""))  # noqa: E731
    click.echo(f"{node.id} {node.name} — {pick(node.title)}")
    click.echo(f"ernst: {node.severity}   groep: {found.group}   bestand: {node.file}:{node.line}")
    if node.valid_from or node.valid_to:
        click.echo(f"geldig: {node.valid_from or '…'} tot {node.valid_to or '…'}")
    if node.exception_to:
        click.echo(f"uitzondering op: {node.exception_to}")
    if node.rationale:
        click.echo(f"\n{pick(node.rationale)}")
    click.echo("\nWaarom (bron):")
    for key in found.keys:
        entry = book.registry.get(key, {})
        click.echo(f"  {key}: {entry.get('document', '')}, {entry.get('artikel', '')}")
        if entry.get("citaat"):
            click.echo(f"    “{entry['citaat']}”")
        text = entry.get("obligation_en") if lang == "en" else entry.get("verplichting")
        if text:
            click.echo(f"    {text}")
    if node.advice:
        click.echo(f"\nAdvies: {pick(node.advice)}")
    for example in node.examples:
        label = "Fout voorbeeld" if example.failing else "Goed voorbeeld"
        when = f" (peildatum {example.as_of})" if example.as_of else ""
        click.echo(f"\n{label}{when}:")
        for line in example.text.strip("\n").splitlines():
            click.echo(f"  {line}")


@cli.command("test-rules")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def test_rules(paths: tuple[Path, ...]) -> None:
    """Run every rule's examples (built-in rules plus the rule folders given)."""
    from boce_lint.examples import run_examples

    for path in paths:
        if not path.is_dir():
            _fail(f"rule folder does not exist: {path}")
    book = _rulebook(paths)
    results = run_examples(book)
    failed = [r for r in results if not r.passed]
    for result in failed:
        node = result.rule.node
        click.echo(f"{node.file}:{result.example.line}:{result.example.column}: {node.id} "
                   f"voorbeeld {'fout' if result.example.failing else 'goed'}: {result.detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


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
    try:
        cli(standalone_mode=True)
    except Exception as error:  # noqa: BLE001 - the promise: one line, exit 2, no traceback
        click.echo(f"boce-lint: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_USAGE)
