"""Load and evaluate: one repository, or — for a national corpus — one per arrangement.

``check`` hands this module the paths; it returns the structural findings, the inline waivers
and the findings of the rules, before selection, waivers and baseline (``check.py`` applies
those). The repositories come from :mod:`boce_lint.run.plan`; files and arrangements are
shared out over one pool (:mod:`boce_lint.run.workers`); :mod:`boce_lint.run.cache` keeps per
repository the findings of the rules by the hashes of all its files. It keeps no parse of a
file: unpickling one costs about what parsing it again costs (most of either is making its
positions), so a repository with a changed file is loaded again whole, and a cold run writes
only findings. With a ``Finish`` (the text output made per
arrangement, :mod:`boce_lint.run.pieces`) each group's part replaces its findings, and the run's
index (:mod:`boce_lint.run.index`) keeps every group's part, so a warm run takes each unchanged
group from it by its files' sizes and times alone. None of these changes a byte of the output.

Tests load a repository with :func:`load_repository`, which is the same load as a check's
without the cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from boce_lint.config import LoadedConfig, Settings
from boce_lint.dsl.compiled import CompiledRule
from boce_lint.findings.finding import Finding, Packed
from boce_lint.findings.waivers import Waiver
from boce_lint.paths import display_paths
from boce_lint.rulebook.rulebook import Rulebook
from boce_lint.run.plan import Group, add_unsaved, plan
from boce_lint.run.reading import FileState, hash_files, read_missing
from boce_lint.run.sources import Lines, needed_lines
from boce_lint.run.workers import parallel_map
from boce_lint.source.files import (
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    UsageError,
    collect_files,
)
from boce_lint.source.model import Repository
from boce_lint.source.timeline import SetAside

if TYPE_CHECKING:  # the cache (and pickle) only when there is one; the loader when a file is
    from boce_lint.run.cache import Cache  # loaded (a warm check loads none)
    from boce_lint.run.index import Index
    from boce_lint.source.loader import LoadedFile, LoadResult




@dataclass
class Finish:
    """What the run keeps of a group's result when it need not keep the findings: the group's
    part of the text output (:mod:`boce_lint.run.pieces`), made where the group is checked."""

    key: str  # what the part depends on besides the group's files and the job (for the cache)
    make: Callable[[GroupResult, list[str]], Any]  # the result and the group's files as shown


@dataclass
class Job:
    """Everything the evaluation of a group depends on (and the cache key is made of)."""

    book: Rulebook
    as_of: dt.date
    enabled: list[CompiledRule]
    stamp: str
    cache: Cache | None = None
    want_repository: bool = False
    overlay: Mapping[str, bytes] = field(default_factory=dict)  # absolute path → unsaved text
    finish: Finish | None = None
    index: Index | None = None  # the run's index, with ``finish`` and the cache


@dataclass
class GroupResult:
    """What checking one repository yields (the cache stores it without the repository)."""

    loader_findings: list[Finding]
    waivers: list[Waiver]
    evaluated: list[Finding]
    lines: Lines
    set_aside: SetAside = field(default_factory=SetAside)  # what lay after the as-of date
    repository: Repository | None = None
    piece: Any = None  # with ``Job.finish``: what it made (and no findings, waivers or lines)
    item: dict[str, Any] | None = None  # with the run's index, the group's item in it


@dataclass
class Analysis:
    loader_findings: list[Finding] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    evaluated: list[Finding] = field(default_factory=list)
    repositories: list[Repository] = field(default_factory=list)  # when asked, one per group
    files: list[str] = field(default_factory=list)  # every file checked, as shown (without parts)
    lines: Lines = field(default_factory=dict)  # the source lines findings point at
    arrangements: int = 1
    set_aside: SetAside = field(default_factory=SetAside)  # what lay after the as-of date
    pieces: list[Any] = field(default_factory=list)  # with ``Job.finish``, one per group


# ----------------------------------------------------------------------------------- loading
def _load(state: FileState) -> LoadedFile:
    from boce_lint.source.loader import load_file, load_text

    if state.raw is None:
        return load_file(Path(state.path), state.shown)
    return load_text(state.raw, state.path, state.shown)  # read already: no Path to make


def load_files(files: list[FileState], jobs: int = 1) -> None:
    """Load every file not loaded yet, in ``jobs`` processes when there are enough of them."""
    todo = [state for state in files if state.loaded is None]
    results = parallel_map(_load, todo, jobs,
                           min_items=4 * jobs, chunksize=max(1, len(todo) // (jobs * 8)))
    for state, loaded in zip(todo, results, strict=True):
        state.loaded = loaded


def _assemble(root: Path, files: Iterable[FileState]) -> LoadResult:
    from boce_lint.source.loader import assemble

    return assemble(str(root), [state.loaded for state in files if state.loaded is not None])


def load_repository(paths: list[Path], include: tuple[str, ...] = DEFAULT_INCLUDE,
                    exclude: tuple[str, ...] = DEFAULT_EXCLUDE, jobs: int = 1) -> LoadResult:
    """Every document under ``paths`` as one repository, loaded as ``check`` loads it."""
    root, ordered = collect_files(paths, include, exclude)
    names = [str(path) for path in ordered]
    files = [FileState(path, shown) for path, shown in zip(names, display_paths(names),
                                                             strict=True)]
    load_files(files, jobs)
    return _assemble(root, files)


# ----------------------------------------------------------------------------- one group
def analyse_group(group: Group, job: Job, file_jobs: int = 1) -> GroupResult:
    """Load and evaluate one repository, through the cache when there is one.

    A file whose size and modification time are those recorded in the cache (and not too close
    to the moment the cache was written) is not read again: its recorded content hash stands.
    """
    files = [FileState(path, shown) for path, shown in zip(group.files, group.shown,
                                                             strict=True)]
    entry: dict[str, Any] | None = None
    name = ""
    if job.cache is not None:
        name = group_name(group)
        known = _from_index(job, name, group, files)
        if known is not None:
            return known
        entry, cached = _from_cache(job, job.cache, name, group, files)
        if cached is not None:
            return _finished(job, cached, files, entry)
    else:  # nothing to compare with: read the files, no content hash needed
        hash_files(files, {}, 0, job.overlay, hashing=False)
    from boce_lint.rulebook.engine import evaluate  # here: a group from the cache runs no rule

    read_missing(files)
    load_files(files, file_jobs)
    loaded = _assemble(group.root, files)
    set_aside = SetAside()
    evaluated = evaluate(job.book, loaded.repository, job.as_of, job.enabled, set_aside)
    result = GroupResult(loaded.findings, loaded.waivers, evaluated,
                         needed_lines({state.shown: state.raw for state in files},
                                      [*loaded.findings, *evaluated], loaded.waivers), set_aside)
    if job.cache is not None:
        entry = _store(job, name, _group_key(job, group, files), files, result)
    if job.want_repository:
        result.repository = loaded.repository
    return _finished(job, result, files, entry)


def group_name(group: Group) -> str:
    """The group's name in the cache: its resolved root (resolving asks the system about every
    folder, so the plan's resolved root is used when it has one)."""
    return group.real or str(group.root.resolve())


