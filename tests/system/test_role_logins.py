# Proves that roles made with CREATE ROLE log in as PostgreSQL 15's do: their passwords
# are stored as SCRAM-SHA-256 secrets and checked by the SCRAM exchange; NOLOGIN,
# an expired VALID UNTIL and CONNECTION LIMIT refuse the connection with PostgreSQL's
# FATAL messages; a non-superuser session reports is_superuser off and follows SET ROLE.
# Every test runs against pgsnake and the real PostgreSQL 15 (tests/system/conftest.py).
from __future__ import annotations

import hashlib

import psycopg
import pytest

from harness import raw_protocol as rp

PASSWORD = "correct horse"


@pytest.fixture
def scram_server(make_server):
    server = make_server(auth="scram-sha-256", password=PASSWORD)
    with server.connect() as conn:
        conn.autocommit = True
        conn.execute("CREATE ROLE regress_login_alice LOGIN PASSWORD 'alice pw'")
        conn.execute("CREATE ROLE regress_login_nologin PASSWORD 'nologin pw'")
        conn.execute("CREATE ROLE regress_login_expired LOGIN PASSWORD 'old pw' "
                     "VALID UNTIL '2001-01-01 00:00:00+00'")
        conn.execute("CREATE ROLE regress_login_limited LOGIN PASSWORD 'limited pw' "
                     "CONNECTION LIMIT 1")
    return server


def _login_error(server, user: str, password: str) -> dict:
    with rp.open_socket(server) as sock:
        messages, closed = rp.scram_login(sock, user, password)
    assert closed and messages[-1][0] == b"E", messages
    return rp.error_fields(messages[-1][1])


def test_secret_is_scram(scram_server):
    with scram_server.connect() as conn:
        secret, = conn.execute("SELECT rolpassword FROM pg_authid "
                               "WHERE rolname = 'regress_login_alice'").fetchone()
    assert secret.startswith("SCRAM-SHA-256$4096:")
    assert "alice pw" not in secret


def test_role_logs_in_with_its_password(scram_server):
    with scram_server.connect(user="regress_login_alice", password="alice pw") as conn:
        assert conn.execute("SELECT current_user, session_user").fetchone() == (
            "regress_login_alice", "regress_login_alice")
        assert conn.info.parameter_status("is_superuser") == "off"
        assert conn.info.parameter_status("session_authorization") == "regress_login_alice"


def test_wrong_password_is_refused(scram_server):
    fields = _login_error(scram_server, "regress_login_alice", "wrong")
    assert (fields["S"], fields["C"], fields["M"]) == (
        "FATAL", "28P01", 'password authentication failed for user "regress_login_alice"')


def test_changed_password(scram_server):
    with scram_server.connect() as conn:
        conn.autocommit = True
        conn.execute("ALTER ROLE regress_login_alice PASSWORD 'new pw'")
    with scram_server.connect(user="regress_login_alice", password="new pw") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    fields = _login_error(scram_server, "regress_login_alice", "alice pw")
    assert fields["C"] == "28P01"


def test_nologin_role_is_refused(scram_server):
    fields = _login_error(scram_server, "regress_login_nologin", "nologin pw")
    assert (fields["S"], fields["C"], fields["M"]) == (
        "FATAL", "28000", 'role "regress_login_nologin" is not permitted to log in')


def test_expired_password_is_refused(scram_server):
    fields = _login_error(scram_server, "regress_login_expired", "old pw")
    assert (fields["C"], fields["M"]) == (
        "28P01", 'password authentication failed for user "regress_login_expired"')


def test_connection_limit(scram_server):
    with scram_server.connect(user="regress_login_limited", password="limited pw"):
        fields = _login_error(scram_server, "regress_login_limited", "limited pw")
        assert (fields["S"], fields["C"], fields["M"]) == (
            "FATAL", "53300", 'too many connections for role "regress_login_limited"')
    # the first connection is gone: a new one is allowed again
    with scram_server.connect(user="regress_login_limited", password="limited pw") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_connect_privilege_and_database_limit(scram_server):
    with scram_server.connect() as conn:
        conn.autocommit = True
        conn.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC")
    fields = _login_error(scram_server, "regress_login_alice", "alice pw")
    assert (fields["S"], fields["C"], fields["M"], fields["D"]) == (
        "FATAL", "42501", 'permission denied for database "postgres"',
        "User does not have CONNECT privilege.")
    with scram_server.connect() as conn:
        conn.autocommit = True
        conn.execute("GRANT CONNECT ON DATABASE postgres TO regress_login_alice")
    with scram_server.connect(user="regress_login_alice", password="alice pw") as conn:
        assert conn.execute("SELECT has_database_privilege('postgres', 'connect')"
                            ).fetchone() == (True,)


def test_role_settings_apply_at_login(scram_server):
    with scram_server.connect() as conn:
        conn.autocommit = True
        conn.execute("ALTER ROLE regress_login_alice SET work_mem = '3MB'")
        conn.execute("ALTER ROLE regress_login_alice IN DATABASE postgres "
                     "SET work_mem = '5MB'")
        conn.execute("ALTER ROLE regress_login_alice SET application_name = 'from role'")
    with scram_server.connect(user="regress_login_alice", password="alice pw") as conn:
        assert conn.execute("SHOW work_mem").fetchone() == ("5MB",)
        assert conn.execute("SHOW application_name").fetchone() == ("from role",)
        conn.execute("SET work_mem = '7MB'")
        conn.execute("RESET work_mem")
        assert conn.execute("SHOW work_mem").fetchone() == ("5MB",)


def test_md5_secret_logs_in_over_md5(make_server):
    server = make_server(auth="md5", password=PASSWORD)
    with server.connect() as conn:
        conn.autocommit = True
        conn.execute("SET password_encryption = 'md5'")
        conn.execute("CREATE ROLE regress_login_md5 LOGIN PASSWORD 'md5 pw'")
        secret, = conn.execute("SELECT rolpassword FROM pg_authid "
                               "WHERE rolname = 'regress_login_md5'").fetchone()
    assert secret == "md5" + hashlib.md5(b"md5 pw" + b"regress_login_md5").hexdigest()
    with server.connect(user="regress_login_md5", password="md5 pw") as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("regress_login_md5",)
    with pytest.raises(psycopg.OperationalError) as caught:
        server.connect(user="regress_login_md5", password="wrong")
    assert 'password authentication failed for user "regress_login_md5"' in str(caught.value)


def test_set_role_reports_is_superuser(scram_server):
    with scram_server.connect() as conn:
        conn.autocommit = True
        assert conn.info.parameter_status("is_superuser") == "on"
        conn.execute("SET ROLE regress_login_alice")
        assert conn.info.parameter_status("is_superuser") == "off"
        assert conn.execute("SELECT current_user, session_user").fetchone() == (
            "regress_login_alice", "postgres")
        conn.execute("RESET ROLE")
        assert conn.info.parameter_status("is_superuser") == "on"


def test_non_superuser_cannot_set_role_or_read_pg_authid(scram_server):
    with scram_server.connect(user="regress_login_alice", password="alice pw") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute("SET ROLE postgres")
        assert str(caught.value).strip() == 'permission denied to set role "postgres"'
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute("SELECT rolpassword FROM pg_authid")
        assert str(caught.value).strip() == "permission denied for table pg_authid"
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            conn.execute("ALTER ROLE regress_login_alice SUPERUSER")
        assert "must be superuser" in str(caught.value)
        conn.rollback()
        assert conn.execute("SELECT rolpassword FROM pg_roles WHERE rolname = "
                            "'regress_login_alice'").fetchone() == ("********",)
