"""initdb's catalog bootstrap: create every catalog's storage for template1 and the
shared catalogs, fill them with their initial rows, then make template0 and postgres as
file copies of template1.

Runs inside initdb's single process, after the shared segment exists and WAL has been
bootstrapped (process_state.is_bootstrap True). Order:
  1. storage: global/<oid> for shared catalogs, base/1/<oid> for the others;
  2. rows (generated facts): pg_namespace, pg_am, pg_tablespace, pg_type, pg_proc,
     pg_operator, pg_cast, pg_collation, and B-tree's operator families and classes
     (pg_opfamily, pg_opclass, pg_amop, pg_amproc); then pg_authid (superuser 10 + predefined roles),
     pg_database (template1 1, template0 4, postgres 5);
  3. pg_class and pg_attribute rows describing every catalog (from definitions.py), and
     pg_class / pg_attribute / pg_index rows for every catalog index (catalog_indexes.py);
  4. the catalog indexes' files, built from the rows now in the catalogs;
  5. commit, flush every buffer, copy base/1 to base/4 and base/5.
The copy is not WAL-logged: the caller's shutdown checkpoint follows, and a crash before
it leaves an unusable half-made cluster anyway (initdb starts over).

Entry point: bootstrap_catalogs(superuser, password_verifier).

PostgreSQL: bootstrap/bootstrap.c (BootstrapModeMain), catalog/genbki.pl + the
postgres.bki it writes, bin/initdb/initdb.c (setup_*, make_template0, make_postgres),
commands/dbcommands.c (the file-copy strategy of CREATE DATABASE).
"""
from __future__ import annotations

import importlib
import os
import shutil

from pgsnake.catalog import catalog_rows
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state

# Catalogs whose initial rows come from generated/<name>_rows.py, in insertion order.
_GENERATED_ROWS = ("pg_namespace", "pg_am", "pg_tablespace", "pg_type", "pg_proc",
                   "pg_operator", "pg_cast", "pg_collation", "pg_opfamily", "pg_opclass",
                   "pg_amop", "pg_amproc", "pg_language", "pg_aggregate", "pg_range",
                   "pg_ts_parser", "pg_ts_template", "pg_ts_dict", "pg_ts_config",
                   "pg_ts_config_map", "pg_conversion", "pg_auth_members",
                   "pg_extension", "pg_depend", "pg_description", "pg_shdescription")


def _generated_rows(name: str) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    module = importlib.import_module(f"pgsnake.catalog.generated.{name}_rows")
    return module.COLUMNS, module.ROWS


def _database_row(oid: int, name: str, *, is_template: bool, allow_connections: bool,
                  collate: str = "C", ctype: str = "C") -> list:
    return d.row_values(
        "pg_database", oid=oid, datname=name, datdba=d.BOOTSTRAP_SUPERUSER,
        encoding=d.UTF8_ENCODING, datlocprovider="c", datistemplate=is_template,
        datallowconn=allow_connections, datconnlimit=-1,
        datfrozenxid=catalog_rows.FIRST_NORMAL_XID, datminmxid=1,
        dattablespace=1663, datcollate=collate, datctype=ctype)


def _superuser_row(name: str, verifier: str | None) -> list:
    return d.row_values(
        "pg_authid", oid=d.BOOTSTRAP_SUPERUSER, rolname=name, rolsuper=True, rolinherit=True,
        rolcreaterole=True, rolcreatedb=True, rolcanlogin=True, rolreplication=True,
        rolbypassrls=True, rolconnlimit=-1, rolpassword=verifier)


