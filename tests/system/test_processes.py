# Proves the process architecture is PostgreSQL's: the postmaster's children include the
# checkpointer, background writer, WAL writer and autovacuum launcher under their titles;
# each connection gets its own backend process, titled "USER DB HOST(PORT) idle", which
# goes away when the client disconnects; postmaster.pid has PostgreSQL's eight lines.
from __future__ import annotations

import os
import socket
import time

from harness import processes

AUXILIARY = ["checkpointer", "background writer", "walwriter", "autovacuum launcher"]


def _client_port(conn) -> int:
    with socket.socket(fileno=os.dup(conn.pgconn.socket)) as sock:
        return sock.getsockname()[1]


def _wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_auxiliary_processes_have_their_titles(shared_server):
    prefix = shared_server.title_prefix
    with shared_server.connect() as conn:
        autovacuum = conn.execute("SHOW autovacuum").fetchone()[0] == "on"
    # (PostgreSQL starts no autovacuum launcher with autovacuum off, as the shared
    # test servers run)
    expected = {f"{prefix} {name}" for name in AUXILIARY
                if autovacuum or name != "autovacuum launcher"}
    assert _wait_for(lambda: expected <= set(shared_server.child_titles().values())), \
        shared_server.child_titles()


def test_one_backend_per_connection(shared_server):
    prefix = shared_server.title_prefix
    first = shared_server.connect()
    second = shared_server.connect()
    try:
        pids = {first.info.backend_pid, second.info.backend_pid}
        assert len(pids) == 2
        children = shared_server.child_titles()
        for conn in (first, second):
            pid = conn.info.backend_pid
            assert pid in children, children
            assert processes.parent_pid(pid) == shared_server.postmaster_pid()
            title = f"{prefix} postgres postgres 127.0.0.1({_client_port(conn)}) idle"
            assert _wait_for(lambda: processes.process_title(pid) == title), \
                (processes.process_title(pid), title)
    finally:
        first.close()
        second.close()
    assert _wait_for(lambda: not any(processes.is_alive(p) for p in pids)), pids


def test_postmaster_pid_file(shared_server):
    pid_file = shared_server.pid_file()
    assert pid_file is not None
    assert processes.is_alive(pid_file.pid)
    assert shared_server.child_pids(), "the pid file's process has no children"
    assert os.path.realpath(pid_file.data_directory) == os.path.realpath(shared_server.datadir)
    assert 0 < time.time() - pid_file.start_time < 24 * 3600
    assert pid_file.port == shared_server.port
    assert pid_file.socket_directory == shared_server.socket_dir
    assert pid_file.listen_address == "127.0.0.1"
    assert pid_file.shmem_key.strip(), "line 7 (shared memory key) is empty"
    assert pid_file.status == "ready"
    assert os.path.exists(os.path.join(shared_server.socket_dir,
                                       f".s.PGSQL.{shared_server.port}"))
