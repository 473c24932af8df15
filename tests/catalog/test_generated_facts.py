# Proves the checked-in generated catalog facts are exactly what
# tools/generate_catalog_facts.py produces from the oracle PostgreSQL 15 (so they are
# facts, regenerated, never hand-edited), and spot-checks a few of them.
from __future__ import annotations

import importlib.util
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_catalog_facts", os.path.join(ROOT, "tools", "generate_catalog_facts.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spot_facts():
    from pgsnake.catalog.generated import pg_cast_rows, pg_proc_rows, pg_type_rows
    types = {row[1]: row for row in pg_type_rows.ROWS}
    assert types["int4"][0] == 23 and types["numeric"][0] == 1700 and types["regclass"][0] == 2205
    procs = {row[0]: row for row in pg_proc_rows.ROWS}
    assert procs[3034][1] == "pg_relation_filepath"
    assert (20, 23) in {(row[1], row[2]) for row in pg_cast_rows.ROWS}    # int8 -> int4


@pytest.mark.oracle
def test_generated_files_match_the_oracle(oracle):
    import psycopg
    generator = _generator()
    with psycopg.connect(oracle.dsn) as conn:
        files = generator.generate(conn)
    for name, text in files.items():
        with open(generator.OUTPUT_DIR / name) as f:
            assert f.read() == text, f"{name} is out of date: run tools/generate_catalog_facts.py"
