"""tsquery: a tree of lexemes (with weights and prefix marks) under ! & | and <N>.

Entry points: TsQuery (the value; root None for the empty query), parse_query(text,
operand=None) (the tsquery grammar; `operand` turns an operand's text into a subtree, as
to_tsquery's pushval_morph does), tsquery_input / tsquery_output, tsquery_send /
tsquery_receive, remove_stop_words(node), node_count(node), and the node constructors.

Nodes are tuples:
    ("v", lexeme, weights, prefix)      weights: bit 3 A, 2 B, 1 C, 0 D (0 = any)
    ("!", child)
    ("&", left, right)   ("|", left, right)
    ("<>", distance, left, right)       distance 0..16384 (<-> is 1)
    ("stop",)                           a stop word (only while to_tsquery builds a query)

Invariants: priorities ! 4, <N> 3, & 2, | 1; binary operators associate to the left.
Python ordering is btree tsquery_ops order (CompareTSQ): node count, the would-be
on-disk size, then node by node with PostgreSQL's legacy CRC-32 of each lexeme first.

PostgreSQL: utils/adt/tsquery.c (parse_tsquery, infix, tsqueryin/out/send/recv),
tsquery_cleanup.c (clean_stopword_intree), tsquery_util.c (QTNodeCompare),
tsquery_op.c (CompareTSQ).
"""
from __future__ import annotations

import functools
import struct

from pgsnake.datatypes.tsvector import SYNTAX_ERROR, quote_lexeme, read_word
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

MAX_DISTANCE = 16384
INVALID_PARAMETER = "22023"
_PRIORITY = {"|": 1, "&": 2, "<>": 3, "!": 4}
_OPER_CODE = {"!": 1, "&": 2, "|": 3, "<>": 4}          # OP_NOT .. OP_PHRASE
_CODE_OPER = {code: oper for oper, code in _OPER_CODE.items()}


def operand(lexeme: str, weights: int = 0, prefix: bool = False) -> tuple:
    return ("v", lexeme, weights, prefix)


def make_not(child):
    return ("!", child)


def make_binary(oper: str, left, right, distance: int = 1):
    if oper == "<>":
        return ("<>", distance, left, right)
    return (oper, left, right)


def children(node) -> tuple:
    """(left, right) of a binary node, (child,) of a NOT."""
    kind = node[0]
    if kind == "!":
        return (node[1],)
    if kind == "<>":
        return (node[2], node[3])
    if kind in ("&", "|"):
        return (node[1], node[2])
    return ()


def node_count(node) -> int:
    if node is None:
        return 0
    return 1 + sum(node_count(child) for child in children(node))


def operands(node) -> list:
    if node is None:
        return []
    if node[0] == "v":
        return [node]
    out = []
    for child in children(node):
        out.extend(operands(child))
    return out


# --- ordering -----------------------------------------------------------------------------

def _legacy_crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _legacy_crc_table()


