"""The source lines the text output shows, without keeping every checked file in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boce_lint.source.files import MAX_FILE_BYTES
from boce_lint.source.yamlsource import ParseProblem, decode

if TYPE_CHECKING:
    from boce_lint.findings.finding import Finding
    from boce_lint.findings.waivers import Waiver

# The source lines findings point at, per file: (number of lines, {line: text}), or None when
# the file cannot be decoded.
Lines = dict[str, tuple[int, dict[int, str]] | None]


def needed_lines(raw: dict[str, bytes | None], findings: list[Finding],
                 waivers: list[Waiver]) -> Lines:
    """The source lines the text output will show: those the findings and waivers of a
    repository point at, from its files' text (``raw``, by the name findings show)."""
    needed: dict[str, set[int]] = {}
    for finding in findings:
        needed.setdefault(finding.file, set()).add(finding.line)
    for waiver in waivers:
        needed.setdefault(waiver.source_file, set()).add(waiver.source_line)
    lines: Lines = {}
    for file_name, numbers in needed.items():
        text = raw.get(file_name)
        if text is None:
            continue  # too large or unreadable: the output reads (and fails) as before
        try:
            text_lines = decode(text).splitlines()
        except ParseProblem:
            lines[file_name] = None
            continue
        lines[file_name] = (len(text_lines), {n: text_lines[n - 1] for n in numbers
                                              if 1 <= n <= len(text_lines)})
    return lines


class LazySources(Mapping[str, Any]):
    """The lines of a checked file for the text output: those findings point at come with the
    (possibly cached) result; any other is read from the file when a formatter asks for it."""

    def __init__(self, files: list[str], known: dict[str, Any] | None = None) -> None:
        self._files = set(files)
        self._known = known or {}
        self._lines: dict[str, list[str] | None] = {}

    def _read(self, name: str) -> list[str] | None:
        if name not in self._lines:
            try:  # a file too large to check is not read for its lines either
                path = Path(name)
                raw = b"" if path.stat().st_size > MAX_FILE_BYTES else path.read_bytes()
                self._lines[name] = None if not raw or len(raw) > MAX_FILE_BYTES else \
                    decode(raw).splitlines()
            except (OSError, ParseProblem):
                self._lines[name] = None
        return self._lines[name]

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self._files:
            return default
        if name in self._known and name not in self._lines:
            known = self._known[name]
            if known is None:
                return default
            return _SparseLines(known[0], known[1], lambda: self._read(name) or [])
        lines = self._read(name)
        return default if lines is None else lines

    def __getitem__(self, name: str) -> Any:
        lines = self.get(name)
        if lines is None:
            raise KeyError(name)
        return lines

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        return (name for name in sorted(self._files) if self.get(name) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _SparseLines(Sequence[str]):
    """A file's lines of which only some are at hand; any other is read on demand."""

    def __init__(self, count: int, lines: dict[int, str], read: Callable[[], list[str]]) -> None:
        self._count, self._lines, self._read = count, lines, read

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and 0 <= index < self._count and index + 1 in self._lines:
            return self._lines[index + 1]
        return self._read()[index]
