# SQLAlchemy's own dialect compliance suite (sqlalchemy.testing.suite: about 1,500 tests
# of types, DDL, reflection, RETURNING, CTEs, sequences, server-side cursors, ...), run
# unmodified on pgsnake and on PostgreSQL 15: every test that passes on PostgreSQL must
# pass on pgsnake. The suite runs in a subprocess (it brings its own pytest plugin and
# fixtures), from tests/third_party/sqlalchemy_suite, each time in a new database.
#
# The default tier runs a bounded sample of its test classes; -m slow runs all of it
# (about ten minutes on pgsnake on a busy machine, one on PostgreSQL).
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("psycopg")

SUITE_DIR = Path(__file__).resolve().parents[1] / "third_party" / "sqlalchemy_suite"
REPO_ROOT = Path(__file__).resolve().parents[2]
DBNAME = "sqlalchemy_suite"
# Classes of the default tier's sample: the query, DML and type tests applications
# lean on most (the DDL- and reflection-heavy classes, slow on pgsnake, run under slow).
SAMPLE = ("JoinTest", "CompoundSelectTest", "ExistsTest", "ExpandingBoundInTest",
          "FetchLimitOffsetTest", "CTETest", "ReturningTest", "InsertBehaviorTest",
          "SimpleUpdateDeleteTest", "RowCountTest", "IsOrIsNotDistinctFromTest",
          "DateTimeTest", "NumericTest", "UuidTest", "JSONTest", "ServerSideCursorsTest")
OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|XFAIL|XPASS) (test_suite\.py::\S+)")


def _run_suite(server, select: str | None) -> tuple[dict[str, str], str]:
    with server.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DBNAME}")
        conn.execute(f"CREATE DATABASE {DBNAME} TEMPLATE template0")
    with server.connect(dbname=DBNAME) as conn:
        # The schemas SQLAlchemy's suite expects to exist (its provisioning makes them
        # only for databases it creates itself).
        conn.execute("CREATE SCHEMA test_schema")
        conn.execute("CREATE SCHEMA test_schema_2")
    dburi = f"postgresql+psycopg://{server.user}@{server.host}:{server.port}/{DBNAME}"
    args = [sys.executable, "-m", "pytest", "-q", "-rA", f"--dburi={dburi}"]
    if select:
        args += ["-k", select]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER_COUNT"):
        env.pop(name, None)
    try:
        result = subprocess.run(args, cwd=SUITE_DIR, env=env, capture_output=True, text=True,
                                timeout=3000)
    finally:
        with server.connect() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")
    output = result.stdout + result.stderr
    outcomes = {}
    for line in output.splitlines():
        match = OUTCOME.match(line)
        if match:
            outcomes[_test_key(match.group(2))] = match.group(1)
    return outcomes, output


def _test_key(node_id: str) -> str:
    # 'test_suite.py::JoinTest_postgresql+psycopg_15_18::test_x' names the server's
    # version: leave it out so both servers' ids compare.
    parts = node_id.split("::")
    parts[1] = parts[1].split("_postgresql", 1)[0]
    return "::".join(parts)


def _compare(pgsnake_server, oracle, select):
    expected, oracle_output = _run_suite(oracle, select)
    passed_on_oracle = {key for key, outcome in expected.items() if outcome == "PASSED"}
    assert passed_on_oracle, oracle_output[-3000:]
    actual, output = _run_suite(pgsnake_server, select)
    not_passing = sorted(key for key in passed_on_oracle if actual.get(key) != "PASSED")
    assert not not_passing, "\n".join(not_passing[:50]) + "\n" + output[-6000:]


@pytest.mark.timeout(1500)
def test_compliance_suite_sample(pgsnake_server, oracle):
    _compare(pgsnake_server, oracle, " or ".join(SAMPLE))


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_compliance_suite_whole(pgsnake_server, oracle):
    _compare(pgsnake_server, oracle, None)
