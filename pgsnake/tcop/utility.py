"""Statements the traffic cop runs itself: transaction control, SET / RESET / SHOW and
ALTER SYSTEM.

They never reach the planner: BEGIN/COMMIT/ROLLBACK, SAVEPOINT/RELEASE/ROLLBACK TO
and PREPARE TRANSACTION drive the transaction-block state machine in
access/transam/xact.py; COMMIT PREPARED / ROLLBACK PREPARED finish a prepared transaction
(access/transam/twophase.py); SET/SHOW read and
write this backend's settings (utils/settings.py), and ALTER SYSTEM rewrites
postgresql.auto.conf under AutoFileLock. Each is wrapped in a `TcopStatement`, which looks
like the executor's PreparedStatement (param_types, columns, command_kind, execute()), so
the simple and extended query paths treat every statement the same way.

At import this module connects settings to transactions: the nest level SET records,
and xact callbacks that end SET LOCAL and undo the SETs of an aborted transaction or
savepoint (settings.py rule 3); it also registers current_setting / set_config /
pg_reload_conf.

PostgreSQL: tcop/utility.c (standard_ProcessUtility: TransactionStmt, VariableSetStmt,
VariableShowStmt, AlterSystemStmt; RequireTransactionBlock for savepoints),
utils/misc/guc_funcs.c (ExecSetVariableStmt, ExtractSetVariableArgs,
flatten_set_variable_args, GetPGVariable), utils/misc/guc.c (AlterSystemSetConfigFile).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pgsnake.utils import errors, notices, setting_arrays, setting_functions, settings
from pgsnake.utils.errors import PgError

TEXT_OID = 25

def canonical_name(name: str) -> str:
    """A setting's name as PostgreSQL spells it in SHOW and ParameterStatus (DateStyle,
    TimeZone, IntervalStyle; the rest lower case)."""
    setting = settings.DEFINITIONS.get(name.lower())
    return setting.display_name if setting is not None else name.lower()


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
    # A statement with $n parameters of its own (DECLARE ... CURSOR FOR SELECT ... $1):
    # run with the bound values instead of `run`.
    run_with_params: Callable[[list], Result] | None = None

    def execute(self, params: list | None = None) -> Result:
        if self.run_with_params is not None:
            return self.run_with_params(list(params or []))
        return self.run()


TCOP_NODE_TYPES = ("TransactionStmt", "VariableSetStmt", "VariableShowStmt", "AlterSystemStmt")


def is_tcop_statement(node: dict) -> bool:
    return next(iter(node)) in TCOP_NODE_TYPES


def make_statement(node: dict, session) -> TcopStatement:
    kind = next(iter(node))
    body = node[kind]
    if kind == "TransactionStmt":
        return _transaction_statement(body, session)
    if kind == "AlterSystemStmt":
        return _alter_system_statement(body)
    if kind == "VariableSetStmt":
        return TcopStatement(_set_tag(body), lambda: _run_set(body, session))
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

    chain = bool(body.get("chain"))           # COMMIT / ROLLBACK AND CHAIN

    def commit() -> Result:
        committed = xact.end_transaction_block(chain)
        return Result(None, [], "COMMIT" if committed else "ROLLBACK")

    def rollback() -> Result:
        xact.user_abort_transaction_block(chain)
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
            xact.prevent_in_transaction_block(command)
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


def _apply_transaction_option(opt: dict) -> None:
    """One ISOLATION LEVEL / READ ONLY / DEFERRABLE item of BEGIN or SET TRANSACTION, or
    a SET transaction_isolation etc.: the transaction's characteristics live in xact.py,
    which checks when they may change (25001) and shows them in the transaction_*
    settings."""
    from pgsnake.access.transam import xact
    elem = opt.get("DefElem", {})
    name = elem.get("defname")
    value = _const_text(elem.get("arg"))
    if value is not None and name in _CHARACTERISTICS:
        _CHARACTERISTICS[name](xact, value)


def _truth(value: str) -> bool:
    return settings.parse_value(settings.DEFINITIONS["transaction_read_only"], value)


_CHARACTERISTICS = {
    "transaction_isolation": lambda xact, v: xact.set_isolation_level(
        settings.parse_value(settings.DEFINITIONS["transaction_isolation"], v)),
    "transaction_read_only": lambda xact, v: xact.set_read_only(_truth(v)),
    "transaction_deferrable": lambda xact, v: xact.set_deferrable(_truth(v)),
}


# ---- SET / RESET ----------------------------------------------------------------------------

_const_text = setting_arrays.const_text
flatten_set_args = setting_arrays.flatten_set_args


def _set_tag(body: dict) -> str:
    return "RESET" if body.get("kind") in ("VAR_RESET", "VAR_RESET_ALL") else "SET"


def _report(session) -> None:
    """ParameterStatus now for a top-level SET; from inside a function (session None)
    the changes go out before ReadyForQuery (settings.report_pending)."""
    if session is not None:
        session.report_changed_settings()


def _run_set(body: dict, session) -> Result:
    """SET / RESET; session is None when a function runs it (through SPI)."""
    from pgsnake.access.transam import xact
    kind = body.get("kind")
    name = body.get("name", "")
    is_local = bool(body.get("is_local"))
    if kind == "VAR_RESET_ALL":
        settings.reset_session()
        _report(session)
        return Result(None, [], "RESET")
    if kind == "VAR_SET_MULTI":
        return _run_set_multi(name, body.get("args") or [], session)
    if is_local and xact.needs_transaction_block():
        notices.emit("25P01", "SET LOCAL can only be used in transaction blocks", severity="WARNING")
    if kind == "VAR_SET_VALUE" and name.lower() in _CHARACTERISTICS:
        _apply_transaction_option({"DefElem": {"defname": name.lower(),
                                               "arg": (body.get("args") or [None])[0]}})
        _report(session)
        return Result(None, [], "SET")
    if kind in ("VAR_RESET", "VAR_SET_DEFAULT"):
        settings.lookup(name, create_placeholder=True)
        settings.reset_value(name, is_local=is_local)
    elif kind == "VAR_SET_CURRENT":
        shown = settings.read_for_client(name)
        settings.set_value(name, shown[1], is_local=is_local)
    else:
        settings.set_value(name, flatten_set_args(name, body.get("args") or []), is_local=is_local)
    _report(session)
    return Result(None, [], "RESET" if kind == "VAR_RESET" else "SET")


def _run_set_multi(name: str, options: list[dict], session) -> Result:
    """SET TRANSACTION ... (this transaction only) and SET SESSION CHARACTERISTICS AS
    TRANSACTION ... (the default_transaction_* settings)."""
    from pgsnake.access.transam import xact
    if name == "TRANSACTION SNAPSHOT":
        from pgsnake.access.transam import snapshot_export
        if xact.needs_transaction_block():
            notices.emit("25P01", "SET TRANSACTION can only be used in transaction blocks",
                         severity="WARNING")
        snapshot_export.import_snapshot(_const_text(options[0]))
        return Result(None, [], "SET")
    if name == "TRANSACTION":
        if xact.needs_transaction_block():
            notices.emit("25P01", "SET TRANSACTION can only be used in transaction blocks",
                         severity="WARNING")
        for opt in options:
            _apply_transaction_option(opt)
    else:
        for opt in options:
            elem = opt.get("DefElem", {})
            setting = "default_" + elem.get("defname", "")
            settings.set_value(setting, _const_text(elem.get("arg")))
    _report(session)
    return Result(None, [], "SET")


def _normalise_encoding(text: str) -> str:
    """client_encoding's canonical name (kept for the startup-packet code)."""
    return settings.DEFINITIONS["client_encoding"].normalize(text)


