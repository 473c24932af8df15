"""ANALYZE's part for extended statistics objects (CREATE STATISTICS): multi-column
n-distinct counts and functional dependencies, from the same sample as the columns'
statistics, stored in pg_statistic_ext_data.

For each statistics object of the table (OID order):
  - every key column must have been analyzed in this run (not attstattarget 0, and in
    the column list if one was given); else WARNING "statistics object ... could not be
    computed" and the object is skipped;
  - its target: stxstattarget, else the largest of its columns' targets; 0 skips it;
  - ndistinct ('d'): for every combination of two or more of its columns (by size, then
    in lexicographic order), the distinct combinations in the sample (NULLs equal to
    each other), d, and those seen once, f1, through the Haas-Stokes Duj1 estimator
    n*d / (n - f1 + f1*n/N), clamped to [d, N] and rounded;
  - dependencies ('f'): for every k = 2 .. columns, every choice of k-1 implying columns
    (increasing) and one implied column not among them, the degree = the fraction of
    sample rows in groups (equal implying values) whose implied value is single; only
    degrees above 0 are kept (no item at all: NULL);
  - the old pg_statistic_ext_data row is replaced (stxdinherit false).
  - MCV list ('m'): the sample's distinct combinations, most common first (ties in
    the order PostgreSQL's qsort leaves them in, utils/pg_qsort.py), at most
    `target` of them and only those seen at least get_mincount_for_mcv_list times
    (every one when the sample is the whole table), with frequency and base frequency.
An object's expressions are evaluated over the sample rows and take part as dimensions
-1, -2, ... after its columns; each also gets a column's statistics ('e': null fraction,
width, n_distinct, MCVs, histogram, correlation with the object's target), stored as
pg_statistic entries (starelid 0) of the array stxdexpr.

Entry point: build_extended_statistics(relation, analyzed_columns, sample, explicit
column list or None).

PostgreSQL: statistics/extended_stats.c (BuildRelationExtStatistics,
statext_compute_stattarget, lookup_var_attr_stats, statext_store),
statistics/mvdistinct.c (statext_ndistinct_build, ndistinct_for_combination,
estimate_ndistinct, generator_init), statistics/dependencies.c
(statext_dependencies_build, dependency_degree, DependencyGenerator), statistics/mcv.c
(statext_mcv_build, get_mincount_for_mcv_list, build_distinct_groups).
"""
from __future__ import annotations

import itertools
import math
from collections import Counter

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import extended_statistics as es
from pgsnake.catalog.statistic_rows import order_key
from pgsnake.utils import notices, process_state, settings
from pgsnake.utils.pg_qsort import pg_qsort


def _key(value):
    """A value's identity for grouping and ordering: NULLs are equal to each other and
    sort after every value (the sort comparator PostgreSQL groups with); an array by
    its array order (a hashable key)."""
    if value is None:
        return (1, None)
    return (0, _value_key(value))


def _value_key(value):
    """A non-NULL value's order (and hashable identity): arrays by array order."""
    if isinstance(value, list):
        from pgsnake.commands.column_statistics import array_order_key
        return array_order_key(value)
    return order_key(value)


def estimate_ndistinct(total_rows: float, sample_rows: int, d: int, f1: int) -> float:
    numer = float(sample_rows) * float(d)
    denom = float(sample_rows - f1) + float(f1) * float(sample_rows) / total_rows
    ndistinct = numer / denom if denom else float(d)
    ndistinct = min(max(ndistinct, float(d)), total_rows)
    return math.floor(ndistinct + 0.5)


def build_ndistinct(columns: list[list], attnums: list[int], total_rows: float) -> tuple:
    """pg_ndistinct items for every combination of two or more of the columns."""
    sample_rows = len(columns[0])
    items = []
    for k in range(2, len(attnums) + 1):
        for combination in itertools.combinations(range(len(attnums)), k):
            counts = Counter(zip(*(columns[i] for i in combination)))
            d = len(counts)
            f1 = sum(1 for c in counts.values() if c == 1)
            items.append((tuple(attnums[i] for i in combination),
                          estimate_ndistinct(total_rows, sample_rows, d, f1)))
    return tuple(items)


