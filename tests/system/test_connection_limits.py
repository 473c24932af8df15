# Proves the connection limits are PostgreSQL's, exactly:
#  - max_connections sessions and no more ("sorry, too many clients already"), of which
#    superuser_reserved_connections are kept for superusers ("remaining connection slots
#    are reserved for non-replication superuser connections");
#  - at most MaxLivePostmasterChildren = 2 * (max_connections + autovacuum_max_workers +
#    1 + max_wal_senders + max_worker_processes) backends live at once, counting those
#    that have not authenticated yet; beyond it a connection gets FATAL 53300 (pgsnake's
#    postmaster answers it itself, without forking a process);
#  - authentication_timeout ends a client that says nothing (silently) and one that stops
#    in the middle of the password exchange ("canceling authentication due to timeout",
#    logged only);
#  - a flood of 150 silent sockets does not lock out a real client, and costs bounded
#    memory: each child's private memory (USS) is small because the postmaster imported
#    and froze everything before forking (see postmaster/README.md for the measurements).
# Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import contextlib
import socket
import struct
import time

import psycopg
import pytest

from harness import processes
from harness import raw_protocol as rp

RESERVED = "remaining connection slots are reserved for non-replication superuser connections"
TOO_MANY = "sorry, too many clients already"
AUXILIARY = ("checkpointer", "background writer", "walwriter", "autovacuum launcher",
             "autovacuum worker", "logical replication launcher",
             "catalog warmer")   # pgsnake's: postmaster/catalog_warmer.py


def _create_login_role(server, name: str, oid: int) -> None:
    """A role that is not a superuser, by a catalog INSERT both servers accept."""
    with server.connect() as conn:
        conn.execute("INSERT INTO pg_authid (oid, rolname, rolsuper, rolinherit, rolcreaterole, "
                     "rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit) "
                     f"VALUES ({oid}, '{name}', false, true, false, false, true, false, false, -1)")


def _try_connect(server, user: str):
    try:
        return server.connect(user=user), "ok"
    except psycopg.OperationalError as e:
        for message in (RESERVED, TOO_MANY):
            if f"FATAL:  {message}" in str(e):
                return None, message
        raise


def _close_and_wait(conn) -> None:
    """Close a session and wait until its backend has gone (and freed its slot)."""
    pid = conn.info.backend_pid
    conn.close()
    assert _wait_for(lambda: not processes.is_alive(pid), 10)


def test_max_connections_and_reserved_slots_are_held_exactly(make_server):
    server = make_server(settings={"max_connections": "3", "superuser_reserved_connections": "1"})
    _create_login_role(server, "limit_alice", 16501)
    held = []
    try:
        outcomes = []
        for user in ("limit_alice", "limit_alice", "limit_alice", "postgres", "postgres",
                     "limit_alice"):
            conn, outcome = _try_connect(server, user)
            outcomes.append((user, outcome))
            if conn is not None:
                held.append(conn)
            # A refused backend holds its slot until it has exited: wait for that.
            assert _wait_for(lambda: len(_backends(server)) == len(held), 10)
        assert outcomes == [("limit_alice", "ok"), ("limit_alice", "ok"),
                            ("limit_alice", RESERVED), ("postgres", "ok"),
                            ("postgres", TOO_MANY), ("limit_alice", TOO_MANY)]
        _close_and_wait(held.pop(0))
        conn, outcome = _try_connect(server, "limit_alice")
        assert outcome == RESERVED, "a slot freed by a user stays reserved for superusers"
        assert _wait_for(lambda: len(_backends(server)) == len(held), 10)
        _close_and_wait(held.pop())           # the superuser leaves: a user may come in
        conn, outcome = _try_connect(server, "limit_alice")
        assert outcome == "ok"
        held.append(conn)
        assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        for conn in held:
            conn.close()


def _backends(server) -> list[int]:
    return [pid for pid, title in server.child_titles().items()
            if not any(title.startswith(f"{server.title_prefix} {kind}") for kind in AUXILIARY)]


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextlib.contextmanager
def _silent_sockets(server, count: int):
    socks = []
    try:
        for _ in range(count):
            socks.append(socket.create_connection((server.host, server.port), timeout=10))
        yield socks
    finally:
        for sock in socks:
            sock.close()


