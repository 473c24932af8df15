"""Composite values in analysis: whole-row references, field selection and row
constructors cast to a composite type.

 1. A bare name that is no column but a FROM item's alias is the whole row of that item
    (`SELECT t FROM tab t`): a RowExpr of its live columns, typed as the table's row
    type (a FROM subquery or function gives an anonymous record).
 2. `(expr).field` selects a field of a composite value (FieldSelect); the field must
    be one of the type's live columns (42703 'column "f" not found in data type t'); an
    anonymous record has no field names (42703 'could not identify column "f" in
    record data type').
 3. UPDATE ... SET col.field = value replaces one field of the column's value
    (FieldStore); several fields of one column combine.
 4. ROW(...) or (a, b) coerced to a composite type converts field by field to the
    type's column types, in the context of the cast; a count mismatch is 42846 with
    DETAIL 'Input has too few/many columns.'.

Entry points: whole_row(pstate, name, location), select_fields(pstate, arg, names,
location), expand_fields(pstate, indirection body) ((expr).* in a target list),
assign_fields(...) (UPDATE ... SET col.field = value: FieldStore), subfield_target(...)
(INSERT INTO t (col.field)),
coerce_row(ctx, row, target, context, location, coerce_to_type),
composite_columns(type_oid), FieldSelect.

PostgreSQL: parser/parse_relation.c (whole-row Vars), parser/parse_func.c
(ParseComplexProjection), parser/parse_coerce.c (coerce_record_to_complex),
parser/parse_target.c (transformAssignmentIndirection).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.catalog import catalog_cache as cc
from pgsnake.datatypes import registry, user_type_facts
from pgsnake.parser.expression_nodes import SELF_ITEM_POINTER_ATTNUM, FuncExpr, RowExpr, Var
from pgsnake.utils.errors import (CANNOT_COERCE, DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED,
                                  UNDEFINED_COLUMN, WRONG_OBJECT_TYPE, PgError)

RECORD_OID = 2249
BOOL_OID = 16
TEXT_OID = 25


@dataclasses.dataclass(frozen=True, slots=True)
class FieldStore:
    """A composite value with field `index` replaced: args = (composite, new value);
    a NULL composite becomes a row of NULLs first (ExecEvalFieldStoreDeForm)."""
    args: tuple
    index: int
    field_name: str
    type_oid: int
    field_types: tuple = ()         # the type's live fields' types (for a NULL row)


@dataclasses.dataclass(frozen=True, slots=True)
class FieldSelect:
    """(arg).field_name: field `index` (0-based among the live columns) of a composite."""
    arg: Any
    index: int
    field_name: str
    type_oid: int
    typmod: int = -1


def composite_columns(type_oid: int) -> list[tuple[str, int, int]] | None:
    """(name, type oid, typmod) of a composite type's live columns; None if the type
    is not composite (a domain over a composite counts as its base)."""
    type_oid = user_type_facts.base_type(type_oid)
    row = cc.get_type_row(type_oid)
    if row is None or row.typtype != "c" or not row.typrelid:
        return None
    relation = cc.get_relation(row.typrelid)
    return [(a.name, a.type_oid, a.typmod) for a in relation.attributes if not a.is_dropped]


def whole_row(pstate, name: str, location):
    """The whole row of the FROM item called `name` at this query level, else at an
    enclosing one a subquery may see (an outer reference, as for columns), or None."""
    state, levels_up, skip = pstate, 0, False
    while state is not None:
        item = None if skip else \
            next((i for i in state.namespace if i.visible and i.alias == name), None)
        if item is not None:
            row = _whole_row_here(state, item)
            if levels_up and isinstance(row, Var):          # a scalar function's value
                return dataclasses.replace(row, levels_up=levels_up)
            if levels_up:
                def outer(a):
                    return dataclasses.replace(a, levels_up=levels_up) \
                        if isinstance(a, Var) else a
                row = dataclasses.replace(
                    row, args=tuple(outer(a) for a in row.args),
                    null_marker=None if row.null_marker is None else outer(row.null_marker))
            return row
        skip = not state.sees_parent
        state, levels_up = state.parent, levels_up + 1
    return None


def _whole_row_here(pstate, item):
    if item.join_columns is not None:           # a JOIN alias: a record of its columns
        columns = tuple(pstate.item_columns(item))
        return RowExpr(columns, RECORD_OID,
                       field_names=tuple(getattr(c, "column_name", "") for c in columns))
    rte = pstate.range_table[item.rtindex - 1]
    if rte.kind == "function" and not rte.with_ordinality \
            and isinstance(rte.function, FuncExpr) and rte.function.type_oid != RECORD_OID \
            and len(rte.column_names) == 1 and composite_columns(rte.function.type_oid) is None:
        # a function returning a scalar (json_array_elements' one OUT column): its
        # "whole row" is that value (makeWholeRowVar's scalar case)
        return tuple(pstate.item_columns(item))[0]
    type_oid = RECORD_OID
    marker = None
    if rte.kind == "relation":
        class_row = cc.class_row(rte.relation.oid)
        if class_row is not None and class_row.reltype:
            type_oid = class_row.reltype
        if item.rtindex in getattr(pstate, "nullable_rtindexes", ()) \
                and rte.relation.relkind in ("r", "p"):
            marker = pstate.make_var(item.rtindex, SELF_ITEM_POINTER_ATTNUM)
    elif item.rtindex in getattr(pstate, "nullable_rtindexes", ()):
        from pgsnake.parser.nullable_whole_row import wrap_for_whole_row
        rte = wrap_for_whole_row(pstate, item.rtindex) or rte
        if rte.kind == "subquery" and rte.subquery is not None \
                and rte.subquery.set_operation is None \
                and not rte.subquery.distinct and not rte.subquery.distinct_on:
            marker = _row_present_column(item.rtindex, rte)
    elif rte.kind == "function" and not rte.with_ordinality \
            and isinstance(rte.function, FuncExpr) and rte.function.type_oid != RECORD_OID:
        # a function returning a composite type: its whole row is of that type
        declared = composite_columns(rte.function.type_oid)
        if declared is not None and len(declared) == len(rte.column_names):
            type_oid = rte.function.type_oid
    columns = tuple(pstate.item_columns(item))
    names = ()
    if type_oid == RECORD_OID:     # fields named after the item's columns (row_to_json)
        names = tuple(rte.column_names[c.attnum - 1] if isinstance(c, Var) and 0 < c.attnum
                      <= len(rte.column_names) else getattr(c, "column_name", "")
                      for c in columns)
    elif rte.kind == "function":   # the composite type's own field names
        names = tuple(name for name, _t, _m in composite_columns(type_oid))
    elif rte.kind == "relation":   # a table's row: its attributes' names (hstore(record))
        attributes = cc.get_relation(rte.relation.oid).attributes
        names = tuple(attributes[c.attnum - 1].name
                      if isinstance(c, Var) and 0 < c.attnum <= len(attributes)
                      else getattr(c, "column_name", "") for c in columns)
    return RowExpr(columns, type_oid, null_marker=marker, field_names=names)


# The junk output a FROM subquery on the nullable side of an outer join gets when its
# whole row is referenced: true in each of its rows, NULL in a NULL-extended one, so
# the whole row is NULL there as PostgreSQL's whole-row Var is (rewrite/view_pullup.py
# keeps such a subquery unmerged, as it keeps one with computed columns).
ROW_PRESENT_COLUMN = "?row present?"


def _row_present_column(rtindex: int, rte) -> Var:
    from pgsnake.parser.expression_nodes import Const
    from pgsnake.parser.query import TargetEntry
    targets = rte.subquery.target_list
    for index, entry in enumerate(targets):
        if entry.resjunk and entry.name == ROW_PRESENT_COLUMN:
            break
    else:
        targets.append(TargetEntry(Const(BOOL_OID, True), ROW_PRESENT_COLUMN, resjunk=True))
        index = len(targets) - 1
    return Var(rtindex, index + 1, BOOL_OID, -1, ROW_PRESENT_COLUMN, rte.alias)


def select_fields(pstate, arg, names: list[str], location):
    """(arg).a.b: field selection, one name after another."""
    for name in names:
        arg = _select_field(pstate, arg, name, location)
    return arg


def _select_field(pstate, arg, name: str, location):
    if arg.type_oid == RECORD_OID and isinstance(arg, RowExpr):
        # ROW(...) has fields f1, f2, ... (PostgreSQL names a row constructor's so).
        if name.startswith("f") and name[1:].isdigit() and 0 < int(name[1:]) <= len(arg.args):
            return arg.args[int(name[1:]) - 1]
    columns = composite_columns(arg.type_oid)
    if columns is None and arg.type_oid == RECORD_OID:
        columns = _record_columns(pstate, arg)
    if columns is None:
        if arg.type_oid == RECORD_OID:
            raise PgError(UNDEFINED_COLUMN, f'could not identify column "{name}" in record '
                          f'data type', position=location)
        raise PgError(WRONG_OBJECT_TYPE, f"column notation .{name} applied to type "
                      f"{registry.format_type(arg.type_oid)}, which is not a composite type",
                      position=location)
    for index, (column, _type_oid, _typmod) in enumerate(columns):
        if column == name:
            return _field_at(arg, index, columns)
    if arg.type_oid == RECORD_OID:
        raise PgError(UNDEFINED_COLUMN, f'could not identify column "{name}" in record '
                      f'data type', position=location)
    raise PgError(UNDEFINED_COLUMN, f'column "{name}" not found in data type '
                  f'{registry.format_type(arg.type_oid)}', position=location)


def _field_at(arg, index: int, columns: list):
    """Field `index` of composite `arg` whose fields are `columns` (name, type,
    typmod): by position, as PostgreSQL's FieldSelect, since a record's field names
    need not be unique (ROWS FROM (generate_series(..), generate_series(..)))."""
    if isinstance(arg, RowExpr) and len(arg.args) == len(columns):
        return arg.args[index]
    name, type_oid, typmod = columns[index]
    return FieldSelect(arg, index, name, type_oid, typmod)


def _record_columns(pstate, arg) -> list | None:
    """The fields of an anonymous record: a function's OUT columns, also through a FROM
    subquery's output column that is such a call (`(ss.x).n` where ss selects
    f(...) AS x), as expandRecordVariable looks into the subquery."""
    from pgsnake.parser.expression_nodes import Var
    if isinstance(arg, Var) and arg.attnum > 0:
        state = pstate
        for _ in range(arg.levels_up):
            state = state.parent if state is not None else None
        rte = state.range_table[arg.rtindex - 1] \
            if state is not None and 0 < arg.rtindex <= len(state.range_table) else None
        query = None
        if rte is not None and rte.kind == "subquery" and rte.subquery is not None:
            query = rte.subquery
        elif rte is not None and rte.kind == "cte" and rte.cte is not None \
                and not rte.self_reference and not rte.cte.recursive:
            query = rte.cte.query           # a WITH query's column (expandRecordVariable)
        if query is not None and query.set_operation is None:
            visible = [t for t in query.target_list if not t.resjunk]
            if arg.attnum <= len(visible):
                arg = visible[arg.attnum - 1].expr
                if isinstance(arg, Var) and arg.type_oid == RECORD_OID and query.range_table:
                    return _record_columns(_QueryScope(query), arg)
    if isinstance(arg, RowExpr) and arg.type_oid == RECORD_OID:
        # ROW(...) selected by a subquery or WITH query: its fields (f1, f2, ... unless
        # named, as for a whole row)
        names = arg.field_names or ()
        return [(names[i] if i < len(names) and names[i] else f"f{i + 1}",
                 a.type_oid, getattr(a, "typmod", -1)) for i, a in enumerate(arg.args)]
    if isinstance(arg, FuncExpr):
        # A function returning a composite or with OUT parameters: its result columns.
        from pgsnake.parser.rows_from import call_out_columns
        out = call_out_columns(arg)
        if out:
            return [(n, t, -1) for n, t in out]
    return None


class _QueryScope:
    """An analysed query's range table seen as a ParseState by _record_columns."""

    def __init__(self, query) -> None:
        self.range_table = query.range_table
        self.parent = None


