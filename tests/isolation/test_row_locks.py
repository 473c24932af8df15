# Row locks across sessions behave as in PostgreSQL 15: the same steps, run on both
# servers by tests/harness/blocking_steps.py, block (or not) at the same steps and give
# the same tags, rows, SQLSTATEs and messages. Covered: every lock strength against
# every other and against UPDATE and DELETE (who waits for whom), NOWAIT on locked,
# updated and deleted rows, SKIP LOCKED as a job queue with several workers, READ
# COMMITTED re-checks of the newest row version (EvalPlanQual, also through joins, an
# outer join and a function in FROM), 40001 under REPEATABLE READ, several share-lockers
# (a multixact) that an UPDATE must all outwait, pg_locks while lockers wait, locks taken
# in savepoints, and pg_get_multixact_members on a fresh cluster's first multixact.
# Each session is its own backend process.
import pytest

from harness.blocking_steps import run_blocking_steps

# The `servers` fixture (oracle, pgsnake) is in conftest.py.

ROW_LOCKS = ["FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR UPDATE"]


def same_on_both(servers, steps):
    oracle, pgsnake = servers
    expected = run_blocking_steps(oracle, steps)
    actual = run_blocking_steps(pgsnake, steps)
    for want, got in zip(expected, actual):
        assert got == want, f"step {want[:2]}: oracle {want[2:]}, pgsnake {got[2:]}"
    assert len(actual) == len(expected)
    return expected


def _statement(kind: str, table: str) -> str:
    if kind == "UPDATE":
        return f"UPDATE {table} SET v = v || '!' WHERE id = 1"
    if kind == "DELETE":
        return f"DELETE FROM {table} WHERE id = 1"
    return f"SELECT id, v FROM {table} WHERE id = 1 {kind}"


def test_each_strength_and_writer_against_each_other(servers):
    kinds = ROW_LOCKS + ["UPDATE", "DELETE"]
    steps = [("a", "DROP TABLE IF EXISTS rlx"), ("a", "CREATE TABLE rlx (id int4, v text)"),
             ("a", "INSERT INTO rlx VALUES (1, 'a'), (2, 'b')")]
    for held in kinds:
        for wanted in kinds:
            steps += [("a", "BEGIN"), ("a", _statement(held, "rlx")),
                      ("b", "BEGIN"), ("b", _statement(wanted, "rlx")),
                      ("a", "ROLLBACK"), ("b", "ROLLBACK")]
    steps += [("a", "SELECT * FROM rlx ORDER BY id"), ("a", "DROP TABLE rlx")]
    outcome = same_on_both(servers, steps)
    waits = sum(1 for record in outcome if record[2] == "waiting")
    # 36 ordered pairs; 8 are compatible: FOR KEY SHARE with FOR KEY SHARE, FOR SHARE,
    # FOR NO KEY UPDATE and a (no-key) UPDATE, either way round, and FOR SHARE twice.
    assert waits == 28


def test_nowait_on_locked_updated_and_deleted_rows(servers):
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS rln"), ("a", "CREATE TABLE rln (id int4, v text)"),
        ("a", "INSERT INTO rln VALUES (1, 'a'), (2, 'b'), (3, 'c')"),
        ("a", "BEGIN"), ("a", "SELECT * FROM rln WHERE id = 1 FOR KEY SHARE"),
        ("a", "UPDATE rln SET v = 'B' WHERE id = 2"), ("a", "DELETE FROM rln WHERE id = 3"),
        ("b", "SELECT * FROM rln WHERE id = 1 FOR SHARE NOWAIT"),
        ("b", "SELECT * FROM rln WHERE id = 1 FOR UPDATE NOWAIT"),
        ("b", "SELECT * FROM rln WHERE id = 2 FOR KEY SHARE NOWAIT"),
        ("b", "SELECT * FROM rln WHERE id = 2 FOR SHARE NOWAIT"),
        ("b", "SELECT * FROM rln WHERE id = 3 FOR KEY SHARE NOWAIT"),
        ("b", "SELECT * FROM rln ORDER BY id FOR KEY SHARE SKIP LOCKED"),
        ("b", "SELECT * FROM rln ORDER BY id FOR NO KEY UPDATE SKIP LOCKED"),
        ("b", "SELECT * FROM rln ORDER BY id FOR SHARE NOWAIT"),
        ("a", "COMMIT"),
        ("b", "SELECT * FROM rln ORDER BY id FOR UPDATE NOWAIT"),
        ("a", "DROP TABLE rln"),
    ])


