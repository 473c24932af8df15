"""Rules (CREATE RULE's) keep meaning what they meant across a RENAME or SET SCHEMA of
a relation or column they name.

pg_rewrite.ev_action / ev_qual hold SQL text (commands/rule_commands.py) where
PostgreSQL holds node trees that name objects by OID. So when a relation a rule reads
(or the rule's own relation) is renamed or moved, or one of its columns renamed, the
rule's text is rewritten: every relation name (RangeVar) that resolves to the relation
through the rule's stored search path is written schema-qualified with its new name; a
column reference to the renamed column gets the new name when it is qualified by a name
standing for that relation (its name or alias in the statement, or NEW / OLD for the
rule's own relation), or unqualified while the relation is in the statement and no
other relation there has a column of that name; so do INSERT's column list and
UPDATE's SET targets on the relation.

The new texts are computed before the catalog change (names resolve under the old
names) and stored after it.

Entry points: texts_after_rename(relation_oid, new_schema=None, new_name=None,
old_column=None, new_column=None) -> list (call before the change);
store_texts(texts) (after it).

Where we differ from PostgreSQL: a name is matched by its spelling and the statement's
FROM items, not by the analysed query; a WITH query named like the relation is left
alone, a column name inside a subquery follows the whole statement's relations.

PostgreSQL: none (its rules store OIDs: rewriteDefine.c, ruleutils.c print them anew).
"""
from __future__ import annotations

from pglast import ast, parse_sql
from pglast.stream import RawStream

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation

PG_REWRITE = 2618
PG_CLASS = 1259


def _rules_naming(relation_oid: int) -> list:
    """The relation's own rules and the rules whose actions read it (pg_depend), not
    views' "_RETURN" rules (commands/view_commands.py prints those again)."""
    reading = {r.objid for r in cc.scan_catalog("pg_depend")
               if r.classid == PG_REWRITE and r.refclassid == PG_CLASS
               and r.refobjid == relation_oid and r.deptype == "n"}
    return [r for r in cc.scan_catalog("pg_rewrite")
            if r.ev_type != "1" and (r.ev_class == relation_oid or r.oid in reading)]


class _Renamer:
    def __init__(self, relation_oid: int, search_path, rule_relation: int, new_schema,
                 new_name, old_column, new_column) -> None:
        self.relation_oid = relation_oid
        self.search_path = search_path
        self.rule_relation = rule_relation
        self.new_schema, self.new_name = new_schema, new_name
        self.old_column, self.new_column = old_column, new_column
        self.changed = False

    def _resolve(self, range_var) -> int | None:
        with cc.search_path_as(self.search_path):
            return cc.lookup_relation_oid(range_var.relname, range_var.schemaname)

    # -- one statement ------------------------------------------------------------------
    def statement(self, node):
        ctes = set()
        variables = []

        def collect(item):
            if isinstance(item, ast.CommonTableExpr):
                ctes.add(item.ctename)
            if isinstance(item, ast.RangeVar):
                variables.append(item)
            if isinstance(item, ast.Node):
                for name in item:
                    collect(getattr(item, name))
            elif isinstance(item, tuple):
                for element in item:
                    collect(element)
        collect(node)
        targets = {id(v): self._resolve(v) for v in variables
                   if not (v.schemaname is None and v.relname in ctes)}
        qualifiers = set()
        self.old_names = set()       # the relation named without an alias
        others = []
        # an INSERT's target is not in scope for its SELECT's names
        inserted = node.relation if isinstance(node, ast.InsertStmt) else None
        for variable in variables:
            oid = targets.get(id(variable))
            if variable is inserted:
                continue
            if oid == self.relation_oid:
                qualifiers.add(variable.alias.aliasname if variable.alias is not None
                               else variable.relname)
                if variable.alias is None:
                    self.old_names.add(variable.relname)
            elif oid is not None:
                others.append(oid)
        if self.rule_relation == self.relation_oid:
            qualifiers.update(("new", "old"))
        in_statement = any(oid == self.relation_oid for oid in targets.values())
        bare = in_statement and self.old_column is not None and not any(
            self.old_column in {a.name for a in cc.get_relation(oid).attributes
                                if a.attnum > 0 and not a.is_dropped}
            for oid in set(others))
        self._rename_targets(node, targets)
        return self._walk(node, targets, qualifiers, bare)

    def _rename_targets(self, node, targets) -> None:
        if self.old_column is None:
            return
        if isinstance(node, ast.InsertStmt) and \
                targets.get(id(node.relation)) == self.relation_oid:
            for target in node.cols or ():
                if target.name == self.old_column:
                    target.name = self.new_column
                    self.changed = True
        if isinstance(node, ast.UpdateStmt) and \
                targets.get(id(node.relation)) == self.relation_oid:
            for target in node.targetList or ():
                if target.name == self.old_column:
                    target.name = self.new_column
                    self.changed = True

    def _walk(self, node, targets, qualifiers, bare):
        if isinstance(node, ast.RangeVar):
            if targets.get(id(node)) == self.relation_oid and self.new_name is not None:
                node.relname = self.new_name
                node.schemaname = self.new_schema
                self.changed = True
            return node
        if isinstance(node, ast.ResTarget) and node.name is None and \
                isinstance(node.val, ast.ColumnRef):
            # a select-list column keeps the name it had (PostgreSQL's stored resname)
            before = node.val.fields[-1]
            self._column(node.val, qualifiers, bare)
            after = node.val.fields[-1]
            if isinstance(before, ast.String) and isinstance(after, ast.String) and \
                    before.sval != after.sval:
                node.name = before.sval
            return node
        if isinstance(node, ast.ColumnRef):
            self._column(node, qualifiers, bare)
            return node
        if isinstance(node, ast.Node):
            for name in node:
                value = getattr(node, name)
                if isinstance(value, (ast.Node, tuple)):
                    self._walk(value, targets, qualifiers, bare)
        elif isinstance(node, tuple):
            for item in node:
                self._walk(item, targets, qualifiers, bare)
        return node

    def _column(self, node, qualifiers, bare) -> None:
        fields = list(node.fields)
        if self.new_name is not None and len(fields) >= 2 and \
                isinstance(fields[-2], ast.String) and fields[-2].sval in self.old_names:
            # r.col where r is the renamed relation's own name: its new name, qualified
            # as the FROM item now is when it was qualified
            fields[-2] = ast.String(sval=self.new_name)
            if len(fields) >= 3:
                fields[-3] = ast.String(sval=self.new_schema)
            node.fields = tuple(fields)
            self.changed = True
        if self.old_column is None:
            return
        if not fields or not isinstance(fields[-1], ast.String) or \
                fields[-1].sval != self.old_column:
            return
        qualified = len(fields) >= 2 and isinstance(fields[-2], ast.String) and \
            fields[-2].sval in qualifiers
        if qualified or (len(fields) == 1 and bare):
            fields[-1] = ast.String(sval=self.new_column)
            node.fields = tuple(fields)
            self.changed = True


