"""The active snapshot: the snapshot of the query whose plan is running now.

While a portal's plan runs (a batch fetched, a modifying statement run to its end) its
snapshot is pushed here, so that the statements of a stable or immutable function it
calls read with the calling query's snapshot (SPI's read_only execution), not a fresh
one: a FETCH from a cursor after more rows were inserted still shows, through such a
function, what the cursor's snapshot sees. A volatile function's statements take a new
snapshot each (READ COMMITTED), and push theirs in turn while they run.

Invariant: pushes and pops pair up (`running(snapshot)` is a context manager); an error
unwinds them. `current()` is None when no plan runs (tcop between statements).

Entry points: running(snapshot), current() -> Snapshot | None.

PostgreSQL: utils/time/snapmgr.c (PushActiveSnapshot, PopActiveSnapshot,
GetActiveSnapshot, ActiveSnapshotSet); tcop/pquery.c (PortalRunSelect pushes the
portal's snapshot), executor/spi.c (_SPI_execute_plan: read_only uses the active one).
"""
from __future__ import annotations

import contextlib

_stack: list = []


@contextlib.contextmanager
def running(snapshot):
    """`snapshot` is the active one for the duration (None: leave the stack as it is)."""
    if snapshot is None:
        yield
        return
    _stack.append(snapshot)
    try:
        yield
    finally:
        _stack.pop()


def current():
    return _stack[-1] if _stack else None
