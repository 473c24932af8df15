"""Raw expression trees (pglast dicts) -> analyzed expression nodes.

Entry points:
    transform_expression(pstate, node) -> expression node
    figure_column_name(node) -> str      the output column name PostgreSQL gives a select item
    resolve_common_type(pstate, exprs, construct) -> type oid

Operators, functions, aggregates and casts are resolved through the datatypes package;
unknown literals and untyped $n take their type from the operator or function chosen.

PostgreSQL: parser/parse_expr.c (transformExprRecurse and friends), parser/parse_func.c
(ParseFuncOrColumn), parser/parse_oper.c (make_op), parser/parse_target.c (FigureColname).
"""
from __future__ import annotations

import itertools
from decimal import Decimal

from pgsnake.datatypes import (aggregates, bitstring, functions, numeric, operators, registry,
                              user_type_facts)
from pgsnake.datatypes.type_coercion import array_element
from pgsnake.catalog import user_types as user_type_names
from pgsnake.parser import aggregate_order, grouping_sets, unsupported_builtins, window_clause
from pgsnake.parser import composite_expressions, outer_aggregates
from pgsnake.parser.coercion import (
    BOOL_OID, UNKNOWN_OID, coerce_or_error, coerce_to_boolean, coerce_to_type)
from pgsnake.parser.expression_nodes import (
    Aggref, BooleanTest, BoolExpr, CaseExpr, CoalesceExpr, CoerceExpr, Const, FuncExpr,
    MinMaxExpr, NullIfExpr, NullTest, OpExpr, Param, RowExpr, ScalarArrayOpExpr, SQLValueFunction,
    SubLink, walk)
from pgsnake.utils.errors import (
    DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, GROUPING_ERROR, PgError, SYNTAX_ERROR,
    UNDEFINED_FUNCTION, WRONG_OBJECT_TYPE)

INT4_OID, INT8_OID, NUMERIC_OID, TEXT_OID, BIT_OID = 23, 20, 1700, 25, 1560
VOID_OID = 2278


def _names(name_list) -> list[str]:
    return [n["String"]["sval"] for n in name_list]


def _location(body) -> int | None:
    return body.get("location") if isinstance(body, dict) else None


def _first_call_location(node) -> int | None:
    """The location of the first function call in a raw expression tree."""
    if isinstance(node, dict):
        if "FuncCall" in node:
            return node["FuncCall"].get("location")
        for value in node.values():
            found = _first_call_location(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _first_call_location(value)
            if found is not None:
                return found
    return None


def leftmost_location(node) -> int | None:
    """Where a raw expression starts: the smallest location in its tree (exprLocation
    of an operator expression is its leftmost operand's)."""
    found = []

    def visit(value) -> None:
        if isinstance(value, dict):
            location = value.get("location")
            if isinstance(location, int) and location >= 0:
                found.append(location)
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(node)
    return min(found) if found else None


def transform_expression(pstate, node):
    (tag, body), = node.items()
    handler = _HANDLERS.get(tag)
    if handler is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"expression type {tag} is not supported yet",
                      position=pstate.position(_location(body)))
    depth = getattr(pstate, "expression_depth", 0)
    try:
        pstate.expression_depth = depth + 1
    except AttributeError:          # a context without the counter: no collation checks
        return handler(pstate, body)
    try:
        result = handler(pstate, body)
    finally:
        pstate.expression_depth = depth
    if depth == 0:
        # a whole expression: its collations (assign_expr_collations)
        collations.check_expression(pstate, result)
    return result


# -- leaves ------------------------------------------------------------------------------------

def _a_const(pstate, body):
    location = body.get("location", -1)
    if body.get("isnull"):
        return Const(UNKNOWN_OID, None, location=location)
    if "ival" in body:
        value = body["ival"].get("ival", 0)
        return Const(INT4_OID, value, location=location)
    if "fval" in body:
        text = body["fval"]["fval"]
        try:
            as_int = int(text)
        except ValueError:
            # through numeric's input, which gives '1e100' its exact digits and scale
            return Const(NUMERIC_OID, numeric.numeric_input(text), location=location)
        # make_const: an oversize integer that fits int4 after all (-2147483648, the
        # grammar folding the minus sign in) is int4; one that fits int8 is int8
        if -2**31 <= as_int < 2**31:
            return Const(INT4_OID, as_int, location=location)
        if -2**63 <= as_int < 2**63:
            return Const(INT8_OID, as_int, location=location)
        return Const(NUMERIC_OID, numeric.check_range(Decimal(text)), location=location)
    if "sval" in body:
        return Const(UNKNOWN_OID, body["sval"].get("sval", ""), location=location)
    if "boolval" in body:
        return Const(BOOL_OID, bool(body["boolval"].get("boolval", False)), location=location)
    if "bsval" in body:   # B'101' / X'1F': a bit string constant of type bit
        return Const(BIT_OID, bitstring.bit_input(body["bsval"]["bsval"]), location=location)
    raise PgError(FEATURE_NOT_SUPPORTED, "unsupported constant")


# Expressions with no row to read (transformColumnRef): expression kind -> its wording.
_COLUMN_REFERENCE_REFUSED_IN = {
    "DEFAULT expressions": "DEFAULT expression",
    "partition bound": "partition bound expression",
}


def _column_ref(pstate, body):
    fields = body["fields"]
    refused_in = _COLUMN_REFERENCE_REFUSED_IN.get(pstate.expression_kind)
    if refused_in is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot use column reference in {refused_in}",
                      position=pstate.position(body.get("location")))
    if len(fields) == 2 and "String" in fields[0] and "A_Star" in fields[1]:
        # t.* inside an expression: the whole row of t (count(t.*), (t.*).f, t.*::text)
        row = composite_expressions.whole_row(pstate, fields[0]["String"]["sval"],
                                              body.get("location"))
        if row is not None:
            return row
    if any("A_Star" in f for f in fields):
        expanded = _expand_variable_star(pstate, fields, body)
        if expanded is not None:
            return expanded
        raise PgError(SYNTAX_ERROR, "row expansion via \"*\" is not supported here",
                      position=pstate.position(body.get("location")))
    names = [f["String"]["sval"] for f in fields]
    if _column_ref_hook is not None:
        return _column_ref_hook(names, lambda: _column_or_row(pstate, names, body),
                                pstate.position(body.get("location")))
    return _column_or_row(pstate, names, body)


