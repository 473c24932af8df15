# Prepared transactions survive kill -9 of the whole server and a clean restart. Two are
# prepared: one whose state is only in WAL, one followed by a CHECKPOINT (its state moves
# to a pg_twophase file, and WAL before the checkpoint may go). After kill -9 of the
# postmaster and all its children and a restart, both are in pg_prepared_xacts, still
# hold their locks (pg_locks: no pid, virtual transaction -1/<xid>; a writer times out on
# their rows), their changes are invisible; COMMIT PREPARED makes one's rows visible.
# Then a clean stop and start: the other is still there and ROLLBACK PREPARED undoes it.
# No pg_twophase file is left at the end. Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import os

import psycopg
import pytest

SETTINGS = {"max_prepared_transactions": "4"}


def twophase_files(server) -> list[str]:
    return sorted(os.listdir(os.path.join(server.datadir, "pg_twophase")))


def prepared(conn) -> dict[str, str]:
    return dict(conn.execute("SELECT gid, transaction::text FROM pg_prepared_xacts").fetchall())


def run(server) -> None:
    with server.connect() as a:
        a.execute("CREATE TABLE acct (id int4, balance int4)")
        a.execute("INSERT INTO acct VALUES (1, 100), (2, 100), (3, 100)")
        a.execute("BEGIN")
        a.execute("UPDATE acct SET balance = balance - 30 WHERE id = 1")
        a.execute("INSERT INTO acct VALUES (4, 30)")
        a.execute("PREPARE TRANSACTION 'in_wal'")
        a.execute("BEGIN")
        a.execute("DELETE FROM acct WHERE id = 2")
        a.execute("PREPARE TRANSACTION 'in_file'")
        a.execute("CHECKPOINT")
        xids = prepared(a)
        assert twophase_files(server) == sorted(f"{int(x):08X}" for x in xids.values())
        a.execute("INSERT INTO acct VALUES (5, 5)")         # WAL after the checkpoint
        a.execute("BEGIN")
        a.execute("UPDATE acct SET balance = 0 WHERE id = 3")
        a.execute("PREPARE TRANSACTION 'after_checkpoint'")
        xids = prepared(a)

    server.kill_all_9()
    server.start()

    with server.connect() as b:
        assert prepared(b) == xids
        locks = b.execute("SELECT locktype, transactionid::text, virtualtransaction, mode "
                          "FROM pg_locks WHERE pid IS NULL AND locktype = 'transactionid' "
                          "ORDER BY 2").fetchall()
        assert locks == sorted(("transactionid", x, f"-1/{x}", "ExclusiveLock")
                               for x in xids.values())
        relation_locks = b.execute("SELECT relation::regclass::text, mode, virtualtransaction "
                                   "FROM pg_locks WHERE pid IS NULL AND locktype = 'relation' "
                                   "ORDER BY 3").fetchall()
        assert relation_locks == sorted(("acct", "RowExclusiveLock", f"-1/{x}")
                                        for x in xids.values())
        assert b.execute("SELECT * FROM acct ORDER BY id").fetchall() == [
            (1, 100), (2, 100), (3, 100), (5, 5)]
        b.execute("SET lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            b.execute("UPDATE acct SET balance = 1 WHERE id = 1")
        b.execute("RESET lock_timeout")
        b.execute("COMMIT PREPARED 'in_wal'")
        b.execute("COMMIT PREPARED 'after_checkpoint'")
        assert b.execute("SELECT * FROM acct ORDER BY id").fetchall() == [
            (1, 70), (2, 100), (3, 0), (4, 30), (5, 5)]
        assert prepared(b) == {"in_file": xids["in_file"]}

    server.stop("fast")
    server.start()

    with server.connect() as c:
        assert prepared(c) == {"in_file": xids["in_file"]}
        c.execute("ROLLBACK PREPARED 'in_file'")
        assert c.execute("SELECT * FROM acct ORDER BY id").fetchall() == [
            (1, 70), (2, 100), (3, 0), (4, 30), (5, 5)]
        c.execute("UPDATE acct SET balance = balance + 1 WHERE id = 2")   # no longer locked
        assert prepared(c) == {}
        assert c.execute("SELECT count(*) FROM pg_locks WHERE pid IS NULL").fetchone() == (0,)
    assert twophase_files(server) == []


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_prepared_transactions_survive_kill9_and_restart(kind, torture_server):
    server = torture_server(kind, settings=SETTINGS)
    run(server)
