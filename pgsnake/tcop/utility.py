"""Statements the traffic cop runs itself: transaction control and SET / RESET / SHOW.

They never reach the planner: BEGIN/COMMIT/ROLLBACK, SAVEPOINT/RELEASE/ROLLBACK TO and
PREPARE TRANSACTION drive the transaction-block state machine in access/transam/xact.py;
COMMIT PREPARED / ROLLBACK PREPARED finish a prepared transaction
(access/transam/twophase.py); SET/SHOW read and write this backend's settings.
Each is wrapped in a `TcopStatement`, which looks like the executor's PreparedStatement
(param_types, columns, command_kind, execute()), so the simple and extended query paths
treat every statement the same way.

PostgreSQL: tcop/utility.c (standard_ProcessUtility: TransactionStmt, VariableSetStmt,
VariableShowStmt; RequireTransactionBlock for savepoints, PreventInTransactionBlock for
COMMIT/ROLLBACK PREPARED), utils/misc/guc_funcs.c (ExecSetVariableStmt, GetPGVariable).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pgsnake.utils import errors, settings
from pgsnake.utils.errors import PgError

TEXT_OID = 25

# Settings whose canonical spelling is not lower case: SHOW and ParameterStatus use it.
CANONICAL_NAMES = {"datestyle": "DateStyle", "intervalstyle": "IntervalStyle", "timezone": "TimeZone"}


def canonical_name(name: str) -> str:
    return CANONICAL_NAMES.get(name.lower(), name.lower())


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    name: str
    type_oid: int = TEXT_OID
    typmod: int = -1
    table_oid: int = 0
    attnum: int = 0
    typlen: int = -1


@dataclasses.dataclass(slots=True)
class Result:
    columns: list[Column] | None
    rows: list[list[Any]]
    command_tag: str


@dataclasses.dataclass(slots=True)
class TcopStatement:
    """A transaction-control or settings statement, shaped like a PreparedStatement."""
    command_kind: str
    run: Callable[[], Result]
    columns: list[Column] | None = None
    param_types: list[int] = dataclasses.field(default_factory=list)
    is_transaction_control: bool = False
    is_rollback: bool = False          # allowed inside an aborted transaction block
    is_utility: bool = True
    raw: Any = None                    # the RawStatement, set by the extended protocol's Parse

    def execute(self, params: list | None = None) -> Result:
        return self.run()


TCOP_NODE_TYPES = ("TransactionStmt", "VariableSetStmt", "VariableShowStmt")


def is_tcop_statement(node: dict) -> bool:
    return next(iter(node)) in TCOP_NODE_TYPES


def make_statement(node: dict, session) -> TcopStatement:
    kind = next(iter(node))
    body = node[kind]
    if kind == "TransactionStmt":
        return _transaction_statement(body, session)
    if kind == "VariableSetStmt":
        return TcopStatement("SET" if body.get("kind") != "VAR_RESET" and body.get("kind") != "VAR_RESET_ALL"
                             else "RESET", lambda: _run_set(body, session))
    name = body["name"]
    if name.lower() == "all":
        cols = [Column("name"), Column("setting"), Column("description")]
        return TcopStatement("SHOW", lambda: _run_show_all(), columns=cols)
    col = [Column(_show_column_name(name))]
    return TcopStatement("SHOW", lambda: _run_show(name), columns=col)


# ---- transaction control ----------------------------------------------------------------

def _transaction_statement(body: dict, session) -> TcopStatement:
    from pgsnake.access.transam import xact

    kind = body["kind"]
    options = body.get("options") or []

    def begin(tag: str) -> Callable[[], Result]:
        def run() -> Result:
            xact.begin_transaction_block()
            for opt in options:
                _apply_transaction_option(opt)
            return Result(None, [], tag)
        return run

    def commit() -> Result:
        committed = xact.end_transaction_block()
        return Result(None, [], "COMMIT" if committed else "ROLLBACK")

    def rollback() -> Result:
        xact.user_abort_transaction_block()
        return Result(None, [], "ROLLBACK")

    if kind == "TRANS_STMT_BEGIN":
        return TcopStatement("BEGIN", begin("BEGIN"), is_transaction_control=True)
    if kind == "TRANS_STMT_START":
        return TcopStatement("START TRANSACTION", begin("START TRANSACTION"), is_transaction_control=True)
    if kind == "TRANS_STMT_COMMIT":
        return TcopStatement("COMMIT", commit, is_transaction_control=True, is_rollback=True)
    if kind == "TRANS_STMT_ROLLBACK":
        return TcopStatement("ROLLBACK", rollback, is_transaction_control=True, is_rollback=True)

    if kind in ("TRANS_STMT_SAVEPOINT", "TRANS_STMT_RELEASE", "TRANS_STMT_ROLLBACK_TO"):
        return _savepoint_statement(kind, body.get("savepoint_name") or "")
    if kind in ("TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED",
                "TRANS_STMT_ROLLBACK_PREPARED"):
        return _two_phase_statement(kind, body.get("gid") or "")

    def unsupported() -> Result:
        raise PgError(errors.FEATURE_NOT_SUPPORTED, f"{kind} is not supported yet")
    return TcopStatement(kind, unsupported, is_transaction_control=True)


def _two_phase_statement(kind: str, gid: str) -> TcopStatement:
    """PREPARE TRANSACTION ends the block like COMMIT, and the transaction is prepared
    when the command ends (xact.py); in a failed block, or outside one, it reports
    ROLLBACK. COMMIT PREPARED / ROLLBACK PREPARED finish a prepared transaction
    (access/transam/twophase.py) and may not run inside a transaction block."""
    from pgsnake.access.transam import twophase, xact

    def prepare() -> Result:
        prepared = xact.prepare_transaction_block(gid)
        return Result(None, [], "PREPARE TRANSACTION" if prepared else "ROLLBACK")

    def finish(commit: bool, command: str) -> Callable[[], Result]:
        def run() -> Result:
            if xact.in_transaction_block():
                raise PgError(errors.ACTIVE_SQL_TRANSACTION,
                              f"{command} cannot run inside a transaction block")
            twophase.finish_prepared(gid, commit)
            return Result(None, [], command)
        return run

    if kind == "TRANS_STMT_PREPARE":
        return TcopStatement("PREPARE TRANSACTION", prepare, is_transaction_control=True,
                             is_rollback=True)
    if kind == "TRANS_STMT_COMMIT_PREPARED":
        return TcopStatement("COMMIT PREPARED", finish(True, "COMMIT PREPARED"),
                             is_transaction_control=True)
    return TcopStatement("ROLLBACK PREPARED", finish(False, "ROLLBACK PREPARED"),
                         is_transaction_control=True)


def _savepoint_statement(kind: str, name: str) -> TcopStatement:
    """SAVEPOINT / RELEASE / ROLLBACK TO: xact.py keeps the levels. After ROLLBACK TO of
    levels that changed catalogs, this backend's catalog caches may hold rows that are
    now dead, so they are dropped (tcop may call the catalog layer; xact may not)."""
    from pgsnake.access.transam import xact

    def savepoint() -> Result:
        xact.define_savepoint(name)
        return Result(None, [], "SAVEPOINT")

    def release() -> Result:
        xact.release_savepoint(name)
        return Result(None, [], "RELEASE")

    def rollback_to() -> Result:
        if xact.rollback_to_savepoint(name):
            from pgsnake.catalog import invalidation
            invalidation.reset_local_caches()
        return Result(None, [], "ROLLBACK")

    if kind == "TRANS_STMT_SAVEPOINT":
        return TcopStatement("SAVEPOINT", savepoint, is_transaction_control=True)
    if kind == "TRANS_STMT_RELEASE":
        return TcopStatement("RELEASE", release, is_transaction_control=True)
    return TcopStatement("ROLLBACK", rollback_to, is_transaction_control=True, is_rollback=True)


def _apply_transaction_option(opt: dict, *, session_default: bool = False) -> None:
    """One ISOLATION LEVEL / READ ONLY / DEFERRABLE item of BEGIN or SET TRANSACTION (the
    transaction's characteristics, xact.py), or with `session_default` of SET SESSION
    CHARACTERISTICS AS TRANSACTION (the default_transaction_* settings)."""
    from pgsnake.access.transam import xact
    elem = opt.get("DefElem", {})
    name = elem.get("defname")
    value = _const_text(elem.get("arg"))
    if value is None or name not in _CHARACTERISTICS:
        return
    if session_default:
        settings.set_value("default_" + name, value)
    else:
        _CHARACTERISTICS[name](xact, value)


def _truth(value: str) -> bool:
    return value.lower() in ("1", "on", "true", "yes", "t", "y")


_CHARACTERISTICS = {
    "transaction_isolation": lambda xact, v: xact.set_isolation_level(v),
    "transaction_read_only": lambda xact, v: xact.set_read_only(_truth(v)),
    "transaction_deferrable": lambda xact, v: xact.set_deferrable(_truth(v)),
}


def _set_transaction(args: list, session) -> None:
    """SET TRANSACTION ...: outside a transaction block it can affect only the implicit
    transaction it runs in, which PostgreSQL answers with a WARNING."""
    from pgsnake.access.transam import xact
    from pgsnake.utils import notices
    if not xact.in_transaction_block():
        notices.emit(errors.NO_ACTIVE_SQL_TRANSACTION,
                     "SET TRANSACTION can only be used in transaction blocks", severity="WARNING")
    for opt in args:
        _apply_transaction_option(opt)


# ---- SET / RESET ----------------------------------------------------------------------------

def _const_text(node: Any) -> str | None:
    """The text of a SET argument: a string, a number, or a bare identifier."""
    if node is None:
        return None
    if "A_Const" in node:
        const = node["A_Const"]
        if "sval" in const:
            return const["sval"].get("sval", "")
        if "ival" in const:
            return str(const["ival"].get("ival", 0))
        if "fval" in const:
            return const["fval"].get("fval", "0")
        if "boolval" in const:
            return "on" if const["boolval"].get("boolval") else "off"
        if const.get("isnull"):
            return None
    if "TypeCast" in node:
        return _const_text(node["TypeCast"].get("arg"))
    raise PgError(errors.SYNTAX_ERROR, "syntax error in SET value")


def _run_set(body: dict, session) -> Result:
    kind = body.get("kind")
    name = body.get("name", "")
    if kind == "VAR_RESET_ALL":
        settings.reset_session()
        session.report_changed_settings()
        return Result(None, [], "RESET")
    if kind == "VAR_SET_MULTI":
        if name == "TRANSACTION":
            _set_transaction(body.get("args") or [], session)
        elif name == "SESSION CHARACTERISTICS":
            for opt in body.get("args") or []:
                _apply_transaction_option(opt, session_default=True)
        else:
            raise PgError(errors.FEATURE_NOT_SUPPORTED, f"SET {name} is not supported yet")
        return Result(None, [], "SET")
    lname = name.lower()
    if lname in _CHARACTERISTICS:
        if kind == "VAR_SET_VALUE":
            _apply_transaction_option({"DefElem": {"defname": lname, "arg": body["args"][0]}})
        return Result(None, [], "SET")
    if not settings.is_defined(lname):
        if "." in lname:   # a custom placeholder variable, e.g. myapp.tenant
            settings.define(settings.Setting(lname, "string", "", settings.USERSET))
        else:
            raise PgError(errors.UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    if kind in ("VAR_RESET", "VAR_SET_DEFAULT"):
        _check_settable(lname)
        settings.reset_value(lname)
    elif kind == "VAR_SET_CURRENT":
        pass
    else:
        args = body.get("args") or []
        values = [_const_text(a) for a in args]
        if lname == "timezone" and values and values[0] and values[0].lower() == "local":
            values = ["UTC"]
        text = ", ".join(v for v in values if v is not None)
        if lname == "client_encoding":
            text = _normalise_encoding(text)
        settings.set_value(lname, text)
    session.report_changed_settings()
    return Result(None, [], "RESET" if kind == "VAR_RESET" else "SET")


def _check_settable(name: str) -> None:
    setting = settings.DEFINITIONS[name]
    if setting.context in (settings.INTERNAL, settings.POSTMASTER, settings.SIGHUP):
        settings.set_value(name, settings.get(name))   # raises the right 55P02 error


_ENCODING_ALIASES = {"utf8": "UTF8", "unicode": "UTF8", "sqlascii": "SQL_ASCII",
                     "latin1": "LATIN1", "iso88591": "LATIN1"}


def _normalise_encoding(text: str) -> str:
    # Encoding names compare with everything but letters and digits removed, as
    # PostgreSQL's clean_encoding_name does: 'UTF-8', utf8 and even "'utf-8'" (which
    # asyncpg sends) all name UTF8.
    cleaned = "".join(ch for ch in text.lower() if ch.isalnum())
    enc = _ENCODING_ALIASES.get(cleaned)
    if enc is None:
        raise PgError(errors.INVALID_PARAMETER_VALUE,
                      f'invalid value for parameter "client_encoding": "{text}"')
    if enc != "UTF8":
        raise PgError(errors.FEATURE_NOT_SUPPORTED,
                      f'conversion between {enc} and UTF8 is not supported')
    return enc


# ---- SHOW ------------------------------------------------------------------------------------

def _show_column_name(name: str) -> str:
    lname = name.lower()
    if lname in ("transaction isolation level", "transaction_isolation"):
        return "transaction_isolation"
    return canonical_name(lname) if settings.is_defined(lname) else lname


def _run_show(name: str) -> Result:
    lname = name.lower()
    if lname == "transaction isolation level":
        lname = "transaction_isolation"
    if not settings.is_defined(lname):
        raise PgError(errors.UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    return Result([Column(_show_column_name(name))], [[settings.show(lname)]], "SHOW")


def _run_show_all() -> Result:
    rows = [[canonical_name(s.name), settings.show(s.name), s.short_desc] for s in settings.all_settings()]
    return Result([Column("name"), Column("setting"), Column("description")], rows, "SHOW")