def _expand_variable_star(pstate, fields: list, body):
    """`v.*` where v is a variable of the routine whose statement this is (a PL/pgSQL
    record: ROW(new.*) = ROW(old.*)): a row of its fields, which ROW(...) spreads out;
    None when the column-reference hook knows no such variable."""
    expand = getattr(_column_ref_hook, "expand_star", None)
    if expand is None or len(fields) != 2 or "String" not in fields[0]:
        return None
    name = fields[0]["String"]["sval"]
    position = pstate.position(body.get("location"))

    def resolve_field(field: str):
        names = [name, field]
        return _column_ref_hook(names, lambda: _column_or_row(pstate, names, body), position)
    columns = expand(name, resolve_field)
    return None if columns is None else RowExpr(tuple(columns))


def _column_or_row(pstate, names: list[str], body):
    """A column, else (one name) the whole row of the FROM item of that name."""
    try:
        return pstate.resolve_column(names, body.get("location"))
    except PgError as err:
        if err.sqlstate != "42703" or len(names) != 1:
            raise
        row = composite_expressions.whole_row(pstate, names[0], body.get("location"))
        if row is None:
            raise
        return row


# A function body's statements are analysed with a hook that gives names to the
# function's arguments and variables (PostgreSQL's p_pre/post_columnref_hook, set by
# SQL functions and PL/pgSQL): hook(names, resolve_column, position) -> expression, where
# resolve_column() resolves the name as a column. set_column_ref_hook returns the hook
# it replaces, for the caller to restore.
_column_ref_hook = None


def set_column_ref_hook(hook):
    global _column_ref_hook
    previous, _column_ref_hook = _column_ref_hook, hook
    return previous


def column_ref_hook():
    """The hook in effect (a statement analysed again later needs the same names)."""
    return _column_ref_hook


def _param_ref(pstate, body):
    number = body.get("number", 0)          # $0: the parse tree leaves a zero field out
    if number <= 0 or pstate.fixed_params and number > len(pstate.param_types):
        raise PgError("42P02", f"there is no parameter ${number}",
                      position=pstate.position(body.get("location")))
    return Param(number, pstate.param_type(number) or 0)


# -- operators ---------------------------------------------------------------------------------

def make_operator(pstate, name: str, left, right, location, schema: str | None = None):
    left_type = None if left is None else _input_type(left)
    right_type = _input_type(right)
    try:
        op = operators.resolve_operator(name, left_type, right_type, schema=schema) \
            if schema is not None else operators.resolve_operator(name, left_type, right_type)
    except PgError as err:
        if err.sqlstate == UNDEFINED_FUNCTION and schema in (None, "pg_catalog") and \
                unsupported_builtins.postgres_has_operator(name, left_type, right_type):
            err = unsupported_builtins.not_supported_operator(name, left_type, right_type)
        if err.position is None:
            err.position = pstate.position(location)
        raise err from None
    args = []
    if left is not None:
        args.append(coerce_or_error(pstate, left, op.left_type, -1, "implicit",
                                    pstate.position(location)))
    args.append(coerce_or_error(pstate, right, op.right_type, -1, "implicit",
                                pstate.position(location)))
    return OpExpr(name, op.oid, op.fn, tuple(args), op.result_type, op.strict)


def _input_type(expr) -> int:
    return UNKNOWN_OID if expr.type_oid == 0 else expr.type_oid


def _a_expr(pstate, body):
    kind = body["kind"]
    name = _names(body["name"])[-1]
    location = body.get("location")
    lexpr = body.get("lexpr")
    rexpr = body.get("rexpr")
    if kind == "AEXPR_OP" and row_expressions.is_row(lexpr) and row_expressions.is_row(rexpr):
        return row_expressions.row_comparison(pstate, name, lexpr, rexpr, location)
    if kind == "AEXPR_OP" and row_expressions.is_row(lexpr) and isinstance(rexpr, dict) \
            and rexpr.get("SubLink", {}).get("subLinkType") == "EXPR_SUBLINK":
        # row op (SELECT ...): a ROWCOMPARE sublink (transformAExprOp)
        sublink = dict(rexpr["SubLink"], subLinkType="ROWCOMPARE_SUBLINK", testexpr=lexpr,
                       operName=body["name"], location=location)
        return _sub_link(pstate, sublink)
    if kind == "AEXPR_IN" and row_expressions.is_row(lexpr):
        return row_expressions.row_in_list(pstate, lexpr, rexpr["List"]["items"], name == "<>",
                                           location)
    # SIMILAR TO arrives as `x ~ similar_to_escape(pattern [, escape])` (the grammar builds
    # the call), so it is an ordinary operator here, as in transformAExprOp.
    if kind == "AEXPR_OP" or kind in ("AEXPR_LIKE", "AEXPR_ILIKE", "AEXPR_SIMILAR"):
        left = transform_expression(pstate, lexpr) if lexpr is not None else None
        right = transform_expression(pstate, rexpr)
        qualified = _names(body["name"])     # OPERATOR(schema.name)
        return make_operator(pstate, name, left, right, location,
                             qualified[-2] if len(qualified) > 1 else None)
    if kind == "AEXPR_IN":
        return _in_list(pstate, name, lexpr, rexpr["List"]["items"], location)
    if kind in ("AEXPR_BETWEEN", "AEXPR_NOT_BETWEEN", "AEXPR_BETWEEN_SYM",
                "AEXPR_NOT_BETWEEN_SYM"):
        low_node, high_node = rexpr["List"]["items"]
        value = transform_expression(pstate, lexpr)
        low = transform_expression(pstate, low_node)
        high = transform_expression(pstate, high_node)

        def between(low, high, negated):
            if not negated:
                return BoolExpr("and", (make_operator(pstate, ">=", value, low, location),
                                        make_operator(pstate, "<=", value, high, location)))
            return BoolExpr("or", (make_operator(pstate, "<", value, low, location),
                                   make_operator(pstate, ">", value, high, location)))
        negated = kind.startswith("AEXPR_NOT")
        if not kind.endswith("_SYM"):
            return between(low, high, negated)
        # SYMMETRIC: either order of the bounds (transformAExprBetween)
        return BoolExpr("and" if negated else "or",
                        (between(low, high, negated), between(high, low, negated)))
    if kind == "AEXPR_NULLIF":
        left = transform_expression(pstate, lexpr)
        right = transform_expression(pstate, rexpr)
        eq = make_operator(pstate, "=", left, right, location)
        return NullIfExpr(eq.args, eq.fn, eq.args[0].type_oid)
    if kind == "AEXPR_DISTINCT" or kind == "AEXPR_NOT_DISTINCT":
        left = transform_expression(pstate, lexpr)
        right = transform_expression(pstate, rexpr)
        eq = make_operator(pstate, "=", left, right, location)
        return FuncExpr("is distinct from" if kind == "AEXPR_DISTINCT" else "is not distinct from",
                        0, _distinct_fn(eq.fn, kind == "AEXPR_DISTINCT"), eq.args, BOOL_OID,
                        strict=False)
    if kind in ("AEXPR_OP_ANY", "AEXPR_OP_ALL"):
        return array_expressions.transform_array_comparison(pstate, body)
    raise PgError(FEATURE_NOT_SUPPORTED, f"operator kind {kind} is not supported yet",
                  position=pstate.position(location))


