"""What held when: the repository as it stood on the as-of date, and each document's lifecycle.

Catalogue principles 2–4 in one place, so that no rule has to repeat them:

* **Peildatum** (:func:`as_of`): documents and records dated after the as-of date do not exist
  for the check. A document is dated by when it came into being (:data:`BORN`); inside a
  document, dated records (versions, signatures, notices, decisions, incidents…, :data:`RECORDS`)
  after the date are left out. Lists keep the positions of the items that remain
  (:class:`Kept`), so findings still point at the right line.
* **Lifecycle** (:func:`phase`): a document is a *concept*, *in force* or *ended* on a date.
* **Versions** (:func:`content_on`): a version may carry the content it changed (``inhoud``);
  rules see the content of the version in force on the as-of date.
* **Counting** (:func:`years_in_force`): the complete calendar years a document was in force
  before the as-of date — not its first year unless it started on 1 January, not the running
  year, not after it ended, and none at all for a concept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import marshal
from types import CodeType
from typing import Any

from boce_lint.source.datedwalk import CONTENT, LATE, Node, Quick, may_hold, quick, tree, walk_code
from boce_lint.source.model import Document, Repository
from boce_lint.source.schemas import KIND_NAMES

# When a document came into being, per kind: the earliest date of the first path that has one.
BORN: dict[str, tuple[str, ...]] = {
    "raamovereenkomst": ("versies/*/datum", "versies/*/ondertekeningen/*/datum"),
    "deelovereenkomst": ("versiebeheer/*/datum", "versiebeheer/*/ondertekeningen/*/datum",
                         "besluit/datum"),
    "verordening": ("raadsbesluit/datum", "inwerkingtreding"),
    "mandaatbesluit": ("mandaatgever/datum",),
    "overleg": ("datum",),
    "rapportage": ("datum", "periode/tot"),
    "raadsinformatie": ("datum",),
    "informatiebehoefte": ("vastgesteld/datum",),
    "evaluatie": ("datum",),
    "detacheringsovereenkomst": ("ondertekeningen/*/datum", "ingangsdatum"),
    "beleidsagenda": ("vastgesteld",),
    "bijlage": ("datum", "vastgesteld/datum"),
}

# Dated records inside a document: (path of the record, its date field). A record dated after
# the as-of date is left out: a list item is dropped, an object key removed.
RECORDS: tuple[tuple[str, str], ...] = (
    ("versies/*", "datum"),
    ("versiebeheer/*", "datum"),
    ("versies/*/ondertekeningen/*", "datum"),
    ("versiebeheer/*/ondertekeningen/*", "datum"),
    ("ondertekeningen/*", "datum"),
    ("opzeggingen/*", "datum"),
    ("verlengingen/*", "van"),
    ("incidenten/*", "datum"),
    ("schademeldingen/*", "ontdekt_op"),
    ("partijen/*", "toetredingsdatum"),
    ("partijen/*/raadsbesluit", "datum"),
    ("partijen/*/collegebesluit", "datum"),
    ("besluit", "datum"),
    ("besluiten/*", "datum"),
    ("instemming_gastheer", "datum"),
    ("instemming_gemandateerde", "datum"),
    ("publicatie", "datum"),
    ("vastgesteld", "datum"),
)

CONCEPT = "concept"
IN_FORCE = "in-force"
ENDED = "ended"
_PHASES = {"concept": CONCEPT, "ter-ondertekening": CONCEPT, "ondertekend": IN_FORCE,
           "vastgesteld": IN_FORCE, "beeindigd": ENDED, "ingetrokken": ENDED}
# Where a document's life starts and ends, per kind (the first field present counts).
_START = (("ingangsdatum",), ("inwerkingtreding",), ("mandaatgever", "datum"))
_END = (("einddatum",),)


class Kept(list):  # type: ignore[type-arg]
    """A list with some items left out; ``origin[i]`` is the original index of item ``i``."""

    __slots__ = ("origin",)

    def __init__(self, items: list[Any], origin: list[int]) -> None:
        super().__init__(items)
        self.origin = origin


def index_of(items: list[Any], i: int) -> int:
    """The original index of item ``i`` (its position in the file)."""
    origin = getattr(items, "origin", None)
    return origin[i] if origin is not None else i


def date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _at(data: Any, path: list[str]) -> list[Any]:
    values = [data]
    for step in path:
        found = []
        for value in values:
            if step == "*" and isinstance(value, list):
                found.extend(value)
            elif isinstance(value, dict) and step in value:
                found.append(value[step])
        values = found
    return values


_BORN_PATHS = {kind: tuple(path.split("/") for path in paths) for kind, paths in BORN.items()}


def born(document: Document) -> dt.date | None:
    """The date the document came into being, or None when it carries no such date."""
    for path in _BORN_PATHS.get(document.kind, ()):
        dates = [d for d in map(date_of, _at(document.data, path)) if d is not None]
        if dates:
            return min(dates)
    return None


@dataclasses.dataclass
class SetAside:
    """How much of the repository lies after the as-of date."""

    documents: int = 0
    records: int = 0

    def add(self, other: SetAside) -> None:
        self.documents += other.documents
        self.records += other.records


def as_of(repository: Repository, date: dt.date) -> tuple[Repository, SetAside]:
    """The repository as it stood on ``date``; unchanged documents are shared, not copied."""
    view = Repository(root=repository.root, unseen=repository.unseen)  # unreadable paths too
    counts = SetAside()
    iso = date.isoformat()
    add = view.add
    for document in repository.documents:
        data, kind = document.data, document.kind
        look = _quick_for(kind) if document.valid and data.__class__ is dict else None
        found = look(data, iso, date) if look is not None else LATE  # seldom anything
        if found:
            dropped = 0
            if found == LATE:
                started = born(document)
                if started is not None and started > date:
                    counts.documents += 1
                    continue
                if _any_after(data, _RECORD_TREE, date):
                    data, dropped = _prune(data, date)
                    counts.records += dropped
            data = content_on(data, date)
            if isinstance(data, Versioned):
                document = dataclasses.replace(document, data=data, moved=data.moved)
            elif dropped:
                document = dataclasses.replace(document, data=data)
        add(document)
    return view, counts


def _prune(data: dict[str, Any], date: dt.date) -> tuple[dict[str, Any], int]:
    dropped = 0
    if not isinstance(data, dict):
        return data, 0
    for path, field in _RECORD_PATHS:
        if path[0] in data:  # most documents hold one or two of these records
            data, n = _prune_path(data, path, field, date)
            dropped += n
    return data, dropped


_RECORD_PATHS = tuple((path.split("/"), field) for path, field in RECORDS)

# RECORDS as a tree of steps, to ask in one walk whether anything lies after the date
_RECORD_TREE = tree([(path, field) for path, field in _RECORD_PATHS])


@functools.cache
def _quick_for(kind: str) -> Quick | None:
    """The quick look (``datedwalk``) at a document of ``kind`` that passed its schema, over
    every date :func:`as_of` reads of it -- its records and its birth -- and the content of
    its versions (``content_on``); None for a kind without a schema. Its code is one of the
    schema's facts, kept in the user cache (``schemafacts``)."""
    if kind not in KIND_NAMES:
        return None
    from boce_lint.source.schemafacts import facts

    return quick(marshal.loads(facts(kind).walk), _after_date)


