"""tsvector: a sorted set of lexemes, each with an optional list of weighted positions.

Entry points: TsVector (the value), tsvector_input / tsvector_output (text form),
tsvector_send / tsvector_receive (binary wire form; also the on-disk form here),
make_tsvector(entries) (sorts and merges, as tsvectorin's uniqueentry does),
read_word(text, pos, in_query) (the lexeme tokenizer tsvector and tsquery input share).

Invariants:
 1. entries are sorted by lexeme in UTF-8 byte order (tsCompareString) and unique.
 2. positions are tuples of (position 1..16383, weight 0..3 for D..A) sorted by position,
    unique (a repeated position keeps its highest weight), at most 256 per lexeme;
    an empty tuple means "no position information" (a stripped lexeme).
 3. Python ordering is btree tsvector_ops order (silly_cmp_tsvector): the would-be
    on-disk size first, then the number of lexemes, then lexeme by lexeme.

PostgreSQL: utils/adt/tsvector.c, tsvector_parser.c, tsvector_op.c (silly_cmp_tsvector),
include/tsearch/ts_type.h.
"""
from __future__ import annotations

import functools
import struct

from pgsnake.utils.errors import PgError

SYNTAX_ERROR = "42601"
PROGRAM_LIMIT = "54000"
INVALID_BINARY = "22P03"
MAX_POS = 16383                    # MAXENTRYPOS - 1
MAX_NUM_POS = 256                  # MAXNUMPOS
MAX_LEXEME_BYTES = 2047            # MAXSTRLEN
MAX_TOTAL_BYTES = (1 << 20) - 1    # MAXSTRPOS
WEIGHT_LETTERS = "DCBA"            # weight 0 is D (printed as nothing), 3 is A


def lexeme_key(lexeme: str) -> bytes:
    return lexeme.encode()


@functools.total_ordering
class TsVector:
    __slots__ = ("entries",)

    def __init__(self, entries: tuple = ()):
        self.entries = entries     # ((lexeme, positions), ...), see the invariants

    def lexemes(self) -> list[str]:
        return [lexeme for lexeme, _ in self.entries]

    def positions_of(self, lexeme: str):
        """The positions of a lexeme, () when stripped, None when absent."""
        index = self.find(lexeme)
        return None if index < 0 else self.entries[index][1]

    def find(self, lexeme: str) -> int:
        key = lexeme.encode()
        lo, hi = 0, len(self.entries)
        while lo < hi:
            mid = (lo + hi) // 2
            mid_key = self.entries[mid][0].encode()
            if mid_key < key:
                lo = mid + 1
            elif mid_key > key:
                hi = mid
            else:
                return mid
        return -1

    def disk_size(self) -> int:
        """VARSIZE of PostgreSQL's TSVectorData for this value (the first sort key)."""
        offset = 0
        for lexeme, positions in self.entries:
            offset += len(lexeme.encode())
            if positions:
                offset += offset & 1
                offset += 2 + 2 * len(positions)
        return 8 + 4 * len(self.entries) + offset

    def _compare(self, other: "TsVector") -> int:
        a, b = self.disk_size(), other.disk_size()
        if a != b:
            return -1 if a < b else 1
        if len(self.entries) != len(other.entries):
            return -1 if len(self.entries) < len(other.entries) else 1
        for (la, pa), (lb, pb) in zip(self.entries, other.entries):
            if bool(pa) != bool(pb):
                return -1 if pa else 1
            ka, kb = la.encode(), lb.encode()
            if ka != kb:
                return -1 if ka < kb else 1
            if pa:
                if len(pa) != len(pb):
                    return -1 if len(pa) > len(pb) else 1
                for (posa, wa), (posb, wb) in zip(pa, pb):
                    if posa != posb:
                        return -1 if posa > posb else 1
                    if wa != wb:
                        return -1 if wa > wb else 1
        return 0

    def __eq__(self, other) -> bool:
        return isinstance(other, TsVector) and self.entries == other.entries

    def __lt__(self, other: "TsVector") -> bool:
        return self._compare(other) < 0

    def __hash__(self) -> int:
        return hash(self.entries)

    def __repr__(self) -> str:
        return f"TsVector({tsvector_output(self)!r})"


def unique_positions(positions) -> tuple:
    """Sorted, unique positions; a repeated position keeps its highest weight; at most
    256, and nothing after position 16383 (tsvector.c uniquePos)."""
    best: dict[int, int] = {}
    for pos, weight in positions:
        if best.get(pos, -1) < weight:
            best[pos] = weight
    out = []
    for pos in sorted(best):
        out.append((pos, best[pos]))
        if len(out) >= MAX_NUM_POS or pos == MAX_POS:
            break
    return tuple(out)


def make_tsvector(pairs) -> TsVector:
    """A TsVector from (lexeme, positions) pairs in any order, duplicates merged."""
    merged: dict[str, list] = {}
    for lexeme, positions in pairs:
        merged.setdefault(lexeme, []).extend(positions)
    entries = tuple((lexeme, unique_positions(merged[lexeme]))
                    for lexeme in sorted(merged, key=lexeme_key))
    return TsVector(entries)


def check_lexeme_length(lexeme: str) -> None:
    size = len(lexeme.encode())
    if size > MAX_LEXEME_BYTES:
        raise PgError(PROGRAM_LIMIT, f"word is too long ({size} bytes, max "
                                     f"{MAX_LEXEME_BYTES} bytes)")


def check_total_length(vector: TsVector) -> TsVector:
    total = sum(len(lexeme.encode()) for lexeme, _ in vector.entries)
    if total > MAX_TOTAL_BYTES:
        raise PgError(PROGRAM_LIMIT, f"string is too long for tsvector ({total} bytes, "
                                     f"max {MAX_TOTAL_BYTES} bytes)")
    return vector