def _in_list(pstate, name: str, lexpr, item_nodes: list, location):
    """x IN (a, b, ...) / x NOT IN (...) as transformAExprIn builds it: the items without
    Vars of this level, when there are two or more with a common type that has an array
    type (not record), are one `x = ANY (ARRAY[...])` (`<> ALL` for NOT IN); every other
    item is a comparison of its own, ORed (ANDed) on in order, one pair at a time."""
    left = transform_expression(pstate, lexpr)
    items = [transform_expression(pstate, item) for item in item_nodes]
    use_or = name != "<>"
    with_vars = [_has_own_vars(item) for item in items]
    constants = [item for item, has in zip(items, with_vars) if not has]
    result, rest = None, items
    if len(constants) > 1:
        element_type = _common_type_or_none(pstate, [left] + constants)
        array_type = registry.get_type(element_type).array_oid \
            if element_type and element_type != composite_expressions.RECORD_OID else 0
        if array_type:
            position = pstate.position(location)
            constants = [coerce_or_error(pstate, item, element_type, -1, "implicit", position)
                         for item in constants]
            try:
                op = operators.resolve_operator(name, _input_type(left), element_type)
            except PgError as err:
                if err.position is None:
                    err.position = position
                raise
            left_side = coerce_or_error(pstate, left, op.left_type, -1, "implicit", position)
            constants = [coerce_or_error(pstate, item, op.right_type, -1, "implicit", position)
                         for item in constants]
            result = ScalarArrayOpExpr(name, op.fn, left_side, tuple(constants), use_or,
                                       op.right_type, strict=op.strict)
            rest = [item for item, has in zip(items, with_vars) if has]
    for item in rest:
        test = make_operator(pstate, name, left, item, location)
        result = test if result is None else BoolExpr("or" if use_or else "and", (result, test))
    return result


def _has_own_vars(expr) -> bool:
    """contain_vars_of_level(expr, 0): a Var of this query level, also inside a sublink."""
    from pgsnake.parser.lateral import lateral_relids_of_expression
    return bool(lateral_relids_of_expression(expr))


def _common_type_or_none(pstate, exprs) -> int:
    """select_common_type without a context: 0 when the types have none."""
    try:
        return resolve_common_type(pstate, exprs, "IN")
    except PgError as err:
        if err.sqlstate != DATATYPE_MISMATCH:
            raise
        return 0


_sublink_ids = itertools.count(1)
_SUBLINK_KINDS = {"EXISTS_SUBLINK": "exists", "EXPR_SUBLINK": "expr", "ANY_SUBLINK": "any",
                  "ALL_SUBLINK": "all", "ARRAY_SUBLINK": "array",
                  "ROWCOMPARE_SUBLINK": "rowcompare"}


# Expressions stored in the catalogs and evaluated without a query around them, where
# PostgreSQL refuses a subquery (transformSubLink): expression kind -> its wording there.
_SUBQUERY_REFUSED_IN = {
    "check constraints": "check constraint",
    "DEFAULT expressions": "DEFAULT expression",
    "column generation expressions": "column generation expression",
    "index expressions": "index expression",
    "index predicates": "index predicate",
    "transform expressions": "transform expression",
    "partition bound": "partition bound",
    "partition key expressions": "partition key expression",
    "COPY FROM WHERE conditions": "COPY FROM WHERE condition",
}


def _sub_link(pstate, body):
    """A subquery in an expression (transformSubLink): analyzed as a query level of its
    own whose column references may reach this level's FROM items (outer references)."""
    from pgsnake.parser.analyze import transform_select
    from pgsnake.parser.relation_resolution import ParseState
    location = body.get("location")
    kind = _SUBLINK_KINDS.get(body.get("subLinkType"))
    if kind is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"{body.get('subLinkType', 'this')} subqueries are not supported yet",
                      position=pstate.position(location))
    refused_in = _SUBQUERY_REFUSED_IN.get(pstate.expression_kind)
    if refused_in is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot use subquery in {refused_in}",
                      position=pstate.position(location))
    subselect = body["subselect"]
    if "SelectStmt" not in subselect:
        raise PgError(FEATURE_NOT_SUPPORTED, "only SELECT is supported in a subquery",
                      position=pstate.position(location))
    child = ParseState(pstate.source, parent=pstate)
    subquery = transform_select(child, subselect["SelectStmt"])
    columns = subquery.output_columns()
    link_id = next(_sublink_ids)
    if kind == "exists":
        return SubLink("exists", link_id, subquery, None, BOOL_OID)
    if kind in ("expr", "array"):
        if len(columns) != 1:
            raise PgError(SYNTAX_ERROR, "subquery must return only one column",
                          position=pstate.position(location))
        expr = columns[0].expr
        if kind == "expr":
            # FigureColname names the select item after the analysed subquery's column,
            # which a raw `t.*` does not tell (PostgreSQL reads the transformed tree)
            body["analysed_column_name"] = columns[0].name
            return SubLink("expr", link_id, subquery, None, expr.type_oid,
                           getattr(expr, "typmod", -1))
        element = registry.get_type(expr.type_oid)
        if element.category == "A" and expr.type_oid not in _VECTOR_TYPES:
            # the arrays stacked along a new first dimension, of the same array type
            return SubLink("array", link_id, subquery, None, expr.type_oid,
                           getattr(expr, "typmod", -1), array_of_arrays=True)
        if not element.array_oid:
            raise PgError("42704", "could not find array type for data type "
                          f"{registry.format_type(expr.type_oid)}",
                          position=pstate.position(location))
        return SubLink("array", link_id, subquery, None, element.array_oid,
                       getattr(expr, "typmod", -1))
    testexpr = body["testexpr"]
    name = _names(body["operName"])[-1] if body.get("operName") else "="
    # Param(i, kind='sublink') stands for the subquery's column i in the comparison.
    placeholders = [Param(i, c.expr.type_oid, getattr(c.expr, "typmod", -1), kind="sublink")
                    for i, c in enumerate(columns)]
    if "RowExpr" in testexpr or len(columns) != 1 or kind == "rowcompare":
        # (a, b) op ANY / ALL / = (SELECT x, y): a row comparison per subquery row
        # (transformSubLink's make_row_comparison_op over the columns' Params).
        from pgsnake.parser import row_expressions
        left = [transform_expression(pstate, a) for a in testexpr["RowExpr"].get("args") or ()] \
            if "RowExpr" in testexpr else [transform_expression(pstate, testexpr)]
        if len(left) < len(columns):
            raise PgError(SYNTAX_ERROR, "subquery has too many columns",
                          position=pstate.position(location))
        if len(left) > len(columns):
            raise PgError(SYNTAX_ERROR, "subquery has too few columns",
                          position=pstate.position(location))
        comparison = row_expressions.compare_rows(pstate, name, left, placeholders, location)
        return SubLink(kind, link_id, subquery, comparison, BOOL_OID)
    left = transform_expression(pstate, testexpr)
    comparison = make_operator(pstate, name, left, placeholders[0], location)
    if comparison.type_oid != BOOL_OID:
        raise PgError("42809", "op ANY/ALL (array) requires operator to yield boolean",
                      position=pstate.position(location))
    return SubLink(kind, link_id, subquery, comparison, BOOL_OID)


