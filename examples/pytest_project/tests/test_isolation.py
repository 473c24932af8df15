"""Each test gets an empty database of its own, whatever ran before it on the same server.

Every test makes the same table and fills it; each must find the public schema empty at
its start and only its own rows at its end. Run with -n 2: the tests are spread over two
servers (one per worker), and several run one after another on each.
"""
import pytest


@pytest.mark.parametrize("rows", range(1, 9))
def test_database_starts_empty(conn, rows):
    tables = conn.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert tables == 0
    conn.execute("CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO items VALUES (%s, %s)",
                        [(i, f"item {i}") for i in range(rows)])
    assert conn.execute("SELECT count(*), max(id) FROM items").fetchone() == (rows, rows - 1)


def test_database_name_is_the_tests_own(conn, pgsnake_server):
    name = conn.execute("SELECT current_database()").fetchone()[0]
    assert name.startswith("test_")
    databases = conn.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%'").fetchall()
    assert databases == [(name,)]


_left_open = []


def test_a_session_left_open_does_not_block_the_drop(pgsnake_dsn):
    # The plugin drops the database WITH (FORCE): a connection the test forgot to close
    # is ended, and the next test's CREATE DATABASE from template1 is not blocked.
    import psycopg
    _left_open.append(psycopg.connect(pgsnake_dsn))
    assert _left_open[-1].execute("SELECT 1").fetchone() == (1,)
