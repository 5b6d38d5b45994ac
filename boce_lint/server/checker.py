"""Check a contract repository with the editor's unsaved text, again and again, quickly.

The editor knows the documents being typed; the disk knows the rest. Each check loads the
whole repository (so references resolve), with the open documents' text laid over the files,
and runs every rule — exactly what ``boce-lint check`` reports for those files. What makes a
re-check fast: the rulebook is compiled once per repository, and unchanged files come from the
per-file cache.
"""

from __future__ import annotations

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
        config, problem = self._config(root)
        settings = config.settings
        if self.lang is not None:
            settings = settings.model_copy(update={"lang": self.lang})
        checked = Checked(root=root, lang=settings.lang, problem=problem)
        key = str(root)
        try:
            stamp = (settings.rules, settings.statutory, config.path)
            known = self._books.get(key)
            if known is None or known[0] != stamp:
                self._books[key] = (stamp, build_rulebook(settings, config))
            book = self._books[key][1]
            result = run_check([root], settings, config, keep_repository=True,
                               overlay=overlay, book=book)
        except RulebookError as error:
            checked.problem = error.render()
            return checked
        except (CheckUsageError, ConfigError) as error:
            checked.problem = str(error)
            return checked
        checked.rulebook, checked.repository, checked.as_of = book, result.repository, \
            result.as_of
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
            return LoadedConfig(settings=Settings.model_validate({})), str(error)