# --- text input -------------------------------------------------------------------------

_QUERY_OPERATORS = frozenset("!&|()<")


def _syntax_error(kind: str, text: str) -> PgError:
    return PgError(SYNTAX_ERROR, f'syntax error in {kind}: "{text}"')


def read_word(text: str, i: int, in_query: bool):
    """Read one lexeme starting at text[i] (spaces before it skipped): returns (word,
    index after it) or None at the end of the text. A word is bare (ends at a space,
    ':' or, in a query, an operator) or quoted in '' ('' inside a quoted word is a
    quote); a backslash escapes any character. The caller reads what follows ':'.
    (tsvector_parser.c gettoken_tsvector, without the position part)."""
    kind = "tsquery" if in_query else "tsvector"
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    if i >= n:
        return None
    chars: list[str] = []
    if text[i] == "'":
        i += 1
        while True:
            if i >= n:
                raise _syntax_error(kind, text)
            c = text[i]
            if c == "\\":
                if i + 1 >= n:
                    raise PgError(SYNTAX_ERROR, f'there is no escaped character: "{text}"')
                chars.append(text[i + 1])
                i += 2
            elif c == "'":
                if i + 1 < n and text[i + 1] == "'":      # '' inside quotes is a quote
                    chars.append("'")
                    i += 2
                else:
                    i += 1
                    break
            else:
                chars.append(c)
                i += 1
        if not chars:
            raise _syntax_error(kind, text)
        return "".join(chars), i
    if in_query and text[i] in _QUERY_OPERATORS:
        raise _syntax_error(kind, text)
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 >= n:
                raise PgError(SYNTAX_ERROR, f'there is no escaped character: "{text}"')
            chars.append(text[i + 1])
            i += 2
            continue
        if c.isspace() or c == ":" or (in_query and c in _QUERY_OPERATORS):
            break
        chars.append(c)
        i += 1
    if not chars:
        raise _syntax_error(kind, text)
    return "".join(chars), i


def _read_positions(text: str, i: int) -> tuple[list, int]:
    """After 'word:' read '1A,2,3B'; returns (positions, index after them)."""
    n = len(text)
    positions: list = []
    while True:
        start = i
        while i < n and text[i].isdigit():
            i += 1
        if i == start:
            raise _syntax_error("tsvector", text)
        pos = min(int(text[start:i]), MAX_POS)
        if pos == 0:
            raise PgError(SYNTAX_ERROR, f'wrong position info in tsvector: "{text}"')
        weight = None
        while i < n:
            c = text[i]
            if c in "aA*bBcCdD":
                w = {"a": 3, "A": 3, "*": 3, "b": 2, "B": 2, "c": 1, "C": 1,
                     "d": 0, "D": 0}[c]
                if weight is not None:
                    raise _syntax_error("tsvector", text)
                weight = w
                i += 1
            elif c == "," or c.isspace():
                break
            else:
                raise _syntax_error("tsvector", text)
        positions.append((pos, weight or 0))
        if i < n and text[i] == ",":
            i += 1
            continue
        return positions, i


def tsvector_input(text: str, typmod: int = -1) -> TsVector:
    pairs = []
    i = 0
    while True:
        found = read_word(text, i, False)
        if found is None:
            break
        word, i = found
        check_lexeme_length(word)
        positions: list = []
        if i < len(text) and text[i] == ":":
            positions, i = _read_positions(text, i + 1)
        pairs.append((word, positions))
    return check_total_length(make_tsvector(pairs))


# --- text output ------------------------------------------------------------------------

def quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def format_positions(positions) -> str:
    return ",".join(str(pos) + ("" if weight == 0 else WEIGHT_LETTERS[weight])
                    for pos, weight in positions)


def tsvector_output(value: TsVector) -> str:
    parts = []
    for lexeme, positions in value.entries:
        part = quote_lexeme(lexeme)
        if positions:
            part += ":" + format_positions(positions)
        parts.append(part)
    return " ".join(parts)


# --- binary form (tsvectorsend / tsvectorrecv) ------------------------------------------

def tsvector_send(value: TsVector) -> bytes:
    out = [struct.pack(">i", len(value.entries))]
    for lexeme, positions in value.entries:
        out.append(lexeme.encode() + b"\0")
        out.append(struct.pack(">H", len(positions)))
        out.extend(struct.pack(">H", (weight << 14) | pos) for pos, weight in positions)
    return b"".join(out)


def tsvector_receive(data, typmod: int = -1) -> TsVector:
    data = bytes(data)
    try:
        (count,) = struct.unpack_from(">i", data, 0)
        if count < 0 or count > (1 << 28):
            raise PgError(INVALID_BINARY, "invalid size of tsvector")
        i = 4
        pairs = []
        for _ in range(count):
            end = data.index(b"\0", i)
            lexeme = data[i:end].decode()
            check_lexeme_length(lexeme)
            i = end + 1
            (npos,) = struct.unpack_from(">H", data, i)
            i += 2
            if npos > MAX_NUM_POS:
                raise PgError(INVALID_BINARY, "unexpected number of tsvector positions")
            positions = []
            for _ in range(npos):
                (item,) = struct.unpack_from(">H", data, i)
                i += 2
                pos = item & 0x3FFF
                if positions and pos <= positions[-1][0]:
                    raise PgError(INVALID_BINARY, "position information is misordered")
                positions.append((pos, item >> 14))
            pairs.append((lexeme, positions))
    except (struct.error, ValueError, UnicodeDecodeError):
        raise PgError(INVALID_BINARY, "insufficient data left in message") from None
    return make_tsvector(pairs)


def tsvector_unpack(data) -> TsVector:
    return tsvector_receive(data)
