"""PostgreSQL's system views (pg_roles, pg_settings, pg_stat_activity, ...) as catalog rows
made at initdb.

PostgreSQL's initdb runs system_views.sql, which creates some 75 views in pg_catalog;
pgsnake's initdb inserts the rows those CREATE VIEWs leave, directly (as
information_schema.py does for information_schema), with PostgreSQL 15's OIDs, names,
column types and ACLs (generated/system_view_facts.py, tools/generate_system_view_facts.py),
and the newer views pgsnake adds (newer_system_views.py: PostgreSQL 16's pg_stat_io):
  - pg_type: the view's row type and its array type;
  - pg_class: relkind 'v', owned by the bootstrap superuser, relhasrules, the ACL
    system_views.sql leaves (applied by initial_privileges.py, which also records it in
    pg_init_privs);
  - pg_attribute: the oracle's column names, types and typmods;
  - pg_rewrite: the "_RETURN" rule, whose ev_action holds pgsnake's own query
    (system_views.QUERIES) after view_creation.py's search-path line;
  - pg_depend: row type -> view 'i', array type -> row type 'i', as CREATE VIEW records
    them.
From then on the rewriter expands them like any view (rewrite/view_expansion.py), checking
the tables they read with their owner's privileges.

Invariant: each query yields exactly the columns pg_attribute records, in order, with the
same types (tests/regress/sql/system_views.sql compares them with PostgreSQL's).

Entry point: add_rows(rows) (catalog/bootstrap.py's initial_rows); acl(name) ->
list[AclItem] | None (initial_privileges.py).

Where we differ from PostgreSQL: pg_settings has no pg_settings_u / pg_settings_n rules
(UPDATE pg_settings is not supported). The rules have no pg_depend rows (PostgreSQL's:
rule -> view 'i' and 'n', rule -> the columns of the other system views it reads, some
440 rows), as information_schema's have none: pgsnake's initdb does not ANALYZE the
catalogs, and with these rows in pg_depend the planner's default estimates turn
information_schema.view_column_usage / view_table_usage into nested loops rescanning
pg_attribute per pg_depend row (0.4 s became over 10 s). Nothing needs them: DROP VIEW
finds a view's rule by ev_class.

PostgreSQL: catalog/system_views.sql, commands/view.c (DefineView), rewrite/rewriteDefine.c.
"""
from __future__ import annotations

from pgsnake.catalog import catalog_rows
from pgsnake.catalog import definitions as d
from pgsnake.catalog import newer_system_views, system_views
from pgsnake.catalog.generated import system_view_facts as facts
from pgsnake.datatypes.aclitem import BIT, AclItem

SEARCH_PATH_LINE = "-- search_path: pg_catalog\n"
_PG_TYPE, _PG_CLASS, _PG_REWRITE = 1247, 1259, 2618


def _views() -> dict:
    """PostgreSQL 15's views, then the newer ones pgsnake adds (newer_system_views.py)."""
    return {**facts.VIEWS, **newer_system_views.VIEWS}


def acl(name: str) -> list[AclItem] | None:
    """The ACL system_views.sql leaves on pg_catalog's view `name` (None: not one)."""
    view = _views().get(name)
    if view is None:
        return None
    return [AclItem(grantee, grantor, sum(BIT[letter] for letter in letters))
            for grantee, grantor, letters in view[4]]


def add_rows(rows: dict[str, list[list]]) -> None:
    """Append the system views' catalog rows to initdb's initial rows (in place)."""
    queries = {**system_views.QUERIES, **newer_system_views.QUERIES}
    views = _views()
    missing = set(views) - set(queries)
    if missing:
        raise RuntimeError(f"system views without a query: {sorted(missing)}")
    for name in views:
        _add_view(rows, name, queries[name], views[name])
    for values in newer_system_views.FUNCTIONS:
        rows["pg_proc"].append(d.row_values("pg_proc", **values))


def _depend(classid: int, objid: int, refclassid: int, refobjid: int, deptype: str) -> list:
    return d.row_values("pg_depend", classid=classid, objid=objid, objsubid=0,
                        refclassid=refclassid, refobjid=refobjid, refobjsubid=0,
                        deptype=deptype)


def _add_view(rows: dict[str, list[list]], name: str, sql: str, view: tuple) -> None:
    oid, rowtype_oid, array_oid, rule_oid, _acl, columns = view
    rows["pg_type"].extend(catalog_rows.composite_type_rows(
        name=name, namespace_oid=d.PG_CATALOG_NAMESPACE, relation_oid=oid,
        rowtype_oid=rowtype_oid, array_oid=array_oid))
    class_row = catalog_rows.pg_class_row(
        oid=oid, name=name, namespace_oid=d.PG_CATALOG_NAMESPACE, rowtype_oid=rowtype_oid,
        natts=len(columns), relkind="v", frozen_xid=0)
    definition = d.catalog("pg_class")
    for column, value in (("relfilenode", 0), ("relhasrules", True), ("relreplident", "n"),
                          ("relminmxid", 0)):
        class_row[definition.attnum(column) - 1] = value
    rows["pg_class"].append(class_row)
    for attnum, (attname, typid, typmod, length, byval, align, storage, collation) \
            in enumerate(columns, start=1):
        rows["pg_attribute"].append(catalog_rows.pg_attribute_row(
            oid, catalog_rows.ColumnRowSpec(attnum, attname, typid, typmod, length, byval,
                                            align, storage, collation, False)))
    rows["pg_rewrite"].append(d.row_values(
        "pg_rewrite", oid=rule_oid, rulename="_RETURN", ev_class=oid, ev_type="1",
        ev_enabled="O", is_instead=True, ev_qual="<>", ev_action=SEARCH_PATH_LINE + sql))
    # The rule's own rows (rule -> view 'i' and 'n', rule -> the columns of other system
    # views it reads) are left out: see "Where we differ" above.
    rows["pg_depend"] += [
        _depend(_PG_TYPE, rowtype_oid, _PG_CLASS, oid, "i"),
        _depend(_PG_TYPE, array_oid, _PG_TYPE, rowtype_oid, "i"),
    ]
