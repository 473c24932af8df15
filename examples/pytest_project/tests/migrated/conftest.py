"""Tests in this directory start from a migrated schema: a template database made once
per session (per worker), copied for each test by overriding pgsnake_template."""
import psycopg
import pytest


@pytest.fixture(scope="session")
def migrated_template(pgsnake_server):
    name = pgsnake_server.create_database("app_template")
    with psycopg.connect(pgsnake_server.dsn(name), autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL)")
        conn.execute("INSERT INTO customers (name) VALUES ('Ada'), ('Grace')")
    return name


@pytest.fixture
def pgsnake_template(migrated_template):
    return migrated_template
