"""The planner's use of extended statistics (CREATE STATISTICS, built by ANALYZE): MCV
lists and functional dependencies for the selectivity of clauses on correlated columns of
one table (AND-ed, and MCV lists for the arguments of an OR too), and multi-column
n-distinct counts for GROUP BY / DISTINCT estimates.

MCV lists (statext_mcv_clauselist_selectivity, AND-ed clauses): clauses an MCV list can
evaluate (mcv_attnums) are grouped under the list covering most of their columns
(repeatedly, while one covers two or more); for each group, with `simple` the
independence estimate, `mcv` the summed frequency of the items all its clauses accept,
`base` their summed base frequency and `total` the list's whole frequency, the
selectivity is mcv + min(max(simple - base, 0), 1 - total). Those clauses are then done.

Entry points:
    clauselist_selectivity(quals, rtindex, lookup, list_selectivity)
        -> (selectivity of the clauses the dependencies estimated, the other clauses)
        `list_selectivity(clauses)` is the plain clause-list estimate (no extended
        statistics) used for each column's own clauses.
    multivariate_ndistinct(lookup, rtindex, keys) -> (ndistinct, matched keys) | None
    examine_expression(lookup, expr) -> VariableStats | None
        an expression's own statistics (stxdexpr), for examine_variable
    grouped_expression_key(lookup, expr) -> (rtindex, key) | None
    or_clause_selectivity(args, lookup, clause_selectivity) -> (selectivity, args left)
        the arguments of one OR clause (cost.clause_selectivity)

Dependencies (dependencies_clauselist_selectivity, PostgreSQL 15):
  1. compatible clauses: `column = pseudo-constant` (either side) and `column IN (...)`
     (= ANY) on a column of this table; each counts for its column;
  2. with at least two such columns, the dependencies of every statistics object of
     the table whose attributes are all among them are candidates; repeatedly the
     strongest is chosen (most attributes, then highest degree; the later one on a tie)
     and its implied column taken out of the set, until none is left;
  3. each involved column's selectivity is that of its own clauses; the chosen
     dependencies are applied in reverse order of choosing: with P(a) the product of
     the implying columns' selectivities and P(b) the implied one's, P(b) becomes
     f + (1 - f) * P(b) when P(a) <= P(b), else f * P(b) / P(a) + (1 - f) * P(b)
     (f the degree); the result is the product over the columns, clamped to [0, 1].
The clauses it estimated are left out of the rest of the estimate.

n-distinct (estimate_multivariate_ndistinct): among the table's objects with built
n-distinct counts, the one covering most of the grouped columns (at least two; the first
on a tie) gives the count of exactly the covered combination.

An object's expressions count in MCV lists (a clause on an expression equal to one of
them, the table renumbered), in n-distinct counts (a grouped expression equal to one
of them) and in dependencies (an expression fixed by a clause numbered -1, -2, ... in
the order the clauses name them, each object's dependencies renumbered so, as
PostgreSQL 15 does). Only plain
tables and materialized views are served (their statistics are built for
stxdinherit false; an inheritance parent would need the inherited build, which pgsnake
does not make).

PostgreSQL: statistics/extended_stats.c (statext_clauselist_selectivity,
statext_mcv_clauselist_selectivity, statext_is_compatible_clause, choose_best_statistics),
statistics/mcv.c (mcv_clauselist_selectivity, mcv_get_match_bitmap,
mcv_combine_selectivities), statistics/dependencies.c (dependencies_clauselist_selectivity,
dependency_is_compatible_clause, find_strongest_dependency,
clauselist_apply_dependencies), utils/adt/selfuncs.c (estimate_num_groups,
estimate_multivariate_ndistinct), optimizer/path/clausesel.c (clauselist_selectivity_ext).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import extended_statistics as es
from pgsnake.optimizer import cost
from pgsnake.parser.expression_nodes import (BoolExpr, CoerceExpr, Const, NullTest, OpExpr,
                                             ScalarArrayOpExpr, Var, walk)
from pgsnake.utils.errors import PgError

_TEXT, _VARCHAR = 25, 1043
MAX_KEYS = es.MAX_DIMENSIONS


def _objects(lookup, rtindex: int) -> tuple:
    if not 0 < rtindex <= len(lookup.range_table):
        return ()
    rte = lookup.range_table[rtindex - 1]
    if rte.kind != "relation" or rte.relation is None:
        return ()
    row = cc.class_row(rte.relation.oid)
    if row is None or row.relkind not in ("r", "m") or row.relhassubclass:
        return ()
    return es.objects_of(rte.relation.oid)


def _column(expr, rtindex: int) -> int | None:
    if isinstance(expr, CoerceExpr) and expr.type_oid == _TEXT \
            and isinstance(expr.arg, Var) and expr.arg.type_oid == _VARCHAR:
        expr = expr.arg             # a binary relabeling (RelabelType)
    if isinstance(expr, Var) and expr.rtindex == rtindex and not expr.levels_up \
            and expr.attnum > 0:
        return expr.attnum
    return None


def compatible_attnum(clause, rtindex: int) -> int | None:
    """dependency_is_compatible_clause: the column an equality clause fixes, or None."""
    if isinstance(clause, OpExpr) and clause.operator_name == "=" and len(clause.args) == 2:
        for column, other in (clause.args, clause.args[::-1]):
            attnum = _column(column, rtindex)
            if attnum is not None and cost.is_pseudo_constant(other):
                return attnum
        return None
    if isinstance(clause, ScalarArrayOpExpr) and clause.use_or \
            and clause.operator_name == "=":
        attnum = _column(clause.arg, rtindex)
        if attnum is None:
            return None
        elements = clause.items if clause.array is None else [clause.array]
        if all(cost.is_pseudo_constant(e) for e in elements):
            return attnum
    return None


def _strongest(dependencies: list, attnums: set):
    strongest = None
    for attributes, degree in dependencies:
        if strongest is not None:
            if len(attributes) < len(strongest[0]):
                continue
            if len(attributes) == len(strongest[0]) and strongest[1] > degree:
                continue
        if all(a in attnums for a in attributes):
            strongest = (attributes, degree)
    return strongest


def clauselist_selectivity(quals, rtindex: int, lookup, list_selectivity):
    """(selectivity, remaining clauses): MCV lists first, then functional dependencies
    on what they left (statext_clauselist_selectivity)."""
    quals = list(quals)
    if len(quals) < 2:
        return 1.0, quals
    objects = _objects(lookup, rtindex)
    if not objects:
        return 1.0, quals
    mcv_selectivity, quals = _mcv_clauselist_selectivity(quals, rtindex, objects,
                                                         list_selectivity)
    selectivity, quals = _dependencies_selectivity(quals, rtindex, objects, list_selectivity)
    return mcv_selectivity * selectivity, quals


# -- MCV lists ------------------------------------------------------------------------------

_MCV_OPERATORS = ("=", "<>", "<", "<=", ">", ">=")     # eqsel, neqsel, scalar*sel
_analysed: dict = {}


def object_expressions(statistics, rtindex: int) -> tuple:
    """The object's expressions with the table at `rtindex` (analysed once per text)."""
    if statistics.expressions is None:
        return ()
    key = (statistics.oid, statistics.expressions)
    found = _analysed.get(key)
    if found is None:
        from pgsnake.rewrite import index_expression_text
        found = _analysed[key] = tuple(index_expression_text.analysed_list(
            statistics.expressions, statistics.relation_oid))
    from pgsnake.optimizer.index_expression_paths import at_rtindex
    return tuple(at_rtindex(e, rtindex) for e in found)


