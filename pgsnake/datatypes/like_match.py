"""LIKE and ILIKE pattern matching: % matches any run of characters, _ one character,
and backslash (the default escape) makes the next character literal.

Entry points: like(text, pattern), ilike(text, pattern), compile_like(pattern, ignore_case).

PostgreSQL: utils/adt/like.c, like_match.c (MatchText).
"""
from __future__ import annotations

import functools
import re

from pgsnake.utils.errors import PgError

INVALID_ESCAPE_SEQUENCE = "22025"


@functools.lru_cache(maxsize=512)
def compile_like(pattern: str, ignore_case: bool = False) -> re.Pattern:
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
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(parts) + r"\Z", flags)


def like(text: str, pattern: str) -> bool:
    return compile_like(pattern).match(text) is not None


def ilike(text: str, pattern: str) -> bool:
    return compile_like(pattern, True).match(text) is not None
