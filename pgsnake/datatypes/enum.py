"""Enum types (CREATE TYPE t AS ENUM): values, text and binary I/O, storage, and the
enum operators and functions bound per enum type.

A value is an `EnumLabel`: the pg_enum row's OID, its label and its enumsortorder.
Python's ordering of labels is the enum's sort order and equality is the OID, so the
generic comparison operators, sorts, DISTINCT and hashing need no enum code
(datatypes README invariant 7). On disk a value is its pg_enum OID (4 bytes, as
PostgreSQL stores it); on the wire and in text it is the label.

The catalog layer builds one TypeInfo per enum type with make_enum_type(), from the
type's pg_enum rows; `unsafe(label)` tells whether a label was added by the current,
still uncommitted transaction by ALTER TYPE ... ADD VALUE (PostgreSQL refuses to use
such a value before the transaction commits: 55P04).

Entry points: EnumLabel, make_enum_type(oid, name, sql_name, array_oid, labels),
set_unsafe_check(fn), set_label_loader(fn), labels_of(type_oid), label_of_oid(label_oid),
forget_all(),
install(operators, functions, aggregates, category, oids).

PostgreSQL: utils/adt/enum.c (enum_in, enum_out, enum_recv, enum_send, enum_cmp,
enum_first, enum_last, enum_range, check_safe_enum_use), utils/cache/typcache.c
(load_enum_cache_data, compare_values_of_enum's reload of an unknown value).
"""
from __future__ import annotations

import operator as py_operator
import struct
from typing import Callable

from pgsnake.datatypes import user_type_facts
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import INVALID_TEXT_REPRESENTATION, PgError

UNSAFE_NEW_ENUM_VALUE_USAGE = "55P04"
OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
ANYENUM = 3500
_OID = struct.Struct("<I")


class EnumLabel:
    """One value of an enum type."""

    __slots__ = ("oid", "label", "sort_order")

    def __init__(self, oid: int, label: str, sort_order: float) -> None:
        self.oid = oid
        self.label = label
        self.sort_order = sort_order

    def __eq__(self, other) -> bool:
        return isinstance(other, EnumLabel) and self.oid == other.oid

    def __ne__(self, other) -> bool:
        return not self == other

    def __lt__(self, other: "EnumLabel") -> bool:
        return self.sort_order < other.sort_order

    def __le__(self, other: "EnumLabel") -> bool:
        return self.sort_order <= other.sort_order

    def __gt__(self, other: "EnumLabel") -> bool:
        return self.sort_order > other.sort_order

    def __ge__(self, other: "EnumLabel") -> bool:
        return self.sort_order >= other.sort_order

    def __hash__(self) -> int:
        return hash(self.oid)

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"EnumLabel({self.oid}, {self.label!r}, {self.sort_order})"


# The enum cache (PostgreSQL's typcache enum data and its ENUMOID syscache): what this
# backend knows of each enum type's pg_enum rows. The catalog layer fills it (through
# `set_label_loader`) and empties it at every catalog invalidation (`forget_all`, run
# by catalog/user_types.py for the shared invalidation messages), so another session's
# ALTER TYPE ... ADD / RENAME VALUE reaches it at our next transaction and our own at
# our next statement. The TypeInfo closures (input, unpack) look labels up here, never
# in a copy of their own: tuple codecs, array and domain I/O keep a TypeInfo's
# functions across invalidations, and a copy frozen in them once decoded a new label
# as "invalid internal value for enum".
_LABELS: dict[int, list[EnumLabel]] = {}     # enum type OID -> its labels in sort order
_BY_NAME: dict[int, dict[str, EnumLabel]] = {}   # enum type OID -> label text -> label
_BY_OID: dict[int, EnumLabel] = {}           # pg_enum OID -> label (of the types above)
_NAMES: dict[int, str] = {}         # enum type OID -> format_type name
# pg_enum OID -> its enum type's OID (kept across invalidations: a label's type never
# changes), for label_of_oid
_LABEL_TYPES: dict[int, int] = {}

# label_loader(type_oid) -> the type's pg_enum rows as EnumLabels, read from the catalog
# now (installed by catalog/user_types.py); None until then (tools, unit tests).
_label_loader: Callable[[int], list[EnumLabel]] | None = None


def set_label_loader(loader: Callable[[int], list[EnumLabel]]) -> None:
    global _label_loader
    _label_loader = loader


