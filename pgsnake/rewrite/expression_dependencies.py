"""What an analysed expression names, for pg_depend (catalog/dependency.py).

A stored default, CHECK constraint or index expression depends on the columns of its
own relation it reads, the functions and operators it calls, the types of its values,
and the relations, functions and types it names through reg* constants (a serial
column's nextval('s'::regclass) needs the sequence s). Objects made by initdb are
pinned and left out.

Entry points: expression_references(expr, relation_oid), install() (rewrite package
import: gives catalog/dependency.py the readers of stored texts).

PostgreSQL: catalog/dependency.c (find_expr_references_walker).
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.catalog import dependency
from pgsnake.catalog.dependency import PG_OPERATOR_OID, PG_PROC_OID, ObjectAddress
from pgsnake.parser import expression_nodes as en

REGCLASS, REGPROC, REGPROCEDURE, REGTYPE = 2205, 24, 2202, 2206


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
