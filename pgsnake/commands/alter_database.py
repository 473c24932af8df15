"""ALTER DATABASE: CONNECTION LIMIT / IS_TEMPLATE / ALLOW_CONNECTIONS, SET TABLESPACE,
RENAME TO, SET / RESET configuration parameters, REFRESH COLLATION VERSION (and
pg_database_collation_actual_version). (OWNER TO is owner_commands.py's.)

- Options (AlterDatabaseStmt): each at most once (42601 "conflicting or redundant
  options"), unknown ones 42601; the database must exist (3D000) and be valid (an
  invalid one, a DROP DATABASE cut short, is a FATAL, as PostgreSQL's); the owner or a
  superuser only; connections cannot be disallowed to the current database. The row is
  updated transactionally.
- SET TABLESPACE must be the only option (0A000), not in a transaction block. pgsnake has
  only pg_default (and pg_global): moving to the tablespace the database is in is a no-op
  after PostgreSQL's checks (movedb); there is no other to move to.
- RENAME (RenameDatabase): owner and CREATEDB (or superuser); not to an existing name
  (42P04), not the current database (0A000), no other sessions (55006, after waiting as
  DROP DATABASE does).
- SET / RESET (AlterDatabaseSet): the database's pg_db_role_setting row with role 0
  (role_commands.store_setting), by its owner.

Entry points: execute_alter_database(node), rename_database(node),
execute_alter_database_set(node) (registered for AlterDatabaseStmt /
AlterDatabaseSetStmt; RenameStmt OBJECT_DATABASE comes through alter_table.execute_rename).

PostgreSQL: commands/dbcommands.c (AlterDatabase, movedb, RenameDatabase,
AlterDatabaseSet), commands/define.c (defGetBoolean, defGetInt32).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, database_validity, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.commands import database_commands, utility_statement
from pgsnake.commands.def_elem import argument_text
from pgsnake.utils import process_state
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INSUFFICIENT_PRIVILEGE,
                                  INVALID_PARAMETER_VALUE, UNDEFINED_OBJECT, FatalError,
                                  PgError)

SYNTAX_ERROR = "42601"
_OPTIONS = ("is_template", "allow_connections", "connection_limit", "tablespace")
_TRUE = ("true", "on", "1", "t", "tr", "tru", "y", "ye", "yes")
_FALSE = ("false", "off", "0", "f", "fa", "fal", "fals", "n", "no", "of")


def _position(element: dict):
    location = element.get("location", -1)
    return None if location is None or location < 0 else location + 1


def _boolean(element: dict) -> bool:
    """defGetBoolean."""
    arg = element.get("arg")
    if arg is None:
        return True
    (kind, body), = arg.items()
    if kind == "Integer" and body.get("ival", 0) in (0, 1):
        return bool(body.get("ival", 0))
    text = (argument_text(element) or "").lower()
    if kind != "Integer" and text in _TRUE:
        return True
    if kind != "Integer" and text in _FALSE:
        return False
    raise PgError(SYNTAX_ERROR, f"{element['defname']} requires a Boolean value")


def _int32(element: dict) -> int:
    """defGetInt32."""
    arg = element.get("arg") or {}
    if "Integer" not in arg:
        raise PgError(SYNTAX_ERROR, f"{element['defname']} requires an integer value")
    return int(arg["Integer"].get("ival", 0))


def _row(name: str):
    row = cc.lookup_database(name)
    if row is None:
        raise PgError(database_commands.UNDEFINED_DATABASE, f'database "{name}" does not exist')
    return row


def _changed() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def execute_alter_database(node: dict) -> str:
    name = node["dbname"]
    seen: dict = {}
    for item in node.get("options") or []:
        element = item["DefElem"]
        option = element["defname"]
        if option not in _OPTIONS:
            raise PgError(SYNTAX_ERROR, f'option "{option}" not recognized',
                          position=_position(element))
        if option in seen:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options",
                          position=_position(element))
        seen[option] = element
    if "tablespace" in seen:
        if len(seen) != 1:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          'option "tablespace" cannot be specified with other options',
                          position=_position(seen["tablespace"]))
        xact.prevent_in_transaction_block("ALTER DATABASE SET TABLESPACE")
        return _move_database(name, argument_text(seen["tablespace"]) or "")
    changes = {}
    if seen.get("is_template", {}).get("arg") is not None:
        changes["datistemplate"] = _boolean(seen["is_template"])
    if seen.get("allow_connections", {}).get("arg") is not None:
        changes["datallowconn"] = _boolean(seen["allow_connections"])
    if seen.get("connection_limit", {}).get("arg") is not None:
        limit = _int32(seen["connection_limit"])
        if limit < -1:
            raise PgError(INVALID_PARAMETER_VALUE, f"invalid connection limit: {limit}")
        changes["datconnlimit"] = limit
    row = _row(name)
    if database_validity.is_invalid(row):
        raise FatalError("55000", f'cannot alter invalid database "{name}"',
                         hint="Use DROP DATABASE to drop invalid databases.")
    database_commands._check_database_owner(row)
    if changes.get("datallowconn") is False and row.oid == process_state.database_oid:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot disallow connections for current database")
    if changes:
        catalog_writes.update_rows("pg_database", lambda r: r.oid == row.oid, **changes)
        _changed()
    return "ALTER DATABASE"


def _move_database(name: str, tablespace: str) -> str:
    """movedb's checks; the database is in pg_default, the only place to move it to."""
    row = _row(name)
    database_commands._check_database_owner(row)
    if row.oid == process_state.database_oid:
        raise PgError(database_commands.OBJECT_IN_USE,
                      "cannot change the tablespace of the currently open database")
    target = next((t for t in cc.scan_catalog("pg_tablespace") if t.spcname == tablespace),
                  None)
    if target is None:
        raise PgError(UNDEFINED_OBJECT, f'tablespace "{tablespace}" does not exist')
    if target.spcname == "pg_global":
        raise PgError(INVALID_PARAMETER_VALUE, "pg_global cannot be used as default tablespace")
    if target.oid != row.dattablespace:
        raise PgError(FEATURE_NOT_SUPPORTED, "tablespaces are not supported yet")
    return "ALTER DATABASE"


