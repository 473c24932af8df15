"""Parse analysis of INSERT, UPDATE and DELETE.

Entry points: transform_insert, transform_update, transform_delete (pstate, body) -> Query,
and default_expression(pstate, relation, attribute).

INSERT's source (VALUES rows or a SELECT) becomes `Query.insert_source`; the INSERT's own
target list has one entry per table column, in attnum order, computed from the source
row (ColumnReference i = the source's i-th output column), from the column default, or
NULL. Assignment coercion applies to every stored value, so 'abc' into varchar(2) fails
with 22001 and text into int fails with 42804, as in PostgreSQL. UPDATE keeps one
expression per assigned column, over the old row.

PostgreSQL: parser/analyze.c (transformInsertStmt, transformUpdateStmt, transformDeleteStmt,
transformReturningList), parser/parse_target.c (transformAssignedExpr, checkInsertTargets),
rewrite/rewriteHandler.c (rewriteTargetListIU, build_column_default).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.parser import cte, domain_coercion, modify_from, raw_parser, transition_tables
from pgsnake.parser.analyze import (
    transform_select, transform_target_list, transform_where)
from pgsnake.datatypes import registry
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error, coerce_to_type
from pgsnake.parser.expression_nodes import ColumnReference, Const, SubscriptAssign
from pgsnake.parser.query import JoinTreeNode, Query, TargetEntry
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.storage.lmgr.lock_modes import ROW_EXCLUSIVE
from pgsnake.parser.transform_expression import transform_expression
from pgsnake.utils.errors import (
    DATATYPE_MISMATCH, GENERATED_ALWAYS, DUPLICATE_COLUMN, FEATURE_NOT_SUPPORTED, PgError, SYNTAX_ERROR, UNDEFINED_COLUMN,
    WRONG_OBJECT_TYPE)


def _open_target(pstate: ParseState, range_var: dict, visible: bool, merge: bool = False):
    if not range_var.get("schemaname") and transition_tables.find(range_var["relname"]):
        # a trigger's transition table hides a table of its name (setTargetTable)
        raise PgError(FEATURE_NOT_SUPPORTED, f'relation "{range_var["relname"]}" cannot be '
                                             'the target of a modifying statement')
    rtindex, item = pstate.add_relation(range_var, ROW_EXCLUSIVE)
    relation = pstate.range_table[rtindex - 1].relation
    if merge and relation.relkind not in ("r", "p"):
        kind = {"v": "views", "m": "materialized views"}.get(relation.relkind,
                                                              "this relation kind")
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'cannot execute MERGE on relation "{relation.name}"',
                      detail=f"This operation is not supported for {kind}.")
    if relation.relkind not in ("r", "p", "v"):     # a view: rewrite/updatable_views.py
        kind = {"m": "materialized view", "t": "TOAST relation"}.get(relation.relkind,
                                                                     "relation")
        raise PgError(WRONG_OBJECT_TYPE, f'cannot change {kind} "{relation.name}"')
    item.visible = visible
    pstate.namespace.append(item)
    return rtindex, relation


def default_expression(pstate, relation, attribute):
    """The column's default as an expression coerced to the column type, or NULL. A
    generated column has none: the executor computes it (stored_generated.py)."""
    if attribute.generated:
        return Const(attribute.type_oid, None)
    text = catalog_cache.column_default(relation.oid, attribute.attnum)
    if text is None:
        # A domain column's NULL still meets the domain's NOT NULL (rewriteTargetListIU).
        return domain_coercion.null_of_type(attribute.type_oid, attribute.typmod)
    raw = raw_parser.parse_sql(f"SELECT {text}")[0]
    value_node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    child = ParseState(raw.source, parent=pstate)
    child.sees_parent = False
    expr = transform_expression(child, value_node)
    if attribute.identity and _identity_nextval is not None:
        expr = _without_privilege_check(expr)
    return coerce_or_error(pstate, expr, attribute.type_oid, attribute.typmod, "assignment",
                           None, attribute.name)


# An identity column's default is PostgreSQL's NextValueExpr, which checks no privilege
# on the sequence (nextval() checks USAGE or UPDATE): commands/sequence_commands.py
# installs the unchecked nextval here (a higher layer).
_identity_nextval = None
NEXTVAL_OID = 1574


def set_identity_nextval(fn) -> None:
    global _identity_nextval
    _identity_nextval = fn


def _without_privilege_check(expr):
    import dataclasses
    from pgsnake.parser.expression_nodes import FuncExpr
    if isinstance(expr, FuncExpr) and expr.function_oid == NEXTVAL_OID:
        return dataclasses.replace(expr, fn=_identity_nextval)
    return expr


def _target_attribute(pstate, relation, name: str, location):
    for attribute in relation.attributes:
        if attribute.name == name and not attribute.is_dropped:
            return attribute
    raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation "{relation.name}" does not exist',
                  position=pstate.position(location))


def _is_default(node) -> bool:
    return "SetToDefault" in node


def _node_location(pstate, node):
    body = next(iter(node.values()))
    return pstate.position(body.get("location")) if isinstance(body, dict) else None


def _is_part_assignment(expr) -> bool:
    """Whether `expr` is an earlier SET col.f = v / col[i] = v (checked as the column's
    domain, if it is one), which a further assignment to the same column extends."""
    from pgsnake.parser import array_expressions, composite_expressions, domain_coercion
    from pgsnake.parser import fixed_length_subscripts
    if isinstance(expr, domain_coercion.DomainCoercion):
        expr = expr.arg
    return isinstance(expr, (composite_expressions.FieldStore, SubscriptAssign,
                             fixed_length_subscripts.FixedSubscriptAssign)) \
        or array_expressions.is_extension_assignment(expr)


def _assign_subfield(pstate, relation, res: dict, assignments: dict) -> None:
    """SET col.f = value: one field of a composite column; several fields of one column
    combine (transformAssignmentIndirection)."""
    from pgsnake.parser import array_expressions, composite_expressions
    from pgsnake.parser import assignment_indirection
    steps = res["indirection"]
    subscripts = all("A_Indices" in step for step in steps)
    attribute = _target_attribute(pstate, relation, res["name"], res.get("location"))
    current = assignments.get(attribute.attnum)
    if current is None:
        rtindex = next(i for i, rte in enumerate(pstate.range_table, 1)
                       if rte.kind == "relation" and rte.relation.oid == relation.oid)
        current = pstate.make_var(rtindex, attribute.attnum)
    elif not _is_part_assignment(current):
        raise PgError(SYNTAX_ERROR, f'multiple assignments to same column "{attribute.name}"')
    value = transform_expression(pstate, res["val"])
    location = _node_location(pstate, res["val"])
    target_location = pstate.position(res.get("location"))

    def coerce_part(expr, type_oid, typmod):
        return assignment_indirection.coerce_assigned(
            pstate, expr, type_oid, typmod, attribute.name, steps, target_location, location)
    if assignment_indirection.is_mixed(steps):     # SET a[i].f = v, c.f[i] = v
        assignments[attribute.attnum] = assignment_indirection.assign(
            pstate, attribute.name, current, attribute.type_oid, attribute.typmod, steps,
            value, target_location, coerce_part)
        return
    if subscripts:                                 # SET a[i] = v, a[lo:hi] = array
        target_location = pstate.position(res.get("location"))

        def coerce_element(expr, type_oid, _typmod):
            # transformAssignmentSubscripts: a value that does not convert to the
            # element (slice, jsonb) type is reported against the target column
            coerced = coerce_to_type(pstate, expr, type_oid, attribute.typmod, "assignment",
                                     location)
            if coerced is None:
                raise PgError(DATATYPE_MISMATCH, f'subscripted assignment to '
                              f'"{attribute.name}" requires type '
                              f'{registry.format_type(type_oid)} but expression is of type '
                              f'{registry.format_type(expr.type_oid)}',
                              hint="You will need to rewrite or cast the expression.",
                              position=target_location)
            return coerced
        assignments[attribute.attnum] = array_expressions.subscript_assignment(
            pstate, current, attribute.type_oid, steps, value, coerce_element, target_location)
        return
    assignments[attribute.attnum] = composite_expressions.assign_fields(
        pstate, attribute.name, current, attribute.type_oid, [s["String"]["sval"] for s in steps],
        value, target_location, coerce_part)


def _assign(pstate, node, attribute):
    expr = transform_expression(pstate, node)
    if getattr(attribute, "subscripts", ()):         # INSERT INTO t (col[i])
        coerced = coerce_to_type(pstate, expr, attribute.type_oid, attribute.typmod,
                                 "assignment", _node_location(pstate, node))
        if coerced is None:
            raise PgError(DATATYPE_MISMATCH, f'subscripted assignment to "{attribute.name}" '
                          f'requires type {registry.format_type(attribute.type_oid)} but '
                          f'expression is of type {registry.format_type(expr.type_oid)}',
                          hint="You will need to rewrite or cast the expression.",
                          position=attribute.location)
        return coerced
    steps = getattr(attribute, "steps", ()) or [{"String": {"sval": name}}
                                                for name in getattr(attribute, "names", ())]
    if steps:                                          # INSERT INTO t (col.f), (col[i].f)
        from pgsnake.parser import assignment_indirection
        return assignment_indirection.coerce_assigned(
            pstate, expr, attribute.type_oid, attribute.typmod, attribute.column.name,
            list(steps), attribute.location, _node_location(pstate, node))
    return coerce_or_error(pstate, expr, attribute.type_oid, attribute.typmod, "assignment",
                           _node_location(pstate, node), attribute.name)


# -- INSERT -------------------------------------------------------------------------------------

def _with_clause(pstate, body: dict) -> list:
    """The statement's own WITH queries (parser/cte.py), visible to all its parts."""
    if not body.get("withClause"):
        return []
    return cte.transform_with_clause(pstate, body["withClause"], transform_select)


