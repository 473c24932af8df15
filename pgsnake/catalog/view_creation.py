"""Create, replace and drop views and materialized views: their catalog rows.

create_view inserts, in PostgreSQL's order and with its OID order (relation, array type,
row type, rule): pg_type (the row type and its array type), pg_class (relkind 'v': no
access method, no relfilenode, relhasrules; 'm': a heap with storage), pg_attribute (a
view has no system columns; a materialized view has the six), pg_rewrite (the "_RETURN"
rule, ev_type '1' SELECT, is_instead, ev_enabled 'O'), and pg_depend:
    row type  -> relation                 'i'
    array type -> row type                'i'
    each column -> its type               'n'
    relation  -> its schema               'n'
    rule      -> each column it reads     'n'  (the table itself, subid 0, when no column)
    rule      -> each function, operator and type it uses (not built-in ones)  'n'
    rule      -> the view                 'i'  and 'n' (PostgreSQL's OLD/NEW entries)
A materialized view's file is created empty, as WITH NO DATA leaves it.

ev_action holds the view's defining SELECT as SQL text (PostgreSQL stores its node tree),
after a first line naming the search path its names were resolved through at creation:
the rewriter analyses it again on every use (rewrite/view_expansion.py), and
pg_get_viewdef deparses that analysis (rewrite/view_deparse.py). WITH CHECK OPTION is
pg_class.reloptions 'check_option=local|cascaded', as PostgreSQL records it.

Entry points: ViewColumn, create_view(...) -> oid, replace_view(...), drop_view(oid),
view_definition(oid) -> SQL text | None, stored_view(oid) -> (search path, SQL text) | None,
check_option(oid) -> 'local'|'cascaded'|None, security_barrier(oid) -> bool,
security_invoker(oid) -> bool,
dependent_views(relation_oid) -> [(view oid, kind)], record_rule_dependencies.

PostgreSQL: commands/view.c (DefineView, DefineVirtualRelation, checkViewTupleDesc,
StoreViewQuery), rewrite/rewriteDefine.c (InsertRule), catalog/dependency.c
(recordDependencyOnExpr, findDependentObjects).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_rows, catalog_unique, catalog_writes, invalidation
from pgsnake.catalog import dependency
from pgsnake.catalog import definitions as d
from pgsnake.catalog import relation_locks
from pgsnake.catalog.heap_creation import ColumnSpec, column_row_spec, create_relation_row_type
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import process_state
from pgsnake.utils.errors import DUPLICATE_OBJECT, DUPLICATE_TABLE, PgError

PG_CLASS = 1259
PG_TYPE = 1247
PG_NAMESPACE = 2615
PG_REWRITE = 2618
RETURN_RULE = "_RETURN"


@dataclasses.dataclass(frozen=True, slots=True)
class ViewColumn:
    name: str
    type_oid: int
    typmod: int = -1


def _set(row: list, catalog: str, **values) -> list:
    definition = d.catalog(catalog)
    for name, value in values.items():
        row[definition.attnum(name) - 1] = value
    return row


def _reloptions(options: list[str] | None) -> list[str] | None:
    return list(options) if options else None


def create_view(name: str, namespace_oid: int, columns: list[ViewColumn], definition_sql: str,
                references: set[tuple[int, int]], *, options: list[str] | None = None,
                relkind: str = "v", populated: bool = True, objects=frozenset()) -> int:
    """Create a view (relkind 'v') or materialized view ('m'); returns its oid.
    `references`: (relation oid, attnum) pairs the definition reads (attnum 0: the
    relation as a whole); `objects`: the other objects it uses (functions, operators,
    types: ObjectAddress). The caller has checked the name is free (OR REPLACE)."""
    from pgsnake.access.transam import pending_deletes, transaction_ids, xact

    if cc.relation_oid_in(namespace_oid, name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{name}" already exists')
    if cc.lookup_type_row(name, namespace_oid) is not None:
        raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists',
                      hint="A relation has an associated type of the same name, so you "
                           "must use a name that doesn't conflict with any existing type.")
    relation_locks.lock_database_object(d.PG_NAMESPACE_OID, namespace_oid,
                                        lock_modes.ACCESS_SHARE)
    catalog_unique.check_unique("pg_type", "pg_type_typname_nsp_index",
                                ("typname", "typnamespace"), (name, namespace_oid))
    specs = [column_row_spec(attnum, ColumnSpec(c.name, c.type_oid, c.typmod))
             for attnum, c in enumerate(columns, start=1)]
    from pgsnake.catalog import object_permissions
    object_permissions.check_namespace_create(namespace_oid)
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    oid, array_oid, rowtype_oid = create_relation_row_type(name, namespace_oid, owner)
    xid = xact.get_current_xid()
    class_row = catalog_rows.pg_class_row(
        oid=oid, name=name, namespace_oid=namespace_oid, rowtype_oid=rowtype_oid,
        natts=len(columns), owner=owner, relkind=relkind, frozen_xid=xid)
    if relkind == "v":
        _set(class_row, "pg_class", relfilenode=0, relhasrules=True, relreplident="n",
             relfrozenxid=0, relminmxid=0, reloptions=_reloptions(options))
    else:
        _set(class_row, "pg_class", relam=d.HEAP_ACCESS_METHOD, relhasrules=True,
             relispopulated=populated)
    catalog_writes.insert_row("pg_class", class_row)
    for spec in specs:
        catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(oid, spec))
    if relkind == "m":
        for row in catalog_rows.system_attribute_rows(oid):
            catalog_writes.insert_row("pg_attribute", row)
    rule_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_rewrite", d.row_values(
        "pg_rewrite", oid=rule_oid, rulename=RETURN_RULE, ev_class=oid, ev_type="1",
        ev_enabled="O", is_instead=True, ev_qual="<>", ev_action=_stored_definition(definition_sql)))
    view = dependency.relation(oid)
    dependency.record(dependency.ObjectAddress(PG_TYPE, rowtype_oid), view, dependency.INTERNAL)
    dependency.record(dependency.ObjectAddress(PG_TYPE, array_oid),
                      dependency.ObjectAddress(PG_TYPE, rowtype_oid), dependency.INTERNAL)
    dependency.record(view, dependency.ObjectAddress(PG_NAMESPACE, namespace_oid),
                      dependency.NORMAL)
    for attnum, c in enumerate(columns, start=1):
        _record_column_type(oid, attnum, c.type_oid)
    record_rule_dependencies(rule_oid, oid, references, objects)

    invalidation.note_catalog_change()
    xact.command_counter_increment()
    if relkind == "m":
        from pgsnake.access.heap import heapam
        relation = cc.get_relation(oid)
        heapam.heap_create_storage(relation)
        pending_deletes.schedule(relation.locator, at_commit=False)
        from pgsnake.catalog import toast_creation
        toast_creation.create_toast_table_if_needed(oid)
    from pgsnake.catalog import default_privileges
    default_privileges.apply_to_new_object("r", oid)     # ALTER DEFAULT PRIVILEGES
    return oid


def _record_column_type(oid: int, attnum: int, type_oid: int) -> None:
    """A column needs its type (not a built-in one), as a table's column does."""
    dependency.record(dependency.column(oid, attnum),
                      dependency.ObjectAddress(PG_TYPE, type_oid), dependency.NORMAL)


