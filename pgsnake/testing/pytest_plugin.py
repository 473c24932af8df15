"""pytest fixtures for a pgsnake server, registered through the `pytest11` entry point:
installing pgsnake is all a project needs to use them.

    def test_orders(pgsnake_dsn):               # a fresh, empty database for this test
        with psycopg.connect(pgsnake_dsn) as conn:
            conn.execute("CREATE TABLE orders (id int PRIMARY KEY)")

pgsnake_server  session scope: one server per test process (under pytest-xdist each
                worker is its own process, so each worker gets its own server); stopped
                and deleted when the session ends.
pgsnake_dsn     function scope: a libpq connection string to a new database, a copy of
                the template named by the `pgsnake_template` fixture (template1 unless a
                project overrides that fixture, e.g. with a database it migrated once per
                session); dropped WITH (FORCE) after the test, so each test sees only
                its own tables.
pgsnake_server_settings  session scope: run-time parameters for the server (a dict);
                override it in conftest.py to change them.

Nothing here starts a server until a test asks for one of the fixtures. Disable the
plugin with `-p no:pgsnake`.
"""
from __future__ import annotations

import pytest

from pgsnake.testing.server import Server


@pytest.fixture(scope="session")
def pgsnake_server_settings() -> dict[str, str]:
    return {}


@pytest.fixture(scope="session")
def pgsnake_server(pgsnake_server_settings):
    with Server(settings=pgsnake_server_settings) as server:
        yield server


@pytest.fixture
def pgsnake_template() -> str:
    return "template1"


@pytest.fixture
def pgsnake_dsn(pgsnake_server, pgsnake_template):
    name = pgsnake_server.create_database(template=pgsnake_template)
    try:
        yield pgsnake_server.dsn(name)
    finally:
        pgsnake_server.drop_database(name)
