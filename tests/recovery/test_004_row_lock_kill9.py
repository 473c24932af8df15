# Proves that row locks die with the transactions that held them, also through a crash:
# one session holds a row FOR UPDATE, two others share-lock another row (its xmax
# becomes a multixact), a fourth commits so that all of it is in durable WAL, then every
# server process is killed with kill -9. After the restart (crash recovery replays the
# lock and multixact records) both rows are unchanged and free: NOWAIT locks succeed,
# UPDATE and DELETE go through without waiting, and pg_control records the multixact
# (next multixact 2, next member offset 3, as PostgreSQL counts them). Runs on pgsnake
# and on PostgreSQL 15.
from __future__ import annotations

import re
import subprocess

import psycopg
import pytest


def next_multixact(server) -> tuple[int, int]:
    """Latest checkpoint's NextMultiXactId and NextMultiOffset, from pg_controldata
    (PostgreSQL's, or `pgsnake controldata`)."""
    if server.kind == "pgsnake":
        text = server.command("controldata", "-D", server.datadir).stdout
    else:
        tool = server.binaries["pg_ctl"].replace("pg_ctl", "pg_controldata")
        text = server.command(tool, "-D", server.datadir).stdout
    multi = re.search(r"NextMultiXactId:\s+(\d+)", text)
    offset = re.search(r"NextMultiOffset:\s+(\d+)", text)
    return int(multi.group(1)), int(offset.group(1))


def scenario(server):
    with server.connect(autocommit=True) as setup:
        setup.execute("CREATE TABLE locked (id int4, v text)")
        setup.execute("INSERT INTO locked VALUES (1, 'one'), (2, 'two'), (3, 'three')")
        setup.execute("CHECKPOINT")
    holders = [server.connect(autocommit=False) for _ in range(3)]
    holders[0].execute("SELECT * FROM locked WHERE id = 1 FOR UPDATE")
    holders[1].execute("SELECT * FROM locked WHERE id = 2 FOR SHARE")
    holders[2].execute("SELECT * FROM locked WHERE id = 2 FOR SHARE")
    with server.connect(autocommit=True) as committer:
        committer.execute("UPDATE locked SET v = 'three!' WHERE id = 3")   # flushes the WAL
    server.kill_all_9()
    for conn in holders:
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
        conn.close()
    server.start()
    after_restart = next_multixact(server)
    with server.connect(autocommit=True) as check:
        rows = check.execute("SELECT id, v FROM locked ORDER BY id").fetchall()
        check.execute("SET lock_timeout = '2s'")
        check.execute("BEGIN")
        nowait = check.execute("SELECT id FROM locked ORDER BY id FOR UPDATE NOWAIT").fetchall()
        check.execute("ROLLBACK")
        update = check.execute("UPDATE locked SET v = 'two!' WHERE id = 2").statusmessage
        delete = check.execute("DELETE FROM locked WHERE id = 1").statusmessage
        final = check.execute("SELECT id, v FROM locked ORDER BY id").fetchall()
    return rows, nowait, update, delete, final, after_restart


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_locked_rows_are_free_and_unchanged_after_kill9(kind, make_pgsnake_server,
                                                        make_oracle_server):
    server = make_pgsnake_server() if kind == "pgsnake" else make_oracle_server()
    rows, nowait, update, delete, final, multixact_counters = scenario(server)
    assert rows == [(1, "one"), (2, "two"), (3, "three!")]
    assert nowait == [(1,), (2,), (3,)]
    assert (update, delete) == ("UPDATE 1", "DELETE 1")
    assert final == [(2, "two!"), (3, "three!")]
    assert multixact_counters == (2, 3)
