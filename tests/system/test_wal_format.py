# pgsnake's WAL is PostgreSQL's format: PostgreSQL 15's own pg_waldump reads a pgsnake
# cluster's segments record by record (page headers, record headers, CRC-32C, block
# references and full-page images), names every resource manager, and stops only at the
# clean end of WAL. Checkpoint records carry PostgreSQL's CheckPoint struct.
import os
import re
import subprocess

import pytest

from harness.servers import PG_BIN_FALLBACK


def _pg_waldump():
    path = os.path.join(PG_BIN_FALLBACK, "pg_waldump")
    if not os.access(path, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    return path


def test_postgresql_pg_waldump_reads_pgsnake_wal(make_pgsnake_server):
    waldump = _pg_waldump()
    server = make_pgsnake_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE walfmt (id int4, note text)")
        conn.execute("CREATE INDEX walfmt_id ON walfmt (id)")
        conn.execute("INSERT INTO walfmt SELECT 1, 'one'")
        conn.execute("INSERT INTO walfmt VALUES (2, repeat('x', 300)), (3, NULL)")
        conn.execute("UPDATE walfmt SET note = 'changed' WHERE id = 1")   # HOT (no indexed column changes)
        conn.execute("UPDATE walfmt SET id = 20 WHERE id = 2")   # an indexed column: not HOT
        conn.execute("DELETE FROM walfmt WHERE id = 3")
        conn.execute("VACUUM walfmt")              # prune, vacuum, visible, inplace
        conn.execute("VACUUM (FREEZE) walfmt")     # freeze_page
        conn.execute("CHECKPOINT")
        conn.execute("INSERT INTO walfmt VALUES (4, 'after checkpoint')")   # a full-page image
    server.stop("fast")
    wal_dir = os.path.join(server.datadir, "pg_wal")
    first = sorted(f for f in os.listdir(wal_dir) if re.fullmatch(r"[0-9A-F]{24}", f))[0]
    done = subprocess.run([waldump, "-p", wal_dir, first], capture_output=True, text=True, timeout=120)
    records = done.stdout.splitlines()
    # pg_waldump's normal way to stop: the zeroes after the last record.
    assert re.search(r"invalid record length at [0-9A-F/]+: wanted 24, got 0", done.stderr), done.stderr
    assert "CRC" not in done.stderr and "invalid" not in done.stdout
    rmgrs = {re.match(r"rmgr: (\w+)", line).group(1) for line in records}
    assert {"XLOG", "Storage", "Heap", "Heap2", "Transaction"} <= rmgrs
    text = "\n".join(records)
    for kind in ("INSERT", "UPDATE", "HOT_UPDATE", "DELETE", "COMMIT", "CHECKPOINT_ONLINE",
                 "CHECKPOINT_SHUTDOWN", "PRUNE", "VACUUM", "VISIBLE", "FREEZE_PAGE", "INPLACE"):
        assert f"desc: {kind} " in text or f"desc: {kind}+INIT " in text, kind
    assert "FPW" in text or "FPI" in text            # a full-page image after the checkpoint
    shutdown = [line for line in records if "CHECKPOINT_SHUTDOWN" in line][-1]
    assert re.search(r"oid (\d+);", shutdown) and int(re.search(r"oid (\d+);", shutdown).group(1)) >= 16384


def test_row_lock_and_multixact_records_read_alike(make_pgsnake_server):
    """Row locks log XLOG_HEAP_LOCK (and XLOG_HEAP2_LOCK_UPDATED when a key-share lock
    also covers a newer version being written), multixacts log MultiXact records, and
    checkpoints carry the next multixact: PostgreSQL's pg_waldump and `pgsnake waldump`
    describe every one of those records in the same words."""
    waldump = _pg_waldump()
    server = make_pgsnake_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE walrl (id int4, v text)")
        conn.execute("INSERT INTO walrl VALUES (1, 'a'), (2, 'b')")
    sessions = [server.connect(autocommit=False) for _ in range(3)]
    sessions[0].execute("SELECT * FROM walrl WHERE id = 1 FOR UPDATE")
    sessions[0].execute("SELECT * FROM walrl WHERE id = 2 FOR SHARE")
    sessions[1].execute("SELECT * FROM walrl WHERE id = 2 FOR KEY SHARE")
    sessions[0].commit()
    sessions[1].commit()
    sessions[0].execute("UPDATE walrl SET v = 'b2' WHERE id = 2")           # in progress
    sessions[2].execute("SELECT * FROM walrl WHERE id = 2 FOR KEY SHARE")   # + new version
    for conn in sessions:
        conn.commit()
        conn.close()
    with server.connect(autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    server.stop("fast")
    wal_dir = os.path.join(server.datadir, "pg_wal")
    first = sorted(f for f in os.listdir(wal_dir) if re.fullmatch(r"[0-9A-F]{24}", f))[0]
    theirs = subprocess.run([waldump, "-p", wal_dir, first], capture_output=True, text=True,
                            timeout=120).stdout.splitlines()
    ours = server.command("waldump", "-p", wal_dir, first).stdout.splitlines()
    interesting = re.compile(r"desc: (LOCK_UPDATED|LOCK|ZERO_OFF_PAGE|ZERO_MEM_PAGE|CREATE_ID"
                             r"|CHECKPOINT_ONLINE|CHECKPOINT_SHUTDOWN)")
    theirs = [line for line in theirs if interesting.search(line)]
    ours = [line for line in ours if interesting.search(line)]
    kinds = {interesting.search(line).group(1) for line in theirs}
    assert {"LOCK", "LOCK_UPDATED", "CREATE_ID", "ZERO_OFF_PAGE", "ZERO_MEM_PAGE"} <= kinds
    assert ours == theirs
