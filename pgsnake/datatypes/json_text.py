"""JSON text: the lexer and parser behind json and jsonb input, with PostgreSQL's error
reports, and the string escaping used when JSON is printed.

Entry points:
    parse(text, decode_strings=True) -> Node tree     validate and parse JSON text
    validate(text)                                    json_in: check only, keep the text
    escape_string(s) -> '"..."'                       escape_json
    Node                                              (kind, value, start, end)

A Node is a tuple (kind, value, start, end): kind is 'object', 'array', 'string',
'number', 'true', 'false' or 'null'; value is a list of (key, Node) pairs for an object
(duplicates kept, in input order), a list of Nodes for an array, the de-escaped text of a
string (None when decode_strings is False), the token text of a number, else None. start
and end index the input text, so json functions can return a value's own text.

Errors: 22P02 "invalid input syntax for type json" with PostgreSQL's DETAIL (which token
was expected and what was found) and CONTEXT ("JSON data, line N: <excerpt>"); \\u0000 in
a value that must be de-escaped is 22P05. The tokenizer follows PostgreSQL's: an invalid
token extends over the letters, digits, '_' and non-ASCII characters after it, so the
whole bad word is reported.

PostgreSQL: common/jsonapi.c (json_lex, json_lex_string, json_lex_number, parse_*,
json_errdetail), utils/adt/jsonfuncs.c (report_json_context), utils/adt/json.c
(escape_json).
"""
from __future__ import annotations

import re

from pgsnake.utils.errors import PgError, INVALID_TEXT_REPRESENTATION

UNTRANSLATABLE_CHARACTER = "22P05"

_WHITESPACE = " \t\n\r"
_PLAIN_STRING = re.compile(r'"[^"\\\x00-\x1f]*"')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t"}

# Token kinds
STRING, NUMBER, OBJECT_START, OBJECT_END, ARRAY_START, ARRAY_END, COMMA, COLON, TRUE, \
    FALSE, NULL, END = range(12)
_PUNCTUATION = {"{": OBJECT_START, "}": OBJECT_END, "[": ARRAY_START, "]": ARRAY_END,
                ",": COMMA, ":": COLON}
_WORDS = {"true": TRUE, "false": FALSE, "null": NULL}


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_") or not ch.isascii()


