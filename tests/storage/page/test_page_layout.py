# Proves that page_layout writes PostgreSQL's page format: the 24-byte header values of an
# empty page, line pointers packed as lp_off/lp_flags/lp_len, items MAXALIGNed from the end,
# free-space accounting, LSN split into xlogid/xrecoff, and redo-style placement at an offnum.
import struct

import pytest

from pgsnake.storage.page import page_layout as pl


def new_page(special=0):
    page = bytearray(pl.BLCKSZ)
    pl.init_page(page, special)
    return page


def test_zero_page_is_new_and_init_writes_header():
    page = bytearray(pl.BLCKSZ)
    assert pl.is_new(page)
    pl.init_page(page)
    assert not pl.is_new(page)
    h = pl.header(page)
    assert (h.lsn, h.checksum, h.flags, h.lower, h.upper, h.special) == (0, 0, 0, 24, 8192, 8192)
    assert h.pagesize_version == 8196 and h.prune_xid == 0
    assert bytes(page[12:20]) == struct.pack("<HHHH", 24, 8192, 8192, 8196)
    assert pl.max_offset(page) == 0
    assert pl.free_space(page) == 8192 - 24 - 4


def test_special_space_is_maxaligned():
    page = new_page(special=13)
    assert pl.header(page).special == 8192 - 16
    assert pl.header(page).upper == 8192 - 16


def test_items_are_placed_from_the_end_maxaligned():
    page = new_page()
    assert pl.add_item(page, b"x" * 30) == 1
    assert pl.add_item(page, b"y" * 24) == 2
    assert pl.item_id(page, 1) == (8192 - 32, pl.LP_NORMAL, 30)
    assert pl.item_id(page, 2) == (8192 - 32 - 24, pl.LP_NORMAL, 24)
    assert bytes(pl.get_item(page, 1)) == b"x" * 30
    assert bytes(pl.get_item(page, 2)) == b"y" * 24
    # line pointer 1 as PostgreSQL packs it: off | flags << 15 | len << 17
    assert struct.unpack_from("<I", page, 24)[0] == (8160 | 1 << 15 | 30 << 17)
    h = pl.header(page)
    assert (h.lower, h.upper) == (32, 8136)
    assert pl.free_space(page) == 8136 - 32 - 4
    pl.verify_page(page)


def test_get_item_is_a_writable_view():
    page = new_page()
    pl.add_item(page, b"abcd")
    view = pl.get_item(page, 1)
    view[0:1] = b"Z"
    assert bytes(pl.get_item(page, 1)) == b"Zbcd"


def test_full_page_refuses_item():
    page = new_page()
    count = 0
    while pl.add_item(page, b"q" * 100) is not None:
        count += 1
    # each item takes 104 bytes + 4-byte pointer
    assert count == (8192 - 24) // 108
    assert pl.free_space(page) < 104


def test_lsn_roundtrip_stores_xlogid_then_xrecoff():
    page = new_page()
    pl.set_lsn(page, 0x0000000A_000000F0)
    assert pl.get_lsn(page) == 0xA000000F0
    assert struct.unpack_from("<II", page, 0) == (0xA, 0xF0)


def test_add_item_at_given_offset_for_redo():
    page = new_page()
    assert pl.add_item(page, b"a" * 8, offnum=1) == 1
    with pytest.raises(ValueError):
        pl.add_item(page, b"b" * 8, offnum=3)
    with pytest.raises(ValueError):
        pl.add_item(page, b"b" * 8, offnum=1)     # in use
    pl.set_item_flags(page, 1, pl.LP_UNUSED)
    assert pl.item_id(page, 1) == (0, pl.LP_UNUSED, 0)
    assert pl.add_item(page, b"c" * 8, offnum=1) == 1


def test_set_item_flags_dead_keeps_storage():
    page = new_page()
    pl.add_item(page, b"a" * 8)
    pl.set_item_flags(page, 1, pl.LP_DEAD)
    assert pl.item_id(page, 1)[1:] == (pl.LP_DEAD, 8)


def test_max_heap_tuple_size_matches_postgresql():
    assert pl.MAX_HEAP_TUPLE_SIZE == 8160
    assert pl.MAX_HEAP_TUPLES_PER_PAGE == 291
