"""SQL functions that need the catalogs, registered with the datatypes function registry
(a lower layer, which must not import us): pg_relation_filepath, current_database, pg_get_userbyid, pg_typeof,
current_schema, format_type, and regclass's text input/output ('t'::regclass resolves a
name through search_path and prints the name back).

Entry point: register_all() (called once when catalog_cache is imported).

PostgreSQL: utils/adt/dbsize.c (pg_relation_filepath), utils/adt/name.c
(current_database, current_schema), utils/adt/format_type.c, utils/adt/regproc.c
(regclassin, regclassout).
"""
from __future__ import annotations

import os

from pgsnake.storage.smgr.relation_path import relation_path
from pgsnake.utils import process_state
from pgsnake.utils.errors import UNDEFINED_TABLE, PgError

TEXT, NAME, OID, INT4, REGCLASS, REGTYPE = 25, 19, 26, 23, 2205, 2206


def pg_relation_filepath(oid: int) -> str | None:
    """The file of a relation with storage (a mapped one's through the relation map,
    which the relation's locator already follows); NULL for a view and the like."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog.size_functions import STORAGE_RELKINDS
    row = cc.class_row(oid)
    if row is None or row.relkind not in STORAGE_RELKINDS:
        return None
    return relation_path(cc.get_relation(oid).locator)


def current_database() -> str:
    if process_state.database_name:
        return process_state.database_name
    from pgsnake.catalog import catalog_cache as cc
    cc.lookup_database("")
    for row in (cc._databases or {}).values():
        if row.oid == process_state.database_oid:
            return row.datname
    return ""


def current_schema() -> str | None:
    """The first schema of the search path, the implicitly searched ones aside
    (pg_catalog, and the temporary schema, unless search_path names them)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import temp_namespace
    named = cc._split_search_path(cc._search_path_setting())
    temp = temp_namespace.my_temp_namespace()
    for oid in cc.search_path_namespaces():
        if oid == 11 and named[:1] != ["pg_catalog"]:
            continue
        if oid == temp and "pg_temp" not in named:
            continue
        return cc.namespace_name(oid)
    return None


def get_userbyid(role_oid: int) -> str:
    """pg_get_userbyid: the role's name, or 'unknown (OID=n)'."""
    from pgsnake.catalog import catalog_cache as cc
    name = cc.role_name(role_oid)
    return name if name is not None else f"unknown (OID={role_oid})"


def _typeof_resolver(arg_types: list[int]):
    """pg_typeof("any"): bound per call to its argument's type, which it returns
    (as regtype); an untyped literal is 'unknown', as in PostgreSQL."""
    from pgsnake.datatypes import functions
    if len(arg_types) != 1:
        return None
    (type_oid,) = arg_types
    return functions.Function(1619, "pg_typeof", (type_oid,), REGTYPE,
                              lambda _value: type_oid, strict=False, volatility="s")


def format_type(type_oid: int | None, typmod: int | None) -> str | None:
    if type_oid is None:
        return None
    if type_oid == 0:
        return "-"                  # InvalidOid, as in pg_proc's unused argument slots
    from pgsnake.datatypes import registry
    if typmod is None and type_oid in (1042, 1014):
        # without a typmod bpchar is "character"; with typmod -1 given it stays "bpchar"
        # (unlimited length, which character would not say)
        return "character" if type_oid == 1042 else "character[]"
    return registry.format_type(type_oid, -1 if typmod is None else typmod)


