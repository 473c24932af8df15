"""Built-in operators: their PostgreSQL OIDs and signatures (catalog_facts.OPERATORS), a
Python implementation for each, and operator resolution as PostgreSQL's parser does it.

Entry points: resolve_operator(name, left, right) -> Operator; common_type(type_oids,
context); Operator(oid, name, left_type, right_type, result_type, fn); operators_by_oid().

Resolution: an exact (left, right) match wins; an unknown literal on one side is first
assumed to have the other side's type (int4 = '5' -> int4 = int4); otherwise the
candidate rules of type_coercion.select_candidate apply. The caller coerces the
arguments to left_type/right_type (casts.find_cast) before calling fn.

PostgreSQL: parser/parse_oper.c (oper, binary_oper_exact, oper_select_candidate),
utils/adt/int.c, int8.c, float.c, numeric.c, varlena.c, date.c, timestamp.c, like.c.
"""
from __future__ import annotations

import dataclasses
import math
import operator as py_operator
from decimal import Decimal
from typing import Any, Callable

from pgsnake.datatypes import (character, datetime_types as dtt, floats, integers,
                               like_match, numeric, registry)
from pgsnake.datatypes import array_functions, casts, scalar_facts, scalar_types, user_type_facts
from pgsnake.datatypes.catalog_facts import OPERATORS
from pgsnake.datatypes.registry import (BPCHAR, DATE, FLOAT4, FLOAT8, INT2, INT4, INT8,
                                        INTERVAL, NUMERIC, UNKNOWN)
from pgsnake.datatypes.type_coercion import (AmbiguousCandidates, common_type,
                                             select_candidate)
from pgsnake.utils.errors import (PgError, UNDEFINED_FUNCTION, FEATURE_NOT_SUPPORTED,
                                  AMBIGUOUS_FUNCTION)


@dataclasses.dataclass(frozen=True, slots=True)
class Operator:
    oid: int
    name: str
    left_type: int | None        # None for a prefix operator
    right_type: int
    result_type: int
    fn: Callable[..., Any]
    strict: bool = True          # NULL in, NULL out without calling fn (most are)

    @property
    def arg_types(self) -> tuple[int, ...]:
        return (self.right_type,) if self.left_type is None else (self.left_type, self.right_type)


_INTS = (INT2, INT4, INT8)
_FLOATS = (FLOAT4, FLOAT8)
_COMPARE = {"=": py_operator.eq, "<>": py_operator.ne, "<": py_operator.lt,
            "<=": py_operator.le, ">": py_operator.gt, ">=": py_operator.ge}


def _nan_key(value):
    """Floats and numerics order NaN after everything and equal to itself."""
    if value != value or (isinstance(value, Decimal) and value.is_nan()):
        return (1, 0)
    return (0, value)


_DATETIMES = (DATE, registry.TIMESTAMP, registry.TIMESTAMPTZ)


def _widen_datetime(left: int, right: int):
    """Cross-type date/timestamp comparisons compare in the wider type: date widens to
    timestamp, and both widen to timestamptz (in the session time zone)."""
    target = registry.TIMESTAMPTZ if registry.TIMESTAMPTZ in (left, right) else registry.TIMESTAMP

    def converter(source):
        if source == target:
            convert = None
        elif source == DATE:
            convert = dtt.date_to_timestamp if target == registry.TIMESTAMP \
                else dtt.date_to_timestamptz
        else:
            convert = dtt.timestamp_to_timestamptz

        def key(v):
            # (rank, value): infinities outermost, then a date past the timestamp range
            # (larger than every finite timestamp, date_cmp_timestamp's overflow rule)
            if dtt.is_infinite(v):
                return (2 if dtt._is_positive_infinity(v) else -2, 0)
            if source == DATE and v.toordinal() >= dtt.far_dates.TIMESTAMP_END_ORDINAL:
                return (1, 0)
            return (0, v if convert is None else convert(v))
        return key
    return converter(left), converter(right)


