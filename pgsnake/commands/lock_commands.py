"""LOCK TABLE: take a table lock explicitly, for the rest of the transaction.

    LOCK [ TABLE ] name [, ...] [ IN lockmode MODE ] [ NOWAIT ]

The default mode is ACCESS EXCLUSIVE. Only inside a transaction block (a lock that ended
with the statement would be useless): 25P01 otherwise. Each table is locked in the order
given, waiting as long as it must (with deadlock detection and lock_timeout), or with
NOWAIT failing at once with 55P03. Only tables can be locked (views and other relation
kinds come with CREATE VIEW).

Entry point: LockTableStatement (registered for LockStmt).

PostgreSQL: commands/lockcmds.c (LockTableCommand, RangeVarCallbackForLockTable).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks
from pgsnake.executor import portal_query
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import (LOCK_NOT_AVAILABLE, NO_ACTIVE_SQL_TRANSACTION,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)


def execute_lock_table(node: dict) -> str:
    if xact.needs_transaction_block():
        raise PgError(NO_ACTIVE_SQL_TRANSACTION, "LOCK TABLE can only be used in transaction blocks")
    mode = node.get("mode", lock_modes.ACCESS_EXCLUSIVE)
    nowait = bool(node.get("nowait"))
    for item in node.get("relations", ()):
        range_var = item["RangeVar"]
        name, schema = range_var["relname"], range_var.get("schemaname")
        shown = f"{schema}.{name}" if schema else name

        def refuse(oid, shown=shown):
            raise PgError(LOCK_NOT_AVAILABLE, f'could not obtain lock on relation "{shown}"')

        oid = relation_locks.open_relation_oid(name, schema, mode, nowait=nowait,
                                               on_nowait=refuse)
        if oid is None:
            raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
        row = cc.class_row(oid)
        if row is not None and row.relkind not in ("r", "p", "v"):
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a table or view')
        from pgsnake.catalog import object_permissions
        object_permissions.check_lock_privilege(oid, mode)
    return "LOCK TABLE"


class LockTableStatement:
    param_types: list = []
    columns = None
    command_kind = "LOCK TABLE"

    def __init__(self, raw, param_types) -> None:
        self.raw = raw

    def execute(self, params):
        return portal_query.QueryResult(None, [], execute_lock_table(self.raw.node["LockStmt"]))


portal_query.register_utility("LockStmt", LockTableStatement)
