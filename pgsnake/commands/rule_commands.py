"""CREATE [OR REPLACE] RULE, ALTER RULE ... RENAME, ALTER TABLE ... ENABLE / DISABLE
RULE, and the removal of a rule's pg_rewrite row (DROP RULE, DROP ... CASCADE).

A rule's pg_rewrite row: ev_type '2' UPDATE / '3' INSERT / '4' DELETE, ev_enabled 'O'
(ENABLE), 'A' (ALWAYS), 'R' (REPLICA), 'D' (DISABLE), is_instead, ev_qual (the WHERE
condition's SQL text, or '<>') and ev_action (the actions' SQL text, `;`-separated,
after the search path they are resolved through: catalog/view_creation.with_search_path;
empty for NOTHING). commands/rule_actions.py applies them. The relation's
pg_class.relhasrules becomes true (and stays so, as in PostgreSQL). pg_depend: the rule
is AUTO-dependent on its relation, NORMAL-dependent on the columns of it NEW / OLD name
and on what its actions and condition use.

CREATE RULE checks what PostgreSQL's transformRuleStmt and DefineQueryRewrite check: the
relation's kind and owner, OLD in ON INSERT / NEW in ON DELETE rules, WHERE conditions
only with SELECT / INSERT / UPDATE / DELETE actions, RETURNING only in one unconditional
INSTEAD rule and matching the relation's columns; each action is analysed (over NULL
rows standing for NEW / OLD), so unknown names fail at CREATE time.

ON SELECT rules (a table turned into a view, a view's new definition) are
commands/view_conversion.py's.

Where we differ from PostgreSQL: ev_qual / ev_action hold SQL text, not node trees (a rename of something a rule's
actions name rewrites that text: rule_renames.py).

Entry points: execute_create_rule(node, raw), rename_rule(node), enable_disable(relation,
cmd) (ALTER TABLE's subcommands), remove_rule_row(oid).

PostgreSQL: parser/parse_utilcmd.c (transformRuleStmt), rewrite/rewriteDefine.c
(DefineQueryRewrite, InsertRule, RenameRewriteRule, EnableDisableRule),
rewrite/rewriteRemove.c.
"""
from __future__ import annotations

import copy
import re

from pglast import ast, parse_sql
from pglast.stream import RawStream
from pglast.visitors import Visitor

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, invalidation, object_permissions
from pgsnake.catalog import relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.commands import rule_actions, utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import PgError

PG_REWRITE = 2618
_EVENTS = {"CMD_SELECT": "1", "CMD_UPDATE": "2", "CMD_INSERT": "3", "CMD_DELETE": "4"}
_KIND_DETAIL = {"S": "sequences", "i": "indexes", "I": "partitioned indexes",
                "m": "materialized views", "c": "composite types", "f": "foreign tables",
                "t": "TOAST tables"}
