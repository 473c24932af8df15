"""WHERE CURRENT OF cursor: which row of a table the cursor is on.

A cursor names the row it is on through ctids it carries as resjunk columns of its rows:
- FOR UPDATE / SHARE cursors: LockRows' junk ctid (and tableoid) of each locked table;
  the table must have exactly one such mark (24000 otherwise).
- other cursors: `add_cursor_ctids` gives their query, when it is a plain scan (no
  grouping, DISTINCT, set operation or window), a junk ctid and tableoid per table in
  FROM at DECLARE. The plan must then read the table by one scan reached only through
  Limit, Result, Append, Merge Append and Subquery Scan nodes (a "simply updatable
  scan"; 24000 otherwise), as PostgreSQL's search_plan_tree.
The cursor must be on a row (24000 "is not positioned on a row" before the first or
after the last), exist (34000), be a SELECT and not be held from a finished transaction
(24000). A table of an inheritance tree the cursor's row is not from matches no row.

Entry points: register_cursor_lookup(fn) (tcop: name -> its Portal or None);
add_cursor_ctids(query) -> {rtindex: (ctid position, tableoid position)} (a cursor's
PreparedStatement, before planning); compile_current_tid(expr) (a Tid Scan's CURRENT
OF); the expression builder for
parser.current_of.CurrentOfExpr (registered on import).

PostgreSQL: executor/execCurrent.c (execCurrentOf, search_plan_tree),
nodeTidscan.c (TidListEval's CURRENT OF).
"""
from __future__ import annotations

from pgsnake.executor import expression_eval
from pgsnake.optimizer.ordered_append import MergeAppend
from pgsnake.optimizer.plan_nodes import (Append, BitmapHeapScan, IndexScan, Limit, LockRows,
                                          Result, SeqScan, SubqueryScan, TidRangeScan,
                                          TidScan)
from pgsnake.parser.current_of import CurrentOfExpr
from pgsnake.parser.expression_nodes import (SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM,
                                             FuncExpr, Var, walk)
from pgsnake.parser.query import TargetEntry
from pgsnake.utils.errors import PgError

INVALID_CURSOR_STATE = "24000"
INVALID_CURSOR_NAME = "34000"
TID_OID, OID_OID = 27, 26

_cursor_lookup = None


def register_cursor_lookup(lookup) -> None:
    """tcop's session: lookup(name) -> the cursor's Portal, or None."""
    global _cursor_lookup
    _cursor_lookup = lookup


# -- DECLARE: the junk columns -------------------------------------------------------------

def add_cursor_ctids(query) -> dict:
    """Add a junk ctid and tableoid column per table of a cursor's plain query; returns
    rtindex -> (ctid position, tableoid position) in its rows. A query whose rows are
    not rows of its tables (grouped, DISTINCT, set operation, window, row locks: those
    carry their own) gets none."""
    if (query.command_type != "SELECT" or query.set_operation is not None
            or query.has_aggregates or query.group_by or query.grouping_sets
            or query.having is not None or query.distinct or query.distinct_on
            or query.has_window_functions or query.row_marks
            or any(isinstance(node, FuncExpr) and getattr(node, "returns_set", False)
                   for entry in query.target_list for node in walk(entry.expr))):
        return {}
    positions = {}
    for rtindex, rte in enumerate(query.range_table, start=1):
        if rte.kind != "relation" or rte.relation is None or rte.relation.relkind == "v":
            continue
        base = len(query.target_list)
        alias = rte.alias
        query.target_list.append(TargetEntry(
            Var(rtindex, SELF_ITEM_POINTER_ATTNUM, TID_OID, -1, "ctid", alias), "ctid",
            resjunk=True))
        query.target_list.append(TargetEntry(
            Var(rtindex, TABLE_OID_ATTNUM, OID_OID, -1, "tableoid", alias), "tableoid",
            resjunk=True))
        positions[rtindex] = (base, base + 1)
    return positions


# -- the cursor's current row ----------------------------------------------------------------

def _lock_rows(plan):
    while isinstance(plan, Limit):
        plan = plan.child
    return plan if isinstance(plan, LockRows) else None


def _scans_of(plan, table_oid: int) -> list:
    """The scans of `table_oid` reachable through nodes that return their input's current
    row (search_plan_tree)."""
    if isinstance(plan, (SeqScan, IndexScan, BitmapHeapScan, TidScan, TidRangeScan)):
        relation = plan.relation
        return [plan] if relation is not None and relation.oid == table_oid else []
    if isinstance(plan, (Append, MergeAppend, Result, Limit, SubqueryScan)):
        found = []
        for child in plan.children():
            if child is not None:
                found.extend(_scans_of(child, table_oid))
        return found
    return []


