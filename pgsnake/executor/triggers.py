"""Firing a table's triggers from INSERT, UPDATE, DELETE, TRUNCATE and COPY FROM.

TableTriggers(relation, operation, estate, updated_columns) picks the table's enabled
triggers for one command (tgenabled 'A' fires, 'D' does not, 'O' under
session_replication_role origin or local, 'R' under replica) and sorts them by timing and level,
each list in name order. ModifyTable then calls:
  * before_statement() once, before any row (even when no row qualifies);
  * before_row(old, new) for each row: a BEFORE ROW trigger's result replaces NEW (a
    changed row goes on to the next trigger and is what gets stored), NULL skips the
    row and the remaining triggers; for DELETE the row goes on unless one returns NULL;
  * instead_row(old, new) on a view: the INSTEAD OF triggers do the work, NULL
    meaning nothing happened;
  * after_row(old, new) for each changed row, and after_statement() at the end: these
    only queue events (after_trigger_queue.py), which fire when the statement ends.
A WHEN condition is analysed once per command with OLD as range-table entry 1 and NEW
as 2 (as PostgreSQL's trigger quals are), and a trigger whose condition is not true for
the row neither fires nor queues. UPDATE OF columns fire only when one of them is a
target of the UPDATE (PostgreSQL's modifiedCols test).

The trigger function is run by whichever language module registered a caller
(register_function_caller; pl/trigger_call.py), given a TriggerCall.

Entry points: TableTriggers, TriggerCall, register_function_caller(fn),
fire_truncate_triggers(relation, timing).

PostgreSQL: commands/trigger.c (ExecBRInsertTriggers, ExecARInsertTriggers,
ExecBSUpdateTriggers, ExecIRInsertTriggers, TriggerEnabled, ExecCallTriggerFunc,
ExecBSTruncateTriggers).
"""
from __future__ import annotations

import dataclasses
import time

from pgsnake.catalog import trigger_catalog as tc
from pgsnake.datatypes import functions
from pgsnake.executor import after_trigger_queue, foreign_keys
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

_EVENT_BITS = {"INSERT": tc.TYPE_INSERT, "UPDATE": tc.TYPE_UPDATE, "DELETE": tc.TYPE_DELETE,
               "TRUNCATE": tc.TYPE_TRUNCATE}
_caller = None


def register_function_caller(fn) -> None:
    """fn(TriggerCall) -> the function's result (a row as a list, None, or the
    language's own record); the language module registers itself."""
    global _caller
    _caller = fn


@dataclasses.dataclass
class TriggerCall:
    trigger: object              # the pg_trigger row
    relation: object
    operation: str               # INSERT, UPDATE, DELETE, TRUNCATE
    timing: str                  # BEFORE, AFTER, INSTEAD OF
    level: str                   # ROW, STATEMENT
    old: list | None = None
    new: list | None = None
    arguments: list = dataclasses.field(default_factory=list)
    transition_tables: dict = dataclasses.field(default_factory=dict)


def _call(trigger, relation, operation, old=None, new=None, transitions=None,
          counters=None):
    tgtype = trigger.tgtype
    call = TriggerCall(trigger, relation, operation, tc.timing_name(tgtype),
                       "ROW" if tgtype & tc.TYPE_ROW else "STATEMENT", old, new,
                       tc.arguments(trigger), transitions or {})
    if _caller is None:
        raise PgError("0A000", "triggers need a procedural language module")
    global _depth
    started = time.perf_counter() if counters is not None else 0.0   # (EXPLAIN ANALYZE only)
    _depth += 1
    _relations_in_use.append(relation.oid)
    try:
        return _caller(call)
    finally:
        _relations_in_use.pop()
        _depth -= 1
        if counters is not None:
            _count(counters, trigger, started)


# How many trigger functions are running now, one inside another (pg_trigger_depth()).
_depth = 0


def trigger_depth() -> int:
    return _depth


# The tables whose triggers are running now: the statements that fired them still have
# them open (PostgreSQL's relcache reference counts, which CheckTableNotInUse reads).
_relations_in_use: list[int] = []


