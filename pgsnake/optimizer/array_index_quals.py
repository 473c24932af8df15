"""`column = ANY (array)` and `column IN (list)` as B-tree index clauses, and what they
do to an index scan's cost.

A ScalarArrayOpExpr is an index clause when it is `column op ANY (operand)` (use_or, the
column on the left), op is the `=` of the column's operator family (B-tree strategy 3)
and the operand is a pseudo-constant: a constant array, an IN list of pseudo-constants,
or an array-valued Param / stable expression. The IndexClause's strategy is "= ANY" and
its operand an expression yielding the array (an IN list's items as an ArrayExpr); the
executor evaluates it when the scan starts and the B-tree runs one scan per distinct
non-NULL element (access/nbtree/array_keys.py).

Costs (btcostestimate / genericcostestimate): every array clause multiplies the number
of primitive index scans ("num_sa_scans") by its estimated element count (the list's
length; 10 when only known at run time, estimate_array_length); the tuples read per scan
are the bound quals' rows divided by that count; the leaf pages read, the per-tuple CPU
and the descent costs are then charged once per scan (the pages through the cache, as
for a repeated inner scan). A unique index with array clauses never counts as reading
one tuple.

Selectivity on a unique column (var_eq_const's isunique case, summed over the elements
as disjoint probabilities by scalararraysel): k non-NULL constant elements select
k / tuples of the table.

Entry points: match_array_clause(index, rtindex, clause, column_var), scan_count(clauses),
bound_scan_count(clauses), unique_array_selectivity(qual, rtindex, unique, tuples),
ARRAY_STRATEGY.

PostgreSQL: optimizer/path/indxpath.c (match_saopclause_to_indexcol),
utils/adt/selfuncs.c (btcostestimate, genericcostestimate, estimate_array_length,
scalararraysel).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.datatypes import operators, registry
from pgsnake.optimizer import cost
from pgsnake.parser.expression_nodes import ArrayExpr, Const, ScalarArrayOpExpr, Var
from pgsnake.utils.errors import PgError

ARRAY_STRATEGY = "= ANY"


def _operator_oid(clause: ScalarArrayOpExpr) -> int | None:
    """The element comparison operator's OID (the node keeps only its name and
    function)."""
    try:
        op = operators.resolve_operator(clause.operator_name, clause.arg.type_oid,
                                        clause.element_type)
    except PgError:
        return None
    return op.oid


def _array_operand(clause: ScalarArrayOpExpr):
    """An expression yielding the clause's array: its array operand, or the IN list's
    items as ARRAY[...]."""
    if clause.array is not None:
        return clause.array
    try:
        array_type = registry.get_type(clause.element_type).array_oid
    except PgError:
        array_type = 0      # a user-defined element type: only the elements are used
    return ArrayExpr(tuple(clause.items), clause.element_type, array_type)


def match_array_clause(index, rtindex: int, clause, column_var):
    """The IndexClause for `clause` on `index`, or None. `column_var(expr, rtindex)`
    finds the table column an expression is (index_paths' own matcher)."""
    from pgsnake.optimizer.index_paths import IndexClause
    if not isinstance(clause, ScalarArrayOpExpr) or not clause.use_or:
        return None
    var = column_var(clause.arg, rtindex)
    if var is None:
        return None
    operand = clause.array if clause.array is not None else clause.items
    if clause.array is not None:
        if not cost.is_pseudo_constant(operand):
            return None
    elif not all(cost.is_pseudo_constant(item) for item in operand):
        return None
    operator_oid = _operator_oid(clause)
    if not operator_oid:
        return None
    for position, attnum in enumerate(index.heap_attnums[:index.key_count], start=1):
        if attnum != var.attnum:
            continue
        found = catalog_cache.btree_strategy(index.families[position - 1], operator_oid)
        if found is None or found[0] != 3:
            continue
        _strategy, left_type, right_type = found
        shown = clause if clause.arg is var else _with_bare_column(clause, var)
        return IndexClause(position, ARRAY_STRATEGY, _array_operand(clause),
                           right_type if right_type != left_type else None, clause, shown)
    return None


def _with_bare_column(clause, var):
    import dataclasses
    return dataclasses.replace(clause, arg=var)


def _array_length(clause) -> int:
    return cost.array_length_estimate(clause.clause)


def scan_count(clauses) -> float:
    """genericcostestimate's num_sa_scans: the product of the array clauses' lengths."""
    count = 1.0
    for clause in clauses:
        if clause.strategy == ARRAY_STRATEGY:
            length = _array_length(clause)
            if length > 1:
                count *= length
    return count


def bound_scan_count(bound_clauses) -> float:
    """btcostestimate's num_sa_scans: over the bound quals only."""
    return scan_count(bound_clauses)


def unique_array_selectivity(qual, rtindex: int, unique: set[int], tuples: float):
    """`unique column = ANY (constants)` (or ARRAY[...] of pseudo-constants): k non-NULL
    elements of `tuples` rows; an array known only at run time: 10 elements of
    1/tuples each, combined as independent (scalararraysel's generic case). None when the rule does not apply."""
    if not isinstance(qual, ScalarArrayOpExpr) or not qual.use_or \
            or qual.operator_name != "=" or tuples < 1.0:
        return None
    arg = qual.arg
    if not (isinstance(arg, Var) and arg.rtindex == rtindex and arg.attnum in unique
            and not arg.levels_up):
        return None
    known = qual.array is None                  # an IN list or a constant's elements
    items = qual.items
    if isinstance(qual.array, ArrayExpr) and not qual.array.multidims:
        items, known = qual.array.elements, True
    if known:
        if not all(cost.is_pseudo_constant(item) for item in items):
            return None
        selectivity = 0.0
        for item in items:
            if not (isinstance(item, Const) and item.is_null):
                selectivity += 1.0 / tuples
        return min(max(selectivity, 0.0), 1.0)
    if not cost.is_pseudo_constant(qual.array):
        return None
    selectivity = 0.0
    for _ in range(cost.array_length_estimate(qual)):
        selectivity = selectivity + 1.0 / tuples - selectivity / tuples
    return selectivity
