"""The lock an ALTER TABLE takes on its table: the strongest that any of its subcommands
needs, never weaker than ShareUpdateExclusiveLock (PostgreSQL's AlterTableGetLockLevel).

Why not always AccessExclusiveLock: a subcommand that changes only how the table is
maintained or planned (SET STATISTICS, CLUSTER ON, storage parameters such as fillfactor
or autovacuum_*, column n_distinct, VALIDATE CONSTRAINT) lets readers and writers go on;
one that changes only what writes do (ENABLE / DISABLE TRIGGER, ADD FOREIGN KEY) blocks
writers but not readers (ShareRowExclusiveLock). Everything that changes the rows, the
columns, or what a SELECT sees or may assume (defaults, NOT NULL, constraints that the
planner may use, ownership, row security) takes AccessExclusiveLock.

Entry points:
    lock_level(cmds) -> lock mode         for an AlterTableStmt's `cmds`
    subcommand_lock_level(cmd) -> mode    for one AlterTableCmd; a SET (...) / RESET (...)
                                          takes the same on the TOAST table (its options
                                          change with the table's)

Where we differ: ATTACH PARTITION and DETACH PARTITION CONCURRENTLY take
AccessExclusiveLock on the partitioned table (PostgreSQL: ShareUpdateExclusiveLock),
because pgsnake's partition routing reads the partition bounds per statement from the
catalog and has no partition directory to keep a concurrent statement's view stable.

PostgreSQL: commands/tablecmds.c (AlterTableGetLockLevel), access/common/reloptions.c
(each option's lockmode, AlterTableGetRelOptionsLockLevel).
"""
from __future__ import annotations

from pgsnake.storage.lmgr import lock_modes

_SHARE_UPDATE_EXCLUSIVE = frozenset((
    "AT_SetStatistics", "AT_ClusterOn", "AT_DropCluster", "AT_SetOptions",
    "AT_ResetOptions", "AT_ValidateConstraint", "AT_DetachPartitionFinalize"))

# these change only what INSERT / UPDATE / DELETE do
_SHARE_ROW_EXCLUSIVE = frozenset((
    "AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_EnableTrigAll",
    "AT_EnableTrigUser", "AT_DisableTrig", "AT_DisableTrigAll", "AT_DisableTrigUser"))

# storage parameters that change what a query sees or how a view is expanded
_EXCLUSIVE_OPTIONS = frozenset(("user_catalog_table", "security_barrier", "security_invoker",
                                "check_option", "buffering"))


def _options_lock_level(defelems) -> int:
    names = {d["DefElem"].get("defname") for d in defelems or ()}
    return lock_modes.ACCESS_EXCLUSIVE if names & _EXCLUSIVE_OPTIONS \
        else lock_modes.SHARE_UPDATE_EXCLUSIVE


def subcommand_lock_level(cmd: dict) -> int:
    subtype = cmd["subtype"]
    if subtype in _SHARE_UPDATE_EXCLUSIVE:
        return lock_modes.SHARE_UPDATE_EXCLUSIVE
    if subtype in _SHARE_ROW_EXCLUSIVE:
        return lock_modes.SHARE_ROW_EXCLUSIVE
    if subtype == "AT_AddConstraint":
        constraint = (cmd.get("def") or {}).get("Constraint", {})
        if constraint.get("contype") == "CONSTR_FOREIGN":
            return lock_modes.SHARE_ROW_EXCLUSIVE
    if subtype in ("AT_SetRelOptions", "AT_ResetRelOptions"):
        from pgsnake.commands.relation_options import option_items
        return _options_lock_level(option_items(cmd))
    return lock_modes.ACCESS_EXCLUSIVE


def lock_level(cmds) -> int:
    level = lock_modes.SHARE_UPDATE_EXCLUSIVE
    for wrapped in cmds or ():
        level = max(level, subcommand_lock_level(wrapped["AlterTableCmd"]))
    return level