def _comparison(name: str, left: int, right: int) -> Callable[[Any, Any], bool]:
    compare = _COMPARE[name]
    if left in _FLOATS or right in _FLOATS or left == NUMERIC or right == NUMERIC:
        return lambda a, b: compare(_nan_key(a), _nan_key(b))
    if left != right and left in _DATETIMES and right in _DATETIMES:
        widen = _widen_datetime(left, right)
        return lambda a, b: compare(widen[0](a), widen[1](b))
    if left == BPCHAR or right == BPCHAR:
        trim = character.bpchar_trimmed
        return lambda a, b: compare(trim(a), trim(b))
    return compare


def _integer_arith(name: str, result: int) -> Callable[[int, int], int]:
    check = integers.check_range
    if name == "+":
        return lambda a, b: check(a + b, result)
    if name == "-":
        return lambda a, b: check(a - b, result)
    if name == "*":
        return lambda a, b: check(a * b, result)
    if name == "/":
        return lambda a, b: integers.int_div(a, b, result)
    if name == "%":
        return lambda a, b: integers.int_mod(a, b, result)
    raise KeyError(name)


def _float_arith(name: str, result: int) -> Callable[[float, float], float]:
    single = result == FLOAT4
    function = {"+": floats.float_add, "-": floats.float_sub, "*": floats.float_mul,
                "/": floats.float_div}[name]
    return lambda a, b: function(a, b, single)


_NUMERIC_ARITH = {"+": numeric.numeric_add, "-": numeric.numeric_sub,
                  "*": numeric.numeric_mul, "/": numeric.numeric_div,
                  "%": numeric.numeric_mod, "^": numeric.numeric_power}


def _float_neg(value: float) -> float:
    return -value


def _unsupported(code: str) -> Callable[..., Any]:
    def fail(*_args):
        raise PgError(FEATURE_NOT_SUPPORTED, f"operator function {code} is not implemented")
    return fail


def _time_add_interval(t, i, sign=1):
    micros = (dtt.time_to_usec(t) + sign * i.microseconds) % dtt.USECS_PER_DAY
    return dtt.usec_to_time(micros)


def _date_time_pl(d, t):
    if dtt.is_infinite(d):
        return dtt.date_to_timestamp(d)
    return dtt._checked_timestamp(dtt.far_dates.add_usec(dtt.date_to_timestamp(d),
                                                         dtt.time_to_usec(t)))


_BY_CODE: dict[str, Callable[..., Any]] = {
    "date_pli": dtt.date_add_days,
    "integer_pl_date": lambda n, d: dtt.date_add_days(d, n),
    "date_mii": lambda d, n: dtt.date_add_days(d, -n),
    "date_mi": dtt.date_diff,
    "date_pl_interval": lambda d, i: dtt.timestamp_add_interval(dtt.date_to_timestamp(d), i),
    "interval_pl_date": lambda i, d: dtt.timestamp_add_interval(dtt.date_to_timestamp(d), i),
    "date_mi_interval": lambda d, i: dtt.timestamp_add_interval(dtt.date_to_timestamp(d), i, -1),
    "timestamp_pl_interval": dtt.timestamp_add_interval,
    "timestamptz_pl_interval": dtt.timestamp_add_interval,
    "interval_pl_timestamp": lambda i, t: dtt.timestamp_add_interval(t, i),
    "interval_pl_timestamptz": lambda i, t: dtt.timestamp_add_interval(t, i),
    "timestamp_mi_interval": lambda t, i: dtt.timestamp_add_interval(t, i, -1),
    "timestamptz_mi_interval": lambda t, i: dtt.timestamp_add_interval(t, i, -1),
    "timestamp_mi": dtt.timestamp_diff,
    "timestamptz_mi": dtt.timestamp_diff,
    "interval_pl": dtt.interval_add,
    "interval_mi": dtt.interval_sub,
    "interval_um": dtt.interval_neg,
    "interval_mul": dtt.interval_mul,
    "mul_d_interval": lambda f, i: dtt.interval_mul(i, f),
    "interval_div": dtt.interval_div,
    "datetime_pl": _date_time_pl,
    "timedate_pl": lambda t, d: _date_time_pl(d, t),
    "time_pl_interval": _time_add_interval,
    "interval_pl_time": lambda i, t: _time_add_interval(t, i),
    "time_mi_interval": lambda t, i: _time_add_interval(t, i, -1),
    "time_mi_time": lambda a, b: dtt.Interval(0, 0, dtt.time_to_usec(a) - dtt.time_to_usec(b)),
    "textcat": py_operator.add,
    "byteacat": py_operator.add,
    "textlike": like_match.like, "namelike": like_match.like,
    "bpcharlike": like_match.like,
    "textnlike": lambda a, b: not like_match.like(a, b),
    "namenlike": lambda a, b: not like_match.like(a, b),
    "bpcharnlike": lambda a, b: not like_match.like(a, b),
    "texticlike": like_match.ilike, "nameiclike": like_match.ilike,
    "bpchariclike": like_match.ilike,
    "texticnlike": lambda a, b: not like_match.ilike(a, b),
    "nameicnlike": lambda a, b: not like_match.ilike(a, b),
    "bpcharicnlike": lambda a, b: not like_match.ilike(a, b),
    "bytealike": lambda a, b: like_match.like(a.decode("latin-1"), b.decode("latin-1")),
    "byteanlike": lambda a, b: not like_match.like(a.decode("latin-1"), b.decode("latin-1")),
}

