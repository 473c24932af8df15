"""The rewriter's view expansion: a view in a query's range table becomes a subquery.

Entry points:
    rewrite_query(query) -> Query      called once per statement between analysis and
                                       planning (parser/analyze.py `analyze`)
    analyze_view(oid) -> Query         a view's stored definition, analysed now

A range-table entry for a view (relkind 'v') is turned, in place, into a subquery entry
whose Query is the view's definition analysed afresh (catalog/view_creation.py keeps it as
SQL text in pg_rewrite.ev_action). The entry keeps its alias and column names, so every
Var of the outer query that pointed at view column i now points at the subquery's output
column i; views inside the definition are expanded the same way (a view over itself, via
CREATE OR REPLACE, is 42P17 "infinite recursion detected in rules for relation"). If a
table (or a function's row type) under a `SELECT *` view gained columns since, the
definition now yields more columns than the view has: the new ones become resjunk, so the
view keeps its own column list (`_match_view_columns`).

The target of INSERT / UPDATE / DELETE, when it is a view, goes to
rewrite/updatable_views.py first. A materialized view is scanned like a table, but one
never refreshed (relispopulated false) is 55000, as PostgreSQL's executor reports it.

PostgreSQL: rewrite/rewriteHandler.c (QueryRewrite, RewriteQuery, fireRIRrules,
ApplyRetrieveRule), executor/execMain.c (the unpopulated materialized view check).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import view_creation
from pgsnake.parser.expression_nodes import CaseExpr, Const, Param, SQLValueFunction, SubLink, Var
from pgsnake.parser.query import Query
from pgsnake.rewrite import row_security, view_pullup
from pgsnake.utils.errors import (DATATYPE_MISMATCH, OBJECT_NOT_IN_PREREQUISITE_STATE,
                                  UNDEFINED_COLUMN, PgError)

INFINITE_RECURSION = "42P17"


def rewrite_query(query: Query, expanding: tuple[int, ...] = ()) -> Query:
    """Expand every view `query` reads (and make a view target of DML its base table)."""
    if query.command_type in ("INSERT", "UPDATE", "DELETE") and query.result_relation:
        target = query.range_table[query.result_relation - 1]
        if target.kind == "relation" and target.relation.relkind == "v":
            from pgsnake.rewrite import instead_of_views, updatable_views
            if not instead_of_views.has_instead_trigger(target.relation, query.command_type):
                updatable_views.rewrite_view_target(query, expanding)
            elif query.command_type != "INSERT":
                instead_of_views.redirect_view_target(query)
            elif query.on_conflict is not None and query.on_conflict.inference is not None:
                from pgsnake.parser import on_conflict      # the view has no indexes
                on_conflict.infer_after_rewrite(query.on_conflict, target.relation,
                                                query.result_relation)
    _expand_range_table(query, expanding)
    for nested in _subqueries(query):
        rewrite_query(nested, expanding)
    row_security.apply_row_security(query, expanding)
    return query


def _subqueries(query: Query) -> list[Query]:
    """The queries directly inside `query`: FROM subqueries, SubLinks in its expressions,
    an INSERT's source, UNION branches. Written out field by field, not with
    tree_mapping's generic walk, because every statement comes through here (the
    generic walk costs some 250 us on a small query, this one a few)."""
    found: list[Query] = []
    expressions: list = [t.expr for t in query.target_list]
    expressions += [t.expr for t in query.returning]
    expressions += [query.where, query.having, query.limit_count, query.limit_offset]
    expressions += query.group_by
    expressions += list(query.update_assignments.values())
    stack = list(query.from_list)
    while stack:
        node = stack.pop()
        if node is not None:
            expressions.append(node.quals)
            stack += (node.left, node.right)
    for rte in query.range_table:
        if rte.subquery is not None:
            found.append(rte.subquery)
        if rte.values_lists:
            for row in rte.values_lists:
                expressions += row
        if rte.function is not None:
            expressions.append(rte.function)
    if query.on_conflict is not None:
        expressions += [getattr(query.on_conflict, "where", None)]
        expressions += list((getattr(query.on_conflict, "assignments", None) or {}).values())
    _sublink_queries(expressions, found)
    if query.insert_source is not None:
        found.append(query.insert_source)
    found += [cte.query for cte in query.cte_list]      # WITH queries (views, policies)
    if query.set_operation is not None:
        found += list(query.set_operation[1])
    return found


def _expand_range_table(query: Query, expanding: tuple[int, ...]) -> None:
    for rtindex, rte in enumerate(query.range_table, start=1):
        if rte.kind != "relation" or rtindex == query.result_relation \
                and query.command_type != "SELECT":
            continue
        relkind = rte.relation.relkind
        if relkind == "m":
            _check_populated(rte.relation)
        if relkind != "v":
            continue
        oid = rte.relation.oid
        if oid in expanding:
            raise PgError(INFINITE_RECURSION, "infinite recursion detected in rules for "
                          f'relation "{rte.relation.name}"')
        mark = next((m for m in query.row_marks if m.rtindex == rtindex), None)
        subquery = analyze_view(oid, locked=mark is not None)
        if mark is not None:
            # first, so its tables need UPDATE as the view's owner and a view under it
            # is expanded locked (markQueryForLocking before the recursion)
            _lock_view_rows(subquery, mark)
        from pgsnake.parser import permission_info
        # Its tables are checked as its owner, for privileges and policies; as the
        # querying user when it is security_invoker (even under a definer view).
        invoker = view_creation.security_invoker(oid)
        owner = row_security.current_user() if invoker else cc.class_row(oid).relowner
        permission_info.note_view(subquery, 0 if invoker else owner)
        with row_security.checked_as(owner):
            rewrite_query(subquery, expanding + (oid,))
        _match_view_columns(subquery, [a for a in rte.relation.attributes if a.attnum > 0])
        rte.kind = "subquery"
        rte.subquery = subquery
        rte.security_barrier = view_creation.security_barrier(oid)
        rte.relation = None
        rte.lock_mode = 0
        view_pullup.pull_up_view(query, rtindex)


def _match_view_columns(subquery: Query, view_columns: list) -> None:
    """Make the definition's visible outputs the view's columns. A `SELECT *` under the
    view may yield columns its tables or row types gained since the view was made: they
    become resjunk, so the view keeps its own columns. New columns of a table come last;
    those of a function's row type in ROWS FROM (...) come before the next function's,
    so the view's columns are first looked for by name, in order, and only if that fails
    taken as the leading ones. A column that is gone or changed type (possible only when
    its pg_depend row was removed by hand) is the error PostgreSQL's executor gives."""
    visible = [t for t in subquery.target_list if not t.resjunk]
    width = len(view_columns)
    kept, position = [], 0
    for column in view_columns:
        while position < len(visible) and visible[position].name != column.name:
            position += 1
        if position == len(visible):
            kept = visible[:width]          # renamed columns (CREATE VIEW v (a, b) ...)
            break
        kept.append(visible[position])
        position += 1
    for attnum, (column, entry) in enumerate(zip(view_columns, kept), start=1):
        if entry.expr.type_oid != column.type_oid:
            from pgsnake.datatypes.registry import format_type
            raise PgError(DATATYPE_MISMATCH, f"attribute {attnum} of type record has wrong type",
                          detail=f"Table has type {format_type(entry.expr.type_oid)}, but "
                                 f"query expects {format_type(column.type_oid)}.")
    if len(kept) < width:
        raise PgError(UNDEFINED_COLUMN, f"attribute {len(kept) + 1} of type record has been dropped")
    kept_ids = {id(t) for t in kept}
    for entry in visible:
        if id(entry) not in kept_ids:
            entry.resjunk = True


