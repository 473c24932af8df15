# TOAST through SQL on pgsnake: big text / bytea / jsonb / array values round-trip
# (megabytes, compressible and not); an UPDATE that leaves a toasted column alone keeps
# its chunks, one that changes it replaces them; deleted values stay readable to a
# snapshot that still sees their row, and VACUUM then removes their chunk rows; TOAST
# tables refuse INSERT / UPDATE / DELETE as PostgreSQL's do.
from __future__ import annotations

import json
import random

import pytest


def _toast_name(conn, table: str) -> str:
    return conn.execute("SELECT reltoastrelid::regclass::text FROM pg_class "
                        "WHERE relname = %s", (table,)).fetchone()[0]


def _normal_line_pointers(conn, relation: str) -> int:
    pages = conn.execute(f"SELECT pg_relation_size('{relation}') / 8192").fetchone()[0]
    return sum(conn.execute(f"SELECT count(*) FROM heap_page_items(get_raw_page('{relation}', "
                            f"{b})) WHERE lp_flags = 1").fetchone()[0] for b in range(pages))


def _values(megabytes: int) -> dict:
    rng = random.Random(megabytes)
    size = megabytes << 20
    structured = min(size, 2 << 20)          # jsonb and arrays: parsed row by row
    return {
        "text_random": rng.randbytes(size // 2).hex(),
        "text_repeat": "pgsnake " * (size // 8),
        "bytea_random": rng.randbytes(size),
        "json": {"items": [{"n": i, "s": "v" * (i % 50)} for i in range(structured // 64)]},
        "array": list(range(structured // 16)),
    }


def _round_trip(server, megabytes: int) -> None:
    values = _values(megabytes)
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS toast_big")
        conn.execute("CREATE TABLE toast_big (id int, t text, b bytea, j jsonb, a int[])")
        conn.execute("INSERT INTO toast_big VALUES (1, %s, %s, %s, %s)",
                     (values["text_random"], values["bytea_random"],
                      json.dumps(values["json"]), values["array"]))
        conn.execute("INSERT INTO toast_big (id, t) VALUES (2, %s)", (values["text_repeat"],))
        t, b, j, a = conn.execute("SELECT t, b, j, a FROM toast_big WHERE id = 1").fetchone()
        assert t == values["text_random"] and bytes(b) == values["bytea_random"]
        assert j == values["json"] and a == values["array"]
        t2, size, method = conn.execute("SELECT t, pg_column_size(t), pg_column_compression(t) "
                                        "FROM toast_big WHERE id = 2").fetchone()
        assert t2 == values["text_repeat"]
        assert method == "pglz" and size < len(t2) // 20
        assert conn.execute("SELECT pg_column_size(t), pg_column_compression(t), "
                            "pg_column_size(b) FROM toast_big WHERE id = 1").fetchone() == \
            (len(values["text_random"]), None, len(values["bytea_random"]))
        conn.execute("DROP TABLE toast_big")


def test_megabyte_values_round_trip(pgsnake_server):
    _round_trip(pgsnake_server, 2)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_big_values_round_trip(pgsnake_server):
    # pglz in Python tries about 3 s per MB of text it cannot compress enough.
    _round_trip(pgsnake_server, 24)


def test_update_keeps_or_replaces_chunks(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS toast_upd")
        conn.execute("CREATE TABLE toast_upd (id int PRIMARY KEY, n int, t text)")
        conn.execute("INSERT INTO toast_upd SELECT i, 0, string_agg(md5((i * 1000 + g)::text), '') "
                     "FROM generate_series(1, 3) i, generate_series(1, 200) g GROUP BY i")
        toast = _toast_name(conn, "toast_upd")
        chunk_ids = lambda: sorted(r[0] for r in conn.execute(
            f"SELECT DISTINCT chunk_id FROM {toast}").fetchall())
        first = chunk_ids()
        assert len(first) == 3
        conn.execute("UPDATE toast_upd SET n = n + 1")
        assert chunk_ids() == first                      # pointers kept
        conn.execute("UPDATE toast_upd SET t = t || 'x' WHERE id = 2")
        second = chunk_ids()
        assert len(second) == 3 and len(set(second) & set(first)) == 2
        rows = conn.execute("SELECT id, n, length(t), right(t, 1) FROM toast_upd ORDER BY id").fetchall()
        assert rows == [(1, 1, 6400, rows[0][3]), (2, 1, 6401, "x"), (3, 1, 6400, rows[2][3])]
        conn.execute("DROP TABLE toast_upd")


def test_deleted_values_stay_readable_until_vacuum(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn, \
            pgsnake_server.connect(autocommit=True) as reader:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS toast_vac")
        conn.execute("CREATE TABLE toast_vac (id int, t text)")
        conn.execute("INSERT INTO toast_vac SELECT i, string_agg(md5((i * 1000 + g)::text), '') "
                     "FROM generate_series(1, 4) i, generate_series(1, 200) g GROUP BY i")
        toast = _toast_name(conn, "toast_vac")
        chunks = _normal_line_pointers(conn, toast)
        assert chunks == 4 * 4                            # 6400 bytes: 4 chunks each
        expected = conn.execute("SELECT md5(t) FROM toast_vac WHERE id = 3").fetchone()[0]
        reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        assert reader.execute("SELECT count(*) FROM toast_vac").fetchone()[0] == 4
        conn.execute("DELETE FROM toast_vac WHERE id = 3")
        conn.execute("VACUUM toast_vac")                  # the reader still needs them
        assert reader.execute("SELECT md5(t) FROM toast_vac WHERE id = 3").fetchone()[0] == expected
        reader.execute("COMMIT")
        conn.execute("VACUUM toast_vac")
        assert _normal_line_pointers(conn, toast) == 3 * 4
        assert conn.execute("SELECT count(*), sum(length(t)) FROM toast_vac").fetchone() == (3, 19200)
        conn.execute("VACUUM (PROCESS_TOAST false) toast_vac")
        conn.execute("DROP TABLE toast_vac")
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = %s",
                            (toast.split(".")[-1],)).fetchone()[0] == 0


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_toast_tables_refuse_dml(kind, pgsnake_server, oracle):
    server = pgsnake_server if kind == "pgsnake" else oracle
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS toast_dml")
        conn.execute("CREATE TABLE toast_dml (t text)")
        toast = _toast_name(conn, "toast_dml")
        messages = []
        for statement in (f"DELETE FROM {toast}", f"INSERT INTO {toast} VALUES (1, 0, 'x')",
                          f"UPDATE {toast} SET chunk_seq = 1"):
            with pytest.raises(Exception) as err:
                conn.execute(statement)
            messages.append((err.value.diag.sqlstate, err.value.diag.message_primary))
        conn.execute("DROP TABLE toast_dml")
    name = toast.split(".")[-1]
    assert messages == [("42809", f'cannot change TOAST relation "{name}"')] * 3


def test_update_of_a_toasted_row_is_hot_when_indexes_allow(pgsnake_server, oracle):
    """A HOT update keeps the toasted value's pointer; an indexed column's change
    makes it non-HOT (heap_page_items' HEAP_ONLY_TUPLE bit, as PostgreSQL)."""
    results = []
    for server in (pgsnake_server, oracle):
        with server.connect(autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
            conn.execute("DROP TABLE IF EXISTS toast_hot")
            conn.execute("CREATE TABLE toast_hot (id int PRIMARY KEY, n int, t text)")
            conn.execute("INSERT INTO toast_hot SELECT 1, 0, string_agg(md5(g::text), '') "
                         "FROM generate_series(1, 200) g")
            conn.execute("UPDATE toast_hot SET n = 1")                 # HOT
            conn.execute("UPDATE toast_hot SET id = 2")                # not HOT
            conn.execute("UPDATE toast_hot SET t = t || 'x'")          # HOT, new value
            results.append(conn.execute(
                "SELECT lp, t_infomask2 & 32768 <> 0 AS heap_only, t_infomask2 & 16384 <> 0 "
                "AS hot_updated FROM heap_page_items(get_raw_page('toast_hot', 0)) "
                "ORDER BY lp").fetchall())
            results.append(conn.execute("SELECT id, n, length(t) FROM toast_hot").fetchall())
            conn.execute("DROP TABLE toast_hot")
    assert results[0] == results[2] and results[1] == results[3] == [(2, 1, 6401)]