_BY_CODE.update(scalar_types.OPERATORS)    # uuid, inet, bit, money, geometric, ...
_BY_CODE.update(array_functions.COMPARISON_OPERATORS)


def _implement(name: str, left: int, right: int, result: int, code: str) -> Callable[..., Any]:
    if code in _BY_CODE:
        return _BY_CODE[code]
    if name in _COMPARE and result == registry.BOOL:
        return _comparison(name, left, right)
    if left == 0:   # prefix operators
        if name == "-":
            if right in _INTS:
                return lambda v: integers.check_range(-v, right)
            if right in _FLOATS:
                return _float_neg
            if right == NUMERIC:
                return numeric.numeric_neg
        if name == "+":
            return lambda v: v
        if name == "@":
            if right in _INTS:
                return lambda v: integers.check_range(abs(v), right)
            if right in _FLOATS:
                return abs
            if right == NUMERIC:
                return numeric.numeric_abs
        return _unsupported(code)
    if name in ("+", "-", "*", "/", "%"):
        if result in _INTS and left in _INTS and right in _INTS:
            return _integer_arith(name, result)
        if result in _FLOATS and left in _FLOATS + _INTS and right in _FLOATS + _INTS:
            return _float_arith(name, result)
        if result == NUMERIC and left == NUMERIC and right == NUMERIC:
            return _NUMERIC_ARITH[name]
    return _unsupported(code)


_BY_NAME: dict[str, list[Operator]] = {}
_EXACT: dict[tuple[str, int | None, int], Operator] = {}
# Polymorphic operators bound per call: name -> resolver(left, right) -> Operator | None.
_RESOLVERS: dict[str, list[Callable[[int, int], Operator | None]]] = {}


def register_resolver(name: str, resolver: Callable[[int, int], Operator | None]) -> None:
    """Add a binary operator whose types are bound per call (anyarray || anyelement)."""
    _RESOLVERS.setdefault(name, []).append(resolver)


def register(oid: int, name: str, left: int | None, right: int, result: int,
             fn: Callable[..., Any]) -> Operator:
    """Add an operator (higher layers may add more, as CREATE OPERATOR would)."""
    op = Operator(oid, name, left, right, result, fn)
    _BY_NAME.setdefault(name, []).append(op)
    _EXACT[(name, left, right)] = op
    return op


def operators_by_oid() -> dict[int, Operator]:
    """The registered operators by pg_operator OID (polymorphic operators bound per call
    by a resolver are not among them)."""
    return {op.oid: op for candidates in _BY_NAME.values() for op in candidates}


