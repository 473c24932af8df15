"""Selectivity of array containment and text search matching from ANALYZE's element
statistics (pg_statistic's MCELEM and DECHIST slots, commands/element_statistics.py).

Entry points (each returns None when the clause is not its kind or has no column of
this query level to estimate from; the caller then uses cost.py's defaults):
    array_containment_selectivity(expr, lookup)   arraycontsel: column @> / <@ / &&
        constant array (either way round)
    scalar_array_containment(expr, lookup)        scalararraysel_containment:
        `constant = ANY (array column)` as `column @> ARRAY[constant]`, `= ALL` as
        `column <@ ARRAY[constant]`, `<> ALL / ANY` as 1 minus those; an array
        expression over one table's columns (ARRAY[a, b]) as a column without
        statistics
    ts_match_selectivity(expr, lookup)            tsmatchsel: tsvector column @@
        constant tsquery (either way round)

The estimates:
  @> and &&: the constant's distinct non-NULL elements as independent events, each with
    its MCELEM frequency, or min(0.005, lowest MCELEM frequency / 2) when not listed
    (without statistics 0.005); @> with a NULL element selects nothing.
  <@: the probability that a row's elements are all among the constant's, from the
    element frequencies (Poisson for the elements outside the list) corrected by the
    histogram of distinct-element counts; 0.005 without both slots.
  @@: the tsquery tree, AND / <N> as products, OR as union, NOT as complement; a lexeme
    its MCELEM frequency or min(0.005, lowest / 2); a prefix lexeme:* from the share of
    MCELEMs it matches (at least 100 needed, else 0.02). Without statistics 0.005 per
    lexeme, 0.02 per prefix.
All are multiplied by the non-NULL fraction when the column has statistics. The <@
arithmetic is PostgreSQL's single-precision (float4) arithmetic, rounded at each step.

PostgreSQL: utils/adt/array_selfuncs.c (arraycontsel, calc_arraycontsel,
mcelem_array_selec, mcelem_array_contain_overlap_selec, mcelem_array_contained_selec,
calc_hist, calc_distr, scalararraysel_containment), utils/adt/selfuncs.c
(scalararraysel), tsearch/ts_selfuncs.c (tsmatchsel, tsquerysel, mcelem_tsquery_selec,
tsquery_opr_selec).
"""
from __future__ import annotations

import math
import struct

from pgsnake.catalog.statistic_rows import (STATISTIC_KIND_DECHIST, STATISTIC_KIND_MCELEM,
                                            find_slot, order_key)
from pgsnake.parser.expression_nodes import CoerceExpr, Const, OpExpr, ScalarArrayOpExpr

DEFAULT_CONTAIN_SEL = 0.005
DEFAULT_OVERLAP_SEL = 0.01
DEFAULT_TS_MATCH_SEL = 0.005
ARRAY_OVERLAP, ARRAY_CONTAINS, ARRAY_CONTAINED = 2750, 2751, 2752     # pg_operator oids
ARRAYCONTSEL, TSMATCHSEL = 3817, 3686                                   # pg_proc oids
TSQUERY_OID = 3615
EFFORT = 100                    # mcelem_array_contained_selec's work limit per MCELEM
MIN_MCELEMS_FOR_PREFIX = 100
_F4 = struct.Struct("<f")


