"""Geometric types point, line, lseg, box, path, polygon, circle: text and binary forms,
storage, and the basic functions and operators (area, center, distance <->, containment
@>, overlap &&, same-as ~=, PostgreSQL's area-based = < > for box and circle).

Python values are tuples of floats: point (x, y); line (A, B, C) for Ax + By + C = 0;
lseg ((x1, y1), (x2, y2)); box (high_x, high_y, low_x, low_y) with high >= low; circle
(x, y, r); path (closed, points); polygon points. Comparisons that PostgreSQL makes
with a tolerance (FPeq and friends, EPSILON 1.0E-06) use the same tolerance. Numbers are
printed as float8 prints them (extra_float_digits).

On disk (little endian): point 16 bytes, lseg/box 32, line/circle 24; path is int32
npts, int32 closed, int32 padding, then the points; polygon is int32 npts, its bounding
box, then the points. Binary (big endian): path is a closed byte, int32 npts, points;
polygon int32 npts, points.

Entry points: the *_input/*_output/*_send/*_receive/*_pack/*_unpack functions per type,
the operator and function implementations, and the tables AREA_COMPARISONS, POSITIONS,
LINE_SEGMENT_OPERATORS keyed by pg_operator.oprcode (wired in scalar_types.py).

PostgreSQL: utils/adt/geo_ops.c (pair_decode, path_decode, point_in, box_out, ...),
include/utils/geo_decls.h.
"""
from __future__ import annotations

import math
import re
import struct

from pgsnake.datatypes import floats
from pgsnake.utils.errors import (DIVISION_BY_ZERO, INVALID_PARAMETER_VALUE,
                                  INVALID_TEXT_REPRESENTATION, PgError)

EPSILON = 1.0e-06
_NUMBER = re.compile(r"\s*([+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))\s*",
                     re.IGNORECASE)


def fp_eq(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= EPSILON


def fp_lt(a: float, b: float) -> bool:
    return a + EPSILON < b


def fp_le(a: float, b: float) -> bool:
    return a <= b + EPSILON


def fp_gt(a: float, b: float) -> bool:
    return a > b + EPSILON


def fp_ge(a: float, b: float) -> bool:
    return a + EPSILON >= b


# ---------------------------------------------------------------- text input

class _Parser:
    """A cursor over one input string; every failure is the type's 22P02."""

    def __init__(self, text: str, type_name: str) -> None:
        self.text, self.pos, self.type_name = text, 0, type_name

    def error(self) -> PgError:
        return PgError(INVALID_TEXT_REPRESENTATION,
                       f'invalid input syntax for type {self.type_name}: "{self.text}"')

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos:self.pos + 1]

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            raise self.error()
        self.pos += 1

    def number(self) -> float:
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            raise self.error()
        self.pos = match.end()
        text = match.group(1)
        value = float(text)
        if text.lower().lstrip("+-") not in ("inf", "infinity", "nan") and \
                (math.isinf(value) or value == 0.0 and re.search(r"[1-9]", re.split(
                    "[eE]", text)[0])):
            # strtod's range error, as float8in reports it (naming the number)
            raise PgError("22003", f'"{text}" is out of range for type double precision')
        return value

    def pair(self) -> tuple[float, float]:
        self.skip_spaces()
        delimited = self.peek() == "("
        if delimited:
            self.pos += 1
        x = self.number()
        self.skip_spaces()
        self.expect(",")
        y = self.number()
        if delimited:
            self.skip_spaces()
            self.expect(")")
        self.skip_spaces()
        return (x, y)

    def points(self, count: int, open_allowed: bool) -> tuple[bool, list]:
        """path_decode: count pairs, optionally inside '[...]' (open) or '(...)'."""
        self.skip_spaces()
        is_open, depth, bracket = False, 0, False
        if self.peek() == "[":
            if not open_allowed:
                raise self.error()
            is_open, bracket, depth = True, True, 1
            self.pos += 1
        elif self.peek() == "(":
            after = self.pos + 1
            while after < len(self.text) and self.text[after].isspace():
                after += 1
            if self.text[after:after + 1] == "(" or self.text.rfind("(") == self.pos:
                self.pos = after if self.text[after:after + 1] == "(" else self.pos + 1
                depth = 1
        points = []
        for _ in range(count):
            points.append(self.pair())
            # the comma after a point may be left out ('(0,0)(1,1)') or follow the
            # last one: path_decode skips one if it is there
            self.skip_spaces()
            if self.peek() == ",":
                self.pos += 1
        while depth > 0:
            self.skip_spaces()
            if self.peek() == ")" or (self.peek() == "]" and bracket):
                depth -= 1
                self.pos += 1
                self.skip_spaces()
            else:
                raise self.error()
        return is_open, points

    def finish(self) -> None:
        self.skip_spaces()
        if self.pos != len(self.text):
            raise self.error()


