"""pg_get_ruledef for rules made by CREATE RULE (ON INSERT / UPDATE / DELETE): the
rule's stored condition and actions (SQL text, commands/rule_commands.py) analysed
again with NEW and OLD as range-table entries that are not in FROM, and printed in
ruleutils.c's layout:

    CREATE RULE name AS
        ON UPDATE TO schema.table
       WHERE (condition) DO [INSTEAD] <action>;      one action (after two spaces)
    ... DO [INSTEAD] ( <action>;\\n <action>;\\n );  several
    ... DO [INSTEAD] NOTHING;

Actions printed: INSERT ... VALUES (its column list always written out, the values
coerced to the columns' types; several rows as get_values_def prints them), INSERT ...
SELECT (the SELECT one indentation step in), VALUES, UPDATE ... SET ... [FROM ...]
WHERE, DELETE ... [USING ...] WHERE, SELECT, NOTIFY, with RETURNING for INSERT ...
VALUES, and for UPDATE / DELETE without FROM / USING. Others (with WITH or another
RETURNING, ON CONFLICT, subscripted or field SET targets) print as
written, which is where this differs from PostgreSQL; so does an INSERT ... SELECT's
column whose name a RENAME changed (PostgreSQL keeps the old name as its alias).

Entry point: rule_definition(rule_row, pretty) -> text.

PostgreSQL: utils/adt/ruleutils.c (make_ruledef, get_insert_query_def,
get_update_query_def, get_delete_query_def).
"""
from __future__ import annotations

import copy
import dataclasses

from pglast import ast, parse_sql
from pglast.stream import RawStream

from pgsnake.catalog import catalog_cache as cc
from pgsnake.rewrite import view_deparse

_EVENT_WORDS = {"1": "SELECT", "2": "UPDATE", "3": "INSERT", "4": "DELETE"}


def rule_definition(rule, pretty: bool = False) -> str:
    from pgsnake.catalog.view_creation import split_search_path
    search_path, action_text = split_search_path(rule.ev_action)
    relation_oid = rule.ev_class
    row = cc.class_row(relation_oid)
    target = cc.relation_display_name(relation_oid) if pretty else \
        f"{cc.quote_identifier(cc.namespace_name(row.relnamespace) or '')}." \
        f"{cc.quote_identifier(row.relname)}"
    out = [f"CREATE RULE {cc.quote_identifier(rule.rulename)} AS\n    ON "
           f"{_EVENT_WORDS[rule.ev_type]} TO {target}"]
    with cc.search_path_as(search_path):
        if rule.ev_qual and rule.ev_qual != "<>":
            query = _pseudo_query(relation_oid, f"SELECT FROM {{from}} WHERE {rule.ev_qual}")
            out.append("\n   WHERE " + _expression(query, query.where, pretty,
                                                   view_deparse.INDENT_STD))
        out.append(" DO ")
        if rule.is_instead:
            out.append("INSTEAD ")
        actions = [s.stmt for s in parse_sql(action_text)] if action_text.strip() else []
        if not actions:
            out.append("NOTHING;")
        elif len(actions) == 1:
            text = _action(relation_oid, actions[0], pretty)
            if text.startswith("\n"):         # appendContextKeyword drops the spaces
                out[-1] = out[-1].rstrip(" ")
                if out[-1] == "":
                    out[-2] = out[-2].rstrip(" ")
            out.append(text + ";")
        else:
            out.append("(")
            for action in actions:
                out.append(_action(relation_oid, action, pretty) + ";\n")
            out.append(");")
    return "".join(out)


def _pseudo_query(relation_oid: int, template: str, extra_from: str = "",
                  hide_new_old: bool = True):
    """`template` (with {from} where FROM items go) analysed with the rule's relation as
    "new" and "old"; those two are then taken out of FROM (PostgreSQL's NEW / OLD
    range-table entries are not in its join tree) so they are not printed."""
    from pgsnake.parser import analyze, raw_parser
    row = cc.class_row(relation_oid)
    qualified = f"{cc.quote_identifier(cc.namespace_name(row.relnamespace))}." \
                f"{cc.quote_identifier(row.relname)}"
    items = ([extra_from] if extra_from else []) + [f'{qualified} AS "new"',
                                                    f'{qualified} AS "old"']
    raw = raw_parser.parse_sql(template.replace("{from}", ", ".join(items)))[0]
    query = analyze.analyze_node(raw.node, raw.source, [], fixed_params=True)
    if not hide_new_old:
        return query
    count = len(query.range_table)
    hidden = {count - 1, count}
    query.from_list = [n for n in query.from_list if n.rtindex not in hidden]
    return query


