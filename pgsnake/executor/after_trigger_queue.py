"""The after-trigger event queue: AFTER ROW and AFTER STATEMENT triggers fire at the end
of the statement that caused them, or, for a deferred constraint trigger, at commit.

A statement that changes a table opens a query level (begin_query) and, when its rows
are done, closes it (end_query): the events queued at that level then fire in the order
they were queued (for each row, its triggers in name order; the AFTER STATEMENT
triggers after the rows). An event whose trigger is deferred (DEFERRABLE INITIALLY
DEFERRED, or SET CONSTRAINTS ... DEFERRED) waits in the transaction's deferred list
instead, and fires at COMMIT (the 'pre_commit' transaction callback), or when SET
CONSTRAINTS ... IMMEDIATE names it. Statements that trigger functions run open their
own levels, so their events fire before the outer statement's go on.

An aborted savepoint forgets the deferred events queued inside it; an aborted
transaction forgets them all.

Entry points: begin_query(), end_query(fire=True), queue(event, deferrable,
initially_deferred, constraint_oid), set_constraints(oids or None, deferred),
fire_deferred().
An event is any callable taking no argument (executor/triggers.py makes them).

PostgreSQL: commands/trigger.c (AfterTriggerBeginQuery, AfterTriggerEndQuery,
AfterTriggerSaveEvent, afterTriggerInvokeEvents, AfterTriggerFireDeferred,
AfterTriggerSetState, AfterTriggerEndSubXact).
"""
from __future__ import annotations

from pgsnake.access.transam import xact

_levels: list[list] = []          # events of each open query level, innermost last
_deferred: list = []              # (depth, constraint oid, event)
_all_deferred: bool | None = None  # SET CONSTRAINTS ALL ...; None: each trigger's default
_by_constraint: dict[int, bool] = {}   # SET CONSTRAINTS name ...: oid -> deferred


def begin_query() -> None:
    _levels.append([])


def end_query(fire: bool = True) -> None:
    """Close the innermost level and fire its events (fire=False: it failed)."""
    events = _levels.pop()
    if not fire:
        return
    if events:
        # The statement's own changes must be visible to what its triggers run.
        xact.command_counter_increment()
    for event in events:
        event()


def is_deferred(constraint_oid: int, deferrable: bool, initially_deferred: bool) -> bool:
    if not deferrable:
        return False
    if constraint_oid in _by_constraint:
        return _by_constraint[constraint_oid]
    if _all_deferred is not None:
        return _all_deferred
    return initially_deferred


def queue(event, deferrable: bool = False, initially_deferred: bool = False,
          constraint_oid: int = 0) -> None:
    _ensure_callbacks()
    if is_deferred(constraint_oid, deferrable, initially_deferred):
        _deferred.append((xact.subtransaction_depth(), constraint_oid, event))
    elif _levels:
        _levels[-1].append(event)
    else:
        event()


def set_constraints(constraint_oids: list[int] | None, deferred: bool) -> None:
    """SET CONSTRAINTS {ALL | oids} {DEFERRED | IMMEDIATE}. Making constraints
    IMMEDIATE fires their deferred events now."""
    global _all_deferred
    _ensure_callbacks()
    if constraint_oids is None:
        _all_deferred = deferred
        _by_constraint.clear()
    else:
        for oid in constraint_oids:
            _by_constraint[oid] = deferred
    if not deferred:
        _fire_where(lambda oid: constraint_oids is None or oid in constraint_oids)


def _fire_where(selected) -> None:
    while True:
        index = next((i for i, (_d, oid, _e) in enumerate(_deferred) if selected(oid)), None)
        if index is None:
            return
        _depth, _oid, event = _deferred.pop(index)
        xact.command_counter_increment()
        event()


def fire_deferred() -> None:
    """At commit: every deferred event, in queue order (events they cause too)."""
    _fire_where(lambda oid: True)


def _reset() -> None:
    global _all_deferred
    _levels.clear()
    _deferred.clear()
    _all_deferred = None
    _by_constraint.clear()


def _transaction_callback(event: str) -> None:
    if event == "pre_commit":
        fire_deferred()
        _reset()
    elif event in ("abort", "prepare", "commit"):
        _reset()


def _subtransaction_callback(event: str, depth: int) -> None:
    if event == "abort":
        _deferred[:] = [entry for entry in _deferred if entry[0] < depth]


_registered = False


def _ensure_callbacks() -> None:
    global _registered
    if not _registered:
        _registered = True
        xact.register_callback(_transaction_callback)
        xact.register_subxact_callback(_subtransaction_callback)
