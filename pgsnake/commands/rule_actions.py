"""Rules applied to INSERT / UPDATE / DELETE: a statement on a relation with enabled
ON INSERT / UPDATE / DELETE rules (CREATE RULE, commands/rule_commands.py) becomes the
list of statements PostgreSQL's rewriter makes of it, run one after the other.

How a rule action is made into a statement (the work of rewriteHandler.c's
rewriteRuleAction, done here on parse trees and SQL text rather than Query trees):
  - the rows the original statement would touch become one derived table, "*NEW_OLD*",
    with a column "new$c" (and for UPDATE / DELETE "old$c") per column c of the
    relation: for INSERT the VALUES / SELECT rows cast to the columns' types, with the
    defaults of the columns left out; for UPDATE the target's rows that match its WHERE
    (joined with its FROM) with the SET expressions; for DELETE those rows;
  - NEW.c / OLD.c in the rule's actions and WHERE condition name that table's columns;
  - the table joins the action: added to an UPDATE's FROM, a DELETE's USING, a
    SELECT's FROM (an INSERT's VALUES row becomes a SELECT over it), and the rule's
    condition to the action's WHERE;
  - NOTIFY runs once, whatever rows there are (as PostgreSQL documents).
The original statement runs unless an unconditional INSTEAD rule replaces it; each
conditional INSTEAD rule adds `(condition) IS NOT TRUE` to it. For INSERT it runs
before the actions, for UPDATE and DELETE after them (PostgreSQL's order). The command
tag is the original's when it runs, else that of the last INSTEAD action of the same
kind, else the original's kind with 0 rows. RETURNING of a replaced statement comes from
the unconditional INSTEAD rule's action with a RETURNING list (its entries are the
relation's columns).

Every action is prepared again as a statement, so rules of the relations the actions
write apply in turn; a relation reached again with the same event is 42P17 (infinite
recursion), as in PostgreSQL. Privileges: the statement's own (its command on the
relation, SELECT where it reads rows or FROM / USING tables) are checked as its user
even when INSTEAD rules replace it; the actions' relations are checked as the owner of
the rule's relation (PostgreSQL's checkAsUser of a rule action).

Entry point: none (registers a statement route with executor/portal_query.py);
rules_of(relation_oid, event) and action_statements(...) serve rule_commands.

Where we differ from PostgreSQL: volatile expressions of the original statement are
evaluated once per statement that uses them (PostgreSQL copies the expressions into
each action too, so this matches except for INSERT ... SELECT sources, which PostgreSQL
also runs once per action); a whole-row NEW / OLD is not supported (0A000), nor WHERE CURRENT OF, nor multiple-column SET.

PostgreSQL: rewrite/rewriteHandler.c (RewriteQuery, fireRules, rewriteRuleAction,
CopyAndAddInvertedQual), tcop/pquery.c (PortalRunMulti's command tag).
"""
from __future__ import annotations

import copy

from pglast import ast, enums, parse_sql
from pglast.stream import RawStream
from pglast.visitors import Visitor

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import invalidation
from pgsnake.executor import portal_query
from pgsnake.utils.errors import PgError

NEW_OLD = "*NEW_OLD*"
EVENT_OF_STATEMENT = {"InsertStmt": "3", "UpdateStmt": "2", "DeleteStmt": "4"}
KIND_OF_EVENT = {"3": "INSERT", "2": "UPDATE", "4": "DELETE", "1": "SELECT"}
RETURN_RULE = "_RETURN"
RETURNING_CTE = "*RETURNING*"      # the WITH query _returning_over wraps an action in

_expanding: list[tuple[int, str]] = []     # (relation, event) being rewritten now
_bypass: set[int] = set()                  # id() of raw statements not to route again


def rules_of(relation_oid: int, event: str, enabled_only: bool = True) -> list:
    """The relation's rules for `event` (pg_rewrite.ev_type), in name order (the order
    PostgreSQL fires them), without a view's _RETURN rule."""
    rows = [r for r in cc.scan_catalog("pg_rewrite")
            if r.ev_class == relation_oid and r.ev_type == event and r.rulename != RETURN_RULE]
    if enabled_only:
        replica = _session_replication_role() == "replica"
        rows = [r for r in rows if r.ev_enabled in (("R", "A") if replica else ("O", "A"))]
    return sorted(rows, key=lambda r: r.rulename)


def _session_replication_role() -> str:
    from pgsnake.utils import settings
    return settings.get("session_replication_role")


def stored_actions(rule) -> tuple[str | None, list, object]:
    """(search path, action parse trees, condition parse tree or None) of a rule row."""
    from pgsnake.catalog.view_creation import split_search_path
    search_path, text = split_search_path(rule.ev_action)
    actions = [s.stmt for s in parse_sql(text)] if text.strip() else []
    qual = None
    if rule.ev_qual and rule.ev_qual != "<>":
        qual = parse_sql(f"SELECT WHERE {rule.ev_qual}")[0].stmt.whereClause
    return search_path, actions, qual


# ---------------------------------------------------------------------------------------
# NEW / OLD


class _Substitute:
    """Replaces NEW.c / OLD.c column references by parse trees `replace(which, column)`
    gives (`new.*` / `old.*` in a target list or VALUES row: _ExpandStars first)."""

    def __init__(self, columns: list[str], replace) -> None:
        self.columns, self.replace = columns, replace

    def visit_ColumnRef(self, ancestors, node):
        fields = node.fields
        if not fields or not isinstance(fields[0], ast.String):
            return None
        which = fields[0].sval
        if which not in ("new", "old"):
            return None
        if len(fields) == 1:
            raise PgError("0A000", f"whole-row references to {which.upper()} in rules are "
                                   "not supported yet")
        if isinstance(fields[1], ast.A_Star):
            return None      # expanded by _expand_stars
        column = fields[1].sval
        if column not in self.columns:
            error = PgError("42703", f"column {which}.{column} does not exist")
            error.rule_text_location = node.location     # for CREATE RULE's position
            raise error
        replacement = self.replace(which, column)
        if len(fields) > 2:
            return ast.A_Indirection(arg=replacement, indirection=tuple(fields[2:]))
        return replacement