def _distinct_fn(eq, distinct: bool):
    def is_distinct(a, b):
        if a is None or b is None:
            result = (a is None) != (b is None)
        else:
            result = not eq(a, b)
        return result if distinct else not result
    return is_distinct


def _bool_expr(pstate, body):
    op = {"AND_EXPR": "and", "OR_EXPR": "or", "NOT_EXPR": "not"}[body["boolop"]]
    construct = op.upper()
    args = tuple(coerce_to_boolean(pstate, transform_expression(pstate, a), construct,
                                   pstate.position(body.get("location")))
                 for a in body["args"])
    return BoolExpr(op, args)


def _null_test(pstate, body):
    arg = transform_expression(pstate, body["arg"])
    return NullTest(arg, body["nulltesttype"] == "IS_NULL")


def _boolean_test(pstate, body):
    arg = coerce_to_boolean(pstate, transform_expression(pstate, body["arg"]),
                            body["booltesttype"].replace("_", " "), pstate.position(body.get("location")))
    return BooleanTest(arg, body["booltesttype"])


# -- types -------------------------------------------------------------------------------------

FIRST_NORMAL_OBJECT_ID = 16384


def resolve_type_name(pstate, type_name: dict) -> tuple[int, int]:
    names = _names(type_name["names"])
    name = names[-1]
    if len(names) > 1:                 # LookupTypeName: USAGE on a named schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_explicit_schema(
            names[-2], pstate.position(type_name.get("location")))
    info = registry.lookup_type_name(name) if len(names) == 1 or names[0] == "pg_catalog" \
        else None
    if info is None:
        info = user_type_names.lookup(names)     # CREATE TYPE / CREATE DOMAIN types
    if info is None:
        from pgsnake.utils.errors import UNDEFINED_OBJECT
        raise PgError(UNDEFINED_OBJECT, f'type "{".".join(names)}" does not exist',
                      position=pstate.position(type_name.get("location")))
    if info.category == "P" and info.oid >= FIRST_NORMAL_OBJECT_ID:
        # a shell type (CREATE TYPE name;): typenameType's refusal
        raise PgError("42704", f'type "{info.sql_name}" is only a shell',
                      position=pstate.position(type_name.get("location")))
    oid = info.oid
    if type_name.get("arrayBounds"):
        oid = info.array_oid
    mods = []
    for mod in type_name.get("typmods", ()):
        mods.append(mod["A_Const"]["ival"].get("ival", 0))
    try:
        typmod = registry.typmod_from_modifiers(oid, mods) if mods else -1
    except PgError as error:
        if error.position is None:      # typenameTypeMod's errors point at the type name
            error.position = pstate.position(type_name.get("location"))
        raise
    return oid, typmod


def _type_cast(pstate, body):
    target, typmod = resolve_type_name(pstate, body["typeName"])
    # a domain over an array type builds its base array (transformTypeCast)
    element = array_element(user_type_facts.base_type(target))
    if "A_ArrayExpr" in body["arg"] and element:
        # ARRAY[...]::t[] builds an array of t directly (ARRAY[]::int[] has a type)
        arg = array_expressions.transform_array(pstate, body["arg"]["A_ArrayExpr"], element)
    else:
        arg = transform_expression(pstate, body["arg"])
    location = body.get("location", -1)
    if location is None or location < 0:
        location = body["typeName"].get("location")
    if target in _VECTOR_TYPES and "A_ArrayExpr" in body["arg"]:
        # ARRAY[...]::int2vector is the array constructed as the vector type itself
        # (transformArrayExpr takes its element from the vector), checked as
        # check_valid_int2vector / oidvector's check do
        return CoerceExpr(arg, _as_vector(registry.format_type(target)), target)
    return coerce_or_error(pstate, arg, target, typmod, "explicit", pstate.position(location))


_VECTOR_TYPES = (22, 30)        # int2vector, oidvector: arrays to subscripting only


def _as_vector(name: str):
    def check(value, _typmod=-1):
        if value is None:
            return None
        if not value or any(v is None or isinstance(v, list) for v in value):
            raise PgError(DATATYPE_MISMATCH, f"array is not a valid {name}")
        return list(value)
    return check


def _collate_clause(pstate, body):
    """expr COLLATE name: the collation must exist and the type take one; the clause is
    kept (CollateExpr) for collation derivation and deparsing (parser/collations.py).
    pgsnake compares strings by code point whatever the collation."""
    arg = transform_expression(pstate, body["arg"])
    return collations.collate_clause(pstate, arg, _names(body["collname"]),
                                     body.get("location"), lookup_collation)


def lookup_collation(names: list[str], type_oid: int, position=None) -> int:
    """The OID of collation `names` ([schema,] name) for a value of `type_oid`, with
    PostgreSQL's errors: 3F000 / 42704 when it does not exist, 42804 when the type is
    not collatable (a column definition's COLLATE checks the same)."""
    from pgsnake.catalog import catalog_cache
    if len(names) > 1 and catalog_cache.get_namespace_oid(names[0]) is None:
        raise PgError("3F000", f'schema "{names[0]}" does not exist', position=position)
    rows = [r for r in catalog_cache.scan_catalog("pg_collation")
            if r.collname == names[-1] and r.collencoding in (-1, 6)
            and (len(names) == 1 or catalog_cache.namespace_name(r.collnamespace) == names[0])]
    if not rows:
        raise PgError("42704", f'collation "{".".join(names)}" for encoding "UTF8" does not '
                               f'exist', position=position)
    if type_oid != UNKNOWN_OID and not collations.is_collatable(type_oid):
        raise PgError("42804", f"collations are not supported by type "
                               f"{registry.format_type(type_oid)}", position=position)
    return rows[0].oid


