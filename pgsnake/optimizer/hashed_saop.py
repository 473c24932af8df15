"""Hashed `IN` lists: `x IN (9 or more constants)` / `x = ANY ('{...}')` and, as in
PostgreSQL 15, `x NOT IN (...)` / `x <> ALL (...)` are answered by a hash table of the
constants built once, not by comparing x with every element.

Entry points:
    hashed_values(expr) -> list | None
        the constant elements of a ScalarArrayOpExpr that is to be hashed (None when it
        is evaluated element by element)
    PER_ROW_OPERATORS
        its per-row cost in operator evaluations (one hash, one comparison)

PostgreSQL makes the choice while planning (convert_saop_to_hashed_saop: at least
MIN_ARRAY_SIZE_FOR_HASHED_SAOP elements, a constant array, an operator with a hash
function, and for `<> ALL` a negator that has one); the executor builds the table at the
first evaluation (ExecEvalHashedScalarArrayOp). Here the choice is the same rule read
off the expression, for the built-in types whose Python values compare and hash as the
type's `=` does (integers, bool, "char", name, oid, text and varchar in pgsnake's C
collation); numeric and floats stay element by element (NaN equals NaN in PostgreSQL,
not in Python), as do other types.

Where we differ from PostgreSQL: the cost charged is the per-row part only (one hash
and one comparison); PostgreSQL also adds the table's build to the startup cost. The
choice does not look up the operator's hash support, only the types.

PostgreSQL: optimizer/util/clauses.c (convert_saop_to_hashed_saop),
optimizer/path/costsize.c (cost_qual_eval_walker), executor/execExprInterp.c
(ExecEvalHashedScalarArrayOp).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import Const

MIN_ARRAY_SIZE_FOR_HASHED_SAOP = 9
PER_ROW_OPERATORS = 2

_INTEGERS = frozenset({20, 21, 23, 26})              # int8, int2, int4, oid
_TEXTS = frozenset({19, 25, 1043})                   # name, text, varchar
_FAMILIES = (_INTEGERS, _TEXTS, frozenset({16}), frozenset({18}))


def _same_family(a: int, b: int) -> bool:
    return any(a in family and b in family for family in _FAMILIES)


def hashed_values(expr) -> list | None:
    if expr.array is not None or len(expr.items) < MIN_ARRAY_SIZE_FOR_HASHED_SAOP:
        return None
    if (expr.operator_name, expr.use_or) not in (("=", True), ("<>", False)):
        return None
    arg_type = getattr(expr.arg, "type_oid", None)
    if arg_type is None or not _same_family(arg_type, expr.element_type):
        return None
    if not all(isinstance(item, Const) and _same_family(item.type_oid, arg_type)
               for item in expr.items):
        return None
    return [item.value for item in expr.items]


__all__ = ["MIN_ARRAY_SIZE_FOR_HASHED_SAOP", "PER_ROW_OPERATORS", "hashed_values"]
