"""Selectivity and group-count estimates from ANALYZE's statistics (pg_statistic).

cost.py holds the defaults PostgreSQL uses when nothing is known about a column; this
module answers instead whenever the column has a pg_statistic row. Every estimator here
returns None when it has nothing better than the default, and the caller falls back to
cost.py, so a never-analyzed table is planned exactly as before.

Entry points:
    StatisticsLookup(range_table, base_tuples, scan_rows, unique_columns)
        examine_variable: what the planner knows about a column of one of its tables
    clause_selectivity(clause, lookup) -> float | None
        var = const (MCVs, else the remaining values equally common), var <> const,
        var < > <= >= const (MCVs plus histogram interpolation), var = parameter,
        IS [NOT] NULL, a boolean column, IS [NOT] TRUE/FALSE/UNKNOWN, IN (...) lists,
        user operators estimated by matchingsel (generic_selectivity.py), array
        @> <@ && and `constant = ANY (array column)`, tsvector @@ tsquery
        (element_selectivity.py)
    null_fraction(expr, lookup) -> float | None    for a range clause's NULL correction
    column_width(rte, attnum), variable_width(expr, lookup)   stawidth for plan widths
See also join_group_statistics.py: joins, hash buckets, group counts, index correlation.

Values are compared with Python's operators, as the executor sorts them (the C
collation for text); a constant that cannot be compared with the column's statistics
(e.g. a date against timestamps) gives None, i.e. the default.

PostgreSQL: utils/adt/selfuncs.c (examine_variable, get_variable_numdistinct,
var_eq_const, var_eq_non_const, scalarineqsel, mcv_selectivity,
ineq_histogram_selectivity, convert_to_scalar, convert_string_to_scalar, nulltestsel,
booltestsel, boolvarsel, scalararraysel), utils/adt/like_support.c (patternsel_common,
prefix_selectivity), optimizer/path/clausesel.c (clause_selectivity).
"""
from __future__ import annotations

import dataclasses
import datetime
import decimal
import math

from pgsnake.catalog import statistic_rows
from pgsnake.optimizer import cost, index_expression_paths, index_range, pattern_selectivity
from pgsnake.catalog.statistic_rows import (STATISTIC_KIND_HISTOGRAM, STATISTIC_KIND_MCV,
                                            ColumnStatistics, find_slot, order_key)
from pgsnake.parser.expression_nodes import (BooleanTest, CoerceExpr, Const, FuncExpr,
                                             NullTest, OpExpr, ScalarArrayOpExpr,
                                             Var, walk)
from pgsnake.utils.errors import PgError

DEFAULT_NUM_DISTINCT = 200
DISTINCT_FUNCTIONS = ("is distinct from", "is not distinct from")   # (parser's FuncExprs)
_TEXT, _VARCHAR = 25, 1043
MIN_HISTOGRAM_FOR_PATTERNS = 100     # below it, patternsel blends in the heuristic
BOOL_OID = 16
_INEQUALITIES = {"<": (False, False), "<=": (False, True), ">": (True, False),
                 ">=": (True, True),
                 # text_pattern_ops' bytewise comparisons (scalarltsel ...): the same
                 # as the plain ones in pgsnake's C collation
                 "~<~": (False, False), "~<=~": (False, True), "~>~": (True, False),
                 "~>=~": (True, True)}
_COMMUTED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>",
             "~<~": "~>~", "~<=~": "~>=~", "~>~": "~<~", "~>=~": "~<=~"}
_STRING_TYPES = {25, 1042, 1043, 19}          # text, bpchar, varchar, name
_MAX_STRING_CHARS = 12                         # convert_one_string_to_scalar's limit
_ELEMENT_OPERATOR_NAMES = ("@>", "<@", "&&", "@@")


def clamp_probability(p: float) -> float:
    """CLAMP_PROBABILITY."""
    return 0.0 if p < 0.0 else 1.0 if p > 1.0 else p


