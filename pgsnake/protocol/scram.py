"""SCRAM-SHA-256 (RFC 5802 / RFC 7677), server side, as PostgreSQL does it: stored
verifiers, the two-round exchange, and proof checking.

Entry points:
    make_scram_verifier(password, salt=None, iterations=4096)
        -> 'SCRAM-SHA-256$<iterations>:<b64 salt>$<b64 StoredKey>:<b64 ServerKey>'
    parse_scram_verifier(text) -> ScramVerifier | None
    verify_password(verifier, password) -> bool     (for cleartext 'password' auth)
    ScramExchange(verifier | None)
        .first(client_first: bytes) -> server_first: bytes
        .final(client_final: bytes) -> server_final: bytes   (PgError 28P01 on bad proof)
    mock_verifier(user)   a stable fake verifier, so unknown users look like known ones

Rules:
 1. No channel binding: the gs2 header must be "n,," or "y,," ("p=" is refused, since
    the mechanism offered is SCRAM-SHA-256, not -PLUS); an authzid is refused.
 2. The user name in client-first is ignored; the startup packet's user is authoritative.
 3. The client-final nonce must equal client nonce + server nonce exactly, and its c=
    attribute must be the base64 of the gs2 header the client sent first.
 4. A ScramExchange built with verifier None (no such role / no password) runs the whole
    exchange with a mock salt and always fails at the proof, so a client cannot tell.

Keys: SaltedPassword = PBKDF2-HMAC-SHA256(SASLprep(password), salt, iterations);
ClientKey = HMAC(SaltedPassword, "Client Key"); StoredKey = SHA256(ClientKey);
ServerKey = HMAC(SaltedPassword, "Server Key"); AuthMessage = client-first-bare + "," +
server-first + "," + client-final-without-proof; the client proves itself with
ClientKey XOR HMAC(StoredKey, AuthMessage); the server answers HMAC(ServerKey, AuthMessage).

PostgreSQL: libpq/auth-scram.c (scram_init, scram_exchange, read_client_first_message,
read_client_final_message, verify_client_proof, scram_build_secret, parse_scram_secret,
scram_mock_salt), common/scram-common.c, common/saslprep.c.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import os
import unicodedata

from pgsnake.utils.errors import (
    PgError, FEATURE_NOT_SUPPORTED, INVALID_PASSWORD, PROTOCOL_VIOLATION,
)

MECHANISM = "SCRAM-SHA-256"
DEFAULT_ITERATIONS = 4096
SALT_LENGTH = 16            # SCRAM_DEFAULT_SALT_LEN
RAW_NONCE_LENGTH = 18       # SCRAM_RAW_NONCE_LEN
_MOCK_SECRET = os.urandom(32)   # per process, like PostgreSQL's mock authentication nonce


@dataclasses.dataclass(frozen=True, slots=True)
class ScramVerifier:
    iterations: int
    salt: bytes
    stored_key: bytes
    server_key: bytes


def saslprep(password: str) -> str:
    """A simplified RFC 4013 SASLprep: non-ASCII spaces to space, 'mapped to nothing'
    characters dropped, NFKC. Like PostgreSQL, a password that cannot be prepared is used
    as it is rather than refused."""
    if password.isascii():
        return password
    mapped = []
    for ch in password:
        if ch in "\u00ad\u034f\u1806\u180b\u180c\u180d\u200b\u200c\u200d\u2060\ufeff" or \
                "\ufe00" <= ch <= "\ufe0f":
            continue
        mapped.append(" " if unicodedata.category(ch) == "Zs" else ch)
    prepared = unicodedata.normalize("NFKC", "".join(mapped))
    if any(unicodedata.category(ch) in ("Cc", "Co", "Cs") for ch in prepared):
        return password
    return prepared


def _hmac(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hashlib.sha256).digest()


def _salted_password(password: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", saslprep(password).encode("utf-8"), salt, iterations)


def _keys(salted: bytes) -> tuple[bytes, bytes]:
    stored_key = hashlib.sha256(_hmac(salted, b"Client Key")).digest()
    server_key = _hmac(salted, b"Server Key")
    return stored_key, server_key


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def make_scram_verifier(password: str, salt: bytes | None = None,
                        iterations: int = DEFAULT_ITERATIONS) -> str:
    if salt is None:
        salt = os.urandom(SALT_LENGTH)
    stored_key, server_key = _keys(_salted_password(password, salt, iterations))
    return f"{MECHANISM}${iterations}:{_b64(salt)}${_b64(stored_key)}:{_b64(server_key)}"


def parse_scram_verifier(text: str | None) -> ScramVerifier | None:
    """The parts of a stored verifier, or None if `text` is not one."""
    if not text or not text.startswith(MECHANISM + "$"):
        return None
    try:
        _, iter_salt, keys = text.split("$")
        iterations_text, salt_b64 = iter_salt.split(":")
        stored_b64, server_b64 = keys.split(":")
        verifier = ScramVerifier(int(iterations_text), base64.b64decode(salt_b64, validate=True),
                                 base64.b64decode(stored_b64, validate=True),
                                 base64.b64decode(server_b64, validate=True))
    except (ValueError, binascii.Error):
        return None
    if verifier.iterations <= 0 or len(verifier.stored_key) != 32 \
            or len(verifier.server_key) != 32:
        return None
    return verifier


def verify_password(verifier: ScramVerifier, password: str) -> bool:
    """Does a cleartext password match the verifier? (AuthenticationCleartextPassword.)"""
    salted = _salted_password(password, verifier.salt, verifier.iterations)
    stored_key, server_key = _keys(salted)
    return hmac.compare_digest(stored_key, verifier.stored_key) and \
        hmac.compare_digest(server_key, verifier.server_key)


def mock_verifier(user: str) -> ScramVerifier:
    """A fake verifier whose salt is stable per user (rule 4)."""
    salt = hashlib.sha256(user.encode("utf-8") + _MOCK_SECRET).digest()[:SALT_LENGTH]
    return ScramVerifier(DEFAULT_ITERATIONS, salt, b"\x00" * 32, b"\x00" * 32)


def _malformed(detail: str) -> PgError:
    return PgError(PROTOCOL_VIOLATION, "malformed SCRAM message", detail=detail)


def _sanitize(c: str) -> str:
    return c if c.isprintable() and c.isascii() else f"0x{ord(c):02x}"


class _Attributes:
    """A cursor over 'a=value,b=value' text, as read_attr_value reads it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self, attr: str) -> str:
        if self.peek() != attr:
            found = self.peek()
            raise _malformed(f'Expected attribute "{attr}" but found "{_sanitize(found)}".'
                             if found else f'Expected attribute "{attr}" but found end of string.')
        self.pos += 1
        if self.peek() != "=":
            raise _malformed(f'Expected character "=" for attribute "{attr}".')
        self.pos += 1
        return self._to_comma()

    def any_value(self) -> tuple[str, str]:
        attr = self.peek()
        if not attr:
            raise _malformed("Attribute expected, but found end of string.")
        if not ("a" <= attr <= "z" or "A" <= attr <= "Z"):
            raise _malformed(f'Attribute expected, but found invalid character "{_sanitize(attr)}".')
        self.pos += 1
        if self.peek() != "=":
            raise _malformed(f'Expected character "=" for attribute "{attr}".')
        self.pos += 1
        return attr, self._to_comma()

    def _to_comma(self) -> str:
        end = self.text.find(",", self.pos)
        if end < 0:
            end = len(self.text)
            out = self.text[self.pos:end]
            self.pos = end
        else:
            out = self.text[self.pos:end]
            self.pos = end + 1
        return out

    def at_end(self) -> bool:
        return self.pos >= len(self.text)