def transform_insert(pstate: ParseState, body: dict) -> Query:
    ctes = _with_clause(pstate, body)
    query = Query("INSERT")
    query.cte_list = ctes
    rtindex, relation = _open_target(pstate, body["relation"], visible=False)
    query.result_relation = rtindex

    live = [a for a in relation.attributes if not a.is_dropped]
    # where each named target column is written ("more target columns" points there)
    pstate.insert_target_locations = [c["ResTarget"].get("location")
                                      for c in body.get("cols") or ()]
    if body.get("cols"):
        targets = []
        for col in body["cols"]:
            res = col["ResTarget"]
            attribute = _target_attribute(pstate, relation, res["name"], res.get("location"))
            if res.get("indirection"):                   # INSERT INTO t (col.field)
                from pgsnake.parser import composite_expressions
                target = composite_expressions.subfield_target(
                    attribute, res["indirection"], pstate.position(res.get("location")))
                if attribute in targets:
                    raise PgError(DUPLICATE_COLUMN,
                                  f'column "{attribute.name}" specified more than once',
                                  position=pstate.position(res.get("location")))
                targets.append(target)
                continue
            if attribute in targets or any(getattr(t, "column", None) == attribute
                                           for t in targets):
                raise PgError(DUPLICATE_COLUMN,
                              f'column "{attribute.name}" specified more than once',
                              position=pstate.position(res.get("location")))
            targets.append(attribute)
    else:
        targets = live

    select = body.get("selectStmt")
    source_columns: dict[int, object] = {}     # attnum -> expression over the source row
    explicit_columns = bool(body.get("cols"))
    if select is None:
        source = None                              # DEFAULT VALUES
        targets = []
    else:
        select_body = select["SelectStmt"]
        child = ParseState(pstate.source, parent=pstate)
        child.sees_parent = False
        if select_body.get("valuesLists") and not any(
                select_body.get(k) for k in ("sortClause", "limitCount", "limitOffset")):
            values_lists = [{"List": dict(row["List"], items=_expand_values_stars(
                child, row["List"]["items"]))} for row in select_body["valuesLists"]]
            width = len(values_lists[0]["List"]["items"])
            for row_node in values_lists[1:]:
                if len(row_node["List"]["items"]) != width:
                    first = row_node["List"]["items"][0] if row_node["List"]["items"] else None
                    raise PgError(SYNTAX_ERROR, "VALUES lists must all be the same length",
                                  position=_node_location(child, first) if first else None)
            if not explicit_columns and width < len(targets):
                targets = targets[:width]          # the remaining columns get defaults
            source = _insert_values(child, values_lists, targets, pstate, relation,
                                    query.view_default_items,
                                    body.get("override") == "OVERRIDING_USER_VALUE")
            for i, attribute in enumerate(targets):
                _set_source_column(pstate, source_columns, attribute, ColumnReference(
                    i, attribute.type_oid, source.target_list[i].expr))
        else:
            child.resolve_unknowns = False
            source = transform_select(child, select_body)
            outputs = source.output_columns()
            if not explicit_columns and len(outputs) < len(targets):
                targets = targets[:len(outputs)]
            _check_counts(len(outputs), len(targets), pstate, select_body)
            locations = _output_locations(pstate, select_body, len(outputs))
            for i, attribute in enumerate(targets):
                if isinstance(outputs[i].expr, Const) and outputs[i].expr.type_oid == UNKNOWN_OID:
                    # A bare literal takes the column's type at once, through its input
                    # function, so a bad one is reported where it stands ('zz' for int).
                    outputs[i].expr = coerce_or_error(
                        pstate, outputs[i].expr, attribute.type_oid, attribute.typmod,
                        "assignment", locations[i], attribute.name)
                ref = ColumnReference(i, outputs[i].expr.type_oid, outputs[i].expr)
                _set_source_column(pstate, source_columns, attribute, coerce_or_error(
                    pstate, ref, attribute.type_oid, attribute.typmod, "assignment",
                    locations[i], attribute.name))
    query.insert_source = source
    override = body.get("override", "OVERRIDING_NOT_SET")
    query.override = {"OVERRIDING_SYSTEM_VALUE": "system",
                      "OVERRIDING_USER_VALUE": "user"}.get(override, "")
    # target columns given only DEFAULT: a view's may reach a generated column
    query.default_only_columns = {attribute.attnum for i, attribute in enumerate(targets)
                                  if _all_default(select, i)}
    for attribute in targets:
        if attribute.identity == "a" and override == "OVERRIDING_NOT_SET" \
                and not _all_default(select, targets.index(attribute)):
            raise PgError(GENERATED_ALWAYS, f'cannot insert a non-DEFAULT value into column '
                          f'"{attribute.name}"',
                          detail=f'Column "{attribute.name}" is an identity column defined '
                                 f'as GENERATED ALWAYS.',
                          hint="Use OVERRIDING SYSTEM VALUE to override.")
        if attribute.generated and not _all_default(select, targets.index(attribute)):
            raise PgError(GENERATED_ALWAYS, f'cannot insert a non-DEFAULT value into column '
                          f'"{attribute.name}"',
                          detail=f'Column "{attribute.name}" is a generated column.')
    for attribute in relation.attributes:
        if attribute.is_dropped or attribute.generated:
            # a generated column's value is computed by the executor (stored_generated.py)
            expr = Const(attribute.type_oid, None)
        elif attribute.identity and override == "OVERRIDING_USER_VALUE":
            expr = default_expression(pstate, relation, attribute)
        elif attribute.attnum in source_columns:
            expr = source_columns[attribute.attnum]
        else:
            expr = default_expression(pstate, relation, attribute)
        query.target_list.append(TargetEntry(expr, attribute.name, False, relation.oid,
                                             attribute.attnum))
    if body.get("onConflictClause"):
        from pgsnake.parser.on_conflict import transform_on_conflict
        target_item = next(i for i in pstate.namespace if i.rtindex == rtindex)
        query.on_conflict = transform_on_conflict(pstate, body["onConflictClause"], rtindex,
                                                  relation, target_item, body["relation"])
    _transform_returning(pstate, query, body, rtindex)
    query.range_table = pstate.range_table
    return query