def _finished(job: Job, result: GroupResult, files: list[FileState],
              entry: dict[str, Any] | None) -> GroupResult:
    """With ``job.finish``: the group's part instead of its findings, and with the run's index
    the group's item in it (made from the cache ``entry``)."""
    if job.finish is None:
        return result
    piece = job.finish.make(result, [state.shown for state in files])
    if isinstance(getattr(piece, "files", None), str):
        # encoded where it is made (in a worker with --jobs), joined as bytes; with an
        # undecodable file name the text goes out as text (``pieces.join``)
        with contextlib.suppress(UnicodeEncodeError):
            piece.files = piece.files.encode("utf-8")
    item = None
    if entry is not None and job.index is not None:
        from boce_lint.run.index import make_item

        item = make_item(entry["key"], entry["written"], job.index.finish,
                         [state.path for state in files], [state.hash for state in files],
                         [state.stat for state in files], result.set_aside, piece)
    return GroupResult([], [], [], {}, result.set_aside, result.repository, piece, item)


def _from_index(job: Job, name: str, group: Group, files: list[FileState]) -> \
        GroupResult | None:
    """The group's part from the run's index when its files have the content they had when
    the part was made, though not all their sizes and times are as recorded (those groups the
    run took from the index before it analysed any: ``Index.unchanged``)."""
    if job.index is None or job.want_repository:
        return None
    import time

    from boce_lint.run.index import recorded, restamped

    item = job.index.item(name, group.files)
    if item is None:
        return None
    now = time.time_ns()  # before the files' sizes and times are taken
    hash_files(files, recorded(item, group.shown), int(item["written"]), job.overlay)
    if item["key"] != _group_key(job, group, files):
        return None
    piece = job.index.piece(item)
    if piece is None:
        return None
    item = restamped(item, now, [state.stat for state in files])
    return GroupResult([], [], [], {}, item["set_aside"], piece=piece, item=item)