class _NamesNewOld(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def visit_ColumnRef(self, ancestors, node):
        fields = node.fields
        if len(fields) > 1 and isinstance(fields[0], ast.String) and \
                fields[0].sval in ("new", "old"):
            self.found = True
        return None


def check_with_clause(action) -> None:
    """A rule action's WITH queries may not read NEW or OLD (transformRuleStmt, OLD
    checked first)."""
    with_clause = getattr(action, "withClause", None)
    if with_clause is None:
        return
    for which in ("old", "new"):
        found = []
        _each_node(with_clause, lambda n: found.append(1) if isinstance(n, ast.ColumnRef)
                   and len(n.fields) > 1 and isinstance(n.fields[0], ast.String)
                   and n.fields[0].sval == which else None)
        if found:
            raise PgError("0A000", f"cannot refer to {which.upper()} within WITH query")


def names_new_or_old(node) -> bool:
    """Whether a parse tree refers to NEW or OLD."""
    visitor = _NamesNewOld()
    visitor(ast.ResTarget(val=node))
    return visitor.found


def _star_of(node) -> str | None:
    if isinstance(node, ast.ColumnRef) and len(node.fields) == 2 and \
            isinstance(node.fields[0], ast.String) and node.fields[0].sval in ("new", "old") \
            and isinstance(node.fields[1], ast.A_Star):
        return node.fields[0].sval
    return None


def _each_node(node, fn) -> None:
    """fn(every parse-tree Node under `node`, parents first); written out rather than a
    pglast Visitor because fn replaces child tuples the walk must then follow."""
    if isinstance(node, tuple):
        for item in node:
            _each_node(item, fn)
        return
    if not isinstance(node, ast.Node):
        return
    fn(node)
    for name in node:
        value = getattr(node, name)
        if isinstance(value, (ast.Node, tuple)):
            _each_node(value, fn)


class _ExpandStars:
    def __init__(self, columns: list[str]) -> None:
        self.columns = columns

    def __call__(self, holder) -> None:
        def visit(node):
            if isinstance(node, ast.SelectStmt):
                self.visit_SelectStmt(None, node)
            elif isinstance(node, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)) and \
                    node.returningClause is not None and node.returningClause.exprs:
                # RETURNING NEW.* / OLD.c: the relation's columns, named as they are
                node.returningClause.exprs = self._targets(node.returningClause.exprs)
        _each_node(holder, visit)

    def _refs(self, which):
        return [ast.ColumnRef(fields=(ast.String(sval=which), ast.String(sval=c)))
                for c in self.columns]

    def _targets(self, targets) -> tuple:
        """A target list with NEW.* / OLD.* expanded, a NEW / OLD column keeping its
        name as the output column's name."""
        if any(_star_of(t.val) for t in targets):
            out = []
            for t in targets:
                which = _star_of(t.val)
                out += [ast.ResTarget(val=r) for r in self._refs(which)] if which else [t]
            targets = tuple(out)
        for target in targets:
            fields = getattr(target.val, "fields", None)
            if target.name is None and isinstance(target.val, ast.ColumnRef) and \
                    len(fields) == 2 and isinstance(fields[0], ast.String) and \
                    fields[0].sval in ("new", "old") and isinstance(fields[1], ast.String):
                target.name = fields[1].sval
        return tuple(targets)

    def visit_SelectStmt(self, ancestors, node):
        if node.targetList:
            node.targetList = self._targets(node.targetList)
        if node.valuesLists:
            rows = []
            for row in node.valuesLists:
                items = []
                for item in row:
                    which = _star_of(item)
                    items += self._refs(which) if which else [item]
                rows.append(tuple(items))
            node.valuesLists = tuple(rows)
        return None


def substitute(node, columns: list[str], replace):
    """`node` (a parse tree, changed in place and returned) with NEW / OLD replaced."""
    if node is None:
        return None
    holder = ast.ResTarget(val=node)
    _ExpandStars(columns)(holder)
    swap = _Substitute(columns, replace)

    def replaced(value):
        if isinstance(value, tuple):
            return tuple(replaced(item) for item in value)
        if isinstance(value, ast.ColumnRef):
            return swap.visit_ColumnRef(None, value) or value
        return value

    def fix(parent) -> None:
        for name in parent:
            value = getattr(parent, name)
            if isinstance(value, (ast.ColumnRef, tuple)):
                setattr(parent, name, replaced(value))
    _each_node(holder, fix)
    return holder.val


def _expression(sql: str):
    return parse_sql(f"SELECT {sql}")[0].stmt.targetList[0].val


def _from_item(sql: str):
    return parse_sql(f"SELECT FROM {sql}")[0].stmt.fromClause[0]


def returning_of(statement) -> list:
    """A statement's RETURNING entries (ResTargets), empty when it has none."""
    clause = getattr(statement, "returningClause", None)
    return list(clause.exprs or ()) if clause is not None else []


def _sql(node) -> str:
    return RawStream()(node)


def _and(first, second):
    if first is None:
        return second
    if second is None:
        return first
    return ast.BoolExpr(boolop=enums.BoolExprType.AND_EXPR, args=(first, second))


def _column_ref(*names: str):
    return ast.ColumnRef(fields=tuple(ast.String(sval=n) for n in names))


def _new_old_ref(which: str, column: str):
    return _column_ref(NEW_OLD, f"{which}${column}")


