# VACUUM and pruning never remove a version some snapshot may still need: a REPEATABLE
# READ transaction that read a table before it was updated keeps seeing the old rows
# (by sequential and by index scan) through a VACUUM and through page pruning, and the
# dead versions go only once it has ended. Also: a VACUUM waits for nothing a reader
# holds (SHARE UPDATE EXCLUSIVE), and the line pointers it frees are reused. Runs on
# pgsnake and on PostgreSQL 15, which must agree.
from __future__ import annotations

import pytest

ITEM_FLAGS = ("SELECT lp_flags, count(*) FROM heap_page_items(get_raw_page('vac_c', 0)) "
              "GROUP BY lp_flags ORDER BY lp_flags")


def scenario(server) -> dict:
    seen = {}
    with server.connect(autocommit=True) as writer, \
            server.connect(autocommit=False) as reader:
        writer.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        writer.execute("DROP TABLE IF EXISTS vac_c")
        writer.execute("CREATE TABLE vac_c (a int PRIMARY KEY, b int, c text)")
        writer.execute("CREATE INDEX vac_c_b ON vac_c (b)")
        writer.execute("INSERT INTO vac_c SELECT g, g, 'v0' FROM generate_series(1, 50) g")
        reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        seen["before"] = reader.execute("SELECT sum(b), count(*) FROM vac_c").fetchone()
        writer.execute("UPDATE vac_c SET b = b + 1000")                  # not HOT
        writer.execute("UPDATE vac_c SET c = 'v1'")                      # HOT
        writer.execute("DELETE FROM vac_c WHERE a > 40")
        writer.execute("VACUUM vac_c")
        for _ in range(3):                                                # prune attempts
            writer.execute("SELECT count(*) FROM vac_c").fetchone()
        seen["flags_while_old_snapshot"] = writer.execute(ITEM_FLAGS).fetchall()
        seen["reader_seq"] = reader.execute("SELECT sum(b), count(*), min(c) FROM vac_c"
                                            ).fetchone()
        reader.execute("SET enable_seqscan = off")
        seen["reader_index"] = reader.execute(
            "SELECT count(*), sum(b) FROM vac_c WHERE b BETWEEN 1 AND 50").fetchone()
        seen["reader_pkey"] = reader.execute("SELECT b, c FROM vac_c WHERE a = 45").fetchone()
        reader.execute("COMMIT")
        writer.execute("VACUUM vac_c")
        seen["flags_after"] = writer.execute(ITEM_FLAGS).fetchall()
        writer.execute("INSERT INTO vac_c SELECT g, g, 'again' FROM generate_series(101, 110) g")
        seen["size"] = writer.execute("SELECT pg_relation_size('vac_c')").fetchone()[0]
        seen["rows"] = writer.execute("SELECT count(*), sum(b) FROM vac_c").fetchone()
        writer.execute("DROP TABLE vac_c")
    return seen


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_vacuum_keeps_what_an_old_snapshot_sees(kind, pgsnake_server, oracle):
    seen = scenario(pgsnake_server if kind == "pgsnake" else oracle)
    assert seen["before"] == (1275, 50)
    assert seen["reader_seq"] == (1275, 50, "v0")
    assert seen["reader_index"] == (50, 1275)
    assert seen["reader_pkey"] == (45, "v0")
    # Nothing could be removed while the reader's snapshot existed: every version is
    # still a normal tuple (1 = LP_NORMAL): 50 originals and two newer versions of each.
    assert seen["flags_while_old_snapshot"] == [(1, 150)]
    # Afterwards the dead versions are gone: the 40 live rows remain as tuples or
    # redirects, every other line pointer is free for reuse.
    flags = dict(seen["flags_after"])
    assert flags.get(3, 0) == 0 and flags[1] == 40
    assert seen["size"] == 8192
    assert seen["rows"] == (50, 40 * 1000 + 820 + 1055)


def test_old_snapshot_matches_oracle(pgsnake_server, oracle):
    assert scenario(pgsnake_server) == scenario(oracle)


def cursor_scenario(server) -> list:
    """A READ COMMITTED cursor keeps its snapshot while later statements take newer
    ones; VACUUM must keep what the cursor still has to read."""
    with server.connect(autocommit=True) as writer, \
            server.connect(autocommit=False) as reader:
        writer.execute("DROP TABLE IF EXISTS vac_cur")
        writer.execute("CREATE TABLE vac_cur (a int PRIMARY KEY, b int)")
        writer.execute("INSERT INTO vac_cur SELECT g, g FROM generate_series(1, 300) g")
        reader.execute("BEGIN")
        reader.execute("DECLARE c CURSOR FOR SELECT a, b FROM vac_cur")   # (no Sort: lazy)
        first = reader.execute("FETCH 2 FROM c").fetchall()
        writer.execute("UPDATE vac_cur SET b = -b")
        # This statement's snapshot is newer than the update; the cursor's is older.
        reader.execute("SELECT count(*) FROM vac_cur").fetchall()
        writer.execute("VACUUM vac_cur")
        rest = reader.execute("FETCH ALL FROM c").fetchall()
        reader.execute("COMMIT")
        writer.execute("DROP TABLE vac_cur")
    return first + rest


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_vacuum_keeps_what_an_open_cursor_sees(kind, pgsnake_server, oracle):
    rows = cursor_scenario(pgsnake_server if kind == "pgsnake" else oracle)
    assert rows == [(a, a) for a in range(1, 301)]
