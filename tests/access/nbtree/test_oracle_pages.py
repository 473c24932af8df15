# Proves pgsnake's B-tree pages are PostgreSQL 15's, byte for byte: the same rows (with
# the same heap TIDs, taken from the oracle's ctids) give pages identical to the
# oracle's get_raw_page images (apart from the page LSN and checksum), both for CREATE
# INDEX (bottom-up build) and for indexes grown by inserts in the same order, which makes
# every split choose the same split point. Cases: int4, text (short and long varlena,
# three levels), duplicates, multi-column with NULLs, DESC and NULLS FIRST, numeric and
# float8, a unique index with an INCLUDE column. Also: pageinspect's bt_metap,
# bt_page_stats and bt_page_items (both forms) return the oracle's rows, and the errors
# of a duplicate key, a duplicate in a unique build and an oversized row are the
# oracle's. These indexes use deduplicate_items = off; the deduplicated ones
# (PostgreSQL's default) are compared at the end of the file: built, grown in three key
# orders, one value, posting list splits (heap space reused), unique with NULLs and
# under version churn, with pageinspect's posting-list rows.
from __future__ import annotations

import decimal
import random
import re

import pytest

from nbtree_support import make_index, make_table, page_images
from pgsnake.access.common.tuple_descriptor import INDOPTION_DESC, INDOPTION_NULLS_FIRST
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree import insert as insert_module
from pgsnake.access.nbtree import page_inspect, verify
from pgsnake.utils.errors import PgError

from tests.access.raw_pages import raw_pages

psycopg = pytest.importorskip("psycopg")


def parse_tid(text: str) -> tuple[int, int]:
    block, offset = text.strip("()").split(",")
    return int(block), int(offset)



def assert_same_pages(ours: list[bytes], theirs: list[bytes]) -> None:
    assert len(ours) == len(theirs)
    for blkno, (a, b) in enumerate(zip(ours, theirs)):
        # Bytes 0-7 are the page LSN, 8-9 the checksum: everything else must match.
        assert a[10:] == b[10:], f"block {blkno} differs"


class Case:
    """One table on the oracle and the same index in pgsnake."""

    def __init__(self, conn, name, columns, index_columns, *, oid, options=(), unique=False,
                 include=(), dedup=False):
        self.conn, self.name, self.unique = conn, name, unique
        self.column_names = [c for c, _oid, _sql in columns]
        types = {c: type_oid for c, type_oid, _sql in columns}
        conn.execute(f"DROP TABLE IF EXISTS {name}")
        conn.execute(f"CREATE TABLE {name} ("
                     + ", ".join(f"{c} {sql}" for c, _oid, sql in columns) + ")")
        self.rel = make_index(f"{name}_i", tuple((c, types[c]) for c, _ in index_columns),
                              oid=oid, options=options, unique=unique,
                              include=tuple((c, types[c]) for c in include),
                              deduplicate_items=dedup)
        self.positions = [self.column_names.index(c) for c, _ in index_columns] + \
                         [self.column_names.index(c) for c in include]
        spec = ", ".join(f"{c} {o}".strip() for c, o in index_columns)
        inc = f" INCLUDE ({', '.join(include)})" if include else ""
        self.ddl = (f"CREATE {'UNIQUE ' if unique else ''}INDEX {name}_i ON {name} ({spec})"
                    f"{inc}" + ("" if dedup else " WITH (deduplicate_items = off)"))
        am.create_storage(self.rel)

    def index_values(self, row):
        return [row[p] for p in self.positions]

    def build(self, rows):
        placeholders = ", ".join(["%s"] * len(self.column_names))
        with self.conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {self.name} VALUES ({placeholders})", rows)
        self.conn.execute(self.ddl)
        stored = self.conn.execute(f"SELECT ctid::text, * FROM {self.name}").fetchall()
        am.build(self.rel, None, [(parse_tid(r[0]), self.index_values(r[1:])) for r in stored])

    def grow(self, rows):
        self.conn.execute(self.ddl)
        am.build(self.rel, None, [])
        self.insert(rows)

    def insert(self, rows):
        """Insert into the table (and its index) on the oracle and into our index."""
        placeholders = ", ".join(["%s"] * len(self.column_names))
        with self.conn.cursor() as cur:
            for row in rows:
                cur.execute(f"INSERT INTO {self.name} VALUES ({placeholders}) "
                            "RETURNING ctid::text", row)
                am.insert(self.rel, self.index_values(row), parse_tid(cur.fetchone()[0]),
                          unique=self.unique, check_callback=lambda tid: ("live", 0))

    def check(self):
        assert_same_pages(page_images(self.rel), raw_pages(self.conn, f"{self.name}_i"))
        verify.bt_index_check(self.rel, parent_check=True)


