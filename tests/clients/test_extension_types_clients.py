# The extension types citext and hstore (contrib/citext.py, hstore.py) through the client
# libraries that know them: psycopg's HstoreLoader / HstoreDumper in text and binary
# format (registered by looking the type up by name, as applications do), asyncpg's
# binary codecs (it introspects the extension's fresh type OIDs and uses hstore_recv /
# hstore_send's wire form, citext as text), and SQLAlchemy's HSTORE and CITEXT column
# types in a table it creates, fills and queries. Every result is compared with
# PostgreSQL 15's.
import asyncio

import pytest

psycopg = pytest.importorskip("psycopg")
asyncpg = pytest.importorskip("asyncpg")
sqlalchemy = pytest.importorskip("sqlalchemy")

_DB = "exttypes_clients"


@pytest.fixture
def databases(oracle, pgsnake_server):
    made = []
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_DB}")
            conn.execute(f"CREATE DATABASE {_DB} TEMPLATE template0")
        with server.connect(dbname=_DB) as conn:
            conn.execute("CREATE EXTENSION citext")
            conn.execute("CREATE EXTENSION hstore")
        made.append(server)
    yield made
    for server in made:
        with server.connect() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_DB} WITH (FORCE)")


def _psycopg_session(server):
    from psycopg.types import TypeInfo
    from psycopg.types.hstore import register_hstore
    out = []
    with server.connect(dbname=_DB) as conn:
        register_hstore(TypeInfo.fetch(conn, "hstore"), conn)
        conn.execute("CREATE TABLE cl_h (id int, h hstore, c citext)")
        rows = [(1, {"a": "1", "b": None}, "Mixed"), (2, {}, "mixed"),
                (3, {"k\"q": "v\\w", "é": "ü"}, "Other")]
        with conn.cursor(binary=True) as cur:
            cur.executemany("INSERT INTO cl_h VALUES (%s, %s, %s)", rows[:2])
        with conn.cursor() as cur:
            cur.execute("INSERT INTO cl_h VALUES (%s, %s, %s)", rows[2])
        for binary in (False, True):
            with conn.cursor(binary=binary) as cur:
                cur.execute("SELECT id, h, c, h::text FROM cl_h ORDER BY id")
                out.append(cur.fetchall())
                cur.execute("SELECT id FROM cl_h WHERE c = %s ORDER BY id", ["MIXED"])
                out.append(cur.fetchall())
                cur.execute("SELECT h -> 'a', h ? 'b', h @> %s FROM cl_h ORDER BY id",
                            [{"a": "1"}])
                out.append(cur.fetchall())
    return out


def test_psycopg_hstore_and_citext_match_postgresql(databases):
    oracle, pgsnake = databases
    assert _psycopg_session(pgsnake) == _psycopg_session(oracle)


async def _asyncpg_session(server):
    conn = await asyncpg.connect(host=server.host, port=server.port, user=server.user,
                                 database=_DB)
    try:
        await conn.set_builtin_type_codec("hstore", codec_name="pg_contrib.hstore")
        await conn.execute("CREATE TABLE cl_a (h hstore, c citext)")
        await conn.executemany("INSERT INTO cl_a VALUES ($1, $2)",
                               [({"x": "1", "y": None}, "AbC"), ({}, "abc")])
        rows = await conn.fetch("SELECT h, c, c = $1 AS same FROM cl_a ORDER BY c, h",
                                "ABC")
        counted = await conn.fetchval("SELECT count(DISTINCT c) FROM cl_a")
        return [tuple(r) for r in rows], counted
    finally:
        await conn.close()


def test_asyncpg_hstore_and_citext_match_postgresql(databases):
    oracle, pgsnake = databases
    assert asyncio.run(_asyncpg_session(pgsnake)) == asyncio.run(_asyncpg_session(oracle))


def _sqlalchemy_session(server):
    from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select
    from sqlalchemy.dialects.postgresql import CITEXT, HSTORE
    engine = create_engine(
        f"postgresql+psycopg://{server.user}@{server.host}:{server.port}/{_DB}")
    metadata = MetaData()
    table = Table("cl_s", metadata, Column("id", Integer, primary_key=True),
                  Column("tags", HSTORE), Column("email", CITEXT, unique=True))
    out = []
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(table.insert(), [
                {"id": 1, "tags": {"color": "red", "size": None}, "email": "A@Example.com"},
                {"id": 2, "tags": {"color": "blue"}, "email": "b@example.com"}])
        with engine.connect() as conn:
            out.append(conn.execute(select(table).order_by(table.c.id)).all())
            out.append(conn.execute(select(table.c.id).where(
                table.c.email == "a@EXAMPLE.COM")).all())
            out.append(conn.execute(select(table.c.id).where(
                table.c.tags.has_key("size")).order_by(table.c.id)).all())
            out.append(conn.execute(select(table.c.tags["color"]).order_by(
                table.c.id)).all())
            out.append(conn.execute(select(table.c.id).where(
                table.c.tags.contains({"color": "blue"}))).all())
        try:
            with engine.begin() as conn:
                conn.execute(table.insert(), {"id": 3, "tags": {}, "email": "B@EXAMPLE.COM"})
        except sqlalchemy.exc.IntegrityError as error:
            out.append(error.orig.sqlstate)
    finally:
        metadata.drop_all(engine)
        engine.dispose()
    return out


def test_sqlalchemy_hstore_and_citext_match_postgresql(databases):
    oracle, pgsnake = databases
    assert _sqlalchemy_session(pgsnake) == _sqlalchemy_session(oracle)


_BAD_BINARY = [b"", b"\x00\x00\x00", b"\xff\xff\xff\xff", b"\x00\x00\x00\x01",
               b"\x00\x00\x00\x01\xff\xff\xff\xff",                  # NULL key
               b"\x00\x00\x00\x01\x00\x00\x00\x05a",                 # short key
               b"\x00\x00\x00\x01\x00\x00\x00\x01\xff\x00\x00\x00\x00",   # not UTF-8
               b"\x00\x00\x00\x01\x00\x00\x00\x01a\x00\x00\x00\x01bEXTRA",
               b"\x00\x00\x00\x02\x00\x00\x00\x01b\x00\x00\x00\x01x"
               b"\x00\x00\x00\x01a\xff\xff\xff\xff"]


def _binary_inputs(server):
    from psycopg.adapt import Dumper
    from psycopg.pq import Format

    class Raw(bytes):
        pass
    out = []
    with server.connect(dbname=_DB) as conn:
        conn.autocommit = True

        class RawHstore(Dumper):
            format = Format.BINARY
            oid = conn.execute("SELECT 'hstore'::regtype::oid").fetchone()[0]

            def dump(self, obj):
                return bytes(obj)
        conn.adapters.register_dumper(Raw, RawHstore)
        for data in _BAD_BINARY:
            try:
                out.append(conn.execute("SELECT %b::text", [Raw(data)]).fetchone()[0])
            except psycopg.Error as error:
                out.append((error.sqlstate, error.diag.message_primary))
    return out


def test_hstore_binary_input_errors_match_postgresql(databases):
    oracle, pgsnake = databases
    assert _binary_inputs(pgsnake) == _binary_inputs(oracle)
