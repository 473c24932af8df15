"""LATERAL subqueries merged into the join tree, as PostgreSQL pulls them up: `FROM a,
LATERAL (SELECT ... FROM b WHERE b.x = a.x) s` is planned as a join of a and b with
`b.x = a.x` a join clause (Hash / Merge / Nested Loop by cost), not as a Nested Loop
re-scanning the subquery for each row of a.

Entry point:
    can_pull_up(query, rtindex, sub) -> bool
        whether the LATERAL subquery `sub` at `rtindex` may be merged (then
        prep_join_tree merges it with rewrite/view_pullup.pull_up_view, which turns its
        references to the outer query into plain columns of it)

Conditions (is_simple_subquery's for LATERAL, kept to the cases whose quals stay where
they are evaluated now): the subquery is simple in view_pullup's sense and has no
window functions, DISTINCT ON, grouping sets, WITH TIES or WITH; its outer references
all point to the query it is in (one level out) and appear only in its WHERE and
select list (not in its own FROM items or JOIN conditions); none of its own items is
LATERAL; no other LATERAL item refers to it; and it is either a top-level FROM item
or the right side of a top-level inner / cross / LEFT join whose left side holds every
item it refers to (its WHERE then joins that join's ON condition). On the nullable side of an
outer join its select list must be plain columns of its own tables (view_pullup's rule:
no PlaceHolderVars here). Otherwise it stays a Subquery Scan under a parameterised
Nested Loop (lateral_paths.py).

PostgreSQL: optimizer/prep/prepjointree.c (is_simple_subquery,
jointree_contains_lateral_outer_refs, pull_up_simple_subquery),
rewrite/rewriteManip.c (IncrementVarSublevelsUp).
"""
from __future__ import annotations


def can_pull_up(query, rtindex: int, sub) -> bool:
    from pgsnake.optimizer import prep_join_tree as prep
    from pgsnake.rewrite import view_pullup
    rte = query.range_table[rtindex - 1]
    if not rte.lateral_relids or sub.command_type != "SELECT":
        return False
    if sub.has_window_functions or sub.distinct_on or sub.grouping_sets is not None \
            or sub.limit_with_ties or prep._uses_ctes(sub):
        return False
    refs = prep.outer_references(sub)
    if not refs or any(distance != 1 for _, distance in refs):
        return False
    local = prep.outer_references(sub.where) if sub.where is not None else []
    for entry in sub.target_list:
        local += prep.outer_references(entry.expr)
    if len(local) != len(refs):
        return False                   # a reference inside its FROM items / JOIN ... ON
    if any(r.lateral_relids for r in sub.range_table):
        return False
    if any(rtindex in (r.lateral_relids or ()) for r in query.range_table if r is not rte):
        return False
    place = view_pullup._find(query.from_list, rtindex)
    if place is None:
        return False
    container, key, _ = place
    if isinstance(container, list):
        return True
    if key != "right" or container.join_type not in ("inner", "cross", "left") \
            or not any(node is container for node in query.from_list):
        return False
    return {var.rtindex for var, _ in refs} <= set(prep._relids(container.left))


__all__ = ["can_pull_up"]
