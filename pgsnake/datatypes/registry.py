"""The built-in type table: TypeInfo by OID and by SQL name, type names for display, and
typmods (varchar(10), numeric(10,2), timestamp(3)).

Entry points: get_type(oid), lookup_type_name(name), format_type(oid, typmod),
typmod_from_modifiers(oid, mods), apply_typmod(oid, value, typmod, explicit),
override_io(oid, input=None, output=None), register_type(info) for higher layers;
for user-defined types the hooks a higher layer installs: set_user_type_loader (get_type
of an OID >= 16384 builds its TypeInfo from the catalogs), set_domain_checker /
check_domain, set_composite_field_names / composite_field_names.

Invariants:
 1. Every OID and pg_type column comes from catalog_facts (PostgreSQL's own values).
 2. Every scalar type with an array type has a working array TypeInfo (lists of values).
 3. regclass/regtype/regproc are plain OIDs here; the catalog layer installs name
    lookups with override_io().

PostgreSQL: utils/adt/format_type.c (format_type_extended), parser/parse_type.c
(typenameTypeMod), utils/cache/lsyscache.c (get_typlenbyvalalign).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pgsnake.datatypes import (tid, arrays, boolean, character, datetime_types as dtt, floats,
                               integers, numeric)
from pgsnake.datatypes import aclitem, scalar_facts, scalar_types, user_type_facts
from pgsnake.datatypes.catalog_facts import TYPES
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import (PgError, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                                  UNDEFINED_FUNCTION, INVALID_PARAMETER_VALUE, SYNTAX_ERROR,
                                  FEATURE_NOT_SUPPORTED)

BOOL, BYTEA, CHAR, NAME, INT8, INT2, INT4, REGPROC, TEXT, OID = 16, 17, 18, 19, 20, 21, 23, 24, 25, 26
TID = 27
REFCURSOR = 1790
XID = 28
CID = 29
FLOAT4, FLOAT8, UNKNOWN, BPCHAR, VARCHAR = 700, 701, 705, 1042, 1043
DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC = 1082, 1083, 1114, 1184, 1186, 1700
REGCLASS, REGTYPE, RECORD, VOID, ANYELEMENT, ANYARRAY, ANY = 2205, 2206, 2249, 2278, 2283, 2277, 2276

_SQL_NAMES = {
    BOOL: "boolean", CHAR: '"char"', INT8: "bigint", INT2: "smallint", INT4: "integer",
    FLOAT4: "real", FLOAT8: "double precision", BPCHAR: "bpchar",
    VARCHAR: "character varying", TIME: "time without time zone",
    TIMESTAMP: "timestamp without time zone", TIMESTAMPTZ: "timestamp with time zone",
    **scalar_types.SQL_NAMES,
}

_ALIASES = {
    "integer": INT4, "int": INT4, "smallint": INT2, "bigint": INT8, "real": FLOAT4,
    "double precision": FLOAT8, "float": FLOAT8, "boolean": BOOL, "decimal": NUMERIC,
    "dec": NUMERIC, "character varying": VARCHAR, "character": BPCHAR,
    "char varying": VARCHAR, "national character varying": VARCHAR,
    "timestamp without time zone": TIMESTAMP, "timestamp with time zone": TIMESTAMPTZ,
    "time without time zone": TIME, "timestamptz": TIMESTAMPTZ, '"char"': CHAR,
    **scalar_types.ALIASES,
}


@dataclasses.dataclass(slots=True, eq=False)
class Record:
    """A row value (record type): its column types and values. Rows order column by
    column with NULL after every value (btree record_ops, as UNION / DISTINCT / ORDER BY
    sort them) and hash by their values (hash record_ops)."""
    type_oids: tuple[int, ...]
    values: tuple[Any, ...]
    # the field names of an anonymous record made from a FROM item's whole row (a
    # subquery's columns): what row_to_json / to_jsonb name the keys; () gives f1, f2, ...
    names: tuple = dataclasses.field(default=(), compare=False)

    def _order_key(self) -> tuple:
        return tuple((1, 0) if v is None else (0, v) for v in self.values)

    def _check_columns(self, other: "Record", ordering: bool) -> None:
        """record_cmp / record_eq: rows of unlike lengths, or a column type without a
        comparison (ordering) or equality function, are errors (42804 / 42883)."""
        if len(self.values) != len(other.values):
            raise PgError("42804", "cannot compare record types with different numbers of "
                          "columns")
        key = (self.type_oids, ordering)
        if key not in _checked_record_shapes:
            _record_column_check(self.type_oids, ordering)
            _checked_record_shapes.add(key)

    def _compare(self, other: "Record", test) -> bool:
        self._check_columns(other, True)
        try:
            return test(self._order_key(), other._order_key())
        except TypeError:
            # values Python cannot order against each other: columns of unlike types
            # (record_cmp's "cannot compare dissimilar column types")
            for i, (a, b) in enumerate(zip(self.type_oids, other.type_oids)):
                if a != b:
                    raise PgError("42804", f"cannot compare dissimilar column types "
                                  f"{format_type(a)} and {format_type(b)} at record column "
                                  f"{i + 1}") from None
            raise PgError("42804", "cannot compare dissimilar column types") from None

    def __eq__(self, other) -> bool:
        # record_eq: rows of unlike shapes are an error, not unequal
        if not isinstance(other, Record):
            return NotImplemented
        self._check_columns(other, False)
        if self.type_oids != other.type_oids:
            for i, (a, b) in enumerate(zip(self.type_oids, other.type_oids)):
                if a != b:
                    raise PgError("42804", f"cannot compare dissimilar column types "
                                  f"{format_type(a)} and {format_type(b)} at record column "
                                  f"{i + 1}")
        return self.values == other.values

    def __ne__(self, other) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __lt__(self, other: "Record") -> bool:
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other: "Record") -> bool:
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other: "Record") -> bool:
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other: "Record") -> bool:
        return self._compare(other, lambda a, b: a >= b)

    def __hash__(self) -> int:
        return hash(tuple(tuple(v) if isinstance(v, list) else v for v in self.values))


# The column types of records compared so far, known to have what the comparison needs;
# the check itself reads operator classes, which a higher layer knows
# (parser/operator_classes.py installs it).
_checked_record_shapes: set = set()
_record_column_check: Callable[[tuple, bool], None] = lambda type_oids, ordering: None


def set_record_column_check(check: Callable[[tuple, bool], None]) -> None:
    global _record_column_check
    _record_column_check = check
    _checked_record_shapes.clear()


_by_oid: dict[int, TypeInfo] = {}
_by_name: dict[str, TypeInfo] = {}


def register_type(info: TypeInfo) -> None:
    _by_oid[info.oid] = info
    _by_name[info.name] = info
    _by_name.setdefault(info.sql_name, info)


def get_type(oid: int) -> TypeInfo:
    info = _by_oid.get(oid)
    if info is None:
        info = _user_types.get(oid)
        if info is None:
            info = _load_user_type(oid)
            if info is None:
                raise PgError(UNDEFINED_OBJECT, f"cache lookup failed for type {oid}")
    return info


# User-defined types (enums, domains, ...: CREATE TYPE / CREATE DOMAIN) are built from the
# catalogs by a higher layer (catalog/user_types.py), which installs the loader and
# empties this table whenever the catalogs change.
_user_types: dict[int, TypeInfo] = {}
_user_type_loader: Callable[[int], TypeInfo | None] = lambda oid: None
_user_type_name: Callable[[int], str | None] = lambda oid: None


def set_user_type_loader(loader: Callable[[int], TypeInfo | None],
                         name: Callable[[int], str | None] | None = None) -> None:
    """`name(oid)`: format_type's spelling of a user type now (qualified or not by the
    current search path)."""
    global _user_type_loader, _user_type_name
    _user_type_loader = loader
    if name is not None:
        _user_type_name = name


def _load_user_type(oid: int) -> TypeInfo | None:
    info = _user_type_loader(oid) if user_type_facts.described_by_catalogs(oid) else None
    if info is not None:
        _user_types[oid] = info
    return info


# A composite type's field names (catalog/user_types.py installs the lookup): to_json
# and row_to_json name an object's keys by them.
_composite_field_names: Callable[[int], list[str] | None] = lambda oid: None


def composite_field_names(type_oid: int) -> list[str] | None:
    return _composite_field_names(type_oid) \
        if user_type_facts.described_by_catalogs(type_oid) else None


def set_composite_field_names(lookup: Callable[[int], list[str] | None]) -> None:
    global _composite_field_names
    _composite_field_names = lookup


def remember_user_type(info: TypeInfo) -> None:
    """A user type the loader built alongside the one asked for (a range's multirange)."""
    _user_types[info.oid] = info


def forget_user_types() -> None:
    _user_types.clear()


# A domain's constraints are expressions only the executor can evaluate: it installs the
# checker (executor/domain_checks.py); domain input functions and casts call it.
_domain_checker: Callable[[int, Any], None] = lambda domain_oid, value: None


def set_domain_checker(checker: Callable[[int, Any], None]) -> None:
    global _domain_checker
    _domain_checker = checker


def check_domain(domain_oid: int, value: Any) -> None:
    """Raise PostgreSQL's error if `value` (None for NULL) violates a constraint of the
    domain (23502 NOT NULL, 23514 CHECK)."""
    _domain_checker(domain_oid, value)


def lookup_type_name(name: str) -> TypeInfo | None:
    key = name.strip().lower()
    if key.startswith("pg_catalog."):
        key = key[len("pg_catalog."):]
    if key.endswith("[]"):
        element = lookup_type_name(key[:-2])
        if element is None or not element.array_oid:
            return None
        return _by_oid.get(element.array_oid)
    if key in _ALIASES:
        return _by_oid[_ALIASES[key]]
    return _by_name.get(key)


def override_io(oid: int, input: Callable | None = None, output: Callable | None = None) -> None:
    """Replace a type's text input/output (the catalog layer gives regclass & co names)."""
    info = get_type(oid)
    if input is not None:
        info.input = input
    if output is not None:
        info.output = output


# ---------------------------------------------------------------- typmods

def typmod_from_modifiers(oid: int, mods: list[int]) -> int:
    if not mods:
        return -1
    if oid in (VARCHAR, BPCHAR):
        if len(mods) != 1:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
        length = mods[0]
        if length < 1:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"length for type {'varchar' if oid == VARCHAR else 'char'} must be at least 1")
        if length > 10485760:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"length for type {'varchar' if oid == VARCHAR else 'char'} cannot exceed 10485760")
        return length + 4
    if oid == NUMERIC:
        if len(mods) > 2:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid NUMERIC type modifier")
        return numeric.make_numeric_typmod(mods[0], mods[1] if len(mods) > 1 else 0)
    if oid in (TIMESTAMP, TIMESTAMPTZ, TIME):
        if len(mods) != 1:
            raise PgError(INVALID_PARAMETER_VALUE, "invalid type modifier")
        precision = mods[0]
        if precision < 0:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"{_SQL_NAMES[oid].split(' ')[0].upper()}({precision}) precision must not be negative")
        return min(precision, 6)
    if oid == INTERVAL:
        return dtt.make_interval_typmod(mods)
    if oid in scalar_types.TYPMOD_TYPES:
        return scalar_types.typmod_for(oid, mods)
    info = get_type(oid)
    if info.element_oid:
        return typmod_from_modifiers(info.element_oid, mods)
    raise PgError(SYNTAX_ERROR, f"type modifier is not allowed for type \"{info.name}\"")


