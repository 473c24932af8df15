"""Wiring of the scalar types uuid, inet/cidr, macaddr/macaddr8, bit/varbit, money, pg_lsn
and timetz into the type table, operators, functions and casts (and of the integer
bitwise operators, factorial and lcm, whose rows scalar_facts also carries).

The type modules (uuid_type, network, bitstring, money, pg_lsn_type, timetz) hold the
algorithms; this module only says which PostgreSQL routine each implements, so that
registry.py, operators.py, functions.py and casts.py each take one table from here:
    TYPE_IO        {type oid: (input, output, send, receive, pack, unpack)}
    OPERATORS      {pg_operator.oprcode: fn}
    FUNCTIONS      {pg_proc.prosrc: fn} (SQL-language functions by name in FUNCTIONS_BY_NAME)
    CASTS          {(source, target): fn(value)}
    TYPMOD_CASTS   {(source, target): fn(value, typmod)} (the conversion needs the typmod)
and typmod_for / apply_typmod / format_with_typmod for bit(n), varbit(n), timetz(p).
OIDs and signatures are PostgreSQL's, from scalar_facts (generated).

PostgreSQL: the pg_operator/pg_proc/pg_cast rows of these types (catalog/*.dat).
"""
from __future__ import annotations

from pgsnake.datatypes import (bitstring, geometry as geo, geometry_closest, integers, money, network, numeric,
                               pg_lsn_type, scalar_facts, snapshot_types as snap, timetz,
                               uuid_type)
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  SYNTAX_ERROR, PgError)

MONEY, MACADDR8, MACADDR, INET, CIDR, TIMETZ = 790, 774, 829, 869, 650, 1266
BIT, VARBIT, UUID, PG_LSN = 1560, 1562, 2950, 3220
POINT, LSEG, PATH, BOX, POLYGON, LINE, CIRCLE = 600, 601, 602, 603, 604, 628, 718
GEOMETRIC = (POINT, LSEG, PATH, BOX, POLYGON, LINE, CIRCLE)
XID8, TXID_SNAPSHOT, PG_SNAPSHOT = 5069, 2970, 5038
INT4, INT8, TEXT, VARCHAR, BPCHAR, NUMERIC, TIME, TIMESTAMPTZ = 23, 20, 25, 1043, 1042, 1700, 1083, 1184

SQL_NAMES = {BIT: "bit", VARBIT: "bit varying", TIMETZ: "time with time zone"}
ALIASES = {"bit varying": VARBIT, "time with time zone": TIMETZ, "timetz": TIMETZ}

