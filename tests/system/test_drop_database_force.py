# Proves DROP DATABASE ... WITH (FORCE) on pgsnake as on PostgreSQL 15 (without FORCE,
# 55006 is in test_databases.py: it waits 5 s for the sessions to leave): the other
# sessions are terminated (their next statement finds the connection gone) and the database is
# dropped; an owner who is not a superuser may not terminate a superuser's session
# (42501, and nothing is terminated), but may terminate the sessions of its own role; a
# non-owner may not drop at all. Every outcome is compared with the oracle's.
from __future__ import annotations

import time

import psycopg
import pytest


def _outcome(conn, sql: str):
    try:
        conn.execute(sql)
        return "ok"
    except psycopg.Error as e:
        return (e.sqlstate, e.diag.message_primary, e.diag.message_detail)


def _still_usable(conn) -> bool:
    try:
        conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False


def _wait_gone(admin, user: str) -> None:
    """Until the backend of a closed session of `user` on t9_force has exited (bounded)."""
    deadline = time.monotonic() + 10
    while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 't9_force' "
                        "AND usename = %s", (user,)).fetchone()[0]:
        assert time.monotonic() < deadline, "a closed session's backend did not exit"
        time.sleep(0.05)


def _scenario(server) -> list:
    seen = []
    with server.connect(autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS t9_force")
        admin.execute("DROP ROLE IF EXISTS t9_owner")
        admin.execute("DROP ROLE IF EXISTS t9_other")
        admin.execute("CREATE ROLE t9_owner LOGIN CREATEDB")
        admin.execute("CREATE ROLE t9_other LOGIN")
        admin.execute("CREATE DATABASE t9_force OWNER t9_owner")
        try:
            superuser_session = server.connect(autocommit=True, dbname="t9_force")
            owner_session = server.connect(autocommit=True, dbname="t9_force",
                                           user="t9_owner")
            with server.connect(autocommit=True, user="t9_other") as other:
                seen.append(_outcome(other, "DROP DATABASE t9_force WITH (FORCE)"))
            with server.connect(autocommit=True, user="t9_owner") as owner:
                seen.append(_outcome(owner, "DROP DATABASE t9_force WITH (FORCE)"))
                seen.append(("after 42501", _still_usable(superuser_session),
                             _still_usable(owner_session)))
                superuser_session.close()
                _wait_gone(admin, admin.info.user)
                # only sessions of its own role left: the owner may end them
                seen.append(_outcome(owner, "DROP DATABASE t9_force WITH (FORCE)"))
                seen.append(("after drop", _still_usable(owner_session)))
            owner_session.close()
            admin.execute("CREATE DATABASE t9_force")
            session = server.connect(autocommit=True, dbname="t9_force")
            seen.append(_outcome(admin, "DROP DATABASE t9_force WITH (FORCE)"))
            seen.append(("superuser drop", _still_usable(session)))
            session.close()
            seen.append(_outcome(admin, "DROP DATABASE IF EXISTS t9_force WITH (FORCE)"))
        finally:
            admin.execute("DROP DATABASE IF EXISTS t9_force WITH (FORCE)")
            admin.execute("DROP ROLE t9_owner")
            admin.execute("DROP ROLE t9_other")
    return seen


def test_drop_database_with_force_terminates_as_postgresql_does(oracle, pgsnake_server):
    expected = _scenario(oracle)
    assert expected[1][0] == "42501" and expected[-3] == "ok"      # the oracle's own story
    assert _scenario(pgsnake_server) == expected


def _prepared_scenario(server) -> list:
    seen = []
    with server.connect(autocommit=True) as admin:
        admin.execute("CREATE DATABASE t9_prepared")
        try:
            with server.connect(autocommit=True, dbname="t9_prepared") as inside:
                inside.execute("CREATE TABLE t (a int)")
                inside.execute("BEGIN")
                inside.execute("INSERT INTO t VALUES (1)")
                inside.execute("PREPARE TRANSACTION 't9_gid'")
            seen.append(_outcome(admin, "DROP DATABASE t9_prepared WITH (FORCE)"))
            seen.append(_outcome(admin, "DROP DATABASE t9_prepared"))
            with server.connect(autocommit=True, dbname="t9_prepared") as inside:
                inside.execute("ROLLBACK PREPARED 't9_gid'")
            seen.append(_outcome(admin, "DROP DATABASE t9_prepared WITH (FORCE)"))
        finally:
            admin.execute("DROP DATABASE IF EXISTS t9_prepared")
    return seen


@pytest.mark.slow
def test_prepared_transaction_keeps_a_database_from_being_dropped(make_oracle_server,
                                                                  make_pgsnake_server):
    # A prepared transaction uses its database: DROP DATABASE, with FORCE or not, is
    # 55006 with PostgreSQL's message and detail until it is finished.
    settings = {"max_prepared_transactions": "2"}
    expected = _prepared_scenario(make_oracle_server(settings=settings))
    assert expected[0][0] == "55006" and expected[-1] == "ok"
    assert _prepared_scenario(make_pgsnake_server(settings=settings)) == expected
