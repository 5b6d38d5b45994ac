"""The ``check`` pipeline: load → evaluate → select → waive → baseline, then report.

The CLI only turns flags and configuration into :class:`Settings` and prints; everything a
check decides happens here, so tests can call it directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boce_lint.config import LoadedConfig, Settings, waiver_line
from boce_lint.dsl.compiled import CompiledRule
from boce_lint.findings.baseline import apply_baseline, read_baseline
from boce_lint.findings.finding import Finding, Outcome, Severity, fails_check
from boce_lint.findings.structure import STRUCTURE_CHECKS, StructureCheck
from boce_lint.findings.waivers import Waiver, apply_waivers
from boce_lint.formatters import THRESHOLD, Report, RuleInfo
from boce_lint.paths import relative_path
from boce_lint.rulebook.rulebook import Rulebook, load_rulebook
from boce_lint.rulebook.selection import is_selected, unknown_selectors
from boce_lint.source.files import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from boce_lint.source.globs import matches_glob
from boce_lint.source.model import Repository
from boce_lint.source.timeline import SetAside

if TYPE_CHECKING:
    from boce_lint.run.pieces import Piece


class CheckUsageError(Exception):
    """A setting that names something that does not exist (exit code 2)."""


@dataclass
class CheckResult:
    findings: list[Finding]
    rulebook: Rulebook
    as_of: dt.date
    sources: dict[str, list[str]] = field(default_factory=dict)
    # the documents checked, for the quick-scan report: one repository per arrangement
    repositories: list[Repository] = field(default_factory=list)
    selected: list[CompiledRule] = field(default_factory=list)  # the rules that ran
    root: str = "."  # the repository root: CI formats give paths relative to it
    set_aside: SetAside = field(default_factory=SetAside)  # dated after the as-of date
    waivers: list[Waiver] = field(default_factory=list)  # configured and inline, for the agenda
    pieces: list[Piece] | None = None  # the text output per arrangement, instead of findings

    @property
    def repository(self) -> Repository | None:
        """The repository checked, when the run checked one (not a corpus of arrangements)."""
        return self.repositories[0] if len(self.repositories) == 1 else None

    def exit_code(self, settings: Settings) -> int:
        if settings.exit_zero or settings.fail_on == "never":
            return 0
        threshold = THRESHOLD[settings.fail_on]
        if self.pieces is not None:
            return int(any(piece.fails(threshold, settings.fail_on_missing_evidence)
                           for piece in self.pieces))
        return int(any(fails_check(f.severity, f.outcome, f.counts, threshold,
                                   settings.fail_on_missing_evidence) for f in self.findings))


def build_rulebook(settings: Settings, config: LoadedConfig) -> Rulebook:
    for folder in config.settings.rules:  # those of the configuration: say so, on one line
        if not (config.directory / folder).is_dir():
            where = str(config.path) if config.path else "--config"
            raise CheckUsageError(f"{where}: rules: no such folder: {folder!r}")
    extra = tuple(config.directory / d for d in settings.rules)
    # The compiled rulebook is kept in the user cache whatever ``--no-cache`` says: that flag is
    # about the repository's cache of findings; the compiled rules are boce-lint's own code,
    # like its __pycache__, keyed by every rule file's text and the code, and signed.
    return load_rulebook(extra, exclude_groups=() if settings.statutory else ("wet",))


def validate_rule_names(settings: Settings, config: LoadedConfig, book: Rulebook) -> None:
    """Unknown rule ids are errors that name where they were written: the configuration file
    and its key, or the command-line flag."""
    known = [(r.id, r.name, r.keys) for r in book.rules] + [
        (c.id, c.name, []) for c in STRUCTURE_CHECKS.values()]
    configured = config.settings
    for key, selectors, from_config in (
            ("select", settings.select, configured.select),
            ("ignore", settings.ignore, configured.ignore),
            ("severity", list(settings.severity), list(configured.severity)),
            ("per-file-ignores", [s for v in settings.per_file_ignores.values() for s in v], None),
            ("waivers", [w.rule for w in settings.waivers], None)):
        bad = unknown_selectors(selectors, known)
        if not bad:
            continue
        if from_config is not None and bad[0] not in from_config:
            raise CheckUsageError(f"--{key}: unknown rule {bad[0]!r}; see 'boce-lint rules'")
        raise CheckUsageError(f"{config.origin(key)}: {key}: unknown rule {bad[0]!r}")


def run_check(paths: list[Path], settings: Settings, config: LoadedConfig,
              keep_sources: bool = False,
              progress: Callable[[int, int], None] | None = None,
              keep_repository: bool = True,
              overlay: dict[str, bytes] | None = None,
              book: Rulebook | None = None, text_pieces: bool = False, color: bool = False,
              version: str = "") -> CheckResult:
    """``keep_repository``: return the loaded documents, one repository per arrangement (the
    check command does not need them and then skips loading cached files).

    A file or subfolder is checked in its repository (see :mod:`boce_lint.run.scope`);
    ``overlay`` holds unsaved text by absolute path; ``book``, a rulebook loaded before.
    ``text_pieces``: the output will be text alone (in ``color``, of boce-lint ``version``);
    when no setting relates arrangements, each arrangement's part of it is made where it is
    checked and the result holds those parts instead of findings (:mod:`boce_lint.run.pieces`).
    """
    from boce_lint.run.pipeline import run as analyse
    from boce_lint.run.scope import scope_for
    from boce_lint.run.sources import LazySources

    scope = scope_for(paths)
    if book is None:
        book = build_rulebook(settings, config)
    validate_rule_names(settings, config, book)
    as_of = dt.date.fromisoformat(settings.as_of) if settings.as_of else dt.date.today()
    enabled = [r for r in book.top_level()
               if is_selected(r.id, r.name, r.keys, settings.select, settings.ignore)]
    waivers = _config_waivers(settings, config)
    finish = None
    if text_pieces and not waivers and not settings.baseline:  # nothing across arrangements
        from boce_lint.run.pieces import Context, piece_maker

        finish = piece_maker(Context(settings, config, book, as_of, enabled, scope, color,
                                     version))
    loaded = analyse(scope.load, settings, config, book, as_of, enabled,
                     include=tuple(settings.include) or DEFAULT_INCLUDE,
                     exclude=DEFAULT_EXCLUDE + tuple(settings.exclude),
                     want_repository=keep_repository, progress=progress, overlay=overlay,
                     finish=finish)
    root = str(repository_root(paths[0] if paths else Path("."), config))
    if finish is not None:
        return CheckResult([], book, as_of, {}, loaded.repositories, enabled, root,
                           loaded.set_aside, waivers, pieces=loaded.pieces)
    waivers += loaded.waivers
    findings = select_findings(loaded.loader_findings, loaded.evaluated, waivers, settings,
                               config, as_of, scope.contains)
    sources: Any = LazySources(loaded.files, loaded.lines) if keep_sources else {}
    return CheckResult(findings, book, as_of, sources, loaded.repositories, enabled, root,
                       loaded.set_aside, waivers)


def select_findings(loader_findings: list[Finding], evaluated: list[Finding],
                    waivers: list[Waiver], settings: Settings, config: LoadedConfig,
                    as_of: dt.date, shown: Callable[[str], bool]) -> list[Finding]:
    """The findings a check reports, in their order: selected, waived, baselined, and of the
    files ``shown`` (the paths named, when a file or subfolder is checked)."""
    if settings.select or settings.ignore:  # (else every finding is selected)
        findings = [f for f in loader_findings if is_selected(
            f.rule_id, f.rule_name, f.keys, settings.select, settings.ignore)]
        structural = {c.id for c in STRUCTURE_CHECKS.values()}  # the engine's own notices
        findings += [f for f in evaluated if f.rule_id not in structural or is_selected(
            f.rule_id, f.rule_name, f.keys, settings.select, settings.ignore)]
    else:
        findings = [*loader_findings, *evaluated]
    if settings.per_file_ignores:
        findings = [f for f in findings if _kept(f, settings, config)]
    if settings.outcome != "all":
        findings = [f for f in findings if f.outcome == Outcome(settings.outcome)]
    if settings.severity:
        findings = [f.replace(severity=Severity(settings.severity[f.rule_id]))
                    if f.rule_id in settings.severity else f for f in findings]
    findings = apply_waivers(findings, waivers, as_of, config.directory)
    if settings.baseline:
        baseline = config.directory / settings.baseline
        findings = apply_baseline(findings, read_baseline(baseline), str(settings.baseline))
    hidden = {file for file in {f.file for f in findings} if not shown(file)}
    if hidden:
        findings = [f for f in findings if f.file not in hidden]
    findings.sort(key=Finding.sort_key)
    return findings


def repository_root(path: Path, config: LoadedConfig) -> Path:
    """Where CI systems expect paths to start: the git work tree holding ``path``, else the
    folder of the configuration file, else the current folder."""
    start = path.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return config.path.parent.resolve() if config.path else Path.cwd()


def _kept(finding: Finding, settings: Settings, config: LoadedConfig) -> bool:
    if not settings.per_file_ignores:
        return True
    relative = relative_path(finding.file, config.directory, climb=True)
    for pattern, selectors in settings.per_file_ignores.items():
        if matches_glob(relative, (pattern,)) and not is_selected(
                finding.rule_id, finding.rule_name, finding.keys, [], selectors):
            return False
    return True


def _config_waivers(settings: Settings, config: LoadedConfig) -> list[Waiver]:
    source = str(config.path) if config.path else "--config"
    return [Waiver(rule=w.rule, justification=w.justification, owner=w.owner, files=w.files,
                   document=w.document, pointer=w.pointer,
                   expires=dt.date.fromisoformat(w.expires) if w.expires else None,
                   source_file=source, source_line=waiver_line(config, i))
            for i, w in enumerate(settings.waivers)]


def render(result: CheckResult, name: str, settings: Settings, version: str,
           color: bool) -> str | list[bytes | memoryview]:
    """The output in format ``name``; text from the arrangements' parts when the run made
    them (:mod:`boce_lint.run.pieces`), then as its UTF-8 parts in order as a rule."""
    if result.pieces is not None:
        from boce_lint.run.pieces import join

        return join(result.pieces, settings, result.as_of, dataclasses.asdict(result.set_aside),
                    color, version)
    from boce_lint.formatters import get_formatter

    return get_formatter(name)(make_report(result, settings, version, color))


def make_report(result: CheckResult, settings: Settings, version: str, color: bool,
                rules: LazyRules | None = None) -> Report:
    """The report formatters print; ``rules``: those of ``rule_infos`` made before."""
    return Report(findings=result.findings,
                  rules=rules if rules is not None else rule_infos(result.rulebook, settings.lang),
                  tool_version=version, as_of=result.as_of, lang=settings.lang, root=result.root,
                  fail_on="never" if settings.exit_zero else settings.fail_on, color=color,
                  statistics=settings.statistics, quiet=settings.quiet, sources=result.sources,
                  set_aside=dataclasses.asdict(result.set_aside),
                  not_run=rules_not_run(result, settings))


def rule_infos(book: Rulebook, lang: str, explained: bool = True) -> LazyRules:
    """Every rule and structural check as formatters see them, each made when first asked;
    without ``explained`` a rule's description, help and anchor are left empty (the text
    output reads none of them, and making them imports and runs ``explain``)."""

    def anchor(rule_id: str, name: str) -> str:
        if not explained:
            return ""
        from boce_lint.rulebook.ruledocs import anchor as heading

        return heading(rule_id, name)

    def rule_info(r: CompiledRule) -> RuleInfo:
        explaining = {}
        if explained:
            from boce_lint.rulebook.explain import (
                explain_markdown,
                explain_text,
                full_description,
            )

            explaining = {"description": full_description(book, r, lang),
                          "help_text": explain_text(book, r, lang),
                          "help_markdown": explain_markdown(book, r, lang),
                          "anchor": anchor(r.id, r.name)}
        return RuleInfo(
            id=r.id, name=r.name, title=r.titles.get("nl", ""),
            title_en=r.titles.get("en", r.titles.get("nl", "")), severity=r.severity,
            keys=list(r.keys), rationale=r.rationale("nl"),
            citations=[dataclasses.asdict(book.citation(k)) for k in r.keys],
            advice={code: r.advice(code) for code in ("nl", "en") if r.advice(code)},
            **explaining)

    def check_info(check: StructureCheck) -> RuleInfo:
        title, why = ((check.title_en, check.description_en) if lang == "en"
                      else (check.title, check.description))
        return RuleInfo(
            id=check.id, name=check.name, title=check.title, title_en=check.title_en,
            severity="error", keys=[], description=why,
            help_text=f"{check.id} {check.name} — {title}\n\n{why}",
            help_markdown=f"**{check.id} {check.name} — {title}**\n\n{why}",
            anchor=anchor(check.id, check.name))

    makers: dict[str, Callable[[], RuleInfo]] = {
        r.id: functools.partial(rule_info, r) for r in book.rules}
    makers.update({c.id: functools.partial(check_info, c) for c in STRUCTURE_CHECKS.values()})
    return LazyRules(makers)


class LazyRules(Mapping[str, RuleInfo]):
    """Every rule as the formatters see it, each built when first asked for: building one
    (its help text, its description) costs, and the text output asks only for the rules that
    have findings, SARIF for all."""

    def __init__(self, makers: dict[str, Callable[[], RuleInfo]]) -> None:
        self._makers = makers
        self._built: dict[str, RuleInfo] = {}

    def __getitem__(self, rule_id: str) -> RuleInfo:
        if rule_id not in self._built:
            self._built[rule_id] = self._makers[rule_id]()
        return self._built[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def rules_not_run(result: CheckResult, settings: Settings) -> dict[str, int]:
    """Per file that could not be read as YAML: how many selected rules about its kind were
    not run on it (its findings could hide behind the error). Its kind is read from its
    'soort:' line."""
    import re

    from boce_lint.source.schemas import KIND_NAMES

    kinds: dict[str, str] = {}  # a document that fails its schema is pruned and still judged
    for f in result.findings:
        if f.rule_id in ("S001", "S003", "S004", "S011") and f.file not in kinds:
            lines = result.sources.get(f.file) or []
            for line in lines[:50]:
                match = re.match(r"""soort\s*:\s*["']?([\w-]+)""", line)
                if match and match.group(1) in KIND_NAMES:
                    kinds[f.file] = match.group(1)
                    break
    if not kinds:
        return {}
    per_kind: dict[str, int] = {}
    for rule in result.rulebook.top_level():
        if not rule.applies_on(result.as_of) or not is_selected(
                rule.id, rule.name, rule.keys, settings.select, settings.ignore):
            continue
        for kind in rule.subject_kinds:
            per_kind[kind] = per_kind.get(kind, 0) + 1
    return {file: per_kind[kind] for file, kind in kinds.items() if per_kind.get(kind)}