# 2 * (2 + 1 + 1 + 0 + 0) = 8 live backends at most.
CAPPED = {"max_connections": "2", "superuser_reserved_connections": "0",
          "autovacuum_max_workers": "1", "max_wal_senders": "0", "max_worker_processes": "0"}
CAP = 8


def test_children_beyond_the_cap_are_refused(make_server):
    server = make_server(settings=CAPPED)
    with _silent_sockets(server, CAP):
        assert _wait_for(lambda: len(_backends(server)) == CAP, 30), server.child_titles()
        for sslmode in ("prefer", "disable"):
            with pytest.raises(psycopg.OperationalError, match=f"FATAL:  {TOO_MANY}"):
                psycopg.connect(host=server.host, port=server.port, user="postgres",
                                dbname="postgres", sslmode=sslmode, connect_timeout=10)
        with pytest.raises(psycopg.OperationalError, match=f"FATAL:  {TOO_MANY}"):
            psycopg.connect(host=server.socket_dir, port=server.port, user="postgres",
                            dbname="postgres", connect_timeout=10)
        if server.kind == "pgsnake":
            # Refused by the postmaster itself: no process was forked for them.
            assert len(_backends(server)) == CAP, server.child_titles()
    assert _wait_for(lambda: not _backends(server), 30), server.child_titles()
    with server.connect() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_authentication_timeout(make_server):
    server = make_server(auth="scram-sha-256", password="secret",
                         settings={"authentication_timeout": "1s"})
    log_mark = server.log_size()
    with rp.open_socket(server, timeout=20) as silent, rp.open_socket(server, timeout=20) as halfway:
        halfway.sendall(rp.startup_message("postgres", "postgres"))
        kind, body = rp.read_message(halfway)
        assert kind == b"R" and struct.unpack("!I", body[:4])[0] == 10   # SASL, then nothing
        started = time.monotonic()
        assert silent.recv(100) == b""              # closed without a word
        assert halfway.recv(100) == b""             # the FATAL is logged, not sent
        assert time.monotonic() - started < 10
    assert _wait_for(lambda: "canceling authentication due to timeout"
                     in server.log_text(log_mark), 10), server.log_text(log_mark)[-2000:]
    with server.connect() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


FLOOD = 150
# Private memory (USS) allowed per silent child. Measured on pgsnake: about 2 MB each
# (12 MB before the postmaster preloaded and froze its modules); PostgreSQL: about 0.3 MB.
# 4 MB leaves room for allocator and interpreter differences, and still fails at once if
# children go back to importing after the fork.
PRIVATE_LIMIT_KB = 4 * 1024


def _private_kb(pid: int) -> int:
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return total


def test_flood_of_silent_sockets_does_not_lock_out_a_real_client(make_server):
    server = make_server()
    before = set(_backends(server))
    with _silent_sockets(server, FLOOD):
        assert _wait_for(lambda: len(set(_backends(server)) - before) >= FLOOD, 60), \
            len(_backends(server))
        with server.connect() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        flood = set(_backends(server)) - before
        private = {pid: _private_kb(pid) for pid in flood if processes.is_alive(pid)}
        total = sum(private.values())
        print(f"{len(private)} silent children: {total / 1024:.0f} MB private in all, "
              f"{max(private.values()) / 1024:.1f} MB at most")
        assert total <= PRIVATE_LIMIT_KB * FLOOD, (total, sorted(private.values())[-5:])
    assert _wait_for(lambda: not (set(_backends(server)) - before), 60)


def test_reserved_connections_must_be_fewer_than_max_connections(make_server):
    server = make_server(start=False)
    server.settings.update(max_connections="3", superuser_reserved_connections="3")
    result = server.start(check=False, timeout=60)
    assert result.returncode != 0
    assert "superuser_reserved_connections (3) must be less than max_connections (3)" \
        in server.log_text() + result.stderr
    assert not server.is_running()