def coerce_row(ctx, row: RowExpr, target: int, context: str, location, coerce_to_type):
    """A row constructor converted to the composite type `target` field by field."""
    columns = composite_columns(target)
    if columns is None:
        return None
    source = registry.format_type(row.type_oid)
    shown = registry.format_type(target)
    if len(row.args) != len(columns):
        detail = "Input has too few columns." if len(row.args) < len(columns) \
            else "Input has too many columns."
        raise PgError(CANNOT_COERCE, f"cannot cast type {source} to {shown}", detail=detail,
                      position=location)
    args = []
    from pgsnake.parser.expression_nodes import Const
    for number, (arg, (_name, type_oid, typmod)) in enumerate(zip(row.args, columns), 1):
        if type(arg) is Const and arg.value is None and arg.type_oid == TEXT_OID:
            # ROW(NULL, ...): the NULL literal ROW(...) typed as text takes the field's
            # type, as the untyped literal it was would
            args.append(Const(type_oid, None, typmod))
            continue
        try:
            converted = coerce_to_type(ctx, arg, type_oid, typmod, context, location)
        except PgError as err:
            where = getattr(arg, "location", -1)
            if err.position is None and where is not None and where >= 0:
                err.position = ctx.position(where)    # at the field, as PostgreSQL
            raise
        if converted is None:
            raise PgError(CANNOT_COERCE, f"cannot cast type {source} to {shown}",
                          detail=f"Cannot cast type {registry.format_type(arg.type_oid)} to "
                                 f"{registry.format_type(type_oid)} in column {number}.",
                          position=location)
        args.append(converted)
    return RowExpr(tuple(args), target)


