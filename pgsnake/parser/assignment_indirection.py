"""Assignment through mixed indirection: UPDATE ... SET col[i].f = v, col.f[i] = v, and
INSERT INTO t (col[i].f, ...), where subscripts and field names alternate.

The target is taken apart one run of steps at a time, from the column inwards: a run of
subscripts assigns into the array (SubscriptAssign) a new element, made from the old
element (the same subscripts fetched from the current value) by the rest of the steps;
a run of field names replaces the field (FieldStore) by a new value made likewise from
the old field's value. The innermost step gets the assigned value, converted by the
caller's `coerce`. Where the current value is NULL (an INSERT, a NULL column or
element) the old parts are NULL, so a row of NULL fields or a NULL-padded array is
built around the value, as in PostgreSQL.

Entry points: assign(pstate, column, current, type_oid, typmod, steps, value, location,
coerce) (the new value of the column), target_type(type_oid, typmod, steps, column,
location) (the type the assigned value must have: INSERT's target column type).
Pure subscript and pure field paths stay with array_expressions.subscript_assignment
and composite_expressions.assign_fields.

PostgreSQL: parser/parse_target.c (transformAssignmentIndirection,
transformAssignmentSubscripts).
"""
from __future__ import annotations

from pgsnake.datatypes import registry, user_type_facts
from pgsnake.datatypes.type_coercion import array_element
from pgsnake.parser import array_expressions, composite_expressions
from pgsnake.utils.errors import DATATYPE_MISMATCH, UNDEFINED_COLUMN, PgError


def _leading_run(steps: list) -> int:
    """How many steps from the start are of the first step's kind."""
    subscript = "A_Indices" in steps[0]
    count = 0
    for step in steps:
        if ("A_Indices" in step) != subscript:
            break
        count += 1
    return count


def is_mixed(steps) -> bool:
    return any("A_Indices" in s for s in steps) and any("String" in s for s in steps)


def assign(pstate, column: str, current, type_oid: int, typmod: int, steps: list, value,
           location, coerce, nested: bool = False):
    """`current` (of `type_oid`) with the part `steps` names replaced by `value`.
    nested: inside a field, where "cannot subscript" has no position (PostgreSQL's)."""
    subscript_location = None if nested else location
    if not steps:
        return coerce(value, type_oid, typmod)
    base = user_type_facts.base_type(type_oid)
    if base != type_oid:
        # a domain column: the old parts are read from the unchecked base value (the
        # domain is checked once, on the finished value)
        from pgsnake.parser import domain_coercion
        current = domain_coercion.assignment_input(pstate, current, base)
    run = _leading_run(steps)
    head, rest = steps[:run], steps[run:]
    if "A_Indices" in head[0]:
        if not rest:
            return array_expressions.subscript_assignment(pstate, current, type_oid, head,
                                                          value, coerce, subscript_location)
        if not array_element(user_type_facts.base_type(type_oid)):
            raise _not_subscriptable(type_oid, subscript_location)
        old_element = array_expressions.transform_indirection(
            pstate, {"arg": {"A_Const": {"location": -1}}, "indirection": head}, current)

        def element_value(v, element_type, element_typmod):
            return assign(pstate, column, old_element, element_type, element_typmod, rest, v,
                          location, coerce, nested)
        return array_expressions.subscript_assignment(pstate, current, type_oid, head, value,
                                                      element_value, subscript_location)
    names = [step["String"]["sval"] for step in head]
    if not rest:
        return composite_expressions.assign_fields(pstate, column, current, type_oid, names,
                                                   value, location, coerce)
    # the type checks and errors of assign_fields first (a non-composite column, a
    # missing field), then the old field value the rest of the steps start from
    field_type, field_typmod = _field_path_type(type_oid, names, column, location)
    old_field = composite_expressions.select_fields(pstate, current, names, location)

    def field_value(v, _type, _typmod):
        return assign(pstate, names[-1], old_field, field_type, field_typmod, rest, v,
                      location, coerce, nested=True)
    return composite_expressions.assign_fields(pstate, column, current, type_oid, names,
                                               value, location, field_value)


def _field_path_type(type_oid: int, names: list[str], column: str, location):
    """The type of field path `names` in `type_oid`; the errors name as the column the
    field (or column) holding the missing one, as PostgreSQL's recursion does."""
    typmod = -1
    for index, name in enumerate(names):
        column = column if index == 0 else names[index - 1]
        columns = composite_expressions.composite_columns(type_oid)
        if columns is None:
            raise PgError(DATATYPE_MISMATCH, f'cannot assign to field "{name}" of column '
                          f'"{column}" because its type '
                          f'{registry.format_type(type_oid)} is not a '
                          f'composite type', position=location)
        found = next(((t, m) for n, t, m in columns if n == name), None)
        if found is None:
            raise PgError(UNDEFINED_COLUMN, f'cannot assign to field "{name}" of column '
                          f'"{column}" because there is no such column in data type '
                          f'{registry.format_type(type_oid)}', position=location)
        type_oid, typmod = found
    return type_oid, typmod


def target_type(type_oid: int, typmod: int, steps: list, column: str, location):
    """The type (and typmod) of the part `steps` name: an element for subscripts (the
    array itself for a slice), a field's for a field name."""
    index = 0
    subscript_location = location
    while index < len(steps):
        run = _leading_run(steps[index:])
        head = steps[index:index + run]
        if "A_Indices" in head[0]:
            base = user_type_facts.base_type(type_oid)
            element = array_element(base)
            if not element:
                raise _not_subscriptable(type_oid, subscript_location)
            if not any(step["A_Indices"].get("is_slice") for step in head):
                type_oid, typmod = element, -1
            else:
                type_oid = base
        else:
            names = [step["String"]["sval"] for step in head]
            type_oid, typmod = _field_path_type(type_oid, names, column, location)
            column = names[-1]
            subscript_location = None       # inside a field: no position (PostgreSQL's)
        index += run
    return type_oid, typmod


def _not_subscriptable(type_oid: int, location) -> PgError:
    return PgError(DATATYPE_MISMATCH, f"cannot subscript type {registry.format_type(type_oid)} "
                   f"because it does not support subscripting", position=location)


def coerce_assigned(pstate, expr, type_oid: int, typmod: int, column: str, steps: list,
                    target_location, value_location):
    """The assigned value converted to the innermost part's type, as an assignment;
    when it does not convert, transformAssignmentIndirection's error names the part:
    'subfield "f" is of type ...' or 'subscripted assignment to "a" requires type ...',
    at the target."""
    from pgsnake.parser.coercion import coerce_to_type
    coerced = coerce_to_type(pstate, expr, type_oid, typmod, "assignment", value_location)
    if coerced is not None:
        return coerced
    name = column
    for step in steps:
        if "String" in step:
            name = step["String"]["sval"]
    wanted, actual = registry.format_type(type_oid), registry.format_type(expr.type_oid)
    if steps and "String" in steps[-1]:
        message = f'subfield "{name}" is of type {wanted} but expression is of type {actual}'
    else:
        message = (f'subscripted assignment to "{name}" requires type {wanted} but '
                   f'expression is of type {actual}')
    raise PgError(DATATYPE_MISMATCH, message, hint="You will need to rewrite or cast the "
                                                   "expression.", position=target_location)