@dataclasses.dataclass(slots=True)
class VariableStats:
    """examine_variable's VariableStatData for a column of a base table."""
    stats: ColumnStatistics | None
    tuples: float               # the table's estimated rows (rel->tuples)
    rows: float | None          # rows left after its restriction clauses (rel->rows)
    type_oid: int
    is_unique: bool             # a one-column unique index covers it
    relation: object = None     # the table, and B-tree indexes leading with the column,
    indexes: tuple = ()         # for get_actual_variable_range
    _range: object = None       # its answer, once asked: (min, max) or False

    def actual_range(self):
        """The column's current (min, max) read from a B-tree index that leads with it,
        or None when there is no such index (get_actual_variable_range)."""
        if self._range is None:
            self._range = False
            for index in self.indexes:
                found = index_range.actual_range(self.relation, index)
                if found is not None:
                    self._range = found
                    break
        return self._range or None

    def numdistinct(self) -> tuple[float, bool]:
        """(estimate, is default) as get_variable_numdistinct."""
        null_frac = self.stats.null_frac if self.stats else 0.0
        if self.stats is not None:
            distinct = self.stats.distinct
        elif self.type_oid == BOOL_OID:
            distinct = 2.0
        else:
            distinct = 0.0
        if self.is_unique:
            distinct = -1.0 * (1.0 - null_frac)
        if distinct > 0.0:
            return cost.clamp_rows(distinct), False
        if self.tuples <= 0.0:
            return float(DEFAULT_NUM_DISTINCT), True
        if distinct < 0.0:
            return cost.clamp_rows(-distinct * self.tuples), False
        if self.tuples < DEFAULT_NUM_DISTINCT:
            return cost.clamp_rows(self.tuples), False
        return float(DEFAULT_NUM_DISTINCT), True


class StatisticsLookup:
    """What the planner of one query level knows about its base tables' columns."""

    def __init__(self, range_table, base_tuples: dict, scan_rows: dict,
                 unique_columns, table_indexes=None) -> None:
        self.range_table = range_table
        self.base_tuples = base_tuples          # rtindex -> rel tuples
        self.scan_rows = scan_rows              # rtindex -> rows after restrictions
        self.unique_columns = unique_columns    # rtindex -> set of attnums
        self.table_indexes = table_indexes or (lambda rtindex: ())   # -> index_paths.TableIndex
        self._examined: dict = {}
        self._examined_indexes: dict = {}       # (rtindex, attnum) -> table_indexes' answer

    def examine(self, expr) -> VariableStats | None:
        """Stats of a plain column of a table of this level (None for anything else)."""
        if isinstance(expr, CoerceExpr) and expr.type_oid == _TEXT \
                and isinstance(expr.arg, Var) and expr.arg.type_oid == _VARCHAR:
            expr = expr.arg                 # a binary relabeling (RelabelType): look through
        if not isinstance(expr, Var):       # an expression an index has statistics for?
            found = index_expression_paths.examine_expression(self, expr)
            if found is None:               # or a statistics object (CREATE STATISTICS)?
                from pgsnake.optimizer import extended_statistics
                found = extended_statistics.examine_expression(self, expr)
            return found
        if expr.levels_up or expr.attnum <= 0:
            return None
        if not 0 < expr.rtindex <= len(self.range_table):
            return None
        rte = self.range_table[expr.rtindex - 1]
        if rte.kind != "relation":
            return None
        key = (expr.rtindex, expr.attnum)
        tuples, rows = self.base_tuples.get(expr.rtindex, 0.0), self.scan_rows.get(expr.rtindex)
        is_unique = expr.attnum in self.unique_columns(expr.rtindex)
        table_indexes = self.table_indexes(expr.rtindex)
        known = self._examined.get(key)
        if known is not None and known.type_oid == expr.type_oid and known.tuples == tuples \
                and known.rows == rows and known.is_unique == is_unique \
                and self._examined_indexes.get(key) is table_indexes:
            # The join search asks for the same columns thousands of times: the answer
            # changes only with what examine_variable reads (the table's sizes, its
            # unique columns and indexes), so the same inputs give the same object.
            return known
        stats = statistic_rows.column_statistics(rte.relation.oid, expr.attnum)
        leading = tuple(ix for ix in table_indexes
                        if ix.heap_attnums and ix.heap_attnums[0] == expr.attnum)
        var = VariableStats(stats, tuples, rows, expr.type_oid, is_unique,
                            rte.relation, leading)
        self._examined_indexes[key] = table_indexes
        if known is not None and known.tuples == var.tuples and known.rows == var.rows:
            var._range = known._range           # one index probe per column and plan
        self._examined[key] = var
        return var

    def column(self, rtindex: int, attnum: int, type_oid: int) -> VariableStats | None:
        return self.examine(Var(rtindex, attnum, type_oid))


