"""GiST operator classes: what a key is for each indexed type, and the support
functions the tree calls (PostgreSQL's amproc 1-7).

    compress(value) -> key            the leaf key of a column value (amproc 3)
    union(keys) -> key                the key covering all of them (amproc 2)
    penalty(orig, new) -> float       cost of widening `orig` to cover `new` (amproc 5)
    picksplit(keys) -> (left, right)  positions of the keys each half of a split gets (6)
    consistent(key, strategy, query, leaf) -> (may match, recheck)   (amproc 1)
    distance(key, strategy, query, leaf) -> float   ordering operators (8; optional)
    fetch(key) -> value               a leaf key's column value (9; optional)

Keys are Python values of the index column's stored type (pg_opclass.opckeytype):
box_ops keys are boxes (high_x, high_y, low_x, low_y); point_ops, circle_ops and
poly_ops keys are the value's bounding box; range_ops keys ranges (an internal key the
range spanning those below); multirange_ops keys the multirange's span. Strategy
numbers are pg_amop's: the R-tree numbers (1 <<, 2 &<, 3 &&, 4 &>, 5 >>, 6 ~= / -|-,
7 @>, 8 <@, 9 &<|, 10 <<|, 11 |>>, 12 |&>), 16 range @> element, 18 range =, and
point_ops' 28 / 48 / 68 (point <@ box / polygon / circle), 29 <^, 30 >^.

An internal key answers "can anything below match" (rtree_internal_consistent,
range_gist_consistent_int); a leaf key answers exactly where the key is the value
(box_ops, range_ops, point_ops) and with recheck where it is a bounding box or span
(circle_ops, poly_ops, multirange_ops).

Entry points: GistOpclass, lookup(name), supported(name).

PostgreSQL: access/gist/gistproc.c (gist_box_*, gist_point_*, gist_circle_*,
gist_poly_*, rtree_internal_consistent), utils/adt/rangetypes_gist.c,
utils/adt/multirangetypes.c (multirange_gist_*). Penalties and picksplit are simpler
than PostgreSQL's (README "Where we differ").
"""
from __future__ import annotations

import dataclasses
import datetime
import decimal
from typing import Callable

from pgsnake.access.gist import zorder
from pgsnake.datatypes import geometry as geo
from pgsnake.datatypes import ranges
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


@dataclasses.dataclass(frozen=True)
class GistOpclass:
    name: str
    compress: Callable
    union: Callable
    penalty: Callable
    picksplit: Callable
    consistent: Callable
    # distance(key, strategy, query, leaf) -> float: for ORDER BY key <-> query (amproc
    # 8); a leaf's exact distance, an internal key's lower bound for all below it
    distance: Callable | None = None
    order_strategies: tuple = ()          # the ordering strategies `distance` serves
    # a leaf's distance only bounds the value's from below (its key is a bounding box):
    # the scan recomputes it from the row and reorders (circle_ops, poly_ops)
    lossy_distance: bool = False
    # fetch(leaf key) -> the column's value (amproc 9, GIST_FETCH_PROC): the classes
    # whose leaf keys hold the value exactly, usable by Index Only Scans
    fetch: Callable | None = None
    # sort_key(leaf key) -> an integer ordering the keys along a space-filling curve
    # (amproc 11, GIST_SORTSUPPORT_PROC): CREATE INDEX then builds the tree bottom-up
    # from the sorted tuples (sorted_build.py) instead of inserting them one by one
    sort_key: Callable | None = None


_REGISTRY: dict[str, GistOpclass] = {}


def register(opclass: GistOpclass) -> None:
    _REGISTRY[opclass.name] = opclass


def supported(name: str) -> bool:
    return name in _REGISTRY


def lookup(name: str) -> GistOpclass:
    opclass = _REGISTRY.get(name)
    if opclass is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'GiST operator class "{name}" is not supported yet')
    return opclass


def _halves(keys, sort_key) -> tuple[list[int], list[int]]:
    order = sorted(range(len(keys)), key=lambda i: sort_key(keys[i]))
    middle = len(order) // 2
    return order[:middle], order[middle:]


