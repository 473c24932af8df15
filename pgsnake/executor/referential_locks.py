"""Locking the referenced row of a foreign key: the API foreign-key checks call.

When a row is inserted into (or updated in) a referencing table, the row it points at
in the referenced table must exist and must go on existing until the transaction ends.
PostgreSQL's RI_FKey_check makes sure by running

    SELECT 1 FROM ONLY <referenced table> x WHERE pk1 = $1 [AND pk2 = $2 ...]
        FOR KEY SHARE OF x

and so does `lock_referenced_row`, through the ordinary statement machinery: the scan,
LockRows with its waits, EvalPlanQual under READ COMMITTED (a referenced row whose key
changed under us no longer matches), 40001 under REPEATABLE READ and SERIALIZABLE when
the row was deleted or had its key changed concurrently. FOR KEY SHARE conflicts only
with deletes and key changes, so plain updates of the referenced row go on; deleting
it waits for this transaction, and then finds the reference (that check belongs to the
caller's ON DELETE action, not here).

The statement is prepared once per (table, key columns) and kept; a DDL committed in
between makes it re-plan before its next use (portal_query's re-validation). Its text
is built once per catalog state, not per row.

The per-row price is that of a B-tree lookup (ri_triggers.c's saved plan run through
SPI, minus SPI's portal): when the kept plan is LockRows over a plain B-tree Index Scan
(what the planner makes for a key with a unique index), each check re-validates the
statement (locks, DDL, permissions) and then runs that plan's steps itself, without a
portal or state tree: a fresh snapshot as the statement would take, the index lookup
(index_scan_nodes.btree_lookup), the FOR KEY SHARE lock of each visible version
(lock_rows.lock_one_row, with its waits and errors) and, for a version that changed
under us, the EvalPlanQual re-check of the Index Scan. Any other plan runs through the
ordinary statement.

Entry point: lock_referenced_row(relation_oid, key_attnums, key_values) -> bool.

PostgreSQL: utils/adt/ri_triggers.c (RI_FKey_check, ri_PerformCheck: the query text and
its snapshot rules).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache, invalidation
from pgsnake.executor import eval_plan_qual, index_scan_nodes, lock_rows, spi
from pgsnake.executor.expression_eval import ExecutorState
from pgsnake.optimizer.plan_nodes import IndexScan, LockRows
from pgsnake.utils.interrupts import check_for_interrupts

# (table oid, key attnums) -> (catalog generation, query text, parameter types)
_queries: dict = {}
_PROBE = "_referential_probe"          # the plan attribute a probe is kept under


def check_query_text(relation, key_attnums) -> str:
    """RI_FKey_check's query for this table and key (PostgreSQL spells it the same way,
    with OPERATOR(pg_catalog.=) for each column's equality)."""
    columns = {a.attnum: a for a in relation.attributes}
    quote = catalog_cache.quote_identifier
    conditions = " AND ".join(f"{quote(columns[attnum].name)} = ${i}"
                              for i, attnum in enumerate(key_attnums, 1))
    only = "" if relation.relkind == "p" else "ONLY "     # a partitioned table: all of it
    return (f"SELECT 1 FROM {only}{spi.qualified_name(relation)} x "
            f"WHERE {conditions} FOR KEY SHARE OF x")


def _query(relation_oid: int, key_attnums: tuple) -> tuple[str, list]:
    """The check's text and parameter types, made again only after catalog changes (a
    renamed table or column is another text, so another kept statement)."""
    generation = invalidation.shared_counter()
    known = _queries.get((relation_oid, key_attnums))
    if known is not None and known[0] == generation and generation is not None:
        return known[1], known[2]
    relation = catalog_cache.get_relation(relation_oid)
    types = {a.attnum: a.type_oid for a in relation.attributes}
    text = check_query_text(relation, key_attnums)
    param_types = [types[attnum] for attnum in key_attnums]
    _queries[(relation_oid, key_attnums)] = (generation, text, param_types)
    return text, param_types


def _probe(plan):
    """(Index Scan, its compiled operands, the row mark) when `plan` is LockRows over a
    plain B-tree Index Scan of one table; else None. Kept on the plan."""
    probe = plan.__dict__.get(_PROBE)
    if probe is None:
        probe = (None,)
        scan = getattr(plan, "child", None)
        if isinstance(plan, LockRows) and isinstance(scan, IndexScan) and \
                len(plan.row_marks) == 1:
            mark = plan.row_marks[0]
            operands = index_scan_nodes.btree_lookup_code(scan)
            if operands is not None and mark.kind == "lock" and len(mark.junk) == 1 \
                    and mark.rtindex == scan.rtindex and mark.relation.oid == scan.relation.oid:
                probe = (scan, operands, mark)
        setattr(plan, _PROBE, probe)
    return probe if probe[0] is not None else None


def lock_referenced_row(relation_oid: int, key_attnums, key_values) -> bool:
    """Lock FOR KEY SHARE the row of table `relation_oid` whose columns `key_attnums`
    (attnums, in key order) equal `key_values`; True if there is one. Waits for a
    transaction that is deleting it or changing its key. A NULL in the key matches
    nothing (the caller decides what a NULL foreign key means: MATCH SIMPLE skips the
    check). Runs in the caller's transaction, with its snapshot rules."""
    key_attnums = tuple(key_attnums)
    if any(value is None for value in key_values):
        return False
    text, param_types = _query(relation_oid, key_attnums)
    statement = spi.kept_statement(text, param_types, ("key share", relation_oid, key_attnums))
    plan = statement.plan_for_run()
    probe = _probe(plan) if plan is not None else None
    if probe is None:
        return bool(statement.execute(list(key_values)).rows)
    scan, operands, mark = probe
    check_for_interrupts()
    state = ExecutorState(list(key_values), xact.get_transaction_snapshot())
    try:
        return _lock_matches(scan, operands, mark, state)
    finally:
        state.end()


def _lock_matches(scan, operands, mark, state) -> bool:
    """LockRows over the Index Scan: lock every version the scan sees; a version
    updated since (READ COMMITTED) is re-checked on its newest version."""
    transaction_snapshot = xact.uses_transaction_snapshot()
    relation = scan.relation
    found = False
    for row in index_scan_nodes.btree_lookup(scan, operands, state):
        result = lock_rows.lock_one_row(mark, row[-2], transaction_snapshot, relation,
                                        state.snapshot.curcid)
        if result is None:
            continue
        if result.traversed and eval_plan_qual.recheck(
                scan, state, {mark.rtindex: eval_plan_qual.relation_row(
                    relation, result.tid)}) is None:
            continue                    # the newest version no longer has the key
        found = True
    return found
