"""One client session's state inside its backend: the connection, prepared statements,
portals, whether a transaction command is open, and the settings last reported.

Rules
1. `start_transaction()` opens a transaction command at most once (`xact_started`), and
   `finish_transaction()` closes it: in the simple protocol after each statement, in the
   extended protocol at Sync, as PostgreSQL's start_xact_command/finish_xact_command.
2. Every error path goes through `abort_after_error()`: LWLocks first, then buffer pins,
   then the transaction, the order PostgreSQL's AbortTransaction uses.
3. Portals live until the end of their transaction; prepared statements until closed.

PostgreSQL: tcop/postgres.c (start_xact_command, finish_xact_command), utils/mmgr/portalmem.c.
"""
from __future__ import annotations

import dataclasses
import weakref
from typing import Any

from pgsnake.utils import process_title
from pgsnake.protocol import messages as m
from pgsnake.storage.ipc import backend_status
from pgsnake.utils import elog, process_state, settings, timeouts
from pgsnake.utils.errors import PgError


@dataclasses.dataclass(slots=True)
class PreparedSource:
    """What pg_prepared_statements shows of a named prepared statement: the query string
    that made it, when, whether by PREPARE (from_sql) or a Parse message, and how many
    times it ran (pgsnake plans once and reuses that plan: generic plans)."""
    text: str
    prepare_time: Any
    from_sql: bool
    executions: int = 0


@dataclasses.dataclass(slots=True)
class Portal:
    name: str
    statement: Any                     # PreparedStatement or TcopStatement
    params: list
    result_formats: list[int]
    execution: Any = None              # portal_query.Execution once started
    done: bool = False
    holdable: bool = False             # DECLARE ... WITH HOLD: survives its transaction
    persisted: bool = False            # WITH HOLD, its rows kept at its transaction's commit
    scroll: Any = None                 # DECLARE SCROLL: its tcop/scroll_cursor.ScrollCursor
    scrollable: bool = False           # pg_cursors.is_scrollable (SCROLL, or implicit)
    restart: Any = None                # implicitly scrollable: starts its plan again
    # pg_cursors (DECLARE only): the query string that declared it, BINARY, its creation
    # time (the statement's start, as PostgreSQL's GetCurrentStatementStartTimestamp)
    source_text: str = ""
    # The extended protocol's log lines (tcop/statement_log.py): the statement it was
    # bound from ('' unnamed) and that statement's Parse text.
    statement_name: str = ""
    source_sql: str = ""
    binary: bool = False
    creation_time: Any = None
    # DECLARE's and PL/pgSQL's cursors: the savepoint level that opened it (0: none);
    # rolling that level back drops the cursor, releasing it hands it to the parent
    subxact_depth: int = 0
    # an error while it ran (PORTAL_FAILED): it survives a ROLLBACK TO of a savepoint
    # set after it opened, but cannot be run again
    failed: bool = False

    def current_row(self):
        """The row the cursor is on, with its resjunk columns; None before the first
        row or after the last (PostgreSQL's atStart / atEnd). WHERE CURRENT OF reads
        its ctids (executor/current_of.py)."""
        if self.scroll is not None:
            return self.scroll.current_row()
        return self.execution.current_row if self.execution is not None else None

    def close(self) -> None:
        """PortalDrop: end the running plan (its buffers, files and locks)."""
        if self.execution is not None:
            self.execution.close()