# ---- boxes -----------------------------------------------------------------------------

def _box_union(keys):
    keys = [k for k in keys if k is not None]
    if not keys:
        return None
    return (max(k[0] for k in keys), max(k[1] for k in keys),
            min(k[2] for k in keys), min(k[3] for k in keys))


def _box_size(box) -> float:
    """size_box: the area, 0 for a degenerate box, infinite for an unbounded one."""
    width, height = box[0] - box[2], box[1] - box[3]
    if width <= 0 or height <= 0:
        return 0.0
    return width * height


def _box_penalty(orig, new) -> float:
    """gist_box_penalty: the growth of the area."""
    if orig is None or new is None:
        return 0.0 if orig is new else 1e308
    grown = _box_size(_box_union([orig, new])) - _box_size(orig)
    return grown if grown == grown else 1e308       # inf - inf


def _box_picksplit(keys):
    """Split along the axis where the centres spread most, at the median."""
    real = [k for k in keys if k is not None]
    if not real:
        return _halves(keys, lambda k: 0)
    spread_x = max(k[0] + k[2] for k in real) - min(k[0] + k[2] for k in real)
    spread_y = max(k[1] + k[3] for k in real) - min(k[1] + k[3] for k in real)
    axis = 0 if spread_x >= spread_y else 1
    return _halves(keys, lambda k: (k is not None, 0.0 if k is None else k[axis] + k[axis + 2]))


_P = geo.POSITIONS


def _box_leaf(key, strategy: int, q) -> bool:
    """The box operators themselves (gist_box_leaf_consistent)."""
    if strategy == 1:
        return _P["box_left"](key, q)
    if strategy == 2:
        return _P["box_overleft"](key, q)
    if strategy == 3:
        return geo.box_overlap(key, q)
    if strategy == 4:
        return _P["box_overright"](key, q)
    if strategy == 5:
        return _P["box_right"](key, q)
    if strategy == 6:
        return geo.box_same(key, q)
    if strategy in (7, 13):
        return geo.box_contains_box(key, q)
    if strategy in (8, 14):
        return geo.box_contains_box(q, key)
    if strategy == 9:
        return _P["box_overbelow"](key, q)
    if strategy == 10:
        return _P["box_below"](key, q)
    if strategy == 11:
        return _P["box_above"](key, q)
    if strategy == 12:
        return _P["box_overabove"](key, q)
    return True


def _box_internal(key, strategy: int, q) -> bool:
    """rtree_internal_consistent: whether some box inside `key` can satisfy the
    operator."""
    if strategy == 1:
        return not _P["box_overright"](key, q)
    if strategy == 2:
        return not _P["box_right"](key, q)
    if strategy == 3:
        return geo.box_overlap(key, q)
    if strategy == 4:
        return not _P["box_left"](key, q)
    if strategy == 5:
        return not _P["box_overleft"](key, q)
    if strategy in (6, 7, 13):
        return geo.box_contains_box(key, q)
    if strategy in (8, 14):
        return geo.box_overlap(key, q)
    if strategy == 9:
        return not _P["box_above"](key, q)
    if strategy == 10:
        return not _P["box_overabove"](key, q)
    if strategy == 11:
        return not _P["box_overbelow"](key, q)
    if strategy == 12:
        return not _P["box_below"](key, q)
    return True


def _box_consistent(key, strategy, query, leaf):
    if leaf:
        return _box_leaf(key, strategy, query), False
    return _box_internal(key, strategy, query), False


def _bbox_consistent(bbox_of):
    """circle_ops / poly_ops: the query's bounding box against the key box; every
    answer rechecked (gist_circle_consistent, gist_poly_consistent)."""
    def consistent(key, strategy, query, leaf):
        return _box_internal(key, strategy, bbox_of(query)), True
    return consistent


def _circle_bbox(c):
    return (c[0] + c[2], c[1] + c[2], c[0] - c[2], c[1] - c[2])