def legacy_crc32(data: bytes) -> int:
    """PostgreSQL's legacy CRC-32 (pg_crc.h COMP_LEGACY_CRC32: the reflected table used
    MSB-first) as the int32 a QueryOperand's valcrc holds."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC_TABLE[((crc >> 24) ^ byte) & 0xFF] ^ ((crc << 8) & 0xFFFFFFFF)
    crc ^= 0xFFFFFFFF
    return crc - (1 << 32) if crc >= (1 << 31) else crc


def _disk_size(node) -> int:
    return 8 + 12 * node_count(node) + sum(len(op[1].encode()) + 1 for op in operands(node))


def _node_compare(a, b) -> int:
    ta, tb = (1 if a[0] == "v" else 2), (1 if b[0] == "v" else 2)
    if ta != tb:
        return -1 if ta > tb else 1
    if ta == 2:
        oa, ob = _OPER_CODE[a[0]], _OPER_CODE[b[0]]
        if oa != ob:
            return -1 if oa > ob else 1
        if a[0] == "<>" and a[1] != b[1]:
            return -1 if a[1] > b[1] else 1
        ca, cb = children(a)[::-1], children(b)[::-1]      # right operand first
        for x, y in zip(ca, cb):
            res = _node_compare(x, y)
            if res:
                return res
        return 0
    ka, kb = a[1].encode(), b[1].encode()
    crca, crcb = legacy_crc32(ka), legacy_crc32(kb)
    if crca != crcb:
        return -1 if crca > crcb else 1
    if ka != kb:
        return -1 if ka < kb else 1
    return 0


@functools.total_ordering
class TsQuery:
    __slots__ = ("root",)

    def __init__(self, root=None):
        self.root = root

    def _compare(self, other: "TsQuery") -> int:
        na, nb = node_count(self.root), node_count(other.root)
        if na != nb:
            return -1 if na < nb else 1
        sa, sb = _disk_size(self.root), _disk_size(other.root)
        if sa != sb:
            return -1 if sa < sb else 1
        if na == 0:
            return 0
        return _node_compare(self.root, other.root)

    def __eq__(self, other) -> bool:
        return isinstance(other, TsQuery) and self._compare(other) == 0

    def __lt__(self, other: "TsQuery") -> bool:
        return self._compare(other) < 0

    def __hash__(self) -> int:
        return hash(self.root)

    def __repr__(self) -> str:
        return f"TsQuery({tsquery_output(self)!r})"


# --- text input ------------------------------------------------------------------------

def _syntax_error(text: str) -> PgError:
    return PgError(SYNTAX_ERROR, f'syntax error in tsquery: "{text}"')


def _read_modifiers(text: str, i: int) -> tuple[int, bool, int]:
    """After 'word:' read the weights (a-d) and '*' (prefix)."""
    weights, prefix = 0, False
    n = len(text)
    while i < n:
        c = text[i].lower()
        if c == "*":
            prefix = True
        elif c in "abcd":
            weights |= 1 << ("dcba".index(c))
        else:
            break
        i += 1
    return weights, prefix, i


def _read_distance(text: str, i: int):
    """At '<' read '<->' or '<N>'; returns (distance, index after) or None."""
    n = len(text)
    if text.startswith("<->", i):
        return 1, i + 3
    j = i + 1
    while j < n and text[j].isspace():
        j += 1
    start = j
    if j < n and text[j] in "+-":
        j += 1
    while j < n and text[j].isdigit():
        j += 1
    digits = text[start:j]
    if not digits.lstrip("+-") or not (j < n and text[j] == ">"):
        return None
    distance = int(digits)
    if distance < 0 or distance > MAX_DISTANCE:
        if distance < 0 and digits.startswith("-"):
            return None
        raise PgError(INVALID_PARAMETER, "distance in phrase operator must be an integer "
                                         f"value between zero and {MAX_DISTANCE} inclusive")
    return distance, j + 1


def _tokens(text: str):
    """Yield ('operand', word, weights, prefix) / ('op', oper, distance) / ('(',) / (')',)
    following the grammar's states (waiting for an operand or an operator)."""
    i, n = 0, len(text)
    want_operand = True
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            if want_operand:
                yield ("end_operand",)
            else:
                yield ("end",)
            return
        c = text[i]
        if want_operand:
            if c == "!":
                yield ("op", "!", 0)
                i += 1
            elif c == "(":
                yield ("(",)
                i += 1
            elif c == ":":
                raise _syntax_error(text)
            else:
                word, i = read_word(text, i, True)
                weights, prefix = 0, False
                if i < n and text[i] == ":":
                    weights, prefix, i = _read_modifiers(text, i + 1)
                yield ("operand", word, weights, prefix)
                want_operand = False
        else:
            if c == "&":
                yield ("op", "&", 0)
                i += 1
            elif c == "|":
                yield ("op", "|", 0)
                i += 1
            elif c == "<":
                found = _read_distance(text, i)
                if found is None:
                    raise _syntax_error(text)
                yield ("op", "<>", found[0])
                i = found[1]
            elif c == ")":
                yield (")",)
                i += 1
                continue
            else:
                raise _syntax_error(text)
            want_operand = True


class _Parser:
    def __init__(self, text: str, make_operand):
        self.text = text
        self.tokens = _tokens(text)
        self.current = next(self.tokens)
        self.make_operand = make_operand
        self.depth = 0

    def advance(self):
        self.current = next(self.tokens)

    def parse_expression(self, min_priority: int):
        left = self.parse_unary()
        while self.current[0] == "op" and self.current[1] != "!" and \
                _PRIORITY[self.current[1]] >= min_priority:
            oper, distance = self.current[1], self.current[2]
            self.advance()
            right = self.parse_expression(_PRIORITY[oper] + 1)
            left = make_binary(oper, left, right, distance)
        return left

    def parse_unary(self):
        token = self.current
        if token[0] == "op" and token[1] == "!":
            self.advance()
            return make_not(self.parse_unary())
        if token[0] == "(":
            self.advance()
            self.depth += 1
            node = self.parse_expression(1)
            if self.current[0] != ")":
                raise _syntax_error(self.text)
            self.depth -= 1
            self.advance()
            return node
        if token[0] == "operand":
            self.advance()
            return self.make_operand(token[1], token[2], token[3])
        if token[0] == "end_operand":
            raise PgError(SYNTAX_ERROR, f'no operand in tsquery: "{self.text}"')
        raise _syntax_error(self.text)


def parse_query(text: str, make_operand=None):
    """The tree of a tsquery text (None when it has no operand at all)."""
    if not text.strip():
        return None
    parser = _Parser(text, make_operand or operand)
    node = parser.parse_expression(1)
    if parser.current[0] != "end":
        raise _syntax_error(text)
    return node


def tsquery_input(text: str, typmod: int = -1) -> TsQuery:
    root = parse_query(text)
    if root is None:
        notices.emit("00000", f'text-search query doesn\'t contain lexemes: "{text}"')
    return TsQuery(root)


