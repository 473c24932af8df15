# Proves the foreign-key check API (executor/referential_locks.py) over the real stack,
# in a fresh process with a bootstrapped cluster: lock_referenced_row finds the
# referenced row by its key columns and locks it FOR KEY SHARE (the tuple's xmax is the
# transaction's xid with KEYSHR_LOCK | LOCK_ONLY, as RI_FKey_check leaves it on
# PostgreSQL), answers False for a missing key and for a NULL in the key without
# locking anything, works with several key columns, keeps its prepared statement
# across transactions, and leaves a plain no-key UPDATE of the row by the same
# transaction free to go on; over a table with a primary key the check runs its kept
# plan's index lookup and lock directly (no portal), with the same outcome. The waits and conflicts of FOR KEY SHARE against other
# sessions are those of SELECT ... FOR KEY SHARE, covered in tests/isolation.
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from catalog.test_real_stack import ROOT      # the repository root

SCRIPT = """
import json, os, sys
sys.path.insert(0, {root!r})
os.chdir({data!r})
from pgsnake.postmaster import subsystems
subsystems.load_all()
from pgsnake.utils import process_state
from pgsnake.access.transam import recovery, checkpoint, xact
from pgsnake.access.heap import heapam
from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.catalog import bootstrap, catalog_cache as cc
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.storage.ipc import proc_array
import pgsnake.commands
from pgsnake.executor import portal_query, referential_locks, spi
from pgsnake.parser.raw_parser import parse_sql

process_state.is_bootstrap = True
recovery.bootstrap_wal(recovery.new_system_identifier())
bootstrap.bootstrap_catalogs("alice", None)
checkpoint.create_checkpoint(shutdown=True)
process_state.is_bootstrap = False
recovery.startup_recovery()
process_state.user_name = "alice"
row = cc.lookup_database("postgres")
process_state.database_oid, process_state.database_name = row.oid, "postgres"
process_state.proc_number = proc_array.claim_slot(os.getpid(), "backend")

def run(sql, params=()):
    (raw,) = parse_sql(sql)
    return portal_query.prepare_statement(raw, []).execute(list(params))

def header(rel, tid):
    buf = bufmgr.read_buffer(rel.locator, ForkNumber.MAIN, tid[0])
    try:
        h = HeapTupleHeader(bytearray(pl.get_item(bufmgr.page(buf), tid[1])))
    finally:
        bufmgr.release_buffer(buf)
    return h.xmax, h.infomask & 0x10D0, h.infomask2 & 0x2000

xact.start_transaction_command(); cc.accept_invalidations()
run("create table pk (a int4, b text, c int4)")
xact.commit_transaction_command()
xact.start_transaction_command(); cc.accept_invalidations()
run("insert into pk values (1, 'x', 10), (2, 'y', 20), (2, 'z', 30)")
xact.commit_transaction_command()

out = {{}}
xact.start_transaction_command(); cc.accept_invalidations()
rel = cc.lookup_relation("pk")
out["found"] = referential_locks.lock_referenced_row(rel.oid, [1], [1])
mine = xact.get_current_xid_if_any()
tids = {{tuple(v): t for t, v in heapam.heap_scan(rel, xact.get_transaction_snapshot())}}
out["locked"] = header(rel, tids[(1, 'x', 10)]) == (mine, 0x0090, 0)
out["others_free"] = header(rel, tids[(2, 'y', 20)])[1] == 0
out["missing"] = referential_locks.lock_referenced_row(rel.oid, [1], [3])
out["null_key"] = referential_locks.lock_referenced_row(rel.oid, [1, 2], [2, None])
out["two_columns"] = referential_locks.lock_referenced_row(rel.oid, [1, 2], [2, 'z'])
out["second_locked"] = header(rel, tids[(2, 'z', 30)]) == (mine, 0x0090, 0)
out["update_goes_on"] = run("update pk set c = c + 1 where a = 1").command_tag
xact.commit_transaction_command()
xact.start_transaction_command(); cc.accept_invalidations()
out["kept_statements"] = spi.kept_count()
out["next_transaction"] = referential_locks.lock_referenced_row(rel.oid, [1], [1])
out["rows"] = sorted(run("select a, b, c from pk").rows)
xact.commit_transaction_command()
# With a primary key the check is the kept plan's index lookup, run without a portal.
xact.start_transaction_command(); cc.accept_invalidations()
run("create table pkx (a int4 primary key, b text)")
xact.commit_transaction_command()
xact.start_transaction_command(); cc.accept_invalidations()
run("insert into pkx values (1, 'x'), (2, 'y')")
xact.commit_transaction_command()
xact.start_transaction_command(); cc.accept_invalidations()
relx = cc.lookup_relation("pkx")
out["indexed_found"] = referential_locks.lock_referenced_row(relx.oid, [1], [2])
out["indexed_missing"] = referential_locks.lock_referenced_row(relx.oid, [1], [5])
text, types = referential_locks._query(relx.oid, (1,))
kept = spi.kept_statement(text, types, ("key share", relx.oid, (1,)))
out["direct_probe"] = referential_locks._probe(kept.plan_for_run()) is not None
mine = xact.get_current_xid_if_any()
tids = {{tuple(v): t for t, v in heapam.heap_scan(relx, xact.get_transaction_snapshot())}}
out["indexed_locked"] = header(relx, tids[(2, 'y')]) == (mine, 0x0090, 0)
out["indexed_other_free"] = header(relx, tids[(1, 'x')])[1] == 0
xact.commit_transaction_command()
print(json.dumps(out))
"""


@pytest.mark.timeout(120)
def test_lock_referenced_row_locks_for_key_share(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    result = subprocess.run([sys.executable, "-c",
                             textwrap.dedent(SCRIPT).format(root=ROOT, data=str(data))],
                            capture_output=True, text=True, timeout=100)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {
        "found": True, "locked": True, "others_free": True, "missing": False,
        "null_key": False, "two_columns": True, "second_locked": True,
        "update_goes_on": "UPDATE 1", "kept_statements": 2, "next_transaction": True,
        "rows": [[1, "x", 11], [2, "y", 20], [2, "z", 30]],
        "indexed_found": True, "indexed_missing": False, "direct_probe": True,
        "indexed_locked": True, "indexed_other_free": True,
    }
