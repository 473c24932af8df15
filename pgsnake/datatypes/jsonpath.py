"""jsonpath: the SQL/JSON path language of PostgreSQL 15 (a subset): parsing, printing in
PostgreSQL's normal form, and evaluation against jsonb trees.

Entry points: jsonpath_input(text) -> JsonPath, jsonpath_output(path) -> str,
jsonpath_send / jsonpath_receive (version byte 1 + text), evaluate(path, tree, vars,
silent) -> list of trees (raises PgError unless silent), JsonPath.

Supported: lax/strict; $, @, $var, literals; .key ."key" .* [*] [i, j to k] with last,
.** with levels; filters ?( ); == != <> < <= > >= && || ! exists(), is unknown,
like_regex (flags i s m x q), starts with; + - * / % and unary + -; methods .type()
.size() .double() .ceiling() .floor() .abs() .keyvalue() (ids are the object's byte
offset in the on-disk jsonb, as PostgreSQL's), .datetime() without a template
(jsonpath_datetime.py). Not supported: .datetime(template) (parsed and printed;
refused with 0A000 when run).

Semantics (PostgreSQL's): lax mode unwraps arrays for member accessors and filters,
wraps non-arrays for array accessors, and ignores structural errors (missing keys,
subscripts out of bounds); strict mode reports them. Predicates are three-valued; an
error inside a predicate makes it unknown.

On disk jsonpath is kept as its text (PostgreSQL stores a binary tree): see README.

PostgreSQL: utils/adt/jsonpath.c (printJsonPathItem, operationPriority),
jsonpath_gram.y, jsonpath_scan.l, jsonpath_exec.c.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from pgsnake.datatypes import json_text, numeric, regex_translate
from pgsnake.datatypes.jsonb_storage import container_offsets
from pgsnake.datatypes.jsonpath_datetime import (INVALID_ARGUMENT_FOR_DATETIME_FUNCTION,
                                                 JsonDatetime, compare_datetimes,
                                                 parse_datetime, parse_datetime_template)
from pgsnake.datatypes.jsonb_value import JSON_NULL, type_name
from pgsnake.utils.errors import (PgError, FEATURE_NOT_SUPPORTED, SYNTAX_ERROR,
                                  DIVISION_BY_ZERO, UNDEFINED_OBJECT,
                                  INVALID_TEXT_REPRESENTATION)

SQL_JSON_MEMBER_NOT_FOUND = "2203A"
SQL_JSON_OBJECT_NOT_FOUND = "2203C"
SQL_JSON_ARRAY_NOT_FOUND = "22039"
INVALID_SQL_JSON_SUBSCRIPT = "22033"
SINGLETON_SQL_JSON_ITEM_REQUIRED = "22038"
NON_NUMERIC_SQL_JSON_ITEM = "22036"
SQL_JSON_NUMBER_NOT_FOUND = "2203B"
SQL_JSON_SCALAR_REQUIRED = "2203F"

LAST_LEVEL = 0xFFFFFFFF


class JsonPath:
    __slots__ = ("strict", "expr", "text")

    def __init__(self, strict: bool, expr) -> None:
        self.strict = strict
        self.expr = expr
        self.text = ("strict " if strict else "") + _print(expr, False, True)

    def __eq__(self, other) -> bool:
        return isinstance(other, JsonPath) and self.text == other.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"JsonPath({self.text!r})"


# ---------------------------------------------------------------- lexer

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<variable>\$(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*")?)
  | (?P<word>(?:[A-Za-z_]|\\(?:u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.))
             (?:[A-Za-z0-9_]|\\(?:u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.))*)
  | (?P<op>\*\*|==|!=|<>|<=|>=|&&|\|\||[.\[\](),?*{}<>!+\-/%@])
""", re.VERBOSE)


def _syntax_error(token) -> PgError:
    # PostgreSQL's scanner reads a key name or keyword in a start condition of its own,
    # after which the error names no text ("at end"); a string, its opening quote
    if token is None or token[0] == "word":
        return PgError(SYNTAX_ERROR, "syntax error at end of jsonpath input")
    if token[0] == "string":
        return PgError(SYNTAX_ERROR, 'syntax error at or near """ of jsonpath input')
    return PgError(SYNTAX_ERROR, f'syntax error at or near "{token[1]}" of jsonpath input')


def _surrogate_error(detail: str) -> PgError:
    return PgError("22P02", "invalid input syntax for type jsonpath", detail=detail)


def _escape_error(kind: str, text: str) -> PgError:
    return PgError(SYNTAX_ERROR, f'invalid {kind} sequence at or near "{text}" of jsonpath '
                                 f'input')


