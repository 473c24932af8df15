"""POSIX regular-expression match operators: ~, !~, ~* and !~* on text and name.

PostgreSQL's engine is Henry Spencer's (advanced regular expressions); pgsnake matches
with Python's `re`, which agrees on the common syntax (anchors, classes in brackets,
groups, alternation, quantifiers, \\d \\w \\s). Where they differ (ARE's [[:alpha:]]
classes, \\m \\M \\y word anchors, embedded options) pgsnake's answer may differ or be
2201B "invalid regular expression". Compiled patterns are cached per backend.

Entry point: register_all() (called by operators.py).

PostgreSQL: utils/adt/regexp.c (textregexeq, texticregexeq, nameregexeq, RE_compile_and_cache).
"""
from __future__ import annotations

import functools
import re

from pgsnake.utils.errors import PgError

TEXT, NAME = 25, 19
INVALID_REGULAR_EXPRESSION = "2201B"


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str, ignore_case: bool):
    try:
        return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise PgError(INVALID_REGULAR_EXPRESSION,
                      f"invalid regular expression: {_pg_message(exc.msg)}") from None


# Python's complaint -> Spencer's (regerror texts), for the common mistakes.
_MESSAGES = (("missing )", "parentheses () not balanced"),
             ("unbalanced parenthesis", "parentheses () not balanced"),
             ("unterminated character set", "brackets [] not balanced"),
             ("nothing to repeat", "quantifier operand invalid"),
             ("multiple repeat", "quantifier operand invalid"),
             ("bad escape (end of pattern)", "invalid escape \\ sequence"))


def _pg_message(python_message: str) -> str:
    for start, text in _MESSAGES:
        if python_message.startswith(start):
            return text
    return python_message


def _matcher(ignore_case: bool, negate: bool):
    def match(value: str, pattern: str) -> bool:
        found = _compiled(pattern, ignore_case).search(value) is not None
        return found != negate
    return match


# (oid, operator, left type, ignore case, negated), as in pg_operator
_OPERATORS = (
    (639, "~", NAME, False, False), (640, "!~", NAME, False, True),
    (641, "~", TEXT, False, False), (642, "!~", TEXT, False, True),
    (1226, "~*", NAME, True, False), (1227, "!~*", NAME, True, True),
    (1228, "~*", TEXT, True, False), (1229, "!~*", TEXT, True, True),
)


def register_all() -> None:
    from pgsnake.datatypes import operators
    for oid, name, left, ignore_case, negate in _OPERATORS:
        operators.register(oid, name, left, TEXT, 16, _matcher(ignore_case, negate))
