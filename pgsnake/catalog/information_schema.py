"""The information_schema schema, made at initdb: its domains, helper functions and views.

PostgreSQL's initdb runs information_schema.sql after the bootstrap; pgsnake's initdb
inserts the same objects' catalog rows directly (running the SQL through the executor
would cost seconds per initdb), with PostgreSQL 15's OIDs, names and column types
(generated/information_schema_facts.py, from the oracle):
  - pg_namespace: information_schema, owned by the bootstrap superuser, USAGE to PUBLIC
    (initial_privileges.py);
  - pg_type / pg_constraint: the domains cardinal_number, character_data,
    sql_identifier, time_stamp, yes_or_no, their array types and CHECK constraints;
  - pg_proc: the helper functions (implemented in information_schema_functions.py);
  - for every view of information_schema_views.VIEWS: its row type and array type,
    pg_class (relkind 'v', SELECT to PUBLIC), pg_attribute (the oracle's column names,
    types and typmods), and the "_RETURN" rule whose ev_action holds pgsnake's own
    query (information_schema_views.py), analysed on each use like any view's.
Each view's query yields exactly the columns pg_attribute records (the regress script
information_schema.sql compares the views with PostgreSQL's).

Entry point: add_rows(rows) (catalog/bootstrap.py's initial_rows).

PostgreSQL: catalog/information_schema.sql, bin/initdb/initdb.c (setup_schema).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_rows
from pgsnake.catalog import definitions as d
from pgsnake.catalog import information_schema_functions as helpers
from pgsnake.catalog import information_schema_views as views
from pgsnake.catalog.generated import information_schema_facts as facts

NAMESPACE_OID = facts.NAMESPACE_OID
# ev_action's first line (view_creation.py's format): unqualified names in the views'
# queries are pg_catalog's, then information_schema's (the domains).
SEARCH_PATH_LINE = "-- search_path: pg_catalog, information_schema\n"

# The domains' CHECK conditions, as pgsnake stores CHECK expressions (conbin).
_DOMAIN_CHECKS = {
    "cardinal_number_domain_check": "(VALUE >= 0)",
    "yes_or_no_check": "(VALUE = ANY ('{YES,NO}'::character varying[]))",
}


def _named(columns: tuple, row: tuple, **changes) -> list:
    values = dict(zip(columns, row))
    values.update(changes)
    return list(values.values())


def _catalog_row(catalog: str, columns: tuple, row: tuple, **changes) -> list:
    """A generated row in the catalog's column order (the generated column list must be
    the catalog's, both coming from the oracle)."""
    assert columns == d.catalog(catalog).column_names(), catalog
    return _named(columns, row, **changes)


def add_rows(rows: dict[str, list[list]]) -> None:
    """Append information_schema's catalog rows to initdb's initial rows (in place)."""
    rows["pg_namespace"].append(d.row_values(
        "pg_namespace", oid=NAMESPACE_OID, nspname="information_schema",
        nspowner=d.BOOTSTRAP_SUPERUSER, nspacl=None))
    for row in facts.TYPE_ROWS:
        rows["pg_type"].append(_catalog_row("pg_type", facts.TYPE_COLUMNS, row))
    for row in facts.CONSTRAINT_ROWS:
        name = row[facts.CONSTRAINT_COLUMNS.index("conname")]
        rows["pg_constraint"].append(_catalog_row(
            "pg_constraint", facts.CONSTRAINT_COLUMNS, row, conbin=_DOMAIN_CHECKS[name]))
    for row in facts.PROC_ROWS:
        oid = row[0]
        rows["pg_proc"].append(_catalog_row("pg_proc", facts.PROC_COLUMNS, row,
                                            prosrc=helpers.PROSRC[oid]))
    for name, sql in views.VIEWS.items():
        _add_view(rows, name, sql)


def _add_view(rows: dict[str, list[list]], name: str, sql: str) -> None:
    oid, rowtype_oid, array_oid, rule_oid, columns = facts.VIEWS[name]
    rows["pg_type"].extend(catalog_rows.composite_type_rows(
        name=name, namespace_oid=NAMESPACE_OID, relation_oid=oid, rowtype_oid=rowtype_oid,
        array_oid=array_oid))
    class_row = catalog_rows.pg_class_row(
        oid=oid, name=name, namespace_oid=NAMESPACE_OID, rowtype_oid=rowtype_oid,
        natts=len(columns), relkind="v", frozen_xid=0)
    definition = d.catalog("pg_class")
    for column, value in (("relfilenode", 0), ("relhasrules", True), ("relreplident", "n"),
                          ("relminmxid", 0)):
        class_row[definition.attnum(column) - 1] = value
    rows["pg_class"].append(class_row)
    for attnum, (attname, typid, typmod, length, byval, align, storage, collation) \
            in enumerate(columns, start=1):
        rows["pg_attribute"].append(catalog_rows.pg_attribute_row(oid, catalog_rows.ColumnRowSpec(
            attnum, attname, typid, typmod, length, byval, align, storage, collation, False)))
    rows["pg_rewrite"].append(d.row_values(
        "pg_rewrite", oid=rule_oid, rulename="_RETURN", ev_class=oid, ev_type="1",
        ev_enabled="O", is_instead=True, ev_qual="<>", ev_action=SEARCH_PATH_LINE + sql))