# The name of a type this package has no code for (a pseudo-type such as internal or
# anyrange, a user-defined type): set by the catalog layer, which reads pg_type.
_name_of_other_type: Callable[[int], str | None] | None = None


def set_other_type_namer(namer: Callable[[int], str | None]) -> None:
    global _name_of_other_type
    _name_of_other_type = namer


def _anonymous_record_input(text, typmod=-1):
    """record_in without a composite type to read into (PostgreSQL's own refusal)."""
    raise PgError(FEATURE_NOT_SUPPORTED, "input of anonymous composite types is not implemented")


def format_type(oid: int, typmod: int = -1) -> str:
    info = _by_oid.get(oid)
    if info is None:
        info = _user_types.get(oid) or _load_user_type(oid)
        if info is None:
            name = _name_of_other_type(oid) if _name_of_other_type is not None else None
            return "???" if name is None else name
        if info.element_oid and info.category == "A":
            return format_type(info.element_oid, typmod) + "[]"
        return _user_type_name(oid) or info.sql_name
    if info.element_oid and info.category == "A" and oid not in VECTOR_TYPES:
        return format_type(info.element_oid, typmod) + "[]"
    if typmod >= 0:
        if oid == VARCHAR:
            return f"character varying({typmod - 4})"
        if oid == BPCHAR:
            return f"character({typmod - 4})"
        if oid == NUMERIC and typmod >= 4:
            precision, scale = numeric.typmod_precision_scale(typmod)
            return f"numeric({precision},{scale})"
        if oid == TIMESTAMP:
            return f"timestamp({typmod}) without time zone"
        if oid == TIMESTAMPTZ:
            return f"timestamp({typmod}) with time zone"
        if oid == TIME:
            return f"time({typmod}) without time zone"
        if oid in scalar_types.TYPMOD_TYPES:
            return scalar_types.format_with_typmod(oid, typmod)
        if oid == INTERVAL:
            return dtt.format_interval_typmod(typmod)
    if oid == ANY:
        return '"any"'      # quote_identifier: ANY is a reserved word
    return info.sql_name


