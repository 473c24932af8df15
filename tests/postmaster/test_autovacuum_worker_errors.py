# An autovacuum worker whose database cannot be read (here: its directory is gone, the
# state a DROP DATABASE racing with the launcher's choice can leave) logs the ERROR and
# exits as after FATAL; the postmaster does not take it for a crash, so no crash-restart
# ends the other sessions (AutoVacWorkerMain's error handler).
import os
import shutil
import time


def test_worker_error_is_not_a_crash(make_pgsnake_server):
    server = make_pgsnake_server(settings={"autovacuum": "on", "autovacuum_naptime": "1"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE DATABASE av_ghost")
        oid = conn.execute("SELECT oid FROM pg_database WHERE datname = 'av_ghost'").fetchone()[0]
        started = conn.execute("SELECT pg_postmaster_start_time()").fetchone()[0]
        pid = conn.info.backend_pid
        shutil.rmtree(os.path.join(server.datadir, "base", str(oid)))
        deadline = time.monotonic() + 60
        while f'"base/{oid}/' not in server.log_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert f'"base/{oid}/' in server.log_text(), "no worker visited the database"
        time.sleep(2)
        # the same session goes on: no crash-restart killed it
        assert conn.execute("SELECT pg_backend_pid(), pg_postmaster_start_time()").fetchone() \
            == (pid, started)
    assert "PANIC" not in server.log_text()
    assert "terminating any other active server processes" not in server.log_text()
