"""The extensions pgsnake implements, and which of them are created in this database.

An extension here is a name, the version PostgreSQL 15 ships as its default, whether it
is relocatable, and the SQL functions it defines (each module registers its functions
with `functions.register(..., extension=name)`). CREATE EXTENSION writes a pg_extension
row (commands/extension_commands.py); the function registry asks `is_installed(name)`,
so a function resolves only while its extension's row is visible in the current
database, and is otherwise 42883 "function ... does not exist", as in PostgreSQL.

Function OIDs: PostgreSQL gives an extension's functions fresh OIDs (pg_proc rows) when
the extension is created. pgsnake has no pg_proc rows for them: each function has a
fixed OID from a range at the top of the OID space (EXTENSION_FUNCTION_OID_BASE), which
get_new_oid does not reach in practice.

Entry points: AVAILABLE, lookup(name), is_installed(name), installed_row(name),
available_extensions() / available_extension_versions() (the views of those names),
next_function_oid(), register_all().

PostgreSQL: commands/extension.c (read_extension_control_file, get_extension_oid),
contrib/*/*.control (default_version, relocatable).
"""
from __future__ import annotations

import dataclasses
import itertools

from pgsnake.catalog import catalog_cache as cc
from pgsnake.datatypes import functions

EXTENSION_FUNCTION_OID_BASE = 4_290_000_000
_oids = itertools.count(EXTENSION_FUNCTION_OID_BASE)


@dataclasses.dataclass(frozen=True, slots=True)
class Extension:
    name: str
    default_version: str      # the control file's default_version (PostgreSQL 15)
    relocatable: bool         # the control file's relocatable
    comment: str


AVAILABLE = {e.name: e for e in (
    Extension("pageinspect", "1.11", True, "inspect the contents of database pages at a low level"),
    Extension("amcheck", "1.3", True, "functions for verifying relation integrity"),
    Extension("pgstattuple", "1.5", True, "show tuple-level statistics"),
    Extension("pg_walinspect", "1.0", True,
              "functions to inspect contents of PostgreSQL Write-Ahead Log"),
)}


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


# plpgsql: an extension initdb creates (its control file's facts), implemented by pl/.
PLPGSQL = Extension("plpgsql", "1.0", False, "PL/pgSQL procedural language")


def available_extensions():
    """pg_available_extensions(): name, default version, comment of each extension
    CREATE EXTENSION can make."""
    for extension in (PLPGSQL, *AVAILABLE.values()):
        yield (extension.name, extension.default_version, extension.comment)


def available_extension_versions():
    """pg_available_extension_versions(): pgsnake implements each extension at its
    default version only, so that is the one version listed; superuser required and not
    trusted as in their control files (plpgsql: trusted, schema pg_catalog)."""
    for extension in (PLPGSQL, *AVAILABLE.values()):
        is_plpgsql = extension is PLPGSQL
        yield (extension.name, extension.default_version, True, is_plpgsql,
               extension.relocatable, "pg_catalog" if is_plpgsql else None, None,
               extension.comment)


def register_all() -> None:
    from pgsnake.catalog.system_view_functions import register_from_proc
    register_from_proc(3082, available_extensions)
    register_from_proc(3083, available_extension_versions)
    functions.set_extension_check(is_installed)