_mac_pack = network.mac_identity
TYPE_IO = {
    UUID: (uuid_type.uuid_input, uuid_type.uuid_output, uuid_type.uuid_send,
           uuid_type.uuid_receive, uuid_type.uuid_pack, uuid_type.uuid_unpack),
    PG_LSN: (pg_lsn_type.lsn_input, pg_lsn_type.lsn_output, pg_lsn_type.lsn_send,
             pg_lsn_type.lsn_receive, pg_lsn_type.lsn_pack, pg_lsn_type.lsn_unpack),
    MONEY: (money.money_input, money.money_output, money.money_send, money.money_receive,
            money.money_pack, money.money_unpack),
    MACADDR: (network.macaddr_input, network.macaddr_output, _mac_pack,
              network.macaddr_receive, _mac_pack, network.mac_identity),
    MACADDR8: (network.macaddr8_input, network.macaddr_output, _mac_pack,
               network.macaddr8_receive, _mac_pack, network.mac_identity),
    INET: (network.inet_input, network.inet_output, network.inet_send, network.inet_receive,
           network.inet_pack, network.inet_unpack),
    CIDR: (network.cidr_input, network.cidr_output, network.cidr_send, network.cidr_receive,
           network.inet_pack, network.inet_unpack),
    BIT: (bitstring.bit_input, bitstring.bit_output, bitstring.bit_send,
          bitstring.bit_receive, bitstring.bit_pack, bitstring.bit_unpack),
    VARBIT: (bitstring.varbit_input, bitstring.bit_output, bitstring.bit_send,
             bitstring.bit_receive, bitstring.bit_pack, bitstring.bit_unpack),
    TIMETZ: (timetz.timetz_input, timetz.timetz_output, timetz.timetz_send,
             timetz.timetz_receive, timetz.timetz_pack, timetz.timetz_unpack),
    POINT: (geo.point_input, geo.point_output, geo.point_send, geo.point_receive,
            geo.point_pack, geo.point_unpack),
    LSEG: (geo.lseg_input, geo.lseg_output, geo.lseg_send, geo.lseg_receive,
           geo.lseg_pack, geo.lseg_unpack),
    PATH: (geo.path_input, geo.path_output, geo.path_send, geo.path_receive,
           geo.path_pack, geo.path_unpack),
    BOX: (geo.box_input, geo.box_output, geo.box_send, geo.box_receive,
          geo.box_pack, geo.box_unpack),
    POLYGON: (geo.polygon_input, geo.polygon_output, geo.polygon_send, geo.polygon_receive,
              geo.polygon_pack, geo.polygon_unpack),
    LINE: (geo.line_input, geo.line_output, geo.triple_send, geo.line_receive,
           geo.triple_pack, geo.triple_unpack),
    CIRCLE: (geo.circle_input, geo.circle_output, geo.triple_send, geo.circle_receive,
             geo.triple_pack, geo.triple_unpack),
    XID8: (snap.xid8_input, snap.xid8_output, snap.xid8_send, snap.xid8_receive,
           snap.xid8_pack, snap.xid8_unpack),
    PG_SNAPSHOT: (snap.snapshot_input, snap.snapshot_output, snap.snapshot_send,
                  snap.snapshot_receive, snap.snapshot_pack, snap.snapshot_unpack),
    TXID_SNAPSHOT: (snap.snapshot_input, snap.snapshot_output, snap.snapshot_send,
                    snap.snapshot_receive, snap.snapshot_pack, snap.snapshot_unpack),
}