def record_rule_dependencies(rule_oid: int, view_oid: int,
                             references: set[tuple[int, int]], objects=frozenset()) -> None:
    """The rule's pg_depend rows: the columns it reads and the functions, operators and
    types it uses (built-in objects are pinned and not recorded, as in PostgreSQL), then
    the view itself."""
    rule = dependency.ObjectAddress(PG_REWRITE, rule_oid)
    for relid, attnum in sorted(references):
        dependency.record(rule, dependency.column(relid, attnum), dependency.NORMAL)
    dependency.record_all(rule, objects, dependency.NORMAL)
    dependency.record(rule, dependency.relation(view_oid), dependency.INTERNAL)
    dependency.record(rule, dependency.relation(view_oid), dependency.NORMAL)


def replace_view(oid: int, columns: list[ViewColumn], definition_sql: str,
                 references: set[tuple[int, int]], *, options: list[str] | None = None,
                 objects=frozenset()) -> None:
    """CREATE OR REPLACE VIEW on an existing view whose columns the caller has checked
    (the old ones unchanged, new ones only at the end): add the new columns, store the
    new query and its dependencies."""
    from pgsnake.access.transam import xact
    old = cc.get_relation(oid)
    old_count = len([a for a in old.attributes if a.attnum > 0])
    for attnum, c in enumerate(columns, start=1):
        if attnum > old_count:
            spec = column_row_spec(attnum, ColumnSpec(c.name, c.type_oid, c.typmod))
            catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(oid, spec))
            _record_column_type(oid, attnum, c.type_oid)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                               key=("oid", oid), relnatts=len(columns),
                               reloptions=_reloptions(options))
    rule = _return_rule(oid)
    catalog_writes.update_rows("pg_rewrite", lambda r: r.oid == rule.oid, key=("oid", rule.oid),
                               ev_action=_stored_definition(definition_sql))
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_REWRITE
                               and r.objid == rule.oid, key=("objid", rule.oid))
    record_rule_dependencies(rule.oid, oid, references, objects)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def set_populated(oid: int, populated: bool) -> None:
    """A materialized view's relispopulated (REFRESH ... WITH [NO] DATA)."""
    from pgsnake.access.transam import xact
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                               key=("oid", oid), relispopulated=populated)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def drop_view(oid: int) -> None:
    """Delete a view's (or materialized view's) catalog rows; a materialized view's file
    goes at commit. The caller has locked it and dealt with what depends on it."""
    from pgsnake.access.transam import pending_deletes, xact
    row = cc.class_row(oid)
    relation = cc.get_relation(oid)
    doomed_types = {row.reltype}
    type_row = cc.get_type_row(row.reltype)
    if type_row is not None and type_row.typarray:
        doomed_types.add(type_row.typarray)
    for type_oid in sorted(doomed_types):
        relation_locks.lock_database_object(d.PG_TYPE_OID, type_oid, lock_modes.ACCESS_EXCLUSIVE)
    from pgsnake.catalog import trigger_catalog
    trigger_catalog.drop_table_triggers(oid)          # INSTEAD OF triggers go with it
    rules = {r.oid for r in cc.scan_catalog("pg_rewrite") if r.ev_class == oid}
    catalog_writes.delete_rows("pg_rewrite", lambda r: r.oid in rules)
    catalog_writes.delete_rows("pg_depend", lambda r: (r.classid == PG_REWRITE and r.objid in rules)
                               or (r.classid == PG_CLASS and r.objid == oid)
                               or (r.classid == PG_TYPE and r.objid in doomed_types))
    if row.relkind == "m":
        from pgsnake.catalog import index_creation, toast_creation
        index_creation.drop_table_indexes(oid)
        toast_creation.drop_toast_table(oid)
    catalog_writes.delete_rows("pg_attribute", lambda r: r.attrelid == oid, key=("attrelid", oid))
    catalog_writes.delete_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid))
    catalog_writes.delete_rows("pg_type", lambda r: r.oid in doomed_types)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    if row.relkind == "m":
        pending_deletes.schedule(relation.locator, at_commit=True)


