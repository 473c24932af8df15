"""The types' binary output functions as SQL functions: float4send(real) -> bytea,
int4send(integer), textsend(text), ... (each pg_type row's typsend, called by name).

Each function is the type's own `send` (datatypes' TypeInfo), so the bytes are the binary
wire format clients receive. Registered for every built-in type whose typsend names a
one-argument function of that type and whose TypeInfo pgsnake has; the receive functions
take `internal` and cannot be called from SQL.

PostgreSQL: the *send functions of utils/adt (float4send, int4send, textsend, ...).
"""
from __future__ import annotations

from pgsnake.catalog.generated import pg_proc_rows, pg_type_rows
from pgsnake.datatypes import functions, registry
from pgsnake.utils.errors import PgError

BYTEA = 17


def _register() -> None:
    procs = {row[0]: dict(zip(pg_proc_rows.COLUMNS, row)) for row in pg_proc_rows.ROWS}
    send_column = pg_type_rows.COLUMNS.index("typsend")
    for row in pg_type_rows.ROWS:
        type_oid, send_oid = row[0], row[send_column]
        proc = procs.get(send_oid)
        if proc is None or list(proc["proargtypes"] or ()) != [type_oid]:
            continue
        if functions.function_by_oid(send_oid) is not None:
            continue
        try:
            info = registry.get_type(type_oid)
        except PgError:
            continue
        functions.register(proc["proname"], [type_oid], BYTEA,
                           lambda value, _info=info: bytes(_info.send(value)),
                           oid=send_oid, volatility=proc["provolatile"])


def _array_send(arg_types):
    """array_send(anyarray): the array type's own binary output."""
    if len(arg_types) != 1:
        return None
    try:
        info = registry.get_type(arg_types[0])
    except PgError:
        return None
    if not info.element_oid:
        return None
    return functions.Function(2401, "array_send", (arg_types[0],), BYTEA,
                              lambda value: bytes(info.send(value)), volatility="s")


_register()
functions.register_resolver("array_send", _array_send)
