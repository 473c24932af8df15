"""The statistical aggregates: variance and standard deviation (variance, var_samp,
var_pop, stddev, stddev_samp, stddev_pop) of integers, numeric and floats, and the
two-variable float8 aggregates (corr, covar_pop, covar_samp, regr_count, regr_avgx,
regr_avgy, regr_sxx, regr_syy, regr_sxy, regr_slope, regr_intercept, regr_r2).

Integers and numeric are summed exactly (count, sum, sum of squares) and the result is
numeric, computed as PostgreSQL computes it: numerator N*sum(x^2) - sum(x)^2 (zero when
it is not positive), divided at select_div_scale's scale, the square root at the same
scale. Floats use the Youngs-Cramer updates PostgreSQL uses (a running sum and a sum of
squared deviations), so results agree with it to the last bit. The two-variable ones
skip a row where either argument is NULL; their first argument is Y, the second X.

Entry point: install(register) (called by aggregates.py).

PostgreSQL: utils/adt/numeric.c (numeric_stddev_internal, do_numeric_accum),
utils/adt/float.c (float8_accum, float8_var_samp ... float8_regr_accum, float8_corr,
float8_regr_r2, float8_regr_slope, float8_regr_intercept).
"""
from __future__ import annotations

import math
from decimal import Decimal

from pgsnake.datatypes import numeric

INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC = 21, 23, 20, 700, 701, 1700

# name -> (sample?, square root?), and the pg_proc OIDs per argument type
# (int8, int4, int2, float4, float8, numeric)
_ONE_VARIABLE = {
    "variance": (True, False, (2148, 2149, 2150, 2151, 2152, 2153)),
    "var_samp": (True, False, (2641, 2642, 2643, 2644, 2645, 2646)),
    "var_pop": (False, False, (2718, 2719, 2720, 2721, 2722, 2723)),
    "stddev": (True, True, (2154, 2155, 2156, 2157, 2158, 2159)),
    "stddev_samp": (True, True, (2712, 2713, 2714, 2715, 2716, 2717)),
    "stddev_pop": (False, True, (2724, 2725, 2726, 2727, 2728, 2729)),
}
_ARG_ORDER = (INT8, INT4, INT2, FLOAT4, FLOAT8, NUMERIC)


# ---- numeric ------------------------------------------------------------------------

def _add(left: Decimal, right: Decimal) -> Decimal:
    """An exact sum with no range check: the running sums may pass numeric's limits
    where the variance does not (PostgreSQL's NumericSumAccum); specials as numeric_add."""
    if left.is_finite() and right.is_finite():
        return numeric.EXACT.add(left, right)
    return numeric.numeric_add(left, right)


def _mul(left: Decimal, right: Decimal) -> Decimal:
    """An exact product with no range check or rounding (mul_var at the full scale)."""
    if left.is_finite() and right.is_finite():
        return numeric.EXACT.multiply(left, right)
    return numeric.numeric_mul(left, right)


def _numeric_step(state, value):
    value = Decimal(value) if isinstance(value, int) else value
    if state is None:
        return [1, value, _mul(value, value)]
    state[0] += 1
    state[1] = _add(state[1], value)
    state[2] = _add(state[2], _mul(value, value))
    return state


def _numeric_final(sample: bool, root: bool):
    def final(state):
        if state is None or (sample and state[0] <= 1):
            return None
        count, total, squares = state
        if total.is_nan() or squares.is_nan() or total.is_infinite() \
                or squares.is_infinite():
            return numeric.NAN          # an infinity among the inputs: NaN, as PostgreSQL
        n = Decimal(count)
        numerator = numeric.EXACT.subtract(numeric.EXACT.multiply(n, squares),
                                           numeric.EXACT.multiply(total, total))
        if numerator <= 0:
            return Decimal(0)
        numerator = numeric.normalize(numerator)
        denominator = n * (n - 1) if sample else n * n
        rscale = numeric.select_div_scale(numerator, denominator)
        result = numeric.div_at_scale(numerator, denominator, rscale)
        if root:
            result = numeric.sqrt_at_scale(result, rscale)
        return numeric.check_range(result)
    return final


# ---- float8 (Youngs-Cramer) -----------------------------------------------------------

