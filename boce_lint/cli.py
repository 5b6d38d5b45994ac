"""The command line: ``boce-lint check``, ``rules``, ``explain``, ``test-rules``, ``schema``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from boce_lint import __version__
from boce_lint.formatters import FORMATS
from boce_lint.launch import version_text
from boce_lint.outputs import use_color
from boce_lint.report import REPORT_FORMATS
from boce_lint.run.progress import progress_bar

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"boce-lint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _rulebook(rule_dirs: tuple[Path, ...] = (), exclude_groups: tuple[str, ...] = ()) -> Any:
    from boce_lint.rulebook.rulebook import RulebookError, load_rulebook

    try:
        return load_rulebook(rule_dirs, exclude_groups=exclude_groups)
    except RulebookError as error:
        click.echo(error.render(), err=True)
        sys.exit(EXIT_USAGE)


def _version(context: click.Context, _: click.Parameter, value: bool) -> None:
    """``--version`` with other arguments (``launch`` answers it alone); its text, made only
    now, loads the YAML accelerator."""
    if value and not context.resilient_parsing:
        click.echo(version_text(), color=context.color)
        context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and exit.")
def cli() -> None:
    """Check host-municipality agreements (gastheergemeentemodel) against their obligations.

    \b
    Examples:
      boce-lint check contracten/            check a contract repository
      boce-lint check --as-of 2023-01-01 .   judge as on a given date (peildatum)
      boce-lint rules --coverage             which rule enforces which obligation
      boce-lint explain DO-001               what a rule checks and why
      boce-lint upgrade --diff contracten/   show the changes to file format 2
      boce-lint agenda contracten            what falls due in the coming year
    """
    import gc

    # A check builds millions of long-lived small objects and no garbage cycles worth
    # collecting; the collector would re-scan them again and again (a third of a national
    # run's time). Each command is a short-lived process: switch it off once, here.
    gc.disable()


SEVERITY_CHOICE = click.Choice(["error", "warning", "info", "never"])


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default=None,
              help="Output format (default: text).")
@click.option("--output", "outputs", multiple=True, metavar="FORMAT=FILE",
              help="Also write FORMAT to FILE (repeatable), e.g. --output sarif=boce.sarif.")
@click.option("--fail-on", type=SEVERITY_CHOICE, default=None,
              help="Exit 1 when a finding at or above this severity counts (default: error).")
@click.option("--fail-on-missing-evidence/--no-fail-on-missing-evidence", default=None,
              help="Let missing evidence at or above --fail-on fail the run too (default: only "
                   "violations fail).")
@click.option("--exit-zero", is_flag=True, default=None, help="Always exit 0 when the check ran.")
@click.option("--select", multiple=True, metavar="SELECTOR",
              help="Only these rules: id (DO-001), name glob (*-ontbreekt) or key prefix (RK-).")
@click.option("--ignore", multiple=True, metavar="SELECTOR", help="Leave these rules out.")
@click.option("--outcome", type=click.Choice(["violation", "missing-evidence", "all"]),
              default=None, help="Show only violations or only missing evidence.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="The as-of date (peildatum); default today.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the messages (default nl).")
@click.option("--statistics", is_flag=True, default=None, help="Count findings per rule.")
@click.option("--quiet", "-q", is_flag=True, default=None, help="Print only the summary.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Parse files in N processes.")
@click.option("--rules", "rule_dirs", multiple=True, metavar="DIR",
              help="Extra folder of *.boce rule files (repeatable).")
@click.option("--no-statutory", is_flag=True, default=None,
              help="Switch off the statutory pack (LAW- rules).")
@click.option("--baseline", default=None, metavar="FILE",
              help="Findings recorded in this baseline do not count.")
@click.option("--write-baseline", type=click.Path(path_type=Path), default=None,
              help="Record the current findings as the baseline and exit 0.")
@click.option("--config", "config_overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a configuration key (TOML value), "
              "e.g. --config 'fail-on=\"warning\"'.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--no-cache", is_flag=True, default=None,
              help="Neither read nor write the cache (.boce-lint-cache/).")
@click.option("--cache-dir", default=None, metavar="DIR",
              help="Keep the cache in DIR (default: .boce-lint-cache/ in the checked folder).")
@click.option("--stdin-filename", type=click.Path(path_type=Path), default=None, metavar="PATH",
              help="Check the text on standard input as if it were the file PATH (unsaved "
                   "editor text), in the context of PATH's repository.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default=None,
              help="Colour in text output (default auto: on a terminal, unless NO_COLOR is set; "
              "FORCE_COLOR turns it on).")
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings and where each came from, then exit.")
def check(paths: tuple[Path, ...], output_format: str | None, outputs: tuple[str, ...],
          fail_on: str | None, fail_on_missing_evidence: bool | None, exit_zero: bool | None,
          select: tuple[str, ...],
          ignore: tuple[str, ...], outcome: str | None, as_of: str | None, lang: str | None,
          statistics: bool | None, quiet: bool | None, jobs: int | None,
          rule_dirs: tuple[str, ...], no_statutory: bool | None, baseline: str | None,
          write_baseline: Path | None, config_overrides: tuple[str, ...], isolated: bool,
          no_cache: bool | None = None, cache_dir: str | None = None,
          stdin_filename: Path | None = None, color: str | None = None,
          show_settings: bool = False) -> None:
    """Check a contract repository (default: the current folder).

    \b
    Examples:
      boce-lint check                                  check the current folder
      boce-lint check contracten --as-of 2023-01-01    judge as on 1 January 2023
      boce-lint check --select RK- --format markdown   only the rekenkamer rules
      boce-lint check --output sarif=boce.sarif        also write SARIF for code scanning
    """
    from boce_lint.config import ConfigError
    from boce_lint.findings.baseline import BaselineError, baseline_text
    from boce_lint.rulebook.rulebook import RulebookError
    from boce_lint.run.check import CheckUsageError, render, run_check
    from boce_lint.source.files import UsageError

    targets = list(paths) or [Path(".")]
    overlay: dict[str, bytes] | None = None
    if stdin_filename is not None:
        if paths and [str(p) for p in paths] != ["-"]:
            _fail("--stdin-filename checks standard input: give no PATH (or '-')")
        if stdin_filename.is_dir():
            _fail(f"--stdin-filename {stdin_filename}: is a folder, expected a file name")
        targets = [stdin_filename]
        overlay = {os.path.abspath(stdin_filename): sys.stdin.buffer.read()}
    for target in targets:
        if not target.exists() and overlay is None:
            _fail(f"path does not exist: {target}")
    flags: dict[str, Any] = {
        "format": output_format, "fail-on": fail_on, "exit-zero": exit_zero,
        "fail-on-missing-evidence": fail_on_missing_evidence,
        "outcome": outcome, "as-of": as_of, "lang": lang, "statistics": statistics,
        "quiet": quiet, "jobs": jobs, "baseline": baseline,
        "statutory": False if no_statutory else None,
        "select": list(select) or None, "ignore": list(ignore) or None,
        "cache": False if no_cache else None,
        "cache-dir": str(Path(cache_dir).resolve()) if cache_dir else None, "color": color,
    }
    config, settings = _settings(targets, flags, rule_dirs, config_overrides, isolated)
    if show_settings:
        from boce_lint.config import describe_settings
        from boce_lint.run.check import repository_root

        given = {k for k, v in flags.items() if v is not None} | ({"rules"} if rule_dirs else set())
        click.echo(describe_settings(settings, config, given,
                                     repository_root(targets[0], config),
                                     use_color(settings.color)), nl=False)
        sys.exit(EXIT_CLEAN)
    targets_out: list[tuple[str, Path | None]] = [(settings.format, None)]
    for spec in outputs:
        name, sep, filename = spec.partition("=")
        if not sep or name not in FORMATS or not filename:
            _fail(f"--output {spec!r}: expected FORMAT=FILE, FORMAT one of {', '.join(FORMATS)}")
        targets_out.append((name, Path(filename)))
    _check_targets([file for _, file in targets_out] + [write_baseline], settings.lang)
    colored = use_color(settings.color)
    try:
        result = run_check(targets, settings, config,
                           keep_sources=any(name == "text" for name, _ in targets_out),
                           progress=progress_bar(), keep_repository=False, overlay=overlay,
                           text_pieces=targets_out == [("text", None)] and not write_baseline,
                           color=colored, version=__version__)
    except (ConfigError, CheckUsageError, BaselineError, UsageError) as error:
        _fail(str(error))
    except RulebookError as error:
        click.echo(error.render(), err=True)
        sys.exit(EXIT_USAGE)
    if write_baseline is not None:
        _write(write_baseline, baseline_text(result.findings), settings.lang)
        click.echo(f"boce-lint: baseline with {sum(f.counts for f in result.findings)} "
                   f"finding(s) written to {write_baseline}", err=True)
        sys.exit(EXIT_CLEAN)
    for name, file in targets_out:
        text = render(result, name, settings, __version__, colored and file is None)
        if not isinstance(text, str):  # the text output's UTF-8 parts (standard output only)
            _write(None, text, settings.lang)
        elif file is None:
            if text:
                _echo(text if text.endswith("\n") else text + "\n", settings.lang)
        else:
            _write(file, text, settings.lang)
    sys.exit(result.exit_code(settings))


def _check_targets(files: list[Path | None], lang: str, folder_ok: bool = False) -> None:
    """Every output file can be written, checked before the run (exit 2 naming the path)."""
    from boce_lint.outputs import OutputError, check_target

    for file in files:
        if file is not None:
            try:
                check_target(file, lang, folder_ok)
            except OutputError as error:
                _fail(str(error))


def _write(file: Path | None, text: str | list[bytes | memoryview], lang: str) -> None:
    """To ``file``, or standard output when None (also UTF-8 parts); a write error: exit 2."""
    from boce_lint.outputs import OutputError, write_output, write_stdout, write_stdout_bytes

    try:
        if not isinstance(text, str):
            write_stdout_bytes(text, lang)
        elif file is None:
            write_stdout(text, lang)
        else:
            write_output(file, text, lang)
    except OutputError as error:
        _fail(str(error))


def _echo(text: str, lang: str) -> None:
    _write(None, text, lang)


def _settings(targets: list[Path], flags: dict[str, Any], rule_dirs: tuple[str, ...],
              config_overrides: tuple[str, ...], isolated: bool) -> tuple[Any, Any]:
    """The configuration found for the first target, with the flags given laid over it."""
    from boce_lint import config as configuration
    from boce_lint.config import ConfigError, SettingsError

    try:
        config = configuration.load_config(
            None if isolated else configuration.find_config(targets[0]), list(config_overrides))
        merged = config.settings.as_dict()
        merged.update({k: v for k, v in flags.items() if v is not None})
        merged["rules"] = list(merged["rules"]) + [str(Path(d).resolve()) for d in rule_dirs]
        settings = configuration.settings_from(merged)
    except ConfigError as error:
        _fail(str(error))
    except SettingsError as error:  # the configuration was valid, so a flag is not
        key = str(error.location[0]) if error.location else ""
        given = f" {flags[key]!r}" if flags.get(key) is not None else ""
        _fail(f"--{key}{given}: {error.message}")
    return config, settings


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("."), required=False)
@click.option("--output", "-o", "output", type=click.Path(path_type=Path),
              default=None, help="Write the report to FILE (default: standard output); for a "
              "corpus of arrangements, to FOLDER, one page each.")
@click.option("--format", "output_format", type=click.Choice(REPORT_FORMATS),
              default="html", show_default=True,
              help="One self-contained HTML page, or Markdown for a council memo.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="The as-of date (peildatum); default today.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the report (default nl).")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
def report(path: Path, output: Path | None, output_format: str, as_of: str | None,
           lang: str | None, isolated: bool) -> None:
    """Write the quick-scan report of a contract repository (default: the current folder).

    For a rekenkamer follow-up or a council proposal: the status per sub-agreement and
    obligation group, whether each rekenkamer recommendation is followed up, charts of KPI
    results and meetings held, every finding with its source, and the waivers in force.

    \b
    Examples:
      boce-lint report contracten -o quickscan.html --as-of 2023-01-01
      boce-lint report contracten --format markdown --lang en > quickscan.md
    """
    from boce_lint.config import ConfigError
    from boce_lint.findings.baseline import BaselineError
    from boce_lint.outputs import OutputError
    from boce_lint.report import build_reports, git_commit, render, write_pages
    from boce_lint.rulebook.rulebook import RulebookError
    from boce_lint.run.check import CheckUsageError, run_check
    from boce_lint.source.files import UsageError

    if not path.exists():
        _fail(f"path does not exist: {path}")
    config, settings = _settings([path], {"as-of": as_of, "lang": lang}, (), (), isolated)
    _check_targets([output], settings.lang, folder_ok=True)
    try:
        result = run_check([path], settings, config, progress=progress_bar(),
                           keep_repository=True)
    except (ConfigError, CheckUsageError, BaselineError, UsageError) as error:
        _fail(str(error))
    except RulebookError as error:
        click.echo(error.render(), err=True)
        sys.exit(EXIT_USAGE)
    pages = build_reports(result, lang=settings.lang, tool_version=__version__,
                          commit=git_commit(path))
    if len(pages) > 1:  # a corpus: one page per arrangement, and an index
        if output is None or output.is_file():
            _fail(f"{path} holds {len(pages)} arrangements, one page each: "
                  "give --output FOLDER")
        try:
            written = write_pages(pages, output, output_format, settings.lang)
        except OutputError as error:
            _fail(str(error))
        click.echo(f"boce-lint: {len(written)} pages written to {output}", err=True)
        return
    if output is not None and output.is_dir():
        _fail(f"--output {output} is a folder; one repository gives one page: name a file")
    text = render(pages[0][1], output_format)
    if output is None:
        _echo(text, settings.lang)
    else:
        _write(output, text, settings.lang)
        click.echo(f"boce-lint: report written to {output}", err=True)


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
             "group": r.group, "title": r.title("nl")} for r in book.rules]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['id']:8} {row['severity']:8} {row['name']:42} {', '.join(row['keys'])}")


@cli.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def explain(rule: str, lang: str) -> None:
    """Explain a code: what a rule checks, why (obligation, article, quote) and its examples,
    or what a structural check (S001–S017, W001–W003) means and how to fix it."""
    from boce_lint.rulebook.explain import explain as explanation

    text = explanation(_rulebook(), rule, lang)
    if text is None:
        _fail(f"unknown rule {rule!r}; see 'boce-lint rules'")
    click.echo(text)


@cli.command("test-rules")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def test_rules(paths: tuple[Path, ...]) -> None:
    """Run every rule's examples (built-in rules plus the rule folders given)."""
    from boce_lint.rulebook.examples import run_examples

    for path in paths:
        if not path.is_dir():
            _fail(f"rule folder does not exist: {path}")
    book = _rulebook(paths)
    results = run_examples(book)
    failed = [r for r in results if not r.passed]
    for result in failed:
        rule = result.rule
        click.echo(f"{rule.file}:{result.example.line}:{result.example.column}: {rule.id} "
                   f"voorbeeld {result.example.verdict}: {result.detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."))