def check_not_in_use(relation, command: str) -> None:
    """CheckTableNotInUse, for what a trigger can do to its own table (or a table a
    statement it fired is changing): 55006."""
    if relation.oid in _relations_in_use:
        raise PgError("55006", f'cannot {command} "{relation.name}" because it is being '
                               f'used by active queries in this session')


functions.register("pg_trigger_depth", [], 23, trigger_depth, oid=3163, volatility="s")


def _count(counters: dict, trigger, started: float) -> None:
    entry = counters.setdefault(trigger.oid, [trigger, 0, 0.0])
    entry[1] += 1
    entry[2] += (time.perf_counter() - started) * 1000.0


def _counters_of(estate):
    """EXPLAIN ANALYZE's per-trigger counters (calls, time) in the executor state, or
    None when not explaining."""
    instrumentation = getattr(estate, "instrumentation", None)
    if instrumentation is None:
        return None
    return instrumentation.setdefault("triggers", {})


def explain_lines(instrumentation: dict, timing: bool) -> list[str]:
    """EXPLAIN ANALYZE's 'Trigger name: time=... calls=N' lines, in trigger name order
    ('Trigger for constraint name' for a constraint's trigger; ExplainPrintTriggers)."""
    from pgsnake.catalog import catalog_cache
    counters = instrumentation.get("triggers") or {}
    lines = []
    for trigger, calls, ms in sorted(counters.values(), key=lambda e: e[0].tgname.encode()):
        name = f"Trigger {trigger.tgname}"
        if trigger.tgconstraint:
            conname = next((c.conname for c in catalog_cache.scan_catalog("pg_constraint")
                            if c.oid == trigger.tgconstraint), None)
            if conname is not None:
                name = f"Trigger for constraint {conname}"
        lines.append(f"{name}: time={ms:.3f} calls={calls}" if timing
                     else f"{name}: calls={calls}")
    return lines


def trigger_enabled(row) -> bool:
    """tgenabled 'A' always fires, 'D' never; 'O' unless session_replication_role is
    replica, 'R' only then (TriggerEnabled's SessionReplicationRole test)."""
    if row.tgenabled in ("A", "D"):
        return row.tgenabled == "A"
    replica = settings.get("session_replication_role") == "replica"
    return (row.tgenabled == "R") == replica