_ENABLE = {"AT_EnableRule": "O", "AT_EnableAlwaysRule": "A", "AT_EnableReplicaRule": "R",
           "AT_DisableRule": "D"}


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _open(range_var) -> object:
    name, schema = range_var.relname, range_var.schemaname
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError("42P01", f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    if row.relkind not in ("r", "p", "v"):
        raise PgError("42809", f'relation "{row.relname}" cannot have rules',
                      detail=f"This operation is not supported for "
                             f"{_KIND_DETAIL.get(row.relkind, 'this kind of relation')}.")
    object_permissions.check_relation_owner(oid)
    if row.relnamespace == cc.get_namespace_oid("pg_catalog"):
        raise PgError("42501", f'permission denied: "{row.relname}" is a system catalog')
    return cc.get_relation(oid)


def find_rule(relation_oid: int, name: str):
    return next((r for r in cc.scan_catalog("pg_rewrite")
                 if r.ev_class == relation_oid and r.rulename == name), None)


def _missing(name: str, relation_name: str) -> PgError:
    return PgError("42704", f'rule "{name}" for relation "{relation_name}" does not exist')


class _Uses(Visitor):
    """Which of NEW / OLD a tree names, and which of their columns."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.columns: set[str] = set()

    def visit_ColumnRef(self, ancestors, node):
        fields = node.fields
        if fields and isinstance(fields[0], ast.String) and fields[0].sval in ("new", "old") \
                and len(fields) > 1:
            self.names.add(fields[0].sval)
            if isinstance(fields[1], ast.String):
                self.columns.add(fields[1].sval)
        return None


def _uses(*nodes) -> _Uses:
    found = _Uses()
    for node in nodes:
        if node is not None:
            found(ast.ResTarget(val=node))
    return found


def _qualify_condition(qual, relation, event: str, positions):
    """A bare column name in the WHERE condition is NEW's (ON INSERT) or OLD's (ON
    DELETE) column, as the condition's namespace in transformRuleStmt holds only that
    one; under ON UPDATE both are there, so it is ambiguous. Names inside subqueries
    are left to them. Returns the condition with those names qualified."""
    if qual is None:
        return None
    columns = {a.name for a in rule_actions._columns(relation)}
    which = {"3": "new", "4": "old"}.get(event)

    def walk(node):
        if isinstance(node, ast.SubLink):
            return node
        if isinstance(node, ast.ColumnRef):
            fields = node.fields
            if len(fields) == 1 and isinstance(fields[0], ast.String) and \
                    fields[0].sval in columns:
                if which is None:
                    error = PgError("42702", f'column reference "{fields[0].sval}" is '
                                             f'ambiguous')
                    error.rule_text_location = node.location
                    raise positions.fix(error, None)
                return ast.ColumnRef(fields=(ast.String(sval=which), fields[0]),
                                     location=node.location)
            return node
        if isinstance(node, ast.Node):
            for name in node:
                value = getattr(node, name)
                if isinstance(value, (ast.Node, tuple)):
                    setattr(node, name, walk(value))
            return node
        if isinstance(node, tuple):
            return tuple(walk(item) for item in node)
        return node
    return walk(qual)


def _dummy_source(relation) -> str:
    """NULL rows standing for NEW and OLD while the actions are analysed."""
    items = []
    for attribute in rule_actions._columns(relation):
        for which in ("new", "old"):
            items.append(f"CAST(NULL AS {rule_actions._type_text(attribute)}) AS "
                         f"{cc.quote_identifier(which + '$' + attribute.name)}")
    return f'(SELECT {", ".join(items)}) AS "{rule_actions.NEW_OLD}"'


class _Positions:
    """Error positions in the CREATE RULE statement: an error found in the SQL made of
    the rule's text points at the same name in the statement, when it is there."""

    def __init__(self, raw, header_end: int) -> None:
        self.raw, self.header_end = raw, header_end

    def _position(self, byte_offset: int) -> int:
        text = self.raw.text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")
        return self.raw.location + len(text) + 1

    def fix(self, error: PgError, generated: str | None, start: int | None = None) -> PgError:
        location = getattr(error, "rule_text_location", None)
        if location is not None:
            error.position = self._position(location)
            return error
        position, error.position = error.position, None
        if position is None or generated is None or self.raw is None:
            return error
        match = re.match(r'"?([A-Za-z_][\w$]*)', generated[position - 1:])
        if match is None:
            return error
        text = self.raw.text.encode("utf-8")
        begin = self.header_end if start is None else start
        found = re.search(rb"\b" + re.escape(match.group(1).encode()) + rb"\b", text[begin:],
                          re.IGNORECASE)
        if found is not None:
            error.position = self._position(begin + found.start())
        return error


def _check_actions(relation, event: str, instead: bool, qual, actions,
                   positions: _Positions) -> list:
    """DefineQueryRewrite's checks, the condition and then each action analysed; what
    they use (pg_depend)."""
    uses = _uses(qual, *actions)
    if event == "3" and "old" in uses.names:
        raise PgError("42P17", "ON INSERT rule cannot use OLD")
    if event == "4" and "new" in uses.names:
        raise PgError("42P17", "ON DELETE rule cannot use NEW")
    names = [a.name for a in rule_actions._columns(relation)]
    source = _dummy_source(relation)

    def analysed(make_sql, start=None):
        sql = None
        try:
            sql = make_sql()
            return rule_actions._prepare_text(sql, [])
        except PgError as error:
            match = re.fullmatch(r'column "(.+)" does not exist', error.message)
            if error.sqlstate == "42703" and match and match.group(1) in names and \
                    error.hint is None:
                # NEW and OLD are in the action's range table, not in its FROM
                error.hint = (f'There is a column named "{match.group(1)}" in table "old", '
                              "but it cannot be referenced from this part of the query.")
            raise positions.fix(error, sql, start) from None

    used: set = set()
    if qual is not None:
        prepared = analysed(lambda: f"SELECT FROM {source} WHERE " + RawStream()(
            rule_actions.substitute(copy.deepcopy(qual), names, rule_actions._new_old_ref)))
        used |= _objects_used(prepared)
    if qual is not None and any(isinstance(a, ast.NotifyStmt) for a in actions):
        raise PgError("42P17", "rules with WHERE conditions can only have SELECT, INSERT, "
                               "UPDATE, or DELETE actions")
    for action in actions:
        if isinstance(action, ast.NotifyStmt):
            continue
        returning = rule_actions.returning_of(action)
        if returning:
            if not instead:
                raise PgError("0A000", "RETURNING lists are not supported in non-INSTEAD "
                                       "rules")
            if qual is not None:
                raise PgError("0A000", "RETURNING lists are not supported in conditional "
                                       "rules")
            if any(rule_actions.returning_of(a) for a in _existing_actions(relation, event)):
                raise PgError("0A000", "cannot have RETURNING lists in multiple rules")

        rule_actions.check_with_clause(action)

        def action_text(action=action):
            substituted = rule_actions.substitute(copy.deepcopy(action), names,
                                                  rule_actions._new_old_ref)
            return rule_actions.action_sql(substituted, source, None, keep_returning=True)
        target = getattr(action, "relation", None)
        prepared = analysed(action_text, target.location if target is not None else None)
        if returning:
            _check_returning(relation, prepared.columns or [])
        used |= _objects_used(prepared)
    # The actions' and the condition's references are recorded apart, as
    # InsertRule's two recordDependencyOnExpr calls do (a column both use: two rows).
    attnums = {a.name: a.attnum for a in rule_actions._columns(relation)}
    used |= {dependency.column(relation.oid, attnums[c]) for c in _uses(*actions).columns
             if c in attnums}
    in_qual = {dependency.column(relation.oid, attnums[c]) for c in _uses(qual).columns
               if c in attnums}
    return [a for a in sorted(used) + sorted(in_qual) if not dependency.is_pinned(a)]


def _existing_actions(relation, event: str) -> list:
    out = []
    for rule in rule_actions.rules_of(relation.oid, event, enabled_only=False):
        out += rule_actions.stored_actions(rule)[1]
    return out


def _check_returning(relation, columns) -> None:
    """checkRuleResultList: the RETURNING entries are the relation's columns, in order."""
    from pgsnake.datatypes import registry
    attributes = rule_actions._columns(relation)
    for i, column in enumerate(columns, start=1):
        if i > len(attributes):
            raise PgError("42P17", "RETURNING list has too many entries")
        attribute = attributes[i - 1]
        if column.type_oid != attribute.type_oid:
            raise PgError("42P17", f"RETURNING list's entry {i} has different type from "
                                   f'column "{attribute.name}"',
                          detail=f"RETURNING list entry has type "
                                 f"{registry.format_type(column.type_oid)}, but column has "
                                 f"type {registry.format_type(attribute.type_oid)}.")
    if len(columns) < len(attributes):
        raise PgError("42P17", "RETURNING list has too few entries")


def _objects_used(prepared) -> set:
    """The columns a prepared action reads or writes and the functions, operators and
    types it uses (recordDependencyOnExpr over the action's query)."""
    query = getattr(prepared, "query", None)
    if query is None:
        return set()
    from pgsnake.commands.view_commands import references_of
    from pgsnake.rewrite.expression_dependencies import query_references
    found = set(query_references(query))
    for relid, attnum in references_of(query):
        if attnum > len(cc.get_relation(relid).attributes):
            continue       # a column of the NEW / OLD stand-in, not of the relation
        found.add(dependency.column(relid, attnum) if attnum else dependency.relation(relid))
    if query.result_relation and query.command_type in ("INSERT", "UPDATE"):
        target = query.range_table[query.result_relation - 1]
        if target.kind == "relation":
            found.discard(dependency.relation(target.relation.oid))
            by_name = {a.name: a.attnum for a in target.relation.attributes if a.attnum > 0}
            attnums = [by_name[t.name] for t in query.target_list
                       if not t.resjunk and t.name in by_name] \
                if query.command_type == "INSERT" else list(query.update_assignments)
            found |= {dependency.column(target.relation.oid, n) for n in attnums}
    return found


def _record_dependencies(rule_oid: int, relation_oid: int, used: list) -> None:
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_REWRITE
                               and r.objid == rule_oid)
    rule = dependency.ObjectAddress(PG_REWRITE, rule_oid)
    dependency.record(rule, dependency.relation(relation_oid), dependency.AUTO)
    for address in used:
        dependency.record(rule, address, dependency.NORMAL)


