"""Declarative partitioning and table inheritance in DDL: CREATE TABLE ... PARTITION BY,
... PARTITION OF parent FOR VALUES ..., ... INHERITS (...), ALTER TABLE ATTACH / DETACH
PARTITION and [NO] INHERIT.

CREATE TABLE calls two hooks (commands/table_commands.py):
    inherited_columns(node, columns, table_name) -> columns
        before the table is made: the parents' columns first (merged by name, with
        PostgreSQL's NOTICEs and 42804 type conflicts), then the local ones
    after_create(node, oid, source)
        the partition key (pg_partitioned_table, relkind 'p'), pg_inherits rows, the
        partition bound (relispartition, relpartbound; overlap and default checks),
        attislocal / attinhcount, the parents' CHECK constraints copied
ALTER TABLE hands its ATTACH / DETACH / INHERIT / NO INHERIT subcommands to
alter_subcommand(relation, cmd, source) -> bool.

Rules:
1. A bound's datums are analysed as expressions, coerced to the key column's type by
   assignment and must be constants; MINVALUE / MAXVALUE only in a range bound.
2. A new partition may not overlap an existing one (42P17, positioned at the datum);
   with a default partition, no row of the default may belong to the new partition
   (23514), as check_default_partition_contents.
3. A partition's columns are its parent's, in the parent's order (attislocal false,
   attinhcount 1); a child of INHERITS has its parents' columns first.

PostgreSQL: commands/tablecmds.c (DefineRelation, MergeAttributes, ATExecAttachPartition,
ATExecDetachPartition, ATExecAddInherit, ATExecDropInherit), parser/parse_utilcmd.c
(transformPartitionBound, transformPartitionSpec), partitioning/partbounds.c
(check_new_partition_bound), catalog/pg_inherits.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import partition_bounds as pb
from pgsnake.catalog.heap_creation import ColumnSpec
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

INVALID_OBJECT_DEFINITION = "42P17"
INVALID_TABLE_DEFINITION = "42P16"
WRONG_OBJECT_TYPE = "42809"
DUPLICATE_TABLE = "42P07"
DATATYPE_MISMATCH = "42804"
CHECK_VIOLATION = "23514"
UNDEFINED_COLUMN = "42703"
FEATURE_NOT_SUPPORTED = "0A000"
DUPLICATE_COLUMN = "42701"
_STRATEGIES = {"PARTITION_STRATEGY_RANGE": "r", "PARTITION_STRATEGY_LIST": "l",
               "PARTITION_STRATEGY_HASH": "h", "range": "r", "list": "l", "hash": "h"}


def _position(source, location):
    return None if source is None or location is None else source.position(location)


def _done() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _open_parent(range_var: dict):
    from pgsnake.catalog import relation_locks
    from pgsnake.storage.lmgr import lock_modes
    oid = relation_locks.open_relation_oid(range_var["relname"], range_var.get("schemaname"),
                                           lock_modes.SHARE_UPDATE_EXCLUSIVE)
    if oid is None:
        raise PgError("42P01", f'relation "{range_var["relname"]}" does not exist')
    return cc.get_relation(oid)


# ---------------------------------------------------------------------------------------
# CREATE TABLE, before the table exists (rule 3)


def _parent_columns(parent) -> list[ColumnSpec]:
    """The parent's columns as a child inherits them: a generated column stays generated
    (its expression is copied once the child exists: after_create), without a default."""
    out = []
    for a in parent.attributes:
        if a.is_dropped:
            continue
        if a.generated:
            out.append(ColumnSpec(a.name, a.type_oid, a.typmod, a.not_null, None,
                                  generated=a.generated))
            continue
        out.append(ColumnSpec(a.name, a.type_oid, a.typmod, a.not_null,
                              cc.column_default(parent.oid, a.attnum)))
    return out


def _merge_generation(inherited: ColumnSpec, local: ColumnSpec,
                      partition_option: bool) -> None:
    """MergeAttributes' rules for a child column declared over an inherited one: a
    generated parent column must stay unadorned in the child (it becomes generated);
    otherwise the child's own GENERATED clause stands. PostgreSQL 15 lets PARTITION OF's
    `column DEFAULT expr` through over a generated column: the default becomes the
    partition's generation expression (`partition_option`)."""
    if not inherited.generated:
        return
    name = inherited.name
    if local.generated:
        raise PgError("42611", f'child column "{name}" specifies generation expression',
                      hint="Omit the generation expression in the definition of the child "
                           "table column to inherit the generation expression from the "
                           "parent table.")
    if local.default_sql is not None and not partition_option:
        raise PgError("42611", f'column "{name}" inherits from generated column but '
                               f'specifies default')
    if local.identity:
        raise PgError("42611", f'column "{name}" inherits from generated column but '
                               f'specifies identity')


def _check_persistence(range_var: dict, parent, is_partition: bool) -> None:
    """A temporary table's children and partitions are temporary, and a temporary table
    is no partition of a permanent one (MergeAttributes)."""
    temporary = range_var.get("relpersistence") == "t" \
        or (range_var.get("schemaname") or "").startswith("pg_temp")
    if is_partition and temporary and parent.persistence != "t":
        raise PgError(WRONG_OBJECT_TYPE, f"cannot create a temporary relation as partition "
                      f'of permanent relation "{parent.name}"')
    if parent.persistence == "t" and not temporary:
        raise PgError(WRONG_OBJECT_TYPE,
                      f'cannot create a permanent relation as partition of temporary '
                      f'relation "{parent.name}"' if is_partition
                      else f'cannot inherit from temporary relation "{parent.name}"')


def inherited_columns(node: dict, columns: list[ColumnSpec], table_name: str) -> list:
    parents = node.get("inhRelations") or []
    if not parents:
        return columns
    is_partition = bool(node.get("partbound"))
    merged: list[ColumnSpec] = []
    seen_parents: set[int] = set()
    conflicting_defaults: set[str] = set()
    generation_texts: dict[str, str | None] = {}   # the first parent's expression
    storages: dict[str, str] = {}                   # the first parent's attstorage
    conflicting_generation: set[str] = set()
    for wrapped in parents:
        parent = _open_parent(wrapped["RangeVar"])
        if parent.oid in seen_parents:
            raise PgError("42P07", f'relation "{parent.name}" would be inherited from more '
                                   f'than once')
        seen_parents.add(parent.oid)
        # (MergeAttributes' checks come before DefineRelation's "is not partitioned")
        if parent.relkind not in ("r", "p", "f"):
            raise PgError(WRONG_OBJECT_TYPE, f'inherited relation "{parent.name}" is not '
                                             f'a table or foreign table')
        if is_partition and parent.relkind != "p":
            raise PgError(INVALID_OBJECT_DEFINITION, f'"{parent.name}" is not partitioned')
        if not is_partition and parent.relkind == "p":
            raise PgError(WRONG_OBJECT_TYPE,
                          f'cannot inherit from partitioned table "{parent.name}"')
        if not is_partition and cc.class_row(parent.oid).relispartition:
            raise PgError(WRONG_OBJECT_TYPE, f'cannot inherit from partition "{parent.name}"')
        _check_persistence(node["relation"], parent, is_partition)
        for column in _parent_columns(parent):
            index = next((i for i, c in enumerate(merged) if c.name == column.name), None)
            if index is None:
                merged.append(column)
                storages[column.name] = _storage_of(parent, column.name)
                if column.generated:
                    generation_texts[column.name] = _generation_text(parent, column.name)
                continue
            notices.emit("00000", f'merging multiple inherited definitions of column '
                                  f'"{column.name}"')
            _check_same_type(merged[index], column)
            first = merged[index]
            storage = _storage_of(parent, column.name)
            if storage != storages[column.name]:
                raise PgError(DATATYPE_MISMATCH, f'inherited column "{column.name}" has a '
                                                 f'storage parameter conflict',
                              detail=f"{_STORAGE_NAMES[storages[column.name]]} versus "
                                     f"{_STORAGE_NAMES[storage]}")
            if first.generated != column.generated:
                raise PgError(DATATYPE_MISMATCH, f'inherited column "{column.name}" has a '
                                                 f'generation conflict')
            if column.generated and generation_texts[column.name] != \
                    _generation_text(parent, column.name):
                conflicting_generation.add(column.name)
            if column.default_sql is not None and first.default_sql is not None \
                    and column.default_sql != first.default_sql:
                conflicting_defaults.add(column.name)
            merged[index] = dataclasses.replace(
                first, not_null=first.not_null or column.not_null,
                default_sql=first.default_sql if first.default_sql is not None
                else column.default_sql)
    for position, column in enumerate(columns):
        index = next((i for i, c in enumerate(merged) if c.name == column.name), None)
        if index is None:
            merged.append(column)
            continue
        if column.name in (node.get("option_columns") or ()):
            pass                  # PARTITION OF (column WITH OPTIONS ...): no NOTICE
        elif index == position:
            notices.emit("00000", f'merging column "{column.name}" with inherited definition')
        else:
            notices.emit("00000", f'moving and merging column "{column.name}" with inherited '
                                  f'definition',
                         detail="User-specified column moved to the position of the "
                                "inherited column.")
        _check_same_type(merged[index], column)
        old = merged[index]
        _check_local_storage(node, column.name, storages.get(column.name))
        _merge_generation(old, column, column.name in (node.get("option_columns") or ()))
        merged[index] = dataclasses.replace(
            old, not_null=old.not_null or column.not_null,
            default_sql=column.default_sql if column.default_sql is not None
            else old.default_sql, generated=old.generated or column.generated,
            identity=column.identity or old.identity)
        if column.default_sql is not None:
            conflicting_defaults.discard(column.name)     # an explicit default settles it
    for column in merged:
        if column.name in conflicting_generation:
            raise PgError("42611", f'column "{column.name}" inherits conflicting generation '
                                   f'expressions')
        if column.name in conflicting_defaults:
            raise PgError("42611", f'column "{column.name}" inherits conflicting default '
                                   f'values',
                          hint="To resolve the conflict, specify a default explicitly.")
    return merged