def _from_cache(job: Job, cache: Cache, name: str, group: Group, files: list[FileState]) -> \
        tuple[dict[str, Any] | None, GroupResult | None]:
    """The group's cache entry and its result when it holds one for these very files."""
    import pickle

    entry = cache.read(name)  # the small summary
    if not (files and all(state.hash for state in files)):  # (else hashed against the index)
        recorded = entry or {}
        hash_files(files, recorded.get("stats", {}), int(recorded.get("written", 0)),
                    job.overlay)
    if entry is not None and entry.get("key") == _group_key(job, group, files) and \
            not job.want_repository and isinstance(entry.get("result"), bytes):
        loader_findings, waivers, evaluated, lines, set_aside = pickle.loads(entry["result"])
        return entry, GroupResult(loader_findings, waivers, evaluated, lines, set_aside)
    return None, None


def _store(job: Job, name: str, key: str, files: list[FileState], result: GroupResult) -> \
        dict[str, Any]:
    """The group's entry; no findings when text is the only output (the run's index has it)."""
    import pickle
    import time

    entry: dict[str, Any] = {"key": key, "written": time.time_ns(), "stats": {
        state.shown: (state.hash, state.stat) for state in files
        if state.stat is not None and state.raw is not None}}
    if job.finish is None:
        entry["result"] = pickle.dumps((Packed(result.loader_findings), result.waivers,
                                        Packed(result.evaluated), result.lines, result.set_aside),
                                       protocol=pickle.HIGHEST_PROTOCOL)  # (as plain lists)
    cast("Cache", job.cache).add(name, entry)  # written with the run's others (``close``)
    return {**entry, "name": name}


def _group_key(job: Job, group: Group, files: list[FileState]) -> str:
    material = json.dumps([job.stamp, str(group.root), [s.shown for s in files],
                           [s.hash for s in files]])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- all groups
def analyse(groups: list[Group], job: Job, jobs: int = 1,
            progress: Callable[[int, int], None] | None = None) -> Analysis:
    total = sum(len(g.files) for g in groups)
    analysis = Analysis(arrangements=len(groups))
    if job.finish is None:  # (the parts show their files themselves)
        analysis.files = [shown for g in groups for shown in g.shown]
    taken = _unchanged(groups, job)  # here, before any worker is started
    rest = [group for i, group in enumerate(groups) if i not in taken]
    outcomes: Iterator[GroupResult]
    if len(groups) == 1 and rest:
        outcomes = iter([analyse_group(groups[0], job, file_jobs=jobs)])
    else:
        outcomes = parallel_map(lambda group: analyse_group(group, job), rest, jobs,
                                cost=lambda group: len(group.files))
    done = 0
    items: dict[str, dict[str, Any]] = {}
    for i, group in enumerate(groups):
        outcome = taken[i] if i in taken else next(outcomes)
        if outcome.item is not None:
            items[group_name(group)] = outcome.item
        analysis.lines.update(outcome.lines)
        analysis.loader_findings.extend(outcome.loader_findings)
        analysis.waivers.extend(outcome.waivers)
        analysis.evaluated.extend(outcome.evaluated)
        analysis.set_aside.add(outcome.set_aside)
        if outcome.piece is not None:
            analysis.pieces.append(outcome.piece)
        if outcome.repository is not None:
            analysis.repositories.append(outcome.repository)
        done += len(group.files)
        if progress is not None and group.files:
            progress(done, total)
    if job.index is not None and len(items) == len(groups):
        job.index.write(items)
    if job.cache is not None:
        job.cache.close()  # the entries held back (``Cache.add``), written in one go
    return analysis