def _output_locations(pstate, select_body: dict, count: int) -> list:
    """The statement positions of INSERT ... SELECT's output columns, for errors about
    them: the leftmost SELECT's targets (a * stands for every column it expands to)."""
    while select_body.get("larg"):
        select_body = select_body["larg"]
    targets = [t["ResTarget"] for t in select_body.get("targetList") or ()]
    fields = targets[0].get("val", {}).get("ColumnRef", {}).get("fields", ()) if targets else ()
    if len(targets) == 1 and any("A_Star" in field for field in fields):
        return [pstate.position(targets[0].get("location"))] * count
    if len(targets) != count:
        return [None] * count
    return [pstate.position(t.get("location")) for t in targets]


def _all_default(select, position: int) -> bool:
    """Is every value given for the target column at `position` the keyword DEFAULT
    (VALUES rows only; a SELECT always gives values)?"""
    if select is None:
        return True
    values_lists = select["SelectStmt"].get("valuesLists")
    if not values_lists:
        return False
    return all(_is_default(row["List"]["items"][position]) for row in values_lists
               if position < len(row["List"]["items"]))


def _extra_target_position(pstate, index: int):
    """The position of the first named target column without a value, if named."""
    locations = getattr(pstate, "insert_target_locations", None) or []
    return pstate.position(locations[index]) if index < len(locations) else None


