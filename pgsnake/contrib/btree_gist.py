"""btree_gist 1.7: GiST operator classes with B-tree behaviour, as PostgreSQL 15's
extension makes them, chiefly for EXCLUDE constraints mixing scalars and ranges
(`EXCLUDE USING gist (room WITH =, during WITH &&)`).

CREATE EXTENSION btree_gist makes, as members:
  the key types gbtreekey2 / 4 / 8 / 16 / 32 / _var (extension_types.BaseType, fixed
      length but the last; their text input and output refuse, as PostgreSQL's do)
  the support functions gbt_<type>_consistent / union / compress / penalty / picksplit /
      same / distance / fetch and gbt_(var_)decompress with PostgreSQL's signatures
      (language C rows; the index runs btree_gist_keys.py's Python classes, and a
      direct call refuses, as pg_trgm's GIN support functions do)
  the distance functions int2_dist ... tstz_dist and their `<->` operators (the install
      script's CREATE OPERATOR statements)
  26 operator families and classes gist_<type>_ops (after_script): strategies 1-5 the
      type's B-tree operators, 6 `<>`, 15 `<->` FOR ORDER BY (the result type's B-tree
      family), support functions 1-9; pg_depend as PostgreSQL leaves them (operators and
      amprocs 3, 4, 8, 9 loose in the family, amprocs 1, 2, 5, 6, 7 part of the class)

Which classes an index can use: btree_gist_keys.SPECS (all 26: inet and cidr with
lossy keys, enum keyed by pg_enum OIDs).

PostgreSQL: contrib/btree_gist/btree_gist--1.2.sql and the upgrade scripts to 1.7,
btree_gist.c (gbtreekey_in / _out), btree_int2.c ... btree_ts.c (the *_dist functions).
"""
from __future__ import annotations

import math
import struct

from pgsnake.contrib import btree_gist_keys, extension_types, extensions
from pgsnake.datatypes import functions
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import PgError

EXTENSION = "btree_gist"
# The classes an index can use (importing btree_gist_keys registered them with GiST).
INDEXABLE = frozenset(btree_gist_keys.SPECS)
GIST, BTREE = 783, 403
_INTERNAL, _BOOL, _INT2, _OID, _FLOAT8, _CSTRING = 2281, 16, 21, 26, 701, 2275
_NUMERIC_OUT_OF_RANGE = "22003"


def _key_info(length: int):
    def make_info(oid: int, name: str, sql_name: str, array_oid: int) -> TypeInfo:
        info = TypeInfo(oid, name, length, False, "i", "U", False, array_oid, 0, sql_name)

        def refuse_in(_text, typmod=-1):
            raise PgError("0A000", "<datatype>key_in() not implemented")

        def refuse_out(_value):
            raise PgError("0A000", "<datatype>key_out() not implemented")

        info.input, info.output = refuse_in, refuse_out
        info.pack = bytes
        info.unpack = bytes
        return info
    return make_info


KEY_TYPES = {}
for _name, _length in (("gbtreekey2", 2), ("gbtreekey4", 4), ("gbtreekey8", 8),
                       ("gbtreekey16", 16), ("gbtreekey32", 32), ("gbtreekey_var", -1)):
    KEY_TYPES[_name] = extension_types.register_type(extension_types.BaseType(
        EXTENSION, _name, f"{_name}_in", f"{_name}_out", "", "", _key_info(_length),
        typlen=_length, storage="p" if _length > 0 else "x"))


def _register(name: str, arg_types, result_type: int, fn) -> None:
    functions.register(name, list(arg_types), result_type, fn,
                       oid=extensions.next_function_oid(), volatility="i",
                       extension=EXTENSION)


for _key in KEY_TYPES.values():
    _register(_key.input, (_CSTRING,), _key.placeholder, _key_info(_key.typlen)(
        0, _key.name, _key.name, 0).input)
    _register(_key.output, (_key.placeholder,), _CSTRING, _key_info(_key.typlen)(
        0, _key.name, _key.name, 0).output)


# ---- the operator classes' types ---------------------------------------------------------

