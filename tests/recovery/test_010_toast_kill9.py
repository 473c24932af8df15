# Proves that toasted values survive kill -9: a table gets a value moved out of line
# (TOAST chunk rows and their index entries), one compressed inline, one both compressed
# and external, an UPDATE that keeps one pointer and replaces another (old chunks
# deleted), and a DELETE; the last commit is followed by nothing but the kill, and no
# checkpoint runs after the table is created, so crash recovery rebuilds the table, its
# TOAST table and the TOAST index from the WAL records alone. After restart the values,
# their stored sizes and compression methods, and the TOAST table's pages (line pointers
# and the headers of the chunk rows) are what they were before; amcheck finds every chunk
# in the TOAST index. Runs on pgsnake and on PostgreSQL 15.
from __future__ import annotations

import pytest

TOAST_PAGE = ("SELECT lp, lp_flags, lp_len, t_infomask2, t_infomask / 4096 AS high, "
              "t_infomask % 256 AS low FROM heap_page_items(get_raw_page({toast!r}, {b})) "
              "ORDER BY lp")


def state(conn, toast: str, pages_first: bool) -> dict:
    """The values, the chunk count and the TOAST table's pages. Reading the values fetches
    chunks, and a fetch may prune a page whose deleted chunks every snapshot sees as gone
    (heap_page_prune_opt, WAL-logged), at a moment that depends on other backends'
    horizons. So before the kill the pages are read last (any pruning the reads did is
    in them, and in the WAL once the next commit flushes it), and after the restart
    first (before a read can prune)."""
    def pages():
        count = conn.execute(f"SELECT pg_relation_size('{toast}') / 8192").fetchone()[0]
        return [conn.execute(TOAST_PAGE.format(toast=toast, b=b)).fetchall()
                for b in range(count)]
    found = {"toast_pages": pages()} if pages_first else {}
    found["rows"] = conn.execute("SELECT id, md5(b), length(b), pg_column_size(b), "
                                 "pg_column_compression(b), md5(c::text), length(c) "
                                 "FROM toast_crash ORDER BY id").fetchall()
    found["chunks"] = conn.execute(f"SELECT count(*) FROM {toast}").fetchone()[0]
    if not pages_first:
        found["toast_pages"] = pages()
    return found


def scenario(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION pageinspect")
        conn.execute("CREATE EXTENSION amcheck")
        conn.execute("CHECKPOINT")
        conn.execute("CREATE TABLE toast_crash (id int PRIMARY KEY, b text, c bytea)")
        toast = conn.execute("SELECT reltoastrelid::regclass::text FROM pg_class "
                             "WHERE relname = 'toast_crash'").fetchone()[0]
        random_text = "SELECT string_agg(md5((%s * 1000 + g)::text), '') " \
                      "FROM generate_series(1, %s) g"
        for row_id, parts in ((1, 300), (2, 100), (3, 2000)):
            value = conn.execute(random_text, (row_id, parts)).fetchone()[0]
            conn.execute("INSERT INTO toast_crash VALUES (%s, %s, NULL)", (row_id, value))
        conn.execute("INSERT INTO toast_crash VALUES (4, repeat('abcdefgh', 2000), "
                     "repeat('xyz', 400000)::bytea)")          # inline; external compressed
        conn.execute("UPDATE toast_crash SET c = 'x' WHERE id = 1")      # keeps b's pointer
        conn.execute("UPDATE toast_crash SET b = b || 'tail' WHERE id = 2")  # new value
        conn.execute("DELETE FROM toast_crash WHERE id = 3")
        before = state(conn, toast, pages_first=False)
        # Pruning by those reads is WAL-logged but not flushed (as in PostgreSQL): a
        # transaction with an xid flushes the WAL at commit, so the kill keeps it.
        conn.execute("SELECT txid_current()")
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        after = state(conn, toast, pages_first=True)
        check = conn.execute(f"SELECT bt_index_check('{toast}_index', true)").fetchone()
    return before, after, check


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_toasted_values_are_redone_exactly(kind, make_pgsnake_server, make_oracle_server):
    server = make_pgsnake_server() if kind == "pgsnake" else make_oracle_server()
    before, after, check = scenario(server)
    rows = {row[0]: row for row in before["rows"]}
    assert sorted(rows) == [1, 2, 4]
    assert rows[1][2] == 9600 and rows[1][3] == 9600 and rows[1][4] is None   # external
    assert rows[4][4] == "pglz" and rows[4][3] < 1000          # compressed inline
    assert rows[4][6] == 1200000
    assert after == before
    assert check == ("",)