def examine_expression(lookup, expr):
    """examine_variable's search of extended statistics, for an expression no index
    has statistics for: the first object of its table (OID order) with built expression
    statistics one of whose expressions equals `expr` gives that expression's
    pg_statistic entry, as a selectivity_stats.VariableStats; else None."""
    from pgsnake.optimizer.predicate_implication import same_expression
    from pgsnake.optimizer.selectivity_stats import VariableStats
    from pgsnake.parser.expression_nodes import expression_type
    variables = [n for n in walk(expr) if isinstance(n, Var)]
    rtindexes = {v.rtindex for v in variables}
    if len(rtindexes) != 1 or any(v.levels_up for v in variables):
        return None
    rtindex = rtindexes.pop()
    for statistics in _objects(lookup, rtindex):
        if es.KIND_EXPRESSIONS not in statistics.kinds or not statistics.expression_stats:
            continue
        for position, candidate in enumerate(object_expressions(statistics, rtindex)):
            if position < len(statistics.expression_stats) \
                    and same_expression(candidate, expr):
                return VariableStats(statistics.expression_stats[position],
                                     lookup.base_tuples.get(rtindex, 0.0),
                                     lookup.scan_rows.get(rtindex), expression_type(expr),
                                     False, lookup.range_table[rtindex - 1].relation, ())
    return None