def _pair_count(text: str) -> int:
    commas = text.count(",")
    return (commas + 1) // 2 if commas % 2 else -1


def point_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "point")
    point = parser.pair()
    parser.finish()
    return point


def lseg_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "lseg")
    _open, points = parser.points(2, True)
    parser.finish()
    return (points[0], points[1])


def box_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "box")
    _open, ((x1, y1), (x2, y2)) = parser.points(2, False)
    parser.finish()
    return (max(x1, x2), max(y1, y2), min(x1, x2), min(y1, y2))


def path_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "path")
    count = _pair_count(text)
    if count <= 0:
        raise parser.error()
    # only a path written inside '[...]' is open
    is_open, points = parser.points(count, True)
    parser.finish()
    return (not is_open, tuple(points))


def polygon_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "polygon")
    count = _pair_count(text)
    if count <= 0:
        raise parser.error()
    _open, points = parser.points(count, False)
    parser.finish()
    return tuple(points)


def circle_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "circle")
    parser.skip_spaces()
    depth, closer = 0, ""
    if parser.peek() in ("<", "("):
        start = parser.pos
        closer = ">" if parser.peek() == "<" else ")"
        parser.pos += 1
        after = parser.pos
        while after < len(text) and text[after].isspace():
            after += 1
        if closer == ")" and text[after:after + 1] != "(":
            parser.pos = start          # '(x, y), r': the parenthesis is the point's
            closer = ""
        else:
            depth = 1
    center = parser.pair()
    parser.skip_spaces()
    parser.expect(",")
    radius = parser.number()
    if depth:
        parser.skip_spaces()
        parser.expect(closer)
    parser.finish()
    if radius < 0:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type circle: "{text}"')
    return (center[0], center[1], radius)


def line_input(text: str, typmod: int = -1) -> tuple:
    parser = _Parser(text, "line")
    parser.skip_spaces()
    if parser.peek() == "{":
        parser.pos += 1
        a = parser.number()
        parser.expect(",")
        b = parser.number()
        parser.expect(",")
        c = parser.number()
        parser.expect("}")
        parser.finish()
        if fp_eq(a, 0) and fp_eq(b, 0):
            raise PgError(INVALID_TEXT_REPRESENTATION,
                          "invalid line specification: A and B cannot both be zero")
        return (a, b, c)
    _open, (p1, p2) = parser.points(2, True)
    parser.finish()
    if fp_eq(p1[0], p2[0]) and fp_eq(p1[1], p2[1]):
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      "invalid line specification: must be two distinct points")
    return line_from_points(p1, p2)


# ---------------------------------------------------------------- text output

def _num(value: float) -> str:
    return floats.float8_output(value)


def _pt(point) -> str:
    return f"({_num(point[0])},{_num(point[1])})"


def point_output(value) -> str:
    return _pt(value)


def lseg_output(value) -> str:
    return f"[{_pt(value[0])},{_pt(value[1])}]"


def box_output(value) -> str:
    return f"({_num(value[0])},{_num(value[1])}),({_num(value[2])},{_num(value[3])})"


def path_output(value) -> str:
    closed, points = value
    inner = ",".join(_pt(p) for p in points)
    return f"({inner})" if closed else f"[{inner}]"


def polygon_output(value) -> str:
    return "(" + ",".join(_pt(p) for p in value) + ")"


def circle_output(value) -> str:
    return f"<({_num(value[0])},{_num(value[1])}),{_num(value[2])}>"


def line_output(value) -> str:
    return "{" + ",".join(_num(v) for v in value) + "}"


# ---------------------------------------------------------------- binary and disk forms

def _floats(count: int, endian: str):
    packer = struct.Struct(endian + "d" * count)
    return packer.pack, packer.unpack