def apply_typmod(oid: int, value: Any, typmod: int, explicit: bool = False) -> Any:
    if value is None or typmod < 0:
        return value
    if oid == VARCHAR:
        return character.apply_varchar_typmod(value, typmod, explicit)
    if oid == BPCHAR:
        return character.apply_bpchar_typmod(value, typmod, explicit)
    if oid == NUMERIC:
        return numeric.apply_numeric_typmod(value, typmod)
    if oid in (TIMESTAMP, TIMESTAMPTZ):
        return dtt.apply_timestamp_typmod(value, typmod)
    if oid == TIME:
        micros = dtt._round_usec(dtt.time_to_usec(value), typmod)
        return dtt.usec_to_time(micros % dtt.USECS_PER_DAY)
    if oid in scalar_types.TYPMOD_TYPES:
        return scalar_types.apply_typmod(oid, value, typmod, explicit)
    if oid == INTERVAL:
        return dtt.apply_interval_typmod(value, typmod)
    info = _by_oid.get(oid)
    if info is not None and info.element_oid and isinstance(value, list):
        from pgsnake.datatypes import array_values
        element = info.element_oid

        def each(node):         # every element, at any depth; the bounds are kept
            if isinstance(node, list):
                return [each(item) for item in node]
            return apply_typmod(element, node, typmod, explicit)
        return array_values.with_lower_bounds(each(value), array_values.lower_bounds(value))
    return value


