"""Built-in functions whose behaviour PostgreSQL's catalog derives from what pgsnake
already runs, callable by name: int4pl(1, 2), float8eq(a, b), numeric_add(x, y),
date_pl_interval(d, i), texteq(s, t), byteacat(a, b), btint4cmp(a, b), int4larger(a, b),
name('abc'::text), oid(5::int8), dexp(1.0), ...

Each kind comes from one catalog relation (PostgreSQL 15's rows, generated/*_rows.py),
never a hand-written list:
- pg_operator.oprcode: the function implementing an operator runs the operator's own
  implementation (datatypes/operators.py), so results and errors (22003 "integer out of
  range", 22012, ...) are the operator's;
- pg_cast.castfunc: a cast's function runs the cast (datatypes/casts.py); a length
  coercion function (bpchar(bpchar, int4, bool), interval(interval, int4), ...) applies
  the type modifier as the cast to a typmod'ed type does;
- pg_amproc, btree support function 1 (btint4cmp, date_cmp_timestamp, ...): -1 / 0 / 1
  from the operator family's < and = operators; for the string types the byte
  difference PostgreSQL's memcmp / strcoll based comparisons return;
- pg_aggregate, max / min whose transition function is <type>larger / <type>smaller:
  the larger (smaller) argument by the aggregate's sort operator, the second on a tie;
- pg_proc.prosrc: a function sharing the C function, argument types and result type of
  one pgsnake runs (dexp and exp(float8), textlen and length(text), ...).
A function is registered only when nothing of that OID, name and argument types is
registered already, with the name, argument types, result type, strictness and
volatility of its pg_proc row.

Entry point: register_all() (from sql_functions.register_all, after the other built-in
functions; safe to call again); derived() lists what the catalog derives, registered_oids()
what register_all registered.

PostgreSQL: an operator, a cast, a btree comparison or an aggregate's step is only a name
for the pg_proc function fmgr calls either way (pg_operator.oprcode, pg_cast.castfunc,
pg_amproc.amproc, pg_aggregate.aggtransfn).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from pgsnake.catalog.generated import (pg_aggregate_rows, pg_amop_rows, pg_amproc_rows,
                                       pg_cast_rows, pg_operator_rows, pg_proc_rows)
from pgsnake.datatypes import casts, functions, operators, registry
from pgsnake.utils.errors import PgError

PG_CATALOG_NAMESPACE = 11
BTREE = 403
INT4, BOOL = 23, 16
_registered = False
_derived_oids: set[int] = set()


def _rows(module, columns: tuple[str, ...] | None = None) -> Iterator[dict]:
    """The rows as dicts of `columns` (all of them when None)."""
    names = columns or module.COLUMNS
    at = [module.COLUMNS.index(name) for name in names]
    for row in module.ROWS:
        yield {name: row[i] for name, i in zip(names, at)}


_PROC_COLUMNS = ("oid", "proname", "pronamespace", "prokind", "proargtypes", "prorettype",
                 "proisstrict", "provolatile", "proretset", "prosrc")


def _arg_types(proc: dict) -> tuple[int, ...]:
    return tuple(proc["proargtypes"] or ())


def _operator_functions(procs, ops) -> Iterator[tuple[dict, Callable]]:
    for row in _rows(pg_operator_rows):
        proc, op = procs.get(row["oprcode"]), ops.get(row["oid"])
        if proc is not None and op is not None and op.fn is not None and \
                _arg_types(proc) == op.arg_types:
            yield proc, op.fn


def _typmod_coercion(target: int) -> Callable:
    def coerce(value, typmod, explicit=False):
        return registry.apply_typmod(target, value, typmod, explicit)
    return coerce


def _cast_functions(procs, _ops) -> Iterator[tuple[dict, Callable]]:
    for row in _rows(pg_cast_rows):
        proc = procs.get(row["castfunc"])
        if proc is None:
            continue
        source, target, types = row["castsource"], row["casttarget"], _arg_types(proc)
        if types[:1] != (source,) or proc["prorettype"] != target:
            continue
        if source == target and types[1:] in ((INT4,), (INT4, BOOL)):
            yield proc, _typmod_coercion(target)
            continue
        if len(types) != 1:
            continue
        try:
            cast = casts.find_cast(source, target, "explicit")
        except PgError:             # a type pgsnake does not know
            continue
        if cast is not None:
            yield proc, lambda value, _cast=cast: _cast(value, -1)


_STRING_TYPES = {17: "bytea", 18: "char", 19: "text", 25: "text", 1042: "bpchar",
                 1043: "text"}


def _as_bytes(kind: str, value) -> bytes:
    if kind == "bytea":
        return bytes(value)
    if kind == "bpchar":
        value = value.rstrip(" ")
    return value.encode() if isinstance(value, str) else bytes(value)


def _byte_difference(a: bytes, b: bytes, terminated: bool) -> int:
    """memcmp's answer (the first differing bytes' difference, then -1 / 1 for the
    shorter one), or, `terminated`, strcmp's (the shorter string's NUL byte counts)."""
    for x, y in zip(a, b):
        if x != y:
            return x - y
    if len(a) == len(b):
        return 0
    if terminated:
        return a[len(b)] if len(a) > len(b) else -b[len(a)]
    return -1 if len(a) < len(b) else 1


def _string_comparison(left: int, right: int) -> Callable | None:
    """The comparison support of the string types answers what varstr_cmp (memcmp in the
    C collation, strcoll otherwise: strcmp's answer in C.UTF-8), byteacmp (memcmp) and
    btcharcmp (the bytes' difference) return, not just its sign."""
    kinds = (_STRING_TYPES.get(left), _STRING_TYPES.get(right))
    if None in kinds or ("bytea" in kinds) != (kinds[0] == kinds[1] == "bytea"):
        return None

    # name's collation is C, and a call mixing name and text takes it (the default
    # collation yields to an implicit non-default one): memcmp; two names compare by
    # strncmp (namecmp), whose NUL counts
    named = 19 in (left, right)
    names = left == right == 19

    def compare(a, b):
        terminated = kinds[0] == "char" or names or \
            (kinds[0] != "bytea" and not named and not _collate_is_c())
        return _byte_difference(_as_bytes(kinds[0], a), _as_bytes(kinds[1], b), terminated)
    return compare


def _collate_is_c() -> bool:
    from pgsnake.utils import locale_names, settings
    return locale_names.is_c(settings.get("lc_collate") or "C")


def _btree_comparisons(procs, ops) -> Iterator[tuple[dict, Callable]]:
    family_ops = {(r["amopfamily"], r["amoplefttype"], r["amoprighttype"],
                   r["amopstrategy"]): r["amopopr"]
                  for r in _rows(pg_amop_rows, ("amopfamily", "amoplefttype", "amoprighttype",
                                                "amopstrategy", "amopopr", "amopmethod"))
                  if r["amopmethod"] == BTREE}
    for row in _rows(pg_amproc_rows):
        proc = procs.get(row["amproc"])
        if row["amprocnum"] != 1 or proc is None or proc["prorettype"] != INT4:
            continue
        key = (row["amprocfamily"], row["amproclefttype"], row["amprocrighttype"])
        if _arg_types(proc) != key[1:]:
            continue
        strings = _string_comparison(*key[1:])
        if strings is not None:
            yield proc, strings
            continue
        less, equal = (ops.get(family_ops.get(key + (strategy,))) for strategy in (1, 3))
        if less is not None and equal is not None and less.fn and equal.fn:
            yield proc, lambda a, b, _lt=less.fn, _eq=equal.fn: -1 if _lt(a, b) else \
                (0 if _eq(a, b) else 1)


def _min_max_steps(procs, ops) -> Iterator[tuple[dict, Callable]]:
    for row in _rows(pg_aggregate_rows):
        proc, op = procs.get(row["aggtransfn"]), ops.get(row["aggsortop"])
        if proc is None or op is None or op.fn is None or \
                not proc["proname"].endswith(("larger", "smaller")) or \
                _arg_types(proc) != op.arg_types:
            continue
        yield proc, lambda a, b, _wins=op.fn: a if _wins(a, b) else b


def _same_source(procs, _ops) -> Iterator[tuple[dict, Callable]]:
    running: dict[tuple, Callable] = {}
    for proc in procs.values():
        function = functions.function_by_oid(proc["oid"])
        if function is not None and not function.variadic and not function.returns_set:
            running.setdefault((proc["prosrc"], _arg_types(proc), proc["prorettype"]),
                               function.fn)
    for proc in procs.values():
        fn = running.get((proc["prosrc"], _arg_types(proc), proc["prorettype"]))
        if fn is not None and not proc["proretset"]:
            yield proc, fn


_KINDS = (_operator_functions, _cast_functions, _btree_comparisons, _min_max_steps,
          _same_source)


def derived() -> Iterator[tuple[dict, Callable[..., Any]]]:
    """(pg_proc row, implementation) for every function the catalog derives from one
    pgsnake runs, registered or not."""
    procs = {p["oid"]: p for p in _rows(pg_proc_rows, _PROC_COLUMNS)
             if p["pronamespace"] == PG_CATALOG_NAMESPACE and p["prokind"] == "f"}
    ops = operators.operators_by_oid()
    for kind in _KINDS:
        yield from kind(procs, ops)


def register_all() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    for proc, fn in derived():
        name, arg_types = proc["proname"], _arg_types(proc)
        if functions.function_by_oid(proc["oid"]) is not None or \
                functions.registered(name, arg_types):
            continue
        functions.register(name, arg_types, proc["prorettype"], fn, oid=proc["oid"],
                           strict=proc["proisstrict"], volatility=proc["provolatile"])
        _derived_oids.add(proc["oid"])


def registered_oids() -> frozenset[int]:
    """The pg_proc OIDs register_all registered (what nothing else implements)."""
    return frozenset(_derived_oids)
