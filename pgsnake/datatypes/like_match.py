"""LIKE and ILIKE pattern matching: % matches any run of characters, _ one character,
and backslash (the default escape) makes the next character literal.

Entry points: like(text, pattern), ilike(text, pattern), compile_like(pattern, ignore_case,
ascii_case),
like_escape(pattern, escape) (what `x LIKE p ESCAPE e` calls: the grammar makes it
`x ~~ like_escape(p, e)`), install_functions(register).

PostgreSQL: utils/adt/like.c, like_match.c (MatchText, do_like_escape).
"""
from __future__ import annotations

import functools
import re

from pgsnake.utils.errors import PgError

INVALID_ESCAPE_SEQUENCE = "22025"


@functools.lru_cache(maxsize=512)
def compile_like(pattern: str, ignore_case: bool = False,
                 ascii_case: bool = False) -> re.Pattern:
    parts = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= len(pattern):
                raise PgError(INVALID_ESCAPE_SEQUENCE,
                              "LIKE pattern must not end with escape character")
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0) | (re.ASCII if ascii_case else 0)
    return re.compile("".join(parts) + r"\Z", flags)


def like(text: str, pattern: str) -> bool:
    return compile_like(pattern).match(text) is not None


def ilike(text: str, pattern: str) -> bool:
    """Case-insensitive as the database's LC_CTYPE folds case: only ASCII letters in
    the C ctype (PostgreSQL lowers both sides with lower() first)."""
    from pgsnake.utils import locale_names, settings
    ascii_case = locale_names.is_c(settings.get("lc_ctype") or "C")
    return compile_like(pattern, True, ascii_case).match(text) is not None


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
