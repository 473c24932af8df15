"""pgcrypto's OpenPGP functions: symmetric-key messages (RFC 4880) and ASCII armor.

    pgp_sym_encrypt(text, password [, options]) / pgp_sym_encrypt_bytea(bytea, ...)
    pgp_sym_decrypt(bytea, password [, options]) / pgp_sym_decrypt_bytea(bytea, ...)
    pgp_key_id(bytea)          'SYMKEY' for a symmetric message, the key id of a
                               public-key one or of a key (pgcrypto_pubkey.py)
    pgp_pub_encrypt / pgp_pub_decrypt (_bytea)   through pgcrypto_pubkey.py
    armor(bytea [, keys text[], values text[]]), dearmor(text), pgp_armor_headers(text)

A message is a Symmetric-Key Encrypted Session Key packet (tag 3: cipher, S2K
specifier, optionally the session key encrypted with the S2K key when sess-key=1) and
the data: a Symmetrically Encrypted Integrity Protected packet (tag 18: OpenPGP CFB
with a zero IV over a random block + its last two bytes repeated, the literal data
packet (tag 11, possibly inside a compressed packet, tag 8) and a Modification
Detection Code packet, SHA-1 of all that) or, with disable-mdc=1, a Symmetrically
Encrypted packet (tag 9, CFB resynchronised after the random prefix). Decryption reads
old- and new-format headers and partial body lengths (PostgreSQL writes long data in
partial packets); encryption writes definite lengths. Text messages are literal type
't' ('u' with unicode-mode=1); pgp_sym_decrypt refuses binary ones ("Not text data").
Every error is 39000 with pgcrypto's message ("Wrong key or corrupt data", ...).

Options are pgcrypto's: cipher-algo (bf, aes128, aes192, aes256, 3des, cast5),
compress-algo (0 none, 1 zip, 2 zlib), compress-level, convert-crlf, disable-mdc,
sess-key, s2k-mode (0, 1, 3), s2k-count, s2k-digest-algo, s2k-cipher-algo,
unicode-mode, debug. Ciphers are the `cryptography` package's (bf and cast5 from its
"decrepit" module).

PostgreSQL: contrib/pgcrypto/pgp-pgsql.c, pgp-encrypt.c, pgp-decrypt.c, pgp-s2k.c,
pgp-cfb.c, pgp-armor.c, pgp-info.c; RFC 4880 sections 3.7, 4.2, 5.3, 5.7, 5.9, 5.13, 6.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import zlib

from pgsnake.contrib import extensions
from pgsnake.contrib import pgcrypto
from pgsnake.datatypes import functions
from pgsnake.utils.errors import PgError

_BYTEA, _TEXT, _TEXT_ARRAY = 17, 25, 1009
_FAILED = "39000"

# RFC 4880 9.2 / 9.4 algorithm numbers: name -> (code); code -> (library name, key
# bytes, block bytes).
_CIPHER_CODES = {"bf": 4, "blowfish": 4, "aes128": 7, "aes": 7, "aes192": 8, "aes256": 9,
                 "3des": 2, "cast5": 3}
_CIPHERS = {2: ("3des", 24, 8), 3: ("cast5", 16, 8), 4: ("bf", 16, 8), 7: ("aes", 16, 16),
            8: ("aes", 24, 16), 9: ("aes", 32, 16)}
_DIGEST_CODES = {"md5": 1, "sha1": 2, "ripemd160": 3, "sha256": 8, "sha384": 9,
                 "sha512": 10, "sha224": 11}
_DIGESTS = {code: name for name, code in _DIGEST_CODES.items()}


def _error(message: str) -> PgError:
    return PgError(_FAILED, message)


def _corrupt() -> PgError:
    return _error("Wrong key or corrupt data")


# ---- options --------------------------------------------------------------------------------

class Options:
    def __init__(self, text: str | None):
        self.cipher = 7
        self.s2k_cipher = None
        self.compress_algo = 0
        self.compress_level = 6
        self.convert_crlf = False
        self.disable_mdc = False
        self.sess_key = False
        self.s2k_mode = 3
        self.s2k_count = None
        self.s2k_digest = 2
        self.unicode_mode = False
        for item in (text or "").split(","):
            if not item.strip():
                continue
            name, equals, value = item.partition("=")
            name, value = name.strip(), value.strip()
            if not equals:
                raise _error("Illegal argument to function")
            self._set(name, value)

    def _set(self, name: str, value: str) -> None:
        flag = _atoi(value) != 0
        if name in ("cipher-algo", "s2k-cipher-algo"):
            code = _CIPHER_CODES.get(value)
            if code is None:
                raise _error("Unsupported cipher algorithm")
            if name == "cipher-algo":
                self.cipher = code
            else:
                self.s2k_cipher = code
        elif name == "compress-algo":
            if _atoi(value) not in (0, 1, 2):
                raise _error("Illegal argument to function")
            self.compress_algo = _atoi(value)
        elif name == "compress-level":
            if not 0 <= _atoi(value) <= 9:
                raise _error("Illegal argument to function")
            self.compress_level = _atoi(value)
        elif name == "s2k-mode":
            if _atoi(value) not in (0, 1, 3):
                raise _error("Illegal argument to function")
            self.s2k_mode = _atoi(value)
        elif name == "s2k-count":
            if not 1024 <= _atoi(value) <= 65011712:
                raise _error("Illegal argument to function")
            self.s2k_count = _atoi(value)
        elif name == "s2k-digest-algo":
            code = _DIGEST_CODES.get(value)
            if code is None:
                raise _error("Unsupported digest algorithm")
            self.s2k_digest = code
        elif name == "convert-crlf":
            self.convert_crlf = flag
        elif name == "disable-mdc":
            self.disable_mdc = flag
        elif name == "sess-key":
            self.sess_key = flag
        elif name == "unicode-mode":
            self.unicode_mode = flag
        elif name == "debug" or name.startswith("expect-"):
            pass
        else:
            raise _error("Illegal argument to function")


def _atoi(text: str) -> int:
    """C's atoi: leading digits (with a sign), 0 when there are none."""
    digits = ""
    for i, ch in enumerate(text):
        if ch.isdigit() or (i == 0 and ch in "+-"):
            digits += ch
        else:
            break
    try:
        return int(digits)
    except ValueError:
        return 0


