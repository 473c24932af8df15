# Proves that functions, procedures, DO blocks and the PL/pgSQL interpreter answer
# every script in tests/pl/sql/ exactly as PostgreSQL 15 does: command tags, columns,
# rows, errors (SQLSTATE, message, DETAIL, HINT, CONTEXT, position) and the notices each
# statement raises, with their DETAIL, HINT and CONTEXT lines.
#
# The scripts hold function bodies with semicolons inside dollar quotes, so they are
# split with PostgreSQL's own grammar (pglast.split) rather than by line.
from __future__ import annotations

from pathlib import Path

import pglast
import pytest
from psycopg import pq

from harness import differential
from harness.sql_script import ScriptStatement

SQL_DIR = Path(__file__).parent / "sql"
SCRIPTS = sorted(SQL_DIR.glob("*.sql"))
FIELDS = (pq.DiagnosticField.SEVERITY_NONLOCALIZED, pq.DiagnosticField.SQLSTATE,
          pq.DiagnosticField.MESSAGE_PRIMARY, pq.DiagnosticField.MESSAGE_DETAIL,
          pq.DiagnosticField.MESSAGE_HINT, pq.DiagnosticField.CONTEXT,
          pq.DiagnosticField.STATEMENT_POSITION)


def load(path: Path) -> list[ScriptStatement]:
    text = path.read_text(encoding="utf-8")
    data = text.encode("utf-8")
    out = []
    # The parser, not the scanner: BEGIN ATOMIC bodies hold semicolons outside quotes.
    for piece in pglast.split(text, with_parser=True, only_slices=True):
        sql = data[piece].decode("utf-8").strip()
        line = data[:piece.start].count(b"\n") + 1
        # comment lines before the statement belong to the script, not the statement
        lines = sql.splitlines()
        while lines and lines[0].lstrip().startswith("--"):
            lines.pop(0)
            line += 1
        body = "\n".join(lines).strip()
        if body:
            out.append(ScriptStatement(body, line))
    return out


def _fields(result) -> tuple:
    return tuple(differential._decode(result.error_field(f)) for f in FIELDS)


def run(dsn: str, statements: list[ScriptStatement]) -> list[dict]:
    conn = differential.connect_raw(dsn)
    outcomes = []
    try:
        for statement in statements:
            notices: list[tuple] = []
            conn.notice_handler = lambda res: notices.append(_fields(res))
            results = differential.execute_simple(conn, statement.sql)
            outcome: dict = {"notices": notices}
            for result in results:
                if result.status == pq.ExecStatus.FATAL_ERROR:
                    outcome["error"] = _fields(result)
                    break
                outcome["tag"] = differential._decode(result.command_status)
                if result.status == pq.ExecStatus.TUPLES_OK:
                    outcome["columns"] = [(differential._decode(result.fname(i)), result.ftype(i))
                                          for i in range(result.nfields)]
                    outcome["rows"] = [tuple(differential._decode(result.get_value(r, c))
                                             for c in range(result.nfields))
                                       for r in range(result.ntuples)]
            outcome["status"] = differential._TRANSACTION_STATUS.get(conn.transaction_status, "?")
            outcomes.append(outcome)
    finally:
        conn.finish()
    return outcomes


def test_there_are_scripts():
    assert len(SCRIPTS) >= 3, f"expected the PL scripts in {SQL_DIR}"


def test_split_keeps_dollar_quoted_bodies_whole():
    statements = load(SQL_DIR / "plpgsql_statements.sql")
    bodies = [s.sql for s in statements if "$$" in s.sql]
    assert bodies and all(s.count("$$") % 2 == 0 for s in bodies)


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_script_matches_postgresql(script, oracle, pgsnake_server):
    statements = load(script)
    expected = run(oracle.dsn, statements)
    actual = run(pgsnake_server.dsn, statements)
    problems = []
    for statement, want, got in zip(statements, expected, actual):
        if want != got:
            lines = [f"line {statement.line}: {statement.sql[:200]}"]
            for key in sorted(set(want) | set(got)):
                if want.get(key) != got.get(key):
                    lines.append(f"  {key}:\n    oracle:  {want.get(key)!r}\n    pgsnake: {got.get(key)!r}")
            problems.append("\n".join(lines))
    assert len(expected) == len(actual) == len(statements)
    assert not problems, f"{script.name}: {len(problems)} statements differ\n\n" + "\n\n".join(problems)
