# Proves that pgsnake takes PostgreSQL 15's settings at server start and through ALTER
# SYSTEM as PostgreSQL does, each checked against the oracle started or changed the same
# way: `-c NAME=VALUE` for settings pgsnake used to refuse starts the server and SHOW
# agrees; a bad -c value or a bad postgresql.conf line stops the start with PostgreSQL's
# FATAL (and LOG) lines; ALTER SYSTEM writes the same postgresql.auto.conf, which a
# reload (pg_reload_conf) and a restart apply, with PostgreSQL's log lines.
from __future__ import annotations

import os
import re
import time

import pytest

pytestmark = pytest.mark.system

# Settings pgsnake did not know before (-c deadlock_timeout=200ms stopped the server),
# with values in several units and spellings.
START_SETTINGS = {
    "deadlock_timeout": "200ms",
    "lock_timeout": "1s",
    "max_prepared_transactions": "5",
    "statement_timeout": "1.5min",
    "idle_in_transaction_session_timeout": "10000",
    "superuser_reserved_connections": "2",
    "vacuum_cost_delay": "1500us",
    "effective_cache_size": "1GB",
    "wal_compression": "on",
    "huge_pages": "off",
    "log_min_duration_statement": "-1",
    "track_functions": "all",
    "myapp.tenant": "acme",
    # one of each remaining context: sighup, backend, superuser-backend
    "log_rotation_age": "2h",
    "ignore_system_indexes": "on",
    "jit_debugging_support": "on",
}


def _show_all(server, names) -> dict[str, str]:
    with server.connect() as conn:
        return {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in names}


def test_formerly_unknown_settings_start_the_server_and_show_as_postgresql(
        make_pgsnake_server, make_oracle_server):
    ours = make_pgsnake_server(settings=START_SETTINGS)
    theirs = make_oracle_server(settings=START_SETTINGS)
    assert _show_all(ours, START_SETTINGS) == _show_all(theirs, START_SETTINGS)


BAD_OPTIONS = ["deadlock_timeout=abc", "work_mem=1", "nosuch=1", "work_mem=1xB",
               "server_version=1", "synchronous_commit=x", "enable_seqscan=maybe",
               "a..b=1"]


def _fatal_lines(log: str) -> list[str]:
    """The severity and text of each FATAL/LOG/HINT/DETAIL line, without prefix."""
    out = []
    for line in log.splitlines():
        m = re.search(r"\b(FATAL|LOG|HINT|DETAIL):  (.*)$", line)
        if m and not m.group(2).startswith(("starting ", "listening ", "database system")):
            out.append(f"{m.group(1)}: {m.group(2)}")
    return out


def _failed_start_messages(server, option: str) -> list[str]:
    name, value = option.split("=", 1)
    server.settings = {name: value}
    since = server.log_size()
    result = server.start(check=False, timeout=60)
    assert result.returncode != 0, f"{server.kind} started with -c {option}"
    return [line for line in _fatal_lines(server.log_text(since)) if "FATAL" in line or "HINT" in line]


def test_a_bad_value_at_start_is_fatal_with_postgresqls_message(make_pgsnake_server,
                                                                 make_oracle_server):
    ours = make_pgsnake_server(start=False)
    theirs = make_oracle_server(start=False)
    for option in BAD_OPTIONS:
        want = _failed_start_messages(theirs, option)
        assert want, f"the oracle gave no FATAL line for -c {option}"
        assert _failed_start_messages(ours, option) == want, option


BAD_CONFIG_LINES = ["deadlock_timeout = abc", "nosuch = 1", "work_mem = 1 2",
                    "work_mem = 1.5GB", "unix_socket_directories = /tmp"]


def _normalised(lines: list[str], server) -> list[str]:
    return [re.sub(r" line \d+", " line N", line.replace(server.datadir, "DATADIR"))
            for line in lines]