_STORAGE_NAMES = {"p": "PLAIN", "m": "MAIN", "x": "EXTENDED", "e": "EXTERNAL"}


def _check_local_storage(node: dict, name: str, inherited: str | None) -> None:
    """A column given a storage of its own (LIKE ... INCLUDING STORAGE) must agree with
    the inherited one."""
    local = (node.get("column_storage") or {}).get(name)
    if local and inherited and local != inherited:
        raise PgError(DATATYPE_MISMATCH, f'column "{name}" has a storage parameter conflict',
                      detail=f"{_STORAGE_NAMES[inherited]} versus {_STORAGE_NAMES[local]}")


def _storage_of(parent, name: str) -> str:
    return next(a.storage for a in parent.attributes if a.name == name and not a.is_dropped)


def _generation_text(parent, name: str) -> str | None:
    attribute = next(a for a in parent.attributes if a.name == name and not a.is_dropped)
    return cc.column_default(parent.oid, attribute.attnum)


def _check_same_type(inherited: ColumnSpec, other: ColumnSpec) -> None:
    from pgsnake.datatypes import registry
    if (inherited.type_oid, inherited.typmod) != (other.type_oid, other.typmod):
        raise PgError(DATATYPE_MISMATCH, f'column "{inherited.name}" has a type conflict',
                      detail=f"{registry.format_type(inherited.type_oid, inherited.typmod)} "
                             f"versus {registry.format_type(other.type_oid, other.typmod)}")


def partition_column_options(node: dict) -> None:
    """PARTITION OF's column list may only add options (constraints, a default) to the
    parent's columns: each gets the parent column's type here, and its name goes into
    node["option_columns"] so that it stays an inherited column (no merge NOTICE,
    attislocal false), as MergeAttributes treats them."""
    if not node.get("partbound"):
        return
    seen: set[str] = set()
    for wrapped in node.get("tableElts", []):
        constraints = wrapped.get("ColumnDef", {}).get("constraints", [])
        for constraint in constraints:                # transformColumnDefinition
            kind = constraint["Constraint"]["contype"]
            if kind in ("CONSTR_GENERATED", "CONSTR_IDENTITY"):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f'{"generated" if kind == "CONSTR_GENERATED" else "identity"}'
                              f' columns are not supported on partitions')
        column = wrapped.get("ColumnDef")
        if column is None or column.get("typeName"):
            continue
        parents = node.get("inhRelations") or []
        parent = _open_parent(parents[0]["RangeVar"]) if parents else None
        attribute = None if parent is None else next(
            (a for a in parent.attributes if a.name == column["colname"] and not a.is_dropped),
            None)
        if attribute is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{column["colname"]}" does not exist')
        if column["colname"] in seen:
            raise PgError(DUPLICATE_COLUMN, f'column "{column["colname"]}" specified more '
                                            f'than once')
        seen.add(column["colname"])
        from pgsnake.commands.typed_tables import _type_name_node
        column["typeName"] = _type_name_node(attribute)
    node["option_columns"] = seen


# ---------------------------------------------------------------------------------------
# CREATE TABLE, once the table exists


def after_create(node: dict, oid: int, source=None) -> None:
    parents = [_open_parent(w["RangeVar"]) for w in node.get("inhRelations") or []]
    if parents:
        local_names = {w["ColumnDef"]["colname"] for w in node.get("tableElts", [])
                       if "ColumnDef" in w and w["ColumnDef"].get("typeName")} - \
            set(node.get("option_columns") or ())
        _record_inheritance(oid, parents, local_names,
                            "a" if node.get("partbound") else "n")
        from pgsnake.commands import generated_columns
        for parent in parents:
            generated_columns.copy_from_parent(oid, parent)
    if node.get("partspec"):
        _make_partitioned(oid, node["partspec"], source)
    if node.get("partbound"):
        _attach_bound(parents[0], cc.get_relation(oid), node["partbound"], source,
                      creating=True)
        clone_parent_indexes(parents[0].oid, cc.get_relation(oid))
        clone_parent_triggers(parents[0].oid, oid)
        from pgsnake.commands import partition_foreign_keys
        partition_foreign_keys.after_new_partition(parents[0].oid, oid, attached=False)


def _record_inheritance(oid: int, parents: list, local_names: set, deptype: str) -> None:
    own = cc.get_relation(oid)
    for number, parent in enumerate(parents, start=1):
        _insert_inherits(oid, parent.oid, number, deptype)
    _done()
    for attribute in own.attributes:
        if attribute.is_dropped:
            continue
        count = sum(1 for p in parents for a in p.attributes
                    if a.name == attribute.name and not a.is_dropped)
        if count:
            catalog_writes.update_rows(
                "pg_attribute", lambda r, a=attribute: r.attrelid == oid and r.attnum == a.attnum,
                attinhcount=count, attislocal=attribute.name in local_names)
    for parent in parents:
        for row in cc.check_constraints(parent.oid):
            if row.connoinherit:
                continue                        # CHECK ... NO INHERIT stays on the parent
            mine = next((r for r in cc.check_constraints(oid) if r.conname == row.conname),
                        None)
            if mine is None:
                _copy_check(own, row)
                continue
            # the same constraint from another parent counts twice (MergeCheckConstraint)
            from pgsnake.commands import check_inheritance
            if not check_inheritance.same_expression(own, mine, row):
                raise PgError("42710", f'check constraint name "{row.conname}" appears '
                                       f'multiple times but with different expressions')
            catalog_writes.update_rows("pg_constraint", lambda r, o=mine.oid: r.oid == o,
                                       coninhcount=mine.coninhcount + 1)
            _done()
    _done()


def _copy_check(child, row) -> None:
    """A parent's CHECK constraint on a new child: the same text over the child's
    columns of the same names (conislocal false, coninhcount 1)."""
    from pgsnake.access.transam import transaction_ids
    from pgsnake.catalog import definitions as d
    from pgsnake.rewrite.stored_expressions import analysed, stored_text
    conbin = stored_text(analysed(row.conbin, child.oid), child.oid)
    names = {a.name: a.attnum for a in child.attributes}
    parent_names = {a.attnum: a.attname for a in cc.attribute_rows(row.conrelid)}
    attnums = sorted(names[parent_names[n]] for n in (row.conkey or []))
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=transaction_ids.get_new_oid(), conname=row.conname,
        connamespace=child.namespace_oid, contype="c", condeferrable=False,
        condeferred=False, convalidated=row.convalidated, conrelid=child.oid, contypid=0,
        conindid=0, conparentid=0, confrelid=0, confupdtype=" ", confdeltype=" ",
        confmatchtype=" ", conislocal=False, coninhcount=1, connoinherit=False,
        conkey=attnums or None, confkey=None, conpfeqop=None, conppeqop=None,
        conffeqop=None, confdelsetcols=None, conexclop=None, conbin=conbin))
    _done()
    count = sum(1 for r in cc.scan_catalog("pg_constraint")
                if r.conrelid == child.oid and r.contype == "c")
    catalog_writes.update_rows("pg_class", lambda r: r.oid == child.oid, relchecks=count)


def _insert_inherits(child: int, parent: int, number: int, deptype: str = "n") -> None:
    """A pg_inherits row and its pg_depend row (child on parent: 'n' for inheritance,
    'a' for a partition), which pg_dump orders its output by."""
    from pgsnake.catalog import definitions as d
    catalog_writes.insert_row("pg_inherits", d.row_values(
        "pg_inherits", inhrelid=child, inhparent=parent, inhseqno=number,
        inhdetachpending=False))
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=d.PG_CLASS_OID, objid=child, objsubid=0,
        refclassid=d.PG_CLASS_OID, refobjid=parent, refobjsubid=0, deptype=deptype))
    catalog_writes.update_rows("pg_class", lambda r: r.oid == parent, relhassubclass=True)


