# Proves a GiST index survives kill -9: the build (every page logged at its end) and the
# committed inserts, page splits, deletes and VACUUM after it (each change logged as
# GiST WAL records) are replayed at restart, and the index answers as a sequential scan
# does; an EXCLUDE constraint still holds after recovery. The first test checks one
# committed insert batch; the second adds splits after the build, DELETE and VACUUM;
# the third kills the server while another session is committing inserts. All are slow
# (a cluster each); tests/access/gist/test_gist_wal_redo.py is the default tier's check
# of the WAL records and their redo. Common set-up: tests/index_crash_support.py.
from __future__ import annotations

import pytest

from index_crash_support import answers, kill_9_during_inserts, kill_9_with_open_insert

QUERIES = ("during && int4range(100, 130)", "during @> 2500", "b && box '((5,5),(9,9))'",
           "p <@ box '((0,0),(10,3))'", "during && int4range(9000, 9050)")


def _answers(conn, index_only: bool) -> list:
    return answers(conn, "crash_gist", QUERIES, index_only, "Bitmap Index Scan on crash_gist")


def _crash_and_check(server, expected) -> None:
    kill_9_with_open_insert(server, "INSERT INTO crash_gist VALUES "
                                    "(6000, int4range(9000, 9001), NULL, NULL)")
    with server.connect() as conn:
        assert _answers(conn, index_only=True) == expected
        assert _answers(conn, index_only=False) == expected
        with pytest.raises(Exception) as info:
            conn.execute("INSERT INTO crash_gist VALUES (7000, int4range(100, 101), NULL, NULL)")
        assert getattr(info.value, "sqlstate", None) == "23P01"
        conn.execute("INSERT INTO crash_gist VALUES (7001, int4range(9000, 9001), NULL, NULL)")
        assert 7001 in _answers(conn, index_only=True)[4]


def _setup(conn, rows: int) -> None:
    conn.execute("CREATE TABLE crash_gist (id int, during int4range, b box, p point, "
                 "EXCLUDE USING gist (during WITH &&))")
    conn.execute(f"INSERT INTO crash_gist SELECT g, int4range(g * 3, g * 3 + 2), "
                 f"box(point(g % 20, g / 20), point(g % 20 + 1, g / 20 + 1)), "
                 f"point(g % 20, g / 20) FROM generate_series(1, {rows}) g")
    conn.execute("CREATE INDEX crash_gist_b ON crash_gist USING gist (b)")
    conn.execute("CREATE INDEX crash_gist_p ON crash_gist USING gist (p)")


@pytest.mark.slow            # a server start, kill -9 and recovery: ~25 s under load
def test_gist_committed_inserts_survive_kill_9(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        _setup(conn, 300)
        conn.execute("INSERT INTO crash_gist SELECT g, int4range(g * 3, g * 3 + 2), NULL, "
                     "point(1, 1) FROM generate_series(301, 400) g")
        expected = _answers(conn, index_only=False)
        assert _answers(conn, index_only=True) == expected
    _crash_and_check(server, expected)


@pytest.mark.slow
def test_gist_splits_and_vacuum_survive_kill_9(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        _setup(conn, 1500)
        conn.execute("INSERT INTO crash_gist SELECT g, int4range(g * 3, g * 3 + 2), "
                     "box(point(g % 7, g % 11), point(g % 7 + 2, g % 11 + 2)), "
                     "point(g % 10, g % 3) FROM generate_series(1501, 3000) g")
        conn.execute("DELETE FROM crash_gist WHERE id % 5 = 0")
        conn.execute("VACUUM crash_gist")
        expected = _answers(conn, index_only=False)
        assert _answers(conn, index_only=True) == expected
    _crash_and_check(server, expected)


@pytest.mark.slow
def test_gist_index_agrees_with_the_heap_after_kill_9_during_inserts(make_pgsnake_server):
    """Killed while another session commits inserts that split pages: after recovery
    the index finds exactly what a sequential scan finds, every committed row among
    them, and the EXCLUDE constraint still refuses an overlap with a committed row."""
    server = make_pgsnake_server()
    with server.connect() as conn:
        _setup(conn, 0)
    statements = [f"INSERT INTO crash_gist SELECT g, int4range(g * 3, g * 3 + 2), "
                  f"box(point(g % 20, g / 20), point(g % 20 + 1, g / 20 + 1)), "
                  f"point(g % 20, g / 20) FROM generate_series({n * 50 + 1}, {n * 50 + 50}) g"
                  for n in range(60)]
    committed = kill_9_during_inserts(server, statements, after=20)
    with server.connect() as conn:
        expected = _answers(conn, index_only=False)
        assert _answers(conn, index_only=True) == expected
        total = conn.execute("SELECT count(*) FROM crash_gist").fetchone()[0]
        assert total >= committed * 50
        with pytest.raises(Exception) as info:
            conn.execute("INSERT INTO crash_gist VALUES (0, int4range(100, 101), NULL, NULL)")
        assert getattr(info.value, "sqlstate", None) == "23P01"
