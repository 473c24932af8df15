"""Stored generated columns in DDL: GENERATED ALWAYS AS (expr) STORED in CREATE TABLE and
ALTER TABLE ADD COLUMN, and ALTER COLUMN ... DROP EXPRESSION.

A generated column is made in two steps, as PostgreSQL makes it: the column first
(pg_attribute.attgenerated 's', atthasdef true), then, once the table exists, its
expression, analysed over the table's columns (parser/generation_expressions.py) and
kept in pg_attrdef with an internal dependency on its own column and normal ones on the
columns it reads (so that DROP COLUMN of one of those is refused, or with CASCADE drops
the generated column too). The executor computes the value on every INSERT and UPDATE
(executor/stored_generated.py).

Entry points: clause_error(kind, column, location); store_expressions(relation_oid,
pending, source); rewrite_with_new_column(relation_oid) (ADD COLUMN);
drop_expression(relation, attribute, missing_ok).

PostgreSQL: parser/parse_utilcmd.c (transformColumnDefinition's CONSTR_GENERATED),
catalog/heap.c (AddRelationNewConstraints, StoreAttrDefault), commands/tablecmds.c
(ATExecDropExpression).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import table_alteration
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

SYNTAX_ERROR = "42601"
WRONG_OBJECT_TYPE = "42809"


def clause_error(kind: str, column_name: str, location) -> PgError:
    """The 42601 for a column given a generation expression and `kind` ('default',
    'identity', 'generated' for a second one); `{table}` is filled in by the caller."""
    if kind == "generated":
        message = f'multiple generation clauses specified for column "{column_name}" of ' \
                  f'table "{{table}}"'
    else:
        message = f'both {kind} and generation expression specified for column ' \
                  f'"{column_name}" of table "{{table}}"'
    error = PgError(SYNTAX_ERROR, message)
    error.node_location = location
    return error


def store_expressions(relation_oid: int, pending: list[tuple[dict, str]], source=None) -> None:
    """Analyse and store each (CONSTR_GENERATED node, column name) of a new table or
    column, whose pg_attribute rows already say it is generated."""
    from pgsnake.parser.generation_expressions import analyze_generation
    from pgsnake.rewrite.stored_expressions import stored_text
    for constraint, column_name in pending:
        relation = cc.get_relation(relation_oid)
        expr = analyze_generation(relation, column_name, constraint["raw_expr"], source)
        attnum = next(a.attnum for a in relation.attributes if a.name == column_name)
        table_alteration.store_generation_expression(relation_oid, attnum,
                                                     stored_text(expr, relation_oid))


def rewrite_with_new_column(relation_oid: int) -> None:
    """ALTER TABLE ADD COLUMN ... GENERATED: every row rewritten with the new column's
    value computed (no triggers fire, as in PostgreSQL's table rewrite)."""
    from pgsnake.access.transam import xact
    from pgsnake.commands import event_trigger_firing, table_rewrite
    from pgsnake.executor import stored_generated
    from pgsnake.executor.expression_eval import ExecutorState
    relation = cc.get_relation(relation_oid)
    generated = stored_generated.for_relation(relation, ExecutorState())
    width = len(relation.attributes)
    xid = xact.get_current_xid()
    cid = xact.current_command_id(used=True)

    def new_rows(old_relation):
        out = []
        for row in table_rewrite.live_rows(old_relation):
            values = list(row.values) + [None] * (width - len(row.values))
            generated.compute(values)
            out.append((values, xid, cid, 0))
        return out
    event_trigger_firing.table_rewrite_starting(relation_oid,
                                                event_trigger_firing.REWRITE_DEFAULT)
    table_rewrite.rewrite_table(relation_oid, new_rows)


def drop_expression(relation, attribute, missing_ok: bool) -> None:
    """ALTER TABLE ... ALTER COLUMN c DROP EXPRESSION [IF EXISTS]."""
    if not attribute.generated:
        if missing_ok:
            notices.emit("00000", f'column "{attribute.name}" of relation "{relation.name}" '
                         f'is not a stored generated column, skipping')
            return
        raise PgError("55000", f'column "{attribute.name}" of relation "{relation.name}" is '
                      f'not a stored generated column')
    table_alteration.drop_generation_expression(relation.oid, attribute.attnum)