OPERATORS = {
    # money
    "cash_pl": money.money_add, "cash_mi": money.money_sub,
    "cash_mul_flt4": money.money_mul_float, "cash_mul_flt8": money.money_mul_float,
    "flt4_mul_cash": lambda f, c: money.money_mul_float(c, f),
    "flt8_mul_cash": lambda f, c: money.money_mul_float(c, f),
    "cash_div_flt4": money.money_div_float, "cash_div_flt8": money.money_div_float,
    "cash_mul_int2": money.money_mul_int, "cash_mul_int4": money.money_mul_int,
    "cash_mul_int8": money.money_mul_int,
    "int2_mul_cash": lambda i, c: money.money_mul_int(c, i),
    "int4_mul_cash": lambda i, c: money.money_mul_int(c, i),
    "int8_mul_cash": lambda i, c: money.money_mul_int(c, i),
    "cash_div_int2": money.money_div_int, "cash_div_int4": money.money_div_int,
    "cash_div_int8": money.money_div_int, "cash_div_cash": money.money_div_money,
    # inet / cidr
    "network_sub": network.network_sub, "network_subeq": network.network_subeq,
    "network_sup": network.network_sup, "network_supeq": network.network_supeq,
    "network_overlap": network.network_overlap, "inetnot": network.inet_not,
    "inetand": network.inet_and, "inetor": network.inet_or, "inetpl": network.inet_plus,
    "int8pl_inet": lambda n, a: network.inet_plus(a, n), "inetmi_int8": network.inet_minus_int,
    "inetmi": network.inet_minus,
    # macaddr / macaddr8
    "macaddr_not": network.mac_not, "macaddr_and": network.mac_and,
    "macaddr_or": network.mac_or, "macaddr8_not": network.mac_not,
    "macaddr8_and": network.mac_and, "macaddr8_or": network.mac_or,
    # bit strings
    "bitand": bitstring.bit_and, "bitor": bitstring.bit_or, "bitxor": bitstring.bit_xor,
    "bitnot": bitstring.bit_not, "bitshiftleft": bitstring.bit_shift_left,
    "bitshiftright": bitstring.bit_shift_right, "bitcat": bitstring.bit_concat,
    # pg_lsn
    "pg_lsn_mi": pg_lsn_type.lsn_minus, "pg_lsn_pli": pg_lsn_type.lsn_plus_numeric,
    "numeric_pl_pg_lsn": lambda n, lsn: pg_lsn_type.lsn_plus_numeric(lsn, n),
    "pg_lsn_mii": pg_lsn_type.lsn_minus_numeric,
    # timetz
    "timetz_pl_interval": timetz.timetz_plus_interval,
    "interval_pl_timetz": lambda i, t: timetz.timetz_plus_interval(t, i),
    "timetz_mi_interval": lambda t, i: timetz.timetz_plus_interval(t, i, -1),
    "datetimetz_pl": timetz.date_plus_timetz,
    "timetzdate_pl": lambda t, d: timetz.date_plus_timetz(d, t),
}
# geometric operators: the basic ones; every other geometric operator is refused by name
# (below), never left to a generic comparison that would answer wrongly
OPERATORS.update(geo.AREA_COMPARISONS)
OPERATORS.update(geo.POSITIONS)
OPERATORS.update(geo.LINE_SEGMENT_OPERATORS)
OPERATORS.update({
    "point_add": geo.point_add, "point_sub": geo.point_sub, "point_mul": geo.point_mul,
    "point_div": geo.point_div, "point_distance": geo.point_distance,
    "point_eq": geo.point_same, "point_ne": lambda a, b: not geo.point_same(a, b),
    "box_same": geo.box_same, "box_overlap": geo.box_overlap,
    "box_contain": geo.box_contains_box, "box_contained": lambda a, b: geo.box_contains_box(b, a),
    "box_contain_pt": geo.box_contains_point, "on_pb": lambda p, b: geo.box_contains_point(b, p),
    "box_center": geo.box_center,
    "box_distance": lambda a, b: geo.point_distance(geo.box_center(a), geo.box_center(b)),
    "box_add": geo.box_translate, "box_sub": lambda b, p: geo.box_translate(b, p, -1),
    "box_mul": geo.box_mul, "box_div": geo.box_div, "path_add": geo.path_add,
    "circle_mul_pt": geo.circle_mul, "circle_div_pt": geo.circle_div,
    "dist_pb": lambda p, b: geo.box_point_distance(b, p), "dist_bp": geo.box_point_distance,
    "circle_same": geo.circle_same, "circle_overlap": geo.circle_overlap,
    "circle_contain": geo.circle_contains_circle,
    "circle_contained": lambda a, b: geo.circle_contains_circle(b, a),
    "circle_contain_pt": geo.circle_contains_point,
    "pt_contained_circle": lambda p, c: geo.circle_contains_point(c, p),
    "circle_distance": geo.circle_distance, "circle_center": geo.circle_center,
    "circle_add_pt": geo.circle_translate,
    "circle_sub_pt": lambda c, p: geo.circle_translate(c, p, -1),
    "dist_pc": lambda p, c: geo.circle_point_distance(c, p),
    "dist_cpoint": geo.circle_point_distance,
    "poly_contain_pt": geo.polygon_contains_point,
    "pt_contained_poly": lambda p, poly: geo.polygon_contains_point(poly, p),
    "poly_overlap": geo.polygon_overlap, "poly_same": geo.polygon_same,
    "poly_contain": geo.polygon_contains_polygon,
    "poly_contained": lambda a, b: geo.polygon_contains_polygon(b, a),
    "poly_center": geo.poly_center, "poly_npoints": len,
    "lseg_eq": geo.lseg_eq, "lseg_ne": lambda a, b: not geo.lseg_eq(a, b),
    "lseg_length": geo.lseg_length, "lseg_center": geo.lseg_center,
    "path_npoints": lambda p: len(p[1]), "path_length": geo.path_length,
    "path_n_eq": lambda a, b: len(a[1]) == len(b[1]), "path_n_lt": lambda a, b: len(a[1]) < len(b[1]),
    "path_n_gt": lambda a, b: len(a[1]) > len(b[1]), "path_n_le": lambda a, b: len(a[1]) <= len(b[1]),
    "path_n_ge": lambda a, b: len(a[1]) >= len(b[1]),
})


