"""pgcrypto's outputs are interchangeable with PostgreSQL 15's: a password hashed by
crypt() with a gen_salt() salt on one server verifies on the other (bf, md5, xdes, des);
an OpenPGP message pgp_sym_encrypt makes on one decrypts on the other, for each cipher
PostgreSQL 15 on OpenSSL 3 can use, with compression, a separate session key, no MDC
(tag 9 packets), every S2K mode, binary and text data; and armor() output dearmors on
both; public-key messages (RSA and ElGamal subkeys, a password-protected secret key) made
on either decrypt on the other, with the same key ids and the same errors
(contrib/pgcrypto.py, contrib/pgcrypto_pgp.py, contrib/pgcrypto_pubkey.py)."""
from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

OPTIONS = ("", "cipher-algo=aes192", "cipher-algo=aes256, compress-algo=1",
           "cipher-algo=3des, compress-algo=2, compress-level=9", "sess-key=1",
           "sess-key=1, s2k-cipher-algo=aes256", "disable-mdc=1", "s2k-mode=0",
           "s2k-mode=1, s2k-digest-algo=md5", "s2k-count=1024", "unicode-mode=1")
TEXTS = ("hello", "", "line one\nline two\r\n", "x" * 20000, "héllo wörld")


def _connect(server):
    conn = psycopg.connect(server.dsn, autocommit=True)
    conn.execute("create extension if not exists pgcrypto")
    return conn


def _value(conn, query, args=()):
    return conn.execute(query, args).fetchone()[0]


@pytest.fixture
def pair(oracle, pgsnake_server):
    snake, real = _connect(pgsnake_server), _connect(oracle)
    yield snake, real
    for conn in (snake, real):
        conn.execute("drop extension pgcrypto")
        conn.close()


def test_crypt_hashes_verify_on_both(pair):
    snake, real = pair
    for kind, rounds in (("bf", 4), ("bf", 6), ("md5", 0), ("xdes", 25), ("des", 0)):
        for maker, checker in ((snake, real), (real, snake)):
            salt = _value(maker, "select gen_salt(%s, %s)", (kind, rounds))
            hashed = _value(maker, "select crypt('s3cret pw', %s)", (salt,))
            assert _value(checker, "select crypt('s3cret pw', %s) = %s", (hashed, hashed))
            assert not _value(checker, "select crypt('wrong', %s) = %s", (hashed, hashed))


def test_pgp_messages_decrypt_on_both(pair):
    snake, real = pair
    for options in OPTIONS:
        for text in TEXTS:
            for maker, reader in ((snake, real), (real, snake)):
                message = _value(maker, "select pgp_sym_encrypt(%s, 'pw', %s)", (text, options))
                assert _value(reader, "select pgp_sym_decrypt(%s, 'pw', %s)",
                              (message, options)) == text, options
                assert bytes(_value(reader, "select pgp_sym_decrypt_bytea(%s, 'pw')",
                                    (message,))) == text.encode(), options
            binary = _value(snake, "select pgp_sym_encrypt_bytea(%s, 'pw', %s)",
                            (text.encode(), options))
            assert bytes(_value(real, "select pgp_sym_decrypt_bytea(%s, 'pw')",
                                (binary,))) == text.encode()
            with pytest.raises(psycopg.errors.ExternalRoutineInvocationException,
                               match="Not text data"):
                real.execute("select pgp_sym_decrypt(%s, 'pw')", (binary,))


def test_armor_interchange(pair):
    snake, real = pair
    data = bytes(range(256)) * 3
    for maker, reader in ((snake, real), (real, snake)):
        armored = _value(maker, "select armor(%s, array['Comment'], array['x y'])", (data,))
        assert bytes(_value(reader, "select dearmor(%s)", (armored,))) == data
        assert reader.execute("select * from pgp_armor_headers(%s)",
                              (armored,)).fetchall() == [("Comment", "x y")]


KEYS = Path(__file__).parent / "pgcrypto_keys"      # made with GnuPG 2.2 for these tests
PUBLIC_ERRORS = (
    ("select pgp_pub_encrypt('x', dearmor(%s))", ("rsa_secret_secretpw",)),
    ("select pgp_pub_decrypt(pgp_pub_encrypt('x', dearmor(%s)), dearmor(%s))",
     ("rsa_public", "rsa_public")),
    ("select pgp_pub_decrypt(pgp_pub_encrypt('x', dearmor(%s)), dearmor(%s))",
     ("rsa_public", "rsa_secret_secretpw")),
    ("select pgp_pub_decrypt(pgp_pub_encrypt('x', dearmor(%s)), dearmor(%s), 'wrong')",
     ("rsa_public", "rsa_secret_secretpw")),
    ("select pgp_pub_encrypt('x', dearmor(%s) || dearmor(%s))", ("rsa_public", "elgamal_public")),
    ("select pgp_pub_encrypt('x', 'junk')", ()),
    ("select pgp_pub_decrypt(pgp_sym_encrypt('x', 'pw'), dearmor(%s))", ("elgamal_secret",)),
    ("select pgp_key_id(dearmor(%s))", ("rsa_public",)),
    ("select pgp_key_id(dearmor(%s))", ("rsa_secret_secretpw",)),
    ("select pgp_key_id(dearmor(%s))", ("elgamal_secret",)),
)


def _key(name: str) -> str:
    return (KEYS / f"{name}.asc").read_text()


def _outcome(conn, query, args):
    try:
        return conn.execute(query, args).fetchone()[0]
    except psycopg.Error as exc:
        return (exc.sqlstate, str(exc).splitlines()[0])


def test_public_key_messages_decrypt_on_both(pair):
    """RSA and ElGamal encryption subkeys, a password-protected secret key."""
    snake, real = pair
    cases = (("rsa_public", "rsa_secret_secretpw", "secretpw", ""),
             ("elgamal_public", "elgamal_secret", "",
              "cipher-algo=aes256, compress-algo=2, disable-mdc=1"))
    for public, secret, password, options in cases:
        public, secret = _key(public), _key(secret)
        expected_id = _value(real, "select pgp_key_id(dearmor(%s))", (public,))
        for text in ("", "y" * 5000):
            for maker, reader in ((snake, real), (real, snake)):
                message = _value(maker, "select pgp_pub_encrypt(%s, dearmor(%s), %s)",
                                 (text, public, options))
                assert _value(reader, "select pgp_key_id(%s)", (message,)) == expected_id
                assert _value(reader, "select pgp_pub_decrypt(%s, dearmor(%s), %s, %s)",
                              (message, secret, password, options)) == text


def test_public_key_errors_match(pair):
    snake, real = pair
    for query, names in PUBLIC_ERRORS:
        args = tuple(_key(name) for name in names)
        assert _outcome(snake, query, args) == _outcome(real, query, args), query
