"""The types' I/O functions as SQL functions, each pg_type row's typinput, typoutput,
typsend, typmodin and typmodout called by name: int4in(cstring) -> integer,
numeric_in(cstring, oid, integer), int4out(integer) -> cstring, float4send(real) ->
bytea, numerictypmodin(cstring[]) -> integer, varchartypmodout(integer) -> cstring.

Each function is the type's own routine (datatypes' TypeInfo `input` / `output` /
`send`, datatypes/typmod_io.py), so the text and bytes are those clients see. An input
function's typmod argument is applied as the column of that typmod would apply it
(numeric_in('1.234', 0, 393222) is 1.23, varcharin reports a value too long). Registered
for every built-in type whose TypeInfo pgsnake has; the polymorphic ones (array_out,
array_send, enum_in, ...) are bound per call where done (array_send, array_out). The
receive functions take `internal` and cannot be called from SQL.

PostgreSQL: the *in / *out / *send / *typmodin / *typmodout functions of utils/adt.
"""
from __future__ import annotations

from pgsnake.catalog.generated import pg_proc_rows, pg_type_rows
from pgsnake.datatypes import functions, registry, typmod_io
from pgsnake.utils.errors import PgError

BYTEA, INT4, OID, CSTRING, CSTRING_ARRAY = 17, 23, 26, 2275, 1263


def _input_function(info):
    def type_input(text, _element=None, typmod=-1):
        value = info.input(text, typmod)
        return registry.apply_typmod(info.oid, value, typmod) if typmod >= 0 else value
    return type_input


def _output_function(info):
    return lambda value: info.output(value)


def _send_function(info):
    return lambda value: bytes(info.send(value))


def _register() -> None:
    procs = {row[0]: dict(zip(pg_proc_rows.COLUMNS, row)) for row in pg_proc_rows.ROWS}
    column = {name: pg_type_rows.COLUMNS.index(name)
              for name in ("typinput", "typoutput", "typsend")}
    for row in pg_type_rows.ROWS:
        type_oid = row[0]
        try:
            info = registry.get_type(type_oid)
        except PgError:
            continue
        shapes = (("typinput", ([CSTRING], [CSTRING, OID, INT4]), type_oid, _input_function),
                  ("typoutput", ([type_oid],), CSTRING, _output_function),
                  ("typsend", ([type_oid],), BYTEA, _send_function))
        for role, arguments, result, make in shapes:
            proc = procs.get(row[column[role]])
            if proc is None or list(proc["proargtypes"] or ()) not in arguments or \
                    proc["prorettype"] != result or \
                    functions.function_by_oid(proc["oid"]) is not None:
                continue
            functions.register(proc["proname"], proc["proargtypes"], result, make(info),
                               oid=proc["oid"], volatility=proc["provolatile"])
    by_name = {proc["proname"]: proc for proc in procs.values()}
    for type_oid, names in typmod_io.TYPMOD_TYPES.items():
        typmod_in, typmod_out = (by_name[name] for name in names)
        functions.register(typmod_in["proname"], [CSTRING_ARRAY], INT4,
                           lambda items, _oid=type_oid: typmod_io.typmod_input(_oid, items),
                           oid=typmod_in["oid"], volatility="i")
        functions.register(typmod_out["proname"], [INT4], CSTRING,
                           lambda typmod, _oid=type_oid: typmod_io.typmod_output(_oid, typmod),
                           oid=typmod_out["oid"], volatility="i")


def _array_function(oid: int, name: str, result: int, make):
    """array_send(anyarray) / array_out(anyarray): the array type's own routine."""
    def resolve(arg_types):
        if len(arg_types) != 1:
            return None
        try:
            info = registry.get_type(arg_types[0])
        except PgError:
            return None
        if not info.element_oid:
            return None
        return functions.Function(oid, name, (arg_types[0],), result, make(info),
                                  volatility="s")
    return resolve


_register()
functions.register_resolver("array_send", _array_function(2401, "array_send", BYTEA,
                                                          _send_function))
functions.register_resolver("array_out", _array_function(751, "array_out", CSTRING,
                                                         _output_function))