def _forget_depend(child: int, parent: int | None = None) -> None:
    """Delete the pg_depend rows _insert_inherits made for `child`'s link to `parent`
    (to every parent it has in pg_inherits when None)."""
    from pgsnake.catalog import definitions as d
    targets = {parent} if parent is not None else set(pb.parents(child))
    if not targets:
        return
    catalog_writes.delete_rows(
        "pg_depend", lambda r: r.classid == d.PG_CLASS_OID and r.refclassid == d.PG_CLASS_OID
        and r.objid == child and r.refobjid in targets and r.objsubid == 0
        and r.refobjsubid == 0 and r.deptype in ("n", "a", "P"))


def _default_opclass(type_oid: int, method: int) -> int:
    """The key column type's default operator class (GetDefaultOpClass: also the
    polymorphic array_ops, enum_ops, record_ops, range_ops and binary-coercible types'),
    0 when it has none (the caller's error names partitioning)."""
    from pgsnake.catalog import index_creation
    try:
        return index_creation.default_operator_class(type_oid, "", method)
    except PgError as err:
        if err.sqlstate != "42704":
            raise
        return 0


def _make_partitioned(oid: int, spec: dict, source) -> None:
    from pgsnake.catalog import definitions as d
    from pgsnake.catalog import toast_creation
    relation = cc.get_relation(oid)
    strategy = _STRATEGIES[spec["strategy"]]
    params = [p["PartitionElem"] for p in spec.get("partParams", [])]
    if strategy == "l" and len(params) > 1:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      'cannot use "list" partition strategy with more than one column')
    attnums, classes, collations = [], [], []
    method = 405 if strategy == "h" else 403
    expressions = []
    for number, elem in enumerate(params, 1):
        if "name" not in elem:
            text, type_oid, attnum = _key_expression(relation, elem["expr"], source, number,
                                                     _position(source, elem.get("location")))
            if text is not None:
                expressions.append(text)
        else:
            attribute = next((a for a in relation.attributes
                              if a.name == elem["name"] and not a.is_dropped), None)
            if attribute is None and any(elem["name"] == system_name
                                         for system_name, *_ in d.SYSTEM_COLUMNS):
                raise PgError(INVALID_OBJECT_DEFINITION, f'cannot use system column '
                              f'"{elem["name"]}" in partition key',
                              position=_position(source, elem.get("location")))
            if attribute is None:
                raise PgError(UNDEFINED_COLUMN,
                              f'column "{elem["name"]}" named in partition key does not exist',
                              position=_position(source, elem.get("location")))
            if attribute.generated:
                raise PgError(INVALID_OBJECT_DEFINITION, "cannot use generated column in "
                              "partition key", detail=f'Column "{attribute.name}" is a '
                                                      f'generated column.',
                              position=_position(source, elem.get("location")))
            attnum, type_oid = attribute.attnum, attribute.type_oid
        named = [n["String"]["sval"] for n in elem.get("opclass", [])]
        if named:                   # PARTITION BY RANGE (a text_pattern_ops)
            from pgsnake.catalog import index_creation
            opclass = index_creation.named_operator_class(named, type_oid, method)
        else:
            opclass = _default_opclass(type_oid, method)
        if not opclass:
            from pgsnake.datatypes import registry
            access = "hash" if method == 405 else "btree"
            raise PgError("42704", f'data type {registry.format_type(type_oid)} '
                          f'has no default operator class for access method "{access}"',
                          hint="You must specify a hash operator class or define a default "
                               "hash operator class for the data type." if access == "hash"
                          else "You must specify a btree operator class or define a default "
                               "btree operator class for the data type.")
        attnums.append(attnum)
        classes.append(opclass)
        type_row = cc.get_type_row(type_oid)
        collations.append(type_row.typcollation if type_row is not None else 0)
    catalog_writes.insert_row("pg_partitioned_table", d.row_values(
        "pg_partitioned_table", partrelid=oid, partstrat=strategy, partnatts=len(attnums),
        partdefid=0, partattrs=attnums, partclass=classes, partcollation=collations,
        partexprs="\n".join(expressions) if expressions else None))
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, relkind="p", relam=0)
    _done()
    toast_creation.drop_toast_table(oid)        # a partitioned table stores no rows
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, reltoastrelid=0)
    _done()


def _key_expression(relation, node: dict, source, column: int,
                    position=None) -> tuple[str | None, int, int]:
    """A partition key expression: its stored SQL text (as pg_get_expr would print it),
    its type and 0; a bare column in parentheses ((a)) is that column: (None, its type,
    its attnum). Analysed as PostgreSQL's partition key expressions are: no
    aggregates, window functions, subqueries or set-returning functions; no system
    column, no constant, nothing mutable, no pseudo-type (ComputePartitionAttrs)."""
    from pgsnake.commands.table_commands import deparse_expression
    from pgsnake.parser.constraint_expressions import table_parse_state
    from pgsnake.parser.expression_nodes import Var, walk
    from pgsnake.parser.mutable_functions import is_mutable
    from pgsnake.parser.transform_expression import transform_expression
    from pgsnake.rewrite.stored_expressions import analysed, stored_text
    # PostgreSQL analyses the key with no statement text: its errors carry no position
    pstate = table_parse_state(relation, None, "partition key expressions")
    checked = transform_expression(pstate, node)
    variables = [n for n in walk(checked) if isinstance(n, Var)]
    if any(v.attnum < 0 for v in variables):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "partition key expressions cannot contain system column references")
    generated = next((relation.attributes[v.attnum - 1] for v in variables
                      if relation.attributes[v.attnum - 1].generated), None)
    if generated is not None:
        raise PgError(INVALID_OBJECT_DEFINITION, "cannot use generated column in partition key",
                      detail=f'Column "{generated.name}" is a generated column.',
                      position=position)
    if isinstance(checked, Var):
        return None, checked.type_oid, checked.attnum
    type_row = cc.get_type_row(checked.type_oid)
    if type_row is not None and type_row.typtype == "p":
        raise PgError(INVALID_TABLE_DEFINITION, f"partition key column {column} has "
                      f"pseudo-type {type_row.typname}")
    if is_mutable(checked):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "functions in partition key expression must be marked IMMUTABLE")
    if not variables:
        raise PgError(INVALID_OBJECT_DEFINITION, "cannot use constant expression as "
                      "partition key")
    expr = analysed(deparse_expression(node), relation.oid)
    return stored_text(expr, relation.oid), expr.type_oid, 0


# ---------------------------------------------------------------------------------------
# Bounds (rules 1 and 2)


def _datum_value(node: dict, key: pb.PartitionKey, column: int, source, allow_infinite: bool):
    from pgsnake.parser.coercion import coerce_to_type, type_display_name
    from pgsnake.parser.expression_nodes import Const
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.parser.transform_expression import transform_expression
    if "ColumnRef" in node:
        fields = node["ColumnRef"].get("fields", [])
        name = fields[0].get("String", {}).get("sval", "") if len(fields) == 1 else ""
        if name in ("minvalue", "maxvalue"):
            if not allow_infinite:
                raise PgError("42601", "cannot specify MINVALUE or MAXVALUE in a list bound")
            return pb.MINVALUE if name == "minvalue" else pb.MAXVALUE
    if "A_Const" in node and node["A_Const"].get("isnull"):
        return None
    pstate = ParseState(source, fixed_params=True)
    pstate.expression_kind = "partition bound"
    expr = transform_expression(pstate, node)
    coerced = coerce_to_type(pstate, expr, key.type_oids[column], key.typmods[column],
                             "assignment", None)
    if coerced is None:
        raise PgError(DATATYPE_MISMATCH,
                      f'specified value cannot be cast to type '
                      f'{type_display_name(key.type_oids[column])} for column '
                      f'"{key.column_names[column]}"')
    if not isinstance(coerced, Const):
        # Evaluated once, now (transformPartitionBoundValue's evaluate_expr): the bound
        # keeps the value, even of a volatile expression such as current_timestamp.
        from pgsnake.executor.expression_eval import compile_expression
        from pgsnake.executor.index_entries import make_estate
        return compile_expression(coerced, {})([], make_estate())
    return coerced.value


def _node_location(node: dict):
    inner = next(iter(node.values()))
    return inner.get("location") if isinstance(inner, dict) else None


