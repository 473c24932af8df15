"""An analysed SELECT back to SQL text, laid out as PostgreSQL's pg_get_viewdef prints it.

Entry points:
    view_definition_text(oid, pretty=False) -> str    pg_get_viewdef's result, ';' included
    query_text(query, pretty=False, column_names=None) -> str
    expression_sql(expr, pretty=False, relation_oid=0) -> str   one stored expression

PostgreSQL's layout (ruleutils.c, with its indentation steps 8 and 4 and wrap column 0):
" SELECT t.a,\\n    t.b\\n   FROM t\\n  WHERE (t.a > 1)" — each clause keyword starts a new
line, right-aligned; every output column after the first goes on its own line; a
subquery is indented 8 more. Without `pretty` every operator, boolean and test carries its
own parentheses and implicit casts show as `(x)::type`; with it (psql's \\d+), parentheses
appear only where precedence needs them (isSimpleNode's rules). Column references are
always qualified; an output column gets `AS name` unless it is a plain column of that name.

Where the text can differ from PostgreSQL's: a constant that the analyser folded from a
cast prints as the cast of a literal (integer-valued numeric and float constants as
`(2)::numeric`, as PostgreSQL prints an implicitly cast integer); a one-row VALUES
prints as the SELECT it was analysed into; LIMIT ALL is not printed; set operations are
printed as UNION ALL only.

Window functions are printed by window_printing.py, calls written in SQL syntax
(EXTRACT(year FROM d), TRIM(...)) by sql_syntax_functions.py.

PostgreSQL: utils/adt/ruleutils.c (pg_get_viewdef, get_query_def, get_basic_select_query,
get_target_list, get_from_clause_item, get_rule_expr, isSimpleNode, get_const_expr,
get_sublink_expr, appendContextKeyword).
"""
from __future__ import annotations

import dataclasses
import re

from pgsnake.catalog.definitions import FIRST_NORMAL_OBJECT_ID
from pgsnake.datatypes import registry
from pgsnake.parser.expression_nodes import (
    Aggref, ArrayExpr, BooleanTest, BoolExpr, CaseExpr, CoalesceExpr, CoerceExpr, Const, FuncExpr,
    MinMaxExpr, NullIfExpr, NullTest, OpExpr, Param, RowExpr, ScalarArrayOpExpr,
    SQLValueFunction, SubLink, Var, walk)
from pgsnake.parser import xml_table
from pgsnake.parser.rows_from import RowsFromCall
from pgsnake.parser.xml_table import XmlTableCall
from pgsnake.parser.window_clause import WindowFunc
from pgsnake.rewrite import sql_syntax_functions, window_printing

_UNNEST_ANYARRAY = 2331              # pg_proc oid of unnest(anyarray)
INDENT_STD = 8
INDENT_VAR = 4
INDENT_JOIN = 4
_PLAIN_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def quote_identifier(name: str) -> str:
    """PostgreSQL's quote_identifier: quoted unless a plain lower-case name that is not
    a keyword (unreserved keywords excepted)."""
    from pglast import keywords
    plain = bool(re.fullmatch(r"[a-z_][a-z0-9_$]*", name))
    if plain and (name not in keywords.RESERVED_KEYWORDS
                  and name not in keywords.COL_NAME_KEYWORDS
                  and name not in keywords.TYPE_FUNC_NAME_KEYWORDS):
        return name
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    if "\\" in text:
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + text.replace("'", "''") + "'"


