"""String and binary-string functions that sit beside the operators: encode / decode
(hex, base64, escape), translate, to_hex, the SHA-2 digests, unistr, normalize and IS
NORMALIZED, string_to_table, convert_to / convert_from, pg_client_encoding, bit_length of
text and bytea, and text ^@ text (starts with).

Every error a user can provoke is PostgreSQL's: an unknown encoding or normalization form
is 22023, a bad hex digit or base64 symbol 22023, bad escape-format bytea 22P02, an invalid
Unicode escape 42601, bytes not valid in an encoding 22021, a character another encoding
cannot hold 22P05.

Entry point: register_sql_functions().

PostgreSQL: utils/adt/encode.c (binary_encode, binary_decode, hex / base64 / escape),
utils/adt/oracle_compat.c (translate), utils/adt/varlena.c (to_hex32, to_hex64,
text_to_table, unistr, unicode_normalize_func, unicode_is_normalized),
utils/adt/cryptohashfuncs.c (sha224 ... sha512), utils/mb/mbutils.c (pg_convert_to,
pg_convert_from, pg_client_encoding).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata

from pgsnake.datatypes import functions, operators
from pgsnake.utils import settings
from pgsnake.utils.errors import (INVALID_PARAMETER_VALUE, INVALID_TEXT_REPRESENTATION, SYNTAX_ERROR,
                                  PgError)

TEXT, BYTEA, INT4, INT8, NAME, BOOL = 25, 17, 23, 20, 19, 16
CHARACTER_NOT_IN_REPERTOIRE = "22021"
UNTRANSLATABLE_CHARACTER = "22P05"

# PostgreSQL's encoding names (and the aliases it accepts) -> Python codecs
_CODECS = {"UTF8": "utf-8", "UNICODE": "utf-8", "LATIN1": "latin-1", "LATIN2": "iso8859-2",
           "LATIN3": "iso8859-3", "LATIN4": "iso8859-4", "LATIN5": "iso8859-9",
           "LATIN6": "iso8859-10", "LATIN7": "iso8859-13", "LATIN8": "iso8859-14",
           "LATIN9": "iso8859-15", "LATIN10": "iso8859-16", "ISO_8859_5": "iso8859-5",
           "ISO_8859_6": "iso8859-6", "ISO_8859_7": "iso8859-7", "ISO_8859_8": "iso8859-8",
           "WIN1250": "cp1250", "WIN1251": "cp1251", "WIN1252": "cp1252",
           "WIN1253": "cp1253", "WIN1254": "cp1254", "WIN1255": "cp1255",
           "WIN1256": "cp1256", "WIN1257": "cp1257", "WIN1258": "cp1258", "WIN866": "cp866",
           "WIN874": "cp874", "KOI8R": "koi8-r", "KOI8U": "koi8-u", "EUC_JP": "euc-jp",
           "EUC_KR": "euc-kr", "EUC_CN": "gb2312", "SJIS": "shift-jis", "BIG5": "big5",
           "GBK": "gbk", "GB18030": "gb18030", "UHC": "cp949", "SQL_ASCII": "latin-1"}


# ---- encode / decode -------------------------------------------------------------------

def _hex_decode(text: str) -> bytes:
    digits = re.sub(r"\s", "", text)
    for char in digits:
        if char not in "0123456789abcdefABCDEF":
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid hexadecimal digit: "{char}"')
    if len(digits) % 2:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid hexadecimal data: odd number of digits")
    return bytes.fromhex(digits)


def _base64_encode(data: bytes) -> str:
    """Lines of 76 characters, as PostgreSQL (and MIME) break them."""
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def _base64_decode(text: str) -> bytes:
    compact = re.sub(r"[ \t\r\n]", "", text)
    bad = re.search(r"[^A-Za-z0-9+/=]", compact)
    if bad:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid symbol "{bad.group()}" found while '
                                               f'decoding base64 sequence')
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise PgError(INVALID_PARAMETER_VALUE, "invalid base64 end sequence",
                      hint="Input data is missing padding, is truncated, or is otherwise "
                           "corrupted.") from None


def _escape_encode(data: bytes) -> str:
    out = []
    for byte in data:
        if byte == 0x5C:
            out.append("\\\\")
        elif byte == 0 or byte >= 0x80:
            out.append(f"\\{byte:03o}")
        else:
            out.append(chr(byte))
    return "".join(out)


def _escape_decode(text: str) -> bytes:
    out = bytearray()
    raw = text.encode("utf-8")
    i = 0
    while i < len(raw):
        if raw[i] != 0x5C:
            out.append(raw[i])
            i += 1
        elif raw[i + 1:i + 2] == b"\\":
            out.append(0x5C)
            i += 2
        elif re.fullmatch(rb"[0-3][0-7][0-7]", raw[i + 1:i + 4]):
            out.append(int(raw[i + 1:i + 4], 8))
            i += 4
        else:
            raise PgError(INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type bytea')
    return bytes(out)


_ENCODERS = {"hex": lambda data: data.hex(), "base64": _base64_encode, "escape": _escape_encode}
_DECODERS = {"hex": _hex_decode, "base64": _base64_decode, "escape": _escape_decode}


def encode(data: bytes, format_name: str) -> str:
    coder = _ENCODERS.get(format_name.lower())
    if coder is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized encoding: "{format_name}"')
    return coder(bytes(data))


def decode(text: str, format_name: str) -> bytes:
    coder = _DECODERS.get(format_name.lower())
    if coder is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized encoding: "{format_name}"')
    return coder(text)


# ---- text --------------------------------------------------------------------------------

def translate(text: str, source: str, target: str) -> str:
    """Each character of `source` becomes the one at the same place in `target`, or
    goes when `target` is shorter; the first place of a repeated character counts."""
    table: dict[str, str | None] = {}
    for index, char in enumerate(source):
        table.setdefault(char, target[index] if index < len(target) else None)
    out = []
    for char in text:
        replacement = table.get(char, char)
        if replacement is not None:
            out.append(replacement)
    return "".join(out)


def to_hex(bits: int):
    def convert(value: int) -> str:
        return format(value & ((1 << bits) - 1), "x")
    return convert


_UNISTR_ESCAPE = re.compile(r"\\(\\|[0-9A-Fa-f]{4}|\+[0-9A-Fa-f]{6}|u[0-9A-Fa-f]{4}|"
                            r"U[0-9A-Fa-f]{8})")


def unistr(text: str) -> str:
    """unistr: escapes decoded; UTF-16 surrogate escapes must come in pairs (42601
    "invalid Unicode surrogate pair"); a code point outside 1..10FFFF is 22023."""
    out = []
    pair_first = 0
    i = 0

    def invalid_pair():
        return PgError(SYNTAX_ERROR, "invalid Unicode surrogate pair")
    while i < len(text):
        if text[i] != "\\":
            if pair_first:
                raise invalid_pair()
            out.append(text[i])
            i += 1
            continue
        match = _UNISTR_ESCAPE.match(text, i)
        if match is None:
            raise PgError(SYNTAX_ERROR, "invalid Unicode escape",
                          hint="Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or "
                               "\\UXXXXXXXX.")
        body = match.group(1)
        i = match.end()
        if body == "\\":
            if pair_first:
                raise invalid_pair()
            out.append("\\")
            continue
        code = int(body.lstrip("+uU"), 16)
        if code > 0x10FFFF or code == 0:
            raise PgError(INVALID_PARAMETER_VALUE, f"invalid Unicode code point: {code:04X}")
        if pair_first:
            if not 0xDC00 <= code <= 0xDFFF:
                raise invalid_pair()
            code = 0x10000 + ((pair_first - 0xD800) << 10) + (code - 0xDC00)
            pair_first = 0
        elif 0xDC00 <= code <= 0xDFFF:
            raise invalid_pair()
        if 0xD800 <= code <= 0xDBFF:
            pair_first = code
        else:
            out.append(chr(code))
    if pair_first:
        raise invalid_pair()
    return "".join(out)


def _form(name: str) -> str:
    form = name.strip().upper()
    if form not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid normalization form: {name}")
    return form


def normalize(text: str, form: str = "NFC") -> str:
    return unicodedata.normalize(_form(form), text)


def is_normalized(text: str, form: str = "NFC") -> bool:
    return unicodedata.is_normalized(_form(form), text)


def string_to_table(text, delimiter, null_string=None):
    """Rows of the pieces (every character when the delimiter is NULL, the whole
    string when it is empty); a piece equal to null_string is NULL."""
    if text is None:
        return
    if delimiter is None:
        pieces = list(text)
    elif delimiter == "":
        pieces = [text] if text else []
    else:
        pieces = text.split(delimiter) if text else []
    for piece in pieces:
        yield None if null_string is not None and piece == null_string else piece


# ---- encodings ---------------------------------------------------------------------------

def _codec(name: str, role: str) -> str:
    codec = _CODECS.get(name.upper().replace("-", "_"))
    if codec is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid {role} encoding name "{name}"')
    return codec


def convert_to(text: str, encoding: str) -> bytes:
    codec = _codec(encoding, "destination")
    try:
        return text.encode(codec)
    except UnicodeEncodeError as e:
        char = e.object[e.start]
        raise PgError(UNTRANSLATABLE_CHARACTER,
                      f'character with byte sequence {_byte_list(char.encode("utf-8"))} in '
                      f'encoding "UTF8" has no equivalent in encoding '
                      f'"{encoding.upper()}"') from None


def convert_from(data: bytes, encoding: str) -> str:
    codec = _codec(encoding, "source")
    try:
        text = bytes(data).decode(codec)
    except UnicodeDecodeError as e:
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      f'invalid byte sequence for encoding "{encoding.upper()}": '
                      f'{_byte_list(e.object[e.start:e.start + 1])}') from None
    if "\x00" in text:
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      'invalid byte sequence for encoding "UTF8": 0x00')
    return text


def _byte_list(data: bytes) -> str:
    return " ".join(f"0x{byte:02x}" for byte in data)


def client_encoding() -> str:
    return str(settings.get("client_encoding"))


def overlay(value, replacement, start: int, count: int | None = None):
    """overlay(t placing r from s [for n]) on text or bytea: t's first s - 1 items, r,
    then t from s + n on (n defaults to r's length), as textoverlay / bytea_overlay."""
    if count is None:
        count = len(replacement)
    if start - 1 < 0:
        raise PgError("22011", "negative substring length not allowed")
    if start + count > 2**31 - 1 or start + count < -2**31:
        raise PgError("22003", "integer out of range")
    tail_start = max(start + count - 1, 0)
    return value[:start - 1] + replacement + value[tail_start:]


def register_sql_functions() -> None:
    register = functions.register
    for oid, type_oid, arg_count in ((1404, TEXT, 4), (1405, TEXT, 3), (749, BYTEA, 4),
                                     (752, BYTEA, 3)):
        register("overlay", [type_oid, type_oid, INT4, INT4][:arg_count], type_oid, overlay,
                 oid=oid, volatility="i")
    register("encode", [BYTEA, TEXT], TEXT, encode, oid=1946, volatility="i")
    register("decode", [TEXT, TEXT], BYTEA, decode, oid=1947, volatility="i")
    register("translate", [TEXT, TEXT, TEXT], TEXT, translate, oid=878, volatility="i")
    register("to_hex", [INT4], TEXT, to_hex(32), oid=2089, volatility="i")
    register("to_hex", [INT8], TEXT, to_hex(64), oid=2090, volatility="i")
    for oid, name in ((3419, "sha224"), (3420, "sha256"), (3421, "sha384"), (3422, "sha512")):
        register(name, [BYTEA], BYTEA,
                 lambda data, algorithm=name: hashlib.new(algorithm, bytes(data)).digest(),
                 oid=oid, volatility="i")
    register("unistr", [TEXT], TEXT, unistr, oid=6198, volatility="i")
    register("normalize", [TEXT, TEXT], TEXT, normalize, oid=4350, volatility="i")
    register("normalize", [TEXT], TEXT, normalize, volatility="i")        # DEFAULT 'NFC'
    register("is_normalized", [TEXT, TEXT], BOOL, is_normalized, oid=4351, volatility="i")
    register("is_normalized", [TEXT], BOOL, is_normalized, volatility="i")
    register("string_to_table", [TEXT, TEXT], TEXT, string_to_table, oid=6160,
             volatility="i", strict=False, returns_set=True)
    register("string_to_table", [TEXT, TEXT, TEXT], TEXT, string_to_table, oid=6161,
             volatility="i", strict=False, returns_set=True)
    register("convert_to", [TEXT, NAME], BYTEA, convert_to, oid=1717, volatility="s")
    register("convert_from", [BYTEA, NAME], TEXT, convert_from, oid=1714, volatility="s")
    register("pg_client_encoding", [], NAME, client_encoding, oid=810, volatility="s")
    register("bit_length", [TEXT], INT4, lambda text: 8 * len(text.encode("utf-8")), oid=1811,
             volatility="i")
    register("bit_length", [BYTEA], INT4, lambda data: 8 * len(data), oid=1810, volatility="i")
    operators.register(3877, "^@", TEXT, TEXT, BOOL, lambda text, prefix: text.startswith(prefix))