def walk_code_of(kind: str) -> CodeType:
    """The code of a kind's quick look: the paths of its schema where a date it reads may lie
    (working them out and compiling them costs ~1 ms per kind)."""
    dated = [*_RECORD_PATHS, *((path[:-1], path[-1]) for path in _BORN_PATHS.get(kind, ()))]
    content = [([name, "*"], CONTENT) for name in VERSION_LISTS]
    paths = [(path, field) for path, field in [*dated, *content]
             if may_hold(kind, [*path, field if field is not None else "inhoud"])]
    return walk_code(kind, tree(paths))


def _after_date(value: Any, date: dt.date) -> bool:
    when = date_of(value)
    return when is not None and when > date


def _any_after(value: Any, node: Node, date: dt.date) -> bool:
    """Whether a record at or under ``node`` is dated after ``date`` (what ``_prune`` drops)."""
    fields, steps = node
    for field in fields:
        if _after(value, field, date):
            return True
    for step, below in steps:
        if step == "*":
            if isinstance(value, list):
                for item in value:
                    if _any_after(item, below, date):
                        return True
        elif isinstance(value, dict) and step in value and _any_after(value[step], below, date):
            return True
    return False


def _after(record: Any, field: str, date: dt.date) -> bool:
    return isinstance(record, dict) and _after_date(record.get(field), date)


