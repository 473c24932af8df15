# btree_gin on every other scalar type and the planner's choice on a larger table,
# compared statement by statement with PostgreSQL 15 (tests/contrib/btree_gin_types.sql;
# the short default-tier part is tests/regress/sql/btree_gin.sql). Slow: 24 index builds
# and a 3000-row table take about half a minute on pgsnake.
from __future__ import annotations

from pathlib import Path

import pytest

from harness import differential, sql_script

SCRIPT = Path(__file__).parent / "btree_gin_types.sql"


@pytest.mark.slow
def test_btree_gin_types_match_postgresql(oracle, pgsnake_server):
    statements = sql_script.load_script(SCRIPT)
    report = differential.diff_script(oracle.dsn, pgsnake_server.dsn, statements)
    assert report is None, f"{SCRIPT.name}: pgsnake differs from PostgreSQL 15\n{report}"
