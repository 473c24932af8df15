"""Trigonometric and hyperbolic functions on double precision, as PostgreSQL computes
them: sin .. atan2, their degree forms sind .. atan2d, sinh .. atanh
(degrees and radians are functions.py's).

Entry point: register_sql_functions() (from catalog/sql_functions.py).

Rules:
 1. NaN in gives NaN out; an infinite argument to sin / cos / tan / cot and their degree
    forms, and an argument outside a function's domain (asin, acos outside [-1, 1],
    acosh below 1, atanh outside [-1, 1]), is 22003 "input is out of range".
 2. The degree forms reduce the angle to the first quadrant and scale by the same
    values at 30 / 45 / 60 degrees that PostgreSQL computes, so sind(30) is exactly 0.5,
    tand(45) exactly 1 and asind(0.5) exactly 30; a zero tand / cotd is +0.
 3. sinh / cosh that overflow give +-Infinity (no error); cot(0) is Infinity.

PostgreSQL: utils/adt/float.c (dsin .. datan2, dsind .. datan2d with sind_q1 / cosd_q1 /
asind_q1 / acosd_q1 and init_degree_constants, dsinh .. datanh).
"""
from __future__ import annotations

import math

from pgsnake.datatypes import functions
from pgsnake.utils.errors import NUMERIC_VALUE_OUT_OF_RANGE, PgError

FLOAT8 = 701
RADIANS_PER_DEGREE = 0.0174532925199432957692
_INF = float("inf")


def _out_of_range() -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range")


def _periodic(fn):
    """sin / cos / tan: NaN passes, an infinity is out of range."""
    def apply(x: float) -> float:
        if math.isnan(x):
            return x
        if math.isinf(x):
            raise _out_of_range()
        return fn(x)
    return apply


def _bounded(fn, low: float, high: float):
    def apply(x: float) -> float:
        if math.isnan(x):
            return x
        if x < low or x > high:
            raise _out_of_range()
        return fn(x)
    return apply


def _cot(x: float) -> float:
    t = math.tan(x)
    return _INF if t == 0.0 else 1.0 / t


def _atan2(y: float, x: float) -> float:
    if math.isnan(y) or math.isnan(x):
        return math.nan
    return math.atan2(y, x)


# ---- degree forms (rule 2) ----

_SIN_30 = math.sin(30.0 * RADIANS_PER_DEGREE)
_ONE_MINUS_COS_60 = 1.0 - math.cos(60.0 * RADIANS_PER_DEGREE)
_ASIN_0_5 = math.asin(0.5)
_ACOS_0_5 = math.acos(0.5)
_ATAN_1_0 = math.atan(1.0)


def _sind_0_to_30(x: float) -> float:
    return (math.sin(x * RADIANS_PER_DEGREE) / _SIN_30) / 2.0


def _cosd_0_to_60(x: float) -> float:
    return 1.0 - ((1.0 - math.cos(x * RADIANS_PER_DEGREE)) / _ONE_MINUS_COS_60) / 2.0


def _sind_q1(x: float) -> float:
    return _sind_0_to_30(x) if x <= 30.0 else _cosd_0_to_60(90.0 - x)


def _cosd_q1(x: float) -> float:
    return _cosd_0_to_60(x) if x <= 60.0 else _sind_0_to_30(90.0 - x)


_TAN_45 = _sind_q1(45.0) / _cosd_q1(45.0)
_COT_45 = _cosd_q1(45.0) / _sind_q1(45.0)


def _reduce(x: float) -> tuple[float, int, int]:
    """(angle in [0, 90], sign for sine, sign for cosine) of x degrees."""
    x = math.fmod(x, 360.0)
    sin_sign = cos_sign = 1
    if x < 0.0:
        x, sin_sign = -x, -sin_sign
    if x > 180.0:
        x, sin_sign = 360.0 - x, -sin_sign
    if x > 90.0:
        x, cos_sign = 180.0 - x, -cos_sign
    return x, sin_sign, cos_sign