# -- widths ---------------------------------------------------------------------------

def column_width(rte, attnum: int) -> int:
    """A table column's average width: ANALYZE's stawidth when there is one
    (get_attavgwidth), else the type's estimate."""
    if rte.kind == "relation":
        stats = statistic_rows.column_statistics(rte.relation.oid, attnum)
        if stats is not None and stats.width > 0:
            return stats.width
    if attnum > len(rte.column_types):
        return 1      # a subquery's junk row-present flag (parser/composite_expressions.py)
    return cost.column_width(rte.column_types[attnum - 1], rte.column_typmods[attnum - 1])


def variable_width(expr, lookup: StatisticsLookup) -> int | None:
    """column_width of a Var of one of this level's tables, None for anything else.
    (Set operations project Vars of their leaves, which are not range table entries of
    the level: the type of the entry's column must match.)"""
    if not isinstance(expr, Var) or expr.attnum <= 0 or expr.levels_up \
            or not 0 < expr.rtindex <= len(lookup.range_table):
        return None
    rte = lookup.range_table[expr.rtindex - 1]
    if rte.kind != "relation" or expr.attnum > len(rte.column_types) \
            or rte.column_types[expr.attnum - 1] != expr.type_oid:
        return None
    return column_width(rte, expr.attnum)


# -- restriction clauses ----------------------------------------------------------------

def _variable_and_constant(expr: OpExpr, lookup: StatisticsLookup):
    """(VariableStats, other side, operator name with the variable on the left) for
    `column op other` either way round, or None."""
    if len(expr.args) != 2:
        return None
    left, right = expr.args
    var = lookup.examine(left)
    if var is not None:
        return var, right, expr.operator_name
    var = lookup.examine(right)
    if var is not None and expr.operator_name in _COMMUTED:
        return var, left, _COMMUTED[expr.operator_name]
    return None


def clause_selectivity(clause, lookup: StatisticsLookup) -> float | None:
    try:
        if isinstance(clause, OpExpr):
            element_estimate = _element_selectivity(clause, lookup)
            if element_estimate is not None:
                return element_estimate
            if clause.operator_name in pattern_selectivity.PATTERN_OPERATORS:
                return _pattern_selectivity(clause, lookup)
            from pgsnake.optimizer import generic_selectivity
            if generic_selectivity.is_matchingsel(clause.operator_oid):
                estimate = generic_selectivity.matching_selectivity(clause, lookup)
                if estimate is not None:
                    return estimate
            return _operator_selectivity(clause, lookup)
        if isinstance(clause, NullTest):
            var = lookup.examine(clause.arg)
            if var is None or var.stats is None:
                return None
            return var.stats.null_frac if clause.is_null else 1.0 - var.stats.null_frac
        if isinstance(clause, BooleanTest):
            return _boolean_test_selectivity(clause, lookup)
        if isinstance(clause, Var) and clause.type_oid == BOOL_OID:
            var = lookup.examine(clause)
            if var is None or var.stats is None:
                return None
            return var_eq_const(var, True)
        if isinstance(clause, ScalarArrayOpExpr):
            from pgsnake.optimizer import element_selectivity
            contained = element_selectivity.scalar_array_containment(clause, lookup)
            return contained if contained is not None else _array_selectivity(clause, lookup)
        if isinstance(clause, FuncExpr) and clause.function_name in DISTINCT_FUNCTIONS:
            # IS [NOT] DISTINCT FROM: PostgreSQL's DistinctExpr is 1 - the `=` estimate
            # (IS NOT DISTINCT FROM is NOT of it).
            equal = _operator_selectivity(
                OpExpr("=", 0, None, tuple(clause.args), BOOL_OID), lookup)
            if equal is None:
                return None
            return 1.0 - equal if clause.function_name == "is distinct from" else equal
    except TypeError:
        return None         # values Python cannot compare: keep the default
    return None


