"""Buffered inserts: COPY FROM puts its rows into the heap a page at a time
(access/heap/heap_multi_insert.py) instead of one heap_insert per row. INSERT inserts
row by row, as PostgreSQL's does (its WAL, which pg_walinspect shows, is then
PostgreSQL's: Heap INSERT records, not Heap2 MULTI_INSERT).

ModifyTable's INSERT loop (modify_table._run_insert) asks `buffer_for` whether its rows
may be buffered; if so it hands each row, after the row's NOT NULL and CHECK
constraints passed, to InsertBuffer.add instead of calling heap_insert. The buffer forms
the row's tuple at once (so an error about the row is raised while it is current) and
keeps it; when MAX_BUFFERED_TUPLES rows or MAX_BUFFERED_BYTES bytes are waiting, when
the target (a partition) changes, and at the end of the statement, `flush` inserts them
with one heap_multi_insert and then, row by row in the order they came, inserts the
index entries and queues the AFTER ROW trigger events, as the single-row path does.

When rows may not wait (PostgreSQL's CopyFrom falls back to single inserts for the same
reasons): nothing is buffered if the target is a view (INSTEAD OF triggers), the INSERT
has ON CONFLICT or RETURNING, COPY has a WHERE condition, the target has BEFORE ROW INSERT triggers (a trigger may
look at the rows inserted before its own), or an expression computing the new rows
could call a volatile function other than nextval (a volatile function may read the
table and must see the rows before its own). A partition with BEFORE ROW triggers gets
its rows one by one (`flush` first, then heap_insert), the others are buffered.

COPY's source rows can say where each row came from (`position()` -> a token;
`at_row(token)` makes errors name that row, `at_row(None)` goes back to the current
one): the buffer records each row's position and replays it while that row's index
entries are inserted, so a unique violation found at flush time names the row's input
line, as PostgreSQL's CopyMultiInsertBufferFlush does.

Entry points: buffer_for(plan, source_rows, row_filter, returning, conflicts, triggers, cid)
-> InsertBuffer
or None; InsertBuffer.add(target, indexes, triggers, values), .flush().

PostgreSQL: commands/copyfrom.c (CopyMultiInsertBuffer*, the CIM_SINGLE conditions in
CopyFrom), access/heap/heapam.c (heap_multi_insert).
Where we differ: PostgreSQL keeps up to 32 partitions' buffers at once; pgsnake flushes
when the target partition changes.
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.heap import heap_multi_insert
from pgsnake.optimizer import const_fold
from pgsnake.storage.buffer import buffer_strategy
from pgsnake.optimizer.plan_nodes import Plan
from pgsnake.parser.expression_nodes import Const, FuncExpr, OpExpr

MAX_BUFFERED_TUPLES = 1000       # copyfrom.c's limits
MAX_BUFFERED_BYTES = 65535
NEXTVAL_OID = 1574               # nextval(regclass): volatile, but it never reads the table


def buffer_for(plan, source_rows, row_filter, returning, conflicts, triggers, cid=None):
    """An InsertBuffer when this INSERT's rows may be buffered (module docstring), else
    None. The verdict on the plan's expressions is computed once per plan."""
    if source_rows is None:
        return None               # INSERT: row by row, as PostgreSQL (COPY FROM only)
    if plan.relation.relkind == "v" or conflicts is not None or returning is not None:
        return None
    if row_filter is not None:
        return None               # COPY ... WHERE: its condition may read the table
    if triggers.before_row_triggers:
        return None
    if may_call_volatile(plan, source_rows is not None):
        return None
    return InsertBuffer(source_rows, cid)


def may_call_volatile(plan, has_source_rows: bool) -> bool:
    cached = getattr(plan, "_multi_insert_volatile", None)
    if cached is None:
        roots = [plan.assignments] if has_source_rows else [plan.assignments, plan.child]
        cached = any(_volatile_in(root, set()) for root in roots)
        try:
            plan._multi_insert_volatile = cached
        except AttributeError:
            pass
    return cached


def _volatile_in(node, seen: set) -> bool:
    """A volatile function (nextval aside) anywhere in a plan or expression tree: plan
    nodes, expression nodes, and the lists, tuples and dicts that hold them."""
    if isinstance(node, (list, tuple)):
        return any(_volatile_in(item, seen) for item in node)
    if isinstance(node, dict):
        return any(_volatile_in(item, seen) for item in node.values())
    if type(node) is Const or not dataclasses.is_dataclass(node) or isinstance(node, type):
        return False
    if id(node) in seen:
        return False
    seen.add(id(node))
    if isinstance(node, FuncExpr):
        if node.volatility == "v" and node.function_oid != NEXTVAL_OID:
            return True
    elif isinstance(node, OpExpr):
        if const_fold.contains_volatile(node):      # the operator's function, or below
            return True
    elif not isinstance(node, Plan) and not type(node).__module__.startswith(
            ("pgsnake.parser.", "pgsnake.optimizer.", "pgsnake.executor.")):
        return False              # relations, catalog rows: no expressions inside
    for field in dataclasses.fields(node):
        if field.name in ("fn", "relation"):
            continue
        if _volatile_in(getattr(node, field.name, None), seen):
            return True
    return False


class InsertBuffer:
    """Rows waiting for one heap_multi_insert into one target relation."""

    def __init__(self, source_rows, cid=None) -> None:
        self.cid = cid                # the statement's command id (es_output_cid)
        self.position = getattr(source_rows, "position", None)
        self.at_row = getattr(source_rows, "at_row", None)
        self.target = None
        self.indexes = None
        self.triggers = None
        self.tuples: list[bytes] = []
        self.values: list[list] = []
        self.positions: list = []
        self.size = 0
        # COPY FROM's pages go through one BULKWRITE ring (CopyFrom's BulkInsertState),
        # so a big load does not push the rest of shared buffers out.
        self.strategy = buffer_strategy.get_access_strategy(buffer_strategy.BULKWRITE)

    def add(self, target, indexes, triggers, values: list) -> None:
        if target is not self.target:
            self.flush()
            self.target, self.indexes, self.triggers = target, indexes, triggers
        data = heap_multi_insert.prepare_tuple(target, values, self.cid)
        self.tuples.append(data)
        self.values.append(values)
        if self.position is not None:
            self.positions.append(self.position())
        self.size += len(data)
        if len(self.tuples) >= MAX_BUFFERED_TUPLES or self.size >= MAX_BUFFERED_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.tuples:
            return
        tuples, rows, positions = self.tuples, self.values, self.positions
        self.tuples, self.values, self.positions, self.size = [], [], [], 0
        tids = heap_multi_insert.insert_prepared(self.target, tuples, self.strategy)
        indexes, triggers = self.indexes, self.triggers
        if not indexes and not triggers.wants_after_rows:
            return
        for i, (values, tid) in enumerate(zip(rows, tids)):
            if positions:
                self.at_row(positions[i])
            if indexes:
                indexes.insert(values, tid)
            if triggers.wants_after_rows:
                triggers.after_row(None, values, tid)
        if positions:
            self.at_row(None)            # not reached after an error: it names its row
