"""pgcrypto: hashes, password hashing, random bytes and ciphers, as PostgreSQL 15's
extension (version 1.3).

    digest(data, type), hmac(data, key, type)      hashlib / hmac by OpenSSL's names
    gen_random_bytes(n), gen_random_uuid()          secrets / uuid4
    crypt(password, salt), gen_salt(type [, rounds])   bf ($2a$), md5 ($1$), xdes (_), des
    encrypt / decrypt / encrypt_iv / decrypt_iv     raw block ciphers (aes, 3des)
    pgp_sym_*, pgp_key_id, armor / dearmor, pgp_armor_headers   (pgcrypto_pgp.py)
    pgp_pub_*                                       (pgcrypto_pubkey.py)

crypt runs the C library's crypt(3) (libxcrypt, through Python's crypt module), which
implements the same four algorithms as pgcrypto's own code, byte for byte; gen_salt
makes salts in the formats pgcrypto makes them (rounds checked against its ranges).
The ciphers come from the `cryptography` package, imported only when a cipher is used:
without it encrypt / decrypt / pgp_* refuse with 0A000. bf, des and cast5 are refused
as PostgreSQL 15 built against OpenSSL 3 without its legacy provider refuses them
("Cipher cannot be initialized").

PostgreSQL: contrib/pgcrypto/pgcrypto.c, px.c (px_find_combo, combo_init), px-crypt.c
(px_gen_salt, the salt generators), openssl.c, pgcrypto--1.3.sql.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from pgsnake.contrib import extensions
from pgsnake.datatypes import functions
from pgsnake.utils.errors import PgError

EXTENSION = "pgcrypto"
_BYTEA, _TEXT, _INT4, _UUID = 17, 25, 23, 2950
INVALID_PARAMETER_VALUE = "22023"
EXTERNAL_ROUTINE_INVOCATION = "39000"     # ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION


def _register(name, arg_types, result_type, fn, *, volatility="i", **kwargs) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       volatility=volatility, extension=EXTENSION, **kwargs)


def as_bytes(value) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


# ---- digest / hmac ------------------------------------------------------------------------------

# OpenSSL's digest names (EVP_get_digestbyname, case-insensitive) -> hashlib's.
_DIGESTS = {"md5": "md5", "sha1": "sha1", "sha-1": "sha1", "sha224": "sha224",
            "sha-224": "sha224", "sha256": "sha256", "sha-256": "sha256",
            "sha384": "sha384", "sha-384": "sha384", "sha512": "sha512", "sha-512": "sha512",
            "sha512-224": "sha512_224", "sha512-256": "sha512_256",
            "sha3-224": "sha3_224", "sha3-256": "sha3_256", "sha3-384": "sha3_384",
            "sha3-512": "sha3_512", "blake2b512": "blake2b", "blake2s256": "blake2s",
            "ripemd160": "ripemd160", "rmd160": "ripemd160", "sm3": "sm3"}


def _digest_name(name: str) -> str:
    hashlib_name = _DIGESTS.get(name.lower())
    if hashlib_name is None or hashlib_name not in hashlib.algorithms_available:
        raise PgError(INVALID_PARAMETER_VALUE, f'Cannot use "{name}": No such hash algorithm')
    return hashlib_name


def digest(data, algorithm: str) -> bytes:
    return hashlib.new(_digest_name(algorithm), as_bytes(data)).digest()


def hmac_digest(data, key, algorithm: str) -> bytes:
    return hmac.new(as_bytes(key), as_bytes(data), _digest_name(algorithm)).digest()


def gen_random_bytes(length: int) -> bytes:
    if length <= 0 or length > 1024:
        raise PgError(EXTERNAL_ROUTINE_INVOCATION, "Length not in range")
    return secrets.token_bytes(length)


for _arg in (_TEXT, _BYTEA):
    _register("digest", (_arg, _TEXT), _BYTEA, digest)
    _register("hmac", (_arg, _arg, _TEXT), _BYTEA, hmac_digest)
_register("gen_random_bytes", (_INT4,), _BYTEA, gen_random_bytes, volatility="v")
_register("gen_random_uuid", (), _UUID, uuid.uuid4, volatility="v", strict=False)


# ---- crypt / gen_salt ---------------------------------------------------------------------------

_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BF_ITOA64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _bf_encode(data: bytes) -> str:
    """bcrypt's base64 (its own alphabet, no padding): 16 bytes -> 22 characters."""
    out, i = [], 0
    while i < len(data):
        c1 = data[i]
        out.append(_BF_ITOA64[c1 >> 2])
        c1 = (c1 & 0x03) << 4
        if i + 1 >= len(data):
            out.append(_BF_ITOA64[c1])
            break
        c2 = data[i + 1]
        out.append(_BF_ITOA64[c1 | c2 >> 4])
        c1 = (c2 & 0x0f) << 2
        if i + 2 >= len(data):
            out.append(_BF_ITOA64[c1])
            break
        c2 = data[i + 2]
        out.append(_BF_ITOA64[c1 | c2 >> 6])
        out.append(_BF_ITOA64[c2 & 0x3f])
        i += 3
    return "".join(out)


