# Proves the cumulative statistics outlive a clean shutdown and not a crash, on pgsnake
# and on PostgreSQL 15: counts flushed before `stop -m fast` are there after the restart
# (pg_stat/ holds them meanwhile); after kill -9 crash recovery starts them from zero.
from __future__ import annotations


def _counts(conn):
    return conn.execute("SELECT n_tup_ins, n_tup_del, n_live_tup FROM pg_stat_user_tables "
                        "WHERE relname = 'persisted'").fetchone()


def test_statistics_survive_a_clean_restart_and_not_a_crash(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE persisted (id int)")
        conn.execute("INSERT INTO persisted SELECT generate_series(1, 7)")
        conn.execute("DELETE FROM persisted WHERE id <= 2")
        conn.execute("SELECT pg_stat_force_next_flush()")
        assert _counts(conn) == (7, 2, 5)
    server.stop("fast")
    server.start()
    with server.connect(autocommit=True) as conn:
        assert _counts(conn) == (7, 2, 5)
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        assert _counts(conn) == (0, 0, 0)
        assert conn.execute("SELECT count(*) FROM persisted").fetchone()[0] == 5