# ---- ciphers: OpenPGP CFB -------------------------------------------------------------------

def _algorithm(code: int, key: bytes):
    ciphers = pgcrypto.cipher_library()
    name, key_size, _block = _CIPHERS[code]
    key = key[:key_size]
    if name == "aes" or name == "3des":
        return pgcrypto.block_cipher(name, key)[0]
    try:
        from cryptography.hazmat.decrepit.ciphers import algorithms as old
    except ImportError:
        old = ciphers.algorithms
    return old.Blowfish(key) if name == "bf" else old.CAST5(key)


def _cfb(code: int, key: bytes, iv: bytes, data: bytes, encrypting: bool) -> bytes:
    ciphers = pgcrypto.cipher_library()
    try:
        from cryptography.hazmat.decrepit.ciphers.modes import CFB
    except ImportError:
        from cryptography.hazmat.primitives.ciphers.modes import CFB
    cipher = ciphers.Cipher(_algorithm(code, key), CFB(iv))
    worker = cipher.encryptor() if encrypting else cipher.decryptor()
    return worker.update(data) + worker.finalize()


def _block_size(code: int) -> int:
    return _CIPHERS[code][2]


# ---- S2K (RFC 4880 3.7) ---------------------------------------------------------------------

def _decode_count(byte: int) -> int:
    return (16 + (byte & 15)) << ((byte >> 4) + 6)


def _encode_count(count: int) -> int:
    return next(b for b in range(256) if _decode_count(b) >= count)


