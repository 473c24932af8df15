# SQLAlchemy works against pgsnake unmodified, with its psycopg, psycopg2 and asyncpg
# dialects: the dialect's first-connect queries, Core DDL for a schema with many column
# types (sqlalchemy_models.py), ORM sessions (insertmanyvalues with RETURNING,
# relationship loading, update, delete, savepoints), server-side cursors with parameters
# (stream_results / yield_per) and reflection (MetaData.reflect and
# every Inspector call an application or Alembic makes). What each call returns is
# compared with the same call against PostgreSQL 15 (the oracle) for the same schema.
#
# One database per server holds the schema for the whole module (building it is the
# expensive part on pgsnake); each test adds and removes its own rows. The Inspector
# comparison runs with the psycopg dialect in the default tier, with all three under slow.
from __future__ import annotations

import asyncio
import datetime
import decimal
import uuid

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")
pytest.importorskip("psycopg2")
pytest.importorskip("asyncpg")

from sqlalchemy import (Integer, MetaData, String, bindparam, create_engine, delete, func,  # noqa: E402
                        inspect, select, text, update)
from sqlalchemy.dialects import postgresql  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402
from sqlalchemy.orm import Session, joinedload, selectinload  # noqa: E402
from sqlalchemy.schema import CreateIndex, CreateTable  # noqa: E402

from sqlalchemy_models import (DIALECTS, VIEW_SQL, Author, Base, Book, Mood, Order,  # noqa: E402
                               create_database, drop_database, url)

DBNAME = "orm_sqlalchemy"


@pytest.fixture(scope="module")
def servers(oracle, pgsnake_server):
    """{'oracle': server, 'pgsnake': server}, each with the models' schema in DBNAME."""
    both = {"oracle": oracle, "pgsnake": pgsnake_server}
    for server in both.values():
        create_database(server, DBNAME)
        engine = create_engine(url(server, "psycopg", DBNAME))
        try:
            Base.metadata.create_all(engine)
            with engine.begin() as conn:
                conn.execute(text(VIEW_SQL))
                conn.execute(text("COMMENT ON VIEW orm_active_author IS 'who writes now'"))
        finally:
            engine.dispose()
    yield both
    for server in both.values():
        drop_database(server, DBNAME)


def run(server, dialect: str, work):
    """work(connection) on a sync Connection of this dialect (for asyncpg: the sync
    facade that AsyncConnection.run_sync gives, over an AsyncEngine); its result."""
    address = url(server, dialect, DBNAME)
    if dialect == "asyncpg":
        async def main():
            engine = create_async_engine(address)
            try:
                async with engine.connect() as conn:
                    return await conn.run_sync(work)
            finally:
                await engine.dispose()
        return asyncio.run(main())
    engine = create_engine(address)
    try:
        with engine.connect() as conn:
            return work(conn)
    finally:
        engine.dispose()


def on_both(servers, dialect, work):
    expected = run(servers["oracle"], dialect, work)
    got = run(servers["pgsnake"], dialect, work)
    return expected, got


# -- the dialect's first connection ------------------------------------------------------
def _first_connect(conn):
    dialect = conn.dialect
    out = {
        "major": dialect.server_version_info[0],
        "default_schema": dialect.default_schema_name,
        "isolation": conn.get_isolation_level(),
        "standard_conforming_strings": conn.exec_driver_sql(
            "SHOW standard_conforming_strings").scalar(),
        "has_table": [dialect.has_table(conn, "orm_author"), dialect.has_table(conn, "nope")],
        "has_sequence": dialect.has_sequence(conn, "orm_order_number_seq"),
        "has_type": dialect.has_type(conn, "orm_mood"),
        "has_schema": dialect.has_schema(conn, "public"),
        "echo": tuple(conn.execute(select(func.upper("abc"), text("1 + 1"))).one()),
        "typed": tuple(conn.execute(
            text("SELECT :a AS a, :b AS b").bindparams(bindparam("a", type_=String),
                                                        bindparam("b", type_=Integer)),
            {"a": "x", "b": 2}).one()),
    }
    if dialect.driver != "asyncpg":
        # Untyped parameters (asyncpg refuses them on PostgreSQL too: it wants the type
        # the server describes, text, for the int): the server resolves them as text.
        out["untyped"] = tuple(conn.execute(text("SELECT :a AS a, :b AS b"),
                                            {"a": "x", "b": 2}).one())
    return out