@pytest.fixture
def conn(oracle):
    with oracle.connect() as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        yield connection


def maybe_null(rng, value, p=0.1):
    return None if rng.random() < p else value


@pytest.mark.parametrize("how", ["build", "grow"])
def test_int4_and_text_indexes(conn, btree_pool, how):
    rng = random.Random(1)
    ints = Case(conn, f"o_int_{how}", [("a", 23, "int4")], [("a", "")], oid=17001)
    getattr(ints, how)([(rng.randrange(100000),) for _ in range(2500)])
    ints.check()
    texts = Case(conn, f"o_text_{how}", [("s", 25, "text")], [("s", "")], oid=17002)
    getattr(texts, how)([(f"v{rng.randrange(10**6)}",) for _ in range(2500)])
    texts.check()


def test_duplicates_and_ascending_keys(conn, btree_pool):
    same = Case(conn, "o_same", [("a", 23, "int4")], [("a", "")], oid=17003)
    same.grow([(7,)] * 2000)          # single-value strategy: left pages 96% full
    same.check()
    seq = Case(conn, "o_seq", [("a", 23, "int4"), ("b", 23, "int4")], [("b", ""), ("a", "")],
               oid=17004)
    seq.grow([(i, i % 7) for i in range(2500)])    # local ascending runs per b
    seq.check()


def test_multicolumn_nulls_desc_and_nulls_first(conn, btree_pool):
    rng = random.Random(2)
    rows = [(maybe_null(rng, rng.randrange(30)), maybe_null(rng, rng.randrange(1000)))
            for _ in range(3000)]
    columns = [("a", 23, "int4"), ("b", 20, "int8")]
    plain = Case(conn, "o_multi", columns, [("a", ""), ("b", "")], oid=17005)
    plain.grow(rows)
    plain.check()
    ordered = Case(conn, "o_desc", columns, [("a", "DESC"), ("b", "NULLS FIRST")], oid=17006,
                   options=(INDOPTION_DESC | INDOPTION_NULLS_FIRST, INDOPTION_NULLS_FIRST))
    ordered.grow(rows)
    ordered.check()
    built = Case(conn, "o_desc_build", columns, [("a", "DESC NULLS LAST"), ("b", "")],
                 oid=17007, options=(INDOPTION_DESC, 0))
    built.build(rows)
    built.check()


def test_numeric_float_and_unique_include(conn, btree_pool):
    rng = random.Random(3)
    numbers = Case(conn, "o_num", [("n", 1700, "numeric"), ("f", 701, "float8")],
                   [("n", ""), ("f", "")], oid=17008)
    numbers.grow([(maybe_null(rng, decimal.Decimal(rng.randrange(-10**6, 10**6)) / 100),
                   maybe_null(rng, rng.random() * 100)) for _ in range(2500)])
    numbers.check()
    unique = Case(conn, "o_uniq", [("a", 23, "int4"), ("c", 25, "text")], [("a", "")],
                  oid=17009, unique=True, include=("c",))
    unique.grow([(i, f"c{i}") for i in rng.sample(range(100000), 2500)])
    unique.check()


def test_three_level_trees(conn, btree_pool):
    rng = random.Random(4)
    rows = [("x" * rng.randrange(100, 300) + str(rng.randrange(100000)),) for _ in range(2500)]
    grown = Case(conn, "o_wide", [("s", 25, "text")], [("s", "")], oid=17010)
    grown.grow(rows)
    grown.check()
    built = Case(conn, "o_wide_build", [("s", 25, "text")], [("s", "")], oid=17011)
    built.build(rows)
    built.check()
    assert page_inspect.bt_metap(grown.rel)[3] == 2          # root level


def _normalise(value):
    """pageinspect's values as psycopg returns them: tids as text, tid[] as lists."""
    if isinstance(value, tuple):
        return f"({value[0]},{value[1]})"
    if isinstance(value, list):
        return [f"({a},{b})" for a, b in value]
    return value