OPERATORS.update(geometry_closest.OPERATORS)


def _geometric_not_supported(code: str):
    def fail(*_args):
        raise PgError(FEATURE_NOT_SUPPORTED, f"operator function {code} is not supported by pgsnake")
    return fail


for _row in scalar_facts.OPERATORS:
    if (_row[2] in GEOMETRIC or _row[3] in GEOMETRIC) and _row[5] not in OPERATORS:
        OPERATORS[_row[5]] = _geometric_not_supported(_row[5])

# integer bitwise operators (not new types; their rows are in scalar_facts too)
for _oid, _name in ((21, "int2"), (23, "int4"), (20, "int8")):
    OPERATORS.update({
        f"{_name}and": lambda a, b: a & b, f"{_name}or": lambda a, b: a | b,
        f"{_name}xor": lambda a, b: a ^ b, f"{_name}not": lambda a: ~a,
        f"{_name}shl": lambda a, b, t=_oid: integers.int_shift_left(a, b, t),
        f"{_name}shr": lambda a, b, t=_oid: integers.int_shift_right(a, b, t),
    })


def _larger(a, b):
    return a if a >= b else b


def _smaller(a, b):
    return a if a <= b else b


def _cmp(a, b):
    return (a > b) - (a < b)


def _timetz_part(as_numeric: bool):
    def part(unit, value):
        from pgsnake.datatypes.functions import _unit
        result = timetz.timetz_part(_unit(unit), value, as_numeric)
        return result if as_numeric else float(result)
    return part


