"""Registering a DDL command with the portal code: one small class per statement kind,
made here instead of written out in every command module.

A registered statement has no parameters and no result columns; executing it refuses
the command in a read-only transaction (as PostgreSQL's PreventCommandIfReadOnly does
for every DDL command), runs the command on its parse-tree node and returns the
command tag the command function gives back.

Entry point: register(node_kind, command_kind, run, *, read_only_ok=False) where
run(node, raw) -> tag; command_kind may be a function of the raw statement.

PostgreSQL: tcop/utility.c (standard_ProcessUtility's dispatch, ClassifyUtilityCommandAsReadOnly).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.executor import portal_query


def register(node_kind: str, command_kind, run, *, read_only_ok: bool = False) -> None:
    class UtilityStatement:
        param_types: list = []
        columns = None

        def __init__(self, raw, param_types) -> None:
            self.raw = raw
            self.command_kind = command_kind(raw) if callable(command_kind) else command_kind

        def execute(self, params):
            if not read_only_ok:
                xact.prevent_command_if_read_only(self.command_kind)
            tag = run(self.raw.node[self.raw.kind], self.raw)
            return portal_query.QueryResult(None, [], tag)

    UtilityStatement.__name__ = UtilityStatement.__qualname__ = f"{node_kind}Statement"
    portal_query.register_utility(node_kind, UtilityStatement)
