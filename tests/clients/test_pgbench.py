"""pgbench, unmodified, against pgsnake: `pgbench -i -s 1` (its DDL, COPY ... FREEZE,
VACUUM, primary keys), then the built-in scripts (tpcb-like, simple-update, select-only)
in the simple, extended and prepared protocols with 4 clients on 2 threads. Every run
must end with "number of failed transactions: 0" and all its transactions done, and the
balances must agree as TPC-B requires: after tpcb-like runs, the sum of the accounts'
balances equals the branches', the tellers' and the history's deltas; simple-update moves
only accounts and history, which must keep agreeing.

The scripts pick random rows, so there is no oracle output to compare with; the oracle
runs the same checks in the slow tier, which proves the checks themselves.

Default tier: initialisation without its VACUUM step (pgsnake vacuums 100,000 rows
slowly) and tpcb-like in the three protocols, two transactions per client each. It is
over the 5-second mark (a minute on a machine shared by many agents, most of it the COPY
of 100,000 rows and the primary-key build, which pgsnake does at about 10,000 rows a
second), kept because pgbench is one of the tools issue 9 names. Slow tier: the full
initialisation and all nine script / protocol pairs with more transactions, on pgsnake
and on PostgreSQL."""
from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess

import pytest

from harness.servers import PG_BIN_FALLBACK

MODES = ("simple", "extended", "prepared")
_databases = itertools.count(1)


def _pgbench() -> str | None:
    candidate = os.path.join(PG_BIN_FALLBACK, "pgbench")
    return candidate if os.access(candidate, os.X_OK) else shutil.which("pgbench")


pytestmark = pytest.mark.skipif(_pgbench() is None, reason="pgbench not installed")


def _run(server, dbname: str, *args: str, timeout: float = 600) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    done = subprocess.run([_pgbench(), "-h", server.host, "-p", str(server.port),
                           "-U", server.user, *args, dbname],
                          capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _bench(server, dbname: str, script: str, mode: str, transactions: int) -> None:
    out = _run(server, dbname, "-n", "-b", script, "-M", mode, "-c", "4", "-j", "2",
               "-t", str(transactions))
    assert "number of failed transactions: 0 (0.000%)" in out, out
    processed = re.search(r"number of transactions actually processed: (\d+)/(\d+)", out)
    assert processed and processed.group(1) == processed.group(2) == str(4 * transactions), out


def _balances(server, dbname: str) -> tuple:
    with server.connect(dbname=dbname) as conn:
        return conn.execute(
            "SELECT (SELECT sum(abalance) FROM pgbench_accounts),"
            " (SELECT sum(bbalance) FROM pgbench_branches),"
            " (SELECT sum(tbalance) FROM pgbench_tellers),"
            " (SELECT coalesce(sum(delta), 0) FROM pgbench_history),"
            " (SELECT count(*) FROM pgbench_history),"
            " (SELECT count(*) FROM pgbench_accounts)").fetchone()


def _session(server, *, init_steps: str | None, scripts: tuple, transactions: int) -> None:
    dbname = f"pgbench_{next(_databases)}"
    with server.connect() as admin:
        admin.execute(f"CREATE DATABASE {dbname}")
    try:
        init = ["-i", "-s", "1", "-q"] + (["-I", init_steps] if init_steps else [])
        _run(server, dbname, *init)
        assert _balances(server, dbname) == (0, 0, 0, 0, 0, 100000)
        expected_history = 0
        for mode in MODES:
            _bench(server, dbname, "tpcb-like", mode, transactions)
            expected_history += 4 * transactions
            accounts, branches, tellers, history, count, _ = _balances(server, dbname)
            assert accounts == branches == tellers == history and count == expected_history
        for script in scripts:
            for mode in MODES:
                before = _balances(server, dbname)
                _bench(server, dbname, script, mode, transactions)
                accounts, branches, tellers, history, count, _ = _balances(server, dbname)
                assert accounts == history and (branches, tellers) == before[1:3]
                if script == "select-only":
                    assert (accounts, count) == (before[0], before[4])
    finally:
        with server.connect() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname}")


@pytest.mark.timeout(600)
def test_pgbench_tpcb_like_on_pgsnake(pgsnake_server):
    _session(pgsnake_server, init_steps="dtgp", scripts=(), transactions=2)


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_pgbench_builtin_scripts(kind, request):
    server = request.getfixturevalue("pgsnake_server" if kind == "pgsnake" else "oracle")
    _session(server, init_steps=None, scripts=("simple-update", "select-only"),
             transactions=25)
