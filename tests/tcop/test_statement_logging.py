# What a backend writes to the server log about its statements and its session, the
# same on pgsnake and PostgreSQL 15 for one workload: log_statement (mod), durations
# (log_min_duration_statement = 0, then log_duration alone), the extended protocol's
# parse / bind / execute lines with their parameters, PREPARE / EXECUTE with the
# prepare: DETAIL, an ERROR with its STATEMENT line (and without it once
# log_min_error_statement is raised), connection and disconnection lines, and a
# log_line_prefix with session escapes, and log_temp_files' line for a sort that spills
# (with the statement that made the file). Times, pids, ports and file sizes are masked.
from __future__ import annotations

import re
import time

import pytest

SETTINGS = {"log_statement": "mod", "log_min_duration_statement": "0",
            "log_line_prefix": "%m,%p,%q%u@%d,%e,", "log_connections": "on",
            "log_disconnections": "on"}


def _workload(server) -> list[str]:
    start = server.log_size()
    with server.connect() as conn:
        conn.execute("CREATE TABLE logged (x int, note text)")
        conn.execute("SELECT 1")
        conn.execute("INSERT INTO logged VALUES (%s, %s), (%s, %s)", (1, "it's", 2, None))
        conn.execute("PREPARE ins AS INSERT INTO logged VALUES ($1, 'p')")
        conn.execute("EXECUTE ins(5)")
        with pytest.raises(Exception):
            conn.execute("SELECT 1/0")
        conn.execute("SELECT * FROM logged WHERE x = %s", (1,), prepare=True)
        conn.execute("SET log_min_duration_statement = -1")
        conn.execute("SET log_statement = 'none'")
        conn.execute("SET log_duration = on")
        conn.execute("UPDATE logged SET x = x + 1")
        conn.execute("SET log_min_error_statement = panic")
        with pytest.raises(Exception):
            conn.execute("SELECT no_such_column FROM logged")
        conn.execute("SET log_duration = off")
        conn.execute("RESET log_min_error_statement")
        conn.execute("SET log_temp_files = 0")
        conn.execute("SET work_mem = '64kB'")
        conn.execute("SELECT count(*) FROM (SELECT g FROM generate_series(1, 20000) g "
                     "ORDER BY g DESC) AS spilled")
        conn.execute("RESET work_mem")
        conn.execute("RESET log_temp_files")
        conn.execute("DROP TABLE logged")
    deadline = time.monotonic() + 30
    while "disconnection:" not in server.log_text(since=start) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _masked(server.log_text(since=start))


def _masked(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if ",LOG:" not in line and ",ERROR:" not in line and ",DETAIL:" not in line \
                and ",STATEMENT:" not in line:
            continue
        line = re.sub(r"^\S+ \S+ UTC,\d+,", "", line)
        line = re.sub(r"duration: \d+\.\d{3} ms", "duration: N ms", line)
        line = re.sub(r"port=\d+", "port=N", line)
        line = re.sub(r"session time: \d+:\d\d:\d\d\.\d{3}", "session time: T", line)
        line = re.sub(r"_pg3_\d+", "_pg3_N", line)
        # A sort's temporary files: how many and how big differ (pgsnake's runs are
        # pickled rows); each is one line naming it, followed by its statement.
        line = re.sub(r'temporary file: path "base/pgsql_tmp/pgsql_tmp\d+\.\d+", size \d+',
                      "temporary file: F", line)
        lines.append(line)
    return _one_pair_per_spill(lines)


def _one_pair_per_spill(lines: list[str]) -> list[str]:
    """Consecutive (temporary file, STATEMENT) pairs of one statement become one pair."""
    out: list[str] = []
    for line in lines:
        if len(out) >= 2 and "temporary file: F" in out[-2] and line in (out[-2], out[-1]):
            continue
        out.append(line)
    return out


@pytest.mark.timeout(300)
def test_statement_and_session_log_lines_match_postgresql(make_pgsnake_server,
                                                          make_oracle_server):
    ours = _workload(make_pgsnake_server(settings=dict(SETTINGS)))
    theirs = _workload(make_oracle_server(settings=dict(SETTINGS)))
    assert ours == theirs
    # The workload shows each kind of line at least once (the comparison is not vacuous).
    text = "\n".join(ours)
    for expected in ("connection received: host=127.0.0.1 port=N",
                     "postgres@postgres,00000,LOG:  statement: CREATE TABLE logged",
                     "LOG:  duration: N ms  statement: SELECT 1",
                     "DETAIL:  parameters: $1 = '1', $2 = 'it''s', $3 = '2', $4 = NULL",
                     "DETAIL:  prepare: PREPARE ins AS INSERT INTO logged VALUES ($1, 'p')",
                     "22012,STATEMENT:  SELECT 1/0", "execute _pg3_N: SELECT * FROM logged",
                     "disconnection: session time: T user=postgres database=postgres",
                     "LOG:  temporary file: F\npostgres@postgres,00000,STATEMENT:  SELECT count(*)"):
        assert expected in text, expected
    assert "STATEMENT:  SELECT no_such_column" not in text
