"""ALTER TABLE ... ALTER COLUMN ... SET STORAGE and SET COMPRESSION: how the toaster
treats a column's values from now on (existing rows stay as they are stored).

SET STORAGE {PLAIN | EXTERNAL | EXTENDED | MAIN} writes pg_attribute.attstorage; a type
whose own typstorage is plain can only have PLAIN. SET COMPRESSION {pglz | lz4 |
default} writes attcompression ('p', 'l' or '' for default_toast_compression); a type
whose typstorage is plain or external does not support compression. Both also change
the index columns that are that plain column (as PostgreSQL 15 does), and afterwards
the table gets a TOAST table if it now needs one.

Entry points: set_storage(relation, cmd), set_compression(relation, cmd) (from
commands/alter_table.py's dispatch), compression_char(type_oid, name) (CREATE TABLE's
and ADD COLUMN's COMPRESSION clause).

PostgreSQL: commands/tablecmds.c (ATExecSetStorage, ATExecSetCompression,
GetAttributeCompression), access/common/toast_compression.c
(CompressionNameToMethod).
"""
from __future__ import annotations

from pgsnake.access.common import toast_format
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, toast_creation
from pgsnake.catalog import definitions as d
from pgsnake.datatypes import registry
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  UNDEFINED_COLUMN, PgError)

_STORAGE = {"plain": "p", "external": "e", "extended": "x", "main": "m"}


def _attribute(relation, name: str):
    for attribute in relation.attributes:
        if attribute.name == name and not attribute.is_dropped:
            return attribute
    if any(system_name == name for system_name, *_ in d.SYSTEM_COLUMNS):
        raise PgError(FEATURE_NOT_SUPPORTED, f'cannot alter system column "{name}"')
    raise PgError(UNDEFINED_COLUMN,
                  f'column "{name}" of relation "{relation.name}" does not exist')


def _type_storage(type_oid: int) -> str:
    row = cc.get_type_row(type_oid)
    return row.typstorage if row is not None else "p"


def _update_column(relation, attnum: int, **changes) -> None:
    """The column's pg_attribute row, and those of index columns that are it."""
    from pgsnake.access.transam import xact
    catalog_writes.update_rows(
        "pg_attribute", lambda r: r.attrelid == relation.oid and r.attnum == attnum,
        **changes)
    for index_oid in cc.index_oids_of(relation.oid):
        keys = list(cc.index_row(index_oid).indkey or ())
        for position, key in enumerate(keys, start=1):
            if key == attnum:
                catalog_writes.update_rows(
                    "pg_attribute",
                    lambda r, i=index_oid, p=position: r.attrelid == i and r.attnum == p,
                    **changes)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    toast_creation.create_toast_table_if_needed(relation.oid)


def _option(cmd: dict) -> str:
    return cmd["def"]["String"]["sval"]


def set_storage(relation, cmd: dict) -> None:
    attribute = _attribute(relation, cmd["name"])
    name = _option(cmd)
    storage = _STORAGE.get(name.lower())
    if storage is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid storage type "{name}"')
    if storage != "p" and _type_storage(attribute.type_oid) == "p":
        raise PgError(FEATURE_NOT_SUPPORTED, f"column data type "
                      f"{registry.format_type(attribute.type_oid)} can only have storage PLAIN")
    _update_column(relation, attribute.attnum, attstorage=storage)


def compression_char(type_oid: int, name: str | None) -> str:
    """GetAttributeCompression: the attcompression of COMPRESSION `name` for a column of
    this type ('' for none or default)."""
    if name is None or name == "default":
        return ""
    if _type_storage(type_oid) in ("p", "e"):
        raise PgError(FEATURE_NOT_SUPPORTED, f"column data type "
                      f"{registry.format_type(type_oid)} does not support compression")
    if name not in ("pglz", "lz4"):
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid compression method "{name}"')
    toast_format.method_id(name)           # lz4 without liblz4: not supported
    return "p" if name == "pglz" else "l"


def set_compression(relation, cmd: dict) -> None:
    attribute = _attribute(relation, cmd["name"])
    name = _option(cmd)
    if _type_storage(attribute.type_oid) in ("p", "e"):
        # (even for DEFAULT, as ATExecSetCompression checks before the name)
        raise PgError(FEATURE_NOT_SUPPORTED, f"column data type "
                      f"{registry.format_type(attribute.type_oid)} does not support compression")
    _update_column(relation, attribute.attnum,
                   attcompression=compression_char(attribute.type_oid, name))
