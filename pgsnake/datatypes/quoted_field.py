"""One field of a range or record literal: the text up to the next delimiter outside
double quotes, with the quoting undone (a backslash takes the next character as it is,
"" inside quotes is one "). range_in and record_in read their fields alike.

Entry point: read_quoted_field(text, i, delimiters, kind) -> (field, next position)

PostgreSQL: utils/adt/rangetypes.c (range_parse_bound), rowtypes.c (record_in).
"""
from __future__ import annotations

from pgsnake.utils.errors import INVALID_TEXT_REPRESENTATION, PgError


def read_quoted_field(text: str, i: int, delimiters: str, kind: str) -> tuple[str, int]:
    """The field starting at `text[i]`, and the position of the delimiter that ends it
    (one of `delimiters`). 22P02 "malformed <kind> literal" when the text ends first."""
    n = len(text)
    chars: list[str] = []
    in_quote = False
    while in_quote or not (i < n and text[i] in delimiters):
        if i >= n:
            raise _unexpected_end(text, kind)
        ch = text[i]
        i += 1
        if ch == "\\":
            if i >= n:
                raise _unexpected_end(text, kind)
            chars.append(text[i])
            i += 1
        elif ch == '"':
            if not in_quote:
                in_quote = True
            elif i < n and text[i] == '"':
                chars.append('"')
                i += 1
            else:
                in_quote = False
        else:
            chars.append(ch)
    return "".join(chars), i


def _unexpected_end(text: str, kind: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed {kind} literal: "{text}"',
                   detail="Unexpected end of input.")
