"""Plan-time partition pruning: the partitions of a partitioned table that rows matching
a scan's quals can be in.

Quals that compare a key column with a constant narrow the set: =, <, <=, >, >= (either
side), IN lists / = ANY (constant array), IS [NOT] NULL, AND-ed (intersection) and OR-ed
(union); anything else leaves it as it is. Then
  range:  a partition is kept when its [lower, upper) meets the column's interval; the
          default partition when the interval is not covered by the other partitions
          or NULL may match;
  list:   the partitions holding the listed values (the default for values no
          partition lists; for an interval, every partition with a value in it, and the
          default);
  hash:   for equality on every key column, the one partition of the row hash.
Only single-column range and list keys and hash keys are pruned; a multi-column range
key keeps every partition. A key column with a user-defined operator class is pruned
by IS [NOT] NULL only (its family's own operators are not recognised yet).

Entry point: surviving_partitions(descriptor, quals, rtindex) -> [oid] in bound order.

PostgreSQL: partitioning/partprune.c (gen_partprune_steps, get_matching_partitions,
get_matching_range_bounds, get_matching_list_bounds, get_matching_hash_bounds).
"""
from __future__ import annotations

from pgsnake.catalog import partition_bounds as pb
from pgsnake.parser.expression_nodes import (BoolExpr, Const, NullTest, OpExpr,
                                             ScalarArrayOpExpr, Var)

_COMPARABLE = [{20, 21, 23, 26}, {700, 701, 1700, 20, 21, 23}, {25, 1043, 19}]
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}
ALL = None                      # "no restriction"


def _comparable(left: int, right: int) -> bool:
    return left == right or any(left in group and right in group for group in _COMPARABLE)


class _Interval:
    """A set of key values: an interval (None ends unbounded), or an explicit value list,
    plus whether NULL is in it."""

    def __init__(self, low=None, low_inclusive=True, high=None, high_inclusive=True,
                 values=None, null=False, not_null=True) -> None:
        self.low, self.low_inclusive = low, low_inclusive
        self.high, self.high_inclusive = high, high_inclusive
        self.values = values           # a list of sort keys, or None: the interval
        self.null = null               # only NULL
        self.not_null = not_null


def _key_column(expr, rtindex: int, key) -> int | None:
    if isinstance(expr, Var) and expr.rtindex == rtindex and expr.levels_up == 0 \
            and expr.attnum in key.attnums:
        return key.attnums.index(expr.attnum)
    return None


def _compared_column(expr, rtindex: int, key) -> int | None:
    """The key column `expr` is, when the type's own comparison operators can prune it:
    not a column with a user-defined operator class (whose family lacks them)."""
    column = _key_column(expr, rtindex, key)
    if column is not None and column < len(key.user_classes) and key.user_classes[column]:
        return None
    return column


def _conditions(qual, rtindex: int, key):
    """(key column index, op, value) for one qual, or None when it says nothing."""
    if isinstance(qual, OpExpr) and len(qual.args) == 2 and qual.operator_name in _FLIP:
        left, right = qual.args
        column, const, op = _compared_column(left, rtindex, key), right, qual.operator_name
        if column is None:
            column, const, op = _compared_column(right, rtindex, key), left, _FLIP[op]
        if column is not None and isinstance(const, Const) and not const.is_null \
                and _comparable(const.type_oid, key.type_oids[column]):
            return column, op, const.value
    if isinstance(qual, ScalarArrayOpExpr) and qual.use_or and qual.operator_name == "=" \
            and qual.array is None and all(isinstance(i, Const) for i in qual.items):
        column = _compared_column(qual.arg, rtindex, key)
        if column is not None and _comparable(qual.element_type, key.type_oids[column]):
            return column, "in", [i.value for i in qual.items if not i.is_null]
    if isinstance(qual, NullTest):
        column = _key_column(qual.arg, rtindex, key)
        if column is not None:
            return column, "null" if qual.is_null else "notnull", None
    return None


def surviving_partitions(descriptor, quals: list, rtindex: int) -> list:
    """The partitions to scan, in the descriptor's bound order."""
    found = _matching_all(descriptor, quals, rtindex)
    ordered = _bound_order(descriptor)
    if found is ALL:
        return ordered
    return [oid for oid in ordered if oid in found]


def _bound_order(descriptor) -> list:
    """PostgreSQL's partition order: by bound (range lower bounds, list smallest value,
    hash remainder), the default last."""
    key = descriptor.key
    sort_keys = descriptor.sort_keys

    def order(item):
        oid, bound = item
        if bound == pb.DEFAULT_BOUND:
            return (2,)
        if isinstance(bound, pb.RangeBound):
            return (0, pb.range_datums(bound.lower, sort_keys))
        if isinstance(bound, pb.ListBound):
            present = [sort_keys[0](v) for v in bound.values if v is not None]
            return (0, (0, min(present)) if present else (1,))
        return (0, (bound.modulus, bound.remainder))
    del key
    return [oid for oid, _bound in sorted(zip(descriptor.oids, descriptor.bounds), key=order)]


def _matching_all(descriptor, quals: list, rtindex: int):
    result = ALL
    for qual in quals:
        if isinstance(qual, BoolExpr) and qual.op == "and":
            found = _matching_all(descriptor, list(qual.args), rtindex)
        elif isinstance(qual, BoolExpr) and qual.op == "or":
            found = set()
            for arm in qual.args:
                arm_found = _matching_all(descriptor, [arm], rtindex)
                if arm_found is ALL:
                    found = ALL
                    break
                found |= arm_found
        else:
            continue
        result = found if result is ALL else (result if found is ALL else result & found)
    simple = [c for c in (_conditions(q, rtindex, descriptor.key) for q in quals) if c]
    if simple:
        found = _matching_simple(descriptor, simple)
        result = found if result is ALL else (result if found is ALL else result & found)
    return result


