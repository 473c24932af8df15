# Proves SCRAM-SHA-256 authentication set up by initdb --auth scram-sha-256 --pwfile:
# the right password connects, a wrong or missing one is refused with SQLSTATE 28P01.
from __future__ import annotations

import psycopg
import pytest

from harness import raw_protocol as rp

PASSWORD = "correct horse"


@pytest.fixture
def scram_server(make_server):
    return make_server(auth="scram-sha-256", password=PASSWORD)


def test_right_password_connects(scram_server):
    with scram_server.connect() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_wrong_password_is_refused(scram_server):
    with pytest.raises(psycopg.OperationalError) as caught:
        scram_server.connect(password="wrong")
    assert 'password authentication failed for user "postgres"' in str(caught.value)
    with pytest.raises(psycopg.OperationalError):
        scram_server.connect(password="")


def test_wrong_password_is_28P01_on_the_wire(scram_server):
    # libpq hides the SQLSTATE of a failed login, so run the SCRAM exchange by hand.
    with rp.open_socket(scram_server) as sock:
        messages, closed = rp.scram_login(sock, "postgres", "wrong")
    assert closed and [kind for kind, _ in messages] == [b"E"]
    fields = rp.error_fields(messages[0][1])
    assert (fields["S"], fields["C"]) == ("FATAL", "28P01")
    assert fields["M"] == 'password authentication failed for user "postgres"'


def test_right_password_by_hand(scram_server):
    with rp.open_socket(scram_server) as sock:
        messages, closed = rp.scram_login(sock, "postgres", PASSWORD)
    assert not closed
    kinds = [kind for kind, _ in messages]
    assert kinds[:2] == [b"R", b"R"] and kinds[-1] == b"Z"
    assert messages[0][1][:4] == b"\x00\x00\x00\x0c"      # SASLFinal
    assert messages[1][1] == b"\x00\x00\x00\x00"          # AuthenticationOk


def test_server_asks_for_scram(scram_server):
    # Without a password the server must ask for SASL with SCRAM-SHA-256 (R code 10).
    with rp.open_socket(scram_server) as sock:
        sock.sendall(rp.startup_message("postgres", "postgres"))
        kind, body = rp.read_message(sock)
        assert kind == b"R"
        assert body[:4] == b"\x00\x00\x00\x0a"
        assert b"SCRAM-SHA-256\x00" in body[4:]
