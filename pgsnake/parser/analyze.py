"""Parse analysis of optimizable statements: raw pglast tree -> Query.

Entry points:
    analyze(raw_statement, param_types) -> (Query, resolved param types)
    analyze_node(node, source, param_types) -> Query

SELECT clauses are handled here in PostgreSQL's order: FROM (building the range table and
the namespace), target list, WHERE, GROUP BY, HAVING, ORDER BY, DISTINCT, LIMIT; then the
aggregate check (every ungrouped column outside an aggregate is an error 42803). INSERT,
UPDATE and DELETE are in modify_analysis.py.

PostgreSQL: parser/analyze.c (transformStmt, transformSelectStmt, transformValuesClause),
parser/parse_clause.c (transformFromClause, transformWhereClause, transformSortClause,
transformGroupClause, transformLimitClause), parser/parse_target.c (transformTargetList,
ExpandColumnRefStar), parser/parse_agg.c (parseCheckAggregates).
"""
from __future__ import annotations

import contextlib
import dataclasses

from pgsnake.parser import (collations, full_join, functional_grouping, join_alias,
                            permission_info, rows_from, sort_using)
from pgsnake.parser import (cte, distinct_on, grouping_sets, lateral, locking_clause,
                            operator_classes, select_into, set_operations,
                            transition_tables, window_clause)
from pgsnake.parser.coercion import (
    UNKNOWN_OID, coerce_or_error, coerce_to_boolean, resolve_unknown_to_text)
from pgsnake.parser.expression_nodes import (
    Aggref, Const, FuncExpr, SubLink, Var, children, expression_type)
from pgsnake.parser.query import JoinTreeNode, Query, SortClause, TargetEntry
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.rewrite import view_expansion
from pgsnake.parser.transform_expression import (
    figure_column_name, make_operator, refuse_nested_from_srf, resolve_common_type,
    transform_expression)
from pgsnake.utils.errors import (
    FEATURE_NOT_SUPPORTED, GROUPING_ERROR, INVALID_COLUMN_REFERENCE, PgError, SYNTAX_ERROR)

INT8_OID = 20


def analyze(raw, param_types: list[int], fixed_params: bool = False):
    """Analyze one RawStatement. Returns (Query, param types with unknowns resolved).
    With fixed_params (the simple query protocol) a $n beyond param_types is 42P02."""
    types = list(param_types)
    query = analyze_node(raw.node, raw.source, types, fixed_params)
    required = permission_info.collect(query)
    permission_info.begin()
    try:
        view_expansion.rewrite_query(query)     # the rewriter runs between analysis and planning
    finally:
        required += permission_info.finish()
    query.required_permissions = required
    return query, [t if t not in (0, UNKNOWN_OID) else 25 for t in types]


def analyze_node(node: dict, source, param_types: list[int], fixed_params: bool = False) -> Query:
    (tag, body), = node.items()
    pstate = ParseState(source, param_types, fixed_params=fixed_params)
    if tag == "SelectStmt":
        return transform_select(pstate, body)
    if tag == "InsertStmt":
        return modify_analysis.transform_insert(pstate, body)
    if tag == "UpdateStmt":
        return modify_analysis.transform_update(pstate, body)
    if tag == "DeleteStmt":
        return modify_analysis.transform_delete(pstate, body)
    if tag == "MergeStmt":
        from pgsnake.parser import merge
        return merge.transform_merge(pstate, body)
    raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} is not an optimizable statement")


# -- SELECT ------------------------------------------------------------------------------------

