# A session can identify its own backend: pg_backend_pid() is the PID sent in
# BackendKeyData, and it is a real child process of the postmaster whose process title
# names the user, database and client, as PostgreSQL's backends do.
import time


def _title(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().replace(b"\0", b" ").decode().strip()


def _parent(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def test_backend_pid_is_the_backend_process(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        assert pid == conn.info.backend_pid
        assert _parent(pid) == pgsnake_server.postmaster_pid()
        time.sleep(0.05)
        title = _title(pid)
        assert title.startswith("pgsnake: postgres postgres 127.0.0.1(")
        assert title.endswith(" idle")


def test_backend_pid_differs_per_connection(oracle, pgsnake_server):
    for server in (pgsnake_server, oracle):
        with server.connect() as a, server.connect() as b:
            pa = a.execute("SELECT pg_backend_pid()").fetchone()[0]
            pb = b.execute("SELECT pg_backend_pid()").fetchone()[0]
            assert pa != pb
