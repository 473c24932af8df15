"""format(), quote_ident(), quote_literal() and quote_nullable(): building SQL text.

format(fmt, VARIADIC "any") reads conversions %[n$][-][width]type, with type one of
s (the value as text; NULL is empty), I (an identifier, quoted when needed; NULL is an
error) and L (a literal, quoted; NULL is the word NULL); %% is a percent sign. width
is a number, * (the next argument) or *n$ (argument n); a negative width left-justifies.
An explicit position n$ also moves the implicit argument counter to n + 1.

quote_ident quotes a name unless it is all lower-case letters, digits and underscores,
starts with a letter or underscore, and is not a keyword other than an unreserved one,
as PostgreSQL's quote_identifier does (the keyword lists come from pglast, which is
built from PostgreSQL's own grammar). quote_literal doubles quotes, and writes a value
with backslashes as E'...' with the backslashes doubled.

Entry points: format_text(fmt, *typed_args) (typed_args: (type oid, value) pairs, the
variadic "any" convention of functions.py), quote_ident, quote_literal, quote_nullable.

PostgreSQL: utils/adt/varlena.c (text_format), utils/adt/quote.c,
utils/adt/ruleutils.c (quote_identifier).
"""
from __future__ import annotations

from pglast.keywords import UNRESERVED_KEYWORDS, COL_NAME_KEYWORDS, RESERVED_KEYWORDS, \
    TYPE_FUNC_NAME_KEYWORDS

from pgsnake.datatypes import registry
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, NULL_VALUE_NOT_ALLOWED, PgError

_KEYWORDS_TO_QUOTE = frozenset(COL_NAME_KEYWORDS | RESERVED_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS) \
    - frozenset(UNRESERVED_KEYWORDS)
_PERCENT_HINT = 'For a single "%" use "%%".'


def quote_ident(name: str) -> str:
    plain = bool(name) and (name[0].islower() or name[0] == "_") and all(
        c.islower() or c.isdigit() or c == "_" for c in name) and name.isascii()
    if plain and name not in _KEYWORDS_TO_QUOTE:
        return name
    return '"' + name.replace('"', '""') + '"'


_SCANNER_SPACE = " \t\n\r\f"


def _ident_start(ch: str) -> bool:
    return ch == "_" or ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ord(ch) > 127


def parse_ident(text: str, strict: bool = True) -> list[str]:
    """parse_ident: a qualified identifier split into its parts, unquoted ones folded to
    lower case (ASCII only) and none truncated; 22023 "string is not a valid
    identifier" (with misc.c's DETAILs) otherwise, and for trailing text when strict."""
    def invalid(detail=None):
        return PgError("22023", f'string is not a valid identifier: "{text}"', detail=detail)
    parts: list[str] = []
    i, n = 0, len(text)
    after_dot = False
    while i < n and text[i] in _SCANNER_SPACE:
        i += 1
    while True:
        found = False
        if i < n and text[i] == '"':
            name, i = [], i + 1
            while True:
                end = text.find('"', i)
                if end < 0:
                    raise invalid("String has unclosed double quotes.")
                name.append(text[i:end])
                if text[end + 1:end + 2] != '"':
                    i = end + 1
                    break
                name.append('"')
                i = end + 2
            if not "".join(name):
                raise invalid("Quoted identifier must not be empty.")
            parts.append("".join(name))
            found = True
        elif i < n and _ident_start(text[i]):
            start = i
            i += 1
            while i < n and (_ident_start(text[i]) or text[i].isdigit() and text[i].isascii()
                             or text[i] == "$"):
                i += 1
            parts.append("".join(c.lower() if "A" <= c <= "Z" else c for c in text[start:i]))
            found = True
        if not found:
            if i < n and text[i] == ".":
                raise invalid('No valid identifier before ".".')
            if after_dot:
                raise invalid('No valid identifier after ".".')
            raise invalid()
        while i < n and text[i] in _SCANNER_SPACE:
            i += 1
        if i < n and text[i] == ".":
            after_dot = True
            i += 1
            while i < n and text[i] in _SCANNER_SPACE:
                i += 1
        elif i >= n:
            break
        else:
            if strict:
                raise invalid()
            break
    return parts


def quote_literal(text: str) -> str:
    quoted = "'" + text.replace("'", "''") + "'"
    if "\\" in text:
        return "E" + quoted.replace("\\", "\\\\")
    return quoted


def quote_nullable(text: str | None) -> str:
    return "NULL" if text is None else quote_literal(text)


def _as_text(type_oid: int, value) -> str:
    if isinstance(value, str) and type_oid != registry.BPCHAR:
        return value
    return registry.get_type(type_oid).output(value)


def _error(message: str, hint: str | None = None) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, message, hint=hint)


def _read_number(fmt: str, i: int) -> tuple[int | None, int]:
    start = i
    while i < len(fmt) and fmt[i].isdigit():
        i += 1
    if i == start:
        return None, i
    number = int(fmt[start:i])
    if number > 2**31 - 1:
        raise _error("number is out of range")
    return number, i


def format_text(fmt: str | None, *typed_args) -> str | None:
    if fmt is None:
        return None
    out: list[str] = []
    next_arg = 0                     # 0-based index of the next implicit argument
    i = 0
    n = len(fmt)

    def unterminated() -> PgError:
        return _error("unterminated format() type specifier", _PERCENT_HINT)

    def argument(number: int):
        if number >= len(typed_args):
            raise _error("too few arguments for format()")
        return typed_args[number]

    while i < n:
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= n:
            raise unterminated()
        if fmt[i] == "%":
            out.append("%")
            i += 1
            continue
        # position n$
        number, j = _read_number(fmt, i)
        position = None
        if number is not None and j < n and fmt[j] == "$":
            if number == 0:
                raise _error("format specifies argument 0, but arguments are numbered from 1")
            position = number - 1
            i = j + 1
        left_justify = False
        while i < n and fmt[i] == "-":
            left_justify = True
            i += 1
        width = None
        if i < n and fmt[i] == "*":
            i += 1
            number, j = _read_number(fmt, i)
            if number is not None and j < n and fmt[j] == "$":
                if number == 0:
                    raise _error("format specifies argument 0, but arguments are numbered "
                                 "from 1")
                width_arg = number - 1
                next_arg = number              # the value follows its width argument
                i = j + 1
            else:
                width_arg = next_arg
                next_arg += 1
            width_type, width_value = argument(width_arg)
            if width_value is not None:
                from pgsnake.datatypes import casts
                width = casts.convert(width_value, width_type, 23, -1, "explicit") \
                    if width_type != 23 else width_value
        else:
            width, i = _read_number(fmt, i)
        if i >= n:
            raise unterminated()
        kind = fmt[i]
        i += 1
        if kind not in "sIL":
            raise _error(f'unrecognized format() type specifier "{kind}"', _PERCENT_HINT)
        if position is None:
            position = next_arg
        next_arg = position + 1
        type_oid, value = argument(position)
        if kind == "s":
            text = "" if value is None else _as_text(type_oid, value)
        elif kind == "I":
            if value is None:
                raise PgError(NULL_VALUE_NOT_ALLOWED,
                              "null values cannot be formatted as an SQL identifier")
            text = quote_ident(_as_text(type_oid, value))
        else:
            text = "NULL" if value is None else quote_literal(_as_text(type_oid, value))
        if width is not None:
            if width < 0:
                left_justify, width = True, -width
            text = text.ljust(width) if left_justify else text.rjust(width)
        out.append(text)
    return "".join(out)
