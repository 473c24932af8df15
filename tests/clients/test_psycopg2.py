# psycopg2 works against pgsnake unmodified, in what it does differently from psycopg 3:
# its connection set-up (it reads the server's parameter statuses and sets DateStyle if
# it is not ISO), client-side parameter interpolation (every query is simple-protocol
# text), execute_values / execute_batch, copy_expert / copy_from / copy_to both ways,
# named (server-side DECLARE / FETCH) cursors with parameters, WITH HOLD and itersize
# iteration, Json adaptation, the dict / named-tuple cursors, LISTEN / NOTIFY through
# conn.poll, and the two-phase commit xid API. Results are compared with PostgreSQL 15.
from __future__ import annotations

import datetime
import decimal
import io
import uuid

import pytest

psycopg2 = pytest.importorskip("psycopg2")
import psycopg2.extras  # noqa: E402


def _connect(server, **kwargs):
    return psycopg2.connect(host=server.host, port=server.port, user=server.user,
                            dbname=server.dbname, **kwargs)


def _session(server):
    out = []
    conn = _connect(server)
    try:
        out.append(("set-up", conn.server_version // 10000, conn.protocol_version,
                    conn.encoding, conn.isolation_level, conn.get_parameter_status("DateStyle"),
                    conn.get_parameter_status("integer_datetimes"),
                    conn.get_parameter_status("standard_conforming_strings"),
                    conn.get_transaction_status()))
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS client_pg2")
        cur.execute("CREATE TABLE client_pg2 (id int PRIMARY KEY, name text, price numeric(8,2), "
                    "d date, ts timestamptz, tags text[], doc jsonb, raw json, ref uuid, b bytea)")
        conn.commit()
        out.append(("mogrify", cur.mogrify("SELECT %s, %s, %s, %s, %s", (
            "it's", None, [1, 2], datetime.date(2024, 2, 29), decimal.Decimal("1.50")))))
        psycopg2.extras.register_uuid(conn_or_curs=conn)
        rows = psycopg2.extras.execute_values(
            cur, "INSERT INTO client_pg2 (id, name, price, d, tags, doc, raw, ref, b) "
                 "VALUES %s RETURNING id, name",
            [(i, f"n{i}", decimal.Decimal(i) / 4, datetime.date(2024, 1, 1 + i), ["a", f"t{i}"],
              psycopg2.extras.Json({"i": i, "nested": [True, None]}),
              psycopg2.extras.Json([i]), uuid.UUID(int=i), psycopg2.Binary(bytes([i, 0])))
             for i in range(1, 8)],
            page_size=3, fetch=True)
        out.append(("execute_values", rows))
        psycopg2.extras.execute_batch(cur, "UPDATE client_pg2 SET ts = %s WHERE id = %s",
                                      [(datetime.datetime(2024, 5, i, 12, tzinfo=datetime.timezone.utc), i)
                                       for i in range(1, 8)], page_size=2)
        conn.commit()
        cur.execute("SELECT id, name, price, d, ts, tags, doc, raw, ref, b FROM client_pg2 "
                    "ORDER BY id LIMIT 2")
        out.append(("types", [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                              for row in cur.fetchall()]))

        text = io.StringIO()
        cur.copy_expert("COPY (SELECT id, name, price, tags FROM client_pg2 ORDER BY id) "
                        "TO STDOUT WITH (FORMAT csv, HEADER)", text)
        out.append(("copy_expert out", text.getvalue()))
        cur.copy_expert("COPY client_pg2 (id, name, price) FROM STDIN WITH (FORMAT csv)",
                        io.StringIO("20,\"x, y\",1.5\n21,,\n"))
        plain = io.StringIO()
        cur.copy_to(plain, "client_pg2", columns=("id", "name", "price"))
        out.append(("copy_to", plain.getvalue()))
        cur.copy_from(io.StringIO("30\tthirty\n31\t\\N\n"), "client_pg2", columns=("id", "name"))
        cur.execute("SELECT count(*), count(name), sum(price) FROM client_pg2")
        out.append(("after copy", cur.fetchone()))
        try:
            cur.copy_expert("COPY client_pg2 (id, name) FROM STDIN", io.StringIO("40\tok\nbad\tx\n"))
        except psycopg2.Error as e:
            out.append(("copy error", e.pgcode, e.pgerror.splitlines()[0]))
        conn.rollback()
        conn.commit()

        named = conn.cursor(name="pg2_named")
        named.itersize = 3
        named.execute("SELECT id, name FROM client_pg2 WHERE id > %s ORDER BY id", (2,))
        out.append(("named", named.fetchone(), named.fetchmany(2), [r for r in named]))
        named.close()
        held = conn.cursor(name="pg2_held", withhold=True)
        held.execute("SELECT id FROM client_pg2 WHERE id BETWEEN %(lo)s AND %(hi)s ORDER BY id",
                      {"lo": 2, "hi": 5})
        conn.commit()                       # WITH HOLD survives the commit
        out.append(("withhold", held.fetchall()))
        held.close()
        scroll = conn.cursor(name="pg2_scroll", scrollable=True)
        scroll.execute("SELECT id FROM client_pg2 ORDER BY id")
        scroll.scroll(3)
        first = scroll.fetchone()
        scroll.scroll(0, mode="absolute")
        out.append(("scroll", first, scroll.fetchone()))
        scroll.close()
        conn.rollback()

        dict_cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
        dict_cur.execute("SELECT id, doc->>'i' AS i FROM client_pg2 WHERE id = %s", (3,))
        out.append(("dict", dict_cur.fetchall()))
        nt_cur = conn.cursor(cursor_factory=psycopg2.extras.NamedTupleCursor)
        nt_cur.execute("SELECT id, name FROM client_pg2 WHERE id = ANY(%s) ORDER BY id", ([1, 2],))
        out.append(("namedtuple", [(r.id, r.name) for r in nt_cur.fetchall()]))
        conn.rollback()

        conn.autocommit = True
        cur.execute("LISTEN pg2_channel")
        cur.execute("NOTIFY pg2_channel, 'hello'")
        cur.execute("SELECT pg_notify('pg2_channel', 'again')")
        conn.poll()
        out.append(("notifies", [(n.channel, n.payload) for n in conn.notifies]))
        cur.execute("UNLISTEN *")

        cur.execute("SHOW max_prepared_transactions")
        out.append(("max_prepared_transactions", cur.fetchone()))
        cur.execute("DROP TABLE client_pg2")
    finally:
        conn.close()
    return out