# ---------------------------------------------------------------------------------------
# The original statement's rows as "*NEW_OLD*"


def _columns(relation) -> list:
    return [a for a in relation.attributes if a.attnum > 0 and not a.is_dropped]


def _type_text(attribute) -> str:
    from pgsnake.datatypes import registry
    return registry.format_type(attribute.type_oid, attribute.typmod)


def _cast(sql: str, attribute) -> str:
    return f"CAST(({sql}) AS {_type_text(attribute)})"


def _default_text(relation, attribute) -> str:
    """What a column left out of an INSERT gets: its default, the next value of its
    identity sequence, or NULL (build_column_default)."""
    if attribute.identity:
        from pgsnake.commands.identity_columns import identity_sequence
        sequence = identity_sequence(relation, attribute)
        if sequence is not None:
            name = cc.relation_display_name(sequence)
            return f"pg_catalog.nextval({_quote_literal(name)}::pg_catalog.regclass)"
    stored = cc.column_default(relation.oid, attribute.attnum) \
        if attribute.has_default and not attribute.generated else None
    if stored is not None:
        from pgsnake.rewrite.stored_expressions import expression_text
        return _cast(expression_text(stored, relation.oid), attribute)
    return f"CAST(NULL AS {_type_text(attribute)})"


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _insert_columns(node, relation) -> list:
    attributes = _columns(relation)
    if not node.cols:
        return attributes
    by_name = {a.name: a for a in attributes}
    chosen = []
    for target in node.cols:
        if target.indirection:
            raise PgError("0A000", "INSERT of a subscript or field into a relation with "
                                   "rules is not supported yet")
        attribute = by_name.get(target.name)
        if attribute is None:
            raise PgError("42703", f'column "{target.name}" of relation "{relation.name}" '
                                   f'does not exist')
        chosen.append(attribute)
    return chosen


def _insert_source(node, relation, with_prefix: str = "") -> tuple[str, dict]:
    """(the "*NEW_OLD*" FROM item, {column name: the given value's SQL}) of an INSERT."""
    given: dict[str, str] = {}
    source_from = ""
    select = node.selectStmt
    columns = _insert_columns(node, relation)
    if not node.cols and select is not None:
        columns = columns[:_source_width(select, with_prefix)]
    if select is not None and select.valuesLists and len(select.valuesLists) == 1 and \
            _plain_values(select):
        row = select.valuesLists[0]
        if len(row) > len(columns):
            raise PgError("42601", "INSERT has more expressions than target columns")
        for attribute, item in zip(columns, row):
            if not isinstance(item, ast.SetToDefault):
                given[attribute.name] = _cast(_sql(item), attribute)
    elif select is not None:
        if select.valuesLists:
            # DEFAULT items become the column's default expression
            select.valuesLists = tuple(
                tuple(_expression(_default_text(relation, attribute))
                      if isinstance(item, ast.SetToDefault) else item
                      for attribute, item in zip(columns, row)) + tuple(row[len(columns):])
                for row in select.valuesLists)
        names = [f'"{i}"' for i in range(1, len(columns) + 1)]
        source_from = f' FROM ({_sql(select)}) AS "*SOURCE*"({", ".join(names)})'
        for i, attribute in enumerate(columns, start=1):
            given[attribute.name] = _cast(f'"*SOURCE*"."{i}"', attribute)
    items = []
    for attribute in _columns(relation):
        value = given.get(attribute.name) or _default_text(relation, attribute)
        items.append(f'{value} AS {cc.quote_identifier("new$" + attribute.name)}')
    return f'(SELECT {", ".join(items)}{source_from}) AS "{NEW_OLD}"', given


def _source_width(select, with_prefix: str = "") -> int:
    """How many columns an INSERT's VALUES / SELECT gives (it fills that many of the
    relation's first columns when no column list is written)."""
    if select.valuesLists:
        return len(select.valuesLists[0])
    prepared = _prepare_text(with_prefix + _sql(select), [])
    return len(prepared.columns or ())


def _plain_values(select) -> bool:
    return not (select.sortClause or select.limitCount or select.limitOffset or
                select.withClause)


def _target_alias(node) -> str:
    relation = node.relation
    return relation.alias.aliasname if relation.alias is not None else relation.relname


def _assignments(node, relation) -> dict[str, object]:
    """An UPDATE's SET list: column name -> value parse tree (SetToDefault kept)."""
    out = {}
    names = {a.name for a in _columns(relation)}
    for target in node.targetList:
        if target.indirection or isinstance(target.val, ast.MultiAssignRef):
            raise PgError("0A000", "UPDATE of a subscript, field or column list of a "
                                   "relation with rules is not supported yet")
        if target.name not in names:
            raise PgError("42703", f'column "{target.name}" of relation "{relation.name}" '
                                   f'does not exist')
        out[target.name] = target.val
    return out


def _changed_source(node, relation, event: str) -> str:
    """The "*NEW_OLD*" FROM item of an UPDATE or DELETE: the rows it would change."""
    alias = cc.quote_identifier(_target_alias(node))
    items = []
    for attribute in _columns(relation):
        items.append(f"{alias}.{cc.quote_identifier(attribute.name)} AS "
                     f"{cc.quote_identifier('old$' + attribute.name)}")
    if event == "2":
        assigned = _assignments(node, relation)
        for attribute in _columns(relation):
            value = assigned.get(attribute.name)
            if value is None:
                text = f"{alias}.{cc.quote_identifier(attribute.name)}"
            elif isinstance(value, ast.SetToDefault):
                text = _default_text(relation, attribute)
            else:
                text = _cast(_sql(value), attribute)
            items.append(f"{text} AS {cc.quote_identifier('new$' + attribute.name)}")
    others = node.fromClause if event == "2" else node.usingClause
    from_items = [_sql(node.relation)] + [_sql(f) for f in others or ()]
    where = ""
    if node.whereClause is not None:
        if isinstance(node.whereClause, ast.CurrentOfExpr):
            if getattr(relation, "relkind", "") == "v":     # PostgreSQL refuses it too
                raise PgError("0A000", "WHERE CURRENT OF on a view is not implemented")
            raise PgError("0A000", "WHERE CURRENT OF on a relation with rules is not "
                                   "supported yet")
        where = f" WHERE {_sql(node.whereClause)}"
    return f'(SELECT {", ".join(items)} FROM {", ".join(from_items)}{where}) AS "{NEW_OLD}"'