def resolve_common_type(pstate, exprs, construct: str) -> int:
    types = [_input_type(e) for e in exprs]
    if types[0] != UNKNOWN_OID and all(t == types[0] for t in types):
        return types[0]          # the only way the result can be a domain
    # otherwise domains count as their base types (select_common_type)
    types = [user_type_facts.base_type(t) if t >= user_type_facts.FIRST_CATALOG_TYPE_OID
             else t for t in types]
    known = [t for t in types if t != UNKNOWN_OID]
    if not known:
        return TEXT_OID
    if all(t == known[0] for t in known):
        return known[0]
    # select_common_type's message names the construct (GREATEST / LEAST by their own
    # names) and points at the first expression that does not fit the ones before it
    context = {"IS_GREATEST": "GREATEST", "IS_LEAST": "LEAST"}.get(construct, construct)
    try:
        return operators.common_type(types, context)
    except PgError as err:
        if err.sqlstate != DATATYPE_MISMATCH or err.position is not None:
            raise
        for count in range(2, len(types) + 1):
            try:
                operators.common_type(types[:count], context)
            except PgError:
                where = getattr(exprs[count - 1], "location", -1)
                if where is not None and where >= 0:
                    err.position = pstate.position(where)
                break
        raise


# -- conditional expressions ---------------------------------------------------------------------

def _case_expr(pstate, body):
    location = body.get("location")
    calls_before = pstate.srf_calls
    test_arg = transform_expression(pstate, body["arg"]) if body.get("arg") else None
    _refuse_srf_since(pstate, calls_before, "CASE")
    conditions, results = [], []
    for when in body["args"]:
        w = when["CaseWhen"]
        cond = transform_expression(pstate, w["expr"])
        if test_arg is not None:
            cond = make_operator(pstate, "=", test_arg, cond, w.get("location"))
        conditions.append(coerce_to_boolean(pstate, cond, "CASE/WHEN",
                                            pstate.position(leftmost_location(w["expr"]))))
        results.append(transform_expression(pstate, w["result"]))
    default = (transform_expression(pstate, body["defresult"]) if body.get("defresult")
               else Const(UNKNOWN_OID, None))
    _refuse_srf_since(pstate, calls_before, "CASE")
    # the ELSE result first, as transformCaseExpr lists them
    result_type = resolve_common_type(pstate, [default] + results, "CASE")
    pos = pstate.position(location)
    results = [coerce_or_error(pstate, r, result_type, -1, "implicit", pos) for r in results]
    default = coerce_or_error(pstate, default, result_type, -1, "implicit", pos)
    return CaseExpr(tuple(zip(conditions, results)), default, result_type,
                    simple=test_arg is not None)


def _coalesce_expr(pstate, body):
    calls_before = pstate.srf_calls
    args = [transform_expression(pstate, a) for a in body["args"]]
    _refuse_srf_since(pstate, calls_before, "COALESCE")
    result_type = resolve_common_type(pstate, args, "COALESCE")
    pos = pstate.position(body.get("location"))
    args = [coerce_or_error(pstate, a, result_type, -1, "implicit", pos) for a in args]
    return CoalesceExpr(tuple(args), result_type)


def _min_max_expr(pstate, body):
    args = [transform_expression(pstate, a) for a in body["args"]]
    result_type = resolve_common_type(pstate, args, body["op"])
    pos = pstate.position(body.get("location"))
    args = [coerce_or_error(pstate, a, result_type, -1, "implicit", pos) for a in args]
    less = operators.resolve_operator("<", result_type, result_type)
    op = "greatest" if body["op"] == "IS_GREATEST" else "least"
    return MinMaxExpr(op, tuple(args), result_type, less.fn)


def _sql_value_function(pstate, body):
    op = body["op"]
    table = {
        "SVFOP_CURRENT_DATE": ("current_date", 1082),
        "SVFOP_CURRENT_TIMESTAMP": ("current_timestamp", 1184),
        "SVFOP_CURRENT_TIMESTAMP_N": ("current_timestamp", 1184),
        "SVFOP_LOCALTIMESTAMP": ("localtimestamp", 1114),
        "SVFOP_LOCALTIMESTAMP_N": ("localtimestamp", 1114),
        "SVFOP_CURRENT_TIME": ("current_time", 1266),
        "SVFOP_CURRENT_TIME_N": ("current_time", 1266),
        "SVFOP_LOCALTIME": ("localtime", 1083),
        "SVFOP_LOCALTIME_N": ("localtime", 1083),
        "SVFOP_CURRENT_USER": ("current_user", 19),
        "SVFOP_USER": ("user", 19),
        "SVFOP_SESSION_USER": ("session_user", 19),
        "SVFOP_CURRENT_ROLE": ("current_role", 19),
        "SVFOP_CURRENT_CATALOG": ("current_catalog", 19),
        "SVFOP_CURRENT_SCHEMA": ("current_schema", 19),
    }
    if op not in table:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{op} is not supported yet")
    name, type_oid = table[op]
    # current_timestamp(0): the JSON form leaves a zero precision out
    return SQLValueFunction(name, type_oid, body.get("typmod", 0 if op.endswith("_N") else -1))


# -- function calls and aggregates -----------------------------------------------------------------

FUNC_MAX_ARGS = 100


