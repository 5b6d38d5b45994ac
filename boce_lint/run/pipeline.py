"""Load and evaluate: one repository, or — for a national corpus — one per arrangement.

``check`` hands this module the paths; it returns the structural findings, the inline waivers
and the findings of the rules, before selection, waivers and baseline (``check.py`` applies
those). Three things make a large run fast without changing a byte of its output:

* **Arrangements.** When ``check`` gets one folder with no data files of its own whose every
  immediate subfolder holds a framework agreement (a file whose top-level ``soort`` is
  ``raamovereenkomst``), each subfolder is checked as its own repository, one after the other:
  the findings are exactly those of checking each subfolder alone, and rules that compare
  documents of one arrangement (meetings per year, reports per sub-agreement) stay linear in
  the size of the corpus instead of quadratic.
* **The cache** (:mod:`boce_lint.run.cache`): per file the parse and validation result by content
  hash, per repository the findings of the rules by the hashes of all its files.
* **Processes.** With ``--jobs N`` the arrangements are checked in N processes (forked, so the
  compiled rules are shared); a single repository has its files parsed in N processes.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boce_lint.run.cache import CACHE_DIR_NAME, Cache, code_stamp, content_hash
from boce_lint.dsl.compiled import CompiledRule
from boce_lint.rulebook.engine import evaluate
from boce_lint.findings.finding import Finding
from boce_lint.source.loader import (
    MAX_FILE_BYTES,
    LoadResult,
    _check_references,
    _index,
    collect_files,
    display_path,
    load_file,
    load_raw,
)
from boce_lint.source.model import Repository
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.source.yamlsource import ParseProblem, decode

_FRAMEWORK = re.compile(
    rb"""(?m)^(?:soort[ \t]*:[ \t]*["']?raamovereenkomst["']?[ \t]*(?:#.*)?\r?$"""
    rb"""|[ \t]*\{?[ \t]*"soort"[ \t]*:[ \t]*"raamovereenkomst")""")


@dataclass
class Group:
    """The files of one repository, and its root as the user would name it."""

    root: Path
    files: list[Path]


@dataclass
class Job:
    """Everything the evaluation of a group depends on (and the cache key is made of)."""

    book: Rulebook
    as_of: dt.date
    enabled: list[CompiledRule]
    stamp: str
    cache: Cache | None = None
    want_repository: bool = False


@dataclass
class Analysis:
    loader_findings: list[Finding] = field(default_factory=list)
    waivers: list[Any] = field(default_factory=list)
    evaluated: list[Finding] = field(default_factory=list)
    repository: Repository | None = None
    files: list[str] = field(default_factory=list)  # every file checked, as shown
    lines: dict[str, Any] = field(default_factory=dict)  # the source lines findings point at
    arrangements: int = 1


# ------------------------------------------------------------------------------------- plan
def plan(paths: list[Path], include: tuple[str, ...], exclude: tuple[str, ...]) -> list[Group]:
    """One group per arrangement of a national corpus, else one group for everything."""
    root, ordered = collect_files(paths, include, exclude)
    if len(paths) == 1 and paths[0].is_dir():
        split = arrangements(paths[0], ordered)
        if split is not None:
            return split
    return [Group(root, ordered)]


def arrangements(root: Path, files: list[Path]) -> list[Group] | None:
    """Split ``files`` by immediate subfolder of ``root`` if each holds a framework agreement."""
    groups: dict[str, list[Path]] = {}
    for path in files:
        parts = path.relative_to(root).parts
        if len(parts) < 2:
            return None  # a data file of the root itself: one repository
        groups.setdefault(parts[0], []).append(path)
    if len(groups) < 2:
        return None
    for members in groups.values():
        # the framework agreement usually stands in the folder itself: look there first
        ordered = sorted(members, key=lambda p: (len(p.parts), "raamovereenkomst" not in p.name))
        if not any(_is_framework(p) for p in ordered):
            return None
    return [Group(root / name, members) for name, members in sorted(groups.items())]


def _is_framework(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return _FRAMEWORK.search(head) is not None


# ------------------------------------------------------------------------------------- keys
def rulebook_stamp(rule_dirs: list[Path], statutory: bool) -> str:
    from boce_lint.resources import rules_dir

    digest = hashlib.sha256(f"statutory={statutory}".encode())
    for directory in [rules_dir(), *rule_dirs]:
        digest.update(f"|dir:{directory}".encode())
        candidates = sorted(directory.glob("*.boce")) + [directory / "bronnen.yaml"]
        for path in candidates:
            try:
                digest.update(f"|{path.name}|".encode() + path.read_bytes())
            except OSError:
                digest.update(f"|{path.name}|-".encode())
    return digest.hexdigest()


def job_stamp(rules: str, as_of: dt.date, enabled: list[CompiledRule]) -> str:
    material = json.dumps([code_stamp(), rules, as_of.isoformat(), [r.id for r in enabled]])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def cache_folder(paths: list[Path], configured: str | None, base: Path) -> Path:
    """``--cache-dir`` (relative to the configuration's folder), else under the checked root."""
    if configured:
        folder = Path(configured)
        return folder if folder.is_absolute() else base / folder
    if len(paths) == 1:
        root = paths[0] if paths[0].is_dir() else paths[0].parent
    else:
        root = Path(os.path.commonpath([p.resolve() for p in paths]))
        root = root if root.is_dir() else root.parent
    return root / CACHE_DIR_NAME


# ------------------------------------------------------------------------------- one group
FileResult = tuple[Any, list[Finding], list[Any]]  # document, findings, inline waivers


def _load_one(path: Path, shown: str, raw: bytes | None) -> FileResult:
    from boce_lint.findings.waivers import inline_waivers

    findings: list[Finding] = []
    text_holder: list[str] = []
    if raw is None:
        document = load_file(path, shown, findings, text_holder)
    else:
        document = load_raw(raw, path, shown, findings, text_holder)
    waivers: list[Any] = []
    if text_holder and "boce-lint:" in text_holder[0]:
        waivers, problems = inline_waivers(shown, text_holder[0])
        findings.extend(problems)
    return document, findings, waivers


def _load_task(task: tuple[Path, str, bytes | None]) -> FileResult:
    return _load_one(*task)


def _load_many(tasks: list[tuple[Path, str, bytes | None]], jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(tasks) < 4 * jobs or _fork() is None:
        yield from map(_load_task, tasks)
        return
    with _fork().Pool(jobs) as pool:  # type: ignore[union-attr]
        yield from pool.imap(_load_task, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))


def _fork() -> Any:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


RACY_NS = 2_000_000_000  # a file changed this close to the cache write is hashed, not trusted


def _file_entry(cached: Any) -> bool:
    return isinstance(cached, tuple) and len(cached) == 4 and isinstance(cached[1], bytes)


def analyse_group(group: Group, job: Job, file_jobs: int = 1) -> tuple[bytes, Repository | None]:
    """Load and evaluate one repository; the result comes pickled (for the cache and pipes).

    A file whose size and modification time are those recorded in the cache (and not too close
    to the moment the cache was written) is not read again: its recorded content hash stands.
    """
    shown = [display_path(path, group.root) for path in group.files]
    count = len(shown)
    name = str(group.root.resolve())
    entry = job.cache.read(name) if job.cache is not None else None  # the small summary
    recorded: dict[str, Any] = entry.get("stats", {}) if entry is not None else {}
    trusted_before = int(entry.get("written", 0)) - RACY_NS if entry is not None else 0
    raws: list[bytes | None] = [None] * count
    hashes: list[str] = [""] * count
    stats: list[tuple[int, int] | None] = [None] * count
    for i, path in enumerate(group.files):
        try:
            stat = os.stat(path)
        except OSError as error:
            hashes[i] = f"unreadable:{error.errno}"
            continue
        if stat.st_size > MAX_FILE_BYTES:
            hashes[i] = f"too-large:{stat.st_size}"
            continue
        stats[i] = (stat.st_size, stat.st_mtime_ns)
        known = recorded.get(shown[i])
        if isinstance(known, tuple) and len(known) == 2 and known[1] == stats[i] and \
                stats[i][1] < trusted_before:
            hashes[i] = known[0]
            continue
        try:
            raws[i] = path.read_bytes()
        except OSError as error:
            hashes[i], stats[i] = f"unreadable:{error.errno}", None
            continue
        hashes[i] = content_hash(raws[i])
    key = _group_key(job, group, shown, hashes)
    if entry is not None and entry.get("key") == key and not job.want_repository and \
            isinstance(entry.get("result"), bytes):
        return entry["result"], None
    stored = job.cache.read(name + "#files") if job.cache is not None else None
    previous: dict[str, Any] = stored.get("files", {}) if stored is not None else {}
    results: list[FileResult | None] = [None] * count
    files_out: dict[str, tuple[str, bytes, tuple[int, int], bytes]] = {}
    todo: list[int] = []
    for i, file_name in enumerate(shown):
        cached = previous.get(file_name)
        if stats[i] is not None and _file_entry(cached) and cached[0] == hashes[i]:
            try:
                results[i] = pickle.loads(cached[1])
                files_out[file_name] = (hashes[i], cached[1], stats[i], cached[3])
                continue
            except Exception:
                pass
        if stats[i] is not None and raws[i] is None:
            try:
                raws[i] = group.files[i].read_bytes()
                hashes[i] = content_hash(raws[i])
            except OSError as error:
                hashes[i], stats[i] = f"unreadable:{error.errno}", None
        todo.append(i)
    tasks = [(group.files[i], shown[i], raws[i]) for i in todo]
    for i, loaded in zip(todo, _load_many(tasks, file_jobs), strict=True):
        results[i] = loaded
        raw, stat = raws[i], stats[i]
        if raw is not None and stat is not None and job.cache is not None:
            blob = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
            files_out[shown[i]] = (hashes[i], blob, stat, raw)
    key = _group_key(job, group, shown, hashes)  # a damaged entry may have been re-read
    loaded_repo = LoadResult(Repository(root=str(group.root)))
    for loaded in results:
        assert loaded is not None
        document, findings, waivers = loaded
        loaded_repo.findings.extend(findings)
        loaded_repo.waivers.extend(waivers)
        if document is not None:
            _index(document, loaded_repo)
    _check_references(loaded_repo)
    evaluated = evaluate(job.book, loaded_repo.repository, job.as_of, job.enabled)
    lines = _needed_lines(shown, raws, files_out, loaded_repo, evaluated)
    result = pickle.dumps((loaded_repo.findings, loaded_repo.waivers, evaluated, lines),
                          protocol=pickle.HIGHEST_PROTOCOL)
    if job.cache is not None:
        written = time.time_ns()
        job.cache.write(name + "#files", {"files": files_out})
        job.cache.write(name, {"key": key, "result": result, "written": written, "stats": {
            file_name: (item[0], item[2]) for file_name, item in files_out.items()}})
    return result, loaded_repo.repository if job.want_repository else None


def _group_key(job: Job, group: Group, shown: list[str], hashes: list[str]) -> str:
    material = json.dumps([job.stamp, str(group.root), shown, hashes])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


Lines = dict[str, tuple[int, dict[int, str]] | None]


def _needed_lines(shown: list[str], raws: list[bytes | None], files_out: dict[str, Any],
                  loaded: LoadResult, evaluated: list[Finding]) -> Lines:
    """The source lines the text output will show: those findings and waivers point at."""
    needed: dict[str, set[int]] = {}
    for finding in (*loaded.findings, *evaluated):
        needed.setdefault(finding.file, set()).add(finding.line)
    for waiver in loaded.waivers:
        needed.setdefault(waiver.source_file, set()).add(waiver.source_line)
    index = {file_name: i for i, file_name in enumerate(shown)}
    lines: Lines = {}
    for file_name, numbers in needed.items():
        i = index.get(file_name)
        if i is None:
            continue
        raw = raws[i]
        if raw is None and file_name in files_out:
            raw = files_out[file_name][3]
        if raw is None:
            continue  # too large or unreadable: the output reads (and fails) as before
        try:
            text_lines = decode(raw).splitlines()
        except ParseProblem:
            lines[file_name] = None
            continue
        lines[file_name] = (len(text_lines), {n: text_lines[n - 1] for n in numbers
                                              if 1 <= n <= len(text_lines)})
    return lines


# ------------------------------------------------------------------------------- all groups
_WORKER: dict[str, Any] = {}


def _analyse_indexed(index: int) -> bytes:
    result, _ = analyse_group(_WORKER["groups"][index], _WORKER["job"])
    return result


def analyse(groups: list[Group], job: Job, jobs: int = 1,
            progress: Callable[[int, int], None] | None = None) -> Analysis:
    total = sum(len(g.files) for g in groups)
    analysis = Analysis(files=[display_path(p, g.root) for g in groups for p in g.files],
                        arrangements=len(groups))
    collecting = gc.isenabled()
    gc.disable()  # millions of long-lived small objects: the collector would only re-scan them
    try:
        if len(groups) == 1:
            result, analysis.repository = analyse_group(groups[0], job, file_jobs=jobs)
            outcomes: Iterator[bytes] = iter([result])
        elif jobs > 1 and _fork() is not None:
            outcomes = _in_processes(groups, job, jobs)
        else:
            outcomes = (analyse_group(g, job)[0] for g in groups)
        evaluated: list[Finding] = []
        done = 0
        for group, outcome in zip(groups, outcomes, strict=True):
            loader_findings, waivers, group_evaluated, lines = pickle.loads(outcome)
            analysis.lines.update(lines)
            analysis.loader_findings.extend(loader_findings)
            analysis.waivers.extend(waivers)
            evaluated.extend(group_evaluated)
            done += len(group.files)
            if progress is not None and group.files:
                progress(done, total)
        analysis.evaluated = evaluated
    finally:
        if collecting:
            gc.enable()
    return analysis


def _in_processes(groups: list[Group], job: Job, jobs: int) -> Iterator[bytes]:
    _WORKER.update(groups=groups, job=job)
    try:
        with _fork().Pool(jobs) as pool:
            yield from pool.imap(_analyse_indexed, range(len(groups)), chunksize=1)
    finally:
        _WORKER.clear()


# ---------------------------------------------------------------------------------- sources
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

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
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


def warn(message: str) -> None:
    print(f"boce-lint: warning: {message}; checking without the cache.", file=sys.stderr)


def run(paths: list[Path], settings: Any, config: Any, book: Rulebook, as_of: dt.date,
        enabled: list[CompiledRule], include: tuple[str, ...], exclude: tuple[str, ...],
        want_repository: bool = False,
        progress: Callable[[int, int], None] | None = None) -> Analysis:
    """Plan the groups, open the cache (one warning when it cannot be written) and analyse."""
    groups = plan(paths, include, exclude)
    cache = None
    if settings.cache:
        folder = cache_folder(paths, getattr(settings, "cache_dir", None), config.directory)
        cache, problem = Cache.open(folder)
        if problem is not None:
            warn(problem)
    rule_dirs = [config.directory / d for d in settings.rules]
    stamp = job_stamp(rulebook_stamp(rule_dirs, settings.statutory), as_of, enabled)
    job = Job(book, as_of, enabled, stamp, cache, want_repository and len(groups) == 1)
    return analyse(groups, job, jobs=settings.jobs, progress=progress)