def execute_create_rule(node: dict, raw=None) -> str:
    statement = parse_sql(raw.text)[0].stmt
    relation = _open(statement.relation)
    event = _EVENTS[statement.event.name]
    actions = list(statement.actions or ())
    qual = statement.whereClause
    name = statement.rulename
    if event == "1":                # a view's rule (a table may become a view)
        from pgsnake.commands import view_conversion
        return view_conversion.create_select_rule(statement, relation, raw)
    positions = _Positions(raw, statement.relation.location)
    qual = _qualify_condition(qual, relation, event, positions)
    used = _check_actions(relation, event, bool(statement.instead), qual, actions, positions)
    from pgsnake.catalog.view_creation import with_search_path
    action_text = with_search_path(";\n".join(RawStream()(a) for a in actions))
    qual_text = RawStream()(qual) if qual is not None else "<>"
    existing = find_rule(relation.oid, name)
    if existing is not None:
        if not statement.replace:
            raise PgError("42710", f'rule "{name}" for relation "{relation.name}" already '
                                   f'exists')
        catalog_writes.update_rows("pg_rewrite", lambda r: r.oid == existing.oid,
                                   key=("oid", existing.oid), ev_type=event,
                                   is_instead=bool(statement.instead), ev_qual=qual_text,
                                   ev_action=action_text)
        rule_oid = existing.oid
    else:
        rule_oid = transaction_ids.get_new_oid()
        catalog_writes.insert_row("pg_rewrite", d.row_values(
            "pg_rewrite", oid=rule_oid, rulename=name, ev_class=relation.oid, ev_type=event,
            ev_enabled="O", is_instead=bool(statement.instead), ev_qual=qual_text,
            ev_action=action_text))
    if not cc.class_row(relation.oid).relhasrules:
        catalog_writes.update_rows("pg_class", lambda r: r.oid == relation.oid,
                                   key=("oid", relation.oid), relhasrules=True)
    _record_dependencies(rule_oid, relation.oid, used)
    _done()
    return "CREATE RULE"


