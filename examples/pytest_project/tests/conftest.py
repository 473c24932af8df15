"""The sample project's own fixtures: a psycopg connection to the test's database."""
import psycopg
import pytest


@pytest.fixture
def conn(pgsnake_dsn):
    with psycopg.connect(pgsnake_dsn, autocommit=True) as connection:
        yield connection
