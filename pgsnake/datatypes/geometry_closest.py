"""The geometric operators built on closest points: the remaining distances (<->), the
closest-point operators (##), the box / line / path intersections and containments, and
the position operators of polygons and circles, path arithmetic with a point, lseg
ordering by length and line equality.

Values are geometry.py's tuples: point (x, y), lseg (p0, p1), box (high x, high y, low
x, low y), path (closed, points), polygon (points), line (A, B, C), circle (x, y, r).

Every distance is found the way PostgreSQL finds it (closest points along
perpendiculars, segment by segment), so results agree to the last digit; a closest point
that cannot be found (NaN coordinates) is NULL.

Entry point: OPERATORS {pg_operator.oprcode: fn}, merged into scalar_types.OPERATORS.

PostgreSQL: utils/adt/geo_ops.c (lseg_closept_point, lseg_closept_line,
lseg_closept_lseg, box_closept_point, box_closept_lseg, box_interpt_lseg,
line_closept_point, dist_ppath_internal, dist_ppoly_internal, path_distance,
poly_distance, line_distance, inter_lb, on_ppath, path_inter, box_intersect, the
poly_* and circle_* position operators).
"""
from __future__ import annotations

import math

from pgsnake.datatypes import geometry as geo
from pgsnake.datatypes.geometry import fp_eq, fp_ge, fp_gt, fp_le, fp_lt, fp_zero


def _line_slope(line) -> float:
    a, b, _c = line
    if fp_zero(b):
        return math.inf
    if fp_zero(a):
        return 0.0
    return -a / b


def _line_inverse_slope(line) -> float:
    a, b, _c = line
    if fp_zero(a):
        return math.inf
    if fp_zero(b):
        return 0.0
    return b / a


def line_closept_point(line, point):
    """(distance, closest point on the line); NaN and the point itself when the
    perpendicular's foot cannot be found."""
    foot = geo.line_intersection(geo._line_through(point, _line_inverse_slope(line)), line)
    if foot is None:
        return math.nan, point
    return geo.point_distance(foot, point), foot


def lseg_closept_line(lseg, line):
    crossing = geo.lseg_line_intersection(lseg, line)
    if crossing is not None:
        return 0.0, crossing
    d1, _ = line_closept_point(line, lseg[0])
    d2, _ = line_closept_point(line, lseg[1])
    if d1 < d2:
        return d1, lseg[0]
    return d2, lseg[1]


def lseg_closept_point(lseg, point):
    """The point of the segment closest to `point`, by a perpendicular through it."""
    perpendicular = geo._line_through(point, geo._inverse_slope(*lseg))
    _d, closest = lseg_closept_line(lseg, perpendicular)
    return geo.point_distance(closest, point), closest


def lseg_closept_lseg(on_lseg, to_lseg):
    """The point of on_lseg closest to to_lseg."""
    crossing = geo.lseg_intersection(on_lseg, to_lseg)
    if crossing is not None:
        return 0.0, crossing
    dist, result = lseg_closept_point(on_lseg, to_lseg[0])
    d, point = lseg_closept_point(on_lseg, to_lseg[1])
    if d < dist:
        dist, result = d, point
    d, _ = lseg_closept_point(to_lseg, on_lseg[0])
    if d < dist:
        dist, result = d, on_lseg[0]
    d, _ = lseg_closept_point(to_lseg, on_lseg[1])
    if d < dist:
        dist, result = d, on_lseg[1]
    return dist, result


def _box_sides(box):
    """The four sides in PostgreSQL's order: low-to-(low x, high y), high-to-that corner,
    low-to-(high x, low y), high-to-that corner."""
    hx, hy, lx, ly = box
    low, high = (lx, ly), (hx, hy)
    corner1, corner2 = (lx, hy), (hx, ly)
    return ((low, corner1), (high, corner1), (low, corner2), (high, corner2))


def box_closept_point(box, point):
    if geo.box_contains_point(box, point):
        return 0.0, point
    best = None
    for side in _box_sides(box):
        d, closest = lseg_closept_point(side, point)
        if best is None or d < best[0]:
            best = (d, closest)
    return best


def _lseg_bound_box(lseg):
    (x1, y1), (x2, y2) = lseg
    return (max(x1, x2), max(y1, y2), min(x1, x2), min(y1, y2))


def box_interpt_lseg(box, lseg):
    """(crosses, the segment's point nearest the box's center)."""
    if not geo.box_overlap(_lseg_bound_box(lseg), box):
        return False, None
    _d, closest = lseg_closept_point(lseg, geo.box_center(box))
    if geo.box_contains_point(box, lseg[0]) or geo.box_contains_point(box, lseg[1]):
        return True, closest
    for side in _box_sides(box):
        if geo.lseg_intersection(side, lseg) is not None:
            return True, closest
    return False, None