def _build() -> None:
    for oid, name, left, right, result, code in OPERATORS + scalar_facts.OPERATORS:
        register(oid, name, left or None, right, result,
                 _implement(name, left, right, result, code))
    # Comparisons of the system columns' types: tid (ctid = '(0,1)', ordered as
    # ItemPointerCompare: block, then offset), xid and cid (equality only; xid = int4).
    tid, xid, cid, int4 = registry.TID, registry.XID, registry.CID, registry.INT4
    for oid, name, left, right in ((387, "=", tid, tid), (402, "<>", tid, tid),
                                   (2799, "<", tid, tid), (2800, ">", tid, tid),
                                   (2801, "<=", tid, tid), (2802, ">=", tid, tid),
                                   (352, "=", xid, xid), (353, "=", xid, int4),
                                   (3315, "<>", xid, xid), (3316, "<>", xid, int4),
                                   (385, "=", cid, cid)):
        if (name, left, right) not in _EXACT:
            register(oid, name, left, right, registry.BOOL, _comparison(name, left, right))
    # numeric ^ numeric and float8 ^ float8 (OIDs 1038 and 965 in PostgreSQL)
    register(1038, "^", NUMERIC, NUMERIC, NUMERIC, numeric.numeric_power)
    register(965, "^", FLOAT8, FLOAT8, FLOAT8, _float_power)
    # prefix |/ (square root) and ||/ (cube root) of float8: dsqrt, dcbrt
    register(596, "|/", None, FLOAT8, FLOAT8, _float_sqrt)
    register(597, "||/", None, FLOAT8, FLOAT8, math.cbrt)
    # text || anynonarray and anynonarray || text: the non-text side goes through its
    # output function; the resolved right/left type is the argument's own type.
    register(2779, "||", registry.TEXT, ANYNONARRAY, registry.TEXT, None)
    register(2780, "||", ANYNONARRAY, registry.TEXT, registry.TEXT, None)
    from pgsnake.datatypes import record_image       # *=, *<>, *<, ... on records
    record_image.register(register)
    from pgsnake.datatypes import pattern_comparison   # ~<~ ... of text and character
    pattern_comparison.register(register)


def _float_power(a: float, b: float) -> float:
    """dpow: NaN and infinity follow POSIX pow(), except that NaN ^ 0 and 1 ^ NaN are 1
    and the complex / zero-to-negative cases are errors (float.c)."""
    if math.isnan(a):
        return 1.0 if b == 0 else math.nan
    if math.isnan(b):
        return 1.0 if a == 1 else math.nan
    if a == 0 and b < 0:
        raise PgError("2201F", "zero raised to a negative power is undefined")
    if a < 0 and not math.isinf(b) and b != math.floor(b):
        raise PgError("2201F", "a negative number raised to a non-integer power yields a complex result")
    if math.isinf(b):
        magnitude = abs(a)
        if magnitude == 1:
            return 1.0
        if magnitude > 1:
            return math.inf if b > 0 else 0.0
        return 0.0 if b > 0 else math.inf
    if math.isinf(a):
        if b == 0:
            return 1.0
        odd = b % 2 == 1
        if a > 0:
            return math.inf if b > 0 else 0.0
        if b > 0:
            return -math.inf if odd else math.inf
        return -0.0 if odd else 0.0
    try:
        result = math.pow(a, b)
    except OverflowError:
        raise PgError("22003", "value out of range: overflow") from None
    if math.isinf(result):
        raise PgError("22003", "value out of range: overflow")
    if result == 0.0 and a != 0.0:
        raise PgError("22003", "value out of range: underflow")
    return result


def _float_sqrt(value: float) -> float:
    if value < 0:
        raise PgError("2201F", "cannot take square root of a negative number")
    return math.sqrt(value)


ANYNONARRAY = 2776


