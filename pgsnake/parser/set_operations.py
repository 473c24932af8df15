"""UNION / INTERSECT / EXCEPT [ALL]: analysis of a set-operation tree.

Entry point:
    transform_set_operation(pstate, body, transform_leaf) -> Query
        the top Query of a SELECT whose `op` is not SETOP_NONE; `transform_leaf` is
        analyze.transform_select (passed in: analyze imports this module)
    leaf_queries(query) -> list[Query]   the leaf SELECTs of a set-operation Query

The Query's `set_operation` is (SetOperation tree, [leaf Query, ...]): the tree for the
planner, the flat list of leaves for code that only walks subqueries. Its target list
is one ColumnReference(i) per result column, named after the leftmost leaf's columns.

How columns get their types, as PostgreSQL does (transformSetOperationTree): each node
resolves every column to the common type of its two children (select_common_type,
"UNION types integer and text cannot be matched" otherwise); an unknown-type literal in
a leaf is converted to that type right in the leaf (so `SELECT 1 UNION SELECT 'x'`
fails as integer input); a column whose children are all unknown becomes text. Any
other type difference is left to the planner: each child carries the expressions that
convert its output to the node's column types (`left_exprs` / `right_exprs`: over a
leaf's columns as Vars of "*SELECT* n", or over a nested node's columns as
ColumnReferences), which become a leaf's Subquery Scan target list or a Result above a
nested node.

A parenthesised SELECT with its own ORDER BY, LIMIT, locking clause or WITH is a leaf,
however it is built inside. ORDER BY on the whole may name result columns (by name or
number) only: an expression is 0A000 "invalid UNION/INTERSECT/EXCEPT ORDER BY clause".

PostgreSQL: parser/analyze.c (transformSetOperationStmt, transformSetOperationTree),
parser/parse_coerce.c (select_common_type).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.datatypes import registry, type_coercion
from pgsnake.parser import collations, operator_classes, sort_using
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.parser.expression_nodes import ColumnReference, Const, Param, Var
from pgsnake.parser.query import Query, SortClause, TargetEntry
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.utils.errors import (
    DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, INVALID_COLUMN_REFERENCE, PgError, SYNTAX_ERROR,
    UNDEFINED_COLUMN)

TEXT_OID = 25
_OPS = {"SETOP_UNION": "union", "SETOP_INTERSECT": "intersect", "SETOP_EXCEPT": "except"}


@dataclasses.dataclass(eq=False)
class SetOperationLeaf:
    """One SELECT (or VALUES) of the tree, PostgreSQL's "*SELECT* n" subquery."""
    query: Query
    name: str                          # '*SELECT* n'
    number: int                        # n: its layout keys are ('var', -n, attnum)


@dataclasses.dataclass(eq=False)
class SetOperation:
    """One UNION / INTERSECT / EXCEPT node. `left_exprs` / `right_exprs`: per column, the
    child's output converted to `column_types` (see the module docstring)."""
    op: str                            # 'union' | 'intersect' | 'except'
    all: bool
    left: Any                          # SetOperation | SetOperationLeaf
    right: Any
    column_types: list[int]
    column_typmods: list[int]
    left_exprs: list = dataclasses.field(default_factory=list)
    right_exprs: list = dataclasses.field(default_factory=list)
    recursive_cte: Any = None          # the WITH RECURSIVE query this is the body of

    @property
    def construct(self) -> str:
        return self.op.upper()


def leaf_queries(query: Query) -> list[Query]:
    return list(query.set_operation[1]) if query.set_operation is not None else []


def leaf_rtindex(leaf: SetOperationLeaf) -> int:
    """The (negative) range-table index a leaf's columns are Vars of: set-operation
    leaves are not in the Query's range table, so these never collide with its entries."""
    return -leaf.number


# -- the tree ----------------------------------------------------------------------------------

class _Column:
    """What a child offers its parent for one column: type, typmod, the expression
    (for a leaf: its target-list entry), and where to point errors."""

    def __init__(self, type_oid, typmod, location, leaf_entry=None, collation=None):
        self.type_oid = type_oid
        self.typmod = typmod
        self.location = location
        self.leaf_entry = leaf_entry
        self.collation = collation          # parser/collations.State