# ---- SHOW ------------------------------------------------------------------------------------

def _show_column_name(name: str) -> str:
    lname = name.lower()
    if lname == "transaction isolation level":
        return "transaction_isolation"
    return canonical_name(lname) if settings.is_defined(lname) else name


def _run_show(name: str) -> Result:
    lname = name.lower()
    if lname == "transaction isolation level":
        lname = "transaction_isolation"
    column, value = settings.read_for_client(lname)
    return Result([Column(column)], [[value]], "SHOW")


def _run_show_all() -> Result:
    return Result([Column("name"), Column("setting"), Column("description")],
                  settings.show_all_rows(), "SHOW")


# ---- ALTER SYSTEM ----------------------------------------------------------------------------

def _alter_system_statement(body: dict) -> TcopStatement:
    def run() -> Result:
        from pgsnake.access.transam import xact
        from pgsnake.storage.lmgr import lwlock
        from pgsnake.utils import process_state
        xact.prevent_in_transaction_block("ALTER SYSTEM")
        stmt = body.get("setstmt", {})
        kind = stmt.get("kind")
        name = None if kind == "VAR_RESET_ALL" else stmt.get("name", "")
        value = None
        if kind == "VAR_SET_VALUE":
            value = flatten_set_args(name, stmt.get("args") or [])
        stored_name = settings.check_alter_system(name, value)
        lock = lwlock.named("AutoFileLock")
        lock.acquire(lwlock.EXCLUSIVE)
        try:
            settings.alter_system(process_state.data_directory, stored_name, value)
        finally:
            lock.release()
        return Result(None, [], "ALTER SYSTEM")
    return TcopStatement("ALTER SYSTEM", run)


