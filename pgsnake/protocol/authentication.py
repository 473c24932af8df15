"""Client authentication on a Connection: run the exchange the pg_hba.conf method asks
for, then send AuthenticationOk.

Entry points:
    authenticate(conn, method, user, rolpassword, *, address=None, database=None,
                 replication=False, peer_user=None)
        returns normally after AuthenticationOk is queued (not flushed); raises
        FatalError 28P01 (bad password) / 28000 (reject) / 08P01 (broken exchange),
        EOFError if the client hangs up (psql does that to prompt for a password).
    no_hba_entry_error(address, user, database, replication=False) -> FatalError
    hba_reject_error(address, user, database, replication=False) -> FatalError
    make_md5_verifier(password, user) -> 'md5' + md5(password + user)

Rules:
 1. The stored verifier decides the exchange: a SCRAM verifier under method md5 runs
    SCRAM, as PostgreSQL does; a role without a password still gets a complete (mock)
    exchange of the default password_encryption kind, and then fails, so a client cannot
    probe for role names.
 2. Every failure of a password method is reported the same way:
    28P01 'password authentication failed for user "NAME"'.
 3. Errors raised during authentication are FATAL (the session never started).
 4. Password and SASL packets are read with the small AUTH_TOKEN_LIMIT cap.

PostgreSQL: libpq/auth.c (ClientAuthentication, auth_failed, CheckPasswordAuth,
CheckPWChallengeAuth, CheckMD5Auth, CheckSASLAuth, recv_password_packet),
libpq/crypt.c (get_password_type, md5_crypt_verify, plain_crypt_verify).
"""
from __future__ import annotations

import hashlib
import hmac
import os

from pgsnake.protocol import messages as m
from pgsnake.protocol import scram
from pgsnake.protocol.message_types import AUTH_TOKEN_LIMIT
from pgsnake.utils.errors import (
    FatalError, PgError, FEATURE_NOT_SUPPORTED, INVALID_AUTHORIZATION_SPECIFICATION,
    INVALID_PASSWORD, PROTOCOL_VIOLATION,
)


def make_md5_verifier(password: str, user: str) -> str:
    return "md5" + hashlib.md5((password + user).encode("utf-8")).hexdigest()


def _host_text(address: str | None) -> str:
    return address if address else "[local]"


def no_hba_entry_error(address: str | None, user: str, database: str,
                       replication: bool = False) -> FatalError:
    """No pg_hba.conf line matched. address None means the Unix socket."""
    host = _host_text(address)
    if replication:
        what = f'replication connection from host "{host}", user "{user}", no encryption'
    else:
        what = f'host "{host}", user "{user}", database "{database}", no encryption'
    return FatalError(INVALID_AUTHORIZATION_SPECIFICATION,
                      f"no pg_hba.conf entry for {what}")


def hba_reject_error(address: str | None, user: str, database: str,
                     replication: bool = False) -> FatalError:
    """The matching pg_hba.conf line says 'reject'."""
    host = _host_text(address)
    if replication:
        what = f'replication connection for host "{host}", user "{user}", no encryption'
    else:
        what = f'connection for host "{host}", user "{user}", database "{database}", ' \
               f'no encryption'
    return FatalError(INVALID_AUTHORIZATION_SPECIFICATION, f"pg_hba.conf rejects {what}")


def _password_failed(user: str) -> FatalError:
    return FatalError(INVALID_PASSWORD, f'password authentication failed for user "{user}"')


def _as_fatal(error: PgError) -> FatalError:
    """Rule 3: an ERROR during authentication ends the connection."""
    fatal = FatalError(error.sqlstate, error.message, detail=error.detail, hint=error.hint)
    return fatal


def _default_password_type() -> str:
    try:
        from pgsnake.utils.settings import get as get_setting
        return str(get_setting("password_encryption"))
    except Exception:          # settings not loaded (tests, tools): PostgreSQL's default
        return "scram-sha-256"


def _read_password_packet(conn, expecting: str) -> bytes:
    """The body of the next 'p' message (rule 4)."""
    conn.flush()
    type_byte, body = conn.read_message(max_length=AUTH_TOKEN_LIMIT)
    if type_byte != b"p":
        raise FatalError(PROTOCOL_VIOLATION,
                         f"expected {expecting} response, got message type {type_byte[0]}")
    return body


def _read_cleartext(conn, user: str) -> str:
    body = _read_password_packet(conn, "password")
    if body.find(b"\x00") != len(body) - 1:
        raise FatalError(PROTOCOL_VIOLATION, "invalid password packet size")
    password = body[:-1].decode("utf-8", "replace")
    if not password:
        # PostgreSQL logs "empty password returned by client" and fails the attempt.
        raise _password_failed(user)
    return password