def _float_step(state, value):
    value = float(value)
    if state is None:
        state = [0.0, 0.0, 0.0]
    previous = state[0]
    state[0] += 1.0
    state[1] += value
    if previous > 0.0:
        deviation = value * state[0] - state[1]
        state[2] += deviation * deviation / (state[0] * previous)
    elif math.isnan(value) or math.isinf(value):
        state[2] = math.nan
    return state


def _float_final(sample: bool, root: bool):
    def final(state):
        if state is None:
            return None
        count, _total, squares = state
        if count == 0.0 or (sample and count <= 1.0):
            return None
        result = squares / (count - 1.0 if sample else count)
        return math.sqrt(result) if root else result
    return final


# ---- two variables ------------------------------------------------------------------

def _regression_step(state, y, x=None):
    if y is None or x is None:
        return state
    y, x = float(y), float(x)
    if state is None:
        state = [0.0] * 6                    # N, Sx, Sxx, Sy, Syy, Sxy
    previous = state[0]
    state[0] += 1.0
    state[1] += x
    state[3] += y
    if previous > 0.0:
        dx = x * state[0] - state[1]
        dy = y * state[0] - state[3]
        scale = 1.0 / (state[0] * previous)
        state[2] += dx * dx * scale
        state[4] += dy * dy * scale
        state[5] += dx * dy * scale
    elif math.isnan(x) or math.isinf(x) or math.isnan(y) or math.isinf(y):
        state[2] = state[4] = state[5] = math.nan
    return state


def _regression_final(compute, minimum: float = 1.0):
    def final(state):
        # No row: PostgreSQL's state starts as all zeros (agginitval '{0,0,0,0,0,0}'), so
        # regr_count says 0 and the others, needing at least one row, NULL.
        if state is None:
            state = (0.0,) * 6
        if state[0] < minimum:
            return None
        return compute(*state)
    return final


def _corr(n, sx, sxx, sy, syy, sxy):
    return None if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)


def _r2(n, sx, sxx, sy, syy, sxy):
    if sxx == 0:
        return None
    return 1.0 if syy == 0 else (sxy * sxy) / (sxx * syy)


_TWO_VARIABLES = {
    "regr_count": (2818, INT8, lambda n, *_: int(n), 0.0),
    "regr_sxx": (2819, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: sxx, 1.0),
    "regr_syy": (2820, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: syy, 1.0),
    "regr_sxy": (2821, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: sxy, 1.0),
    "regr_avgx": (2822, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: sx / n, 1.0),
    "regr_avgy": (2823, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: sy / n, 1.0),
    "regr_r2": (2824, FLOAT8, _r2, 1.0),
    "regr_slope": (2825, FLOAT8,
                   lambda n, sx, sxx, sy, syy, sxy: None if sxx == 0 else sxy / sxx, 1.0),
    "regr_intercept": (2826, FLOAT8, lambda n, sx, sxx, sy, syy, sxy:
                       None if sxx == 0 else (sy - sx * sxy / sxx) / n, 1.0),
    "covar_pop": (2827, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: sxy / n, 1.0),
    "covar_samp": (2828, FLOAT8, lambda n, sx, sxx, sy, syy, sxy: sxy / (n - 1.0), 2.0),
    "corr": (2829, FLOAT8, _corr, 1.0),
}


def install(register, aggregate_class) -> None:
    for name, (sample, root, oids) in _ONE_VARIABLE.items():
        for oid, arg_type in zip(oids, _ARG_ORDER):
            if arg_type in (FLOAT4, FLOAT8):
                parts = (lambda: None, _float_step, _float_final(sample, root))
                result = FLOAT8
            else:
                parts = (lambda: None, _numeric_step, _numeric_final(sample, root))
                result = NUMERIC
            register(aggregate_class(oid, name, (arg_type,), result, *parts))
    for name, (oid, result, compute, minimum) in _TWO_VARIABLES.items():
        # Not strict on the first argument alone: a NULL in either skips the row.
        register(aggregate_class(oid, name, (FLOAT8, FLOAT8), result, lambda: None,
                                 _regression_step, _regression_final(compute, minimum),
                                 strict=False))


__all__ = ["install"]
