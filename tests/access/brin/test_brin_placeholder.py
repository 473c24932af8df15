# Proves the pieces of BRIN's per-page locking (README rule R1) that no timing can be
# relied on to reach: a summarisation whose placeholder tuple was widened by inserts
# into its range while it read the range's rows takes the union of the two (every
# value of both is covered, the result is no placeholder); an update whose tuple
# changed between reading it and locking its page does nothing and says so; each
# operator class's union covers every value of both summaries; and the zero page a
# change that started over leaves behind is found and used by the next one.
from __future__ import annotations

import random

import pytest

from pgsnake.access.brin import access_method as brin
from pgsnake.access.brin import opclasses
from pgsnake.access.brin import page_format as pf
from pgsnake.access.brin.page_format import BrinValues
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.storage.smgr.relation_path import RelFileLocator

INT4, TEXT = 23, 25
PAGES_PER_RANGE = 4


def _index(monkeypatch, oid: int = 16600):
    monkeypatch.setattr(brin, "_catalog_info", lambda index: brin.CatalogInfo(
        (INT4, TEXT), pages_per_range=PAGES_PER_RANGE))
    description = IndexDescription(heap_oid=16384, key_count=2, access_method=3580,
                                   heap_attnums=(1, 2),
                                   opclass_names=("int4_minmax_ops", "text_minmax_ops"))
    index = Relation(oid, f"brin_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     TupleDescriptor((Attribute(1, "a", INT4, typlen=4, typbyval=True),
                                      Attribute(2, "t", TEXT, typlen=-1, typalign="i"))),
                     index=description)
    brin.create_storage(index)
    return index


def _summary(index, heap_blk: int):
    found = brin._fetch(index, PAGES_PER_RANGE, heap_blk)
    assert found is not None
    return pf.deform_tuple(brin.describe(index).layout, found[2])


@pytest.mark.parametrize("grow", [False, True])
def test_summarisation_takes_the_union_with_a_widened_placeholder(wal_cluster, monkeypatch,
                                                                  grow):
    """Rows inserted while the range is read widen the placeholder (insert finds it
    through the revmap); the summary written at the end covers them too. With
    `grow`, the widened placeholder no longer fits its page and moves first."""
    index = _index(monkeypatch)
    other = "q" * 2000 if grow else "m"

    def rows(first: int, count: int):
        assert count == PAGES_PER_RANGE
        for blkno in range(first, first + 2):
            yield (blkno, 1), [blkno * 10, f"t{blkno}"]
            if blkno == first:        # "concurrent" inserts, after the placeholder
                placeholder = _summary(index, first)
                assert placeholder.placeholder
                brin.insert(index, [-50, other], (first + 3, 1))
                brin.insert(index, [900, None], (first + 3, 2))
    for filler in range(3):           # other ranges' tuples share the page
        brin.summarize(index, lambda f, c: iter([((f, 1), [f, "x" * 1500])]),
                       (filler + 2) * PAGES_PER_RANGE, page_range=(filler + 1) * PAGES_PER_RANGE)
    assert brin.summarize(index, rows, PAGES_PER_RANGE, page_range=0) == (1, 0)
    summary = _summary(index, 0)
    assert not summary.placeholder and not summary.empty_range
    ints, texts = summary.columns
    assert ints.values == [-50, 900] and ints.hasnulls is False
    assert texts.values == [min("t0", other), max("t1", other)] and texts.hasnulls is True
    assert brin.bitmap_scan(index, PAGES_PER_RANGE, [brin.ScanKey(0, 3, -50, INT4)]) == \
        list(range(PAGES_PER_RANGE))


