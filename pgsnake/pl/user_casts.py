"""User-defined casts at run time: the type-coercion code (datatypes/type_coercion.py)
asks `lookup(source, target)` whether a CREATE CAST row (catalog/cast_creation.py)
converts between two types, and gets (castcontext, castmethod, call): call(value,
typmod, explicit) runs a WITH FUNCTION cast's function by OID
(user_aggregates.SupportFunction), passing the typmod and the explicit flag when the
function declares them, as PostgreSQL's build_coercion_expression does.

Entry point: install() (called by pl/__init__.py).

PostgreSQL: parser/parse_coerce.c (find_coercion_pathway, build_coercion_expression).
"""
from __future__ import annotations

from pgsnake.catalog import cast_creation, invalidation, lookup_functions
from pgsnake.datatypes import type_coercion
from pgsnake.pl.user_aggregates import SupportFunction
from pgsnake.utils import process_state

_made: dict[int, tuple] = {}
invalidation.add_cache_reset(_made.clear)


def _call(row):
    proc = lookup_functions.proc_row(row.castfunc)
    nargs = proc.pronargs if proc is not None else 1
    function = SupportFunction(row.castfunc, list(proc.proargtypes) if proc is not None
                               else [row.castsource])

    def call(value, typmod=-1, explicit=False):
        args = [value, typmod, explicit][:nargs]
        return function(*args)
    return call


def _lookup(source: int, target: int) -> tuple | None:
    if not process_state.database_oid:
        return None
    row = cast_creation.user_cast(source, target)
    if row is None:
        return None
    made = _made.get(row.oid)
    if made is None:
        made = _made[row.oid] = (row.castcontext, row.castmethod,
                                 _call(row) if row.castmethod == "f" else None)
    return made


def install() -> None:
    type_coercion.set_user_cast_lookup(_lookup)
