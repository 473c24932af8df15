"""pgcrypto's public-key OpenPGP functions: pgp_pub_encrypt / pgp_pub_decrypt (and their
_bytea forms) with RSA and ElGamal keys, and pgp_key_id of a key.

A key argument is a transferable key as GnuPG exports it (binary; dearmor() an armored
one): a main key packet (tag 6 public, tag 5 secret), user ids, signatures and subkey
packets (tag 14 / 7). As pgcrypto does, the main key is never used: the one subkey that
can encrypt (RSA, ElGamal) is; a secret subkey's material may be protected by a
password (S2K usage 254 / 255: CFB with the S2K key, then a SHA-1 or 16-bit checksum).
A key's id is the last 8 bytes of the SHA-1 of 0x99, its public part's length and that
public part (RFC 4880 12.2).

Encryption writes a Public-Key Encrypted Session Key packet (tag 1: version 3, the key
id, the algorithm, the session key's cipher, bytes and 16-bit checksum padded as
EME-PKCS1-v1_5 and raised to the key's power: RSA m^e mod n, ElGamal (g^k, m y^k) mod p)
followed by the same encrypted data packets as pgp_sym_encrypt (pgcrypto_pgp.py).
Big-number arithmetic is Python's pow().

PostgreSQL: contrib/pgcrypto/pgp-pubkey.c, pgp-pubenc.c, pgp-pubdec.c, pgp-mpi.c,
pgp-info.c; RFC 4880 5.1, 5.5, 12.2, 13.1.
"""
from __future__ import annotations

import hashlib
import secrets

from pgsnake.contrib import pgcrypto_pgp as pgp

_RSA_ALGOS, _ELGAMAL_ALGOS = (1, 2, 3), (16, 20)
_ENCRYPTING = (1, 2, 16)
_PUBLIC_KEY, _SECRET_KEY, _PUBLIC_SUBKEY, _SECRET_SUBKEY = 6, 5, 14, 7
_SKIPPED = (2, 10, 12, 13, 17, 61)      # signature, marker, trust, user id / attribute


class Key:
    def __init__(self, algo: int, key_id: bytes, public: list[int]):
        self.algo, self.key_id, self.public = algo, key_id, public
        self.secret: list[int] | None = None


def _mpi(data: bytes, pos: int) -> tuple[int, int]:
    if pos + 2 > len(data):
        raise pgp._corrupt()
    size = (int.from_bytes(data[pos:pos + 2], "big") + 7) // 8
    end = pos + 2 + size
    if end > len(data):
        raise pgp._corrupt()
    return int.from_bytes(data[pos + 2:end], "big"), end