def remove_stop_words(node):
    """The tree without its stop-word operands; phrase distances grow over what was
    removed (tsquery_cleanup.c clean_stopword_intree). Returns (node or None, ladd, radd)."""
    kind = node[0]
    if kind == "v":
        return node, 0, 0
    if kind == "stop":
        return None, 0, 0
    if kind == "!":
        child, ladd, radd = remove_stop_words(node[1])
        return (None if child is None else ("!", child)), ladd, radd
    distance = node[1] if kind == "<>" else 0
    left, right = children(node)
    left, lladd, lradd = remove_stop_words(left)
    right, rladd, rradd = remove_stop_words(right)
    if left is None and right is None:
        return None, lladd + distance + rladd, lradd + distance + rradd
    if left is None:
        if kind == "<>":
            return right, lladd + distance + rladd, rradd
        return right, rladd, rradd
    if right is None:
        if kind == "<>":
            return left, lladd, lradd + distance + rradd
        return left, lladd, lradd
    if kind == "<>":
        return ("<>", min(distance + lradd + rladd, MAX_DISTANCE), left, right), lladd, rradd
    return (kind, left, right), 0, 0


# --- text output --------------------------------------------------------------------------

def _operand_text(node) -> str:
    _v, lexeme, weights, prefix = node
    out = quote_lexeme(lexeme)
    if weights or prefix:
        out += ":" + ("*" if prefix else "")
        for bit, letter in ((3, "A"), (2, "B"), (1, "C"), (0, "D")):
            if weights & (1 << bit):
                out += letter
    return out


def format_node(node, parent_priority: int = 0, right_phrase: bool = False) -> str:
    kind = node[0]
    if kind == "v":
        return _operand_text(node)
    priority = _PRIORITY[kind]
    if kind == "!":
        inner = "!" + format_node(node[1], priority)
        return f"( {inner} )" if priority < parent_priority else inner
    left, right = children(node)
    text_right = format_node(right, priority, kind == "<>")
    text_left = format_node(left, priority)
    if kind == "<>":
        sign = "<->" if node[1] == 1 else f"<{node[1]}>"
    else:
        sign = kind
    out = f"{text_left} {sign} {text_right}"
    if priority < parent_priority or (kind == "<>" and right_phrase):
        return f"( {out} )"
    return out


def tsquery_output(value: TsQuery) -> str:
    return "" if value.root is None else format_node(value.root)


# --- binary form --------------------------------------------------------------------------

def _polish(node, out: list) -> None:
    kind = node[0]
    if kind == "v":
        out.append(struct.pack(">bbb", 1, node[2], 1 if node[3] else 0)
                   + node[1].encode() + b"\0")
        return
    if kind == "<>":
        out.append(struct.pack(">bbh", 2, 4, node[1]))
    else:
        out.append(struct.pack(">bb", 2, _OPER_CODE[kind]))
    for child in children(node)[::-1]:              # right operand first
        _polish(child, out)


def tsquery_send(value: TsQuery) -> bytes:
    out = [struct.pack(">i", node_count(value.root))]
    if value.root is not None:
        _polish(value.root, out)
    return b"".join(out)


def tsquery_receive(data, typmod: int = -1) -> TsQuery:
    data = bytes(data)
    try:
        (size,) = struct.unpack_from(">i", data, 0)
        if size < 0 or size > (1 << 24):
            raise PgError("22P03", "invalid size of tsquery")
        position = [4]

        def read():
            i = position[0]
            kind, = struct.unpack_from(">b", data, i)
            if kind == 1:
                weights, prefix = struct.unpack_from(">bb", data, i + 1)
                end = data.index(b"\0", i + 3)
                position[0] = end + 1
                if weights < 0 or weights > 15:
                    raise PgError("22P03", "invalid tsquery: invalid weight bitmap")
                return operand(data[i + 3:end].decode(), weights, bool(prefix))
            if kind != 2:
                raise PgError("22P03", "invalid tsquery: unrecognized item type "
                                       f"{kind}")
            code, = struct.unpack_from(">b", data, i + 1)
            if code not in _CODE_OPER:
                raise PgError("22P03", f"invalid tsquery: unrecognized operator type {code}")
            oper = _CODE_OPER[code]
            distance = 0
            position[0] = i + 2
            if oper == "<>":
                distance, = struct.unpack_from(">h", data, i + 2)
                position[0] = i + 4
            if oper == "!":
                return make_not(read())
            right = read()
            left = read()
            return make_binary(oper, left, right, distance)

        root = read() if size else None
    except (struct.error, ValueError, UnicodeDecodeError, RecursionError):
        raise PgError("22P03", "insufficient data left in message") from None
    if node_count(root) != size:
        raise PgError("22P03", "invalid tsquery: total operand length exceeded")
    return TsQuery(root)
