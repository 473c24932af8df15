"""What privileges a statement needs on each relation it names: PostgreSQL's
RangeTblEntry requiredPerms / selectedCols / insertedCols / updatedCols / checkAsUser,
gathered here once per analysis and checked by executor/permission_checks.py every time
the plan runs.

A relation read by the query needs SELECT (on the columns the query references, or on
any column when it references none, as count(*) does); the target of INSERT, UPDATE or
DELETE needs that privilege (INSERT and UPDATE on the columns they set) and SELECT on the
columns its WHERE, RETURNING or SET expressions read; FOR UPDATE / SHARE needs UPDATE.
Requirements are gathered from the analysed query *before* view expansion, so a view is
checked for the current user; the rewriter reports each view's own query
(note_view()), whose relations are then checked as the view's owner.

Entry points: collect(query, check_as=0) -> [Requirement]; begin() / note_view(query,
owner) / target_requirement(query) / note_view_target(...) /
note_policy_subqueries(exprs, check_as) / finish() -> [Requirement] for the requirements
of the views the rewriter expanded, of the base tables of updatable views it made the
target, and of the tables that row-security policies' subqueries read (analyze.py
brackets the rewrite with begin/finish).

PostgreSQL: parser/parse_relation.c (markVarForSelectPriv, addRangeTableEntry's
requiredPerms), rewrite/rewriteHandler.c (ApplyRetrieveRule's checkAsUser).
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.parser.expression_nodes import (CaseExpr, ColumnReference, FuncExpr, SubLink, Var,
                                             children)

ACL_INSERT, ACL_SELECT, ACL_UPDATE, ACL_DELETE, ACL_EXECUTE = 1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 7


class Requirement(NamedTuple):
    relation_oid: int
    privileges: int               # ACL bits (datatypes/aclitem.py)
    selected: frozenset           # attnums read (0: the whole row)
    inserted: frozenset
    updated: frozenset
    check_as: int                 # 0: the current user; else a view's owner
    kind: str = "relation"        # or "function": EXECUTE on relation_oid (a pg_proc OID)


def _expressions_of(query) -> list:
    exprs = [t.expr for t in query.target_list]
    exprs += [t.expr for t in query.returning]
    exprs += [query.where, query.having, query.limit_count, query.limit_offset]
    exprs += list(query.group_by)
    exprs += list(query.update_assignments.values())
    stack = list(query.from_list)
    while stack:
        node = stack.pop()
        if node is not None:
            exprs.append(node.quals)
            stack += (node.left, node.right)
    for rte in query.range_table:
        if rte.values_lists:
            for row in rte.values_lists:
                exprs += row
        if rte.function is not None:
            exprs.append(rte.function)
    if query.on_conflict is not None:
        exprs.append(getattr(query.on_conflict, "where", None))
        exprs += list((getattr(query.on_conflict, "assignments", None) or {}).values())
        inference = getattr(query.on_conflict, "inference", None)
        if inference is not None:       # a view's conflict target is read (SELECT)
            exprs += list(inference.elements or ()) + [inference.where]
    for window in query.window_clauses or ():
        exprs += list(getattr(window, "partition_by", ()) or ())
        exprs += [getattr(k, "expr", None) for k in getattr(window, "order_by", ()) or ()]
    return [e for e in exprs if e is not None]


def _nested_queries(query) -> list:
    out = [rte.subquery for rte in query.range_table if rte.subquery is not None]
    if query.insert_source is not None:
        out.append(query.insert_source)
    if query.set_operation is not None:
        out += list(query.set_operation[1])
    for cte in query.cte_list or ():
        if getattr(cte, "query", None) is not None:
            out.append(cte.query)
    return out


def _walk_level(query, levels: list, used: dict, queries: list, check_as: int) -> None:
    """Record the columns of every Var of this level (and, through levels_up, of outer
    levels) in `used` (id(rte) -> set of attnums); collect the nested queries with the
    user their relations are checked as."""
    levels = levels + [query]
    check_as = query.check_as_user or check_as
    queries.append((query, check_as))
    stack = _expressions_of(query)
    while stack:
        node = stack.pop()
        if isinstance(node, Var):
            if node.attnum < 0:        # system columns (ctid for UPDATE) need nothing more
                continue
            depth = len(levels) - 1 - node.levels_up
            if 0 <= depth < len(levels):
                owner = levels[depth]
                if 0 < node.rtindex <= len(owner.range_table):
                    rte = owner.range_table[node.rtindex - 1]
                    used.setdefault(id(rte), set()).add(max(node.attnum, 0))
            continue
        if isinstance(node, SubLink):
            _walk_level(node.subquery, levels, used, queries, check_as)
        if isinstance(node, (list, tuple)):
            stack.extend(x for x in node if x is not None)
            continue
        if isinstance(node, CaseExpr):
            for condition, result in node.whens:
                stack += [condition, result]
            if node.default is not None:
                stack.append(node.default)
            continue
        if isinstance(node, ColumnReference):
            continue                   # a column of INSERT's source query, walked on its own
        if isinstance(node, FuncExpr) and node.function_oid:
            used.setdefault("functions", set()).add(node.function_oid)
        stack.extend(children(node))
    for nested in _nested_queries(query):
        _walk_level(nested, levels, used, queries, check_as)


def _inserted_columns(query) -> frozenset:
    """The columns INSERT sets from its source (the others get defaults)."""
    out = set()
    for entry in query.target_list:
        stack = [entry.expr]
        while stack:
            node = stack.pop()
            if isinstance(node, ColumnReference):
                out.add(entry.attnum)
                break
            if node is not None:
                stack.extend(children(node))
    return frozenset(out)


def collect(query, check_as: int = 0) -> list[Requirement]:
    used: dict = {}
    queries: list = []
    _walk_level(query, [], used, queries, check_as)
    out = []
    for level, level_check_as in queries:
        marked = {m.rtindex for m in level.row_marks}
        for rtindex, rte in enumerate(level.range_table, start=1):
            if rte.kind != "relation" or rte.relation is None:
                continue
            columns = frozenset(used.get(id(rte), ()))
            privileges, inserted, updated = 0, frozenset(), frozenset()
            if rtindex == level.result_relation and level.command_type != "SELECT":
                if level.command_type == "INSERT":
                    privileges = ACL_INSERT
                    inserted = _inserted_columns(level)
                elif level.command_type == "UPDATE":
                    privileges = ACL_UPDATE
                    updated = frozenset(level.update_assignments)
                elif level.command_type == "DELETE":
                    privileges = ACL_DELETE
                on_conflict = level.on_conflict
                if on_conflict is not None and getattr(on_conflict, "action", "") == "update":
                    privileges |= ACL_UPDATE
                    updated = frozenset(getattr(on_conflict, "assignments", {}) or ())
                if columns:
                    privileges |= ACL_SELECT
            else:
                privileges = ACL_SELECT
            if rtindex in marked:
                privileges |= ACL_UPDATE
            out.append(Requirement(rte.relation.oid, privileges, columns, inserted, updated,
                                   level_check_as))
    # Functions are checked for the current user even inside a view, as in PostgreSQL.
    for oid in sorted(used.get("functions", ())):
        out.append(Requirement(oid, ACL_EXECUTE, frozenset(), frozenset(), frozenset(), 0,
                               "function"))
    return out


# ---- views expanded by the rewriter -------------------------------------------------------

_pending: list[list[Requirement]] = []


def begin() -> None:
    _pending.append([])


def note_view(view_query, owner: int) -> None:
    """The rewriter expanded a view: its own query's relations are checked as its owner."""
    if _pending:
        _pending[-1].extend(collect(view_query, check_as=owner))


