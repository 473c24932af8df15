# READ COMMITTED write conflicts behave as in PostgreSQL 15 (its isolation specs'
# EvalPlanQual cases): a second writer blocks on a row the first has updated, then, once
# the first commits, re-checks its WHERE clause against the new row version and updates
# that one (or skips it if it no longer qualifies); if the first rolls back, the second
# updates the original version. Each session is its own backend process.
import threading
import time

import pytest


def _scenario(server, first_sql, second_sql, finish_first):
    with server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS iso_rc")
        setup.execute("CREATE TABLE iso_rc (id int4 NOT NULL, balance int4)")
        setup.execute("INSERT INTO iso_rc VALUES (1, 100), (2, 200)")
    s1 = server.connect(autocommit=False)
    s2 = server.connect(autocommit=False)
    try:
        s1.execute(first_sql)
        result = {}

        def second():
            cur = s2.execute(second_sql)
            result["rowcount"] = cur.rowcount
            result["rows"] = cur.fetchall() if cur.description else None
            s2.commit()
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.5)
        blocked = worker.is_alive()           # the second writer must be waiting
        getattr(s1, finish_first)()
        worker.join(timeout=30)
        assert not worker.is_alive(), "second session never finished"
        with server.connect(autocommit=True) as check:
            final = check.execute("SELECT id, balance FROM iso_rc ORDER BY id").fetchall()
            check.execute("DROP TABLE iso_rc")
        return blocked, result, final
    finally:
        s1.close()
        s2.close()


CASES = [
    # the second update sees the first's committed change and adds to it
    ("UPDATE iso_rc SET balance = balance + 10 WHERE id = 1",
     "UPDATE iso_rc SET balance = balance * 2 WHERE id = 1 RETURNING balance", "commit"),
    # after the first commits, the row no longer matches the second's WHERE: skipped
    ("UPDATE iso_rc SET balance = 50 WHERE id = 1",
     "UPDATE iso_rc SET balance = 0 WHERE id = 1 AND balance = 100", "commit"),
    # the first rolls back: the second updates the original version
    ("UPDATE iso_rc SET balance = 50 WHERE id = 1",
     "UPDATE iso_rc SET balance = balance + 1 WHERE id = 1 RETURNING balance", "rollback"),
    # a delete waits for an update, then deletes the new version
    ("UPDATE iso_rc SET balance = 75 WHERE id = 2",
     "DELETE FROM iso_rc WHERE id = 2 RETURNING balance", "commit"),
    # an update waits for a delete, then finds nothing to update
    ("DELETE FROM iso_rc WHERE id = 2",
     "UPDATE iso_rc SET balance = 1 WHERE id = 2", "commit"),
]


@pytest.mark.parametrize("first,second,finish", CASES, ids=[str(i) for i in range(len(CASES))])
def test_write_conflicts_match_postgresql(oracle, pgsnake_server, first, second, finish):
    assert _scenario(pgsnake_server, first, second, finish) == _scenario(oracle, first, second, finish)