def _element_selectivity(expr: OpExpr, lookup: StatisticsLookup) -> float | None:
    """arraycontsel and tsmatchsel (element_selectivity.py) for operators whose
    restriction estimator is one of them (all named @> <@ && or @@)."""
    if expr.operator_name not in _ELEMENT_OPERATOR_NAMES:
        return None
    from pgsnake.optimizer import containment_selectivity, element_selectivity
    restrict = containment_selectivity.restriction_estimator(expr.operator_oid)
    if restrict == element_selectivity.ARRAYCONTSEL:
        return element_selectivity.array_containment_selectivity(expr, lookup)
    if restrict == element_selectivity.TSMATCHSEL:
        return element_selectivity.ts_match_selectivity(expr, lookup)
    return None


_EQSEL, _NEQSEL = 101, 102            # pg_proc OIDs of eqsel / neqsel


def _as_equality(expr: OpExpr) -> OpExpr:
    """An operator other than = / <> whose restriction estimator is eqsel / neqsel (point
    ~=, box ~=, ...) is estimated as = / <> are (its oprrest decides, as in PostgreSQL)."""
    if expr.operator_name in ("=", "<>") or expr.operator_name in _INEQUALITIES \
            or not expr.operator_oid:
        return expr
    from pgsnake.optimizer import containment_selectivity
    name = {_EQSEL: "=", _NEQSEL: "<>"}.get(
        containment_selectivity.restriction_estimator(expr.operator_oid))
    return expr if name is None else dataclasses.replace(expr, operator_name=name)


def _operator_selectivity(expr: OpExpr, lookup: StatisticsLookup) -> float | None:
    expr = _as_equality(expr)
    found = _variable_and_constant(expr, lookup)
    if found is None:
        return None
    var, other, operator = found
    if var.stats is None and not var.is_unique:
        return None
    other = estimated_value(other)
    if isinstance(other, Const):
        if operator == "=":
            return 0.0 if other.value is None else var_eq_const(var, other.value)
        if operator == "<>":
            return 0.0 if other.value is None else var_eq_const(var, other.value, negate=True)
        if operator in _INEQUALITIES and var.stats is not None:
            if other.value is None:
                return 0.0
            is_gt, is_eq = _INEQUALITIES[operator]
            # A pattern operator (~<~ ...) is not the histogram's ordering operator.
            return scalar_ineq_selectivity(var, other.value, is_gt, is_eq,
                                           histogram_order=not operator.startswith("~"))
        return None
    if operator in ("=", "<>") and _free_of_this_level(other):
        # A value fixed before the scan but unknown to the planner (a parameter, an
        # InitPlan's result, now()): eqsel's var_eq_non_const.
        return var_eq_non_const(var, negate=operator == "<>")
    return None


def _free_of_this_level(expr) -> bool:
    """No column of this query level in `expr` (get_restriction_variable's "other"
    side: an outer reference is a Param by now)."""
    return not any(isinstance(node, Var) and not node.levels_up for node in walk(expr))


def estimated_value(expr):
    """An operator or non-volatile function over constants, as the constant it gives
    (estimate_expression_value: `id < 10 + 5` is estimated as `id < 15`; pgsnake does
    not fold it in the plan itself). Anything else is returned as it is."""
    if isinstance(expr, (OpExpr, FuncExpr)) and expr.fn is not None:
        if getattr(expr, "volatility", "i") == "v" or getattr(expr, "returns_set", False):
            return expr
        args = [estimated_value(arg) for arg in expr.args]
        if not all(isinstance(arg, Const) for arg in args):
            return expr
        values = [arg.value for arg in args]
        if getattr(expr, "strict", True) and None in values:
            return Const(expr.type_oid, None)
        try:
            return Const(expr.type_oid, expr.fn(*values))
        except (PgError, TypeError, ValueError, ArithmeticError):
            return expr             # the executor reports it
    return expr


