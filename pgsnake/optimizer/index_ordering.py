"""Index scans that deliver rows in order: an ORDER BY (or a Merge Join's input)
served by an Index Scan (Index Scan Backward for DESC) instead of a Sort.

Entry points:
    ordered_scans(planner, rtindex, quals, base_scan) -> [IndexScan]
        extra paths of a base table, each with `pathkeys`: a scan of every B-tree index
        whose leading column the query can use in order (ORDER BY's first column, or a
        column of a join clause: a Merge Join input), forward for ascending and
        backward for an all-descending ORDER BY (join_search adds them with add_path,
        so they survive only when cheaper or better sorted, as PostgreSQL's
        build_index_paths with useful pathkeys).
    wanted_pathkeys(planner) -> list | None
        the ORDER BY as pathkeys (None when not all plain columns)
    query_pathkeys(planner) -> list | None
        the order ordered scans are offered for: GROUP BY's (grouping_paths.py) when
        the query groups, DISTINCT's (distinct_paths.py), else ORDER BY's

Pathkeys: ascending NULLS LAST keys are sets of layout keys (plan_nodes invariant 6);
a descending NULLS FIRST key is the same set of ('desc', key) entries, which no merge
clause or ascending order matches.

Leading index columns that a `column = constant` scan qual fixes are skipped: the
order starts at the first column after them, and ORDER BY keys on fixed columns are
left out of the wanted order (pathkey_is_redundant).

An ORDER BY ... USING an operator of a user-defined B-tree family wants keys tagged
with that family (`family_tag`): only a scan of an index whose leading column has that
family delivers them (its first column only).

Where we differ from PostgreSQL: only indexes with default operator classes (or, for
ORDER BY ... USING, a user-defined family on the leading column) and no DESC / NULLS
FIRST columns give an order; the order is offered only for ORDER BY and
equi-join columns, GROUP BY and DISTINCT; ORDER BY keys after the first change of
direction are left to an Incremental Sort, and DESC NULLS LAST / ASC NULLS FIRST keys
are never delivered by a scan.

PostgreSQL: optimizer/path/indxpath.c (build_index_paths, ForwardScanDirection /
BackwardScanDirection), optimizer/path/pathkeys.c (build_index_pathkeys,
truncate_useless_pathkeys).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.optimizer import array_index_quals, cost, index_paths
from pgsnake.optimizer.plan_nodes import IndexScan
from pgsnake.parser.expression_nodes import Const, OpExpr, Var
from pgsnake.utils import settings

def _is_default_family(family: int) -> bool:
    # From the operator-class cache, which invalidation keeps current (CREATE OPERATOR
    # CLASS ... DEFAULT) and the postmaster builds before fork (catalog/warm_caches.py).
    return catalog_cache.is_default_btree_family(family)


def wanted_pathkeys(planner):
    """ORDER BY as pathkeys (plain columns; None otherwise). A key ascending NULLS LAST
    is its layout key, descending NULLS FIRST ('desc',) + it; the two other null
    orderings are tagged keys no plan delivers (so only a prefix before them can be
    presorted, for an Incremental Sort)."""
    query = planner.query
    if not query.sort_clause:
        return None
    wanted = []
    for clause in query.sort_clause:
        expr = query.target_list[clause.target_index].expr
        if not isinstance(expr, Var) or expr.levels_up:
            return None
        key = ("var", expr.rtindex, expr.attnum)
        tag = DIRECTION_TAGS[(clause.descending, clause.nulls_first)]
        if clause.order_proc:
            tag = (family_tag(clause.order_family, tag),)
        wanted.append(frozenset({tag + key}))
    return wanted


def family_tag(family: int, direction: tuple) -> str:
    """The pathkey tag of an order by a user-defined B-tree family (ORDER BY ... USING):
    only an index scan on that family delivers it ("family<oid>" ascending NULLS LAST,
    "family<oid>desc" descending NULLS FIRST)."""
    return f"family{family}{direction[0] if direction else ''}"


DIRECTION_TAGS = {(False, False): (), (True, True): ("desc",),
                   (False, True): ("asc_nulls_first",), (True, False): ("desc_nulls_last",)}


def query_pathkeys(planner):
    """The order worth an ordered scan (standard_qp_callback's query_pathkeys): GROUP BY's
    when the query groups, DISTINCT's (which starts with ORDER BY's), else ORDER BY's."""
    query = planner.query
    if query.group_by:
        from pgsnake.optimizer import grouping_paths
        return grouping_paths.group_pathkeys(planner)
    if (query.distinct or query.distinct_on) and not query.has_aggregates:
        from pgsnake.optimizer import distinct_paths
        return distinct_paths.distinct_pathkeys(planner)
    return wanted_pathkeys(planner)


