"""CREATE RULE "_RETURN" AS ON SELECT TO t DO INSTEAD SELECT ...: the rule that makes a
relation a view (PostgreSQL 15 still lets an empty plain table be turned into a view
this way, as old pg_dump output does for views in circular dependencies), or, with OR
REPLACE on a view, a new definition for it.

Checks in DefineQueryRewrite's order: one action, an INSTEAD SELECT (0A000), no
data-modifying WITH, no WHERE condition; the SELECT's columns exactly the relation's
(checkRuleResultList: count, dropped columns, names, types, typmods; 42P17); no other
ON SELECT rule ('"v" is already a view', 55000, without OR REPLACE); the rule named "_RETURN"
(or "_RET" followed by the relation's name, quietly renamed); and for a table: not
partitioned, not a partition (42809), empty, with no triggers, indexes, child or parent
tables, row-level security or policies (55000).

A converted table keeps its OID, row type and columns: its file and TOAST table go (at
commit), its system columns' pg_attribute rows go, pg_class becomes a view's (relkind
'v', no access method, relpages 0, reltuples -1, relreplident 'n', no frozen xid), and
the "_RETURN" rule and its pg_depend rows are those CREATE VIEW makes
(catalog/view_creation.py).

Entry point: create_select_rule(statement, relation, raw) (from rule_commands).

Where we differ from PostgreSQL: the converted table's relfilenode becomes 0, as every
pgsnake view's (PostgreSQL leaves the old number in pg_class).

PostgreSQL: rewrite/rewriteDefine.c (DefineQueryRewrite, checkRuleResultList).
"""
from __future__ import annotations

from pglast import ast

from pgsnake.access.transam import pending_deletes, transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, view_creation
from pgsnake.catalog import definitions as d
from pgsnake.utils.errors import PgError

_INVALID_DEFINITION = "42P17"
_NOT_IN_STATE = "55000"


def _analyse(select, raw):
    """The action's query (analysed as CREATE VIEW analyses its query), its SQL text."""
    from pgsnake.commands import view_commands
    from pgsnake.parser import analyze, raw_parser
    text = view_commands._sql_syntax_stream()(select)
    statement = raw_parser.parse_sql(text)[0]
    query = analyze.analyze_node(statement.node, statement.source, [], fixed_params=True)
    return query, text


def _check_result_list(query, relation) -> None:
    """checkRuleResultList for a SELECT rule (column names must match)."""
    from pgsnake.datatypes import registry
    attributes = [a for a in relation.attributes if a.attnum > 0]
    count = 0
    for column in query.output_columns():
        count += 1
        if count > len(attributes):
            raise PgError(_INVALID_DEFINITION, "SELECT rule's target list has too many entries")
        attribute = attributes[count - 1]
        if attribute.is_dropped:
            raise PgError(_INVALID_DEFINITION,
                          "cannot convert relation containing dropped columns to view")
        if column.name != attribute.name:
            raise PgError(_INVALID_DEFINITION,
                          f"SELECT rule's target entry {count} has different column name "
                          f'from column "{attribute.name}"',
                          detail=f'SELECT target entry is named "{column.name}".')
        type_oid = column.expr.type_oid
        if type_oid != attribute.type_oid:
            raise PgError(_INVALID_DEFINITION,
                          f"SELECT rule's target entry {count} has different type from "
                          f'column "{attribute.name}"',
                          detail=f"SELECT target entry has type "
                                 f"{registry.format_type(type_oid)}, but column has type "
                                 f"{registry.format_type(attribute.type_oid)}.")
        typmod = getattr(column.expr, "typmod", -1)
        if typmod is None:
            typmod = -1
        if attribute.typmod != typmod and attribute.typmod != -1 and typmod != -1:
            raise PgError(_INVALID_DEFINITION,
                          f"SELECT rule's target entry {count} has different size from "
                          f'column "{attribute.name}"',
                          detail=f"SELECT target entry has type "
                                 f"{registry.format_type(type_oid, typmod)}, but column has "
                                 f"type {registry.format_type(attribute.type_oid, attribute.typmod)}.")
    if count != len(attributes):
        raise PgError(_INVALID_DEFINITION, "SELECT rule's target list has too few entries")


def _is_empty(relation) -> bool:
    from pgsnake.access.heap import heapam
    for _page in heapam.heap_scan_pages(relation, xact.get_catalog_snapshot()):
        return False
    return True