FUNCTIONS = {
    "gen_random_uuid": uuid_type.gen_random_uuid,
    "uuid_cmp": _cmp, "cash_cmp": _cmp, "macaddr_cmp": _cmp, "macaddr8_cmp": _cmp,
    "network_cmp": _cmp, "timetz_cmp": _cmp, "bitcmp": _cmp, "pg_lsn_cmp": _cmp,
    "cashlarger": _larger, "cashsmaller": _smaller, "network_larger": _larger,
    "network_smaller": _smaller, "timetz_larger": _larger, "timetz_smaller": _smaller,
    "pg_lsn_larger": _larger, "pg_lsn_smaller": _smaller,
    "cash_words": money.cash_words, "cash_numeric": money.money_to_numeric,
    "numeric_cash": money.numeric_to_money, "int4_cash": money.int_to_money,
    "int8_cash": money.int_to_money,
    "inet_abbrev": network.inet_abbrev, "cidr_abbrev": network.cidr_abbrev,
    "inet_set_masklen": network.inet_set_masklen, "cidr_set_masklen": network.cidr_set_masklen,
    "network_network": network.network_network, "network_netmask": network.network_netmask,
    "network_masklen": network.network_masklen, "network_broadcast": network.network_broadcast,
    "network_host": network.network_host, "network_family": network.network_family,
    "network_show": network.network_show, "network_hostmask": network.network_hostmask,
    "inet_to_cidr": network.inet_to_cidr, "inet_merge": network.inet_merge,
    "inet_same_family": network.inet_same_family,
    "macaddr_trunc": network.macaddr_trunc, "macaddr8_trunc": network.macaddr_trunc,
    "macaddrtomacaddr8": network.macaddr_to_macaddr8,
    "macaddr8tomacaddr": network.macaddr8_to_macaddr,
    "macaddr8_set7bit": network.macaddr8_set7bit,
    "bitsubstr": bitstring.bit_substring, "bitsubstr_no_len": bitstring.bit_substring,
    "bitlength": bitstring.bit_length, "bitoctetlength": bitstring.bit_octet_length,
    "bitfromint4": lambda v, n: bitstring.int_to_bit(v, n, 32),
    "bitfromint8": lambda v, n: bitstring.int_to_bit(v, n, 64),
    "bittoint4": lambda v: bitstring.bit_to_int(v, 32),
    "bittoint8": lambda v: bitstring.bit_to_int(v, 64),
    "bit": lambda v, n, explicit: bitstring.apply_bit_typmod(v, n, explicit),
    "varbit": lambda v, n, explicit: bitstring.apply_varbit_typmod(v, n, explicit),
    "bitposition": bitstring.bit_position, "bitoverlay": bitstring.bit_overlay,
    "bitoverlay_no_len": bitstring.bit_overlay, "bitgetbit": bitstring.bit_get,
    "bitsetbit": bitstring.bit_set, "bit_bit_count": bitstring.bit_count,
    "pg_wal_lsn_diff": pg_lsn_type.lsn_minus, "numeric_pg_lsn": pg_lsn_type.numeric_to_lsn,
    "timetz_part": _timetz_part(False), "extract_timetz": _timetz_part(True),
    "datetimetz_timestamptz": timetz.date_plus_timetz,
    "timestamptz_timetz": timetz.timestamptz_to_timetz, "timetz_time": timetz.timetz_to_time,
    "time_timetz": timetz.time_to_timetz, "timetz_zone": timetz.timetz_at_zone,
    "timetz_izone": timetz.timetz_at_interval,
    "timetz_scale": timetz.apply_timetz_typmod,
    "numeric_fac": numeric.numeric_factorial, "numeric_lcm": numeric.numeric_lcm,
    "box_area": geo.box_area, "circle_area": geo.circle_area, "path_area": geo.path_area,
    "box_center": geo.box_center, "circle_center": geo.circle_center,
    "box_height": geo.box_height, "box_width": geo.box_width,
    "boxes_bound_box": geo.boxes_bound_box,
    "circle_diameter": geo.circle_diameter, "circle_radius": geo.circle_radius,
    "path_isclosed": lambda p: p[0], "path_isopen": lambda p: not p[0],
    "lseg_length": geo.lseg_length, "path_length": geo.path_length,
    "path_npoints": lambda p: len(p[1]), "poly_npoints": len,
    "construct_point": lambda x, y: (x, y), "points_box": geo.box_from_points,
    "cr_circle": geo.make_circle, "lseg_construct": lambda a, b: (a, b),
    "line_construct_pp": geo.line_from_points, "lseg_center": geo.lseg_center,
    "poly_center": geo.poly_center, "point_box": geo.point_to_box,
    "box_poly": geo.box_to_polygon, "poly_box": geo._bounding_box,
    "poly_path": lambda points: (True, points), "path_poly": geo.path_to_polygon,
    "box_circle": geo.box_to_circle, "circle_box": geo.circle_to_box,
    "poly_circle": geo.polygon_to_circle, "circle_poly": lambda n, c: geo.circle_to_polygon(c, n),
    "box_diagonal": geo.box_diagonal, "point_slope": geo.point_slope,
    **{code: fn for code, fn in geo.LINE_SEGMENT_OPERATORS.items()
       if code.startswith(("line_", "lseg_"))},    # isparallel(), isvertical(), ...
    "path_close": lambda p: (True, p[1]), "path_open": lambda p: (False, p[1]),
    "pg_snapshot_xmin": snap.snapshot_xmin, "pg_snapshot_xmax": snap.snapshot_xmax,
    "pg_visible_in_snapshot": snap.visible_in_snapshot, "xid8cmp": _cmp,
    "xid8_larger": _larger, "xid8_smaller": _smaller,
    "int4lcm": lambda a, b: integers.int_lcm(a, b, INT4),
    "int8lcm": lambda a, b: integers.int_lcm(a, b, INT8),
}

# bit_and / bit_or / bit_xor aggregates: (integer combine, bit string combine)
BITWISE_AGGREGATES = {
    "bit_and": (lambda a, b: a & b, bitstring.bit_and),
    "bit_or": (lambda a, b: a | b, bitstring.bit_or),
    "bit_xor": (lambda a, b: a ^ b, bitstring.bit_xor),
}

# SQL-language functions (empty prosrc in pg_proc), by name.
FUNCTIONS_BY_NAME = {"bit_length": bitstring.bit_length,
                     "polygon": geo.circle_to_polygon}     # polygon(circle): 12 points


