# NOTICE/WARNING messages and SET/SHOW behave as in PostgreSQL 15: the same notices, with
# the same severity, SQLSTATE and text, reach the client (and client_min_messages filters
# them); SHOW's column name and value and SET's ParameterStatus match the oracle.
import pytest

SCRIPT = [
    "DROP TABLE IF EXISTS tcop_notice_missing",
    "CREATE TABLE tcop_notice_t (a int4)",
    "CREATE TABLE IF NOT EXISTS tcop_notice_t (a int4)",
    "BEGIN",
    "BEGIN",
    "COMMIT",
    "COMMIT",
    "SET client_min_messages = warning",
    "DROP TABLE IF EXISTS tcop_notice_missing",
    "BEGIN",
    "BEGIN",
    "ROLLBACK",
    "RESET client_min_messages",
    "DROP TABLE tcop_notice_t",
]


def _notices_of(server):
    seen = []
    with server.connect(autocommit=True) as conn:
        conn.add_notice_handler(lambda d: seen.append((d.severity_nonlocalized, d.sqlstate, d.message_primary)))
        for i, sql in enumerate(SCRIPT):
            before = len(seen)
            conn.execute(sql)
            for item in seen[before:]:
                yield i, item


def test_notices_match_postgresql(oracle, pgsnake_server):
    assert list(_notices_of(pgsnake_server)) == list(_notices_of(oracle))


# server_version is left out on purpose: the oracle's says "15.18 (Debian ...)".
@pytest.mark.parametrize("name", ["DateStyle", "work_mem", "TimeZone", "search_path", "server_version_num",
                                  "standard_conforming_strings", "transaction_isolation"])
def test_show_matches_postgresql(oracle, pgsnake_server, name):
    def show(server):
        with server.connect(autocommit=True) as conn:
            cur = conn.execute(f"SHOW {name}")
            return cur.description[0].name, cur.fetchone()[0]
    assert show(pgsnake_server) == show(oracle)


def test_set_reports_parameter_status_and_show_sees_it(oracle, pgsnake_server):
    def run(server):
        with server.connect(autocommit=True) as conn:
            conn.execute("SET datestyle = 'german'")
            style = conn.info.parameter_status("DateStyle")
            conn.execute("SET datestyle = 'ymd'")
            style2 = conn.execute("SHOW datestyle").fetchone()[0]
            conn.execute("RESET datestyle")
            conn.execute("SET application_name = 'pgsnake-test'")
            reported = conn.info.parameter_status("application_name")
            conn.execute("SET work_mem = '64MB'")
            shown = conn.execute("SHOW work_mem").fetchone()[0]
            conn.execute("RESET work_mem")
            after = conn.execute("SHOW work_mem").fetchone()[0]
            return style, style2, reported, shown, after
    assert run(pgsnake_server) == run(oracle)


def test_bad_setting_errors_match(oracle, pgsnake_server):
    import psycopg

    def run(server):
        out = []
        with server.connect(autocommit=True) as conn:
            for sql in ("SET no_such_setting = 1", "SET work_mem = 'lots'", "SET shared_buffers = '1GB'",
                        "SHOW no_such_setting"):
                try:
                    conn.execute(sql)
                    out.append(None)
                except psycopg.Error as e:
                    out.append((e.sqlstate, e.diag.message_primary))
        return out
    assert run(pgsnake_server) == run(oracle)