def transform_set_operation(pstate, body: dict, transform_leaf) -> Query:
    leaves: list[SetOperationLeaf] = []
    tree, columns = _transform_tree(pstate, body, transform_leaf, leaves, top=True)
    first = leaves[0].query.output_columns()
    query = Query("SELECT")
    query.set_operation = (tree, [leaf.query for leaf in leaves])
    shown = tree.left_exprs
    query.target_list = [
        TargetEntry(ColumnReference(i, col.type_oid, shown[i]), entry.name)
        for i, (col, entry) in enumerate(zip(columns, first))]
    query.range_table = pstate.range_table
    pstate.query = query
    _transform_sort_clause(pstate, query, body.get("sortClause", ()))
    return query


def _is_leaf(body: dict) -> bool:
    return (body.get("op", "SETOP_NONE") == "SETOP_NONE" or bool(body.get("sortClause"))
            or body.get("limitCount") is not None or body.get("limitOffset") is not None
            or bool(body.get("lockingClause")) or bool(body.get("withClause")))


def _transform_tree(pstate, body: dict, transform_leaf, leaves, top: bool = False):
    if not top and _is_leaf(body):
        return _transform_leaf(pstate, body, transform_leaf, leaves)
    op = _OPS[body["op"]]
    context = op.upper()
    left, lcols = _transform_tree(pstate, body["larg"], transform_leaf, leaves)
    recursive_cte = getattr(pstate, "recursive_cte", None) if top else None
    if recursive_cte is not None:
        # WITH RECURSIVE: the non-recursive term fixes what the self-reference sees.
        from pgsnake.parser import cte
        cte.set_recursive_types(pstate, recursive_cte, lcols)
    right, rcols = _transform_tree(pstate, body["rarg"], transform_leaf, leaves)
    if len(lcols) != len(rcols):
        location = rcols[0].location if rcols else None
        raise PgError(SYNTAX_ERROR, f"each {context} query must have the same number of columns",
                      position=pstate.position(location))
    node = SetOperation(op, bool(body.get("all")), left, right, [], [])
    if top and getattr(pstate, "recursive_cte", None) is not None:
        node.recursive_cte = pstate.recursive_cte
        _refuse_recursive_aggregates(pstate, right, body["rarg"])
    columns = []
    for i, (lcol, rcol) in enumerate(zip(lcols, rcols)):
        common, chosen = _common_type(pstate, lcol, rcol, context)
        typmod = lcol.typmod if lcol.typmod == rcol.typmod and lcol.type_oid == common \
            and rcol.type_oid == common else -1
        for col in (lcol, rcol):
            coerce_unknown_in_leaf(pstate, col, common)
        if op != "union" or not node.all:
            # Duplicates are found by equality (UNION, INTERSECT [ALL], EXCEPT [ALL]).
            operator_classes.require_equality(common, pstate.position(chosen.location))
        node.column_types.append(common)
        node.column_typmods.append(typmod)
        node.left_exprs.append(_child_expr(pstate, left, i, lcol, common))
        node.right_exprs.append(_child_expr(pstate, right, i, rcol, common))
        collation = collations.set_operation_column(pstate, lcol.collation, rcol.collation,
                                                    pstate.position(rcol.location))
        columns.append(_Column(common, typmod, chosen.location, collation=collation))
    return node, columns


def _refuse_recursive_aggregates(pstate, right, raw_right: dict) -> None:
    """42P19 for an aggregate in a WITH RECURSIVE query's recursive term (parse_agg.c),
    pointing at the first call of one of its aggregates in the raw tree."""
    leaves = [right]
    names = set()
    while leaves:
        node = leaves.pop()
        if isinstance(node, SetOperation):
            leaves += [node.left, node.right]
        elif node.query.has_aggregates:
            names |= {a.aggregate_name for a in node.query.aggregates}
    if names:
        raise PgError("42P19", "aggregate functions are not allowed in a recursive "
                               "query's recursive term",
                      position=pstate.position(_first_call_location(raw_right, names)))