def _printer(query, pretty: bool):
    printer = view_deparse._Printer(pretty)
    printer.levels.append(query)
    return printer


def _expression(query, expr, pretty: bool, indent: int = 0) -> str:
    printer = _printer(query, pretty)
    printer.indent = indent
    printer.expr(expr, False, None)
    return "".join(printer.buf)


def _sql(node) -> str:
    return RawStream()(node)


def _relation_name(range_var) -> str:
    oid = cc.lookup_relation_oid(range_var.relname, range_var.schemaname)
    name = cc.relation_display_name(oid) if oid is not None else _sql(range_var)
    if range_var.alias is not None:
        name += f" {cc.quote_identifier(range_var.alias.aliasname)}"
    return name


def _action(relation_oid: int, action, pretty: bool) -> str:
    try:
        if isinstance(action, ast.NotifyStmt):
            return "\n " + _sql(action)
        if isinstance(action, ast.SelectStmt):
            return _select(relation_oid, action, pretty)
        if isinstance(action, ast.DeleteStmt) and not action.withClause:
            return _delete(relation_oid, action, pretty)
        if isinstance(action, ast.UpdateStmt) and not action.withClause:
            return _update(relation_oid, action, pretty)
        if isinstance(action, ast.InsertStmt):
            return _insert(relation_oid, action, pretty)
    except Exception:      # noqa: BLE001 - printing falls back to the stored text
        pass
    return " " + _sql(action)


def _expand_stars(relation_oid: int, row) -> list:
    """NEW.* / OLD.* in a VALUES row as the relation's columns."""
    names = [a.name for a in cc.get_relation(relation_oid).attributes
             if a.attnum > 0 and not a.is_dropped]
    out = []
    for item in row:
        fields = getattr(item, "fields", None) if isinstance(item, ast.ColumnRef) else None
        if fields and len(fields) == 2 and isinstance(fields[1], ast.A_Star) and \
                isinstance(fields[0], ast.String) and fields[0].sval in ("new", "old"):
            out += [ast.ColumnRef(fields=(fields[0], ast.String(sval=n))) for n in names]
        else:
            out.append(item)
    return out


def _values_rows(relation_oid: int, rows, columns, pretty: bool) -> str:
    """A multi-row VALUES as get_values_def prints it: `(a,b), (c,d)`; each value coerced
    to its column's type when there are columns, DEFAULT as itself."""
    from pgsnake.datatypes import registry
    printed = []
    for row in rows:
        items = _expand_stars(relation_oid, row)
        texts = []
        for i, item in enumerate(items):
            if isinstance(item, ast.SetToDefault):
                texts.append("DEFAULT")
                continue
            value = _sql(item)
            if columns is not None and i < len(columns):
                attribute = columns[i]
                value = f"CAST(({value}) AS " \
                        f"{registry.format_type(attribute.type_oid, attribute.typmod)})"
            query = _pseudo_query(relation_oid, f"SELECT {value} FROM {{from}}")
            expr = query.target_list[0].expr
            if columns is not None and not isinstance(item, ast.TypeCast):
                expr = _as_assigned(expr)
            texts.append(_expression(query, expr, pretty))
        printed.append("(" + ",".join(texts) + ")")
    return ", ".join(printed)


def _select(relation_oid: int, action, pretty: bool) -> str:
    from pglast import enums
    if action.valuesLists and action.op == enums.SetOperation.SETOP_NONE and \
            not (action.sortClause or action.limitCount or action.limitOffset):
        return " VALUES " + _values_rows(relation_oid, action.valuesLists, None, pretty)
    query = _select_query(relation_oid, action)
    return view_deparse.query_text(query, pretty, [t.name for t in query.output_columns()])


