"""PL/pgSQL assignment to an array element or slice, or to a jsonb subscript:
`a[i] := v`, `a[i][j] := v`, `a[lo:hi] := arr`, `j['k'][0] := v`.

Entry points:
    assign(frame, expr, dno, value, source_type)   the variable `dno` updated in place
    assign_field(frame, expr, dno, field, value, source_type)   `r.f[i] := v`

The target text (`Expr.target_names`, e.g. "a[i + 1][2]") is cut into its subscripts
once; each is compiled as an expression of the statement's scope and cached on the Expr
(`subscript_exprs`). The rules are the SQL ones (UPDATE ... SET a[i] = v): arrays follow
datatypes/array_assignment.py (a NULL array becomes a new one, one dimension grows with
NULL gaps, NULL subscripts are 22004), jsonb follows datatypes/jsonb_subscripts.py. The
value is converted to the element type (the array type for a slice) as an assignment.

PostgreSQL: pl/plpgsql/src/pl_exec.c (exec_assign_expr with a PLPGSQL_DTYPE_VAR target
whose expression is a SubscriptingRef built by transformAssignmentIndirection).
"""
from __future__ import annotations

import pglast.parser as _pglast

from pgsnake.datatypes import array_assignment, jsonb_subscripts, user_type_facts
from pgsnake.datatypes.type_coercion import array_element
from pgsnake.pl import values
from pgsnake.pl.plpgsql import compiler, expressions
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

JSONB_OID, INT4_OID, INT2_OID = 3802, 23, 21
_TEXT_LIKE = (0, 25, 705, 1043, 1042, 19)


def _split(target: str) -> list[tuple[str | None, str | None, bool]]:
    """'a[i][lo:hi]' -> [(None, 'i', False), ('lo', 'hi', True)] (bounds as text; an
    omitted slice bound is None)."""
    data = target.encode("utf-8")
    steps = []
    depth = 0
    start = None
    colon = None
    for token in _pglast.scan(target):
        if token.name == "ASCII_91":
            depth += 1
            if depth == 1:
                start, colon = token.end + 1, None
        elif token.name == "ASCII_93":
            depth -= 1
            if depth == 0:
                end = token.start
                if colon is None:
                    steps.append((None, data[start:end].decode().strip(), False))
                else:
                    lower = data[start:colon[0]].decode().strip() or None
                    upper = data[colon[1]:end].decode().strip() or None
                    steps.append((lower, upper, True))
        elif token.name in ("ASCII_40",):
            depth += 1
        elif token.name in ("ASCII_41",):
            depth -= 1
        elif depth == 1 and token.name == "ASCII_58":
            colon = (token.start, token.end + 1)
    return steps


def _compiled(expr) -> list:
    steps = expr.subscript_exprs
    if steps is None:
        def compile_one(text):
            if text is None:
                return None
            node = {"PLpgSQL_expr": {"query": text, "parseMode": 2}}
            return compiler.Expr(node, expr.scope)
        steps = expr.subscript_exprs = [(compile_one(lo), compile_one(hi), is_slice)
                                        for lo, hi, is_slice in _split(expr.target_names)]
    return steps


def assign(frame, expr, dno: int, value, source_type: int) -> None:
    datum = frame.function.datums[dno]
    result, result_type = subscripted(frame, expr, frame.values[dno], datum.type_oid,
                                      datum.typmod, value, source_type)
    frame.assign(dno, result, result_type)


def assign_field(frame, expr, dno: int, field: str, value, source_type: int) -> None:
    """`r.f[i] := v`: the record field's array (or jsonb) with the element replaced."""
    result, result_type = subscripted(frame, expr, frame.slot_value(dno, field),
                                      frame.slot_type(dno, field), -1, value, source_type)
    frame.assign_field(dno, field, result, result_type)


def subscripted(frame, expr, current, type_oid: int, typmod: int, value, source_type: int):
    """(new value, its type): `current`, of type `type_oid`, with the statement's
    subscripts given `value`."""
    steps = _compiled(expr)
    if type_oid == JSONB_OID:
        if any(is_slice for _lo, _hi, is_slice in steps):
            raise PgError(DATATYPE_MISMATCH, "jsonb subscript does not support slices")
        subscripts, types = [], []
        for _lo, hi, _s in steps:
            item, item_type = expressions.evaluate(frame, hi)
            if item_type in (INT4_OID, INT2_OID):
                types.append(INT4_OID)
            elif item_type in _TEXT_LIKE:
                item = None if item is None else str(item)
                types.append(25)
            else:
                from pgsnake.datatypes import registry
                raise PgError(DATATYPE_MISMATCH, f"subscript type "
                              f"{registry.format_type(item_type)} is not supported",
                              hint="jsonb subscript must be coercible to either integer "
                                   "or text.")
            subscripts.append(item)
        new = values.coerce(value, source_type, JSONB_OID)
        return jsonb_subscripts.assign(current, subscripts, types[0] == INT4_OID, new), \
            JSONB_OID
    # a domain over an array is subscripted as its base array type; the result is
    # then assigned back through the domain, whose constraints it must meet
    array_type = user_type_facts.base_type(type_oid)
    element = array_element(array_type)
    if not element:
        from pgsnake.datatypes import registry
        raise PgError(DATATYPE_MISMATCH, f"cannot subscript type "
                      f"{registry.format_type(type_oid)} because it does not support "
                      f"subscripting")

    def integer(sub):
        return None if sub is None else expressions.evaluate_as(frame, sub, INT4_OID)

    if any(is_slice for _lo, _hi, is_slice in steps):
        bounds = []
        for lo, hi, is_slice in steps:
            low = integer(lo) if is_slice else 1
            high = integer(hi)
            if (lo is not None and low is None) or (hi is not None and high is None):
                array_assignment.check_subscripts([None])
            bounds.append((low, high))
        source = values.coerce(value, source_type, array_type, typmod)
        return array_assignment.assign_slice(current, bounds, source), array_type
    subscripts = [integer(hi) for _lo, hi, _s in steps]
    array_assignment.check_subscripts(subscripts)
    item = values.coerce(value, source_type, element, typmod)
    return array_assignment.assign_element(current, subscripts, item), array_type
