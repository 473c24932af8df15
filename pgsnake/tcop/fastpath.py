"""The FunctionCall message ('F', the "fast-path" interface libpq's PQfn uses): a
function called by OID with arguments in text or binary form, answered by one
FunctionCallResponse ('V') and then ReadyForQuery.

The call runs in a transaction command of its own (committed after it unless inside a
transaction block), as PostgreSQL does; an error aborts it and is reported as any
statement's, followed by ReadyForQuery (no skipping to Sync: 'F' is not an extended-query
message). The message body is read in PostgreSQL's order, so its errors come in the same
order: the failed-transaction check, the function lookup (42883 "function with OID N
does not exist"; 0A000 for a procedure, an aggregate, a window or set-returning
function), USAGE on its schema and EXECUTE on it, the argument count (08P01), the
argument formats and each argument's conversion (text input / binary receive, 22P03 for
bytes left over), the result format, the end of the message; a strict function with a
NULL argument is not called (NULL result).

Entry point: exec_function_call(session, msg) (backend_main's message loop).

PostgreSQL: tcop/fastpath.c (HandleFunctionRequest, fetch_fp_info,
parse_fcall_arguments, SendFunctionResult), tcop/postgres.c (the 'F' case).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.datatypes import functions, registry
from pgsnake.protocol import messages as m
from pgsnake.storage.ipc import backend_status
from pgsnake.tcop import extended_query, statement_log
from pgsnake.utils import errors, interrupts, process_state
from pgsnake.utils.errors import PgError

FUNC_MAX_ARGS = 100


def exec_function_call(session, msg: m.FunctionCall) -> None:
    session.set_activity("<FASTPATH>")
    backend_status.report_activity("fastpath function call")
    session.start_transaction()
    reader = m.MessageReader(msg.body)
    function_oid = reader.uint32()
    if xact.is_aborted_block():
        raise PgError(errors.IN_FAILED_SQL_TRANSACTION, "current transaction is aborted, "
                      "commands ignored until end of transaction block")
    xact.get_transaction_snapshot()           # for the function and the type I/O
    row = _function_row(function_oid)
    function = _implementation(row, function_oid)
    statement_log.log_fastpath_call(row.proname, function_oid)
    from pgsnake.catalog import object_permissions
    object_permissions.check_namespace_usage(row.pronamespace)
    object_permissions.check_function_execute(function_oid)
    arg_types = tuple(row.proargtypes or ())
    args = _read_arguments(reader, arg_types)
    result_format = reader.int16()
    reader.end()
    callit = not (row.proisstrict and any(a is None for a in args))
    value = function.fn(*args) if callit else None
    interrupts.check_for_interrupts()
    session.conn.send(m.function_call_response(
        _result_bytes(value, row.prorettype, result_format)))
    session.send_pending_notices()
    session.finish_transaction()
    process_state.debug_query_string = ""


def _function_row(function_oid: int):
    from pgsnake.catalog.lookup_functions import proc_row
    row = proc_row(function_oid)
    if row is None:
        raise PgError(errors.UNDEFINED_FUNCTION,
                      f"function with OID {function_oid} does not exist")
    if row.prokind != "f" or row.proretset:
        raise PgError(errors.FEATURE_NOT_SUPPORTED,
                      f'cannot call function "{row.proname}" via fastpath interface')
    return row


def _implementation(row, function_oid: int):
    """What runs the function (where PostgreSQL's fmgr_info looks it up)."""
    function = functions.function_by_oid(function_oid)
    if function is None or getattr(function, "returns_set", False) or \
            getattr(function, "variadic", False):
        from pgsnake.parser import unsupported_builtins
        raise unsupported_builtins.not_supported_function(row.proname,
                                                          list(row.proargtypes or ()))
    return function


def _read_arguments(reader, arg_types: tuple[int, ...]) -> list:
    formats = [reader.int16() for _ in range(reader.int16())]
    count = reader.int16()
    if count != len(arg_types) or count > FUNC_MAX_ARGS:
        raise PgError(errors.PROTOCOL_VIOLATION, f"function call message contains {count} "
                      f"arguments but function requires {len(arg_types)}")
    if len(formats) > 1 and len(formats) != count:
        raise PgError(errors.PROTOCOL_VIOLATION, f"function call message contains "
                      f"{len(formats)} argument formats but {count} arguments")
    args = []
    for i, type_oid in enumerate(arg_types):
        size = reader.int32()
        if size < -1:
            raise PgError(errors.PROTOCOL_VIOLATION,
                          f"invalid argument size {size} in function call message")
        data = None if size == -1 else reader.bytes(size)
        fmt = formats[i] if len(formats) > 1 else formats[0] if formats else 0
        args.append(extended_query.decode_parameter(data, type_oid, fmt, i + 1,
                                                    where="function argument"))
    return args


def _result_bytes(value, type_oid: int, result_format: int) -> bytes | None:
    if value is None:
        return None
    info = registry.get_type(type_oid)
    if result_format == 0:
        return info.output(value).encode("utf-8")
    if result_format == 1:
        return bytes(info.send(value))
    raise PgError(errors.INVALID_PARAMETER_VALUE, f"unsupported format code: {result_format}")