def _remember_labels(type_oid: int, labels: list[EnumLabel]) -> list[EnumLabel]:
    ordered = sorted(labels)
    for stale in _LABELS.get(type_oid, ()):
        _BY_OID.pop(stale.oid, None)
    _LABELS[type_oid] = ordered
    _BY_NAME[type_oid] = {label.label: label for label in ordered}
    _BY_OID.update((label.oid, label) for label in ordered)
    _LABEL_TYPES.update((label.oid, type_oid) for label in ordered)
    return ordered


def labels_of(type_oid: int) -> list[EnumLabel]:
    """The type's labels in sort order; read again from the catalog after a catalog
    invalidation dropped them."""
    labels = _LABELS.get(type_oid)
    if labels is None:
        if _label_loader is None:
            return []
        labels = _remember_labels(type_oid, _label_loader(type_oid))
    return labels


def _label_by_oid(type_oid: int, label_oid: int) -> EnumLabel:
    """The label with this pg_enum OID, of enum type `type_oid`. A label the cache does
    not know makes it read the type's labels again before giving up, as PostgreSQL's
    compare_values_of_enum reloads: a row committed after our last invalidation (READ
    COMMITTED sees it without a new transaction) may hold a label added since."""
    label = _BY_OID.get(label_oid)
    if label is None:
        _LABELS.pop(type_oid, None)
        labels_of(type_oid)
        label = _BY_OID.get(label_oid)
        if label is None:
            raise PgError("XX000", f"invalid internal value for enum: {label_oid}")
    return label


def label_of_oid(label_oid: int) -> EnumLabel:
    """The label whose pg_enum OID this is, of any enum type this backend has built
    (btree_gist's enum keys hold bare label OIDs)."""
    type_oid = _LABEL_TYPES.get(label_oid)
    if type_oid is None:                # a label added since: look at every known type
        for known in set(_LABEL_TYPES.values()):
            _LABELS.pop(known, None)
            labels_of(known)
        type_oid = _LABEL_TYPES.get(label_oid)
        if type_oid is None:
            raise PgError("XX000", f"invalid internal value for enum: {label_oid}")
    return _label_by_oid(type_oid, label_oid)


def check_safe(type_oid: int, label: EnumLabel) -> EnumLabel:
    """check_safe_enum_use: a label added in the running transaction is refused."""
    if _unsafe(label):
        raise PgError(UNSAFE_NEW_ENUM_VALUE_USAGE,
                      f'unsafe use of new value "{label.label}" of enum type '
                      f'{_NAMES.get(type_oid, type_oid)}',
                      hint="New enum values must be committed before they can be used.")
    return label


def _safe_labels(type_oid: int) -> list[EnumLabel]:
    return [check_safe(type_oid, label) for label in labels_of(type_oid)]


def _end_label(type_oid: int, index: int) -> EnumLabel:
    labels = labels_of(type_oid)
    if not labels:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"enum {_NAMES.get(type_oid, type_oid)} contains no values")
    return check_safe(type_oid, labels[index])


def forget_all() -> None:
    _LABELS.clear()
    _BY_NAME.clear()
    _BY_OID.clear()
    _NAMES.clear()


# Whether a label was added by ALTER TYPE ... ADD VALUE in the running transaction
# (installed by commands/type_commands.py, which knows).
_unsafe: Callable[[EnumLabel], bool] = lambda label: False


def set_unsafe_check(check: Callable[[EnumLabel], bool]) -> None:
    global _unsafe
    _unsafe = check


def make_enum_type(oid: int, name: str, sql_name: str, array_oid: int,
                   labels: list[EnumLabel]) -> TypeInfo:
    _remember_labels(oid, labels)
    info = TypeInfo(oid, name, 4, True, "i", "E", False, array_oid, 0, sql_name)

    _NAMES[oid] = sql_name

    def input_(text: str, typmod: int = -1) -> EnumLabel:
        labels_of(oid)
        label = _BY_NAME.get(oid, {}).get(text)
        if label is None:
            raise PgError(INVALID_TEXT_REPRESENTATION,
                          f'invalid input value for enum {sql_name}: "{text}"')
        return check_safe(oid, label)

    def receive(data: bytes, typmod: int = -1) -> EnumLabel:
        return input_(bytes(data).decode("utf-8"), typmod)

    def unpack(data: bytes) -> EnumLabel:
        return _label_by_oid(oid, _OID.unpack_from(data)[0])

    info.input = input_
    info.output = lambda value: value.label
    info.send = lambda value: value.label.encode("utf-8")
    info.receive = receive
    info.pack = lambda value: _OID.pack(value.oid)
    info.unpack = unpack
    return info