def _first_call_location(node, names: set):
    if isinstance(node, list):
        for item in node:
            found = _first_call_location(item, names)
            if found is not None:
                return found
        return None
    if not isinstance(node, dict):
        return None
    call = node.get("FuncCall")
    if isinstance(call, dict):
        parts = call.get("funcname", ())
        if parts and parts[-1].get("String", {}).get("sval") in names:
            return call.get("location")
    for key, value in node.items():
        if key != "SubLink":
            found = _first_call_location(value, names)
            if found is not None:
                return found
    return None


def _transform_leaf(pstate, body, transform_leaf, leaves):
    from pgsnake.parser import select_into
    select_into.refuse(pstate, body, first=not leaves)
    child = ParseState(pstate.source, parent=pstate)
    child.resolve_unknowns = False      # the set operation decides their type
    query = transform_leaf(child, body)
    number = len(leaves) + 1
    leaf = SetOperationLeaf(query, f"*SELECT* {number}", number)
    leaves.append(leaf)
    locations = _target_locations(body)
    columns = []
    for i, entry in enumerate(query.output_columns()):
        location = locations[i] if i < len(locations) else None
        columns.append(_Column(entry.expr.type_oid, getattr(entry.expr, "typmod", -1),
                               location, entry, collations.derive(child, entry.expr)))
    return leaf, columns


def _common_type(pstate, lcol, rcol, context: str):
    """select_common_type over two columns: (type, the column that decided it)."""
    # An untyped $n (type 0) is as unknown as a literal.
    ltype = UNKNOWN_OID if lcol.type_oid == 0 else lcol.type_oid
    rtype = UNKNOWN_OID if rcol.type_oid == 0 else rcol.type_oid
    if ltype == UNKNOWN_OID and rtype == UNKNOWN_OID:
        return TEXT_OID, lcol
    if ltype == UNKNOWN_OID:
        return rtype, rcol
    if rtype == UNKNOWN_OID or ltype == rtype:
        return ltype, lcol
    if type_coercion.category(ltype) != type_coercion.category(rtype):
        raise PgError(DATATYPE_MISMATCH,
                      f"{context} types {registry.format_type(ltype)} and "
                      f"{registry.format_type(rtype)} cannot be matched",
                      position=pstate.position(rcol.location))
    common = type_coercion.common_type([ltype, rtype], context)
    return common, (lcol if common == ltype else rcol)


def coerce_unknown_in_leaf(pstate, col: _Column, common: int) -> None:
    """An unknown literal (or NULL, or untyped $n) in a leaf takes the column's type
    inside the leaf."""
    entry = col.leaf_entry
    if entry is None or entry.expr.type_oid not in (UNKNOWN_OID, 0):
        return
    if not isinstance(entry.expr, (Const, Param)):
        return
    entry.expr = coerce_or_error(pstate, entry.expr, common, -1, "implicit",
                                 pstate.position(col.location))
    col.type_oid = common
    col.typmod = getattr(entry.expr, "typmod", -1)


def _child_expr(pstate, child, index: int, col: _Column, common: int):
    """The child's column `index`, converted to `common` (a Var of a leaf, a
    ColumnReference of a nested node's output)."""
    if isinstance(child, SetOperationLeaf):
        entry = col.leaf_entry
        expr = Var(leaf_rtindex(child), index + 1, col.type_oid, col.typmod, entry.name,
                   child.name)
    else:
        expr = ColumnReference(index, col.type_oid)
    if col.type_oid == common:
        return expr
    return coerce_or_error(pstate, expr, common, -1, "implicit", pstate.position(col.location))


def _target_locations(body: dict) -> list:
    """The byte location of each output expression of a leaf (for error positions)."""
    if body.get("valuesLists"):
        items = body["valuesLists"][0]["List"]["items"]
        return [raw_location(item) for item in items]
    if body.get("op", "SETOP_NONE") != "SETOP_NONE":
        return _target_locations(body["larg"])
    out = []
    for target in body.get("targetList", ()):
        out.append(raw_location(target["ResTarget"]["val"]))
    return out