class _Lexer:
    """One token at a time over the input, remembering where the current token starts
    and ends and where its line starts (for the error context)."""

    __slots__ = ("text", "decode", "length", "position", "kind", "start", "end", "value",
                 "line_number", "line_start")

    def __init__(self, text: str, decode: bool) -> None:
        self.text = text
        self.decode = decode
        self.length = len(text)
        self.position = 0
        self.line_number = 1
        self.line_start = 0
        self.kind = END
        self.start = self.end = 0
        self.value = None

    # -- errors -------------------------------------------------------------------------
    def fail(self, detail: str, end: int | None = None, *, code: str = INVALID_TEXT_REPRESENTATION,
             message: str = "invalid input syntax for type json") -> PgError:
        if end is not None:
            self.end = end
        return PgError(code, message, detail=detail, context=self.context())

    def context(self) -> str:
        raw = self.text.encode("utf-8")
        line_start = len(self.text[:self.line_start].encode("utf-8"))
        context_end = len(self.text[:self.end].encode("utf-8"))
        context_start = line_start
        while context_end - context_start >= 50:   # advance by whole characters
            context_start += 1
            while context_start < len(raw) and (raw[context_start] & 0xC0) == 0x80:
                context_start += 1
        if context_start - line_start <= 3:
            context_start = line_start
        excerpt = raw[context_start:context_end].decode("utf-8", errors="replace")
        prefix = "..." if context_start > line_start else ""
        suffix = "..." if (self.kind != END and context_end < len(raw)
                           and raw[context_end:context_end + 1] not in (b"\n", b"\r")) else ""
        return f"JSON data, line {self.line_number}: {prefix}{excerpt}{suffix}"

    def token_text(self) -> str:
        return self.text[self.start:self.end]

    # -- tokens -------------------------------------------------------------------------
    def advance(self) -> None:
        text, position, length = self.text, self.position, self.length
        while position < length and text[position] in _WHITESPACE:
            if text[position] == "\n":
                self.line_number += 1
                self.line_start = position + 1
            position += 1
        self.start = position
        self.value = None
        if position >= length:
            self.kind = END
            self.start = self.end = self.position = length
            return
        ch = text[position]
        kind = _PUNCTUATION.get(ch)
        if kind is not None:
            self.kind, self.end = kind, position + 1
        elif ch == '"':
            self.kind = STRING
            self._string(position)
        elif ch == "-" or "0" <= ch <= "9":
            self.kind = NUMBER
            self._number(position)
        else:
            end = position
            while end < length and _is_word_char(text[end]):
                end += 1
            if end == position:
                self.kind = END + 1
                self.end = position + 1
                raise self.fail(f'Token "{ch}" is invalid.')
            self.end = end
            word = text[position:end]
            kind = _WORDS.get(word)
            if kind is None:
                self.kind = END + 1
                raise self.fail(f'Token "{word}" is invalid.')
            self.kind = kind
        self.position = self.end

    def _number(self, position: int) -> None:
        """PostgreSQL's number scanner: sign, integer part, fraction, exponent; any
        letters or digits right after make the whole run one invalid token."""
        text, length = self.text, self.length
        i, bad = position, False
        if text[i] == "-":
            i += 1
        if i < length and text[i] == "0":
            i += 1
        elif i < length and "1" <= text[i] <= "9":
            while i < length and "0" <= text[i] <= "9":
                i += 1
        else:
            bad = True
        if i < length and text[i] == ".":
            i += 1
            if i == length or not "0" <= text[i] <= "9":
                bad = True
            while i < length and "0" <= text[i] <= "9":
                i += 1
        if i < length and text[i] in "eE":
            i += 1
            if i < length and text[i] in "+-":
                i += 1
            if i == length or not "0" <= text[i] <= "9":
                bad = True
            while i < length and "0" <= text[i] <= "9":
                i += 1
        while i < length and _is_word_char(text[i]):
            i += 1
            bad = True
        self.end = i
        if bad:
            self.kind = END + 1
            raise self.fail(f'Token "{text[position:i]}" is invalid.')
        self.value = text[position:i]

    def _string(self, position: int) -> None:
        text, length = self.text, self.length
        plain = _PLAIN_STRING.match(text, position)
        if plain is not None:
            self.end = plain.end()
            self.value = text[position + 1:self.end - 1] if self.decode else None
            return
        out: list[str] = []
        high_surrogate = -1
        i = position
        while True:
            i += 1
            if i >= length:
                self.end = length
                self.kind = END + 1
                raise self.fail(f'Token "{text[position:length]}" is invalid.')
            ch = text[i]
            if ch == '"':
                break
            if ord(ch) < 32:
                self.kind = END + 1
                raise self.fail(f"Character with value 0x{ord(ch):02x} must be escaped.", i)
            if ch == "\\":
                i += 1
                if i >= length:
                    self.end = length
                    self.kind = END + 1
                    raise self.fail(f'Token "{text[position:length]}" is invalid.')
                ch = text[i]
                if ch == "u":
                    code = 0
                    for _ in range(4):
                        i += 1
                        if i >= length:
                            self.end = length
                            self.kind = END + 1
                            raise self.fail(f'Token "{text[position:length]}" is invalid.')
                        digit = text[i]
                        if digit not in "0123456789abcdefABCDEF":
                            self.kind = END + 1
                            raise self.fail('"\\u" must be followed by four hexadecimal digits.',
                                            i + 1)
                        code = code * 16 + int(digit, 16)
                    if not self.decode:
                        continue
                    if 0xD800 <= code <= 0xDBFF:
                        if high_surrogate != -1:
                            raise self.fail("Unicode high surrogate must not follow a high "
                                            "surrogate.", i + 1)
                        high_surrogate = code
                        continue
                    if 0xDC00 <= code <= 0xDFFF:
                        if high_surrogate == -1:
                            raise self.fail("Unicode low surrogate must follow a high "
                                            "surrogate.", i + 1)
                        code = 0x10000 + ((high_surrogate - 0xD800) << 10) + (code - 0xDC00)
                        high_surrogate = -1
                    if high_surrogate != -1:
                        raise self.fail("Unicode low surrogate must follow a high surrogate.",
                                        i + 1)
                    if code == 0:
                        raise self.fail("\\u0000 cannot be converted to text.", i + 1,
                                        code=UNTRANSLATABLE_CHARACTER,
                                        message="unsupported Unicode escape sequence")
                    out.append(chr(code))
                    continue
                if self.decode and high_surrogate != -1:
                    raise self.fail("Unicode low surrogate must follow a high surrogate.",
                                    i + 1)
                replacement = _ESCAPES.get(ch)
                if replacement is None:
                    self.start = i
                    self.kind = END + 1
                    raise self.fail(f'Escape sequence "\\{ch}" is invalid.', i + 1)
                out.append(replacement)
                continue
            if self.decode:
                if high_surrogate != -1:
                    raise self.fail("Unicode low surrogate must follow a high surrogate.",
                                    i + 1)
                out.append(ch)
        if self.decode and high_surrogate != -1:
            raise self.fail("Unicode low surrogate must follow a high surrogate.", i + 1)
        self.end = i + 1
        self.value = "".join(out) if self.decode else None