_P_BE, _U_BE = {}, {}
for _n in (2, 3, 4):
    _P_BE[_n], _U_BE[_n] = _floats(_n, ">")
_P_LE, _U_LE = {}, {}
for _n in (2, 3, 4):
    _P_LE[_n], _U_LE[_n] = _floats(_n, "<")


def point_send(value) -> bytes:
    return _P_BE[2](*value)


def point_receive(data, typmod=-1):
    return _U_BE[2](bytes(data))


def point_pack(value) -> bytes:
    return _P_LE[2](*value)


def point_unpack(data):
    return _U_LE[2](bytes(data))


def lseg_send(value) -> bytes:
    return _P_BE[4](*value[0], *value[1])


def lseg_receive(data, typmod=-1):
    x1, y1, x2, y2 = _U_BE[4](bytes(data))
    return ((x1, y1), (x2, y2))


def lseg_pack(value) -> bytes:
    return _P_LE[4](*value[0], *value[1])


def lseg_unpack(data):
    x1, y1, x2, y2 = _U_LE[4](bytes(data))
    return ((x1, y1), (x2, y2))


def box_send(value) -> bytes:
    return _P_BE[4](*value)


def box_receive(data, typmod=-1):
    x1, y1, x2, y2 = _U_BE[4](bytes(data))
    return (max(x1, x2), max(y1, y2), min(x1, x2), min(y1, y2))


def box_pack(value) -> bytes:
    return _P_LE[4](*value)


def box_unpack(data):
    return _U_LE[4](bytes(data))


def triple_send(value) -> bytes:          # circle (x, y, r) and line (A, B, C)
    return _P_BE[3](*value)


def triple_pack(value) -> bytes:
    return _P_LE[3](*value)


def triple_unpack(data):
    return _U_LE[3](bytes(data))


def circle_receive(data, typmod=-1):
    value = _U_BE[3](bytes(data))
    if value[2] < 0:
        raise PgError("22P03", "invalid radius in external \"circle\" value")
    return value


def line_receive(data, typmod=-1):
    value = _U_BE[3](bytes(data))
    if fp_eq(value[0], 0) and fp_eq(value[1], 0):
        raise PgError(INVALID_PARAMETER_VALUE,
                      "invalid line specification: A and B cannot both be zero")
    return value


def _point_list(data: bytes, offset: int, count: int, endian: str):
    flat = struct.unpack_from(f"{endian}{2 * count}d", data, offset)
    return tuple((flat[i], flat[i + 1]) for i in range(0, len(flat), 2))


def path_send(value) -> bytes:
    closed, points = value
    return struct.pack(">?i", closed, len(points)) + \
        b"".join(_P_BE[2](*p) for p in points)


def path_receive(data, typmod=-1):
    data = bytes(data)
    closed, count = struct.unpack_from(">?i", data)
    if count <= 0 or len(data) != 5 + 16 * count:
        raise PgError("22P03", 'invalid number of points in external "path" value')
    return (closed, _point_list(data, 5, count, ">"))


def path_pack(value) -> bytes:
    closed, points = value
    return struct.pack("<iii", len(points), int(closed), 0) + \
        b"".join(_P_LE[2](*p) for p in points)


def path_unpack(data):
    data = bytes(data)
    count, closed, _pad = struct.unpack_from("<iii", data)
    return (bool(closed), _point_list(data, 12, count, "<"))


def polygon_send(value) -> bytes:
    return struct.pack(">i", len(value)) + b"".join(_P_BE[2](*p) for p in value)


def polygon_receive(data, typmod=-1):
    data = bytes(data)
    (count,) = struct.unpack_from(">i", data)
    if count <= 0 or len(data) != 4 + 16 * count:
        raise PgError("22P03", 'invalid number of points in external "polygon" value')
    return _point_list(data, 4, count, ">")


def _bounding_box(points) -> tuple:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (max(xs), max(ys), min(xs), min(ys))


def polygon_pack(value) -> bytes:
    return struct.pack("<i", len(value)) + _P_LE[4](*_bounding_box(value)) + \
        b"".join(_P_LE[2](*p) for p in value)


def polygon_unpack(data):
    data = bytes(data)
    (count,) = struct.unpack_from("<i", data)
    return _point_list(data, 36, count, "<")


