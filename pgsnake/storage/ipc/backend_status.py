"""What each backend is doing, in shared memory, for pg_stat_activity.

One status entry per proc array slot (the same numbering): the backend's start time,
application_name, client address and port, state ('active', 'idle', 'idle in
transaction', 'idle in transaction (aborted)'), the current or last query (cut to
track_activity_query_size bytes), and when the transaction, the query and the state
began. Only the owning backend writes its entry; anyone may read any entry.

Invariants:
 1. Writers never block: an entry carries a change counter that is odd while its owner
    rewrites it, and a reader copies the entry again when the counter was odd or moved
    during the copy (PostgreSQL's st_changecount protocol), so readers always see one
    consistent version and writers never wait for them.
 2. An entry belongs to the process in the proc array slot of the same number; it is
    cleared when the slot is claimed, so a new backend never shows its predecessor's
    query.

Entry points: report_session_start(application_name, client_addr, client_port),
report_activity(state, query=None), report_transaction_start(timestamp | None),
report_application_name(name), read(slot) -> StatusEntry | None.

PostgreSQL: utils/activity/backend_status.c (pgstat_report_activity,
pgstat_bestart, pgstat_read_current_status), include/utils/backend_status.h.
"""
from __future__ import annotations

import dataclasses
import struct
import time

from pgsnake.storage.ipc import shared_memory
from pgsnake.utils import process_state, settings

_TEXT = 64
_QUERY = 1024                     # track_activity_query_size's default, fixed here
# changecount, backend_start, xact_start, query_start, state_change, client_port,
# application_name, client_addr, state, query
_ENTRY = struct.Struct(f"<I4xddddi4x{_TEXT}s{_TEXT}s{_TEXT}s{_QUERY}s")
ENTRY_SIZE = (_ENTRY.size + 7) // 8 * 8

_region: shared_memory.Region | None = None
_count = 0


@dataclasses.dataclass(slots=True)
class StatusEntry:
    backend_start: float
    xact_start: float | None
    query_start: float | None
    state_change: float | None
    client_port: int
    application_name: str
    client_addr: str
    state: str
    query: str


def _init(region: shared_memory.Region) -> None:
    global _region, _count
    region.view[:] = bytes(region.size)
    _region = region
    _count = region.size // ENTRY_SIZE


def _slots() -> int:
    from pgsnake.storage.ipc import proc_array
    return proc_array.slot_count()


shared_memory.request_region("BackendStatus", lambda: _slots() * ENTRY_SIZE, _init)


class _Mine:
    """This backend's own entry, kept in process memory and written out whole."""
    backend_start = 0.0
    xact_start = 0.0
    query_start = 0.0
    state_change = 0.0
    client_port = 0
    application_name = ""
    client_addr = ""
    state = ""
    query = ""
    changecount = 0


def _text(value: str, size: int) -> bytes:
    raw = value.encode("utf-8")[:size - 1]
    while raw:                        # never cut a multibyte character in half
        try:
            raw.decode("utf-8")
            break
        except UnicodeDecodeError:
            raw = raw[:-1]
    return raw


def _publish() -> None:
    n = process_state.proc_number
    if _region is None or not 0 <= n < _count:
        return
    view = _region.view
    base = n * ENTRY_SIZE
    _Mine.changecount += 1                                  # odd: being rewritten
    struct.pack_into("<I", view, base, _Mine.changecount)
    _ENTRY.pack_into(view, base, _Mine.changecount, _Mine.backend_start, _Mine.xact_start,
                     _Mine.query_start, _Mine.state_change, _Mine.client_port,
                     _text(_Mine.application_name, _TEXT), _text(_Mine.client_addr, _TEXT),
                     _text(_Mine.state, _TEXT), _text(_Mine.query, _QUERY))
    _Mine.changecount += 1                                  # even: consistent again
    struct.pack_into("<I", view, base, _Mine.changecount)


def report_session_start(application_name: str, client_addr: str, client_port: int) -> None:
    now = time.time()
    _Mine.backend_start = now
    _Mine.state_change = now
    _Mine.xact_start = _Mine.query_start = 0.0
    _Mine.application_name, _Mine.client_addr = application_name, client_addr
    _Mine.client_port = client_port
    _Mine.state, _Mine.query = "idle", ""
    _publish()


# Microseconds this session spent active and idle in a transaction, for
# pg_stat_database's active_time / idle_in_transaction_time (utils/activity/pgstat.py
# reads them at each flush).
active_time_us = 0
idle_in_transaction_time_us = 0


def report_activity(state: str, query: str | None = None) -> None:
    """A new state ('active' with the statement's text when one starts; 'idle...'
    afterwards, keeping the last query). With track_activities off the entry says
    'disabled' and keeps no query, as PostgreSQL's pgstat_report_activity does."""
    global active_time_us, idle_in_transaction_time_us
    if not settings.get("track_activities"):
        state, query = "disabled", ""
    now = time.time()
    if state != _Mine.state:
        if _Mine.state_change:
            spent = int((now - _Mine.state_change) * 1e6)
            if _Mine.state == "active":
                active_time_us += spent
            elif _Mine.state.startswith("idle in transaction"):
                idle_in_transaction_time_us += spent
        _Mine.state_change = now
    _Mine.state = state
    if query is not None:
        _Mine.query = query
        _Mine.query_start = now
    _publish()


def current_query() -> str | None:
    """The text of the statement the client sent last (current_query())."""
    return _Mine.query or None


def report_transaction_start(timestamp: float | None) -> None:
    _Mine.xact_start = timestamp or 0.0
    _publish()


def report_application_name(name: str) -> None:
    if name != _Mine.application_name:
        _Mine.application_name = name
        _publish()


def read(n: int) -> StatusEntry | None:
    """A consistent copy of slot n's entry, or None if it was never written."""
    if _region is None or not 0 <= n < _count:
        return None
    view = _region.view
    base = n * ENTRY_SIZE
    while True:
        before = struct.unpack_from("<I", view, base)[0]
        fields = _ENTRY.unpack_from(view, base)
        after = struct.unpack_from("<I", view, base)[0]
        if before == after and before % 2 == 0:
            break
    (count, backend_start, xact_start, query_start, state_change, client_port,
     application_name, client_addr, state, query) = fields
    if count == 0:
        return None

    def text(raw: bytes) -> str:
        return raw.rstrip(b"\0").decode("utf-8", "replace")
    return StatusEntry(backend_start, xact_start or None, query_start or None,
                       state_change or None, client_port, text(application_name),
                       text(client_addr), text(state), text(query))


def clear(n: int) -> None:
    """A slot is claimed: forget whatever its previous owner published."""
    if _region is not None and 0 <= n < _count:
        _region.view[n * ENTRY_SIZE:(n + 1) * ENTRY_SIZE] = bytes(ENTRY_SIZE)
    _Mine.changecount = 0

