"""LIKE and ILIKE pattern matching: % matches any run of characters, _ one character,
and backslash (the default escape) makes the next character literal.

Entry points: like(text, pattern), ilike(text, pattern), compile_like(pattern, ignore_case,
ascii_case) (the pattern as a Python regular expression),
like_escape(pattern, escape) (what `x LIKE p ESCAPE e` calls: the grammar makes it
`x ~~ like_escape(p, e)`), install_functions(register).

PostgreSQL: utils/adt/like.c, like_match.c (MatchText, do_like_escape).
"""
from __future__ import annotations

import functools
import re

from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import run_interruptible

INVALID_ESCAPE_SEQUENCE = "22025"


@functools.lru_cache(maxsize=512)
def compile_like(pattern: str, ignore_case: bool = False,
                 ascii_case: bool = False) -> re.Pattern:
    return re.compile(_regex_source(_parse(pattern)), _flags(ignore_case, ascii_case))


def _parse(pattern: str) -> list[str]:
    """The pattern as a list of pieces: '%', '_' or a one-character literal."""
    pieces = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= len(pattern):
                raise PgError(INVALID_ESCAPE_SEQUENCE,
                              "LIKE pattern must not end with escape character")
            pieces.append("\\" + pattern[i + 1])
            i += 2
            continue
        pieces.append(ch)
        i += 1
    return pieces


def _regex_source(pieces: list[str]) -> str:
    return "".join(".*" if p == "%" else "." if p == "_" else re.escape(p[-1])
                   for p in pieces) + r"\Z"


def _flags(ignore_case: bool, ascii_case: bool) -> int:
    return re.DOTALL | (re.IGNORECASE if ignore_case else 0) | (re.ASCII if ascii_case else 0)


@functools.lru_cache(maxsize=512)
def _case_sensitive_matcher(pattern: str):
    """text -> bool for LIKE. The common shapes ('abc', 'abc%', '%abc', '%abc%') are
    string tests; any other pattern is a regular expression run through
    interrupts.run_interruptible, since several % can make Python's backtracking
    engine take long (PostgreSQL's matcher checks for interrupts as it goes)."""
    pieces = _parse(pattern)
    inner = pieces[1:-1] if len(pieces) >= 2 else []
    if "_" not in pieces:
        literal = "".join(p[-1] for p in pieces if p != "%")
        if "%" not in pieces:
            return literal.__eq__
        if pieces[-1] == "%" and "%" not in pieces[:-1]:
            return lambda text: text.startswith(literal)
        if pieces[0] == "%" and "%" not in pieces[1:]:
            return lambda text: text.endswith(literal)
        if pieces[0] == pieces[-1] == "%" and "%" not in inner:
            return lambda text: literal in text
    match = compile_like(pattern).match
    return lambda text: run_interruptible(match, text) is not None


def like(text: str, pattern: str) -> bool:
    return _case_sensitive_matcher(pattern)(text)


def ilike(text: str, pattern: str) -> bool:
    """Case-insensitive as the database's LC_CTYPE folds case: only ASCII letters in
    the C ctype (PostgreSQL lowers both sides with lower() first)."""
    from pgsnake.utils import locale_names, settings
    ascii_case = locale_names.is_c(settings.get("lc_ctype") or "C")
    return run_interruptible(compile_like(pattern, True, ascii_case).match, text) is not None


def like_escape(pattern, escape):
    """`pattern` written with `escape` as its escape character, rewritten to use the
    default one (backslash). An empty escape means none: every backslash becomes a
    literal one. text and bytea alike (str or bytes)."""
    backslash = pattern[:0] + ("\\" if isinstance(pattern, str) else b"\\")
    if len(escape) > 1:
        raise PgError(INVALID_ESCAPE_SEQUENCE, "invalid escape string",
                      hint="Escape string must be empty or one character.")
    if escape == backslash:
        return pattern
    out = []
    after_escape = False
    for i in range(len(pattern)):
        ch = pattern[i:i + 1]
        if escape and ch == escape and not after_escape:
            out.append(backslash)
            after_escape = True
        elif ch == backslash:
            out.append(backslash if after_escape else backslash + backslash)
            after_escape = False
        else:
            out.append(ch)
            after_escape = False
    return pattern[:0].join(out)


def install_functions(register) -> None:
    """like_escape(text, text) and like_escape(bytea, bytea) (pg_proc 1637, 2009)."""
    for oid, type_oid in ((1637, 25), (2009, 17)):
        register("like_escape", (type_oid, type_oid), type_oid, like_escape, oid=oid,
                 strict=True, volatility="i")
