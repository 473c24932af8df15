# Tables created and dropped since the last checkpoint survive a power failure as they
# were committed. A new relation file's name becomes durable only when a checkpoint
# fsyncs its directory, so after the power fails the files of tables created since are
# gone (their creation is undone, with their rows): replay must create them again from
# the WAL (smgr create records, full-page images or records that re-init the pages) and
# refill them. A table dropped and committed comes back on disk after the power failure
# (the unlink was not durable either), and replay of the commit record removes its file
# again. A table created in a rolled-back transaction leaves nothing. Runs on pgsnake only
# (power loss is simulated by its file layer).
from __future__ import annotations

import os

from harness.faults import make_faulty_server


def test_tables_created_and_dropped_since_the_checkpoint(make_pgsnake_server):
    server = make_faulty_server(make_pgsnake_server, power_loss=True)
    with server.connect() as conn:
        conn.execute("CHECKPOINT")
        paths = {}
        for i in range(1, 5):
            conn.execute(f"CREATE TABLE fresh_{i} (id int4, pad text)")
            conn.execute(f"INSERT INTO fresh_{i} SELECT g, repeat('f', 200) "
                         f"FROM generate_series(1, {60 * i}) g")
            paths[i] = conn.execute(f"SELECT pg_relation_filepath('fresh_{i}')").fetchone()[0]
        conn.execute("CREATE TABLE doomed (id int4)")
        conn.execute("INSERT INTO doomed VALUES (1)")
        doomed_path = conn.execute("SELECT pg_relation_filepath('doomed')").fetchone()[0]
        conn.execute("DROP TABLE doomed")
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE never (id int4)")
        never_path = conn.execute("SELECT pg_relation_filepath('never')").fetchone()[0]
        conn.execute("ROLLBACK")
    server.kill_all_9()
    report = server.faults.power_loss(mode="drop")
    # The power failure took the new files' names away (and brought the dropped one back).
    assert report.creations_undone >= 4, report
    assert not os.path.exists(os.path.join(server.datadir, paths[1]))
    server.start()
    with server.connect() as conn:
        for i in range(1, 5):
            assert conn.execute(f"SELECT count(*), sum(id) FROM fresh_{i}").fetchone() == (
                60 * i, 60 * i * (60 * i + 1) // 2)
        assert conn.execute("SELECT count(*) FROM pg_class "
                            "WHERE relname IN ('doomed', 'never')").fetchone() == (0,)
        conn.execute("INSERT INTO fresh_1 VALUES (0, 'after')")
    for path in (doomed_path, never_path):
        assert not os.path.exists(os.path.join(server.datadir, path)), path
