"""What the loader derives from the schemas (schemafacts.py) is the same read from the user cache
as made from the schemas, and the cache entry is keyed by every schema's text."""

from __future__ import annotations

import marshal
import re
import shutil
import types
from pathlib import Path
from typing import Any

import pytest

from boce_lint import resources
from boce_lint.run import cache
from boce_lint.source import schemafacts
from boce_lint.source.schemas import KIND_NAMES


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache, and no facts remembered in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(cache, "_USER_CACHES", {})
    forget()
    yield tmp_path / "user-cache" / "boce-lint" / "schemas"
    forget()


def forget() -> None:
    schemafacts.facts.cache_clear()
    schemafacts._every_kind.cache_clear()
    schemafacts.schema_key.cache_clear()


def plain(value: Any) -> Any:
    """``value`` with each pattern's search (compared by identity) as its pattern's text, to
    compare by repr (which tells 1 from True)."""
    if isinstance(value, schemafacts.Facts):  # its quick look as code (the marshalled bytes
        # of equal code may differ in what they flag to be shared)
        return plain(tuple(value._replace(walk=None))) + (_code(marshal.loads(value.walk)),)
    if isinstance(value, re.Pattern):
        return ("pattern", value.pattern)
    if callable(value) and isinstance(getattr(value, "__self__", None), re.Pattern):
        return ("search", value.__self__.pattern)
    if isinstance(value, tuple | list):
        return tuple(plain(item) for item in value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, frozenset):  # (its order is not its value)
        return ("frozenset", sorted(map(repr, value)))
    return value


def _code(code: types.CodeType) -> tuple[Any, ...]:
    return (code.co_code, code.co_names, code.co_varnames,
            tuple(_code(c) if isinstance(c, types.CodeType) else c for c in code.co_consts))


def walk(value: Any) -> list[Any]:
    """Every value inside tuples, lists and dicts."""
    if isinstance(value, tuple | list):
        return [found for item in value for found in walk(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in walk(item)]
    return [value]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


def test_the_cached_facts_are_those_made_from_the_schemas(fresh_cache: Path) -> None:
    made = {kind: schemafacts.made(kind) for kind in KIND_NAMES}
    first = {kind: schemafacts.facts(kind) for kind in KIND_NAMES}  # made, and kept
    assert len(entries(fresh_cache)) == 1
    forget()
    with pytest.MonkeyPatch.context() as patch:  # read back: nothing is made again
        patch.setattr(schemafacts, "made", lambda kind: pytest.fail(f"{kind} made again"))
        read = {kind: schemafacts.facts(kind) for kind in KIND_NAMES}
    assert repr(plain(read)) == repr(plain(first)) == repr(plain(made))  # (1 is not True)
    assert all(read[kind] is not made[kind] for kind in KIND_NAMES)  # (not this process's)
    searches = [p for p in walk(read) if isinstance(getattr(p, "__self__", None), re.Pattern)]
    assert searches and all(search.__self__ is re.compile(search.__self__.pattern)
                            for search in searches)  # compiled once with every other use
    assert any(facts.program is not None and facts.references and facts.dates and facts.dutch
               for facts in read.values())


def test_another_schema_text_is_another_entry(fresh_cache: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    schemafacts.facts(KIND_NAMES[0])
    assert len(entries(fresh_cache)) == 1
    edited = tmp_path / "schemas"
    shutil.copytree(resources.schemas_dir(), edited)
    schema = edited / f"{KIND_NAMES[-1]}.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"title"', '"title" ', 1),
                      encoding="utf-8")
    monkeypatch.setattr(resources, "schemas_dir", lambda: edited)
    forget()
    schemafacts.facts(KIND_NAMES[0])
    assert len(entries(fresh_cache)) == 2


def test_a_broken_entry_is_made_again(fresh_cache: Path) -> None:
    expected = schemafacts.facts(KIND_NAMES[0])
    (entry,) = entries(fresh_cache)
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")  # the signature fails
    forget()
    assert schemafacts.facts(KIND_NAMES[0]) == expected
    assert entries(fresh_cache) == [entry] and entry.read_bytes()[-10:] != b"0123456789"


def test_equal_parts_are_written_once_but_true_stays_no_one() -> None:
    table: dict[bytes, Any] = {}
    one, true, also_one = schemafacts._shared(((6, 1), (6, True), (6, 1)), table)
    assert one is also_one and true is not one and true == (6, True)
    long = "x" * 250  # a pattern's repr shows its first 200 characters only
    first, second = schemafacts._shared(((re.compile(long + "a"),), (re.compile(long + "b"),)),
                                        table)
    assert first is not second and first[0].pattern.endswith("a")


def test_without_a_user_cache_each_kind_is_made_when_asked(fresh_cache: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "user_cache", lambda part: None)
    kind = KIND_NAMES[0]
    assert repr(plain(schemafacts.facts(kind))) == repr(plain(schemafacts.made(kind)))
    assert schemafacts._every_kind() is None and not fresh_cache.exists()
