"""Array expressions in analysis: ARRAY[...] constructors, subscripts and slices, and
`x op ANY / ALL (array)`.

Entry points (called from transform_expression's dispatch):
    transform_array(pstate, body, element_type=0) -> Const | ArrayExpr
    transform_indirection(pstate, body) -> SubscriptExpr
    transform_array_comparison(pstate, body) -> ScalarArrayOpExpr

Rules, as PostgreSQL's parser applies them:
 1. ARRAY[...]'s element type is the common type of its elements (unknown literals alone
    make text); under a cast (ARRAY[...]::int8[]) it is the cast's element type, so the
    elements are converted one by one and ARRAY[]::int[] has a type at all. An empty
    ARRAY[] with no cast is 42P18.
 2. Elements that are arrays themselves (nested brackets, or array-typed expressions)
    make a multi-dimensional array of the same array type.
 3. ARRAY[...] stays an ArrayExpr at analysis, constant elements or not, so a view or a
    stored default prints ARRAY[1, 2] as PostgreSQL's; the planner folds one of constants
    (optimizer/const_fold.py), so EXPLAIN shows '{1,2}'::integer[]. In `x op ANY
    (ARRAY[...])` of constants the elements become the SAOP's items; an array literal
    ('{1,2}') stays the SAOP's array, as PostgreSQL keeps the Const.
 4. Subscripts are int4; a fetch gives the element type, a slice the array type.
 5. In `x op ANY (y)`, y must be an array (an unknown literal is read as an array of x's
    type) and op must yield boolean (42809 otherwise).

PostgreSQL: parser/parse_expr.c (transformArrayExpr, transformAExprOpAny/All,
make_scalar_array_op), parser/parse_node.c (transformContainerSubscripts),
utils/adt/arraysubs.c.
"""
from __future__ import annotations

from pgsnake.datatypes import array_values, operators, registry, user_type_facts
from pgsnake.datatypes.type_coercion import array_element
from pgsnake.parser import fixed_length_subscripts
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.parser.expression_nodes import (ArrayExpr, CoerceExpr, Const, FuncExpr,
                                             ScalarArrayOpExpr, SubscriptAssign,
                                             SubscriptExpr)
from pgsnake.utils.errors import DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, PgError

NAME_OID, CHAR_OID, CHAR_ARRAY_OID, NAMEDATALEN = 19, 18, 1002, 64
_VECTOR_ARRAY_TYPES = {22: 1005, 30: 1028}      # int2vector -> int2[], oidvector -> oid[]

INT4_OID, TEXT_OID, BOOL_OID = 23, 25, 16
JSONB_OID = 3802
INDETERMINATE_DATATYPE = "42P18"
WRONG_OBJECT_TYPE = "42809"


def _transform(pstate, node):
    from pgsnake.parser.transform_expression import transform_expression
    return transform_expression(pstate, node)


def _array_type_of(element: int, pstate, location) -> int:
    array_type = registry.get_type(element).array_oid if element else 0
    if not array_type:
        raise PgError("42704", f"could not find array type for data type "
                               f"{registry.format_type(element)}", position=location)
    return array_type


# -- ARRAY[...] -------------------------------------------------------------------------------

def transform_array(pstate, body: dict, element_type: int = 0):
    """ARRAY[e1, e2, ...]; element_type: the element type a cast imposes, or 0."""
    location = pstate.position(body.get("location"))
    imposed = bool(element_type)
    nodes = body.get("elements") or ()
    elements = []
    for node in nodes:
        if "A_ArrayExpr" in node:      # ARRAY[[1, 2], [3, 4]]: a sub-array, same element type
            elements.append(transform_array(pstate, node["A_ArrayExpr"], element_type))
        else:
            elements.append(_transform(pstate, node))
    if not elements:
        if not element_type:
            raise PgError(INDETERMINATE_DATATYPE, "cannot determine type of empty array",
                          hint="Explicitly cast to the desired type, for example "
                               "ARRAY[]::integer[].", position=location)
        return ArrayExpr((), element_type, _array_type_of(element_type, pstate, location))
    types = [UNKNOWN_OID if e.type_oid == 0 else e.type_oid for e in elements]
    known = [t for t in types if t != UNKNOWN_OID]
    # (int2vector and oidvector elements make int2vector[] / oidvector[]: to
    # transformArrayExpr they are no arrays)
    multidims = any(array_element(t) and t not in registry.VECTOR_TYPES for t in known)
    if multidims:
        if element_type:
            member_type = _array_type_of(element_type, pstate, location)
        else:
            member_type = _common(pstate, elements, location)
        if not array_element(member_type):
            raise PgError(DATATYPE_MISMATCH, f"ARRAY types {registry.format_type(known[0])} "
                          f"and {registry.format_type(member_type)} cannot be matched",
                          position=location)
        result_type = member_type
        element_type = array_element(member_type)
    else:
        if not element_type:
            element_type = _common(pstate, elements, location) if known else TEXT_OID
        member_type = element_type
        result_type = _array_type_of(element_type, pstate, location)
    # Under a cast the elements are cast too (ARRAY[1, 2]::text[]), as PostgreSQL does.
    context = "explicit" if imposed else "implicit"
    coerced = tuple(coerce_or_error(pstate, e, member_type, -1, context, location)
                    for e in elements)
    return ArrayExpr(coerced, element_type, result_type, multidims)