def test_skip_locked_job_queue_with_several_workers(servers):
    take = "SELECT id FROM jobs WHERE state = 'new' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS jobs"), ("a", "CREATE TABLE jobs (id int4, state text)"),
        ("a", "INSERT INTO jobs SELECT g, 'new' FROM generate_series(1, 6) g"),
        ("w1", "BEGIN"), ("w1", take),
        ("w2", "BEGIN"), ("w2", take),
        ("w3", "BEGIN"),
        ("w3", "SELECT id FROM jobs WHERE state = 'new' ORDER BY id LIMIT 2 "
               "FOR UPDATE SKIP LOCKED"),
        ("w1", "UPDATE jobs SET state = 'done' WHERE id = 1"), ("w1", "COMMIT"),
        ("w1", "BEGIN"), ("w1", take),
        ("w4", "SELECT id FROM jobs ORDER BY id FOR SHARE SKIP LOCKED"),
        ("w4", "SELECT id FROM jobs ORDER BY id FOR KEY SHARE SKIP LOCKED"),
        ("w2", "UPDATE jobs SET state = 'done' WHERE id = 2"), ("w2", "COMMIT"),
        ("w3", "ROLLBACK"),
        ("w4", "BEGIN"), ("w4", take), ("w4", "COMMIT"),
        ("w1", "COMMIT"),
        ("a", "SELECT id, state FROM jobs ORDER BY id FOR UPDATE NOWAIT"),
        ("a", "DROP TABLE jobs"),
    ])


def test_read_committed_rechecks_the_newest_version(servers):
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS rc1"), ("a", "DROP TABLE IF EXISTS rc2"),
        ("a", "CREATE TABLE rc1 (id int4, v int4)"), ("a", "CREATE TABLE rc2 (id int4, w text)"),
        ("a", "INSERT INTO rc1 VALUES (1, 10), (2, 20), (3, 30)"),
        ("a", "INSERT INTO rc2 VALUES (1, 'one'), (2, 'two'), (3, 'three')"),
        # The newest version still qualifies / no longer does / was deleted.
        ("b", "BEGIN"), ("b", "UPDATE rc1 SET v = v + 1 WHERE id = 1"),
        ("b", "UPDATE rc1 SET v = 99 WHERE id = 2"), ("b", "DELETE FROM rc1 WHERE id = 3"),
        ("a", "BEGIN"), ("a", "SELECT * FROM rc1 WHERE v < 50 ORDER BY id FOR UPDATE"),
        ("b", "COMMIT"), ("a", "COMMIT"),
        # Through a join: the other table's row is re-read as it was.
        ("b", "BEGIN"), ("b", "UPDATE rc2 SET w = 'uno' WHERE id = 1"),
        ("b", "UPDATE rc1 SET v = v + 1 WHERE id = 1"),
        ("a", "BEGIN"),
        ("a", "SELECT rc1.id, rc1.v, rc2.w FROM rc1 JOIN rc2 ON rc1.id = rc2.id "
              "WHERE rc1.v > 5 ORDER BY rc1.id FOR UPDATE OF rc1"),
        ("b", "COMMIT"), ("a", "ROLLBACK"),
        # A function in FROM, and an outer join whose inner row stops matching.
        ("b", "BEGIN"), ("b", "UPDATE rc1 SET v = v + 1 WHERE id = 1"),
        ("a", "BEGIN"),
        ("a", "SELECT rc1.id, rc1.v, g FROM rc1, generate_series(1, 2) g "
              "WHERE rc1.id = 1 ORDER BY g FOR NO KEY UPDATE OF rc1"),
        ("b", "COMMIT"), ("a", "ROLLBACK"),
        ("b", "BEGIN"), ("b", "UPDATE rc1 SET id = 5 WHERE id = 1"),
        ("a", "BEGIN"),
        ("a", "SELECT rc1.id, rc1.v, rc2.w FROM rc1 LEFT JOIN rc2 ON rc1.id = rc2.id "
              "ORDER BY rc1.v FOR SHARE OF rc1"),
        ("b", "COMMIT"), ("a", "ROLLBACK"),
        # UPDATE waiting for a FOR UPDATE holder re-checks the version it locked.
        ("a", "BEGIN"), ("a", "SELECT * FROM rc1 WHERE id = 2 FOR UPDATE"),
        ("b", "UPDATE rc1 SET v = v * 2 WHERE id = 2 AND v > 50 RETURNING v"),
        ("a", "UPDATE rc1 SET v = 7 WHERE id = 2"), ("a", "COMMIT"),
        ("a", "SELECT * FROM rc1 ORDER BY id"),
        ("a", "DROP TABLE rc1"), ("a", "DROP TABLE rc2"),
    ])


