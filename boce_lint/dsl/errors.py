"""Errors in rule files: always file, line and column, the offending line and a caret."""

from __future__ import annotations


class RuleFileError(Exception):
    """A rule file that cannot be used; the CLI prints it and exits with code 2."""

    def __init__(self, file: str, line: int, column: int, message: str, source: str = "") -> None:
        self.file, self.line, self.column, self.message = file, line, column, message
        lines = source.splitlines()
        self.source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        super().__init__(self.headline())

    def headline(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def render(self) -> str:
        if not self.source_line:
            return self.headline()
        caret = " " * (max(self.column, 1) - 1) + "^"
        return f"{self.headline()}\n    {self.source_line}\n    {caret}"
