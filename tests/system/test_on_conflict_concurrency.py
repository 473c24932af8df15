# Proves INSERT ... ON CONFLICT holds under concurrency, on pgsnake and on PostgreSQL 15:
# several clients upserting the same few keys at once never get a unique violation or a
# deadlock, every DO UPDATE increment is counted exactly once, and DO NOTHING inserts
# each key exactly once.
from __future__ import annotations

import threading

CLIENTS = 4
ROUNDS = 60
KEYS = 5


def _worker(server, errors, seed):
    try:
        with server.connect(autocommit=True) as conn:
            for i in range(ROUNDS):
                key = (seed + i) % KEYS
                conn.execute("INSERT INTO upsert_t VALUES (%s, 1) ON CONFLICT (k) "
                             "DO UPDATE SET n = upsert_t.n + 1", (key,))
                conn.execute("INSERT INTO once_t VALUES (%s) ON CONFLICT DO NOTHING",
                             (seed * 1000 + i % 7,))
                conn.execute("INSERT INTO once_t VALUES (%s) ON CONFLICT DO NOTHING", (i % 9,))
    except Exception as error:           # reported by the test, with its SQLSTATE
        errors.append(error)


def test_concurrent_upserts(shared_server):
    with shared_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS upsert_t, once_t")
        conn.execute("CREATE TABLE upsert_t (k int PRIMARY KEY, n int)")
        conn.execute("CREATE TABLE once_t (k int PRIMARY KEY)")
    errors: list = []
    threads = [threading.Thread(target=_worker, args=(shared_server, errors, s))
               for s in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(240)
    assert not errors, [(getattr(e, "sqlstate", None), str(e)) for e in errors]
    with shared_server.connect(autocommit=True) as conn:
        assert conn.execute("SELECT count(*), sum(n) FROM upsert_t").fetchone() == \
            (KEYS, CLIENTS * ROUNDS)
        expected = {s * 1000 + j for s in range(CLIENTS) for j in range(7)} | set(range(9))
        assert {r[0] for r in conn.execute("SELECT k FROM once_t")} == expected
        conn.execute("DROP TABLE upsert_t, once_t")
