"""User-defined operators at run time: finding them for the parser and calling their
functions.

The operator registry (datatypes/operators.py) asks `candidates(name, left, right)` for
the user operators that could take an expression: the pg_operator rows of that name
(catalog/operator_creation.py) of the same kind (prefix or binary) in a schema of the
search path, a schema earlier in the path hiding the same signature later in it. Each
becomes an `Operator` whose function is its oprcode called by OID
(user_aggregates.SupportFunction: a user function through function_manager, a built-in
one through the function registry) and whose strictness is the function's; a shell
operator (no oprcode yet) is returned with fn None, so that an exact match is refused
as PostgreSQL refuses it ("operator is only a shell"). The Operator objects are cached
per backend and dropped at every catalog invalidation, as is the operator registry's
cache of built-in operators chosen by the candidate rules.

Entry point: install() (called by pl/__init__.py).

PostgreSQL: parser/parse_oper.c (oper, OpernameGetCandidates), catalog/namespace.c.
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import invalidation, operator_creation
from pgsnake.datatypes import operators
from pgsnake.pl.user_aggregates import SupportFunction
from pgsnake.utils import process_state

_made: dict[int, operators.Operator] = {}
invalidation.add_cache_reset(_made.clear)
# (the casts and types the candidate rules read: pg_cast, pg_type)
invalidation.add_cache_reset(operators.clear_resolution_cache, (2605, 1247))


def _operator(row) -> operators.Operator:
    op = _made.get(row.oid)
    if op is None:
        left = row.oprleft or None
        if row.oprcode:
            function = SupportFunction(row.oprcode, [t for t in (row.oprleft, row.oprright) if t])
            op = operators.Operator(row.oid, row.oprname, left, row.oprright, row.oprresult,
                                    function, function.strict)
        else:
            op = operators.Operator(row.oid, row.oprname, left, row.oprright, 0, None)
        _made[row.oid] = op
    return op


def _candidates(name: str, left: int | None, right: int, schema: str | None = None) -> list:
    if not process_state.database_oid:
        return []
    if schema is not None:
        namespace = cc.get_namespace_oid(schema)
        if namespace is None:
            from pgsnake.utils.errors import PgError
            raise PgError("3F000", f'schema "{schema}" does not exist')
        path = [namespace]
    else:
        path = cc.function_search_path()       # never the temporary schema, implicitly
    rows = operator_creation.user_operators_named(name)
    if not rows:
        return []
    rows = sorted((r for r in rows if r.oprnamespace in path and
                   (r.oprleft == 0) == (left is None)),
                  key=lambda r: path.index(r.oprnamespace))
    seen, out = set(), []
    for row in rows:
        key = (row.oprleft, row.oprright)
        if key not in seen:
            seen.add(key)
            out.append(_operator(row))
    return out


def install() -> None:
    operators.set_user_operator_lookup(_candidates)