def test_pageinspect_rows_equal_the_oracle(conn, btree_pool):
    rng = random.Random(5)
    case = Case(conn, "o_inspect", [("a", 23, "int4"), ("b", 25, "text")],
                [("a", ""), ("b", "")], oid=17012)
    case.grow([(maybe_null(rng, rng.randrange(30)), maybe_null(rng, f"t{rng.randrange(999)}"))
               for _ in range(2500)])
    index = "o_inspect_i"
    images = _same_pageinspect_rows(conn, case.rel, index)
    # The errors too.
    for sql, call in ((f"SELECT * FROM bt_page_stats('{index}', 0)",
                       lambda: page_inspect.bt_page_stats(case.rel, 0)),
                      (f"SELECT * FROM bt_page_items('{index}', 1000)",
                       lambda: page_inspect.bt_page_items(case.rel, 1000)),
                      (f"SELECT * FROM bt_page_items(get_raw_page('{index}', 0))",
                       lambda: page_inspect.bt_page_items_bytea(images[0])),
                      ("SELECT * FROM bt_page_items(get_raw_page('o_inspect', 0))",
                       lambda: page_inspect.bt_page_items_bytea(_heap_page())),
                      ("SELECT * FROM bt_page_stats('o_inspect', 1)",
                       lambda: page_inspect.bt_page_stats(make_table("o_inspect"), 1))):
        with pytest.raises(psycopg.Error) as theirs:
            conn.execute(sql)
        with pytest.raises(PgError) as ours:
            call()
        diag = theirs.value.diag
        assert (ours.value.sqlstate, ours.value.message, ours.value.detail) == (
            diag.sqlstate, diag.message_primary, diag.message_detail)


def _same_pageinspect_rows(conn, rel, index: str) -> list[bytes]:
    """bt_metap, and bt_page_stats and bt_page_items of every page, equal the oracle's."""
    assert page_inspect.bt_metap(rel) == tuple(
        conn.execute(f"SELECT * FROM bt_metap('{index}')").fetchone())
    images = page_images(rel)
    for blkno in range(1, len(images)):
        assert page_inspect.bt_page_stats(rel, blkno) == tuple(
            conn.execute(f"SELECT * FROM bt_page_stats('{index}', {blkno})").fetchone())
        theirs = [tuple(r) for r in
                  conn.execute(f"SELECT * FROM bt_page_items('{index}', {blkno})").fetchall()]
        ours = [tuple(_normalise(v) for v in row)
                for row in page_inspect.bt_page_items(rel, blkno)]
        assert len(ours) == len(theirs)
        for mine, oracle_row in zip(ours, theirs):
            for column, (a, b) in enumerate(zip(mine, oracle_row)):
                assert a == b, f"block {blkno} item {mine[0]} column {column}: {a!r} != {b!r}"
        assert page_inspect.bt_page_items_bytea(images[blkno]) == \
            page_inspect.bt_page_items(rel, blkno)
    return images


def _heap_page() -> bytes:
    """An empty page with no special space, as a heap page has."""
    from pgsnake.storage.page import page_layout as pl
    page = bytearray(pl.BLCKSZ)
    pl.init_page(page)
    return bytes(page)


def test_errors_equal_the_oracle(conn, btree_pool):
    conn.execute("DROP TABLE IF EXISTS o_err")
    conn.execute("CREATE TABLE o_err (id int4, note text)")
    conn.execute("CREATE UNIQUE INDEX o_err_i ON o_err (id, note)")
    conn.execute("INSERT INTO o_err VALUES (1, 'x')")
    with pytest.raises(psycopg.Error) as theirs:
        conn.execute("INSERT INTO o_err VALUES (1, 'x')")
    rel = make_index("o_err_i", (("id", 23), ("note", 25)), unique=True, oid=17013)
    heap = make_table("o_err", (("id", 23), ("note", 25)))
    am.create_storage(rel)
    am.build(rel, heap, [])
    live = lambda tid: ("live", 0)  # noqa: E731
    am.insert(rel, [1, "x"], (0, 1), unique=True, check_callback=live, heap_rel=heap)
    with pytest.raises(PgError) as ours:
        am.insert(rel, [1, "x"], (0, 2), unique=True, check_callback=live, heap_rel=heap)
    _same_error(ours.value, theirs.value.diag)

    conn.execute("DROP INDEX o_err_i")
    conn.execute("INSERT INTO o_err VALUES (1, 'x')")
    with pytest.raises(psycopg.Error) as theirs:
        conn.execute("CREATE UNIQUE INDEX o_err_i ON o_err (id, note)")
    rel = make_index("o_err_i", (("id", 23), ("note", 25)), unique=True, oid=17014)
    am.create_storage(rel)
    with pytest.raises(PgError) as ours:
        am.build(rel, heap, [((0, 1), [1, "x"]), ((0, 3), [1, "x"])])
    _same_error(ours.value, theirs.value.diag)

    rng = random.Random(6)
    big = "".join(chr(rng.randrange(33, 127)) for _ in range(3000))   # incompressible
    conn.execute("CREATE INDEX o_err_n ON o_err (note)")
    with pytest.raises(psycopg.Error) as theirs:
        conn.execute("INSERT INTO o_err VALUES (2, %s)", (big,))
    # The heap tuple the oracle's failed insert wrote: its TID is in the DETAIL.
    ctid = re.search(r"tuple (\(\d+,\d+\))", theirs.value.diag.message_detail).group(1)
    rel = make_index("o_err_n", (("note", 25),), oid=17015)
    am.create_storage(rel)
    am.build(rel, heap, [])
    with pytest.raises(PgError) as ours:
        am.insert(rel, [big], parse_tid(ctid), heap_rel=heap)
    _same_error(ours.value, theirs.value.diag)


