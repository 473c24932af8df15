"""ALTER INDEX subcommands other than RENAME: SET / RESET (storage parameters, checked
against the index's access method: B-tree, hash, GiST, GIN) and ALTER COLUMN n SET
STATISTICS (only an expression column's, as in PostgreSQL).

Entry point: alter_index(index relation, AlterTableStmt node, source) -> tag.

PostgreSQL: commands/tablecmds.c (ATExecSetRelOptions, ATExecSetStatistics's index
part), access/common/reloptions.c (index_reloptions).
"""
from __future__ import annotations

from pgsnake.access.common import reloptions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import PgError

_PARAMETERS = {403: reloptions.BTREE, 405: reloptions.HASH, 783: reloptions.GIST,
               2742: reloptions.GIN}


def alter_index(index, node: dict, source=None) -> str:
    for wrapped in node.get("cmds", []):
        cmd = wrapped["AlterTableCmd"]
        subtype = cmd["subtype"]
        if subtype in ("AT_SetRelOptions", "AT_ResetRelOptions"):
            from pgsnake.commands import relation_options
            parameters = _PARAMETERS.get(cc.class_row(index.oid).relam, {})
            relation_options.alter_options(index, cmd, subtype == "AT_ResetRelOptions",
                                           parameters)
        elif subtype == "AT_SetStatistics":
            _set_statistics(index, cmd, node, source)
        elif subtype == "AT_SetTableSpace":
            from pgsnake.commands import constraint_alter
            constraint_alter.set_tablespace(index, cmd)
        else:
            from pgsnake.commands.alter_table import _SUBCOMMAND_NAMES
            shown = _SUBCOMMAND_NAMES.get(subtype, subtype.removeprefix("AT_"))
            raise PgError("0A000", f"ALTER INDEX ... {shown} is not supported yet")
    return "ALTER INDEX"


def _set_statistics(index, cmd: dict, node: dict, source) -> None:
    number = cmd.get("num")               # (0 or less: the grammar's 22023)
    row = cc.index_row(index.oid)
    attributes = {a.attnum: a for a in index.attributes}
    attribute = attributes.get(number)
    if attribute is None:
        raise PgError("42703", f'column number {number} of relation "{index.name}" does '
                               f'not exist')
    if number > row.indnkeyatts:
        raise PgError("0A000", f'cannot alter statistics on included column '
                               f'"{attribute.name}" of index "{index.name}"')
    if row.indkey[number - 1] != 0:
        raise PgError("0A000", f'cannot alter statistics on non-expression column '
                               f'"{attribute.name}" of index "{index.name}"',
                      hint="Alter statistics on table column instead.")
    from pgsnake.commands import analyze
    analyze.set_statistics_target(index, attribute, cmd["def"])
