"""Start pgsnake and PostgreSQL 15 side by side, with the same durability settings.

Reuses the throwaway-server classes of the test harness (tests/harness/servers.py):
temporary data directories, PostgreSQL run as the `postgres` OS user, cleanup that
kills whatever is left. This module only chooses the settings that make the two
servers comparable and reports what the servers actually run with.

Entry points:
    COMMON_SETTINGS           the settings passed to both servers
    POSTGRESQL_ONLY_SETTINGS  no parallel query, no JIT: one core against one core
    start_servers(names)      initdb + start; returns {name: (server, Target)}
    effective_settings(conn)  SHOW the settings that matter for the comparison
    stop_servers(servers)     stop and delete everything

PostgreSQL: src/bin/pg_ctl/pg_ctl.c (do_start), src/bin/initdb/initdb.c
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.harness.servers import (OracleServer, PgsnakeServer,  # noqa: E402
                                   find_postgres_binaries)

from bench.workloads.base import Target  # noqa: E402

# Durable commits on both (the harness starts PostgreSQL with fsync=off for test speed;
# a later -c wins, so these override it). Same buffer pool size. Everything else is
# each server's default.
COMMON_SETTINGS = {
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "shared_buffers": "128MB",
    "TimeZone": "UTC",
}

# pgsnake runs each query in one backend process and compiles nothing to machine code;
# PostgreSQL is asked to do the same, so that a ratio compares one core with one core.
# (pgsnake does not know these settings, so they go to PostgreSQL only.)
POSTGRESQL_ONLY_SETTINGS = {
    "max_parallel_workers_per_gather": "0",
    "jit": "off",
}

SHOWN_SETTINGS = ("server_version", "fsync", "synchronous_commit", "full_page_writes",
                  "shared_buffers", "wal_sync_method", "commit_delay", "work_mem",
                  "max_parallel_workers_per_gather", "jit")


def start_servers(names: list[str]) -> dict[str, tuple[object, Target]]:
    """Start the named servers ('pgsnake', 'postgresql'); stop the ones already started
    if a later one fails."""
    started: dict[str, tuple[object, Target]] = {}
    try:
        for name in names:
            server = _make(name)
            started[name] = (server, None)        # so that stop_servers cleans it up
            server.initdb()
            server.start()
            started[name] = (server, Target(name=name, host=server.host, port=server.port,
                                             user=server.user, dbname=server.dbname))
    except BaseException:
        stop_servers(started)
        raise
    return started


def _make(name: str):
    if name == "pgsnake":
        return PgsnakeServer(settings=COMMON_SETTINGS)
    if name == "postgresql":
        binaries = find_postgres_binaries()
        if binaries is None:
            raise RuntimeError("PostgreSQL 15 binaries (initdb, pg_ctl, postgres) not found")
        return OracleServer(binaries, settings={**COMMON_SETTINGS, **POSTGRESQL_ONLY_SETTINGS})
    raise ValueError(f"unknown server {name!r}")


def effective_settings(conn) -> dict[str, str]:
    """What the server says it runs with ('-' when it does not know the setting)."""
    shown = {}
    for setting in SHOWN_SETTINGS:
        try:
            shown[setting] = conn.execute(f"SHOW {setting}").fetchone()[0]
        except Exception:
            shown[setting] = "-"
    return shown


def stop_servers(servers: dict) -> None:
    for server, _target in servers.values():
        try:
            server.cleanup()
        except Exception as e:      # keep going: the other server must be stopped too
            print(f"warning: cleanup of {server.kind} failed: {e}", file=sys.stderr)