# ---------------------------------------------------------------- constructions

def line_from_points(p1, p2) -> tuple:
    """line_construct_pts: vertical and horizontal lines get PostgreSQL's exact forms;
    one point given twice is 22023."""
    if point_same(p1, p2):
        raise PgError(INVALID_PARAMETER_VALUE,
                      "invalid line specification: must be two distinct points")
    if fp_eq(p1[0], p2[0]):
        return (-1.0, 0.0, p1[0])
    if fp_eq(p1[1], p2[1]):
        return (0.0, -1.0, p1[1])
    slope = (p1[1] - p2[1]) / (p1[0] - p2[0])
    return (slope, -1.0, p1[1] - slope * p1[0])


def box_from_points(p1, p2) -> tuple:
    return (max(p1[0], p2[0]), max(p1[1], p2[1]), min(p1[0], p2[0]), min(p1[1], p2[1]))


def make_circle(center, radius: float) -> tuple:
    return (center[0], center[1], radius)


# ---------------------------------------------------------------- functions

def box_area(box) -> float:
    return (box[0] - box[2]) * (box[1] - box[3])


def box_width(box) -> float:
    return box[0] - box[2]


def box_height(box) -> float:
    return box[1] - box[3]


def box_center(box) -> tuple:
    return ((box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0)


def circle_area(circle) -> float:
    return math.pi * circle[2] * circle[2]


def circle_center(circle) -> tuple:
    return (circle[0], circle[1])


def circle_radius(circle) -> float:
    return circle[2]


def circle_diameter(circle) -> float:
    return 2.0 * circle[2]


def path_area(path):
    closed, points = path
    if not closed:
        return None
    total = 0.0
    for i, (x, y) in enumerate(points):
        nx, ny = points[(i + 1) % len(points)]
        total += x * ny - y * nx
    return abs(total * 0.5)


def path_length(path) -> float:
    closed, points = path
    pairs = list(zip(points, points[1:]))
    if closed and len(points) > 1:
        pairs.append((points[-1], points[0]))
    return sum(point_distance(a, b) for a, b in pairs)


def lseg_length(lseg) -> float:
    return point_distance(*lseg)


def lseg_center(lseg) -> tuple:
    return ((lseg[0][0] + lseg[1][0]) / 2.0, (lseg[0][1] + lseg[1][1]) / 2.0)


def poly_center(points) -> tuple:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def pg_hypot(x: float, y: float) -> float:
    """PostgreSQL's pg_hypot (x * sqrt(1 + (y/x)**2)), which can differ from
    math.hypot in the last bit; distances must print as PostgreSQL's do."""
    if math.isinf(x) or math.isinf(y):
        return math.inf
    if math.isnan(x) or math.isnan(y):
        return math.nan
    x, y = abs(x), abs(y)
    if x < y:
        x, y = y, x
    if y == 0.0:
        return x
    ratio = y / x
    return x * math.sqrt(1.0 + ratio * ratio)


def point_distance(a, b) -> float:
    return pg_hypot(a[0] - b[0], a[1] - b[1])


# ---------------------------------------------------------------- containment, overlap

def box_contains_point(box, point) -> bool:
    return box[2] <= point[0] <= box[0] and box[3] <= point[1] <= box[1]


def box_contains_box(outer, inner) -> bool:
    return (fp_ge(outer[0], inner[0]) and fp_le(outer[2], inner[2])
            and fp_ge(outer[1], inner[1]) and fp_le(outer[3], inner[3]))


def box_overlap(a, b) -> bool:
    return (fp_ge(a[0], b[2]) and fp_ge(b[0], a[2])
            and fp_ge(a[1], b[3]) and fp_ge(b[1], a[3]))


def circle_contains_point(circle, point) -> bool:
    return point_distance((circle[0], circle[1]), point) <= circle[2]


def circle_contains_circle(outer, inner) -> bool:
    return fp_le(point_distance(outer[:2], inner[:2]) + inner[2], outer[2])


def circle_overlap(a, b) -> bool:
    return fp_le(point_distance(a[:2], b[:2]), a[2] + b[2])


def circle_distance(a, b) -> float:
    result = point_distance(a[:2], b[:2]) - (a[2] + b[2])
    return max(result, 0.0)


def _on_segment(point, a, b) -> bool:
    return fp_eq(point_distance(a, point) + point_distance(point, b), point_distance(a, b))


def polygon_contains_point(points, point) -> bool:
    """point_inside: on an edge counts as inside; else the even-odd crossing rule."""
    count = len(points)
    for i in range(count):
        if _on_segment(point, points[i], points[(i + 1) % count]):
            return True
    inside = False
    x, y = point
    for i in range(count):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % count]
        if (y1 > y) != (y2 > y):
            cross_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < cross_x:
                inside = not inside
    return inside