def var_eq_const(var: VariableStats, value, negate: bool = False) -> float:
    null_frac = var.stats.null_frac if var.stats else 0.0
    if var.is_unique and var.tuples >= 1.0:
        selectivity = 1.0 / var.tuples
    elif var.stats is not None:
        mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
        values = mcv.values if mcv else ()
        numbers = mcv.numbers if mcv else ()
        wanted = order_key(value)
        for mcv_value, frequency in zip(values, numbers):
            if order_key(mcv_value) == wanted:
                selectivity = frequency
                break
        else:
            # Not a common value: the rest are taken as equally common, and none as
            # common as the least common MCV.
            selectivity = clamp_probability(1.0 - sum(numbers) - null_frac)
            other_distinct = var.numdistinct()[0] - len(numbers)
            if other_distinct > 1:
                selectivity /= other_distinct
            if numbers and selectivity > numbers[-1]:
                selectivity = numbers[-1]
    else:
        selectivity = 1.0 / var.numdistinct()[0]
    if negate:
        selectivity = 1.0 - selectivity - null_frac
    return clamp_probability(selectivity)


def _pattern_selectivity(expr: OpExpr, lookup: StatisticsLookup) -> float | None:
    """patternsel with statistics, for the positive operator (a negated one is 1 - that
    - the NULLs): a fully fixed pattern as `=`; else the share of histogram entries
    matching (blended with prefix x rest for histograms under 100 entries) for the
    values the MCVs leave, plus the matching MCVs exactly."""
    parts = pattern_selectivity.pattern_parts(expr)
    if parts is None:
        return None
    variable, pattern, prefix, exact, rest, negated = parts
    var = lookup.examine(variable)
    if var is None or var.stats is None:
        return None
    null_frac = var.stats.null_frac

    def matches(value) -> bool:
        return bool(expr.fn(value, pattern.value)) != negated

    try:
        if exact:
            selectivity = var_eq_const(var, prefix)
        else:
            selectivity, histogram_size = _histogram_match_fraction(var, matches)
            if histogram_size < MIN_HISTOGRAM_FOR_PATTERNS:
                heuristic = (_prefix_selectivity(var, prefix) if prefix else 1.0) * rest
                if selectivity < 0:
                    selectivity = heuristic
                else:
                    weight = histogram_size / 100.0
                    selectivity = selectivity * weight + heuristic * (1.0 - weight)
            selectivity = min(max(selectivity, 0.0001), 0.9999)
            mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
            mcv_part = sum_common = 0.0
            if mcv is not None:
                for value, frequency in zip(mcv.values, mcv.numbers):
                    if matches(value):
                        mcv_part += frequency
                    sum_common += frequency
            selectivity = selectivity * (1.0 - null_frac - sum_common) + mcv_part
    except PgError:
        return None         # e.g. an invalid regular expression: the executor reports it
    selectivity = clamp_probability(selectivity)
    return clamp_probability(1.0 - selectivity - null_frac) if negated else selectivity


def _histogram_match_fraction(var: VariableStats, matches):
    """histogram_selectivity (at least 10 entries, one skipped at each end): (share of
    entries matching or -1, histogram size)."""
    slot = find_slot(var.stats, STATISTIC_KIND_HISTOGRAM)
    if slot is None or not slot.values:
        return -1.0, 0
    size = len(slot.values)
    if size < 10:
        return -1.0, size
    hits = sum(1 for value in slot.values[1:size - 1] if matches(value))
    return hits / (size - 2), size


def _prefix_selectivity(var: VariableStats, prefix: str) -> float:
    """prefix_selectivity: `x >= prefix AND x < next string after the prefix` from the
    histogram, no less than `x = prefix`; DEFAULT_MATCH_SEL without a histogram."""
    at_least = _histogram_selectivity(var, prefix, True, True)
    if at_least < 0.0:
        return pattern_selectivity.DEFAULT_MATCH_SEL
    greater = _greater_string(prefix)
    selectivity = at_least
    if greater is not None:
        selectivity = _histogram_selectivity(var, greater, False, False) + at_least - 1.0
    return max(selectivity, var_eq_const(var, prefix))


def _greater_string(prefix: str) -> str | None:
    """make_greater_string in the C collation: the prefix with its last character
    incremented (dropping characters that cannot be)."""
    while prefix:
        last = ord(prefix[-1])
        if last < 0x10FFFF:
            return prefix[:-1] + chr(last + 1)
        prefix = prefix[:-1]
    return None