def box_closept_lseg(box, lseg):
    crosses, closest = box_interpt_lseg(box, lseg)
    if crosses:
        return 0.0, closest
    best = None
    for side in _box_sides(box):
        d, point = lseg_closept_lseg(side, lseg)
        if best is None or d < best[0]:
            best = (d, point)
    return best


def _segments(points, closed: bool):
    """A path's segments in PostgreSQL's order (the closing one first when closed)."""
    for i in range(len(points)):
        if i > 0:
            yield points[i - 1], points[i]
        elif closed:
            yield points[-1], points[0]


def dist_ppath(point, path) -> float:
    closed, points = path
    result = None
    for segment in _segments(points, closed):
        d, _ = lseg_closept_point(segment, point)
        if result is None or d < result:
            result = d
    return 0.0 if result is None else result


def path_distance(a, b):
    best = None
    for first in _segments(a[1], a[0]):
        for second in _segments(b[1], b[0]):
            d, _ = lseg_closept_lseg(first, second)
            if best is None or d < best:
                best = d
    return best


def dist_ppoly(point, points) -> float:
    if geo.polygon_contains_point(points, point):
        return 0.0
    result, _ = lseg_closept_point((points[0], points[-1]), point)
    for i in range(len(points) - 1):
        d, _ = lseg_closept_point((points[i], points[i + 1]), point)
        if d < result:
            result = d
    return result


def poly_distance(a, b) -> float:
    if geo.polygon_overlap(a, b):
        return 0.0
    best = None
    for first in _segments(a, True):
        for second in _segments(b, True):
            d, _ = lseg_closept_lseg(first, second)
            if best is None or d < best:
                best = d
    return best


def dist_cpoly(circle, points) -> float:
    result = dist_ppoly((circle[0], circle[1]), points) - circle[2]
    return 0.0 if result < 0 else result


def line_distance(l1, l2) -> float:
    if geo.line_intersection(l1, l2) is not None:
        return 0.0
    a1, b1, c1 = l1
    a2, b2, c2 = l2
    if not fp_zero(a1) and not math.isnan(a1) and not fp_zero(a2) and not math.isnan(a2):
        ratio = a1 / a2
    elif not fp_zero(b1) and not math.isnan(b1) and not fp_zero(b2) and not math.isnan(b2):
        ratio = b1 / b2
    else:
        ratio = 1.0
    return abs(c1 - ratio * c2) / geo.pg_hypot(a1, b1)


def line_eq(l1, l2) -> bool:
    if any(math.isnan(v) for v in l1 + l2):
        # float8_eq: NaN equals NaN
        return all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(l1, l2))
    a2, b2, c2 = l2
    if not fp_zero(a2):
        ratio = l1[0] / a2
    elif not fp_zero(b2):
        ratio = l1[1] / b2
    elif not fp_zero(c2):
        ratio = l1[2] / c2
    else:
        ratio = 1.0
    return all(fp_eq(x, ratio * y) for x, y in zip(l1, l2))


def _nan_is_null(pair):
    d, point = pair
    return None if math.isnan(d) else point


def close_ls(line, lseg):
    if geo.point_slope(*lseg) == _line_slope(line):
        return None
    return _nan_is_null(lseg_closept_line(lseg, line))


def close_lseg(l1, l2):
    if geo.point_slope(*l1) == geo.point_slope(*l2):
        return None
    return _nan_is_null(lseg_closept_lseg(l2, l1))


def inter_lb(line, box) -> bool:
    hx, hy, lx, ly = box
    corners = ((lx, ly), (lx, hy), (hx, hy), (hx, ly), (lx, ly))
    return any(geo.lseg_line_intersection((corners[i], corners[i + 1]), line) is not None
               for i in range(4))


def on_ppath(point, path) -> bool:
    closed, points = path
    if not closed:
        a = geo.point_distance(point, points[0])
        for i in range(len(points) - 1):
            b = geo.point_distance(point, points[i + 1])
            if fp_eq(a + b, geo.point_distance(points[i], points[i + 1])):
                return True
            a = b
        return False
    return geo.polygon_contains_point(points, point)


def path_inter(a, b) -> bool:
    def bound(points):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return (max(xs), max(ys), min(xs), min(ys))
    if not geo.box_overlap(bound(a[1]), bound(b[1])):
        return False
    return any(geo.lseg_intersection(first, second) is not None
               for first in _segments(a[1], a[0]) for second in _segments(b[1], b[0]))


