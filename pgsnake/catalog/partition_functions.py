"""The partitioning inquiry functions psql and pg_dump call: pg_partition_tree,
pg_partition_ancestors and pg_partition_root.

pgsnake has no declarative partitioning yet (no relation has relispartition or is a
partitioned table), so every relation is outside any partition tree, and PostgreSQL's
answers for such a relation are what these give: no rows, and NULL. When partitioning
lands, these walk pg_inherits.

Entry point: register_all().

PostgreSQL: utils/adt/partitionfuncs.c.
"""
from __future__ import annotations

REGCLASS, RECORD, INT4, BOOL = 2205, 2249, 23, 16
TREE_COLUMNS = [("relid", REGCLASS), ("parentrelid", REGCLASS), ("isleaf", BOOL),
                ("level", INT4)]


def partition_tree(_relation: int):
    return iter(())          # only a partitioned table or a partition has a tree


def partition_ancestors(_relation: int):
    return iter(())


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_partition_tree", [REGCLASS], RECORD, partition_tree, oid=3423,
                       returns_set=True, out_columns=TREE_COLUMNS, rows=1000)
    functions.register("pg_partition_ancestors", [REGCLASS], REGCLASS, partition_ancestors,
                       oid=3425, returns_set=True, rows=10)
    functions.register("pg_partition_root", [REGCLASS], REGCLASS, lambda _relation: None,
                       oid=3424)
