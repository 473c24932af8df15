"""Flattening a query level's FROM / WHERE before it is planned: sublinks become semi /
anti joins, simple FROM subqueries are merged into the level, and LEFT joins that a
WHERE clause makes anti joins are marked so.

Entry points:
    prepare(query) -> Query     `query` itself when nothing applies, else a converted
                                deep copy (the analysed query is never changed: a
                                prepared statement is planned again from it)
    outer_references(value)     the Vars of an expression or Query that refer to a
                                level outside it (lateral_pull_up.py and alternative_subplans.py
                                use it too)

Steps, in PostgreSQL's order (subquery_planner):
1. pull_up_sublinks. A top-level AND-ed WHERE clause (or JOIN ... ON clause; for an
   outer join one naming only its nullable side, which it then joins) that is `EXISTS (subquery)`, `NOT EXISTS (subquery)` or `expr op ANY (subquery)`
   (IN) becomes a join node of type 'semi' (or 'anti' for NOT EXISTS) whose left input
   is the FROM clause so far and whose right input is the subquery:
   - EXISTS / NOT EXISTS: the subquery's own FROM items join this level's range table
     and its WHERE becomes the join's condition. Only when the subquery is a plain
     SELECT (no aggregates, HAVING, window functions, set operations, WITH, row locks,
     OFFSET, LIMIT other than a positive constant), its WHERE refers to this level and
     only to tables of the FROM clause, nothing else of it does, and its WHERE calls no
     volatile function (convert_EXISTS_sublink_to_join, simplify_EXISTS_query). A
     subquery not correlated with this level stays an InitPlan.
   - IN: the subquery becomes a FROM item "ANY_subquery" (step 2 may merge it) and the
     comparison, with the subquery's column in place of the placeholder, the join's
     condition. Only when the subquery does not refer to this level or one further out
     and the comparison refers to this level's FROM items and calls nothing volatile
     (convert_ANY_sublink_to_join). NOT IN is never converted (its NULL semantics are
     not an anti join's): it stays a (hashed) SubPlan.
2. pull_up_subqueries. A FROM subquery (a view's included) that is simple
   (rewrite/view_pullup.py's conditions, plus: no window functions, DISTINCT ON,
   grouping sets, a WITH list of its own or a reference to a WITH query outside it,
   references to enclosing levels; a WITH inside one of its sublinks does not count)
   is merged into this level:
   its tables join the range table and its WHERE goes where the subquery was; on the
   right side of a semi / anti join that is the join's condition.
0. (inline_set_returning_functions) A FROM call of a simple SQL set-returning function
   becomes the subquery of its body (function_inlining.py), merged by step 2.
4. remove_useless_joins. A LEFT JOIN to a table (or a FROM subquery distinct on the
   joined columns, query_is_distinct_for) whose columns nothing but the join's
   own ON clause uses, and which is unique for the ON clause's equalities (a unique
   index on columns equated to the other side's expressions or to constants), cannot
   change the result: it is dropped (join_is_removable).
3. reduce_outer_joins' anti-join rule. `a LEFT JOIN b ON <strict for b.x> WHERE b.x IS
   NULL` keeps only the rows of `a` that found no partner: an anti join (the IS NULL
   test stays as a filter, always true there). The LEFT-to-inner rule is
   join_tree.py's.

PostgreSQL: optimizer/prep/prepjointree.c (pull_up_sublinks, pull_up_subqueries,
reduce_outer_joins), optimizer/plan/subselect.c (convert_ANY_sublink_to_join,
convert_EXISTS_sublink_to_join, simplify_EXISTS_query).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import append_rel, constant_functions, function_inlining, lateral_pull_up
from pgsnake.optimizer.join_tree import conjuncts, nonnullable_relids
from pgsnake.parser.expression_nodes import (BoolExpr, Const, FuncExpr, NullTest, OpExpr,
                                             Param, SubLink, Var, walk)
from pgsnake.parser.query import JoinTreeNode, Query, RangeTableEntry
from pgsnake.rewrite import tree_mapping, view_pullup

ANY_SUBQUERY_ALIAS = "ANY_subquery"


def prepare(query: Query) -> Query:
    if query.command_type != "SELECT" or query.set_operation is not None \
            or not query.from_list or query.row_marks:
        # (FOR UPDATE / SHARE: LockRows needs every FROM table's row identity, which a
        # unique-ified semi-join side does not carry; the query is planned as written.)
        return query
    if not (_has_candidate_sublink(query) or _has_subquery_item(query)
            or _has_left_join(query.from_list) or constant_functions.has_candidate(query)):
        return query            # nothing to flatten: no copy
    query = tree_mapping.copy_tree(query)
    constant_functions.pull_up(query)       # FROM upper('x'): the constant instead
    _inline_set_returning_functions(query)
    _pull_up_sublinks(query)
    _pull_up_subqueries(query)
    _show_union_columns(query)
    _reduce_to_anti_joins(query)
    _remove_useless_left_joins(query)
    return query


# -- what to look for ---------------------------------------------------------------------------

def _sublink_of(qual):
    """(SubLink, join type) when `qual` is a convertible shape, else None."""
    if isinstance(qual, SubLink) and qual.kind in ("exists", "any"):
        return qual, "semi"
    if isinstance(qual, BoolExpr) and qual.op == "not" and len(qual.args) == 1 \
            and isinstance(qual.args[0], SubLink) and qual.args[0].kind == "exists":
        return qual.args[0], "anti"
    return None


def _has_candidate_sublink(query) -> bool:
    quals = conjuncts(query.where)
    stack = list(query.from_list)
    while stack:
        node = stack.pop()
        if node is not None and not node.rtindex:
            if node.join_type in ("inner", "cross", "left", "right"):
                quals += conjuncts(node.quals)
            stack += (node.left, node.right)
    return any(_sublink_of(q) is not None for q in quals)


def _has_subquery_item(query) -> bool:
    return any(rte.kind == "subquery" or rte.kind == "function"
               and getattr(rte.function, "function_oid", 0)
               >= function_inlining.FIRST_NORMAL_OBJECT_ID for rte in query.range_table)


def _has_left_join(nodes) -> bool:
    for node in nodes:
        if node is not None and not node.rtindex:
            if node.join_type in ("left", "right") or _has_left_join([node.left, node.right]):
                return True
    return False


def _relids(node) -> frozenset:
    if node.rtindex:
        return frozenset({node.rtindex})
    out = frozenset()
    for child in (node.left, node.right):
        if child is not None:
            out |= _relids(child)
    return out


def _from_relids(query) -> frozenset:
    out = frozenset()
    for node in query.from_list:
        out |= _relids(node)
    return out


def _has_volatile(expr) -> bool:
    from pgsnake.optimizer.const_fold import contains_volatile
    return contains_volatile(expr)


def outer_references(value, depth: int = 0) -> list:
    """Vars in `value` (an expression or a Query) referring to a level outside it,
    with how many levels out (relative to `value`'s own level)."""
    found: list = []

    def note(var, var_depth):
        if var.levels_up > var_depth:
            found.append((var, var.levels_up - var_depth))
        return None

    if isinstance(value, Query):
        tree_mapping.map_query(value, note, depth)
    else:
        tree_mapping.map_expression(value, note, depth)
    return found


def _uses_ctes(query: Query, depth: int = 0) -> bool:
    """Whether merging `query` into its parent would move WITH queries: it has a WITH
    list of its own (is_simple_subquery refuses those), or a reference somewhere inside
    it names a WITH query of a level outside it (its cte_levels_up would change). A WITH
    wholly inside one of its sublinks moves with the sublink and does not count (asyncpg's
    type introspection query has a WITH RECURSIVE in a CASE of such a subquery)."""
    if depth == 0 and query.cte_list:
        return True
    if any(rte.kind == "cte" and rte.cte_levels_up >= depth for rte in query.range_table):
        return True
    return any(_uses_ctes(q, depth + 1) for q in tree_mapping.nested_queries(query))


def _shift_outer_cte_levels(query: Query, delta: int, depth: int = 0) -> None:
    """References in `query` (and the queries inside it) to WITH queries of levels
    outside it moved `delta` levels (-1: `query` is being merged into its parent)."""
    for i, rte in enumerate(query.range_table):
        if rte.kind == "cte" and rte.cte_levels_up > depth:
            query.range_table[i] = dataclasses.replace(
                rte, cte_levels_up=rte.cte_levels_up + delta)
    for inner in tree_mapping.nested_queries(query):
        _shift_outer_cte_levels(inner, delta, depth + 1)


def _inline_set_returning_functions(query: Query) -> None:
    """A FROM call of a simple SQL set-returning function becomes the subquery of its
    body (function_inlining.py), which step 2 may then merge."""
    for rtindex in sorted(_from_relids(query)):
        rte = query.range_table[rtindex - 1]
        if rte.kind == "function":
            body = function_inlining.inline_set_returning_function(rte)
            if body is not None:
                rte.kind = "subquery"
                rte.subquery = body
                rte.function = None


# -- step 1: sublinks -----------------------------------------------------------------------------

def _pull_up_sublinks(query: Query) -> None:
    # Inner JOIN ... ON clauses first (their semi joins sit on the JOIN), then WHERE.
    query.from_list = [_pull_up_in_join_quals(query, node) for node in query.from_list]
    kept, joins = _convert_quals(query, conjuncts(query.where), _from_relids(query))
    for join_type, right, quals in joins:
        query.from_list = [JoinTreeNode(join_type=join_type, left=_combine(query.from_list),
                                        right=right, quals=quals)]
    query.where = _and_all(kept)


def _convert_quals(query, quals, available):
    """(quals kept, [(join type, right item, join quals)] for the converted ones)."""
    kept, joins = [], []
    for qual in quals:
        found = _sublink_of(qual)
        converted = None if found is None else _convert(query, found[0], found[1], available)
        if converted is None:
            kept.append(qual)
        else:
            joins.append(converted)
    return kept, joins


def _pull_up_in_join_quals(query, node):
    if node is None or node.rtindex:
        return node
    node.left = _pull_up_in_join_quals(query, node.left)
    node.right = _pull_up_in_join_quals(query, node.right)
    if node.join_type in ("left", "right") and node.quals is not None:
        # An outer join's ON sublink naming only its nullable side joins that side.
        side = "right" if node.join_type == "left" else "left"
        kept, joins = _convert_quals(query, conjuncts(node.quals),
                                     _relids(getattr(node, side)))
        node.quals = _and_all(kept)
        for join_type, right, quals in joins:
            setattr(node, side, JoinTreeNode(join_type=join_type, left=getattr(node, side),
                                             right=right, quals=quals))
        return node
    if node.join_type not in ("inner", "cross") or node.quals is None:
        return node
    kept, joins = _convert_quals(query, conjuncts(node.quals), _relids(node))
    node.quals = _and_all(kept)
    for join_type, right, quals in joins:
        node = JoinTreeNode(join_type=join_type, left=node, right=right, quals=quals)
    return node


def _combine(nodes):
    """One join-tree item for a FROM list (a chain of cross joins)."""
    result = nodes[0]
    for node in nodes[1:]:
        result = JoinTreeNode(join_type="cross", left=result, right=node)
    return result


def _and_all(quals):
    if not quals:
        return None
    if len(quals) == 1:
        return quals[0]
    return BoolExpr("and", tuple(quals))


def _convert(query, sublink, join_type, available):
    """(join type, right item, join quals), the subquery's entries added to the range
    table; None when the sublink is left as it is."""
    if sublink.kind == "exists":
        return _exists_to_join(query, sublink, join_type, available)
    return _any_to_join(query, sublink, available)


def _simplify_exists(sub: Query) -> bool:
    """simplify_EXISTS_query: what does not change whether a row exists is dropped;
    False when the subquery cannot be turned into a join."""
    if sub.command_type != "SELECT" or sub.set_operation is not None or sub.has_aggregates \
            or sub.grouping_sets is not None or sub.has_window_functions \
            or sub.having is not None or sub.limit_offset is not None or sub.row_marks \
            or sub.has_for_update:
        return False
    if any(isinstance(n, FuncExpr) and n.returns_set
           for t in sub.target_list for n in walk(t.expr)):
        return False
    if sub.limit_count is not None:
        if not (isinstance(sub.limit_count, Const) and sub.limit_count.value is not None
                and sub.limit_count.value > 0):
            return False
        sub.limit_count = None
        sub.limit_with_ties = False
    sub.target_list = []
    sub.group_by = []
    sub.sort_clause = []
    sub.distinct = False
    sub.distinct_on = []
    sub.window_clauses = []
    return True


def simplified_exists_query(sub: Query) -> Query:
    """The subquery of an EXISTS that stays a SubPlan, as planned: its target list and
    other row-count-neutral clauses dropped where simplify_EXISTS_query allows (a
    shallow copy), so its plan is narrower (width 0); else `sub` itself."""
    trial = copy.copy(sub)
    return trial if _simplify_exists(trial) else sub


def _inline_outer_ctes(query: Query, sub: Query, depth: int = 1) -> None:
    """References in `sub` (`depth` levels below `query`) to WITH queries of `query`
    that are inlined become FROM subqueries of their own, as PostgreSQL's inline_cte
    does for the whole tree before pull_up_sublinks: the sublink can then become a join
    and the subquery be merged. Not for a WITH query that names another WITH query of
    an enclosing level (its references would have to move too)."""
    from pgsnake.optimizer import cte_planning
    for i, rte in enumerate(sub.range_table):
        if rte.kind != "cte" or rte.self_reference or rte.cte is None \
                or rte.cte_levels_up != depth \
                or not any(c is rte.cte for c in query.cte_list) \
                or not cte_planning._is_inlined(rte.cte) or _uses_ctes(rte.cte.query):
            continue
        sub.range_table[i] = dataclasses.replace(
            rte, kind="subquery", subquery=tree_mapping.copy_tree(rte.cte.query), cte=None,
            cte_levels_up=0)
    for inner in tree_mapping.nested_queries(sub):
        _inline_outer_ctes(query, inner, depth + 1)


def _inline_enclosing_ctes(sub: Query) -> None:
    """`sub`'s own FROM references to inlined WITH queries of enclosing levels made
    subqueries now, as that level's inline_references would (so that they are merged
    with `sub`, and still inlined if `sub` is merged into its parent)."""
    from pgsnake.optimizer import cte_planning
    for i, rte in enumerate(sub.range_table):
        if rte.kind == "cte" and not rte.self_reference and rte.cte is not None \
                and rte.cte_levels_up >= 1 and cte_planning._is_inlined(rte.cte) \
                and not _uses_ctes(rte.cte.query):
            sub.range_table[i] = dataclasses.replace(
                rte, kind="subquery", subquery=tree_mapping.copy_tree(rte.cte.query), cte=None,
                cte_levels_up=0)


def _exists_to_join(query, sublink, join_type, available):
    sub = sublink.subquery
    _inline_outer_ctes(query, sub)
    if sub.cte_list or not sub.from_list:
        return None
    where_refs = outer_references(sub.where)
    if not any(levels == 1 for _, levels in where_refs):
        return None                 # not correlated with this level: an InitPlan
    if {v.rtindex for v, levels in where_refs if levels == 1} - available:
        return None
    if _has_volatile(sub.where):
        return None
    trial = copy.copy(sub)
    if not _simplify_exists(trial):
        return None
    trial.where = None
    if any(levels == 1 for _, levels in outer_references(trial)):
        return None                 # e.g. a FROM function of this level's columns
    _simplify_exists(sub)
    offset = len(query.range_table)
    _move_into_parent(sub, offset)
    _shift_outer_cte_levels(sub, -1)        # its WITH references: one level nearer
    query.range_table.extend(sub.range_table)
    right = _combine([_renumber_tree(n, offset) for n in sub.from_list])
    # The subquery's own EXISTS / IN naming only its tables join its side
    # (pull_up_sublinks_qual_recurse on the new join's quals).
    kept, joins = _convert_quals(query, conjuncts(sub.where), _relids(right))
    for inner_type, inner_right, inner_quals in joins:
        right = JoinTreeNode(join_type=inner_type, left=right, right=inner_right,
                             quals=inner_quals)
    return join_type, right, _and_all(kept)


def _any_to_join(query, sublink, available):
    sub = sublink.subquery
    _inline_outer_ctes(query, sub)
    test = sublink.arg
    if outer_references(sub):
        return None
    if _has_volatile(test) or any(isinstance(n, SubLink) for n in walk(test)):
        return None
    upper = {n.rtindex for n in walk(test) if isinstance(n, Var) and n.levels_up == 0}
    if not upper or upper - available:
        return None
    outputs = sub.output_columns()
    rtindex = len(query.range_table) + 1
    query.range_table.append(RangeTableEntry(
        kind="subquery", alias=ANY_SUBQUERY_ALIAS,
        column_names=[t.name for t in outputs],
        column_types=[t.expr.type_oid for t in outputs],
        column_typmods=[getattr(t.expr, "typmod", -1) for t in outputs],
        subquery=sub))

    def placeholder(e):
        if isinstance(e, Param) and e.kind == "sublink":
            column = outputs[e.number]
            return Var(rtindex, e.number + 1, e.type_oid, e.typmod, column_name=column.name,
                       relation_alias=ANY_SUBQUERY_ALIAS)
        return None
    quals = _replace_nodes(test, placeholder)
    return "semi", JoinTreeNode(rtindex=rtindex), quals


def _replace_nodes(expr, replace):
    from pgsnake.optimizer.subselect import _rebuild
    return _rebuild(expr, replace)


def _move_into_parent(sub: Query, offset: int) -> None:
    """`sub`'s Vars after its range table is appended to its parent's (at `offset`) and
    its level merged into the parent's (OffsetVarNodes + IncrementVarSublevelsUp(-1))."""
    def move(var, depth):
        if var.levels_up == depth:
            return dataclasses.replace(var, rtindex=var.rtindex + offset)
        if var.levels_up > depth:
            return dataclasses.replace(var, levels_up=var.levels_up - 1)
        return None
    tree_mapping.map_query(sub, move)


def _renumber_tree(node, offset: int):
    if node is None:
        return None
    if node.rtindex:
        return dataclasses.replace(node, rtindex=node.rtindex + offset)
    return dataclasses.replace(node, left=_renumber_tree(node.left, offset),
                               right=_renumber_tree(node.right, offset))


# -- step 2: FROM subqueries ----------------------------------------------------------------------

def _pull_up_subqueries(query: Query) -> None:
    """Merge every simple FROM subquery of the join tree, after flattening it the same
    way (pull_up_subqueries_recurse). Anti joins are shown to view_pullup as LEFT joins
    meanwhile: their right side is NULL-extended, so a merged subquery's WHERE must stay
    in their condition. A semi join's right side needs nothing of the kind: a WHERE
    clause on it is evaluated at its scan (join_tree.py does not delay it)."""
    relabelled = []
    stack = list(query.from_list)
    while stack:
        node = stack.pop()
        if node is not None and not node.rtindex:
            if node.join_type == "anti":
                relabelled.append((node, node.join_type))
                node.join_type = "left"
            stack += (node.left, node.right)
    try:
        for rtindex in sorted(_from_relids(query)):
            rte = query.range_table[rtindex - 1]
            if rte.kind != "subquery":
                continue
            sub = rte.subquery
            if sub.command_type == "SELECT" and sub.set_operation is None and sub.from_list:
                _inline_enclosing_ctes(sub)
                _pull_up_sublinks(sub)
                _pull_up_subqueries(sub)
            if _also_simple(sub) or lateral_pull_up.can_pull_up(query, rtindex, sub):
                _shift_outer_cte_levels(sub, -1)    # (a merged subquery's WITH references)
                if not view_pullup.pull_up_view(query, rtindex):
                    _shift_outer_cte_levels(sub, 1)
    finally:
        for node, join_type in relabelled:
            node.join_type = join_type


def _also_simple(sub: Query) -> bool:
    """is_simple_subquery's conditions that view_pullup does not check (a view never
    has outer references)."""
    if sub.has_window_functions or sub.distinct_on or sub.grouping_sets is not None \
            or sub.limit_with_ties or sub.cte_list:
        return False
    return not outer_references(sub)


def _show_union_columns(query: Query) -> None:
    """References to a UNION ALL item that becomes an append relation (append_rel.py)
    print as its first branch's columns, as PostgreSQL's EXPLAIN shows them."""
    for rtindex in sorted(_from_relids(query)):
        rte = query.range_table[rtindex - 1]
        if rte.kind != "subquery" or not append_rel.can_flatten(rte.subquery):
            continue
        outputs = append_rel.first_branch_outputs(rte.subquery)
        own = [q for q in conjuncts(query.where) if _only_item(q, rtindex)]
        if own:
            # branches the WHERE makes empty are no children: the first that is shows
            survivors = append_rel.surviving_branches(rte.subquery, rtindex, own)
            if survivors:
                outputs = [t.expr for t in survivors[0].query.output_columns()]

        def shown(var, depth, rtindex=rtindex, outputs=outputs):
            if var.levels_up == depth and var.rtindex == rtindex:
                return append_rel.shown_as_first_branch(var, outputs)
            return None
        tree_mapping.map_query(query, shown)


def _only_item(qual, rtindex: int) -> bool:
    """`qual` reads columns of FROM item `rtindex` only (and no subquery)."""
    refs = [n for n in walk(qual) if isinstance(n, Var) and n.levels_up == 0]
    return bool(refs) and all(v.rtindex == rtindex for v in refs) \
        and not any(isinstance(n, SubLink) for n in walk(qual))


# -- step 3: LEFT JOIN ... WHERE rhs.col IS NULL -------------------------------------------------

def _forced_null_vars(quals) -> list:
    """Vars a top-level `IS NULL` test requires to be NULL (find_forced_null_vars)."""
    out = []
    for q in quals:
        if isinstance(q, NullTest) and q.is_null and isinstance(q.arg, Var) \
                and q.arg.levels_up == 0 and not getattr(q, "is_row", False):
            out.append(q.arg)
    return out


def _reduce_to_anti_joins(query: Query) -> None:
    forced = _forced_null_vars(conjuncts(query.where))
    if not forced:
        return
    for node in query.from_list:
        _reduce(node, forced)


def _reduce(node, forced) -> None:
    """Only through inner joins and the preserved side of LEFT joins may the WHERE's
    IS NULL tests be applied (reduce_outer_joins_pass2's forced_null_vars)."""
    if node is None or node.rtindex:
        return
    if node.join_type in ("inner", "cross"):
        _reduce(node.left, forced)
        _reduce(node.right, forced)
    elif node.join_type == "left":
        strict_vars = _strict_vars(node.quals)
        right = _relids(node.right)
        if any(v in strict_vars and v.rtindex in right for v in forced):
            node.join_type = "anti"
        _reduce(node.left, forced)
    elif node.join_type in ("semi", "anti"):
        _reduce(node.left, forced)


def _strict_vars(quals) -> list:
    """Vars the ON clause is strict for: NULL in one makes it not true
    (find_nonnullable_vars, on the top-level AND-ed clauses)."""
    out = []
    for q in conjuncts(quals):
        if nonnullable_relids(q):
            out.extend(_nonnullable_vars(q))
    return out


def _nonnullable_vars(expr) -> list:
    from pgsnake.parser.expression_nodes import CoerceExpr, OpExpr
    if isinstance(expr, Var):
        return [expr]
    if isinstance(expr, (OpExpr, FuncExpr)) and expr.strict:
        return [v for a in expr.args for v in _nonnullable_vars(a)]
    if isinstance(expr, NullTest) and not expr.is_null:
        return _nonnullable_vars(expr.arg)
    if isinstance(expr, CoerceExpr):
        return _nonnullable_vars(expr.arg)
    if isinstance(expr, BoolExpr) and expr.op == "and":
        return [v for a in expr.args for v in _nonnullable_vars(a)]
    return []


# -- step 4: LEFT joins nothing needs ------------------------------------------------------------

def _remove_useless_left_joins(query: Query) -> None:
    query.from_list = [_without_useless_joins(query, node) for node in query.from_list]


def _without_useless_joins(query, node):
    if node is None or node.rtindex:
        return node
    node.left = _without_useless_joins(query, node.left)
    node.right = _without_useless_joins(query, node.right)
    if node.join_type == "left" and node.right is not None and node.right.rtindex \
            and _join_is_removable(query, node):
        return node.left
    return node


def _join_is_removable(query, node) -> bool:
    rtindex = node.right.rtindex
    rte = query.range_table[rtindex - 1]
    if rte.kind == "subquery":
        if rte.subquery is None or rte.lateral_relids:
            return False
    elif rte.kind != "relation" or rte.relation is None:
        return False
    saved, node.quals = node.quals, None
    try:
        uses = []

        def note(var, depth):
            if var.levels_up == depth and var.rtindex == rtindex:
                uses.append(var)
            return None
        tree_mapping.map_query(query, note)
    finally:
        node.quals = saved
    if uses:
        return False
    left = _relids(node.left)
    attnums = set()
    for q in conjuncts(node.quals):
        if any(isinstance(n, SubLink) for n in walk(q)):
            return False
        relids = {n.rtindex for n in walk(q) if isinstance(n, Var) and n.levels_up == 0}
        if not (isinstance(q, OpExpr) and q.operator_name == "=" and len(q.args) == 2):
            continue
        for mine, other in (q.args, q.args[::-1]):
            other_relids = {n.rtindex for n in walk(other)
                            if isinstance(n, Var) and n.levels_up == 0}
            if isinstance(mine, Var) and mine.levels_up == 0 and mine.rtindex == rtindex \
                    and other_relids <= left and rtindex not in other_relids \
                    and (other_relids or not any(isinstance(n, Param) for n in walk(other))) \
                    and not _has_volatile(other) and relids <= left | {rtindex}:
                attnums.add(mine.attnum)
    if not attnums:
        return False
    if rte.kind == "subquery":
        # a FROM subquery whose rows are distinct on the joined columns (DISTINCT,
        # GROUP BY, UNION, one aggregate row): at most one match per row
        from pgsnake.optimizer import semi_joins
        return semi_joins.query_is_distinct_for(rte.subquery, attnums)
    from pgsnake.optimizer import index_paths
    indexes = index_paths.table_indexes(rte.relation, 0.0)
    return any(ix.unique and ix.immediate and 0 not in ix.heap_attnums[:ix.key_count]
               and set(ix.heap_attnums[:ix.key_count]) <= attnums for ix in indexes)