def _dependency_order(n: int, k: int):
    """DependencyGenerator's order: the k-1 implying positions in increasing order, for
    each every implied position not among them."""
    for implying in itertools.combinations(range(n), k - 1):
        for implied in range(n):
            if implied not in implying:
                yield implying + (implied,)


def dependency_degree(columns: list[list], dependency: tuple) -> float:
    sample_rows = len(columns[0])
    implied: dict = {}
    sizes: Counter = Counter()
    for row in range(sample_rows):
        group = tuple(columns[i][row] for i in dependency[:-1])
        sizes[group] += 1
        implied.setdefault(group, set()).add(columns[dependency[-1]][row])
    supporting = sum(size for group, size in sizes.items() if len(implied[group]) == 1)
    return supporting * 1.0 / sample_rows


def build_dependencies(columns: list[list], attnums: list[int]) -> tuple | None:
    items = []
    for k in range(2, len(attnums) + 1):
        for dependency in _dependency_order(len(attnums), k):
            degree = dependency_degree(columns, dependency)
            if degree == 0.0:
                continue
            items.append((tuple(attnums[i] for i in dependency), degree))
    return tuple(items) or None


def mincount_for_mcv_list(sample_rows: int, total_rows: float) -> float:
    """get_mincount_for_mcv_list: the count an MCV item needs (0 when the sample is the
    whole table)."""
    n, big_n = float(sample_rows), total_rows
    denominator = big_n - n + 0.04 * n * (big_n - 1)
    return 0.0 if denominator == 0.0 else n * (big_n - n) / denominator


def build_mcv(values: list[list], keys: list[list], type_oids: list[int], total_rows: float,
              target: int):
    """pg_mcv_list value (extended_statistics_types.McvList) or None: the most common
    combinations, most common first (ties as PostgreSQL's qsort leaves them), as many
    as the target allows and as are at least mincount_for_mcv_list common; each with
    its frequency and base frequency (the product of its values' own frequencies)."""
    from pgsnake.datatypes.extended_statistics_types import McvItem, McvList
    sample_rows = len(values[0])
    counts: Counter = Counter()
    first_row: dict = {}
    for row, combination in enumerate(zip(*keys)):
        counts[combination] += 1
        first_row.setdefault(combination, row)
    groups = sorted(counts.items())                     # multi-column value order
    # Most common first, with PostgreSQL's (unstable) qsort: which of equally common
    # groups come first, and so are kept, is its doing.
    pg_qsort(groups, lambda x, y: 0 if x[1] == y[1] else -1 if x[1] > y[1] else 1)
    nitems = min(target, len(groups))
    mincount = mincount_for_mcv_list(sample_rows, total_rows)
    for i in range(nitems):
        if groups[i][1] < mincount:
            nitems = i
            break
    if nitems == 0:
        return None
    column_counts = [Counter(column) for column in keys]
    items = []
    for combination, count in groups[:nitems]:
        row = first_row[combination]
        base = 1.0
        for dimension, key in enumerate(combination):
            base *= column_counts[dimension][key] / sample_rows
        items.append(McvItem(tuple(column[row] for column in values), count / sample_rows,
                             base))
    return McvList(tuple(type_oids), tuple(items))


def _target(row, analyzed_by_attnum: dict) -> int:
    """statext_compute_stattarget."""
    if row.stxstattarget >= 0:
        return row.stxstattarget
    target = max((analyzed_by_attnum[a].target for a in row.stxkeys), default=-1)
    return target if target >= 0 else settings.get("default_statistics_target")