def _unescape(body: str) -> str:
    """A string's or quoted key's text with its escapes replaced; \\uXXXX surrogate pairs
    combine, and a surrogate out of place is 22P02 with the scanner's DETAIL."""
    out, i = [], 0
    simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              '"': '"', "'": "'", "\\": "\\", "/": "/"}
    high = None                  # a high surrogate waiting for its low half
    while i < len(body):
        ch = body[i]
        nxt = body[i + 1] if ch == "\\" and i + 1 < len(body) else ""
        if nxt != "u" and high is not None:
            raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
        elif nxt == "u":
            four = re.match(r"[0-9A-Fa-f]{4}", body[i + 2:i + 6])
            braced = re.match(r"\{([0-9A-Fa-f]{1,6})\}", body[i + 2:])
            if four:
                code = int(four.group(), 16)
                i += 6
            elif braced:
                code = int(braced.group(1), 16)
                i += 2 + braced.end()
            else:
                digits = re.match(r"\{[0-9A-Fa-f]{0,6}|[0-9A-Fa-f]{0,3}", body[i + 2:]).group()
                raise _escape_error("unicode", "\\u" + digits)
            if code > 0x10FFFF:
                raise PgError(SYNTAX_ERROR, "invalid Unicode code point")
            if 0xD800 <= code <= 0xDBFF:
                if high is not None:
                    raise _surrogate_error(
                        "Unicode high surrogate must not follow a high surrogate.")
                high = code
                continue
            if 0xDC00 <= code <= 0xDFFF:
                if high is None:
                    raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")
                code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                high = None
            elif high is not None:
                raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")
            if code == 0:
                raise PgError("22P05", "unsupported Unicode escape sequence",
                              detail="\\u0000 cannot be converted to text.")
            out.append(chr(code))
        elif nxt == "x":
            hex_digits = re.match(r"[0-9A-Fa-f]{0,2}", body[i + 2:i + 4]).group()
            if len(hex_digits) < 2:
                raise _escape_error("hex character", "\\x" + hex_digits)
            out.append(chr(int(hex_digits, 16)))
            i += 4
        else:
            out.append(nxt)
            i += 2
    if high is not None:
        raise _surrogate_error("Unicode low surrogate must follow a high surrogate.")
    return "".join(out)


