"""Function calls written in SQL's own syntax, printed back in it (EXTRACT(year FROM d),
TRIM(LEADING 'x' FROM s), POSITION((a) IN (b)), SUBSTRING(s FROM 2 FOR 3), ...).

Entry point:
    print_sql_syntax(printer, funcexpr) -> bool   True when it printed the call; False
                                                  when the call prints as an ordinary one

Only a built-in function that the analyser saw written in the special syntax (FuncExpr.
sql_syntax, PostgreSQL's COERCE_SQL_SYNTAX) qualifies; the same function called by name
(`"substring"(s, 1, 2)`, `btrim(s)`, `date_part('year', d)`) prints as a call. Each form's
parentheses are PostgreSQL's: POSITION and OVERLAPS wrap their operands, AT TIME ZONE and
IS NORMALIZED wrap the whole.

PostgreSQL: utils/adt/ruleutils.c (get_func_sql_syntax).
"""
from __future__ import annotations

from pgsnake.catalog.definitions import FIRST_NORMAL_OBJECT_ID
from pgsnake.parser.expression_nodes import Const

TEXT_OID = 25


def print_sql_syntax(printer, e) -> bool:
    if not e.sql_syntax or e.function_oid >= FIRST_NORMAL_OBJECT_ID:
        return False
    form = _FORMS.get(e.function_name)
    return form is not None and form(printer, e, e.args) is not False


def _plain(printer, node) -> None:
    printer.expr(node, False, None)


def _extract(printer, e, args):
    field = args[0]
    if len(args) != 2 or not isinstance(field, Const) or field.type_oid != TEXT_OID \
            or field.value is None:
        return False
    from pgsnake.rewrite.view_deparse import quote_identifier
    printer.put(f"EXTRACT({quote_identifier(field.value)} FROM ")
    _plain(printer, args[1])
    printer.put(")")


def _position(printer, e, args):
    if len(args) != 2:
        return False
    printer.put("POSITION((")
    _plain(printer, args[1])
    printer.put(") IN (")
    _plain(printer, args[0])
    printer.put("))")


def _substring(printer, e, args):
    if len(args) == 3 and args[1].type_oid == TEXT_OID:
        words = (" SIMILAR ", " ESCAPE ")      # substring(s SIMILAR pattern ESCAPE e)
    elif len(args) in (2, 3) and args[1].type_oid != TEXT_OID:
        words = (" FROM ", " FOR ")
    else:
        return False                           # substring(s FROM 'regex') prints as a call
    printer.put("SUBSTRING(")
    _plain(printer, args[0])
    for word, arg in zip(words, args[1:]):
        printer.put(word)
        _plain(printer, arg)
    printer.put(")")


def _overlay(printer, e, args):
    if len(args) not in (3, 4):
        return False
    printer.put("OVERLAY(")
    for word, arg in zip(("", " PLACING ", " FROM ", " FOR "), args):
        printer.put(word)
        _plain(printer, arg)
    printer.put(")")


def _trim(where: str):
    def form(printer, e, args):
        if len(args) not in (1, 2):
            return False
        printer.put(f"TRIM({where}")
        if len(args) == 2:
            printer.put(" ")
            _plain(printer, args[1])
        printer.put(" FROM ")
        _plain(printer, args[0])
        printer.put(")")
    return form


def _at_time_zone(printer, e, args):
    if len(args) != 2:
        return False
    printer.put("(")
    printer.paren_expr(args[1], False, e)
    printer.put(" AT TIME ZONE ")
    printer.paren_expr(args[0], False, e)
    printer.put(")")


def _overlaps(printer, e, args):
    if len(args) != 4:
        return False
    printer.put("((")
    _plain(printer, args[0])
    printer.put(", ")
    _plain(printer, args[1])
    printer.put(") OVERLAPS (")
    _plain(printer, args[2])
    printer.put(", ")
    _plain(printer, args[3])
    printer.put("))")


def _collation_for(printer, e, args):
    if len(args) != 1:
        return False
    printer.put("COLLATION FOR (")
    _plain(printer, args[0])
    printer.put(")")


_FORMS = {
    "extract": _extract,
    "position": _position,
    "substring": _substring,
    "overlay": _overlay,
    "btrim": _trim("BOTH"),
    "ltrim": _trim("LEADING"),
    "rtrim": _trim("TRAILING"),
    "timezone": _at_time_zone,
    "overlaps": _overlaps,
    "pg_collation_for": _collation_for,
}