def transform_bound(spec: dict, key: pb.PartitionKey, name: str, source):
    """(bound, datum locations) of a PartitionBoundSpec for a partition of `key`."""
    location = spec.get("location")
    if spec.get("is_default"):
        if key.strategy == "h":
            raise PgError(INVALID_TABLE_DEFINITION,
                          "a hash-partitioned table may not have a default partition")
        return pb.DEFAULT_BOUND, [location]
    strategy = spec.get("strategy")
    names = {"r": "range", "l": "list", "h": "hash"}
    if strategy != key.strategy:
        raise PgError(INVALID_TABLE_DEFINITION,
                      f"invalid bound specification for a {names[key.strategy]} partition",
                      position=_position(source, location))
    if strategy == "h":
        modulus, remainder = spec.get("modulus", 0), spec.get("remainder", 0)
        if modulus < 1:
            raise PgError(INVALID_TABLE_DEFINITION, "modulus for hash partition must be an "
                          "integer value greater than zero")
        if remainder >= modulus:
            raise PgError(INVALID_TABLE_DEFINITION,
                          "remainder for hash partition must be less than modulus")
        return pb.HashBound(modulus, remainder), [location]
    if strategy == "l":
        datums = spec.get("listdatums", [])
        values = []
        for node in datums:
            value = _datum_value(node, key, 0, source, False)
            if value is None or not any(v is not None and key.sort_keys()[0](v) ==
                                        key.sort_keys()[0](value) for v in values):
                if value is not None or None not in values:
                    values.append(value)
        return pb.ListBound(tuple(values)), [_node_location(n) for n in datums]
    lower, upper = spec.get("lowerdatums", []), spec.get("upperdatums", [])
    for which, datums in (("FROM", lower), ("TO", upper)):
        if len(datums) != len(key.attnums):
            raise PgError(INVALID_TABLE_DEFINITION, f"{which} must specify exactly one value "
                          "per partitioning column")
    lows = tuple(_datum_value(n, key, i, source, True) for i, n in enumerate(lower))
    highs = tuple(_datum_value(n, key, i, source, True) for i, n in enumerate(upper))
    for value in lows + highs:
        if value is None:
            raise PgError(INVALID_OBJECT_DEFINITION, "cannot specify NULL in range bound")
    for values, datums in ((lows, lower), (highs, upper)):
        _check_infinite_bounds(values, datums, source)
    bound = pb.RangeBound(_normalise_infinite(lows), _normalise_infinite(highs))
    sort_keys = key.sort_keys()
    if pb.range_datums(bound.lower, sort_keys) >= pb.range_datums(bound.upper, sort_keys):
        lower_text = ", ".join(pb._datum_text(v, t).strip("'")
                               for v, t in zip(bound.lower, key.type_oids))
        upper_text = ", ".join(pb._datum_text(v, t).strip("'")
                               for v, t in zip(bound.upper, key.type_oids))
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f'empty range bound specified for partition "{name}"',
                      detail=f"Specified lower bound ({lower_text}) is greater than or equal "
                             f"to upper bound ({upper_text}).",
                      position=_position(source, _node_location(lower[0])))
    return bound, [_node_location(n) for n in lower] + [_node_location(n) for n in upper]


def _check_infinite_bounds(values: tuple, datums: list, source) -> None:
    """Every datum after MINVALUE must be MINVALUE, and after MAXVALUE MAXVALUE (42804 at
    the first that is not: validateInfiniteBounds)."""
    infinite = None
    for value, node in zip(values, datums):
        if infinite is None:
            if value is pb.MINVALUE or value is pb.MAXVALUE:
                infinite = value
            continue
        if value is not infinite:
            word = "MINVALUE" if infinite is pb.MINVALUE else "MAXVALUE"
            raise PgError(DATATYPE_MISMATCH, f"every bound following {word} must also be "
                          f"{word}", position=_position(source, _node_location(node)))


def _normalise_infinite(values: tuple) -> tuple:
    """After MINVALUE or MAXVALUE the later datums do not matter (and are all MINVALUE or
    MAXVALUE: _check_infinite_bounds)."""
    return values


def _check_new_bound(parent, key, descriptor, bound, locations, name: str, source) -> None:
    if bound == pb.DEFAULT_BOUND and descriptor.default:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f'partition "{name}" conflicts with existing default partition '
                      f'"{cc.class_row(descriptor.default).relname}"',
                      position=_position(source, locations[0]))
    if isinstance(bound, pb.HashBound):
        for oid, other in zip(descriptor.oids, descriptor.bounds):
            small, large = sorted((other.modulus, bound.modulus))
            if large % small:
                detail = (f"The new modulus {bound.modulus} is not divisible by "
                          f"{other.modulus}, the modulus of existing partition "
                          f'"{cc.class_row(oid).relname}".' if bound.modulus > other.modulus
                          else f"The new modulus {bound.modulus} is not a factor of "
                               f"{other.modulus}, the modulus of existing partition "
                               f'"{cc.class_row(oid).relname}".')
                raise PgError(INVALID_OBJECT_DEFINITION, "every hash partition modulus must "
                              "be a factor of the next larger modulus", detail=detail)
    if bound == pb.DEFAULT_BOUND:
        return
    overlap = pb.find_overlap(descriptor, bound)
    if overlap is not None:
        other, index = overlap
        location = locations[min(index, len(locations) - 1)] if locations else None
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f'partition "{name}" would overlap partition '
                      f'"{cc.class_row(other).relname}"',
                      position=_position(source, location))
    if descriptor.default:
        _check_default_rows(descriptor, bound, key)


def _check_default_rows(descriptor, bound, key) -> None:
    """No row of the default partition (of its leaves, when it is partitioned) may belong
    to the new partition (rule 2)."""
    probe = pb.PartitionDescriptor(key, [1], [bound])
    for leaf, values in _leaf_rows(cc.get_relation(descriptor.default), [key]):
        if probe.route(values[0]) == 1:
            raise PgError(CHECK_VIOLATION,
                          f'updated partition constraint for default partition '
                          f'"{leaf.name}" would be violated by some row')


