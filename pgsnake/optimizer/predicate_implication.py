"""Does a list of WHERE clauses prove a partial index's predicate? (predicate_implied_by)

A partial index may answer a query only if every row the query wants is in the index:
the query's restriction clauses (an implicit AND) must imply the index's predicate.
The proof is deliberately simple, as PostgreSQL's is, and never wrong in the "yes"
direction:

  * the predicate is split into its AND-ed conjuncts; each must be implied by one
    clause (an OR in the predicate is implied when any of its arms is);
  * a clause implies an equal conjunct (the same expression tree);
  * `x IS NOT NULL` is implied by a strict operator clause with x as an argument
    (x = 5, x > 3: NULL would make them NULL, not true), or by x IS NOT NULL;
  * a boolean column `b` is implied by `b`, `b = true`, `b IS TRUE`; `NOT b` by `NOT b`,
    `b = false`, `b IS FALSE`;
  * `x op1 c1` is implied by `x op2 c2` when the constants have the same type and
    op2's range lies inside op1's (x = 7 implies x > 5; x >= 10 implies x > 5; x < 3
    implies x <> 3), for the B-tree comparison operators of ordered types (text only
    for = and <>, as its order depends on the collation).

Entry points: implied_by(predicate, clauses) -> bool, conjuncts(expr) -> list,
same_expression(a, b) (PostgreSQL's equal(), CoercionForm ignored).

PostgreSQL: optimizer/util/predtest.c (predicate_implied_by,
predicate_implied_by_simple_clause, operator_predicate_proof's BT_implic_table).
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.expression_nodes import conjuncts  # noqa: F401 (also imported from here)
from pgsnake.parser.expression_nodes import BooleanTest, BoolExpr, Const, NullTest, OpExpr, Var

BOOL = 16
_TEXT_TYPES = (25, 1043, 1042, 19)
_COMMUTED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>"}
_COMPARISONS = frozenset(_COMMUTED)


def same_expression(a, b) -> bool:
    """The same expression tree, ignoring how a coercion was written (explicit or
    implicit: PostgreSQL's equal() ignores CoercionForm) and locations."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same_expression(x, y) for x, y in zip(a, b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        for field in dataclasses.fields(a):
            if not field.compare or field.name == "explicit":
                continue
            if not same_expression(getattr(a, field.name), getattr(b, field.name)):
                return False
        return True
    return bool(a == b)


def implied_by(predicate, clauses) -> bool:
    """True when the clauses (AND-ed) prove every conjunct of `predicate`."""
    if predicate is None:
        return True
    flat = []
    for clause in clauses:
        flat.extend(conjuncts(clause))
    return all(_conjunct_implied(part, flat) for part in conjuncts(predicate))


def _conjunct_implied(part, clauses) -> bool:
    if isinstance(part, BoolExpr) and part.op == "or":
        return any(implied_by(arm, clauses) for arm in part.args)
    return any(_clause_implies(clause, part) for clause in clauses)


def _clause_implies(clause, part) -> bool:
    if same_expression(clause, part):
        return True
    if isinstance(clause, BoolExpr) and clause.op == "or":
        # every arm must imply it
        return all(any(_clause_implies(c, part) for c in conjuncts(arm))
                   for arm in clause.args)
    if isinstance(part, NullTest) and not part.is_null:
        return _proves_not_null(clause, part.arg)
    boolean = _boolean_test(part)
    if boolean is not None:
        return _boolean_test(clause) == boolean
    return _range_implies(clause, part)


def _proves_not_null(clause, arg) -> bool:
    if isinstance(clause, NullTest):
        return not clause.is_null and same_expression(clause.arg, arg)
    if isinstance(clause, OpExpr) and clause.strict:
        return any(same_expression(a, arg) for a in clause.args)
    return _boolean_test(clause) is not None and _boolean_test(clause)[0] == arg


def _boolean_test(expr):
    """(boolean expression, wanted value) for `b`, `NOT b`, `b = true`, `b IS FALSE`...;
    None for anything else. Only a Var counts as the bare boolean."""
    if isinstance(expr, Var) and expr.type_oid == BOOL:
        return expr, True
    if isinstance(expr, BoolExpr) and expr.op == "not" and isinstance(expr.args[0], Var) \
            and expr.args[0].type_oid == BOOL:
        return expr.args[0], False
    if isinstance(expr, BooleanTest) and expr.test in ("IS_TRUE", "IS_FALSE") \
            and isinstance(expr.arg, Var):
        return expr.arg, expr.test == "IS_TRUE"
    if isinstance(expr, OpExpr) and expr.operator_name == "=" and len(expr.args) == 2:
        left, right = expr.args
        if isinstance(left, Var) and left.type_oid == BOOL and isinstance(right, Const) \
                and right.type_oid == BOOL and not right.is_null:
            return left, bool(right.value)
    return None


def _comparison(expr):
    """(expression, operator, constant) for `x op c` or `c op x` (commuted)."""
    if not isinstance(expr, OpExpr) or len(expr.args) != 2 \
            or expr.operator_name not in _COMPARISONS:
        return None
    left, right = expr.args
    if isinstance(right, Const) and not isinstance(left, Const):
        return left, expr.operator_name, right
    if isinstance(left, Const) and not isinstance(right, Const):
        return right, _COMMUTED[expr.operator_name], left
    return None


# For a predicate operator, per clause operator: the test on (clause constant c2,
# predicate constant c1) that makes `x op2 c2` imply `x op1 c1`.
_IMPLIES = {
    ">": {"=": lambda c2, c1: c2 > c1, ">": lambda c2, c1: c2 >= c1,
          ">=": lambda c2, c1: c2 > c1},
    ">=": {"=": lambda c2, c1: c2 >= c1, ">": lambda c2, c1: c2 >= c1,
           ">=": lambda c2, c1: c2 >= c1},
    "<": {"=": lambda c2, c1: c2 < c1, "<": lambda c2, c1: c2 <= c1,
          "<=": lambda c2, c1: c2 < c1},
    "<=": {"=": lambda c2, c1: c2 <= c1, "<": lambda c2, c1: c2 <= c1,
           "<=": lambda c2, c1: c2 <= c1},
    "=": {"=": lambda c2, c1: c2 == c1},
    "<>": {"=": lambda c2, c1: c2 != c1, "<": lambda c2, c1: c2 <= c1,
           "<=": lambda c2, c1: c2 < c1, ">": lambda c2, c1: c2 >= c1,
           ">=": lambda c2, c1: c2 > c1},
}


def _range_implies(clause, part) -> bool:
    mine, theirs = _comparison(clause), _comparison(part)
    if mine is None or theirs is None:
        return False
    x2, op2, c2 = mine
    x1, op1, c1 = theirs
    if not same_expression(x1, x2) or c1.type_oid != c2.type_oid or c1.is_null or c2.is_null:
        return False
    if c1.type_oid in _TEXT_TYPES and not (op1 in ("=", "<>") and op2 == "="):
        return False
    test = _IMPLIES.get(op1, {}).get(op2)
    if test is None:
        return False
    try:
        return bool(test(c2.value, c1.value))
    except TypeError:
        return False
