# asyncpg, a driver that speaks only the extended protocol with binary formats, works
# against pgsnake unmodified: it connects (its startup parameters included), runs
# parameterised queries, executemany, transactions and binary row decoding, with the
# same results as on PostgreSQL 15.
import asyncio
import datetime
import decimal

import pytest

asyncpg = pytest.importorskip("asyncpg")


async def _session(server):
    conn = await asyncpg.connect(host=server.host, port=server.port, user=server.user,
                                 database=server.dbname)
    try:
        out = [await conn.fetchval("SELECT 1 + $1::int4", 41)]
        await conn.execute("DROP TABLE IF EXISTS client_ap")
        await conn.execute("CREATE TABLE client_ap (id int8 NOT NULL, name text, "
                           "price numeric(10,2), d date, ts timestamp, ok bool, f float8)")
        await conn.executemany(
            "INSERT INTO client_ap VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [(1, "a", decimal.Decimal("1.5"), None, datetime.datetime(2024, 1, 2, 3, 4, 5), True, 0.25),
             (2, "b", None, datetime.date(2024, 1, 2), None, False, None)])
        out.append([tuple(r) for r in await conn.fetch("SELECT * FROM client_ap ORDER BY id")])
        async with conn.transaction():
            await conn.execute("INSERT INTO client_ap (id, name) VALUES (3, 'c')")
        try:
            async with conn.transaction():
                await conn.execute("INSERT INTO client_ap (id, name) VALUES (4, 'd')")
                await conn.execute("SELECT 1/0")
        except asyncpg.DivisionByZeroError as e:
            out.append(e.sqlstate)
        out.append(await conn.fetchval("SELECT count(*) FROM client_ap"))
        stmt = await conn.prepare("SELECT name FROM client_ap WHERE id = $1")
        out.append([await stmt.fetchval(i) for i in (1, 2, 3, 4)])
        await conn.execute("DROP TABLE client_ap")
        return out
    finally:
        await conn.close()


def test_asyncpg_matches_postgresql(oracle, pgsnake_server):
    assert asyncio.run(_session(pgsnake_server)) == asyncio.run(_session(oracle))
