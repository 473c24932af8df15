"""DefineStmt, the one parse node behind CREATE AGGREGATE, CREATE OPERATOR, CREATE TYPE
(base or shell), CREATE COLLATION and CREATE TEXT SEARCH ...: each command module
registers the kind it runs; the others are refused with 0A000.

Entry point: register_kind(kind, run) where kind is the node's "kind"
(OBJECT_AGGREGATE, ...) and run(node, raw) -> command tag.

PostgreSQL: tcop/utility.c (ProcessUtilitySlow's T_DefineStmt switch).
"""
from __future__ import annotations

from pgsnake.commands import event_trigger_tags, utility_statement
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

_RUNNERS: dict = {}


def register_kind(kind: str, run) -> None:
    _RUNNERS[kind] = run


def _run(node: dict, raw) -> str:
    run = _RUNNERS.get(node.get("kind"))
    if run is None:
        tag = event_trigger_tags.command_tag("DefineStmt", node)
        raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} is not supported yet")
    return run(node, raw)


utility_statement.register(
    "DefineStmt", lambda raw: event_trigger_tags.command_tag("DefineStmt", raw.node["DefineStmt"]),
    _run)