def test_repeatable_read_fails_with_40001(servers):
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS rr"), ("a", "CREATE TABLE rr (id int4, v int4)"),
        ("a", "INSERT INTO rr VALUES (1, 1), (2, 2), (3, 3)"),
        ("b", "BEGIN"), ("b", "UPDATE rr SET v = 10 WHERE id = 1"),
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"), ("a", "SELECT count(*) FROM rr"),
        ("a", "SELECT * FROM rr WHERE id = 1 FOR UPDATE"),
        ("b", "COMMIT"), ("a", "ROLLBACK"),
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"), ("a", "SELECT count(*) FROM rr"),
        ("b", "DELETE FROM rr WHERE id = 2"),
        ("a", "SELECT * FROM rr WHERE id = 2 FOR SHARE"), ("a", "ROLLBACK"),
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"), ("a", "SELECT count(*) FROM rr"),
        ("b", "UPDATE rr SET v = 30 WHERE id = 3"),
        ("a", "SELECT * FROM rr WHERE id = 3 FOR KEY SHARE"),        # no key changed
        ("a", "SELECT * FROM rr WHERE id = 3 FOR NO KEY UPDATE"), ("a", "ROLLBACK"),
        ("b", "BEGIN"), ("b", "SELECT * FROM rr WHERE id = 1 FOR SHARE"),
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"),
        ("a", "SELECT * FROM rr WHERE id = 1 FOR UPDATE"),           # waits, then locks
        ("b", "COMMIT"), ("a", "COMMIT"),
        ("a", "DROP TABLE rr"),
    ])


def test_share_lockers_form_a_multixact_that_writers_outwait(servers):
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS mx"), ("a", "CREATE TABLE mx (id int4, v text)"),
        ("a", "INSERT INTO mx VALUES (1, 'a')"),
        ("s1", "BEGIN"), ("s1", "SELECT * FROM mx WHERE id = 1 FOR SHARE"),
        ("s2", "BEGIN"), ("s2", "SELECT * FROM mx WHERE id = 1 FOR SHARE"),
        ("s3", "BEGIN"), ("s3", "SELECT * FROM mx WHERE id = 1 FOR KEY SHARE"),
        ("w", "UPDATE mx SET v = 'w' WHERE id = 1"),
        ("c", "SELECT locktype, mode, granted FROM pg_locks "
              "WHERE locktype IN ('tuple', 'transactionid') AND NOT granted"),
        ("s1", "COMMIT"),
        ("c", "SELECT locktype, mode, granted FROM pg_locks "
              "WHERE locktype IN ('tuple', 'transactionid') AND NOT granted"),
        ("s2", "COMMIT"),
        ("c", "SELECT * FROM mx"),
        ("s1", "BEGIN"), ("s1", "SELECT * FROM mx WHERE id = 1 FOR SHARE"),
        ("w", "DELETE FROM mx WHERE id = 1"),
        ("s3", "COMMIT"), ("s1", "COMMIT"),
        ("c", "SELECT count(*) FROM mx"),
        ("a", "INSERT INTO mx VALUES (2, 'b')"),
        ("s1", "BEGIN"), ("s1", "SELECT * FROM mx FOR SHARE"),
        ("s2", "BEGIN"), ("s2", "SELECT * FROM mx FOR SHARE"),
        ("s1", "SELECT * FROM mx FOR UPDATE"),                # must outwait s2
        ("s2", "COMMIT"), ("s1", "UPDATE mx SET v = 'c'"), ("s1", "COMMIT"),
        ("c", "SELECT * FROM mx"), ("a", "DROP TABLE mx"),
    ])


def test_waiting_lockers_in_pg_locks(servers):
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS wl"), ("a", "CREATE TABLE wl (id int4, v int4)"),
        ("a", "INSERT INTO wl VALUES (1, 1)"),
        ("a", "BEGIN"), ("a", "UPDATE wl SET v = 2 WHERE id = 1"),
        ("b", "BEGIN"), ("b", "SELECT * FROM wl WHERE id = 1 FOR UPDATE"),
        ("d", "BEGIN"), ("d", "SELECT * FROM wl WHERE id = 1 FOR SHARE"),
        ("c", "SELECT locktype, mode, granted FROM pg_locks "
              "WHERE locktype IN ('tuple', 'transactionid') AND pid <> pg_backend_pid() "
              "ORDER BY locktype, granted, mode"),
        ("c", "SELECT mode, granted FROM pg_locks "
              "WHERE locktype = 'relation' AND relation = 'wl'::regclass ORDER BY mode"),
        ("a", "COMMIT"),
        ("c", "SELECT locktype, mode, granted FROM pg_locks "
              "WHERE locktype IN ('tuple', 'transactionid') AND pid <> pg_backend_pid() "
              "ORDER BY locktype, granted, mode"),
        ("b", "COMMIT"), ("d", "COMMIT"),
        ("a", "DROP TABLE wl"),
    ])


