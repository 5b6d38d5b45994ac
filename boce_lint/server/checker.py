"""Check a contract repository with the editor's unsaved text, again and again, quickly.

The editor knows the documents being typed; the disk knows the rest. Each check loads the
whole repository (so references resolve), with the open documents' text laid over the files,
and runs every rule — exactly what ``boce-lint check`` reports for those files. What makes a
re-check fast: the rulebook is compiled once per repository, and unchanged files come from the
per-file cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boce_lint.config import ConfigError, LoadedConfig, Settings, find_config, load_config
from boce_lint.findings.finding import Finding
from boce_lint.rulebook.rulebook import Rulebook, RulebookError
from boce_lint.run.check import CheckUsageError, build_rulebook, run_check
from boce_lint.run.scope import repository_root
from boce_lint.source.model import Repository


@dataclass
class Checked:
    """One check of one repository: findings by absolute file path, and its documents."""

    root: Path
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    repository: Repository | None = None
    rulebook: Rulebook | None = None
    lang: str = "nl"
    as_of: dt.date = field(default_factory=dt.date.today)
    problem: str | None = None  # a configuration or rule-file error, shown to the user once


class RepositoryChecker:
    """Keeps the compiled rulebook of each repository between checks."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang = lang
        self._books: dict[str, tuple[Any, Rulebook]] = {}

    def forget_rules(self) -> None:
        """A rule file changed: compile the rulebooks again at the next check."""
        self._books.clear()

    @staticmethod
    def root_of(path: str) -> Path:
        """The repository a file belongs to; a file outside any repository is its own folder."""
        return repository_root(Path(path)) or Path(os.path.dirname(os.path.abspath(path)))

    def check(self, root: Path, overlay: dict[str, bytes]) -> Checked:
        """Check with the repository's configuration; when that names a rule or rule folder
        that does not exist, say so and check with the defaults, so that typing still shows
        findings."""
        config, problem = self._config(root)
        try:
            return self._check(root, overlay, config, problem)
        except (RulebookError, CheckUsageError, ConfigError) as error:
            problem = error.render() if isinstance(error, RulebookError) else str(error)
        return self._check(root, overlay, _defaults(), problem)

    def _check(self, root: Path, overlay: dict[str, bytes], config: LoadedConfig,
               problem: str | None) -> Checked:
        settings = config.settings
        if self.lang is not None:
            settings = dataclasses.replace(settings, lang=self.lang)
        stamp = (str(root), settings.rules, settings.statutory, config.path)
        known = self._books.get(str(root))
        if known is None or known[0] != stamp:
            self._books[str(root)] = (stamp, build_rulebook(settings, config))
        book = self._books[str(root)][1]
        result = run_check([root], settings, config, keep_repository=True, overlay=overlay,
                           book=book)
        checked = Checked(root=root, repository=result.repository, rulebook=book,
                          lang=settings.lang, as_of=result.as_of, problem=problem)
        for finding in result.findings:
            if finding.counts:
                checked.findings.setdefault(os.path.abspath(finding.file), []).append(finding)
        return checked

    @staticmethod
    def _config(root: Path) -> tuple[LoadedConfig, str | None]:
        """The repository's configuration; a broken one is reported and the defaults used."""
        try:
            return load_config(find_config(root), []), None
        except ConfigError as error:
            return _defaults(), str(error)


def _defaults() -> LoadedConfig:
    return LoadedConfig(settings=Settings())
