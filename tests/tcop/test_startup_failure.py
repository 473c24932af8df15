# Proves that a bug (an unexpected Python exception) before authentication completes
# ends that one connection as PostgreSQL ends a failed start-up, and nothing else: the
# client gets FATAL XX000 without Python's exception name or text, the backend exits
# with code 1 (a normal exit for the postmaster, not a crash), and what it held is
# released first: the LWLock it had taken and its proc-array slot. The backend runs
# backend_main for real, in a forked child over a socket pair, on a freshly bootstrapped
# WAL and shared memory; the fault is injected into authentication.
from __future__ import annotations

import os
import socket
import struct

import pytest

import in_process_cluster
from pgsnake.postmaster import subsystems
from pgsnake.protocol import startup_packet
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lwlock
from pgsnake.tcop import backend_main, backend_startup
from pgsnake.utils import process_state

SECRET = "a-secret-only-the-log-may-show"


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    in_process_cluster.bootstrapped_cluster(monkeypatch)
    yield tmp_path
    in_process_cluster.tear_down()


def _run_backend_in_child(server_end: socket.socket, client_end: socket.socket, fault) -> int:
    pid = os.fork()
    if pid == 0:
        code = 2
        try:
            client_end.close()
            process_state.after_fork("backend")
            subsystems.after_fork()
            backend_startup.authenticate_client = fault
            code = backend_main.backend_main(server_end, "local", "run", 1234, {})
        except BaseException:
            code = 3                  # escaped backend_main: the postmaster would crash-restart
        finally:
            os._exit(code)
    server_end.close()
    return pid


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _messages(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 0
    while pos < len(data):
        (length,) = struct.unpack_from("!i", data, pos + 1)
        out.append((data[pos:pos + 1], data[pos + 5:pos + 1 + length]))
        pos += 1 + length
    return out


def test_a_bug_before_authentication_is_fatal_for_that_connection_only(cluster, capfd):
    def fault(conn, conn_type, user, database):
        lwlock.named("ProcArrayLock").acquire(lwlock.SHARED)   # held when the bug strikes
        raise KeyError(SECRET)

    server_end, client_end = socket.socketpair()
    client_end.settimeout(30)
    pid = _run_backend_in_child(server_end, client_end, fault)
    client_end.sendall(startup_packet.encode_startup_message({"user": "postgres",
                                                              "database": "postgres"}))
    replies = _messages(_read_all(client_end))
    client_end.close()
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 1
    assert [kind for kind, _ in replies] == [b"E"], replies
    fields = {chr(f[0]): f[1:].decode() for f in replies[0][1].split(b"\0") if f}
    assert (fields["S"], fields["C"], fields["M"]) == ("FATAL", "XX000", "internal error")
    assert SECRET not in replies[0][1].decode() and "KeyError" not in replies[0][1].decode()
    log = capfd.readouterr().err
    assert "KeyError" in log and SECRET in log          # the details go to the server log
    assert all(slot.pid != pid for slot in proc_array.slots())
    assert lwlock.named("ProcArrayLock").state() == (False, 0), \
        "the backend exited holding ProcArrayLock"
