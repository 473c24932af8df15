# `pgsnake serve` runs the server in the foreground: on first use it initialises the
# data directory (the documented default under $HOME when no -D/PGDATA is given), prints
# how to connect, serves clients, and Ctrl-C (SIGINT) is a fast shutdown that ends with a
# shutdown checkpoint, so the next start needs no crash recovery.
import os
import signal
import subprocess
import sys
import time

import psycopg

from harness.servers import free_port


def _serve(args, env, tmp_path):
    out = open(tmp_path / "serve.out", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "pgsnake", "serve", *args], env=env,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, out


def _wait_connectable(port, proc, out):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, open(out.name).read()
        try:
            with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                                 connect_timeout=2) as conn:
                return conn.execute("SELECT 1").fetchone()[0]
        except psycopg.OperationalError:
            time.sleep(0.2)
    raise AssertionError("server never accepted connections:\n" + open(out.name).read())


def test_serve_initialises_default_directory_and_ctrl_c_is_fast_shutdown(tmp_path):
    port = free_port()
    env = dict(os.environ, HOME=str(tmp_path))
    env.pop("PGDATA", None)
    sockdir = tmp_path / "sock"
    sockdir.mkdir()
    proc, out = _serve(["-p", str(port), "-c", "listen_addresses=127.0.0.1",
                        "-c", f"unix_socket_directories={sockdir}"], env, tmp_path)
    try:
        assert _wait_connectable(port, proc, out) == 1
        datadir = tmp_path / ".local" / "share" / "pgsnake" / "data"
        assert (datadir / "PG_VERSION").read_text().strip() == "15"
        printed = open(out.name).read()
        assert f"-p {port}" in printed and "psql" in printed
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE TABLE served (a int4)")
            conn.execute("INSERT INTO served VALUES (7)")
        os.killpg(proc.pid, signal.SIGINT)      # what Ctrl-C in a terminal does
        assert proc.wait(timeout=60) == 0
        log = open(out.name).read()
        assert "received fast shutdown request" in log
        assert "database system is shut down" in log
        assert not (datadir / "postmaster.pid").exists()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    # Second run: the directory exists, so no initdb; the shutdown was clean, so no recovery.
    proc, out = _serve(["-D", str(datadir), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
                        "-c", f"unix_socket_directories={sockdir}"], env, tmp_path)
    try:
        _wait_connectable(port, proc, out)
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres") as conn:
            assert conn.execute("SELECT a FROM served").fetchall() == [(7,)]
        log = open(out.name).read()
        assert "automatic recovery in progress" not in log
        assert "Success." not in log          # initdb did not run again
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