def _lock_view_rows(subquery: Query, mark) -> None:
    """SELECT ... FOR UPDATE/SHARE of a view locks the rows of the tables under it: the
    clause is pushed into the view's query (with CheckSelectLocking's errors); its
    tables were opened RowShare (analyze_view's `locked`)."""
    from pgsnake.parser import locking_clause
    clause = locking_clause.LockingClause(mark.strength, mark.wait_policy)
    locking_clause.push_locking_clause(subquery, clause)


def analyze_view(oid: int, locked: bool = False) -> Query:
    """The view's defining query, analysed against today's catalogs. `locked`: an outer
    FOR UPDATE/SHARE locks the view's rows, so its tables are opened RowShare."""
    from pgsnake.parser import analyze, raw_parser
    from pgsnake.parser.relation_resolution import ParseState
    stored = view_creation.stored_view(oid)
    if stored is None:
        name = cc.relation_display_name(oid) or str(oid)
        raise PgError("XX000", f'could not find rule "_RETURN" for view "{name}"')
    search_path, sql = stored
    raw = raw_parser.parse_sql(sql)[0]
    with cc.search_path_as(search_path):
        if not locked:
            return analyze.analyze_node(raw.node, raw.source, [], fixed_params=True)
        pstate = ParseState(raw.source, [], fixed_params=True)
        pstate.locked_from_parent = True
        return analyze.transform_select(pstate, raw.node["SelectStmt"])


_LEAVES = (Var, Const, Param, SQLValueFunction)
_CHILD_FIELDS = ("args", "arg", "items", "default", "agg_filter")


def _sublink_queries(expressions: list, found: list) -> None:
    """Append the query of every SubLink in `expressions` (not inside those queries)."""
    stack = [e for e in expressions if e is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, _LEAVES):
            continue
        if isinstance(node, SubLink):
            found.append(node.subquery)
        if isinstance(node, CaseExpr):
            for condition, result in node.whens:
                stack.append(condition)
                stack.append(result)
        for name in _CHILD_FIELDS:
            value = getattr(node, name, None)
            if value is None:
                continue
            if isinstance(value, tuple):
                stack.extend(value)
            else:
                stack.append(value)


def _check_populated(relation) -> None:
    row = cc.class_row(relation.oid)
    if row is not None and not row.relispopulated:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'materialized view "{relation.name}" has not been populated',
                      hint="Use the REFRESH MATERIALIZED VIEW command.")