def expand_fields(pstate, body: dict) -> list[tuple[str, Any]]:
    """(expr).* in a target list: one (name, expression) per field of the composite."""
    from pgsnake.parser.transform_expression import transform_expression
    steps = body["indirection"][:-1]
    location = pstate.position(body.get("location"))
    arg = transform_expression(pstate, body["arg"])
    if steps:
        if not all("String" in step for step in steps):
            raise PgError(FEATURE_NOT_SUPPORTED, "subscripts before .* are not supported")
        arg = select_fields(pstate, arg, [step["String"]["sval"] for step in steps], location)
    if isinstance(arg, RowExpr) and arg.type_oid == RECORD_OID:
        # a FROM item's whole row keeps its column names; ROW(...) has f1, f2, ...
        names = arg.field_names if len(arg.field_names or ()) == len(arg.args) else \
            [f"f{i}" for i in range(1, len(arg.args) + 1)]
        return list(zip(names, arg.args))
    columns = composite_columns(arg.type_oid)
    if columns is None and arg.type_oid == RECORD_OID:
        columns = _record_columns(pstate, arg)      # a function's OUT columns, a ROW(...)
        if columns is None:     # (get_expr_result_tupdesc: a record of unknown shape)
            raise PgError(WRONG_OBJECT_TYPE, "record type has not been registered")
    if columns is None:
        raise PgError(WRONG_OBJECT_TYPE, f"type {registry.format_type(arg.type_oid)} is not "
                      f"composite", position=location)
    return [(name, _field_at(arg, index, columns)) for index, (name, _t, _m) in enumerate(columns)]