def _check_cleartext(password: str, user: str, rolpassword: str | None) -> bool:
    if rolpassword is None:
        return False
    verifier = scram.parse_scram_verifier(rolpassword)
    if verifier is not None:
        return scram.verify_password(verifier, password)
    if rolpassword.startswith("md5") and len(rolpassword) == 35:
        return hmac.compare_digest(make_md5_verifier(password, user), rolpassword)
    return hmac.compare_digest(password, rolpassword)   # a plaintext rolpassword


def _run_scram(conn, user: str, rolpassword: str | None) -> None:
    exchange = scram.ScramExchange(rolpassword, user)
    conn.send(m.authentication_sasl([scram.MECHANISM]))
    body = _read_password_packet(conn, "SASL")
    mechanism, response = m.parse_sasl_initial_response(body)
    if mechanism != scram.MECHANISM:
        raise FatalError(PROTOCOL_VIOLATION,
                         "client selected an invalid SASL authentication mechanism")
    if response is None:
        # The mechanism allows an empty initial response; then the data follows in a
        # SASLResponse after an empty SASLContinue.
        conn.send(m.authentication_sasl_continue(b""))
        response = _read_password_packet(conn, "SASL")
    conn.send(m.authentication_sasl_continue(exchange.first(response)))
    client_final = _read_password_packet(conn, "SASL")
    try:
        server_final = exchange.final(client_final)
    except PgError as e:
        if e.sqlstate == INVALID_PASSWORD:
            raise _password_failed(user) from None
        raise
    conn.send(m.authentication_sasl_final(server_final))


def _run_md5(conn, user: str, rolpassword: str) -> None:
    salt = os.urandom(4)
    conn.send(m.authentication_md5(salt))
    body = _read_password_packet(conn, "password")
    if body.find(b"\x00") != len(body) - 1:
        raise FatalError(PROTOCOL_VIOLATION, "invalid password packet size")
    response = body[:-1].decode("ascii", "replace")
    if rolpassword.startswith("md5") and len(rolpassword) == 35:
        stored_hex = rolpassword[3:]
    else:
        stored_hex = make_md5_verifier(rolpassword, user)[3:]   # plaintext rolpassword
    expected = "md5" + hashlib.md5(stored_hex.encode("ascii") + salt).hexdigest()
    if not hmac.compare_digest(expected, response):
        raise _password_failed(user)


def authenticate(conn, method: str, user: str, rolpassword: str | None, *,
                 address: str | None = None, database: str | None = None,
                 replication: bool = False, peer_user: str | None = None) -> None:
    """Authenticate `user` by `method` (from pg_hba.conf) against `rolpassword`
    (pg_authid.rolpassword: a SCRAM or md5 verifier, or None)."""
    try:
        if method == "trust":
            pass
        elif method == "reject":
            raise hba_reject_error(address, user, database or user, replication)
        elif method == "password":
            conn.send(m.authentication_cleartext())
            password = _read_cleartext(conn, user)
            if not _check_cleartext(password, user, rolpassword):
                raise _password_failed(user)
        elif method in ("md5", "scram-sha-256"):
            # Rule 1: the verifier's kind decides; with none, a mock exchange.
            if rolpassword is None:
                use_md5 = method == "md5" and _default_password_type() == "md5"
            else:
                use_md5 = method == "md5" and scram.parse_scram_verifier(rolpassword) is None
            if use_md5 and rolpassword is not None:
                _run_md5(conn, user, rolpassword)
            elif use_md5:
                conn.send(m.authentication_md5(os.urandom(4)))
                _read_password_packet(conn, "password")
                raise _password_failed(user)
            else:
                if method == "scram-sha-256" and rolpassword is not None \
                        and scram.parse_scram_verifier(rolpassword) is None:
                    # An md5 verifier cannot answer SCRAM: PostgreSQL runs a doomed
                    # exchange (with a log line saying why).
                    rolpassword = None
                _run_scram(conn, user, rolpassword)
        elif method == "peer":
            if peer_user is None:
                raise FatalError(INVALID_AUTHORIZATION_SPECIFICATION,
                                 f'Peer authentication failed for user "{user}"')
            if peer_user != user:
                raise FatalError(INVALID_AUTHORIZATION_SPECIFICATION,
                                 f'Peer authentication failed for user "{user}"')
        else:
            raise FatalError(FEATURE_NOT_SUPPORTED,
                             f'authentication method "{method}" is not supported')
    except FatalError:
        raise
    except PgError as e:
        raise _as_fatal(e) from None
    conn.send(m.authentication_ok())