def _two_phase_disabled(server):
    """With max_prepared_transactions = 0 (both shared servers' default) the xid API
    gets PostgreSQL's refusal at PREPARE TRANSACTION and the session goes on."""
    out = []
    conn = _connect(server)
    try:
        conn.tpc_begin(conn.xid(1, "gtrid", "bqual"))
        conn.cursor().execute("SELECT 1")
        try:
            conn.tpc_prepare()
        except psycopg2.Error as e:
            out.append((e.pgcode, e.pgerror.splitlines()[0]))
        conn.tpc_rollback()
        cur = conn.cursor()
        cur.execute("SELECT 2")
        out.append(cur.fetchone())
    finally:
        conn.close()
    return out


def test_psycopg2_matches_postgresql(oracle, pgsnake_server):
    expected = _session(oracle)
    got = _session(pgsnake_server)
    for e, g in zip(expected, got):
        assert g == e
    assert len(got) == len(expected)


def test_psycopg2_two_phase_refused_as_postgresql(oracle, pgsnake_server):
    assert _two_phase_disabled(pgsnake_server) == _two_phase_disabled(oracle)


def _two_phase(server):
    out = []
    setup = _connect(server)
    setup.autocommit = True
    setup.cursor().execute("CREATE TABLE client_pg2_tpc (id int)")
    conn = _connect(server)
    try:
        xid = conn.xid(42, "gtrid-one", "bqual-one")
        conn.tpc_begin(xid)
        conn.cursor().execute("INSERT INTO client_pg2_tpc VALUES (1)")
        conn.tpc_prepare()
        out.append(("status after prepare", conn.get_transaction_status()))
        conn.tpc_commit()
        conn.tpc_begin(conn.xid(7, "gtrid-two", "bqual-two"))
        conn.cursor().execute("INSERT INTO client_pg2_tpc VALUES (2)")
        conn.tpc_prepare()
        conn.reset()
        recovered = conn.tpc_recover()
        out.append(("recovered", sorted((x.format_id, x.gtrid, x.bqual, x.database)
                                        for x in recovered)))
        conn.tpc_rollback(recovered[0])
        conn.tpc_begin("plain-gid")
        conn.cursor().execute("INSERT INTO client_pg2_tpc VALUES (3)")
        conn.tpc_prepare()
        conn.tpc_commit()
        cur = conn.cursor()
        cur.execute("SELECT id FROM client_pg2_tpc ORDER BY id")
        out.append(("rows", cur.fetchall()))
        conn.rollback()
    finally:
        conn.close()
        setup.cursor().execute("DROP TABLE client_pg2_tpc")
        setup.close()
    return out


@pytest.mark.slow      # two private clusters (the shared ones have it off)
def test_psycopg2_two_phase_commit_matches_postgresql(make_oracle_server, make_pgsnake_server):
    settings = {"max_prepared_transactions": "3"}
    expected = _two_phase(make_oracle_server(settings=settings))
    got = _two_phase(make_pgsnake_server(settings=settings))
    assert got == expected