def _s2k_key(mode: int, digest: int, salt: bytes, count_byte: int, password: bytes,
             key_size: int) -> bytes:
    name = _DIGESTS.get(digest)
    if name is None or name not in hashlib.algorithms_available:
        raise _error("Unsupported digest algorithm")
    material = password if mode == 0 else salt + password
    total = max(_decode_count(count_byte), len(material)) if mode == 3 else len(material)
    # The repeated material, hashed in chunks of whole repetitions (GnuPG protects
    # secret keys with counts of tens of megabytes).
    chunk = material * max(1, 65536 // len(material)) if material else b""
    key, preload = b"", 0
    while len(key) < key_size:
        h = hashlib.new(name, b"\0" * preload)
        left = total if material else 0
        while left >= len(chunk) > 0:
            h.update(chunk)
            left -= len(chunk)
        h.update(chunk[:left])
        key += h.digest()
        preload += 1
    return key[:key_size]


# ---- packets --------------------------------------------------------------------------------

def _packet(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 192:
        length = bytes([n])
    elif n < 8384:
        n -= 192
        length = bytes([(n >> 8) + 192, n & 0xff])
    else:
        length = b"\xff" + n.to_bytes(4, "big")
    return bytes([0xC0 | tag]) + length + body


def _packets(data: bytes):
    """(tag, body) of each packet in `data`; partial body lengths joined."""
    pos = 0
    while pos < len(data):
        first = data[pos]
        pos += 1
        if not first & 0x80:
            raise _corrupt()
        if first & 0x40:
            tag, body = first & 0x3f, b""
            while True:
                if pos >= len(data):
                    raise _corrupt()
                octet = data[pos]
                if octet < 192:
                    size, pos = octet, pos + 1
                elif octet < 224:
                    if pos + 1 >= len(data):
                        raise _corrupt()
                    size, pos = ((octet - 192) << 8) + data[pos + 1] + 192, pos + 2
                elif octet == 255:
                    size, pos = int.from_bytes(data[pos + 1:pos + 5], "big"), pos + 5
                else:
                    size, pos = 1 << (octet & 0x1f), pos + 1
                    body += data[pos:pos + size]
                    pos += size
                    continue
                body += data[pos:pos + size]
                pos += size
                break
        else:
            tag, kind = (first >> 2) & 0x0f, first & 3
            if kind == 3:
                size = len(data) - pos
            else:
                width = (1, 2, 4)[kind]
                size = int.from_bytes(data[pos:pos + width], "big")
                pos += width
            body = data[pos:pos + size]
            pos += size
        if pos > len(data):
            raise _corrupt()
        yield tag, body


# ---- encryption -----------------------------------------------------------------------------

def _literal(data: bytes, kind: str) -> bytes:
    return _packet(11, kind.encode() + b"\0" + b"\0\0\0\0" + data)


def _compress(packet: bytes, options: Options) -> bytes:
    if options.compress_algo == 0 or options.compress_level == 0:
        return packet
    wbits = -15 if options.compress_algo == 1 else 15
    compressor = zlib.compressobj(options.compress_level, zlib.DEFLATED, wbits)
    return _packet(8, bytes([options.compress_algo]) + compressor.compress(packet)
                   + compressor.flush())


def encrypt(data: bytes, password: bytes, option_text: str | None, text: bool) -> bytes:
    options = Options(option_text)
    pgcrypto.cipher_library()
    s2k_cipher = options.s2k_cipher or options.cipher
    salt = secrets.token_bytes(8)
    count_byte = _encode_count(options.s2k_count if options.s2k_count is not None
                               else 65536 + secrets.randbelow(253952 - 65536 + 1))
    specifier = bytes([options.s2k_mode, options.s2k_digest])
    if options.s2k_mode in (1, 3):
        specifier += salt
    if options.s2k_mode == 3:
        specifier += bytes([count_byte])
    s2k_key = _s2k_key(options.s2k_mode, options.s2k_digest, salt, count_byte, password,
                       _CIPHERS[s2k_cipher][1])
    if options.sess_key:
        session_key = secrets.token_bytes(_CIPHERS[options.cipher][1])
        encrypted = _cfb(s2k_cipher, s2k_key, b"\0" * _block_size(s2k_cipher),
                         bytes([options.cipher]) + session_key, True)
        skesk = bytes([4, s2k_cipher]) + specifier + encrypted
    else:
        session_key = s2k_key
        skesk = bytes([4, options.cipher]) + specifier
    return _packet(3, skesk) + encrypted_data(data, options, text, session_key)


def encrypted_data(data: bytes, options: Options, text: bool, session_key: bytes) -> bytes:
    """The tag 18 (tag 9 with disable-mdc) packet holding the literal data packet."""
    if text and options.convert_crlf:
        data = data.replace(b"\n", b"\r\n")
    kind = ("u" if options.unicode_mode else "t") if text else "b"
    block = _block_size(options.cipher)
    prefix = secrets.token_bytes(block)
    prefix += prefix[-2:]
    plain = _compress(_literal(data, kind), options)
    zero_iv = b"\0" * block
    if options.disable_mdc:
        head = _cfb(options.cipher, session_key, zero_iv, prefix, True)
        body = head + _cfb(options.cipher, session_key, head[2:block + 2], plain, True)
        return _packet(9, body)
    plain += b"\xd3\x14"
    plain += hashlib.sha1(prefix + plain).digest()
    return _packet(18, b"\x01" + _cfb(options.cipher, session_key, zero_iv, prefix + plain,
                                       True))


# ---- decryption -----------------------------------------------------------------------------

def _session_key(skesk: bytes, password: bytes):
    if len(skesk) < 4 or skesk[0] != 4:
        raise _corrupt()
    cipher, mode, digest = skesk[1], skesk[2], skesk[3]
    if cipher not in _CIPHERS:
        raise _error("Unsupported cipher algorithm")
    if mode not in (0, 1, 3):
        raise _corrupt()
    pos = {0: 4, 1: 12, 3: 13}[mode]
    if len(skesk) < pos:
        raise _corrupt()
    salt = skesk[4:12] if mode else b""
    count_byte = skesk[12] if mode == 3 else 0
    key = _s2k_key(mode, digest, salt, count_byte, password, _CIPHERS[cipher][1])
    encrypted = skesk[pos:]
    if not encrypted:
        return cipher, key
    plain = _cfb(cipher, key, b"\0" * _block_size(cipher), encrypted, False)
    if plain[0] not in _CIPHERS or len(plain) - 1 != _CIPHERS[plain[0]][1]:
        raise _corrupt()
    return plain[0], plain[1:]


def _decrypt_data(tag: int, body: bytes, cipher: int, key: bytes) -> bytes:
    """The packets inside a tag 18 / tag 9 packet, prefix and MDC checked."""
    block = _block_size(cipher)
    zero_iv = b"\0" * block
    if tag == 18:
        if not body or body[0] != 1:
            raise _corrupt()
        plain = _cfb(cipher, key, zero_iv, body[1:], False)
    else:
        head = _cfb(cipher, key, zero_iv, body[:block + 2], False)
        plain = head + _cfb(cipher, key, body[2:block + 2], body[block + 2:], False)
    if len(plain) < block + 2 or plain[block - 2:block] != plain[block:block + 2]:
        raise _corrupt()
    if tag == 18:
        if len(plain) < block + 2 + 22 or plain[-22:-20] != b"\xd3\x14":
            raise _corrupt()
        if hashlib.sha1(plain[:-20]).digest() != plain[-20:]:
            raise _corrupt()
        return plain[block + 2:-22]
    return plain[block + 2:]


def _literal_data(packets: bytes, depth: int = 0):
    """(type, data) of the literal data packet, through compressed packets."""
    for tag, body in _packets(packets):
        if tag == 8 and depth < 2:
            if not body:
                raise _corrupt()
            try:
                if body[0] == 0:
                    inner = body[1:]
                elif body[0] in (1, 2):
                    inner = zlib.decompress(body[1:], -15 if body[0] == 1 else 15)
                else:
                    raise _error("Unsupported compression algorithm")
            except zlib.error:
                raise _corrupt() from None
            return _literal_data(inner, depth + 1)
        if tag == 11:
            if len(body) < 2 or len(body) < 6 + body[1]:
                raise _corrupt()
            return chr(body[0]), body[6 + body[1]:]
        if tag in (19,):
            break
    raise _corrupt()


def decrypt(message: bytes, password: bytes, option_text: str | None, text: bool, *,
            public_key=None):
    """A message's data; `public_key` (pgp_pub_decrypt): the session key from a tag 1
    packet's body (pgcrypto_pubkey.py), instead of the password's from tag 3."""
    options = Options(option_text)
    pgcrypto.cipher_library()
    cipher_key = None
    for tag, body in _packets(message):
        if tag == 3 and cipher_key is None:
            if public_key is not None:
                raise _corrupt()
            cipher_key = _session_key(body, password)
        elif tag == 1 and cipher_key is None:
            if public_key is None:
                raise _error("pgcrypto bug")      # PostgreSQL 15's answer
            cipher_key = public_key(body)
        elif tag in (9, 18):
            if cipher_key is None:
                raise _error("No encryption key found")
            kind, data = _literal_data(_decrypt_data(tag, body, *cipher_key))
            if text and kind == "b":
                raise _error("Not text data")
            if text and kind in "tu" and options.convert_crlf:
                data = data.replace(b"\r\n", b"\n")
            if not text:
                return data
            return _checked_text(data)
    raise _corrupt() if cipher_key is not None or message else _error("No encryption key found")


def _checked_text(data: bytes) -> str:
    """Decrypted text, checked as the database's encoding (UTF-8; no NUL) as
    pg_verify_mbstr checks it: 22021 naming the bad character's bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:
        if "\0" not in text:
            return text
        start = data.index(b"\0")
    lead = data[start]
    width = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    shown = " ".join(f"0x{b:02x}" for b in data[start:start + width])
    raise PgError("22021", f'invalid byte sequence for encoding "UTF8": {shown}')


def key_id(message: bytes) -> str:
    """pgp_key_id: 'SYMKEY' for a password-encrypted message, the public key's id
    (16 hex digits; 'ANYKEY' when hidden) for a public-key one."""
    for tag, body in _packets(bytes(message)):
        if tag == 3:
            return "SYMKEY"
        if tag == 1:
            if len(body) < 9:
                raise _corrupt()
            ident = body[1:9]
            return "ANYKEY" if ident == b"\0" * 8 else ident.hex().upper()
        if tag in (5, 6, 7, 14):
            from pgsnake.contrib import pgcrypto_pubkey
            return pgcrypto_pubkey.key_id_of_any_key(bytes(message))
        if tag in (9, 18):
            break
    if not message:
        raise _error("No encryption key found")
    raise _corrupt()


# ---- ASCII armor (RFC 4880 6) ---------------------------------------------------------------

def _crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def _header_arrays(keys, values) -> list[tuple[str, str]]:
    """armor()'s key and value arrays checked as parse_key_value_arrays checks them."""
    from pgsnake.datatypes import array_values
    for array in (keys, values):
        if any(isinstance(element, list) for element in array):
            raise PgError("2202E", "wrong number of array subscripts")
    keys, values = list(array_values.elements(keys)), list(array_values.elements(values))
    if len(keys) != len(values):
        raise PgError("2202E", "mismatched array dimensions")
    for key in keys:
        if key is None:
            raise PgError("22004", "null value not allowed for header key")
        if ": " in key:
            raise PgError("22023", 'header key must not contain ": "')
        if "\n" in key:
            raise PgError("22023", "header key must not contain newlines")
    for value in values:
        if value is None:
            raise PgError("22004", "null value not allowed for header value")
        if "\n" in value:
            raise PgError("22023", "header value must not contain newlines")
    return list(zip(keys, values))


def armor(data: bytes, keys=None, values=None) -> str:
    lines = ["-----BEGIN PGP MESSAGE-----"]
    if keys is not None and values is not None:
        lines.extend(f"{key}: {value}" for key, value in _header_arrays(keys, values))
    lines.append("")
    encoded = base64.b64encode(bytes(data)).decode()
    lines.extend(encoded[i:i + 76] for i in range(0, len(encoded), 76))
    lines.append("=" + base64.b64encode(_crc24(bytes(data)).to_bytes(3, "big")).decode())
    lines.append("-----END PGP MESSAGE-----")
    return "\n".join(lines) + "\n"


def _armor_parts(text: str, with_body: bool = True):
    """(headers [(key, value)], data) of the first armored block (its BEGIN line at the
    start of a line); headers end at an empty line; the body's whitespace and blank
    lines are ignored and its checksum line checked (with_body)."""
    corrupt = _error("Corrupt ascii-armor")
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("-----BEGIN"))
    except StopIteration:
        raise corrupt from None
    headers, pos = [], start + 1
    while pos < len(lines) and lines[pos].strip():
        key, sep, value = lines[pos].partition(": ")
        if not sep:
            raise corrupt
        headers.append((key, value))
        pos += 1
    if pos >= len(lines):
        raise corrupt
    if not with_body:
        return headers, b""
    body = []
    for line in lines[pos + 1:]:
        if line.startswith("-----END"):
            break
        if line.strip():
            body.append(line.strip())
    else:
        raise corrupt
    crc = body.pop()[1:] if body and body[-1].startswith("=") and len(body[-1]) == 5 else None
    try:
        data = base64.b64decode("".join(body), validate=True)
        if crc is not None and int.from_bytes(base64.b64decode(crc, validate=True),
                                              "big") != _crc24(data):
            raise corrupt
    except ValueError:
        raise corrupt from None
    return headers, data


def dearmor(text: str) -> bytes:
    return _armor_parts(text)[1]


def armor_headers(text: str):
    return list(_armor_parts(text, with_body=False)[0])


# ---- registration ---------------------------------------------------------------------------

def _register(name, arg_types, result_type, fn, **kwargs) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       volatility=kwargs.pop("volatility", "i"), extension=pgcrypto.EXTENSION,
                       **kwargs)