class TableTriggers:
    """The triggers one command on one table fires."""

    __slots__ = ("relation", "operation", "estate", "before_row_triggers",
                 "after_row_triggers", "instead_row_triggers", "before_statement_triggers",
                 "after_statement_triggers", "_quals", "old_rows", "new_rows",
                 "wants_after_rows", "_partition_membership")

    def __init__(self, relation, operation: str, estate=None, updated_columns=None) -> None:
        self.relation = relation
        self.operation = operation
        self.estate = estate
        self._quals: dict = {}
        self._partition_membership = False      # (not yet looked up)
        bit = _EVENT_BITS[operation]
        rows = [r for r in tc.triggers_of(relation.oid)
                if r.tgtype & bit and trigger_enabled(r)
                and not (operation == "UPDATE" and r.tgattr and updated_columns is not None
                         and not set(r.tgattr) & set(updated_columns))]
        self.before_row_triggers = [r for r in rows if r.tgtype & tc.TYPE_ROW and r.tgtype & tc.TYPE_BEFORE]
        self.instead_row_triggers = [r for r in rows if r.tgtype & tc.TYPE_INSTEAD]
        # (A deferrable constraint's recheck trigger is queued by the index
        # insertion that may conflict: executor/unique_recheck.py.)
        self.after_row_triggers = [r for r in rows if r.tgtype & tc.TYPE_ROW
                          and not r.tgtype & (tc.TYPE_BEFORE | tc.TYPE_INSTEAD)
                          and not tc.is_unique_recheck(r)]
        self.before_statement_triggers = [r for r in rows if not r.tgtype & tc.TYPE_ROW
                                          and r.tgtype & tc.TYPE_BEFORE]
        self.after_statement_triggers = [r for r in rows if not r.tgtype & tc.TYPE_ROW
                                         and not r.tgtype & tc.TYPE_BEFORE]
        # Transition tables: every changed row of the statement, kept when an AFTER
        # trigger of this command names one (PostgreSQL's AfterTriggersTableData).
        after = self.after_row_triggers + self.after_statement_triggers
        self.old_rows = [] if any(r.tgoldtable for r in after) else None
        self.new_rows = [] if any(r.tgnewtable for r in after) else None
        # ModifyTable calls after_row for each changed row when this is true.
        self.wants_after_rows = bool(self.after_row_triggers or self.old_rows is not None
                                     or self.new_rows is not None)

    def __bool__(self) -> bool:
        return bool(self.before_row_triggers or self.after_row_triggers or self.instead_row_triggers
                    or self.before_statement_triggers or self.after_statement_triggers)

    # -- WHEN ----------------------------------------------------------------------------

    def _qualifies(self, trigger, old, new) -> bool:
        if not trigger.tgqual:
            return True
        test = self._quals.get(trigger.oid)
        if test is None:
            test = self._quals[trigger.oid] = _compile_qual(self.relation, trigger.tgqual)
        natts = len(self.relation.attributes)
        row = list(old if old is not None else [None] * natts) + \
            list(new if new is not None else [None] * natts)
        row.append(self.relation.oid)        # tableoid (_compile_qual)
        return test(row, self.estate) is True

    # -- statement level -----------------------------------------------------------------

    def before_statement(self) -> None:
        if not self.before_statement_triggers or not after_trigger_queue.\
                first_before_statement((self.relation.oid, self.operation)):
            return                 # once per query level (an RI statement joins its host's)
        for trigger in self.before_statement_triggers:
            _call(trigger, self.relation, self.operation, counters=_counters_of(self.estate))

    def after_statement(self) -> None:
        for trigger in self.after_statement_triggers:
            _queue(trigger, self.relation, self.operation, None, None,
                   self._transitions(trigger), (trigger.oid, self.operation),
                   _counters_of(self.estate))

    # -- row level -----------------------------------------------------------------------

    def before_row(self, old: list | None, new: list | None):
        """The row to store (NEW as the triggers left it; OLD for DELETE), or None to
        skip it."""
        for trigger in self.before_row_triggers:
            if not self._qualifies(trigger, old, new):
                continue
            result = _call(trigger, self.relation, self.operation, old, new,
                           counters=_counters_of(self.estate))
            if result is None:
                return None
            if self.operation != "DELETE":
                new = self._as_row(result)
                if self.operation == "INSERT" and trigger.tgparentid:
                    self._check_still_in_partition(trigger, new)
        return new if self.operation != "DELETE" else old

    def _check_still_in_partition(self, trigger, new: list) -> None:
        """A partitioned table's trigger cloned onto the partition the row was routed
        to may not change it so that it belongs elsewhere (ExecBRInsertTriggers)."""
        from pgsnake.executor import partition_routing
        if self._partition_membership is False:
            self._partition_membership = partition_routing.partition_membership(
                self.relation, self.estate)
        belongs = self._partition_membership
        if belongs is not None and not belongs(new):
            raise PgError("0A000", "moving row to another partition during a BEFORE FOR "
                          "EACH ROW trigger is not supported",
                          detail=f'Before executing trigger "{trigger.tgname}", the row was '
                                 f'to be in partition "{self.relation.namespace_name}.'
                                 f'{self.relation.name}".')

    def instead_row(self, old: list | None, new: list | None):
        """INSTEAD OF ROW on a view: the row the triggers say they stored, or None."""
        result = new if self.operation != "DELETE" else old
        for trigger in self.instead_row_triggers:
            if not self._qualifies(trigger, old, new):
                continue
            result = _call(trigger, self.relation, self.operation, old, new,
                           counters=_counters_of(self.estate))
            if result is None:
                return None
            if self.operation != "DELETE":
                new = result = self._as_row(result)
        return result

    def after_row(self, old: list | None, new: list | None, new_tid=None,
                  old_tid=None, user_triggers: bool = True) -> None:
        """Queue the AFTER ROW events of a changed row (`new_tid`: where its new
        version is, which a foreign-key check looks at again when it fires; `old_tid`:
        where the version an UPDATE replaced is). `user_triggers` False: only the
        foreign keys' (an UPDATE that moved the row to another partition fires the
        DELETE and INSERT row triggers instead, ExecCrossPartitionUpdate)."""
        self.capture(old, new)
        for trigger in self.after_row_triggers:
            if tc.is_ri_trigger(trigger):
                if foreign_keys.event_required(trigger, self.relation, self.operation,
                                               old, new, old_tid):
                    _queue_ri(trigger, self.relation, self.operation, old, new, new_tid,
                              _counters_of(self.estate))
            elif user_triggers and self._qualifies(trigger, old, new):
                _queue(trigger, self.relation, self.operation,
                       list(old) if old is not None else None,
                       list(new) if new is not None else None, self._transitions(trigger),
                       counters=_counters_of(self.estate))

    def capture(self, old: list | None, new: list | None) -> None:
        """Keep a changed row for the transition tables, in this table's layout. A
        statement on a partitioned or inheritance parent also captures the rows its
        partitions and children changed, converted to the parent's layout (PostgreSQL's
        TransitionCaptureState), though only the child's own row triggers fire for them."""
        if self.old_rows is not None and old is not None:
            self.old_rows.append(list(old))
        if self.new_rows is not None and new is not None:
            self.new_rows.append(list(new))

    def _transitions(self, trigger) -> dict:
        """The trigger's transition tables by name (their rows fill up until it fires)."""
        if not (trigger.tgoldtable or trigger.tgnewtable):
            return {}
        from pgsnake.parser.transition_tables import TransitionTable
        live = [a for a in self.relation.attributes if not a.is_dropped]
        columns = [(a.name, a.type_oid, a.typmod) for a in live]
        positions = [a.attnum - 1 for a in live]
        tables = {}
        if trigger.tgoldtable:
            tables[trigger.tgoldtable] = TransitionTable(trigger.tgoldtable, columns,
                                                         positions, self.old_rows)
        if trigger.tgnewtable:
            tables[trigger.tgnewtable] = TransitionTable(trigger.tgnewtable, columns,
                                                         positions, self.new_rows)
        return tables

    def _as_row(self, result) -> list:
        values = list(result)
        natts = len(self.relation.attributes)
        if len(values) != natts:
            raise PgError("42804", "returned row structure does not match the structure "
                                   "of the triggering table",
                          detail="Number of returned columns "
                                 f"({len(values)}) does not match expected column count "
                                 f"({natts}).")
        return values