def _check_counts(n_exprs: int, n_targets: int, pstate, node_body) -> None:
    if n_exprs > n_targets:
        raise PgError(SYNTAX_ERROR, "INSERT has more expressions than target columns")
    if n_exprs < n_targets:
        raise PgError(SYNTAX_ERROR, "INSERT has more target columns than expressions",
                      position=_extra_target_position(pstate, n_exprs))


def _set_source_column(pstate, source_columns: dict, target, expr) -> None:
    """The INSERT's value for a column; a target naming a field of a composite column
    (INSERT INTO t (col.field)) replaces that field of what the column has so far."""
    column = getattr(target, "column", None)
    if column is None:
        source_columns[target.attnum] = expr
        return
    from pgsnake.parser import array_expressions, composite_expressions
    current = source_columns.get(target.attnum, Const(column.type_oid, None, column.typmod))
    if target.steps:                                # INSERT INTO t (col[i].f)
        from pgsnake.parser import assignment_indirection
        source_columns[target.attnum] = assignment_indirection.assign(
            pstate, column.name, current, column.type_oid, column.typmod, list(target.steps),
            expr, target.location, lambda value, _type, _typmod: value)  # already coerced
        return
    if target.subscripts:                           # INSERT INTO t (col[i])
        source_columns[target.attnum] = array_expressions.subscript_assignment(
            pstate, current, column.type_oid, list(target.subscripts), expr,
            lambda value, _type, _typmod: value, target.location)   # already coerced
        return
    source_columns[target.attnum] = composite_expressions.assign_fields(
        pstate, column.name, current, column.type_oid, list(target.names), expr, None,
        lambda value, _type, _typmod: value)         # already of the field's type


