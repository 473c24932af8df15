"""Computing stored generated columns on INSERT and UPDATE.

A generated column's value is never given by the statement: analysis leaves NULL in its
place (parser/modify_analysis.py), BEFORE ROW triggers see NULL there (clear()), and the
value is computed from the rest of the new row after them and before the NOT NULL and
CHECK constraints (compute()), as ExecComputeStoredGenerated does. Generated columns
never read each other (parser/generation_expressions.py), so the order of computing them
does not matter.

Entry point: for_relation(relation, estate) -> StoredGenerated | None (None when the
table has no generated columns, so the per-row cost is one test). A tableoid in an
expression is the table's OID, fixed when the expressions are compiled.

PostgreSQL: executor/nodeModifyTable.c (ExecComputeStoredGenerated).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.executor.expression_eval import compile_expression

OID_TYPE = 26


def for_relation(relation, estate) -> StoredGenerated | None:
    columns = [a for a in relation.attributes if a.generated and not a.is_dropped]
    return StoredGenerated(relation, columns, estate) if columns else None


class StoredGenerated:
    """The compiled generation expressions of one table for one statement."""

    __slots__ = ("positions", "expressions", "estate")

    def __init__(self, relation, columns, estate) -> None:
        from pgsnake.parser.generation_expressions import stored_generation
        layout = {("var", 1, a.attnum): a.attnum - 1 for a in relation.attributes}
        self.estate = estate
        self.positions = [a.attnum - 1 for a in columns]
        self.expressions = [
            compile_expression(_with_table_oid(stored_generation(
                relation, a, catalog_cache.column_default(relation.oid, a.attnum)),
                relation.oid), layout)
            for a in columns]

    def clear(self, values: list) -> None:
        """What a BEFORE ROW trigger sees in the generated columns: NULL."""
        for position in self.positions:
            values[position] = None

    def compute(self, values: list) -> None:
        for position, expression in zip(self.positions, self.expressions):
            values[position] = expression(values, self.estate)


def _with_table_oid(expr, relation_oid: int):
    """tableoid, the one system column a generation expression may read, is the table
    the row goes into: a constant for this table's statement."""
    from pgsnake.parser.expression_nodes import TABLE_OID_ATTNUM, Const
    from pgsnake.rewrite.tree_mapping import map_expression
    return map_expression(expr, lambda var, depth: Const(OID_TYPE, relation_oid)
                          if var.attnum == TABLE_OID_ATTNUM else None)
