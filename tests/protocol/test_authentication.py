# Proves authenticate() interoperates with libpq: a tiny server built from Connection +
# authenticate() accepts a real psycopg.connect() for trust, password, md5 and
# scram-sha-256 (and md5 hba with a SCRAM verifier), and refuses wrong passwords, unknown
# roles and reject lines with PostgreSQL's FATAL messages.
from __future__ import annotations

import socket
import threading

import psycopg
import pytest

from pgsnake.protocol import messages as m
from pgsnake.protocol.authentication import (
    authenticate, hba_reject_error, make_md5_verifier, no_hba_entry_error,
)
from pgsnake.protocol.connection import Connection
from pgsnake.protocol.scram import make_scram_verifier
from pgsnake.protocol.startup_packet import GSSENCRequest, SSLRequest, StartupMessage
from pgsnake.utils.errors import PgError


@pytest.fixture(autouse=True)
def _no_client_password_sources(monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/dev/null")


class TinyServer:
    """Accepts one connection, authenticates it, sends ReadyForQuery, waits for
    Terminate. Records what happened in self.outcome."""

    def __init__(self, method: str, rolpassword: str | None):
        self.method, self.rolpassword = method, rolpassword
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.outcome: object = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        sock, (address, _) = self.listener.accept()
        conn = Connection(sock)
        conn.set_timeout(10)
        try:
            while True:
                packet = conn.read_startup_packet()
                if isinstance(packet, (SSLRequest, GSSENCRequest)):
                    conn.send(b"N")
                    conn.flush()
                    continue
                break
            assert isinstance(packet, StartupMessage)
            if packet.needs_negotiation:
                conn.send(m.negotiate_protocol_version(0, packet.unrecognized_options))
            authenticate(conn, self.method, packet.user, self.rolpassword,
                         address=address, database=packet.database)
            conn.send(m.parameter_status("server_version", "15.0"))
            conn.send(m.parameter_status("client_encoding", "UTF8"))
            conn.send(m.backend_key_data(4242, 99))
            conn.send(m.ready_for_query("I"))
            conn.flush()
            self.outcome = ("ok", packet.user)
            conn.read_message()          # Terminate (or EOF)
        except PgError as e:
            self.outcome = e
            conn.send(m.error_response(e.fields()))
        except EOFError as e:
            self.outcome = e
        finally:
            conn.close()
            self.listener.close()

    def connect(self, password: str | None, user: str = "alice"):
        kw = dict(host="127.0.0.1", port=self.port, user=user, dbname="shop",
                  sslmode="disable", gssencmode="disable", connect_timeout=10)
        if password is not None:
            kw["password"] = password
        try:
            with psycopg.connect(**kw):
                pass
        finally:
            self.thread.join(10)


def _case_id(value):
    """A test id without a SCRAM verifier's random salt, so that every collection of
    the suite (each pytest-xdist worker's) names the cases alike."""
    if isinstance(value, str) and value.startswith("SCRAM-SHA-256$"):
        return "scram-verifier"
    return None


@pytest.mark.parametrize("method, rolpassword", ids=_case_id, argvalues=[
    ("scram-sha-256", make_scram_verifier("s3cret")),
    ("md5", make_scram_verifier("s3cret")),           # SCRAM verifier wins over md5
    ("md5", make_md5_verifier("s3cret", "alice")),
    ("password", make_scram_verifier("s3cret")),
    ("password", make_md5_verifier("s3cret", "alice")),
])
def test_good_password(method, rolpassword):
    server = TinyServer(method, rolpassword)
    server.connect("s3cret")
    assert server.outcome == ("ok", "alice")


def test_trust_needs_no_password():
    server = TinyServer("trust", None)
    server.connect(None)
    assert server.outcome == ("ok", "alice")


@pytest.mark.parametrize("method, rolpassword", ids=_case_id, argvalues=[
    ("scram-sha-256", make_scram_verifier("s3cret")),
    ("scram-sha-256", None),                              # no such role: mock exchange
    ("scram-sha-256", make_md5_verifier("s3cret", "alice")),   # md5 cannot do SCRAM
    ("md5", make_md5_verifier("s3cret", "alice")),
    ("password", make_scram_verifier("s3cret")),
    ("password", None),
])
def test_wrong_password(method, rolpassword):
    server = TinyServer(method, rolpassword)
    password = "wrong" if rolpassword is not None else "s3cret"
    if method == "scram-sha-256" and rolpassword and rolpassword.startswith("md5"):
        password = "s3cret"
    with pytest.raises(psycopg.OperationalError,
                       match='password authentication failed for user "alice"'):
        server.connect(password)
    assert isinstance(server.outcome, PgError)
    assert (server.outcome.severity, server.outcome.sqlstate) == ("FATAL", "28P01")


def test_reject():
    server = TinyServer("reject", None)
    with pytest.raises(psycopg.OperationalError,
                       match='pg_hba.conf rejects connection for host "127.0.0.1", '
                             'user "alice", database "shop", no encryption'):
        server.connect("x")
    assert server.outcome.sqlstate == "28000"


def test_client_hanging_up_is_eof():
    # libpq with no password available gives up after the server's request.
    server = TinyServer("scram-sha-256", make_scram_verifier("s3cret"))
    with pytest.raises(psycopg.OperationalError):
        server.connect(None)
    assert isinstance(server.outcome, EOFError)


def test_error_helpers():
    e = no_hba_entry_error("10.0.0.1", "bob", "db")
    assert (e.severity, e.sqlstate) == ("FATAL", "28000")
    assert e.message == \
        'no pg_hba.conf entry for host "10.0.0.1", user "bob", database "db", no encryption'
    assert no_hba_entry_error(None, "bob", "db").message.startswith(
        'no pg_hba.conf entry for host "[local]"')
    assert no_hba_entry_error("::1", "bob", "db", replication=True).message == \
        'no pg_hba.conf entry for replication connection from host "::1", user "bob", ' \
        'no encryption'
    assert hba_reject_error(None, "bob", "db").message == \
        'pg_hba.conf rejects connection for host "[local]", user "bob", database "db", ' \
        'no encryption'