def _matching_simple(descriptor, conditions: list):
    key = descriptor.key
    if key.strategy == "h":
        return _matching_hash(descriptor, conditions)
    if len(key.attnums) != 1:
        if key.strategy != "r":
            return ALL
        return _matching_leading_column(descriptor, [c for c in conditions if c[0] == 0])
    interval = _Interval()
    sort_key = descriptor.sort_keys[0]
    for _column, op, value in conditions:
        if op == "null":
            interval.null, interval.not_null = True, False
            continue
        if op == "notnull":
            continue
        if op == "in":
            values = [sort_key(v) for v in value]
            interval.values = values if interval.values is None \
                else _common(interval.values, values)
            continue
        k = sort_key(value)
        if op == "=":
            values = [k]
            interval.values = values if interval.values is None \
                else _common(interval.values, values)
        elif op in ("<", "<="):
            if interval.high is None or k < interval.high or \
                    (k == interval.high and op == "<"):
                interval.high, interval.high_inclusive = k, op == "<="
        else:
            if interval.low is None or k > interval.low or (k == interval.low and op == ">"):
                interval.low, interval.low_inclusive = k, op == ">="
    if interval.values is not None:
        interval.values = [v for v in interval.values if _inside(v, interval)]
    if key.strategy == "l":
        return _matching_list(descriptor, interval)
    return _matching_range(descriptor, interval)


def _common(values: list, others: list) -> list:
    """The sort keys in both lists: compared by ==, as a type ordered by its B-tree
    operator has sort keys that do not hash (functools.cmp_to_key)."""
    return [v for v in values if v in others]


def _matching_leading_column(descriptor, conditions: list):
    """A multi-column range key, pruned on its first column alone: a partition spans
    [lower's first value, upper's first value] (both ends may hold rows, as the later
    columns decide); the default partition is always kept."""
    if not conditions:
        return ALL
    sort_key = descriptor.sort_keys[0]
    found = set()
    for oid, (lo, hi) in descriptor.ranges.items():
        low, high = lo[0], hi[0]
        if all(_may_hold(low, high, op, value, sort_key) for _c, op, value in conditions):
            found.add(oid)
    if descriptor.default:
        found.add(descriptor.default)
    return found


def _may_hold(low, high, op: str, value, sort_key) -> bool:
    if op in ("null", "notnull"):
        return op == "notnull"
    values = [sort_key(v) for v in value] if op == "in" else [sort_key(value)]
    for k in values:
        point = (1, k)
        if op in ("=", "in") and low <= point <= high:
            return True
        if op in ("<", "<=") and low < point or op == "<=" and low == point:
            return True
        if op in (">", ">=") and high > point or op == ">=" and high == point:
            return True
    return False


def _inside(k, interval: _Interval) -> bool:
    if interval.low is not None and (k < interval.low or
                                     (k == interval.low and not interval.low_inclusive)):
        return False
    if interval.high is not None and (k > interval.high or
                                      (k == interval.high and not interval.high_inclusive)):
        return False
    return True


def _matching_list(descriptor, interval: _Interval) -> set:
    found = set()
    if interval.null and not interval.not_null:
        if interval.values is not None or interval.low is not None or interval.high is not None:
            return set()
        return {descriptor.null_partition or descriptor.default} - {0}
    if interval.values is not None:
        for k in interval.values:
            found.add(descriptor.list_values.get(k) or descriptor.default)
        return found - {0}
    for k, oid in descriptor.list_values.items():
        if _inside(k, interval):
            found.add(oid)
    if descriptor.default:
        found.add(descriptor.default)
    return found


def _matching_range(descriptor, interval: _Interval) -> set:
    if interval.null and not interval.not_null:
        return {descriptor.default} - {0}
    found = set()
    if interval.values is not None:
        for k in interval.values:
            point = ((1, k),)
            oid = next((o for o, (lo, hi) in descriptor.ranges.items() if lo <= point < hi), 0)
            found.add(oid or descriptor.default)
        return found - {0}
    low = ((0, None),) if interval.low is None else ((1, interval.low),)
    high = ((2, None),) if interval.high is None else ((1, interval.high),)
    pieces = []
    for oid, (lo, hi) in descriptor.ranges.items():
        # The partition [lo, hi) meets [low, high] (ends as the interval says).
        below_high = lo < high or (lo == high and interval.high_inclusive
                                   and interval.high is not None)
        above_low = hi > low
        if below_high and above_low:
            found.add(oid)
            pieces.append((lo, hi))
    if descriptor.default and not _covered(pieces, low, high, interval):
        found.add(descriptor.default)
    return found


def _covered(pieces: list, low, high, interval: _Interval) -> bool:
    """Do the partitions' ranges cover the interval without a gap?"""
    position = low
    for lo, hi in sorted(pieces):
        if lo > position:
            return False
        if hi > position:
            position = hi
    if interval.high is None:
        return position == ((2, None),)
    return position > high or (position == high and not interval.high_inclusive)


def _matching_hash(descriptor, conditions: list):
    from pgsnake.catalog import partition_hash
    key = descriptor.key
    values = [None] * len(key.attnums)
    seen = [False] * len(key.attnums)
    for column, op, value in conditions:
        if op == "=":
            values[column], seen[column] = value, True
        elif op == "null":
            values[column], seen[column] = None, True
    if not all(seen):
        return ALL
    hashed = partition_hash.row_hash(values, key.type_oids, key.hash_procs)
    return {oid for oid, bound in zip(descriptor.oids, descriptor.bounds)
            if isinstance(bound, pb.HashBound) and hashed % bound.modulus == bound.remainder}