def raw_location(node) -> int | None:
    """PostgreSQL's exprLocation on a raw node: the leftmost location it covers."""
    if not isinstance(node, dict) or len(node) != 1:
        return None
    (tag, body), = node.items()
    if not isinstance(body, dict):
        return None
    own = body.get("location")
    if tag in ("TypeCast", "CollateClause"):
        inner = raw_location(body.get("arg"))
        candidates = [x for x in (own, inner) if x is not None and x >= 0]
        return min(candidates) if candidates else None
    if tag == "A_Expr" and body.get("lexpr") is not None:
        inner = raw_location(body["lexpr"])
        candidates = [x for x in (own, inner) if x is not None and x >= 0]
        return min(candidates) if candidates else None
    return own


# -- ORDER BY on the whole ------------------------------------------------------------------------

def _transform_sort_clause(pstate, query: Query, sort_items) -> None:
    """Only result columns, by name or number (transformSetOperationStmt)."""
    visible = query.output_columns()
    for item in sort_items:
        sort_by = item["SortBy"]
        node = sort_by["node"]
        index = _sort_target(pstate, node, visible)
        type_oid = query.target_list[index].expr.type_oid
        descending, nulls_first = sort_using.sort_direction(
            pstate, sort_by, type_oid,
            lambda: operator_classes.require_ordering(type_oid,
                                                      pstate.position(raw_location(node))))
        query.sort_clause.append(SortClause(index, descending, nulls_first))


def _check_collation(pstate, clause: dict, type_oid: int) -> None:
    from pgsnake.catalog import catalog_cache
    from pgsnake.datatypes import registry
    names = [n["String"]["sval"] for n in clause.get("collname", ())]
    position = pstate.position(clause.get("location"))
    if len(names) > 1 and catalog_cache.get_namespace_oid(names[0]) is None:
        raise PgError("3F000", f'schema "{names[0]}" does not exist', position=position)
    if not any(r.collname == names[-1] and r.collencoding in (-1, 6)
               and (len(names) == 1 or catalog_cache.namespace_name(r.collnamespace) == names[0])
               for r in catalog_cache.scan_catalog("pg_collation")):
        raise PgError("42704", f'collation "{".".join(names)}" for encoding "UTF8" does not '
                               f'exist', position=position)
    if registry.get_type(type_oid).category != "S":
        raise PgError(DATATYPE_MISMATCH, f"collations are not supported by type "
                                         f"{registry.format_type(type_oid)}",
                      position=position)


def _sort_target(pstate, node, visible) -> int:
    if "CollateClause" in node:
        # `col COLLATE x` is an expression, not a result column: PostgreSQL analyses it
        # (so an unknown collation or a type without collations is reported first) and
        # then refuses it as any other expression.
        clause = node["CollateClause"]
        index = _sort_target(pstate, clause["arg"], visible)
        _check_collation(pstate, clause, visible[index].expr.type_oid)
    if "A_Const" in node and "ival" in node["A_Const"]:
        number = node["A_Const"]["ival"].get("ival", 0)
        if number < 1 or number > len(visible):
            raise PgError(INVALID_COLUMN_REFERENCE,
                          f"ORDER BY position {number} is not in select list",
                          position=pstate.position(node["A_Const"].get("location")))
        return number - 1
    if "ColumnRef" in node:
        fields = node["ColumnRef"]["fields"]
        location = node["ColumnRef"].get("location")
        if len(fields) == 1 and "String" in fields[0]:
            name = fields[0]["String"]["sval"]
            for i, entry in enumerate(visible):
                if entry.name == name:
                    return i
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" does not exist',
                          position=pstate.position(location))
        if len(fields) >= 2 and "String" in fields[0]:
            table = fields[-2]["String"]["sval"]
            raise PgError("42P01", f'missing FROM-clause entry for table "{table}"',
                          position=pstate.position(location))
    raise PgError(FEATURE_NOT_SUPPORTED, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                  detail="Only result column names can be used, not expressions or functions.",
                  hint="Add the expression/function to every SELECT, or move the UNION into "
                       "a FROM clause.",
                  position=pstate.position(raw_location(node)))