# ---------------------------------------------------------------- operators and functions

_COMPARISONS = {"=": py_operator.eq, "<>": py_operator.ne, "<": py_operator.lt,
                "<=": py_operator.le, ">": py_operator.gt, ">=": py_operator.ge}


def _enum_cmp(left: EnumLabel, right: EnumLabel) -> int:
    return 0 if left == right else (-1 if left < right else 1)


def install(operators, functions, aggregates, category: Callable[[int], str | None],
            oids: dict[str, int]) -> None:
    """Bind the enum comparison operators, enum functions and min/max to concrete enum
    types when resolution meets one (anyenum in PostgreSQL's catalogs). `oids` holds
    the pg_operator / pg_proc OIDs of the anyenum ones, by operator or function name."""
    def is_enum(oid: int) -> bool:
        return category(oid) == "E" \
            if oid and oid >= user_type_facts.FIRST_CATALOG_TYPE_OID else False

    def extreme(name: str, oid: int, pick):
        def factory(arg_types: list[int]):
            if len(arg_types) != 1 or not is_enum(arg_types[0]):
                return None
            typ = arg_types[0]
            return aggregates.Aggregate(oid, name, (typ,), typ, lambda: None,
                                        lambda state, value: value if state is None
                                        else pick(state, value), lambda state: state)
        return factory
    aggregates.register_factory("min", extreme("min", oids["min"], min))
    aggregates.register_factory("max", extreme("max", oids["max"], max))

    def comparison(name):
        def resolve(left: int, right: int):
            if left == right and is_enum(left):
                typ = left
            elif left == 705 and is_enum(right):
                typ = right
            elif right == 705 and is_enum(left):
                typ = left
            else:
                return None
            return operators.Operator(oids[name], name, typ, typ, 16,
                                      _COMPARISONS[name])
        return resolve
    for name in _COMPARISONS:
        operators.register_resolver(name, comparison(name))

    def unary(name: str, oid: int, result, fn_of_type):
        def resolve(arg_types: list[int]):
            if len(arg_types) != 1 or not is_enum(arg_types[0]):
                return None
            typ = arg_types[0]
            return functions.Function(oid, name, (typ,), result(typ), fn_of_type(typ),
                                      strict=False, volatility="s")
        return resolve

    def first(typ):
        return lambda _value: _end_label(typ, 0)

    def last(typ):
        return lambda _value: _end_label(typ, -1)

    def whole(typ):
        return lambda _value: _safe_labels(typ)

    def array_of(typ):
        from pgsnake.datatypes import registry
        return registry.get_type(typ).array_oid

    functions.register_resolver("enum_first", unary("enum_first", oids["enum_first"], lambda t: t, first))
    functions.register_resolver("enum_last", unary("enum_last", oids["enum_last"], lambda t: t, last))
    single = unary("enum_range", oids["enum_range/1"], array_of, whole)

    def enum_range(arg_types: list[int]):
        if len(arg_types) == 1:
            return single(arg_types)
        if len(arg_types) != 2:
            return None
        typ = next((t for t in arg_types if is_enum(t)), None)
        if typ is None or any(t not in (typ, 705) for t in arg_types):
            return None

        def bounded(low, high, _t=typ):
            return [label for label in _safe_labels(_t)
                    if (low is None or label >= low) and (high is None or label <= high)]
        return functions.Function(oids["enum_range/2"], "enum_range", (typ, typ), array_of(typ), bounded,
                                  strict=False, volatility="s")
    functions.register_resolver("enum_range", enum_range)
    def enum_cmp(arg_types: list[int]):
        typ = next((t for t in arg_types if is_enum(t)), None)
        if len(arg_types) != 2 or typ is None or any(t not in (typ, 705) for t in arg_types):
            return None
        return functions.Function(oids["enum_cmp"], "enum_cmp", (typ, typ), 23, _enum_cmp)
    functions.register_resolver("enum_cmp", enum_cmp)