def texts_after_rename(relation_oid: int, new_schema: str | None = None,
                       new_name: str | None = None, old_column: str | None = None,
                       new_column: str | None = None) -> list:
    """[(rule oid, ev_qual, ev_action)] for the rules whose texts the change alters,
    computed before it. new_name / new_schema: the relation renamed or moved (both
    given); old_column / new_column: a column renamed."""
    from pgsnake.catalog.view_creation import split_search_path
    out = []
    for rule in _rules_naming(relation_oid):
        search_path, action_text = split_search_path(rule.ev_action)
        renamer = _Renamer(relation_oid, search_path, rule.ev_class, new_schema, new_name,
                           old_column, new_column)
        actions = [renamer.statement(s.stmt) for s in parse_sql(action_text)] \
            if action_text.strip() else []
        qual = rule.ev_qual
        if qual and qual != "<>":
            select = parse_sql(f"SELECT {qual}")[0].stmt
            renamer.statement(select)
            qual = RawStream()(select.targetList[0].val)
        if not renamer.changed:
            continue
        text = ";\n".join(RawStream()(a) for a in actions)
        if search_path is not None:
            from pgsnake.catalog.view_creation import _SEARCH_PATH_LINE
            text = f"{_SEARCH_PATH_LINE}{search_path}\n{text}"
        out.append((rule.oid, qual, text))
    return out


def texts_for_rename(node: dict, relation) -> list:
    """texts_after_rename for a RenameStmt (table / view / column) of `relation`."""
    kind = node.get("renameType")
    if kind == "OBJECT_COLUMN":
        return texts_after_rename(relation.oid, old_column=node.get("subname"),
                                  new_column=node.get("newname"))
    if kind in ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"):
        return texts_after_rename(relation.oid, cc.namespace_name(relation.namespace_oid),
                                  node.get("newname"))
    return []


def store_texts(texts: list) -> None:
    for oid, qual, action in texts:
        catalog_writes.update_rows("pg_rewrite", lambda r, oid=oid: r.oid == oid,
                                   key=("oid", oid), ev_qual=qual, ev_action=action)
    if texts:
        invalidation.note_catalog_change()