def _common(pstate, elements: list, location) -> int:
    """The elements' common type; a mismatch is reported at the first element that
    does not fit the ones before it (select_common_type)."""
    types = [e.type_oid for e in elements if e.type_oid not in (0, UNKNOWN_OID)]
    if all(t == types[0] for t in types):
        return types[0]
    try:
        return operators.common_type(types, "ARRAY")
    except PgError as err:
        for count in range(2, len(elements) + 1):
            seen = [e.type_oid for e in elements[:count] if e.type_oid not in (0, UNKNOWN_OID)]
            try:
                operators.common_type(seen, "ARRAY")
            except PgError:
                where = getattr(elements[count - 1], "location", -1)
                err.position = pstate.position(where) if where >= 0 else location
                break
        raise


# -- subscripts --------------------------------------------------------------------------------

# Subscripting of the base types an extension makes (hstore's h['key']): each
# transform(pstate, arg, indirection) returns the fetch expression, or None when `arg`
# is not its type (contrib registers them).
_extension_subscripting: list = []
# ... and their assignments (SET h['key'] = v): transform(pstate, current, type oid,
# indirection, value, coerce) -> the new container expression, or None.
_extension_subscript_assignment: list = []


_assignment_functions: set = set()


def register_extension_subscripting(transform, assign=None, assign_name: str = "") -> None:
    """`assign` returns a FuncExpr named `assign_name`, which a later SET of the same
    column may build on (SET h['a'] = 1, h['b'] = 2)."""
    _extension_subscripting.append(transform)
    if assign is not None:
        _extension_subscript_assignment.append(assign)
        _assignment_functions.add(assign_name)


def is_extension_assignment(expr) -> bool:
    return isinstance(expr, FuncExpr) and not expr.function_oid \
        and expr.function_name in _assignment_functions