def _queue(trigger, relation, operation, old, new, transitions=None,
           statement_key=None, counters=None) -> None:
    def event():
        _call(trigger, relation, operation, old, new, transitions, counters)
    constraint = trigger.tgconstraint
    after_trigger_queue.queue(event, trigger.tgdeferrable, trigger.tginitdeferred, constraint,
                              statement_key)


def _queue_ri(trigger, relation, operation, old, new, new_tid, counters=None) -> None:
    """A foreign key's RI trigger event. A check whose row is gone by the time it fires
    (deleted or updated again by this transaction) is skipped, as RI_FKey_check does
    with SnapshotSelf. Only this transaction can have changed a row it wrote, and only
    with a command after the one that wrote it: when no command ran since but the
    statement-end increment, the row is there without looking (the common case, and
    a heap fetch and snapshot per row saved)."""
    from pgsnake.access.transam import xact
    old = list(old) if old is not None else None
    new = list(new) if new is not None else None
    check_row = new_tid is not None and trigger.tgrelid == relation.oid and _is_check(trigger)
    written_by = xact.current_command_id()

    def event():
        if check_row and xact.current_command_id() > written_by + 1 \
                and not _row_still_there(relation, new_tid):
            return
        # Its statement's events join the level being fired (SPI without its own
        # AfterTriggerBeginQuery, as ri_triggers.c runs it).
        started = time.perf_counter()
        with after_trigger_queue.merge_next_query():
            foreign_keys.run_ri_trigger(trigger, relation, operation, old, new)
        if counters is not None:
            _count(counters, trigger, started)
    after_trigger_queue.queue(event, trigger.tgdeferrable, trigger.tginitdeferred,
                              trigger.tgconstraint)


def _is_check(trigger) -> bool:
    return trigger.tgname.startswith("RI_ConstraintTrigger_c_")


def _row_still_there(relation, tid) -> bool:
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    return heapam.heap_fetch(relation, tid, xact.get_transaction_snapshot()) is not None