def var_eq_non_const(var: VariableStats, negate: bool = False) -> float:
    """`column = value known only at run time`: 1 / n_distinct of the non-NULL rows, no
    more than the most common value's frequency."""
    null_frac = var.stats.null_frac if var.stats else 0.0
    if var.is_unique and var.tuples >= 1.0:
        selectivity = 1.0 / var.tuples
    elif var.stats is not None:
        selectivity = 1.0 - null_frac
        distinct = var.numdistinct()[0]
        if distinct > 1:
            selectivity /= distinct
        mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
        if mcv is not None and mcv.numbers and selectivity > mcv.numbers[0]:
            selectivity = mcv.numbers[0]
    else:
        selectivity = 1.0 / var.numdistinct()[0]
    if negate:
        selectivity = 1.0 - selectivity - null_frac
    return clamp_probability(selectivity)


_COMPARE = {(False, False): lambda a, b: order_key(a) < order_key(b),
            (False, True): lambda a, b: order_key(a) <= order_key(b),
            (True, False): lambda a, b: order_key(a) > order_key(b),
            (True, True): lambda a, b: order_key(a) >= order_key(b)}


def scalar_ineq_selectivity(var: VariableStats, value, is_gt: bool, is_eq: bool,
                            histogram_order: bool = True) -> float:
    """scalarineqsel: the MCVs that satisfy the clause count exactly; the histogram
    (which describes the other non-NULL values) gives the fraction of the rest.
    `histogram_order` False: the operator is not the one the histogram is sorted by
    (comparison_ops_are_compatible fails), so the fraction is of its entries that pass."""
    stats = var.stats
    compare = _COMPARE[(is_gt, is_eq)]
    mcv = find_slot(stats, STATISTIC_KIND_MCV)
    mcv_selectivity = sum_common = 0.0
    if mcv is not None:
        for mcv_value, frequency in zip(mcv.values, mcv.numbers):
            if compare(mcv_value, value):
                mcv_selectivity += frequency
            sum_common += frequency
    if histogram_order:
        histogram_fraction = _histogram_selectivity(var, value, is_gt, is_eq)
    else:
        histogram_fraction = _unordered_histogram_selectivity(var, value, compare)
    selectivity = 1.0 - stats.null_frac - sum_common
    selectivity *= histogram_fraction if histogram_fraction >= 0.0 else 0.5
    return clamp_probability(selectivity + mcv_selectivity)


def _unordered_histogram_selectivity(var: VariableStats, value, compare) -> float:
    """ineq_histogram_selectivity's brute-force case: the fraction of the histogram's
    entries that pass, kept a hundredth of a bucket away from 0 and 1; -1 when there
    is no histogram."""
    slot = find_slot(var.stats, STATISTIC_KIND_HISTOGRAM)
    if slot is None or not slot.values or len(slot.values) < 2:
        return -1.0
    matched = sum(1 for bound in slot.values if compare(bound, value))
    fraction = matched / len(slot.values)
    cutoff = 0.01 / (len(slot.values) - 1)
    return min(max(fraction, cutoff), 1.0 - cutoff)


