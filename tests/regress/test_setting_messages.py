# Proves that SET / RESET / SHOW / set_config / ALTER SYSTEM report errors and warnings
# with PostgreSQL 15's whole message - SQLSTATE, text, DETAIL and HINT, and the WARNINGs
# SET LOCAL and SET TRANSACTION give outside a transaction block - by running each
# statement on the oracle and on pgsnake (the regression scripts compare only the primary
# message).
from __future__ import annotations

import psycopg

STATEMENTS = [
    "SET work_mem = '64mb'",
    "SET work_mem = '99999999999'",
    "SET work_mem = 'abc'",
    "SET statement_timeout = '1 mins'",
    "SET synchronous_commit = 'sometimes'",
    "SET enable_seqscan = 'maybe'",
    "SET DateStyle = 'foo'",
    "SET DateStyle = 'iso, german'",
    "SET DateStyle = 'iso,'",
    "SET search_path = 'A b', c",
    "SELECT set_config('search_path', 'A b, c', false)",
    "SELECT set_config('a..b', 'x', false)",
    "SELECT set_config(NULL, 'x', false)",
    "SET application_name = 'a', 'b'",
    "SET server_version = '1'",
    "SET port = 1",
    "SET nosuch = 1",
    "SHOW nosuch",
    "SET LOCAL work_mem = '8MB'",
    "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
    "SET TRANSACTION READ ONLY",
    "RESET work_mem",
    "ALTER SYSTEM SET work_mem = '1'",
    "ALTER SYSTEM SET work_mem = '1xB'",
    "ALTER SYSTEM SET application_name = E'a\\nb'",
    "ALTER SYSTEM SET server_version = '1'",
    "ALTER SYSTEM RESET nosuch",
]


def _outcome(conn, sql: str) -> tuple:
    notices: list[tuple] = []

    def note(d) -> None:
        notices.append((d.severity_nonlocalized, d.sqlstate, d.message_primary,
                        d.message_detail, d.message_hint))

    conn.add_notice_handler(note)
    try:
        cur = conn.execute(sql)
        result = ("ok", cur.statusmessage, cur.fetchall() if cur.description else None)
    except psycopg.Error as e:
        d = e.diag
        result = ("error", d.sqlstate, d.message_primary, d.message_detail, d.message_hint)
    finally:
        conn.remove_notice_handler(note)
    return result, notices


def test_setting_statements_report_postgresqls_whole_messages(oracle, pgsnake_server):
    differences = []
    with oracle.connect() as theirs, pgsnake_server.connect() as ours:
        for sql in STATEMENTS:
            want, got = _outcome(theirs, sql), _outcome(ours, sql)
            if want != got:
                differences.append(f"{sql}\n  PostgreSQL: {want}\n  pgsnake:    {got}")
    assert not differences, "\n".join(differences)


REPORTING = [
    "SELECT set_config('application_name', 'by-set-config', false)",
    "BEGIN",
    "SET application_name = 'inside'",
    "SET LOCAL DateStyle = 'German'",
    "ROLLBACK",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "RESET ALL",
]


def test_parameter_status_follows_every_change_of_a_reported_setting(oracle, pgsnake_server):
    # ParameterStatus after set_config(), an abort that undoes a SET, SET LOCAL and
    # RESET ALL: the client's view of the reported settings matches PostgreSQL's.
    names = ["application_name", "DateStyle", "default_transaction_read_only"]
    seen = {}
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            trail = []
            for sql in REPORTING:
                conn.execute(sql)
                trail.append(tuple(conn.info.parameter_status(name) for name in names))
            seen[server.kind] = trail
    assert seen["pgsnake"] == seen["oracle"]


# Values that depend on how the two test servers were started, or differ on purpose
# (utils/setting_hooks.PGSNAKE_DEFAULTS, docs/settings.md).
CONFIGURED_DIFFERENTLY = {
    "config_file", "data_directory", "hba_file", "ident_file", "port", "unix_socket_directories",
    "listen_addresses", "server_version", "shared_buffers", "wal_buffers", "shared_memory_size",
    "shared_memory_size_in_huge_pages", "fsync", "TimeZone", "log_timezone", "max_connections",
    "application_name",
    # pgsnake's test servers run without autovacuum (tests/harness/servers.py).
    "autovacuum",
    # PostgreSQL shows a TCP socket's keepalive settings; pgsnake shows the value set.
    "tcp_keepalives_count", "tcp_keepalives_idle", "tcp_keepalives_interval",
}


def test_show_all_lists_postgresqls_settings_and_descriptions(oracle, pgsnake_server):
    rows = {}
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            rows[server.kind] = conn.execute("SHOW ALL").fetchall()
    theirs, ours = rows["oracle"], rows["pgsnake"]
    assert [(name, desc) for name, _, desc in ours] == [(name, desc) for name, _, desc in theirs]
    differing = {name for (name, want, _), (_, got, _) in zip(theirs, ours) if want != got}
    assert differing <= CONFIGURED_DIFFERENTLY, sorted(differing - CONFIGURED_DIFFERENTLY)
