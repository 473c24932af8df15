"""The after-trigger event queue: AFTER ROW and AFTER STATEMENT triggers fire at the end of
the statement that caused them, or, for a deferred constraint trigger, at commit.

A statement that changes a table opens a query level (begin_query) and, when its rows
are done, closes it (end_query): the events queued at that level then fire in the order
they were queued (for each row, its triggers in name order; the AFTER STATEMENT
triggers after the rows). Statements that trigger functions run open their own levels,
so their events fire before the outer statement's go on. An event whose trigger is
deferred (DEFERRABLE INITIALLY DEFERRED, or SET CONSTRAINTS ... DEFERRED) waits in the
transaction's deferred list instead, and fires at COMMIT or PREPARE TRANSACTION (the
'pre_commit' / 'pre_prepare' transaction callbacks), or when SET CONSTRAINTS ...
IMMEDIATE names it.

A foreign key's RI trigger runs its statement inside the level being fired
(merge_next_query; PostgreSQL's SPI with fire_triggers = false): the events that
statement queues join the end of the list being fired. Within one level a table's
BEFORE STATEMENT triggers for one event fire once, and its AFTER STATEMENT event is
queued once, moved to the end when queued again (before_statement_fired,
cancel_prior_stmt_triggers).

An aborted savepoint forgets the deferred events queued inside it; an aborted
transaction forgets them all.

Entry points: begin_query(), end_query(fire=True), queue(event, deferrable,
initially_deferred, constraint_oid, statement_key), first_before_statement(key),
merge_next_query() (a context manager), set_constraints(oids or None, deferred),
fire_deferred().
An event is any callable taking no argument (executor/triggers.py makes them).

PostgreSQL: commands/trigger.c (AfterTriggerBeginQuery, AfterTriggerEndQuery,
AfterTriggerSaveEvent, afterTriggerInvokeEvents, AfterTriggerFireDeferred,
AfterTriggerSetState, AfterTriggerEndSubXact, before_stmt_triggers_fired,
cancel_prior_stmt_triggers), utils/adt/ri_triggers.c (ri_PerformCheck's SPI call).
"""
from __future__ import annotations

import contextlib

from pgsnake.access.transam import xact


class _Level:
    """One query level's events; a cancelled statement event is None."""
    __slots__ = ("events", "before_statement_fired", "statement_events", "merged")

    def __init__(self, merged: bool = False) -> None:
        self.events: list = []
        self.before_statement_fired: set = set()
        self.statement_events: dict = {}       # (table oid, event) -> index in events
        self.merged = merged                   # an RI statement's: fired by its host


_levels: list[_Level] = []        # open query levels, innermost last
_firing: list[_Level] = []        # levels whose events are being fired, innermost last
_merge_next = False
_deferred: list = []              # (depth, constraint oid, event)
_all_deferred: bool | None = None  # SET CONSTRAINTS ALL ...; None: each trigger's default
_by_constraint: dict[int, bool] = {}   # SET CONSTRAINTS name ...: oid -> deferred


def begin_query() -> None:
    global _merge_next
    if _merge_next and _firing:
        _merge_next = False
        _levels.append(_firing[-1])            # join the level being fired
        return
    _levels.append(_Level())


def end_query(fire: bool = True) -> None:
    """Close the innermost level and fire its events (fire=False: it failed)."""
    level = _levels.pop()
    if not fire or (_firing and level is _firing[-1]):
        return                     # failed, or merged: its host's loop fires the events
    _fire_level(level)


def _fire_level(level: _Level) -> None:
    if not level.events:
        return
    # The statement's own changes must be visible to what its triggers run.
    xact.command_counter_increment()
    _firing.append(level)
    try:
        index = 0
        while index < len(level.events):       # events queued meanwhile fire too
            event = level.events[index]
            index += 1
            if event is not None:
                event()
    finally:
        _firing.pop()


@contextlib.contextmanager
def merge_next_query():
    """The next statement (an RI trigger's) runs inside the level being fired."""
    global _merge_next
    _merge_next = True
    try:
        yield
    finally:
        _merge_next = False


def first_before_statement(key) -> bool:
    """Whether the BEFORE STATEMENT triggers of `key` (table oid, event) should fire:
    only once per query level."""
    if not _levels:
        return True
    fired = _levels[-1].before_statement_fired
    if key in fired:
        return False
    fired.add(key)
    return True


def is_deferred(constraint_oid: int, deferrable: bool, initially_deferred: bool) -> bool:
    if not deferrable:
        return False
    if constraint_oid in _by_constraint:
        return _by_constraint[constraint_oid]
    if _all_deferred is not None:
        return _all_deferred
    return initially_deferred


def queue(event, deferrable: bool = False, initially_deferred: bool = False,
          constraint_oid: int = 0, statement_key=None) -> None:
    """`statement_key`: (table oid, event) of an AFTER STATEMENT event, queued once per
    level (a repeated one moves to the end)."""
    _ensure_callbacks()
    if is_deferred(constraint_oid, deferrable, initially_deferred):
        _deferred.append((xact.subtransaction_depth(), constraint_oid, event))
    elif _levels:
        level = _levels[-1]
        if statement_key is not None:
            prior = level.statement_events.get(statement_key)
            if prior is not None:
                level.events[prior] = None
            level.statement_events[statement_key] = len(level.events)
        level.events.append(event)
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
        level = _Level()
        level.events.append(event)
        _levels.append(level)          # what the event's RI statements queue fires too
        try:
            _fire_level(level)
        finally:
            _levels.pop()


def fire_deferred() -> None:
    """At commit: every deferred event, in queue order (events they cause too)."""
    _fire_where(lambda oid: True)


def _reset() -> None:
    global _all_deferred, _merge_next
    _levels.clear()
    _firing.clear()
    _deferred.clear()
    _all_deferred = None
    _merge_next = False
    _by_constraint.clear()


def _transaction_callback(event: str) -> None:
    if event in ("pre_commit", "pre_prepare"):
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
