# Proves that a COMMIT whose commit record cannot be flushed (a full disk while WAL is
# written) reaches the client as an ErrorResponse alone: no CommandComplete "COMMIT"
# before it, the transaction is rolled back (pg_xact says aborted), and the session is
# idle and usable afterwards. The backend's real message loop runs in this process on
# one end of a socket pair, over real WAL and transaction code (no catalogs needed: the
# transaction's xid is assigned directly); the failure is injected into wal.flush.
# PostgreSQL: exec_simple_query runs finish_xact_command before EndCommand.
from __future__ import annotations

import socket
import struct

import pytest

from pgsnake.postmaster import subsystems
from pgsnake.protocol.connection import Connection
from pgsnake.utils import notices, process_state, settings
from pgsnake.utils.errors import PgError

subsystems.load_all()     # every shared region is registered before the segment exists

from pgsnake.access.transam import commit_log, recovery, xact  # noqa: E402
from pgsnake.access.transam.wal import segment_files, wal  # noqa: E402
from pgsnake.storage.ipc import proc_array, shared_memory  # noqa: E402
from pgsnake.storage.lmgr import lwlock  # noqa: E402
from pgsnake.tcop import backend_main, simple_query  # noqa: E402
from pgsnake.tcop.session import Session  # noqa: E402

DISK_FULL = "53100"


@pytest.fixture
def backend(tmp_path, monkeypatch):
    """This process as a backend of a freshly bootstrapped cluster (WAL and pg_xact)."""
    monkeypatch.chdir(tmp_path)
    saved = {name: settings.show(name) for name in ("wal_segment_size", "fsync", "max_connections")}
    settings.set_value("wal_segment_size", str(1024 * 1024), source="default", check_context=False)
    settings.set_value("fsync", "off", source="default", check_context=False)
    settings.set_value("max_connections", "10", source="default", check_context=False)
    monkeypatch.setattr(process_state, "is_bootstrap", False)
    monkeypatch.setattr(process_state, "is_under_postmaster", False)
    monkeypatch.setattr(process_state, "proc_number", -1)
    lwlock.release_all()
    shared_memory.create_segment()
    xact.reset_for_tests()
    recovery.bootstrap_wal(recovery.new_system_identifier())
    recovery.startup_recovery()
    slot = proc_array.claim_slot(process_state.pid, "client backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    notices.drain()           # left queued by earlier tests in this process
    server_end, client_end = socket.socketpair()
    client_end.settimeout(10)
    session = Session(Connection(server_end))
    yield session, client_end
    server_end.close()
    client_end.close()
    lwlock.release_all()
    xact.reset_for_tests()
    commit_log.forget_cache()
    segment_files.close_all()
    for name, value in saved.items():
        settings.set_value(name, value, source="default", check_context=False)


def _query(sql: str) -> bytes:
    body = sql.encode() + b"\0"
    return b"Q" + struct.pack("!i", len(body) + 4) + body


def _replies(sock: socket.socket) -> list[tuple[bytes, bytes]]:
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    out, pos = [], 0
    while pos < len(data):
        kind = data[pos:pos + 1]
        (length,) = struct.unpack_from("!i", data, pos + 1)
        out.append((kind, data[pos + 5:pos + 1 + length]))
        pos += 1 + length
    return out


def _fields(body: bytes) -> dict[str, str]:
    out = {}
    for part in body.rstrip(b"\0").split(b"\0"):
        if part:
            out[chr(part[0])] = part[1:].decode()
    return out


def _failing_flush(lsn):
    raise PgError(DISK_FULL, 'could not write to file "pg_wal/xlogtemp": No space left on device')


def test_commit_whose_flush_fails_sends_only_the_error(backend, monkeypatch):
    session, client = backend
    session.start_transaction()
    simple_query.exec_simple_query(session, "BEGIN")
    xid = xact.get_current_xid()            # as the block's first write would
    session.conn.flush()
    assert _replies_so_far(client) == [b"C"]          # BEGIN's CommandComplete

    monkeypatch.setattr(wal, "flush", _failing_flush)
    client.sendall(_query("COMMIT") + b"X\0\0\0\4")
    backend_main.message_loop(session)
    session.conn.flush()      # replies queued after the last wait (a real backend exits)
    client.shutdown(socket.SHUT_WR)
    session.conn.sock.close()
    replies = _replies(client)

    kinds = [kind for kind, _ in replies]
    # ReadyForQuery (idle), then the COMMIT: an error and ReadyForQuery, nothing else.
    assert kinds == [b"Z", b"E", b"Z"], replies
    error = _fields(replies[1][1])
    assert error["C"] == DISK_FULL and "No space left" in error["M"], error
    assert replies[2][1] == b"I"
    assert commit_log.xid_status(xid) == "aborted"


def test_autocommit_statement_is_committed_before_its_command_complete(backend, monkeypatch):
    """The same order holds outside a block: the command tag follows the commit."""
    session, client = backend
    order = []
    real_finish = session.finish_transaction

    def finish():
        order.append("commit")
        real_finish()

    real_send = session.conn.send

    def send(data: bytes):
        if data[:1] == b"C":
            order.append("CommandComplete")
        real_send(data)

    monkeypatch.setattr(session, "finish_transaction", finish)
    monkeypatch.setattr(session.conn, "send", send)
    simple_query.exec_simple_query(session, "SET application_name = 'x'")
    assert order == ["commit", "CommandComplete"]


def _replies_so_far(sock: socket.socket) -> list[bytes]:
    sock.setblocking(False)
    try:
        data = sock.recv(65536)
    finally:
        sock.setblocking(True)
        sock.settimeout(10)
    kinds, pos = [], 0
    while pos < len(data):
        kinds.append(data[pos:pos + 1])
        (length,) = struct.unpack_from("!i", data, pos + 1)
        pos += 1 + length
    return kinds