def transform_select(pstate: ParseState, body: dict) -> Query:
    ctes = (cte.transform_with_clause(pstate, body["withClause"], transform_select)
            if body.get("withClause") else [])
    if body.get("op", "SETOP_NONE") != "SETOP_NONE":
        locking_clause.refuse_for_set_operation(body)
        query = set_operations.transform_set_operation(pstate, body, transform_select)
        _transform_order_limit(pstate, query, body, sort=False)
        query.cte_list = ctes
        return query
    locking = locking_clause.locking_clauses_of(body)
    if body.get("valuesLists"):
        locking_clause.refuse_for_values(locking)
        query = transform_values(pstate, body["valuesLists"])
        _transform_order_limit(pstate, query, body)
        query.cte_list = ctes
        return query
    select_into.refuse(pstate, body)          # (a statement's own INTO is CREATE TABLE AS)
    query = Query("SELECT")
    query.cte_list = ctes
    pstate.query = query
    pstate.locking_clauses = locking
    star_columns: list[Var] = []
    for item in body.get("fromClause", ()):
        start = lateral.begin_from_item(pstate)
        tree, stars = transform_from_item_checked(pstate, item)
        lateral.end_from_item(pstate, start)
        query.from_list.append(tree)
        star_columns.extend(stars)
    lateral.finish_from_clause(pstate)
    pstate.star_columns = star_columns
    window_clause.begin_windows(pstate, body)

    pstate.expression_kind = "SELECT"
    query.target_list = transform_target_list(pstate, body.get("targetList", ()))

    if body.get("whereClause") is not None:
        pstate.expression_kind = "WHERE"
        query.where = transform_where(pstate, body["whereClause"], "WHERE")
    pstate.expression_kind = "GROUP BY"
    if grouping_sets.has_grouping_sets(body.get("groupClause")):
        query.group_by, query.grouping_sets = grouping_sets.transform_group_clause(
            pstate, query, body["groupClause"], lambda n: transform_group_item(pstate, query, n),
            distinct=bool(body.get("groupDistinct")))
    else:
        # GROUP BY (a, b): a parenthesised list (no ROW) is its items (flatten_grouping_sets)
        items = []
        for g in body.get("groupClause", ()):
            row = g.get("RowExpr") if isinstance(g, dict) else None
            if row is not None and row.get("row_format") == "COERCE_IMPLICIT_CAST":
                items.extend(row.get("args", ()))
            else:
                items.append(g)
        query.group_by = []
        for g in items:
            expr = transform_group_item(pstate, query, g)
            if expr not in query.group_by:
                query.group_by.append(expr)
    pstate.expression_kind = "SELECT"
    if body.get("havingClause") is not None:
        query.having = transform_where(pstate, body["havingClause"], "HAVING")

    distinct = body.get("distinctClause")
    distinct_on_items = distinct if distinct and distinct != [{}] else None
    if distinct is not None and distinct_on_items is None:
        query.distinct = True
    _transform_order_limit(pstate, query, body)
    if distinct_on_items is not None:
        query.distinct_on = distinct_on.transform_distinct_on(
            pstate, query, distinct_on_items, transform_sort_item)
    window_clause.transform_window_definitions(pstate, query)

    query.range_table = pstate.range_table
    query.aggregates = list(pstate.aggregates)
    query.has_aggregates = bool(query.aggregates)
    window_clause.check_window_placement(pstate, query)
    # Locking clauses are checked before ungrouped columns, as in PostgreSQL.
    locking_clause.transform_locking_clauses(pstate, query, locking)
    grouping_sets.check_grouping_funcs(pstate, query)
    if query.has_aggregates or query.group_by or query.having is not None or \
            query.grouping_sets is not None:
        check_ungrouped_columns(pstate, query)
    if pstate.resolve_unknowns:          # not in a set operation's leaf nor INSERT's source
        for tle in query.target_list:
            tle.expr = resolve_unknown_to_text(pstate, tle.expr)
    return query