def polygon_overlap(a, b) -> bool:
    """Bounding boxes overlap and an edge crosses or a vertex lies inside the other."""
    if not box_overlap(_bounding_box(a), _bounding_box(b)):
        return False
    if any(polygon_contains_point(b, p) for p in a) or any(polygon_contains_point(a, p) for p in b):
        return True
    for i in range(len(a)):
        for j in range(len(b)):
            if _segments_cross(a[i], a[(i + 1) % len(a)], b[j], b[(j + 1) % len(b)]):
                return True
    return False


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orientation(a, b, c):
        value = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1])
        return 0 if value == 0 else (1 if value > 0 else -1)
    o1, o2 = orientation(p1, p2, q1), orientation(p1, p2, q2)
    o3, o4 = orientation(q1, q2, p1), orientation(q1, q2, p2)
    return o1 != o2 and o3 != o4


def polygon_contains_polygon(outer, inner) -> bool:
    """poly_contain_poly: the bounding boxes, then every edge of `inner` inside `outer`
    (an edge lying along one of outer's counts as inside: a polygon contains itself)."""
    if not box_contains_box(_bounding_box(outer), _bounding_box(inner)):
        return False
    previous = inner[-1]
    for point in inner:
        if not _lseg_inside_poly(previous, point, outer, 0):
            return False
        previous = point
    return True


def _lseg_inside_poly(a, b, poly, start: int) -> bool:
    """Whether segment a-b lies inside poly, looking at poly's edges from `start`: an edge
    that holds the whole segment says yes; one it touches or crosses splits it, and the
    pieces are checked against the later edges; else its middle point decides."""
    from pgsnake.utils import interrupts
    result, crossed = True, False
    edge_start = poly[start - 1] if start else poly[-1]
    for i in range(start, len(poly)):
        if not result:
            break
        interrupts.check_for_interrupts()
        edge_end = poly[i]
        if _on_segment(a, edge_start, edge_end):
            if _on_segment(b, edge_start, edge_end):
                return True
            result = _touched_lseg_inside_poly(a, b, edge_start, edge_end, poly, i + 1)
        elif _on_segment(b, edge_start, edge_end):
            result = _touched_lseg_inside_poly(b, a, edge_start, edge_end, poly, i + 1)
        else:
            crossing = lseg_intersection((a, b), (edge_start, edge_end))
            if crossing is not None:
                crossed = True
                result = _lseg_inside_poly(a, crossing, poly, i + 1) and \
                    _lseg_inside_poly(b, crossing, poly, i + 1)
        edge_start = edge_end
    if result and not crossed:
        middle = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0)
        result = polygon_contains_point(poly, middle)
    return result


def _same_point(a, b) -> bool:
    return fp_eq(a[0], b[0]) and fp_eq(a[1], b[1])       # point_eq_point


def _touched_lseg_inside_poly(a, b, edge_start, edge_end, poly, start: int) -> bool:
    """touched_lseg_inside_poly: a lies on the edge, b does not."""
    if _same_point(a, edge_start):
        if _on_segment(edge_end, a, b):
            return _lseg_inside_poly(b, edge_end, poly, start)
    elif _same_point(a, edge_end):
        if _on_segment(edge_start, a, b):
            return _lseg_inside_poly(b, edge_start, poly, start)
    elif _on_segment(edge_start, a, b):
        return _lseg_inside_poly(b, edge_start, poly, start)
    elif _on_segment(edge_end, a, b):
        return _lseg_inside_poly(b, edge_end, poly, start)
    return True


# ---------------------------------------------------------------- point arithmetic

def point_add(a, b) -> tuple:
    return (a[0] + b[0], a[1] + b[1])


def point_sub(a, b) -> tuple:
    return (a[0] - b[0], a[1] - b[1])


