"""Row constructors and row comparisons in analysis: ROW(a, b), (a, b), and comparing
rows with = <> < <= > >= and IN.

Rules, as PostgreSQL's parser applies them (make_row_comparison_op):
 1. Rows compared must have the same number of entries (42601 "unequal number of
    entries in row expressions"); each pair is compared with the operator of that
    name for its types, which must yield boolean.
 2. (a, b) = (c, d) becomes (a = c AND b = d), and <> becomes (a <> c OR b <> d), so
    EXPLAIN shows the pairwise conditions; the orderings become one RowCompareExpr
    (EXPLAIN: ROW(a, b) < ROW(c, d)).
 3. (a, b) IN ((1, 2), (3, 4)) is the OR of row equalities; NOT IN the AND of <>.
 4. A row by itself is a composite value of type record ("(1,a)").

Entry points: transform_row(pstate, body), row_comparison(pstate, name, left, right,
location), row_in_list(pstate, left, items, negated, location), is_row(node) on raw
nodes.

PostgreSQL: parser/parse_expr.c (transformRowExpr, make_row_comparison_op,
transformAExprIn).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import BoolExpr, RowCompareExpr, RowExpr
from pgsnake.utils.errors import PgError

BOOL_OID = 16


def is_row(node) -> bool:
    return isinstance(node, dict) and "RowExpr" in node


def _transform(pstate, node):
    from pgsnake.parser.transform_expression import transform_expression
    return transform_expression(pstate, node)


def transform_row(pstate, body: dict) -> RowExpr:
    from pgsnake.parser.coercion import resolve_unknown_to_text
    return RowExpr(tuple(resolve_unknown_to_text(pstate, arg)
                         for arg in _spread_args(pstate, body.get("args") or ())),
                   location=body.get("location", -1))


def _spread_args(pstate, nodes) -> list:
    """The analysed entries of a row constructor: ROW(t.*) has t's columns, not t as one
    field, and ROW((x).*) the fields of composite x."""
    args = []
    for node in nodes:
        if _is_indirection_star(node):          # ROW((x).*): x's fields
            from pgsnake.parser import composite_expressions
            args.extend(expr for _name, expr in
                        composite_expressions.expand_fields(pstate, node["A_Indirection"]))
            continue
        arg = _transform(pstate, node)
        if _is_star(node) and isinstance(arg, RowExpr):
            args.extend(arg.args)
        else:
            args.append(arg)
    return args


def _is_star(node) -> bool:
    fields = node.get("ColumnRef", {}).get("fields", ()) if isinstance(node, dict) else ()
    return bool(fields) and "A_Star" in fields[-1]


def _is_indirection_star(node) -> bool:
    steps = node.get("A_Indirection", {}).get("indirection", ()) if isinstance(node, dict) \
        else ()
    return bool(steps) and "A_Star" in steps[-1]


def _row_args(pstate, node) -> list:
    return _spread_args(pstate, node["RowExpr"].get("args") or ())


def row_comparison(pstate, name: str, left_node, right_node, location):
    """The analysed comparison of two raw row constructors."""
    left, right = _row_args(pstate, left_node), _row_args(pstate, right_node)
    return compare_rows(pstate, name, left, right, location)


def compare_rows(pstate, name: str, left: list, right: list, location):
    """The comparison of two rows given as analysed expressions (make_row_comparison_op):
    = is the AND of the pairs, <> their OR, an ordering a RowCompareExpr."""
    from pgsnake.parser.transform_expression import make_operator
    position = pstate.position(location)
    if len(left) != len(right):
        raise PgError("42601", "unequal number of entries in row expressions",
                      position=position)
    if not left:
        raise PgError("0A000", "cannot compare rows of zero length", position=position)
    pairs = [make_operator(pstate, name, a, b, location) for a, b in zip(left, right)]
    for pair in pairs:
        if pair.type_oid != BOOL_OID:
            from pgsnake.datatypes import registry
            raise PgError("42804", f"row comparison operator must yield type boolean, not "
                                   f"type {registry.format_type(pair.type_oid)}",
                          position=position)
    if len(pairs) == 1:
        return pairs[0]
    if name == "=":
        return BoolExpr("and", tuple(pairs))
    if name == "<>":
        return BoolExpr("or", tuple(pairs))
    if name not in ("<", "<=", ">", ">="):
        raise PgError("0A000", f"could not determine interpretation of row comparison "
                               f"operator {name}", position=position,
                      hint="Row comparison operators must be associated with btree "
                           "operator families.")
    equals = [make_operator(pstate, "=", a, b, location) for a, b in zip(left, right)]
    return RowCompareExpr(name, tuple(p.fn for p in pairs), tuple(e.fn for e in equals),
                          tuple(p.args[0] for p in pairs), tuple(p.args[1] for p in pairs))


def row_in_list(pstate, left_node, items: list, negated: bool, location):
    """(a, b) [NOT] IN ((1, 2), ...): OR of = (AND of <> when negated)."""
    name = "<>" if negated else "="
    tests = []
    for item in items:
        if not is_row(item):
            raise PgError("42601", "unequal number of entries in row expressions",
                          position=pstate.position(location))
        tests.append(row_comparison(pstate, name, left_node, item, location))
    if len(tests) == 1:
        return tests[0]
    return BoolExpr("and" if negated else "or", tuple(tests))