def _return_rule(oid: int):
    for r in cc.scan_catalog("pg_rewrite", key=("ev_class", oid)):
        if r.rulename == RETURN_RULE:
            return r
    return None


# ev_action's first line: the search path the view's names were resolved through when it
# was created (PostgreSQL binds them then, in its node tree; pgsnake analyses the text
# again at every use, through that same path, whatever the user's search_path is now:
# pg_dump reads views with search_path = '').
_SEARCH_PATH_LINE = "-- search_path: "


def _stored_definition(definition_sql: str) -> str:
    return f"{_SEARCH_PATH_LINE}{cc.effective_search_path_text()}\n{definition_sql}"


def with_search_path(sql: str) -> str:
    """`sql` with the search path in force now as its first line (row-level security
    policies store their expressions the same way: catalog/policy_catalog.py)."""
    return _stored_definition(sql)


def split_search_path(text: str) -> tuple[str | None, str]:
    """(the stored search path or None, the SQL) of with_search_path's text."""
    return _split_stored(text)


def _split_stored(text: str) -> tuple[str | None, str]:
    if text.startswith(_SEARCH_PATH_LINE):
        first, _, rest = text.partition("\n")
        return first[len(_SEARCH_PATH_LINE):], rest
    return None, text


def stored_view(oid: int) -> tuple[str | None, str] | None:
    """(the search path the view's text is analysed through, None for the session's;
    the defining SELECT's SQL text) of a view or materialized view, or None."""
    rule = _return_rule(oid)
    return None if rule is None else _split_stored(rule.ev_action)


