"""Record PostgreSQL 15's answers to the JSON cases in tests/datatypes/json_cases.py.

Each case is one SELECT; the oracle's result is stored as the column type OIDs and the
rows in text format (exactly as its output functions print them), or as the error's
SQLSTATE, message, DETAIL, HINT and CONTEXT. tests/datatypes/test_json_oracle.py runs the
same statements on pgsnake and compares.

Usage:
    python tools/generate_json_cases.py "host=/tmp port=55432 user=postgres dbname=postgres"
writes tests/datatypes/json_oracle_cases.json.
"""
from __future__ import annotations

import json
import pathlib
import sys

import psycopg

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.datatypes.json_cases import CASES, SETUP, run  # noqa: E402


def main(dsn: str, out_path: str) -> None:
    cases = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'")
        for statement in SETUP:
            conn.execute(statement)
        for sql in CASES:
            cases.append({"sql": sql, **run(conn, sql)})
    with open(out_path, "w") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    dsn = arguments[0] if arguments else "host=/tmp port=55432 user=postgres dbname=postgres"
    main(dsn, arguments[1] if len(arguments) > 1 else str(ROOT / "tests/datatypes/json_oracle_cases.json"))