def _join_columns(planner, rtindex: int) -> set:
    """Columns of this table in `=` clauses with another table (merge join keys)."""
    columns = set()
    for qual in getattr(planner, "_ordering_join_quals", None) or _where_quals(planner):
        if isinstance(qual, OpExpr) and qual.operator_name == "=" and len(qual.args) == 2:
            a, b = qual.args
            if isinstance(a, Var) and isinstance(b, Var) and a.rtindex != b.rtindex \
                    and not a.levels_up and not b.levels_up:
                for v in (a, b):
                    if v.rtindex == rtindex:
                        columns.add(v.attnum)
    return columns


def _where_quals(planner) -> list:
    from pgsnake.optimizer.planner import conjuncts
    quals = list(conjuncts(planner.query.where))
    quals.extend(planner._join_quals(planner.query.from_list))
    planner._ordering_join_quals = quals
    return quals


def ordered_scans(planner, rtindex: int, quals, base_scan) -> list:
    rte = planner.query.range_table[rtindex - 1]
    from pgsnake.optimizer.plan_nodes import Append
    if getattr(rte, "tablesample", None) is not None:
        return []           # TABLESAMPLE: its Sample Scan is the only path
    if isinstance(base_scan, Append) or base_scan.__dict__.get("inherited_child"):
        # a parent's children, or the one child pruning left (ordered_append.py)
        from pgsnake.optimizer import ordered_append
        return ordered_append.ordered_appends(planner, rtindex, quals, base_scan)
    indexes = planner.table_index_lists.get(rtindex)
    if rte.kind != "relation" or not indexes or not settings.get("enable_indexscan"):
        return []
    wanted = query_pathkeys(planner)
    fixed = _fixed_columns(quals, rtindex)
    if wanted and fixed:
        # ORDER BY keys a `col = constant` qual fixes are redundant (pathkey_is_redundant)
        wanted = [ks for ks in wanted
                  if not any(k[-2] == rtindex and k[-1] in fixed for k in ks)] or None
    order_first = None
    if wanted and len(planner.query.range_table) >= 1:
        (first,) = wanted[0]
        if first[-2] == rtindex:
            order_first = first
    join_columns = _join_columns(planner, rtindex)
    out = []
    for index in indexes:
        if any(catalog_cache.index_row(index.relation.oid).indoption or ()):
            continue
        if index.families and not _is_default_family(index.families[0]):
            scan = _family_ordered_scan(planner, rtindex, index, quals, base_scan,
                                        order_first)
            if scan is not None:
                out.append(scan)
            continue
        # Leading columns a `col = constant` qual fixes order nothing (their pathkeys
        # are redundant): the order starts at the first column after them.
        skip = 0
        while skip < index.key_count - 1 and index.heap_attnums[skip] in fixed \
                and _is_default_family(index.families[skip + 1]):
            skip += 1
        lead = index.heap_attnums[skip]
        if lead <= 0:
            continue
        backward = False
        length = 0
        if order_first is not None and order_first[-1] == lead \
                and order_first[0] in ("var", "desc"):
            backward = order_first[0] == "desc"
            length = _matching_prefix(index, wanted, rtindex, skip)
        elif lead in join_columns and not skip:
            length = 1
        if not length:
            continue
        scan = _index_scan(planner, rtindex, index, quals, base_scan, backward)
        keys = [("var", rtindex, a) for a in index.heap_attnums[skip:skip + length]]
        scan.pathkeys = [frozenset({("desc",) + k if backward else k}) for k in keys]
        if isinstance(base_scan, IndexScan) and base_scan.index is index.relation \
                and not backward and base_scan.total_cost == scan.total_cost:
            base_scan.pathkeys = scan.pathkeys     # the same scan: it is ordered already
            continue
        out.append(scan)
    return out


