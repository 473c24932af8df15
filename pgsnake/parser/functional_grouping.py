"""Functional dependency on a primary key in a grouped query: a column of a table may
appear ungrouped in the select list, HAVING or ORDER BY when the GROUP BY holds every column
of that table's (non-deferrable) primary key, because the key fixes the row, as SQL:1999
allows and PostgreSQL accepts. ORMs rely on it: Django groups
`Author.objects.annotate(n=Count("books"))` by the author's id alone and selects all of its
columns.

Entry points:
    grouped_by_primary_key(range_table, groups, var) -> bool
        the parser's aggregate check: may `var` appear ungrouped?
    dependent_columns(query) -> [Var]
        the planner: the ungrouped columns the Aggregate node passes on from each group's
        first input row (Aggregate.dependent_exprs)

Only plain GROUP BY lists count (with grouping sets PostgreSQL looks at the columns common
to all sets; pgsnake does not, so there such a column is still refused).
A view that relies on the dependency depends on the primary-key constraint in pg_depend
(rewrite/expression_dependencies.py, PostgreSQL's constraintDeps), so ALTER TABLE ...
DROP CONSTRAINT refuses (2BP01) or cascades to it.

PostgreSQL: parser/parse_agg.c (check_ungrouped_columns_walker's functional-dependency
case), catalog/pg_constraint.c (check_functional_grouping).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.parser.expression_nodes import Aggref, Var, children


def primary_key_attnums(relation_oid: int) -> frozenset | None:
    """The columns of the table's non-deferrable primary key, None without one."""
    for index_oid in catalog_cache.index_oids_of(relation_oid):
        index = catalog_cache.index_row(index_oid)
        if index is not None and index.indisprimary and index.indimmediate:
            return frozenset(index.indkey[:index.indnkeyatts])
    return None


def grouped_by_primary_key(range_table, groups, var: Var) -> bool:
    """True when `var` (a column of this query level) belongs to a table whose whole
    primary key is grouped, so that it is functionally dependent on the GROUP BY."""
    rte = range_table[var.rtindex - 1]
    if rte.kind != "relation" or rte.relation is None or var.attnum <= 0:
        return False
    grouped = {g.attnum for g in groups
               if isinstance(g, Var) and g.rtindex == var.rtindex and g.levels_up == 0}
    if not grouped:
        return False
    key = primary_key_attnums(rte.relation.oid)
    return bool(key) and key <= grouped


def common_group_keys(query) -> list:
    """The group keys a functional dependency may rest on: all of GROUP BY, or with
    grouping sets those in every set (parseCheckAggregates' gset_common: a column
    grouped in only some sets is NULL in the others' rows)."""
    if query.grouping_sets is None:
        return list(query.group_by)
    sets = [set(grouping_set) for grouping_set in query.grouping_sets]
    common = set.intersection(*sets) if sets else set()
    return [query.group_by[i] for i in sorted(common)]


def dependent_columns(query) -> list:
    """The columns of `query` used outside aggregates and outside its group keys (every
    one functionally dependent on them, or the parser would have refused the query)."""
    groups = common_group_keys(query) if query.group_by else []
    if not groups:
        return []
    out: list = []

    def visit(node):
        if node is None or isinstance(node, Aggref) or node in groups:
            return
        if isinstance(node, Var):
            if node.levels_up == 0 and node not in out \
                    and grouped_by_primary_key(query.range_table, groups, node):
                out.append(node)
            return
        for child in children(node):
            visit(child)

    for tle in query.target_list:
        visit(tle.expr)
    visit(query.having)
    return out