@pytest.mark.parametrize("dialect", DIALECTS)
def test_first_connect_matches_postgresql(servers, dialect):
    expected, got = on_both(servers, dialect, _first_connect)
    assert got == expected


# -- ORM sessions ----------------------------------------------------------------------
def _session_work(tag):
    def work(conn):
        out = []
        with Session(bind=conn) as session:
            authors = [Author(name=f"{tag}-{i}", email=f"{i}@{tag}", born=datetime.date(1990, 1, i + 1),
                              wakes=datetime.time(7, i), mood=list(Mood)[i % 3])
                       for i in range(12)]
            authors[0].books = [
                Book(title=f"{tag} book {i}", price=decimal.Decimal(f"{i}.5{i}"), pages=100 + i,
                     rating=i / 4, loan=datetime.timedelta(days=i, hours=3),
                     meta={"k": i, "nested": [1, {"a": None}]}, extra=[i, "x"],
                     tags=["a", f"t{i}", None], cover=bytes(range(i, i + 4)))
                for i in range(6)]
            session.add_all(authors)
            session.flush()          # insertmanyvalues: one INSERT ... RETURNING per batch
            first = authors[0].id
            out.append([a.id - first for a in authors])
            out.append([(b.status, isinstance(b.ref, uuid.UUID)) for b in authors[0].books])
            out.append(all(a.created.tzinfo is not None and a.active for a in authors))
            session.commit()

            session.expunge_all()
            loaded = session.scalars(
                select(Author).where(Author.name.like(f"{tag}-%"))
                .options(selectinload(Author.books)).order_by(Author.id)).all()
            out.append([(a.name, a.email, a.born, a.wakes, a.mood, len(a.books)) for a in loaded])
            out.append([(b.title, b.price, b.pages, b.rating, b.loan, b.meta, b.extra, b.tags,
                         b.cover) for b in loaded[0].books])
            session.expunge_all()
            joined = session.scalars(
                select(Book).join(Book.author).where(Author.name == f"{tag}-0")
                .options(joinedload(Book.author)).order_by(Book.id)).all()
            out.append([(b.title, b.author.name) for b in joined])

            with session.begin_nested():           # SAVEPOINT, released
                joined[0].orders.append(Order(qty=3))
                joined[1].orders.append(Order())
            try:
                with session.begin_nested():       # SAVEPOINT, rolled back by the error
                    session.add(Author(name=""))
                    session.flush()
            except sqlalchemy.exc.IntegrityError as e:
                out.append(e.orig.__class__.__name__ if e.orig is not None else None)
            session.commit()
            orders = session.scalars(select(Order).join(Order.book)
                                     .where(Book.author_id == first).order_by(Order.id)).all()
            out.append([(o.id - orders[0].id, o.qty, o.book.title) for o in orders])

            joined[2].price = decimal.Decimal("99.99")
            loaded[1].mood = None
            session.flush()
            result = session.execute(update(Book).where(Book.author_id == first)
                                     .where(Book.price < 3).values(status="cheap")
                                     .returning(Book.title))
            out.append(sorted(result.scalars()))
            session.delete(joined[0])       # its orders keep book_id NULL (ON DELETE SET NULL)
            session.commit()
            out.append(session.scalar(select(func.count()).select_from(Order)
                                      .where(Order.book_id.is_(None))))
            session.execute(delete(Author).where(Author.name.like(f"{tag}-%")))
            session.execute(delete(Order).where(Order.book_id.is_(None)))
            session.commit()
            out.append(session.scalar(select(func.count()).select_from(Book)
                                      .where(Book.title.like(f"{tag} %"))))
        return out
    return work


@pytest.mark.parametrize("dialect", DIALECTS)
def test_orm_session_round_trip_matches_postgresql(servers, dialect):
    expected, got = on_both(servers, dialect, _session_work(dialect))
    assert got == expected