class _Parser:
    """Recursive descent over the lexer's tokens, as PostgreSQL's pg_parse_json."""

    def __init__(self, lexer: _Lexer) -> None:
        self.lexer = lexer

    def expected(self, detail_kind: str) -> PgError:
        lexer = self.lexer
        if lexer.kind == END:
            return lexer.fail("The input string ended unexpectedly.")
        found = lexer.token_text()
        details = {
            "value": f'Expected JSON value, but found "{found}".',
            "string": f'Expected string, but found "{found}".',
            "object_start": f'Expected string or "}}", but found "{found}".',
            "colon": f'Expected ":", but found "{found}".',
            "object_next": f'Expected "," or "}}", but found "{found}".',
            "array_next": f'Expected "," or "]", but found "{found}".',
            "end": f'Expected end of input, but found "{found}".',
        }
        return lexer.fail(details[detail_kind])

    def value(self):
        lexer = self.lexer
        kind, start = lexer.kind, lexer.start
        if kind == OBJECT_START:
            return self.object()
        if kind == ARRAY_START:
            return self.array()
        if kind == STRING:
            node = ("string", lexer.value, start, lexer.end)
        elif kind == NUMBER:
            node = ("number", lexer.value, start, lexer.end)
        elif kind == TRUE:
            node = ("true", None, start, lexer.end)
        elif kind == FALSE:
            node = ("false", None, start, lexer.end)
        elif kind == NULL:
            node = ("null", None, start, lexer.end)
        else:
            raise self.expected("value")
        lexer.advance()
        return node

    def object(self):
        lexer = self.lexer
        start = lexer.start
        lexer.advance()
        pairs = []
        if lexer.kind == OBJECT_END:
            end = lexer.end
            lexer.advance()
            return ("object", pairs, start, end)
        if lexer.kind != STRING:
            raise self.expected("object_start")
        while True:
            key = lexer.value
            lexer.advance()
            if lexer.kind != COLON:
                raise self.expected("colon")
            lexer.advance()
            pairs.append((key, self.value()))
            if lexer.kind == COMMA:
                lexer.advance()
                if lexer.kind != STRING:
                    raise self.expected("string")
                continue
            if lexer.kind == OBJECT_END:
                end = lexer.end
                lexer.advance()
                return ("object", pairs, start, end)
            raise self.expected("object_next")

    def array(self):
        lexer = self.lexer
        start = lexer.start
        lexer.advance()
        items = []
        if lexer.kind == ARRAY_END:
            end = lexer.end
            lexer.advance()
            return ("array", items, start, end)
        while True:
            items.append(self.value())
            if lexer.kind == COMMA:
                lexer.advance()
                continue
            if lexer.kind == ARRAY_END:
                end = lexer.end
                lexer.advance()
                return ("array", items, start, end)
            raise self.expected("array_next")


def parse(text: str, decode_strings: bool = True):
    """Parse JSON text into a Node tree, or raise PostgreSQL's error."""
    lexer = _Lexer(text, decode_strings)
    lexer.advance()
    parser = _Parser(lexer)
    node = parser.value()
    if lexer.kind != END:
        raise parser.expected("end")
    return node


def validate(text: str) -> str:
    """json_in: the text unchanged once it parses (strings are not de-escaped)."""
    parse(text, decode_strings=False)
    return text


def escape_string(value: str) -> str:
    """A JSON string literal: quotes, backslash and control characters escaped."""
    if _SAFE.fullmatch(value):
        return '"' + value + '"'
    out = ['"']
    for ch in value:
        escaped = _OUTPUT_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ord(ch) < 32:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_SAFE = re.compile(r'[^"\\\x00-\x1f]*')
_OUTPUT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n",
                   "\r": "\\r", "\t": "\\t"}


def node_text(text: str, node) -> str:
    """The input text a node was parsed from."""
    return text[node[2]:node[3]]