def _select_query(relation_oid: int, select):
    """A SELECT of a rule's action analysed with NEW / OLD beside its FROM items."""
    from pglast import enums
    if select.op != enums.SetOperation.SETOP_NONE or select.valuesLists:
        raise ValueError("printed as written")
    select = copy.deepcopy(select)
    _expand_bare_star(select)
    for item in select.fromClause or ():
        if isinstance(item, ast.JoinExpr):
            _qualify_bare_columns(_table_items(select.fromClause), item)
    _qualify_bare_columns(_table_items(select.fromClause), select.targetList,
                          select.whereClause, select.groupClause, select.havingClause,
                          select.sortClause)
    from_items = ", ".join(_sql(f) for f in select.fromClause or ())
    select.fromClause = (ast.RangeVar(relname="__rule_from__", inh=True, relpersistence="p"),)
    text = _sql(select).replace("__rule_from__", "{from}", 1)
    return _pseudo_query(relation_oid, text, from_items)


def _table_items(items) -> list:
    """The RangeVars among FROM items, through JOINs (not into subqueries)."""
    out = []
    for item in items or ():
        if isinstance(item, ast.RangeVar):
            out.append(item)
        elif isinstance(item, ast.JoinExpr):
            out += _table_items((item.larg, item.rarg))
    return out


def _qualify_bare_columns(tables, *clauses):
    """Unqualified column names of the statement's own tables written with the table's
    name (or alias) in `clauses` (not inside subqueries): in the analysed stand-in query
    NEW and OLD are FROM items beside them, and would make the names ambiguous, where a
    rule action does not see their columns unqualified (transformRuleStmt adds them to
    the relation namespace only)."""
    owners: dict[str, list[str]] = {}
    for table in tables:
        oid = cc.lookup_relation_oid(table.relname, table.schemaname)
        if oid is None:
            continue
        reference = table.alias.aliasname if table.alias is not None else table.relname
        for attribute in cc.get_relation(oid).attributes:
            if attribute.attnum > 0 and not attribute.is_dropped:
                owners.setdefault(attribute.name, []).append(reference)

    def walk(node):
        if isinstance(node, ast.SubLink):          # its test expression is this level's
            walk(node.testexpr)
            return node
        if isinstance(node, (ast.RangeSubselect, ast.SelectStmt)):
            return node
        if isinstance(node, ast.ColumnRef):
            fields = node.fields
            if len(fields) == 1 and isinstance(fields[0], ast.String) and \
                    len(owners.get(fields[0].sval, ())) == 1:
                node.fields = (ast.String(sval=owners[fields[0].sval][0]), fields[0])
            return node
        if isinstance(node, ast.Node):
            for name in node:
                value = getattr(node, name)
                if isinstance(value, (ast.Node, tuple)):
                    walk(value)
        elif isinstance(node, tuple):
            for item in node:
                walk(item)
        return node
    for clause in clauses:
        walk(clause)


def _from_references(items) -> list | None:
    """The names the FROM items are referred to by, in order (None for one without)."""
    out = []
    for item in items or ():
        if isinstance(item, ast.RangeVar):
            out.append(item.alias.aliasname if item.alias is not None else item.relname)
        elif isinstance(item, ast.RangeSubselect) and item.alias is not None:
            out.append(item.alias.aliasname)
        elif isinstance(item, ast.JoinExpr) and item.alias is None and not item.usingClause \
                and not item.isNatural:
            inner = _from_references((item.larg, item.rarg))
            if inner is None:
                return None
            out += inner
        else:
            return None
    return out


def _expand_bare_star(select) -> None:
    """A bare * in the select list as each FROM item's .*: NEW and OLD, FROM items of
    the stand-in query, are not part of it in a rule action."""
    targets = select.targetList or ()
    if not any(isinstance(t.val, ast.ColumnRef) and len(t.val.fields) == 1
               and isinstance(t.val.fields[0], ast.A_Star) for t in targets):
        return
    references = _from_references(select.fromClause)
    if references is None:
        raise ValueError("printed as written")
    expanded = []
    for target in targets:
        value = target.val
        if isinstance(value, ast.ColumnRef) and len(value.fields) == 1 and \
                isinstance(value.fields[0], ast.A_Star):
            expanded += [ast.ResTarget(val=ast.ColumnRef(fields=(ast.String(sval=r),
                                                                 ast.A_Star())))
                         for r in references]
        else:
            expanded.append(target)
    select.targetList = tuple(expanded)


