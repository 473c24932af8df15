"""catalog/system_view_rows.py without a server: every system view PostgreSQL 15 has gets
a query, READS names exactly the other system views each query reads (with columns the
query names), and the initial rows hold one pg_class / pg_rewrite row per view with the
dependency rows READS implies."""
from __future__ import annotations

import re

from pgsnake.catalog import catalog_cache  # noqa: F401  (first: the catalog import order)
from pgsnake.catalog import bootstrap, system_view_rows, system_views
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


def test_reads_names_the_system_views_each_query_reads():
    for name, sql in system_views.QUERIES.items():
        read = _system_views_read(sql)
        if name in system_view_rows.READS:
            source, columns = system_view_rows.READS[name]
            assert read == {source}, name
            for column in columns:
                assert re.search(rf"\b{column}\b", sql), (name, column)
        else:
            assert read == set(), name


def test_initial_rows_hold_each_view_with_its_rule_and_dependencies():
    rows = bootstrap.initial_rows("postgres", None)
    pg_class, pg_rewrite, pg_depend = (d.catalog(n) for n in ("pg_class", "pg_rewrite",
                                                               "pg_depend"))
    relname, relkind = pg_class.attnum("relname") - 1, pg_class.attnum("relkind") - 1
    relacl = pg_class.attnum("relacl") - 1
    views = {r[relname]: r for r in rows["pg_class"] if r[relkind] == "v"
             and r[pg_class.attnum("relnamespace") - 1] == d.PG_CATALOG_NAMESPACE}
    assert set(views) == _VIEW_NAMES
    assert [str(item) for item in views["pg_shadow"][relacl]] == \
        [str(item) for item in system_view_rows.acl("pg_shadow")]
    rules = {r[pg_rewrite.attnum("ev_class") - 1] for r in rows["pg_rewrite"]}
    assert {facts.VIEWS[n][0] for n in _VIEW_NAMES} <= rules
    column_rows = [r for r in rows["pg_depend"]
                   if r[pg_depend.attnum("refobjsubid") - 1] != 0
                   and r[pg_depend.attnum("refobjid") - 1] in {v[0] for v in facts.VIEWS.values()}]
    assert len(column_rows) == sum(len(c) for _s, c in system_view_rows.READS.values())
