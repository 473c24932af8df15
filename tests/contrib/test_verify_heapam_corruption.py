# verify_heapam on a table whose first page we damage on disk, the same way on pgsnake and
# on PostgreSQL 15: each server makes the same tables, checkpoints and stops; we rewrite
# line pointers and tuple headers of block 0 (an unaligned or too short line pointer, a
# redirect past the array, t_hoff beyond the tuple, xmin / xmax in the future, before
# relfrozenxid or before any valid xid, more attributes than the table has, a committed
# multixact, a broken varlena length) and a TOAST pointer to a value that is not there;
# then both report the same rows (blkno, offnum, attnum, msg), with the numbers that
# differ between the servers (next xid, relfrozenxid, TOAST value ids) read as
# placeholders. on_error_stop, skip, block ranges and check_toast are exercised too.
from __future__ import annotations

import os
import re
import struct

import pytest

BLCKSZ = 8192
pytestmark = pytest.mark.slow          # two servers made and restarted (~30 s)


def _make_table(server) -> str:
    with server.connect() as conn:
        conn.execute("CREATE EXTENSION amcheck")
        conn.execute("CREATE TABLE damaged (a int, b text, c int)")
        conn.execute("INSERT INTO damaged SELECT g, 'row ' || g, g "
                     "FROM generate_series(1, 400) g")
        conn.execute("CREATE TABLE damaged_toast (a int, b text)")
        conn.execute("INSERT INTO damaged_toast SELECT 1, string_agg(md5(g::text), '') "
                     "FROM generate_series(1, 300) g")       # incompressible: external
        conn.execute("CHECKPOINT")
        (toast_path,) = conn.execute("SELECT pg_relation_filepath('damaged_toast')").fetchone()
        (path, frozen) = conn.execute(
            "SELECT pg_relation_filepath('damaged'), relfrozenxid::text::bigint "
            "FROM pg_class WHERE relname = 'damaged'").fetchone()
    return path, frozen, toast_path


def _item(page: bytearray, offnum: int) -> tuple[int, int, int]:
    (word,) = struct.unpack_from("<I", page, 24 + 4 * (offnum - 1))
    return word & 0x7FFF, (word >> 15) & 3, word >> 17


def _set_item(page: bytearray, offnum: int, off: int, flags: int, length: int) -> None:
    struct.pack_into("<I", page, 24 + 4 * (offnum - 1), off | flags << 15 | length << 17)


def _damage(page: bytearray, relfrozenxid: int) -> None:
    def header(offnum):
        return _item(page, offnum)[0]

    off, flags, length = _item(page, 1)
    _set_item(page, 1, off + 1, flags, length)                 # not MAXALIGNed
    off, flags, _ = _item(page, 2)
    _set_item(page, 2, off, flags, 10)                          # shorter than a header
    page[header(3) + 22] = 200                                  # t_hoff past the tuple
    struct.pack_into("<I", page, header(4), relfrozenxid + 100000)   # xmin in the future
    struct.pack_into("<H", page, header(4) + 20, 0x0800 | 0x0002)
    struct.pack_into("<I", page, header(5) + 4, 0xFFFFFFF0)     # xmax before epoch 0
    struct.pack_into("<H", page, header(5) + 20, 0x0100 | 0x0002)
    mask2 = struct.unpack_from("<H", page, header(6) + 18)[0]   # 50 attributes
    struct.pack_into("<H", page, header(6) + 18, (mask2 & ~0x07FF) | 50)
    _set_item(page, 7, 300, 2, 0)                               # redirect past the array
    struct.pack_into("<I", page, header(8), relfrozenxid - 1)   # xmin before relfrozenxid
    struct.pack_into("<H", page, header(8) + 20, 0x0800 | 0x0002)
    struct.pack_into("<I", page, header(9) + 4, 0)              # committed multixact 0
    struct.pack_into("<H", page, header(9) + 20, 0x0100 | 0x0400 | 0x1000 | 0x0002)
    page[header(10) + 24 + 4] = 0                               # b: a 4-byte length
    struct.pack_into("<H", page, header(11) + 20, 0x0100 | 0x0800)   # no HASVARWIDTH: fine


def _damaged_server(server) -> None:
    path, relfrozenxid, toast_path = _make_table(server)
    server.damaged_xmin = relfrozenxid - 1
    server.stop()
    full = os.path.join(server.datadir, path)
    with open(full, "r+b") as fh:
        page = bytearray(fh.read(BLCKSZ))
        _damage(page, relfrozenxid)
        fh.seek(0)
        fh.write(page)
    with open(os.path.join(server.datadir, toast_path), "r+b") as fh:
        page = bytearray(fh.read(BLCKSZ))
        off = _item(page, 1)[0]
        pointer = off + page[off + 22] + 4                      # b, after the int
        assert page[pointer] == 0x01, "the value must be stored out of line"
        valueid = struct.unpack_from("<I", page, pointer + 10)[0]
        struct.pack_into("<I", page, pointer + 10, valueid + 1000000)   # no such value
        fh.seek(0)
        fh.write(page)
    server.start()


def _rows(server, sql: str) -> list[tuple]:
    with server.connect() as conn:
        rows = conn.execute(sql).fetchall()
    def same(value):
        if not isinstance(value, str):
            return value
        value = value.replace(f"xmin {server.damaged_xmin} ", "xmin X ")
        value = value.replace(f"xmin {server.damaged_xmin + 100001} ", "xmin Y ")
        value = re.sub(r"toast value \d+", "toast value V", value)
        return re.sub(r"\b0:\d+", "0:N", value)
    return [tuple(same(v) for v in row) for row in rows]


QUERIES = (
    "SELECT * FROM verify_heapam('damaged')",
    "SELECT * FROM verify_heapam('damaged', on_error_stop := true)",
    "SELECT * FROM verify_heapam('damaged', startblock := 1)",
    "SELECT * FROM verify_heapam('damaged', endblock := 0, skip := 'all-frozen')",
    "SELECT * FROM verify_heapam('damaged_toast')",
    "SELECT * FROM verify_heapam('damaged_toast', check_toast := true)",
)


def test_verify_heapam_reports_damage_as_postgresql(make_pgsnake_server, make_oracle_server):
    oracle = make_oracle_server()
    pgsnake = make_pgsnake_server()
    _damaged_server(oracle)
    _damaged_server(pgsnake)
    for sql in QUERIES:
        expected = _rows(oracle, sql)
        assert _rows(pgsnake, sql) == expected, sql
    # The damage is there to be found (the oracle's own rows prove the expectation).
    messages = [msg for *_, msg in _rows(oracle, QUERIES[0])]
    assert any("is not maximally aligned" in m for m in messages)
    assert "xmin Y equals or exceeds next valid transaction ID 0:N" in messages
    assert "xmin X precedes relation freeze threshold 0:N" in messages
    assert any("exceeds maximum offset" in m for m in messages)
    assert _rows(oracle, QUERIES[-1]) == [(0, 1, 1, "toast value V not found in toast table")]