def _text_concat_any(left: int, right: int) -> Operator | None:
    """textanycat/anytextcat: text || x and x || text for any non-array, non-unknown x.
    An unknown literal on the text side is text ('abc' || 1), as PostgreSQL's candidate
    rules decide once no operator takes the other side's type on both sides."""
    def text_of(type_oid):
        # PostgreSQL's textanycat is `$1 || $2::text`: the explicit cast to text
        # (bool gives 'true'), which for most types is the output function.
        if type_oid == registry.BPCHAR:
            return character.bpchar_trimmed
        cast = casts.find_cast(type_oid, registry.TEXT, "explicit")
        return cast if cast is not None else registry.get_type(type_oid).output
    # Types that become text implicitly on the text side (bpchar trimmed, name, unknown).
    textual = (registry.TEXT, registry.VARCHAR, registry.BPCHAR, registry.NAME, UNKNOWN)
    if left in textual and right != UNKNOWN and \
            registry.get_type(right).category not in ("A", "S"):
        out = text_of(right)
        return Operator(2779, "||", registry.TEXT, right, registry.TEXT, lambda a, b: a + out(b))
    if right in textual and left != UNKNOWN and \
            registry.get_type(left).category not in ("A", "S"):
        out = text_of(left)
        return Operator(2780, "||", left, registry.TEXT, registry.TEXT, lambda a, b: out(a) + b)
    return None


def _describe(name: str, left: int | None, right: int) -> str:
    right_name = registry.format_type(right)
    if left is None:
        return f"{name} {right_name}"
    return f"{registry.format_type(left)} {name} {right_name}"


# User-defined operators (CREATE OPERATOR's pg_operator rows) come from a higher layer
# (pl/user_operators.py), which installs candidates(name, left, right) -> [Operator]:
# the visible operators of that name and kind (prefix or binary), a shell one with
# fn None.
_user_candidates: Callable[..., list] = lambda name, left, right, schema=None: []


def set_user_operator_lookup(candidates: Callable[..., list]) -> None:
    global _user_candidates
    _user_candidates = candidates


def resolve_operator(name: str, left: int | None, right: int,
                     schema: str | None = None) -> Operator:
    """`schema`: OPERATOR(schema.name) was written; only that schema's operators match."""
    if schema is not None and schema != "pg_catalog":
        return _resolve_in_schema(name, left, right, schema)
    op = _EXACT.get((name, left, right))
    if op is not None:
        return op
    user = _user_candidates(name, left, right)
    if user:
        return _resolve_with_user_operators(name, left, right, user)
    return _resolve_builtin(name, left, right)


def _resolve_with_user_operators(name: str, left: int | None, right: int,
                                 user: list) -> Operator:
    """pg_catalog's operators come first in the search path (an exact built-in match was
    taken already); then an exact user operator; then the best candidate of both."""
    for op in user:
        if op.left_type == left and op.right_type == right:
            if op.fn is None:
                raise PgError(UNDEFINED_FUNCTION,
                              f"operator is only a shell: {_describe(name, left, right)}")
            return op
    if left is not None and (left == UNKNOWN) != (right == UNKNOWN):
        # an unknown literal is taken as the other argument's type first (hstore || '...')
        known = right if left == UNKNOWN else left
        for op in user:
            if op.left_type == known and op.right_type == known and op.fn is not None:
                return op
    chosen = _resolve_builtin(name, left, right, user)
    if chosen.fn is None:
        raise PgError(UNDEFINED_FUNCTION, "operator is only a shell: "
                      f"{_describe(name, chosen.left_type, chosen.right_type)}")
    return chosen


def _resolve_in_schema(name: str, left: int | None, right: int, schema: str) -> Operator:
    user = _user_candidates(name, left, right, schema)
    chosen = next((op for op in user if op.left_type == left and op.right_type == right), None)
    if chosen is None:
        chosen = select_candidate(user, [right] if left is None else [left, right])
    shown = _describe(f"{schema}.{name}", left, right)
    if isinstance(chosen, AmbiguousCandidates):
        raise PgError(AMBIGUOUS_FUNCTION, f"operator is not unique: {shown}",
                      hint="Could not choose a best candidate operator. "
                           "You might need to add explicit type casts.")
    if chosen is None:
        raise PgError(UNDEFINED_FUNCTION, f"operator does not exist: {shown}",
                      hint=_NO_MATCH_HINT if left is not None else _NO_MATCH_HINT_PREFIX)
    if chosen.fn is None:
        raise PgError(UNDEFINED_FUNCTION, "operator is only a shell: "
                      f"{_describe(f'{schema}.{name}', chosen.left_type, chosen.right_type)}")
    return chosen