def view_definition(oid: int) -> str | None:
    """The defining SELECT's SQL text of a view or materialized view, or None."""
    stored = stored_view(oid)
    return None if stored is None else stored[1]


def check_option(oid: int) -> str | None:
    """'local' or 'cascaded' for a view WITH CHECK OPTION, else None."""
    row = cc.class_row(oid)
    for text in (getattr(row, "reloptions", None) or ()):
        name, _, value = text.partition("=")
        if name == "check_option":
            return value
    return None


def security_barrier(oid: int) -> bool:
    """Is the view WITH (security_barrier) (a true value, as parse_bool reads it)?"""
    return _bool_option(oid, "security_barrier")


def security_invoker(oid: int) -> bool:
    """Is the view WITH (security_invoker): its tables checked as the querying user?"""
    return _bool_option(oid, "security_invoker")


def _bool_option(oid: int, wanted: str) -> bool:
    row = cc.class_row(oid)
    for text in (getattr(row, "reloptions", None) or ()):
        name, _, value = text.partition("=")
        if name == wanted:
            lowered = value.strip().lower()
            return lowered in ("1", "on") or any(word.startswith(lowered)
                                                 for word in ("true", "yes"))
    return False


def dependent_views(relation_oid: int, attnum: int | None = None) -> list[int]:
    """Views and materialized views whose rule reads `relation_oid` (or, given attnum,
    that very column of it), in the order they were made, without the relation itself.
    (PostgreSQL lists them in its pg_depend index's order, which for equal keys is the
    rows' physical order; that is creation order until space is reused, and pgsnake
    reuses a catalog page's space sooner, so the OIDs give the order.)"""
    rules = {r.oid: r.ev_class for r in cc.scan_catalog("pg_rewrite") if r.ev_type == "1"}
    out: list[int] = []
    for r in sorted(cc.scan_catalog("pg_depend"), key=lambda r: r.objid):
        if r.classid != PG_REWRITE or r.refclassid != PG_CLASS or r.refobjid != relation_oid \
                or r.deptype != "n" or r.objid not in rules:
            continue
        if attnum is not None and r.refobjsubid != attnum:
            continue
        view = rules[r.objid]
        if view != relation_oid and view not in out:
            out.append(view)
    return out


def dependency_targets(view_oid: int) -> list[int]:
    """The relations a view's rule reads (its normal pg_depend rows), in pg_depend order."""
    rules = {r.oid for r in cc.scan_catalog("pg_rewrite") if r.ev_class == view_oid}
    out: list[int] = []
    for r in cc.scan_catalog("pg_depend"):
        if r.classid == PG_REWRITE and r.objid in rules and r.refclassid == PG_CLASS \
                and r.deptype == "n" and r.refobjid != view_oid and r.refobjid not in out:
            out.append(r.refobjid)
    return out


def set_definition(view_oid: int, definition_sql: str) -> None:
    """Store a new text for a view's query (after a RENAME of something it reads)."""
    from pgsnake.access.transam import xact
    rule = _return_rule(view_oid)
    catalog_writes.update_rows("pg_rewrite", lambda r: r.oid == rule.oid, key=("oid", rule.oid),
                               ev_action=_stored_definition(definition_sql))
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def set_owner(oid: int, owner: int) -> None:
    """ALTER VIEW ... OWNER TO: the view and its row type (and the row type's array)."""
    from pgsnake.access.transam import xact
    row = cc.class_row(oid)
    types = {row.reltype}
    type_row = cc.get_type_row(row.reltype)
    if type_row is not None and type_row.typarray:
        types.add(type_row.typarray)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid), relowner=owner)
    catalog_writes.update_rows("pg_type", lambda r: r.oid in types, typowner=owner)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
