"""What an analysed expression names, for pg_depend (catalog/dependency.py).

A stored default, CHECK constraint or index expression depends on the columns of its
own relation it reads, the functions and operators it calls, the types of its values,
and the relations, functions and types it names through reg* constants (a serial
column's nextval('s'::regclass) needs the sequence s). Objects made by initdb are
pinned and left out.

A view's query (query_references) depends on the functions and operators it calls and
on the types of its constants and coercions, at any subquery depth; the columns it reads
are recorded by the view's creation (commands/view_commands.references_of).

Entry points: expression_references(expr, relation_oid), query_references(query),
install() (rewrite package
import: gives catalog/dependency.py the readers of stored texts).

PostgreSQL: catalog/dependency.c (find_expr_references_walker).
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.catalog import dependency
from pgsnake.catalog.dependency import PG_OPERATOR_OID, PG_PROC_OID, ObjectAddress
from pgsnake.parser import expression_nodes as en
from pgsnake.parser.query import Query

REGCLASS, REGPROC, REGPROCEDURE, REGTYPE, RECORD = 2205, 24, 2202, 2206, 2249


def expression_references(expr, relation_oid: int = 0) -> set[ObjectAddress]:
    """The objects an analysed expression names: columns of `relation_oid` (the one
    relation in its scope), functions, operators, types, and the relations, functions
    and types written as reg* constants."""
    found: set[ObjectAddress] = set()
    for node in en.walk(expr):
        type_oid = getattr(node, "type_oid", None)
        if type_oid:
            found.add(ObjectAddress(d.PG_TYPE_OID, type_oid))
        if isinstance(node, en.Var) and node.levels_up == 0 and relation_oid \
                and node.attnum > 0:
            found.add(dependency.column(relation_oid, node.attnum))
        elif isinstance(node, en.FuncExpr):
            found.add(ObjectAddress(PG_PROC_OID, node.function_oid))
        elif isinstance(node, en.OpExpr) and node.operator_oid:
            found.add(ObjectAddress(PG_OPERATOR_OID, node.operator_oid))
        elif isinstance(node, en.Const) and node.value is not None:
            if node.type_oid == REGCLASS:
                found.add(dependency.relation(int(node.value)))
            elif node.type_oid in (REGPROC, REGPROCEDURE):
                found.add(ObjectAddress(PG_PROC_OID, int(node.value)))
            elif node.type_oid == REGTYPE:
                found.add(ObjectAddress(d.PG_TYPE_OID, int(node.value)))
    return {a for a in found if not dependency.is_pinned(a) and a.objid}


def query_references(query) -> set[ObjectAddress]:
    """The functions, operators and types an analysed query uses (find_expr_references
    over a Query, less its relations and columns): calls, operators, the result types
    of constants, coercions and row constructors (not those of column references), and
    the composite types' columns that field selections read."""
    import dataclasses

    from pgsnake.parser.composite_expressions import FieldSelect
    from pgsnake.parser.window_clause import WindowFunc
    found: set[ObjectAddress] = set()
    seen: set[int] = set()

    def visit(value) -> None:
        if value is None or isinstance(value, (str, int, float, bool, bytes)):
            return
        if isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                visit(item)
            return
        if isinstance(value, dict):
            for item in value.values():
                visit(item)
            return
        if not dataclasses.is_dataclass(value) or isinstance(value, type) or \
                not type(value).__module__.startswith("pgsnake.parser."):
            return
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, Query) and value.group_by:
            found.update(_primary_keys_relied_on(value))
        if isinstance(value, (en.FuncExpr, WindowFunc)) and value.function_oid:
            found.add(ObjectAddress(PG_PROC_OID, value.function_oid))
        elif isinstance(value, (en.OpExpr, en.ScalarArrayOpExpr)) and \
                getattr(value, "operator_oid", 0):
            found.add(ObjectAddress(PG_OPERATOR_OID, value.operator_oid))
        elif isinstance(value, en.Const):
            found.update(expression_references(value))
        elif isinstance(value, FieldSelect):
            column = _selected_column(value)
            if column is not None:
                found.add(column)
        elif isinstance(value, en.CoerceExpr) or (isinstance(value, en.RowExpr)
                                                 and value.type_oid != RECORD):
            found.add(ObjectAddress(d.PG_TYPE_OID, value.type_oid))
        for field in dataclasses.fields(value):
            if field.name in ("relation", "fn", "aggregate", "compare", "equal", "index"):
                continue
            visit(getattr(value, field.name))
    visit(query)
    return {a for a in found if not dependency.is_pinned(a) and a.objid}


def _primary_keys_relied_on(query) -> set[ObjectAddress]:
    """The primary-key constraints whose functional dependency lets the grouped query
    use columns it does not group by (the parser's constraintDeps): dropping one must
    not leave the query invalid."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.parser import functional_grouping
    out: set[ObjectAddress] = set()
    for var in functional_grouping.dependent_columns(query):
        rte = query.range_table[var.rtindex - 1]
        if rte.kind != "relation":
            continue
        for row in cc.scan_catalog("pg_constraint"):
            if row.conrelid == rte.relation.oid and row.contype == "p":
                out.add(ObjectAddress(d.PG_CONSTRAINT_OID, row.oid))
    return out


def _selected_column(node) -> ObjectAddress | None:
    """(composite).field: the column of the composite type's relation it reads."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.datatypes import user_type_facts
    type_row = cc.get_type_row(user_type_facts.base_type(getattr(node.arg, "type_oid", 0)))
    if type_row is None or not type_row.typrelid:
        return None
    live = [a.attnum for a in cc.get_relation(type_row.typrelid).attributes
            if a.attnum > 0 and not a.is_dropped]
    if not 0 <= node.index < len(live):
        return None
    return dependency.column(type_row.typrelid, live[node.index])


class _Readers:
    @staticmethod
    def stored_references(text: str, relation_oid: int) -> set[ObjectAddress]:
        from pgsnake.rewrite import stored_expressions
        return expression_references(stored_expressions.analysed(text, relation_oid),
                                     relation_oid)

    @staticmethod
    def index_references(expressions: str | None, predicate: str | None,
                         heap_oid: int) -> set[ObjectAddress]:
        from pgsnake.rewrite import index_expression_text as texts
        trees = texts.analysed_list(expressions, heap_oid) if expressions else []
        if predicate:
            trees.append(texts.analysed_predicate(predicate, heap_oid))
        found: set[ObjectAddress] = set()
        for tree in trees:
            found |= expression_references(tree, heap_oid)
        return found


def install() -> None:
    dependency.register_expression_readers(_Readers)
