# Proves the three shutdown modes behave as PostgreSQL's: smart waits for sessions to end
# while refusing new ones; fast ends sessions (rolling back open transactions) and shuts
# down cleanly; immediate just stops, so the next start runs crash recovery (its log says
# so) and committed data is intact.
from __future__ import annotations

import os
import subprocess
import sys
import time

import psycopg
import pytest

RECOVERY_PHRASE = "automatic recovery in progress"


def _stop_in_background(server, mode):
    if server.kind == "oracle":
        args = [server.binaries["pg_ctl"], "stop", "-w", "-D", server.datadir, "-m", mode]
        kwargs = dict(user="postgres") if os.geteuid() == 0 else {}
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    from harness.servers import REPO_ROOT
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen([sys.executable, "-m", "pgsnake", "stop", "-D", server.datadir,
                             "-m", mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=str(REPO_ROOT))


def _make_table(server):
    with server.connect() as conn:
        conn.execute("CREATE TABLE kept (id int4)")
        conn.execute("INSERT INTO kept VALUES (1), (2), (3)")


def _count(server):
    with server.connect() as conn:
        return conn.execute("SELECT count(*) FROM kept").fetchone()[0]


def test_smart_waits_for_sessions(make_server):
    server = make_server()
    _make_table(server)
    session = server.connect()
    stopper = _stop_in_background(server, "smart")
    try:
        time.sleep(2)
        assert stopper.poll() is None, "smart shutdown did not wait for the open session"
        assert session.execute("SELECT count(*) FROM kept").fetchone() == (3,)
        with pytest.raises(psycopg.OperationalError) as refused:
            server.connect()
        assert "shutting down" in str(refused.value)
    finally:
        session.close()
    assert stopper.wait(60) == 0
    assert server.status() == 3
    offset = server.log_size()
    server.start()
    assert RECOVERY_PHRASE not in server.log_text(offset)
    assert _count(server) == 3


def test_fast_ends_sessions_and_rolls_back(make_server):
    server = make_server()
    _make_table(server)
    session = server.connect(autocommit=False)
    session.execute("INSERT INTO kept VALUES (4)")
    server.stop("fast", timeout=60)
    assert server.status() == 3
    with pytest.raises(psycopg.OperationalError):
        session.execute("SELECT 1")
    session.close()
    assert server.all_server_pids() == []
    offset = server.log_size()
    server.start()
    assert RECOVERY_PHRASE not in server.log_text(offset)
    assert _count(server) == 3


def test_immediate_then_crash_recovery(make_server):
    server = make_server()
    _make_table(server)
    server.stop("immediate", timeout=60)
    assert server.status() == 3
    assert server.all_server_pids() == []
    offset = server.log_size()
    server.start()
    assert RECOVERY_PHRASE in server.log_text(offset), server.log_text(offset)
    assert _count(server) == 3
