"""Raw parsing: SQL text -> pglast's JSON node trees (as dicts), one per statement.

Entry points:
    parse_sql(sql) -> list[RawStatement]   split a query string into statements
    fingerprint(sql) -> str                 a normalised key for the plan cache
    SourceText                              byte <-> character offsets of a query string

pglast (libpg_query) is PostgreSQL's own grammar. We ask it for the JSON form and
json.loads it: dicts cost ~20 µs per statement where pglast's Python AST objects cost 100+
µs (design.md §3). libpg_query reports node locations as BYTE offsets into the whole
query string; clients want 1-based CHARACTER positions, so every error position goes
through SourceText.position().

PostgreSQL: parser/parser.c (raw_parser), parser/scan.l (scanner_yyerror).
"""
from __future__ import annotations

import dataclasses
import json
import re

import pglast.parser as _pglast

from pgsnake.utils import notices
from pgsnake.utils.errors import CHARACTER_NOT_IN_REPERTOIRE, PgError, SYNTAX_ERROR


class SourceText:
    """A query string with byte-offset -> character-position conversion."""

    __slots__ = ("text", "_utf8", "_ascii")

    def __init__(self, text: str) -> None:
        self.text = text
        self._utf8 = text.encode("utf-8")
        self._ascii = len(self._utf8) == len(text)

    def char_offset(self, byte_offset: int) -> int:
        """0-based character offset of a 0-based byte offset."""
        if self._ascii:
            return byte_offset
        return len(self._utf8[:byte_offset].decode("utf-8", errors="ignore"))

    def position(self, byte_location: int | None) -> int | None:
        """PostgreSQL's error position (1-based characters) for a node location, or None
        when the node carries no location (-1)."""
        if byte_location is None or byte_location < 0:
            return None
        return self.char_offset(byte_location) + 1

    def slice_bytes(self, start: int, end: int | None) -> str:
        return self._utf8[start:end].decode("utf-8", errors="replace")


@dataclasses.dataclass(slots=True)
class RawStatement:
    """One statement of a query string.

    node      the pglast JSON tree, e.g. {'SelectStmt': {...}}
    text      this statement's own text (without the separating ';')
    location  0-based character offset of the statement in the whole string
    kind      the node's type name: 'SelectStmt', 'InsertStmt', 'CreateStmt', ...
    source    the whole query string; node locations are byte offsets into it
    """
    node: dict
    text: str
    location: int
    kind: str
    source: SourceText | None = None


def stack_depth_error() -> PgError:
    return PgError("54001", "stack depth limit exceeded",
                   hint='Increase the configuration parameter "max_stack_depth" (currently 2048kB), '
                        "after ensuring the platform's stack depth limit is adequate.")


# Errors PostgreSQL's grammar reports without a cursor position (gram.y's ereport calls
# without parser_errposition); libpg_query gives one anyway.
_GRAMMAR_ERRORS_WITHOUT_POSITION = frozenset({
    "WITH TIES cannot be specified without ORDER BY clause",
    "SKIP LOCKED and WITH TIES options cannot be used together",
})
# The grammar's own checks of a window frame clause are 42P20, not syntax errors.
WINDOWING_ERROR = "42P20"
_FRAME_ERRORS = ("frame start cannot be", "frame end cannot be", "frame starting from")
# ... and these are 0A000 (gram.y's ERRCODE_FEATURE_NOT_SUPPORTED).
_GRAMMAR_FEATURE_ERRORS = frozenset({
    "aggregates cannot have output arguments",
    "a column list with SET NULL is only supported for ON DELETE actions",
    "a column list with SET DEFAULT is only supported for ON DELETE actions"})
# ... and these 22023 (ERRCODE_INVALID_PARAMETER_VALUE).
_GRAMMAR_VALUE_ERRORS = frozenset({"column number must be in range from 1 to 32767"})
# Checks the newer grammar makes that PostgreSQL 15 makes later, in parse analysis: 22023
# without a cursor position (PARTITION BY MAGIC: transformPartitionSpec).
_PARSE_ANALYSIS_VALUE_ERRORS = ('unrecognized partitioning strategy "',)