def _original_replacements(node, relation, event: str):
    """NEW / OLD in a conditional INSTEAD rule's condition as the original UPDATE or
    DELETE statement's own expressions (for the `IS NOT TRUE` added to it)."""
    alias = _target_alias(node)
    assigned = _assignments(node, relation) if event == "2" else {}
    attributes = {a.name: a for a in _columns(relation)}

    def replace(which, column):
        if which == "new" and column in assigned:
            value = assigned[column]
            if isinstance(value, ast.SetToDefault):
                return _expression(_default_text(relation, attributes[column]))
            return _expression(_cast(_sql(value), attributes[column]))
        return _column_ref(alias, column)
    return replace


# ---------------------------------------------------------------------------------------
# Rule actions as statements


def _target_columns(range_var) -> list:
    """The columns of the relation an INSERT action writes (empty when it is unknown:
    analysis reports that)."""
    oid = cc.lookup_relation_oid(range_var.relname, range_var.schemaname)
    return _columns(cc.get_relation(oid)) if oid is not None else []


def action_sql(action, source: str, qual, keep_returning: bool) -> str:
    """One rule action (NEW / OLD already replaced) joined with `source` and the rule's
    condition `qual` (a parse tree or None), as SQL."""
    if isinstance(action, ast.NotifyStmt):
        return _sql(action)
    if not keep_returning and returning_of(action):
        action.returningClause = None
    if source is None:
        return _sql(action)
    source_item = _from_item(source)
    if getattr(action, "withClause", None) is not None:
        raise PgError("0A000", "WITH in a rule action is not supported yet")
    if isinstance(action, ast.UpdateStmt):
        _returning_without_bare_star(action, action.fromClause)
        action.fromClause = _with_source(source_item, action.fromClause)
        action.whereClause = _and(action.whereClause, qual)
        return _sql(action)
    if isinstance(action, ast.DeleteStmt):
        _returning_without_bare_star(action, action.usingClause)
        action.usingClause = _with_source(source_item, action.usingClause)
        action.whereClause = _and(action.whereClause, qual)
        return _sql(action)
    if isinstance(action, ast.SelectStmt):
        return _sql(_select_over(action, source, source_item, qual))
    if isinstance(action, ast.InsertStmt):
        return _insert_action_sql(action, source, source_item, qual)
    raise PgError("0A000", f"{type(action).__name__.removesuffix('Stmt')} rule actions "
                           "are not supported yet")


def _names_source(node) -> bool:
    found = []
    _each_node(node, lambda n: found.append(1) if isinstance(n, ast.ColumnRef) and n.fields
               and isinstance(n.fields[0], ast.String) and n.fields[0].sval == NEW_OLD
               else None)
    return bool(found)


def _with_source(source_item, items) -> tuple:
    """An action's FROM list with "*NEW_OLD*" first; a sub-SELECT or function in it that
    names NEW / OLD becomes LATERAL (PostgreSQL lets rule actions refer to them there)."""
    out = [source_item]
    for item in items or ():
        if isinstance(item, (ast.RangeSubselect, ast.RangeFunction)) and _names_source(item):
            item.lateral = True
        out.append(item)
    return tuple(out)


def _from_names(items) -> list[str] | None:
    """The names `*` stands for in a FROM list (None when one cannot be told)."""
    names = []
    for item in items or ():
        if isinstance(item, ast.RangeVar):
            names.append(item.alias.aliasname if item.alias is not None else item.relname)
        elif isinstance(item, (ast.RangeSubselect, ast.RangeFunction)) and \
                item.alias is not None:
            names.append(item.alias.aliasname)
        elif isinstance(item, ast.JoinExpr) and item.alias is None and not item.usingClause \
                and not item.isNatural:
            inner = _from_names((item.larg, item.rarg))
            if inner is None:
                return None
            names += inner
        else:
            return None
    return names


def _without_bare_star(select) -> None:
    """`SELECT *` of an action means its own FROM items' columns, not "*NEW_OLD*"'s."""
    select.targetList = _star_over(select.targetList, select.fromClause, "SELECT *")


def _star_over(targets, items, what: str):
    """A target list whose bare `*` stands for the FROM `items` named, each as `name.*`
    (so that "*NEW_OLD*", joined in later, is not part of it)."""
    if not targets or not any(_star_of_any(t.val) for t in targets):
        return targets
    names = _from_names(items)
    if names is None:
        raise PgError("0A000", f"{what} over this FROM list in a rule action is not "
                               "supported yet")
    out = []
    for target in targets:
        if _star_of_any(target.val):
            out += [ast.ResTarget(val=ast.ColumnRef(fields=(ast.String(sval=n), ast.A_Star())))
                    for n in names]
        else:
            out.append(target)
    return tuple(out)


def _returning_without_bare_star(action, items) -> None:
    """RETURNING * of an UPDATE / DELETE action: its target's and own FROM / USING
    items' columns, not "*NEW_OLD*"'s."""
    clause = action.returningClause
    if clause is not None and clause.exprs:
        clause.exprs = _star_over(clause.exprs, (action.relation,) + tuple(items or ()),
                                  "RETURNING *")