def _itoa64(value: int, count: int) -> str:
    """`count` characters of ./0-9A-Za-z, six bits each, low bits first."""
    return "".join(_ITOA64[(value >> (6 * i)) & 0x3f] for i in range(count))


def _salt_des(_rounds: int) -> str:
    return _itoa64(secrets.randbits(12), 2)


def _salt_xdes(rounds: int) -> str:
    return "_" + _itoa64(rounds, 4) + _itoa64(secrets.randbits(24), 4)


def _salt_md5(_rounds: int) -> str:
    return "$1$" + _itoa64(secrets.randbits(48), 8)


def _salt_bf(rounds: int) -> str:
    return f"$2a${rounds:02d}$" + _bf_encode(secrets.token_bytes(16))


# name -> (make, default rounds, min, max); xdes' rounds must be odd (px_gen_salt).
_SALTS = {"des": (_salt_des, 0, 0, 0), "xdes": (_salt_xdes, 725, 1, 0xFFFFFF),
          "md5": (_salt_md5, 1000, 1000, 1000), "bf": (_salt_bf, 6, 4, 31)}


def gen_salt(kind: str, rounds: int = 0) -> str:
    spec = _SALTS.get(kind.lower())
    if spec is None:
        raise PgError(INVALID_PARAMETER_VALUE, "gen_salt: Unknown salt algorithm")
    make, default, low, high = spec
    if rounds == 0:
        rounds = default
    elif rounds < low or rounds > high or (kind.lower() == "xdes" and rounds % 2 == 0):
        raise PgError(INVALID_PARAMETER_VALUE, "gen_salt: Incorrect number of rounds")
    return make(rounds)


def _crypt_function():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import crypt as crypt_module
        except ImportError:
            return None
    return crypt_module.crypt


def _salt_chars(data: bytes) -> str:
    """crypt-des.c's ascii_to_bin: a salt byte that is not ./0-9A-Za-z counts as '.'
    (value 0); crypt(3) refuses such bytes, so they are given to it as '.'."""
    return "".join(chr(b) if chr(b) in _ITOA64 else "." for b in data)


def crypt(password: str, salt: str) -> str:
    """The C library's crypt(3), chosen by the salt as px_crypt chooses: $2a$ / $2x$
    bcrypt, $1$ MD5, _ extended DES, anything else traditional DES (its salt characters
    read as crypt-des.c reads them, the original ones kept in the result). A salt the
    algorithm cannot use is 22023 "invalid salt"."""
    run = _crypt_function()
    if run is None:
        raise PgError("0A000", "crypt() is not supported by this pgsnake installation",
                      detail="Python's crypt module (the C library's crypt(3)) is missing.")
    if salt.startswith("$2$"):
        raise PgError(EXTERNAL_ROUTINE_INVOCATION, "crypt(3) returned NULL")
    kept, raw = 0, salt.encode()
    if salt.startswith(("$2a$", "$2x$", "$1$")):
        given = salt
    elif salt.startswith("_"):
        kept = 9                                # bytes of the salt the result repeats
        given = "_" + _salt_chars(raw[1:9])
    else:
        kept = 2
        given = _salt_chars(raw[:2])
    if len(raw) < kept:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid salt")
    try:
        result = run(password, given)
    except (OSError, ValueError):
        result = None
    if not result or result.startswith("*"):
        raise PgError(INVALID_PARAMETER_VALUE, "invalid salt")
    if not kept:
        return result
    try:
        return (raw[:kept] + result[kept:].encode()).decode()
    except UnicodeDecodeError:                  # the kept bytes end inside a character
        raise PgError(INVALID_PARAMETER_VALUE, "invalid salt") from None


