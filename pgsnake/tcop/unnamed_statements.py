"""Re-using the unnamed prepared statement of an identical Parse message.

Clients that bind parameters server-side (psycopg's execute with parameters, pgbench
-M extended, JDBC below its prepare threshold) send Parse for the unnamed statement
before every Bind, with the same text each time. PostgreSQL parses, analyses and plans
it each time. pgsnake keeps the last few such statements per backend, keyed by the text
and the declared parameter types, and answers a repeated Parse with the kept statement
when nothing it was made under has changed: no catalog change committed since (the
invalidation counter), the same search path and row-security environment
(PreparedStatement.is_current) and no setting changed in this backend (parsing and
analysis read settings such as standard_conforming_strings and DateStyle). Otherwise
the text is prepared again, so a Parse reports the same errors at the same message as
without the cache. Only plain optimizable statements (SELECT / INSERT / UPDATE /
DELETE / MERGE with a plan) are kept: utility statements run their work at execution
and may carry state.

A kept statement keeps its plan counts (executor/custom_plans.py): its first five
executions with parameters make custom plans, later ones use the generic plan when it
is cheaper; PostgreSQL's fresh unnamed statement would make a custom plan every time
(where we differ: the plans chosen may differ).

Entry point: lookup(sql, param_types) -> statement or None; remember(sql, param_types,
statement).

PostgreSQL: none (tcop/postgres.c's exec_parse_message always plans the unnamed
statement anew; plancache.c's revalidation rules are what make the reuse safe).
"""
from __future__ import annotations

import collections

from pgsnake.catalog import invalidation
from pgsnake.utils import settings

KEPT = 16                         # statements kept per backend (least recently used go)

_kept: collections.OrderedDict = collections.OrderedDict()


def lookup(sql: str, param_types: list[int]):
    """The kept statement for this Parse, if it may be used as it is."""
    key = (sql, tuple(param_types))
    entry = _kept.get(key)
    if entry is None:
        return None
    statement, settings_count = entry
    if settings_count != settings.change_count() or not statement.is_current():
        del _kept[key]
        return None
    _kept.move_to_end(key)
    return statement


def remember(sql: str, param_types: list[int], statement) -> None:
    """Keep a newly prepared unnamed statement when it is a plain planned statement."""
    if getattr(statement, "plan", None) is None or not hasattr(statement, "is_current") \
            or getattr(statement, "_utility", None) is not None \
            or getattr(statement, "for_cursor", False):
        return
    _kept[(sql, tuple(param_types))] = (statement, settings.change_count())
    _kept.move_to_end((sql, tuple(param_types)))
    while len(_kept) > KEPT:
        _kept.popitem(last=False)


def forget(_messages=None) -> None:
    """DISCARD PLANS / ALL; and any catalog change this backend applies, its own in
    the current transaction included (the shared counter moves only at commit, and a
    table dropped and made again in one transaction must not be read through a plan
    of the dropped one)."""
    _kept.clear()


invalidation.add_invalidation_handler(forget)
