"""The sizes and times a warm run compares with those it recorded, asked of the system in batches.

A warm run asks about every folder of the last walk (:class:`files.Listings`), every framework
agreement found (:mod:`boce_lint.run.plan`) and every file (:mod:`boce_lint.run.index`): 15 000
calls at 10 000 documents. Each answer is kept as one packed string of 64-bit numbers (as
``array("q").tobytes()`` makes it), so a batch is compared with the record in one go. The C
accelerator (``stat_groups`` in _fastyaml.c) asks the system with the GIL released, over two
threads, and packs the numbers itself; without it :func:`stat_groups_python` does the same with
``os.stat``, number for number.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from functools import cache

StatGroups = Callable[[list[str], bool], list[bytes | None]]


def stat_groups(groups: list[str], folders: bool = False) -> list[bytes | None]:
    """Per group (its paths joined by ``"\\0"``; ``""`` is no path) the packed numbers of its
    paths as ``os.stat`` gives them -- ``st_size, st_mtime_ns`` of a file, or with ``folders``
    ``st_dev, st_ino, st_mtime_ns, st_ctime_ns`` --, or None when one of them cannot be asked
    about (or does not fit in 64 bits)."""
    return _batched()(groups, folders)


@cache
def _batched() -> StatGroups:
    from boce_lint.source import accelerator

    native = accelerator.load()
    found: StatGroups | None = getattr(native, "stat_groups", None)
    return found if found is not None else stat_groups_python


def stat_groups_python(groups: list[str], folders: bool = False) -> list[bytes | None]:
    """:func:`stat_groups` without the accelerator."""
    return [_stat_group(group.split("\0") if group else [], folders) for group in groups]


def _stat_group(paths: list[str], folders: bool) -> bytes | None:
    numbers = array("q")
    stat = os.stat
    try:
        if folders:
            for path in paths:
                info = stat(path)
                numbers.extend((info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns))
        else:
            for path in paths:
                info = stat(path)
                numbers.append(info.st_size)
                numbers.append(info.st_mtime_ns)
    except (OSError, ValueError, OverflowError):
        return None
    return numbers.tobytes()
