# Django, unmodified, against pgsnake: its migrations (with the introspection they run),
# ORM queries of many kinds (lookups on json and arrays, aggregates, Subquery / Exists /
# OuterRef, window functions, select_for_update, bulk_create, update_or_create, nested
# atomic blocks as savepoints, constraint violations), inspectdb, and migrating back to
# zero give what they give on PostgreSQL 15. The app is tests/clients/django_app (its
# migrations are committed); tests/clients/django_app/session.py drives it.
#
# Django's migrations and inspectdb run DDL and catalog queries one by one, which pgsnake
# does slowly (whole-catalog scans: about 10 s for the test app's two migrations on a busy
# machine, a minute for inspectdb), so the default tier migrates only the test app and runs
# the ORM session; the slow tier adds contrib.auth / contenttypes, inspectdb of every table
# and the way back to zero.
import contextlib
import itertools

import pytest

pytest.importorskip("django")
pytest.importorskip("psycopg")

from django_app import session  # noqa: E402

_database_numbers = itertools.count(1)


@contextlib.contextmanager
def _fresh_database(server):
    name = f"django_{next(_database_numbers)}"
    with server.connect() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    session.use(server.host, server.port, server.user, name)
    try:
        yield name
    finally:
        session.close()
        with server.connect() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")


def _short_run(server):
    with _fresh_database(server):
        out = {"migrate": session.migrate("django_app"),
               "orm": session.orm_session()}
        out["applied"] = session.applied_migrations()
        return out


def _full_run(server):
    with _fresh_database(server):
        out = {"migrate": session.migrate(),
               "orm": session.orm_session(),
               "auth": session.auth_session(),
               "inspectdb": session.inspectdb()}
        out["zero"] = session.migrate("django_app", "zero")
        out["applied"] = session.applied_migrations()
        out["tables_left"] = session.table_names()
        return out


@pytest.fixture(scope="module")
def django_configured():
    session.configure()


def _compare(got, expected):
    assert got.keys() == expected.keys()
    for part in expected:
        if isinstance(expected[part], dict):
            for key in expected[part]:
                assert got[part].get(key) == expected[part][key], (part, key)
        assert got[part] == expected[part], part


@pytest.mark.timeout(300)
def test_django_migrate_and_orm_match_postgresql(django_configured, oracle, pgsnake_server):
    expected = _short_run(oracle)
    assert expected["migrate"] == ["Applying django_app.0001_initial...",
                                   "Applying django_app.0002_alter_fields..."]
    _compare(_short_run(pgsnake_server), expected)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_django_full_project_matches_postgresql(django_configured, oracle, pgsnake_server):
    expected = _full_run(oracle)
    assert expected["zero"] == ["Unapplying django_app.0002_alter_fields...",
                                "Unapplying django_app.0001_initial..."]
    assert "class DjangoAppBook(models.Model)" in expected["inspectdb"]
    _compare(_full_run(pgsnake_server), expected)