def point_mul(a, b) -> tuple:
    """Points multiply as complex numbers (rotation and scaling)."""
    return (a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0])


def point_div(a, b) -> tuple:
    div = b[0] * b[0] + b[1] * b[1]
    if div == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    return ((a[0] * b[0] + a[1] * b[1]) / div, (a[1] * b[0] - a[0] * b[1]) / div)


def box_translate(box, point, sign: int = 1) -> tuple:
    return (box[0] + sign * point[0], box[1] + sign * point[1],
            box[2] + sign * point[0], box[3] + sign * point[1])


def box_mul(box, point) -> tuple:
    """box * point: both corners multiplied as complex numbers, re-sorted (box_mul)."""
    return box_from_points(point_mul((box[0], box[1]), point),
                           point_mul((box[2], box[3]), point))


def box_div(box, point) -> tuple:
    return box_from_points(point_div((box[0], box[1]), point),
                           point_div((box[2], box[3]), point))


def circle_mul(circle, point) -> tuple:
    """circle * point: the center multiplied as a complex number, the radius scaled by
    the point's length (circle_mul_pt)."""
    center = point_mul((circle[0], circle[1]), point)
    return (center[0], center[1], circle[2] * pg_hypot(point[0], point[1]))


def circle_div(circle, point) -> tuple:
    center = point_div((circle[0], circle[1]), point)
    return (center[0], center[1], circle[2] / pg_hypot(point[0], point[1]))


def boxes_bound_box(a, b) -> tuple:
    """bound_box(box, box): the smallest box holding both."""
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def path_add(a, b):
    """path + path: the points of two open paths joined; NULL if either is closed."""
    if a[0] or b[0]:
        return None
    return (False, tuple(a[1]) + tuple(b[1]))


def circle_translate(circle, point, sign: int = 1) -> tuple:
    return (circle[0] + sign * point[0], circle[1] + sign * point[1], circle[2])


# ---------------------------------------------------------------- sameness and order

def point_same(a, b) -> bool:
    return fp_eq(a[0], b[0]) and fp_eq(a[1], b[1])


def box_same(a, b) -> bool:
    return all(fp_eq(x, y) for x, y in zip(a, b))


def circle_same(a, b) -> bool:
    return fp_eq(a[2], b[2]) and point_same(a[:2], b[:2])


def lseg_eq(a, b) -> bool:
    return point_same(a[0], b[0]) and point_same(a[1], b[1])


def polygon_same(a, b) -> bool:
    """Same points, in the same cyclic order in either direction."""
    if len(a) != len(b):
        return False
    n = len(a)
    for shift in range(n):
        if all(point_same(a[i], b[(i + shift) % n]) for i in range(n)):
            return True
        if all(point_same(a[i], b[(shift - i) % n]) for i in range(n)):
            return True
    return False


def _by_area(area, compare):
    return lambda a, b: compare(area(a), area(b))


AREA_COMPARISONS = {
    "box_eq": _by_area(box_area, fp_eq), "box_lt": _by_area(box_area, fp_lt),
    "box_gt": _by_area(box_area, fp_gt), "box_le": _by_area(box_area, fp_le),
    "box_ge": _by_area(box_area, fp_ge),
    "circle_eq": _by_area(circle_area, fp_eq), "circle_ne": _by_area(circle_area, lambda a, b: not fp_eq(a, b)),
    "circle_lt": _by_area(circle_area, fp_lt), "circle_gt": _by_area(circle_area, fp_gt),
    "circle_le": _by_area(circle_area, fp_le), "circle_ge": _by_area(circle_area, fp_ge),
}


# ---------------------------------------------------------------- conversions

def box_to_polygon(box) -> tuple:
    return ((box[2], box[3]), (box[2], box[1]), (box[0], box[1]), (box[0], box[3]))


def box_diagonal(box) -> tuple:
    return ((box[0], box[1]), (box[2], box[3]))


def box_to_circle(box) -> tuple:
    center = box_center(box)
    return (center[0], center[1], point_distance(center, (box[0], box[1])))


def circle_to_box(circle) -> tuple:
    delta = circle[2] / math.sqrt(2.0)
    return (circle[0] + delta, circle[1] + delta, circle[0] - delta, circle[1] - delta)