# ---------------------------------------------------------------- building the table

def _reg_input(kind: str, sqlstate: str):
    def input_(text: str, typmod: int = -1) -> int:
        stripped = text.strip()
        if stripped == "-":
            return 0
        if stripped.isdigit():
            return integers.oid_input(stripped)
        raise PgError(sqlstate, f'{kind} "{stripped}" does not exist')
    return input_


def _reg_output(value: int) -> str:
    return "-" if value == 0 else str(value)


def _record_output(value: Record) -> str:
    parts = []
    for type_oid, item in zip(value.type_oids, value.values):
        if item is None:
            parts.append("")
            continue
        text = get_type(type_oid).output(item)
        if text == "" or any(ch in '"\\(),' or ch.isspace() for ch in text):
            text = '"' + text.replace("\\", "\\\\").replace('"', '""') + '"'
        parts.append(text)
    return "(" + ",".join(parts) + ")"


def _install(info: TypeInfo, input_, output, send, receive, pack, unpack) -> None:
    info.input, info.output, info.send, info.receive = input_, output, send, receive
    info.pack, info.unpack = pack, unpack


# int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes), and the array types
# they convert to and are stored as.
VECTOR_TYPES = {22: 1005, 30: 1028}


class _VectorLeaf:
    """A vector type as an array's element: its values as tuples."""

    def __init__(self, vector: TypeInfo) -> None:
        self.oid = vector.oid
        self._vector = vector

    def input(self, text: str, typmod: int = -1):
        return tuple(self._vector.input(text, typmod))

    def output(self, value) -> str:
        return self._vector.output(list(value))

    def send(self, value) -> bytes:
        return self._vector.send(list(value))

    def receive(self, data: bytes, typmod: int = -1):
        return tuple(self._vector.receive(data, typmod))

    def pack(self, value) -> bytes:
        return self._vector.pack(list(value))

    def unpack(self, data, typmod: int = -1):
        return tuple(self._vector.unpack(data, typmod))

    def __getattr__(self, name: str):
        return getattr(self._vector, name)        # typlen, typalign, ... for storage