def _sind(x: float) -> float:
    angle, sin_sign, _ = _reduce(x)
    return sin_sign * _sind_q1(angle)


def _cosd(x: float) -> float:
    angle, _, cos_sign = _reduce(x)
    return cos_sign * _cosd_q1(angle)


def _tand(x: float) -> float:
    angle, sin_sign, cos_sign = _reduce(x)
    cosine = _cosd_q1(angle)
    tangent = _sind_q1(angle) / cosine if cosine else _INF     # C's x / 0.0 at 90
    result = sin_sign * cos_sign * (tangent / _TAN_45)
    return 0.0 if result == 0.0 else result


def _cotd(x: float) -> float:
    angle, sin_sign, cos_sign = _reduce(x)
    sine = _sind_q1(angle)
    cot = _cosd_q1(angle) / sine if sine else _INF
    result = sin_sign * cos_sign * (cot / _COT_45)
    return 0.0 if result == 0.0 else result


def _asind_q1(x: float) -> float:
    if x <= 0.5:
        return (math.asin(x) / _ASIN_0_5) * 30.0
    return 90.0 - (math.acos(x) / _ACOS_0_5) * 60.0


def _acosd_q1(x: float) -> float:
    if x <= 0.5:
        return 90.0 - (math.asin(x) / _ASIN_0_5) * 30.0
    return (math.acos(x) / _ACOS_0_5) * 60.0


def _asind(x: float) -> float:
    return _asind_q1(x) if x >= 0.0 else -_asind_q1(-x)


def _acosd(x: float) -> float:
    return _acosd_q1(x) if x >= 0.0 else 90.0 + _asind_q1(-x)


def _atand(x: float) -> float:
    if math.isnan(x):
        return x
    return (math.atan(x) / _ATAN_1_0) * 45.0


def _atan2d(y: float, x: float) -> float:
    if math.isnan(y) or math.isnan(x):
        return math.nan
    return (math.atan2(y, x) / _ATAN_1_0) * 45.0


# ---- hyperbolic (rule 3) ----

def _sinh(x: float) -> float:
    try:
        return math.sinh(x)
    except OverflowError:
        return -_INF if x < 0 else _INF


def _cosh(x: float) -> float:
    try:
        return math.cosh(x)
    except OverflowError:
        return _INF


def _atanh(x: float) -> float:
    if math.isnan(x):
        return x
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    if x in (-1.0, 1.0):
        return math.copysign(_INF, x)
    return math.atanh(x)


_FUNCTIONS = (
    (1604, "sin", _periodic(math.sin)), (1605, "cos", _periodic(math.cos)),
    (1606, "tan", _periodic(math.tan)), (1607, "cot", _periodic(_cot)),
    (1600, "asin", _bounded(math.asin, -1.0, 1.0)),
    (1601, "acos", _bounded(math.acos, -1.0, 1.0)),
    (1602, "atan", lambda x: x if math.isnan(x) else math.atan(x)),
    (2735, "sind", _periodic(_sind)), (2736, "cosd", _periodic(_cosd)),
    (2737, "tand", _periodic(_tand)), (2738, "cotd", _periodic(_cotd)),
    (2731, "asind", _bounded(_asind, -1.0, 1.0)),
    (2732, "acosd", _bounded(_acosd, -1.0, 1.0)), (2733, "atand", _atand),
    (2462, "sinh", _sinh), (2463, "cosh", _cosh), (2464, "tanh", math.tanh),
    (2465, "asinh", math.asinh), (2466, "acosh", _bounded(math.acosh, 1.0, _INF)),
    (2467, "atanh", _atanh),
)


def register_sql_functions() -> None:
    for oid, name, fn in _FUNCTIONS:
        functions.register(name, [FLOAT8], FLOAT8, fn, oid=oid, volatility="i")
    functions.register("atan2", [FLOAT8, FLOAT8], FLOAT8, _atan2, oid=1603, volatility="i")
    functions.register("atan2d", [FLOAT8, FLOAT8], FLOAT8, _atan2d, oid=2734,
                       volatility="i")
