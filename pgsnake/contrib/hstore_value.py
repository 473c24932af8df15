"""hstore values: a set of (key, value) pairs of strings, a value possibly NULL.

An `Hstore` keeps its pairs in hstore's canonical order (the key's length in bytes
first, then its bytes) with unique keys (the first of duplicate keys wins, as
hstoreUniquePairs leaves the text input's). Its text form is `"k"=>"v", "n"=>NULL`
(backslash before `"` and `\\`), read by PostgreSQL's state machine (quoted or bare
words, backslash escapes, an unquoted NULL of any case is a NULL value) with its
errors (XX000 "Syntax error near "c" at position n", "Unexpected end of string");
its binary form a pair count then each key and value as a length-prefixed string (-1:
NULL); on disk it is PostgreSQL's layout (a count word with the new-version flag, two
HEntry end offsets per pair, ISFIRST on the first, ISNULL on a NULL value, then the
strings), so its size and hash (hash_any of that payload) are PostgreSQL's. Python's
ordering and equality of Hstore are hstore_cmp's (btree_hstore_ops), and its Python
hash follows equality.

Entry points: Hstore, parse(text), from_pairs(pairs), output(value), send(value),
receive(data), pack(value), unpack(data), compare(a, b).

PostgreSQL: contrib/hstore/hstore_io.c (hstore_in, parse_hstore, hstoreUniquePairs,
hstore_out, hstore_recv, hstore_send), hstore_op.c (hstore_cmp), hstore.h (layout).
"""
from __future__ import annotations

import struct

from pgsnake.utils.errors import PgError

INTERNAL_ERROR = "XX000"
NEW_VERSION, IS_FIRST, IS_NULL, POSITION = 0x80000000, 0x80000000, 0x40000000, 0x3FFFFFFF
_SPACE = frozenset(" \t\n\r\f\v")
_WORD = struct.Struct(">i")
_DISK = struct.Struct("<I")


def _order(pair) -> tuple:
    key = pair[0].encode()
    return len(key), key


class Hstore:
    """Unique keys in canonical order; pairs is a tuple of (key, value | None)."""

    __slots__ = ("pairs", "_layout")

    def __init__(self, pairs: tuple) -> None:
        self.pairs = pairs
        self._layout = None

    def get(self, key: str, default=None):
        for k, v in self.pairs:
            if k == key:
                return v
        return default

    def __contains__(self, key: str) -> bool:
        return any(k == key for k, _v in self.pairs)

    def as_dict(self) -> dict:
        return dict(self.pairs)

    def layout(self) -> tuple[bytes, list[int], list[bool]]:
        """(the strings area, each entry's end offset, each entry's NULL flag)."""
        if self._layout is None:
            data, ends, nulls = bytearray(), [], []
            for key, value in self.pairs:
                data += key.encode()
                ends.append(len(data))
                nulls.append(False)
                if value is not None:
                    data += value.encode()
                ends.append(len(data))
                nulls.append(value is None)
            self._layout = (bytes(data), ends, nulls)
        return self._layout

    def __eq__(self, other) -> bool:
        return isinstance(other, Hstore) and self.pairs == other.pairs

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.pairs)

    def __lt__(self, other) -> bool:
        return compare(self, other) < 0

    def __le__(self, other) -> bool:
        return compare(self, other) <= 0

    def __gt__(self, other) -> bool:
        return compare(self, other) > 0

    def __ge__(self, other) -> bool:
        return compare(self, other) >= 0

    def __repr__(self) -> str:
        return f"Hstore({output(self)!r})"


def from_pairs(pairs) -> Hstore:
    """hstoreUniquePairs: canonical order, the first of equal keys kept."""
    seen, unique = set(), []
    for key, value in pairs:
        if key not in seen:
            seen.add(key)
            unique.append((key, value))
    unique.sort(key=_order)
    return Hstore(tuple(unique))


def compare(a: Hstore, b: Hstore) -> int:
    """hstore_cmp: an empty hstore first; then the strings areas byte by byte (over the
    shorter's length), the longer area, more pairs, then the first entry whose end
    offset or NULL flag differs (a NULL value after a non-NULL one)."""
    if not a.pairs or not b.pairs:
        return (len(a.pairs) > len(b.pairs)) - (len(a.pairs) < len(b.pairs))
    data_a, ends_a, nulls_a = a.layout()
    data_b, ends_b, nulls_b = b.layout()
    common = min(len(data_a), len(data_b))
    if data_a[:common] != data_b[:common]:
        return -1 if data_a[:common] < data_b[:common] else 1
    if len(data_a) != len(data_b):
        return 1 if len(data_a) > len(data_b) else -1
    if len(a.pairs) != len(b.pairs):
        return 1 if len(a.pairs) > len(b.pairs) else -1
    for end_a, end_b, null_a, null_b in zip(ends_a, ends_b, nulls_a, nulls_b):
        if end_a != end_b:
            return -1 if end_a < end_b else 1
        if null_a != null_b:
            return 1 if null_a else -1
    return 0


# ---------------------------------------------------------------------------------------
# text


def _syntax_error(text: str, position: int) -> PgError:
    where = len(text[:position].encode())
    return PgError(INTERNAL_ERROR, f'Syntax error near "{text[position]}" at position {where}')


def _end_of_string() -> PgError:
    return PgError(INTERNAL_ERROR, "Unexpected end of string")