def _select_over(select, source: str, source_item, qual):
    if select.op == enums.SetOperation.SETOP_NONE and not select.valuesLists:
        _without_bare_star(select)
        select.fromClause = _with_source(source_item, select.fromClause)
        select.whereClause = _and(select.whereClause, qual)
        return select
    wrapped = parse_sql(f'SELECT "*SELECT*".* FROM {source}, LATERAL ({_sql(select)}) '
                        f'AS "*SELECT*"')[0].stmt
    wrapped.whereClause = qual
    return wrapped


def _insert_action_sql(action, source: str, source_item, qual) -> str:
    select = action.selectStmt
    if select is None:
        raise PgError("0A000", "INSERT ... DEFAULT VALUES rule actions are not supported yet")
    if select.valuesLists and len(select.valuesLists) == 1 and _plain_values(select):
        row = list(select.valuesLists[0])
        if any(isinstance(item, ast.SetToDefault) for item in row):
            # A DEFAULT item: the column is left out, so it gets its default.
            names = [t.name for t in action.cols] if action.cols else \
                [a.name for a in _target_columns(action.relation)][:len(row)]
            kept = [(n, v) for n, v in zip(names, row) if not isinstance(v, ast.SetToDefault)]
            action.cols = tuple(ast.ResTarget(name=n) for n, _ in kept)
            row = [v for _, v in kept]
        select = ast.SelectStmt(targetList=tuple(ast.ResTarget(val=v) for v in row),
                                fromClause=(source_item,), whereClause=qual,
                                op=enums.SetOperation.SETOP_NONE)
    elif select.valuesLists:
        # Several rows: cast to the target's columns, as the INSERT would coerce them
        # (a target with a subscript or field, f[1].x, is assigned by the INSERT itself).
        names = [None if t.indirection else t.name for t in action.cols] \
            if action.cols else None
        targets = {a.name: a for a in _target_columns(action.relation)}
        target_oid = cc.lookup_relation_oid(action.relation.relname,
                                            action.relation.schemaname)
        order = names or list(targets)
        rows = []
        for row in select.valuesLists:
            items = []
            for n, v in zip(order, row):
                if isinstance(v, ast.SetToDefault) and n in targets:
                    v = _expression(_default_text(cc.get_relation(target_oid), targets[n]))
                items.append(_expression(_cast(_sql(v), targets[n])) if n in targets else v)
            rows.append(tuple(items))
        select.valuesLists = tuple(rows)
        select = _select_over(select, source, source_item, qual)
    else:
        select = _select_over(select, source, source_item, qual)
    action.selectStmt = select
    return _sql(action)


# ---------------------------------------------------------------------------------------
# The statement that runs a relation's rules


class _Step:
    __slots__ = ("prepared", "instead", "original", "kind")

    def __init__(self, prepared, instead: bool, original: bool, kind: str) -> None:
        self.prepared, self.instead, self.original, self.kind = prepared, instead, original, kind


def _prepare_text(sql: str, param_types: list, search_path=None, *, bypass: bool = False):
    from pgsnake.parser.raw_parser import parse_sql as raw_parse
    raw = raw_parse(sql)[0]
    if bypass:
        _bypass.add(id(raw))
    try:
        if search_path is not None:
            with cc.search_path_as(search_path):
                return portal_query.prepare_statement(raw, list(param_types))
        return portal_query.prepare_statement(raw, list(param_types))
    finally:
        _bypass.discard(id(raw))


