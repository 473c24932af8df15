"""matchingsel with statistics: an operator whose restriction estimator is matchingsel
(jsonb's @> <@ ? ?| ?& @? @@, text search's @@, an extension's such as pg_trgm's `%`)
estimated by running it over the column's statistics, as
generic_restriction_selectivity does.

For `column op constant` (either way round) whose operator's restriction estimator is
matchingsel and whose column has a pg_statistic row: the MCVs the operator accepts add
their frequencies; the share of histogram entries it accepts (at least 10 entries, the
first and last skipped; blended with the default 0.010 below 100 entries) stands for
the other non-NULL values, kept within [0.0001, 0.9999]. A NULL constant selects
nothing; a non-constant side, or no statistics, leaves the default to the caller.

Entry points: matching_selectivity(expr, lookup) -> float | None, is_matchingsel(oid).

PostgreSQL: utils/adt/selfuncs.c (matchingsel, generic_restriction_selectivity,
mcv_selectivity, histogram_selectivity).
"""
from __future__ import annotations

from pgsnake.catalog.statistic_rows import STATISTIC_KIND_HISTOGRAM, STATISTIC_KIND_MCV, find_slot
from pgsnake.parser.expression_nodes import Const, OpExpr
from pgsnake.utils.errors import PgError

MATCHINGSEL = 5040                 # pg_proc oid
DEFAULT_MATCHING_SEL = 0.010


# PostgreSQL 15's built-in operators whose oprrest is matchingsel (jsonb @> ? ?| ?& <@
# @? @@, tsquery @> <@, text search @@, the range / multirange -|-).
_BUILT_IN_MATCHINGSEL = frozenset((3246, 3247, 3248, 3249, 3250, 3693, 3694, 3762, 3763,
                                   3897, 4012, 4013, 4179, 4180, 4198))
_FIRST_USER_OID = 16384


def is_matchingsel(operator_oid: int) -> bool:
    """Whether the operator's restriction estimator is matchingsel (a built-in from the
    list above; an extension's, such as pg_trgm's %, from its pg_operator row)."""
    if operator_oid < _FIRST_USER_OID:
        return operator_oid in _BUILT_IN_MATCHINGSEL
    from pgsnake.optimizer import containment_selectivity
    return containment_selectivity.restriction_estimator(operator_oid) == MATCHINGSEL


def matching_selectivity(expr: OpExpr, lookup) -> float | None:
    if len(expr.args) != 2 or expr.fn is None or not is_matchingsel(expr.operator_oid):
        return None
    left, right = expr.args
    var, other, var_on_left = lookup.examine(left), right, True
    if var is None:
        var, other, var_on_left = lookup.examine(right), left, False
    if var is None or var.stats is None or not isinstance(other, Const):
        return None
    if other.value is None:
        return 0.0
    constant = other.value

    def accepts(value) -> bool:
        return bool(expr.fn(value, constant) if var_on_left else expr.fn(constant, value))

    try:
        mcv_part = mcv_sum = 0.0
        mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
        if mcv is not None:
            for value, frequency in zip(mcv.values, mcv.numbers):
                if accepts(value):
                    mcv_part += frequency
                mcv_sum += frequency
        selectivity = DEFAULT_MATCHING_SEL
        histogram = find_slot(var.stats, STATISTIC_KIND_HISTOGRAM)
        size = len(histogram.values) if histogram is not None and histogram.values else 0
        if size >= 10:
            inner = histogram.values[1:size - 1]
            selectivity = sum(1 for value in inner if accepts(value)) / len(inner)
            if size < 100:
                weight = size / 100.0
                selectivity = selectivity * weight + DEFAULT_MATCHING_SEL * (1.0 - weight)
    except PgError:
        return None
    selectivity = min(max(selectivity, 0.0001), 0.9999)
    selectivity = selectivity * (1.0 - var.stats.null_frac - mcv_sum) + mcv_part
    return min(max(selectivity, 0.0), 1.0)
