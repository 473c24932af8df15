# Proves a sequence never hands out a value twice, across kill -9 and crash recovery,
# on pgsnake and on PostgreSQL 15: values taken (including by transactions that rolled
# back, and around a checkpoint) are all below the first value after the restart, and
# a serial column goes on from where it was.
from __future__ import annotations


def test_sequence_values_never_repeat_after_kill9(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE SEQUENCE sk")
        conn.execute("CREATE TABLE sk_t (id serial PRIMARY KEY, v int)")
        taken = [conn.execute("SELECT nextval('sk')").fetchone()[0] for _ in range(40)]
        conn.execute("BEGIN")
        taken.append(conn.execute("SELECT nextval('sk')").fetchone()[0])
        conn.execute("ROLLBACK")
        conn.execute("CHECKPOINT")
        taken += [conn.execute("SELECT nextval('sk')").fetchone()[0] for _ in range(5)]
        for v in range(50):
            conn.execute("INSERT INTO sk_t (v) VALUES (%s)", (v,))
        ids = [r[0] for r in conn.execute("SELECT id FROM sk_t ORDER BY id")]
    assert taken == list(range(1, 47)) and ids == list(range(1, 51))
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        after = conn.execute("SELECT nextval('sk')").fetchone()[0]
        assert after > max(taken)
        new_id = conn.execute("INSERT INTO sk_t (v) VALUES (0) RETURNING id").fetchone()[0]
        assert new_id > max(ids)
        assert conn.execute("SELECT count(*) FROM sk_t").fetchone()[0] == 51