def _vector_array_io(vector: TypeInfo) -> tuple:
    """int2vector[] / oidvector[] I/O: vectors given as lists (pg_statistic's values of
    an int2vector column) are made tuples first, so they stay single elements."""
    input_, output, send, receive, pack, unpack = arrays.make_array_io(_VectorLeaf(vector))

    def leaves(value):
        return [tuple(v) if isinstance(v, list) else v for v in value]
    return (input_, lambda value: output(leaves(value)), lambda value: send(leaves(value)),
            receive, lambda value: pack(leaves(value)), unpack)


# Pseudo-types whose values only C code makes or reads: their input and output functions
# refuse any value (pseudotypes.c's PSEUDOTYPE_DUMMY_IO_FUNCS): 'x'::trigger is 0A000.
_OPAQUE_PSEUDO_TYPES = ((2279, "trigger", 4), (3838, "event_trigger", 4),
                        (2281, "internal", 8), (2280, "language_handler", 4),
                        (3115, "fdw_handler", 4), (269, "table_am_handler", 4),
                        (325, "index_am_handler", 4), (3310, "tsm_handler", 4))


def _register_opaque_pseudo_types() -> None:
    for oid, name, length in _OPAQUE_PSEUDO_TYPES:
        if oid in _by_oid:
            continue
        info = TypeInfo(oid, name, length, True, "d" if length == 8 else "i", "P", False,
                        0, 0, name)

        def refuse_input(*_args, _name=name):
            raise PgError(FEATURE_NOT_SUPPORTED, f"cannot accept a value of type {_name}")

        def refuse_output(*_args, _name=name):
            raise PgError(FEATURE_NOT_SUPPORTED, f"cannot display a value of type {_name}")
        _install(info, refuse_input, refuse_output, refuse_output, refuse_input,
                 refuse_output, refuse_input)
        register_type(info)


# cstring: the pseudo-type of the types' input and output functions (int4in(cstring),
# int4out(integer) -> cstring), which SQL may call; its values are text read and printed
# as they are (cstring_in / cstring_out). It has no on-disk form of its own: no column
# can have it (heap.c's CheckAttributeType); a cstring[] (typmod input functions'
# argument) stores each element followed by a NUL (array_storage.py adds it).
CSTRING, CSTRING_ARRAY = 2275, 1263


def _register_cstring() -> None:
    register_type(TypeInfo(CSTRING, "cstring", -2, False, "c", "P", False, CSTRING_ARRAY,
                           0, "cstring"))
    register_type(TypeInfo(CSTRING_ARRAY, "_cstring", -1, False, "i", "A", False, 0,
                           CSTRING, "cstring[]"))
    # pack / unpack: the bytes without the NUL, which the container adds and finds
    _install(_by_oid[CSTRING], character.text_input, character.text_output,
             character.text_send, character.text_receive, character.text_pack,
             character.text_unpack)


