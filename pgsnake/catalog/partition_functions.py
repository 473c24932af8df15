"""The partitioning inquiry functions psql and pg_dump call: pg_partition_tree,
pg_partition_ancestors, pg_partition_root, pg_get_partkeydef and
pg_get_partition_constraintdef.

The tree functions walk pg_inherits from the relation given, following only partitions
(relispartition) and partitioned tables: a plain table or an inheritance child is outside
any partition tree, and gives no rows / NULL, as in PostgreSQL.

Entry point: register_all().

PostgreSQL: utils/adt/partitionfuncs.c, utils/adt/ruleutils.c (pg_get_partkeydef,
pg_get_partition_constraintdef).
"""
from __future__ import annotations

REGCLASS, RECORD, INT4, BOOL, OID, TEXT = 2205, 2249, 23, 16, 26, 25
TREE_COLUMNS = [("relid", REGCLASS), ("parentrelid", REGCLASS), ("isleaf", BOOL),
                ("level", INT4)]


def _in_tree(relid: int) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    row = cc.class_row(relid)
    return row is not None and (row.relkind in ("p", "I") or row.relispartition)


def _partition_parent(relid: int) -> int:
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import partition_bounds
    row = cc.class_row(relid)
    if row is None or not row.relispartition:
        return 0
    found = partition_bounds.parents(relid)
    return found[0] if found else 0


def partition_tree(relation: int):
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import partition_bounds
    if not _in_tree(relation):
        return
    yield (relation, _partition_parent(relation) or None,
           cc.class_row(relation).relkind not in ("p", "I"), 0)
    levels = {relation: 0}
    for child in partition_bounds.all_descendants(relation):
        parent = _partition_parent(child)
        if parent not in levels:
            continue
        levels[child] = levels[parent] + 1
        yield (child, parent, cc.class_row(child).relkind not in ("p", "I"), levels[child])


def partition_ancestors(relation: int):
    if not _in_tree(relation):
        return
    current = relation
    while current:
        yield current
        current = _partition_parent(current)


def partition_root(relation: int):
    if not _in_tree(relation):
        return None
    current = relation
    while _partition_parent(current):
        current = _partition_parent(current)
    return current


def partition_key_definition(relation: int):
    from pgsnake.catalog import partition_bounds
    return partition_bounds.key_definition(relation)


def partition_constraint(relation: int):
    from pgsnake.catalog import partition_bounds
    return partition_bounds.constraint_text(relation)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_partition_tree", [REGCLASS], RECORD, partition_tree, oid=3423,
                       returns_set=True, out_columns=TREE_COLUMNS, rows=1000)
    functions.register("pg_partition_ancestors", [REGCLASS], REGCLASS, partition_ancestors,
                       oid=3425, returns_set=True, rows=10,
                       out_columns=[("relid", REGCLASS)])     # its one OUT parameter
    functions.register("pg_partition_root", [REGCLASS], REGCLASS, partition_root, oid=3424)
    functions.register("pg_get_partkeydef", [OID], TEXT, partition_key_definition, oid=3352,
                       volatility="s")
    functions.register("pg_get_partition_constraintdef", [OID], TEXT, partition_constraint,
                       oid=3408, volatility="s")