def _family_ordered_scan(planner, rtindex, index, quals, base_scan, order_first):
    """A scan of an index whose leading column has a user-defined family, when the
    ORDER BY's first key is that column in that family's order (its first column only:
    the later columns' families are not compared)."""
    family = index.families[0]
    if order_first is None or not family or order_first[-1] != index.heap_attnums[0] \
            or order_first[0] not in (family_tag(family, ()), family_tag(family, ("desc",))):
        return None
    backward = order_first[0].endswith("desc")
    scan = _index_scan(planner, rtindex, index, quals, base_scan, backward)
    scan.pathkeys = [frozenset({order_first})]
    return scan


def _fixed_columns(quals, rtindex: int) -> set:
    """Columns of the table a `column = pseudo-constant` qual fixes."""
    out = set()
    for q in quals:
        if isinstance(q, OpExpr) and q.operator_name == "=" and len(q.args) == 2:
            for var, other in (q.args, q.args[::-1]):
                if isinstance(var, Var) and var.rtindex == rtindex and not var.levels_up \
                        and cost.is_pseudo_constant(other):
                    out.add(var.attnum)
    return out


def _matching_prefix(index, wanted, rtindex, skip: int = 0) -> int:
    """How many leading ORDER BY keys a scan of `index` delivers: its columns from
    `skip` on in order, all in the first key's direction."""
    (first,) = wanted[0]
    length = 0
    for position, keyset in enumerate(wanted):
        if skip + position >= index.key_count:
            break
        (key,) = keyset
        if key[-2] != rtindex or key[-1] != index.heap_attnums[skip + position] \
                or len(key) != len(first) or key[0] != first[0]:
            break
        length += 1
    return length


def _index_scan(planner, rtindex, index, quals, base_scan, backward):
    pages, tuples = planner._table_size(rtindex)
    unique = planner.unique_columns.get(rtindex, set())
    # An `= ANY` clause on a later column would interleave the rows of its elements:
    # the ordered scan leaves it to the filter (build_index_paths' skip_lower_saop).
    clauses = [c for c in index_paths.match_index_clauses(index, rtindex, quals)
               if not (c.strategy == array_index_quals.ARRAY_STRATEGY and c.column > 1)]
    used = [c.clause for c in clauses]
    filters = [q for q in quals if not any(q is u for u in used)]
    estimate = index_paths.estimate_index(index, clauses, rtindex, unique, planner.stats)
    needed = None if rtindex == planner.query.result_relation \
        else planner.needed.get(rtindex, set())
    index_only = needed is not None and index_paths._covers(index, needed, quals)
    scan = IndexScan(rtindex=rtindex, relation=base_scan.relation, index=index.relation,
                     index_clauses=clauses, alias=base_scan.alias, index_only=index_only,
                     backward=backward)
    scan.startup_cost, scan.total_cost = index_paths.cost_index_scan(
        estimate, filters, pages, tuples, index.pages, planner._total_table_pages(),
        all_visible=index_paths.all_visible_fraction(base_scan.relation, pages)
        if index_only else 0.0)
    scan.qual = cost.order_by_cost(filters)
    scan.plan_rows = base_scan.plan_rows
    scan.plan_width = base_scan.plan_width
    scan.output_keys = base_scan.output_keys
    scan.system_columns = getattr(base_scan, "system_columns", ())
    return scan
