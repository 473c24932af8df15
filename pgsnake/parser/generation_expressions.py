"""Parse analysis of a stored generated column's expression (GENERATED ALWAYS AS (...)
STORED), as PostgreSQL's cookDefault does it for EXPR_KIND_GENERATED_COLUMN.

The expression is over the new table's own columns (the table is the only range-table
entry, rtindex 1), and must be something the executor can compute from the rest of the
row alone, every time with the same answer:
1. Only ordinary columns that are not generated themselves, and tableoid (42P17 "cannot
   use generated column ..." / "cannot use system column ..." / "cannot use whole-row
   variable ...", each at the reference's position).
2. No subqueries (0A000), aggregates (42803), window functions (42P20), set-returning
   functions (0A000): the generic "not allowed in column generation expressions" checks.
3. Only immutable functions (42P17 "generation expression is not immutable").
4. The value must coerce to the column type by assignment (42804, worded as for a
   default, as PostgreSQL words it).

The analysed expression is stored uncoerced in pg_attrdef.adbin (as defaults are, see
default_expressions.py); executor/stored_generated.py coerces it to the column when it
computes a row.

Entry points: analyze_generation(relation, column_name, node, source) -> expression (at
definition); stored_generation(relation, attribute, text) -> the stored expression
analysed again and coerced to the column (for the executor).

PostgreSQL: catalog/heap.c (cookDefault, check_nested_generated), parser/parse_relation.c
(the generated-column checks in scanNSItemForColumn), parser/parse_expr.c.
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.parser.coercion import coerce_to_type, type_display_name
from pgsnake.parser.mutable_functions import is_mutable
from pgsnake.parser.constraint_expressions import table_parse_state
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

GENERATION_KIND = "column generation expressions"
INVALID_OBJECT_DEFINITION = "42P17"
INVALID_COLUMN_REFERENCE = "42P10"


def _over_table(relation, source):
    return table_parse_state(relation, source, GENERATION_KIND)


def stored_generation(relation, attribute, text: str):
    """The generation expression pg_attrdef keeps for `attribute`, analysed over the
    table and coerced to the column's type and typmod by assignment."""
    from pgsnake.parser import raw_parser
    from pgsnake.parser.transform_expression import transform_expression
    raw = raw_parser.parse_sql(f"SELECT {text}")[0]
    node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    pstate = _over_table(relation, raw.source)
    expr = transform_expression(pstate, node)
    return coerce_to_type(pstate, expr, attribute.type_oid, attribute.typmod, "assignment",
                          None)


def analyze_generation(relation, column_name: str, node: dict, source=None):
    from pgsnake.parser.transform_expression import transform_expression
    pstate = _over_table(relation, source)
    _check_column_references(pstate, relation, node)
    expr = transform_expression(pstate, node)
    if is_mutable(expr):
        raise PgError(INVALID_OBJECT_DEFINITION, "generation expression is not immutable")
    attribute = next(a for a in relation.attributes if a.name == column_name)
    if coerce_to_type(pstate, expr, attribute.type_oid, -1, "assignment", None) is None:
        raise PgError(DATATYPE_MISMATCH,
                      f'column "{column_name}" is of type '
                      f'{type_display_name(attribute.type_oid)} but default expression is '
                      f'of type {type_display_name(expr.type_oid)}',
                      hint="You will need to rewrite or cast the expression.")
    return expr


def _check_column_references(pstate, relation, node) -> None:
    """Rule 1, on the raw tree, before analysis (PostgreSQL raises these while it
    resolves each reference, so the first bad reference is the one reported)."""
    columns = {a.name: a for a in relation.attributes if not a.is_dropped}
    system = {name for name, *_ in d.SYSTEM_COLUMNS}
    for ref in _column_refs(node):
        fields = ref.get("fields", [])
        names = [f["String"]["sval"] if "String" in f else "*" for f in fields]
        if names and names[0] == relation.name and len(names) > 1:
            names = names[1:]                     # table.column
        position = pstate.position(ref.get("location"))
        name = names[0] if len(names) == 1 else None
        if name == "*" or (name == relation.name and name not in columns):
            raise PgError(INVALID_OBJECT_DEFINITION,
                          "cannot use whole-row variable in column generation expression",
                          detail="This would cause the generated column to depend on its "
                                 "own value.", position=position)
        if name in system and name not in columns and name != "tableoid":
            raise PgError(INVALID_COLUMN_REFERENCE, f'cannot use system column "{name}" in '
                          f'column generation expression', position=position)
        attribute = columns.get(name)
        if attribute is not None and attribute.generated:
            raise PgError(INVALID_OBJECT_DEFINITION, f'cannot use generated column "{name}" '
                          f'in column generation expression',
                          detail="A generated column cannot reference another generated "
                                 "column.", position=position)


def _column_refs(node):
    """Every ColumnRef in a raw parse tree (not inside subqueries: those are refused)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ColumnRef":
                yield value
            elif key != "SubLink":
                yield from _column_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _column_refs(value)