def _dimension_keys(statistics, rtindex: int) -> list:
    """The object's dimensions as clause keys: attnums, then ("expr", expression)."""
    return list(statistics.keys) + [("expr", e)
                                    for e in object_expressions(statistics, rtindex)]


def _operand_key(expr, rtindex: int, expressions) -> object:
    attnum = _column(expr, rtindex)
    if attnum is not None:
        return attnum
    if expr in expressions:
        return ("expr", expr)
    return None


def mcv_attnums(clause, rtindex: int, expressions=()) -> set | None:
    """statext_is_compatible_clause: the columns (attnums) and statistics expressions
    (("expr", expression)) of a clause an MCV list can evaluate (`operand op constant`
    with an equality or ordering operator, `operand op ANY / ALL (constants)`,
    IS [NOT] NULL, a boolean column, AND / OR / NOT of those), or None."""
    attnum = _column(clause, rtindex)
    if attnum is not None:
        return {attnum} if clause.type_oid == 16 else None
    if isinstance(clause, OpExpr) and clause.operator_name in _MCV_OPERATORS \
            and len(clause.args) == 2:
        left, right = clause.args
        operand = left if isinstance(right, Const) else right if isinstance(left, Const) \
            else None
        key = _operand_key(operand, rtindex, expressions) if operand is not None else None
        return {key} if key is not None else None
    if isinstance(clause, ScalarArrayOpExpr) and clause.operator_name in _MCV_OPERATORS \
            and clause.array is None and all(isinstance(e, Const) for e in clause.items):
        key = _operand_key(clause.arg, rtindex, expressions)
        return {key} if key is not None else None
    if isinstance(clause, NullTest):
        key = _operand_key(clause.arg, rtindex, expressions)
        return {key} if key is not None else None
    if isinstance(clause, BoolExpr):
        out: set = set()
        for arg in clause.args:
            found = mcv_attnums(arg, rtindex, expressions)
            if found is None:
                return None
            out |= found
        return out
    return None


def _value(operand, values: dict, rtindex: int):
    attnum = _column(operand, rtindex)
    return values[attnum if attnum is not None else ("expr", operand)]


def _matches(clause, values: dict, rtindex: int) -> bool:
    """Does an MCV item (clause key -> value, None for NULL) satisfy the clause
    (mcv_get_match_bitmap)?"""
    if isinstance(clause, BoolExpr):
        if clause.op == "and":
            return all(_matches(a, values, rtindex) for a in clause.args)
        if clause.op == "or":
            return any(_matches(a, values, rtindex) for a in clause.args)
        return not _matches(clause.args[0], values, rtindex)
    if isinstance(clause, NullTest):
        return (_value(clause.arg, values, rtindex) is None) == clause.is_null
    if isinstance(clause, OpExpr):
        left, right = clause.args
        if isinstance(right, Const):
            value, constant, swap = _value(left, values, rtindex), right.value, False
        else:
            value, constant, swap = _value(right, values, rtindex), left.value, True
        if value is None or constant is None:
            return False
        return _call(clause.fn, (constant, value) if swap else (value, constant))
    if isinstance(clause, ScalarArrayOpExpr):
        value = _value(clause.arg, values, rtindex)
        if value is None:
            return False
        results = [False if e.value is None else _call(clause.fn, (value, e.value))
                   for e in clause.items]
        return any(results) if clause.use_or else all(results)
    return _value(clause, values, rtindex) is True          # a boolean column


