"""Automatically updatable views: INSERT / UPDATE / DELETE on a simple view become the
same command on the view's base table.

A view is automatically updatable when its query reads exactly one table or view in its
FROM clause and has no DISTINCT, GROUP BY, HAVING, UNION, LIMIT/OFFSET, aggregates or
set-returning functions (PostgreSQL's view_query_is_auto_updatable, in the same order, with
its DETAIL texts). A view column is updatable when it is a plain column of the base
relation; writing any other column is 0A000.

rewrite_view_target(query) changes the query in place, as rewriteTargetView does:
  - the result relation's range-table entry becomes the base relation's (same rtindex,
    RowExclusiveLock on the base);
  - every Var of a view column becomes the view's expression for it;
  - UPDATE's assignments and INSERT's column values move to the base columns; a base
    column the INSERT did not give a value gets its own default;
  - the view's WHERE is ANDed into UPDATE / DELETE's; a security_barrier view's goes
    first and into the base entry's view_security_quals, which the planner evaluates
    before the statement's own leaky quals (PostgreSQL: the base RTE's securityQuals);
  - WITH [LOCAL | CASCADED] CHECK OPTION adds (view name, condition over the base row) to
    Query.check_options; the executor raises 44000 when a new row fails one
    (executor/constraint_checks.py). CASCADED also checks the conditions of the views below.
A view over a view is rewritten again until the target is a table.

Entry points: rewrite_view_target(query, expanding), not_updatable_reason(view_query).

PostgreSQL: rewrite/rewriteHandler.c (rewriteTargetView, view_query_is_auto_updatable,
view_cols_are_auto_updatable, error_view_not_updatable), optimizer/util/... (WithCheckOption).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache, relation_locks, view_creation
from pgsnake.parser.expression_nodes import (BoolExpr, ColumnReference, FuncExpr,
                                             Var, walk)
from pgsnake.parser.query import RangeTableEntry, TargetEntry
from pgsnake.parser import on_conflict, permission_info
from pgsnake.rewrite import instead_of_views, tree_mapping
from pgsnake.storage.lmgr.lock_modes import ROW_EXCLUSIVE
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, OBJECT_NOT_IN_PREREQUISITE_STATE,
                                  PgError)

NOT_UPDATABLE_MESSAGES = {   # (message, hint) by command: also commands/rule_actions.py's
    "INSERT": ('cannot insert into view "{}"', "To enable inserting into the view, provide "
               "an INSTEAD OF INSERT trigger or an unconditional ON INSERT DO INSTEAD rule."),
    "UPDATE": ('cannot update view "{}"', "To enable updating the view, provide an INSTEAD "
               "OF UPDATE trigger or an unconditional ON UPDATE DO INSTEAD rule."),
    "DELETE": ('cannot delete from view "{}"', "To enable deleting from the view, provide "
               "an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO INSTEAD rule."),
}


def not_updatable_reason(view_query) -> str | None:
    """Why the view's query is not automatically updatable (PostgreSQL's DETAIL), or None."""
    q = view_query
    if q.distinct or q.distinct_on:
        return "Views containing DISTINCT are not automatically updatable."
    if q.group_by or q.grouping_sets is not None:
        return "Views containing GROUP BY are not automatically updatable."
    if q.having is not None:
        return "Views containing HAVING are not automatically updatable."
    if q.set_operation is not None:
        return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable."
    if q.cte_list:
        return "Views containing WITH are not automatically updatable."
    if q.limit_count is not None or q.limit_offset is not None:
        return "Views containing LIMIT or OFFSET are not automatically updatable."
    if q.has_aggregates:
        return "Views that return aggregate functions are not automatically updatable."
    if q.has_window_functions:
        return "Views that return window functions are not automatically updatable."
    if any(isinstance(n, FuncExpr) and n.returns_set
           for t in q.target_list for n in walk(t.expr)):
        return "Views that return set-returning functions are not automatically updatable."
    if len(q.from_list) != 1 or not q.from_list[0].rtindex or q.command_type != "SELECT":
        return "Views that do not select from a single table or view are not automatically updatable."
    base = q.range_table[q.from_list[0].rtindex - 1]
    if base.kind != "relation" or base.relation.relkind not in ("r", "p", "v"):
        return "Views that do not select from a single table or view are not automatically updatable."
    if base.tablesample is not None:
        return "Views containing TABLESAMPLE are not automatically updatable."
    return None


def _conjuncts(expr) -> list:
    if isinstance(expr, BoolExpr) and expr.op == "and":
        return [c for arg in expr.args for c in _conjuncts(arg)]
    return [expr]


def _is_updatable_column(expr, base_rtindex: int) -> bool:
    return isinstance(expr, Var) and expr.levels_up == 0 and expr.rtindex == base_rtindex \
        and expr.attnum > 0


def _assign_once(assignments: dict, attnum: int, expr, base) -> None:
    """Two view columns over one base column may not both be assigned
    (rewriteTargetListIU's check on the base relation)."""
    if attnum in assignments:
        name = next(a.name for a in base.attributes if a.attnum == attnum)
        raise PgError("42601", f'multiple assignments to same column "{name}"')
    assignments[attnum] = expr


def _base_defaults_into_values(query, base, base_attnum) -> None:
    """DEFAULT written in the VALUES of an INSERT into the view, for a view column with
    no default of its own, is the base table column's default (rewriteValuesRTE, run
    again on the base relation)."""
    if not query.view_default_items:
        return
    from pgsnake.parser.modify_analysis import default_expression
    from pgsnake.parser.relation_resolution import ParseState
    source = query.insert_source
    view_attnum = {t.expr.index: t.attnum for t in query.target_list
                   if isinstance(t.expr, ColumnReference)}
    rows = [[t.expr for t in source.target_list]] if not source.from_list else \
        source.range_table[source.from_list[0].rtindex - 1].values_lists
    pstate = ParseState(None)
    for row, column in query.view_default_items:
        attnum = base_attnum(view_attnum[column], "insert into")
        attribute = next(a for a in base.attributes if a.attnum == attnum)
        rows[row][column] = default_expression(pstate, base, attribute)
    if not source.from_list:
        for entry, expr in zip(source.target_list, rows[0]):
            entry.expr = expr
    query.view_default_items = []


_RULE_EVENTS = {"INSERT": "3", "UPDATE": "2", "DELETE": "4"}


def _has_rules(oid: int, command: str) -> bool:
    """Whether rules of the relation fire for `command` (pg_rewrite.ev_type; enabled as
    session_replication_role decides, as commands/rule_actions.py's rules_of)."""
    row = catalog_cache.class_row(oid)
    if row is None or not row.relhasrules:
        return False
    from pgsnake.utils import settings
    enabled = ("R", "A") if settings.get("session_replication_role") == "replica" \
        else ("O", "A")
    return any(r.ev_class == oid and r.ev_type == _RULE_EVENTS.get(command)
               and r.ev_enabled in enabled for r in catalog_cache.scan_catalog("pg_rewrite"))


def _on_conflict_onto_base(query, base, base_rte, base_attnum) -> None:
    """ON CONFLICT DO UPDATE's SET moved to the base columns (a view column that is not
    one cannot be set: rewriteTargetView's "insert into" error), and EXCLUDED made a
    row of the base table (its Vars become the view's expressions over it, as the
    target's do: replace_view_var)."""
    spec = query.on_conflict
    assignments = {}
    for view_attnum, expr in spec.assignments.items():
        _assign_once(assignments, base_attnum(view_attnum, "insert into"), expr, base)
    spec.assignments = assignments
    if spec.excluded_rtindex:
        query.range_table[spec.excluded_rtindex - 1] = RangeTableEntry(
            "relation", "excluded", list(base_rte.column_names), list(base_rte.column_types),
            list(base_rte.column_typmods), relation=base, lock_mode=ROW_EXCLUSIVE)


def rewrite_view_target(query, expanding: tuple[int, ...] = (), cascaded: bool = False,
                        view_requirement=None) -> None:
    """Make the view that is `query`'s result relation its base table (see the module doc).
    `cascaded`: a view above this one has WITH CASCADED CHECK OPTION; `view_requirement`:
    the privileges the statement needs on the view (parser/permission_info.Requirement),
    given for a view below another (else gathered from the statement)."""
    from pgsnake.parser.modify_analysis import default_expression
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.rewrite.view_expansion import analyze_view

    rtindex = query.result_relation
    view = query.range_table[rtindex - 1].relation
    if view_requirement is None:
        view_requirement = permission_info.target_requirement(query)
    view_query = analyze_view(view.oid)
    reason = not_updatable_reason(view_query)
    if reason is not None:
        message, hint = NOT_UPDATABLE_MESSAGES[query.command_type]
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, message.format(view.name),
                      detail=reason, hint=hint)
    base_rtindex = view_query.from_list[0].rtindex
    base_rte = view_query.range_table[base_rtindex - 1]
    base = base_rte.relation
    width = len([a for a in view.attributes if a.attnum > 0])
    columns = [t.expr for t in view_query.output_columns()[:width]]

    def to_outer(expr, depth):
        """A view expression, placed where a Var of depth `depth` was."""
        def move(var, d):
            if var.levels_up == d and var.rtindex == base_rtindex:
                return dataclasses.replace(var, rtindex=rtindex)
            return None
        return tree_mapping.increment_levels_up(tree_mapping.map_expression(expr, move), depth)

    excluded = query.on_conflict.excluded_rtindex if query.on_conflict is not None else 0

    def to_excluded(expr, depth):
        """A view expression, placed where a Var of EXCLUDED of depth `depth` was."""
        def move(var, d):
            if var.levels_up == d and var.rtindex == base_rtindex:
                return dataclasses.replace(var, rtindex=excluded, relation_alias="excluded")
            return None
        return tree_mapping.increment_levels_up(tree_mapping.map_expression(expr, move), depth)

    def replace_view_var(var, depth):
        if excluded and var.levels_up == depth and var.rtindex == excluded and var.attnum > 0:
            return to_excluded(columns[var.attnum - 1], depth)
        if var.levels_up != depth or var.rtindex != rtindex:
            return None
        if var.attnum <= 0:
            raise PgError(FEATURE_NOT_SUPPORTED, "system columns of a view are not supported")
        return to_outer(columns[var.attnum - 1], depth)

    def base_attnum(view_attnum: int, verb: str) -> int:
        expr = columns[view_attnum - 1]
        if not _is_updatable_column(expr, base_rtindex):
            name = view.attributes[view_attnum - 1].name
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'cannot {verb} column "{name}" of view "{view.name}"',
                          detail="View columns that are not columns of their base relation "
                                 "are not updatable.")
        return expr.attnum

    # The command's own expressions first (they still refer to the view's columns).
    if query.command_type == "UPDATE":
        assignments = {}
        for view_attnum, expr in query.update_assignments.items():
            attnum = base_attnum(view_attnum, "update")
            attribute = base.attributes[attnum - 1]
            if attribute.generated:
                raise PgError("428C9", f'column "{attribute.name}" can only be updated to '
                              f'DEFAULT', detail=f'Column "{attribute.name}" is a generated '
                                                 f'column.')
            _assign_once(assignments, attnum, expr, base)
        query.update_assignments = assignments
    elif query.command_type == "INSERT":
        _base_defaults_into_values(query, base, base_attnum)
        given, defaults_only = {}, set()
        for tle in query.target_list:
            # a column the statement gives, or one the view has a default for
            view_default = catalog_cache.column_default(view.oid, tle.attnum)
            if any(isinstance(n, ColumnReference) for n in walk(tle.expr)) or \
                    view_default is not None:
                _assign_once(given, base_attnum(tle.attnum, "insert into"), tle.expr, base)
                if tle.attnum in query.default_only_columns and view_default is None:
                    defaults_only.add(columns[tle.attnum - 1].attnum)
        pstate = ParseState(None)
        targets = []
        for attribute in base.attributes:
            if attribute.attnum in given and attribute.identity == "a" \
                    and not query.override:           # rewriteTargetListIU on the base
                raise PgError("428C9", f'cannot insert a non-DEFAULT value into column '
                              f'"{attribute.name}"',
                              detail=f'Column "{attribute.name}" is an identity column '
                                     f'defined as GENERATED ALWAYS.',
                              hint="Use OVERRIDING SYSTEM VALUE to override.")
            if attribute.attnum in given and attribute.generated \
                    and attribute.attnum not in defaults_only:
                raise PgError("428C9", f'cannot insert a non-DEFAULT value into column '
                              f'"{attribute.name}"',
                              detail=f'Column "{attribute.name}" is a generated column.')
            if attribute.attnum in given and attribute.generated:
                expr = default_expression(pstate, base, attribute)
            elif attribute.attnum in given and not (attribute.identity
                                                  and query.override == "user"):
                expr = given[attribute.attnum]
            else:
                expr = default_expression(pstate, base, attribute)
            targets.append(TargetEntry(expr, attribute.name, False, base.oid, attribute.attnum))
        query.target_list = targets
        if query.on_conflict is not None:
            _on_conflict_onto_base(query, base, base_rte, base_attnum)
    tree_mapping.map_query(query, replace_view_var)

    barrier_quals = []
    if query.command_type in ("UPDATE", "DELETE") and view_query.where is not None:
        view_where = to_outer(view_query.where, 0)
        if view_creation.security_barrier(view.oid):
            # a security_barrier view's quals are security quals of the base table
            # (rewriteTargetView): first in WHERE and in the scan's Filter
            barrier_quals = _conjuncts(view_where)
            query.where = view_where if query.where is None else \
                BoolExpr("and", tuple(barrier_quals) + (query.where,))
        else:
            query.where = view_where if query.where is None else \
                BoolExpr("and", (query.where, view_where))

    relation_locks.lock_relation_oid(base.oid, ROW_EXCLUSIVE)
    outer_rte = query.range_table[rtindex - 1]
    query.range_table[rtindex - 1] = RangeTableEntry(
        "relation", base_rte.alias, list(base_rte.column_names), list(base_rte.column_types),
        list(base_rte.column_typmods), relation=base, lock_mode=ROW_EXCLUSIVE,
        view_security_quals=barrier_quals + list(outer_rte.view_security_quals),
        inh=base_rte.inh)     # the view's ONLY or not, whatever the statement says

    check = view_creation.check_option(view.oid)
    if (check is not None or cascaded) and view_query.where is not None:
        condition = to_outer(view_query.where, 0)
        # Prepended, as PostgreSQL does: the innermost view's condition is checked first.
        query.check_options = [(view.name, condition, cascaded or check == "cascaded")] + \
            list(query.check_options)
    # The new target (a table, or the view below) is checked as the view's owner, or
    # as the current user when the view is security_invoker (rewriteTargetView's
    # checkAsUser), at every level of a view over a view.
    base_selected = next((r.selected for r in permission_info.collect(view_query)
                          if r.relation_oid == base.oid), frozenset())
    view_columns = {attnum: expr.attnum for attnum, expr in enumerate(columns, start=1)
                    if _is_updatable_column(expr, base_rtindex)}
    base_requirement = permission_info.note_view_target(
        view_requirement, base.oid, view_columns, base_selected,
        0 if view_creation.security_invoker(view.oid) else
        catalog_cache.class_row(view.oid).relowner)
    trigger_view = base.relkind == "v" and \
        instead_of_views.has_instead_trigger(base, query.command_type)
    if not trigger_view and _has_rules(base.oid, query.command_type):
        # PostgreSQL fires them on the command made for the base relation; pgsnake
        # applies rules to statements as written only (commands/rule_actions.py)
        raise PgError(FEATURE_NOT_SUPPORTED, f'rules of "{base.name}" for {query.command_type}'
                      f' through view "{view.name}" are not supported yet')
    if base.relkind == "v" and not trigger_view:
        rewrite_view_target(query, expanding + (view.oid,), cascaded or check == "cascaded",
                            base_requirement)
        return
    # The target is a table now, or a view whose INSTEAD OF trigger does the work (as
    # RewriteQuery finds for the command rewriteTargetView made): the conditions are
    # over its new row, which the executor presents as rtindex 1
    # (executor/constraint_checks.py).
    query.check_options = [
        (name, tree_mapping.map_expression(
            condition, lambda var, d: dataclasses.replace(var, rtindex=1)
            if var.levels_up == d and var.rtindex == rtindex else None), cascaded)
        for name, condition, cascaded in query.check_options]
    if trigger_view and query.command_type != "INSERT":
        instead_of_views.redirect_view_target(query)
    if query.on_conflict is not None and query.on_conflict.inference is not None:
        on_conflict.infer_after_rewrite(query.on_conflict, base, rtindex)
