# psycopg 3's server-side cursors on pgsnake: DECLARE ... CURSOR FOR a query with $n
# parameters bound through the extended protocol (the DECLARE's own parameters), SCROLL
# cursors moved with scroll() (MOVE / MOVE ABSOLUTE), and WITH HOLD cursors read after
# their transaction commits. Results are compared with PostgreSQL 15.
from __future__ import annotations

import pytest

psycopg = pytest.importorskip("psycopg")


def _session(server):
    out = []
    conn = server.connect(autocommit=False)
    try:
        with conn.cursor("sc_scroll", scrollable=True) as cur:
            cur.execute("SELECT g, g * %s FROM generate_series(1, 10) g WHERE g > %s ORDER BY g",
                        (10, 2))
            out.append(cur.fetchmany(3))
            cur.scroll(-2)
            out.append(cur.fetchone())
            cur.scroll(5, "absolute")
            out.append(cur.fetchall())
            cur.scroll(0, "absolute")
            out.append(cur.fetchmany(2))
        with conn.cursor("sc_plain") as cur:
            cur.itersize = 3
            cur.execute("SELECT %s::text || g FROM generate_series(1, 7) g", ("n",))
            out.append(list(cur))
        with conn.cursor("sc_held", withhold=True) as cur:
            cur.execute("SELECT g FROM generate_series(1, 5) g WHERE g > %(low)s", {"low": 1})
            conn.commit()
            out.append(cur.fetchall())
        with conn.cursor("sc_backward") as cur:
            cur.execute("SELECT count(*) FROM generate_series(1, %s) g", (4,))
            out.append(cur.fetchone())
            try:
                cur.scroll(-1)
            except psycopg.Error as e:
                out.append((e.sqlstate, str(e).splitlines()[0]))
        conn.rollback()
    finally:
        conn.close()
    return out


def test_server_side_cursors_match_postgresql(oracle, pgsnake_server):
    assert _session(pgsnake_server) == _session(oracle)
