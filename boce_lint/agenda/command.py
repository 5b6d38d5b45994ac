"""The ``boce-lint agenda`` command: flags and output; ``agenda_of`` and ``render_agenda`` do
the work."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from boce_lint.agenda import FORMATS


def _date_option(name: str, value: str | None) -> Any:
    from boce_lint.cli import _fail

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{name} {value!r}: expected a date YYYY-MM-DD")


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("."), required=False)
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="The as-of date (peildatum): what is done is judged on it; default today.")
@click.option("--from", "start", default=None, metavar="YYYY-MM-DD",
              help="First day of the period (default: the as-of date).")
@click.option("--until", "end", default=None, metavar="YYYY-MM-DD",
              help="Last day of the period (default: one year after --from).")
@click.option("--format", "output_format", type=click.Choice(FORMATS),
              default="text", show_default=True,
              help="A table per month, JSON, Markdown or iCalendar.")
@click.option("--alarm-days", type=click.IntRange(0, 366), default=14, show_default=True,
              help="iCalendar: remind this many days before an open duty falls due.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language (default nl).")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write to FILE (default: standard output).")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
def agenda(path: Path, as_of: str | None, start: str | None, end: str | None,
           output_format: str, alarm_days: int, lang: str | None, output: Path | None,
           isolated: bool) -> None:
    """List the duties that fall due in a period: meetings, reports, council information,
    evaluations, benchmarks, notices, damage notices and expiring waivers.

    Each duty comes from a rule's 'termijn', so the agenda and the check agree: the day after
    a duty's date, 'check' reports it unless it is done. Shows the date, what is due, who
    must act, the rule, the obligation key with its article and the document.

    \b
    Examples:
      boce-lint agenda contracten                        the coming year
      boce-lint agenda contracten --from 2025-01-01 --until 2025-12-31
      boce-lint agenda contracten --format ics -o boce.ics --alarm-days 30
    """
    from boce_lint.agenda import agenda_of, render_agenda
    from boce_lint.cli import EXIT_USAGE, _fail, _settings
    from boce_lint.config import ConfigError
    from boce_lint.findings.baseline import BaselineError
    from boce_lint.rulebook.rulebook import RulebookError
    from boce_lint.run.check import CheckUsageError, run_check
    from boce_lint.source.files import UsageError

    if not path.exists():
        _fail(f"path does not exist: {path}")
    first, last = _date_option("--from", start), _date_option("--until", end)
    _date_option("--as-of", as_of)
    if first and last and last < first:
        _fail(f"--until {end} lies before --from {start}")
    config, settings = _settings([path], {"as-of": as_of, "lang": lang}, (), (), isolated)
    try:
        result = run_check([path], settings, config, keep_repository=True)
    except (ConfigError, CheckUsageError, BaselineError, UsageError) as error:
        _fail(str(error))
    except RulebookError as error:
        click.echo(error.render(), err=True)
        sys.exit(EXIT_USAGE)
    if result.repository is None:
        _fail(f"{path}: holds several arrangements; run the agenda on one of its folders")
    if first is None and last is not None and last < result.as_of:
        _fail(f"--until {end} lies before the as-of date {result.as_of}")
    text = render_agenda(agenda_of(result, first, last),
                         output_format, settings.lang, alarm_days)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"boce-lint: agenda written to {output}", err=True)