class RuleStatement:
    """An INSERT / UPDATE / DELETE on a relation with rules: the statements its rules
    make of it, prepared, run in PostgreSQL's order."""

    def __init__(self, raw, param_types) -> None:
        self.raw = raw
        self.command_kind = portal_query.OPTIMIZABLE[raw.kind]
        self._given_types = list(param_types)
        # the user the statement's own privileges are checked as: the current user, or
        # (for a statement a rule made) the owner of that rule's relation
        self.check_as = 0
        self._build()

    def _build(self) -> None:
        raw = self.raw
        self._generation = invalidation.shared_counter()
        node = parse_sql(raw.text)[0].stmt
        event = EVENT_OF_STATEMENT[raw.kind]
        range_var = node.relation
        oid = cc.lookup_relation_oid(range_var.relname, range_var.schemaname)
        relation = cc.get_relation(oid)
        self._own_requirements = _statement_requirements(node, oid, event)
        self._owner = cc.class_row(oid).relowner
        if (oid, event) in _expanding:
            raise PgError("42P17", f'infinite recursion detected in rules for relation '
                                   f'"{relation.name}"')
        kind = self.command_kind
        # The statement's WITH queries go with each statement the rules make (the
        # rewriter copies the CTE list into every rule action); the original keeps its
        # own text.
        with_prefix, modifying_with = "", False
        if getattr(node, "withClause", None) is not None:
            with_prefix, modifying_with = _with_prefix(node.withClause)
            node.withClause = None
        if event == "3" and node.onConflictClause is not None and \
                (rules_of(oid, "3") or rules_of(oid, "2")):
            raise PgError("0A000", "INSERT with ON CONFLICT clause cannot be used with table "
                                   "that has INSERT or UPDATE rules")
        names = [a.name for a in _columns(relation)]
        if event == "3":
            source, given = _insert_source(node, relation, with_prefix)
        else:
            source, given = _changed_source(node, relation, event), {}
        returning = returning_of(node)
        _expanding.append((oid, event))
        try:
            steps, keep_original, inverted, returning_step = [], True, None, None
            param_types = list(self._given_types)
            for rule in rules_of(oid, event):
                search_path, actions, qual = stored_actions(rule)
                if rule.is_instead and qual is None:
                    keep_original = False
                if rule.is_instead and qual is not None:
                    inverted = _and(inverted, self._inverted(node, relation, event, qual,
                                                             names))
                rule_qual = substitute(copy.deepcopy(qual), names, _new_old_ref)
                for action in actions:
                    has_returning = bool(returning_of(action))
                    if modifying_with and isinstance(action, ast.InsertStmt) and \
                            action.selectStmt is not None and \
                            not action.selectStmt.valuesLists:
                        raise PgError("0A000", "INSERT...SELECT rule actions are not "
                                               "supported for queries having data-modifying "
                                               "statements in WITH")
                    sql = _action_statement_sql(node, event, names, source, action,
                                                rule_qual, bool(returning))
                    if not isinstance(action, ast.NotifyStmt):
                        sql = with_prefix + sql
                    prepared = _prepare_text(sql, param_types, search_path)
                    param_types = _longer(param_types, prepared.param_types)
                    step = _Step(prepared, rule.is_instead, False,
                                 getattr(prepared, "command_kind", ""))
                    steps.append(step)
                    if returning and has_returning:
                        returning_step = step
            original = None
            if keep_original and inverted is not None and relation.relkind == "v":
                _refuse_conditional_instead(relation, kind)
            if keep_original:
                sql = raw.text if inverted is None else with_prefix + \
                    self._original_sql(node, relation, event, source, given, inverted)
                original = _Step(_prepare_text(sql, param_types, bypass=True), False, True,
                                 kind)
                param_types = _longer(param_types, original.prepared.param_types)
                steps = [original] + steps if event == "3" else steps + [original]
            elif returning:
                if returning_step is None:
                    raise PgError("0A000", f'cannot perform {kind} RETURNING on relation '
                                           f'"{relation.name}"',
                                  hint=f"You need an unconditional ON {kind} DO INSTEAD rule "
                                       "with a RETURNING clause.")
                returning_step = self._returning_over(returning_step, node, relation,
                                                      steps, param_types)
            if with_prefix and len(steps) > 1:
                raise PgError("0A000", "WITH cannot be used in a query that is rewritten by "
                                       "rules into multiple queries")
        finally:
            _expanding.pop()
        self.param_types = param_types
        self._steps = steps
        self._rows_from = original if original is not None and returning else returning_step
        if self._rows_from is None:
            selects = [s for s in steps if s.kind == "SELECT"]
            self._rows_from = selects[-1] if selects else None
        self.columns = self._rows_from.prepared.columns if self._rows_from else None

    def _inverted(self, node, relation, event, qual, names):
        """`(condition) IS NOT TRUE` for the original statement (CopyAndAddInvertedQual)."""
        if event == "3":
            condition = substitute(copy.deepcopy(qual), names, _new_old_ref)
        else:
            condition = substitute(copy.deepcopy(qual), names,
                                   _original_replacements(node, relation, event))
        return ast.BooleanTest(arg=condition, booltesttype=enums.BoolTestType.IS_NOT_TRUE)

    def _original_sql(self, node, relation, event, source, given, inverted) -> str:
        if event != "3":
            node.whereClause = _and(node.whereClause, inverted)
            return _sql(node)
        columns = [a.name for a in _columns(relation) if a.name in given]
        column_list = ", ".join(cc.quote_identifier(c) for c in columns)
        values = ", ".join(f'"{NEW_OLD}".{cc.quote_identifier("new$" + c)}' for c in columns)
        returning = ""
        if returning_of(node):
            returning = " RETURNING " + ", ".join(_sql(t) for t in returning_of(node))
        return (f"INSERT INTO {_sql(node.relation)} ({column_list}) SELECT {values} "
                f"FROM {source} WHERE {_sql(inverted)}{returning}")

    def _returning_over(self, step, node, relation, steps, param_types):
        """The original RETURNING list over the INSTEAD action's RETURNING rows: those
        rows are the relation's columns, named as the original statement names it."""
        targets = returning_of(node)
        if len(targets) == 1 and _star_of_any(targets[0].val):
            return step
        names = ", ".join(cc.quote_identifier(a.name) for a in _columns(relation))
        alias = cc.quote_identifier(_target_alias(node))
        action_text = step.prepared.raw.text
        sql = (f'WITH "{RETURNING_CTE}" ({names}) AS ({action_text}) SELECT '
               + ", ".join(_sql(t) for t in targets)
               + f' FROM "{RETURNING_CTE}" AS {alias}')
        replaced = _Step(_prepare_text(sql, param_types), step.instead, False, step.kind)
        replaced.kind = step.kind
        steps[steps.index(step)] = replaced
        return replaced

    def execute(self, params):
        if invalidation.shared_counter() != self._generation:
            self._build()
        rows, tag, instead_tag = [], None, None
        # The statement's own privileges, as its user (ExecCheckPermissions over the
        # original query's range table, which every rewritten query keeps)
        from pgsnake.executor import permission_checks
        permission_checks.check_permissions(
            [r._replace(check_as=self.check_as) for r in self._own_requirements])
        for i, step in enumerate(self._steps):
            if i:
                xact.command_counter_increment()
            if not step.original:
                _checked_as(step.prepared, self._owner)
            elif self.check_as:
                _checked_as(step.prepared, self.check_as)
            result = step.prepared.execute(params)
            # a RETURNING action run as WITH ... SELECT counts the rows it returned
            step_tag = result.command_tag if step.prepared.command_kind == step.kind \
                else _tag(step.kind, len(result.rows))
            if step.original:
                tag = step_tag
            elif step.instead and step.kind == self.command_kind:
                instead_tag = step_tag
            if step is self._rows_from:
                rows = result.rows
        if tag is None:
            tag = instead_tag or _tag(self.command_kind, 0)
        return portal_query.QueryResult(self.columns, rows, tag)