# A polygon of more points than this is refused (54000) before it is built: PostgreSQL
# makes one of up to ~67 million points (1 GB), which as Python tuples would take
# several times that much memory.
_MAX_POLYGON_POINTS = 10_000_000


def _int32(value: int) -> int:
    return (value + 2**31) % 2**32 - 2**31


def circle_to_polygon(circle, count: int = 12) -> tuple:
    if circle[2] == 0:
        raise PgError("0A000", "cannot convert circle with radius zero to polygon")
    if count < 2:
        raise PgError(INVALID_PARAMETER_VALUE, "must request at least 2 points")
    # circle_poly computes the size in int: a product that wraps is "too many points"
    base_size = _int32(16 * count)
    size = _int32(40 + base_size)
    if int(base_size / count) != 16 or size <= base_size:
        raise PgError("54000", "too many points requested")
    if size > 0x3fffffff:
        raise PgError("XX000", f"invalid memory alloc request size {size}")
    if count > _MAX_POLYGON_POINTS:
        raise PgError("54000", "too many points requested")
    step = -2.0 * math.pi / count
    return tuple((circle[0] - circle[2] * math.cos(i * step),
                  circle[1] - circle[2] * math.sin(i * step)) for i in range(count))


def polygon_to_circle(points) -> tuple:
    center = poly_center(points)
    radius = sum(point_distance(center, p) for p in points) / len(points)
    return (center[0], center[1], radius)


def path_to_polygon(path) -> tuple:
    closed, points = path
    if not closed:
        raise PgError(INVALID_PARAMETER_VALUE, "open path cannot be converted to polygon")
    return points


def point_to_box(point) -> tuple:
    return (point[0], point[1], point[0], point[1])


def box_point_distance(box, point) -> float:
    """Distance from a point to the nearest point of a box (0 inside)."""
    nearest = (min(max(point[0], box[2]), box[0]), min(max(point[1], box[3]), box[1]))
    return point_distance(point, nearest)


def circle_point_distance(circle, point) -> float:
    return max(point_distance(circle[:2], point) - circle[2], 0.0)


# ---------------------------------------------------------------- relative position

POSITIONS = {
    "point_left": lambda a, b: fp_lt(a[0], b[0]), "point_right": lambda a, b: fp_gt(a[0], b[0]),
    "point_above": lambda a, b: fp_gt(a[1], b[1]), "point_below": lambda a, b: fp_lt(a[1], b[1]),
    "point_vert": lambda a, b: fp_eq(a[0], b[0]), "point_horiz": lambda a, b: fp_eq(a[1], b[1]),
    "box_left": lambda a, b: fp_lt(a[0], b[2]), "box_right": lambda a, b: fp_gt(a[2], b[0]),
    "box_above": lambda a, b: fp_gt(a[3], b[1]), "box_below": lambda a, b: fp_lt(a[1], b[3]),
    "box_overleft": lambda a, b: fp_le(a[0], b[0]), "box_overright": lambda a, b: fp_ge(a[2], b[2]),
    "box_overbelow": lambda a, b: fp_le(a[1], b[1]), "box_overabove": lambda a, b: fp_ge(a[3], b[3]),
    "box_above_eq": lambda a, b: fp_ge(a[3], b[1]), "box_below_eq": lambda a, b: fp_le(a[1], b[3]),
}


# ---------------------------------------------------------------- lines and segments

def fp_zero(a: float) -> bool:
    return abs(a) <= EPSILON


def point_slope(a, b) -> float:
    """point_sl: infinite for a vertical pair, 0 for a horizontal one."""
    if fp_eq(a[0], b[0]):
        return math.inf
    if fp_eq(a[1], b[1]):
        return 0.0
    return (a[1] - b[1]) / (a[0] - b[0])


def _inverse_slope(a, b) -> float:
    if fp_eq(a[0], b[0]):
        return 0.0
    if fp_eq(a[1], b[1]):
        return math.inf
    return (a[0] - b[0]) / (b[1] - a[1])


def line_parallel(l1, l2) -> bool:
    if fp_zero(l1[1]):
        return fp_zero(l2[1])
    return fp_eq(l2[0], l1[0] * (l2[1] / l1[1]))


