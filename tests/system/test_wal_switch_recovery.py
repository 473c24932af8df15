"""WAL segment switches survive a crash: after pg_switch_wal (and the switches
pg_backup_start / pg_backup_stop make) the rest of the segment is skipped, and crash
recovery follows the WAL across it into the next segment, replaying every commit; a
session that exits with its backup running ends it with PostgreSQL's WARNING.
Run against both servers (server_kind) to show the test itself is right.
PostgreSQL: access/transam/xlog.c (RequestXLogSwitch, do_pg_abort_backup),
xlogreader.c (XLogReadRecord's handling of XLOG_SWITCH).
"""
from __future__ import annotations

import pytest


# In the default tier (~10 s): the WAL reader's jump over a switched segment is what crash
# recovery depends on.
def test_crash_recovery_reads_across_segment_switches(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE switched (a int)")
        conn.execute("CHECKPOINT")
        segments = []
        for value in range(1, 5):
            conn.execute("INSERT INTO switched VALUES (%s)", (value,))
            conn.execute("SELECT pg_create_restore_point('regress_' || %s)", (str(value),))
            segments.append(conn.execute(
                "SELECT pg_walfile_name(pg_current_wal_insert_lsn())").fetchone()[0])
            conn.execute("SELECT pg_switch_wal()")
        conn.execute("INSERT INTO switched VALUES (5)")
        after = conn.execute("SELECT pg_walfile_name(pg_current_wal_insert_lsn())").fetchone()[0]
    assert len(set(segments + [after])) == 5          # one segment per switch
    server.kill_all_9()
    server.start()
    with server.connect() as conn:
        assert conn.execute("SELECT count(*), sum(a) FROM switched").fetchone() == (5, 15)
        conn.execute("INSERT INTO switched VALUES (6)")
        conn.commit()
        assert conn.execute("SELECT sum(a) FROM switched").fetchone() == (21,)


@pytest.mark.slow     # its own server for a log check; regress admin_wal_functions.sql covers backups
def test_session_exit_aborts_its_backup(make_server):
    server = make_server()
    size = server.log_size()
    with server.connect(autocommit=True) as conn:
        conn.execute("SELECT pg_backup_start('left running')")
    with server.connect(autocommit=True) as conn:
        # the new session may start its own backup: the old one is over
        conn.execute("SELECT pg_backup_start('second')")
        conn.execute("SELECT * FROM pg_backup_stop(false)")
    text = server.log_text(size)
    assert "aborting backup due to backend exiting before pg_backup_stop was called" in text