def _same_error(ours: PgError, diag) -> None:
    assert (ours.sqlstate, ours.message, ours.detail, ours.hint) == (
        diag.sqlstate, diag.message_primary, diag.message_detail, diag.message_hint)
    assert (ours.schema, ours.table, ours.constraint) == (
        diag.schema_name, diag.table_name, diag.constraint_name)


# ---- deduplication (posting lists), PostgreSQL's default ----------------------------------

def test_dedup_build_duplicates(conn, btree_pool):
    """CREATE INDEX merges equal keys into posting lists as it loads (nbtsort.c)."""
    rng = random.Random(11)
    ints = Case(conn, "d_int_build", [("a", 23, "int4")], [("a", "")], oid=17101, dedup=True)
    ints.build([(rng.randrange(40),) for _ in range(6000)])
    ints.check()
    assert _posting_list_count(ints.rel) >= 40
    texts = Case(conn, "d_text_build", [("s", 25, "text"), ("n", 23, "int4")],
                 [("s", ""), ("n", "")], oid=17102, dedup=True)
    texts.build([(maybe_null(rng, f"value-{rng.randrange(25)}"), maybe_null(rng, rng.randrange(3)))
                 for _ in range(5000)])
    texts.check()
    same = Case(conn, "d_same_build", [("a", 20, "int8")], [("a", "")], oid=17103, dedup=True)
    same.build([(42,)] * 7000)
    same.check()


@pytest.mark.parametrize("order", ["random", "ascending", "descending"])
def test_dedup_grow_duplicates(conn, btree_pool, order):
    """Inserts deduplicate full leaves before splitting them, and split posting lists
    when a heap TID lands inside one (rows inserted in key order, reverse and random:
    the heap TIDs of one key then arrive in or out of order)."""
    rng = random.Random(12)
    keys = [rng.randrange(60) for _ in range(5000)]
    if order == "ascending":
        keys.sort()
    elif order == "descending":
        keys.sort(reverse=True)
    ints = Case(conn, f"d_int_{order}", [("a", 23, "int4")], [("a", "")],
                oid=17110 + ["random", "ascending", "descending"].index(order), dedup=True)
    ints.grow([(k,) for k in keys])
    ints.check()
    assert _posting_list_count(ints.rel) > 30


def test_dedup_grow_single_value_and_text(conn, btree_pool):
    same = Case(conn, "d_same_grow", [("a", 23, "int4")], [("a", "")], oid=17120, dedup=True)
    same.grow([(7,)] * 9000)          # single-value strategy in dedup and in the split
    same.check()
    assert _posting_list_count(same.rel) > 20
    rng = random.Random(13)
    texts = Case(conn, "d_text_grow", [("s", 25, "text"), ("b", 16, "bool")],
                 [("s", ""), ("b", "")], oid=17121, dedup=True)
    texts.grow([(maybe_null(rng, "k" * rng.randrange(1, 40)), maybe_null(rng, rng.random() < 0.5))
                for _ in range(5000)])
    texts.check()


