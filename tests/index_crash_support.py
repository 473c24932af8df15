# Server-level crash tests of the index access methods (GIN, GiST, hash) share this:
# the same queries answered through the index and by a sequential scan (`answers`), a
# kill -9 of every server process with an uncommitted insert open
# (`kill_9_with_open_insert`) or while another session is committing inserts one by
# one (`kill_9_during_inserts`), then a restart that replays the WAL.
from __future__ import annotations

import threading


def answers(conn, table: str, queries, index_only: bool, plan_marker: str,
            bitmap: bool = True) -> list:
    """Each query's sorted ids, through an index (a Bitmap Index Scan, or with `bitmap`
    false an Index Scan; `plan_marker` must be in the plan) or by a sequential scan."""
    conn.execute(f"SET enable_seqscan = {'off' if index_only else 'on'}")
    conn.execute(f"SET enable_bitmapscan = {'on' if index_only and bitmap else 'off'}")
    conn.execute(f"SET enable_indexscan = {'on' if index_only and not bitmap else 'off'}")
    out = []
    for query in queries:
        sql = f"SELECT id FROM {table} WHERE {query}"
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql).fetchall())
        if index_only and plan_marker not in plan:
            raise AssertionError(f"no {plan_marker!r} for {sql}:\n{plan}")
        out.append(sorted(r[0] for r in conn.execute(sql).fetchall()))
    return out


def kill_9_with_open_insert(server, insert_sql: str) -> None:
    """kill -9 every server process while a transaction that ran `insert_sql` is still
    open; then start the server again (crash recovery)."""
    open_conn = server.connect(autocommit=False)
    open_conn.execute(insert_sql)
    try:
        server.kill_all_9()
    finally:
        try:
            open_conn.close()
        except Exception:
            pass
    server.start()


def kill_9_during_inserts(server, statements: list[str], after: int) -> int:
    """Run `statements` one by one (each its own transaction) in another session; once
    `after` of them have committed, kill -9 every server process, then start the server
    again. Returns how many committed for certain (the session saw their COMMIT)."""
    committed = 0
    enough = threading.Event()

    def run():
        nonlocal committed
        try:
            with server.connect() as conn:
                for sql in statements:
                    conn.execute(sql)
                    committed += 1
                    if committed >= after:
                        enough.set()
        except Exception:
            pass                     # the kill ends the session
        finally:
            enough.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    enough.wait(timeout=300)
    server.kill_all_9()
    worker.join(timeout=60)
    server.start()
    return committed
