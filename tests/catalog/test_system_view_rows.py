"""catalog/system_view_rows.py without a server: every system view PostgreSQL 15 has gets
a query, the queries read only the system views PostgreSQL's read, and the initial rows
hold one pg_class / pg_rewrite row per view and its row type's dependency row (also for
the newer views of newer_system_views.py)."""
from __future__ import annotations

import re

from pgsnake.catalog import catalog_cache  # noqa: F401  (first: the catalog import order)
from pgsnake.catalog import bootstrap, newer_system_views, system_view_rows, system_views
from pgsnake.catalog import definitions as d
from pgsnake.catalog.generated import system_view_facts as facts

_VIEW_NAMES = set(facts.VIEWS)


def _system_views_read(sql: str) -> set[str]:
    """The system views `sql` reads (names not followed by "(": a function of the same
    name, such as pg_available_extensions(), is not the view)."""
    return {name for name in re.findall(r"pg_catalog\.(\w+)\b(?!\()", sql)
            if name in _VIEW_NAMES}


def test_every_view_has_a_query():
    assert set(system_views.QUERIES) == _VIEW_NAMES
    assert len(_VIEW_NAMES) == 75


def test_queries_read_no_system_view_but_these():
    """The views that read another system view (PostgreSQL's read the same ones)."""
    reads = {name: _system_views_read(sql) for name, sql in system_views.QUERIES.items()}
    expected = {"pg_user": {"pg_shadow"},
                "pg_stat_replication_slots": {"pg_replication_slots"}}
    for kind in ("sys", "user"):
        for view in ("pg_stat_{}_tables", "pg_stat_xact_{}_tables", "pg_statio_{}_tables",
                     "pg_stat_{}_indexes", "pg_statio_{}_indexes", "pg_statio_{}_sequences"):
            expected[view.format(kind)] = {view.format("all")}
    assert {name: read for name, read in reads.items() if read} == expected


def test_initial_rows_hold_each_view_with_its_rule_and_dependencies():
    rows = bootstrap.initial_rows("postgres", None)
    pg_class, pg_rewrite, pg_depend = (d.catalog(n) for n in ("pg_class", "pg_rewrite",
                                                               "pg_depend"))
    relname, relkind = pg_class.attnum("relname") - 1, pg_class.attnum("relkind") - 1
    relacl = pg_class.attnum("relacl") - 1
    views = {r[relname]: r for r in rows["pg_class"] if r[relkind] == "v"
             and r[pg_class.attnum("relnamespace") - 1] == d.PG_CATALOG_NAMESPACE}
    # PostgreSQL 15's views and the newer ones pgsnake adds (pg_stat_io)
    assert set(views) == _VIEW_NAMES | set(newer_system_views.VIEWS)
    assert [str(item) for item in views["pg_shadow"][relacl]] == \
        [str(item) for item in system_view_rows.acl("pg_shadow")]
    rules = {r[pg_rewrite.attnum("ev_class") - 1] for r in rows["pg_rewrite"]}
    assert {facts.VIEWS[n][0] for n in _VIEW_NAMES} <= rules
    view_oids = {v[0] for v in facts.VIEWS.values()}
    on_views = [r for r in rows["pg_depend"] if r[pg_depend.attnum("refobjid") - 1] in view_oids]
    assert len(on_views) == len(view_oids)          # each view's row type
    assert {r[pg_depend.attnum("classid") - 1] for r in on_views} == {1247}


def test_newer_views_get_their_rows_and_oids_below_user_objects():
    rows = bootstrap.initial_rows("postgres", None)
    pg_class = d.catalog("pg_class")
    by_oid = {r[0]: r for r in rows["pg_class"]}
    used = {r[0] for name in ("pg_class", "pg_type", "pg_rewrite") for r in rows[name]}
    for name, (oid, rowtype, array, rule, _acl, columns) in newer_system_views.VIEWS.items():
        assert by_oid[oid][pg_class.attnum("relname") - 1] == name
        assert by_oid[oid][pg_class.attnum("relnatts") - 1] == len(columns)
        assert {oid, rowtype, array, rule} <= used
        assert max(oid, rowtype, array, rule) < d.FIRST_NORMAL_OBJECT_ID
        # no generated (PostgreSQL 15) view shares an OID with it
        assert not {oid, rowtype, array, rule} & {o for v in facts.VIEWS.values()
                                                 for o in v[:4]}


def test_newer_functions_rows_match_their_implementations():
    from pgsnake.datatypes import functions
    from pgsnake.utils.activity import stat_functions
    stat_functions.register_all()
    for values in newer_system_views.FUNCTIONS:
        implemented = functions.function_by_oid(values["oid"])
        assert implemented is not None and implemented.name == values["proname"]
        assert [name for name, _ in implemented.out_columns] == values["proargnames"]
        assert [t for _, t in implemented.out_columns] == values["proallargtypes"]
