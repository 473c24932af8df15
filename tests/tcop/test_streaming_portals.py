# Portals run their plan only as far as the client asks, as PostgreSQL's do: Execute with
# a row limit answers PortalSuspended and resumes later (same messages as PostgreSQL);
# DECLARE / FETCH / MOVE / CLOSE fetch incrementally, a WITH HOLD cursor keeps its rows
# past COMMIT, a FOR UPDATE cursor locks only the rows fetched so far; and a big SELECT
# streams (the backend's peak memory does not grow with the result's size).
import struct

import psycopg
import pytest

from harness import raw_protocol


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def _parse(sql: str) -> bytes:
    return _message(b"P", b"\0" + sql.encode() + b"\0" + struct.pack("!H", 0))


def _bind() -> bytes:
    return _message(b"B", b"\0\0" + struct.pack("!HHH", 0, 0, 0))


def _execute(max_rows: int) -> bytes:
    return _message(b"E", b"\0" + struct.pack("!I", max_rows))


def _sync() -> bytes:
    return _message(b"S", b"")


def _run_limited_executes(server, limits):
    """Parse/Bind once, then Execute with each row limit; the messages answered, with
    DataRow values and CommandComplete tags decoded."""
    sock = raw_protocol.open_socket(server)
    try:
        raw_protocol.startup(sock, "postgres", "postgres")
        sql = "SELECT g FROM generate_series(1, 7) g"
        sock.sendall(_parse(sql) + _bind() + b"".join(_execute(n) for n in limits) + _sync())
        out = []
        while True:
            kind, body = raw_protocol.read_message(sock)
            if kind == b"D":
                (length,) = struct.unpack("!i", body[2:6])
                out.append(("row", body[6:6 + length].decode()))
            elif kind == b"C":
                out.append(("complete", body.rstrip(b"\0").decode()))
            elif kind == b"s":
                out.append(("suspended",))
            elif kind == b"E":
                out.append(("error", raw_protocol.error_fields(body).get("C")))
            elif kind == b"Z":
                return out
    finally:
        sock.close()


@pytest.mark.parametrize("limits", [(3, 3, 3), (7, 1), (2, 0), (0,)])
def test_execute_with_row_limit_suspends_and_resumes(oracle, pgsnake_server, limits):
    assert _run_limited_executes(pgsnake_server, limits) == \
        _run_limited_executes(oracle, limits)


def _cursor_session(server):
    out = []
    with server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS stream_cursor")
        setup.execute("CREATE TABLE stream_cursor (id int4, v text)")
        setup.execute("INSERT INTO stream_cursor SELECT g, 'v' || g::text FROM generate_series(1, 10) g")
    with server.connect(autocommit=False) as conn:
        for sql in ("DECLARE c CURSOR FOR SELECT id, v FROM stream_cursor ORDER BY id",
                    "FETCH 2 FROM c", "FETCH NEXT FROM c", "MOVE 3 IN c", "FETCH FORWARD 2 FROM c",
                    "FETCH ALL FROM c", "FETCH 1 FROM c", "MOVE ALL IN c", "CLOSE c",
                    "DECLARE h CURSOR WITH HOLD FOR SELECT id FROM stream_cursor WHERE id > 6",
                    "FETCH 1 FROM h"):
            cur = conn.execute(sql)
            out.append((cur.statusmessage, cur.fetchall() if cur.description else None))
        conn.commit()
        # The WITH HOLD cursor outlives its transaction, from where it stood.
        cur = conn.execute("FETCH ALL FROM h")
        out.append((cur.statusmessage, cur.fetchall()))
        conn.execute("CLOSE h")
        conn.commit()
    with server.connect(autocommit=True) as cleanup:
        cleanup.execute("DROP TABLE stream_cursor")
    return out


def test_cursors_fetch_and_move_incrementally(oracle, pgsnake_server):
    assert _cursor_session(pgsnake_server) == _cursor_session(oracle)


def _for_update_cursor_locks(server):
    with server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS stream_locks")
        setup.execute("CREATE TABLE stream_locks (id int4)")
        setup.execute("INSERT INTO stream_locks SELECT g FROM generate_series(1, 5) g")
    holder = server.connect(autocommit=False)
    other = server.connect(autocommit=True)
    outcome = []
    try:
        holder.execute("DECLARE c CURSOR FOR SELECT id FROM stream_locks ORDER BY id FOR UPDATE")
        outcome.append(holder.execute("FETCH 2 FROM c").fetchall())
        for wanted in (1, 2, 3, 5):
            try:
                other.execute("SELECT id FROM stream_locks WHERE id = %s FOR UPDATE NOWAIT",
                              (wanted,))
                outcome.append((wanted, "locked by us"))
            except psycopg.Error as e:
                outcome.append((wanted, e.sqlstate))
        holder.rollback()
    finally:
        holder.close()
        other.close()
        with server.connect(autocommit=True) as cleanup:
            cleanup.execute("DROP TABLE stream_locks")
    return outcome


def test_for_update_cursor_locks_rows_as_fetched(oracle, pgsnake_server):
    result = _for_update_cursor_locks(pgsnake_server)
    assert result == _for_update_cursor_locks(oracle)
    assert (3, "locked by us") in result and (2, "55P03") in result


def _peak_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def test_big_select_streams_without_growing_backend_memory(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        conn.execute("SELECT g FROM generate_series(1, 20000) g").fetchall()
        before = _peak_kb(pid)
        cur = conn.execute("SELECT g, 'some text ' || g::text FROM generate_series(1, 400000) g")
        assert cur.rowcount == 400000
        grown_mb = (_peak_kb(pid) - before) / 1024
    # Materialised, these 400k rows take well over 60 MB of Python objects; streamed, the
    # backend holds a batch and 64 kB of output at a time.
    assert grown_mb < 15, f"backend peak memory grew by {grown_mb:.0f} MB"