def _func_call(pstate, body):
    names = _names(body["funcname"])
    name = names[-1].lower() if len(names) == 1 else names[-1]
    location = body.get("location")
    position = pstate.position(location)
    star = bool(body.get("agg_star"))
    distinct = bool(body.get("agg_distinct"))
    if body.get("over") is not None:
        srf_calls_before = pstate.srf_calls
        args = [transform_expression(pstate, a) for a in body.get("args", ())]
        if pstate.srf_calls != srf_calls_before:
            raise PgError(FEATURE_NOT_SUPPORTED, "window function calls cannot contain "
                          "set-returning function calls",
                          hint="You might be able to move the set-returning function into "
                               "a LATERAL FROM item.", position=pstate.last_srf_position)
        return window_clause.transform_window_call(pstate, body, name, args, position)
    if body.get("agg_within_group"):
        return aggregate_order.transform_within_group(pstate, body, name, position,
                                                      names[-2] if len(names) > 1 else None)
    srf_calls_before = pstate.srf_calls
    # f(a => 1): named arguments reach the resolver as names beside the types.
    raw_args = body.get("args", ())
    arg_names = [a["NamedArgExpr"].get("name") if "NamedArgExpr" in a else None for a in raw_args]
    for index, arg_name in enumerate(arg_names):
        if arg_name is None and any(arg_names[:index]):
            raise PgError(SYNTAX_ERROR, "positional argument cannot follow named argument",
                          position=pstate.position(leftmost_location(raw_args[index])))
        if arg_name is not None and arg_name in arg_names[:index]:
            raise PgError(SYNTAX_ERROR, f'argument name "{arg_name}" used more than once',
                          position=pstate.position(raw_args[index]["NamedArgExpr"].get("location")))
    args = [transform_expression(pstate, a["NamedArgExpr"]["arg"] if "NamedArgExpr" in a else a)
            for a in raw_args]
    if len(args) > FUNC_MAX_ARGS:       # ParseFuncOrColumn
        raise PgError("54023", f"cannot pass more than {FUNC_MAX_ARGS} arguments to a function",
                      position=position)
    if len(names) > 1:                 # FuncnameGetCandidates: USAGE on a named schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_explicit_schema(names[-2], position)
    if any(isinstance(a, Param) and a.type_oid == VOID_OID for a in args):
        # A $n parameter declared void is left out of the call, as PostgreSQL's
        # ParseFuncOrColumn does: JDBC marks a CallableStatement's OUT parameters so
        # ({? = call f(?)} becomes f($1, $2) with $1 void).
        kept = [i for i, a in enumerate(args)
                if not (isinstance(a, Param) and a.type_oid == VOID_OID)]
        args = [args[i] for i in kept]
        raw_args = [raw_args[i] for i in kept]
        arg_names = [arg_names[i] for i in kept]
    arg_types = [_input_type(a) for a in args]
    try:
        variadic = bool(body.get("func_variadic"))
        aggregate = aggregates.resolve_aggregate(name, arg_types, star, schema=names[-2],
                                                 variadic=variadic) \
            if len(names) > 1 else aggregates.resolve_aggregate(name, arg_types, star,
                                                                 variadic=variadic)
    except PgError as err:
        if err.sqlstate == "42725":       # ambiguous: PostgreSQL stops here too
            if err.position is None:
                err.position = position
            raise
        if star:
            # no function of that name without arguments: "function f() does not
            # exist" first, as func_get_detail finds nothing before the kind is checked
            try:
                functions.resolve_function(name, [], **(
                    {"schema": names[-2]} if len(names) > 1 else {}))
            except PgError as missing:
                if missing.sqlstate == UNDEFINED_FUNCTION:
                    if missing.position is None:
                        missing.position = position
                    raise missing from None
            raise PgError(WRONG_OBJECT_TYPE,
                          f"{name}(*) specified, but {name} is not an aggregate function",
                          position=position) from None
        aggregate_order.refuse_missing_within_group(
            pstate, name, names[-2] if len(names) > 1 else None, arg_types, position)
        aggregate = None
    if aggregate is not None and not star and not args:
        raise PgError(WRONG_OBJECT_TYPE, f"{'.'.join(names)}(*) must be used to call a "
                      "parameterless aggregate function", position=position)
    if aggregate is not None:
        # An INSERT's one VALUES row allows set-returning functions but not aggregates.
        # An aggregate of an enclosing query is placed by that query's clause.
        level_state = outer_aggregates.level_state(pstate, args, body)
        kind = "VALUES" if getattr(level_state, "values_row", False) \
            else level_state.expression_kind
        if kind != "SELECT":
            raise PgError(GROUPING_ERROR, f"aggregate functions are not allowed in {kind}",
                          position=position)
        inner = outer_aggregates.nested_aggregate(args)
        if inner is not None:                       # at the inner call, as PostgreSQL
            raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                          position=pstate.position(inner.location)
                          if inner.location >= 0 else position)
        if pstate.srf_calls != srf_calls_before:
            raise PgError(FEATURE_NOT_SUPPORTED, "aggregate function calls cannot contain "
                          "set-returning function calls",
                          hint="You might be able to move the set-returning function into "
                               "a LATERAL FROM item.", position=pstate.last_srf_position)
        grouping_sets.refuse_grouping_in_aggregate(pstate, args)
        window_clause.refuse_windows_in_aggregate(pstate, args)
        coerced = tuple(coerce_or_error(pstate, a, t, -1, "implicit", position)
                        for a, t in zip(args, aggregate.arg_types))
        agg_filter = None
        if body.get("agg_filter") is not None:
            outer_kind, pstate.expression_kind = pstate.expression_kind, "FILTER"
            try:   # an aggregate inside FILTER is refused at its own position
                agg_filter = transform_expression(pstate, body["agg_filter"])
            finally:
                pstate.expression_kind = outer_kind
            agg_filter = coerce_to_boolean(pstate, agg_filter, "FILTER", position)
        aggref = Aggref(name, aggregate, coerced, aggregate.result_type, star, distinct, agg_filter,
                        location=body.get("location", -1))
        if body.get("agg_order"):
            aggref = aggregate_order.add_input_order(pstate, body, aggref, position, args)
        levels_up = outer_aggregates.aggregate_level(aggref)
        if levels_up:
            # an aggregate of that same level in its FILTER: nested (check_agg_arguments)
            if any(isinstance(n, Aggref) and n.levels_up == levels_up
                   for n in walk(aggref.agg_filter) if aggref.agg_filter is not None):
                raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                              position=pstate.position(_first_call_location(
                                  body.get("agg_filter"))))
            return outer_aggregates.register_outer_aggregate(pstate, aggref, levels_up)
        if aggref not in pstate.aggregates:
            pstate.aggregates.append(aggref)
        return aggref
    if distinct or body.get("agg_order"):
        # no function of that name at all: "does not exist" first (func_get_detail)
        try:
            functions.resolve_function(name, arg_types, **(
                {"schema": names[-2]} if len(names) > 1 else {}))
        except PgError as err:
            if err.sqlstate == UNDEFINED_FUNCTION:
                if err.position is None:
                    err.position = position
                raise
    if distinct:
        raise PgError(WRONG_OBJECT_TYPE, f"DISTINCT specified, but {name} is not an aggregate function",
                      position=position)
    if body.get("agg_order"):
        raise PgError(WRONG_OBJECT_TYPE, f"ORDER BY specified, but {name} is not an aggregate "
                                         "function", position=position)
    window_clause.refuse_window_call_without_over(pstate, name, len(args), position)
    qualifiers = {}     # only when used: resolve_function(name, types) stays valid
    if len(names) > 1:
        qualifiers["schema"] = names[-2]
    if any(arg_names):
        qualifiers["arg_names"] = arg_names
    if names[-1] != name:         # a quoted "MixedCase" name (user functions keep it)
        qualifiers["exact_name"] = names[-1]
    if name == "pg_collation_for" and len(args) == 1 and not any(arg_names) \
            and names[:-1] in ([], ["pg_catalog"]):
        return collations.collation_for(pstate, args[0])
    if body.get("func_variadic"):
        return variadic_calls.transform_variadic_call(pstate, name, qualifiers, args,
                                                      raw_args, position)
    if len(args) == 1 and not any(arg_names) and isinstance(args[0], Const) and \
            args[0].type_oid == UNKNOWN_OID and \
            functions._EXACT.get((name, (UNKNOWN_OID,))) is None:
        # func_get_detail: typename('literal') is always that type's input, before any
        # function that would take the literal after a coercion (cidr('1.2.3.4/30'))
        cast = _function_style_cast(pstate, body["funcname"], args[0])
        if cast is not None:
            return cast
    try:
        function = functions.resolve_function(name, arg_types, **qualifiers)
    except PgError as err:
        if err.sqlstate == UNDEFINED_FUNCTION and "exact_name" not in qualifiers:
            # make_interval(days => 3), make_interval(): pg_proc's argument names and
            # defaults complete the call of a built-in
            completed = builtin_call_arguments.complete_builtin_call(
                pstate, name, qualifiers.get("schema"), args, arg_names, position)
            if completed is not None:
                return completed
        if err.sqlstate == UNDEFINED_FUNCTION and "exact_name" not in qualifiers and \
                not any(arg_names) and unsupported_builtins.postgres_has_function(name, arg_types):
            err = unsupported_builtins.not_supported_function(name, arg_types)
        elif err.sqlstate == UNDEFINED_FUNCTION and len(args) == 1 and not any(arg_names):
            cast = _function_style_cast(pstate, body["funcname"], args[0])
            if cast is not None:
                return cast
        if err.position is None and not getattr(err, "without_position", False):
            err.position = position
        raise err from None
    return build_function_call(pstate, name, function, args, position,
                               sql_syntax=body.get("funcformat") == "COERCE_SQL_SYNTAX")


