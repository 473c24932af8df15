"""Calling an event trigger function: a PL/pgSQL function RETURNS event_trigger run with
TG_EVENT and TG_TAG set (commands/event_trigger_firing.py decides when).

Entry point: call(function_oid, event, tag).

PostgreSQL: commands/event_trigger.c (EventTriggerInvoke), pl/plpgsql/src/pl_exec.c
(plpgsql_exec_event_trigger).
"""
from __future__ import annotations

from pgsnake.catalog import lookup_functions
from pgsnake.pl import function_manager
from pgsnake.utils.errors import PgError



def call(function_oid: int, event: str, tag: str) -> None:
    from pgsnake.pl.plpgsql import interpreter
    row = lookup_functions.proc_row(function_oid)
    if row is None:
        raise PgError("42883", f"function {function_oid} does not exist")
    function_manager.allow_deep_recursion()
    function_manager.run_as_routine(
        row, lambda: interpreter.call_trigger(row, {"tg_event": event, "tg_tag": tag}))