# ---- settings and transactions ---------------------------------------------------------------

def _nest_level() -> int:
    """settings.py rule 3: 1 in a transaction, one more per savepoint, 0 outside."""
    from pgsnake.access.transam import xact
    if xact.transaction_state() == xact.TransState.DEFAULT:
        return 0
    return 1 + xact.subtransaction_depth()


def _on_transaction_end(event: str) -> None:
    if event in ("commit", "abort"):
        settings.at_transaction_end(event == "commit")


def _on_subtransaction_end(event: str, depth: int) -> None:
    settings.at_subtransaction_end(depth + 1, event == "release")


class FunctionTcopStatement:
    """A statement tcop runs itself (SET / RESET / SHOW, ALTER SYSTEM; the session's
    PREPARE, DEALLOCATE, DISCARD, CHECKPOINT, ... when `session` is given) run by a
    function through SPI (PL/pgSQL's statements, EXECUTE): prepared by the portal code
    (executor/portal_query.register_utility) and run as at top level, except that the
    checks of transaction blocks see a function running (xact.is_top_level) and
    ParameterStatus waits for the end of the query (session None for SET)."""

    def __init__(self, raw, param_types, session=None) -> None:
        from pgsnake.executor import portal_query
        if raw.kind in TCOP_NODE_TYPES:
            self._statement = make_statement(raw.node, None)
        else:
            from pgsnake.tcop import session_commands
            self._statement = session_commands.make_statement(raw, session, param_types)
        self.command_kind = self._statement.command_kind
        self.param_types = list(self._statement.param_types or param_types)
        self.columns = [portal_query.ResultColumn(c.name, c.type_oid, c.typmod)
                        for c in self._statement.columns] \
            if self._statement.columns is not None else None

    def execute(self, params):
        from pgsnake.executor import portal_query
        result = self._statement.execute(params)
        return portal_query.QueryResult(self.columns if result.columns is not None else None,
                                        result.rows, result.command_tag)


def _install_setting_hooks() -> None:
    from pgsnake.access.transam import xact
    from pgsnake.executor import portal_query
    for kind in ("VariableSetStmt", "VariableShowStmt", "AlterSystemStmt"):
        portal_query.register_utility(kind, FunctionTcopStatement)
    settings.set_nest_level_function(_nest_level)
    xact.register_callback(_on_transaction_end)
    xact.register_subxact_callback(_on_subtransaction_end)
    setting_functions.register()
    from pgsnake.tcop import server_functions
    server_functions.register()
    from pgsnake.tcop import session_views
    session_views.register()


_install_setting_hooks()
