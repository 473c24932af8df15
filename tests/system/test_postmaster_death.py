# Proves that every child exits promptly by itself when the postmaster dies, however it
# is waiting: an idle session (waiting for its client's next message), a session idle in
# a transaction, a backend blocked writing a large result to a client that does not
# read, and the auxiliary processes sleeping in their loops. The idle client's next
# query gets FATAL 57P01 "terminating connection due to unexpected postmaster exit".
# Then the next start runs crash recovery and the committed row is there.
# Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import os
import signal
import time

import psycopg

from harness import processes
from harness import raw_protocol as rp

BIG_ROWS = 100
BIG_VALUE = 3000             # a self-join sends 100 x 100 x 3 kB = 30 MB: more than the
                             # socket buffers hold


def _wait_gone(pids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(processes.is_alive(p) for p in pids):
        time.sleep(0.05)
    return [(p, processes.process_title(p)) for p in pids if processes.is_alive(p)]


def test_every_child_exits_when_the_postmaster_dies(make_server):
    server = make_server()
    with server.connect() as setup:
        setup.execute("CREATE TABLE pm_death (id int4, payload text)")
        for i in range(BIG_ROWS):
            setup.execute("INSERT INTO pm_death VALUES (%s, %s)", (i, "x" * BIG_VALUE))
    idle = server.connect()
    in_transaction = server.connect()
    in_transaction.execute("BEGIN")
    in_transaction.execute("INSERT INTO pm_death VALUES (-1, 'uncommitted')")
    stuck = rp.open_socket(server)
    try:
        rp.startup(stuck)
        stuck.sendall(rp.query_message("SELECT a.payload FROM pm_death a, pm_death b"))
        # ... and never read
        time.sleep(1.0)       # the backend fills the socket buffers and blocks writing
        postmaster = server.postmaster_pid()
        children = server.child_pids()
        assert len(children) >= 6, server.child_titles()
        os.kill(postmaster, signal.SIGKILL)
        survivors = _wait_gone(children, timeout=15)
        assert not survivors, f"children outlived the postmaster: {survivors}"
        try:
            idle.execute("SELECT 1")
            raise AssertionError("an idle session survived its postmaster")
        except psycopg.OperationalError as e:
            assert "terminating connection due to unexpected postmaster exit" in str(e), str(e)
    finally:
        stuck.close()
        idle.close()
        in_transaction.close()
    deadline = time.monotonic() + 30
    while processes.exists(postmaster) and time.monotonic() < deadline:
        time.sleep(0.05)      # the oracle's pid-file test needs the zombie reaped
    server.start()
    with server.connect() as after:
        assert after.execute("SELECT count(*), min(id) FROM pm_death").fetchone() == (BIG_ROWS, 0)