def _build() -> None:
    for oid, typname, typlen, typbyval, typalign, category, preferred, array_oid, element in \
            TYPES + scalar_facts.TYPES:
        sql_name = _SQL_NAMES.get(oid, typname)
        register_type(TypeInfo(oid, typname, typlen, typbyval, typalign, category, preferred,
                               array_oid, element if category == "A" else 0, sql_name))
    text_io = (character.text_input, character.text_output, character.text_send,
               character.text_receive, character.text_pack, character.text_unpack)
    for oid in (INT2, INT4, INT8):
        _install(_by_oid[oid], *integers.make_integer_io(oid))
    oid_io = (integers.oid_input, str, integers.oid_send, integers.oid_receive,
              integers.oid_pack, integers.oid_unpack)
    _install(_by_oid[OID], *oid_io)
    for oid, kind, state in ((REGCLASS, "relation", UNDEFINED_TABLE),
                             (REGTYPE, "type", UNDEFINED_OBJECT),
                             (REGPROC, "function", UNDEFINED_FUNCTION),
                             (2202, "function", UNDEFINED_FUNCTION),       # regprocedure
                             (2203, "operator", UNDEFINED_FUNCTION),       # regoper
                             (2204, "operator", UNDEFINED_FUNCTION),       # regoperator
                             (4089, "schema", "3F000"),                    # regnamespace
                             (4096, "role", UNDEFINED_OBJECT),             # regrole
                             (4191, "collation", UNDEFINED_OBJECT)):       # regcollation
        _install(_by_oid[oid], _reg_input(kind, state), _reg_output, *oid_io[2:])
    if TID not in _by_oid:   # ctid's type; not among the generated rows
        register_type(TypeInfo(TID, "tid", 6, False, "s", "U", False, 1010, 0, "tid"))
    if 2287 not in _by_oid:  # record[]: ARRAY[ROW(...), ...], SEARCH / CYCLE paths
        register_type(TypeInfo(2287, "_record", -1, False, "d", "A", False, 0, RECORD,
                               "record[]"))
    if 1010 not in _by_oid:  # tid[] (pageinspect's bt_page_items.tids)
        register_type(TypeInfo(1010, "_tid", -1, False, "i", "A", False, 0, TID, "tid[]"))
    _install(_by_oid[TID], tid.tid_input, tid.tid_output, tid.tid_send, tid.tid_receive,
             tid.tid_pack, tid.tid_unpack)
    if XID not in _by_oid:   # pg_locks.transactionid, pg_prepared_xacts, pg_get_multixact_members
        register_type(TypeInfo(XID, "xid", 4, True, "i", "U", False, 1011, 0, "xid"))
    _install(_by_oid[XID], lambda text, typmod=-1: integers.oid_input(text, typmod, "xid"),
             str, *oid_io[2:])
    if REFCURSOR not in _by_oid:   # PL/pgSQL's cursor variables: a portal's name as text
        register_type(TypeInfo(REFCURSOR, "refcursor", -1, False, "i", "U", False, 2201, 0,
                               "refcursor"))
        register_type(TypeInfo(2201, "_refcursor", -1, False, "i", "A", False, 0, REFCURSOR,
                               "refcursor[]"))
    _install(_by_oid[REFCURSOR], *text_io)
    if 1011 not in _by_oid:  # xid[] (pg_type has it; not among the generated rows)
        register_type(TypeInfo(1011, "_xid", -1, False, "i", "A", False, 0, XID, "xid[]"))
    if CID not in _by_oid:   # cmin's and cmax's type
        register_type(TypeInfo(CID, "cid", 4, True, "i", "U", False, 1012, 0, "cid"))
    _install(_by_oid[CID], lambda text, typmod=-1: integers.oid_input(text, typmod, "cid"),
             str, *oid_io[2:])
    _install(_by_oid[BOOL], boolean.bool_input, boolean.bool_output, boolean.bool_send,
             boolean.bool_receive, boolean.bool_pack, boolean.bool_unpack)
    _install(_by_oid[FLOAT8], floats.float8_input, floats.float8_output, floats.float8_send,
             floats.float8_receive, floats.float8_pack, floats.float8_unpack)
    _install(_by_oid[FLOAT4], floats.float4_input, floats.float4_output, floats.float4_send,
             floats.float4_receive, floats.float4_pack, floats.float4_unpack)
    _install(_by_oid[NUMERIC], numeric.numeric_input, numeric.numeric_output,
             numeric.numeric_send, numeric.numeric_receive, numeric.numeric_pack,
             numeric.numeric_unpack)
    _install(_by_oid[TEXT], *text_io)
    _install(_by_oid[UNKNOWN], *text_io)
    _install(_by_oid[VARCHAR], character.varchar_input, character.text_output,
             character.text_send, character.varchar_receive, character.text_pack,
             character.text_unpack)
    _install(_by_oid[BPCHAR], character.bpchar_input, character.text_output,
             character.text_send, character.bpchar_receive, character.text_pack,
             character.text_unpack)
    _install(_by_oid[NAME], character.name_input, character.text_output, character.text_send,
             lambda data, typmod=-1: character.truncate_name(character.text_receive(data)),
             character.name_pack, character.name_unpack)
    _install(_by_oid[CHAR], character.char_input, character.char_output, character.char_pack,
             lambda data, typmod=-1: character.char_unpack(data) if data else "",
             character.char_pack, character.char_unpack)
    _install(_by_oid[BYTEA], character.bytea_input, character.bytea_output,
             character.bytea_send, character.bytea_receive, character.bytea_send,
             character.bytea_receive)
    _install(_by_oid[DATE], dtt.date_input, dtt.date_output, dtt.date_send,
             dtt.date_receive, dtt.date_pack, dtt.date_unpack)
    _install(_by_oid[TIME], dtt.time_input, dtt.time_output, dtt.time_send,
             dtt.time_receive, dtt.time_pack, dtt.time_unpack)
    _install(_by_oid[TIMESTAMP], dtt.timestamp_input, dtt.timestamp_output,
             dtt.timestamp_send, dtt.timestamp_receive, dtt.timestamp_pack,
             dtt.timestamp_unpack)
    _install(_by_oid[TIMESTAMPTZ], dtt.timestamptz_input, dtt.timestamptz_output,
             dtt.timestamp_send, dtt.timestamptz_receive, dtt.timestamp_pack,
             dtt.timestamptz_unpack)
    _install(_by_oid[INTERVAL], dtt.interval_input, dtt.interval_output, dtt.interval_send,
             dtt.interval_receive, dtt.interval_pack, dtt.interval_unpack)
    _install(_by_oid[VOID], lambda text, typmod=-1: None, lambda value: "",
             lambda value: b"", lambda data, typmod=-1: None, lambda value: b"",
             lambda data: None)
    _register_opaque_pseudo_types()
    _register_cstring()
    _by_oid[RECORD].output = _record_output
    _by_oid[RECORD].input = _anonymous_record_input
    for oid, io in scalar_types.TYPE_IO.items():
        _install(_by_oid[oid], *io)
    aclitem.register_types(register_type, TypeInfo)
    from pgsnake.datatypes import extended_statistics_types
    extended_statistics_types.register_types(register_type, TypeInfo)
    from pgsnake.datatypes import xml_type
    xml_type.register_types(register_type, TypeInfo, arrays.make_array_io)
    for info in list(_by_oid.values()):
        if info.element_oid and info.element_oid in _by_oid and info.oid not in VECTOR_TYPES:
            _install(info, *arrays.make_array_io(_by_oid[info.element_oid]))
    for vector, array in VECTOR_TYPES.items():
        element = _by_oid[_by_oid[vector].element_oid]
        _install(_by_oid[vector], *arrays.make_vector_io(element,
                                                         arrays.make_array_io(element)))
    # int2vector[] and oidvector[]: a vector inside them is a tuple, a leaf of the array
    # (a list would read as one more dimension)
    for array, vector, name in ((1006, 22, "_int2vector"), (1013, 30, "_oidvector")):
        if array not in _by_oid:
            register_type(TypeInfo(array, name, -1, False, "i", "A", False, 0, vector,
                                   name[1:] + "[]"))
            _install(_by_oid[array], *_vector_array_io(_by_oid[vector]))


_build()

# json, jsonb, jsonpath and their arrays (json_types.py; facts in json_catalog_facts.py).
from pgsnake.datatypes import json_types  # noqa: E402
json_types.build(register_type)

# tsvector, tsquery, gtsvector, regconfig, regdictionary and their arrays (ts_types.py).
from pgsnake.datatypes import ts_types  # noqa: E402
ts_types.build(register_type)

# anyarray as stored in pg_statistic.stavalues* (anyarray_values.py).
from pgsnake.datatypes import anyarray_values  # noqa: E402
anyarray_values.install(_by_oid[ANYARRAY])