def _function_style_cast(pstate, funcname, arg):
    """func_get_detail's coercion case: typename(x) with no such function is a cast to
    that type when x is an unknown literal or an explicit cast path exists (but not a
    row to a string type)."""
    from pgsnake.utils import process_state
    if not process_state.database_oid:
        return None                 # no catalogs to look the type name up in (tools)
    try:
        type_oid, _typmod = resolve_type_name(pstate, {"names": funcname, "typemod": -1})
    except PgError:
        return None
    from pgsnake.datatypes import registry as type_registry
    written = funcname[-1]["String"]["sval"]
    if type_registry.get_type(type_oid).name != written:
        return None          # an SQL spelling (int, integer, float) is no pg_type name
    source = arg.type_oid
    if source != UNKNOWN_OID:
        from pgsnake.datatypes import casts, type_coercion
        if casts.find_cast(source, type_oid, "explicit") is None:
            return None
        if (source == 2249 or type_coercion.category(source) == "C") and \
                type_coercion.category(type_oid) == "S":
            return None
    return coerce_to_type(pstate, arg, type_oid, -1, "explicit")


def build_function_call(pstate, name, function, args, position, *, sql_syntax=False,
                        variadic=False, written_args=None):
    """The FuncExpr of a resolved function: arguments coerced to its declared types."""
    returns_set = getattr(function, "returns_set", False)
    if returns_set:
        _check_srf_placement(pstate, position)
    coerced = tuple(coerce_or_error(pstate, a, t, -1, "implicit", position)
                    for a, t in zip(args, function.arg_types)) + tuple(args[len(function.arg_types):])
    fn = function.fn
    if getattr(function, "variadic", False):
        fixed = len(function.arg_types) - 1
        fn = _VariadicAnyCall(fn, fixed, tuple(_input_type(a) for a in coerced[fixed:]))
    # a user VARIADIC function's spread-out call (pl's VariadicShape collects the array)
    spread = getattr(fn, "fixed", -1) if type(fn).__name__ == "VariadicShape" else -1
    return FuncExpr(name, function.oid, fn, coerced, function.result_type,
                    getattr(function, "strict", True), getattr(function, "volatility", "v"),
                    returns_set, sql_syntax=sql_syntax, variadic=variadic or spread >= 0,
                    written_args=written_args, variadic_spread=spread)


# Where a set-returning function may be called (check_srf_call_placement): in FROM, and
# in the select list, ORDER BY and GROUP BY, which ProjectSet evaluates.
_SRF_ALLOWED = ("functions in FROM", "SELECT", "GROUP BY")


def _check_srf_placement(pstate, position) -> None:
    kind = pstate.expression_kind
    if kind not in _SRF_ALLOWED:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"set-returning functions are not allowed in {kind}", position=position)
    if kind == "functions in FROM" and pstate.srf_calls:
        # one in the arguments of a set-returning function in FROM, at the inner one
        refuse_nested_from_srf(pstate)
    pstate.srf_calls += 1
    pstate.last_srf_position = position


def refuse_nested_from_srf(pstate) -> None:
    """A FROM function item is one call: a set-returning function anywhere inside it
    (an argument of another function, set-returning or not) is refused, at the last
    set-returning call analysed, as transformRangeFunction and check_srf_call_placement
    do."""
    raise PgError(FEATURE_NOT_SUPPORTED, "set-returning functions must appear at top level of FROM",
                  position=pstate.last_srf_position)


def _refuse_srf_since(pstate, calls_before: int, construct: str) -> None:
    """CASE and COALESCE evaluate their arguments conditionally, which a set-returning
    argument cannot be: refused, at the function's position."""
    if pstate.srf_calls != calls_before:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"set-returning functions are not allowed in {construct}",
                      hint="You might be able to move the set-returning function into a "
                           "LATERAL FROM item.", position=pstate.last_srf_position)


class _VariadicAnyCall:
    """A VARIADIC "any" function (concat, concat_ws) receives its variadic arguments as
    (type oid, value) pairs, so it can print each with its own output function; equal
    calls compare equal (expression nodes are matched structurally)."""
    __slots__ = ("fn", "fixed", "types")

    def __init__(self, fn, fixed: int, types: tuple) -> None:
        self.fn, self.fixed, self.types = fn, fixed, types

    def __call__(self, *values):
        return self.fn(*values[:self.fixed], *zip(self.types, values[self.fixed:]))

    def __eq__(self, other):
        return isinstance(other, _VariadicAnyCall) and \
            (self.fn, self.fixed, self.types) == (other.fn, other.fixed, other.types)

    def __hash__(self):
        return hash((self.fn, self.fixed, self.types))