def assign_fields(pstate, column: str, current, type_oid: int, names: list[str], value,
                  location, coerce) -> FieldStore:
    """UPDATE ... SET col.f1.f2 = value: `current` (the column, or what earlier
    assignments to its fields made) with the field replaced; `coerce(expr, type, typmod)`
    converts the value to the field's type. Into a domain over a composite, the base
    row is assigned into and the result checked as the domain."""
    columns = composite_columns(type_oid)
    if columns is None:
        raise PgError(DATATYPE_MISMATCH, f'cannot assign to field "{names[0]}" of column '
                      f'"{column}" because its type {registry.format_type(type_oid)} is not a '
                      f'composite type', position=location)
    for index, (name, field_type, typmod) in enumerate(columns):
        if name == names[0]:
            break
    else:
        raise PgError(UNDEFINED_COLUMN, f'cannot assign to field "{names[0]}" of column '
                      f'"{column}" because there is no such column in data type '
                      f'{registry.format_type(type_oid)}', position=location)
    base = user_type_facts.base_type(type_oid)
    if base != type_oid:
        from pgsnake.parser import domain_coercion
        from pgsnake.parser.coercion import coerce_or_error
        stored = assign_fields(pstate, column, domain_coercion.assignment_input(
            pstate, current, base), base, names, value, location, coerce)
        return coerce_or_error(pstate, stored, type_oid, -1, "assignment", location)
    if len(names) > 1:
        inner = FieldSelect(current, index, name, field_type, typmod)
        value = assign_fields(pstate, column, inner, field_type, names[1:], value, location,
                              coerce)
    else:
        value = coerce(value, field_type, typmod)
    return FieldStore((current, value), index, name, type_oid,
                      tuple(t for _n, t, _m in columns))