def test_dedup_posting_list_splits(conn, btree_pool, monkeypatch):
    """New heap TIDs inside existing posting lists' ranges split them (INSERT_POST, and
    SPLIT records with postingoff): the heap has free space in its early pages (rows
    deleted and vacuumed before CREATE INDEX), so new rows get TIDs below the ones
    already indexed for their key."""
    rng = random.Random(14)
    case = Case(conn, "d_post", [("a", 23, "int4"), ("pad", 25, "text")], [("a", "")],
                oid=17130, dedup=True)
    rows = [(rng.randrange(12), "x" * rng.randrange(10, 60)) for _ in range(4000)]
    placeholders = "%s, %s"
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO d_post VALUES ({placeholders})", rows)
    conn.execute("DELETE FROM d_post WHERE random() < 0.4")
    conn.execute("VACUUM d_post")
    conn.execute(case.ddl)
    stored = conn.execute("SELECT ctid::text, * FROM d_post").fetchall()
    am.build(case.rel, None, [(parse_tid(r[0]), case.index_values(r[1:])) for r in stored])
    case.check()
    swaps, page_splits = [], []
    swap, split = it.swap_posting, insert_module.split_page

    def counting_swap(*args):
        swaps.append(args[2])
        return swap(*args)

    def counting_split(*args):
        if len(args) > 9 and args[9]:
            page_splits.append(args[9])
        return split(*args)
    monkeypatch.setattr(it, "swap_posting", counting_swap)
    monkeypatch.setattr(insert_module, "split_page", counting_split)
    case.insert([(rng.randrange(12), "y" * rng.randrange(10, 60)) for _ in range(2500)])
    case.check()
    # Both kinds of posting list split happened (and gave PostgreSQL's pages).
    assert len(swaps) > 50 and page_splits
    # pageinspect shows the posting lists as PostgreSQL does (htid, tids).
    _same_pageinspect_rows(conn, case.rel, "d_post_i")


def test_dedup_unique_index_with_nulls(conn, btree_pool):
    """A unique index deduplicates NULL keys (never equal for uniqueness, so no unique
    check runs), and leaves unique keys alone."""
    rng = random.Random(15)
    case = Case(conn, "d_uniq", [("a", 23, "int4"), ("b", 23, "int4")], [("a", ""), ("b", "")],
                oid=17140, unique=True, dedup=True)
    values = rng.sample(range(100000), 1500)
    case.grow([(maybe_null(rng, v, 0.7), rng.randrange(3)) for v in values])
    case.check()
    built = Case(conn, "d_uniq_build", [("a", 23, "int4")], [("a", "")], oid=17141,
                 unique=True, dedup=True)
    built.build([(None,)] * 3000 + [(v,) for v in values])
    built.check()


def test_dedup_unique_index_under_version_churn(conn, oracle, btree_pool):
    """UPDATEs that leave the unique key alone add versions of the same key to the
    unique index ("index unchanged"). A full leaf then tries bottom-up deletion, which
    frees nothing while an old snapshot still sees the versions, and deduplicates
    without the single-value strategy: PostgreSQL's pages and ours agree."""
    rng = random.Random(16)
    case = Case(conn, "d_churn", [("id", 23, "int4"), ("v", 23, "int4")], [("id", "")],
                oid=17150, unique=True, dedup=True)
    case.grow([(i, 0) for i in range(400)])
    conn.execute("CREATE INDEX d_churn_v ON d_churn (v)")   # makes every update non-HOT
    with oracle.connect() as old_reader:
        old_reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        old_reader.execute("SELECT count(*) FROM d_churn")  # holds back the xmin horizon
        dead = lambda tid: ("dead", 0)                      # noqa: E731  (old versions)
        with conn.cursor() as cur:
            for n in range(3000):
                key = rng.randrange(40) if n % 3 else rng.randrange(400)
                cur.execute("UPDATE d_churn SET v = v + 1 WHERE id = %s RETURNING ctid::text",
                            (key,))
                am.insert(case.rel, [key], parse_tid(cur.fetchone()[0]), unique=True,
                          check_callback=dead, index_unchanged=True)
        case.check()
        assert _posting_list_count(case.rel) > 10
        old_reader.execute("ROLLBACK")


def _posting_list_count(rel) -> int:
    from pgsnake.storage.page import page_layout as pl
    count = 0
    for page in page_images(rel)[1:]:
        count += sum(it.is_posting(pl.get_item(page, off))
                     for off in range(1, pl.max_offset(page) + 1))
    return count