def _is_printable_nonce(nonce: str) -> bool:
    return bool(nonce) and all(0x21 <= ord(c) <= 0x7E and c != "," for c in nonce)


class ScramExchange:
    """One server-side SCRAM-SHA-256 exchange. States: 'init' -> 'salt_sent' -> 'finished'."""

    def __init__(self, verifier: str | ScramVerifier | None, user: str = "") -> None:
        if isinstance(verifier, str):
            verifier = parse_scram_verifier(verifier)
        self.doomed = verifier is None                          # rule 4
        self.verifier = verifier if verifier is not None else mock_verifier(user)
        self.state = "init"
        self.gs2_header = ""
        self.client_nonce = ""
        self.server_nonce = ""
        self.client_first_bare = ""
        self.server_first = ""

    def first(self, client_first: bytes) -> bytes:
        if self.state != "init":
            raise PgError(PROTOCOL_VIOLATION, "invalid SCRAM exchange state")
        text = self._decode(client_first)
        cursor = _Attributes(text)
        # gs2-cbind-flag (rule 1)
        flag = cursor.peek()
        if flag == "p":
            raise _malformed("The client selected SCRAM-SHA-256 without channel binding, "
                             "but the SCRAM message includes channel binding data.")
        if flag not in ("n", "y"):
            raise _malformed(f'Unexpected channel-binding flag "{_sanitize(flag)}".'
                             if flag else "Unexpected end of input.")
        cursor.pos += 1
        if cursor.peek() != ",":
            raise _malformed(f'Comma expected, but found character "{_sanitize(cursor.peek())}".'
                             if cursor.peek() else "Comma expected, but found end of string.")
        cursor.pos += 1
        if cursor.peek() == "a":
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "client uses authorization identity, but it is not supported")
        if cursor.peek() != ",":
            raise _malformed(f'Unexpected attribute "{_sanitize(cursor.peek())}" in client-first-message.'
                             if cursor.peek() else "Unexpected end of input.")
        cursor.pos += 1
        self.gs2_header = text[:cursor.pos]
        self.client_first_bare = text[cursor.pos:]
        if cursor.peek() == "m":
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "client requires an unsupported SCRAM extension")
        cursor.value("n")                                       # rule 2: ignored
        nonce = cursor.value("r")
        if not _is_printable_nonce(nonce):
            raise _malformed("non-printable characters in SCRAM nonce")
        while not cursor.at_end():                              # extensions are ignored
            cursor.any_value()
        self.client_nonce = nonce
        self.server_nonce = _b64(os.urandom(RAW_NONCE_LENGTH))
        self.server_first = (f"r={self.client_nonce}{self.server_nonce},"
                             f"s={_b64(self.verifier.salt)},i={self.verifier.iterations}")
        self.state = "salt_sent"
        return self.server_first.encode("ascii")

    def final(self, client_final: bytes) -> bytes:
        if self.state != "salt_sent":
            raise PgError(PROTOCOL_VIOLATION, "invalid SCRAM exchange state")
        text = self._decode(client_final)
        cursor = _Attributes(text)
        channel_binding = cursor.value("c")
        try:
            cb = base64.b64decode(channel_binding, validate=True).decode("ascii")
        except (ValueError, binascii.Error):
            raise _malformed("Malformed channel binding data.") from None
        if cb != self.gs2_header:                               # rule 3
            raise PgError(PROTOCOL_VIOLATION,
                          "unexpected SCRAM channel-binding attribute in client-final-message")
        nonce = cursor.value("r")
        while True:
            proof_start = cursor.pos
            attr, value = cursor.any_value()
            if attr == "p":
                break
            if cursor.at_end():
                raise _malformed("Expected attribute \"p\" but found end of string.")
        if not cursor.at_end():
            raise _malformed("Garbage found at the end of client-final-message.")
        try:
            proof = base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            raise _malformed("Malformed proof in client-final-message.") from None
        if len(proof) != 32:
            raise _malformed("Malformed proof in client-final-message.")
        if nonce != self.client_nonce + self.server_nonce:      # rule 3
            raise _malformed("Nonce does not match.")
        self.state = "finished"

        without_proof = text[:proof_start - 1]                  # drop ",p=..."
        auth_message = ",".join((self.client_first_bare, self.server_first,
                                 without_proof)).encode("utf-8")
        client_signature = _hmac(self.verifier.stored_key, auth_message)
        client_key = bytes(a ^ b for a, b in zip(proof, client_signature))
        if self.doomed or not hmac.compare_digest(hashlib.sha256(client_key).digest(),
                                                  self.verifier.stored_key):
            raise PgError(INVALID_PASSWORD, "password authentication failed")
        server_signature = _hmac(self.verifier.server_key, auth_message)
        return f"v={_b64(server_signature)}".encode("ascii")

    @staticmethod
    def _decode(data: bytes) -> str:
        try:
            return bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("Unexpected non-UTF-8 data in SCRAM message.") from None