def _call(fn, args) -> bool:
    """The operator on an MCV item's value; one that fails on it (an overflow, values
    it cannot compare) only makes the item not match: planning must not fail."""
    try:
        return bool(fn(*args))
    except (PgError, TypeError, ValueError, ArithmeticError):
        return False


def _choose_best(objects, clause_keys: list, rtindex: int):
    """choose_best_statistics: the MCV list covering the most clause columns and
    expressions (two at least), the one with fewer dimensions on a tie."""
    best, best_matched, best_keys = None, 2, MAX_KEYS + 1
    for statistics in objects:
        keys = set(_dimension_keys(statistics, rtindex))
        matched: set = set()
        for found in clause_keys:
            if found and found <= keys:
                matched |= found
        if len(matched) > best_matched or (len(matched) == best_matched
                                           and len(keys) < best_keys):
            best, best_matched, best_keys = statistics, len(matched), len(keys)
    return best


def _covering_lists(objects, clause_keys, rtindex):
    """Yield (statistics object, its dimension keys, indexes of the clauses it covers)
    for the best-covering MCV list (_choose_best) again and again, each clause given to
    one list only (clause_keys entries are set to None once covered), until no list
    covers any clause left."""
    while True:
        statistics = _choose_best(objects, clause_keys, rtindex)
        if statistics is None:
            return
        dimensions = _dimension_keys(statistics, rtindex)
        keys = set(dimensions)
        covered = [i for i, found in enumerate(clause_keys) if found and found <= keys]
        for i in covered:
            clause_keys[i] = None
        yield statistics, dimensions, covered


def _mcv_clauselist_selectivity(quals, rtindex, objects, list_selectivity):
    """statext_mcv_clauselist_selectivity for AND-ed clauses: for each chosen MCV list,
    its clauses get the MCV items' matching frequency, plus the independence estimate
    of what the list does not cover (mcv_combine_selectivities)."""
    objects = [o for o in objects if o.mcv is not None]
    if not objects:
        return 1.0, quals
    expressions = [e for o in objects for e in object_expressions(o, rtindex)]
    clause_keys = [mcv_attnums(q, rtindex, expressions) for q in quals]
    estimated: set = set()
    selectivity = 1.0
    for statistics, dimensions, covered in _covering_lists(objects, clause_keys, rtindex):
        estimated.update(covered)
        chosen = [quals[i] for i in covered]
        simple = list_selectivity(chosen)
        mcv_sel = base_sel = total_sel = 0.0
        for item in statistics.mcv.items:
            values = dict(zip(dimensions, item.values))
            total_sel += item.frequency
            if all(_matches(clause, values, rtindex) for clause in chosen):
                base_sel += item.base_frequency
                mcv_sel += item.frequency
        selectivity *= _combine(simple, mcv_sel, base_sel, total_sel)
    return selectivity, [q for i, q in enumerate(quals) if i not in estimated]


def _combine(simple: float, mcv_sel: float, base_sel: float, total_sel: float) -> float:
    """mcv_combine_selectivities."""
    other = min(max(simple - base_sel, 0.0), 1.0)
    other = min(other, 1.0 - total_sel)
    return min(max(mcv_sel + other, 0.0), 1.0)


