# Proves that a committed table rewrite leaves in the WAL everything crash recovery needs
# to rebuild the new files without the old ones (the fast variant of
# tests/recovery/test_011_rewrite_kill9.py): VACUUM FULL's transaction logs the creation of
# the table's and its index's new relfilenodes (Storage CREATE), an image of every page of
# both new files (XLOG FPI), and its commit record lists the old files for removal.
from __future__ import annotations

import re


def _nodes(conn) -> dict:
    return dict(conn.execute(
        "SELECT relname, pg_relation_filenode(oid) FROM pg_class "
        "WHERE relname IN ('rewrite_wal', 'rewrite_wal_pkey')").fetchall())


def _pages(conn, name: str) -> int:
    return conn.execute(f"SELECT pg_relation_size('{name}') / 8192").fetchone()[0]


def test_vacuum_full_logs_new_files_page_images_and_old_files_to_drop(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS rewrite_wal")
        conn.execute("CREATE TABLE rewrite_wal (a int PRIMARY KEY, b text)")
        conn.execute("INSERT INTO rewrite_wal SELECT g, repeat('r', 40) "
                     "FROM generate_series(1, 600) g")
        conn.execute("DELETE FROM rewrite_wal WHERE a % 2 = 0")
        old = _nodes(conn)
        start = conn.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
        conn.execute("VACUUM FULL rewrite_wal")
        new = _nodes(conn)
        pages = {name: _pages(conn, name) for name in new}
        end = conn.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
        conn.execute("DROP TABLE rewrite_wal")
    assert all(new[name] != old[name] for name in old), (old, new)
    assert pages["rewrite_wal"] >= 2 and pages["rewrite_wal_pkey"] >= 2
    dump = pgsnake_server.command("waldump", "-p", f"{pgsnake_server.datadir}/pg_wal",
                                  "-s", str(start), "-e", str(end))
    assert dump.returncode == 0, dump.stderr
    text = dump.stdout
    for name, node in new.items():
        assert re.search(rf"desc: CREATE base/\d+/{node}\b", text), f"no CREATE for {name}"
        images = {int(b) for b in re.findall(rf"FPI , blkref #0: rel \d+/\d+/{node} blk (\d+)",
                                             text)}
        assert images == set(range(pages[name])), (name, images, pages[name])
    commit = next(line for line in text.splitlines() if "desc: COMMIT" in line
                  and f"/{old['rewrite_wal']}" in line)
    assert f"/{old['rewrite_wal_pkey']}" in commit, commit