def _expand_values_stars(pstate, items: list) -> list:
    """VALUES (v.*, ...): an item ending in .* stands for each field of the composite
    before the star (transformExpressionList's ExpandColumnRefStar /
    ExpandIndirectionStar), here as one field selection per field."""
    if not any(_ends_in_star(item) for item in items):
        return items
    from pgsnake.parser import composite_expressions
    out = []
    for item in items:
        if not _ends_in_star(item):
            out.append(item)
            continue
        if "ColumnRef" in item:
            body = item["ColumnRef"]
            base = {"ColumnRef": dict(body, fields=body["fields"][:-1])}
            body = {"arg": base, "indirection": [{"A_Star": {}}],
                                  "location": body.get("location")}
        else:
            body = item["A_Indirection"]
        fields = composite_expressions.expand_fields(pstate, body)
        # each field is reported where the row expression stands (exprLocation)
        location = body.get("location")
        if location is None:
            location = next(iter(body["arg"].values())).get("location")
        out.extend({"A_Indirection": dict(body, indirection=body["indirection"][:-1] +
                                          [{"String": {"sval": name}}], location=location)}
                   for name, _expr in fields)
    return out


def _ends_in_star(item: dict) -> bool:
    if "ColumnRef" in item:
        fields = item["ColumnRef"]["fields"]
        return len(fields) > 1 and "A_Star" in fields[-1]
    return "A_Indirection" in item and "A_Star" in item["A_Indirection"]["indirection"][-1]