def build_extended_statistics(relation, analyzed: list, sample) -> None:
    """Build and store every statistics object of `relation` (see the module docstring)."""
    rows = es.rows_of_table(relation.oid)
    if not rows or not sample.rows:
        return
    analyzed_by_attnum = {c.attnum: c for c in analyzed}
    for row in rows:
        keys = list(row.stxkeys or ())
        if any(attnum not in analyzed_by_attnum for attnum in keys):
            if process_state.process_kind != "autovacuum worker":
                notices.emit(
                    "42P17", f'statistics object "{cc.namespace_name(row.stxnamespace)}.'
                    f'{row.stxname}" could not be computed for relation '
                    f'"{relation.namespace_name}.{relation.name}"', severity="WARNING")
            continue
        target = _target(row, analyzed_by_attnum)
        if target == 0:
            continue
        values = [[values[attnum - 1] if attnum <= len(values) else None
                   for values in sample.rows] for attnum in keys]
        type_oids = [analyzed_by_attnum[a].type_oid for a in keys]
        dimensions = list(keys)
        expression_stats = None
        if row.stxexprs is not None:
            # The expressions are dimensions -1, -2, ... after the columns.
            expressions = list(_expression_values(relation, row.stxexprs, sample.rows))
            for number, (column, type_oid, _expr) in enumerate(expressions, start=1):
                values.append(column)
                type_oids.append(type_oid)
                dimensions.append(-number)
            if es.KIND_EXPRESSIONS in (row.stxkind or ()):
                expression_stats = [
                    _expression_statistics(column, type_oid, expr, target, sample)
                    for column, type_oid, expr in expressions]
        columns = [[_key(value) for value in column] for column in values]
        kinds = row.stxkind or ()
        ndistinct = build_ndistinct(columns, dimensions, sample.total_rows) \
            if es.KIND_NDISTINCT in kinds else None
        dependencies = build_dependencies(columns, dimensions) \
            if es.KIND_DEPENDENCIES in kinds else None
        mcv = build_mcv(values, columns, type_oids, sample.total_rows, target) \
            if es.KIND_MCV in kinds else None
        if mcv is not None:
            from pgsnake.datatypes.extended_statistics_types import serialize_mcv
            mcv = serialize_mcv(mcv, _value_key)
        es.store_data(row.oid, False, ndistinct, dependencies, mcv, expression_stats)


def _expression_statistics(values: list, type_oid: int, expr, target: int, sample):
    """compute_expr_stats: one expression's statistics over the sample, as a column's
    (its target the object's; its width that of a computed value, never short-headed),
    for a pg_statistic entry of stxdexpr (starelid and staattnum 0)."""
    from pgsnake.commands import analyze
    from pgsnake.commands.column_statistics import AnalyzedColumn
    from pgsnake.parser import collations
    type_row = cc.get_type_row(type_oid)
    typlen = type_row.typlen if type_row is not None else -1
    eq, lt = analyze._SortOperators().of(type_oid)
    _stored, raw = analyze._width_functions(type_oid, typlen)
    collation = _expression_collation(expr, type_oid, collations)
    column = AnalyzedColumn(0, type_oid, typlen, target, eq, lt, collation, raw, raw)
    return analyze._column_stats(column, values, len(sample.rows), sample.total_rows)


def _expression_collation(expr, type_oid: int, collations) -> int:
    """exprCollation, as far as pgsnake keeps it: an explicit COLLATE on top, else the
    default collation for a collatable type (pgsnake compares by code point)."""
    if not collations.is_collatable(type_oid):
        return 0
    return getattr(expr, "collation_oid", 0) or collations.DEFAULT_COLLATION_OID


def _expression_values(relation, stored: str, rows: list):
    """(values over the sample rows, type) of each of an object's expressions."""
    from pgsnake.executor.expression_eval import compile_expression
    from pgsnake.executor.index_entries import make_estate
    from pgsnake.parser.expression_nodes import expression_type
    from pgsnake.rewrite import index_expression_text
    width = len(relation.attributes)
    layout = {("var", 1, a.attnum): a.attnum - 1 for a in relation.attributes}
    estate = make_estate()
    padded = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in rows]
    for expr in index_expression_text.analysed_list(stored, relation.oid):
        evaluate = compile_expression(expr, layout)
        yield [evaluate(r, estate) for r in padded], expression_type(expr), expr