def _f4(x: float) -> float:
    """A C float: the value rounded to single precision (infinite beyond its range)."""
    try:
        return _F4.unpack(_F4.pack(x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _clamp(p: float) -> float:
    return 0.0 if p < 0.0 else 1.0 if p > 1.0 else p


def _default_selectivity(operator: int) -> float:
    return DEFAULT_OVERLAP_SEL if operator == ARRAY_OVERLAP else DEFAULT_CONTAIN_SEL


def _element_type(type_oid: int) -> int:
    """get_base_element_type: the element type of an array type (through domains)."""
    from pgsnake.catalog import catalog_cache as cc
    row = cc.get_type_row(type_oid)
    while row is not None and row.typtype == "d":
        row = cc.get_type_row(row.typbasetype)
    if row is None or not row.typelem or row.typlen != -1:
        return 0
    return row.typelem


def _restriction_variable(expr: OpExpr, lookup):
    """(VariableStats, other side, variable on the left, the variable side's type) or
    None (get_restriction_variable; the type is the expression's, before relabeling is
    looked through, as examine_variable's vartype)."""
    from pgsnake.optimizer.selectivity_stats import estimated_value
    if len(expr.args) != 2:
        return None
    left, right = expr.args
    var = examine_relabeled(left, lookup)
    if var is not None:
        return var, estimated_value(right), True, getattr(left, "type_oid", 0)
    var = examine_relabeled(right, lookup)
    if var is not None:
        return var, estimated_value(left), False, getattr(right, "type_oid", 0)
    return None


def examine_relabeled(expr, lookup):
    """lookup.examine through binary-compatible coercions (RelabelType): a domain to
    its base type, varchar[] to text[]."""
    while isinstance(expr, CoerceExpr) and _binary_compatible(
            getattr(expr.arg, "type_oid", 0), expr.type_oid):
        expr = expr.arg
    return lookup.examine(expr)


def _binary_compatible(source: int, target: int) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    if source == target:
        return True
    row = cc.get_type_row(source)
    if row is None:
        return False
    if row.typtype == "d":
        return _binary_compatible(row.typbasetype, target)
    source_element, target_element = _element_type(source), _element_type(target)
    if source_element and target_element:
        return _binary_compatible(source_element, target_element)
    return any(c.casttarget == target and c.castmethod == "b"
               for c in cc.scan_catalog("pg_cast") if c.castsource == source)


# -- arrays ----------------------------------------------------------------------------------

def _element_slots(var, operator: int):
    """(MCELEM values, MCELEM numbers, DECHIST numbers) of the column (Nones where a
    slot is missing; the count histogram only for <@)."""
    mcelem = find_slot(var.stats, STATISTIC_KIND_MCELEM)
    if mcelem is None:
        return None, None, None
    hist = None
    if operator == ARRAY_CONTAINED:
        slot = find_slot(var.stats, STATISTIC_KIND_DECHIST)
        hist = slot.numbers if slot is not None else None
    return tuple(mcelem.values or ()), tuple(mcelem.numbers or ()), hist


def array_containment_selectivity(expr: OpExpr, lookup) -> float | None:
    found = _restriction_variable(expr, lookup)
    if found is None:
        return None
    var, other, var_on_left, var_type = found
    operator = expr.operator_oid
    if not isinstance(other, Const):
        return _default_selectivity(operator)
    if other.value is None:
        return 0.0
    if not var_on_left:
        operator = {ARRAY_CONTAINS: ARRAY_CONTAINED,
                    ARRAY_CONTAINED: ARRAY_CONTAINS}.get(operator, operator)
    element_type = _element_type(other.type_oid)
    if not element_type or element_type != _element_type(var_type):
        return _default_selectivity(operator)
    from pgsnake.datatypes import array_values
    elements = list(array_values.elements(other.value))
    if var.stats is None:
        return _clamp(_mcelem_array_selectivity(elements, None, None, None, operator))
    mcelem, numbers, hist = _element_slots(var, operator)
    selectivity = _mcelem_array_selectivity(elements, mcelem, numbers, hist, operator)
    return _clamp(selectivity * (1.0 - var.stats.null_frac))


def _mcelem_array_selectivity(elements: list, mcelem, numbers, hist, operator: int) -> float:
    """mcelem_array_selec: the constant's non-NULL elements, sorted, to the operator's
    estimator."""
    if any(e is None for e in elements) and operator == ARRAY_CONTAINS:
        return 0.0
    items = sorted((e for e in elements if e is not None), key=order_key)
    if operator in (ARRAY_CONTAINS, ARRAY_OVERLAP):
        return _contain_overlap_selectivity(mcelem, numbers, items, operator)
    return _contained_selectivity(mcelem, numbers, items, hist)


def _distinct_sorted(items: list) -> list:
    """The sorted items without repeats (the estimators skip a repeated element)."""
    out = []
    for item in items:
        if not out or order_key(out[-1]) != order_key(item):
            out.append(item)
    return out


def _contain_overlap_selectivity(mcelem, numbers, items: list, operator: int) -> float:
    """mcelem_array_contain_overlap_selec: independent elements, each with its MCELEM
    frequency or min(0.005, lowest frequency / 2)."""
    if mcelem is None or numbers is None or len(numbers) != len(mcelem) + 3:
        numbers = None
    minfreq = numbers[len(mcelem)] if numbers else _f4(2 * _f4(DEFAULT_CONTAIN_SEL))
    frequencies = {}
    if numbers:
        frequencies = {order_key(v): f for v, f in zip(mcelem, numbers)}
    unlisted = min(DEFAULT_CONTAIN_SEL, _f4(minfreq / 2))
    selectivity = 1.0 if operator == ARRAY_CONTAINS else 0.0
    for item in _distinct_sorted(items):
        frequency = frequencies.get(order_key(item), unlisted)
        if operator == ARRAY_CONTAINS:
            selectivity *= frequency
        else:
            selectivity = selectivity + frequency - selectivity * frequency
        selectivity = _clamp(selectivity)
    return selectivity


def _contained_selectivity(mcelem, numbers, items: list, hist) -> float:
    """mcelem_array_contained_selec, in float4 arithmetic as PostgreSQL computes it."""
    if numbers is None or mcelem is None or len(numbers) != len(mcelem) + 3:
        return DEFAULT_CONTAIN_SEL
    if hist is None or len(hist) < 3:
        return DEFAULT_CONTAIN_SEL
    nmcelem = len(mcelem)
    minfreq, nullelem_freq = numbers[nmcelem], numbers[nmcelem + 2]
    rest = _f4(hist[-1])        # the average distinct-element count, less the MCELEMs
    mult = 1.0                  # P(no MCELEM outside the constant occurs)
    elem_selec: list[float] = []
    index = 0
    for item in _distinct_sorted(items):
        key = order_key(item)
        match = False
        while index < nmcelem:
            mcelem_key = order_key(mcelem[index])
            if mcelem_key < key:
                mult = _f4(mult * _f4(1.0 - numbers[index]))
                rest = _f4(rest - numbers[index])
                index += 1
            else:
                match = mcelem_key == key
                break
        if match:
            elem_selec.append(numbers[index])
            rest = _f4(rest - numbers[index])
            index += 1
        else:
            elem_selec.append(_f4(min(DEFAULT_CONTAIN_SEL, _f4(minfreq / 2))))
    while index < nmcelem:
        mult = _f4(mult * _f4(1.0 - numbers[index]))
        rest = _f4(rest - numbers[index])
        index += 1
    mult = _f4(mult * math.exp(-rest))
    unique = len(elem_selec)
    if nmcelem + unique > 0 and unique > EFFORT * nmcelem // (nmcelem + unique):
        b = float(nmcelem)
        unique = int((math.sqrt(b * b + 4 * EFFORT * b) - b) / 2)
        elem_selec = sorted(elem_selec, reverse=True)[:unique]
    dist = _distribution(elem_selec, unique, unique, 0.0)
    mcelem_dist = _distribution(numbers, nmcelem, unique, rest)
    hist_part = _count_probabilities(hist, len(hist) - 1, unique)
    selectivity = 0.0
    for i in range(unique + 1):
        if mcelem_dist[i] > 0:
            term = _f4(_f4(_f4(hist_part[i] * mult) * dist[i]) / mcelem_dist[i])
            selectivity = _f4(selectivity + term)
    selectivity = _f4(selectivity * _f4(1.0 - nullelem_freq))
    if selectivity != selectivity:
        return DEFAULT_CONTAIN_SEL      # (inconsistent statistics: no NaN row counts)
    return _clamp(selectivity)


def _count_probabilities(hist, nhist: int, n: int) -> list[float]:
    """calc_hist: P(distinct-element count = k), k in 0..n, from the count histogram's
    first nhist entries (each bin shared evenly by the counts it spans, half to each
    bound)."""
    out = [0.0] * (n + 1)
    i = 0
    prev_interval = 0.0
    frac = _f4(1.0 / _f4(nhist - 1))
    for k in range(n + 1):
        count = 0
        while i < nhist and hist[i] <= k:
            count += 1
            i += 1
        if count > 0:
            next_interval = _f4(hist[i] - hist[i - 1]) if i < nhist else 0.0
            value = float(count - 1)
            if next_interval > 0:
                value = _f4(value + _f4(0.5 / next_interval))
            if prev_interval > 0:
                value = _f4(value + _f4(0.5 / prev_interval))
            out[k] = _f4(frac * value)
            prev_interval = next_interval
        else:
            out[k] = _f4(frac / prev_interval) if prev_interval > 0 else 0.0
    return out


def _distribution(p, n: int, m: int, rest: float) -> list[float]:
    """calc_distr: P(exactly k of n independent events occur), k in 0..m, convolved
    with a Poisson distribution of mean `rest` for the rare events when it exceeds
    0.005. One row of the recurrence at a time, in numpy's float32 (each product and
    sum rounded to single precision, as PostgreSQL's float arithmetic)."""
    import numpy
    f4 = numpy.float32
    row = numpy.zeros(m + 1, dtype=f4)
    row[0] = 1.0
    for i in range(1, n + 1):
        t = f4(p[i - 1])
        last = min(i, m)
        # M[i, j] = M[i-1, j] (1 - t) + M[i-1, j-1] t (the first term is 0 for j = i,
        # where M[i-1, i] is 0; the second for j = 0)
        stay = row[:last + 1] * (f4(1.0) - t)
        moved = numpy.zeros(last + 1, dtype=f4)
        moved[1:] = row[:last] * t
        row[:last + 1] = stay + moved
    if rest > DEFAULT_CONTAIN_SEL:
        previous = row
        row = numpy.zeros(m + 1, dtype=f4)
        t = f4(math.exp(-rest))
        for i in range(m + 1):
            row[i:] = row[i:] + previous[:m + 1 - i] * t
            t = f4(t * f4(f4(rest) / f4(i + 1)))
    return [float(x) for x in row]


def scalar_array_containment(expr: ScalarArrayOpExpr, lookup) -> float | None:
    """`constant = ANY / ALL (array column)` (and `<>`): None unless the array side is a
    column of this level and the operator is '=' or '<>'."""
    if expr.array is None or expr.operator_name not in ("=", "<>"):
        return None
    from pgsnake.optimizer.selectivity_stats import estimated_value
    var = examine_relabeled(expr.array, lookup)
    if var is None and not _of_one_relation(expr.array, lookup):
        return None
    stats = var.stats if var is not None else None
    constant = estimated_value(expr.arg)
    if not isinstance(constant, Const):
        return None
    if constant.value is None:
        return 0.0
    is_equality = expr.operator_name == "="
    use_or = expr.use_or if is_equality else not expr.use_or
    operator = ARRAY_CONTAINS if use_or else ARRAY_CONTAINED
    items = [constant.value]
    if stats is None:
        if use_or:
            selectivity = _contain_overlap_selectivity(None, None, items, operator)
        else:
            selectivity = _contained_selectivity(None, None, items, None)
    else:
        mcelem, numbers, hist = _element_slots(var, operator)
        if use_or:
            selectivity = _contain_overlap_selectivity(mcelem, numbers, items, operator)
        else:
            selectivity = _contained_selectivity(mcelem, numbers, items, hist)
        selectivity *= 1.0 - stats.null_frac
    if not is_equality:
        selectivity = 1.0 - selectivity
    return _clamp(selectivity)


def _of_one_relation(expr, lookup) -> bool:
    """Whether an expression reads columns of exactly one table of this level (an
    examine_variable result with a relation but no statistics)."""
    from pgsnake.parser.expression_nodes import Var, walk
    rtindexes = {n.rtindex if not n.levels_up else -1 for n in walk(expr) if isinstance(n, Var)}
    if len(rtindexes) != 1:
        return False
    rtindex = rtindexes.pop()
    return 0 < rtindex <= len(lookup.range_table)


# -- text search -----------------------------------------------------------------------------

def ts_match_selectivity(expr: OpExpr, lookup) -> float | None:
    found = _restriction_variable(expr, lookup)
    if found is None:
        return None
    var, other, _var_on_left, _var_type = found
    if not isinstance(other, Const):
        return DEFAULT_TS_MATCH_SEL
    if other.value is None:
        return 0.0
    if other.type_oid != TSQUERY_OID:
        return DEFAULT_TS_MATCH_SEL
    root = other.value.root
    if root is None:
        return 0.0                  # the empty query matches nothing
    if var.stats is None:
        return _clamp(_query_selectivity(root, None, 0.0))
    mcelem = find_slot(var.stats, STATISTIC_KIND_MCELEM)
    lookup_table = minfreq = None
    if mcelem is not None and mcelem.values is not None and mcelem.numbers is not None \
            and len(mcelem.numbers) == len(mcelem.values) + 2:
        lookup_table = {value.encode(): frequency
                        for value, frequency in zip(mcelem.values, mcelem.numbers)}
        minfreq = mcelem.numbers[-2]
    selectivity = _query_selectivity(root, lookup_table, minfreq)
    return _clamp(selectivity * (1.0 - var.stats.null_frac))


def _query_selectivity(node, lexemes: dict | None, minfreq: float) -> float:
    """tsquery_opr_selec over pgsnake's tsquery tree (datatypes/tsquery.py's nodes)."""
    kind = node[0]
    if kind == "v":
        _v, lexeme, _weights, prefix = node
        key = lexeme.encode()
        if prefix:
            if lexemes is None or len(lexemes) < MIN_MCELEMS_FOR_PREFIX:
                return DEFAULT_TS_MATCH_SEL * 4
            matched = every = 0.0
            n_matched = 0
            for element, frequency in lexemes.items():
                if element.startswith(key):
                    matched += frequency - matched * frequency
                    n_matched += 1
                every += frequency - every * frequency
            matched, every = _clamp(matched), _clamp(every)
            selectivity = matched + (1.0 - every) * (n_matched / len(lexemes))
            selectivity = max(min(DEFAULT_TS_MATCH_SEL, _f4(minfreq / 2)), selectivity)
        elif lexemes is None:
            return DEFAULT_TS_MATCH_SEL
        else:
            selectivity = lexemes.get(key)
            if selectivity is None:
                selectivity = min(DEFAULT_TS_MATCH_SEL, _f4(minfreq / 2))
    elif kind == "!":
        selectivity = 1.0 - _query_selectivity(node[1], lexemes, minfreq)
    else:
        left, right = (node[1], node[2]) if kind in ("&", "|") else (node[2], node[3])
        s1 = _query_selectivity(right, lexemes, minfreq)
        s2 = _query_selectivity(left, lexemes, minfreq)
        selectivity = s1 + s2 - s1 * s2 if kind == "|" else s1 * s2
    return _clamp(selectivity)