def _transform_order_limit(pstate, query: Query, body: dict, sort: bool = True) -> None:
    pstate.expression_kind = "SELECT"
    if query.distinct:
        for tle in query.target_list:
            if not tle.resjunk:
                tle.expr = resolve_unknown_to_text(pstate, tle.expr)
                where = getattr(tle.expr, "location", -1)
                operator_classes.require_equality(
                    expression_type(tle.expr),
                    pstate.position(where) if where is not None and where >= 0 else None)
    if sort:
        query.sort_clause = [transform_sort_item(pstate, query, s["SortBy"])
                             for s in body.get("sortClause", ())]
        for sort_item in query.sort_clause:     # a sort needs a determinate collation
            collations.check_sort_key(pstate, query.target_list[sort_item.target_index].expr)
    if query.distinct:
        for sort in query.sort_clause:
            if query.target_list[sort.target_index].resjunk:
                raise PgError(INVALID_COLUMN_REFERENCE,
                              "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
    pstate.expression_kind = "LIMIT"
    if body.get("limitCount") is not None:
        query.limit_count = _transform_limit(pstate, body["limitCount"])
    if body.get("limitOption") == "LIMIT_OPTION_WITH_TIES":
        # FETCH FIRST n ROWS WITH TIES (the grammar insists on ORDER BY).
        query.limit_with_ties = True
        if query.limit_count is None:
            raise PgError("2201W", "row count cannot be null in FETCH FIRST ... WITH TIES clause")
    if body.get("limitOffset") is not None:
        pstate.expression_kind = "OFFSET"
        query.limit_offset = _transform_limit(pstate, body["limitOffset"])
    pstate.expression_kind = "SELECT"


def _transform_limit(pstate, node):
    expr = transform_expression(pstate, node)
    if isinstance(expr, Const) and expr.type_oid == UNKNOWN_OID and expr.value is None:
        return None      # LIMIT NULL / LIMIT ALL
    return coerce_or_error(pstate, expr, INT8_OID, -1, "implicit", None)


def transform_where(pstate, node, construct: str):
    from pgsnake.parser.transform_expression import leftmost_location
    expr = transform_expression(pstate, node)
    # (the error points where the expression starts: exprLocation's leftmost operand)
    return coerce_to_boolean(pstate, expr, construct, pstate.position(leftmost_location(node)))


def _location_of(pstate, node):
    body = next(iter(node.values()))
    return pstate.position(body.get("location")) if isinstance(body, dict) else None


# -- FROM --------------------------------------------------------------------------------------

def _transform_transition_table(pstate, range_var: dict, table):
    rtindex, ns_item = pstate.add_function(
        transition_tables.function_for(table), [(n, t) for n, t, _ in table.columns],
        range_var.get("alias"), False)
    pstate.namespace.append(ns_item)
    return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)


def _refuse_unnamed_subquery(pstate, body: dict) -> None:
    """42601 for a FROM subquery without an alias, at its opening parenthesis (the
    grammar's select_with_parens location): the outermost '(' before the subquery's
    first token that still belongs to it."""
    import pglast.parser as pglast_parser
    from pgsnake.parser.transform_expression import leftmost_location
    select = body["subquery"].get("SelectStmt", {})
    values = bool(select.get("valuesLists"))
    start = leftmost_location(body["subquery"])
    position = None
    text = getattr(pstate.source, "text", None)
    if start is not None and text is not None:
        try:
            tokens = pglast_parser.scan(text)
        except Exception:                        # noqa: BLE001 - only the position is lost
            tokens = []
        paren = None
        for token in reversed([t for t in tokens if t.start < start]):
            if token.name == "ASCII_40":
                paren = token.start
            elif token.name in ("FROM", "JOIN", "LATERAL", "ASCII_44"):
                break
        if paren is not None:
            position = pstate.position(paren)
    what = "VALUES" if values else "SELECT"
    raise PgError(SYNTAX_ERROR, f"{'VALUES' if values else 'subquery'} in FROM must have an alias",
                  hint=f"For example, FROM ({what} ...) [AS] foo.", position=position)


