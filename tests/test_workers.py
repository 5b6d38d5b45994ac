"""The worker pool gives map's results in order, also when a worker dies under it."""

from __future__ import annotations

import os

import pytest

from boce_lint.run.workers import can_fork, parallel_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked")


def test_results_in_order_from_two_workers():
    parent = os.getpid()
    pids = list(parallel_map(lambda n: os.getpid(), range(40), jobs=2))
    assert parent not in pids
    assert list(parallel_map(lambda n: n * n, range(40), jobs=2, chunksize=3)) == \
        [n * n for n in range(40)]


def test_a_killed_worker_costs_time_not_results():
    parent = os.getpid()

    def square_or_die(n: int) -> int:
        if n == 7 and os.getpid() != parent:
            os._exit(9)  # as the out-of-memory killer would end it
        return n * n

    assert list(parallel_map(square_or_die, range(20), jobs=2)) == [n * n for n in range(20)]


def test_small_work_stays_in_this_process():
    parent = os.getpid()
    assert list(parallel_map(lambda n: os.getpid(), range(3), jobs=2, min_items=8)) == \
        [parent] * 3



def test_the_costliest_items_go_first_and_results_come_in_order():
    """With a cost, items are handed out costliest first; the results still come in order,
    also when a worker dies under them."""
    import time

    started = list(parallel_map(lambda n: (n, time.monotonic()), range(12), jobs=2,
                                cost=lambda n: n % 5))
    assert [n for n, _ in started] == list(range(12))
    assert max(started[4][1], started[9][1]) <= min(t for n, t in started if n % 5 == 0)
    parent = os.getpid()

    def square_or_die(n: int) -> int:
        if n == 3 and os.getpid() != parent:
            os._exit(9)
        return n * n

    assert list(parallel_map(square_or_die, range(12), jobs=2, cost=lambda n: n % 5)) == \
        [n * n for n in range(12)]


def test_items_go_out_in_batches_that_shrink_to_single_items():
    """Hundreds of arrangements are handed out in a few dozen batches: each item once, in
    the order given, the first batches large, the last ones single items."""
    from boce_lint.run.workers import batches

    costs = sorted(((n * 37) % 50 + 5 for n in range(342)), reverse=True)
    cut = batches(list(range(342)), costs, jobs=2)
    assert [i for batch in cut for i in batch] == list(range(342))
    assert len(cut) < 40
    assert len(cut[0]) > 20 and [len(batch) for batch in cut[-3:]] == [1, 1, 1]
    assert sum(costs[i] for i in cut[0]) <= sum(costs) / 4 + max(costs)