def test_a_bad_config_file_line_is_fatal_with_postgresqls_messages(make_pgsnake_server,
                                                                   make_oracle_server):
    ours = make_pgsnake_server(start=False)
    theirs = make_oracle_server(start=False)
    for server in (ours, theirs):
        with open(os.path.join(server.datadir, "postgresql.conf")) as f:
            server.original_conf = f.read()
    for bad in BAD_CONFIG_LINES:
        results = []
        for server in (theirs, ours):
            with open(os.path.join(server.datadir, "postgresql.conf"), "w") as f:
                f.write(server.original_conf + "\n" + bad + "\n")
            since = server.log_size()
            assert server.start(check=False, timeout=60).returncode != 0, (server.kind, bad)
            results.append(_normalised(_fatal_lines(server.log_text(since)), server))
        assert results[0], f"the oracle gave no error for {bad!r}"
        assert results[1] == results[0], bad
    # Duplicates: only the last line counts, so an earlier bad one is never looked at.
    for server in (theirs, ours):
        with open(os.path.join(server.datadir, "postgresql.conf"), "w") as f:
            f.write(server.original_conf + "\nwork_mem = 'x'\nwork_mem = 16MB\nmyapp.x = 'y'\n")
        server.start()
    assert _show_all(ours, ["work_mem", "myapp.x"]) == _show_all(theirs, ["work_mem", "myapp.x"])


ALTER_STATEMENTS = [
    "ALTER SYSTEM SET work_mem = '8192'",
    "ALTER SYSTEM SET search_path = 'A b', c",
    "ALTER SYSTEM SET application_name = 'it''s \\ x'",
    "ALTER SYSTEM SET deadlock_timeout = 250",
    "ALTER SYSTEM SET lock_timeout = 1.5",
    "ALTER SYSTEM SET log_connections = on",
    "ALTER SYSTEM SET max_prepared_transactions = 7",
    "ALTER SYSTEM SET DateStyle = 'sql, dmy'",
    "ALTER SYSTEM SET work_mem = '6MB'",
    "ALTER SYSTEM RESET search_path",
]
RELOADED = ["work_mem", "application_name", "deadlock_timeout", "lock_timeout",
            "log_connections", "DateStyle", "max_prepared_transactions"]


def _auto_conf(server) -> str:
    with open(os.path.join(server.datadir, "postgresql.auto.conf")) as f:
        return f.read()


def _wait_for(server, name: str, value: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if _show_all(server, [name])[name] == value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{server.kind}: {name} never became {value!r}")
        time.sleep(0.05)


def _reload_log(server, since: int) -> list[str]:
    return sorted(line for line in _fatal_lines(server.log_text(since))
                  if "parameter" in line or "contains errors" in line)


def test_alter_system_writes_postgresqls_file_and_reload_and_restart_apply_it(
        make_pgsnake_server, make_oracle_server):
    ours = make_pgsnake_server()
    theirs = make_oracle_server()
    sessions = {}
    for server in (ours, theirs):
        with server.connect() as conn:
            for sql in ALTER_STATEMENTS:
                conn.execute(sql)
        sessions[server.kind] = server.connect()
        sessions[server.kind].execute("SELECT 1")
    assert _auto_conf(ours) == _auto_conf(theirs)

    logs = {}
    for server in (ours, theirs):
        since = server.log_size()
        with server.connect() as conn:
            assert conn.execute("SELECT pg_reload_conf()").fetchone() == (True,)
        _wait_for(server, "lock_timeout", "2ms")
        logs[server.kind] = (server, since)
    assert _show_all(ours, RELOADED) == _show_all(theirs, RELOADED)
    # A session that was already open picks the new values up before its next command.
    for kind, conn in sessions.items():
        deadline = time.monotonic() + 15
        while conn.execute("SHOW work_mem").fetchone()[0] != "6MB":
            assert time.monotonic() < deadline, f"{kind}: the open session kept its work_mem"
            time.sleep(0.05)
        conn.close()
    ours_log, theirs_log = (_reload_log(*logs["pgsnake"]), _reload_log(*logs["oracle"]))
    assert ours_log == [line.replace(theirs.datadir, ours.datadir) for line in theirs_log]

    # The postmaster-context value waits for a restart.
    for server in (ours, theirs):
        server.stop("fast")
        server.start()
    assert _show_all(ours, RELOADED) == _show_all(theirs, RELOADED)

    for server in (ours, theirs):
        with server.connect() as conn:
            conn.execute("ALTER SYSTEM RESET ALL")
    assert _auto_conf(ours) == _auto_conf(theirs)


def test_reloads_while_connections_start_never_crash_the_server(make_server):
    # A SIGHUP forwarded to a child that has just been forked must not kill it (which
    # would make the postmaster crash-restart the cluster).
    server = make_server()
    since = server.log_size()
    with server.connect() as admin:
        for _ in range(15):
            admin.execute("SELECT pg_reload_conf()")
            with server.connect() as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
    log = server.log_text(since)
    assert "terminated by signal" not in log
    assert "reinitializing" not in log
