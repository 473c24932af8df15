# Proves the commit log on SLRU buffers: 2 bits per xid in 8 KB pages of pg_xact files of
# 1,048,576 xids named 0000, 0001, ..., written when a checkpoint flushes them (not
# before); neighbouring xids in one byte never clobber each other, even when several
# processes set them concurrently through the shared buffers and evict each other's
# pages; xids below 3 are committed; a new page is zeroed and WAL-logged (CLOG ZEROPAGE,
# pg_waldump's wording) and replay zeroes it again; start-up trims stale bits past
# next_xid; and PostgreSQL 15 reads pgsnake's pg_xact and pgsnake reads PostgreSQL's.
import os
import shutil

import psycopg

from pgsnake.access.transam import commit_log, transaction_ids
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.ipc import shared_memory

from forking import run_in_children


def test_statuses_and_file_layout(data_directory):
    assert commit_log.xid_status(1) == "committed" and commit_log.xid_status(2) == "committed"
    assert commit_log.xid_status(1000) == "in_progress"          # no file yet
    commit_log.set_status(4, "committed")
    commit_log.set_status(5, "aborted")
    assert (commit_log.xid_status(4), commit_log.xid_status(5), commit_log.xid_status(6)) == \
           ("committed", "aborted", "in_progress")
    commit_log.set_status(1_048_576 + 7, "committed")
    assert not os.path.exists("pg_xact/0000")                    # only in shared buffers
    commit_log.flush_at_checkpoint()
    assert sorted(os.listdir("pg_xact")) == ["0000", "0001"]
    data = open("pg_xact/0000", "rb").read()
    assert len(data) == 8192                                     # whole pages
    assert data[1] == 0b1001       # xid 4: byte 1, bits 0-1; xid 5: byte 1, bits 2-3
    assert open("pg_xact/0001", "rb").read()[1] == 0b01000000    # xid 7 of file 1


def _sample_xids(pages):
    """The first 256 xids of each page (page 0 from xid 3)."""
    per_page = commit_log.XACTS_PER_PAGE
    return [x for p in range(pages) for x in range(max(3, p * per_page), p * per_page + 256)]


def _expected(xid):
    return "committed" if xid % 3 else "aborted"


def _set_many(worker, workers, pages):
    # Round-robin over the pages, so the writers keep evicting each other's pages.
    for xid in sorted(_sample_xids(pages), key=lambda x: (x % 256, x)):
        if xid % workers == worker:
            commit_log.set_status(xid, _expected(xid))
    return True


def test_concurrent_processes_share_bytes_safely(data_directory):
    # Four writers, each xid's byte neighbours set by the other processes, over more
    # pages than there are buffers: pages are evicted, written back and read in again
    # all the time.
    pages = commit_log.XACT_LOG.nslots + 4
    run_in_children(_set_many, [(w, 4, pages) for w in range(4)])
    counters = commit_log.XACT_LOG.counters()
    assert counters["blks_written"] > 0 and counters["blks_read"] > 0
    commit_log.forget_cache()
    for xid in _sample_xids(pages):
        assert commit_log.xid_status(xid) == _expected(xid), xid
    # The same from disk alone: flush, then forget every buffer (a new segment).
    commit_log.flush_at_checkpoint()
    shared_memory.create_segment()
    commit_log.forget_cache()
    for xid in _sample_xids(pages):
        assert commit_log.xid_status(xid) == _expected(xid), xid


def _read_status(xid):
    return commit_log.xid_status(xid)


def test_other_processes_see_a_commit(data_directory):
    assert run_in_children(_read_status, [(77,)]) == ["in_progress"]
    commit_log.set_status(77, "committed")
    assert run_in_children(_read_status, [(77,)]) == ["committed"]


def test_new_page_is_zeroed_and_logged(cluster):
    # Stale bits on disk where the next page will be (a lost future after a crash).
    page = 1
    os.makedirs("pg_xact", exist_ok=True)
    with open("pg_xact/0000", "r+b") as f:
        f.seek(page * 8192)
        f.write(b"\x55" * 8192)                      # "committed" for every xid
    first = page * commit_log.XACTS_PER_PAGE
    xc.store("next_xid", first)
    start = wal.insert_lsn()
    assert transaction_ids.get_new_xid() == first
    assert commit_log.xid_status(first + 5) == "in_progress"    # zeroed, not read
    wal.flush(wal.insert_lsn())
    records = list(wal.read_records(start))
    assert [(r.rmid, r.info, r.xid) for r in records] == [(wal.RmgrId.CLOG, 0x00, 0)]
    line = waldump.format_record(records[0])
    assert "rmgr: CLOG" in line and line.endswith("desc: ZEROPAGE page 1")
    # Redo zeroes the page on disk, wherever it was before.
    with open("pg_xact/0000", "r+b") as f:
        f.seek(page * 8192)
        f.write(b"\x55" * 8192)
    commit_log.redo(records[0])
    with open("pg_xact/0000", "rb") as f:
        f.seek(page * 8192)
        assert f.read(8192) == bytes(8192)


def test_trim_clears_bits_past_next_xid(data_directory):
    for xid in range(3, 40):
        commit_log.set_status(xid, "committed")
    commit_log.trim(21)          # byte 5, from bit pair 1 on
    assert [commit_log.xid_status(x) for x in (19, 20, 21, 22, 39)] == \
           ["committed", "committed", "in_progress", "in_progress", "in_progress"]
    assert commit_log.XACT_LOG.latest_page() == 0


# ---- PostgreSQL agrees on the format ------------------------------------------------------

def _xid_outcomes(conn, count):
    """count transactions, alternately committed and rolled back; their xids."""
    out = {}
    for i in range(count):
        conn.execute("BEGIN")
        xid = conn.execute("SELECT txid_current()").fetchone()[0]
        conn.execute("COMMIT" if i % 2 == 0 else "ROLLBACK")
        out[xid] = "committed" if i % 2 == 0 else "aborted"
    return out


def test_postgresql_and_pgsnake_read_each_others_pg_xact(make_oracle_server, data_directory):
    oracle = make_oracle_server()
    with psycopg.connect(oracle.dsn, autocommit=True) as conn:
        outcomes = _xid_outcomes(conn, 20)
    oracle.stop()                                   # the shutdown checkpoint writes pg_xact
    source = os.path.join(oracle.datadir, "pg_xact")
    shutil.copytree(source, "pg_xact", dirs_exist_ok=True)
    # pgsnake reads PostgreSQL's file.
    commit_log.forget_cache()
    assert {x: commit_log.xid_status(x) for x in outcomes} == outcomes
    # PostgreSQL reads pgsnake's: flip every outcome here, write, install, ask it.
    flipped = {x: "aborted" if s == "committed" else "committed" for x, s in outcomes.items()}
    for xid, status in flipped.items():
        commit_log.set_status(xid, status)
    commit_log.flush_at_checkpoint()
    for name in os.listdir("pg_xact"):
        shutil.copyfile(os.path.join("pg_xact", name), os.path.join(source, name))
        if os.geteuid() == 0:
            st = os.stat(oracle.datadir)
            os.chown(os.path.join(source, name), st.st_uid, st.st_gid)
    oracle.start()
    with psycopg.connect(oracle.dsn, autocommit=True) as conn:
        seen = {x: conn.execute("SELECT txid_status(%s)", (x,)).fetchone()[0] for x in flipped}
    assert seen == flipped
