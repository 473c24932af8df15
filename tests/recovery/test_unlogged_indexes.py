# Unlogged hash, GiST and GIN indexes (ambuildempty), on pgsnake and PostgreSQL 15 alike:
# each index's init fork holds the pages of an empty index (hash: metapage, two buckets,
# bitmap page; GiST: an empty root leaf; GIN: metapage and empty root leaf), shown the
# same by pageinspect on both servers; after a crash (kill -9 of every server process)
# the table and its indexes are empty and usable: new rows are found through each index.
# (access/{hash,gist,gin}/access_method.py create_storage, access/common/init_fork.py.)
from __future__ import annotations

_SETUP = [
    "CREATE EXTENSION pageinspect",
    "CREATE UNLOGGED TABLE ul (id int, p point, a int[])",
    "CREATE INDEX ul_hash ON ul USING hash (id)",
    "CREATE INDEX ul_gist ON ul USING gist (p)",
    "CREATE INDEX ul_gin ON ul USING gin (a)",
    "INSERT INTO ul SELECT g, point(g, g), ARRAY[g, g + 1] FROM generate_series(1, 300) g",
]

# What pageinspect shows of each init fork page; LSNs differ between servers, so the
# page headers are compared without them.
_INIT_FORK_QUERIES = [
    "SELECT hash_page_type(get_raw_page('ul_hash', 'init', b)) FROM generate_series(0, 3) b",
    "SELECT magic, version, ntuples, ffactor, bsize, bmsize, bmshift, maxbucket, highmask, "
    "lowmask, ovflpoint, firstfree, nmaps, procid, spares[0:3], mapp[0:1] "
    "FROM hash_metapage_info(get_raw_page('ul_hash', 'init', 0))",
    "SELECT live_items, free_size, hasho_prevblkno, hasho_nextblkno, hasho_bucket, "
    "hasho_flag FROM generate_series(1, 2) b, hash_page_stats(get_raw_page('ul_hash', 'init', b))",
    "SELECT rightlink, nsn, flags FROM gist_page_opaque_info(get_raw_page('ul_gist', 'init', 0))",
    "SELECT pending_head, pending_tail, n_pending_pages, n_pending_tuples, n_total_pages, "
    "n_entry_pages, n_data_pages, n_entries, version "
    "FROM gin_metapage_info(get_raw_page('ul_gin', 'init', 0))",
    "SELECT rightlink, maxoff, flags FROM gin_page_opaque_info(get_raw_page('ul_gin', 'init', 1))",
    "SELECT relname, lower, upper, special, pagesize, version, prune_xid, lsn > '0/0' "
    "FROM (VALUES ('ul_hash', 0), ('ul_hash', 1), ('ul_hash', 3), ('ul_gist', 0), "
    "('ul_gin', 0), ('ul_gin', 1)) v(relname, b), "
    "page_header(get_raw_page(relname, 'init', b)) ORDER BY 1, 2",
    "SELECT relname, pg_relation_size(relname::regclass, 'init') / 8192 FROM "
    "(VALUES ('ul'), ('ul_hash'), ('ul_gist'), ('ul_gin')) v(relname)",
]

_THROUGH_EACH_INDEX = [
    ("SET enable_seqscan = off", None),
    ("SELECT id FROM ul WHERE id = 7", "ul_hash"),
    ("SELECT id FROM ul WHERE p <@ box '((6,6),(8,8))' ORDER BY id", "ul_gist"),
    ("SELECT id FROM ul WHERE a @> ARRAY[8] ORDER BY id", "ul_gin"),
]


def _through_indexes(conn) -> list:
    out = []
    for sql, index in _THROUGH_EACH_INDEX:
        if index is None:
            conn.execute(sql)
            continue
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (COSTS OFF) " + sql))
        if index not in plan:
            raise AssertionError(f"{sql} does not use {index}:\n{plan}")
        out.append(conn.execute(sql).fetchall())
    return out


def _observe(make_server) -> dict:
    server = make_server()
    seen = {}
    with server.connect(autocommit=True) as conn:
        for sql in _SETUP:
            conn.execute(sql)
        seen["init forks"] = [conn.execute(q).fetchall() for q in _INIT_FORK_QUERIES]
        seen["before"] = _through_indexes(conn)
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        seen["after crash"] = _through_indexes(conn)
        seen["count"] = conn.execute("SELECT count(*) FROM ul").fetchone()
        conn.execute("INSERT INTO ul SELECT g, point(g, g), ARRAY[g, g + 1] "
                     "FROM generate_series(5, 9) g")
        seen["refilled"] = _through_indexes(conn)
        # every main fork is the init fork's copy again
        seen["sizes"] = conn.execute(
            "SELECT pg_relation_size('ul_gist'), pg_relation_size('ul_gin') >= 16384").fetchone()
    return seen


def test_unlogged_hash_gist_gin_indexes_match_postgresql(make_pgsnake_server,
                                                          make_oracle_server):
    ours = _observe(make_pgsnake_server)
    theirs = _observe(make_oracle_server)
    assert ours == theirs
    assert theirs["count"] == (0,)
    assert theirs["after crash"] == [[], [], []]
    assert theirs["refilled"] == [[(7,)], [(6,), (7,), (8,)], [(7,), (8,)]]