def _poly_bbox(points):
    return (max(p[0] for p in points), max(p[1] for p in points),
            min(p[0] for p in points), min(p[1] for p in points))


# ---- points ----------------------------------------------------------------------------

def _point_consistent(key, strategy, query, leaf):
    """gist_point_consistent on a bounding-box key (a degenerate box on a leaf)."""
    high_x, high_y, low_x, low_y = key
    if strategy == 1:                                    # <<
        return geo.fp_lt(low_x, query[0]), False
    if strategy == 5:                                    # >>
        return geo.fp_gt(high_x, query[0]), False
    if strategy in (11, 30):                             # |>> >^
        return geo.fp_gt(high_y, query[1]), False
    if strategy in (10, 29):                             # <<| <^
        return geo.fp_lt(low_y, query[1]), False
    if strategy == 6:                                    # ~=
        if leaf:
            return geo.fp_eq(low_x, query[0]) and geo.fp_eq(low_y, query[1]), False
        return (geo.fp_le(low_x, query[0]) and geo.fp_ge(high_x, query[0])
                and geo.fp_le(low_y, query[1]) and geo.fp_ge(high_y, query[1])), False
    if strategy == 28:                                   # <@ box
        return geo.box_overlap(key, query), False
    if strategy == 48:                                   # <@ polygon
        if not geo.box_overlap(key, _poly_bbox(query)):
            return False, False
        if leaf:
            return geo.polygon_contains_point(query, (low_x, low_y)), False
        return True, False
    if strategy == 68:                                   # <@ circle
        if not geo.box_overlap(key, _circle_bbox(query)):
            return False, False
        if leaf:
            return geo.circle_contains_point(query, (low_x, low_y)), False
        return True, False
    return True, True


# ---- ranges ----------------------------------------------------------------------------

def _range_union(keys):
    keys = [k for k in keys if k is not None]
    if not keys:
        return None
    out = keys[0]
    for k in keys[1:]:
        out = ranges.merge(out, k)
    return out


def _distance(a, b) -> float:
    """How far apart two subtype values are, where the subtype has a difference
    (subtype_diff); 1 otherwise."""
    try:
        if isinstance(a, (int, float, decimal.Decimal)):
            return abs(float(b) - float(a))
        if isinstance(a, datetime.datetime):
            return abs((b - a).total_seconds())
        if isinstance(a, datetime.date):
            return float(abs((b - a).days))
    except (TypeError, ValueError, OverflowError, decimal.InvalidOperation):
        pass
    return 1.0


def _range_penalty(orig, new) -> float:
    """The growth of the range's bounds (range_gist_penalty, simplified)."""
    if orig is None or new is None:
        return 0.0 if orig is new else 1e308
    if new.empty:
        return 0.0 if orig.empty else 1.0
    if orig.empty:
        return 1e307
    grown = 0.0
    ol, nl = orig.lower_bound(), new.lower_bound()
    if ranges.cmp_bounds(nl, ol) < 0:
        grown += 1e300 if nl.infinite else (1.0 if ol.infinite else _distance(nl.value, ol.value))
    ou, nu = orig.upper_bound(), new.upper_bound()
    if ranges.cmp_bounds(nu, ou) > 0:
        grown += 1e300 if nu.infinite else (1.0 if ou.infinite else _distance(ou.value, nu.value))
    return grown


def _range_picksplit(keys):
    """Empty ranges apart when there are some; otherwise by lower bound, at the median."""
    return _halves(keys, lambda k: (k is not None, k))


def _span_of(query):
    return query.span() if hasattr(query, "span") else query