def is_rule_rename(node: dict) -> bool:
    return node.get("renameType") == "OBJECT_RULE"


def rename_rule(node: dict) -> str:
    range_var = node["relation"]
    relation = _open(ast.RangeVar(relname=range_var["relname"],
                                  schemaname=range_var.get("schemaname")))
    old, new = node["subname"], node["newname"]
    row = find_rule(relation.oid, old)
    if row is None:
        raise _missing(old, relation.name)
    if find_rule(relation.oid, new) is not None:
        raise PgError("42710", f'rule "{new}" for relation "{relation.name}" already exists')
    if row.ev_type == "1":
        raise PgError("42P17", "renaming an ON SELECT rule is not allowed")
    catalog_writes.update_rows("pg_rewrite", lambda r: r.oid == row.oid, key=("oid", row.oid),
                               rulename=new)
    _done()
    return "ALTER RULE"


def enable_disable(relation, cmd: dict) -> bool:
    """ALTER TABLE ... ENABLE [ALWAYS | REPLICA] / DISABLE RULE; False for other
    subcommands."""
    state = _ENABLE.get(cmd["subtype"])
    if state is None:
        return False
    row = find_rule(relation.oid, cmd["name"])
    if row is None:
        raise _missing(cmd["name"], relation.name)
    if row.ev_enabled != state:
        catalog_writes.update_rows("pg_rewrite", lambda r: r.oid == row.oid,
                                   key=("oid", row.oid), ev_enabled=state)
    _done()
    return True


def remove_rule_row(rule_oid: int) -> None:
    """RemoveRewriteRuleById: the row and its pg_depend rows go; the relation keeps
    relhasrules, as in PostgreSQL."""
    row = next((r for r in cc.scan_catalog("pg_rewrite") if r.oid == rule_oid), None)
    if row is None:
        return
    relation_locks.lock_relation_oid(row.ev_class, lock_modes.ACCESS_EXCLUSIVE)
    catalog_writes.delete_rows("pg_rewrite", lambda r: r.oid == rule_oid)
    dependency.delete_dependencies(PG_REWRITE, rule_oid)
    invalidation.note_catalog_change()


utility_statement.register("RuleStmt", "CREATE RULE", execute_create_rule)