_b = pgcrypto.as_bytes
for _suffix, _data_type, _text in (("", _TEXT, True), ("_bytea", _BYTEA, False)):
    _register(f"pgp_sym_encrypt{_suffix}", (_data_type, _TEXT), _BYTEA,
              lambda data, pw, _t=_text: encrypt(_b(data), _b(pw), None, _t), volatility="v")
    _register(f"pgp_sym_encrypt{_suffix}", (_data_type, _TEXT, _TEXT), _BYTEA,
              lambda data, pw, opts, _t=_text: encrypt(_b(data), _b(pw), opts, _t),
              volatility="v")
    _register(f"pgp_sym_decrypt{_suffix}", (_BYTEA, _TEXT), _data_type,
              lambda msg, pw, _t=_text: decrypt(bytes(msg), _b(pw), None, _t))
    _register(f"pgp_sym_decrypt{_suffix}", (_BYTEA, _TEXT, _TEXT), _data_type,
              lambda msg, pw, opts, _t=_text: decrypt(bytes(msg), _b(pw), opts, _t))
_register("pgp_key_id", (_BYTEA,), _TEXT, key_id)
_register("armor", (_BYTEA,), _TEXT, armor)
_register("armor", (_BYTEA, _TEXT_ARRAY, _TEXT_ARRAY), _TEXT, armor)
_register("dearmor", (_TEXT,), _BYTEA, dearmor)
_register("pgp_armor_headers", (_TEXT,), 2249, armor_headers, returns_set=True,
          out_columns=(("key", _TEXT), ("value", _TEXT)), rows=1000.0)