def _from_list(query, items, word: str, pretty: bool) -> str:
    """get_from_clause for DELETE's USING / UPDATE's FROM: `word` on a line of its own,
    each further item on the next (wrap column 0)."""
    printer = _printer(query, pretty)
    printer.indent = view_deparse.INDENT_STD
    for i, item in enumerate(items):
        if i == 0:
            printer.keyword(word, -view_deparse.INDENT_STD, view_deparse.INDENT_STD, 2)
        else:
            printer.put(", ")
            printer.keyword("", -view_deparse.INDENT_STD, view_deparse.INDENT_STD,
                            view_deparse.INDENT_VAR)
        printer._from_item(query, item)
    return "".join(printer.buf)


def _extra_from(action, items) -> str:
    """The FROM text standing for the statement's target and its USING / FROM items."""
    return ", ".join([_sql(action.relation)] + [_sql(f) for f in items or ()])


def _delete(relation_oid: int, action, pretty: bool) -> str:
    if action.returningClause and action.usingClause:
        raise ValueError("printed as written")
    action = copy.deepcopy(action)
    _qualify_bare_columns([action.relation] + _table_items(action.usingClause),
                          action.whereClause)
    target = _relation_name(action.relation)
    out = f" DELETE FROM {target}"
    where = f" WHERE {_sql(action.whereClause)}" if action.whereClause is not None else ""
    query = _pseudo_query(relation_oid, f"SELECT FROM {{from}}{where}",
                          _extra_from(action, action.usingClause))
    if action.usingClause:
        out += _from_list(query, query.from_list[1:], " USING ", pretty)
    if query.where is not None:
        out += "\n  WHERE " + _expression(query, query.where, pretty)
    return out + _returning(relation_oid, action, pretty)


def _update(relation_oid: int, action, pretty: bool) -> str:
    if action.returningClause and action.fromClause or \
            any(t.indirection for t in action.targetList):
        raise ValueError("printed as written")
    action = copy.deepcopy(action)
    _qualify_bare_columns([action.relation] + _table_items(action.fromClause),
                          tuple(t.val for t in action.targetList), action.whereClause)
    target = _relation_name(action.relation)
    values = ", ".join(_sql(t.val) for t in action.targetList)
    where = f" WHERE {_sql(action.whereClause)}" if action.whereClause is not None else ""
    query = _pseudo_query(relation_oid, f"SELECT {values} FROM {{from}}{where}",
                          _extra_from(action, action.fromClause))
    sets = ", ".join(f"{cc.quote_identifier(t.name)} = "
                     f"{_expression(query, e.expr, pretty)}"
                     for t, e in zip(action.targetList, query.target_list))
    out = f" UPDATE {target} SET {sets}"
    if action.fromClause:
        out += _from_list(query, query.from_list[1:], " FROM ", pretty)
    if query.where is not None:
        out += "\n  WHERE " + _expression(query, query.where, pretty)
    return out + _returning(relation_oid, action, pretty)


def _as_assigned(expr):
    """The CAST standing for the INSERT's assignment coercion prints as PostgreSQL
    prints an implicit coercion: not at all."""
    from pgsnake.parser.expression_nodes import CoerceExpr
    if isinstance(expr, CoerceExpr) and expr.explicit:
        return dataclasses.replace(expr, explicit=False)
    return expr


def _keep_unknown_literals(query, select) -> None:
    """An INSERT's SELECT leaves its string literals' type unknown (the INSERT coerces
    them), so they print without a cast."""
    from pgsnake.parser.expression_nodes import Const
    for tle, target in zip(query.target_list, select.targetList or ()):
        value = getattr(target, "val", None)
        if isinstance(value, ast.A_Const) and isinstance(value.val, ast.String) and \
                isinstance(tle.expr, Const) and tle.expr.type_oid == 25:
            tle.expr = dataclasses.replace(tle.expr, type_oid=705)