def _prune_path(value: Any, path: list[str], field: str, date: dt.date) -> tuple[Any, int]:
    """``value`` without the records at ``path`` dated after ``date`` (copied only if changed)."""
    step, rest = path[0], path[1:]
    if step == "*":
        if not isinstance(value, list):
            return value, 0
        if rest:
            pruned = [_prune_path(item, rest, field, date) for item in value]
            dropped = sum(n for _, n in pruned)
            if not dropped:
                return value, 0  # the common case: nothing after the date, nothing copied
            return Kept([new for new, _ in pruned],
                        [index_of(value, i) for i in range(len(value))]), dropped
        late = [_after(item, field, date) for item in value]
        if not any(late):
            return value, 0
        kept = [i for i in range(len(value)) if not late[i]]
        return Kept([value[i] for i in kept], [index_of(value, i) for i in kept]), len(value) - \
            len(kept)
    if not isinstance(value, dict) or step not in value:
        return value, 0
    if not rest:
        if _after(value[step], field, date):
            return {k: v for k, v in value.items() if k != step}, 1
        return value, 0
    new, dropped = _prune_path(value[step], rest, field, date)
    if not dropped:
        return value, 0
    copy = dict(value)
    copy[step] = new
    return copy, dropped


# ------------------------------------------------------------------------------- lifecycle
def _first_date(data: dict[str, Any], paths: tuple[tuple[str, ...], ...]) -> dt.date | None:
    for path in paths:
        value: Any = data
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        found = date_of(value)
        if found is not None:
            return found
    return None


def phase(data: Any, date: dt.date) -> str | None:
    """Concept, in force or ended on ``date``; None for what has no lifecycle status.

    An ended document whose end date lies after ``date`` was still in force on it.
    """
    if not isinstance(data, dict):
        return None
    status = data.get("status")
    found = _PHASES.get(status) if isinstance(status, str) else None
    if found is ENDED:
        end = _first_date(data, _END)
        if end is not None and end > date:
            return IN_FORCE
    return found


_CONCEPT_STATUSES = tuple(status for status, found in _PHASES.items() if found == CONCEPT)
ENDED_STATUSES = tuple(status for status, found in _PHASES.items() if found == ENDED)


def is_concept(data: Any, date: dt.date) -> bool:
    """``phase(data, date) == CONCEPT``, without the end date (a concept has none): rules ask
    it of every value they bind."""
    return isinstance(data, dict) and data.get("status") in _CONCEPT_STATUSES


def concept_arrangement(repository: Repository, date: dt.date) -> dict[str, Any] | None:
    """The framework agreement when every one the repository holds is a concept on ``date``:
    then the arrangement itself is a concept, and nothing of its execution is judged."""
    frameworks = repository.by_kind.get("raamovereenkomst", [])
    if frameworks and all(is_concept(d.data, date) for d in frameworks):
        return frameworks[0].data
    return None