def view_definition_text(oid: int, pretty: bool = False) -> str | None:
    """pg_get_viewdef(oid[, pretty]): the view's query as PostgreSQL prints it, or None
    when `oid` is not a view or materialized view."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import view_creation
    from pgsnake.rewrite.view_expansion import analyze_view
    row = cc.class_row(oid)
    if row is None or row.relkind not in ("v", "m") or view_creation.view_definition(oid) is None:
        return None
    query = analyze_view(oid)
    names = [a.name for a in cc.get_relation(oid).attributes if a.attnum > 0]
    return query_text(query, pretty, names) + ";"


def query_text(query, pretty: bool = False, column_names: list[str] | None = None,
               qualify_all: bool = False) -> str:
    """`query` as SQL. Table and column names are today's (from the catalogs, by oid and
    attnum), so a query analysed before a RENAME prints the new names; qualify_all
    schema-qualifies every table (text that must not depend on search_path)."""
    printer = _Printer(pretty, qualify_all)
    printer.query(query, 0, column_names)
    return "".join(printer.buf)


def expression_sql(expr, pretty: bool = False, relation_oid: int = 0) -> str:
    """One expression stored in the catalogs (a column default, a CHECK constraint, an
    index expression) as pg_get_expr prints it: its Vars are columns of the one relation
    `relation_oid`, printed unqualified under their current names."""
    printer = _Printer(pretty, bare_relation=relation_oid)
    printer.expr(expr, False, None)
    return "".join(printer.buf)


def function_return_sql(expr, arg_names: list[str], function_name: str) -> str:
    """The expression of a function body written as RETURN expr, as pg_get_functiondef
    prints it (not pretty): an argument by its name (qualified by the function's name
    where a subquery's range table is in scope, as get_parameter does), $n when the
    function has no argument names (proargnames NULL); all on one line."""
    printer = _Printer(False)
    printer.compact = True
    printer.function_arguments = (arg_names, function_name)
    printer.expr(expr, False, None)
    return "".join(printer.buf)


def _aliased_joins_around(node, rtindex: int):
    """The aliased JOIN nodes (outermost first) on the way to `rtindex` in `node`, or
    None when `rtindex` is not under `node`."""
    if node is None:
        return None
    if node.rtindex:
        return [] if node.rtindex == rtindex else None
    for child in (node.left, node.right):
        below = _aliased_joins_around(child, rtindex)
        if below is not None:
            return ([node] if node.alias is not None else []) + below
    return None


_UNKNOWN = 705    # an INSERT ... SELECT's string literal stays unknown


_RECORD = 2249
# the parent passed for a GROUP BY / ORDER BY item (no select-list spreading there)
_SORT_GROUP = object()



def _unlabelled_const(e: Const) -> str:
    """A constant as get_const_expr prints it with no type label: a non-negative integer,
    or a numeric with a decimal point, as written; a boolean as true / false; anything
    else as a quoted literal."""
    if e.type_oid == 16:
        return "true" if e.value else "false"
    text = registry.get_type(e.type_oid).output(e.value)
    if _PLAIN_NUMBER.match(text) and (e.type_oid == 23 or e.type_oid == 1700 and "." in text):
        return text
    return _literal(text)

class _Printer:
    def __init__(self, pretty: bool, qualify_all: bool = False,
                 bare_relation: int | None = None) -> None:
        self.pretty = pretty
        self.qualify_all = qualify_all
        self.bare_relation = bare_relation      # expression_sql's relation, else None
        self.buf: list[str] = []
        self.indent = 0
        self.levels: list = []          # the queries being printed, innermost last
        self.inside_joins: set = set()  # ids of aliased JOINs whose FROM text is printing
        # a SQL function body's (argument names, function name): parameters by name
        self.function_arguments: tuple[list[str], str] | None = None
        # no layout at all (ruleutils without PRETTYFLAG_INDENT): clause keywords
        # inline, everything on one line (a SQL function body's text)
        self.compact = False

    # -- buffer helpers (StringInfo operations) -----------------------------------------------

    def put(self, text: str) -> None:
        self.buf.append(text)

    def _expression_text(self, node) -> str:
        """One expression's text, printed aside from the buffer."""
        saved, self.buf = self.buf, []
        try:
            self.expr(node, False, None)
            return self._text()
        finally:
            self.buf = saved

    def _text(self) -> str:
        return "".join(self.buf)

    def _strip_trailing_spaces(self) -> None:
        text = self._text().rstrip(" ")
        self.buf = [text]

    def keyword(self, text: str, before: int, after: int, plus: int) -> None:
        """appendContextKeyword: a clause keyword on a new line, indented."""
        if self.compact:
            self.put(text)
            return
        self.indent += before
        self._strip_trailing_spaces()
        self.put("\n")
        self.put(" " * (max(self.indent, 0) + plus))
        self.put(text)
        self.indent = max(self.indent + after, 0)

    # -- query ---------------------------------------------------------------------------------

    def query(self, query, start_indent: int, column_names=None) -> None:
        saved = self.indent
        self.indent = start_indent
        self.levels.append(query)
        if query.cte_list:
            self._with_clause(query)
        if query.set_operation is not None:
            self._set_operation(query, column_names)
        else:
            self._select(query, column_names)
        self.levels.pop()
        self.indent = saved

    def _with_clause(self, query) -> None:
        """WITH [RECURSIVE] name[(columns)] AS [[NOT] MATERIALIZED] (query), ...
        (get_with_clause): each query on lines of its own, one indentation step in."""
        base = self.indent
        separator = "WITH RECURSIVE " if any(c.recursive for c in query.cte_list) else "WITH "
        self.put(" ")
        for cte in query.cte_list:
            self.put(separator + quote_identifier(cte.name))
            if cte.column_names != [t.name for t in cte.query.output_columns()]:
                self.put("(" + ", ".join(quote_identifier(n) for n in cte.column_names) + ")")
            self.put(" AS ")
            self.put({"always": "MATERIALIZED ", "never": "NOT MATERIALIZED "}.get(
                cte.materialized, ""))
            self.put("(\n" + " " * (base + INDENT_STD))
            self.query(cte.query, base + INDENT_STD)
            self._strip_trailing_spaces()
            self.put("\n" + " " * (base + INDENT_STD) + ")")
            separator = ", "
        self.put("\n" + " " * base)
        self.indent = base

    def _set_operation(self, query, column_names) -> None:
        """UNION ALL: each branch laid out as a query of its own, the keyword on a line
        of its own; every branch names its columns as the result does."""
        _kind, branches = query.set_operation
        base = self.indent
        names = column_names or [t.name for t in query.output_columns()]
        for i, branch in enumerate(branches):
            self.indent = base
            if i:
                self.keyword("UNION ALL", 0, 0, 0)
                self.put("\n" + " " * base)
            self.levels.append(branch)
            self._select(branch, names)
            self.levels.pop()
        self.indent = base
        self._order_limit(query)

    def _values_rows(self, query):
        """The rows of a bare VALUES query (its one FROM item, every column as is; or a
        one-row VALUES analysed as a SELECT), else None."""
        if query.one_row_values and not query.range_table and query.where is None \
                and not query.sort_clause and query.limit_count is None:
            return [[t.expr for t in query.output_columns()]]
        if len(query.range_table) != 1 or query.range_table[0].kind != "values" \
                or query.where is not None or query.group_by or query.distinct:
            return None
        outputs = query.output_columns()
        if [(t.expr.rtindex, t.expr.attnum) if isinstance(t.expr, Var) else None
                for t in outputs] != [(1, i) for i in range(1, len(outputs) + 1)]:
            return None
        return query.range_table[0].values_lists

    def _select(self, query, column_names) -> None:
        rows = self._values_rows(query)
        if rows is not None:
            self.indent += INDENT_STD
            self.put(" VALUES ")
            for i, row in enumerate(rows):
                if i:
                    self.put(", ")
                self.put("(")
                for j, expr in enumerate(row):
                    if j:
                        self.put(",")
                    self.expr(expr, False, None)
                self.put(")")
            self._order_limit(query)
            return
        self.indent += INDENT_STD
        self.put("SELECT" if self.compact else " SELECT")
        if query.distinct:
            self.put(" DISTINCT")
        self._target_list(query, column_names)
        if query.from_list:
            for i, item in enumerate(query.from_list):
                if i == 0:
                    self.keyword(" FROM ", -INDENT_STD, INDENT_STD, 2)
                else:
                    self.put(", ")
                    self.keyword("", -INDENT_STD, INDENT_STD, INDENT_VAR)
                self._from_item(query, item)
        if query.where is not None:
            self.keyword(" WHERE ", -INDENT_STD, INDENT_STD, 1)
            self.expr(query.where, False, None)
        if query.grouping_sets is not None and query.grouping_shape:
            self.keyword(" GROUP BY ", -INDENT_STD, INDENT_STD, 1)
            if query.group_distinct:
                self.put("DISTINCT ")
            for i, shape in enumerate(query.grouping_shape):
                if i:
                    self.put(", ")
                self._grouping_shape(query, shape, False)
        elif query.group_by:
            self.keyword(" GROUP BY ", -INDENT_STD, INDENT_STD, 1)
            for i, item in enumerate(query.group_by):
                if i:
                    self.put(", ")
                self._sort_group_item(query, item)
        if query.having is not None:
            self.keyword(" HAVING ", -INDENT_STD, INDENT_STD, 0)
            self.expr(query.having, False, None)
        window_printing.window_clause(self, query)
        self._order_limit(query)

    def _grouping_shape(self, query, shape, in_sets: bool) -> None:
        """get_rule_groupingset: ROLLUP(...) / CUBE(...) / GROUPING SETS (...) as written;
        within GROUPING SETS a plain list is parenthesised, within ROLLUP and CUBE only a
        list of more than one."""
        kind = shape[0]

        def items(indexes):
            for j, index in enumerate(indexes):
                if j:
                    self.put(", ")
                self._sort_group_item(query, query.group_by[index])
        if kind == "expr":
            self.put("(" if in_sets else "")
            items([shape[1]])
            self.put(")" if in_sets else "")
        elif kind == "empty":
            self.put("()")
        elif kind in ("row", "simple"):
            parenthesised = in_sets or len(shape[1]) != 1
            self.put("(" if parenthesised else "")
            items(shape[1])
            self.put(")" if parenthesised else "")
        else:
            self.put({"rollup": "ROLLUP(", "cube": "CUBE(", "sets": "GROUPING SETS ("}[kind])
            for j, part in enumerate(shape[1]):
                if j:
                    self.put(", ")
                self._grouping_shape(query, part, kind == "sets")
            self.put(")")

    def _order_limit(self, query) -> None:
        if query.sort_clause:
            self.keyword(" ORDER BY ", -INDENT_STD, INDENT_STD, 1)
            for i, sort in enumerate(query.sort_clause):
                if i:
                    self.put(", ")
                self._sort_group_item(query, query.target_list[sort.target_index].expr)
                if sort.descending:
                    self.put(" DESC")
                if sort.nulls_first != sort.descending:
                    self.put(" NULLS FIRST" if sort.nulls_first else " NULLS LAST")
        if query.limit_offset is not None:
            self.keyword(" OFFSET ", -INDENT_STD, INDENT_STD, 0)
            self._limit_value(query.limit_offset)
        if query.limit_count is not None:
            self.keyword(" LIMIT ", -INDENT_STD, INDENT_STD, 0)
            self._limit_value(query.limit_count)

    def _limit_value(self, expr) -> None:
        if isinstance(expr, Const) and expr.type_oid == 20 and expr.value is not None \
                and expr.value >= 0:
            self.put(str(expr.value))      # an int4 literal cast implicitly to bigint
        else:
            self.expr(expr, False, None)

    def _sort_group_item(self, query, expr) -> None:
        """get_rule_sortgroupclause: a constant by its position; a column bare; any other
        expression in parentheses when pretty, a function call or aggregate always."""
        if isinstance(expr, Const):
            # A constant would be read back as a column number: print the position.
            for i, tle in enumerate(query.target_list, start=1):
                if tle.expr == expr:
                    self.put(str(i))
                    return
        if isinstance(expr, (Var, Const)):
            self.expr(expr, True, None)
            return
        if isinstance(expr, RowExpr) and self._whole_row_alias(expr) is not None:
            self.expr(expr, True, _SORT_GROUP)      # t.*, which GROUP BY does not spread
            return
        need_paren = self.pretty or isinstance(expr, (FuncExpr, Aggref, WindowFunc))
        if need_paren:
            self.put("(")
        self.expr(expr, True, None)
        if need_paren:
            self.put(")")

    def _target_list(self, query, column_names) -> None:
        sep = " "
        colno = 0
        last_multiline = False
        for tle in query.target_list:
            if tle.resjunk:
                continue
            self.put(sep)
            sep = ", "
            colno += 1
            outer, self.buf = self.buf, []
            self.expr(tle.expr, False, None)
            name = column_names[colno - 1] if column_names and colno <= len(column_names) \
                else tle.name
            attname = tle.expr.column_name if isinstance(tle.expr, (Var, CoalesceExpr)) \
                else None
            if name == "?column?" and not column_names:
                name = None         # PostgreSQL's parser leaves such a subquery column unnamed
            if name is not None and attname != name:
                self.put(" AS " + quote_identifier(name))
            field = "".join(self.buf)
            self.buf = outer
            if field.startswith("\n"):
                self._strip_trailing_spaces()
            elif colno > 1:
                # wrap column 0: every field after the first starts a new line
                self.keyword("", -INDENT_STD, INDENT_STD, INDENT_VAR)
            last_multiline = "\n" in field.lstrip("\n")
            self.put(field)
        del last_multiline

    # -- FROM ------------------------------------------------------------------------------------

    def _from_item(self, query, node) -> None:
        if node.rtindex:
            self._range_table_entry(query, query.range_table[node.rtindex - 1])
            return
        if node.alias is not None:
            self.inside_joins.add(id(node))
            try:
                if self.pretty:
                    self.put("(")           # an aliased join is always parenthesised
                self._join_item(query, node)
                if self.pretty:
                    self.put(")")
            finally:
                self.inside_joins.discard(id(node))
            self.put(" " + quote_identifier(node.alias))
            return
        self._join_item(query, node)

    def _join_item(self, query, node) -> None:
        if not self.pretty:
            self.put("(")
        self._from_item(query, node.left)
        word = {"inner": " JOIN ", "cross": " CROSS JOIN ", "left": " LEFT JOIN ",
                "right": " RIGHT JOIN ", "full": " FULL JOIN "}[node.join_type]
        if node.join_type == "inner" and node.quals is None:
            word = " CROSS JOIN "
        self.keyword(word, -INDENT_STD, INDENT_STD, INDENT_JOIN)
        paren_right = self.pretty and not node.right.rtindex
        if paren_right:
            self.put("(")
        self._from_item(query, node.right)
        if paren_right:
            self.put(")")
        if node.using:
            self.put(" USING (" + ", ".join(quote_identifier(n) for n in node.using) + ")")
        elif node.quals is not None:
            self.put(" ON ")
            if not self.pretty:
                self.put("(")
            self.expr(node.quals, False, None)
            if not self.pretty:
                self.put(")")
        elif node.join_type not in ("inner", "cross"):
            self.put(" ON TRUE")
        if not self.pretty:
            self.put(")")

    def _tablesample(self, sample) -> None:
        """get_tablesample_def: each argument without its implicit cast (as written),
        an untyped literal as the constant of the type it became."""
        self.put(f" TABLESAMPLE {quote_identifier(sample.method_name)} (")
        for i, (arg, written) in enumerate(zip(sample.args, sample.written_args)):
            if i:
                self.put(", ")
            self._sample_argument(arg, written)
        self.put(")")
        if sample.repeatable is not None:
            self.put(" REPEATABLE (")
            self._sample_argument(sample.repeatable, sample.written_repeatable)
            self.put(")")

    def _sample_argument(self, arg, written) -> None:
        if isinstance(written, Const) and written.type_oid == _UNKNOWN \
                and isinstance(arg, Const) and arg.value is not None:
            text = registry.get_type(arg.type_oid).output(arg.value)
            self.put(f"{_literal(text)}::{registry.format_type(arg.type_oid, arg.typmod)}")
        else:
            self.expr(written if written.type_oid != arg.type_oid else arg, False, None)

    def _range_table_entry(self, query, rte) -> None:
        from pgsnake.catalog import catalog_cache as cc
        if rte.lateral_relids and rte.kind in ("function", "subquery"):
            self.put("LATERAL ")        # it uses FROM items to its left (rte->lateral)
        if rte.kind == "relation":
            row = cc.class_row(rte.relation.oid)
            if not rte.inh:
                self.put("ONLY ")                      # only_marker
            if self.qualify_all and row is not None:
                self.put(quote_identifier(cc.namespace_name(row.relnamespace) or "") + "."
                         + quote_identifier(row.relname))
            else:
                self.put(cc.relation_display_name(rte.relation.oid) or rte.relation.name)
            if rte.explicit_alias or \
                    _reference_name(rte) != (row.relname if row is not None else rte.relation.name):
                self.put(" " + quote_identifier(rte.alias))
            if rte.tablesample is not None:          # after the alias (get_tablesample_def)
                self._tablesample(rte.tablesample)
        elif rte.kind == "subquery":
            self.put("(")
            self.query(rte.subquery, self.indent)
            self.put(") " + quote_identifier(rte.alias))
            if rte.column_names != [t.name for t in rte.subquery.output_columns()]:
                self.put("(" + ", ".join(quote_identifier(n) for n in rte.column_names) + ")")
        elif rte.kind == "function" and isinstance(rte.function, XmlTableCall):
            self.put(xml_table.deparse(rte.function, self._expression_text))
            if rte.explicit_alias:          # (its column aliases are not printed)
                self.put(" " + quote_identifier(rte.alias))
        elif rte.kind == "function" and isinstance(rte.function, RowsFromCall):
            self._rows_from(rte)
        elif rte.kind == "function":
            self.expr(rte.function, False, None)
            if rte.with_ordinality:
                self.put(" WITH ORDINALITY")
            # a function's columns are always spelled out: "generate_series(1, 3) g(g)"
            self.put(f" {quote_identifier(rte.alias)}("
                     + ", ".join(quote_identifier(n) for n in rte.column_names) + ")")
        elif rte.kind == "cte" and rte.cte is not None:
            self.put(quote_identifier(rte.cte.name))         # a WITH query: name [alias]
            if rte.alias != rte.cte.name:
                self.put(" " + quote_identifier(rte.alias))
        else:
            self.put(quote_identifier(rte.alias))

    def _rows_from(self, rte) -> None:
        """ROWS FROM / multi-argument UNNEST / a column definition list, as
        get_from_clause_item prints them: one call with a definition list (and no WITH
        ORDINALITY) gets it after the alias, in the alias's names."""
        call = rte.function
        definition_after_alias = len(call.items) == 1 and not rte.with_ordinality
        if definition_after_alias:
            self.expr(call.items[0], False, None)
        elif len(call.items) > 1 and not any(call.record_columns) and all(
                getattr(i, "function_oid", 0) == _UNNEST_ANYARRAY for i in call.items):
            self.put("UNNEST(")
            for n, item in enumerate(call.items):
                if n:
                    self.put(", ")
                self.expr(item.args[0], False, None)
            self.put(")")
        else:
            self.put("ROWS FROM(")
            for n, (item, definition) in enumerate(zip(call.items, call.record_columns)):
                if n:
                    self.put(", ")
                self.expr(item, False, None)
                if definition:
                    self.put(" AS (" + ", ".join(
                        f"{quote_identifier(name)} {registry.format_type(t, m)}"
                        for name, t, m in definition) + ")")
            self.put(")")
        if rte.with_ordinality:
            self.put(" WITH ORDINALITY")
        self.put(f" {quote_identifier(rte.alias)}(")
        if definition_after_alias and call.record_columns[0]:
            self.put(", ".join(f"{quote_identifier(name)} {registry.format_type(t, m)}"
                               for name, t, m in zip(rte.column_names, rte.column_types,
                                                     rte.column_typmods)))
        else:
            self.put(", ".join(quote_identifier(n) for n in rte.column_names))
        self.put(")")

    # -- expressions -----------------------------------------------------------------------------

    def expr(self, node, show_implicit: bool, parent) -> None:
        # a node class without its own method prints as its base class (DomainCoercion
        # as the CoerceExpr it extends)
        method = next((m for m in (getattr(self, "_" + cls.__name__, None)
                                   for cls in type(node).__mro__) if m is not None), None)
        if method is None:
            from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f"cannot print a {type(node).__name__} in a view definition yet")
        method(node, show_implicit, parent)

    def paren_expr(self, node, show_implicit: bool, parent) -> None:
        """get_rule_expr_paren: parentheses in pretty mode where isSimpleNode says so."""
        need = self.pretty and not _is_simple(node, parent)
        if need:
            self.put("(")
        self.expr(node, show_implicit, parent)
        if need:
            self.put(")")

    def _rte_of(self, var: Var):
        if var.levels_up < len(self.levels):
            query = self.levels[-1 - var.levels_up]
            if 0 < var.rtindex <= len(query.range_table):
                return query.range_table[var.rtindex - 1]
        return None

    def _join_alias(self, var: Var) -> str | None:
        """The alias of the outermost aliased JOIN around `var`'s FROM item whose own
        text is not being printed: outside it, its columns are `alias.column`."""
        if var.levels_up >= len(self.levels):
            return None
        query = self.levels[-1 - var.levels_up]
        for node in query.from_list:
            path = _aliased_joins_around(node, var.rtindex)
            if path is not None:
                return next((n.alias for n in path if id(n) not in self.inside_joins), None)
        return None

    def _Var(self, e: Var, show_implicit, parent) -> None:
        # Bare at the expression's own level; inside a sublink (a policy's) every column
        # is qualified, as get_select_query_def's varprefix makes it.
        if self.bare_relation is not None and not self.levels:
            self.put(quote_identifier(_current_attribute_name(self.bare_relation, e.attnum)
                                      or e.column_name))
            return
        alias, column = e.relation_alias, e.column_name
        rte = self._rte_of(e)
        if rte is None and self.bare_relation and e.levels_up == len(self.levels) \
                and e.attnum > 0:
            # the stored expression's own relation, from inside one of its sublinks
            column = _current_attribute_name(self.bare_relation, e.attnum) or column
        if rte is not None:
            alias = _reference_name(rte)
            if rte.kind == "relation" and e.attnum > 0:
                column = _current_attribute_name(rte.relation.oid, e.attnum) or column
            alias = self._join_alias(e) or alias
        self.put(f"{quote_identifier(alias)}.{quote_identifier(column)}"
                 if alias else quote_identifier(column))

    def _RowExpr(self, e: RowExpr, show_implicit, parent) -> None:
        """A FROM item's whole row prints as `alias.*`, with its row type spelled out
        where a bare `alias.*` would be spread into columns (a select list, VALUES, a
        ROW(...) entry), as get_variable does; any other row as ROW(a, b, ...)."""
        alias = self._whole_row_alias(e)
        if alias is not None:
            self.put(f"{quote_identifier(alias)}.*")
            if (parent is None or isinstance(parent, RowExpr)) and e.type_oid != _RECORD:
                self.put("::" + registry.format_type(e.type_oid, -1))
            return
        self.put("ROW(")
        for n, arg in enumerate(e.args):
            if n:
                self.put(", ")
            self.expr(arg, False, e)
        self.put(")")
        if e.type_oid != _RECORD:
            self.put("::" + registry.format_type(e.type_oid, -1))

    def _whole_row_alias(self, e: RowExpr) -> str | None:
        """The reference name of the FROM item `e` is the whole row of, else None."""
        args = e.args
        if not e.field_names or not args or not all(isinstance(a, Var) for a in args):
            return None             # (an explicit ROW(...) has no field names)
        first = args[0]
        if any(a.rtindex != first.rtindex or a.levels_up != first.levels_up for a in args):
            return None
        rte = self._rte_of(first)
        if rte is None:
            return None
        if rte.kind == "relation":
            attnums = [a.attnum for a in rte.relation.attributes
                       if a.attnum > 0 and not a.is_dropped]
        elif rte.kind in ("subquery", "function", "values", "cte"):
            attnums = list(range(1, len(rte.column_names) + 1))
        else:
            return None
        if [a.attnum for a in args] != attnums:
            return None
        return self._join_alias(first) or _reference_name(rte)

    def _Const(self, e: Const, show_implicit, parent) -> None:
        type_name = registry.format_type(e.type_oid, e.typmod)
        if e.value is None:
            self.put(f"NULL::{type_name}")
            return
        if e.type_oid == 16:
            self.put("true" if e.value else "false")
            return
        text = registry.get_type(e.type_oid).output(e.value)
        if e.type_oid == _UNKNOWN:          # get_const_expr leaves it unlabeled
            self.put(_literal(text))
            return
        if e.type_oid == 23:
            self.put(text if _PLAIN_NUMBER.match(text) else f"{_literal(text)}::integer")
            return
        if e.type_oid in (1700, 700, 701) and _PLAIN_NUMBER.match(text) and not (
                e.type_oid == 1700 and "." in text):
            # an integer literal the analyser cast (numeric(2), float8(2)): PostgreSQL
            # prints the cast it keeps, "(2)::numeric"
            self.put(f"{text}::{type_name}" if self.pretty else f"({text})::{type_name}")
            return
        if e.type_oid == 1700 and _PLAIN_NUMBER.match(text):
            if "." in text:
                self.put(text)
            elif self.pretty:
                self.put(f"{text}::{type_name}")
            else:
                self.put(f"({text})::{type_name}")
            return
        self.put(f"{_literal(text)}::{type_name}")

    def _Param(self, e: Param, show_implicit, parent) -> None:
        if self.function_arguments is not None:
            names, function_name = self.function_arguments
            if 0 < e.number <= len(names):     # (an unnamed one among named: "")
                if any(level.range_table for level in self.levels):
                    self.put(quote_identifier(function_name) + ".")
                self.put(quote_identifier(names[e.number - 1]))
                return
        self.put(f"${e.number}")

    def _OpExpr(self, e: OpExpr, show_implicit, parent) -> None:
        if not self.pretty:
            self.put("(")
        if len(e.args) == 1:
            self.put(f"{e.operator_name} ")
            self.paren_expr(e.args[0], True, e)
        else:
            self.paren_expr(e.args[0], True, e)
            self.put(f" {e.operator_name} ")
            self.paren_expr(e.args[1], True, e)
        if not self.pretty:
            self.put(")")

    def _FuncExpr(self, e: FuncExpr, show_implicit, parent) -> None:
        if e.function_name == "is not distinct from":
            # PostgreSQL analyses it into NOT (a IS DISTINCT FROM b) and prints that
            if not self.pretty:
                self.put("(")
            self.put("NOT ")
            self.paren_expr(dataclasses.replace(e, function_name="is distinct from"),
                            False, _NOT)
            if not self.pretty:
                self.put(")")
            return
        if e.function_name == "is distinct from":
            if not self.pretty:
                self.put("(")
            self.paren_expr(e.args[0], True, e)
            self.put(" IS DISTINCT FROM ")
            self.paren_expr(e.args[1], True, e)
            if not self.pretty:
                self.put(")")
            return
        if sql_syntax_functions.print_sql_syntax(self, e):
            return
        self.put(f"{_function_name(e)}(")
        if e.written_args is not None:
            # a built-in call completed from pg_proc prints as written (named arguments
            # as name => value, defaults left out), as PostgreSQL keeps it until planning
            for i, (index, arg_name) in enumerate(e.written_args):
                self.put((", " if i else "") + (f"{quote_identifier(arg_name)} => " if arg_name else ""))
                self.expr(e.args[index], True, e)
            self.put(")")
            return
        if e.variadic_spread >= 0:
            for i, arg in enumerate(e.args[:e.variadic_spread]):
                self.put(", " if i else "")
                self.expr(arg, True, e)
            self.put(", " if e.variadic_spread else "")
            self.put("VARIADIC ARRAY[")
            for i, arg in enumerate(e.args[e.variadic_spread:]):
                self.put(", " if i else "")
                self.expr(arg, True, e)
            self.put("])")
            return
        for i, arg in enumerate(e.args):
            if i:
                self.put(", ")
            if e.variadic and i == len(e.args) - 1:
                self.put("VARIADIC ")
            self.expr(arg, True, e)
        self.put(")")

    def _CollateExpr(self, e, show_implicit, parent) -> None:
        # get_rule_expr's T_CollateExpr: "(arg COLLATE name)", parenthesised unless pretty
        if not self.pretty:
            self.put("(")
        self.paren_expr(e.arg, show_implicit, e)
        self.put(f" COLLATE {e.collation_name}")
        if not self.pretty:
            self.put(")")

    def _CoerceExpr(self, e: CoerceExpr, show_implicit, parent) -> None:
        if not e.explicit and not show_implicit:
            # the cast does not print, but its argument is parenthesised as under one
            self.paren_expr(e.arg, False, e)
            return
        arg = e.arg
        if isinstance(arg, Const) and arg.value is not None and arg.type_oid == e.type_oid \
                and arg.typmod < 0:
            # a typmod cast of a literal of its own type (1.5::numeric(5,2)): the literal
            # unlabelled, no parentheses (get_coercion_expr)
            self.put(_unlabelled_const(arg) + "::" + registry.format_type(e.type_oid, e.typmod))
            return
        if not self.pretty:
            self.put("(")
        self.paren_expr(arg, False, e)
        if not self.pretty:
            self.put(")")
        self.put("::" + registry.format_type(e.type_oid, e.typmod))

    def _FieldSelect(self, e, show_implicit, parent) -> None:
        """(composite).field: the composite always in parentheses (get_rule_expr)."""
        self.put("(")
        self.expr(e.arg, True, e)
        self.put(")." + quote_identifier(e.field_name))

    def _SubscriptExpr(self, e, show_implicit, parent) -> None:
        """array[i] / array[lo:hi]: the array in parentheses unless a column or a field
        selection (get_rule_expr's SubscriptingRef case)."""
        from pgsnake.parser.composite_expressions import FieldSelect
        shown = e.arg
        while isinstance(shown, CoerceExpr) and not shown.explicit:
            shown = shown.arg       # (a domain over an array read as its base: not shown)
        parens = not isinstance(shown, (Var, FieldSelect))
        if parens:
            self.put("(")
        self.expr(e.arg, False, e)
        if parens:
            self.put(")")
        for lower, upper in zip(e.lower, e.upper):
            self.put("[")
            if lower is not None:
                self.expr(lower, False, None)
                self.put(":")
            elif e.is_slice:
                self.put(":")
            if upper is not None:
                self.expr(upper, False, None)
            self.put("]")

    def _Aggref(self, e: Aggref, show_implicit, parent) -> None:
        self.put(f"{quote_identifier(e.aggregate_name)}(")
        if e.star:
            self.put("*")
        else:
            if e.distinct:
                self.put("DISTINCT ")
            for i, arg in enumerate(e.args):
                if i:
                    self.put(", ")
                self.expr(arg, True, e)
        self.put(")")
        if e.agg_filter is not None:
            self.put(" FILTER (WHERE ")
            self.expr(e.agg_filter, False, e)
            self.put(")")

    def _WindowFunc(self, e: WindowFunc, show_implicit, parent) -> None:
        window_printing.window_function(self, e)

    def _BoolExpr(self, e: BoolExpr, show_implicit, parent) -> None:
        if e.op == "not":
            if not self.pretty:
                self.put("(")
            self.put("NOT ")
            self.paren_expr(e.args[0], False, e)
            if not self.pretty:
                self.put(")")
            return
        if not self.pretty:
            self.put("(")
        for i, arg in enumerate(e.args):
            if i:
                self.put(" AND " if e.op == "and" else " OR ")
            self.paren_expr(arg, False, e)
        if not self.pretty:
            self.put(")")

    def _NullTest(self, e: NullTest, show_implicit, parent) -> None:
        if not self.pretty:
            self.put("(")
        self.paren_expr(e.arg, True, e)
        self.put(" IS NULL" if e.is_null else " IS NOT NULL")
        if not self.pretty:
            self.put(")")

    def _BooleanTest(self, e: BooleanTest, show_implicit, parent) -> None:
        if not self.pretty:
            self.put("(")
        self.paren_expr(e.arg, False, e)
        self.put(" " + e.test.replace("_", " "))
        if not self.pretty:
            self.put(")")

    def _CaseExpr(self, e: CaseExpr, show_implicit, parent) -> None:
        self.keyword("CASE", 0, INDENT_VAR, 0)
        test_arg = _simple_case_arg(e)
        if test_arg is not None:
            self.put(" ")
            self.expr(test_arg, True, e)
        for cond, result in e.whens:
            if not self.pretty:
                self.put(" ")
            self.keyword("WHEN ", 0, 0, 0)
            if test_arg is not None and isinstance(cond, OpExpr) and len(cond.args) == 2:
                cond = cond.args[1]         # `arg = value`: the value
            self.expr(cond, False, e)
            self.put(" THEN ")
            self.expr(result, True, e)
        if not self.pretty:
            self.put(" ")
        self.keyword("ELSE ", 0, 0, 0)
        self.expr(e.default if e.default is not None else Const(e.type_oid, None), True, e)
        if not self.pretty:
            self.put(" ")
        self.keyword("END", -INDENT_VAR, 0, 0)

    def _list(self, name: str, args, e, brackets: str = "()") -> None:
        self.put(name + brackets[0])
        for i, arg in enumerate(args):
            if i:
                self.put(", ")
            self.expr(arg, True, e)
        self.put(brackets[1])

    def _CoalesceExpr(self, e, show_implicit, parent) -> None:
        if e.column_name:
            # A FULL join's merged USING column: ruleutils prints the join alias Var
            # PostgreSQL keeps for it by its bare name (qualified by an aliased JOIN
            # around it).
            first = next((n for n in walk(e) if isinstance(n, Var)), None)
            alias = self._join_alias(first) if first is not None else None
            self.put(f"{quote_identifier(alias)}.{quote_identifier(e.column_name)}"
                     if alias else quote_identifier(e.column_name))
            return
        self._list("COALESCE", e.args, e)

    def _MinMaxExpr(self, e: MinMaxExpr, show_implicit, parent) -> None:
        self._list(e.op.upper(), e.args, e)

    def _NullIfExpr(self, e: NullIfExpr, show_implicit, parent) -> None:
        self._list("NULLIF", e.args, e)

    def _ArrayExpr(self, e: ArrayExpr, show_implicit, parent) -> None:
        self._list("ARRAY", e.elements, e, "[]")
        if not e.elements:       # ARRAY[]::integer[]: the type is all there is to print
            self.put("::" + registry.format_type(e.type_oid, -1))

    def _ScalarArrayOpExpr(self, e: ScalarArrayOpExpr, show_implicit, parent) -> None:
        if not self.pretty:
            self.put("(")
        self.paren_expr(e.arg, True, e)
        if e.array is not None:             # an array-valued expression: `x = ANY (col)`
            self.put(f" {e.operator_name} {'ANY' if e.use_or else 'ALL'} (")
            self.paren_expr(e.array, True, e)
            self.put(")")
            if not self.pretty:
                self.put(")")
            return
        self.put(f" {e.operator_name} {'ANY' if e.use_or else 'ALL'} (ARRAY[")
        for i, item in enumerate(e.items):
            if i:
                self.put(", ")
            self.expr(item, True, e)
        self.put("])")
        if not self.pretty:
            self.put(")")

    def _SQLValueFunction(self, e: SQLValueFunction, show_implicit, parent) -> None:
        text = e.name.upper()
        if e.typmod >= 0 and e.name in ("current_time", "current_timestamp", "localtime",
                                        "localtimestamp"):
            text += f"({e.typmod})"
        self.put(text)

    def _SubLink(self, e: SubLink, show_implicit, parent) -> None:
        self.put("ARRAY(" if e.kind == "array" else "(")
        need_paren = e.kind in ("exists", "any", "all", "rowcompare")
        if e.kind == "exists":
            self.put("EXISTS ")
        elif e.kind in ("any", "all", "rowcompare"):
            comparison = e.arg
            if isinstance(comparison, OpExpr):
                self.expr(comparison.args[0], True, comparison)
                name = comparison.operator_name
            else:
                # a row: (a, b) from the pairs' left sides (get_sublink_expr)
                pairs = comparison.args if isinstance(comparison, BoolExpr) else None
                lefts = [p.args[0] for p in pairs] if pairs else list(comparison.largs)
                name = pairs[0].operator_name if pairs else comparison.operator_name
                self.put("(")
                for i, left in enumerate(lefts):
                    if i:
                        self.put(", ")
                    self.expr(left, True, comparison)
                self.put(")")
            if e.kind == "rowcompare":
                self.put(f" {name} ")
            elif e.kind == "any" and name == "=":
                self.put(" IN ")
            else:
                self.put(f" {name} {'ANY' if e.kind == 'any' else 'ALL'} ")
        if need_paren:
            self.put("(")
        self.query(e.subquery, self.indent)
        self.put("))" if need_paren else ")")