# Built-in operators chosen by the candidate rules (func_select_candidate, the costly
# part of resolving `numeric + int4`) for built-in argument types, by (name, left,
# right): PostgreSQL's OprCacheHash. Implicit casts between built-in types can change
# only by catalog DDL (CREATE CAST), so it is emptied when pg_cast or pg_type changes
# (clear_resolution_cache, installed by pl/user_operators.py).
_chosen_builtin: dict[tuple, Operator] = {}


def clear_resolution_cache() -> None:
    _chosen_builtin.clear()


def _resolve_builtin(name: str, left: int | None, right: int,
                     extra: list | None = None) -> Operator:
    op = _EXACT.get((name, left, right)) if not extra else None
    if op is not None:
        return op
    first = user_type_facts.FIRST_CATALOG_TYPE_OID
    if (left or 0) >= first or right >= first:
        # A domain's operators are its base type's (PostgreSQL resolves with getBaseType).
        based_left = None if left is None else user_type_facts.base_type(left)
        based_right = user_type_facts.base_type(right)
        if (based_left, based_right) != (left, right):
            try:
                return resolve_operator(name, based_left, based_right)
            except PgError as err:
                if err.sqlstate != UNDEFINED_FUNCTION:
                    raise
                raise PgError(UNDEFINED_FUNCTION,
                              f"operator does not exist: {_describe(name, left, right)}",
                              hint=err.hint) from None
    if left is not None:
        if left == UNKNOWN and right != UNKNOWN:
            op = _EXACT.get((name, right, right))
        elif right == UNKNOWN and left != UNKNOWN:
            op = _EXACT.get((name, left, left))
        if op is not None:
            return op
    if left is not None:
        for resolver in _RESOLVERS.get(name, ()):
            op = resolver(left, right)
            if op is not None:
                return op
    if name == "||" and left is not None:
        op = _text_concat_any(left, right)
        if op is not None:
            return op
    cacheable = not extra and (left or 0) < first and right < first
    chosen = _chosen_builtin.get((name, left, right)) if cacheable else None
    if chosen is not None:
        return chosen
    candidates = [c for c in _BY_NAME.get(name, ())
                  if (c.left_type is None) == (left is None) and c.fn is not None] + \
        list(extra or ())
    arg_types = [right] if left is None else [left, right]
    chosen = select_candidate(candidates, arg_types)
    if cacheable and isinstance(chosen, Operator):
        _chosen_builtin[(name, left, right)] = chosen
    if isinstance(chosen, AmbiguousCandidates):
        raise PgError(AMBIGUOUS_FUNCTION, f"operator is not unique: {_describe(name, left, right)}",
                      hint="Could not choose a best candidate operator. "
                           "You might need to add explicit type casts.")
    if chosen is None:
        raise PgError(UNDEFINED_FUNCTION, f"operator does not exist: {_describe(name, left, right)}",
                      hint=_NO_MATCH_HINT if left is not None else _NO_MATCH_HINT_PREFIX)
    return chosen


_NO_MATCH_HINT = ("No operator matches the given name and argument types. "
                  "You might need to add explicit type casts.")
_NO_MATCH_HINT_PREFIX = ("No operator matches the given name and argument type. "
                         "You might need to add an explicit type cast.")


_build()

from pgsnake.datatypes import json_functions  # noqa: E402  (json/jsonb operators)
json_functions.install_operators(register)
array_functions.install_operators(register_resolver, Operator)
from pgsnake.datatypes import regex_functions  # noqa: E402  (~ ~* !~ !~*)
regex_functions.install_operators(register)
from pgsnake.datatypes import ts_functions  # noqa: E402  (tsvector / tsquery operators)
ts_functions.install_operators(register)

__all__ = ["Operator", "resolve_operator", "common_type", "register", "set_user_operator_lookup",
           "operators_by_oid"]