def _mpi_bytes(value: int) -> bytes:
    return value.bit_length().to_bytes(2, "big") + value.to_bytes(
        (value.bit_length() + 7) // 8, "big")


def _public_part(body: bytes) -> tuple[Key, int]:
    if len(body) < 6 or body[0] != 4:
        raise pgp._corrupt()
    algo, pos = body[5], 6
    count = 2 if algo in _RSA_ALGOS else 3 if algo in _ELGAMAL_ALGOS else 4 if algo == 17 \
        else None
    if count is None:
        raise pgp._error("Unsupported public key algorithm")
    public = []
    for _ in range(count):
        value, pos = _mpi(body, pos)
        public.append(value)
    digest = hashlib.sha1(b"\x99" + pos.to_bytes(2, "big") + body[:pos]).digest()
    return Key(algo, digest[-8:], public), pos


def _secret_part(key: Key, body: bytes, pos: int, password: bytes | None) -> None:
    if pos >= len(body):
        raise pgp._corrupt()
    usage, pos = body[pos], pos + 1
    if usage in (254, 255):
        if password is None:
            raise pgp._error("Need password for secret key")
        cipher, mode, digest = body[pos], body[pos + 1], body[pos + 2]
        pos += 3
        salt, count_byte = b"", 0
        if mode in (1, 3):
            salt, pos = body[pos:pos + 8], pos + 8
        if mode == 3:
            count_byte, pos = body[pos], pos + 1
        if cipher not in pgp._CIPHERS:
            raise pgp._error("Unsupported cipher algorithm")
        block = pgp._block_size(cipher)
        iv, pos = body[pos:pos + block], pos + block
        s2k_key = pgp._s2k_key(mode, digest, salt, count_byte, password,
                                pgp._CIPHERS[cipher][1])
        material = pgp._cfb(cipher, s2k_key, iv, body[pos:], False)
        if usage == 254:
            if len(material) < 20 or hashlib.sha1(material[:-20]).digest() != material[-20:]:
                raise pgp._corrupt()
            material = material[:-20]
        else:
            material = _checked_sum(material)
    elif usage == 0:
        material = _checked_sum(body[pos:])
    else:
        raise pgp._error("Bad S2K mode")
    count = 4 if key.algo in _RSA_ALGOS else 1
    secret, at = [], 0
    for _ in range(count):
        value, at = _mpi(material, at)
        secret.append(value)
    key.secret = secret


def _checked_sum(material: bytes) -> bytes:
    if len(material) < 2 or sum(material[:-2]) & 0xFFFF != int.from_bytes(material[-2:], "big"):
        raise pgp._corrupt()
    return material[:-2]


def read_key(data: bytes, password: bytes | None, want_secret: bool) -> Key:
    """The encryption subkey of a transferable key, as pgp_set_pubkey reads it; a key
    cut short anywhere is "Wrong key or corrupt data"."""
    try:
        return _read_key(data, password, want_secret)
    except IndexError:
        raise pgp._corrupt() from None


def _read_key(data: bytes, password: bytes | None, want_secret: bool) -> Key:
    main_seen, chosen = False, None
    for tag, body in pgp._packets(bytes(data)):
        if tag in (_PUBLIC_KEY, _SECRET_KEY):
            if main_seen:
                raise pgp._error("Several keys given - pgcrypto does not handle keyring")
            main_seen = True
            continue
        if tag in _SKIPPED:
            continue
        if tag == _PUBLIC_SUBKEY and want_secret:
            raise pgp._error("Cannot decrypt with public key")
        if tag == _SECRET_SUBKEY and not want_secret:
            raise pgp._error("Refusing to encrypt with secret key")
        if tag not in (_PUBLIC_SUBKEY, _SECRET_SUBKEY):
            raise pgp._corrupt()
        key, pos = _public_part(body)
        if key.algo not in _ENCRYPTING:
            continue
        if want_secret:
            _secret_part(key, body, pos, password)
        if chosen is not None:
            raise pgp._error("Several subkeys not supported")
        chosen = key
    if chosen is None:
        raise pgp._error("No encryption key found")
    return chosen


def _modulus(key: Key) -> int:
    return key.public[0]


def _pad(message: bytes, size: int) -> int:
    """EME-PKCS1-v1_5: 00 02, non-zero random bytes, 00, the message."""
    filler = bytearray()
    while len(filler) < size - 3 - len(message):
        byte = secrets.randbelow(255) + 1
        filler.append(byte)
    return int.from_bytes(b"\x00\x02" + bytes(filler) + b"\x00" + message, "big")


def _unpad(value: int, size: int) -> bytes:
    data = value.to_bytes(size, "big")
    if data[:2] != b"\x00\x02" or b"\x00" not in data[2:]:
        raise pgp._corrupt()
    return data[data.index(b"\x00", 2) + 1:]


def encrypted_session_key(key: Key, cipher: int, session_key: bytes) -> bytes:
    """The tag 1 packet's body."""
    message = bytes([cipher]) + session_key + (sum(session_key) & 0xFFFF).to_bytes(2, "big")
    size = (_modulus(key).bit_length() + 7) // 8
    padded = _pad(message, size)
    if key.algo in _RSA_ALGOS:
        n, e = key.public
        values = [pow(padded, e, n)]
    else:
        p, g, y = key.public
        k = secrets.randbelow(p - 3) + 1
        values = [pow(g, k, p), padded * pow(y, k, p) % p]
    return b"\x03" + key.key_id + bytes([key.algo]) + b"".join(map(_mpi_bytes, values))


def session_key(key: Key, body: bytes) -> tuple[int, bytes]:
    """(cipher, session key) from a tag 1 packet's body with the secret key."""
    try:
        return _session_key(key, body)
    except (IndexError, ValueError, OverflowError):
        raise pgp._corrupt() from None


def _session_key(key: Key, body: bytes) -> tuple[int, bytes]:
    if len(body) < 10 or body[0] != 3:
        raise pgp._corrupt()
    if body[1:9] != key.key_id and body[1:9] != b"\0" * 8:
        raise pgp._error("Wrong key")
    pos, values = 10, []
    for _ in range(1 if key.algo in _RSA_ALGOS else 2):
        value, pos = _mpi(body, pos)
        values.append(value)
    size = (_modulus(key).bit_length() + 7) // 8
    if key.algo in _RSA_ALGOS:
        n, d = key.public[0], key.secret[0]
        padded = pow(values[0], d, n)
    else:
        p, x = key.public[0], key.secret[0]
        padded = values[1] * pow(values[0], p - 1 - x, p) % p
    message = _unpad(padded, size)
    if len(message) < 3 or message[0] not in pgp._CIPHERS:
        raise pgp._corrupt()
    cipher, material = message[0], message[1:-2]
    if len(material) != pgp._CIPHERS[cipher][1] or \
            sum(material) & 0xFFFF != int.from_bytes(message[-2:], "big"):
        raise pgp._corrupt()
    return cipher, material


def encrypt(data: bytes, key_data: bytes, option_text: str | None, text: bool) -> bytes:
    options = pgp.Options(option_text)
    key = read_key(key_data, None, want_secret=False)
    session = secrets.token_bytes(pgp._CIPHERS[options.cipher][1])
    head = pgp._packet(1, encrypted_session_key(key, options.cipher, session))
    return head + pgp.encrypted_data(data, options, text, session)


def decrypt(message: bytes, key_data: bytes, password, option_text, text: bool):
    key = read_key(key_data, None if password is None else pgcrypto_bytes(password),
                   want_secret=True)
    return pgp.decrypt(message, b"", option_text, text,
                       public_key=lambda body: session_key(key, body))


def pgcrypto_bytes(value) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def key_id_of_key(data: bytes) -> str:
    return read_key(data, None, want_secret=False).key_id.hex().upper()


def key_id_of_any_key(data: bytes) -> str:
    """pgp_key_id of a public or secret key: its encryption subkey's id."""
    for tag, _body in pgp._packets(bytes(data)):
        if tag in (_SECRET_KEY, _SECRET_SUBKEY):
            return _key_id_secret(data)
    return key_id_of_key(data)


def _key_id_secret(data: bytes) -> str:
    chosen = None
    for tag, body in pgp._packets(bytes(data)):
        if tag == _SECRET_SUBKEY:
            key, _pos = _public_part(body)
            if key.algo in _ENCRYPTING:
                if chosen is not None:
                    raise pgp._error("Several subkeys not supported")
                chosen = key
    if chosen is None:
        raise pgp._error("No encryption key found")
    return chosen.key_id.hex().upper()
