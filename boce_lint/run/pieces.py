"""The text output made per arrangement, where the arrangement is checked.

Findings are printed in path order, and the files of one arrangement share its folder, so the
findings of each arrangement form one stretch of the text output. When nothing in a run relates
findings of different arrangements (no baseline, no waivers in the configuration: inline waivers
belong to their own file), the output is the arrangements' stretches joined in path order, then
the waived lines joined the same way, then counts. So each arrangement's part is selected,
waived and rendered where it is checked — in a worker with ``--jobs``, and kept in the cache
next to its findings — and the run itself only joins text: a warm run copies the parts of the
unchanged arrangements instead of unpickling and rendering their findings again, and workers
send back text instead of pickled findings. The output is the same byte for byte
(``tests/test_performance_correctness.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boce_lint.config import LoadedConfig, Settings
from boce_lint.dsl.compiled import CompiledRule
from boce_lint.findings.finding import Outcome, Severity, fails_check
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.run.scope import Scope

if TYPE_CHECKING:
    from boce_lint.run.pipeline import GroupResult

# per (rule id, rule name, severity, outcome, counts): how many findings
Tally = dict[tuple[str, str, str, str, bool], int]


@dataclass
class Piece:
    """One arrangement's part of the text output."""

    order: tuple[str, ...]  # the file of its first finding: parts are joined in this order
    files: str | bytes | memoryview  # the blocks per file of the findings that count (as
    # UTF-8 once made, and when taken from the run's index: copied to the output as they are)
    waived: str  # its lines of the waived section
    tally: Tally

    def fails(self, threshold: int, missing_evidence: bool) -> bool:
        """Whether a finding here fails the check (as ``CheckResult.exit_code`` decides)."""
        return any(fails_check(Severity(severity), Outcome(outcome), counts, threshold,
                               missing_evidence)
                   for (_, _, severity, outcome, counts) in self.tally)


@dataclass
class Context:
    """What a part depends on besides the arrangement's files and the rules that ran."""

    settings: Settings
    config: LoadedConfig
    book: Rulebook
    as_of: dt.date
    enabled: list[CompiledRule]
    scope: Scope
    color: bool
    version: str
    rules: Any = None  # the rules as formatters see them, made once for all arrangements
    rule_parts: Any = None  # what the text takes from each rule (``text.RuleParts``), likewise

    def key(self) -> str:
        """The settings that shape the text (all but where the cache lies and how many
        processes), the configuration's folder, the paths named and colour."""
        shaping = {name: value for name, value in dataclasses.asdict(self.settings).items()
                   if name not in ("jobs", "cache", "cache_dir")}
        material = json.dumps([shaping, str(self.config.directory), self.scope.named,
                               self.color, self.version], sort_keys=True, default=str)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()


def make_piece(context: Context, result: GroupResult, files: list[str]) -> Piece:
    """Select, waive and render the findings of one arrangement, as ``check`` does for all."""
    from boce_lint.formatters import text
    from boce_lint.run.check import CheckResult, make_report, rule_infos, select_findings
    from boce_lint.run.sources import LazySources

    settings = context.settings
    waivers = [dataclasses.replace(w) for w in result.waivers]  # "used" is marked on a copy
    findings = select_findings(result.loader_findings, result.evaluated, waivers, settings,
                               context.config, context.as_of, context.scope.contains)
    if not findings:
        return Piece((), "", "", {})
    counted = Counter((f.rule_id, f.rule_name, f.severity, f.outcome, f.suppression is None)
                      for f in findings)  # (the enums' values once per kind, not per finding)
    tally = {(rule_id, name, severity.value, outcome.value, counts): n
             for (rule_id, name, severity, outcome, counts), n in counted.items()}
    rendered = ("", "")
    if not settings.quiet:
        checked = CheckResult(findings, context.book, context.as_of,
                              LazySources(files, result.lines),  # type: ignore[arg-type]
                              [], context.enabled, ".", result.set_aside, waivers)
        if context.rules is None:
            context.rules = rule_infos(context.book, settings.lang, explained=False)
        report = make_report(checked, settings, context.version, context.color, context.rules)
        if context.rule_parts is None:
            context.rule_parts = text.RuleParts(report)
        rendered = text.parts(report, context.rule_parts)
    return Piece((findings[0].file,), *rendered, tally)


def join(pieces: list[Piece], settings: Settings, as_of: dt.date, set_aside: dict[str, int],
         color: bool, version: str) -> str | list[bytes | memoryview]:
    """The text output of a run from the parts of its arrangements: as UTF-8 parts (most of
    them views of the bytes of the run's index, never decoded nor copied) unless a part holds
    text that is not valid Unicode (an undecodable file name), which then goes out as before."""
    from boce_lint.formatters import Report, text
    from boce_lint.formatters._common import Summary

    ordered = sorted((piece for piece in pieces if piece.tally), key=lambda piece: piece.order)
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    by_kind: Counter[tuple[str, str, bool]] = Counter()
    for piece in ordered:
        for (rule_id, rule_name, severity, outcome, counted), n in piece.tally.items():
            by_kind[severity, outcome, counted] += n
            if counted:
                counts[rule_id] += n
                names[rule_id] = rule_name
    violation = Outcome.VIOLATION.value
    total = sum(by_kind.values())
    suppressed = sum(n for (_, _, counted), n in by_kind.items() if not counted)
    summary = Summary(
        errors=by_kind["error", violation, True], warnings=by_kind["warning", violation, True],
        info=by_kind["info", violation, True],
        missing_evidence=sum(n for (_, outcome, counted), n in by_kind.items()
                             if counted and outcome != violation),
        suppressed=suppressed, total=total)
    report = Report(findings=[], rules={}, tool_version=version, as_of=as_of,
                    lang=settings.lang, color=color, statistics=settings.statistics,
                    quiet=settings.quiet, set_aside=set_aside)
    waived = "" if settings.quiet else "".join(piece.waived for piece in ordered)
    ending = text.ending(report, summary, counts, names, waived)
    if settings.quiet:
        return ending
    try:  # the parts as they are (mostly views of the index's text): ``write_stdout_bytes``
        return [*(piece.files.encode() if isinstance(piece.files, str) else piece.files
                  for piece in ordered), ending.encode()]
    except UnicodeEncodeError:
        return "".join(piece.files if isinstance(piece.files, str) else str(piece.files, "utf-8")
                       for piece in ordered) + ending


def piece_maker(context: Context) -> Any:
    """What the pipeline runs on each arrangement's result (a ``pipeline.Finish``)."""
    from boce_lint.run.pipeline import Finish

    return Finish(context.key(), lambda result, files: make_piece(context, result, files))