def _unchanged(groups: list[Group], job: Job) -> dict[int, GroupResult]:
    """The groups the run's index holds for files of the recorded sizes and times, by place."""
    taken: dict[int, GroupResult] = {}
    if job.index is None or job.want_repository:
        return taken
    unsaved = {os.path.abspath(name) for name in job.overlay}
    asked = [(i, group_name(group)) for i, group in enumerate(groups) if not unsaved or
             # an editor's text is never taken for what the disk holds
             not any(os.path.abspath(path) in unsaved for path in group.files)]
    parts = job.index.unchanged([(name, groups[i].files) for i, name in asked])
    for at, piece in parts.items():
        i, name = asked[at]
        item = job.index.items[name]
        taken[i] = GroupResult([], [], [], {}, item["set_aside"], piece=piece, item=item)
    return taken


# A folder without data files is a wrong path, not a clean repository (exit 2, not 0).
_NOTHING = {"nl": "geen contractdocumenten gevonden in {paths} (gezocht: {patterns})",
            "en": "no contract documents found in {paths} (looked for: {patterns})"}


def warn(message: str) -> None:
    print(f"boce-lint: warning: {message}; checking without the cache.", file=sys.stderr)


def run(paths: list[Path], settings: Settings, config: LoadedConfig, book: Rulebook,
        as_of: dt.date, enabled: list[CompiledRule], include: tuple[str, ...],
        exclude: tuple[str, ...], want_repository: bool = False,
        progress: Callable[[int, int], None] | None = None,
        overlay: Mapping[str, bytes] | None = None, finish: Finish | None = None) -> Analysis:
    """Plan the groups, open the cache (one warning when it cannot be written) and analyse.

    ``overlay`` maps absolute paths to text not saved yet (an editor's buffer, standard input):
    it is checked instead of what is on disk, also for a file not on disk yet."""
    cache, stamp, listed = None, "", None
    if settings.cache:
        from boce_lint.run.cache import Cache, cache_folder, job_stamp, rulebook_stamp
        from boce_lint.run.index import Listed

        cache, problem = Cache.open(cache_folder(paths, settings.cache_dir, config.directory))
        if problem is not None:
            warn(problem)
        elif cache is not None:  # what the cached results depend on besides the files
            rule_dirs = [config.directory / d for d in settings.rules]
            stamp = job_stamp(rulebook_stamp(rule_dirs, settings.statutory), as_of, enabled)
            listed = Listed(cache, paths, include, exclude)
    groups = plan(paths, include, exclude, listed.listings if listed else None)
    if listed is not None:
        listed.write()
    if overlay:
        add_unsaved(groups, overlay)
    if not any(group.files for group in groups):
        raise UsageError(_NOTHING[settings.lang].format(
            paths=", ".join(str(p) for p in paths), patterns=", ".join(include)))
    job = Job(book, as_of, enabled, stamp, cache, want_repository, dict(overlay or {}), finish)
    if cache is not None and finish is not None:
        from boce_lint.run.index import Index, index_name

        # an item holds for this text output and for what the results depend on besides the
        # files (the stamp: rules, as-of date -- today when not given --, enabled rules)
        job.index = Index.read(cache, index_name(str(group.root) for group in groups),
                               f"{finish.key}:{stamp}")
    return analyse(groups, job, jobs=settings.jobs, progress=progress)