def _compile_qual(relation, text: str):
    """The WHEN condition, analysed with OLD as entry 1 and NEW as entry 2."""
    from pgsnake.executor.expression_eval import compile_expression
    from pgsnake.parser.expression_nodes import TABLE_OID_ATTNUM
    from pgsnake.parser import raw_parser
    from pgsnake.parser.trigger_when import analyze_when
    raw = raw_parser.parse_sql(f"SELECT {text}")[0]
    node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    expr = analyze_when(relation, node, raw.source)
    natts = len(relation.attributes)
    layout = {("var", 1, a.attnum): a.attnum - 1 for a in relation.attributes}
    layout.update({("var", 2, a.attnum): natts + a.attnum - 1 for a in relation.attributes})
    # OLD.tableoid / NEW.tableoid: the table's OID, after the two rows (_qualifies)
    layout[("var", 1, TABLE_OID_ATTNUM)] = layout[("var", 2, TABLE_OID_ATTNUM)] = 2 * natts
    return compile_expression(expr, layout)


def _view_code(plan):
    """(SET expressions by attnum over the scan row, RETURNING over the trigger's row
    followed by the scan row) of an UPDATE / DELETE on a view."""
    from pgsnake.executor.expression_eval import compile_expression, layout_of
    scan_layout = layout_of(plan.scan_keys)
    assignments = {attnum: compile_expression(e, scan_layout)
                   for attnum, e in plan.assignments.items()}
    natts = len(plan.relation.attributes)
    layout = {("var", plan.rtindex, a.attnum): a.attnum - 1 for a in plan.relation.attributes}
    layout.update({key: natts + i for key, i in scan_layout.items()})
    returning = [compile_expression(e, layout) for e in plan.returning]
    return assignments, returning


def run_view_update_or_delete(plan, state, execute_plan) -> tuple[int, list]:
    """UPDATE / DELETE on a view through its INSTEAD OF ROW triggers: each row of the
    view's copy (plan.instead_of_source) is OLD; for UPDATE, NEW is OLD with the SET
    expressions applied. A row counts when the triggers return non-NULL, and RETURNING
    is computed from what they return; an UPDATE's new row is checked against the
    WITH CHECK OPTIONs of the updatable views it came through (ExecUpdate / ExecDelete's INSTEAD OF branch)."""
    from pgsnake.executor.expression_eval import layout_of
    from pgsnake.executor.plan_state import compiled_for
    relation = plan.relation
    is_update = plan.operation == "UPDATE"
    assignment_fns, returning = compiled_for(plan, _view_code)
    layout = layout_of(plan.scan_keys)
    source = plan.instead_of_source
    positions = [layout[("var", source, a.attnum)] for a in relation.attributes]
    triggers = TableTriggers(relation, plan.operation, state,
                             list(plan.assignments) if is_update else None)
    checks = None
    if is_update and plan.check_options:    # of updatable views above this one
        from pgsnake.executor.constraint_checks import TableChecks
        checks = TableChecks(relation, state, plan.check_options)
    triggers.before_statement()
    count, out = 0, []
    for row in list(execute_plan(plan.child, state)):
        old = [row[p] for p in positions]
        new = None
        if is_update:
            new = list(old)
            for attnum, fn in assignment_fns.items():
                new[attnum - 1] = fn(row, state)
        result = triggers.instead_row(old, new)
        if result is None:
            continue
        if checks is not None:
            checks.check(list(result))
        count += 1
        if returning:
            returned = list(result) + list(row)
            out.append([f(returned, state) for f in returning])
    triggers.after_statement()
    return count, out


def fire_truncate_triggers(relation, timing: str) -> None:
    """TRUNCATE's statement triggers: BEFORE now; AFTER through the queue."""
    for trigger in tc.triggers_of(relation.oid):
        if not trigger.tgtype & tc.TYPE_TRUNCATE or not trigger_enabled(trigger):
            continue
        if tc.timing_name(trigger.tgtype) != timing:
            continue
        if timing == "BEFORE":
            _call(trigger, relation, "TRUNCATE")
        else:
            _queue(trigger, relation, "TRUNCATE", None, None)