# class, indexed type, key type, support functions 1-9 by prefix: "-" none, "" the shared
# gbt_decompress, "var" gbt_var_*; operators' type when not the indexed type
_CLASSES = (
    ("gist_int2_ops", 21, "gbtreekey4", "int2 int2 int2 - int2 int2 int2 int2 int2"),
    ("gist_int4_ops", 23, "gbtreekey8", "int4 int4 int4 - int4 int4 int4 int4 int4"),
    ("gist_int8_ops", 20, "gbtreekey16", "int8 int8 int8 - int8 int8 int8 int8 int8"),
    ("gist_float4_ops", 700, "gbtreekey8",
     "float4 float4 float4 - float4 float4 float4 float4 float4"),
    ("gist_float8_ops", 701, "gbtreekey16",
     "float8 float8 float8 - float8 float8 float8 float8 float8"),
    ("gist_oid_ops", 26, "gbtreekey8", "oid oid oid - oid oid oid oid oid"),
    ("gist_cash_ops", 790, "gbtreekey16", "cash cash cash - cash cash cash cash cash"),
    ("gist_date_ops", 1082, "gbtreekey8", "date date date - date date date date date"),
    ("gist_time_ops", 1083, "gbtreekey16", "time time time - time time time time time"),
    ("gist_timetz_ops", 1266, "gbtreekey16", "timetz time timetz - time time time . ."),
    ("gist_timestamp_ops", 1114, "gbtreekey16", "ts ts ts - ts ts ts ts ts"),
    ("gist_timestamptz_ops", 1184, "gbtreekey16", "tstz ts tstz - ts ts ts tstz ts"),
    ("gist_interval_ops", 1186, "gbtreekey32", "intv intv intv intv intv intv intv intv intv"),
    ("gist_macaddr_ops", 829, "gbtreekey16", "macad macad macad - macad macad macad . macad"),
    ("gist_macaddr8_ops", 774, "gbtreekey16",
     "macad8 macad8 macad8 - macad8 macad8 macad8 . macad8"),
    ("gist_inet_ops", 869, "gbtreekey16", "inet inet inet - inet inet inet . ."),
    ("gist_cidr_ops", 650, "gbtreekey16", "inet inet inet - inet inet inet . ."),
    ("gist_uuid_ops", 2950, "gbtreekey32", "uuid uuid uuid - uuid uuid uuid . uuid"),
    ("gist_bool_ops", 16, "gbtreekey2", "bool bool bool - bool bool bool . bool"),
    ("gist_enum_ops", 3500, "gbtreekey8", "enum enum enum - enum enum enum . enum"),
    ("gist_numeric_ops", 1700, "gbtreekey_var",
     "numeric numeric numeric var numeric numeric numeric . var"),
    ("gist_text_ops", 25, "gbtreekey_var", "text text text var text text text . var"),
    ("gist_bpchar_ops", 1042, "gbtreekey_var", "bpchar text bpchar var text text text . var"),
    ("gist_bytea_ops", 17, "gbtreekey_var", "bytea bytea bytea var bytea bytea bytea . var"),
    ("gist_bit_ops", 1560, "gbtreekey_var", "bit bit bit var bit bit bit . var"),
    ("gist_vbit_ops", 1562, "gbtreekey_var", "bit bit bit var bit bit bit . var"),
)


# ---- support functions (the index runs btree_gist_keys.py; a call refuses) ------------

def _internal(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is the GiST operator class's support "
                               f"function; pgsnake runs it inside the index only")
    return refuse


# prefix, indexed type (consistent / distance argument), own support functions; the key
# type is the indexed type's class's (_CLASSES)
_ALL = "compress consistent distance fetch penalty picksplit same union"
_NO_DISTANCE = "compress consistent fetch penalty picksplit same union"
_VAR = "compress consistent penalty picksplit same union"      # no fetch of their own
_PREFIXES = (
    ("int2", 21, _ALL),
    ("int4", 23, _ALL),
    ("int8", 20, _ALL),
    ("float4", 700, _ALL),
    ("float8", 701, _ALL),
    ("oid", 26, _ALL),
    ("cash", 790, _ALL),
    ("date", 1082, _ALL),
    ("time", 1083, _ALL),
    ("timetz", 1266, "compress consistent"),
    ("ts", 1114, _ALL),
    ("tstz", 1184, "compress consistent distance"),
    ("intv", 1186, "compress consistent decompress distance fetch penalty picksplit same union"),
    ("macad", 829, _NO_DISTANCE),
    ("macad8", 774, _NO_DISTANCE),
    ("inet", 869, _VAR),
    ("uuid", 2950, _NO_DISTANCE),
    ("bool", 16, _NO_DISTANCE),
    ("enum", 3500, _NO_DISTANCE),
    ("numeric", 1700, _VAR),
    ("text", 25, _VAR),
    ("bpchar", 1042, "compress consistent"),
    ("bytea", 17, _VAR),
    ("bit", 1560, _VAR),
)