def _histogram_selectivity(var: VariableStats, value, is_gt: bool, is_eq: bool) -> float:
    """ineq_histogram_selectivity, without the actual column ends an index could give
    (get_actual_variable_range); -1 when there is no histogram."""
    slot = find_slot(var.stats, STATISTIC_KIND_HISTOGRAM)
    if slot is None or not slot.values or len(slot.values) < 2:
        return -1.0
    bounds = list(slot.values)
    compare = _COMPARE[(is_gt, is_eq)]
    # The ends of the histogram are replaced by the column's actual current min / max
    # when an index can give them cheaply, and then the estimate is not clamped.
    have_end = False
    if len(bounds) == 2:
        have_end = _replace_ends(var, bounds, 0, 1)
    low_index, high_index = 0, len(bounds)
    while low_index < high_index:
        probe = (low_index + high_index) // 2
        if probe == 0 and len(bounds) > 2:
            have_end = _replace_ends(var, bounds, 0, None)
        elif probe == len(bounds) - 1 and len(bounds) > 2:
            have_end = _replace_ends(var, bounds, None, probe)
        below = compare(bounds[probe], value)
        if is_gt:
            below = not below
        if below:
            low_index = probe + 1
        else:
            high_index = probe
    if low_index <= 0:
        fraction = 0.0
    elif low_index >= len(bounds):
        fraction = 1.0
    else:
        i = low_index
        eq_selectivity = 0.0
        if i == 1 or is_gt == is_eq:
            other_distinct = var.numdistinct()[0]
            mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
            if mcv is not None and mcv.numbers:
                other_distinct -= len(mcv.numbers)
            if other_distinct > 1:
                eq_selectivity = 1.0 / other_distinct
        scaled = convert_to_scalar(value, bounds[i - 1], bounds[i], var.type_oid)
        if scaled is None:
            bin_fraction = 0.5
        else:
            point, low, high = scaled
            if high <= low:
                bin_fraction = 0.5
            elif point <= low:
                bin_fraction = 0.0
            elif point >= high:
                bin_fraction = 1.0
            else:
                bin_fraction = (point - low) / (high - low)
                if math.isnan(bin_fraction) or not 0.0 <= bin_fraction <= 1.0:
                    bin_fraction = 0.5
        fraction = (i - 1 + bin_fraction) / (len(bounds) - 1)
        # The first bound is the leftmost value of its bin (the others the rightmost):
        # "x <= first bound" should come out as eq_selectivity, not 0.
        if i == 1:
            fraction += eq_selectivity * (1.0 - bin_fraction)
        if is_gt == is_eq:              # "<" and ">=" exclude the value itself
            fraction -= eq_selectivity
    selectivity = 1.0 - fraction if is_gt else fraction
    if have_end:
        return clamp_probability(selectivity)
    # The bounds are only a sample and may be out of date: never believe less than a
    # hundredth of one bin.
    cutoff = 0.01 / (len(bounds) - 1)
    return min(max(selectivity, cutoff), 1.0 - cutoff)


def _replace_ends(var: VariableStats, bounds: list, low_at, high_at) -> bool:
    found = var.actual_range()
    if found is None:
        return False
    if low_at is not None:
        bounds[low_at] = found[0]
    if high_at is not None:
        bounds[high_at] = found[1]
    return True


def _numeric_scalar(value) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return (value - datetime.datetime(2000, 1, 1)).total_seconds()
    if isinstance(value, datetime.date):
        return float(value.toordinal())
    if isinstance(value, datetime.time):
        return value.hour * 3600.0 + value.minute * 60.0 + value.second \
            + value.microsecond / 1e6
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return None


def convert_to_scalar(value, low, high, type_oid: int):
    """(value, low, high) on one numeric scale for interpolating within a histogram bin,
    or None when the type has no such scale."""
    if type_oid in _STRING_TYPES and isinstance(value, str):
        return _strings_to_scalar(value.encode(), low.encode(), high.encode())
    if isinstance(value, (bytes, bytearray)) and isinstance(low, (bytes, bytearray)):
        return _strings_to_scalar(bytes(value), bytes(low), bytes(high))
    scaled = [_numeric_scalar(v) for v in (value, low, high)]
    if any(s is None for s in scaled):
        return None
    return tuple(scaled)


def _strings_to_scalar(value: bytes, low: bytes, high: bytes):
    """convert_string_to_scalar: strings as fractions in a base spanning the characters
    the bounds use (widened to whole letter / digit ranges), after their common prefix."""
    range_low = range_high = high[0] if high else 0
    for ch in low + high:
        range_low, range_high = min(range_low, ch), max(range_high, ch)
    for first, last in ((ord("A"), ord("Z")), (ord("a"), ord("z")), (ord("0"), ord("9"))):
        if range_low <= last and range_high >= first:
            range_low, range_high = min(range_low, first), max(range_high, last)
    if range_high - range_low < 9:
        range_low, range_high = ord(" "), 127
    prefix = 0
    while prefix < len(low) and prefix < len(high) and prefix < len(value) \
            and low[prefix] == high[prefix] == value[prefix]:
        prefix += 1
    return tuple(_one_string_to_scalar(s[prefix:], range_low, range_high)
                 for s in (value, low, high))