# PostgreSQL 15's scanner: a number or parameter followed by identifier characters is
# "trailing junk" (16 reads 0x10, 0o17, 0b101 and 1_000 as numbers; pglast does too).
_MAYBE_NEWER_LITERAL = re.compile(r"\d[_A-Za-z]|\$\d+[_A-Za-z]")
_PG15_NUMBER = re.compile(rb"(?:(?:\d+\.?\d*|\.\d+)[Ee][-+]?\d+|\d+\.\d*|\.\d+|\d+)")
_IDENT_REST = re.compile(rb"[A-Za-z0-9_$\x80-\xff]*")
_NEWER_INTEGER_ERRORS = ("invalid hexadecimal integer", "invalid octal integer",
                         "invalid binary integer")


def _junk_error(data: bytes, start: int, message: str) -> PgError:
    number = _PG15_NUMBER.match(data, start) if message.endswith("numeric literal") else None
    end = number.end() if number else start + 1
    while message.endswith("parameter") and end < len(data) and data[end:end + 1].isdigit():
        end += 1
    end = _IDENT_REST.match(data, end).end()
    text = data[start:end].decode("utf-8", errors="replace")
    position = len(data[:start].decode("utf-8", errors="ignore")) + 1
    return PgError(SYNTAX_ERROR, f'{message} at or near "{text}"', position=position)


def _refuse_newer_literals(sql: str) -> None:
    """1_000, 0x10, 0o17, 0b101 and $1a are 42601 "trailing junk" in PostgreSQL 15."""
    if not _MAYBE_NEWER_LITERAL.search(sql):
        return
    data = sql.encode("utf-8")
    try:
        tokens = _pglast.scan(sql)
    except _pglast.ParseError:
        return
    ascii = len(data) == len(sql)
    for token in tokens:
        if token.name not in ("ICONST", "FCONST", "PARAM"):
            continue
        # scan() gives character offsets; the checks work on the UTF-8 bytes
        start = token.start if ascii else len(sql[:token.start].encode("utf-8"))
        end = token.end + 1 if ascii else len(sql[:token.end + 1].encode("utf-8"))
        if token.name != "PARAM":
            number = _PG15_NUMBER.match(data, start)
            if number is None or number.end() != end or _IDENT_REST.match(data, end).end() > end:
                raise _junk_error(data, start, "trailing junk after numeric literal")
        elif _IDENT_REST.match(data, end).end() > end:
            raise _junk_error(data, start, "trailing junk after parameter")


def _refuse_unsafe_unicode_strings(sql: str) -> None:
    """With standard_conforming_strings off, the scanner refuses a U&'...' string
    constant where it starts (0A000), before looking at its escapes."""
    if "&'" not in sql:
        return
    from pgsnake.utils import settings
    if settings.get("standard_conforming_strings"):
        return
    try:
        tokens = _pglast.scan(sql)
    except _pglast.ParseError:
        return
    for token in tokens:
        if token.name == "USCONST":         # scan() gives character offsets
            raise PgError("0A000", "unsafe use of string constant with Unicode escapes",
                          detail="String constants with Unicode escapes cannot be used "
                                 "when standard_conforming_strings is off.",
                          position=token.start + 1)


def _in_escape_string(sql: str, cursor: int) -> bool:
    """Whether the \\u / \\U escape at `cursor` is inside an E'...' string (the scanner
    reports its errors as 22025; a U&'...' string's are 42601)."""
    if sql[cursor:cursor + 2] not in ("\\u", "\\U"):
        return False
    quote = sql.rfind("'", 0, cursor)
    while quote > 0 and sql[quote - 1] in "\\'":       # an escaped or doubled quote
        quote = sql.rfind("'", 0, quote - 1)
    return quote > 0 and sql[quote - 1] in "eE"


