# Proves that json and jsonb behave as PostgreSQL 15's: every statement of json_cases.py
# is run on a pgsnake server and must give the oracle's column types and text rows, or its
# SQLSTATE, message, DETAIL, HINT and CONTEXT (json_oracle_cases.json, recorded from the
# oracle by tools/generate_json_cases.py).
from __future__ import annotations

import json
import pathlib

import pytest

from tests.datatypes.json_cases import run

CASES = json.loads((pathlib.Path(__file__).parent / "json_oracle_cases.json").read_text())


@pytest.fixture(scope="module")
def connection(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'")
        yield conn


@pytest.mark.parametrize("case", CASES, ids=[c["sql"] for c in CASES])
def test_matches_oracle(connection, case):
    expected = {k: v for k, v in case.items() if k != "sql"}
    assert run(connection, case["sql"]) == expected
