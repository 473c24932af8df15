# Proves that with data checksums a torn write of a page whose only change since the last
# checkpoint was a hint bit is repaired by crash recovery, on pgsnake and on PostgreSQL 15:
# the first hint-bit change after a checkpoint WAL-logs the whole page (XLOG_FPI_FOR_HINT),
# so after kill -9 and a torn write of that page (its first half old, its second half
# with the hint bits set, as a power loss in the middle of the 8 kB write leaves it) the
# restart replays the image and every row reads back with no WARNING, and PostgreSQL's
# pg_checksums finds every page sound. The control: the same torn write on a page no WAL
# record after the checkpoint covers (nothing logged it) is not repaired, and reading it
# is XX001, so it is the image that repairs the first page.
from __future__ import annotations

import os
import struct
import subprocess

import psycopg
import pytest

from harness.servers import PG_BIN_FALLBACK

from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.page.checksum import page_checksum

BLCKSZ = 8192
HEAP_XMIN_COMMITTED = 0x0100
T_INFOMASK = 20               # offset of t_infomask in a heap tuple header
ROWS = 60                     # one page each


@pytest.fixture(params=["pgsnake", "oracle"])
def make_server(request):
    return request.getfixturevalue("make_oracle_server" if request.param == "oracle"
                                   else "make_pgsnake_server")


def read_block0(server, path: str) -> bytes:
    with open(os.path.join(server.datadir, path), "rb") as fh:
        return fh.read(BLCKSZ)


def torn_with_hints(old: bytes) -> bytes:
    """What a torn write of `old` after a hint-setting scan leaves: the first half as it
    was on disk, the second half as the scan left it (xmin-committed hints set on the
    tuples stored there)."""
    new = bytearray(old)
    hinted = 0
    for offnum in range(1, pl.max_offset(new) + 1):
        lp_off, lp_flags, _ = pl.item_id(new, offnum)
        if lp_flags == pl.LP_NORMAL and lp_off >= BLCKSZ // 2:
            mask = struct.unpack_from("<H", new, lp_off + T_INFOMASK)[0]
            struct.pack_into("<H", new, lp_off + T_INFOMASK, mask | HEAP_XMIN_COMMITTED)
            hinted += 1
    assert hinted, "some tuples should live in the second half of the page"
    return old[:BLCKSZ // 2] + bytes(new[BLCKSZ // 2:])


def write_block0(server, path: str, page: bytes) -> None:
    with open(os.path.join(server.datadir, path), "r+b") as fh:
        fh.write(page)


def test_a_torn_hint_bit_write_is_repaired_by_the_page_image(make_server):
    server = make_server(initdb_args=("-k",), settings={"autovacuum": "off"})
    with server.connect() as conn:
        for table in ("hinted", "untouched", "marker"):
            conn.execute(f"CREATE TABLE {table} (id int, label text)")
        for table in ("hinted", "untouched"):
            conn.execute(f"INSERT INTO {table} SELECT g, repeat('x', 40) "
                         f"FROM generate_series(1, {ROWS}) g")
        paths = {table: conn.execute(f"SELECT pg_relation_filepath('{table}')").fetchone()[0]
                 for table in ("hinted", "untouched")}
        # Nobody has read the rows yet: the pages reach disk without hint bits.
        conn.execute("CHECKPOINT")
        before = {table: read_block0(server, path) for table, path in paths.items()}
        # The first scan after the checkpoint sets the hints: a page image goes to WAL.
        assert conn.execute("SELECT count(*) FROM hinted").fetchone() == (ROWS,)
        # A commit flushes WAL past that image (a real server writes the page only then).
        conn.execute("INSERT INTO marker VALUES (1, 'flush')")
    server.kill_all_9()

    for table, path in paths.items():
        torn = torn_with_hints(before[table])
        assert page_checksum(torn, 0) != struct.unpack_from("<H", torn, 8)[0]   # really torn
        write_block0(server, path, torn)

    server.start()
    with server.connect() as conn:
        notices = []
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary))
        assert conn.execute("SELECT count(*), sum(id) FROM hinted").fetchone() == \
            (ROWS, ROWS * (ROWS + 1) // 2)
        assert notices == []
        with pytest.raises(psycopg.Error) as failure:
            conn.execute("SELECT count(*) FROM untouched")
        assert failure.value.sqlstate == "XX001"
        assert failure.value.diag.message_primary == \
            f"invalid page in block 0 of relation {paths['untouched']}"
        conn.execute("DROP TABLE untouched")      # the control has served its purpose
    server.stop()
    pg_checksums = os.path.join(PG_BIN_FALLBACK, "pg_checksums")
    if os.access(pg_checksums, os.X_OK):
        args = [pg_checksums, "--check", "-D", server.datadir]
        done = server.command(*args) if hasattr(server, "binaries") else \
            subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