def in_force_period(data: dict[str, Any], date: dt.date) -> tuple[dt.date | None, dt.date | None,
                                                                  bool]:
    """Start, end (exclusive, None when still running) and whether the period is known."""
    state = phase(data, date)
    if state == CONCEPT:
        return None, None, True  # never in force
    start = _first_date(data, _START)
    end = _first_date(data, _END)
    if state == ENDED and end is None:
        return start, None, False  # ended, but when is not recorded
    return start, end, start is not None


def years_in_force(data: dict[str, Any], date: dt.date, since: dt.date | None = None
                   ) -> list[int] | None:
    """The complete calendar years in force before ``date`` (None when that is undecidable)."""
    start, end, known = in_force_period(data, date)
    if not known:
        return None
    if start is None:
        return []
    if since is not None and since > start:
        start = since
    first = start.year if start <= dt.date(start.year, 1, 1) else start.year + 1
    stop = min(date, end) if end is not None else date
    return list(range(first, stop.year))  # (a year ends before ``stop`` if it is earlier)


def in_force_in(data: Any, year: int) -> bool | None:
    """Whether the document was in force on some day of ``year`` (None when undecidable)."""
    if not isinstance(data, dict):
        return None
    status = data.get("status")
    state = _PHASES.get(status) if isinstance(status, str) else None
    if state == CONCEPT:
        return False
    start = _first_date(data, _START)
    if start is None:
        return None
    if start > dt.date(year, 12, 31):
        return False
    end = _first_date(data, _END)
    if end is not None:
        return end > dt.date(year, 1, 1)
    return None if state == ENDED else True


# -------------------------------------------------------------------------------- versions
VERSION_LISTS = ("versies", "versiebeheer")  # where a kind keeps its versions
_NOT_IN_FORCE = ("concept", "ingetrokken")


class Versioned(dict):  # type: ignore[type-arg]
    """A document's content as one version made it: the base fields with the ``inhoud`` of every
    version in force on the date laid over them (a version repeats only what it changed).

    ``moved[key]`` is where in the file a field taken from a version stands; ``base`` is the
    document as written, so that another date's version can be asked for (``versie_op``)."""

    __slots__ = ("base", "moved")

    def __init__(self, content: dict[str, Any], base: dict[str, Any],
                 moved: dict[str, str]) -> None:
        super().__init__(content)
        self.base = base
        self.moved = moved


def version_date(version: dict[str, Any]) -> dt.date | None:
    """From when a version holds: its own start date, else the date it was made."""
    return date_of(version.get("ingangsdatum")) or date_of(version.get("datum"))


def content_on(data: Any, date: dt.date) -> Any:
    """The content in force on ``date``: every version that is not a concept or withdrawn and
    holds from ``date`` or earlier lays its ``inhoud`` over the base, in the order of their
    dates (a later change wins). A document without version content is returned as it is."""
    base = data.base if isinstance(data, Versioned) else data
    if not isinstance(base, dict):
        return data
    for list_name in VERSION_LISTS:
        versions = base.get(list_name)
        if isinstance(versions, list):
            for version in versions:
                if isinstance(version, dict) and isinstance(version.get("inhoud"), dict):
                    return _laid_over(base, list_name, versions, date)
    return base


def _laid_over(base: dict[str, Any], list_name: str, versions: list[Any], date: dt.date
               ) -> Versioned:
    """``content_on`` for a document with version content in ``base[list_name]``."""
    ordered = []
    for i, version in enumerate(versions):
        if not isinstance(version, dict) or not isinstance(version.get("inhoud"), dict):
            continue
        if version.get("status") in _NOT_IN_FORCE:
            continue
        holds = version_date(version)
        if holds is None or holds > date:
            continue
        ordered.append((holds, i, version))
    content = dict(base)
    moved: dict[str, str] = {}
    for _, i, version in sorted(ordered, key=lambda item: (item[0], item[1])):
        for key, value in version["inhoud"].items():
            content[key] = value
            moved[key] = f"/{list_name}/{index_of(versions, i)}/inhoud/{key}"
    return Versioned(content, base, moved)