def note_policy_subqueries(exprs, check_as: int) -> None:
    """The rewriter added row-security policy quals: the relations their subqueries read
    need SELECT for the user the policies apply to (0: the current user)."""
    if not _pending:
        return
    from pgsnake.parser.expression_nodes import walk
    for expr in exprs:
        for node in walk(expr):
            if isinstance(node, SubLink):
                _pending[-1].extend(collect(node.subquery, check_as=check_as))


def target_requirement(query) -> Requirement | None:
    """What the statement needs on its target (a view the rewriter is about to make its
    base table the target), as the user it is checked as."""
    target = query.range_table[query.result_relation - 1]
    return next((r for r in collect(query)
                 if r.relation_oid == target.relation.oid
                 and r.privileges & (ACL_INSERT | ACL_UPDATE | ACL_DELETE)), None)


def note_view_target(view_requirement: Requirement | None, base_oid: int, view_columns,
                     base_selected: frozenset, owner: int) -> Requirement | None:
    """The rewriter made an updatable view's base table the target: the table needs the
    privileges the statement needs on the view, checked as the view's owner (0: as the
    current user, for a security_invoker view); its inserted and updated columns are the
    base columns under the view's (`view_columns`: view attnum -> base attnum), and when
    the statement reads the view, SELECT on every base column the view reads
    (`base_selected`), as rewriteTargetView leaves the base entry's selectedCols.
    Returns the requirement, the view requirement of a view over this one."""
    if view_requirement is None:
        return None
    def under(attnums):
        return frozenset(view_columns[a] for a in attnums if a in view_columns)
    selected = base_selected if view_requirement.privileges & ACL_SELECT else frozenset()
    requirement = Requirement(base_oid, view_requirement.privileges, selected,
                              under(view_requirement.inserted),
                              under(view_requirement.updated), owner)
    if _pending:
        _pending[-1].append(requirement)
    return requirement


def finish() -> list[Requirement]:
    return _pending.pop() if _pending else []