variadic_any_call = _VariadicAnyCall


# -- output column names -------------------------------------------------------------------------

def figure_column_name(node) -> str:
    name, _strength = _figure(node)
    return name if name is not None else "?column?"


# A name's strength, as FigureColnameInternal ranks them: a cast's or CASE's name is weak
# and gives way to a stronger one inside it (x::text is "x"), or to an outer cast
# ('int4'::regtype::oid is "oid").
_NONE, _WEAK, _STRONG = (None, 0), 1, 2


def _figure(node) -> tuple[str | None, int]:
    (tag, body), = node.items()
    if tag == "ColumnRef":
        # the last name, a star ignored (t.* is named t)
        names = [f["String"]["sval"] for f in body["fields"] if "String" in f]
        return (names[-1], _STRONG) if names else _NONE
    if tag == "FuncCall":
        return body["funcname"][-1]["String"]["sval"], _STRONG
    if tag == "TypeCast":
        inner = _figure(body["arg"])
        if inner[1] == _STRONG:
            return inner
        return body["typeName"]["names"][-1]["String"]["sval"], _WEAK
    if tag == "CaseExpr":
        inner = _figure(body["defresult"]) if body.get("defresult") else _NONE
        return inner if inner[1] == _STRONG else ("case", _WEAK)
    field = next((step["String"]["sval"] for step in reversed(body.get("indirection", ()))
                  if "String" in step), None) if tag == "A_Indirection" else None
    if field is not None:
        return field, _STRONG     # (x).field, (x).field[i]: the last field named
    if tag in ("A_Indirection", "CollateClause"):
        return _figure(body["arg"])
    if tag == "A_ArrayExpr":
        return "array", _STRONG
    if tag == "RowExpr":
        return "row", _STRONG
    if tag == "CoalesceExpr":
        return "coalesce", _STRONG
    if tag == "GroupingFunc":
        return "grouping", _STRONG
    if tag == "MinMaxExpr":
        return ("greatest" if body["op"] == "IS_GREATEST" else "least"), _STRONG
    if tag == "A_Expr" and body["kind"] == "AEXPR_NULLIF":
        return "nullif", _STRONG
    if tag == "SubLink":
        kind = body.get("subLinkType")
        if kind == "EXISTS_SUBLINK":
            return "exists", _STRONG
        if kind == "ARRAY_SUBLINK":
            return "array", _STRONG
        select = body.get("subselect", {}).get("SelectStmt", {})
        if kind == "EXPR_SUBLINK" and body.get("analysed_column_name"):
            return body["analysed_column_name"], _STRONG
        if kind == "EXPR_SUBLINK" and select.get("targetList"):
            # The subquery's one column's name (FigureColnameInternal).
            first = select["targetList"][0]["ResTarget"]
            return (first.get("name") or _figure(first["val"])[0] or "?column?"), _STRONG
        if kind == "EXPR_SUBLINK" and select.get("valuesLists"):
            return "column1", _STRONG       # (VALUES (...)): its first column's name
        return _NONE
    if tag == "XmlExpr":
        name = {"IS_XMLCONCAT": "xmlconcat", "IS_XMLELEMENT": "xmlelement",
                "IS_XMLFOREST": "xmlforest", "IS_XMLPARSE": "xmlparse", "IS_XMLPI": "xmlpi",
                "IS_XMLROOT": "xmlroot", "IS_XMLSERIALIZE": "xmlserialize"}.get(body["op"])
        return (name, _STRONG) if name is not None else _NONE
    if tag == "XmlSerialize":
        return "xmlserialize", _STRONG
    if tag == "SQLValueFunction":
        name = {
            "SVFOP_CURRENT_DATE": "current_date", "SVFOP_CURRENT_TIMESTAMP": "current_timestamp",
            "SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp", "SVFOP_LOCALTIMESTAMP": "localtimestamp",
            "SVFOP_LOCALTIMESTAMP_N": "localtimestamp", "SVFOP_CURRENT_TIME": "current_time",
            "SVFOP_CURRENT_TIME_N": "current_time", "SVFOP_LOCALTIME_N": "localtime",
            "SVFOP_LOCALTIME": "localtime", "SVFOP_CURRENT_USER": "current_user",
            "SVFOP_USER": "user", "SVFOP_SESSION_USER": "session_user",
            "SVFOP_CURRENT_ROLE": "current_role", "SVFOP_CURRENT_CATALOG": "current_catalog",
            "SVFOP_CURRENT_SCHEMA": "current_schema",
        }.get(body["op"])
        return (name, _STRONG) if name is not None else _NONE
    return _NONE


_HANDLERS = {
    "A_Const": _a_const,
    "ColumnRef": _column_ref,
    "ParamRef": _param_ref,
    "A_Expr": _a_expr,
    "BoolExpr": _bool_expr,
    "NullTest": _null_test,
    "BooleanTest": _boolean_test,
    "TypeCast": _type_cast,
    "CaseExpr": _case_expr,
    "CoalesceExpr": _coalesce_expr,
    "MinMaxExpr": _min_max_expr,
    "SQLValueFunction": _sql_value_function,
    "FuncCall": _func_call,
    "SubLink": _sub_link,
    "GroupingFunc": grouping_sets.transform_grouping_func,
    "CollateClause": _collate_clause,
    "RowExpr": lambda pstate, body: row_expressions.transform_row(pstate, body),
    "A_ArrayExpr": lambda pstate, body: array_expressions.transform_array(pstate, body),
    "A_Indirection": lambda pstate, body: array_expressions.transform_indirection(pstate, body),
    "XmlExpr": lambda pstate, body: xml_expressions.transform_xml_expr(pstate, body),
    "XmlSerialize": lambda pstate, body: xml_expressions.transform_xml_serialize(pstate, body),
    # SEARCH BREADTH FIRST's depth, a node only search_cycle.py's rewrite makes
    "PgsnakeDepthField": lambda pstate, body: search_cycle.transform_depth_field(pstate, body),
}

# Array constructors, subscripts and op ANY (array) analyse their parts through this module.
from pgsnake.parser import array_expressions, row_expressions, variadic_calls  # noqa: E402
from pgsnake.parser import builtin_call_arguments, collations  # noqa: E402
from pgsnake.parser import search_cycle, xml_expressions  # noqa: E402
