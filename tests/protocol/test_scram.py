# Proves the SCRAM-SHA-256 server side: the RFC 7677 test vector end to end, PostgreSQL's
# stored verifier format, and refusals (bad proof -> 28P01, bad nonce / channel binding /
# authzid -> PostgreSQL's errors, mock exchange always fails).
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from pgsnake.protocol import scram
from pgsnake.utils.errors import PgError

# RFC 7677 section 3.
CLIENT_FIRST = b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
SALT = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
SERVER_FIRST = (b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                b"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
CLIENT_FINAL = (b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
SERVER_FINAL = b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


def _exchange_with_rfc_nonce(verifier: str) -> scram.ScramExchange:
    ex = scram.ScramExchange(verifier)
    server_first = ex.first(CLIENT_FIRST)
    # Swap in the RFC's server nonce so that the RFC's client proof applies.
    ex.server_nonce = SERVER_NONCE
    ex.server_first = SERVER_FIRST.decode()
    assert server_first.startswith(b"r=rOprNGfwEbeRWgbNEkqO")
    assert server_first.endswith(b",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
    return ex


def test_rfc7677_vector():
    verifier = scram.make_scram_verifier("pencil", salt=SALT)
    ex = _exchange_with_rfc_nonce(verifier)
    assert ex.final(CLIENT_FINAL) == SERVER_FINAL


def test_verifier_format():
    v = scram.make_scram_verifier("pencil", salt=SALT)
    prefix, rest = v.split("$", 1)
    assert prefix == "SCRAM-SHA-256"
    iter_salt, keys = rest.split("$")
    assert iter_salt == "4096:W22ZaJ0SNY7soEsUEjb6gQ=="
    stored, server = (base64.b64decode(k) for k in keys.split(":"))
    salted = hashlib.pbkdf2_hmac("sha256", b"pencil", SALT, 4096)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    assert stored == hashlib.sha256(client_key).digest()
    assert server == hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    parsed = scram.parse_scram_verifier(v)
    assert parsed.iterations == 4096 and parsed.salt == SALT
    assert scram.verify_password(parsed, "pencil")
    assert not scram.verify_password(parsed, "pencil2")
    # A fresh verifier has a random 16-byte salt.
    fresh = scram.parse_scram_verifier(scram.make_scram_verifier("x"))
    assert len(fresh.salt) == 16
    assert scram.parse_scram_verifier("md5abc") is None
    assert scram.parse_scram_verifier("SCRAM-SHA-256$x:y$z:w") is None


def test_saslprep_nfkc():
    # U+2168 ROMAN NUMERAL NINE normalises to "IX"; a non-ASCII space maps to a space.
    assert scram.saslprep("\u2168") == "IX"
    assert scram.saslprep("a\u00a0b") == "a b"
    assert scram.verify_password(
        scram.parse_scram_verifier(scram.make_scram_verifier("IX")), "\u2168")


def test_wrong_proof_is_28p01():
    ex = _exchange_with_rfc_nonce(scram.make_scram_verifier("not pencil", salt=SALT))
    with pytest.raises(PgError) as info:
        ex.final(CLIENT_FINAL)
    assert info.value.sqlstate == "28P01"


def test_mock_exchange_always_fails():
    ex = scram.ScramExchange(None, "ghost")
    first = ex.first(CLIENT_FIRST)
    assert b",i=4096" in first
    # The mock salt is stable per user, so repeated probes look like a real role.
    assert scram.mock_verifier("ghost").salt == scram.mock_verifier("ghost").salt
    ex.server_nonce = SERVER_NONCE
    ex.server_first = SERVER_FIRST.decode()
    with pytest.raises(PgError) as info:
        ex.final(CLIENT_FINAL)
    assert info.value.sqlstate == "28P01"


def test_y_flag_accepted():
    ex = scram.ScramExchange(scram.make_scram_verifier("pencil"))
    ex.first(b"y,,n=,r=abc")
    assert ex.gs2_header == "y,,"


@pytest.mark.parametrize("client_first, sqlstate, message", [
    (b"p=tls-server-end-point,,n=,r=abc", "08P01", "malformed SCRAM message"),
    (b"n,a=bob,n=,r=abc", "0A000",
     "client uses authorization identity, but it is not supported"),
    (b"n,,m=ext,n=,r=abc", "0A000", "client requires an unsupported SCRAM extension"),
    (b"n,,r=abc", "08P01", "malformed SCRAM message"),
    (b"x,,n=,r=abc", "08P01", "malformed SCRAM message"),
    (b"n,,n=,r=", "08P01", "malformed SCRAM message"),
])
def test_bad_client_first(client_first, sqlstate, message):
    ex = scram.ScramExchange(scram.make_scram_verifier("pencil"))
    with pytest.raises(PgError) as info:
        ex.first(client_first)
    assert (info.value.sqlstate, info.value.message) == (sqlstate, message)


def test_bad_client_final():
    verifier = scram.make_scram_verifier("pencil", salt=SALT)
    ex = _exchange_with_rfc_nonce(verifier)
    with pytest.raises(PgError) as info:
        ex.final(CLIENT_FINAL.replace(b"k0,p=", b"k1,p="))
    assert info.value.detail == "Nonce does not match."
    ex = _exchange_with_rfc_nonce(verifier)
    with pytest.raises(PgError) as info:
        ex.final(CLIENT_FINAL.replace(b"c=biws", b"c=eSws"))    # "y,," but we got "n,,"
    assert info.value.message == \
        "unexpected SCRAM channel-binding attribute in client-final-message"
    ex = _exchange_with_rfc_nonce(verifier)
    with pytest.raises(PgError) as info:
        ex.final(CLIENT_FINAL.split(b",p=")[0])
    assert info.value.sqlstate == "08P01"


def test_verifier_made_by_postgresql_15():
    # Made by real PostgreSQL 15: CREATE ROLE zz PASSWORD 'päss wörd' (non-ASCII, so
    # SASLprep is involved); our parser and checker must accept it.
    made_by_pg = ("SCRAM-SHA-256$4096:GiI8ECMARUZ2PjQITQyeyQ==$YMe1kHPNcQouljulIBm7lQhHZ"
                  "pNZ28rUnxGo0a161/U=:mbqlW7gEvRj6FeHlP+B8LjVURY3qjTRVCRgse6iJn28=")
    parsed = scram.parse_scram_verifier(made_by_pg)
    assert scram.verify_password(parsed, "päss wörd")
    assert not scram.verify_password(parsed, "pass word")
    assert scram.make_scram_verifier("päss wörd", salt=parsed.salt) == made_by_pg