def _check_convertible(relation) -> None:
    row = cc.class_row(relation.oid)
    name = relation.name
    if row.relkind == "p":
        raise PgError("42809", f'cannot convert partitioned table "{name}" to a view')
    if row.relispartition:
        raise PgError("42809", f'cannot convert partition "{name}" to a view')
    if not _is_empty(relation):
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it is not empty")
    if row.relhastriggers:
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it has triggers",
                      hint="In particular, the table cannot be involved in any foreign key "
                           "relationships.")
    if row.relhasindex:
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it has indexes")
    if row.relhassubclass:
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it has child tables")
    if any(r.inhrelid == relation.oid for r in cc.scan_catalog("pg_inherits")):
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it has parent tables")
    if row.relrowsecurity:
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it has row security enabled")
    if any(r.polrelid == relation.oid for r in cc.scan_catalog("pg_policy")):
        raise PgError(_NOT_IN_STATE, f'could not convert table "{name}" to a view because '
                                     "it has row security policies")


def create_select_rule(statement, relation, raw) -> str:
    """DefineQueryRewrite for an ON SELECT rule (see the module docstring)."""
    actions = list(statement.actions or ())
    if len(actions) > 1:
        raise PgError("0A000", "multiple actions for rules on SELECT are not implemented")
    if len(actions) != 1 or not isinstance(actions[0], ast.SelectStmt) or \
            not statement.instead:
        raise PgError("0A000", "rules on SELECT must have action INSTEAD SELECT")
    select = actions[0]
    query, text = _analyse(select, raw)
    if getattr(query, "has_modifying_cte", False) or _modifying_with(select):
        raise PgError("0A000", "rules on SELECT must not contain data-modifying statements "
                               "in WITH")
    if statement.whereClause is not None:
        raise PgError("0A000", "event qualifications are not implemented for rules on SELECT")
    _check_result_list(query, relation)
    existing = view_creation._return_rule(relation.oid) if relation.relkind == "v" else None
    if existing is not None and not statement.replace:
        raise PgError(_NOT_IN_STATE, f'"{relation.name}" is already a view')
    name = statement.rulename
    if name != view_creation.RETURN_RULE and not (
            name.startswith("_RET") and name[4:60] == relation.name[:56]):
        raise PgError(_INVALID_DEFINITION, f'view rule for "{relation.name}" must be named '
                                           f'"{view_creation.RETURN_RULE}"')
    from pgsnake.commands import view_commands
    references = view_commands.references_of(query)
    objects = view_commands._objects_used(query)
    if existing is not None:
        columns = [view_creation.ViewColumn(c.name, c.expr.type_oid,
                                            getattr(c.expr, "typmod", -1))
                   for c in query.output_columns()]
        view_creation.replace_view(relation.oid, columns, text, references, objects=objects)
        return "CREATE RULE"
    _check_convertible(relation)
    _convert(relation, text, references, objects)
    return "CREATE RULE"


def _modifying_with(select) -> bool:
    with_clause = select.withClause
    return with_clause is not None and any(
        not isinstance(cte.ctequery, ast.SelectStmt) for cte in with_clause.ctes or ())


def _convert(relation, text: str, references, objects) -> None:
    from pgsnake.catalog import toast_creation
    toast_creation.drop_toast_table(relation.oid)
    catalog_writes.delete_rows("pg_attribute",
                               lambda r: r.attrelid == relation.oid and r.attnum < 0,
                               key=("attrelid", relation.oid))
    catalog_writes.update_rows(
        "pg_class", lambda r: r.oid == relation.oid, key=("oid", relation.oid),
        relkind="v", relam=0, reltablespace=0, relfilenode=0, relpages=0, reltuples=-1.0,
        relallvisible=0, reltoastrelid=0, relhasindex=False, relfrozenxid=0, relminmxid=0,
        relreplident="n", relhasrules=True)
    rule_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_rewrite", d.row_values(
        "pg_rewrite", oid=rule_oid, rulename=view_creation.RETURN_RULE, ev_class=relation.oid,
        ev_type="1", ev_enabled="O", is_instead=True, ev_qual="<>",
        ev_action=view_creation.with_search_path(text)))
    view_creation.record_rule_dependencies(rule_oid, relation.oid, references, objects)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    # The table's file goes once the conversion is committed (RelationDropStorage).
    pending_deletes.schedule(relation.locator, at_commit=True)
