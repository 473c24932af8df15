"""LISTEN, UNLISTEN and NOTIFY: notifications between sessions, through a queue in
shared memory.

A session's NOTIFY is kept until its transaction commits (and dropped if it, or the
savepoint it was made in, rolls back); identical (channel, payload) pairs of one
transaction are sent once. LISTEN and UNLISTEN also take effect at commit. A listening
session receives every committed notification of its database on its channels, its own
included, as NotificationResponse messages: at the end of its own transaction, or at
once while it is idle outside a transaction block (the notifier sets its latch, which
wakes the wait for the client). A session inside a transaction block gets them when the
block ends.

The queue itself is storage/ipc/notify_queue.py: entries are written at pre-commit
(where a full queue can still fail the commit), marked committed at commit, and read
by each listener in commit order.

Entry points: the LISTEN / UNLISTEN / NOTIFY statements; pg_notify, pg_listening_channels,
pg_notification_queue_usage; deliver(send) and has_pending() for the session loop.

PostgreSQL: commands/async.c (Async_Notify, Async_Listen, PreCommit_Notify,
AtCommit_Notify, asyncQueueReadAllNotifications, ProcessNotifyInterrupt).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.commands import utility_statement
from pgsnake.storage.ipc import notify_queue
from pgsnake.utils import process_state
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

MAX_PAYLOAD = 7999               # NOTIFY_PAYLOAD_MAX_LENGTH - 1
NAMEDATALEN = 64

# -- this session --------------------------------------------------------------------------

class _State:
    listening: set[str] = set()
    pending_actions: list = []          # (depth, 'listen' | 'unlisten' | 'unlisten_all', name)
    pending_notifies: list = []         # (depth, channel, payload)
    my_entries: list[int] = []          # queue positions written at pre-commit
    callbacks_installed = False


def _check_channel(channel: str | None) -> str:
    if not channel:
        raise PgError(INVALID_PARAMETER_VALUE, "channel name cannot be empty")
    if len(channel.encode()) >= NAMEDATALEN:
        raise PgError(INVALID_PARAMETER_VALUE, "channel name too long")
    return channel


def notify(channel: str | None, payload: str | None) -> None:
    channel = _check_channel(channel)
    payload = payload or ""
    if len(payload.encode()) > MAX_PAYLOAD:
        raise PgError(INVALID_PARAMETER_VALUE, "payload string too long")
    _install_callbacks()
    depth = xact.subtransaction_depth()
    if not any(c == channel and p == payload for _d, c, p in _State.pending_notifies):
        _State.pending_notifies.append((depth, channel, payload))


def _queue_action(kind: str, channel: str | None) -> None:
    _install_callbacks()
    _State.pending_actions.append((xact.subtransaction_depth(), kind, channel))


def _install_callbacks() -> None:
    if not _State.callbacks_installed:
        xact.register_callback(_on_transaction_event)
        xact.register_subxact_callback(_on_subtransaction_event)
        _State.callbacks_installed = True


def _on_subtransaction_event(event: str, depth: int) -> None:
    if event == "abort":
        _State.pending_notifies = [n for n in _State.pending_notifies if n[0] < depth]
        _State.pending_actions = [a for a in _State.pending_actions if a[0] < depth]
    elif event == "release":
        _State.pending_notifies = [(min(d, depth - 1), c, p)
                                   for d, c, p in _State.pending_notifies]
        _State.pending_actions = [(min(d, depth - 1), k, c) for d, k, c in _State.pending_actions]


def _on_transaction_event(event: str) -> None:
    if event == "pre_commit":
        _pre_commit()
    elif event == "commit":
        _at_commit()
    elif event in ("abort", "prepare"):
        _mark_mine(notify_queue.ABORTED)
        _State.pending_notifies = []
        _State.pending_actions = []


def _pre_commit() -> None:
    """Queue this transaction's notifications (PreCommit_Notify); may fail."""
    if _State.pending_notifies:
        _State.my_entries = notify_queue.append(
            [(channel, payload) for _depth, channel, payload in _State.pending_notifies],
            process_state.database_oid, process_state.pid)


def _mark_mine(status: int) -> None:
    if _State.my_entries:
        notify_queue.mark(_State.my_entries, status)
        _State.my_entries = []


def _at_commit() -> None:
    """Apply LISTEN / UNLISTEN, publish our notifications, wake the listeners."""
    for _depth, kind, channel in _State.pending_actions:
        if kind == "listen":
            _State.listening.add(channel)
        elif kind == "unlisten":
            _State.listening.discard(channel)
        else:
            _State.listening.clear()
    _State.pending_actions = []
    if _State.listening:
        notify_queue.start_listening(process_state.database_oid)
    else:
        notify_queue.stop_listening()
    sent = bool(_State.my_entries)
    _mark_mine(notify_queue.COMMITTED)
    _State.pending_notifies = []
    if sent:
        notify_queue.wake_listeners(process_state.database_oid)


def stop_listening() -> None:
    """At session end: give up the listener slot (queue rule 3)."""
    _State.listening.clear()
    notify_queue.stop_listening()


# -- delivery ----------------------------------------------------------------------------------

def has_pending() -> bool:
    return bool(_State.listening) and notify_queue.has_unread()


def deliver(send) -> int:
    """Send every committed notification this session has not seen, on its channels:
    send(pid, channel, payload). Returns how many were sent."""
    if not has_pending():
        return 0
    found = notify_queue.read_unread(lambda channel: channel in _State.listening)
    for pid, channel, payload in found:
        send(pid, channel, payload)
    return len(found)


# -- SQL ----------------------------------------------------------------------------------------

def listening_channels():
    yield from sorted(_State.listening)


def _notify_statement(node: dict, raw) -> str:
    notify(node.get("conditionname"), node.get("payload"))
    return "NOTIFY"


def _listen_statement(node: dict, raw) -> str:
    _queue_action("listen", _check_channel(node.get("conditionname")))
    return "LISTEN"


def unlisten_all() -> None:
    """DISCARD ALL's Async_UnlistenAll."""
    _queue_action("unlisten_all", None)


def _unlisten_statement(node: dict, raw) -> str:
    channel = node.get("conditionname")
    _queue_action("unlisten" if channel else "unlisten_all", channel)
    return "UNLISTEN"


utility_statement.register("NotifyStmt", "NOTIFY", _notify_statement, read_only_ok=True)
utility_statement.register("ListenStmt", "LISTEN", _listen_statement, read_only_ok=True)
utility_statement.register("UnlistenStmt", "UNLISTEN", _unlisten_statement, read_only_ok=True)


def register_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_notify", [25, 25], 2278, lambda c, p: notify(c, p) or "",
                       oid=3036, strict=False, volatility="v")
    functions.register("pg_listening_channels", [], 25, listening_channels, oid=3035,
                       volatility="s", returns_set=True, rows=10)
    functions.register("pg_notification_queue_usage", [], 701, notify_queue.usage, oid=3296,
                       volatility="v")


register_functions()