def _not_positioned(name: str) -> PgError:
    return PgError(INVALID_CURSOR_STATE, f'cursor "{name}" is not positioned on a row')


def current_tid(name: str, relation):
    """The ctid of the row of `relation` cursor `name` is on; None when the cursor's row
    is not from this table (another member of its inheritance tree)."""
    portal = _cursor_lookup(name) if _cursor_lookup is not None else None
    if portal is None:
        raise PgError(INVALID_CURSOR_NAME, f'cursor "{name}" does not exist')
    statement = portal.statement
    plan = getattr(statement, "plan", None)
    if getattr(statement, "command_kind", None) != "SELECT" or plan is None:
        raise PgError(INVALID_CURSOR_STATE, f'cursor "{name}" is not a SELECT query')
    if portal.persisted:
        raise PgError(INVALID_CURSOR_STATE,
                      f'cursor "{name}" is held from a previous transaction')
    table_oid = relation.oid
    lock_rows = _lock_rows(plan)
    if lock_rows is not None:
        marks = [m for m in lock_rows.row_marks
                 if m.kind == "lock" and m.relation is not None
                 and (m.relation.oid == table_oid or _inherits(table_oid, m.relation.oid))]
        if len(marks) > 1:
            raise PgError(INVALID_CURSOR_STATE, f'cursor "{name}" has multiple FOR UPDATE/SHARE '
                                                f'references to table "{relation.name}"')
        if not marks:
            raise PgError(INVALID_CURSOR_STATE, f'cursor "{name}" does not have a FOR '
                                                f'UPDATE/SHARE reference to table "{relation.name}"')
        row = portal.current_row()
        if row is None:
            raise _not_positioned(name)
        mark = marks[0]
        if len(mark.junk) > 1 and row[mark.junk[1]] not in (None, table_oid):
            return None
        return row[mark.junk[0]]
    scans = _scans_of(plan, table_oid)
    positions = getattr(statement, "cursor_ctids", {})
    if len(scans) != 1 or scans[0].rtindex not in positions:
        raise PgError(INVALID_CURSOR_STATE, f'cursor "{name}" is not a simply updatable '
                                            f'scan of table "{relation.name}"')
    row = portal.current_row()
    if row is None:
        raise _not_positioned(name)
    ctid_at, oid_at = positions[scans[0].rtindex]
    if row[oid_at] != table_oid:
        return None
    return row[ctid_at]


def _inherits(child_oid: int, parent_oid: int) -> bool:
    """Whether `child_oid` is below `parent_oid` in an inheritance tree."""
    from pgsnake.catalog import partition_bounds
    return child_oid in partition_bounds.all_descendants(parent_oid)


# -- the condition -----------------------------------------------------------------------------

def compile_current_tid(expr: CurrentOfExpr):
    """fn(relation, ex) -> the TID of the newest version (this statement's snapshot sees)
    of the row of `relation` the cursor is on, None if its row is not from `relation`;
    cached per statement. The cursor may have been on a version an earlier statement
    updated (TidListEval's latest tid). A Tid Scan's CURRENT OF, and the condition's."""
    name_of = expression_eval.compile_expression(expr.args[2], {}) \
        if len(expr.args) > 2 else None

    def tid_of(relation, ex):
        name = expr.cursor_name
        if name_of is not None:             # a PL/pgSQL cursor variable: its value
            name = name_of(None, ex)
            if name is None:
                raise PgError("42704", f"no value found for parameter {expr.args[2].number}")
        cache = getattr(ex, "current_of_tids", None)
        if cache is None:
            cache = ex.current_of_tids = {}
        key = (name, relation.oid)
        if key not in cache:
            from pgsnake.access.heap import heapam
            tid = current_tid(name, relation)
            cache[key] = None if tid is None else \
                heapam.heap_get_latest_tid(relation, tid, ex.snapshot)
        return cache[key]
    return tid_of


def _current_of(expr: CurrentOfExpr, layout):
    ctid_of = expression_eval.compile_expression(expr.args[0], layout)
    table_of = expression_eval.compile_expression(expr.args[1], layout)
    tid_of = compile_current_tid(expr)

    def current_of(row, ex):
        from pgsnake.catalog import catalog_cache
        tid = tid_of(catalog_cache.get_relation(table_of(row, ex)), ex)
        return tid is not None and ctid_of(row, ex) == tid
    return current_of


expression_eval.register_builder(CurrentOfExpr, _current_of)