def _leaf_rows(table, keys):
    """(leaf, [key values of each of `keys`]) for every row of `table`, or of each of its
    leaf partitions when it is partitioned (the rows are there)."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.executor.partition_routing import child_key_values_function
    snapshot = xact.get_transaction_snapshot()
    leaves = [table.oid] if table.relkind != "p" else \
        [oid for oid in pb.all_descendants(table.oid) if cc.class_row(oid).relkind == "r"]
    for oid in leaves:
        leaf = cc.get_relation(oid)
        functions = [child_key_values_function(k, cc.get_relation(k.relid), leaf)
                     for k in keys]
        for _tid, values in heapam.heap_scan(leaf, snapshot):
            yield leaf, [fn(values) for fn in functions]


def _attach_bound(parent, child, spec: dict, source, creating: bool) -> None:
    key = pb.partition_key(parent.oid)
    from pgsnake.catalog import partition_hash
    partition_hash.require_support_procs(key)
    descriptor = pb.partition_descriptor(parent.oid, key)
    bound, locations = transform_bound(spec, key, child.name, source)
    _check_new_bound(parent, key, descriptor, bound, locations, child.name, source)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == child.oid, relispartition=True,
                               relpartbound=pb.bound_text(bound, key))
    if bound == pb.DEFAULT_BOUND:
        catalog_writes.update_rows("pg_partitioned_table",
                                   lambda r: r.partrelid == parent.oid, partdefid=child.oid)
    _done()
    if not creating:
        _check_attached_rows(child, key, bound, descriptor)


def _check_attached_rows(child, key, bound, descriptor) -> None:
    """ATTACH PARTITION: every existing row of the table (of its leaves, when it is
    partitioned) must satisfy its partition constraint: the new bound, and the bounds of
    the parent and its ancestors when the parent is itself a partition."""
    tests = [(key, _bound_test(key, bound, descriptor))]
    level = key.relid
    while cc.class_row(level).relispartition:
        above = pb.parents(level)[0]
        above_key = pb.partition_key(above)
        above_descriptor = pb.partition_descriptor(above, above_key)
        others = pb.PartitionDescriptor(above_key, above_descriptor.non_default(),
                                        [b for o, b in zip(above_descriptor.oids,
                                                           above_descriptor.bounds)
                                         if o != above_descriptor.default])
        tests.append((above_key, _bound_test(above_key, pb.partition_bound(level, above_key),
                                             others)))
        level = above
    keys = [k for k, _test in tests]
    for leaf, values in _leaf_rows(child, keys):
        if not all(test(v) for (_k, test), v in zip(tests, values)):
            raise PgError(CHECK_VIOLATION,
                          f'partition constraint of relation "{leaf.name}" is violated by '
                          f'some row')


def _bound_test(key, bound, others):
    """fn(key values) -> whether a row with them belongs under `bound`: a default bound
    takes what no partition of `others` (the non-default ones) takes."""
    if bound == pb.DEFAULT_BOUND:
        others = pb.PartitionDescriptor(key, others.oids, others.bounds)
        return lambda values: others.route(values) == 0
    probe = pb.PartitionDescriptor(key, [1], [bound])
    return lambda values: probe.route(values) == 1


# ---------------------------------------------------------------------------------------
# ALTER TABLE


def alter_subcommand(relation, cmd: dict, source=None) -> bool:
    """Run an ATTACH / DETACH PARTITION or [NO] INHERIT subcommand; False if `cmd` is
    none of them."""
    subtype = cmd["subtype"]
    if subtype == "AT_AttachPartition":
        _attach_partition(relation, cmd["def"]["PartitionCmd"], source)
    elif subtype == "AT_DetachPartition":
        _detach_partition(relation, cmd["def"]["PartitionCmd"])
    elif subtype == "AT_AddInherit":
        _add_inherit(relation, cmd["def"]["RangeVar"])
    elif subtype == "AT_DropInherit":
        _drop_inherit(relation, cmd["def"]["RangeVar"])
    else:
        return False
    return True


def _require_partitioned(relation) -> None:
    if relation.relkind != "p":
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f'table "{relation.name}" is not partitioned')


def _same_columns(parent, child) -> None:
    mine = [(a.name, a.type_oid, a.typmod) for a in child.attributes if not a.is_dropped]
    theirs = {a.name: (a.type_oid, a.typmod) for a in parent.attributes if not a.is_dropped}
    not_null = {a.name for a in parent.attributes if a.not_null and not a.is_dropped}
    for name, type_oid, typmod in mine:
        if name not in theirs:
            raise PgError(DATATYPE_MISMATCH, f'table "{child.name}" contains column "{name}" '
                          f'not found in parent "{parent.name}"',
                          detail="The new partition may contain only the columns present "
                                 "in parent.")
        if theirs[name] != (type_oid, typmod):
            raise PgError(DATATYPE_MISMATCH, f'child table "{child.name}" has different type '
                          f'for column "{name}"')
    for attribute in child.attributes:
        if attribute.name in not_null and not attribute.not_null and not attribute.is_dropped:
            raise PgError(DATATYPE_MISMATCH, f'column "{attribute.name}" in child table must '
                                             f'be marked NOT NULL')
    names = {m[0] for m in mine}
    for name in theirs:
        if name not in names:
            raise PgError(DATATYPE_MISMATCH, f'child table is missing column "{name}"')
    from pgsnake.commands import generated_columns
    generated_columns.check_child_generation(parent, child)


def _refuse_transition_row_trigger(child, becoming: str, where: str) -> None:
    """A table with a row trigger that has a transition table stays out of partition
    trees and inheritance: 0A000 naming the first such trigger by name
    (FindTriggerIncompatibleWithInheritance)."""
    from pgsnake.catalog import trigger_catalog as tc
    names = sorted((r.tgname for r in tc.triggers_of(child.oid)
                    if r.tgtype & tc.TYPE_ROW and (r.tgoldtable or r.tgnewtable)),
                   key=str.encode)
    if names:
        raise PgError(FEATURE_NOT_SUPPORTED, f'trigger "{names[0]}" prevents table '
                      f'"{child.name}" from becoming {becoming}',
                      detail=f"ROW triggers with transition tables are not supported "
                             f"{where}.")


def _attach_partition(parent, cmd: dict, source) -> None:
    _require_partitioned(parent)
    child = _open_parent(cmd["name"])
    row = cc.class_row(child.oid)
    # ATExecAttachPartition's checks, in its order
    if row.relispartition:
        raise PgError(WRONG_OBJECT_TYPE, f'"{child.name}" is already a partition')
    if row.reloftype:
        raise PgError(WRONG_OBJECT_TYPE, "cannot attach a typed table as partition")
    if pb.parents(child.oid):
        raise PgError(WRONG_OBJECT_TYPE,
                      "cannot attach inheritance child as partition")
    if child.relkind != "p" and pb.children(child.oid):
        raise PgError(WRONG_OBJECT_TYPE, "cannot attach inheritance parent as partition")
    if child.oid == parent.oid or parent.oid in pb.all_descendants(child.oid):
        raise PgError(DUPLICATE_TABLE, "circular inheritance not allowed",
                      detail=f'"{parent.name}" is already a child of "{child.name}".')
    if child.persistence == "t" and parent.persistence != "t":
        raise PgError(WRONG_OBJECT_TYPE, f"cannot attach a temporary relation as partition "
                      f'of permanent relation "{parent.name}"')
    if child.persistence != "t" and parent.persistence == "t":
        raise PgError(WRONG_OBJECT_TYPE, f"cannot attach a permanent relation as partition "
                      f'of temporary relation "{parent.name}"')
    _refuse_transition_row_trigger(child, "a partition", "on partitions")
    # A partition may have its columns in another order, or dropped ones: routing,
    # reads and RETURNING go through a column map (executor/partition_routing.py).
    _same_columns(parent, child)
    from pgsnake.commands import check_inheritance
    check_inheritance.attach_checks(parent, child)
    _insert_inherits(child.oid, parent.oid, 1, "a")
    catalog_writes.update_rows(
        "pg_attribute", lambda r: r.attrelid == child.oid and r.attnum > 0,
        attinhcount=1, attislocal=False)
    _done()
    _attach_bound(parent, child, cmd["bound"], source, creating=False)
    clone_parent_indexes(parent.oid, cc.get_relation(child.oid))
    clone_parent_triggers(parent.oid, child.oid)
    from pgsnake.commands import partition_foreign_keys
    partition_foreign_keys.after_new_partition(parent.oid, child.oid, attached=True)


def _detach_partition(parent, cmd: dict) -> None:
    _require_partitioned(parent)
    if cmd.get("concurrent"):
        # PostgreSQL detaches in two transactions; pgsnake in one, with its checks.
        from pgsnake.access.transam import xact
        xact.prevent_in_transaction_block("ALTER TABLE ... DETACH CONCURRENTLY")
        if any(r.partrelid == parent.oid and r.partdefid
               for r in cc.scan_catalog("pg_partitioned_table")):
            raise PgError("55000", "cannot detach partitions concurrently when a default "
                                   "partition exists")
    child = _open_parent(cmd["name"])
    if parent.oid not in pb.parents(child.oid) or not cc.class_row(child.oid).relispartition:
        raise PgError("42P01", f'relation "{child.name}" is not a partition of relation '
                               f'"{parent.name}"')
    from pgsnake.commands import partition_foreign_keys
    partition_foreign_keys.before_detach(parent.oid, child.oid)
    catalog_writes.delete_rows("pg_inherits", lambda r: r.inhrelid == child.oid)
    _forget_depend(child.oid, parent.oid)
    forget_indexes(child.oid)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == child.oid, relispartition=False,
                               relpartbound=None)
    catalog_writes.update_rows("pg_partitioned_table",
                               lambda r: r.partrelid == parent.oid and r.partdefid == child.oid,
                               partdefid=0)
    catalog_writes.update_rows(
        "pg_attribute", lambda r: r.attrelid == child.oid and r.attnum > 0,
        attinhcount=0, attislocal=True)
    _done()
    drop_cloned_triggers(child.oid)
    partition_foreign_keys.after_detach(parent.oid, child.oid)


def _add_inherit(child, range_var: dict) -> None:
    if cc.class_row(child.oid).reloftype:               # ATPrepAddInherit
        raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of typed table")
    if cc.class_row(child.oid).relispartition:
        raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of a partition")
    if child.relkind == "p":
        raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of partitioned table")
    parent = _open_parent(range_var)
    if parent.relkind == "p":
        raise PgError(WRONG_OBJECT_TYPE,
                      f'cannot inherit from partitioned table "{parent.name}"')
    if cc.class_row(parent.oid).relispartition:
        raise PgError(WRONG_OBJECT_TYPE, "cannot inherit from a partition")
    if parent.oid in pb.parents(child.oid):
        raise PgError("42P07", f'relation "{parent.name}" would be inherited from more than '
                               f'once')
    if child.oid == parent.oid or parent.oid in pb.all_descendants(child.oid):
        raise PgError("42P07", "circular inheritance not allowed",
                      detail=f'"{parent.name}" is already a child of "{child.name}".')
    _refuse_transition_row_trigger(child, "an inheritance child", "in inheritance hierarchies")
    columns = {a.name: a for a in child.attributes if not a.is_dropped}
    for a in parent.attributes:
        if a.is_dropped:
            continue
        mine = columns.get(a.name)
        if mine is None:
            raise PgError(DATATYPE_MISMATCH, f'child table is missing column "{a.name}"')
        if (mine.type_oid, mine.typmod) != (a.type_oid, a.typmod):
            raise PgError(DATATYPE_MISMATCH, f'child table "{child.name}" has different type '
                          f'for column "{a.name}"')
        if a.not_null and not mine.not_null:
            raise PgError(DATATYPE_MISMATCH,
                          f'column "{a.name}" in child table must be marked NOT NULL')
    from pgsnake.commands import generated_columns
    generated_columns.check_child_generation(parent, child)
    # after the child's highest inhseqno, as CreateInheritance numbers it (a NO INHERIT
    # may have left a gap; pg_inherits_relid_seqno_index is unique)
    number = 1 + max((r.inhseqno for r in cc.scan_catalog(
        "pg_inherits", key=("inhrelid", child.oid)) if r.inhrelid == child.oid), default=0)
    _insert_inherits(child.oid, parent.oid, number)
    names = {a.name for a in parent.attributes if not a.is_dropped}
    rows = [r for r in cc.attribute_rows(child.oid) if r.attname in names]
    for row in rows:
        catalog_writes.update_rows(
            "pg_attribute", lambda r, n=row.attnum: r.attrelid == child.oid and r.attnum == n,
            attinhcount=row.attinhcount + 1)
    _done()
    for check in cc.check_constraints(parent.oid):
        mine = next((r for r in cc.check_constraints(child.oid) if r.conname == check.conname),
                    None)
        if mine is None:
            raise PgError(DATATYPE_MISMATCH, f'child table is missing constraint '
                                             f'"{check.conname}"')
        catalog_writes.update_rows("pg_constraint", lambda r, o=mine.oid: r.oid == o,
                                   coninhcount=mine.coninhcount + 1)
    _done()


def _drop_inherit(child, range_var: dict) -> None:
    parent = _open_parent(range_var)
    if cc.class_row(child.oid).relispartition:
        raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of a partition")
    if parent.oid not in pb.parents(child.oid):
        raise PgError("42P01", f'relation "{parent.name}" is not a parent of relation '
                               f'"{child.name}"')
    catalog_writes.delete_rows("pg_inherits",
                               lambda r: r.inhrelid == child.oid and r.inhparent == parent.oid)
    _forget_depend(child.oid, parent.oid)
    names = {a.name for a in parent.attributes if not a.is_dropped}
    for row in [r for r in cc.attribute_rows(child.oid) if r.attname in names]:
        count = max(row.attinhcount - 1, 0)
        catalog_writes.update_rows(
            "pg_attribute", lambda r, n=row.attnum: r.attrelid == child.oid and r.attnum == n,
            attinhcount=count, attislocal=row.attislocal or count == 0)
    parent_checks = {r.conname for r in cc.check_constraints(parent.oid)}
    for check in cc.check_constraints(child.oid):
        if check.conname in parent_checks:
            count = max(check.coninhcount - 1, 0)
            catalog_writes.update_rows("pg_constraint", lambda r, o=check.oid: r.oid == o,
                                       coninhcount=count,
                                       conislocal=check.conislocal or count == 0)
    if not pb.children(parent.oid):
        catalog_writes.update_rows("pg_class", lambda r: r.oid == parent.oid,
                                   relhassubclass=False)
    _done()


# ---------------------------------------------------------------------------------------
# DROP TABLE: a partitioned table's partitions go with it; so do pg_inherits rows


def partitions_to_drop(oid: int) -> list[int]:
    """The partitions (all levels) dropped with partitioned table `oid`."""
    if cc.class_row(oid).relkind != "p":
        return []
    return [c for c in pb.all_descendants(oid) if cc.class_row(c).relispartition]


def forget_relation(oid: int) -> None:
    """Delete a dropped table's pg_inherits and pg_partitioned_table rows."""
    catalog_writes.update_rows("pg_partitioned_table", lambda r: r.partdefid == oid,
                               partdefid=0)
    forget_indexes(oid)
    _forget_depend(oid)
    for child in pb.children(oid):
        _forget_depend(child, oid)
    catalog_writes.delete_rows("pg_inherits", lambda r: r.inhrelid == oid or r.inhparent == oid)
    catalog_writes.delete_rows("pg_partitioned_table", lambda r: r.partrelid == oid)