def transform_from_item(pstate, item: dict):
    """Returns (JoinTreeNode, the Vars '*' expands to, in order)."""
    (tag, body), = item.items()
    if tag == "RangeVar":
        found = cte.find_cte(pstate, body["relname"]) if not body.get("schemaname") else None
        if found is not None:
            return cte.transform_cte_reference(pstate, body, *found)
        transition = transition_tables.find(body["relname"]) \
            if not body.get("schemaname") else None
        if transition is not None:              # a trigger's OLD / NEW TABLE
            return _transform_transition_table(pstate, body, transition)
        try:
            rtindex, ns_item = pstate.add_relation(
                body, locking_clause.relation_lock_mode(pstate, body))
        except PgError as error:
            if not body.get("schemaname"):
                cte.add_future_cte_detail(pstate, body["relname"], error)
            raise
        pstate.namespace.append(ns_item)
        return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)
    if tag == "RangeSubselect":
        alias = body.get("alias")
        if alias is None:
            _refuse_unnamed_subquery(pstate, body)
        child = ParseState(pstate.source, parent=pstate)
        child.sees_parent = False
        child.locked_from_parent = locking_clause.is_locked_refname(pstate, alias["aliasname"])
        if body.get("lateral"):
            # an aggregate of this level inside it (sum(v.x) of a LATERAL subquery) is
            # placed in this level's FROM clause (EXPR_KIND_FROM_SUBSELECT)
            saved, pstate.expression_kind = pstate.expression_kind, \
                "FROM clause of their own query level"
            try:
                subquery = lateral.transform_lateral_subquery(pstate, child, body,
                                                              transform_select)
            finally:
                pstate.expression_kind = saved
        else:
            subquery = transform_select(child, body["subquery"]["SelectStmt"])
        colnames = [c["String"]["sval"] for c in alias.get("colnames", ())]
        rtindex, ns_item = pstate.add_subquery(subquery, alias["aliasname"], colnames)
        if body.get("lateral"):
            pstate.range_table[rtindex - 1].lateral_relids = \
                lateral.lateral_relids_of_query(subquery)
        pstate.namespace.append(ns_item)
        return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)
    if tag == "JoinExpr":
        return _transform_join(pstate, body)
    if tag == "RangeFunction":
        return _transform_range_function(pstate, body)
    if tag == "RangeTableFunc":                 # XMLTABLE
        from pgsnake.parser import xml_table
        rtindex, ns_item = xml_table.transform_range_table_func(pstate, body)
        pstate.namespace.append(ns_item)
        return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)
    if tag == "RangeTableSample":
        from pgsnake.parser import table_sample
        return table_sample.transform_range_table_sample(
            pstate, body, transform_from_item,
            lambda state, node: _transform_from_call(state, node, sees_left=False))
    raise PgError(FEATURE_NOT_SUPPORTED, f"FROM item {tag} is not supported yet")


def _transform_range_function(pstate, body):
    """A function call in FROM (transformRangeFunction): one plain call, optionally WITH
    ORDINALITY. It is implicitly LATERAL: its arguments may use the FROM items to its
    left (parser/lateral.py)."""
    if rows_from.needs_rows_from(body):     # ROWS FROM, unnest(a, b), a column definition list
        rtindex, ns_item = rows_from.transform_rows_from(pstate, body, _transform_from_call)
        pstate.namespace.append(ns_item)
        return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)
    call = body["functions"][0]["List"]["items"][0]
    if "FuncCall" not in call:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "only a plain function call is supported in FROM for now")
    func_expr = _transform_from_call(pstate, call)
    if not isinstance(func_expr, FuncExpr):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "only a plain function call is supported in FROM for now")
    out_columns = rows_from.call_out_columns(func_expr)
    rows_from.check_plain_call(pstate, call, func_expr, out_columns)
    rtindex, ns_item = pstate.add_function(func_expr, out_columns, body.get("alias"),
                                           bool(body.get("ordinality")))
    pstate.range_table[rtindex - 1].lateral_relids = \
        lateral.lateral_relids_of_expression(func_expr)
    pstate.namespace.append(ns_item)
    return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)


def _transform_from_call(pstate, call: dict, sees_left: bool = True):
    """One function call in FROM, analysed with the FROM items to its left visible
    (not `sees_left`: a TABLESAMPLE argument, which does not see them)."""
    child = ParseState(pstate.source, parent=pstate)
    child.expression_kind = "functions in FROM"
    with lateral.function_scope(pstate) if sees_left else contextlib.nullcontext():
        func_expr = transform_expression(child, call)
    if sees_left and child.srf_calls > int(getattr(func_expr, "returns_set", False)):
        # a set-returning function inside the arguments of another (abs(srf()))
        refuse_nested_from_srf(child)
    # `child` is not a query level of its own: an outer reference found through it
    # counted one level too many (unnest(tc.reloptions) inside a subquery of tc's query).
    from pgsnake.rewrite import tree_mapping
    return tree_mapping.map_expression(
        func_expr, lambda var, depth: dataclasses.replace(var, levels_up=var.levels_up - 1)
        if var.levels_up > depth else None)