def transform_indirection(pstate, body: dict, arg=None):
    """expr[i], expr[i][j], expr[lo:hi]: PostgreSQL's A_Indirection of subscripts (also
    (expr).f and mixes of the two). `arg`: body's argument already analysed."""
    indirection = body["indirection"]
    if arg is None:
        arg = _transform(pstate, body["arg"])
    runs = _runs(indirection)
    if len(runs) > 1:
        # a[1].f, (c).f[1], a[1].f[2].g: each run of subscripts or field names applies
        # to what the runs before it gave
        from pgsnake.parser import composite_expressions
        for run in runs:
            if "String" in run[0]:
                arg = composite_expressions.select_fields(
                    pstate, arg, [step["String"]["sval"] for step in run],
                    _location_of(pstate, body["arg"]))
            else:
                arg = transform_indirection(pstate, dict(body, indirection=run), arg)
        return arg
    if all("String" in step for step in indirection):
        from pgsnake.parser import composite_expressions        # (expr).field
        # Errors point at the composite expression, as exprLocation(arg) does.
        return composite_expressions.select_fields(
            pstate, arg, [step["String"]["sval"] for step in indirection],
            _location_of(pstate, body["arg"]))
    if "A_Star" in indirection[-1]:     # (x).* outside a target list or ROW(...)
        raise PgError(FEATURE_NOT_SUPPORTED, 'row expansion via "*" is not supported here',
                      position=_location_of(pstate, body["arg"]))
    if not all("A_Indices" in step for step in indirection):
        raise PgError(FEATURE_NOT_SUPPORTED, "field selection from a composite value is not "
                      "supported yet", position=pstate.position(body.get("location")))
    if arg.type_oid == JSONB_OID:
        from pgsnake.parser import jsonb_subscript_analysis
        return jsonb_subscript_analysis.transform_fetch(pstate, arg, indirection)
    arg = _domain_base(pstate, arg)          # a domain over an array: its base array
    if fixed_length_subscripts.is_fixed_length(arg.type_oid):        # point[0], ...
        return fixed_length_subscripts.transform_fetch(pstate, arg, indirection, _subscript)
    for transform in _extension_subscripting:
        fetched = transform(pstate, arg, indirection)
        if fetched is not None:
            return fetched
    element = array_element(arg.type_oid)
    from_zero = arg.type_oid in registry.VECTOR_TYPES
    if arg.type_oid == NAME_OID and not any(i["A_Indices"].get("is_slice") for i in indirection):
        # name is a fixed-length array of "char" to subscripting (raw_array_subscript_
        # handler), from 0: pg_dump asks typname[0] = '_'
        arg = CoerceExpr(arg, _name_characters, CHAR_ARRAY_OID)
        element = CHAR_OID
        from_zero = True
    if not element:
        raise PgError(DATATYPE_MISMATCH, f"cannot subscript type "
                      f"{registry.format_type(arg.type_oid)} because it does not support "
                      f"subscripting", position=_location_of(pstate, body["arg"]))
    if len(indirection) > array_values.MAX_DIMENSIONS:
        raise PgError(array_values.PROGRAM_LIMIT_EXCEEDED,
                      f"number of array dimensions ({len(indirection)}) exceeds the maximum "
                      f"allowed ({array_values.MAX_DIMENSIONS})")
    indices = [step["A_Indices"] for step in indirection]
    is_slice = any(i.get("is_slice") for i in indices)
    upper, lower = [], []
    for index in indices:
        upper.append(_subscript(pstate, index.get("uidx")))
        lower.append(_lower_bound(pstate, index, is_slice))
    type_oid = arg.type_oid if is_slice else element
    if is_slice and arg.type_oid in _VECTOR_ARRAY_TYPES:
        # A slice of int2vector / oidvector is an int2[] / oid[] from 1 (PostgreSQL's
        # transformContainerType takes the vectors' subscripting as their array type's).
        type_oid = _VECTOR_ARRAY_TYPES[arg.type_oid]
    first_index = 0 if from_zero else 1
    return SubscriptExpr(arg, tuple(upper), tuple(lower), is_slice, type_oid, first_index)


def subscript_assignment(pstate, current, array_type: int, indirection: list, value,
                         coerce, location):
    """`current`[i]... := `value` (a transformed expression) for UPDATE ... SET a[i] = v
    and INSERT INTO t (a[i]): a SubscriptAssign of `array_type`. `coerce(expr, type,
    typmod)` converts the value to the element type (the array type for a slice), as
    an assignment; `location` is the target's, for a column that cannot be subscripted."""
    if array_type == JSONB_OID:
        from pgsnake.parser import jsonb_subscript_analysis
        return jsonb_subscript_analysis.transform_assignment(pstate, current, indirection,
                                                             value, coerce)
    domain = array_type
    array_type = user_type_facts.base_type(array_type)
    if domain != array_type:
        # a domain over an array: the base array assigned into, then checked as the
        # domain (transformAssignmentSubscripts' coercion back to the target type)
        from pgsnake.parser import domain_coercion
        assigned = subscript_assignment(
            pstate, domain_coercion.assignment_input(pstate, current, array_type), array_type,
            indirection, value, coerce, location)
        return coerce_or_error(pstate, assigned, domain, -1, "assignment", location)
    if fixed_length_subscripts.is_fixed_length(array_type):          # SET p[0] = v
        value = coerce(value, fixed_length_subscripts.element_type(array_type), -1)
        return fixed_length_subscripts.transform_assignment(
            pstate, current, value, indirection, _subscript, array_type)
    for transform in _extension_subscript_assignment:
        assigned = transform(pstate, current, array_type, indirection, value, coerce)
        if assigned is not None:
            return assigned
    element = array_element(array_type)
    if not element or array_type in registry.VECTOR_TYPES:
        raise PgError(DATATYPE_MISMATCH, f"cannot subscript type "
                      f"{registry.format_type(array_type)} because it does not support "
                      f"subscripting", position=location)
    if len(indirection) > array_values.MAX_DIMENSIONS:
        raise PgError(array_values.PROGRAM_LIMIT_EXCEEDED,
                      f"number of array dimensions ({len(indirection)}) exceeds the maximum "
                      f"allowed ({array_values.MAX_DIMENSIONS})")
    indices = [step["A_Indices"] for step in indirection]
    is_slice = any(i.get("is_slice") for i in indices)
    upper = tuple(_subscript(pstate, i.get("uidx")) for i in indices)
    lower = tuple(_lower_bound(pstate, i, is_slice) for i in indices)
    value = coerce(value, array_type if is_slice else element, -1)
    return SubscriptAssign((current, value), upper, lower, is_slice, array_type)


