# Proves the catalogs work over the real lower layers (heap, buffers, WAL, xact), each
# step in a fresh process as in a real cluster: (1) initdb's order: bootstrap_wal,
# bootstrap_catalogs, shutdown checkpoint; (2) a "backend" recovers, finds its role and
# database through the shared catalogs, creates a table and inserts a row, and exits
# WITHOUT a checkpoint; (3) after crash recovery replays that WAL, the table is found
# through pg_class/pg_attribute and DROP TABLE removes its file at commit.
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PRELUDE = """
import json, os, sys
sys.path.insert(0, {root!r})
os.chdir({data!r})
from pgsnake.postmaster import subsystems
subsystems.load_all()
from pgsnake.utils import process_state
from pgsnake.access.transam import recovery, checkpoint, xact
from pgsnake.access.heap import heapam
from pgsnake.catalog import bootstrap, catalog_cache as cc
from pglast import parser
from pgsnake.commands import table_commands

def run(sql):
    (stmt,) = json.loads(parser.parse_sql_json(sql))["stmts"]
    (kind, node), = stmt["stmt"].items()
    if kind == "CreateStmt":
        return table_commands.execute_create_table(node)
    return table_commands.execute_drop(node)

def backend(database):
    recovery.startup_recovery()
    process_state.user_name = "alice"
    role = cc.lookup_role("alice")
    assert role.oid == 10 and role.rolpassword == "SCRAM-SHA-256$v", role
    row = cc.lookup_database(database)
    process_state.database_oid, process_state.database_name = row.oid, database
"""

STEPS = [
    """
    process_state.is_bootstrap = True
    recovery.bootstrap_wal(recovery.new_system_identifier())
    bootstrap.bootstrap_catalogs("alice", "SCRAM-SHA-256$v")
    checkpoint.create_checkpoint(shutdown=True)
    """,
    """
    backend("postgres")
    xact.start_transaction_command(); cc.accept_invalidations()
    assert cc.lookup_type_row("int4").oid == 23
    assert run("create table t (a int not null, b text default 'x')") == "CREATE TABLE"
    heapam.heap_insert(cc.lookup_relation("t"), [7, "seven"])
    xact.commit_transaction_command()
    os._exit(0)          # no shutdown checkpoint: the next step must replay WAL
    """,
    """
    backend("postgres")
    xact.start_transaction_command(); cc.accept_invalidations()
    rel = cc.lookup_relation("t")
    assert [a.name for a in rel.attributes] == ["a", "b"], rel
    assert cc.column_default(rel.oid, 2) == "'x'::text"
    rows = [v for _, v in heapam.heap_scan(rel, xact.get_transaction_snapshot())]
    assert rows == [[7, "seven"]], rows
    assert run("drop table t") == "DROP TABLE"
    assert os.path.exists(f"base/5/{rel.oid}")
    xact.commit_transaction_command()
    assert not os.path.exists(f"base/5/{rel.oid}")
    backend("template1")       # template1 never saw the table
    xact.start_transaction_command(); cc.accept_invalidations()
    assert cc.lookup_relation("t") is None
    xact.commit_transaction_command()
    """,
]


@pytest.mark.timeout(120)
def test_bootstrap_create_recover_drop(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    prelude = PRELUDE.format(root=ROOT, data=str(data))
    for number, step in enumerate(STEPS, start=1):
        result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(step)],
                                capture_output=True, text=True, timeout=100)
        assert result.returncode == 0, f"step {number} failed:\n{result.stderr[-3000:]}"
    assert sorted(os.listdir(data / "base")) == ["1", "4", "5"]