_JOIN_TYPES = {"JOIN_INNER": "inner", "JOIN_LEFT": "left", "JOIN_RIGHT": "right",
               "JOIN_FULL": "full"}


def transform_from_item_checked(pstate, item):
    """A FROM-list item, then its names checked against the earlier items' (after any
    JOIN alias inside it hid its own), as transformFromClause does."""
    saved = getattr(pstate, "conflict_scope", 0)
    start = pstate.conflict_scope = len(pstate.namespace)
    try:
        out = transform_from_item(pstate, item)
    finally:
        pstate.conflict_scope = saved
    pstate.check_name_conflicts(pstate.namespace[:start], pstate.namespace[start:])
    return out


def _transform_join(pstate, body):
    before = len(pstate.namespace)
    saved_scope = getattr(pstate, "conflict_scope", 0)
    pstate.conflict_scope = before
    left, left_star = transform_from_item(pstate, body["larg"])
    middle = len(pstate.namespace)
    join_type = _JOIN_TYPES[body["jointype"]]
    left_items = pstate.namespace[before:middle]
    lateral.join_right_side(left_items, join_type)
    pstate.conflict_scope = middle
    right, right_star = transform_from_item(pstate, body["rarg"])
    pstate.conflict_scope = saved_scope
    lateral.end_join_right_side(left_items)
    right_items = pstate.namespace[middle:]
    # checkNameSpaceConflicts between the two sides, before the join condition
    pstate.check_name_conflicts(left_items, right_items)
    using = [u["String"]["sval"] for u in body.get("usingClause", ())]
    if body.get("isNatural"):
        right_names = {v.column_name for v in right_star}
        using = [v.column_name for v in left_star if v.column_name in right_names]
    quals = None
    star = left_star + right_star
    if using:
        conditions, merged, expressions = [], [], {}
        for name in using:
            lvar = _find_star_column(left_star, name, "left")
            rvar = _find_star_column(right_star, name, "right")
            # both sides coerced to their common type (transformJoinUsingClause)
            left_expr, right_expr = full_join.coerce_to_common(pstate, lvar, rvar)
            conditions.append(make_operator(pstate, "=", left_expr, right_expr, None))
            column = full_join.merged_column(pstate, name, join_type, lvar, rvar,
                                             left_expr, right_expr)
            merged.append(column)
            hide_in = left_items + right_items
            if column is lvar:
                hide_in = right_items
            elif column is rvar:
                hide_in = left_items
            else:
                expressions[name] = column
            for ns_item in hide_in:
                ns_item.hidden_columns.add(name)
        if expressions:
            pstate.namespace.append(full_join.merged_item(expressions))
        if body.get("join_using_alias"):
            full_join.add_using_alias(pstate, body["join_using_alias"], merged,
                                      bool(body.get("alias")))
        from pgsnake.parser.expression_nodes import BoolExpr
        quals = conditions[0] if len(conditions) == 1 else BoolExpr("and", tuple(conditions))
        star = merged + [v for v in left_star if v.column_name not in using] + \
            [v for v in right_star if v.column_name not in using]
    elif body.get("quals") is not None:
        saved = pstate.expression_kind
        pstate.expression_kind = "JOIN conditions"
        quals = transform_where(pstate, body["quals"], "JOIN/ON")
        pstate.expression_kind = saved
    node = JoinTreeNode(join_type=join_type if (quals is not None or join_type != "inner") else "cross",
                        left=left, right=right, quals=quals, using=list(using))
    # the tables an outer join may NULL-extend (their whole-row references: composite_expressions)
    nullable = [side for side, kinds in ((left, ("right", "full")), (right, ("left", "full")))
                if join_type in kinds]
    if nullable:
        pstate.nullable_rtindexes = getattr(pstate, "nullable_rtindexes", frozenset()).union(
            *(_tree_rtindexes(side) for side in nullable))
    if body.get("alias"):
        join_alias.apply(pstate, body["alias"], before, node, star)
    for ns_item in left_items + right_items:
        ns_item.in_join = True
    return node, star


