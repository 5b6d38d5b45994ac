"""What a check derives from a kind's schema, made once and kept in the user cache.

Loading a document needs four things made from its kind's schema: the schema as a
:class:`~boce_lint.source.fastschema.Program` for the C accelerator's check, the fields that
hold references (``schemas.reference_paths``), those that hold dates (``dates.date_paths``) and
the plan of fields where Dutch yes/no or amounts are read (``dutch.make_plan``); the as-of view
a fifth, the code of its quick look at a document (``timeline.walk_code_of``). Making them
means parsing the schema's JSON, walking it and compiling: about 3 ms per kind, 30 ms for the
eleven kinds of one arrangement -- most of the first-use cost of a warm re-check after one
changed file.

So they are made for every kind at once and kept in one entry of the user's cache, signed like
the compiled rulebook, and read back in about a millisecond. The entry's key is the code stamp
(the code that derives them, and the version) and the text of every shipped schema (what they
are derived from): the stamp alone sees a schema only by its size and time, and a key that holds
the text can never give the facts of other schemas. Without a user cache each is made when
first needed, as before.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import marshal
import pickle
import re
from functools import cache
from typing import Any, NamedTuple

from boce_lint.source.schemas import KIND_NAMES

_ENTRY = "schema-facts:"


class Facts(NamedTuple):
    """What loading and the as-of view use of one kind's schema."""

    program: tuple[Any, ...] | None  # (root node, definitions); None: the C check cannot
    references: tuple[tuple[tuple[str, ...], list[str]], ...]  # field path, kinds it may name
    dates: tuple[tuple[str, ...], ...]  # field paths that hold a date
    dutch: tuple[tuple[str, Any], ...]  # where Dutch yes/no or amounts are read (dutch.Node)
    walk: bytes  # the as-of view's quick look at a document, marshalled code (timeline)


def made(kind: str) -> Facts:
    """The facts of a kind, derived from its schema now."""
    from boce_lint.source.dates import date_paths
    from boce_lint.source.dutch import make_plan
    from boce_lint.source.fastschema import Program
    from boce_lint.source.schemas import reference_paths
    from boce_lint.source.timeline import walk_code_of

    return Facts(Program.of(kind), tuple(reference_paths(kind)), date_paths(kind),
                 make_plan(kind), marshal.dumps(walk_code_of(kind)))


@cache
def facts(kind: str) -> Facts:
    """The facts of a kind: from the user cache when it has them (every kind's, read once)."""
    every = _every_kind()
    found = every.get(kind) if every is not None else None
    return found if found is not None else made(kind)


@cache
def _every_kind() -> dict[str, Facts] | None:
    """Every kind's facts from the user cache, made and kept there when missing (None: there
    is no user cache)."""
    from boce_lint.run.cache import user_cache

    store = user_cache("schemas")
    key = schema_key()
    if store is None or key is None:
        return None
    kept = store.read_bytes(_ENTRY + key)
    try:
        kinds = pickle.loads(kept) if kept is not None else None
    except Exception:  # signed by this user's key, so only a damaged file: made again
        kinds = None
    if isinstance(kinds, dict) and kinds.keys() == set(KIND_NAMES) and \
            all(isinstance(value, Facts) for value in kinds.values()):
        return kinds
    every = {kind: made(kind) for kind in KIND_NAMES}
    store.write_bytes(_ENTRY + key, _dumps(every))
    return every


@cache
def schema_key() -> str | None:
    """The key of the facts in the user cache: boce-lint's code stamp and the text of every
    schema (the stamp sees a file only by its size and time); None when a schema cannot be
    read (an incomplete installation: each kind's facts are then made when asked)."""
    from boce_lint.resources import schemas_dir
    from boce_lint.run.cache import code_stamp

    digest = hashlib.sha256(code_stamp().encode())
    try:
        for kind in KIND_NAMES:
            digest.update(f"\0{kind}\0".encode())
            digest.update((schemas_dir() / f"{kind}.schema.json").read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _dumps(every: dict[str, Facts]) -> bytes:
    """The facts pickled with each pattern as ``re.compile(text)``: read back, a pattern is
    then compiled as every other use of it compiles it, once per process (re's cache), not a
    second time for its flags (a pattern pickles as ``re._compile(text, re.UNICODE)``)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, re.Pattern: _pattern}
    table: dict[bytes, Any] = {}
    pickler.dump({kind: Facts(*_shared(tuple(value), table)) for kind, value in every.items()})
    return buffer.getvalue()


def _shared(value: Any, table: dict[bytes, Any]) -> Any:
    """``value`` with equal tuples as one object, which pickle writes once: the alternatives
    of a text field (its placeholder pattern) stand under most fields of every kind, so the
    entry is half as large and read back three times as fast."""
    if isinstance(value, tuple):  # by what pickle writes of it: True == 1 == 1.0, but a
        # const true is no 1, and a repr may cut a long text short (a pattern's at 200)
        value = tuple(_shared(item, table) for item in value)
        return table.setdefault(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), value)
    if isinstance(value, list):
        return [_shared(item, table) for item in value]
    if isinstance(value, dict):
        return {key: _shared(item, table) for key, item in value.items()}
    return value


def _pattern(pattern: re.Pattern[str]) -> tuple[Any, ...]:
    if pattern.flags == re.UNICODE:  # compiled from text without flags
        return re.compile, (pattern.pattern,)
    return re.compile, (pattern.pattern, pattern.flags)