def _support_signature(role: str, indexed: int, key: int):
    return {
        "compress": ((_INTERNAL,), _INTERNAL), "decompress": ((_INTERNAL,), _INTERNAL),
        "fetch": ((_INTERNAL,), _INTERNAL),
        "consistent": ((_INTERNAL, indexed, _INT2, _OID, _INTERNAL), _BOOL),
        "distance": ((_INTERNAL, indexed, _INT2, _OID, _INTERNAL), _FLOAT8),
        "penalty": ((_INTERNAL,) * 3, _INTERNAL), "picksplit": ((_INTERNAL,) * 2, _INTERNAL),
        "same": ((key, key, _INTERNAL), _INTERNAL), "union": ((_INTERNAL,) * 2, key),
    }[role]


def _register_support_functions() -> None:
    key_type = {indexed: key for _name, indexed, key, _prefixes in _CLASSES}
    for prefix, indexed, roles in _PREFIXES:
        for role in roles.split():
            args, result = _support_signature(role, indexed,
                                              KEY_TYPES[key_type[indexed]].placeholder)
            _register(f"gbt_{prefix}_{role}", args, result, _internal(f"gbt_{prefix}_{role}"))
    for name in ("gbt_decompress", "gbt_var_decompress", "gbt_var_fetch"):
        _register(name, (_INTERNAL,), _INTERNAL, _internal(name))


_register_support_functions()


# ---- the distance functions and their <-> operators ------------------------------------

def _out_of_range(what: str) -> PgError:
    return PgError(_NUMERIC_OUT_OF_RANGE, f"{what} out of range")


def _integer_dist(bits: int, what: str):
    limit = 1 << (bits - 1)

    def dist(a: int, b: int) -> int:
        difference = a - b
        if not -limit <= difference < limit or abs(difference) >= limit:
            raise _out_of_range(what)
        return abs(difference)
    return dist


def _float_dist(single: bool):
    def dist(a: float, b: float) -> float:
        result = abs(a - b)
        if single and math.isfinite(result):
            try:
                result = struct.unpack("f", struct.pack("f", result))[0]
            except OverflowError:
                result = math.inf
        if math.isinf(result) and not math.isinf(a) and not math.isinf(b):
            raise PgError(_NUMERIC_OUT_OF_RANGE, "value out of range: overflow")
        return result
    return dist


def _operator(name: str, left: int, right: int):
    from pgsnake.datatypes import operators
    return operators.resolve_operator(name, left, right).fn


def _interval_abs(interval):
    from pgsnake.datatypes import datetime_types as dtt
    return dtt.interval_neg(interval) if interval.key() < 0 else interval


def _difference_dist(type_oid: int):
    """abs(a - b) through the type's own minus (its errors: infinite dates)."""
    def dist(a, b):
        difference = _operator("-", type_oid, type_oid)(a, b)
        if isinstance(difference, int):
            return abs(difference)
        return _interval_abs(difference)
    return dist


def _timestamp_dist(type_oid: int):
    """ts_dist / tstz_dist: an infinite end gives the largest interval."""
    from pgsnake.datatypes import datetime_types as dtt
    from pgsnake.datatypes import registry
    pack = registry.get_type(type_oid).pack
    finite = _difference_dist(type_oid)

    def dist(a, b):
        for value in (a, b):
            if abs(int.from_bytes(pack(value), "little", signed=True)) >= (1 << 63) - 1:
                return dtt.Interval((1 << 31) - 1, (1 << 31) - 1, (1 << 63) - 1)
        return finite(a, b)
    return dist


def _cash_dist(a: int, b: int) -> int:
    difference = abs(a - b)
    if difference >= 1 << 63:
        raise _out_of_range("money")
    return difference


_DISTANCES = (      # function, type, result type, B-tree family of the result
    ("int2_dist", 21, 21, _integer_dist(16, "smallint"), "integer_ops"),
    ("int4_dist", 23, 23, _integer_dist(32, "integer"), "integer_ops"),
    ("int8_dist", 20, 20, _integer_dist(64, "bigint"), "integer_ops"),
    ("float4_dist", 700, 700, _float_dist(True), "float_ops"),
    ("float8_dist", 701, 701, _float_dist(False), "float_ops"),
    ("oid_dist", 26, 26, lambda a, b: abs(a - b), "oid_ops"),
    ("cash_dist", 790, 790, _cash_dist, "money_ops"),
    ("date_dist", 1082, 23, _difference_dist(1082), "integer_ops"),
    ("time_dist", 1083, 1186, _difference_dist(1083), "interval_ops"),
    ("ts_dist", 1114, 1186, _timestamp_dist(1114), "interval_ops"),
    ("tstz_dist", 1184, 1186, _timestamp_dist(1184), "interval_ops"),
    ("interval_dist", 1186, 1186, _difference_dist(1186), "interval_ops"),
)
for _name, _type, _result, _fn, _family in _DISTANCES:
    _register(_name, (_type, _type), _result, _fn)

