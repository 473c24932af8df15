"""Window functions and the WINDOW clause printed back as SQL, for view_deparse's printer.

Entry points (each takes view_deparse's printer, whose buffer it appends to):
    window_function(printer, wfunc)     `name(args) [FILTER (WHERE ...)] OVER w` or
                                        `OVER (PARTITION BY ... ORDER BY ... frame)`
    window_clause(printer, query)       ` WINDOW w AS (...), ...` for the named windows

A call over a named window prints the name; any other window is spelled out. A window
that copies another (`(w ORDER BY a)`) prints the name it copies and only what it adds:
never PARTITION BY (always inherited), ORDER BY only when it did not copy it, and the
frame whenever it is not the default. Frame offsets of ROWS / GROUPS were cast to bigint
by the analyser; a non-negative constant prints as the integer literal it was written as.

PostgreSQL: utils/adt/ruleutils.c (get_windowfunc_expr, get_rule_windowclause,
get_rule_windowspec, get_rule_orderby).
"""
from __future__ import annotations

from pgsnake.parser import window_clause as wc


def window_function(printer, e: wc.WindowFunc) -> None:
    from pgsnake.rewrite.view_deparse import quote_identifier
    printer.put(f"{quote_identifier(e.function_name)}(")
    if e.star:
        printer.put("*")
    for i, arg in enumerate(e.args):
        if i:
            printer.put(", ")
        printer.expr(arg, True, e)
    printer.put(")")
    if e.agg_filter is not None:
        printer.put(" FILTER (WHERE ")
        printer.expr(e.agg_filter, False, e)
        printer.put(")")
    printer.put(" OVER ")
    clause = _clause(printer, e.winref)
    if clause is None:
        printer.put("()")
    elif clause.name:
        printer.put(quote_identifier(clause.name))
    else:
        _window_spec(printer, clause)


def window_clause(printer, query) -> None:
    from pgsnake.rewrite.view_deparse import INDENT_STD, quote_identifier
    first = True
    for clause in query.window_clauses:
        if not clause.name:
            continue
        if first:
            printer.keyword(" WINDOW ", -INDENT_STD, INDENT_STD, 1)
            first = False
        else:
            printer.put(", ")
        printer.put(f"{quote_identifier(clause.name)} AS ")
        _window_spec(printer, clause)


def _clause(printer, winref: int):
    """The window a call of the query being printed refers to."""
    query = printer.levels[-1] if printer.levels else None
    for clause in getattr(query, "window_clauses", ()):
        if clause.winref == winref:
            return clause
    return None


def _window_spec(printer, clause: wc.WindowClause) -> None:
    from pgsnake.rewrite.view_deparse import quote_identifier
    query = printer.levels[-1]
    parts_started = False
    printer.put("(")
    if clause.refname:
        printer.put(quote_identifier(clause.refname))
        parts_started = True
    if clause.partition_by and not clause.refname:
        if parts_started:
            printer.put(" ")
        printer.put("PARTITION BY ")
        for i, expr in enumerate(clause.partition_by):
            if i:
                printer.put(", ")
            printer._sort_group_item(query, expr)
        parts_started = True
    if clause.order_by and not clause.copied_order:
        if parts_started:
            printer.put(" ")
        printer.put("ORDER BY ")
        for i, key in enumerate(clause.order_by):
            if i:
                printer.put(", ")
            printer._sort_group_item(query, key.expr)
            if key.descending:
                printer.put(" DESC")
            if key.nulls_first != key.descending:
                printer.put(" NULLS FIRST" if key.nulls_first else " NULLS LAST")
        parts_started = True
    options = clause.frame_options
    if options & wc.FRAME_NONDEFAULT:
        if parts_started:
            printer.put(" ")
        printer.put(_frame_text(printer, clause))
    printer.put(")")


def _frame_text(printer, clause: wc.WindowClause) -> str:
    options = clause.frame_options
    words = ["RANGE" if options & wc.FRAME_RANGE else
             "ROWS" if options & wc.FRAME_ROWS else "GROUPS"]
    if options & wc.FRAME_BETWEEN:
        words.append("BETWEEN")
    words.append(_bound(printer, options, clause.start_offset, start=True))
    if options & wc.FRAME_BETWEEN:
        words.append("AND")
        words.append(_bound(printer, options, clause.end_offset, start=False))
    if options & wc.FRAME_EXCLUDE_CURRENT_ROW:
        words.append("EXCLUDE CURRENT ROW")
    elif options & wc.FRAME_EXCLUDE_GROUP:
        words.append("EXCLUDE GROUP")
    elif options & wc.FRAME_EXCLUDE_TIES:
        words.append("EXCLUDE TIES")
    return " ".join(words)


def _bound(printer, options: int, offset, start: bool) -> str:
    if options & (wc.FRAME_START_UNBOUNDED_PRECEDING if start
                  else wc.FRAME_END_UNBOUNDED_PRECEDING):
        return "UNBOUNDED PRECEDING"
    if options & (wc.FRAME_START_UNBOUNDED_FOLLOWING if start
                  else wc.FRAME_END_UNBOUNDED_FOLLOWING):
        return "UNBOUNDED FOLLOWING"
    if options & (wc.FRAME_START_CURRENT_ROW if start else wc.FRAME_END_CURRENT_ROW):
        return "CURRENT ROW"
    preceding = options & (wc.FRAME_START_OFFSET_PRECEDING if start
                           else wc.FRAME_END_OFFSET_PRECEDING)
    return f"{_offset_text(printer, offset)} {'PRECEDING' if preceding else 'FOLLOWING'}"


def _offset_text(printer, offset) -> str:
    outer, printer.buf = printer.buf, []
    try:
        printer._limit_value(offset)
        return "".join(printer.buf)
    finally:
        printer.buf = outer