def _tokenize(text: str) -> list:
    if "\x00" in text:      # SQL text never holds NUL; refuse it rather than print \u0000
        raise PgError("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            if text[position] == '"':        # an unterminated string runs to the end
                raise PgError(SYNTAX_ERROR, "unexpected end of quoted string at end of "
                              "jsonpath input")
            raise PgError(SYNTAX_ERROR, f'syntax error at or near "{text[position]}" of '
                          "jsonpath input")
        kind = match.lastgroup
        value = match.group()
        if kind == "number":
            kind, value = _number_token(text, position)
        position += len(value)
        if kind == "space":
            continue
        tokens.append((kind, value))
    return tokens


# PostgreSQL 15's jsonpath scanner (flex: the longest match wins, an earlier rule a tie):
# a number is (0|[1-9][0-9]*) with an optional fraction and exponent; one "other"
# character right after it is "trailing junk"; an exponent without digits after its
# sign is an "invalid numeric literal"; and a run of "other" characters (digits and
# letters among them) longer than all of these is a key name, as in '0x10' or '1_000'.
_PG_NUMBER = re.compile(r"(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_PG_REALFAIL = re.compile(r"(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]")
_NOT_OTHER = set('?%$.[]{}()|&!=<>@#,*:-+/\\" \t\n\r\f')


def _is_other(ch: str) -> bool:
    return ch not in _NOT_OTHER


def _number_token(text: str, start: int):
    number = _PG_NUMBER.match(text, start)
    length = number.end() - start if number else 0
    fail = _PG_REALFAIL.match(text, start)
    fail_length = fail.end() - start if fail else 0
    junk_length = length + 1 if length and start + length < len(text) and \
        _is_other(text[start + length]) else 0
    run = 0
    while start + run < len(text) and _is_other(text[start + run]):
        run += 1
    best = max((length, 3), (fail_length, 2), (junk_length, 1), (run, 0))
    value = text[start:start + best[0]]
    if best[1] == 2:
        raise PgError(SYNTAX_ERROR, f'invalid numeric literal at or near "{value}" of '
                                    "jsonpath input")
    if best[1] == 1:
        raise PgError(SYNTAX_ERROR, f'trailing junk after numeric literal at or near '
                                    f'"{value}" of jsonpath input')
    if best[1] == 0:
        return "word", value
    return "number", value


# ---------------------------------------------------------------- parser

_PRIORITY = {"or": 0, "and": 1, "not": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3,
             ">=": 3, "starts": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5, "plus": 6,
             "minus": 6}
_METHODS = ("type", "size", "double", "ceiling", "floor", "abs", "keyvalue", "datetime")
_COMPARISONS = ("==", "!=", "<>", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self, offset: int = 0):
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def is_op(self, value: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token[0] == "op" and token[1] == value

    def is_word(self, value: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token[0] == "word" and token[1] == value

    def take(self):
        token = self.peek()
        if token is None:
            raise _syntax_error(None)
        self.at += 1
        return token

    def expect_op(self, value: str) -> None:
        token = self.peek()
        if token is None or token[0] != "op" or token[1] != value:
            raise _syntax_error(token)
        self.at += 1

    # The grammar separates expressions from predicates: && || ! and filters take
    # predicates, comparisons and arithmetic take expressions; a misplaced one is a
    # syntax error at the token where PostgreSQL's parser notices.
    def expression(self):
        left = self.and_expr()
        while self.is_op("||"):
            operator = self.take()
            if not _is_predicate(left):
                raise _syntax_error(operator)
            left = ("or", left, self.predicate_operand(self.and_expr))
        return left

    def predicate_operand(self, parse):
        node = parse()
        if not _is_predicate(node):
            raise _syntax_error(self.peek())
        return node

    def and_expr(self):
        left = self.not_expr()
        while self.is_op("&&"):
            operator = self.take()
            if not _is_predicate(left):
                raise _syntax_error(operator)
            left = ("and", left, self.predicate_operand(self.not_expr))
        return left

    def delimited_predicate(self):
        if self.is_word("exists") and self.is_op("(", 1):
            return self.exists()
        self.expect_op("(")
        inner = self.predicate_operand(self.expression)
        self.expect_op(")")
        return inner

    def exists(self):
        self.take()
        self.take()
        inner = self.additive()
        self.expect_op(")")
        return ("exists", inner)

    def not_expr(self):
        if self.is_op("!"):
            self.take()
            return ("not", self.delimited_predicate())
        return self.comparison()

    def comparison(self):
        if self.is_word("exists") and self.is_op("(", 1):
            return self.exists()
        left = self.additive()
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in _COMPARISONS:
            if _is_predicate(left):
                raise _syntax_error(token)
            self.take()
            op = "!=" if token[1] == "<>" else token[1]
            return ("cmp", op, left, self.additive())
        if self.is_word("like_regex"):
            if _is_predicate(left):
                raise _syntax_error(token)
            self.take()
            pattern = self.take()
            if pattern[0] != "string":
                raise _syntax_error(pattern)
            flags = ""
            if self.is_word("flag"):
                self.take()
                flag_token = self.take()
                if flag_token[0] != "string":
                    raise _syntax_error(flag_token)
                flags = _unescape(flag_token[1][1:-1])
                for ch in flags:
                    if ch not in "ismxq":
                        raise PgError(SYNTAX_ERROR, "invalid input syntax for type jsonpath",
                                      detail=f'Unrecognized flag character "{ch}" in LIKE_REGEX predicate.')
            pattern_text = _unescape(pattern[1][1:-1])
            _compile_regex(pattern_text, flags)
            return ("like", left, pattern_text, flags)
        if self.is_word("starts") and self.is_word("with", 1):
            if _is_predicate(left):
                raise _syntax_error(token)
            self.take()
            self.take()
            token = self.peek()
            if token is None or token[0] not in ("string", "variable"):
                raise _syntax_error(token)
            return ("cmp", "starts", left, self.primary())
        return left

    def additive(self):
        left = self.multiplicative()
        while self.is_op("+") or self.is_op("-"):
            operator = self.take()
            if _is_predicate(left):
                raise _syntax_error(operator)
            left = ("arith", operator[1], left, self.multiplicative())
        return left

    def multiplicative(self):
        left = self.unary()
        while self.is_op("*") or self.is_op("/") or self.is_op("%"):
            operator = self.take()
            if _is_predicate(left):
                raise _syntax_error(operator)
            left = ("arith", operator[1], left, self.unary())
        return left

    def unary(self):
        if self.is_op("+") or self.is_op("-"):
            op = self.take()[1]
            operand = self.unary()
            if operand[0] == "num":
                # makeItemUnary: a sign on a bare number is folded into it
                return operand if op == "+" else ("num", -operand[1])
            return ("unary", "plus" if op == "+" else "minus", operand)
        return self.accessor_expr()

    def accessor_expr(self):
        if self.is_op("("):
            self.take()
            inner = self.expression()
            self.expect_op(")")
            if self.is_word("is") and self.is_word("unknown", 1):
                if not _is_predicate(inner):
                    raise _syntax_error(self.peek())
                self.take()
                self.take()
                return ("unknown", inner)
            head = inner
        else:
            head = self.primary()
        steps = []
        while True:
            if self.is_op("."):
                self.take()
                steps.append(self.dot_accessor())
            elif self.is_op("["):
                self.take()
                steps.append(self.array_accessor())
            elif self.is_op("?"):
                self.take()
                self.expect_op("(")
                steps.append(("filter", self.predicate_operand(self.expression)))
                self.expect_op(")")
            else:
                break
        return ("path", head, tuple(steps)) if steps else head

    def primary(self):
        token = self.take()
        kind, value = token
        if kind == "variable":
            if value == "$":
                return ("root",)
            name = value[1:]
            return ("var", _unescape(name[1:-1]) if name.startswith('"') else name)
        if kind == "op" and value == "@":
            return ("current",)
        if kind == "number":
            return ("num", numeric.numeric_input(value))
        if kind == "string":
            return ("str", _unescape(value[1:-1]))
        if kind == "word":
            if value == "true":
                return ("bool", True)
            if value == "false":
                return ("bool", False)
            if value == "null":
                return ("null",)
            if value == "last":
                return ("last",)
        raise _syntax_error(token)

    def dot_accessor(self):
        token = self.take()
        kind, value = token
        if kind == "op" and value == "*":
            return ("anykey",)
        if kind == "op" and value == "**":
            first, last = 0, LAST_LEVEL
            if self.is_op("{"):
                self.take()
                first = self.level()
                last = first
                if self.is_word("to"):
                    self.take()
                    last = self.level()
                self.expect_op("}")
            return ("any", first, last)
        if kind == "string":
            return ("key", _unescape(value[1:-1]))
        if kind == "word":
            if value in _METHODS and self.is_op("("):
                self.take()
                argument = None
                if value == "datetime" and self.peek() is not None and self.peek()[0] == "string":
                    argument = _unescape(self.take()[1][1:-1])
                self.expect_op(")")
                return ("method", value, argument)
            return ("key", _unescape(value) if "\\" in value else value)
        if kind == "variable" and value.startswith("$"):
            raise _syntax_error(token)
        raise _syntax_error(token)

    def level(self):
        token = self.take()
        if token[0] == "word" and token[1] == "last":
            return LAST_LEVEL
        if token[0] == "number" and token[1].isdigit():
            return int(token[1])
        raise _syntax_error(token)

    def array_accessor(self):
        if self.is_op("*") and self.is_op("]", 1):
            self.take()
            self.take()
            return ("anyarray",)
        ranges = []
        while True:
            start = self.expression()
            end = None
            if self.is_word("to"):
                self.take()
                end = self.expression()
            ranges.append((start, end))
            if self.is_op(","):
                self.take()
                continue
            self.expect_op("]")
            return ("index", tuple(ranges))


def _is_predicate(node) -> bool:
    return node[0] in ("cmp", "like", "exists", "and", "or", "not", "unknown")


def _check_placement(node, in_filter: bool, in_subscript: bool) -> None:
    """@ only inside filters, last only inside array subscripts (flattenJsonPathParseItem)."""
    kind = node[0]
    if kind == "current" and not in_filter:
        raise PgError(SYNTAX_ERROR, "@ is not allowed in root expressions")
    if kind == "last" and not in_subscript:
        raise PgError(SYNTAX_ERROR, "LAST is allowed only in array subscripts")
    if kind == "path":
        _check_placement(node[1], in_filter, in_subscript)
        for step in node[2]:
            if step[0] == "filter":
                _check_placement(step[1], True, False)
            elif step[0] == "index":
                for start, end in step[1]:
                    _check_placement(start, in_filter, True)
                    if end is not None:
                        _check_placement(end, in_filter, True)
        return
    for child in node[1:]:
        if isinstance(child, tuple) and child and isinstance(child[0], str):
            _check_placement(child, in_filter, in_subscript)


def jsonpath_input(text: str, typmod: int = -1) -> JsonPath:
    tokens = _tokenize(text)
    if not tokens:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type jsonpath: "{text}"')
    strict = False
    if tokens and tokens[0] == ("word", "strict"):
        strict, tokens = True, tokens[1:]
    elif tokens and tokens[0] == ("word", "lax"):
        tokens = tokens[1:]
    if not tokens:
        raise _syntax_error(None)
    parser = _Parser(tokens)
    expr = parser.expression()
    if parser.peek() is not None:
        raise _syntax_error(parser.peek())
    _check_placement(expr, False, False)
    return JsonPath(strict, expr)


# ---------------------------------------------------------------- printing

def _priority(node) -> int:
    kind = node[0]
    if kind in ("or", "and", "not"):
        return _PRIORITY[kind]
    if kind in ("cmp", "arith", "unary"):
        return _PRIORITY[node[1]]
    return 7


def _print(node, in_key: bool, brackets: bool) -> str:
    kind = node[0]
    if kind == "path":
        if node[2] and node[1][0] in ("num", "arith", "unary", "cmp", "or", "and"):
            # an accessor after a number or an operator needs the operand in parentheses
            text = "(" + _print(node[1], False, False) + ")"
        else:
            text = _print(node[1], False, brackets)
        for step in node[2]:
            text += _print_step(step)
        return text
    if kind in ("or", "and", "cmp", "arith"):
        if kind in ("or", "and"):
            op, left, right = ("||" if kind == "or" else "&&"), node[1], node[2]
        else:
            op, left, right = node[1], node[2], node[3]
            op = "starts with" if op == "starts" else op
        mine = _priority(node)
        text = (_print(left, False, _priority(left) <= mine) + f" {op} " +
                _print(right, False, _priority(right) <= mine))
        return f"({text})" if brackets else text
    if kind == "unary":
        text = ("+" if node[1] == "plus" else "-") + _print(node[2], False,
                                                            _priority(node[2]) <= _priority(node))
        return f"({text})" if brackets else text
    if kind == "not":
        return "!(" + _print(node[1], False, False) + ")"
    if kind == "unknown":
        return "(" + _print(node[1], False, False) + ") is unknown"
    if kind == "exists":
        return "exists (" + _print(node[1], False, False) + ")"
    if kind == "like":
        text = (_print(node[1], False, _priority(node[1]) <= 3) + " like_regex " +
                json_text.escape_string(node[2]))
        if node[3]:
            text += " flag " + json_text.escape_string("".join(c for c in "ismxq" if c in node[3]))
        return text
    if kind == "root":
        return "$"
    if kind == "current":
        return "@"
    if kind == "last":
        return "last"
    if kind == "var":
        return "$" + json_text.escape_string(node[1])
    if kind == "num":
        return numeric.numeric_output(node[1])
    if kind == "str":
        return json_text.escape_string(node[1])
    if kind == "bool":
        return "true" if node[1] else "false"
    if kind == "null":
        return "null"
    return _print_step(node)


def _print_step(step) -> str:
    kind = step[0]
    if kind == "key":
        return "." + json_text.escape_string(step[1])
    if kind == "anykey":
        return ".*"
    if kind == "anyarray":
        return "[*]"
    if kind == "index":
        parts = []
        for start, end in step[1]:
            part = _print(start, False, False)
            if end is not None:
                part += " to " + _print(end, False, False)
            parts.append(part)
        return "[" + ",".join(parts) + "]"
    if kind == "any":
        first, last = step[1], step[2]
        def level(n):
            return "last" if n == LAST_LEVEL else str(n)
        if first == 0 and last == LAST_LEVEL:
            return ".**"
        if first == last:
            return ".**{" + level(first) + "}"
        return ".**{" + level(first) + " to " + level(last) + "}"
    if kind == "filter":
        return "?(" + _print(step[1], False, False) + ")"
    if kind == "method":
        argument = "" if step[2] is None else json_text.escape_string(step[2])
        return "." + step[1] + "(" + argument + ")"
    raise ValueError(kind)


def jsonpath_output(path: JsonPath) -> str:
    return path.text


def jsonpath_send(path: JsonPath) -> bytes:
    return b"\x01" + path.text.encode("utf-8")


def jsonpath_receive(data, typmod: int = -1) -> JsonPath:
    data = bytes(data)
    if not data or data[0] != 1:
        raise PgError("XX000", f"unsupported jsonpath version number: {data[0] if data else 0}")
    return jsonpath_input(data[1:].decode("utf-8"))


def jsonpath_pack(path: JsonPath) -> bytes:
    return path.text.encode("utf-8")


def jsonpath_unpack(data) -> JsonPath:
    return jsonpath_input(bytes(data).decode("utf-8"))


# ---------------------------------------------------------------- evaluation

class _Unknown(Exception):
    """A predicate operand failed: the predicate is unknown."""


TRUE, FALSE, UNKNOWN = "true", "false", "unknown"


class _Context:
    __slots__ = ("root", "vars", "strict", "last", "offsets", "use_tz")

    def __init__(self, root, variables, strict, use_tz=False) -> None:
        self.root = root
        self.vars = variables
        self.strict = strict
        self.use_tz = use_tz     # the *_tz functions: datetimes may use the session zone
        self.last = None
        self.offsets = None      # container offsets in the root, for .keyvalue() ids


def _structural(ctx, code: str, message: str):
    """A structural error: reported in strict mode, nothing in lax mode."""
    if ctx.strict:
        raise PgError(code, message)
    return []


def _eval(ctx, node, current) -> list:
    kind = node[0]
    if kind == "root":
        return [ctx.root]
    if kind == "current":
        return [current]
    if kind == "num":
        return [node[1]]
    if kind == "str":
        return [node[1]]
    if kind == "bool":
        return [node[1]]
    if kind == "null":
        return [JSON_NULL]
    if kind == "last":
        if ctx.last is None:
            raise PgError(SYNTAX_ERROR, "LAST is allowed only in array subscripts")
        return [Decimal(ctx.last)]
    if kind == "var":
        if node[1] not in ctx.vars:
            raise PgError(UNDEFINED_OBJECT, f'could not find jsonpath variable "{node[1]}"')
        return [ctx.vars[node[1]]]
    if kind == "path":
        items = _eval(ctx, node[1], current)
        for step in node[2]:
            items = [out for item in items for out in _step(ctx, step, item)]
        return items
    if kind == "arith":
        return [_arith(ctx, node, current)]
    if kind == "unary":
        out = []
        for item in _unwrapped(ctx, _eval(ctx, node[2], current)):
            if not isinstance(item, Decimal) or isinstance(item, bool):
                raise PgError(SQL_JSON_NUMBER_NOT_FOUND,
                              f"operand of unary jsonpath operator {'+' if node[1] == 'plus' else '-'} "
                              "is not a numeric value")
            out.append(item if node[1] == "plus" else numeric.numeric_neg(item))
        return out
    # a predicate used as an expression gives true/false/null
    result = _predicate(ctx, node, current)
    return [JSON_NULL if result == UNKNOWN else result == TRUE]


def _unwrapped(ctx, items):
    if ctx.strict:
        return items
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(item)
        else:
            out.append(item)
    return out


def _single_number(ctx, items, side: str, op: str):
    items = _unwrapped(ctx, items)
    if len(items) != 1 or not isinstance(items[0], Decimal):
        raise PgError(SINGLETON_SQL_JSON_ITEM_REQUIRED,
                      f"{side} operand of jsonpath operator {op} is not a single numeric value")
    return items[0]


def _arith(ctx, node, current):
    op = node[1]
    left = _single_number(ctx, _eval(ctx, node[2], current), "left", op)
    right = _single_number(ctx, _eval(ctx, node[3], current), "right", op)
    if op == "+":
        return numeric.numeric_add(left, right)
    if op == "-":
        return numeric.numeric_sub(left, right)
    if op == "*":
        return numeric.numeric_mul(left, right)
    if right == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    if op == "/":
        return numeric.numeric_div(left, right)
    return numeric.numeric_mod(left, right)


def _step(ctx, step, item) -> list:
    kind = step[0]
    if kind == "key":
        if isinstance(item, dict):
            if step[1] in item:
                return [item[step[1]]]
            return _structural(ctx, SQL_JSON_MEMBER_NOT_FOUND,
                               f'JSON object does not contain key "{step[1]}"')
        if isinstance(item, list) and not ctx.strict:
            return [out for element in item for out in _step(ctx, step, element)]
        return _structural(ctx, SQL_JSON_MEMBER_NOT_FOUND,
                           "jsonpath member accessor can only be applied to an object")
    if kind == "anykey":
        if isinstance(item, dict):
            return list(item.values())
        if isinstance(item, list) and not ctx.strict:
            return [out for element in item for out in _step(ctx, step, element)]
        return _structural(ctx, SQL_JSON_OBJECT_NOT_FOUND,
                           "jsonpath wildcard member accessor can only be applied to an object")
    if kind == "anyarray":
        if isinstance(item, list):
            return list(item)
        if not ctx.strict:
            return [item]
        return _structural(ctx, SQL_JSON_ARRAY_NOT_FOUND,
                           "jsonpath wildcard array accessor can only be applied to an array")
    if kind == "index":
        if not isinstance(item, list):
            if ctx.strict:
                return _structural(ctx, SQL_JSON_ARRAY_NOT_FOUND,
                                   "jsonpath array accessor can only be applied to an array")
            array = [item]
        else:
            array = item
        saved, ctx.last = ctx.last, len(array) - 1
        try:
            out = []
            for start, end in step[1]:
                first = _subscript(ctx, start, item)
                last = first if end is None else _subscript(ctx, end, item)
                out_of_range = first < 0 or last >= len(array) or first > last
                if out_of_range and ctx.strict:
                    raise PgError(INVALID_SQL_JSON_SUBSCRIPT,
                                  "jsonpath array subscript is out of bounds")
                for index in range(max(first, 0), min(last, len(array) - 1) + 1):
                    out.append(array[index])
            return out
        finally:
            ctx.last = saved
    if kind == "any":
        out: list = []
        _descend(item, 0, step[1], step[2], out)
        return out
    if kind == "filter":
        if isinstance(item, list) and not ctx.strict:
            return [element for element in item if _predicate(ctx, step[1], element) == TRUE]
        return [item] if _predicate(ctx, step[1], item) == TRUE else []
    if kind == "method":
        if step[1] == "datetime":
            return _datetime_method(ctx, step, item)
        return _method(ctx, step[1], item)
    raise ValueError(kind)


def _datetime_method(ctx, step, item) -> list:
    if isinstance(item, list) and not ctx.strict:
        return [out for element in item for out in _datetime_method(ctx, step, element)]
    if not isinstance(item, str):
        raise PgError(INVALID_ARGUMENT_FOR_DATETIME_FUNCTION,
                      "jsonpath item method .datetime() can only be applied to a string")
    if step[2] is not None:
        return [parse_datetime_template(item, step[2])]
    return [parse_datetime(item)]


def _descend(item, level: int, first: int, last: int, out: list) -> None:
    if first <= level <= last:
        out.append(item)
    if level >= last:
        return
    children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
    for child in children:
        _descend(child, level + 1, first, last, out)


def _subscript(ctx, node, current) -> int:
    items = _eval(ctx, node, current)
    if len(items) != 1 or not isinstance(items[0], Decimal) or isinstance(items[0], bool):
        raise PgError(INVALID_SQL_JSON_SUBSCRIPT,
                      "jsonpath array subscript is not a single numeric value")
    value = int(items[0])      # truncates toward zero
    if not -(1 << 31) <= value < (1 << 31):
        raise PgError(INVALID_SQL_JSON_SUBSCRIPT, "jsonpath array subscript is out of integer range")
    return value


def _method(ctx, name: str, item) -> list:
    if isinstance(item, list) and name not in ("type", "size") and not ctx.strict:
        return [out for element in item for out in _method(ctx, name, element)]
    if name == "type":
        return [_kind(item)]
    if name == "keyvalue":
        if not isinstance(item, dict):
            raise PgError(SQL_JSON_OBJECT_NOT_FOUND,
                          "jsonpath item method .keyvalue() can only be applied to an object")
        if ctx.offsets is None:
            ctx.offsets = container_offsets(ctx.root)
        object_id = Decimal(ctx.offsets.get(id(item), 0))
        return [{"id": object_id, "key": key, "value": value} for key, value in item.items()]
    if name == "size":
        if isinstance(item, list):
            return [Decimal(len(item))]
        if ctx.strict:
            raise PgError(SQL_JSON_ARRAY_NOT_FOUND,
                          "jsonpath item method .size() can only be applied to an array")
        return [Decimal(1)]
    if name == "double":
        if isinstance(item, Decimal):
            value = numeric.numeric_to_float(item)
            if math.isinf(value) or math.isnan(value):
                raise PgError(NON_NUMERIC_SQL_JSON_ITEM, "numeric argument of jsonpath item "
                              "method .double() is out of range for type double precision")
            return [numeric.float_to_numeric(value)]
        if isinstance(item, str):
            try:
                value = float(item)
            except ValueError:
                value = None
            if value is None or math.isinf(value) or math.isnan(value):
                raise PgError(NON_NUMERIC_SQL_JSON_ITEM, "string argument of jsonpath item "
                              "method .double() is not a valid representation of a double "
                              "precision number")
            return [numeric.float_to_numeric(value)]
        raise PgError(NON_NUMERIC_SQL_JSON_ITEM, "jsonpath item method .double() can only be "
                      "applied to a string or numeric value")
    if not isinstance(item, Decimal) or isinstance(item, bool):
        raise PgError(NON_NUMERIC_SQL_JSON_ITEM,
                      f"jsonpath item method .{name}() can only be applied to a numeric value")
    if name == "ceiling":
        return [numeric.numeric_ceil(item)]
    if name == "floor":
        return [numeric.numeric_floor(item)]
    return [numeric.numeric_abs(item)]


def _predicate(ctx, node, current) -> str:
    kind = node[0]
    if kind == "and":
        left = _predicate(ctx, node[1], current)
        if left == FALSE:
            return FALSE
        right = _predicate(ctx, node[2], current)
        if right == FALSE:
            return FALSE
        return TRUE if left == TRUE and right == TRUE else UNKNOWN
    if kind == "or":
        left = _predicate(ctx, node[1], current)
        if left == TRUE:
            return TRUE
        right = _predicate(ctx, node[2], current)
        if right == TRUE:
            return TRUE
        return FALSE if left == FALSE and right == FALSE else UNKNOWN
    if kind == "not":
        result = _predicate(ctx, node[1], current)
        return {TRUE: FALSE, FALSE: TRUE}.get(result, UNKNOWN)
    if kind == "unknown":
        return TRUE if _predicate(ctx, node[1], current) == UNKNOWN else FALSE
    if kind == "exists":
        try:
            return TRUE if _eval(_lax_copy(ctx), node[1], current) else FALSE
        except PgError:
            return UNKNOWN
    if kind == "cmp":
        try:
            lefts = _unwrapped(ctx, _eval(ctx, node[2], current))
            rights = _unwrapped(ctx, _eval(ctx, node[3], current))
        except PgError:
            return UNKNOWN
        return _any_pair(ctx, node[1], lefts, rights)
    if kind == "like":
        try:
            items = _unwrapped(ctx, _eval(ctx, node[1], current))
        except PgError:
            return UNKNOWN
        regex = _compile_regex(node[2], node[3])
        found, error = False, False
        for item in items:
            if not isinstance(item, str):
                error = True
            elif regex.search(item):
                found = True
        return _result(found, error, ctx.strict)
    # any other expression: its value must be a boolean
    try:
        items = _eval(ctx, node, current)
    except PgError:
        return UNKNOWN
    if len(items) == 1 and isinstance(items[0], bool):
        return TRUE if items[0] else FALSE
    return UNKNOWN


def _lax_copy(ctx):
    return ctx


def _result(found: bool, error: bool, strict: bool) -> str:
    """Lax: any match wins; strict: an error anywhere makes the predicate unknown."""
    if error and (strict or not found):
        return UNKNOWN
    return TRUE if found else FALSE


def _any_pair(ctx, op: str, lefts, rights) -> str:
    found, error = False, False
    for left in lefts:
        for right in rights:
            result = _compare_items(op, left, right, ctx.use_tz)
            if result == UNKNOWN:
                error = True
            elif result == TRUE:
                found = True
                if not ctx.strict:
                    return TRUE
    return _result(found, error, ctx.strict)


def _kind(item) -> str:
    if isinstance(item, JsonDatetime):
        return item.type_name()
    return type_name(item)


def _compare_items(op: str, left, right, use_tz: bool = False) -> str:
    if op == "starts":
        if not isinstance(left, str) or not isinstance(right, str):
            return UNKNOWN
        return TRUE if left.startswith(right) else FALSE
    if isinstance(left, JsonDatetime) or isinstance(right, JsonDatetime):
        if not (isinstance(left, JsonDatetime) and isinstance(right, JsonDatetime)):
            return UNKNOWN
        cmp = compare_datetimes(left, right, use_tz)
        if cmp is None:
            return UNKNOWN
        return _outcome(op, cmp)
    left_kind, right_kind = _kind(left), _kind(right)
    if left_kind in ("array", "object") or right_kind in ("array", "object"):
        return UNKNOWN
    if left_kind != right_kind:
        if left_kind == "null" or right_kind == "null":
            return TRUE if op == "!=" else FALSE
        return UNKNOWN
    if left_kind == "null":
        cmp = 0
    elif left_kind == "string":
        a, b = left.encode("utf-8"), right.encode("utf-8")
        cmp = (a > b) - (a < b)
    else:
        cmp = (left > right) - (left < right)
    return _outcome(op, cmp)


def _outcome(op: str, cmp: int) -> str:
    outcome = {"==": cmp == 0, "!=": cmp != 0, "<": cmp < 0, "<=": cmp <= 0,
               ">": cmp > 0, ">=": cmp >= 0}[op]
    return TRUE if outcome else FALSE


def _compile_regex(pattern: str, flags: str):
    """like_regex's pattern as an ARE with the XQuery flags mapped as PostgreSQL's
    jspConvertRegexFlags does: . stops at newlines unless s, ^ $ anchor at them with m."""
    if "q" in flags:
        cflags = regex_translate.RegexFlags(syntax="quote", icase="i" in flags)
    else:
        if "x" in flags:
            raise PgError(FEATURE_NOT_SUPPORTED, 'XQuery "x" flag (expanded regular expressions) is not '
                                   'implemented')
        cflags = regex_translate.RegexFlags(icase="i" in flags, nlstop="s" not in flags,
                                            nlanch="m" in flags)
    return regex_translate.compile_regex(pattern, cflags)


def evaluate(path: JsonPath, tree, variables=None, silent: bool = False,
             use_tz: bool = False) -> list | None:
    """The items the path selects from `tree` (datetime items as their JSON strings);
    None when an error was silenced."""
    if variables is not None and not isinstance(variables, dict):
        raise PgError("22023", '"vars" argument is not an object',
                      detail='Jsonpath parameters should be encoded as key-value pairs of "vars" object.')
    ctx = _Context(tree, variables or {}, path.strict, use_tz)
    try:
        items = _eval(ctx, path.expr, tree)
        return [item.text() if isinstance(item, JsonDatetime) else item for item in items]
    except PgError:
        if silent:
            return None
        raise


def predicate_result(path: JsonPath, tree, variables=None, silent: bool = False,
                     use_tz: bool = False):
    """jsonb_path_match: the single boolean the path gives (None for null/unknown)."""
    items = evaluate(path, tree, variables, silent, use_tz)
    if items is None:
        return None
    if len(items) == 1:
        if isinstance(items[0], bool):
            return items[0]
        if items[0] is JSON_NULL:
            return None
    if silent:
        return None
    raise PgError(SINGLETON_SQL_JSON_ITEM_REQUIRED, "single boolean result is expected")


__all__ = ["JsonPath", "jsonpath_input", "jsonpath_output", "evaluate", "predicate_result",
           "InvalidOperation"]