def _simple_case_arg(e: CaseExpr):
    """The argument of a simple CASE: the left side of its first `arg = value`, without
    the implicit cast the comparison may have put on it; None for a searched CASE."""
    if not e.simple or not e.whens:
        return None
    first = e.whens[0][0]
    if not isinstance(first, OpExpr) or len(first.args) != 2:
        return None
    arg = first.args[0]
    while isinstance(arg, CoerceExpr) and not arg.explicit:
        arg = arg.arg
    return arg


def _reference_name(rte) -> str:
    """The name a FROM item is referred to by: its alias, or for a table without one
    its current name (which a RENAME may have changed since analysis)."""
    if rte.kind == "relation" and not rte.explicit_alias:
        from pgsnake.catalog import catalog_cache as cc
        row = cc.class_row(rte.relation.oid)
        if row is not None:
            return row.relname
    return rte.alias


def _current_attribute_name(relation_oid: int, attnum: int) -> str | None:
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.utils.errors import PgError
    try:
        relation = cc.get_relation(relation_oid)
    except PgError:           # dropped meanwhile: keep the analysed name
        return None
    for attribute in relation.attributes:
        if attribute.attnum == attnum:
            return attribute.name
    return None


def _simple_operator(node) -> str | None:
    if isinstance(node, OpExpr) and len(node.args) == 2:
        return node.operator_name
    return None