# Syntax of later PostgreSQL versions pglast's grammar knows: a syntax error inside such
# a clause is reported where PostgreSQL 15's grammar stops, at the word after which 15
# has no such clause (MERGE's WHEN NOT MATCHED BY, RETURNING WITH (...)).
_NEWER_SYNTAX = (re.compile(r"\bnot\s+matched\s+(by)\b", re.IGNORECASE),
                 re.compile(r"\breturning\s+(with)\s*\(", re.IGNORECASE))
# NOT NULL NO INHERIT (PostgreSQL 17's) parses in pglast's grammar; 15's stops at "no".
_NOT_NULL_NO_INHERIT = re.compile(r"\bnot\s+null\s+(no)\s+inherit\b", re.IGNORECASE)


_NOT_NULL = re.compile(r"\b(not)\s+null\b", re.IGNORECASE)


def _refuse_alter_domain_not_null(sql: str, tree: dict) -> None:
    """ALTER DOMAIN ... ADD [CONSTRAINT c] NOT NULL is PostgreSQL 17's; 15's grammar
    takes only CHECK there and stops at NOT."""
    for entry in tree.get("stmts", ()):
        body = entry["stmt"].get("AlterDomainStmt")
        if body is None or body.get("subtype") != "C":
            continue
        constraint = (body.get("def") or {}).get("Constraint", {})
        if constraint.get("contype") != "CONSTR_NOTNULL":
            continue
        start = entry.get("stmt_location", 0)
        found = _NOT_NULL.search(sql, len(sql.encode("utf-8")[:start].decode("utf-8",
                                                                              "ignore")))
        raise PgError(SYNTAX_ERROR, 'syntax error at or near "not"',
                      position=found.start(1) + 1 if found else None)


def _refuse_not_null_no_inherit(sql: str, tree: dict) -> None:
    found = _NOT_NULL_NO_INHERIT.search(sql)
    if found is not None and _has_no_inherit_not_null(tree):
        raise PgError(SYNTAX_ERROR, 'syntax error at or near "no"', position=found.start(1) + 1)


