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
between makes it re-plan before its next use (portal_query's re-validation).

Entry point: lock_referenced_row(relation_oid, key_attnums, key_values) -> bool.

PostgreSQL: utils/adt/ri_triggers.c (RI_FKey_check, ri_PerformCheck: the query text and
its snapshot rules).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.executor import spi


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


def lock_referenced_row(relation_oid: int, key_attnums, key_values) -> bool:
    """Lock FOR KEY SHARE the row of table `relation_oid` whose columns `key_attnums`
    (attnums, in key order) equal `key_values`; True if there is one. Waits for a
    transaction that is deleting it or changing its key. A NULL in the key matches
    nothing (the caller decides what a NULL foreign key means: MATCH SIMPLE skips the
    check). Runs in the caller's transaction, with its snapshot rules."""
    key_attnums = tuple(key_attnums)
    if any(value is None for value in key_values):
        return False
    relation = catalog_cache.get_relation(relation_oid)
    types = {a.attnum: a.type_oid for a in relation.attributes}
    result = spi.execute(check_query_text(relation, key_attnums),
                         [types[attnum] for attnum in key_attnums], key_values,
                         keep=("key share", relation_oid, key_attnums))
    return bool(result.rows)