def _insert_values(child, values_lists, targets, pstate, relation,
                   view_defaults: list, overriding_user: bool = False) -> Query:
    """VALUES rows of an INSERT: each item is coerced straight to its column's type
    (so '1' into an int column is parsed as an int), and DEFAULT is allowed (a view's
    column without a default of its own: its place is added to view_defaults). Under
    OVERRIDING USER VALUE an identity column's DEFAULT is NULL: the column takes its
    default once, in the target list (rewriteValuesRTE)."""
    child.values_row = True      # aggregates and window functions are refused (window_clause)
    rows = []
    if len(values_lists) > 1:
        # One VALUES row is a select list (a set-returning function there inserts several
        # rows, as in PostgreSQL); several rows are a Values Scan, which cannot.
        child.expression_kind = "VALUES"
    for row_node in values_lists:
        items = row_node["List"]["items"]
        if len(items) > len(targets):
            raise PgError(SYNTAX_ERROR, "INSERT has more expressions than target columns",
                          position=_node_location(child, items[len(targets)]))
        if len(items) < len(targets):
            raise PgError(SYNTAX_ERROR, "INSERT has more target columns than expressions",
                          position=_extra_target_position(pstate, len(items)))
        row = []
        for item, attribute in zip(items, targets):
            if _is_default(item) and getattr(attribute, "column", None) is not None:
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot set an array element to DEFAULT"
                              if attribute.subscripts or "A_Indices" in (attribute.steps or
                                                                          [{}])[0]
                              else "cannot set a subfield to DEFAULT",
                              position=attribute.location)
            if _is_default(item):
                if relation.relkind == "v" and \
                        catalog_cache.column_default(relation.oid, attribute.attnum) is None:
                    view_defaults.append((len(rows), len(row)))
                if overriding_user and getattr(attribute, "identity", ""):
                    row.append(Const(attribute.type_oid, None))
                else:
                    row.append(default_expression(pstate, relation, attribute))
            else:
                row.append(_assign(child, item, attribute))
        rows.append(row)
    source = Query("SELECT")
    names = [a.name for a in targets]
    if len(rows) == 1:
        source.target_list = [TargetEntry(e, n) for e, n in zip(rows[0], names)]
    else:
        types = [a.type_oid for a in targets]
        rtindex, _ = child.add_values(rows, [f"column{i + 1}" for i in range(len(names))],
                                      types, [a.typmod for a in targets])
        source.from_list.append(JoinTreeNode(rtindex=rtindex))
        source.target_list = [TargetEntry(child.make_var(rtindex, i + 1), n)
                              for i, n in enumerate(names)]
    source.range_table = child.range_table
    return source