def _tree_rtindexes(node) -> frozenset:
    if node.rtindex:
        return frozenset({node.rtindex})
    return _tree_rtindexes(node.left) | _tree_rtindexes(node.right)


def _find_star_column(star, name, side):
    for var in star:
        if var.column_name == name:
            return var
    from pgsnake.utils.errors import UNDEFINED_COLUMN
    raise PgError(UNDEFINED_COLUMN,
                  f'column "{name}" specified in USING clause does not exist in {side} table')


# -- target list -------------------------------------------------------------------------------

def transform_target_list(pstate, targets) -> list[TargetEntry]:
    out: list[TargetEntry] = []
    for target in targets:
        res = target["ResTarget"]
        val = res["val"]
        if "ColumnRef" in val and "A_Star" in val["ColumnRef"]["fields"][-1]:
            out.extend(_expand_star(pstate, val["ColumnRef"]))
            continue
        if "A_Indirection" in val and "A_Star" in val["A_Indirection"]["indirection"][-1]:
            from pgsnake.parser import composite_expressions        # (expr).*
            out.extend(make_target_entry(pstate, expr, name) for name, expr in
                       composite_expressions.expand_fields(pstate, val["A_Indirection"]))
            continue
        expr = transform_expression(pstate, val)
        name = res.get("name") or figure_column_name(val)
        out.append(make_target_entry(pstate, expr, name))
    check_target_list_length(len(out))
    return out


MAX_TUPLE_ATTRIBUTE_NUMBER = 1664


def check_target_list_length(count: int) -> None:
    """MaxTupleAttributeNumber: a row the executor builds has at most 1664 columns."""
    if count > MAX_TUPLE_ATTRIBUTE_NUMBER:
        raise PgError("54011", "target lists can have at most "
                      f"{MAX_TUPLE_ATTRIBUTE_NUMBER} entries")


def make_target_entry(pstate, expr, name: str, resjunk: bool = False) -> TargetEntry:
    table_oid = attnum = 0
    if isinstance(expr, Var) and expr.attnum > 0:
        level = pstate
        for _ in range(expr.levels_up):       # an outer reference: its own level's entry
            level = level.parent
        rte = level.range_table[expr.rtindex - 1]
        if rte.kind == "relation":
            table_oid, attnum = rte.relation.oid, expr.attnum
        elif rte.kind == "subquery":
            inner = rte.subquery.output_columns()[expr.attnum - 1]
            table_oid, attnum = inner.table_oid, inner.attnum
    return TargetEntry(expr, name, resjunk, table_oid, attnum)


def _expand_star(pstate, column_ref) -> list[TargetEntry]:
    fields = column_ref["fields"]
    location = column_ref.get("location")
    if len(fields) == 1:
        if not pstate.namespace:
            raise PgError(SYNTAX_ERROR, "SELECT * with no tables specified is not valid",
                          position=pstate.position(location))
        columns = pstate.star_columns
    else:
        qualifier = fields[-2]["String"]["sval"]
        columns = pstate.star_item_columns(qualifier, location)
    return [make_target_entry(pstate, var, var.column_name) for var in columns]


# -- GROUP BY / ORDER BY ---------------------------------------------------------------------------

def _ordinal(pstate, node, clause: str, query: Query):
    if "A_Const" in node and "ival" in node["A_Const"]:
        number = node["A_Const"]["ival"].get("ival", 0)
        visible = [t for t in query.target_list if not t.resjunk]
        if number < 1 or number > len(visible):
            raise PgError(INVALID_COLUMN_REFERENCE,
                          f"{clause} position {number} is not in select list",
                          position=pstate.position(node["A_Const"].get("location")))
        return query.target_list.index(visible[number - 1])
    return None


