"""User collations in pg_collation: finding, creating, changing and removing their rows.

A row is written as CollationCreate writes it: the owner is the current user (its
pg_shdepend row comes from shared_dependencies.py), a pg_depend row ties it to its schema
(and, inside CREATE EXTENSION, to the extension). A name is taken in a schema when a
collation of that name exists there for the database's encoding (UTF8) or for any
encoding (-1); a new collation for any encoding also clashes with one for any encoding.

Entry points:
    lookup(names) -> row                 get_collation_oid: by search path unless
                                         qualified; 42704 'collation "x" for encoding
                                         "UTF8" does not exist'
    clash(name, namespace, encoding) -> str | None   the 42710 message, None when free
    create(...) -> oid, update(oid, **columns), delete(oid)
    actual_version(provider, locale) -> str | None   get_collation_actual_version

PostgreSQL: catalog/pg_collation.c (CollationCreate), catalog/namespace.c
(get_collation_oid), commands/collationcmds.c (IsThereCollationInNamespace),
utils/adt/pg_locale.c (get_collation_actual_version).
"""
from __future__ import annotations

import os

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

PG_COLLATION = 3456
UTF8 = 6                      # pgsnake databases are UTF8 (pg_encoding_to_char(6))
ANY_ENCODING = -1


def _changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def row(oid: int):
    return next((r for r in cc.scan_catalog("pg_collation") if r.oid == oid), None)


def _usable(r) -> bool:
    return r.collencoding in (ANY_ENCODING, UTF8)


def lookup(names: list[str]):
    if len(names) > 1:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
        spaces = [namespace]
    else:
        spaces = cc.search_path_namespaces()
    rows = [r for r in cc.scan_catalog("pg_collation")
            if r.collname == names[-1] and _usable(r) and r.collnamespace in spaces]
    if not rows:
        raise PgError("42704", f'collation "{".".join(names)}" for encoding "UTF8" does '
                               'not exist')
    return min(rows, key=lambda r: spaces.index(r.collnamespace))


def clash(name: str, namespace: int, encoding: int, where: str = "") -> str | None:
    """CollationCreate's (where="") or IsThereCollationInNamespace's (where=" in schema
    "s"") message for a name already taken, or None."""
    rows = [r for r in cc.scan_catalog("pg_collation")
            if r.collname == name and r.collnamespace == namespace]
    if encoding != ANY_ENCODING and any(r.collencoding == encoding for r in rows):
        return f'collation "{name}" for encoding "UTF8" already exists{where}'
    if any(r.collencoding == ANY_ENCODING for r in rows) or \
            (encoding == ANY_ENCODING and rows):
        return f'collation "{name}" already exists{where}'
    return None


def create(name: str, namespace: int, provider: str, deterministic: bool, encoding: int,
           collate: str | None, ctype: str | None, icu_locale: str | None,
           version: str | None) -> int:
    from pgsnake.access.transam import transaction_ids
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_collation", d.row_values(
        "pg_collation", oid=oid, collname=name, collnamespace=namespace,
        collowner=process_state.user_oid or d.BOOTSTRAP_SUPERUSER, collprovider=provider,
        collisdeterministic=deterministic, collencoding=encoding, collcollate=collate,
        collctype=ctype, colliculocale=icu_locale, collversion=version))
    dependency.record(dependency.ObjectAddress(PG_COLLATION, oid),
                      dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace),
                      dependency.NORMAL)
    _changed()
    return oid


def update(oid: int, **columns) -> None:
    catalog_writes.update_rows("pg_collation", lambda r: r.oid == oid, **columns)
    if "collnamespace" in columns:
        catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_COLLATION
                                   and r.objid == oid and r.refclassid == d.PG_NAMESPACE_OID)
        dependency.record(dependency.ObjectAddress(PG_COLLATION, oid),
                          dependency.ObjectAddress(d.PG_NAMESPACE_OID,
                                                   columns["collnamespace"]),
                          dependency.NORMAL)
    _changed()


def delete(oid: int) -> None:
    catalog_writes.delete_rows("pg_collation", lambda r: r.oid == oid)
    dependency.delete_dependencies(PG_COLLATION, oid)
    _changed()


def actual_version(provider: str, locale: str | None) -> str | None:
    """The C library's version for a libc locale other than C / POSIX / C.*: what
    sorts by it may change when the library does (glibc's gnu_get_libc_version)."""
    if provider != "c" or locale is None:
        return None
    if locale.upper() in ("C", "POSIX") or locale.upper().startswith("C."):
        return None
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").split()[-1]
    except (ValueError, OSError, AttributeError, IndexError):
        return None


def collation_actual_version(oid: int) -> str | None:
    """pg_collation_actual_version(oid): the library's version for the collation now
    (the default collation's from the database's LC_COLLATE)."""
    found = row(oid)
    if found is None:
        raise PgError("42704", f"collation with OID {oid} does not exist")
    if found.collprovider == "d":
        database = next((r for r in cc.scan_catalog("pg_database")
                         if r.oid == process_state.database_oid), None)
        return actual_version("c", database.datcollate if database is not None else None)
    return actual_version(found.collprovider, found.colliculocale
                          if found.collprovider == "i" else found.collcollate)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_collation_actual_version", [26], 25, collation_actual_version,
                       oid=3448, volatility="v")
