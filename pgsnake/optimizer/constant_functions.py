"""A function in FROM that folds to a constant is replaced by that constant
(PostgreSQL's pull_up_constant_function).

`SELECT * FROM cf, upper('x') u WHERE cf.b = u` plans as a scan of cf filtered by
b = 'X'::text: upper('x') is immutable over constants, so constant folding makes it one
value; the FROM item goes away and its column's references become the constant. A FROM
list left empty plans as a Result.

Entry points:
    has_candidate(query) -> bool     a top-level FROM item such a call (cheap to ask)
    pull_up(query) -> None           replace them (in place, on the planner's copy)

Only a plain call (not ROWS FROM, no WITH ORDINALITY, no column definition list) of a
function returning one value, directly in the FROM list, is replaced; one inside a JOIN
stays a Function Scan (PostgreSQL puts a Result there).

PostgreSQL: optimizer/prep/prepjointree.c (pull_up_constant_function,
preprocess_function_rtes).
"""
from __future__ import annotations

from pgsnake.optimizer import const_fold
from pgsnake.parser.expression_nodes import Const, FuncExpr

RECORD = 2249


def _constant_of(rte):
    """The constant a function RTE's call folds to, or None."""
    call = rte.function
    if rte.kind != "function" or rte.with_ordinality or not isinstance(call, FuncExpr) \
            or call.returns_set or call.type_oid == RECORD or len(rte.column_names) != 1:
        return None
    if not all(isinstance(a, Const) for a in call.args):
        return None
    folded = const_fold.eval_const_expressions(call)
    return folded if isinstance(folded, Const) else None


def _candidates(query) -> list:
    out = []
    for node in query.from_list:
        if node.rtindex:
            rte = query.range_table[node.rtindex - 1]
            if rte.kind == "function" and isinstance(rte.function, FuncExpr) \
                    and not rte.function.returns_set and not rte.with_ordinality:
                out.append(node)
    return out


def has_candidate(query) -> bool:
    return any(_constant_of(query.range_table[n.rtindex - 1]) is not None
               for n in _candidates(query))


def pull_up(query) -> None:
    from pgsnake.rewrite import tree_mapping
    for node in _candidates(query):
        rtindex = node.rtindex
        constant = _constant_of(query.range_table[rtindex - 1])
        if constant is None:
            continue

        def replace(var, depth, rtindex=rtindex, constant=constant):
            if var.levels_up == depth and var.rtindex == rtindex:
                return Const(constant.type_oid, constant.value, var.typmod)
            return None
        query.from_list = [n for n in query.from_list if n is not node]
        tree_mapping.map_query(query, replace)