_register("crypt", (_TEXT, _TEXT), _TEXT, crypt)
_register("gen_salt", (_TEXT,), _TEXT, gen_salt, volatility="v")
_register("gen_salt", (_TEXT, _INT4), _TEXT, gen_salt, volatility="v")


# ---- raw ciphers ---------------------------------------------------------------------------------

def cipher_library():
    """The `cryptography` package's cipher primitives, or 0A000 without it."""
    try:
        from cryptography.hazmat.primitives import ciphers
    except ImportError:
        raise PgError("0A000", "pgcrypto's ciphers are not supported by this pgsnake "
                               "installation",
                      detail="They need the Python package \"cryptography\".") from None
    return ciphers


def block_cipher(name: str, key: bytes):
    """(algorithm object, block size) for pgcrypto's cipher `name` ("aes", "3des") and a
    key cut or zero-padded to the cipher's key size, as px.c's combo_init does. None for
    a cipher PostgreSQL 15 on OpenSSL 3 cannot initialise (bf, des, cast5)."""
    ciphers = cipher_library()
    if name == "aes":
        size = 16 if len(key) <= 16 else 24 if len(key) <= 24 else 32
        return ciphers.algorithms.AES(key[:size].ljust(size, b"\0")), 16
    if name == "3des":
        try:
            from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
        except ImportError:
            TripleDES = ciphers.algorithms.TripleDES
        return TripleDES(key[:24].ljust(24, b"\0")), 8
    return None


_RAW_CIPHERS = ("aes", "bf", "des", "3des", "cast5")


def _parse_type(kind: str):
    """px_find_combo: "cipher[-mode][/pad:padding]" -> (cipher, mode, padded)."""
    cipher_mode, _, padding = kind.partition("/")
    cipher, _, mode = cipher_mode.partition("-")
    padded = {"": True, "pad:pkcs": True, "pad:none": False}.get(padding)
    if (cipher not in _RAW_CIPHERS or mode not in ("", "cbc", "ecb") or padded is None
            or (padding == "" and "/" in kind)):
        raise PgError(INVALID_PARAMETER_VALUE, f'Cannot use "{kind}": No such cipher algorithm')
    return cipher, mode or "cbc", padded


def _raw(data, key, iv, kind: str, encrypting: bool) -> bytes:
    cipher_name, mode_name, padded = _parse_type(kind)
    verb = "encrypt" if encrypting else "decrypt"
    made = block_cipher(cipher_name, bytes(key))
    if made is None:
        raise PgError(EXTERNAL_ROUTINE_INVOCATION, f"{verb} error: Cipher cannot be initialized")
    algorithm, block = made
    ciphers = cipher_library()
    from cryptography.hazmat.primitives.ciphers import modes
    iv = bytes(iv or b"")[:block].ljust(block, b"\0")
    mode = modes.ECB() if mode_name == "ecb" else modes.CBC(iv)
    data = bytes(data)
    failed = PgError(EXTERNAL_ROUTINE_INVOCATION,
                     f"{verb} error: {'Encryption' if encrypting else 'Decryption'} failed")
    if encrypting:
        if padded:
            pad = block - len(data) % block
            data += bytes([pad]) * pad
        elif len(data) % block:
            raise failed
        encryptor = ciphers.Cipher(algorithm, mode).encryptor()
        return encryptor.update(data) + encryptor.finalize()
    if len(data) % block:
        raise failed
    decryptor = ciphers.Cipher(algorithm, mode).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    if padded and plain:
        pad = plain[-1]
        if pad == 0 or pad > block or plain[-pad:] != bytes([pad]) * pad:
            raise failed
        plain = plain[:-pad]
    return plain


_register("encrypt", (_BYTEA, _BYTEA, _TEXT), _BYTEA,
          lambda data, key, kind: _raw(data, key, None, kind, True))
_register("decrypt", (_BYTEA, _BYTEA, _TEXT), _BYTEA,
          lambda data, key, kind: _raw(data, key, None, kind, False))
_register("encrypt_iv", (_BYTEA, _BYTEA, _BYTEA, _TEXT), _BYTEA,
          lambda data, key, iv, kind: _raw(data, key, iv, kind, True))
_register("decrypt_iv", (_BYTEA, _BYTEA, _BYTEA, _TEXT), _BYTEA,
          lambda data, key, iv, kind: _raw(data, key, iv, kind, False))