def test_an_update_of_a_tuple_that_changed_does_nothing(wal_cluster, monkeypatch):
    index = _index(monkeypatch)
    brin.summarize(index, lambda f, c: iter([((f, 1), [7, "a"])]), PAGES_PER_RANGE)
    blkno, off, data = brin._fetch(index, PAGES_PER_RANGE, 0)
    brin.insert(index, [8, "b"], (1, 1))                # changes it under "us"
    desc = brin.describe(index)
    stale = pf.deform_tuple(desc.layout, data)
    desc.add_values(stale, [1, "a"])
    assert not brin._doupdate(index, PAGES_PER_RANGE, 0, blkno, off, data,
                              pf.form_tuple(desc.layout, stale))
    assert _summary(index, 0).columns[0].values == [7, 8]


def _values_of(cls_name: str, type_oid: int, rng: random.Random):
    if cls_name.startswith("inet"):
        from pgsnake.datatypes import registry
        parse = registry.get_type(type_oid).input
        return [parse(f"10.{rng.randrange(256)}.{rng.randrange(256)}.0/24") for _ in range(40)]
    return [rng.randrange(-10**5, 10**5) for _ in range(300)]


@pytest.mark.parametrize("cls_name, type_oid", [
    ("int4_minmax_ops", INT4), ("int4_minmax_multi_ops", INT4), ("int4_bloom_ops", INT4),
    ("inet_inclusion_ops", 869)])
@pytest.mark.parametrize("seed", [1, 2])
def test_each_class_union_covers_both_summaries(cls_name, type_oid, seed):
    rng = random.Random(seed)
    cls = opclasses.column_class(cls_name, type_oid, PAGES_PER_RANGE)
    a_values, b_values = _values_of(cls_name, type_oid, rng), _values_of(cls_name, type_oid, rng)
    a, b = BrinValues(values=[None] * len(cls.stored)), BrinValues(values=[None] * len(cls.stored))
    for value in a_values:
        cls.add_value(a, value)
    for value in b_values:
        cls.add_value(b, value)
    cls.union(a, b)
    if cls_name.endswith("_minmax_multi_ops"):      # as the index tuple stores it
        a.values = [a.values[0].serialize()]
    strategy = 3                                    # "="
    for value in a_values + b_values:
        if cls_name.startswith("inet"):
            assert cls.contains(a.values[0], value) or a.values[1], value
        elif cls_name.endswith("_bloom_ops"):
            assert cls.consistent(a, 1, value, type_oid), value
        else:
            assert cls.consistent(a, strategy, value, type_oid), value


def test_a_zero_page_left_by_a_change_that_started_over_is_used(wal_cluster, monkeypatch):
    """A change that extended the index and then found the range summarised meanwhile
    applies nothing, leaving a zero page; the next tuple needing room takes it."""
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.page import page_layout as pl
    rng = random.Random(7)

    def text() -> str:                      # incompressible: ~3000 bytes stored
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(3000))
    index = _index(monkeypatch)
    for start in (0, PAGES_PER_RANGE):      # the regular page nearly full
        value = text()
        brin.summarize(index, lambda f, c, v=value: iter([((f, 1), [1, v])]),
                       start + PAGES_PER_RANGE, page_range=start)
    desc = brin.describe(index)
    big = pf.empty_tuple(desc.layout, 0)
    desc.add_values(big, [5, text()])
    before = bufmgr.nblocks(index.locator, brin.MAIN)
    assert brin._doinsert(index, PAGES_PER_RANGE, 0, pf.form_tuple(desc.layout, big),
                          only_if_unsummarized=True) is None
    assert bufmgr.nblocks(index.locator, brin.MAIN) == before + 1
    unchecked = brin.index_page_set.read_page(index, before, lambda *_args: None)
    assert pl.is_new(unchecked)                      # extended, then nothing applied
    other = pf.empty_tuple(desc.layout, 2 * PAGES_PER_RANGE)
    desc.add_values(other, [6, text()])
    brin._target_blocks.clear()
    blkno, _off = brin._doinsert(index, PAGES_PER_RANGE, 2 * PAGES_PER_RANGE,
                                 pf.form_tuple(desc.layout, other))
    assert blkno == before and bufmgr.nblocks(index.locator, brin.MAIN) == before + 1
    assert _summary(index, 2 * PAGES_PER_RANGE).columns[0].values == [6, 6]
