# Proves a crashed backend does not take the server down for good: after kill -9 of one
# backend the postmaster (same pid) ends the other sessions, reinitialises, recovers by
# itself, and accepts new connections within ~30 s with committed data intact.
from __future__ import annotations

import signal
import time

import psycopg
import pytest

from harness import processes


def test_killed_backend_triggers_crash_restart(make_server):
    server = make_server()
    postmaster = server.postmaster_pid()
    with server.connect() as conn:
        conn.execute("CREATE TABLE survivor (id int4)")
        conn.execute("INSERT INTO survivor VALUES (1), (2)")
    victim = server.connect()
    bystander = server.connect()
    victim_pid = victim.info.backend_pid
    assert victim_pid in server.child_pids()
    processes.kill_and_wait([victim_pid], signal.SIGKILL)

    # The bystander's backend is told to quit as part of the crash restart.
    with pytest.raises(psycopg.OperationalError):
        for _ in range(100):
            bystander.execute("SELECT 1")
            time.sleep(0.1)
    victim.close()
    bystander.close()

    conn = server.connect_within(30)
    try:
        assert conn.execute("SELECT count(*) FROM survivor").fetchone() == (2,)
        conn.execute("INSERT INTO survivor VALUES (3)")
        assert conn.execute("SELECT sum(id) FROM survivor").fetchone() == (6,)
    finally:
        conn.close()
    assert server.postmaster_pid() == postmaster
    assert processes.is_alive(postmaster)
    prefix = server.title_prefix
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if f"{prefix} checkpointer" in server.child_titles().values():
            break
        time.sleep(0.1)
    assert f"{prefix} checkpointer" in server.child_titles().values()