def _pub_encrypt(data, key, options, text: bool) -> bytes:
    from pgsnake.contrib import pgcrypto_pubkey
    pgcrypto.cipher_library()
    return pgcrypto_pubkey.encrypt(_b(data), bytes(key), options, text)


def _pub_decrypt(message, key, password, options, text: bool):
    from pgsnake.contrib import pgcrypto_pubkey
    pgcrypto.cipher_library()
    return pgcrypto_pubkey.decrypt(bytes(message), bytes(key), password, options, text)


for _suffix, _data_type, _text in (("", _TEXT, True), ("_bytea", _BYTEA, False)):
    _register(f"pgp_pub_encrypt{_suffix}", (_data_type, _BYTEA), _BYTEA,
              lambda data, key, _t=_text: _pub_encrypt(data, key, None, _t), volatility="v")
    _register(f"pgp_pub_encrypt{_suffix}", (_data_type, _BYTEA, _TEXT), _BYTEA,
              lambda data, key, opts, _t=_text: _pub_encrypt(data, key, opts, _t),
              volatility="v")
    _register(f"pgp_pub_decrypt{_suffix}", (_BYTEA, _BYTEA), _data_type,
              lambda msg, key, _t=_text: _pub_decrypt(msg, key, None, None, _t))
    _register(f"pgp_pub_decrypt{_suffix}", (_BYTEA, _BYTEA, _TEXT), _data_type,
              lambda msg, key, pw, _t=_text: _pub_decrypt(msg, key, pw, None, _t))
    _register(f"pgp_pub_decrypt{_suffix}", (_BYTEA, _BYTEA, _TEXT, _TEXT), _data_type,
              lambda msg, key, pw, opts, _t=_text: _pub_decrypt(msg, key, pw, opts, _t))
