"""The extensions pgsnake implements, and which of them are created in this database.

An extension here is a name, the version PostgreSQL 15 ships as its default, whether it
is relocatable, its control file's comment, and the SQL functions it defines (each
module registers its functions with `functions.register(..., extension=name)`). CREATE
EXTENSION writes a pg_extension row and a pg_proc row per function, tied to it by
pg_depend 'e' rows (extension_members.py); calls find those rows, and a registry
function marked with an extension never resolves by itself (the registry's extension
check says no), so before CREATE EXTENSION a call is 42883 "function ... does not
exist", as in PostgreSQL. Functions PostgreSQL's extension has and pgsnake does not
implement may be registered with register_unimplemented: members like the others,
0A000 when called (none is, now). An extension's `execute_grants` are the EXECUTE
privileges its install script leaves (set on the pg_proc rows), its `script` the rest
of that script (views and their privileges), run by CREATE EXTENSION through SPI
(extension_members.py); `ARGUMENTS` holds members' argument names and defaults.

The registry entries keep fixed OIDs from a range at the top of the OID space
(EXTENSION_FUNCTION_OID_BASE), used only inside the registry; the pg_proc rows get
fresh OIDs at CREATE EXTENSION, as in PostgreSQL.

Entry points: AVAILABLE, lookup(name), is_installed(name), installed_row(name),
available_extensions() / available_extension_versions() (the views of those names),
next_function_oid(), set_arguments(...), register_unimplemented(...), register_all(),
add(extension) (a module's own entry).

PostgreSQL: commands/extension.c (read_extension_control_file, get_extension_oid),
contrib/*/*.control (default_version, relocatable).
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Callable

from pgsnake.catalog import catalog_cache as cc
from pgsnake.datatypes import functions
from pgsnake.utils.errors import PgError

EXTENSION_FUNCTION_OID_BASE = 4_290_000_000
_oids = itertools.count(EXTENSION_FUNCTION_OID_BASE)


@dataclasses.dataclass(frozen=True, slots=True)
class Extension:
    name: str
    default_version: str      # the control file's default_version (PostgreSQL 15)
    relocatable: bool         # the control file's relocatable
    comment: str
    # SQL run by CREATE EXTENSION after the member functions exist (PostgreSQL's install
    # script's remaining statements: views, REVOKE / GRANT); "@extschema@" is the
    # extension's schema, quoted. Every object it creates becomes a member
    # (extension_members runs it inside dependency.current_extension).
    script: tuple[str, ...] = ()
    # The views the script creates, for the reader (membership needs no list: see above;
    # kept so that the specs naming their views stay as they are).
    member_views: tuple[str, ...] = ()
    # EXECUTE as the install script leaves it, by function name ("*": every member):
    # revoked from PUBLIC and granted to the role named (None: the owner alone). Set on
    # the pg_proc rows as CREATE EXTENSION makes them (no REVOKE / GRANT statements run).
    execute_grants: dict = dataclasses.field(default_factory=dict)
    parallel: str = "u"       # the member functions' proparallel (PARALLEL SAFE: "s")
    parallel_unsafe: tuple[str, ...] = ()    # members that stay PARALLEL UNSAFE ("u")
    trusted: bool = False     # the control file's trusted (pg_available_extension_versions)
    # Run after the script with (extension oid, schema oid): makes the members that have
    # no statement yet (pg_trgm's operator class) and records them as members.
    after_script: Callable[[int, int], None] | None = None


_BUFFERCACHE_SCRIPT = (
    "CREATE VIEW @extschema@.pg_buffercache AS SELECT p.* FROM "
    "@extschema@.pg_buffercache_pages() AS p (bufferid integer, relfilenode oid, "
    "reltablespace oid, reldatabase oid, relforknumber smallint, relblocknumber bigint, "
    "isdirty boolean, usagecount smallint, pinning_backends integer)",
    "REVOKE ALL ON @extschema@.pg_buffercache FROM PUBLIC",
    "GRANT SELECT ON @extschema@.pg_buffercache TO pg_monitor",
)

_SCAN = "pg_stat_scan_tables"

AVAILABLE = {e.name: e for e in (
    Extension("pageinspect", "1.11", True, "inspect the contents of database pages at a low level"),
    Extension("amcheck", "1.3", True, "functions for verifying relation integrity",
              execute_grants={"*": None}),
    Extension("pgstattuple", "1.5", True, "show tuple-level statistics",
              execute_grants={"*": _SCAN}),
    Extension("pg_buffercache", "1.3", True, "examine the shared buffer cache",
              script=_BUFFERCACHE_SCRIPT, member_views=("pg_buffercache",),
              execute_grants={"*": "pg_monitor"}),
    Extension("pg_visibility", "1.2", True, "examine the visibility map (VM) and "
              "page-level visibility info",
              execute_grants={"*": _SCAN, "pg_truncate_visibility_map": None}),
    Extension("pg_freespacemap", "1.2", True, "examine the free space map (FSM)",
              execute_grants={"*": _SCAN}),
    Extension("uuid-ossp", "1.1", True, "generate universally unique identifiers (UUIDs)",
              parallel="s", trusted=True),
    Extension("pg_walinspect", "1.0", True,
              "functions to inspect contents of PostgreSQL Write-Ahead Log",
              execute_grants={"*": "pg_read_server_files"}),
    Extension("pgcrypto", "1.3", True, "cryptographic functions", parallel="s",
              trusted=True),
)}


def add(extension: Extension) -> None:
    """An extension whose module declares its own entry (pg_trgm: script and hook;
    citext, hstore: their scripts are built there)."""
    AVAILABLE[extension.name] = extension


def lookup(name: str) -> Extension | None:
    return AVAILABLE.get(name)


def next_function_oid() -> int:
    return next(_oids)


def installed_row(name: str):
    """The visible pg_extension row of `name` in the current database, or None."""
    for row in cc.scan_catalog("pg_extension"):
        if row.extname == name:
            return row
    return None


def is_installed(name: str) -> bool:
    return installed_row(name) is not None


# Argument names and defaults (SQL text) of member functions whose PostgreSQL
# declaration has them, by (name, argument type OIDs): the pg_proc rows get them.
ARGUMENTS: dict[tuple[str, tuple[int, ...]], tuple[tuple[str, ...], tuple]] = {}


def set_arguments(name: str, arg_types, names, defaults=None) -> None:
    arg_types = tuple(arg_types)
    ARGUMENTS[(name, arg_types)] = (tuple(names),
                                    tuple(defaults) if defaults else (None,) * len(arg_types))


def register_unimplemented(extension: str, name: str, arg_types, result_type: int, *,
                           out_columns=(), returns_set: bool = False,
                           strict: bool = True, volatility: str = "v") -> None:
    """A function PostgreSQL 15's extension has and pgsnake does not implement: it is a
    member of the extension like the others (pg_proc row, \\dx+), and a call is 0A000."""
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is not supported by pgsnake",
                      detail=f"PostgreSQL 15's {extension} extension has this function; "
                             f"pgsnake does not implement it yet.")
    functions.register(name, list(arg_types), result_type, refuse, oid=next_function_oid(),
                       volatility=volatility, returns_set=returns_set, out_columns=out_columns,
                       strict=strict, rows=1000.0 if returns_set else 1.0,
                       extension=extension)


# plpgsql: an extension initdb creates (its control file's facts), implemented by pl/.
PLPGSQL = Extension("plpgsql", "1.0", False, "PL/pgSQL procedural language")


def available_extensions():
    """pg_available_extensions(): name, default version, comment of each extension
    CREATE EXTENSION can make."""
    for extension in (PLPGSQL, *AVAILABLE.values()):
        yield (extension.name, extension.default_version, extension.comment)


def available_extension_versions():
    """pg_available_extension_versions(): pgsnake implements each extension at its
    default version only, so that is the one version listed; superuser required, and
    trusted as their control files say (plpgsql, citext, hstore, pgcrypto, pg_trgm,
    btree_gist, uuid-ossp; plpgsql's schema is pg_catalog)."""
    for extension in (PLPGSQL, *AVAILABLE.values()):
        is_plpgsql = extension is PLPGSQL
        yield (extension.name, extension.default_version, True,
               is_plpgsql or extension.trusted,
               extension.relocatable, "pg_catalog" if is_plpgsql else None, None,
               extension.comment)


def register_all() -> None:
    from pgsnake.catalog.system_view_functions import register_from_proc
    register_from_proc(3082, available_extensions)
    register_from_proc(3083, available_extension_versions)
    # The registry's extension functions never resolve by themselves: CREATE EXTENSION
    # gives them pg_proc rows (extension_members.py), which calls find.
    functions.set_extension_check(lambda name: False)
