"""The notification queue of LISTEN / NOTIFY in shared memory (commands/async_notify.py
is its user): a ring buffer of entries and one listener slot per proc array slot.

Invariants:
 1. Entries are appended under NotifyQueueLock, in commit order, marked pending; their
    writer marks them committed or aborted when its transaction ends. A reader stops at
    a pending entry, so nothing is seen before its transaction commits and every
    listener sees notifications in commit order.
 2. `head` (bytes ever written) only grows; the ring position is head modulo its size.
    The tail moves over entries no longer needed: not pending, and behind every
    listener. A slow listener holds the queue back; an append that does not fit fails
    (54000) before its transaction commits, never after.
 3. A listener slot (database, read position) is changed only by its owner, under the
    lock, and emptied when the owner stops listening or exits.

Entry points: append(entries, database, pid) -> positions, mark(positions, status),
start_listening(database), stop_listening(), has_unread(), read_unread(wanted) ->
[(pid, channel, payload)], wake_listeners(database), usage().

PostgreSQL: commands/async.c (asyncQueueAddEntries, asyncQueueAdvanceTail,
asyncQueueReadAllNotifications, SignalBackends).
"""
from __future__ import annotations

import struct

from pgsnake.storage.ipc import latch, proc_array, shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

QUEUE_SIZE = 1 << 20             # bytes of ring buffer
PROGRAM_LIMIT_EXCEEDED = "54000"
PENDING, COMMITTED, ABORTED = 0, 1, 2

_HEADER = struct.Struct("<QQ")              # head, tail (bytes ever written / freed)
_LISTENER = struct.Struct("<IIQ")            # database oid (0: not listening), pad, position
_ENTRY = struct.Struct("<BxxxIIiHH")        # status, length, database, pid, channel, payload
_region: shared_memory.Region | None = None
_slots = 0


def _init(region: shared_memory.Region) -> None:
    global _region, _slots
    region.view[:] = bytes(region.size)
    _region = region
    _slots = proc_array.slot_count()


shared_memory.request_region(
    "AsyncQueue",
    lambda: _HEADER.size + proc_array.slot_count() * _LISTENER.size + QUEUE_SIZE, _init)


def _lock():
    return lwlock.named("NotifyQueueLock")


# -- ring buffer ---------------------------------------------------------------------------------

def _ring_base() -> int:
    return _HEADER.size + _slots * _LISTENER.size


def _head() -> int:
    return _HEADER.unpack_from(_region.view, 0)[0]


def _set_head(value: int) -> None:
    struct.pack_into("<Q", _region.view, 0, value)


def _write(position: int, data: bytes) -> None:
    base, start = _ring_base(), position % QUEUE_SIZE
    first = min(len(data), QUEUE_SIZE - start)
    view = _region.view
    view[base + start:base + start + first] = data[:first]
    if first < len(data):
        view[base:base + len(data) - first] = data[first:]


def _read(position: int, length: int) -> bytes:
    base, start = _ring_base(), position % QUEUE_SIZE
    first = min(length, QUEUE_SIZE - start)
    view = _region.view
    data = bytes(view[base + start:base + start + first])
    if first < length:
        data += bytes(view[base:base + length - first])
    return data


def _listener(n: int) -> tuple[int, int]:
    database, _pad, position = _LISTENER.unpack_from(_region.view, _HEADER.size + n * _LISTENER.size)
    return database, position


def _set_listener(n: int, database: int, position: int) -> None:
    _LISTENER.pack_into(_region.view, _HEADER.size + n * _LISTENER.size, database, 0, position)


def _entry_at(position: int):
    status, length, database, pid, channel_len, payload_len = _ENTRY.unpack(
        _read(position, _ENTRY.size))
    return status, length, database, pid, channel_len, payload_len


def _advance_tail(head: int) -> int:
    """Move the tail over every entry that is no longer needed: committed or aborted,
    and behind every listener (with none listening, behind the head). A pending entry
    stops it: its writer will still mark it (queue rule 2)."""
    view = _region.view
    tail = struct.unpack_from("<Q", view, 8)[0]
    behind = head
    for n in range(_slots):
        database, position = _listener(n)
        if database:
            behind = min(behind, position)
    while tail < behind:
        status, length, *_ = _entry_at(tail)
        if status == PENDING:
            break
        tail += length
    struct.pack_into("<Q", view, 8, tail)
    return tail



def append(entries: list[tuple[str, str]], database: int, pid: int) -> list[int]:
    """Queue (channel, payload) pairs as pending entries; their positions."""
    encoded = []
    for channel, payload in entries:
        channel_bytes, payload_bytes = channel.encode(), payload.encode()
        length = (_ENTRY.size + len(channel_bytes) + len(payload_bytes) + 7) // 8 * 8
        header = _ENTRY.pack(PENDING, length, database, pid, len(channel_bytes),
                             len(payload_bytes))
        encoded.append((header + channel_bytes + payload_bytes).ljust(length, b"\0"))
    positions = []
    with _lock().exclusive():
        head = _head()
        if head + sum(len(e) for e in encoded) - _advance_tail(head) > QUEUE_SIZE:
            raise PgError(PROGRAM_LIMIT_EXCEEDED, "too many notifications in the NOTIFY queue")
        for entry in encoded:
            _write(head, entry)
            positions.append(head)
            head += len(entry)
        _set_head(head)
    return positions


def mark(positions: list[int], status: int) -> None:
    with _lock().exclusive():
        for position in positions:
            _write(position, bytes([status]))


def _my_slot() -> int:
    n = process_state.proc_number
    return n if _region is not None and 0 <= n < _slots else -1


def start_listening(database: int) -> None:
    n = _my_slot()
    if n >= 0 and not _listener(n)[0]:
        with _lock().exclusive():
            _set_listener(n, database, _head())


def stop_listening() -> None:
    n = _my_slot()
    if n >= 0 and _listener(n)[0]:
        with _lock().exclusive():
            _set_listener(n, 0, 0)


def has_unread() -> bool:
    n = _my_slot()
    if n < 0:
        return False
    database, position = _listener(n)
    return bool(database) and position < _head()


def read_unread(wanted) -> list[tuple[int, str, str]]:
    """The committed entries of our database after our position whose channel
    wanted(channel) accepts; our position moves past everything but pending entries."""
    n = _my_slot()
    if n < 0:
        return []
    found = []
    with _lock().exclusive():
        database, position = _listener(n)
        if not database:
            return []
        head = _head()
        while position < head:
            status, length, entry_db, pid, channel_len, payload_len = _entry_at(position)
            if status == PENDING:
                break
            if status == COMMITTED and entry_db == database:
                body = _read(position + _ENTRY.size, channel_len + payload_len)
                channel = body[:channel_len].decode()
                if wanted(channel):
                    found.append((pid, channel, body[channel_len:].decode()))
            position += length
        _set_listener(n, database, position)
    return found


def wake_listeners(database: int) -> None:
    for n in range(_slots):
        if _listener(n)[0] == database:
            latch.set_latch(n)


def usage() -> float:
    with _lock().exclusive():
        head = _head()
        return (head - _advance_tail(head)) / QUEUE_SIZE