def initial_rows(superuser: str, password_verifier: str | None, *, collate: str = "C",
                 ctype: str = "C") -> dict[str, list[list]]:
    """Every catalog's initial rows for template1, keyed by catalog, in insertion order;
    the three databases get initdb's LC_COLLATE and LC_CTYPE."""
    rows: dict[str, list[list]] = {name: [] for name in d.CATALOGS}
    for name in _GENERATED_ROWS:
        columns, generated = _generated_rows(name)
        # The generated column order must be the catalog's (both come from the oracle).
        assert columns == d.catalog(name).column_names(), name
        rows[name] = [list(r) for r in generated]
    _, predefined_roles = _generated_rows("pg_authid")
    rows["pg_authid"] = ([_superuser_row(superuser, password_verifier)]
                         + [list(r) for r in predefined_roles])
    rows["pg_database"] = [
        _database_row(d.TEMPLATE1_DATABASE, "template1", is_template=True, allow_connections=True,
                      collate=collate, ctype=ctype),
        _database_row(d.TEMPLATE0_DATABASE, "template0", is_template=True, allow_connections=False,
                      collate=collate, ctype=ctype),
        _database_row(d.POSTGRES_DATABASE, "postgres", is_template=False, allow_connections=True,
                      collate=collate, ctype=ctype),
    ]
    from pgsnake.catalog import catalog_indexes
    has_index = d.catalog("pg_class").attnum("relhasindex") - 1
    for definition in d.CATALOGS.values():
        class_row = catalog_rows.pg_class_row(
            oid=definition.oid, name=definition.name, namespace_oid=d.PG_CATALOG_NAMESPACE,
            rowtype_oid=definition.rowtype_oid, natts=len(definition.columns),
            is_shared=definition.is_shared, is_catalog=True)
        class_row[has_index] = bool(catalog_indexes.indexes_of(definition.name))
        rows["pg_class"].append(class_row)
        rows["pg_attribute"].extend(catalog_rows.catalog_attribute_rows(definition))
    for name, index_rows in catalog_indexes.initial_rows().items():   # the catalogs' indexes
        rows[name].extend(index_rows)
    from pgsnake.catalog import system_view_rows
    system_view_rows.add_rows(rows)             # initdb's system_views.sql
    from pgsnake.catalog import information_schema
    information_schema.add_rows(rows)           # initdb's setup_schema
    from pgsnake.catalog import initial_privileges
    initial_privileges.apply(rows)              # initdb's setup_privileges
    return rows


def bootstrap_catalogs(superuser: str, password_verifier: str | None, *, collate: str = "C",
                       ctype: str = "C", analyze=None) -> None:
    """initdb's catalogs in template1, then copied to template0 and postgres.
    `analyze`: called in template1 after the catalogs' transaction committed (initdb's
    ANALYZE: commands/analyze.py's analyze_every_table, passed in by cli/initdb.py, a
    higher layer), so every database starts with the catalogs' statistics."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.storage.buffer import buffer_manager as bufmgr

    assert process_state.is_bootstrap, "bootstrap_catalogs runs only in initdb's bootstrap"
    process_state.database_oid = d.TEMPLATE1_DATABASE
    os.makedirs(f"base/{d.TEMPLATE1_DATABASE}", exist_ok=True)
    os.makedirs("global", exist_ok=True)

    from pgsnake.catalog.catalog_cache import in_transaction
    own_transaction = not in_transaction()
    if own_transaction:
        xact.start_transaction_command()
    for definition in d.CATALOGS.values():                           # step 1
        heapam.heap_create_storage(d.catalog_relation(definition.name))
    for name, rows in initial_rows(superuser, password_verifier, collate=collate,
                                   ctype=ctype).items():   # steps 2, 3
        rel = d.catalog_relation(name)
        for values in rows:
            heapam.heap_insert(rel, values)
    from pgsnake.catalog import catalog_indexes
    catalog_indexes.build_all()                                       # step 4
    from pgsnake.catalog import relation_map
    relation_map.write_initial_maps(d.TEMPLATE1_DATABASE)            # the mapped files
    if own_transaction:
        xact.commit_transaction_command()
        _create_catalog_toast_tables()
        if analyze is not None:                                       # step 5
            from pgsnake.catalog import catalog_cache
            catalog_cache.reset_caches()
            analyze()

    bufmgr.flush_all_buffers()                                        # step 6
    source = f"base/{d.TEMPLATE1_DATABASE}"
    with open(os.path.join(source, "PG_VERSION"), "w") as f:
        f.write("15\n")
    for target_oid in (d.TEMPLATE0_DATABASE, d.POSTGRES_DATABASE):
        target = f"base/{target_oid}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
        _fsync_tree(target)
    from pgsnake.catalog import catalog_cache
    catalog_cache.reset_caches()


def _create_catalog_toast_tables() -> None:
    """The catalogs' TOAST tables (pg_statistic's), in a transaction of their own once
    the catalogs' rows are committed."""
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_cache, toast_creation
    catalog_cache.reset_caches()
    xact.start_transaction_command()
    toast_creation.create_catalog_toast_tables()
    xact.commit_transaction_command()


def _fsync_tree(directory: str) -> None:
    for name in os.listdir(directory):
        fd = os.open(os.path.join(directory, name), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