@dataclasses.dataclass(frozen=True, slots=True)
class SubfieldTarget:
    """An INSERT target naming a field of a composite column (INSERT INTO t (col.f)):
    it stands where an attribute would, with the field's type; `column` is the
    column's attribute and `names` the field path."""
    column: Any
    names: tuple
    name: str
    type_oid: int
    typmod: int
    attnum: int
    identity: str = ""
    is_dropped: bool = False
    location: int | None = None
    subscripts: tuple = ()         # INSERT INTO t (col[i]): the raw A_Indices steps
    steps: tuple = ()              # INSERT INTO t (col[i].f): subscripts and fields mixed

    @property
    def generated(self) -> str:
        """The column's attgenerated (a field of a generated column is refused alike)."""
        return getattr(self.column, "generated", "")


def subfield_target(attribute, indirection: list, location) -> SubfieldTarget:
    if indirection and all("A_Indices" in step for step in indirection):
        # INSERT INTO t (col[i]) / (col[lo:hi]): the element's (the slice's) type
        from pgsnake.datatypes.type_coercion import array_element
        if attribute.type_oid == 3802:       # jsonb: INSERT INTO t (j['a']) gives jsonb
            return SubfieldTarget(attribute, (), attribute.name, attribute.type_oid,
                                  attribute.typmod, attribute.attnum, location=location,
                                  subscripts=tuple(indirection))
        element = array_element(user_type_facts.base_type(attribute.type_oid))
        from pgsnake.parser import fixed_length_subscripts
        if fixed_length_subscripts.is_fixed_length(attribute.type_oid):     # (p[0])
            element = fixed_length_subscripts.element_type(attribute.type_oid)
        elif not element or attribute.type_oid in registry.VECTOR_TYPES:
            raise PgError(DATATYPE_MISMATCH, f"cannot subscript type "
                          f"{registry.format_type(attribute.type_oid)} because it does not "
                          f"support subscripting", position=location)
        is_slice = any(step["A_Indices"].get("is_slice") for step in indirection)
        return SubfieldTarget(attribute, (), attribute.name,
                              attribute.type_oid if is_slice else element, attribute.typmod,
                              attribute.attnum, location=location,
                              subscripts=tuple(indirection))
    if not all("String" in step for step in indirection):
        # INSERT INTO t (col[i].f): the value has the innermost part's type
        from pgsnake.parser import assignment_indirection
        type_oid, typmod = assignment_indirection.target_type(
            attribute.type_oid, attribute.typmod, list(indirection), attribute.name, location)
        return SubfieldTarget(attribute, (), attribute.name, type_oid, typmod,
                              attribute.attnum, location=location, steps=tuple(indirection))
    names = tuple(step["String"]["sval"] for step in indirection)
    type_oid, typmod = attribute.type_oid, attribute.typmod
    for name in names:
        columns = composite_columns(type_oid)
        if columns is None:
            raise PgError(DATATYPE_MISMATCH, f'cannot assign to field "{name}" of column '
                          f'"{attribute.name}" because its type '
                          f'{registry.format_type(type_oid)} is not a composite type',
                          position=location)
        found = next(((t, m) for n, t, m in columns if n == name), None)
        if found is None:
            raise PgError(UNDEFINED_COLUMN, f'cannot assign to field "{name}" of column '
                          f'"{attribute.name}" because there is no such column in data type '
                          f'{registry.format_type(type_oid)}', position=location)
        type_oid, typmod = found
    return SubfieldTarget(attribute, names, attribute.name, type_oid, typmod, attribute.attnum,
                          location=location)
