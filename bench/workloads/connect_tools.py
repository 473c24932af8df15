"""Workloads: connection set-up as PostgreSQL's own client programs pay it.

`connect_psql`: N × `psql -X -c 'SELECT 1'`, each process timed alone from its start to
its exit (time = N × the median). psql's own start (a C program: a few ms) is in both
servers' numbers alike; what differs is the server's accept, fork, authentication and
start-up, and the first query.

`pgbench_connect`: `pgbench -C -S` (select-only, a new connection for every
transaction, as a pool-less application does) for N transactions on one client, over a
`pgbench -i -s 1` database; time is pgbench's own elapsed time (its "latency average"
includes the connection). This is the per-connection cost plus one primary-key lookup
on pgbench_accounts.

`pgbench_tpcb`: pgbench's default TPC-B-like script over the same database, one
connection, simple protocol: per transaction three UPDATEs by primary key, a SELECT by
primary key, an INSERT and a commit (per-statement parse, analysis, planning and
executor start-up, point writes and the commit's WAL flush).

Both find the client programs next to PostgreSQL 15's (tests/harness/servers.py).

Entry points: PSQL_WORKLOAD, PGBENCH_WORKLOAD, TPCB_WORKLOAD
PostgreSQL: src/bin/pgbench/pgbench.c (-C: doConnect per transaction), src/bin/psql
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import time

from .base import Timed, Workload

PG_BIN = "/usr/lib/postgresql/15/bin"


def client_program(name: str) -> str:
    path = os.path.join(PG_BIN, name)
    if os.access(path, os.X_OK):
        return path
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} (PostgreSQL 15 client) not found")
    return found


def _connection_args(target) -> list[str]:
    return ["-h", target.host, "-p", str(target.port), "-U", target.user]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PGDATABASE", "PGHOST", "PGPORT", "PGUSER", "PGOPTIONS", "PGSERVICE"):
        env.pop(name, None)
    return env


# -- psql -c -------------------------------------------------------------------------------

def psql_setup(conn, size: int) -> None:
    pass


def psql_run(conn, target, size: int) -> Timed:
    command = [client_program("psql"), "-X", "-q", "-A", "-t", *_connection_args(target),
               "-d", target.dbname, "-c", "SELECT 1"]
    env = _environment()
    times = []
    for _ in range(size):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        times.append(time.perf_counter() - start)
        if result.returncode != 0 or result.stdout.strip() != "1":
            raise RuntimeError(f"psql -c failed: {result.stderr.strip() or result.stdout!r}")
    return Timed(rows=size, seconds=statistics.median(times) * size)


PSQL_WORKLOAD = Workload(
    name="connect_psql",
    measures="psql -X -c 'SELECT 1', N processes; time = N x the median run",
    setup=psql_setup, run=psql_run, quick_size=10, full_size=50)


# -- pgbench -C -S ------------------------------------------------------------------------

PGBENCH_DATABASE = "bench_pgbench"


def pgbench_setup(conn, size: int) -> None:
    """A pgbench database at scale 1 (100,000 accounts, primary keys), made once per
    server; its own database so that the other workloads' tables stay apart."""
    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                          (PGBENCH_DATABASE,)).fetchone()
    if exists:
        return
    conn.execute(f"CREATE DATABASE {PGBENCH_DATABASE}")
    info = conn.info
    command = [client_program("pgbench"), "-i", "-q", "-s", "1", "-h", info.host,
               "-p", str(info.port), "-U", info.user, PGBENCH_DATABASE]
    result = subprocess.run(command, capture_output=True, text=True, env=_environment(),
                            timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"pgbench -i failed: {result.stderr.strip()}")


_ELAPSED = re.compile(r"latency average = ([0-9.]+) ms")
_FAILED = re.compile(r"number of failed transactions: (\d+)")


def pgbench_run(conn, target, size: int) -> Timed:
    return _timed_pgbench(["-C", "-S"], "pgbench -C -S", target, size)


def _timed_pgbench(options: list, what: str, target, size: int) -> Timed:
    """Run pgbench with `options` for `size` transactions on one connection; its average
    latency times `size` is the time (pgbench's own clock, not its start-up)."""
    command = [client_program("pgbench"), "-n", *options, "-c", "1", "-t", str(size),
               *_connection_args(target), PGBENCH_DATABASE]
    result = subprocess.run(command, capture_output=True, text=True, env=_environment(),
                            timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed: {result.stderr.strip()}")
    latency = _ELAPSED.search(result.stdout)
    failed = _FAILED.search(result.stdout)
    if latency is None:
        raise RuntimeError(f"pgbench printed no latency: {result.stdout!r}")
    if failed is not None and int(failed.group(1)) != 0:
        raise RuntimeError(f"pgbench: {failed.group(1)} failed transactions")
    return Timed(rows=size, seconds=float(latency.group(1)) / 1000 * size)


PGBENCH_WORKLOAD = Workload(
    name="pgbench_connect",
    measures="pgbench -C -S (select-only, new connection per transaction), 1 client, N transactions",
    setup=pgbench_setup, run=pgbench_run, quick_size=50, full_size=300)


# -- pgbench TPC-B ------------------------------------------------------------------------

def tpcb_run(conn, target, size: int) -> Timed:
    """pgbench's built-in TPC-B-like script (three UPDATEs by primary key, a SELECT, an
    INSERT, in one transaction), one connection, simple protocol (pgbench's default)."""
    return _timed_pgbench([], "pgbench (TPC-B)", target, size)


TPCB_WORKLOAD = Workload(
    name="pgbench_tpcb",
    measures="pgbench TPC-B-like transactions (3 point UPDATEs, SELECT, INSERT, commit), "
             "1 client, simple protocol, N transactions",
    setup=pgbench_setup, run=tpcb_run, quick_size=50, full_size=300)
