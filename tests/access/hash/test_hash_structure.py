# Proves a hash index grown past its first buckets is well formed, page by page, as
# read back through pageinspect's get_raw_page: every entry sits in the bucket its hash
# code maps to, each page's entries ascend by hash code, overflow chains link both ways
# and belong to one bucket, the bitmap marks exactly the overflow pages in use, the
# metapage counts every entry, and the index finds exactly the rows a sequential scan
# finds. Rows: enough to split buckets across split points, one value repeated until its
# bucket chains overflow pages, then deletes and VACUUM (which squeezes the chains and
# frees pages back to the bitmap).
from __future__ import annotations

from pgsnake.access.hash import page_format as pf
from pgsnake.storage.page import page_layout as pl

from tests.access.raw_pages import raw_pages



def _check(pages: list[bytes]) -> dict:
    meta = pf.read_meta(pages[0])
    assert pf.read_opaque(pages[0]).flag == pf.LH_META_PAGE
    overflow_in_use = set()
    entries = 0
    for bucket in range(meta.maxbucket + 1):
        blkno = pf.bucket_to_blkno(meta, bucket)
        previous = None
        while blkno != pf.INVALID_BLOCK:
            page = pages[blkno]
            opaque = pf.read_opaque(page)
            assert opaque.bucket == bucket, (blkno, opaque)
            if previous is None:
                assert opaque.flag & pf.LH_PAGE_TYPE == pf.LH_BUCKET_PAGE
                assert opaque.prevblkno <= meta.maxbucket   # maxbucket at its last split
            else:
                assert opaque.flag == pf.LH_OVERFLOW_PAGE and opaque.prevblkno == previous
                overflow_in_use.add(blkno)
            codes = [pf.tuple_hashkey(pl.get_item(page, off))
                     for off in range(1, pl.max_offset(page) + 1)]
            assert codes == sorted(codes), blkno
            for code in codes:
                assert pf.hashkey_to_bucket(code, meta.maxbucket, meta.highmask,
                                            meta.lowmask) == bucket
            entries += len(codes)
            previous, blkno = blkno, opaque.nextblkno
    # The bitmap: bit n set <=> overflow page n is in use (the bitmap page's own bit too).
    bitmaps = set(meta.mapp[:meta.nmaps])
    for bitno in range(meta.spares[meta.ovflpoint]):
        blkno = pf.bitno_to_blkno(meta, bitno)
        page = pages[meta.mapp[bitno >> meta.bmshift]]
        in_use = pf.bit_is_set(page, bitno & ((1 << meta.bmshift) - 1))
        if blkno in bitmaps:
            assert in_use
        else:
            assert in_use == (blkno in overflow_in_use), blkno
            if not in_use:
                assert pf.read_opaque(pages[blkno]).flag == pf.LH_UNUSED_PAGE
    assert meta.ntuples == entries
    return {"buckets": meta.maxbucket + 1, "overflow": len(overflow_in_use),
            "entries": entries, "ovflpoint": meta.ovflpoint,
            "free": meta.spares[meta.ovflpoint] - len(overflow_in_use) - len(bitmaps)}


_MODES = (("Index Scan using", "off", "off", "on"), ("Bitmap Heap Scan", "off", "on", "off"),
          ("Seq Scan", "on", "off", "off"))


def _answers(conn, values, column: str) -> list:
    """The ids per value through an Index Scan, a Bitmap Heap Scan and a Seq Scan; all
    three must agree."""
    out = []
    for node, seqscan, bitmapscan, indexscan in _MODES:
        conn.execute(f"SET enable_seqscan = {seqscan}")
        conn.execute(f"SET enable_bitmapscan = {bitmapscan}")
        conn.execute(f"SET enable_indexscan = {indexscan}")
        found = []
        for value in values:
            plan = "\n".join(r[0] for r in conn.execute(
                f"EXPLAIN SELECT id FROM hash_shape WHERE {column} = %s", (value,),
                prepare=False).fetchall())
            assert plan.startswith(node) or f"-> {node}" in plan or node in plan, plan
            found.append(sorted(r[0] for r in conn.execute(
                f"SELECT id FROM hash_shape WHERE {column} = %s", (value,),
                prepare=False).fetchall()))
        out.append(found)
    assert out[0] == out[1] == out[2]
    return out[0]


def test_split_and_overflow_pages_are_well_formed(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS hash_shape")
        conn.execute("CREATE TABLE hash_shape (id int, tag text)")
        conn.execute("INSERT INTO hash_shape SELECT g, 't' || (g % 97) FROM generate_series(1, 300) g")
        conn.execute("CREATE INDEX hash_shape_id ON hash_shape USING hash (id) "
                     "WITH (fillfactor = 10)")
        conn.execute("CREATE INDEX hash_shape_tag ON hash_shape USING hash (tag)")
        built = _check(raw_pages(conn, "hash_shape_id"))
        conn.execute("INSERT INTO hash_shape SELECT g, CASE WHEN g % 4 = 0 THEN 't' || g "
                     "ELSE 'same' END FROM generate_series(301, 2300) g")
        grown = _check(raw_pages(conn, "hash_shape_id"))
        assert grown["buckets"] > built["buckets"] and grown["ovflpoint"] > built["ovflpoint"]
        tags = _check(raw_pages(conn, "hash_shape_tag"))
        assert tags["overflow"] >= 3, tags          # the 'same' bucket's chain
        assert _answers(conn, [1, 150, 301, 2300, 5000], "id") == \
            [[1], [150], [301], [2300], []]
        assert [len(ids) for ids in _answers(conn, ["same", "t5", "t304"], "tag")] == \
            [1500, 4, 1]
        conn.execute("DELETE FROM hash_shape WHERE tag = 'same' AND id > 400 OR id % 3 = 0")
        conn.execute("VACUUM hash_shape")
        vacuumed = _check(raw_pages(conn, "hash_shape_tag"))
        assert vacuumed["overflow"] < tags["overflow"] and vacuumed["free"] > 0, vacuumed
        _check(raw_pages(conn, "hash_shape_id"))
        remaining = conn.execute("SELECT count(*) FROM hash_shape WHERE tag = 'same'").fetchone()[0]
        assert [len(ids) for ids in _answers(conn, ["same"], "tag")] == [remaining]
        # Freed overflow pages are reused before the file grows.
        size = conn.execute("SELECT pg_relation_size('hash_shape_tag')").fetchone()[0]
        conn.execute("INSERT INTO hash_shape SELECT g, 'same' FROM generate_series(1, 500) g")
        _check(raw_pages(conn, "hash_shape_tag"))
        assert conn.execute("SELECT pg_relation_size('hash_shape_tag')").fetchone()[0] == size
        conn.execute("DROP TABLE hash_shape")