def box_intersect(a, b):
    if not geo.box_overlap(a, b):
        return None
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _path_map(op):
    return lambda path, point: (path[0], tuple(op(p, point) for p in path[1]))


def _lseg_by_length(compare):
    return lambda a, b: compare(geo.point_distance(*a), geo.point_distance(*b))


def _poly_box(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(xs), max(ys), min(xs), min(ys)


def _poly_position(test):
    return lambda a, b: test(_poly_box(a), _poly_box(b))


# bounding boxes as (high x, high y, low x, low y): plain comparisons, as poly_left etc.
_POLY_POSITIONS = {
    "poly_left": lambda a, b: a[0] < b[2], "poly_overleft": lambda a, b: a[0] <= b[0],
    "poly_right": lambda a, b: a[2] > b[0], "poly_overright": lambda a, b: a[2] >= b[2],
    "poly_below": lambda a, b: a[1] < b[3], "poly_overbelow": lambda a, b: a[1] <= b[1],
    "poly_above": lambda a, b: a[3] > b[1], "poly_overabove": lambda a, b: a[3] >= b[3],
}

# circles (x, y, r)
_CIRCLE_POSITIONS = {
    "circle_left": lambda a, b: fp_lt(a[0] + a[2], b[0] - b[2]),
    "circle_overleft": lambda a, b: fp_le(a[0] + a[2], b[0] + b[2]),
    "circle_right": lambda a, b: fp_gt(a[0] - a[2], b[0] + b[2]),
    "circle_overright": lambda a, b: fp_ge(a[0] - a[2], b[0] - b[2]),
    "circle_below": lambda a, b: fp_lt(a[1] + a[2], b[1] - b[2]),
    "circle_above": lambda a, b: fp_gt(a[1] - a[2], b[1] + b[2]),
    "circle_overbelow": lambda a, b: fp_le(a[1] + a[2], b[1] + b[2]),
    "circle_overabove": lambda a, b: fp_ge(a[1] - a[2], b[1] - b[2]),
}

OPERATORS = {
    "dist_sl": lambda s, line: lseg_closept_line(s, line)[0],
    "dist_ls": lambda line, s: lseg_closept_line(s, line)[0],
    "dist_sb": lambda s, b: box_closept_lseg(b, s)[0],
    "dist_bs": lambda b, s: box_closept_lseg(b, s)[0],
    "dist_ppath": dist_ppath, "dist_pathp": lambda path, p: dist_ppath(p, path),
    "path_distance": path_distance, "line_distance": line_distance,
    "lseg_distance": lambda a, b: lseg_closept_lseg(a, b)[0],
    "poly_distance": poly_distance,
    "dist_ppoly": dist_ppoly, "dist_polyp": lambda poly, p: dist_ppoly(p, poly),
    "dist_cpoly": dist_cpoly, "dist_polyc": lambda poly, c: dist_cpoly(c, poly),
    "close_pl": lambda p, line: _nan_is_null(line_closept_point(line, p)),
    "close_ps": lambda p, s: _nan_is_null(lseg_closept_point(s, p)),
    "close_pb": lambda p, b: _nan_is_null(box_closept_point(b, p)),
    "close_sb": lambda s, b: _nan_is_null(box_closept_lseg(b, s)),
    "close_ls": close_ls, "close_lseg": close_lseg,
    "inter_sb": lambda s, b: box_interpt_lseg(b, s)[0], "inter_lb": inter_lb,
    "on_sl": lambda s, line: geo.point_on_line(s[0], line) and geo.point_on_line(s[1], line),
    "on_sb": lambda s, b: geo.box_contains_point(b, s[0]) and geo.box_contains_point(b, s[1]),
    "on_ppath": on_ppath, "path_contain_pt": lambda path, p: on_ppath(p, path),
    "path_inter": path_inter, "box_intersect": box_intersect,
    "path_add_pt": _path_map(geo.point_add), "path_sub_pt": _path_map(geo.point_sub),
    "path_mul_pt": _path_map(geo.point_mul), "path_div_pt": _path_map(geo.point_div),
    "lseg_lt": _lseg_by_length(fp_lt), "lseg_le": _lseg_by_length(fp_le),
    "lseg_gt": _lseg_by_length(fp_gt), "lseg_ge": _lseg_by_length(fp_ge),
    "line_eq": line_eq,
    **{code: _poly_position(test) for code, test in _POLY_POSITIONS.items()},
    **_CIRCLE_POSITIONS,
}