class Session:
    def __init__(self, conn) -> None:
        self.conn = conn
        self.prepared: dict[str, Any] = {}
        self.prepared_sql: dict[str, PreparedSource] = {}
        self.parse_texts: dict[str, str] = {}      # Parse message text per statement name (log lines)
        self.query_string = ""             # the client's current query (debug_query_string)
        self.portals: dict[str, Portal] = {}
        self.xact_started = False
        self.skip_until_sync = False
        self.reported: dict[str, str] = {}
        self.user = ""
        self.database = ""
        self.client = ""
        self.proc_slot: int | None = None
        self.reported_xact_start = False     # pg_stat_activity shows xact_start
        from pgsnake.access.transam import xact
        session = weakref.ref(self)     # a backend has one session; tests make many

        def on_event(event: str) -> None:
            alive = session()
            if alive is not None:
                alive.on_transaction_event(event)
        xact.register_callback(on_event)

        def on_subxact_event(event: str, depth: int) -> None:
            alive = session()
            if alive is not None:
                alive.on_subtransaction_end(event, depth)
        xact.register_subxact_callback(on_subxact_event)

        def find_cursor(name: str):
            alive = session()
            return alive.portals.get(name) if alive is not None else None
        from pgsnake.executor import current_of
        current_of.register_cursor_lookup(find_cursor)
        from pgsnake.tcop import pl_cursor_portals
        pl_cursor_portals.install(session)
        _install_function_statements(session)

    # ---- identity and process title ---------------------------------------------------
    def set_identity(self, user: str, database: str, client: str) -> None:
        self.user, self.database, self.client = user, database, client

    def set_activity(self, activity: str) -> None:
        process_title.set_backend_activity(self.user, self.database, self.client, activity)
        if self.proc_slot is not None:
            from pgsnake.storage.ipc import proc_array
            proc_array.set_state(self.proc_slot, activity)

    def claim_proc_slot(self) -> None:
        from pgsnake.storage.ipc import proc_array
        self.proc_slot = proc_array.claim_slot(process_state.pid, "client backend",
                                               among=proc_array.backend_slots())
        process_state.proc_number = self.proc_slot
        backend_status.clear(self.proc_slot)

    def publish_identity(self, database_oid: int, user_oid: int) -> None:
        from pgsnake.storage.ipc import proc_array
        if self.proc_slot is not None:
            proc_array.set_identity(self.proc_slot, database_oid, user_oid)

    def release_proc_slot(self) -> None:
        if self.proc_slot is None:
            return
        from pgsnake.storage.ipc import proc_array
        from pgsnake.storage.lmgr import lock, lwlock
        from pgsnake.utils import temp_files
        temp_files.close_all()
        try:
            from pgsnake.access.transam import backup_functions
            backup_functions.abort_at_exit()
            from pgsnake.commands import async_notify
            async_notify.stop_listening()
            # Session-level locks (advisory) go before the slot (lock.py rule 4).
            lwlock.release_all()
            lock.release_all(include_session=True)
            lock.leave_lock_group()
            proc_array.release_slot(self.proc_slot)
        except Exception as e:    # never let exit-time cleanup turn into a crash
            elog.log(f"could not release proc array slot: {e}", "WARNING")
        self.proc_slot = None

    # ---- transactions (rule 1) ---------------------------------------------------------
    def start_transaction(self) -> None:
        if self.xact_started:
            return
        from pgsnake.access.transam import xact
        from pgsnake.catalog import catalog_cache
        from pgsnake.datatypes import clock
        if not xact.in_transaction_block():
            clock.set_transaction_start()     # now() is the transaction's start time
            if not self.reported_xact_start:
                backend_status.report_transaction_start(clock.now().timestamp())
                self.reported_xact_start = True
        clock.set_statement_start()
        xact.start_transaction_command()
        self.xact_started = True
        statement_timeout = settings.get("statement_timeout")
        if statement_timeout > 0 and not timeouts.is_active(timeouts.STATEMENT_TIMEOUT):
            timeouts.enable_after(timeouts.STATEMENT_TIMEOUT, statement_timeout)
        catalog_cache.accept_invalidations()

    def finish_transaction(self) -> None:
        if not self.xact_started:
            return
        from pgsnake.access.transam import xact
        self.xact_started = False
        timeouts.disable(timeouts.STATEMENT_TIMEOUT)
        xact.commit_transaction_command()
        if not xact.in_transaction_block():
            self.drop_portals()

    def abort_after_error(self, quiet: bool = False) -> None:
        """Rule 2. Safe to call at any point, any number of times."""
        from pgsnake.access.transam import xact
        from pgsnake.storage.buffer import buffer_manager
        from pgsnake.storage.lmgr import lwlock
        lwlock.release_all()
        timeouts.disable(timeouts.STATEMENT_TIMEOUT)
        timeouts.disable(timeouts.LOCK_TIMEOUT)
        try:
            buffer_manager.release_all_pins()
        except Exception as e:
            elog.log(f"could not release buffer pins: {e}", "WARNING")
        try:
            xact.abort_current_transaction()
        except PgError:
            if not quiet:
                raise
        self.xact_started = False
        if not xact.in_transaction_block():
            self.drop_portals()
            from pgsnake.utils import temp_files
            temp_files.close_all()      # a sort's spill files, whatever was running

    def drop_portals(self) -> None:
        """Rule 3: at transaction end every portal goes, except WITH HOLD cursors whose
        rows were kept at commit (a WITH HOLD cursor of an aborted transaction goes)."""
        for name in [n for n, p in self.portals.items() if not p.persisted]:
            self.portals.pop(name).close()

    def on_subtransaction_end(self, event: str, depth: int) -> None:
        """A savepoint level ends: the cursors it opened go with it when it is rolled
        back (AtSubAbort_Portals), or pass to the level above when it is released."""
        for name, portal in list(self.portals.items()):
            if portal.creation_time is None or portal.subxact_depth < depth:
                continue                    # a protocol portal, or opened further out
            if event == "abort":
                self.portals.pop(name).close()
            else:
                portal.subxact_depth = depth - 1

    def on_transaction_event(self, event: str) -> None:
        """xact callback: before a commit, WITH HOLD cursors run to the end while the
        transaction's snapshot and locks still hold (PersistHoldablePortal)."""
        if event != "pre_commit":
            return
        for portal in self.portals.values():
            if portal.holdable and not portal.persisted and portal.execution is not None:
                portal.execution.persist()
                portal.persisted = True

    # ---- output ---------------------------------------------------------------------------
    def report_error(self, err: PgError) -> None:
        if err.sqlstate == "40P01":      # pg_stat_database.deadlocks (DeadLockReport)
            from pgsnake.utils.activity import pgstat
            pgstat.count_deadlock()
        self.send_pending_notices()
        self.abort_after_error()
        if err.severity == "ERROR" and err.sqlstate not in ("25P02",):
            elog.log_error(err)     # with debug_query_string's STATEMENT line
        process_state.debug_query_string = ""
        self.conn.send(m.error_response(err.fields()))

    def send_notice(self, notice: PgError) -> None:
        fields = notice.fields()
        self.conn.send(m.notice_response(fields))

    def send_pending_notices(self) -> None:
        """NoticeResponse for every notice raised since the last call (utils/notices.py,
        and the transaction-control warnings xact keeps), filtered by client_min_messages."""
        from pgsnake.access.transam import xact
        from pgsnake.utils import notices
        threshold = settings.get("client_min_messages")
        for notice in xact.pending_notices() + notices.drain():
            if notices.should_send(notice.severity, threshold):
                self.send_notice(notice)

    def send_ready_for_query(self) -> None:
        from pgsnake.access.transam import xact
        status = xact.transaction_status()
        state = {"I": "idle", "T": "idle in transaction",
                 "E": "idle in transaction (aborted)"}[status]
        self.set_activity(state)
        if status == "I" and self.reported_xact_start:
            backend_status.report_transaction_start(None)
            self.reported_xact_start = False
        backend_status.report_application_name(settings.get("application_name"))
        backend_status.report_activity(state)
        if status == "I":
            self.send_notifications()
        if settings.report_pending:     # e.g. set_config(), an abort, a config reload
            self.report_changed_settings()
        self.conn.send(m.ready_for_query(status))

    def send_notifications(self) -> None:
        """NotificationResponse for each LISTEN notification not yet delivered."""
        from pgsnake.commands import async_notify
        async_notify.deliver(lambda pid, channel, payload: self.conn.send(
            m.notification_response(pid, channel, payload)))

    def deliver_notifications_while_idle(self) -> None:
        """The client wait woke (a notifier set our latch): outside a transaction block,
        notifications go out at once (ProcessNotifyInterrupt)."""
        from pgsnake.access.transam import xact
        from pgsnake.commands import async_notify
        from pgsnake.utils import interrupts
        if interrupts.waiting_for_command() and xact.transaction_status() == "I" \
                and async_notify.has_pending():
            self.send_notifications()
            self.conn.flush()

    def report_changed_settings(self) -> None:
        """ParameterStatus for every reported setting whose value changed (SET, RESET)."""
        from pgsnake.tcop.backend_startup import REPORTED_SETTINGS
        from pgsnake.tcop.utility import canonical_name
        settings.report_pending = False
        for name in REPORTED_SETTINGS:
            value = settings.show(name)
            if self.reported.get(name) != value:
                self.reported[name] = value
                self.conn.send(m.parameter_status(canonical_name(name), value))


def _install_function_statements(session_ref) -> None:
    """PREPARE, EXECUTE, DEALLOCATE, DISCARD, CHECKPOINT, DECLARE / FETCH / CLOSE run by
    a function (SPI) work on this session, as at top level (tcop/utility.py's
    FunctionTcopStatement)."""
    from pgsnake.executor import portal_query
    from pgsnake.tcop import session_commands, utility

    def prepare(raw, param_types):
        return utility.FunctionTcopStatement(raw, param_types, session_ref())
    for kind in session_commands.SESSION_NODE_TYPES:
        portal_query.register_utility(kind, prepare)
    from pgsnake.commands import explain

    def prepare_explain(raw, param_types):
        # EXPLAIN EXECUTE name(args) in a function: the session's prepared statement
        if session_commands.is_explain_execute(raw.node):
            return session_commands.make_explain_execute(raw, session_ref())
        return explain.prepare_explain(raw, param_types)
    portal_query.register_utility("ExplainStmt", prepare_explain)
