# Proves that full-page images repair a torn page: a checkpoint writes a heap page of which
# only the first 4 kB reach the disk (a torn write armed through the durable-file layer),
# and the checkpointer dies at that moment, as in a power failure. The page on disk is
# then half new (header, line pointers, the newest tuples) and half old (the older
# tuples, without the DELETE's xmax). Recovery replays from the previous checkpoint: the
# first change to the page after it carried a full-page image, which replaces the torn
# page, so every deleted row stays deleted. With full_page_writes=off the same torn page
# survives recovery (its header already has the new LSN, so redo skips it) and deleted
# rows come back: the test would catch a missing image. Runs on pgsnake only: the file
# layer cannot tear PostgreSQL's writes.
from __future__ import annotations

import os
import time

import psycopg
import pytest

from harness.faults import Fault, make_faulty_server

ROWS = 50


def read_block(server, path: str, blockno: int = 0) -> bytes:
    with open(os.path.join(server.datadir, path), "rb") as f:
        f.seek(blockno * 8192)
        return f.read(8192)


@pytest.mark.parametrize("full_page_writes", ["on", "off"])
def test_torn_page_write_is_repaired_by_full_page_images(make_pgsnake_server,
                                                         full_page_writes):
    server = make_faulty_server(make_pgsnake_server, settings={
        "full_page_writes": full_page_writes,
        "restart_after_crash": "off",         # stop after the crash: inspect the page
        "bgwriter_lru_maxpages": "0",         # only the checkpointer writes pages
        "checkpoint_timeout": "1h"})
    with server.connect() as conn:
        conn.execute("CREATE TABLE torn (id int4, pad text)")
        conn.execute("CREATE TABLE kept (id int4)")
        conn.execute(f"INSERT INTO torn SELECT g, repeat('p', 100) "
                     f"FROM generate_series(1, {ROWS}) g")
        path = conn.execute("SELECT pg_relation_filepath('torn')").fetchone()[0]
        conn.execute("CHECKPOINT")                   # the page is on disk, clean
        before = read_block(server, path)
        assert conn.execute("SELECT count(*) FROM torn").fetchone() == (ROWS,)
        # One transaction moves the rows: the DELETE sets xmax in every tuple header of
        # block 0, in both halves of the page. Its first change after the checkpoint
        # logs the whole page (when full_page_writes is on).
        with conn.transaction():
            conn.execute("INSERT INTO kept SELECT id FROM torn")
            conn.execute("DELETE FROM torn")
        server.faults.arm(Fault("torn", op="write", path=path, process="checkpointer",
                                keep_bytes=4096, crash_after=True, times=1))
        with pytest.raises(psycopg.Error):
            conn.execute("CHECKPOINT")
    deadline = time.monotonic() + 30
    while server.is_running():
        assert time.monotonic() < deadline, "the server did not stop after the crash"
        time.sleep(0.1)
    assert "checkpointer process" in server.log_text() and "signal 9" in server.log_text()

    # The page on disk is torn: a new first half, the old second half.
    torn = read_block(server, path)
    assert torn[:4096] != before[:4096]
    assert torn[4096:] == before[4096:]

    server.start()
    with server.connect() as conn:
        survivors = conn.execute("SELECT count(*) FROM torn").fetchone()[0]
        assert conn.execute("SELECT count(*), sum(id) FROM kept").fetchone() == (
            ROWS, ROWS * (ROWS + 1) // 2)
    if full_page_writes == "on":
        assert survivors == 0, f"{survivors} deleted rows came back from a torn page"
    else:
        # Without the image nothing repairs the page: the old half's tuples lost their
        # deletion. (PostgreSQL documents the same risk for full_page_writes = off.)
        assert survivors > 0