_NOT = BoolExpr("not", ())       # the parent IS NOT DISTINCT FROM's operand prints under


def _is_simple(node, parent) -> bool:
    """isSimpleNode: can `node` go without parentheses inside `parent` (pretty mode)?"""
    if parent is None:
        return True
    if isinstance(node, FuncExpr) and node.function_name == "is distinct from":
        # a DistinctExpr: an operator
        return False if isinstance(parent, OpExpr) else _simple_under(parent)
    if isinstance(node, FuncExpr) and node.function_name == "is not distinct from":
        node = _NOT               # NOT (a IS DISTINCT FROM b)
    if isinstance(node, (Var, Const, Param, FuncExpr, Aggref, CoalesceExpr, MinMaxExpr,
                         NullIfExpr, SQLValueFunction, CaseExpr, WindowFunc, ArrayExpr)):
        return True
    if isinstance(node, CoerceExpr):
        return True
    if isinstance(node, SubLink):
        return _simple_under(parent)
    if isinstance(node, OpExpr):
        if isinstance(parent, OpExpr):
            op, parent_op = _simple_operator(node), _simple_operator(parent)
            if not op or not parent_op:
                return False
            low, high = op[0] in "+-", op[0] in "*/%"
            if not (low or high) or len(op) != 1:
                return False
            parent_low, parent_high = parent_op[0] in "+-", parent_op[0] in "*/%"
            if not (parent_low or parent_high) or len(parent_op) != 1:
                return False
            if high and parent_low:
                return True
            if low and parent_high:
                return False
            return node is parent.args[0]
        return _simple_under(parent)
    if isinstance(node, (NullTest, BooleanTest)):
        return _simple_under(parent)
    if isinstance(node, BoolExpr):
        if isinstance(parent, BoolExpr):
            if node.op in ("not", "and"):
                return parent.op in ("and", "or")
            return parent.op == "or"
        return _simple_under(parent)
    return False


def _simple_under(parent) -> bool:
    """The parents under which an operator or test needs no parentheses of its own."""
    if isinstance(parent, CoerceExpr):
        return False
    if isinstance(parent, FuncExpr) and parent.function_name in ("is distinct from",
                                                                 "is not distinct from"):
        return False            # a DistinctExpr's operands, as an operator's
    return isinstance(parent, (FuncExpr, BoolExpr, CoalesceExpr, MinMaxExpr, NullIfExpr,
                               Aggref, CaseExpr))


def _function_name(e: FuncExpr) -> str:
    """The name a call prints with: schema-qualified when the search path would not find
    this function by it (generate_function_name). Built-in functions are always found."""
    name = quote_identifier(e.function_name)
    if e.function_oid < FIRST_NORMAL_OBJECT_ID:
        return name
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import lookup_functions
    if lookup_functions.function_is_visible(e.function_oid) is not False:
        return name
    row = lookup_functions.proc_row(e.function_oid)
    return f"{quote_identifier(cc.namespace_name(row.pronamespace))}.{name}"