_SQL_TYPE_NAMES = {21: "int2", 23: "int4", 20: "int8", 700: "float4", 701: "float8",
                   26: "oid", 790: "money", 1082: "date", 1083: "time",
                   1114: "timestamp", 1184: "timestamptz", 1186: "interval"}
SCRIPT = tuple(
    f"CREATE OPERATOR @extschema@.<-> (LEFTARG = {_SQL_TYPE_NAMES[t]}, "
    f"RIGHTARG = {_SQL_TYPE_NAMES[t]}, PROCEDURE = @extschema@.{name}, COMMUTATOR = '<->')"
    for name, t, _r, _f, _fam in _DISTANCES)


# ---- the operator classes ---------------------------------------------------------------

_ROLES = ("consistent", "union", "compress", "decompress", "penalty", "picksplit", "same",
          "distance", "fetch")
_OPERATOR_TYPE = {650: 869}                   # cidr's class uses inet's operators
_IN_CLASS = (1, 2, 5, 6, 7)                   # amprocs part of the class ('i')


def _support_name(number: int, prefix: str) -> str | None:
    role = _ROLES[number - 1]
    if prefix == ".":
        return None
    if prefix == "-":
        return "gbt_decompress"
    if prefix == "var":
        return f"gbt_var_{role}"
    return f"gbt_{prefix}_{role}"


def add_members(extension_oid: int, namespace: int) -> None:
    """After the script (the <-> operators): the 26 families and classes with their
    pg_amop / pg_amproc rows, members of the extension."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import definitions as d
    from pgsnake.catalog import operator_class_creation as opclasses
    from pgsnake.contrib import extension_members
    procs = {r.proname: r.oid for r in cc.scan_catalog("pg_proc", key=("pronamespace", namespace))}
    btree_families = {r.opfname: r.oid for r in cc.scan_catalog("pg_opfamily")
                      if r.opfmethod == BTREE and r.opfnamespace == d.PG_CATALOG_NAMESPACE}
    distances = {t: (name, family) for name, t, _r, _f, family in _DISTANCES}
    operators = {(r.oprname, r.oprnamespace, r.oprleft, r.oprright): r.oid
                 for r in cc.scan_catalog("pg_operator")}
    for name, type_oid, key_name, prefixes in _CLASSES:
        key_type = cc.lookup_type_row(key_name, namespace).oid
        family = opclasses.create_family(name, GIST, namespace)
        opclass = opclasses.create_class(name, GIST, namespace, family, type_oid, key_type,
                                         default=True)
        operand = _OPERATOR_TYPE.get(type_oid, type_oid)
        for strategy, operator in enumerate(("<", "<=", "=", ">=", ">", "<>"), start=1):
            opclasses.add_operator(family, GIST, strategy, operators[
                (operator, d.PG_CATALOG_NAMESPACE, operand, operand)], operand, operand)
        if type_oid in distances:
            opclasses.add_operator(family, GIST, 15,
                                   operators[("<->", namespace, type_oid, type_oid)],
                                   type_oid, type_oid,
                                   purpose="o",
                                   sort_family=btree_families[distances[type_oid][1]])
        for number, prefix in enumerate(prefixes.split(), start=1):
            function = _support_name(number, prefix)
            if function is None:
                continue
            opclasses.add_function(family, number, procs[function], type_oid, type_oid,
                                   opclass=opclass if number in _IN_CLASS else 0)
        extension_members.add_member(extension_oid, opclasses.PG_OPFAMILY, family)
        extension_members.add_member(extension_oid, opclasses.PG_OPCLASS, opclass)
    opclasses.changed()


extensions.add(extensions.Extension(
    EXTENSION, "1.7", True, "support for indexing common datatypes in GiST",
    script=SCRIPT, parallel="s",
    parallel_unsafe=tuple(f"gbt_bool_{role}" for role in _ROLES), trusted=True,
    after_script=add_members))
