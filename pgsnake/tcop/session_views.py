"""The functions behind the views of this session's own state: pg_cursor (pg_cursors: the
cursors DECLAREd and still open) and pg_prepared_statement (pg_prepared_statements: the
named prepared statements, from PREPARE or a protocol Parse).

Rows come from the backend's one Session (tcop/session.py), which backend_main attaches
here. The statement column is the client's whole query string at the time, as
PostgreSQL's debug_query_string. generic_plans / custom_plans are the statement's
plan_counters (executor/custom_plans.py: custom plans for the first five runs with
parameters, then as costs decide); a statement tcop runs itself counts its runs as
generic plans.

Entry points: attach(session), register() (tcop/utility.py).

PostgreSQL: utils/mmgr/portalmem.c (pg_cursor), commands/prepare.c (pg_prepared_statement).
"""
from __future__ import annotations

import weakref

_session = None


def attach(session) -> None:
    """The session whose portals and prepared statements the functions report."""
    global _session
    _session = weakref.ref(session)


def _current():
    return _session() if _session is not None else None


def cursors():
    session = _current()
    if session is None:
        return
    for portal in list(session.portals.values()):
        if portal.creation_time is None:       # a protocol-level portal (Bind)
            continue
        yield (portal.name, portal.source_text, portal.holdable, portal.binary,
               portal.scrollable,
               portal.creation_time)


def prepared_statements():
    session = _current()
    if session is None:
        return
    for name, stmt in list(session.prepared.items()):
        source = session.prepared_sql.get(name)
        if not name or source is None:
            continue
        param_types = list(getattr(stmt, "param_types", ()) or ())
        counters = getattr(stmt, "plan_counters", None)
        generic, custom = (source.executions, 0) if counters is None else \
            (counters.generic_plans, counters.custom_plans)
        yield (name, source.text, source.prepare_time, param_types, source.from_sql,
               generic, custom)


def register() -> None:
    from pgsnake.catalog.system_view_functions import register_from_proc
    register_from_proc(2511, cursors)                  # pg_cursor
    register_from_proc(2510, prepared_statements)      # pg_prepared_statement