def _transform_returning(pstate, query: Query, body: dict, rtindex: int) -> None:
    returning = body.get("returningClause") or body.get("returningList")
    if not returning:
        return
    if isinstance(returning, dict):          # PostgreSQL 18's ReturningClause
        if returning.get("options"):
            # RETURNING WITH (OLD AS o, ...) is PostgreSQL 18's: 15's grammar stops at WITH
            from pgsnake.parser.merge import _syntax_error_at
            _syntax_error_at(pstate, body, r"\breturning\s+(with)\b")
        returning = returning.get("exprs", ())
    for item in pstate.namespace:
        item.visible = item.rtindex == rtindex or item.visible
    pstate.star_columns = modify_from.returning_star(pstate, pstate.namespace[0])
    pstate.expression_kind = "RETURNING"
    query.returning = transform_target_list(pstate, returning)
    for tle in query.returning:
        from pgsnake.parser.coercion import resolve_unknown_to_text
        tle.expr = resolve_unknown_to_text(pstate, tle.expr)


# -- UPDATE ----------------------------------------------------------------------------------------

def transform_update(pstate: ParseState, body: dict) -> Query:
    ctes = _with_clause(pstate, body)
    query = Query("UPDATE")
    query.cte_list = ctes
    rtindex, relation = _open_target(pstate, body["relation"], visible=True)
    query.result_relation = rtindex
    modify_from.transform_extra_from(pstate, pstate.namespace[-1], body.get("fromClause"))
    pstate.expression_kind = "UPDATE"
    query.update_assignments = transform_assignments(pstate, relation, body["targetList"])
    return _finish_where_returning(pstate, query, body, rtindex)


def transform_assignments(pstate, relation, target_list) -> dict:
    """SET col = expr, ... of UPDATE (and of INSERT ... ON CONFLICT DO UPDATE): attnum ->
    the new value's expression, coerced to the column."""
    assignments: dict = {}
    for target in target_list:
        res = target["ResTarget"]
        if res.get("indirection"):
            _assign_subfield(pstate, relation, res, assignments)   # SET col.field = ...
            continue
        attribute = _target_attribute(pstate, relation, res["name"], res.get("location"))
        if attribute.attnum in assignments:
            raise PgError(SYNTAX_ERROR, f'multiple assignments to same column "{attribute.name}"')
        if "MultiAssignRef" in res["val"]:
            res = dict(res, val=_multi_assign_item(pstate, res["val"]["MultiAssignRef"]))
        if attribute.generated:
            if not _is_default(res["val"]):
                raise PgError(GENERATED_ALWAYS,
                              f'column "{attribute.name}" can only be updated to DEFAULT',
                              detail=f'Column "{attribute.name}" is a generated column.')
            expr = Const(attribute.type_oid, None)          # computed by the executor
        elif _is_default(res["val"]):
            expr = default_expression(pstate, relation, attribute)
        elif attribute.identity == "a":
            raise PgError(GENERATED_ALWAYS,
                          f'column "{attribute.name}" can only be updated to DEFAULT',
                          detail=f'Column "{attribute.name}" is an identity column defined '
                                 f'as GENERATED ALWAYS.')
        else:
            expr = _assign(pstate, res["val"], attribute)
        assignments[attribute.attnum] = expr
    return assignments


