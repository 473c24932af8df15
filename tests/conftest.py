# Shared fixtures for the whole suite: the oracle PostgreSQL 15 cluster, pgsnake
# servers (shared and per-test), and a per-test time limit when pytest-timeout is absent.
"""Fixtures:
    oracle               session: real PostgreSQL 15 (skipped if not installed)
    make_oracle_server   function: factory for private oracle clusters (kill/restart tests);
                         initdb_args=("-k",) passes options to initdb
    pgsnake_server       session: one pgsnake server for tests that can share it
    make_pgsnake_server  function: factory for private pgsnake servers; every server it
                         made is stopped (immediate, then kill -9) at teardown
The server objects are tests/harness/servers.py's OracleServer and PgsnakeServer.
"""
from __future__ import annotations

import os
import signal
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

# Compiled modules are kept, outside the source tree: every server the suite starts (a few
# hundred) imports all of pgsnake before its first fork (postmaster/preload.py), which
# takes ~1.4 s compiling from source and ~0.4 s from bytecode. An environment with
# PYTHONDONTWRITEBYTECODE set would otherwise pay the compile in every one of them.
PYCACHE_DIR = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pgsnake-test-pycache")
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", PYCACHE_DIR)
sys.dont_write_bytecode = False
sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]

from harness import servers  # noqa: E402

DEFAULT_TEST_TIMEOUT = int(os.environ.get("PGSNAKE_TEST_TIMEOUT", "180"))

# Third-party suites are pytest projects of their own, run in a subprocess by
# tests/clients (tests/third_party/README.md).
collect_ignore = ["third_party"]


def pytest_configure(config):
    config.addinivalue_line("markers", "timeout(seconds): per-test time limit")
    config.addinivalue_line("markers", "system: starts real server processes")


# -- the default tier stays within CI's budget ------------------------------------
# A test that builds its own PostgreSQL cluster (initdb, kill -9, restart) to prove
# that its expectations are PostgreSQL's costs as much as the pgsnake run it checks.
# Those oracle runs go to the slow tier: the expectations were proved when the test
# was written and are re-proved whenever the slow tier runs (`-m slow`), while the
# default tier keeps every pgsnake run and every oracle run on the shared cluster.
PRIVATE_ORACLE_FIXTURES = frozenset({"make_server", "make_oracle_server", "make_pgsnake_server"})


def _runs_a_private_oracle_cluster(item) -> bool:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return False
    kind = callspec.params.get("server_kind", callspec.params.get("kind"))
    return kind == "oracle" and bool(PRIVATE_ORACLE_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _runs_a_private_oracle_cluster(item):
            item.add_marker(pytest.mark.slow)


# -- per-test time limit ------------------------------------------------------
# A hung server must fail one test, not the whole CI run. pytest-timeout does this
# better (and is used when installed); otherwise SIGALRM in the main thread.
class PerTestTimeout(Exception):
    pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    if item.config.pluginmanager.hasplugin("timeout") or not hasattr(signal, "SIGALRM"):
        yield
        return
    marker = item.get_closest_marker("timeout")
    seconds = int(marker.args[0]) if marker and marker.args else DEFAULT_TEST_TIMEOUT

    def on_alarm(signum, frame):
        raise PerTestTimeout(f"test exceeded {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- oracle -------------------------------------------------------------------
@pytest.fixture(scope="session")
def postgres_binaries():
    binaries = servers.find_postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL 15 binaries (initdb, pg_ctl, postgres, psql) not found on PATH "
                    f"or in {servers.PG_BIN_FALLBACK}; install postgresql-15")
    return binaries


@pytest.fixture(scope="session")
def oracle(postgres_binaries):
    # Without autovacuum, like pgsnake's test servers: an autovacuum ANALYZE of one
    # test's table holds a snapshot that keeps another test's VACUUM from removing or
    # freezing rows (vacuum_full_freeze.sql failed so on the oracle).
    server = servers.OracleServer(postgres_binaries, settings={"autovacuum": "off"})
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def make_oracle_server(postgres_binaries):
    made: list[servers.OracleServer] = []

    def make(*, start: bool = True, initdb_args: tuple[str, ...] = (),
             **kwargs) -> servers.OracleServer:
        server = servers.OracleServer(postgres_binaries, **kwargs)
        made.append(server)
        server.initdb(*initdb_args)
        if start:
            server.start()
        return server

    yield make
    for server in made:
        server.cleanup()


# -- pgsnake ------------------------------------------------------------------
@pytest.fixture(scope="session")
def pgsnake_server():
    server = servers.PgsnakeServer()
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def make_pgsnake_server():
    made: list[servers.PgsnakeServer] = []

    def make(*, initdb: bool = True, start: bool = True, initdb_args: tuple[str, ...] = (),
             **kwargs) -> servers.PgsnakeServer:
        server = servers.PgsnakeServer(**kwargs)
        made.append(server)
        if initdb:
            server.initdb(*initdb_args)
            if start:
                server.start()
        return server

    yield make
    for server in made:
        server.cleanup()


# -- settings stay per test -----------------------------------------------------
# In-process tests set GUCs (shared_buffers for a small pool, lock_timeout, ...), often
# with a strong source such as "command line". Each test gets the process's settings
# back as they were, so no test depends on which ran before it.
@pytest.fixture(autouse=True)
def _settings_per_test():
    from pgsnake.utils import settings
    names = ("DEFINITIONS", "_values", "_sources", "_reset_values", "_reset_sources")
    saved = {name: dict(getattr(settings, name)) for name in names if hasattr(settings, name)}
    yield
    for name, value in saved.items():
        target = getattr(settings, name)
        target.clear()
        target.update(value)