def _has_no_inherit_not_null(node) -> bool:
    if isinstance(node, dict):
        if node.get("contype") == "CONSTR_NOTNULL" and node.get("is_no_inherit"):
            return True
        return any(_has_no_inherit_not_null(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_no_inherit_not_null(v) for v in node)
    return False


def _newer_syntax_error(sql: str, position) -> PgError | None:
    for pattern in _NEWER_SYNTAX:
        for found in pattern.finditer(sql):
            if position is None or found.start(1) < position:
                return PgError(SYNTAX_ERROR, f'syntax error at or near "{found.group(1)}"',
                               position=found.start(1) + 1)
    return None


def _wrapped_parameter_error(sql: str, cursor: int) -> PgError:
    """$99999999999: PostgreSQL 15's scanner reads the number with atol() and keeps it in
    an int, so it wraps; the analyzer then finds no such parameter (42P02) at the
    reference. (Later versions say "parameter number too large", as pglast does.)"""
    digits = re.match(r"\$(\d+)", sql[cursor:])
    number = min(int(digits.group(1)), 2 ** 63 - 1) if digits else 0
    wrapped = (number + 2 ** 31) % 2 ** 32 - 2 ** 31
    return PgError("42P02", f"there is no parameter ${wrapped}", position=cursor + 1)


# 64 or more identifier bytes in a row: maybe an identifier the scanner truncates.
_MAYBE_LONG_IDENTIFIER = re.compile(r'(?:[^\W\d]|[^\x00-\x7f])[\w$\x80-\U0010ffff]{31,}')
_NAME_MAX_BYTES = 63                    # NAMEDATALEN - 1


def notice_truncated_identifiers(sql: str) -> None:
    """The scanner's notices again, for a statement whose parse is re-used (a cached
    unnamed statement: PostgreSQL scans its text at every Parse)."""
    if _MAYBE_LONG_IDENTIFIER.search(sql):
        _notice_truncated_identifiers(sql)


def _notice_truncated_identifiers(sql: str) -> None:
    """The scanner's NOTICE 42622 for each identifier longer than NAMEDATALEN - 1 bytes
    (pglast truncates them silently), in the order they appear."""
    try:
        tokens = _pglast.scan(sql)
    except _pglast.ParseError:
        return
    for token in tokens:
        if token.name != "IDENT":
            continue
        text = sql[token.start:token.end + 1]
        if text.startswith('"') and text.endswith('"') and len(text) > 1:
            name = text[1:-1].replace('""', '"')
        elif text[:1] in "uU" and text[1:2] == "&":
            continue
        else:
            name = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
        data = name.encode("utf-8")
        if len(data) <= _NAME_MAX_BYTES:
            continue
        truncated = data[:_NAME_MAX_BYTES].decode("utf-8", errors="ignore")
        notices.emit("42622", f'identifier "{name}" will be truncated to "{truncated}"')


def parse_sql(sql: str) -> list[RawStatement]:
    """Parse a query string. Raises PgError 42601 with PostgreSQL's message and position."""
    _refuse_unsafe_unicode_strings(sql)
    try:
        tree = json.loads(_pglast.parse_sql_json(sql))
    except _pglast.ParseError as exc:
        message = exc.args[0] if exc.args else "syntax error"
        cursor = exc.args[1] if len(exc.args) > 1 else None
        if message.startswith(_NEWER_INTEGER_ERRORS) and isinstance(cursor, int):
            data = sql.encode("utf-8")      # '0x': junk after the number 0, as 15 says
            raise _junk_error(data, len(sql[:cursor].encode("utf-8")),
                              "trailing junk after numeric literal") from None
        # pglast's cursor is a 0-based character offset; none means "at end of input".
        position = cursor + 1 if isinstance(cursor, int) else len(sql) + 1
        if message == "stack depth limit exceeded":     # the grammar's own recursion guard
            raise stack_depth_error() from None
        if message.startswith("parameter number too large") and isinstance(cursor, int):
            raise _wrapped_parameter_error(sql, cursor) from None
        if message.startswith("invalid byte sequence for encoding"):
            raise PgError(CHARACTER_NOT_IN_REPERTOIRE, message) from None
        if message.startswith(_PARSE_ANALYSIS_VALUE_ERRORS):
            raise PgError("22023", message) from None
        if message in _GRAMMAR_ERRORS_WITHOUT_POSITION:
            position = None
        newer = _newer_syntax_error(sql, position)
        if newer is not None:
            raise newer from None
        sqlstate = WINDOWING_ERROR if message.startswith(_FRAME_ERRORS) else \
            "0A000" if message in _GRAMMAR_FEATURE_ERRORS else \
            "22023" if message in _GRAMMAR_VALUE_ERRORS else SYNTAX_ERROR
        if message == "invalid Unicode escape" and isinstance(cursor, int) and \
                _in_escape_string(sql, cursor):
            sqlstate = "22025"          # E'\u061': the scanner's invalid escape sequence
        raise PgError(sqlstate, message, position=position) from None
    _refuse_newer_literals(sql)
    _refuse_not_null_no_inherit(sql, tree)
    notice_truncated_identifiers(sql)
    if "alter" in sql.lower() and "AlterDomainStmt" in json.dumps(tree):
        _refuse_alter_domain_not_null(sql, tree)
    source = SourceText(sql)
    statements = []
    for entry in tree.get("stmts", ()):
        node = entry["stmt"]
        start = entry.get("stmt_location", 0)
        length = entry.get("stmt_len", 0)       # 0 means "to the end of the string"
        text = source.slice_bytes(start, start + length if length else None).strip()
        kind = next(iter(node))
        statements.append(RawStatement(node, text, source.char_offset(start), kind, source))
    return statements


def fingerprint(sql: str) -> str:
    """A key equal for statements that differ only in constants (pg_stat_statements'
    queryid idea), for keying a plan cache. Raises PgError 42601 on bad syntax."""
    try:
        return _pglast.fingerprint(sql)
    except _pglast.ParseError:
        parse_sql(sql)        # re-raise with PostgreSQL's message and position
        raise
