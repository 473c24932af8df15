# Proves pg_walinspect shows the WAL as PostgreSQL 15's does: the same records (resource
# manager, record type, main data length, description, block references) for the same
# statements on a table, the per-record statistics, a row per built-in resource manager
# in the summary, the functions' absence before CREATE EXTENSION, and the errors for
# future LSNs and empty ranges; plus the WAL position functions it is used with.
from __future__ import annotations

import psycopg
import pytest

RECORDS = ("SELECT resource_manager, record_type, main_data_length, fpi_length > 0, "
           "description, block_ref LIKE 'blkref #0: rel %%' "
           "FROM pg_get_wal_records_info(%s, %s) "
           "WHERE block_ref LIKE '%%/' || pg_relation_filenode('regress_wi') || ' fork%%'")
STATS = ('SELECT "resource_manager/record_type", count FROM pg_get_wal_stats(%s, %s, true) '
         "WHERE \"resource_manager/record_type\" LIKE 'Heap/%%'")


def _observe(server) -> list:
    seen = []
    with server.connect() as conn:
        conn.execute("DROP EXTENSION IF EXISTS pg_walinspect")
        try:
            conn.execute("SELECT * FROM pg_get_wal_record_info('0/2000000')")
        except psycopg.Error as exc:
            seen.append((exc.sqlstate, exc.diag.message_primary))
        conn.execute("CREATE EXTENSION pg_walinspect")
        conn.execute("DROP TABLE IF EXISTS regress_wi")
        conn.execute("CREATE TABLE regress_wi (a int, b text)")
        conn.execute("CHECKPOINT")
        start = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        conn.execute("INSERT INTO regress_wi VALUES (1, 'x')")
        conn.execute("DELETE FROM regress_wi")
        end = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        seen += conn.execute(RECORDS, (start, end)).fetchall()
        seen += conn.execute(STATS, (start, end)).fetchall()
        seen += conn.execute("SELECT count(*) FROM pg_get_wal_stats(%s, %s)",
                             (start, end)).fetchall()
        first = conn.execute("SELECT start_lsn >= %s FROM pg_get_wal_record_info(%s)",
                             (start, start)).fetchone()
        seen.append(first)              # the first record at or after the LSN
        seen.append(conn.execute("SELECT pg_walfile_name(%s) = pg_walfile_name(%s)",
                                 (start, start)).fetchone())
        for sql in ("SELECT * FROM pg_get_wal_records_info('FFFF/0', 'FFFF/10')",
                    "SELECT * FROM pg_get_wal_record_info('FFFF/0')",
                    f"SELECT * FROM pg_get_wal_records_info('{start}', '{start}')"):
            try:
                conn.execute(sql)
                seen.append("no error")
            except psycopg.Error as exc:
                seen.append((exc.sqlstate, exc.diag.message_primary))
        conn.execute("DROP TABLE regress_wi")
        conn.execute("DROP EXTENSION pg_walinspect")
    return seen


@pytest.mark.timeout(120)
def test_records_and_stats_match_postgresql(oracle, pgsnake_server):
    assert _observe(pgsnake_server) == _observe(oracle)


def test_wal_position_functions_match_postgresql(oracle, pgsnake_server):
    sql = ("SELECT pg_walfile_name('0/1000000'), pg_walfile_name('0/1000001'), "
           "pg_walfile_name_offset('0/1000000'), pg_walfile_name_offset('0/2000010'), "
           "pg_wal_lsn_diff('0/2000000', '0/1000000'), "
           "pg_current_wal_insert_lsn() >= pg_current_wal_lsn()")
    results = []
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            results.append(conn.execute(sql).fetchall())
    assert results[0] == results[1]