class _Parser:
    """parse_hstore / get_val: one pass over the characters with a NUL at the end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = text + "\0"
        self.pos = 0

    def word(self, in_value: bool):
        """The next key (in_value false) or value: (text, quoted) or None at the end.
        Leaves pos on the last character it used, as get_val leaves its pointer."""
        chars, out, quoted = self.chars, [], False
        state = "wait"
        while True:
            ch = chars[self.pos]
            if state == "wait":
                if ch == '"':
                    quoted, state = True, "quoted"
                elif ch == "\0":
                    return None
                elif ch == "=" and not in_value:
                    raise _syntax_error(self.text, self.pos)
                elif ch == "\\":
                    state = "escape"
                elif ch not in _SPACE:
                    out.append(ch)
                    state = "bare"
            elif state == "bare":
                if ch == "\\":
                    state = "escape"
                elif (ch == "=" and not in_value) or (ch == "," and in_value) or ch == "\0":
                    self.pos -= 1
                    return "".join(out), quoted
                elif ch in _SPACE:
                    return "".join(out), quoted
                else:
                    out.append(ch)
            elif state == "quoted":
                if ch == "\\":
                    state = "quoted_escape"
                elif ch == '"':
                    return "".join(out), quoted
                elif ch == "\0":
                    raise _end_of_string()
                else:
                    out.append(ch)
            else:                                   # after a backslash
                if ch == "\0":
                    raise _end_of_string()
                out.append(ch)
                state = "bare" if state == "escape" else "quoted"
            self.pos += 1

    def pairs(self) -> list:
        chars, pairs, state, key = self.chars, [], "key", None
        while True:
            ch = chars[self.pos]
            if state == "key":
                found = self.word(False)
                if found is None:
                    return pairs
                key, state = found[0], "eq"
            elif state in ("eq", "gt"):
                wanted = "=" if state == "eq" else ">"
                if ch == wanted:
                    state = "gt" if state == "eq" else "value"
                elif ch == "\0":
                    raise _end_of_string()
                elif state == "gt" or ch not in _SPACE:
                    raise _syntax_error(self.text, self.pos)
            elif state == "value":
                found = self.word(True)
                if found is None:
                    raise _end_of_string()
                value, quoted = found
                if not quoted and len(value) == 4 and value.lower() == "null":
                    value = None
                pairs.append((key, value))
                state = "delimiter"
            else:
                if ch == ",":
                    state = "key"
                elif ch == "\0":
                    return pairs
                elif ch not in _SPACE:
                    raise _syntax_error(self.text, self.pos)
            self.pos += 1


def parse(text: str) -> Hstore:
    return from_pairs(_Parser(text).pairs())


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def output(value: Hstore) -> str:
    return ", ".join(f"{_quoted(k)}=>{'NULL' if v is None else _quoted(v)}"
                     for k, v in value.pairs)


# ---------------------------------------------------------------------------------------
# binary and storage


def send(value: Hstore) -> bytes:
    out = [_WORD.pack(len(value.pairs))]
    for key, item in value.pairs:
        encoded = key.encode()
        out.append(_WORD.pack(len(encoded)) + encoded)
        if item is None:
            out.append(_WORD.pack(-1))
        else:
            encoded = item.encode()
            out.append(_WORD.pack(len(encoded)) + encoded)
    return b"".join(out)


def _text(data: bytes) -> str:
    """pq_getmsgtext: UTF-8, with PostgreSQL's 22021 for a bad byte or a NUL."""
    from pgsnake.datatypes import string_functions
    return string_functions.convert_from(data, "UTF8")


def receive(data: bytes, typmod: int = -1) -> Hstore:
    view, pos = bytes(data), 4
    if len(view) < 4:
        raise PgError("08P01", "insufficient data left in message")
    count = _WORD.unpack_from(view)[0]
    if count < 0 or count > 0x3FFFFFFF // 40:
        raise PgError("54000", f"number of pairs ({count}) exceeds the maximum allowed "
                               f"({0x3FFFFFFF // 40})")
    pairs = []

    def string(length: int) -> str:
        nonlocal pos
        if length > len(view) - pos:
            raise PgError("08P01", "insufficient data left in message")
        text = _text(view[pos:pos + length])
        pos += length
        return text

    for _ in range(count):
        if len(view) - pos < 4:
            raise PgError("08P01", "insufficient data left in message")
        length = _WORD.unpack_from(view, pos)[0]
        pos += 4
        if length < 0:
            raise PgError("22004", "null value not allowed for hstore key")
        key = string(length)
        if len(view) - pos < 4:
            raise PgError("08P01", "insufficient data left in message")
        length = _WORD.unpack_from(view, pos)[0]
        pos += 4
        pairs.append((key, None if length < 0 else string(length)))
    if pos != len(view):
        # bytes left over: the bind / COPY code reports "incorrect binary data format"
        raise ValueError("hstore binary value has trailing bytes")
    return from_pairs(pairs)


def pack(value: Hstore) -> bytes:
    """The varlena payload: count word, HEntry words, strings (hstorePairs)."""
    data, ends, nulls = value.layout()
    words = [len(value.pairs) | NEW_VERSION]
    for i, (end, null) in enumerate(zip(ends, nulls)):
        words.append(end | (IS_NULL if null else 0) | (IS_FIRST if i == 0 else 0))
    return b"".join(_DISK.pack(w) for w in words) + data


def unpack(data: bytes) -> Hstore:
    data = bytes(data)
    count = _DISK.unpack_from(data)[0] & 0x0FFFFFFF
    strings = data[4 + 8 * count:]
    pairs, start = [], 0
    for i in range(count):
        key_end = _DISK.unpack_from(data, 4 + 8 * i)[0] & POSITION
        value_word = _DISK.unpack_from(data, 8 + 8 * i)[0]
        value_end = value_word & POSITION
        key = strings[start:key_end].decode()
        value = None if value_word & IS_NULL else strings[key_end:value_end].decode()
        pairs.append((key, value))
        start = value_end
    return Hstore(tuple(pairs))
