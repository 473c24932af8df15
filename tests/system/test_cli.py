# Proves pgsnake's command line behaves like initdb + pg_ctl: initdb lays out a
# PostgreSQL-shaped data directory; start returns only once connections are accepted;
# status says 0 running / 3 stopped; stop stops; a start that cannot bind its port exits
# non-zero and says why; PGDATA and PGPORT are honoured when -D/-p are absent.
from __future__ import annotations

import os
import socket

import psycopg
import pytest

from harness import processes
from harness.servers import free_port


def test_initdb_creates_the_data_directory_layout(make_pgsnake_server):
    server = make_pgsnake_server(start=False)
    data = server.datadir
    for directory in ("base", "global", "pg_wal", "pg_xact"):
        assert os.path.isdir(os.path.join(data, directory)), directory
    for name in ("PG_VERSION", "global/pg_control", "postgresql.conf", "pg_hba.conf"):
        assert os.path.isfile(os.path.join(data, name)), name
    with open(os.path.join(data, "PG_VERSION")) as f:
        assert f.read().strip() == "15"
    # pg_control is one 8 kB block, as PostgreSQL writes it.
    assert os.path.getsize(os.path.join(data, "global/pg_control")) == 8192
    # template1 and postgres each have a directory under base/.
    assert len([d for d in os.listdir(os.path.join(data, "base")) if d.isdigit()]) >= 2
    assert not os.path.exists(os.path.join(data, "postmaster.pid"))


def test_initdb_refuses_a_non_empty_directory(make_pgsnake_server):
    server = make_pgsnake_server(start=False)
    again = server.command("initdb", "-D", server.datadir)
    assert again.returncode != 0
    assert "exists" in (again.stdout + again.stderr).lower()


def test_start_status_stop(make_pgsnake_server):
    server = make_pgsnake_server(start=False)
    assert server.status() == 3
    server.start()
    # start -w semantics: the server accepts connections the moment start returns.
    with server.connect() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert server.status() == 0
    postmaster = server.postmaster_pid()
    assert postmaster and processes.is_alive(postmaster)
    server.stop("fast")
    assert server.status() == 3
    assert not processes.is_alive(postmaster)
    assert server.all_server_pids() == []
    assert not os.path.exists(os.path.join(server.datadir, "postmaster.pid"))
    with pytest.raises(psycopg.OperationalError):
        server.connect()


def test_start_fails_with_a_reason_when_the_port_is_taken(make_pgsnake_server):
    server = make_pgsnake_server(start=False)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(1)
        server.port = blocker.getsockname()[1]
        result = server.start(check=False, timeout=60)
        said = result.stdout + result.stderr + server.log_text()
        assert result.returncode != 0
        assert "already in use" in said.lower(), said
    assert server.status() == 3
    assert server.all_server_pids() == []


def test_start_fails_on_a_missing_data_directory(make_pgsnake_server):
    server = make_pgsnake_server(initdb=False)
    result = server.command("start", "-D", server.datadir, "-p", str(server.port),
                            timeout=60)
    assert result.returncode != 0
    assert (result.stdout + result.stderr).strip()


def test_pgdata_and_pgport_are_honoured(make_pgsnake_server):
    server = make_pgsnake_server(start=False)
    port = free_port()
    env = {"PGDATA": server.datadir, "PGPORT": str(port)}
    started = server.command("start", "-l", server.logfile, "-c", "listen_addresses=127.0.0.1",
                             "-c", f"unix_socket_directories={server.socket_dir}", env=env)
    assert started.returncode == 0, started.stdout + started.stderr + server.log_text()
    server.port = port
    with server.connect() as conn:
        assert conn.execute("SELECT 2").fetchone() == (2,)
    assert server.pid_file().port == port
    assert server.command("status", env=env).returncode == 0
    assert server.command("stop", "-m", "fast", env=env).returncode == 0
    assert server.command("status", env=env).returncode == 3
