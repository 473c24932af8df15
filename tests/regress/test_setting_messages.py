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
