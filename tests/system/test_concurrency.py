# Proves sessions are isolated processes that share one database: each connection has its
# own backend process, sees other sessions' committed rows and never their uncommitted
# ones; several client processes inserting at once lose no row.
from __future__ import annotations

import multiprocessing

import psycopg


def test_committed_visible_uncommitted_not(shared_server, request):
    table = f"conc_vis_{request.node.callspec.id}".replace("-", "_")
    with shared_server.connect() as setup:
        setup.execute(f"DROP TABLE IF EXISTS {table}")
        setup.execute(f"CREATE TABLE {table} (id int4, who text)")
    writer = shared_server.connect(autocommit=False)
    reader = shared_server.connect()
    try:
        assert writer.info.backend_pid != reader.info.backend_pid
        writer.execute(f"INSERT INTO {table} VALUES (1, 'writer')")
        assert writer.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,)
        assert reader.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        writer.commit()
        assert reader.execute(f"SELECT who FROM {table}").fetchall() == [("writer",)]
        writer.execute(f"DELETE FROM {table}")
        assert reader.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,)
        writer.rollback()
        assert reader.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,)
        reader.execute(f"INSERT INTO {table} VALUES (2, 'reader')")
        assert writer.execute(f"SELECT count(*) FROM {table}").fetchone() == (2,)
        writer.rollback()
    finally:
        writer.close()
        reader.close()
        with shared_server.connect() as cleanup:
            cleanup.execute(f"DROP TABLE {table}")


def _insert_rows(dsn: str, table: str, worker: int, count: int) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for i in range(count):
            conn.execute(f"INSERT INTO {table} VALUES ({worker}, {i})", prepare=False)


def test_concurrent_inserts_lose_nothing(shared_server, request):
    table = f"conc_ins_{request.node.callspec.id}".replace("-", "_")
    workers, per_worker = 4, 100
    with shared_server.connect() as setup:
        setup.execute(f"DROP TABLE IF EXISTS {table}")
        setup.execute(f"CREATE TABLE {table} (worker int4, n int4)")
    context = multiprocessing.get_context("fork")
    procs = [context.Process(target=_insert_rows, args=(shared_server.dsn, table, w, per_worker))
             for w in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    assert [proc.exitcode for proc in procs] == [0] * workers
    with shared_server.connect() as conn:
        rows = conn.execute(f"SELECT worker, count(*), min(n), max(n) FROM {table} "
                            f"GROUP BY worker ORDER BY worker").fetchall()
        assert rows == [(w, per_worker, 0, per_worker - 1) for w in range(workers)]
        conn.execute(f"DROP TABLE {table}")