def or_clause_selectivity(args, lookup, clause_selectivity):
    """(selectivity, the arguments left) for the arguments of an OR over one table's
    columns with MCV lists (clauselist_selectivity_or's statext_clauselist_selectivity
    with is_or): per chosen list, P(A or B) = P(A) + P(B) - P(A and B) term by term, each
    term (but a single-column one's own) and each overlap combined from the items as
    for AND-ed clauses; lists combine as independent."""
    args = list(args)
    rtindexes = {n.rtindex for a in args for n in walk(a) if isinstance(n, Var)}
    if len(rtindexes) != 1 or any(n.levels_up for a in args for n in walk(a)
                                  if isinstance(n, Var)):
        return 0.0, args
    rtindex = rtindexes.pop()
    objects = [o for o in _objects(lookup, rtindex) if o.mcv is not None]
    if not objects:
        return 0.0, args
    expressions = [e for o in objects for e in object_expressions(o, rtindex)]
    clause_keys = [mcv_attnums(a, rtindex, expressions) for a in args]
    simple_clause = [bool(found) and len(found) == 1 for found in clause_keys]
    estimated: set = set()
    selectivity = 0.0
    for statistics, dimensions, covered in _covering_lists(objects, clause_keys, rtindex):
        estimated.update(covered)
        chosen = [(args[i], simple_clause[i]) for i in covered]
        items = [(dict(zip(dimensions, item.values)), item) for item in statistics.mcv.items]
        or_matches = [False] * len(items)
        simple_or = stat_sel = 0.0
        for clause, is_simple in chosen:
            simple = clause_selectivity(clause)
            overlap_simple = simple_or * simple
            simple_or = min(max(simple_or + simple - overlap_simple, 0.0), 1.0)
            mcv_sel = base_sel = overlap_mcv = overlap_base = total_sel = 0.0
            for i, (values, item) in enumerate(items):
                total_sel += item.frequency
                if _matches(clause, values, rtindex):
                    mcv_sel += item.frequency
                    base_sel += item.base_frequency
                    if or_matches[i]:
                        overlap_mcv += item.frequency
                        overlap_base += item.base_frequency
                    or_matches[i] = True
            clause_sel = simple if is_simple else _combine(simple, mcv_sel, base_sel,
                                                           total_sel)
            overlap_sel = _combine(overlap_simple, overlap_mcv, overlap_base, total_sel)
            stat_sel = min(max(stat_sel + clause_sel - overlap_sel, 0.0), 1.0)
        selectivity = selectivity + stat_sel - selectivity * stat_sel
    return selectivity, [a for i, a in enumerate(args) if i not in estimated]


# -- functional dependencies ------------------------------------------------------------------

def _compatible_expression(clause, rtindex: int, expressions: list):
    """dependency_is_compatible_expression: the statistics expression an equality (or
    = ANY) clause against a pseudo-constant fixes, or None."""
    if isinstance(clause, OpExpr) and clause.operator_name == "=" and len(clause.args) == 2:
        for operand, other in (clause.args, clause.args[::-1]):
            if _column(operand, rtindex) is None and operand in expressions \
                    and cost.is_pseudo_constant(other):
                return operand
        return None
    if isinstance(clause, ScalarArrayOpExpr) and clause.use_or \
            and clause.operator_name == "=" and _column(clause.arg, rtindex) is None \
            and clause.arg in expressions:
        elements = clause.items if clause.array is None else [clause.array]
        if all(cost.is_pseudo_constant(e) for e in elements):
            return clause.arg
    return None


def _dependency_items(statistics, rtindex: int, attnums: set, unique: list) -> list:
    """The object's dependencies in the clauses' numbering (columns as attnums, the
    clauses' distinct expressions as -1, -2, ...), only those every attribute of which
    a clause fixes; none when fewer than two of its keys and expressions are there."""
    expressions = list(object_expressions(statistics, rtindex))
    matched = sum(1 for a in statistics.keys if a in attnums) + \
        sum(1 for e in unique for x in expressions if x == e)
    if matched < 2:
        return []
    if not unique and not expressions:
        return list(statistics.dependencies)
    out = []
    for attributes, degree in statistics.dependencies:
        mapped = []
        for attnum in attributes:
            if attnum > 0:
                if attnum not in attnums:
                    break
                mapped.append(attnum)
                continue
            expression = expressions[-attnum - 1]
            position = next((i for i, e in enumerate(unique) if e == expression), None)
            if position is None:
                break
            mapped.append(-(position + 1))
        else:
            out.append((tuple(mapped), degree))
    return out


