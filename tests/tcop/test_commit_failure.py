# Proves that a COMMIT whose commit record cannot be flushed (a full disk while WAL is
# written) never reaches the client as "COMMIT": the commit record is already in the WAL
# buffers, where any other backend's flush could make it durable, so PostgreSQL PANICs
# (RecordTransactionCommit runs in a critical section) and crash recovery decides. The
# client gets the PANIC's ErrorResponse (SQLSTATE 53100, "could not write ...") and no
# CommandComplete; the backend exits abnormally, so nothing in shared memory is trusted.
# The backend's real message loop runs in this process on one end of a socket pair, over
# real WAL and transaction code (no catalogs needed: the transaction's xid is assigned
# directly); the failure is injected into wal.flush, and the abnormal exit is caught.
# PostgreSQL: exec_simple_query runs finish_xact_command before EndCommand.
from __future__ import annotations

import socket
import struct

import pytest

import in_process_cluster
from pgsnake.access.transam import xact
from pgsnake.access.transam.wal import wal
from pgsnake.protocol.connection import Connection
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lwlock
from pgsnake.tcop import backend_main, simple_query
from pgsnake.tcop.session import Session
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import PgError

DISK_FULL = "53100"


@pytest.fixture
def backend(tmp_path, monkeypatch):
    """This process as a backend of a freshly bootstrapped cluster (WAL and pg_xact)."""
    monkeypatch.chdir(tmp_path)
    in_process_cluster.bootstrapped_cluster(monkeypatch)
    slot = proc_array.claim_slot(process_state.pid, "client backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    notices.drain()           # left queued by earlier tests in this process
    server_end, client_end = socket.socketpair()
    client_end.settimeout(10)
    session = Session(Connection(server_end))
    yield session, client_end
    server_end.close()
    client_end.close()
    in_process_cluster.tear_down()


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


class _Exited(Exception):
    """Stands in for the backend's os._exit(2) after a PANIC."""


def test_commit_whose_flush_fails_panics_without_command_complete(backend, monkeypatch):
    session, client = backend
    session.start_transaction()
    simple_query.exec_simple_query(session, "BEGIN")
    xact.get_current_xid()                  # as the block's first write would
    session.conn.flush()
    assert _replies_so_far(client) == [b"C"]          # BEGIN's CommandComplete

    def exit_abnormally():
        raise _Exited()

    monkeypatch.setattr(wal, "flush", _failing_flush)
    monkeypatch.setattr(backend_main, "panic_exit", exit_abnormally)
    client.sendall(_query("COMMIT") + b"X\0\0\0\4")
    with pytest.raises(_Exited):
        backend_main.message_loop(session)
    client.shutdown(socket.SHUT_WR)
    session.conn.sock.close()
    replies = _replies(client)

    kinds = [kind for kind, _ in replies]
    # ReadyForQuery (idle), then the COMMIT's PANIC, and nothing after it.
    assert kinds == [b"Z", b"E"], replies
    error = _fields(replies[1][1])
    assert error["S"] == "PANIC" and error["C"] == DISK_FULL, error
    assert "No space left" in error["M"], error
    lwlock.release_all()


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