def function_for(name: str, prosrc: str):
    if not prosrc:
        return FUNCTIONS_BY_NAME.get(name)
    found = FUNCTIONS.get(prosrc)
    if found is None:
        # functions sharing an operator's C function (isvertical = point_vert, ...)
        operator = OPERATORS.get(prosrc)
        if operator is not None and getattr(operator, "__name__", "") != "fail":
            found = operator
    return found


CASTS = {
    (MONEY, NUMERIC): money.money_to_numeric, (NUMERIC, MONEY): money.numeric_to_money,
    (INT4, MONEY): money.int_to_money, (INT8, MONEY): money.int_to_money,
    (TIME, TIMETZ): timetz.time_to_timetz, (TIMESTAMPTZ, TIMETZ): timetz.timestamptz_to_timetz,
    (TIMETZ, TIME): timetz.timetz_to_time,
    (MACADDR, MACADDR8): network.macaddr_to_macaddr8,
    (MACADDR8, MACADDR): network.macaddr8_to_macaddr,
    (CIDR, INET): lambda v: v, (INET, CIDR): network.inet_to_cidr,
    (BIT, VARBIT): lambda v: v, (VARBIT, BIT): lambda v: v,
    (BIT, INT4): lambda v: bitstring.bit_to_int(v, 32),
    (BIT, INT8): lambda v: bitstring.bit_to_int(v, 64),
}
CASTS.update({
    (POINT, BOX): geo.point_to_box, (PATH, POLYGON): geo.path_to_polygon,
    (BOX, POINT): geo.box_center, (BOX, POLYGON): geo.box_to_polygon,
    (BOX, LSEG): geo.box_diagonal, (BOX, CIRCLE): geo.box_to_circle,
    (LSEG, POINT): geo.lseg_center,
    (POLYGON, POINT): geo.poly_center, (POLYGON, PATH): lambda points: (True, points),
    (POLYGON, BOX): geo._bounding_box, (POLYGON, CIRCLE): geo.polygon_to_circle,
    (CIRCLE, POINT): geo.circle_center, (CIRCLE, BOX): geo.circle_to_box,
    (CIRCLE, POLYGON): geo.circle_to_polygon,
})
for _source in (INET, CIDR):
    for _target in (TEXT, VARCHAR, BPCHAR):
        CASTS[(_source, _target)] = network.network_show

TYPMOD_CASTS = {
    (INT4, BIT): lambda v, typmod: bitstring.int_to_bit(v, typmod, 32),
    (INT8, BIT): lambda v, typmod: bitstring.int_to_bit(v, typmod, 64),
}

TYPMOD_TYPES = (BIT, VARBIT, TIMETZ)


def typmod_for(oid: int, mods: list[int]) -> int:
    if oid == TIMETZ:
        if len(mods) != 1:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
        if mods[0] < 0:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"TIME({mods[0]}) WITH TIME ZONE precision must not be negative")
        return min(mods[0], 6)
    name = "bit" if oid == BIT else "varbit"
    if len(mods) != 1:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
    if mods[0] < 1:
        raise PgError(INVALID_PARAMETER_VALUE, f"length for type {name} must be at least 1")
    if mods[0] > 83886080:
        raise PgError(INVALID_PARAMETER_VALUE, f"length for type {name} cannot exceed 83886080")
    return mods[0]


def apply_typmod(oid: int, value, typmod: int, explicit: bool):
    if oid == BIT:
        return bitstring.apply_bit_typmod(value, typmod, explicit)
    if oid == VARBIT:
        return bitstring.apply_varbit_typmod(value, typmod, explicit)
    return timetz.apply_timetz_typmod(value, typmod)


def format_with_typmod(oid: int, typmod: int) -> str:
    if oid == BIT:
        return f"bit({typmod})"
    if oid == VARBIT:
        return f"bit varying({typmod})"
    return f"time({typmod}) with time zone"


__all__ = ["TYPE_IO", "OPERATORS", "FUNCTIONS", "CASTS", "TYPMOD_CASTS", "function_for"]