def _one_string_to_scalar(text: bytes, range_low: int, range_high: int) -> float:
    base = range_high - range_low + 1
    number, denominator = 0.0, float(base)
    for ch in text[:_MAX_STRING_CHARS]:
        ch = range_low - 1 if ch < range_low else range_high + 1 if ch > range_high else ch
        number += (ch - range_low) / denominator
        denominator *= base
    return number


def _boolean_test_selectivity(test: BooleanTest, lookup: StatisticsLookup) -> float | None:
    var = lookup.examine(test.arg)
    if var is None or var.stats is None:
        return None
    null_frac = var.stats.null_frac
    mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
    if mcv is not None and mcv.numbers:
        true_frac = mcv.numbers[0] if mcv.values[0] else 1.0 - mcv.numbers[0] - null_frac
        false_frac = 1.0 - true_frac - null_frac
        return {"IS_UNKNOWN": null_frac, "IS_NOT_UNKNOWN": 1.0 - null_frac,
                "IS_TRUE": true_frac, "IS_NOT_TRUE": 1.0 - true_frac,
                "IS_FALSE": false_frac, "IS_NOT_FALSE": 1.0 - false_frac}[test.test]
    return {"IS_UNKNOWN": null_frac, "IS_NOT_UNKNOWN": 1.0 - null_frac,
            "IS_TRUE": (1.0 - null_frac) / 2.0, "IS_FALSE": (1.0 - null_frac) / 2.0,
            "IS_NOT_TRUE": (null_frac + 1.0) / 2.0,
            "IS_NOT_FALSE": (null_frac + 1.0) / 2.0}[test.test]


def _array_selectivity(expr: ScalarArrayOpExpr, lookup: StatisticsLookup) -> float | None:
    """scalararraysel over an IN list / constant array: each element as `column op
    element`; for `= ANY` (and `<> ALL`) the elements are taken as distinct, so their
    selectivities add up, unless that leaves [0, 1]."""
    if expr.operator_name not in ("=", "<>", "<", "<=", ">", ">="):
        return None
    expr = cost.with_constant_items(expr)
    if isinstance(expr.array, Const):
        return 0.0                  # a NULL array
    if expr.array is not None:
        return _runtime_array_selectivity(expr, lookup)
    var = lookup.examine(expr.arg)
    if var is None or (var.stats is None and not var.is_unique):
        return None
    use_or = expr.use_or
    combined = disjoint = 0.0 if use_or else 1.0
    for item in expr.items:
        if not isinstance(item, Const):
            return None
        selectivity = _operator_selectivity(
            OpExpr(expr.operator_name, 0, None, (expr.arg, item), BOOL_OID), lookup)
        if selectivity is None:
            return None
        if use_or:
            combined = combined + selectivity - combined * selectivity
            disjoint += selectivity
        else:
            combined *= selectivity
            disjoint += selectivity - 1.0
    applies = expr.operator_name == "=" if use_or else expr.operator_name == "<>"
    if applies and 0.0 <= disjoint <= 1.0:
        combined = disjoint
    return clamp_probability(combined)


def _runtime_array_selectivity(expr: ScalarArrayOpExpr, lookup: StatisticsLookup):
    """`column = ANY (array known at run time)` (not ARRAY[...]): `column = value` known
    only at run time, for each of an assumed 10 elements, as independent events."""
    from pgsnake.parser.expression_nodes import ArrayExpr
    if isinstance(expr.array, ArrayExpr) or expr.operator_name not in ("=", "<>"):
        return None
    var = lookup.examine(expr.arg)
    if var is None or (var.stats is None and not var.is_unique):
        return None
    each = var_eq_non_const(var, negate=expr.operator_name == "<>")
    combined = 0.0 if expr.use_or else 1.0
    for _ in range(10):
        combined = combined + each - combined * each if expr.use_or else combined * each
    return clamp_probability(combined)


def null_fraction(expr, lookup: StatisticsLookup) -> float | None:
    """nulltestsel(IS NULL) of an expression with statistics, for the NULL correction of
    a range `low < x AND x < high`."""
    var = lookup.examine(expr)
    if var is None or var.stats is None:
        return None
    return var.stats.null_frac