def _insert_select(relation_oid: int, action, attributes, pretty: bool) -> str:
    """INSERT INTO t (columns)  SELECT ...: the SELECT laid out one indentation step in
    (get_insert_query_def; its column names shown only where FigureColname would not
    give them)."""
    if action.returningClause is not None or action.onConflictClause is not None \
            or action.withClause is not None:
        raise ValueError("printed as written")
    query = _select_query(relation_oid, action.selectStmt)
    select = action.selectStmt
    if not (select.distinctClause or select.sortClause or select.groupClause):
        # (DISTINCT, ORDER BY and GROUP BY resolve them to text)
        _keep_unknown_literals(query, select)
    width = len(query.output_columns())
    if action.cols:
        by_name = {a.name: a for a in attributes}
        columns = [by_name[t.name] for t in action.cols]
    else:
        columns = attributes[:width]
    names = ", ".join(cc.quote_identifier(a.name) for a in columns)
    printer = _printer(query, pretty)
    printer.levels.pop()
    printer.query(query, view_deparse.INDENT_STD)
    return f" INSERT INTO {_relation_name(action.relation)} ({names}) " + "".join(printer.buf)


def _insert(relation_oid: int, action, pretty: bool) -> str:
    select = action.selectStmt
    if select is None:
        raise ValueError("printed as written")
    oid = cc.lookup_relation_oid(action.relation.relname, action.relation.schemaname)
    attributes = [a for a in cc.get_relation(oid).attributes if a.attnum > 0 and
                  not a.is_dropped]
    if not select.valuesLists:
        return _insert_select(relation_oid, action, attributes, pretty)
    if len(select.valuesLists) > 1:
        width = len(_expand_stars(relation_oid, select.valuesLists[0]))
        if action.cols:
            by_name = {a.name: a for a in attributes}
            columns = [by_name[t.name] for t in action.cols]
        else:
            columns = attributes[:width]
        names = ", ".join(cc.quote_identifier(a.name) for a in columns)
        out = f" INSERT INTO {_relation_name(action.relation)} ({names}) VALUES " + \
            _values_rows(relation_oid, select.valuesLists, columns, pretty)
        if action.returningClause is not None:
            raise ValueError("printed as written")
        return out
    row = select.valuesLists[0]
    if action.cols:
        by_name = {a.name: a for a in attributes}
        columns = [by_name[t.name] for t in action.cols]
    else:
        columns = attributes[:len(row)]
    from pgsnake.datatypes import registry
    kept = [(a, v) for a, v in zip(columns, row) if not isinstance(v, ast.SetToDefault)]
    values = ", ".join(f"CAST(({_sql(v)}) AS {registry.format_type(a.type_oid, a.typmod)})"
                       for a, v in kept)
    query = _pseudo_query(relation_oid, f"SELECT {values} FROM {{from}}")
    names = ", ".join(cc.quote_identifier(a.name) for a, _ in kept)
    printed = ", ".join(_expression(query, t.expr if isinstance(v, ast.TypeCast)
                                    else _as_assigned(t.expr), pretty)
                        for t, (_a, v) in zip(query.target_list, kept))
    out = f" INSERT INTO {_relation_name(action.relation)} ({names})\n  VALUES ({printed})"
    return out + _returning(relation_oid, action, pretty)


def _returning(relation_oid: int, action, pretty: bool) -> str:
    """An action's RETURNING list as get_returning_clause prints it ('' without one)."""
    returning = action.returningClause.exprs if action.returningClause is not None else ()
    if not returning:
        return ""
    targets = ", ".join(_sql(t) for t in returning)
    try:
        # unqualified names are the target's (NEW and OLD are not in scope there
        # unless named)
        query = _pseudo_query(relation_oid, f"SELECT {targets} FROM "
                              f"{_sql(action.relation)}", hide_new_old=False)
    except Exception:      # noqa: BLE001
        query = _pseudo_query(relation_oid, f"SELECT {targets} FROM {{from}}",
                              _sql(action.relation))
    printer = _printer(query, pretty)
    printer.indent = 8
    printer.keyword(" RETURNING", -8, 8, 1)
    printer._target_list(query, None)
    return "".join(printer.buf)