def _multi_assign_subselect(pstate, ref: dict, source: dict) -> dict:
    """SET (a, b) = (SELECT x, y ...): column i's value is the scalar subquery of the
    sub-SELECT's i-th output alone (PostgreSQL runs the sub-SELECT once per row as a
    MULTIEXPR SubPlan; here it runs once per column, with the same result unless it
    calls volatile functions: same rows, NULLs without a row, 21000 past one)."""
    select = source["SubLink"]["subselect"].get("SelectStmt", {})
    targets = select.get("targetList") or []
    position = _node_location(pstate, source)
    simple = select.get("op", "SETOP_NONE") == "SETOP_NONE" and not select.get("distinctClause") \
        and not select.get("valuesLists") \
        and not any("A_Star" in str(t["ResTarget"].get("val", {}).get("ColumnRef", {}))
                    for t in targets) \
        and not any("A_Const" in s["SortBy"]["node"] for s in select.get("sortClause") or ())
    if not simple:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "UPDATE SET (...) = (SELECT ...) is supported for a plain SELECT "
                      "of listed columns only", position=position)
    if len(targets) != ref["ncolumns"]:
        raise PgError(SYNTAX_ERROR, "number of columns does not match number of values",
                      position=position)
    one_column = dict(select, targetList=[targets[ref["colno"] - 1]])
    return {"SubLink": dict(source["SubLink"], subLinkType="EXPR_SUBLINK",
                            subselect={"SelectStmt": one_column})}


def _expand_row_stars(pstate, items) -> list:
    """ROW(v.*, x): `v.*` as one raw column reference per column of v (as
    transformRowExpr expands it)."""
    out = []
    for item in items:
        fields = item.get("ColumnRef", {}).get("fields", ())
        if len(fields) == 2 and "A_Star" in fields[1] and "String" in fields[0]:
            qualifier = fields[0]["String"]["sval"]
            ns_item = next((i for i in pstate.namespace if i.visible and i.alias == qualifier),
                           None)
            if ns_item is not None:
                location = item["ColumnRef"].get("location", -1)
                out += [{"ColumnRef": {"fields": [{"String": {"sval": qualifier}},
                                                  {"String": {"sval": var.column_name}}],
                                       "location": location}}
                        for var in pstate.item_columns(ns_item)]
                continue
        out.append(item)
    return out


def _multi_assign_item(pstate, ref: dict) -> dict:
    """SET (a, b) = (x, y) / ROW(x, y): the raw item for one of the columns
    (transformMultiAssignRef's RowExpr case). The sub-SELECT form is not supported."""
    source = ref["source"]
    if "RowExpr" in source:
        items = _expand_row_stars(pstate, source["RowExpr"].get("args", ()))
        if len(items) != ref["ncolumns"]:
            raise PgError(SYNTAX_ERROR, "number of columns does not match number of values",
                          position=pstate.position(source["RowExpr"].get("location")))
        return items[ref["colno"] - 1]
    if "SubLink" in source:
        return _multi_assign_subselect(pstate, ref, source)
    raise PgError(FEATURE_NOT_SUPPORTED, "source for a multiple-column UPDATE item must be "
                                         "a sub-SELECT or ROW() expression",
                  position=_node_location(pstate, source))


# -- DELETE ----------------------------------------------------------------------------------------

def transform_delete(pstate: ParseState, body: dict) -> Query:
    ctes = _with_clause(pstate, body)
    query = Query("DELETE")
    query.cte_list = ctes
    rtindex, relation = _open_target(pstate, body["relation"], visible=True)
    query.result_relation = rtindex
    modify_from.transform_extra_from(pstate, pstate.namespace[-1], body.get("usingClause"))
    return _finish_where_returning(pstate, query, body, rtindex)


def _finish_where_returning(pstate: ParseState, query: Query, body: dict, rtindex: int) -> Query:
    """What UPDATE and DELETE share after their own parts: WHERE over the target
    relation alone, RETURNING, and the range table."""
    where = body.get("whereClause")
    if where is not None and "CurrentOfExpr" in where:
        from pgsnake.parser.current_of import transform_current_of
        query.where = transform_current_of(pstate, where["CurrentOfExpr"], rtindex)
    elif where is not None:
        pstate.expression_kind = "WHERE"
        query.where = transform_where(pstate, where, "WHERE")
    query.from_list = [JoinTreeNode(rtindex=rtindex)] + modify_from.extra_from_list(pstate)
    _transform_returning(pstate, query, body, rtindex)
    query.range_table = pstate.range_table
    return query