def test_locks_taken_in_savepoints(servers):
    """A lock taken in a savepoint is the subtransaction's: ROLLBACK TO gives it back (a
    stronger lock over an outer one makes a multixact of both xids), RELEASE keeps it."""
    same_on_both(servers, [
        ("a", "DROP TABLE IF EXISTS sp"), ("a", "CREATE TABLE sp (id int4, v int4)"),
        ("a", "INSERT INTO sp VALUES (1, 1), (2, 2)"),
        ("a", "BEGIN"), ("a", "SELECT * FROM sp WHERE id = 1 FOR SHARE"),
        ("a", "SAVEPOINT s1"), ("a", "SELECT * FROM sp WHERE id = 1 FOR UPDATE"),
        ("b", "SELECT * FROM sp WHERE id = 1 FOR KEY SHARE NOWAIT"),
        ("a", "ROLLBACK TO s1"),
        ("b", "SELECT * FROM sp WHERE id = 1 FOR SHARE NOWAIT"),
        ("b", "SELECT * FROM sp WHERE id = 1 FOR UPDATE NOWAIT"),
        ("a", "SAVEPOINT s2"), ("a", "UPDATE sp SET v = 10 WHERE id = 2"),
        ("a", "ROLLBACK TO s2"),
        ("b", "SELECT * FROM sp WHERE id = 2 FOR UPDATE NOWAIT"),
        ("a", "SAVEPOINT s3"), ("a", "SELECT * FROM sp WHERE id = 2 FOR NO KEY UPDATE"),
        ("a", "RELEASE s3"),
        ("b", "SELECT * FROM sp WHERE id = 2 FOR SHARE NOWAIT"),
        ("b", "SELECT * FROM sp WHERE id = 2 FOR KEY SHARE NOWAIT"),
        ("a", "UPDATE sp SET v = 20 WHERE id = 2"),
        ("b", "BEGIN"), ("b", "SELECT * FROM sp WHERE id = 2 FOR KEY SHARE"),
        ("c", "DELETE FROM sp WHERE id = 2"),
        ("a", "COMMIT"), ("b", "COMMIT"),
        ("a", "SELECT * FROM sp ORDER BY id"), ("a", "DROP TABLE sp"),
    ])


def _multixact_members(server):
    with server.connect(autocommit=True) as setup:
        setup.execute("CREATE TABLE mm (id int4)")
        setup.execute("INSERT INTO mm VALUES (1)")
    lockers = [server.connect(autocommit=False) for _ in range(2)]
    try:
        lockers[0].execute("SELECT * FROM mm FOR SHARE")
        lockers[0].execute("SELECT * FROM mm FOR KEY SHARE")      # already held: no change
        lockers[1].execute("SELECT * FROM mm FOR KEY SHARE")      # the cluster's first multixact
        with server.connect(autocommit=True) as check:
            # Members come in the order they were stored: the earlier locker (s0) first.
            rows = check.execute("SELECT xid, mode FROM pg_get_multixact_members('1')").fetchall()
            members = [(f"s{i}", mode) for i, (_, mode) in enumerate(rows)]
            assert len({xid for xid, _ in rows}) == len(rows)
            errors = []
            for arg in ("0", "2"):
                try:
                    check.execute(f"SELECT * FROM pg_get_multixact_members('{arg}')")
                except Exception as e:
                    errors.append((e.diag.sqlstate, e.diag.message_primary))
        return members, errors
    finally:
        for conn in lockers:
            conn.close()


def test_pg_get_multixact_members(make_oracle_server, make_pgsnake_server):
    """The first multixact of a fresh cluster is 1 on both servers: its members, and
    the errors for an invalid and a not yet created multixact."""
    expected = _multixact_members(make_oracle_server())
    assert expected[0] == [("s0", "sh"), ("s1", "keysh")]
    assert _multixact_members(make_pgsnake_server()) == expected
