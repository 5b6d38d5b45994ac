"""The one worker pool: files of a repository and arrangements of a corpus both run here.

Workers are forked, so the function (a closure over the compiled rules, say) and the items are
inherited and never pickled; only each item's index and its result cross the process boundary.
Where forking is not available, or the work is too small to share, everything runs in this
process.

``concurrent.futures.ProcessPoolExecutor``, not ``multiprocessing.Pool``: leaving a ``Pool``
through its context manager calls ``terminate()``, which can hang for good (CPython issues
#78178 and #96995; seen once in CI as a ``--jobs 2`` run that never ended). The executor shuts
down by handing each worker a sentinel and notices a worker that died; the items that worker
did not finish are then done in this process, so the output is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# the function and the items of the pool being forked
_WORK: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int,
                 min_items: int = 1, chunksize: int = 1,
                 cost: Callable[[Item], int] | None = None) -> Iterator[Result]:
    """``map(function, items)`` in ``jobs`` forked processes, results in order; in this
    process when ``jobs`` is 1 or there are fewer than ``min_items`` items. With ``cost``, the
    costliest items are handed out first (one at a time), so that no worker is left with a
    large item at the end while the others wait."""
    if jobs <= 1 or len(items) < min_items or not can_fork():
        yield from map(function, items)
        return
    import multiprocessing  # here, not above: a run in one process does not need them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _WORK.append((function, items))
    done = 0
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            if cost is None:
                results = pool.map(_call, range(len(items)), chunksize=chunksize)
            else:
                first = sorted(range(len(items)), key=lambda i: -cost(items[i]))
                futures = {i: pool.submit(_call, i) for i in first}
                results = (futures[i].result() for i in range(len(items)))
            for result in results:
                done += 1
                yield result
    except BrokenProcessPool:  # a worker was killed from outside (out of memory, say)
        yield from map(function, items[done:])
    finally:
        _WORK.pop()


def _call(index: int) -> Any:
    function, items = _WORK[-1]
    return function(items[index])