def _dependencies_selectivity(quals, rtindex, objects, list_selectivity):
    objects = [o for o in objects if o.dependencies]
    if not objects:
        return 1.0, quals
    expressions = [e for o in objects for e in object_expressions(o, rtindex)]
    unique: list = []                 # the clauses' statistics expressions: -1, -2, ...
    by_clause = []
    for q in quals:
        key = compatible_attnum(q, rtindex)
        if key is None and expressions:
            expression = _compatible_expression(q, rtindex, expressions)
            if expression is not None:
                if expression not in unique:
                    unique.append(expression)
                key = -(unique.index(expression) + 1)
        by_clause.append(key)
    attnums = {a for a in by_clause if a is not None}
    if len(attnums) < 2:
        return 1.0, quals
    columns = {a for a in attnums if a > 0}
    candidates = [item for o in objects for item in _dependency_items(o, rtindex, columns,
                                                                      unique)
                  if sum(1 for a in item[0] if a in attnums) >= 2]
    chosen = []
    remaining_attnums = set(attnums)
    while True:
        dependency = _strongest(candidates, remaining_attnums)
        if dependency is None:
            break
        chosen.append(dependency)
        remaining_attnums.discard(dependency[0][-1])
    if not chosen:
        return 1.0, quals
    involved = sorted({a for attributes, _ in chosen for a in attributes})
    selectivity_of = {}
    estimated = set()
    for attnum in involved:
        clauses = [q for q, a in zip(quals, by_clause) if a == attnum]
        estimated.update(i for i, a in enumerate(by_clause) if a == attnum)
        selectivity_of[attnum] = list_selectivity(clauses)
    for attributes, degree in reversed(chosen):
        s1 = 1.0
        for attnum in attributes[:-1]:
            s1 *= selectivity_of[attnum]
        s2 = selectivity_of[attributes[-1]]
        if s1 <= s2:
            selectivity_of[attributes[-1]] = degree + (1 - degree) * s2
        else:
            selectivity_of[attributes[-1]] = degree * s2 / s1 + (1 - degree) * s2
    s = 1.0
    for attnum in involved:
        s *= selectivity_of[attnum]
    s = 0.0 if s < 0.0 else 1.0 if s > 1.0 else s
    return s, [q for i, q in enumerate(quals) if i not in estimated]


def multivariate_ndistinct(lookup, rtindex: int, keys) -> tuple[float, set] | None:
    """(the n-distinct count, the keys it covers) or None; `keys` are attnums and
    ("expr", expression) for grouped expressions equal to a statistics expression.
    The object matching most expressions, then most columns, wins (the first on a
    tie)."""
    wanted = set(keys)
    best, best_exprs, best_vars = None, 0, 0
    for statistics in _objects(lookup, rtindex):
        if not statistics.ndistinct:
            continue
        dimensions = _dimension_keys(statistics, rtindex)
        shared = wanted & set(dimensions)
        n_exprs = sum(1 for k in shared if isinstance(k, tuple))
        n_vars = len(shared) - n_exprs
        if len(shared) < 2:
            continue
        if n_exprs > best_exprs or (n_exprs == best_exprs and n_vars > best_vars):
            best, best_exprs, best_vars = statistics, n_exprs, n_vars
    if best is None:
        return None
    dimensions = _dimension_keys(best, rtindex)
    matched = wanted & set(dimensions)
    nkeys = len(best.keys)
    codes = {dimension: dimension if i < nkeys else -(i - nkeys + 1)
             for i, dimension in enumerate(dimensions)}
    attributes_wanted = {codes[k] for k in matched}
    for attributes, ndistinct in best.ndistinct:
        if len(attributes) == len(attributes_wanted) and set(attributes) == attributes_wanted:
            return ndistinct, matched
    return None


def grouped_expression_key(lookup, expr) -> tuple[int, tuple] | None:
    """(rtindex, ("expr", expr)) when a grouped expression over one table equals an
    expression of one of its statistics objects with n-distinct counts, else None."""
    rtindexes = {n.rtindex for n in walk(expr) if isinstance(n, Var)}
    if len(rtindexes) != 1 or any(n.levels_up for n in walk(expr) if isinstance(n, Var)):
        return None
    rtindex = rtindexes.pop()
    for statistics in _objects(lookup, rtindex):
        if statistics.ndistinct and expr in object_expressions(statistics, rtindex):
            return rtindex, ("expr", expr)
    return None
