"""Character types: text, varchar(n), bpchar/char(n), name, "char", unknown; and bytea.

Entry points: text_input/output/send/receive/pack/unpack (shared by text, varchar,
bpchar and unknown), apply_varchar_typmod, apply_bpchar_typmod, bpchar_trimmed,
name_input/pack/unpack, char_input/output/pack/unpack, bytea_input/output.

Invariants:
 1. varchar(n)/char(n) count characters, not bytes; the typmod is n + 4 (VARHDRSZ).
 2. An over-long value is an error (22001) unless every extra character is a space, in
    which case it is truncated; an explicit cast always truncates silently.
 3. char(n) values are stored padded with spaces to n characters; trailing spaces are not
    significant when comparing them or taking their length.
 4. name is at most 63 bytes (NAMEDATALEN - 1); longer input is cut at a character
    boundary, and it is stored NUL-padded to 64 bytes.

PostgreSQL: utils/adt/varchar.c (varchar_input, bpchar_input, varchar, bpchar), varlena.c
(textin, byteain, byteaout), name.c (namein), char.c (charin, charout).
"""
from __future__ import annotations

from pgsnake.utils import settings
from pgsnake.utils.errors import (PgError, STRING_DATA_RIGHT_TRUNCATION,
                                  INVALID_TEXT_REPRESENTATION, INVALID_PARAMETER_VALUE)

VARHDRSZ = 4
NAMEDATALEN = 64


def text_input(text: str, typmod: int = -1) -> str:
    return text


def text_output(value: str) -> str:
    return value


def text_send(value: str) -> bytes:
    return value.encode("utf-8")


def text_receive(data: bytes, typmod: int = -1) -> str:
    return bytes(data).decode("utf-8")


text_pack = text_send


def text_unpack(data) -> str:
    return bytes(data).decode("utf-8")


def apply_varchar_typmod(value: str, typmod: int, explicit: bool = False) -> str:
    if typmod < VARHDRSZ:
        return value
    limit = typmod - VARHDRSZ
    if len(value) <= limit:
        return value
    if not explicit and value[limit:].strip(" ") != "":
        raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                      f"value too long for type character varying({limit})")
    return value[:limit]


def apply_bpchar_typmod(value: str, typmod: int, explicit: bool = False) -> str:
    if typmod < VARHDRSZ:
        return value
    limit = typmod - VARHDRSZ
    if len(value) > limit:
        if not explicit and value[limit:].strip(" ") != "":
            raise PgError(STRING_DATA_RIGHT_TRUNCATION,
                          f"value too long for type character({limit})")
        return value[:limit]
    if len(value) < limit:
        # the padded value is allocated whole: past MaxAllocSize, palloc's error
        size = typmod + len(value.encode()) - len(value)
        if size > 0x3fffffff:
            raise PgError("XX000", f"invalid memory alloc request size {size}")
    return value.ljust(limit)


def varchar_input(text: str, typmod: int = -1) -> str:
    return apply_varchar_typmod(text, typmod)


def bpchar_input(text: str, typmod: int = -1) -> str:
    return apply_bpchar_typmod(text, typmod)


def bpchar_trimmed(value: str) -> str:
    """The value with its pad spaces removed: what comparisons and length() see."""
    return value.rstrip(" ")


def varchar_receive(data: bytes, typmod: int = -1) -> str:
    return apply_varchar_typmod(text_receive(data), typmod)


def bpchar_receive(data: bytes, typmod: int = -1) -> str:
    return apply_bpchar_typmod(text_receive(data), typmod)


# ---- name ----

def truncate_name(text: str) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) < NAMEDATALEN:
        return text
    return encoded[:NAMEDATALEN - 1].decode("utf-8", errors="ignore")


def name_input(text: str, typmod: int = -1) -> str:
    return truncate_name(text)


def name_pack(value: str) -> bytes:
    return value.encode("utf-8")[:NAMEDATALEN - 1].ljust(NAMEDATALEN, b"\x00")


def name_unpack(data) -> str:
    raw = bytes(data)
    end = raw.find(b"\x00")
    return (raw if end < 0 else raw[:end]).decode("utf-8")


# ---- "char": a single byte ----

def char_input(text: str, typmod: int = -1) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) == 4 and encoded[0:1] == b"\\" and all(48 <= b <= 55 for b in encoded[1:]):
        return chr(int(encoded[1:], 8))
    return chr(encoded[0]) if encoded else ""


def char_output(value: str) -> str:
    if not value:
        return ""
    code = ord(value)
    if code >= 128:
        return "\\" + format(code, "03o")
    return value


def char_pack(value: str) -> bytes:
    return bytes([ord(value)]) if value else b"\x00"


def char_unpack(data) -> str:
    code = data[0]
    return chr(code) if code else ""


# ---- bytea ----

_HEX = "0123456789abcdef"


def bytea_input(text: str, typmod: int = -1) -> bytes:
    if text.startswith("\\x"):
        out = bytearray()
        body = text[2:]
        i = 0
        while i < len(body):
            ch = body[i]
            if ch in " \t\n\r":
                i += 1
                continue
            high = _hex_value(ch)
            if i + 1 >= len(body):
                raise PgError(INVALID_PARAMETER_VALUE,
                              "invalid hexadecimal data: odd number of digits")
            low = _hex_value(body[i + 1])
            out.append(high * 16 + low)
            i += 2
        return bytes(out)
    out = bytearray()
    raw = text.encode("utf-8")
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte != 0x5C:  # backslash
            out.append(byte)
            i += 1
        elif raw[i + 1:i + 2] == b"\\":
            out.append(0x5C)
            i += 2
        elif (len(raw) >= i + 4 and raw[i + 1] in b"0123" and raw[i + 2] in b"01234567"
              and raw[i + 3] in b"01234567"):
            out.append(int(raw[i + 1:i + 4], 8))
            i += 4
        else:
            raise PgError(INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea")
    return bytes(out)


def _hex_value(ch: str) -> int:
    value = _HEX.find(ch.lower())
    if value < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid hexadecimal digit: "{ch}"')
    return value


def bytea_output(value: bytes) -> str:
    if _bytea_output_setting() == "escape":
        return _bytea_escape(bytes(value))
    return "\\x" + bytes(value).hex()


def _bytea_output_setting() -> str:
    try:
        return settings.get("bytea_output")
    except Exception:      # no settings loaded (pure-datatype use): the default
        return "hex"


def _bytea_escape(value: bytes) -> str:
    """bytea_output = escape: printable ASCII as itself, a backslash doubled, every
    other byte as a backslash and three octal digits."""
    out = []
    for byte in value:
        if byte == 0x5C:
            out.append("\\\\")
        elif 0x20 <= byte <= 0x7E:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def bytea_send(value: bytes) -> bytes:
    return bytes(value)


def bytea_receive(data: bytes, typmod: int = -1) -> bytes:
    return bytes(data)
