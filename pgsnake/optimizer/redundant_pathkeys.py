"""Sort keys that order nothing: a constant, or a column WHERE equates to a constant.

PostgreSQL builds pathkeys on equivalence classes and drops a pathkey whose class holds
a constant (pathkey_is_redundant): `WHERE four = 0 ORDER BY four` needs no Sort, and
`SELECT DISTINCT four FROM t WHERE four = 0` is a Unique comparing no column at all
(the first row is the only distinct one) directly over the scan.

Entry points:
    note_constant_classes(planner, classes)   after the FROM clause is deconstructed:
                                              remembers the columns equal to a constant
    is_redundant(planner, expr) -> bool       a sort / DISTINCT key that orders nothing

Invariant: under grouping sets nothing is redundant (a grouped column, even a constant,
is NULL in the rows of the sets that leave it out, so it does order them).

PostgreSQL: optimizer/path/pathkeys.c (pathkey_is_redundant, make_pathkeys_for_sortclauses),
optimizer/path/equivclass.c (ec_has_const).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import Const, Var


def note_constant_classes(planner, classes) -> None:
    planner.constant_keys = frozenset(
        ("var", m.rtindex, m.attnum) for ec in classes
        if ec.has_const and not ec.is_broken
        for m in ec.members if isinstance(m, Var) and not m.levels_up)


def is_redundant(planner, expr) -> bool:
    if planner.query.grouping_sets:
        return False
    if isinstance(expr, Const):
        return True
    return isinstance(expr, Var) and not expr.levels_up and \
        ("var", expr.rtindex, expr.attnum) in getattr(planner, "constant_keys", ())


__all__ = ["is_redundant", "note_constant_classes"]
