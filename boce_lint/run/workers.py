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
    costliest items are handed out first, in batches that shrink as the work left does
    (:func:`batches`), so that no worker is left with a large item at the end while the others
    wait, and hundreds of items cost a few dozen hand-overs (each costs this process about
    half a millisecond, taken from the workers)."""
    if jobs <= 1 or len(items) < min_items or not can_fork():
        yield from map(function, items)
        return
    import multiprocessing  # here, not above: a run in one process does not need them
    from concurrent.futures import Future, ProcessPoolExecutor
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
                where: dict[int, tuple[Future[list[Any]], int]] = {}
                for batch in batches(first, [cost(items[i]) for i in first], jobs):
                    future = pool.submit(_call_batch, batch)
                    where.update((i, (future, place)) for place, i in enumerate(batch))
                results = (where[i][0].result()[where[i][1]] for i in range(len(items)))
            for result in results:
                done += 1
                yield result
    except BrokenProcessPool:  # a worker was killed from outside (out of memory, say)
        yield from map(function, items[done:])
    finally:
        _WORK.pop()


def batches(order: list[int], costs: list[int], jobs: int) -> list[list[int]]:
    """``order`` cut into consecutive batches, each holding at least one item and about a
    ``2 * jobs``-th of the cost left (guided self-scheduling): large batches first, the last
    ones single items."""
    left = sum(costs)
    cut: list[list[int]] = []
    batch: list[int] = []
    share = 0
    for index, item_cost in zip(order, costs, strict=True):
        batch.append(index)
        share += item_cost
        if share * 2 * jobs >= left:
            cut.append(batch)
            left -= share
            batch, share = [], 0
    if batch:
        cut.append(batch)
    return cut


def _call(index: int) -> Any:
    function, items = _WORK[-1]
    return function(items[index])


def _call_batch(indices: list[int]) -> list[Any]:
    function, items = _WORK[-1]
    return [function(items[index]) for index in indices]
