"""The range and multirange types in the type table: PostgreSQL's built-in ones
(int4range, int8range, numrange, tsrange, tstzrange, daterange and their multiranges,
from the generated pg_range and pg_type rows) at import, and their operators,
functions, constructors and aggregates (datatypes/range_functions.py) with the OIDs of
PostgreSQL's pg_operator / pg_proc rows.

Entry points: none; importing the module registers everything. kinds_key(...) builds
the OID map's keys.

PostgreSQL: catalog/pg_range.dat, catalog/pg_type.dat, utils/cache/typcache.c
(load_rangetype_info, load_multirangetype_info).
"""
from __future__ import annotations

from pgsnake.catalog.generated import (pg_operator_rows, pg_proc_rows, pg_range_rows,
                                       pg_type_rows)
from pgsnake.datatypes import (aggregates, arrays, functions, multiranges, operators,
                               range_functions, ranges, registry, type_coercion)
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import PgError

ANYRANGE, ANYMULTIRANGE, ANYELEMENT = 3831, 4537, 2283
_KIND = {ANYRANGE: "r", ANYMULTIRANGE: "m", ANYELEMENT: "e"}


def _rows(module) -> list[dict]:
    return [dict(zip(module.COLUMNS, row)) for row in module.ROWS]


def _oids() -> dict:
    """(name, argument kinds...) -> OID of PostgreSQL's anyrange / anymultirange
    operators and functions, and (constructor name, arity or 'variadic') -> OID."""
    oids: dict = {}
    for row in _rows(pg_operator_rows):
        left, right = row["oprleft"], row["oprright"]
        if ANYRANGE in (left, right) or ANYMULTIRANGE in (left, right):
            oids[(row["oprname"], _KIND.get(left, "?"), _KIND.get(right, "?"))] = row["oid"]
    for row in _rows(pg_proc_rows):
        args = list(row["proargtypes"] or ())
        if args and all(a in _KIND for a in args) and any(a != ANYELEMENT for a in args):
            oids.setdefault((row["proname"], *(_KIND[a] for a in args)), row["oid"])
    return oids


def _constructor_oids(range_name: str, multirange_name: str) -> dict:
    oids: dict = {}
    for row in _rows(pg_proc_rows):
        if row["proname"] == range_name:
            oids[(range_name, len(row["proargtypes"] or ()))] = row["oid"]
        elif row["proname"] == multirange_name:
            count = len(row["proargtypes"] or ())
            oids[(multirange_name, "variadic" if row["provariadic"] else count)] = row["oid"]
    return oids


def _register_builtin_ranges() -> None:
    types = {row["oid"]: row for row in _rows(pg_type_rows)}
    for row in _rows(pg_range_rows):
        range_row, multi_row = types[row["rngtypid"]], types[row["rngmultitypid"]]
        subtype = registry.get_type(row["rngsubtype"])
        info, kind = ranges.make_range_type(range_row["oid"], range_row["typname"],
                                            range_row["typname"], range_row["typarray"],
                                            subtype)
        multi = multiranges.make_multirange_type(multi_row["oid"], multi_row["typname"],
                                                 multi_row["typname"], multi_row["typarray"],
                                                 kind)
        for base, base_row in ((info, range_row), (multi, multi_row)):
            registry.register_type(base)
            type_coercion.add_builtin_type(base.oid, "R")
            array_row = types[base_row["typarray"]]
            array = TypeInfo(array_row["oid"], array_row["typname"], -1, False,
                             array_row["typalign"], "A", False, 0, base.oid,
                             base.sql_name + "[]")
            (array.input, array.output, array.send, array.receive, array.pack,
             array.unpack) = arrays.make_array_io(base)
            registry.register_type(array)
            type_coercion.add_builtin_type(array.oid, "A", base.oid)
        range_functions.register_range(info.oid, kind, multi.oid, builtin=True)
        range_functions.register_constructors(
            functions, range_row["typname"], info.oid, multi_row["typname"], multi.oid, kind,
            _constructor_oids(range_row["typname"], multi_row["typname"]))
    range_functions.install(operators, functions, aggregates, _oids())
    _register_operator_functions()


def _register_operator_functions() -> None:
    """The functions behind the range and multirange operators, called by name
    (range_adjacent(a, b), range_minus(a, b), range_overlaps_multirange(r, m), ...): the
    operator resolved for the argument types, its body as the function's."""
    names = {row["oid"]: row["proname"] for row in _rows(pg_proc_rows)}
    procs = {name: oid for oid, name in names.items()}
    by_code: dict = {}
    for row in _rows(pg_operator_rows):
        left, right = row["oprleft"], row["oprright"]
        if (ANYRANGE in (left, right) or ANYMULTIRANGE in (left, right)) and left:
            by_code.setdefault(names.get(row["oprcode"]), row["oprname"])
    by_code.pop(None, None)
    for code, name in by_code.items():
        def resolve(arg_types, code=code, name=name):
            if len(arg_types) != 2:
                return None
            try:
                operator = operators.resolve_operator(name, arg_types[0], arg_types[1])
            except PgError:
                return None
            if operator is None or operator.oid not in _OPERATORS_BY_CODE.get(code, ()):
                return None
            return functions.Function(procs.get(code, 0), code,
                                      (operator.left_type, operator.right_type),
                                      operator.result_type, operator.fn, volatility="i")
        functions.register_resolver(code, resolve)


_PROC_NAMES = {_row["oid"]: _row["proname"] for _row in _rows(pg_proc_rows)}
_OPERATORS_BY_CODE: dict = {}       # the C function's name -> its operators' OIDs
for _row in _rows(pg_operator_rows):
    _OPERATORS_BY_CODE.setdefault(_PROC_NAMES.get(_row["oprcode"]), set()).add(_row["oid"])


_register_builtin_ranges()
