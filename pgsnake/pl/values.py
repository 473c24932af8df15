"""Converting a value to the type a function's variable or result is declared with:
an assignment cast where one exists, else the text output and input functions
(PL/pgSQL's exec_cast_value, SQL functions' result coercion).

Entry point: coerce(value, source_type, target_type, typmod=-1) -> value.

PostgreSQL: pl/plpgsql/src/pl_exec.c (exec_cast_value, get_cast_hashentry),
executor/functions.c (check_sql_fn_retval's coercions).
"""
from __future__ import annotations

from pgsnake.datatypes import casts, registry

UNKNOWN = 705
_converters: dict = {}


def _converter(source: int, target: int):
    key = (source, target)
    convert = _converters.get(key)
    if convert is None:
        cast = None if source == UNKNOWN else casts.find_cast(source, target, "assignment")
        if cast is not None:
            convert = cast
        else:
            source_info = registry.get_type(source if source != UNKNOWN else 25)
            target_info = registry.get_type(target)
            convert = lambda value, typmod=-1: target_info.input(source_info.output(value), typmod)
        _converters[key] = convert
    return convert


def coerce(value, source_type: int, target_type: int, typmod: int = -1):
    if value is None:
        return None
    if target_type in (0, source_type, 2249, 2283, 2276) and typmod < 0:
        return value
    if source_type == 0:          # no type known: the value is taken as it is
        return value
    return _converter(source_type, target_type)(value, typmod)
