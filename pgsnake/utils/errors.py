"""Errors as PostgreSQL reports them: a SQLSTATE, a severity, and the message fields.

Every error the server reports to a client is a `PgError`. Code below tcop raises it
(or a subclass); `tcop/backend_main.py` is the one place that turns it into an
ErrorResponse and runs the transaction-abort path.

Severity says who must act:
    ERROR  abort the current transaction; the session goes on
    FATAL  end this backend (the postmaster carries on)
    PANIC  the shared state may be corrupt: the postmaster crash-restarts the cluster

File access errors: `errcode_for_file_access(err)` maps an errno to the SQLSTATE PostgreSQL
reports for it, and `file_access_error(err, message)` builds the PgError with PostgreSQL's
"<message>: <strerror>" text (its `%m`). Every place that turns an OSError from a durable
file into a client-visible error uses them, so ENOSPC is 53100 and EIO 58030 everywhere.

PostgreSQL: utils/error/elog.c (ereport, errcode, errmsg, errdetail, errhint, errposition,
errcode_for_file_access).
"""
from __future__ import annotations

import errno as _errno


class PgError(Exception):
    """An error with a SQLSTATE, reported to the client as ErrorResponse fields."""

    def __init__(
        self,
        sqlstate: str,
        message: str,
        *,
        severity: str = "ERROR",
        detail: str | None = None,
        hint: str | None = None,
        position: int | None = None,
        schema: str | None = None,
        table: str | None = None,
        column: str | None = None,
        datatype: str | None = None,
        constraint: str | None = None,
        context: str | None = None,
    ) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message
        self.severity = severity
        self.detail = detail
        self.hint = hint
        self.position = position          # 1-based character offset into the query text
        self.schema = schema
        self.table = table
        self.column = column
        self.datatype = datatype
        self.constraint = constraint
        self.context = context            # where it happened ("while updating tuple ...")

    def __str__(self) -> str:
        return f"{self.severity}:  {self.message} (SQLSTATE {self.sqlstate})"

    def fields(self) -> dict[str, str]:
        """The ErrorResponse fields, keyed by PostgreSQL's one-letter field codes."""
        out = {
            "S": self.severity,
            "V": self.severity,
            "C": self.sqlstate,
            "M": self.message,
        }
        for code, value in (
            ("D", self.detail), ("H", self.hint), ("s", self.schema), ("t", self.table),
            ("c", self.column), ("d", self.datatype), ("n", self.constraint),
            ("W", self.context),
        ):
            if value is not None:
                out[code] = value
        if self.position is not None:
            out["P"] = str(self.position)
        return out


class FatalError(PgError):
    """Ends the backend after the ErrorResponse is sent."""

    def __init__(self, sqlstate: str, message: str, **kw) -> None:
        super().__init__(sqlstate, message, severity="FATAL", **kw)


class PanicError(PgError):
    """Shared state may be inconsistent: the backend exits abnormally and the
    postmaster crash-restarts every process (design.md §1)."""

    def __init__(self, sqlstate: str, message: str, **kw) -> None:
        super().__init__(sqlstate, message, severity="PANIC", **kw)