def _action_statement_sql(node, event: str, names, source: str, action, rule_qual,
                          keep_returning: bool) -> str:
    """One rule action made into a statement for the original statement `node`:
    NEW / OLD replaced, joined with the original's rows when something needs them
    (rewriteRuleAction's keeporig / adjustJoinTreeList)."""
    joined = event == "3" or rule_qual is not None or node.whereClause is not None or \
        bool(node.fromClause if event == "2" else node.usingClause) or \
        names_new_or_old(action)
    action = substitute(action, names, _new_old_ref)
    return action_sql(action, source if joined else None, copy.deepcopy(rule_qual),
                      keep_returning=keep_returning)


def _with_prefix(with_clause) -> tuple[str, bool]:
    """("WITH [RECURSIVE] ... " as SQL, whether a WITH query modifies data)."""
    modifying = any(isinstance(c.ctequery, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt,
                                            ast.MergeStmt))
                    for c in with_clause.ctes or ())
    return "WITH " + _sql(with_clause) + " ", modifying     # (RECURSIVE printed with it)


def _refuse_conditional_instead(view, kind: str) -> None:
    """A view whose only INSTEAD rules have conditions is not updated automatically
    (the rows the conditions leave would need the rules' queries as the original):
    it needs an INSTEAD OF trigger (RewriteQuery's error_view_not_updatable)."""
    from pgsnake.rewrite import instead_of_views, updatable_views
    if instead_of_views.has_instead_trigger(view, kind):
        return
    message, hint = updatable_views.NOT_UPDATABLE_MESSAGES[kind]
    raise PgError("55000", message.format(view.name),
                  detail="Views with conditional DO INSTEAD rules are not automatically "
                         "updatable.", hint=hint)


def _statement_requirements(node, relation_oid: int, event: str) -> list:
    """What the statement itself needs, whatever rules do with it: its command's
    privilege on the relation (on the columns it writes), SELECT on it when it reads
    rows (WHERE, RETURNING, UPDATE), SELECT on its FROM / USING tables."""
    from pgsnake.datatypes import aclitem
    from pgsnake.parser.permission_info import Requirement
    relation = cc.get_relation(relation_oid)
    attnums = {a.name: a.attnum for a in _columns(relation)}
    privileges = {"3": aclitem.INSERT, "2": aclitem.UPDATE, "4": aclitem.DELETE}[event]
    inserted = updated = frozenset()
    if event == "3":
        names = [t.name for t in node.cols] if node.cols else list(attnums)
        inserted = frozenset(attnums[n] for n in names if n in attnums)
    elif event == "2":
        updated = frozenset(attnums[t.name] for t in node.targetList or ()
                            if t.name in attnums)
    reads = event != "3" and (node.whereClause is not None or event == "2") or \
        bool(returning_of(node))
    selected = frozenset({0}) if reads else frozenset()
    if reads:
        privileges |= aclitem.SELECT
    out = [Requirement(relation_oid, privileges, selected, inserted, updated, 0)]
    others = (node.fromClause if event == "2" else node.usingClause) if event != "3" else ()
    for item in others or ():
        if isinstance(item, ast.RangeVar):
            oid = cc.lookup_relation_oid(item.relname, item.schemaname)
            if oid is not None:
                out.append(Requirement(oid, aclitem.SELECT, frozenset({0}), frozenset(),
                                       frozenset(), 0))
    return out


def _checked_as(prepared, role: int) -> None:
    """A rule action's privileges are its relation owner's (setRuleCheckAsUser): every
    relation it names, views keeping their own owners."""
    inner = getattr(prepared, "_utility", None)
    if isinstance(inner, RuleStatement):
        inner.check_as = role
        return
    query = getattr(prepared, "query", None)
    if query is None:
        return
    query.required_permissions = [
        r._replace(check_as=role) if r.kind == "relation" and not r.check_as else r
        for r in query.required_permissions]


def _tag(kind: str, count: int) -> str:
    return f"INSERT 0 {count}" if kind == "INSERT" else f"{kind} {count}"


def _star_of_any(node) -> bool:
    return isinstance(node, ast.ColumnRef) and len(node.fields) == 1 and \
        isinstance(node.fields[0], ast.A_Star)


def _longer(first: list, second: list) -> list:
    return list(second) if len(second) > len(first) else list(first)


class _MergeRefusal:
    """MERGE into a relation with rules (of any event, even disabled ones) is 0A000."""

    def __init__(self, raw, param_types) -> None:
        relation = raw.node["MergeStmt"]["relation"]
        raise PgError("0A000", f'cannot execute MERGE on relation "{relation["relname"]}"',
                      detail="MERGE is not supported for relations with rules.")


def _has_rules(relation: dict, events) -> bool:
    name = relation.get("relname")
    oid = cc.lookup_relation_oid(name, relation.get("schemaname")) if name else None
    row = cc.class_row(oid) if oid is not None else None
    return row is not None and row.relhasrules and \
        any(rules_of(oid, e, enabled_only=False) for e in events)


def _refuse_rules_in_with(raw) -> bool:
    """A data-modifying WITH query on a relation with rules for its command.
    PostgreSQL takes only an unconditional DO INSTEAD rule with one action that is not a
    utility statement (True: the statement is run as InsteadInWith makes it); any other
    kind is refused with RewriteQuery's own error."""
    replaced = False
    body = raw.node.get(raw.kind) or {}
    for cte in (body.get("withClause") or {}).get("ctes", ()):
        if cte.get("CommonTableExpr", {}).get("ctename") == RETURNING_CTE:
            continue            # an INSTEAD action's rows under the original RETURNING
        query = cte.get("CommonTableExpr", {}).get("ctequery", {})
        kind = next(iter(query), None)
        event = EVENT_OF_STATEMENT.get(kind)
        relation = (query.get(kind) or {}).get("relation") or {}
        name = relation.get("relname")
        if event is None or name is None:
            continue
        oid = cc.lookup_relation_oid(name, relation.get("schemaname"))
        row = cc.class_row(oid) if oid is not None else None
        if row is None or not row.relhasrules:
            continue
        rules = rules_of(oid, event)
        if rules:
            _refuse_rule_kinds(rules, KIND_OF_EVENT[event], name,
                               bool(query[kind].get("returningClause")))
            replaced = True
    return replaced