def _single_name(node):
    if "ColumnRef" in node:
        fields = node["ColumnRef"]["fields"]
        if len(fields) == 1 and "String" in fields[0]:
            return fields[0]["String"]["sval"]
    return None


def _grouping_target(pstate, expr):
    """A GROUP BY item that names a select-list entry (by position or output name) takes
    its expression, which may not hold an aggregate or window function of this level
    (checkTargetlistEntrySQL92): the error points at the call."""
    from pgsnake.parser.expression_nodes import walk
    found = [n for n in walk(expr) if isinstance(n, Aggref) and n.levels_up == 0]
    if found:
        raise PgError(GROUPING_ERROR, "aggregate functions are not allowed in GROUP BY",
                      position=pstate.position(found[0].location))
    found = [n for n in walk(expr) if isinstance(n, window_clause.WindowFunc)]
    if found:
        raise PgError(window_clause.WINDOWING_ERROR,
                      "window functions are not allowed in GROUP BY",
                      position=pstate.position(found[0].location))
    return expr


def transform_group_item(pstate, query: Query, node):
    index = _ordinal(pstate, node, "GROUP BY", query)
    if index is not None:
        return _grouping_target(pstate, query.target_list[index].expr)
    name = _single_name(node)
    if name is not None:
        # GROUP BY prefers an input column; an output column name is the fallback (SQL92).
        try:
            return transform_expression(pstate, node)
        except PgError as err:
            if err.sqlstate != "42703":
                raise
            matches = [t for t in query.target_list if t.name == name and not t.resjunk]
            if not matches:
                raise
            return _grouping_target(pstate, matches[0].expr)
    return transform_expression(pstate, node)


def transform_sort_item(pstate, query: Query, sort_by: dict) -> SortClause:
    node = sort_by["node"]
    index = _ordinal(pstate, node, "ORDER BY", query)
    if index is None:
        name = _single_name(node)
        # ORDER BY prefers an output column name (SQL92), then an input expression.
        matches = [i for i, t in enumerate(query.target_list)
                   if name is not None and t.name == name and not t.resjunk]
        if len(matches) > 1 and len({id(query.target_list[i].expr) for i in matches}) > 1:
            if len({query.target_list[i].expr for i in matches}) > 1:
                raise PgError("42702", f'ORDER BY "{name}" is ambiguous',
                              position=pstate.position(node["ColumnRef"].get("location")))
        if matches:
            index = matches[0]
        else:
            expr = transform_expression(pstate, node)
            for i, tle in enumerate(query.target_list):
                if tle.expr == expr:
                    index = i
                    break
            else:
                query.target_list.append(TargetEntry(expr, "?column?", resjunk=True))
                index = len(query.target_list) - 1
    target = query.target_list[index]
    target.expr = resolve_unknown_to_text(pstate, target.expr)   # sorted as text
    type_oid = expression_type(target.expr)
    # (sorted by its support function only as a plain ORDER BY's last Sort: not with
    # DISTINCT, grouping or windows, whose plans sort by the type's own order)
    user_families = not (query.distinct or query.distinct_on or query.group_by
                         or query.has_aggregates or getattr(query, "window_clauses", None))
    descending, nulls_first = sort_using.sort_direction(
        pstate, sort_by, type_oid,
        lambda: operator_classes.require_ordering(type_oid, _location_of(pstate, node)),
        user_families)
    order_proc, family = sort_using.user_family_order(pstate, sort_by, type_oid) \
        if user_families else (0, 0)
    return SortClause(index, descending, nulls_first, order_proc,
                      sort_by["useOp"][-1]["String"]["sval"] if order_proc else "", family)


# -- the aggregate check -------------------------------------------------------------------------