# ---------------------------------------------------------------------------------------
# Indexes of a partitioned table (relkind 'I'): one index per partition, linked by
# pg_inherits (DefineIndex's recursion, AttachPartitionEnsureIndexes)


def refuse_partitioned_exclusion(heap, spec, position=None) -> None:
    """An exclusion constraint cannot be made on a partitioned table at all (PostgreSQL
    15's transformIndexConstraint, at the constraint: before its columns are looked at)."""
    if heap.relkind == "p" and spec.constraint_type == "x":
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "exclusion constraints are not supported on partitioned tables",
                      position=position(spec.location) if position is not None
                      and spec.location is not None else None)


def check_partitioned_index(heap, spec) -> None:
    """A unique index on a partitioned table must hold every partition key column."""
    if heap.relkind != "p" or not spec.unique:
        return
    key = pb.partition_key(heap.oid)
    columns = {name for name, _option in spec.key_columns}
    if any(not attnum for attnum in key.attnums):
        raise PgError(FEATURE_NOT_SUPPORTED, f"unsupported "
                      f"{'PRIMARY KEY' if spec.primary else 'UNIQUE'} constraint with "
                      f"partition key definition",
                      detail=f'{"PRIMARY KEY" if spec.primary else "UNIQUE"} constraints '
                             f'cannot be used when partition keys include expressions.')
    for name in key.column_names:
        if name not in columns:
            kind = "PRIMARY KEY" if spec.primary else "UNIQUE"
            raise PgError(FEATURE_NOT_SUPPORTED, "unique constraint on partitioned table "
                          "must include all partitioning columns",
                          detail=f'{kind} constraint on table "{heap.name}" lacks column '
                                 f'"{name}" which is part of the partition key.')


def index_created(heap, spec, index_oid: int, position=None) -> None:
    """After an index is made on `heap`: on a partitioned table it becomes a partitioned
    index, and every partition gets its own index, attached to it."""
    if heap.relkind != "p":
        return
    catalog_writes.update_rows("pg_class", lambda r: r.oid == index_oid, relkind="I")
    _done()
    for child in pb.children(heap.oid):
        _clone_index(cc.get_relation(child), spec, index_oid, position)


def _clone_index(child, spec, parent_index: int, position=None) -> None:
    from pgsnake.commands import index_commands
    clone = dataclasses.replace(spec, name=None)
    child_index = index_commands.create_index_from_spec(child, clone, position=position)
    _insert_inherits(child_index, parent_index, 1, "P")
    _done()
    _link_constraints(child, child_index, parent_index)


def _link_constraints(child, child_index: int, parent_index: int) -> None:
    """A partition's PRIMARY KEY / UNIQUE constraint belongs to its parent's: conparentid,
    not local, and pg_depend rows ('P' on the parent's, 'S' on the partition) that
    pg_dump orders the constraints by."""
    from pgsnake.catalog import definitions as d
    constraints = cc.scan_catalog("pg_constraint")
    mine = next((r for r in constraints
                 if r.conindid == child_index and r.conrelid == child.oid), None)
    theirs = next((r for r in constraints if r.conindid == parent_index), None)
    if mine is None or theirs is None:
        return
    catalog_writes.update_rows("pg_constraint", lambda r: r.oid == mine.oid,
                               conparentid=theirs.oid, conislocal=False, coninhcount=1)
    for refclass, refobj, deptype in ((d.PG_CONSTRAINT_OID, theirs.oid, "P"),
                                      (d.PG_CLASS_OID, child.oid, "S")):
        catalog_writes.insert_row("pg_depend", d.row_values(
            "pg_depend", classid=d.PG_CONSTRAINT_OID, objid=mine.oid, objsubid=0,
            refclassid=refclass, refobjid=refobj, refobjsubid=0, deptype=deptype))
    _done()


def _forget_constraint_links(index_oids: set) -> None:
    from pgsnake.catalog import definitions as d
    constraints = {r.oid for r in cc.scan_catalog("pg_constraint") if r.conindid in index_oids}
    if constraints:
        catalog_writes.delete_rows(
            "pg_depend", lambda r: r.classid == d.PG_CONSTRAINT_OID and r.objid in constraints
            and r.deptype in ("P", "S") or r.refclassid == d.PG_CONSTRAINT_OID
            and r.refobjid in constraints and r.deptype == "P")
        catalog_writes.update_rows("pg_constraint", lambda r: r.oid in constraints
                                   and r.conparentid != 0, conparentid=0, conislocal=True,
                                   coninhcount=0)