def catalog_type_name(type_oid: int) -> str | None:
    """The name of a type the datatypes package has no code for (a pseudo-type such as
    anyrange, a catalog's row type), from pg_type, as PostgreSQL prints a type without
    special rules: the registry's namer for such types. None when there is no type."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.datatypes import registry
    row = cc.get_type_row(type_oid)
    if row is None:
        return None
    element = cc.get_type_row(row.typelem) if row.typelem and row.typlen == -1 else None
    if element is not None and row.typname == "_" + element.typname:
        return registry.format_type(element.oid, -1) + "[]"
    return cc.quote_identifier(row.typname)


def _split_qualified_name(text: str) -> list[str]:
    """'s.t', '"My T"', 'T' -> name parts, downcasing unquoted ones as the parser does."""
    parts, current, quoted, i = [], [], False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and i + 1 < len(text) and text[i + 1] == '"':
                current.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ".":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch.lower())
        i += 1
    if quoted:
        raise PgError("42602", f'invalid name syntax')
    parts.append("".join(current))
    return parts


def reg_input_oid(text: str) -> int | None:
    """The OID a reg* type's input names directly (digits, or '-' for 0), else None."""
    stripped = text.strip()
    if stripped.isdigit():
        return int(stripped)
    return 0 if stripped == "-" else None


def regclass_input(text: str, typmod: int = -1) -> int:
    from pgsnake.catalog import catalog_cache as cc
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    parts = _split_qualified_name(text.strip())
    if "" in parts:                    # stringToQualifiedNameList
        raise PgError("42602", "invalid name syntax")
    if len(parts) in (2, 3):           # RangeVarGetRelid: USAGE on a named schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_explicit_schema(parts[-2])
    if len(parts) == 1:
        oid = cc.lookup_relation_oid(parts[0])
    elif len(parts) == 2:
        oid = cc.lookup_relation_oid(parts[1], parts[0], schema_must_exist=True)
    elif len(parts) == 3:
        oid = cc.lookup_relation_oid(parts[2], parts[1], schema_must_exist=True)
    else:
        raise PgError("42601", f"improper relation name (too many dotted names): {text}")
    if oid is None:                    # the name as the RangeVar holds it
        raise PgError(UNDEFINED_TABLE, f'relation "{".".join(parts)}" does not exist')
    return oid


def regclass_output(oid: int) -> str:
    if oid == 0:
        return "-"
    from pgsnake.catalog import catalog_cache as cc
    name = cc.relation_display_name(oid)
    return str(oid) if name is None else name


