# Proves that pgsnake answers every script in tests/regress/sql/ exactly as PostgreSQL 15
# does: command tags, column names and type OIDs, rows as text, SQLSTATEs and messages,
# transaction status, and EXPLAIN plan shapes (tests/harness/differential.py).
from __future__ import annotations

from pathlib import Path

import pytest

from harness import differential, sql_script

SQL_DIR = Path(__file__).parent / "sql"
SCRIPTS = sorted(SQL_DIR.glob("*.sql"))


def test_there_are_scripts():
    assert len(SCRIPTS) >= 6, f"expected the regression scripts in {SQL_DIR}"


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_script_matches_postgresql(script, oracle, pgsnake_server):
    statements = sql_script.load_script(script)
    # a script whose results are notices (RAISE NOTICE in PL/pgSQL) asks for them to be
    # compared too (severity and message), by a comment line of its own
    lines = script.read_text().splitlines()
    compare_notices = "-- compare notices" in lines
    # one whose EXPLAINs are about costs and estimates compares their whole text
    compare_explain_text = "-- compare explain text" in lines
    report = differential.diff_script(oracle.dsn, pgsnake_server.dsn, statements,
                                      compare_notices=compare_notices,
                                      compare_explain_text=compare_explain_text)
    assert report is None, f"{script.name}: pgsnake differs from PostgreSQL 15\n{report}"