# Common conditions, named as in PostgreSQL's errcodes.txt. Use them as
#     raise PgError(UNDEFINED_TABLE, f'relation "{name}" does not exist')
SUCCESSFUL_COMPLETION = "00000"
WARNING = "01000"
FEATURE_NOT_SUPPORTED = "0A000"
PROTOCOL_VIOLATION = "08P01"
CONNECTION_EXCEPTION = "08000"
CARDINALITY_VIOLATION = "21000"
DATA_EXCEPTION = "22000"
STRING_DATA_RIGHT_TRUNCATION = "22001"
NUMERIC_VALUE_OUT_OF_RANGE = "22003"
NULL_VALUE_NOT_ALLOWED = "22004"
INVALID_DATETIME_FORMAT = "22007"
DATETIME_FIELD_OVERFLOW = "22008"
DIVISION_BY_ZERO = "22012"
INVALID_PARAMETER_VALUE = "22023"
ARRAY_SUBSCRIPT_ERROR = "2202E"
DEPENDENT_OBJECTS_STILL_EXIST = "2BP01"
INVALID_TEXT_REPRESENTATION = "22P02"
INVALID_BINARY_REPRESENTATION = "22P03"
CHARACTER_NOT_IN_REPERTOIRE = "22021"
NOT_NULL_VIOLATION = "23502"
FOREIGN_KEY_VIOLATION = "23503"
UNIQUE_VIOLATION = "23505"
CHECK_VIOLATION = "23514"
INVALID_CURSOR_STATE = "24000"
INVALID_TRANSACTION_STATE = "25000"
ACTIVE_SQL_TRANSACTION = "25001"
NO_ACTIVE_SQL_TRANSACTION = "25P01"
IN_FAILED_SQL_TRANSACTION = "25P02"
INVALID_AUTHORIZATION_SPECIFICATION = "28000"
INVALID_PASSWORD = "28P01"
INVALID_CURSOR_NAME = "34000"
TRANSACTION_ROLLBACK = "40000"
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
SYNTAX_ERROR = "42601"
INSUFFICIENT_PRIVILEGE = "42501"
UNDEFINED_COLUMN = "42703"
GENERATED_ALWAYS = "428C9"
UNDEFINED_FUNCTION = "42883"
UNDEFINED_TABLE = "42P01"
UNDEFINED_PARAMETER = "42P02"
UNDEFINED_OBJECT = "42704"
DUPLICATE_COLUMN = "42701"
DUPLICATE_TABLE = "42P07"
DUPLICATE_OBJECT = "42710"
DUPLICATE_DATABASE = "42P04"
AMBIGUOUS_COLUMN = "42702"
AMBIGUOUS_FUNCTION = "42725"
DATATYPE_MISMATCH = "42804"
GROUPING_ERROR = "42803"
INVALID_COLUMN_REFERENCE = "42P10"
UNDEFINED_DATABASE = "3D000"
INVALID_SCHEMA_NAME = "3F000"
WRONG_OBJECT_TYPE = "42809"
INVALID_TABLE_DEFINITION = "42P16"
INVALID_OBJECT_DEFINITION = "42P17"
CANNOT_COERCE = "42846"
DUPLICATE_PREPARED_STATEMENT = "42P05"
UNDEFINED_PREPARED_STATEMENT = "26000"
PROGRAM_LIMIT_EXCEEDED = "54000"
OUT_OF_MEMORY = "53200"
QUERY_CANCELED = "57014"
LOCK_NOT_AVAILABLE = "55P03"
OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
IDLE_IN_TRANSACTION_SESSION_TIMEOUT = "25P03"
ADMIN_SHUTDOWN = "57P01"
CRASH_SHUTDOWN = "57P02"
CANNOT_CONNECT_NOW = "57P03"
TOO_MANY_CONNECTIONS = "53300"
OBJECT_IN_USE = "55006"
LOCK_NOT_AVAILABLE = "55P03"
INTERNAL_ERROR = "XX000"
DATA_CORRUPTED = "XX001"
DISK_FULL = "53100"
INSUFFICIENT_RESOURCES = "53000"
IO_ERROR = "58030"
UNDEFINED_FILE = "58P01"
DUPLICATE_FILE = "58P02"
UNDEFINED_OBJECT_NAME = UNDEFINED_OBJECT
INVALID_NAME = "42602"
NAME_TOO_LONG = "42622"


# errcode_for_file_access(): errno -> SQLSTATE, PostgreSQL 15's table; anything else XX000.
_FILE_ACCESS_SQLSTATES = {
    _errno.EPERM: INSUFFICIENT_PRIVILEGE, _errno.EACCES: INSUFFICIENT_PRIVILEGE,
    _errno.EROFS: INSUFFICIENT_PRIVILEGE,
    _errno.ENOENT: UNDEFINED_FILE,
    _errno.EEXIST: DUPLICATE_FILE,
    _errno.ENOTDIR: WRONG_OBJECT_TYPE, _errno.EISDIR: WRONG_OBJECT_TYPE,
    _errno.ENOTEMPTY: WRONG_OBJECT_TYPE,
    _errno.ENOSPC: DISK_FULL,
    _errno.ENFILE: INSUFFICIENT_RESOURCES, _errno.EMFILE: INSUFFICIENT_RESOURCES,
    _errno.EIO: IO_ERROR,
}


def errcode_for_file_access(err: OSError | int | None) -> str:
    """The SQLSTATE PostgreSQL reports for a failed file operation (an OSError or an
    errno): 53100 for ENOSPC, 58030 for EIO, 58P01 for ENOENT, 42501 for EACCES, ..."""
    number = err.errno if isinstance(err, OSError) else err
    return _FILE_ACCESS_SQLSTATES.get(number or 0, INTERNAL_ERROR)


def strerror(err: OSError) -> str:
    """PostgreSQL's %m for an OSError: the C library's text for its errno."""
    if err.strerror:
        return err.strerror
    import os
    return os.strerror(err.errno) if err.errno else str(err)


def file_access_error(err: OSError, message: str, *, severity: str = "ERROR",
                      detail: str | None = None, hint: str | None = None) -> PgError:
    """`message: <strerror>` with the SQLSTATE errcode_for_file_access() gives, e.g.
    file_access_error(e, 'could not extend file "base/5/16384"', hint="Check free disk
    space.") -> 53100 'could not extend file "base/5/16384": No space left on device'.
    PANIC severity gives a PanicError, FATAL a FatalError."""
    cls = {"PANIC": PanicError, "FATAL": FatalError}.get(severity)
    text = f"{message}: {strerror(err)}"
    if cls is not None:
        return cls(errcode_for_file_access(err), text, detail=detail, hint=hint)
    return PgError(errcode_for_file_access(err), text, severity=severity, detail=detail,
                   hint=hint)
