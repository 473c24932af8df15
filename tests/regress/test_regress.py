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
    report = differential.diff_script(oracle.dsn, pgsnake_server.dsn, statements)
    assert report is None, f"{script.name}: pgsnake differs from PostgreSQL 15\n{report}"