def _spec_of_index(index_oid: int):
    """The IndexSpec that would make another index like `index_oid` (its columns by
    name, uniqueness, constraint kind and deferrability)."""
    from pgsnake.commands.index_commands import IndexSpec
    index = cc.get_relation(index_oid)
    description = index.index
    heap_names = {a.attnum: a.name for a in cc.get_relation(description.heap_oid).attributes}
    row = cc.index_row(index_oid)
    # Expression columns (attnum 0) and the predicate come back as raw expressions from
    # their stored texts, which name the columns: the partition resolves them by name.
    stored = iter(_raw_expressions(row.indexprs))
    attnums = description.heap_attnums[:description.key_count]
    keys = [(heap_names[n] if n else None, description.option(i))
            for i, n in enumerate(attnums)]
    include = [heap_names[n] for n in description.heap_attnums[description.key_count:]]
    constraint = next((r for r in cc.scan_catalog("pg_constraint")
                       if r.conindid == index_oid and r.contype in ("p", "u")), None)
    spec = IndexSpec(name=None, key_columns=keys, include_columns=include,
                     key_expressions=[None if n else next(stored) for n in attnums],
                     predicate=(_raw_expressions(row.indpred)[0]
                                if row.indpred is not None else None),
                     unique=description.unique, primary=bool(row.indisprimary),
                     nulls_not_distinct=description.nulls_not_distinct,
                     constraint_type=constraint.contype if constraint is not None else None,
                     deferrable=constraint is not None and constraint.condeferrable,
                     initially_deferred=constraint is not None and constraint.condeferred)
    _copy_access_method(spec, index_oid, row, description.key_count)
    return spec


def _raw_expressions(stored: str | None) -> list:
    """The raw parse trees of a stored ", "-joined expression list (pg_index.indexprs,
    indpred)."""
    from pgsnake.parser import raw_parser
    if stored is None:
        return []
    targets = raw_parser.parse_sql(f"SELECT {stored}")[0].node["SelectStmt"]["targetList"]
    return [t["ResTarget"]["val"] for t in targets]


def _copy_access_method(spec, index_oid: int, row, key_count: int) -> None:
    """The clone of a partitioned index uses its access method, operator classes (with
    their options) and storage parameters, as DefineIndex's clone does."""
    from pgsnake.access.common import reloptions as relopts
    from pgsnake.catalog import opclass_options
    class_row = cc.class_row(index_oid)
    spec.access_method = class_row.relam
    spec.key_operator_classes = []
    for opclass_oid in list(row.indclass or ())[:key_count]:
        opclass = next(iter(cc.scan_catalog("pg_opclass", key=("oid", opclass_oid))), None)
        spec.key_operator_classes.append(
            None if opclass is None or opclass.opcdefault
            else [cc.namespace_name(opclass.opcnamespace), opclass.opcname])
    attoptions = {r.attnum: r.attoptions for r in cc.attribute_rows(index_oid)}
    spec.key_operator_class_options = [
        [{"DefElem": {"defname": name, "arg": {"String": {"sval": value}}}}
         for name, value in opclass_options.values(attoptions.get(i + 1))] or None
        for i in range(key_count)]
    options = [tuple(text.split("=", 1)) for text in (class_row.reloptions or ())]
    if spec.access_method == 403:
        spec.fillfactor = relopts.integer_value(options, "fillfactor")
        spec.deduplicate_items = relopts.option_value(options, "deduplicate_items")
    else:
        spec.extra_reloptions = list(class_row.reloptions or ())


def clone_parent_indexes(parent_oid: int, child) -> None:
    """A new or attached partition gets an index for each of its parent's."""
    for index_oid in cc.index_oids_of(parent_oid):
        if cc.class_row(index_oid).relkind == "I":
            _clone_index(child, _spec_of_index(index_oid), index_oid)


def forget_indexes(oid: int) -> None:
    """A dropped or detached table's indexes leave their partitioned parents."""
    indexes = set(cc.index_oids_of(oid))
    if indexes:
        for index in indexes:
            _forget_depend(index)
        catalog_writes.delete_rows("pg_inherits", lambda r: r.inhrelid in indexes)
        _forget_constraint_links(indexes)
        _done()


def index_drop_list(oids: list[int]) -> list[int]:
    """DROP INDEX: a partitioned index takes its partitions' indexes with it; a
    partition's index attached to one cannot be dropped alone (2BP01)."""
    links = cc.scan_catalog("pg_inherits")
    out = []
    for oid in oids:
        parent = next((r.inhparent for r in links if r.inhrelid == oid), None)
        if parent is not None and parent not in oids:
            name, parent_name = cc.class_row(oid).relname, cc.class_row(parent).relname
            raise PgError("2BP01", f"cannot drop index {name} because index {parent_name} "
                                   f"requires it",
                          hint=f"You can drop index {parent_name} instead.")
    queue = list(oids)
    while queue:
        oid = queue.pop(0)
        if oid in out:
            continue
        out.append(oid)
        queue.extend(sorted(r.inhrelid for r in links if r.inhparent == oid))
    if len(out) > len(oids):
        inherited = set(out) - set(oids)
        for index in inherited:
            _forget_depend(index)
        catalog_writes.delete_rows("pg_inherits", lambda r: r.inhrelid in inherited)
        _forget_constraint_links(inherited)
        _done()
    return out


# ---------------------------------------------------------------------------------------
# ALTER TABLE recursing to partitions and children (ATSimpleRecursion, ATPrepAddColumn,
# ATExecDropColumn's recursion, renameatt)

_RECURSING = ("AT_AddColumn", "AT_DropColumn", "AT_SetNotNull", "AT_DropNotNull",
              "AT_ColumnDefault", "AT_AlterColumnType")


def check_alter(relation, cmd: dict, node: dict) -> None:
    """Refuse what PostgreSQL refuses on a partition or an inheritance child."""
    from pgsnake.commands import inherited_alter
    subtype = cmd["subtype"]
    row = cc.class_row(relation.oid)
    inherited_alter.refuse_before(relation, cmd, bool(node["relation"].get("inh")))
    if subtype == "AT_AddColumn" and row.relispartition:
        raise PgError(WRONG_OBJECT_TYPE, "cannot add column to a partition")
    if subtype == "AT_DropColumn":
        attribute = next((r for r in cc.attribute_rows(relation.oid)
                          if r.attname == cmd.get("name") and not r.attisdropped), None)
        if attribute is not None and attribute.attinhcount > 0:
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'cannot drop inherited column "{attribute.attname}"')
    if subtype == "AT_AddColumn" and node["relation"].get("inh") and pb.children(relation.oid) \
            and any(c["Constraint"]["contype"] == "CONSTR_IDENTITY"
                    for c in cmd["def"]["ColumnDef"].get("constraints", ())):
        raise PgError(INVALID_TABLE_DEFINITION, "cannot recursively add identity column to "
                                                "table that has child tables")
    if subtype == "AT_AddColumn" and not node["relation"].get("inh") \
            and pb.children(relation.oid):          # ATExecAddColumn: children too
        raise PgError(INVALID_TABLE_DEFINITION, "column must be added to child tables too")
    if subtype in _RECURSING and relation.relkind == "p" and not node["relation"].get("inh") \
            and pb.children(relation.oid) and subtype in ("AT_AddColumn", "AT_DropColumn"):
        raise PgError(INVALID_TABLE_DEFINITION,
                      "column must be added to child tables too" if subtype == "AT_AddColumn"
                      else "cannot drop column from only the partitioned table when "
                           "partitions exist",
                      hint="Do not specify the ONLY keyword." if subtype == "AT_DropColumn"
                      else None)


# Column settings that go down to every descendant's same-named column, unchecked
# (ATSimpleRecursion; SET COMPRESSION stays on the named table in PostgreSQL 15).
_SIMPLE_RECURSING = ("AT_SetStatistics", "AT_SetStorage", "AT_DropExpression")


def _alter_descendants_simply(relation, cmd: dict) -> None:
    from pgsnake.commands import analyze, column_storage
    for child in pb.all_descendants(relation.oid):
        target = cc.get_relation(child)
        attribute = next((a for a in target.attributes
                          if a.name == cmd.get("name") and not a.is_dropped), None)
        if attribute is None:
            continue
        if cmd["subtype"] == "AT_SetStatistics":
            analyze.set_statistics_target(target, attribute, cmd["def"])
        elif cmd["subtype"] == "AT_DropExpression":
            from pgsnake.commands import generated_columns
            generated_columns.drop_expression(target, attribute, bool(cmd.get("missing_ok")))
        else:
            column_storage.set_storage(target, cmd)