def _range_internal(key, strategy: int, query) -> bool:
    """range_gist_consistent_int: whether some range inside `key` can match. The key
    does not record whether empty ranges lie below (PostgreSQL's RANGE_CONTAIN_EMPTY),
    so the strategies an empty range can satisfy always descend."""
    if strategy == 16:
        return ranges.contains_elem(key, query)
    q = _span_of(query)
    if strategy == 8:                                   # <@: an empty range below matches
        return True
    if strategy in (7, 18):                             # @>, =
        return q.empty or ranges.contains(key, q)
    if key.empty or q.empty:
        return False
    if strategy == 1:
        return not ranges.overright(key, q)
    if strategy == 2:
        return not ranges.after(key, q)
    if strategy == 3:
        return ranges.overlaps(key, q)
    if strategy == 4:
        return not ranges.before(key, q)
    if strategy == 5:
        return not ranges.overleft(key, q)
    if strategy == 6:
        return ranges.adjacent(key, q) or ranges.overlaps(key, q)
    return True


_RANGE_OPERATORS = {1: "<<", 2: "&<", 3: "&&", 4: "&>", 5: ">>", 6: "-|-", 7: "@>",
                    8: "<@", 16: "@>", 18: "="}


def _range_leaf(key, strategy: int, query) -> bool:
    from pgsnake.datatypes import range_functions
    from pgsnake.datatypes.multiranges import Multirange
    kind = "e" if strategy == 16 else ("m" if isinstance(query, Multirange) else "r")
    return bool(range_functions._operator_body(_RANGE_OPERATORS[strategy], "r", kind)(
        key, query))


def _range_consistent(key, strategy, query, leaf):
    if leaf:
        return _range_leaf(key, strategy, query), False
    return _range_internal(key, strategy, query), False


def _multirange_consistent(key, strategy, query, leaf):
    """multirange_ops: the key is the span; every leaf answer is rechecked."""
    if leaf and strategy == 8:
        # span <@ q is too strong, but the multirange lies inside the span: something
        # in q must overlap it unless it is empty.
        return key.empty or ranges.overlaps(key, _span_of(query)), True
    return _range_internal(key, strategy, query), leaf


def _multirange_compress(value):
    return value.span()


def _box_distance(key, strategy: int, query, leaf: bool) -> float:
    """gist_box_distance (strategy 15, box <-> point): the point's distance to the key
    box, exact for box_ops' leaves, a lower bound for an internal key and for the
    bounding boxes of circle_ops' and poly_ops' leaves."""
    return geo.box_point_distance(key, query)


def _point_distance(key, strategy: int, query, leaf: bool) -> float:
    """gist_point_distance (strategy 15, point <-> point): a leaf's point to the query
    point, else the distance to the key box."""
    if leaf:
        return geo.point_distance((key[0], key[1]), query)
    return geo.box_point_distance(key, query)


_DISTANCE_STRATEGY = (15,)
# A class without a compress function (box_ops, range_ops) stores the value itself as
# its key, so it can return it (gistcanreturn: no fetch function needed then).
def _stored_value(key):
    return key


register(GistOpclass("box_ops", lambda v: v, _box_union, _box_penalty, _box_picksplit,
                     _box_consistent, _box_distance, _DISTANCE_STRATEGY,
                     fetch=_stored_value))
register(GistOpclass("point_ops", geo.point_to_box, _box_union, _box_penalty,
                     _box_picksplit, _point_consistent, _point_distance, _DISTANCE_STRATEGY,
                     fetch=lambda key: (key[0], key[1]),        # gist_point_fetch
                     sort_key=zorder.box_low_corner_zorder))    # gist_point_sortsupport
register(GistOpclass("circle_ops", _circle_bbox, _box_union, _box_penalty, _box_picksplit,
                     _bbox_consistent(_circle_bbox), _box_distance, _DISTANCE_STRATEGY,
                     lossy_distance=True))
register(GistOpclass("poly_ops", _poly_bbox, _box_union, _box_penalty, _box_picksplit,
                     _bbox_consistent(_poly_bbox), _box_distance, _DISTANCE_STRATEGY,
                     lossy_distance=True))
register(GistOpclass("range_ops", lambda v: v, _range_union, _range_penalty,
                     _range_picksplit, _range_consistent, fetch=_stored_value))
register(GistOpclass("multirange_ops", _multirange_compress, _range_union, _range_penalty,
                     _range_picksplit, _multirange_consistent))
