"""PL/pgSQL's condition names: matching an error against `WHEN division_by_zero`,
`WHEN SQLSTATE '22012'`, a class name such as `WHEN data_exception` (every 22xxx) or
`WHEN OTHERS` (everything but query_canceled and assert_failure), and turning `RAISE
unique_violation` or `ERRCODE = '...'` into a SQLSTATE.

Entry points: matches(condname, sqlstate_text, error_sqlstate), sqlstate_of(name_or_code),
name_of(sqlstate), is_sqlstate_text(text).

PostgreSQL: pl/plpgsql/src/pl_comp.c (plpgsql_parse_err_condition), pl_exec.c
(exception_matches_conditions), plerrcodes.h (generated_conditions.py here).
"""
from __future__ import annotations

import re

from pgsnake.pl.plpgsql.generated_conditions import CONDITIONS
from pgsnake.utils.errors import PgError

_BY_NAME: dict[str, list[str]] = {}
for _name, _code in CONDITIONS:
    _BY_NAME.setdefault(_name, []).append(_code)
_NAME_OF = {code: name for name, code in reversed(CONDITIONS)}
_SQLSTATE = re.compile(r"^[0-9A-Z]{5}$")
_NOT_OTHERS = ("57014", "P0004")       # query_canceled, assert_failure


def is_sqlstate_text(text: str) -> bool:
    return bool(_SQLSTATE.match(text))


def _code_matches(code: str, sqlstate: str) -> bool:
    if code == sqlstate:
        return True
    return code.endswith("000") and code[:2] == sqlstate[:2]     # a class: ERRCODE_IS_CATEGORY


def matches(condname: str, sqlstate_text: str | None, error_sqlstate: str) -> bool:
    name = (condname or "").lower()
    if name == "others":
        return error_sqlstate not in _NOT_OTHERS
    if sqlstate_text:
        return _code_matches(sqlstate_text, error_sqlstate)
    codes = _BY_NAME.get(name)
    if codes is None and is_sqlstate_text(condname):
        codes = [condname]
    return any(_code_matches(code, error_sqlstate) for code in codes or ())


def sqlstate_of(text: str) -> str:
    """A condition name or a five-character SQLSTATE (RAISE's condition, ERRCODE =)."""
    codes = _BY_NAME.get(text.lower())
    if codes:
        return codes[0]
    if is_sqlstate_text(text):
        if text.startswith("00"):
            raise PgError("42601", f'invalid SQLSTATE code "{text}"')
        return text
    raise PgError("42704", f'unrecognized exception condition "{text}"')


def name_of(sqlstate: str) -> str | None:
    return _NAME_OF.get(sqlstate)