def _lower_bound(pstate, index: dict, is_slice: bool):
    """A subscript's lower bound: its own in a slice, None for an omitted one; a plain
    subscript among slices ([1:2][2]) runs from 1 (array_subscript_transform)."""
    if index.get("is_slice"):
        return _subscript(pstate, index.get("lidx"))
    return Const(INT4_OID, 1) if is_slice else None


def _runs(indirection: list) -> list[list]:
    """The steps in runs of one kind (subscripts, field names, or anything else)."""
    runs: list[list] = []
    for step in indirection:
        kind = "A_Indices" in step, "String" in step
        if runs and (("A_Indices" in runs[-1][0], "String" in runs[-1][0]) == kind):
            runs[-1].append(step)
        else:
            runs.append([step])
    return runs


def _domain_base(pstate, expr):
    """`expr` as its domain's base type (a domain value is subscripted as its base)."""
    base = user_type_facts.base_type(expr.type_oid)
    if base == expr.type_oid:
        return expr
    return coerce_or_error(pstate, expr, base, -1, "implicit", None)


def _name_characters(value, _typmod=-1):
    """A name's bytes as "char" values, NAMEDATALEN of them (NUL-padded, as stored)."""
    if value is None:
        return None
    data = value.encode()[:NAMEDATALEN - 1].ljust(NAMEDATALEN, b"\0")
    return [chr(b) if b else "" for b in data]


def _subscript(pstate, node):
    if node is None:
        return None
    expr = _transform(pstate, node)
    location = _location_of(pstate, node)
    try:
        return coerce_or_error(pstate, expr, INT4_OID, -1, "assignment", location)
    except PgError as err:
        if err.sqlstate != DATATYPE_MISMATCH:
            raise
        raise PgError(DATATYPE_MISMATCH, "array subscript must have type integer",
                      position=location) from None


def _location_of(pstate, node):
    (_tag, body), = node.items()
    return pstate.position(body.get("location")) if isinstance(body, dict) else None


# -- x op ANY / ALL (array) ----------------------------------------------------------------------

def transform_array_comparison(pstate, body: dict):
    name = body["name"][-1]["String"]["sval"]
    use_or = body["kind"] == "AEXPR_OP_ANY"
    location = pstate.position(body.get("location"))
    left = _transform(pstate, body["lexpr"])
    right = _transform(pstate, body["rexpr"])
    left_type = UNKNOWN_OID if left.type_oid == 0 else left.type_oid
    right_type = UNKNOWN_OID if right.type_oid == 0 else right.type_oid
    if right_type == UNKNOWN_OID:
        element = TEXT_OID if left_type == UNKNOWN_OID else left_type
    else:
        # (get_base_element_type: a domain over an array is its array)
        element = array_element(user_type_facts.base_type(right_type))
        if not element:
            raise PgError(WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires array on right side",
                          position=location)
    try:
        op = operators.resolve_operator(name, left_type, element)
    except PgError as err:
        if err.position is None:
            err.position = location
        raise
    if op.result_type != BOOL_OID:
        raise PgError(WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires operator to yield boolean",
                      position=location)
    left = coerce_or_error(pstate, left, op.left_type, -1, "implicit", location)
    right = coerce_or_error(pstate, right, _array_type_of(op.right_type, pstate, location), -1,
                            "implicit", location)
    if isinstance(right, ArrayExpr) and not right.multidims and \
            all(isinstance(e, Const) for e in right.elements):
        return ScalarArrayOpExpr(name, op.fn, left, right.elements, use_or, op.right_type,
                                 strict=op.strict)
    return ScalarArrayOpExpr(name, op.fn, left, (), use_or, op.right_type, array=right,
                             strict=op.strict)