def check_ungrouped_columns(pstate, query: Query) -> None:
    groups = set(query.group_by)

    def check(node, detail=None):
        if node in groups:
            return
        if isinstance(node, Aggref):
            if node.within_group:      # an ordered-set aggregate's direct arguments
                for direct in node.args[:len(node.args) - len(node.order_by)]:
                    check(direct, "Direct arguments of an ordered-set aggregate must use "
                                  "only grouped columns.")
            return
        if isinstance(node, SubLink):
            _check_ungrouped_in_subquery(pstate, groups, node.subquery, 1)
        if isinstance(node, Var) and node.levels_up == 0:   # outer references are constants here
            rte = pstate.range_table[node.rtindex - 1]
            if functional_grouping.grouped_by_primary_key(
                    pstate.range_table, functional_grouping.common_group_keys(query), node):
                functional_grouping.note_primary_key_dependency(query, rte.relation.oid)
                return
            raise PgError(GROUPING_ERROR,
                          f'column "{rte.alias}.{node.column_name}" must appear in the GROUP BY '
                          f'clause or be used in an aggregate function',
                          detail=detail, position=pstate.position(node.location))
        for child in children(node):
            check(child, detail)

    for tle in query.target_list:
        check(tle.expr)
    if query.having is not None:
        check(query.having)


def _query_expressions(query) -> list:
    exprs = [t.expr for t in query.target_list] + list(query.group_by)
    exprs += [query.where, query.having]
    stack = list(query.from_list)
    while stack:
        item = stack.pop()
        if item is not None:
            exprs.append(item.quals)
            stack += [item.left, item.right]
    if query.set_operation is not None:
        for branch in query.set_operation[1]:
            exprs += _query_expressions(branch)
    return exprs


def _check_ungrouped_in_subquery(pstate, groups, subquery, depth: int) -> None:
    """A subquery of a grouped query may use the grouped query's columns only if they
    are grouped (check_ungrouped_columns_walker's sublevels_up case)."""
    stack = [e for e in _query_expressions(subquery) if e is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, SubLink):
            _check_ungrouped_in_subquery(pstate, groups, node.subquery, depth + 1)
        elif isinstance(node, (Aggref, grouping_sets.GroupingFunc)) and node.levels_up == depth:
            continue                # the grouped query's own aggregate: its input
        elif isinstance(node, Var) and node.levels_up == depth:
            if dataclasses.replace(node, levels_up=0) not in groups:
                raise PgError(GROUPING_ERROR,
                              f'subquery uses ungrouped column "{node.relation_alias}.'
                              f'{node.column_name}" from outer query',
                              position=pstate.position(node.location))
        stack.extend(c for c in children(node) if c is not None)


# -- VALUES --------------------------------------------------------------------

def transform_values(pstate, values_lists, target_types=None) -> Query:
    rows = []
    outer_kind, pstate.expression_kind = pstate.expression_kind, "VALUES"
    try:
        for row_node in values_lists:
            items = row_node["List"]["items"]
            rows.append([transform_expression(pstate, i) for i in items])
    finally:
        pstate.expression_kind = outer_kind
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise PgError(SYNTAX_ERROR, "VALUES lists must all be the same length")
    check_target_list_length(width)
    types = []
    for col in range(width):
        column = [r[col] for r in rows]
        types.append(resolve_common_type(pstate, column, "VALUES"))
    for r in rows:
        for col in range(width):
            r[col] = coerce_or_error(pstate, r[col], types[col], -1, "implicit", None)
    query = Query("SELECT")
    names = [f"column{i + 1}" for i in range(width)]
    if len(rows) == 1:
        query.target_list = [TargetEntry(e, n) for e, n in zip(rows[0], names)]
        query.one_row_values = True
    else:
        rtindex, ns_item = pstate.add_values(rows, names, types, [-1] * width)
        query.from_list.append(JoinTreeNode(rtindex=rtindex))
        query.target_list = [TargetEntry(pstate.make_var(rtindex, i + 1), n)
                             for i, n in enumerate(names)]
    query.range_table = pstate.range_table
    pstate.query = query
    return query


# INSERT/UPDATE/DELETE analysis builds on the SELECT machinery above.
from pgsnake.parser import modify_analysis  # noqa: E402