def init(directory: Path) -> None:
    """Scaffold a contract repository in DIRECTORY (default: here).

    Writes a framework agreement, one sub-agreement, a by-law, a mandate decision and the
    supporting annexes with every required section present as a placeholder (which
    `boce-lint check` reports until it is filled in), JSON Schemas in .schemas/ for editors, and
    a boce-lint.toml. Existing files are never overwritten.
    """
    from boce_lint.resources import templates_dir
    from boce_lint.source.schemas import KIND_NAMES, schema_for

    source = templates_dir()
    planned: dict[Path, Path | None] = {
        directory / p.relative_to(source): p for p in sorted(source.rglob("*")) if p.is_file()}
    planned.update({directory / ".schemas" / f"{k}.schema.json": None for k in KIND_NAMES})
    clash = [str(p) for p in planned if p.exists()]
    if clash:
        _fail(f"refusing to overwrite existing file: {clash[0]}")
    for target, template in planned.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if template is None:
            kind = target.name.removesuffix(".schema.json")
            target.write_text(json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
        else:
            target.write_bytes(template.read_bytes())
    click.echo(f"Contractrepository aangemaakt in {directory} ({len(planned)} bestanden). "
               f"Vul elke [invoegen] en [datum] in en draai: boce-lint check {directory}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("."), required=False)
@click.option("--check", "check_only", is_flag=True,
              help="Only say which files need upgrading (exit 1 if any); write nothing.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Show the changes as a unified diff; write nothing.")
def upgrade(path: Path, check_only: bool, show_diff: bool) -> None:
    """Rewrite version-1 files under PATH (default: here) to file format 2, in place.

    Comments, key order and layout are kept (a round-trip YAML editor). This is the one
    command that writes to the checked files; when any file to change does not load, it
    writes nothing at all. Version-1 files are also still read by `check` as they are.
    """
    from boce_lint.source.files import UsageError
    from boce_lint.source.upgrade import run_upgrade

    try:
        sys.exit(run_upgrade(path, check_only, show_diff, click.echo))
    except UsageError as error:
        _fail(str(error))


@cli.command()
@click.argument("kind", required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of a document kind (without KIND: list the kinds)."""
    from boce_lint.source.schemas import KIND_NAMES, schema_for

    if kind is None:
        click.echo("\n".join(KIND_NAMES))
        return
    if kind not in KIND_NAMES:
        raise click.BadParameter(f"unknown kind {kind!r}; choose from: {', '.join(KIND_NAMES)}",
                                 param_hint="KIND")
    click.echo(json.dumps(schema_for(kind), indent=2, ensure_ascii=False))


@cli.command()
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the diagnostics (default: the repository's configuration).")
def server(lang: str | None) -> None:
    """Run the Language Server for editors (LSP over standard input and output).

    Shows the findings of the whole repository in the open documents while you type, explains
    a finding on hover, offers an inline waiver as a quick fix and completes document ids.
    See the README for VS Code and Neovim settings.
    """
    from boce_lint.server.lsp import serve

    serve(lang)


def _register_agenda() -> None:
    from boce_lint.agenda.command import agenda  # it lives with its feature

    cli.add_command(agenda)


_register_agenda()


def main() -> None:
    from boce_lint.interrupt import Interrupted, install

    install()
    try:
        cli(standalone_mode=True)
    except Interrupted as stop:
        click.echo(f"boce-lint: interrupted ({stop.name})", err=True)
        sys.exit(stop.exit_code)
    except Exception as error:
        click.echo(f"boce-lint: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_USAGE)