def regtype_input(text: str, typmod: int = -1) -> int:
    """regtypein: a type name (any SQL spelling, optionally schema-qualified) or OID."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.datatypes import registry
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    stripped = text.strip()
    info = registry.lookup_type_name(stripped)
    if info is not None:
        return info.oid
    array = stripped.endswith("[]")
    parts = _split_qualified_name(stripped[:-2].rstrip() if array else stripped)
    namespace = cc.get_namespace_oid(parts[-2]) if len(parts) > 1 else None
    if len(parts) > 1 and namespace is None:
        raise PgError("3F000", f'schema "{parts[-2]}" does not exist')
    if namespace is not None:          # LookupTypeName: USAGE on a named schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_usage(namespace)
    row = cc.lookup_type_row(parts[-1], namespace)
    if row is None or array and not row.typarray:
        raise PgError("42704", f'type "{text}" does not exist')
    return row.typarray if array else row.oid


def regtype_output(oid: int) -> str:
    """regtypeout: the type's SQL name (format_type_be: no typmod, so bpchar is
    "character"), or the OID if unknown."""
    if oid == 0:
        return "-"
    name = format_type(oid, None)
    if name in (None, "???"):
        # A type the datatypes package cannot handle yet (ranges, ...): its pg_type name.
        from pgsnake.catalog import catalog_cache as cc
        row = cc.get_type_row(oid)
        return str(oid) if row is None else cc.quote_identifier(row.typname)
    return name


_registered = False
_io_overridden = False


def register_all() -> None:
    """Register with the datatypes package; safe to call again (each part once)."""
    global _registered, _io_overridden
    if not _io_overridden:
        from pgsnake.datatypes import registry
        registry.override_io(REGCLASS, regclass_input, regclass_output)
        registry.override_io(REGTYPE, regtype_input, regtype_output)
        registry.set_other_type_namer(catalog_type_name)
        _io_overridden = True
    if _registered:
        return
    from pgsnake.datatypes import functions
    functions.register("pg_relation_filepath", [REGCLASS], TEXT, pg_relation_filepath,
                       oid=3034, volatility="s")
    functions.register("current_database", [], NAME, current_database, oid=861,
                       volatility="s")
    functions.register("current_schema", [], NAME, current_schema, oid=1402, volatility="s")
    functions.register("pg_backend_pid", [], INT4, lambda: os.getpid(), oid=2026, volatility="s")
    functions.register("format_type", [OID, INT4], TEXT, format_type, oid=1081,
                       strict=False, volatility="s")
    functions.register("pg_get_userbyid", [OID], NAME, get_userbyid, oid=1642, volatility="s")
    functions.register_resolver("pg_typeof", _typeof_resolver)
    from pgsnake.storage.ipc import activity_functions, sleep_functions
    activity_functions.register_all()
    from pgsnake.storage.lmgr import lock_functions
    lock_functions.register_all()
    sleep_functions.register_all()
    from pgsnake.catalog import system_view_functions
    system_view_functions.register_all()        # what the system views read
    from pgsnake.access.transam import snapshot_functions, twophase
    twophase.register_sql_functions()
    from pgsnake.access.transam import backup_functions
    backup_functions.register_sql_functions()
    from pgsnake.access.transam import snapshot_export
    snapshot_export.register_sql_functions()
    from pgsnake.access.transam import commit_timestamps
    commit_timestamps.register_sql_functions()
    from pgsnake.catalog import (comments, lookup_functions, object_definitions,
                                 object_descriptions, partition_functions,
                                 privilege_functions, size_functions)
    comments.register_all()
    object_descriptions.register_all()
    from pgsnake.catalog import collation_creation
    collation_creation.register_all()
    from pgsnake.catalog import object_identities
    object_identities.register_all()
    partition_functions.register_all()
    lookup_functions.register_all()
    privilege_functions.register_all()
    object_definitions.register_all()
    size_functions.register_all()
    from pgsnake.catalog import information_schema_functions
    information_schema_functions.register_all()
    from pgsnake.catalog import temp_namespace
    temp_namespace.register_functions()
    from pgsnake.access.common import toast_functions
    toast_functions.register_all()
    from pgsnake.catalog import trigger_catalog
    trigger_catalog.register_all()
    snapshot_functions.register_sql_functions()
    from pgsnake.storage.ipc import backend_status
    functions.register("current_query", [], 25, backend_status.current_query, oid=817,
                       strict=False)
    from pgsnake.datatypes import (datetime_formatting, datetime_functions, datetime_parsing,
                                   number_formatting, string_functions, timestamp_at_zone)
    string_functions.register_sql_functions()
    timestamp_at_zone.register_sql_functions()
    datetime_functions.register_sql_functions()
    from pgsnake.datatypes import bytea_bits, in_range, overlaps, range_support, trig_functions
    overlaps.register_sql_functions()
    in_range.register_sql_functions()
    range_support.register_sql_functions()
    from pgsnake.datatypes import encoding_functions
    encoding_functions.register_sql_functions()
    from pgsnake.catalog import index_properties
    index_properties.register_sql_functions()
    trig_functions.register_sql_functions()
    bytea_bits.register_sql_functions()
    datetime_formatting.register_sql_functions()
    datetime_parsing.register_sql_functions()
    number_formatting.register_sql_functions()
    from pgsnake.access.transam.wal import wal_functions
    wal_functions.register_sql_functions()
    from pgsnake.access.transam.wal import control_functions
    control_functions.register_sql_functions()
    from pgsnake.utils.activity import stat_functions
    stat_functions.register_all()
    from pgsnake.catalog import derived_functions
    derived_functions.register_all()      # last: only what nothing above implements
    _registered = True


def is_registered() -> bool:
    return _registered and _io_overridden