def rename_database(node: dict) -> str:
    from pgsnake.catalog import acl
    old, new = node["subname"], node["newname"]
    row = _row(old)
    database_commands._check_database_owner(row)
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    role = cc.role_row(user)
    if not (process_state.is_superuser or acl.is_superuser(user)
            or getattr(role, "rolcreatedb", False)):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to rename database")
    if cc.lookup_database(new) is not None:
        raise PgError(database_commands.DUPLICATE_DATABASE, f'database "{new}" already exists')
    if row.oid == process_state.database_oid:
        raise PgError(FEATURE_NOT_SUPPORTED, "current database cannot be renamed")
    database_commands._check_in_use(row.oid, f'database "{old}" is being accessed by other users')
    catalog_writes.update_rows("pg_database", lambda r: r.oid == row.oid, datname=new)
    _changed()
    return "ALTER DATABASE"


def refresh_collation_version(node: dict) -> str:
    """AlterDatabaseRefreshColl: record the library's collation version now."""
    from pgsnake.catalog import collation_creation
    from pgsnake.utils import notices
    row = _row(node["dbname"])
    database_commands._check_database_owner(row)
    old = row.datcollversion
    new = collation_creation.actual_version(row.datlocprovider, row.datcollate)
    if (old is None) != (new is None):
        raise PgError("XX000", "invalid collation version change")
    if old is not None and old != new:
        notices.emit("00000", f"changing version from {old} to {new}")
        catalog_writes.update_rows("pg_database", lambda r: r.oid == row.oid,
                                   datcollversion=new)
        _changed()
    else:
        notices.emit("00000", "version has not changed")
    return "ALTER DATABASE"


def database_collation_actual_version(oid: int) -> str | None:
    """pg_database_collation_actual_version(oid)."""
    from pgsnake.catalog import collation_creation
    row = next((r for r in cc.scan_catalog("pg_database") if r.oid == oid), None)
    if row is None:
        raise PgError(UNDEFINED_OBJECT, f"database with OID {oid} does not exist")
    return collation_creation.actual_version(row.datlocprovider, row.datcollate)


def execute_alter_database_set(node: dict) -> str:
    from pgsnake.commands import role_commands
    row = _row(node["dbname"])
    database_commands._check_database_owner(row)
    role_commands.store_setting(row.oid, 0, node["setstmt"])
    return "ALTER DATABASE"


utility_statement.register("AlterDatabaseStmt", "ALTER DATABASE",
                           lambda node, raw: execute_alter_database(node))
utility_statement.register("AlterDatabaseSetStmt", "ALTER DATABASE",
                           lambda node, raw: execute_alter_database_set(node))
utility_statement.register("AlterDatabaseRefreshCollStmt", "ALTER DATABASE",
                           lambda node, raw: refresh_collation_version(node))


def register_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_database_collation_actual_version", [26], 25,
                       database_collation_actual_version, oid=6249, volatility="v")


register_functions()