# -- server-side cursors -----------------------------------------------------------------
def _streaming(conn):
    """stream_results / yield_per: psycopg's named cursors (DECLARE ... FOR SELECT with
    $n parameters, then FETCH FORWARD n), psycopg2's (DECLARE with the values inlined),
    asyncpg's portals fetched a few rows at a time."""
    query = (select(Book.title, (Book.pages * bindparam("factor", type_=Integer)).label("p"))
             .where(Book.pages > bindparam("low", type_=Integer)).order_by(Book.title))
    out = []
    with Session(bind=conn) as session:
        author = Author(name="streamer", books=[Book(title=f"s{i:02}", pages=i) for i in range(30)])
        session.add(author)
        session.flush()
        result = session.execute(query.execution_options(yield_per=4), {"factor": 3, "low": 5})
        out.append([tuple(part) for part in result.partitions()])
        rows = conn.execution_options(stream_results=True, max_row_buffer=5).execute(
            query, {"factor": -1, "low": 20})
        out.append([tuple(r) for r in rows])
        session.rollback()
    return out


@pytest.mark.parametrize("dialect", DIALECTS)
def test_server_side_cursors_match_postgresql(servers, dialect):
    expected, got = on_both(servers, dialect, _streaming)
    assert got == expected
    assert len(expected[0]) == 6             # 24 rows in partitions of 4


# -- reflection ------------------------------------------------------------------------
TABLES = ("orm_author", "orm_book", "orm_order")


def _plain(value):
    """Reflection results with their type objects as repr() text, comparable across runs."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    return repr(value)


def _inspect(conn):
    insp = inspect(conn)
    # (the name lists come from queries without ORDER BY: in heap order, which pgsnake's
    # catalogs need not share with PostgreSQL's)
    out = {"tables": sorted(insp.get_table_names()), "views": sorted(insp.get_view_names()),
           "sequences": sorted(insp.get_sequence_names()), "enums": insp.get_enums(),
           "schemas": [s for s in insp.get_schema_names() if s == "public"],
           "view_definition": insp.get_view_definition("orm_active_author"),
           "view_comment": insp.get_table_comment("orm_active_author")}
    for table in TABLES + ("orm_active_author",):
        out[table] = {
            "columns": insp.get_columns(table),
            "pk": insp.get_pk_constraint(table),
            "fks": insp.get_foreign_keys(table),
            "indexes": insp.get_indexes(table),
            "unique": insp.get_unique_constraints(table),
            "checks": insp.get_check_constraints(table),
            "comment": insp.get_table_comment(table),
            "options": insp.get_table_options(table),
        }
    for name in ("columns", "pk_constraint", "foreign_keys", "indexes", "unique_constraints",
                 "check_constraints", "table_comment"):
        out[f"multi_{name}"] = getattr(insp, f"get_multi_{name}")()
    return _plain(out)


# The three dialects send the same reflection queries (only parameter passing differs,
# which the other tests cover); on pgsnake each run takes a while (53 catalog queries),
# so the default tier runs it with one dialect.
@pytest.mark.parametrize("dialect", [DIALECTS[0]] + [pytest.param(d, marks=pytest.mark.slow)
                                                     for d in DIALECTS[1:]])
def test_inspector_matches_postgresql(servers, dialect):
    expected, got = on_both(servers, dialect, _inspect)
    assert got["tables"] == list(TABLES)
    for key in expected:
        assert got[key] == expected[key], key


def _reflect(conn):
    metadata = MetaData()
    metadata.reflect(conn, views=True)
    ddl = postgresql.dialect()
    out = {}
    for name, table in sorted(metadata.tables.items()):
        out[name] = [str(CreateTable(table).compile(dialect=ddl))]
        out[name] += sorted(str(CreateIndex(i).compile(dialect=ddl)) for i in table.indexes)
        out[name].append(repr(table.comment))
    return out


def test_metadata_reflect_matches_postgresql(servers):
    expected, got = on_both(servers, "psycopg", _reflect)
    assert got == expected
    assert set(got) == set(TABLES) | {"orm_active_author"}