def line_perp(l1, l2) -> bool:
    if fp_zero(l1[0]):
        return fp_zero(l2[1])
    if fp_zero(l2[0]):
        return fp_zero(l1[1])
    if fp_zero(l1[1]):
        return fp_zero(l2[0])
    if fp_zero(l2[1]):
        return fp_zero(l1[0])
    return fp_eq((l1[0] * l2[0]) / (l1[1] * l2[1]), -1.0)


def _line_through(point, slope: float) -> tuple:
    """line_construct: the line through `point` with `slope` (inf: vertical)."""
    if math.isinf(slope):
        return (-1.0, 0.0, point[0])
    if slope == 0:
        return (0.0, -1.0, point[1])
    return (slope, -1.0, point[1] - slope * point[0])


def line_intersection(l1, l2):
    """line_interpt_line: the crossing point, None for parallel lines."""
    if line_parallel(l1, l2):
        return None
    if not fp_zero(l1[1]):
        x = (l1[1] * l2[2] - l2[1] * l1[2]) / (l1[0] * l2[1] - l2[0] * l1[1])
        y = -(l1[0] * x + l1[2]) / l1[1]
    elif not fp_zero(l2[1]):
        x = (l2[1] * l1[2] - l1[1] * l2[2]) / (l2[0] * l1[1] - l1[0] * l2[1])
        y = -(l2[0] * x + l2[2]) / l2[1]
    else:
        return None
    return (x + 0.0, y + 0.0)      # no negative zero


def point_line_distance(point, line) -> float:
    """The distance to the foot of the perpendicular (as PostgreSQL computes it, so the
    last digit agrees)."""
    a, b, _c = line
    inverse_slope = math.inf if fp_zero(a) else 0.0 if fp_zero(b) else b / a
    foot = line_intersection(_line_through(point, inverse_slope), line)
    if foot is None:
        return abs(a * point[0] + b * point[1] + line[2]) / pg_hypot(a, b)
    return point_distance(foot, point)


def point_on_line(point, line) -> bool:
    return fp_zero(line[0] * point[0] + line[1] * point[1] + line[2])


def point_on_lseg(point, lseg) -> bool:
    return fp_eq(point_distance(point, lseg[0]) + point_distance(point, lseg[1]),
                 point_distance(*lseg))


def point_lseg_distance(point, lseg) -> float:
    (x1, y1), (x2, y2) = lseg
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return point_distance(point, lseg[0])
    t = max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / length2))
    return point_distance(point, (x1 + t * dx, y1 + t * dy))


def lseg_line_intersection(lseg, line):
    """lseg_interpt_line: where the segment crosses the line (an endpoint exactly, when
    the crossing is at one), None if it does not."""
    point = line_intersection(_line_through(lseg[0], point_slope(*lseg)), line)
    if point is None or not point_on_lseg(point, lseg):
        return None
    for end in lseg:
        if point_same(end, point):
            return end
    return point


def lseg_intersection(a, b):
    """lseg_interpt_lseg: the crossing point of two segments, None if they do not cross."""
    point = lseg_line_intersection(a, _line_through(b[0], point_slope(*b)))
    if point is None or not point_on_lseg(point, b):
        return None
    return point


LINE_SEGMENT_OPERATORS = {
    "line_interpt": line_intersection, "lseg_interpt": lseg_intersection,
    "line_intersect": lambda a, b: not line_parallel(a, b),
    "lseg_intersect": lambda a, b: lseg_intersection(a, b) is not None,
    "inter_sl": lambda s, line: lseg_line_intersection(s, line) is not None,
    "line_parallel": line_parallel, "line_perp": line_perp,
    "line_vertical": lambda line: fp_zero(line[1]),
    "line_horizontal": lambda line: fp_zero(line[0]),
    "lseg_parallel": lambda a, b: fp_eq(point_slope(*a), point_slope(*b)),
    "lseg_perp": lambda a, b: fp_eq(point_slope(*a), _inverse_slope(*b)),
    "lseg_vertical": lambda s: fp_eq(s[0][0], s[1][0]),
    "lseg_horizontal": lambda s: fp_eq(s[0][1], s[1][1]),
    "dist_pl": point_line_distance, "dist_lp": lambda line, p: point_line_distance(p, line),
    "dist_ps": point_lseg_distance, "dist_sp": lambda s, p: point_lseg_distance(p, s),
    "on_pl": point_on_line, "on_ps": point_on_lseg,
}
