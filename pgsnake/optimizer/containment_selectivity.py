"""Default selectivities of the containment and matching operators (@>, <@, &&, ?, ...)
when no statistics say better: what their restriction estimators (pg_operator.oprrest)
return without statistics.

    arraycontsel   with a constant array: @> 0.005 per distinct non-NULL element
                   (multiplied), && 1 - 0.995 per element, <@ 0.005; else && 0.01
                   (DEFAULT_OVERLAP_SEL), @> <@ 0.005 (DEFAULT_CONTAIN_SEL)
    matchingsel    0.010 (DEFAULT_MATCHING_SEL: jsonb ?, ?|, ?&, @>, <@, @?, @@)
    tsmatchsel     0.005 (DEFAULT_TS_MATCH_SEL: tsvector @@ tsquery without a column)
    contsel        0.001 (DEFAULT_CONTAIN_SEL of geo_selfuncs.c, jsonb/range/tsquery)
    areasel        0.005 (box / polygon / circle &&, ~=)
    positionsel    0.1   (<< >> &< &> <<| |>> ... of the geometric types)
    rangesel, multirangesel   && 0.01, @> <@ 0.005, the rest 1/3 (default_range_
                   selectivity: no histogram to read)

Entry point: default_selectivity(expr) -> float | None (None: not such an operator).

PostgreSQL: utils/adt/array_selfuncs.c (arraycontsel's defaults), utils/adt/selfuncs.c
(matchingsel, DEFAULT_MATCHING_SEL), utils/adt/geo_selfuncs.c (contsel, areasel,
positionsel), utils/adt/rangetypes_selfuncs.c and multirangetypes_selfuncs.c
(default_range_selectivity, default_multirange_selectivity).
"""
from __future__ import annotations

import struct

from pgsnake.catalog import catalog_cache
from pgsnake.parser.expression_nodes import Const

_ARRAY_OVERLAP = 2750
_ARRAYCONTSEL, _MATCHINGSEL, _CONTSEL = 3817, 5040, 1302     # pg_proc oids
_AREASEL, _POSITIONSEL, _RANGESEL, _MULTIRANGESEL = 139, 1300, 3169, 4243
_TSMATCHSEL = 3686
_DEFAULTS = {_CONTSEL: 0.001, _MATCHINGSEL: 0.010, _AREASEL: 0.005, _POSITIONSEL: 0.1,
             _TSMATCHSEL: 0.005}
_RANGE_OVERLAPS = {3888, 2866, 2867, 2868}
_RANGE_CONTAINS = {3889, 3890, 3891, 3892, 2869, 2870, 2871, 2872, 2873, 2874, 4539, 4540}
_restrictors: dict[int, int] = {}


def restriction_estimator(operator_oid: int) -> int:
    """pg_operator.oprrest (built-ins' read once)."""
    return _oprrest(operator_oid)


def _oprrest(operator_oid: int) -> int:
    if not _restrictors:
        for row in catalog_cache.scan_catalog("pg_operator"):
            if row.oid < 16384:            # built-in operators: their estimators are fixed
                _restrictors[row.oid] = int(row.oprrest or 0)
    if operator_oid >= 16384:              # a user's (an extension's) operator: read now
        row = next((r for r in catalog_cache.scan_catalog("pg_operator")
                    if r.oid == operator_oid), None)
        return int(row.oprrest or 0) if row is not None else 0
    return _restrictors.get(operator_oid, 0)


_ARRAY_CONTAINS, _ARRAY_CONTAINED = 2751, 2752
_CONTAIN_SEL = 0.005
_ELEMENT_SEL = struct.unpack("<f", struct.pack("<f", _CONTAIN_SEL))[0]


def _array_selectivity(expr) -> float:
    """calc_arraycontsel without statistics (mcelem_array_selec with no MCELEMs)."""
    operator = expr.operator_oid
    left, right = expr.args
    constant = right if isinstance(right, Const) else left if isinstance(left, Const) else None
    if constant is None or constant.value is None:
        return 0.01 if operator == _ARRAY_OVERLAP else _CONTAIN_SEL
    if constant is left:                 # `const op column`: the commuted operator
        operator = {_ARRAY_CONTAINS: _ARRAY_CONTAINED,
                    _ARRAY_CONTAINED: _ARRAY_CONTAINS}.get(operator, operator)
    if operator == _ARRAY_CONTAINED:
        return _CONTAIN_SEL
    from pgsnake.datatypes import array_values
    elements = []
    for e in array_values.elements(constant.value):
        if e is not None and e not in elements:
            elements.append(e)
    # Each element's frequency is Min(DEFAULT_CONTAIN_SEL, minfreq / 2) with minfreq a
    # float4 (2 * (float4) DEFAULT_CONTAIN_SEL): the float4 0.005, a little below the
    # double (two ORed clauses estimate 199 rows of 20000, not 200).
    selectivity = 1.0 if operator == _ARRAY_CONTAINS else 0.0
    for _e in elements:
        if operator == _ARRAY_CONTAINS:
            selectivity *= _ELEMENT_SEL
        else:
            selectivity = selectivity + _ELEMENT_SEL - selectivity * _ELEMENT_SEL
    return max(0.0, min(1.0, selectivity))


def default_selectivity(expr) -> float | None:
    restrict = _oprrest(expr.operator_oid)
    if restrict == _ARRAYCONTSEL:
        return _array_selectivity(expr)
    if restrict in (_RANGESEL, _MULTIRANGESEL):
        if expr.operator_oid in _RANGE_OVERLAPS:
            return 0.01
        return 0.005 if expr.operator_oid in _RANGE_CONTAINS else 0.3333333333333333
    return _DEFAULTS.get(restrict)