# WITH queries replaced by actions that are again replaced, ...: the relations on the
# way; PostgreSQL finds the loop as the same relation and event met again.
_instead_in_with: list[str] = []
MAX_INSTEAD_IN_WITH_DEPTH = 16


class InsteadInWith:
    """A statement whose data-modifying WITH queries write relations with an
    unconditional single-action DO INSTEAD rule for their command: each such WITH
    query replaced by its rule's action (made as for the statement itself, joined
    with the rows it would have changed), then prepared and run as one statement.
    The statement's own privileges on those relations are checked as its user."""

    def __init__(self, raw, param_types) -> None:
        tree = parse_sql(raw.text)[0].stmt
        requirements = []
        for cte in tree.withClause.ctes:
            node = cte.ctequery
            event = EVENT_OF_STATEMENT.get(type(node).__name__)
            if event is None:
                continue
            oid = cc.lookup_relation_oid(node.relation.relname, node.relation.schemaname)
            rules = rules_of(oid, event) if oid is not None else []
            if not rules:
                continue
            relation = cc.get_relation(oid)
            requirements += _statement_requirements(node, oid, event)
            _search_path, actions, _qual = stored_actions(rules[0])
            names = [a.name for a in _columns(relation)]
            source = _insert_source(node, relation)[0] if event == "3" else \
                _changed_source(node, relation, event)
            sql = _action_statement_sql(node, event, names, source, actions[0], None,
                                        bool(returning_of(node)))
            cte.ctequery = parse_sql(sql)[0].stmt
        self._requirements = requirements
        if len(_instead_in_with) >= MAX_INSTEAD_IN_WITH_DEPTH:
            raise PgError("42P17", f'infinite recursion detected in rules for relation '
                                   f'"{_instead_in_with[0]}"')
        _instead_in_with.append(relation.name)
        try:
            self._prepared = _prepare_text(_sql(tree), param_types)
        finally:
            _instead_in_with.pop()
        self.command_kind = self._prepared.command_kind
        self.param_types = list(self._prepared.param_types)
        self.columns = self._prepared.columns

    def execute(self, params):
        from pgsnake.executor import permission_checks
        permission_checks.check_permissions(self._requirements)
        return self._prepared.execute(params)


_IN_WITH = "rules are not supported for data-modifying statements in WITH"


def _refuse_rule_kinds(rules, kind: str, relation_name: str, returns: bool) -> None:
    # the statements the rewriter would make of the WITH query, each with its source:
    # the original (kept unless an unconditional INSTEAD rule replaces it), and each
    # rule's actions
    made = []
    original_kept = True
    for rule in rules:
        _search_path, actions, qual = stored_actions(rule)
        if rule.is_instead and qual is None:
            original_kept = False
            source = "instead"
        else:
            source = "qualified instead" if rule.is_instead else "also"
        made += [(source, action) for action in actions]
    if returns and not original_kept and not any(
            source == "instead" and returning_of(action) for source, action in made):
        raise PgError("0A000", f'cannot perform {kind} RETURNING on relation '
                               f'"{relation_name}"',
                      hint=f"You need an unconditional ON {kind} DO INSTEAD rule with a "
                           "RETURNING clause.")
    if original_kept:
        made.insert(0, ("original", None))
    if not made:
        raise PgError("0A000", f"DO INSTEAD NOTHING {_IN_WITH}")
    if len(made) == 1 and made[0][0] == "instead":
        if type(made[0][1]).__name__ == "NotifyStmt":
            raise PgError("0A000", f"DO INSTEAD NOTIFY {_IN_WITH}")
        if type(made[0][1]).__name__ in ("InsertStmt", "UpdateStmt", "DeleteStmt",
                                         "SelectStmt"):
            return              # the rule's action replaces the WITH query (InsteadInWith)
    for source, _action in made:
        if source == "qualified instead":
            raise PgError("0A000", f"conditional DO INSTEAD {_IN_WITH}")
        if source == "also":
            raise PgError("0A000", f"DO ALSO {_IN_WITH}")
    raise PgError("0A000", f"multi-statement DO INSTEAD {_IN_WITH}")


def _route(raw):
    from pgsnake.utils import process_state
    if not process_state.database_oid:
        return None                 # no database, no pg_rewrite (the SQL layer's unit tests)
    if raw.kind in ("SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt") \
            and (raw.node.get(raw.kind) or {}).get("withClause") and not _expanding \
            and id(raw) not in _bypass:
        # (the statements rules make use WITH themselves)
        if _refuse_rules_in_with(raw):
            return InsteadInWith
    if raw.kind == "MergeStmt":
        relation = raw.node["MergeStmt"].get("relation") or {}
        return _MergeRefusal if _has_rules(relation, ("2", "3", "4")) else None
    event = EVENT_OF_STATEMENT.get(raw.kind)
    if event is None or id(raw) in _bypass:
        return None
    relation = raw.node[raw.kind].get("relation") or {}
    name = relation.get("relname")
    if name is None:
        return None
    oid = cc.lookup_relation_oid(name, relation.get("schemaname"))
    if oid is None:
        return None
    row = cc.class_row(oid)
    if row is None or not row.relhasrules or not rules_of(oid, event):
        return None
    return RuleStatement


portal_query.register_statement_route(_route)