def alter_children(relation, cmd: dict, node: dict, source=None,
                   retyped: set | None = None) -> None:
    """After the subcommand ran on `relation`: the same on its children (not ONLY). A
    child reached twice (multiple inheritance) changes its column's type once
    (`retyped`: the tables done, as find_all_inheritors lists each once)."""
    retyped = set() if retyped is None else retyped
    from pgsnake.commands import alter_table, inherited_alter
    subtype = cmd["subtype"]
    if subtype in _SIMPLE_RECURSING:
        if node["relation"].get("inh"):
            _alter_descendants_simply(relation, cmd)
        return
    if subtype in _RECURSING:
        inherited_alter.refuse_after(relation, cmd, bool(node["relation"].get("inh")))
    if subtype == "AT_DropColumn" and not node["relation"].get("inh"):
        _keep_children_columns(relation, cmd.get("name"))
    if subtype not in _RECURSING or not node["relation"].get("inh"):
        return
    for child in pb.children(relation.oid):
        target = cc.get_relation(child)
        if subtype == "AT_AddColumn":
            name = cmd["def"]["ColumnDef"]["colname"]
            existing = next((r for r in cc.attribute_rows(child)
                             if r.attname == name and not r.attisdropped), None)
            if existing is not None:
                notices.emit("00000", f'merging definition of column "{name}" for child '
                                      f'"{target.name}"')
                catalog_writes.update_rows(
                    "pg_attribute", lambda r, n=existing.attnum: r.attrelid == child
                    and r.attnum == n, attinhcount=existing.attinhcount + 1)
                _done()
            else:
                alter_table._add_column(target, cmd, source)
                catalog_writes.update_rows(
                    "pg_attribute", lambda r: r.attrelid == child and r.attname == name
                    and not r.attisdropped, attinhcount=1, attislocal=False)
                _done()
        elif subtype == "AT_DropColumn":
            attribute = next((r for r in cc.attribute_rows(child)
                              if r.attname == cmd.get("name") and not r.attisdropped), None)
            if attribute is None:
                continue
            if attribute.attinhcount == 1 and not attribute.attislocal:
                catalog_writes.update_rows(
                    "pg_attribute", lambda r, n=attribute.attnum: r.attrelid == child
                    and r.attnum == n, attinhcount=0)
                _done()
                alter_table._drop_column(cc.get_relation(child), cmd)
            else:           # the child's column survives, one parent fewer
                catalog_writes.update_rows(
                    "pg_attribute", lambda r, n=attribute.attnum: r.attrelid == child
                    and r.attnum == n, attinhcount=max(attribute.attinhcount - 1, 0))
                _done()
                continue
        elif subtype == "AT_AlterColumnType":
            if child in retyped:
                continue
            retyped.add(child)
            inherited_alter.alter_child_column_type(target, cmd)
        else:
            alter_table._alter_column(target, cmd)
        alter_children(cc.get_relation(child), cmd, node, source, retyped)


def _keep_children_columns(relation, name: str) -> None:
    """ALTER TABLE ONLY parent DROP COLUMN: each child keeps its column, now defined
    locally (ATExecDropColumn without recursion: one parent fewer, attislocal)."""
    for child in pb.children(relation.oid):
        attribute = next((r for r in cc.attribute_rows(child)
                          if r.attname == name and not r.attisdropped), None)
        if attribute is not None and attribute.attinhcount > 0:
            catalog_writes.update_rows(
                "pg_attribute", lambda r, c=child, n=attribute.attnum: r.attrelid == c
                and r.attnum == n, attinhcount=attribute.attinhcount - 1, attislocal=True)
    _done()


def check_rename_column(relation, name: str) -> None:
    attribute = next((r for r in cc.attribute_rows(relation.oid)
                      if r.attname == name and not r.attisdropped), None)
    if attribute is not None and attribute.attinhcount > 0:
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot rename inherited column "{name}"')


def check_rename_only(relation, name: str, node: dict) -> None:
    """ALTER TABLE ONLY t RENAME COLUMN on a table with children (renameatt_internal:
    checked before the column is looked up)."""
    if not node.get("relation", {}).get("inh") and pb.children(relation.oid):
        raise PgError(INVALID_TABLE_DEFINITION,
                      f'inherited column "{name}" must be renamed in child tables too')


def rename_column_in_children(relation, old: str, new: str, node: dict) -> None:
    """The renamed column in every descendant; one that also inherits it from a table
    outside the renamed tree is 42P16 (attinhcount above the parents renamed)."""
    from pgsnake.catalog import table_alteration
    if not node.get("relation", {}).get("inh"):
        return
    renamed = {relation.oid}
    for child in pb.all_descendants(relation.oid):
        attribute = next((r for r in cc.attribute_rows(child)
                          if r.attname == old and not r.attisdropped), None)
        if attribute is None:
            continue
        expected = sum(1 for parent in pb.parents(child) if parent in renamed)
        if attribute.attinhcount > expected:
            raise PgError(INVALID_TABLE_DEFINITION, f'cannot rename inherited column "{old}"')
        table_alteration.rename_column(child, attribute.attnum, new)
        renamed.add(child)


# ---------------------------------------------------------------------------------------
# Row triggers of a partitioned table: cloned onto every partition (CloneRowTriggersToPartition)


def _clone_trigger(row, child_oid: int, replace: bool = False) -> None:
    """`row`'s clone on the partition `child_oid`, then on its own partitions. A trigger
    of that name already there is 42710, unless CREATE OR REPLACE: then it is replaced
    in place (keeping its OID), even one made on the partition itself."""
    from pgsnake.access.transam import transaction_ids
    from pgsnake.catalog import trigger_catalog as tc
    existing = next((r for r in tc.triggers_of(child_oid) if r.tgname == row.tgname), None)
    if existing is not None and (not replace or existing.tgconstraint):
        relname = cc.class_row(child_oid).relname
        raise PgError("42710", f'trigger "{row.tgname}" for relation "{relname}" '
                      + ("is a constraint trigger" if replace else "already exists"))
    args = [a.decode() for a in bytes(row.tgargs or b"").split(b"\x00")[:row.tgnargs]]
    oid = existing.oid if existing is not None else transaction_ids.get_new_oid()
    constraint_oid = 0
    if row.tgconstraint:
        # a constraint trigger's clone is one too, with a constraint of its own
        from pgsnake.commands import trigger_commands
        constraint_oid = trigger_commands.insert_trigger_constraint(
            row.tgname, cc.get_relation(child_oid), row.tgdeferrable, row.tginitdeferred)
    tc.insert_trigger(oid, child_oid, row.tgname, row.tgfoid, row.tgtype, args=args,
                      columns=list(row.tgattr or ()), qual=row.tgqual,
                      old_table=row.tgoldtable, new_table=row.tgnewtable,
                      enabled=row.tgenabled, replace=existing is not None,
                      constraint_oid=constraint_oid, constrained_table=row.tgconstrrelid,
                      deferrable=row.tgdeferrable, initially_deferred=row.tginitdeferred)
    if constraint_oid:
        from pgsnake.commands import trigger_commands
        trigger_commands.trigger_constraint_dependencies(constraint_oid, child_oid, oid)
    _done()                                       # (the row must be visible to update)
    tc.update_trigger(oid, tgparentid=row.oid)
    _done()
    if cc.class_row(child_oid).relkind == "p":
        for grandchild in pb.children(child_oid):
            _clone_trigger(tc.trigger_row(oid), grandchild, replace)


def trigger_created(relation, trigger_name: str, replace: bool = False) -> None:
    """CREATE [OR REPLACE] TRIGGER on a partitioned table: a row trigger fires on each
    partition."""
    from pgsnake.catalog import trigger_catalog as tc
    if relation.relkind != "p":
        return
    row = next((r for r in tc.triggers_of(relation.oid) if r.tgname == trigger_name), None)
    if row is None or not row.tgtype & tc.TYPE_ROW or row.tgisinternal:
        return
    for child in pb.children(relation.oid):
        _clone_trigger(row, child, replace)


def clone_parent_triggers(parent_oid: int, child_oid: int) -> None:
    """A new or attached partition gets its parent's row triggers."""
    from pgsnake.catalog import trigger_catalog as tc
    for row in tc.triggers_of(parent_oid):
        if row.tgtype & tc.TYPE_ROW and not row.tgisinternal:
            if any(r.tgname == row.tgname for r in tc.triggers_of(child_oid)):
                raise PgError("42710", f'trigger "{row.tgname}" for relation '
                                       f'"{cc.class_row(child_oid).relname}" already exists')
            _clone_trigger(row, child_oid)


def drop_cloned_triggers(partition_oid: int) -> None:
    """A detached partition loses the row triggers it had cloned from its parent, and
    so do its own partitions (DropClonedTriggersFromPartition); foreign keys' internal
    triggers go with their constraints instead."""
    from pgsnake.catalog import trigger_catalog as tc
    clones = [r.oid for r in tc.triggers_of(partition_oid)
              if r.tgparentid and not r.tgconstrrelid]
    for oid in clones:
        trigger_dropped(oid)
        tc.delete_trigger(oid)
    if clones:
        _done()


def trigger_dropped(trigger_oid: int) -> None:
    """DROP TRIGGER on a partitioned table: its clones go too."""
    from pgsnake.catalog import trigger_catalog as tc
    clones = [r for r in cc.scan_catalog("pg_trigger") if r.tgparentid == trigger_oid]
    for clone in clones:
        trigger_dropped(clone.oid)
        tc.delete_trigger(clone.oid)
        if clone.tgconstraint:          # a constraint trigger's clone: its constraint
            from pgsnake.commands.trigger_commands import drop_trigger_constraint
            drop_trigger_constraint(clone.tgconstraint)
    if clones:
        _done()
