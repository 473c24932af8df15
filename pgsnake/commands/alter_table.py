"""ALTER TABLE / ALTER INDEX and the RENAME forms: change a table's definition in place.

The table is locked AccessExclusive first (PostgreSQL's level for every subcommand
supported here), then each subcommand runs in order, each seeing the previous one's
catalog changes. Data checks and rewrites are ordinary statements run inside the
command, so they go through the same executor, index maintenance and errors as a
user's: ADD COLUMN with a non-NULL default fills existing rows with `UPDATE ... SET
col = DEFAULT` (PostgreSQL stores a "missing value" instead when the default is not
volatile; the rows read the same), and SET NOT NULL / ADD PRIMARY KEY first look for a
NULL (23502 'column "c" of relation "t" contains null values').

Supported: ADD COLUMN [IF NOT EXISTS] (type, NOT NULL, DEFAULT, PRIMARY KEY, UNIQUE),
DROP COLUMN [IF EXISTS], ALTER COLUMN SET/DROP NOT NULL, ALTER COLUMN SET/DROP DEFAULT,
ADD [CONSTRAINT name] PRIMARY KEY / UNIQUE, DROP CONSTRAINT [IF EXISTS], ALTER COLUMN
SET STORAGE / SET COMPRESSION (column_storage.py), RENAME TO,
RENAME COLUMN, RENAME CONSTRAINT, ALTER INDEX ... RENAME TO. Everything else: 0A000.

Entry points: execute_alter_table(node, source) -> tag, execute_rename(node) -> tag.

PostgreSQL: commands/tablecmds.c (AlterTable, ATExecCmd and the ATExec* functions,
renameatt, RenameRelation, RenameConstraint), parser/parse_utilcmd.c
(transformAlterTableStmt).
"""
from __future__ import annotations

from pgsnake.executor import spi
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import heap_creation, relation_locks, sequence_creation, table_alteration
from pgsnake.commands import (alter_column_type, check_constraints, check_inheritance,
                              foreign_keys,
                              index_commands, index_expression_columns, partition_commands,
                              policy_commands, rule_commands, table_commands,
                              trigger_commands, typed_tables, utility_statement)
from pgsnake.datatypes import registry, user_type_facts
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (DUPLICATE_COLUMN, DUPLICATE_TABLE, FEATURE_NOT_SUPPORTED,
                                  INVALID_SCHEMA_NAME, INVALID_TABLE_DEFINITION,
                                  NOT_NULL_VIOLATION, UNDEFINED_COLUMN, UNDEFINED_OBJECT,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)

_SUBCOMMAND_NAMES = {"AT_AlterColumnType": "ALTER COLUMN TYPE", "AT_AddIndex": "ADD INDEX",
                     "AT_SetStatistics": "SET STATISTICS", "AT_SetStorage": "SET STORAGE",
                     "AT_ChangeOwner": "OWNER TO", "AT_SetRelOptions": "SET (...)",
                     "AT_AddIdentity": "ADD IDENTITY", "AT_EnableTrig": "ENABLE TRIGGER"}


def _open_table(range_var: dict, missing_ok: bool, mode: int = lock_modes.ACCESS_EXCLUSIVE):
    """The table, locked in `mode`, or None (missing with IF EXISTS)."""
    schema = range_var.get("schemaname")
    name = range_var["relname"]
    if schema is not None and cc.get_namespace_oid(schema) is None:
        if missing_ok:
            notices.emit("00000", f'schema "{schema}" does not exist, skipping')
            return None
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    oid = relation_locks.open_relation_oid(name, schema, mode)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        if missing_ok:
            notices.emit("00000", f'relation "{shown}" does not exist, skipping')
            return None
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    from pgsnake.catalog import object_permissions, temp_namespace
    object_permissions.check_relation_owner(oid)
    relation = cc.get_relation(oid)
    temp_namespace.refuse_other_session(relation.namespace_oid,
                                        "cannot alter temporary tables of other sessions")
    return relation


def _column(relation, name: str):
    for attribute in relation.attributes:
        if attribute.name == name and not attribute.is_dropped:
            return attribute
    return None


def _require_column(relation, name: str):
    attribute = _column(relation, name)
    if attribute is None:
        from pgsnake.catalog import definitions as d
        if any(system_name == name for system_name, *_ in d.SYSTEM_COLUMNS):
            raise PgError(FEATURE_NOT_SUPPORTED, f'cannot alter system column "{name}"')
        raise PgError(UNDEFINED_COLUMN,
                      f'column "{name}" of relation "{relation.name}" does not exist')
    return attribute


def _check_no_nulls(relation, attribute) -> None:
    # The table's own rows: each child is checked when the command reaches it.
    found = spi.execute(f"SELECT 1 FROM ONLY {spi.qualified_name(relation)} WHERE "
                     f"{cc.quote_identifier(attribute.name)} IS NULL LIMIT 1")
    if found.rows:
        raise PgError(NOT_NULL_VIOLATION, f'column "{attribute.name}" of relation '
                      f'"{relation.name}" contains null values',
                      schema=relation.namespace_name, table=relation.name,
                      column=attribute.name)


def _set_not_null(relation, attribute) -> None:
    if not attribute.not_null:
        _check_no_nulls(relation, attribute)
        table_alteration.set_not_null(relation.oid, attribute.attnum, True)


def _primary_key_columns(relation) -> set[int]:
    for index_oid in cc.index_oids_of(relation.oid):
        row = cc.index_row(index_oid)
        if row.indisprimary:
            return set(row.indkey[:row.indnkeyatts])
    return set()


def _set_column_options(relation, attribute, cmd: dict, reset: bool) -> None:
    """ALTER COLUMN ... SET / RESET (n_distinct, n_distinct_inherited): pg_attribute's
    attoptions, which ANALYZE reads (analyze.py)."""
    from pgsnake.access.common import reloptions
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_writes, invalidation
    changes = reloptions.parse(cmd.get("def", {}).get("List", {}).get("items", []),
                               reset=reset)
    row = next(r for r in cc.attribute_rows(relation.oid) if r.attnum == attribute.attnum)
    current = [text.partition("=") for text in (row.attoptions or ())]
    kept = [(name, value) for name, _, value in current
            if name not in {n for n, _ in changes}]
    if not reset:
        reloptions.validate(changes, reloptions.ATTRIBUTE)
        kept += changes
    catalog_writes.update_rows(
        "pg_attribute", lambda r: r.attrelid == relation.oid and r.attnum == attribute.attnum,
        attoptions=[f"{name}={value}" for name, value in kept] or None)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _add_column(relation, cmd: dict, source=None) -> None:
    definition = cmd["def"]["ColumnDef"]
    name = definition["colname"]
    heap_creation.refuse_system_column_name(name)
    if _column(relation, name) is not None:
        if cmd.get("missing_ok"):
            notices.emit("42701", f'column "{name}" of relation "{relation.name}" already '
                         f'exists, skipping')
            return
        raise PgError(DUPLICATE_COLUMN,
                      f'column "{name}" of relation "{relation.name}" already exists')
    index_specs: list = []
    owners: list = []
    checks: list = []
    references: list = []
    generated: list = []
    spec = table_commands.column_spec(definition, set(), index_specs, relation.name,
                                      (relation.name, relation.namespace_oid, owners, checks,
                                       references, generated,
                                       "u" if relation.persistence == "u" else "p"))
    wanted_not_null = spec.not_null
    if spec.default_sql is not None or spec.generated:
        # the stored rows would gain a value: not where other tables keep this row type
        from pgsnake.commands import row_type_users
        row_type_users.refuse_if_row_type_used(relation)
    spec = table_commands.ColumnSpec(spec.name, spec.type_oid, spec.typmod, False,
                                     spec.default_sql, identity=spec.identity,
                                     compression=spec.compression,
                                     generated=spec.generated, collation=spec.collation)
    attnum = table_alteration.add_column(relation.oid, spec)
    for sequence_oid, _column_name, deptype in owners:
        sequence_creation.set_owner(sequence_oid, relation.oid, attnum, deptype)
    table = cc.get_relation(relation.oid)
    if generated:
        from pgsnake.commands import generated_columns
        # (analysed without the statement's text, as AddRelationNewConstraints does
        # for ALTER TABLE: its errors carry no position)
        generated_columns.store_expressions(relation.oid, generated)
        generated_columns.rewrite_with_new_column(relation.oid)
        table = cc.get_relation(relation.oid)
    elif cc.column_default(relation.oid, attnum) is not None or spec.identity:
        # existing rows get the default (a domain's, without one of the column's own; an
        # identity column: its sequence's next values)
        from pgsnake.commands import table_rewrite
        if spec.identity or table_rewrite.default_is_volatile(
                cc.column_default(relation.oid, attnum), spec.type_oid, spec.typmod, name):
            # a value per row, computed as the rows go into a new file (no trigger fires)
            from pgsnake.commands import event_trigger_firing
            event_trigger_firing.table_rewrite_starting(relation.oid,
                                                        event_trigger_firing.REWRITE_DEFAULT)
            table_rewrite.rewrite_filling_columns(relation.oid, _default_filler(table, name))
        elif cc.class_row(relation.oid).relhastriggers:
            # PostgreSQL keeps one value in pg_attribute (attmissingval) and touches no
            # row; without it the rows must be written, and never through triggers
            table_rewrite.rewrite_filling_columns(relation.oid, _default_filler(table, name))
        else:
            spi.execute(f"UPDATE {spi.qualified_name(table)} "
                        f"SET {cc.quote_identifier(name)} = DEFAULT")
    elif spec.type_oid >= 16384 and user_type_facts.domain_base(spec.type_oid) is not None \
            and spi.execute(f"SELECT 1 FROM {spi.qualified_name(table)} LIMIT 1").rows:
        # the existing rows get NULL coerced to the domain, which its NOT NULL or a
        # CHECK may refuse (ATExecAddColumn's default for a constrained domain)
        registry.check_domain(spec.type_oid, None)
    if wanted_not_null:
        _set_not_null(table, _column(table, name))
    for constraint, column_name in checks:
        check_constraints.add_check(cc.get_relation(relation.oid), constraint, column_name,
                                    source, validate=True)
    if index_specs:
        index_commands.create_constraint_indexes(relation.oid, index_specs)
    for constraint, column_name in references:
        foreign_keys.add_foreign_key(cc.get_relation(relation.oid), constraint, column_name,
                                     source, validate=True)


def _default_filler(table, name: str):
    """fill(values) for rewrite_filling_columns: the new column's default, per row."""
    from pgsnake.executor.expression_eval import ExecutorState, compile_expression
    from pgsnake.parser.modify_analysis import default_expression
    from pgsnake.parser.relation_resolution import ParseState
    attribute = _column(table, name)
    compute = compile_expression(default_expression(ParseState(None), table, attribute), {})
    estate = ExecutorState()
    position = attribute.attnum - 1

    def fill(values: list) -> None:
        values[position] = compute(values, estate)
    return fill


def _drop_column(relation, cmd: dict) -> None:
    name = cmd["name"]
    attribute = _column(relation, name)
    if attribute is None:
        if cmd.get("missing_ok"):
            notices.emit("00000", f'column "{name}" of relation "{relation.name}" does not '
                         f'exist, skipping')
            return
        from pgsnake.catalog import definitions as d
        if any(system_name == name for system_name, *_ in d.SYSTEM_COLUMNS):
            raise PgError(FEATURE_NOT_SUPPORTED, f'cannot drop system column "{name}"')
        raise PgError(UNDEFINED_COLUMN,
                      f'column "{name}" of relation "{relation.name}" does not exist')
    from pgsnake.commands import dependent_objects  # views, checks, indexes, triggers ...
    dependent_objects.drop_column_dependents(relation.oid, attribute.attnum,
                                             cmd.get("behavior") == "DROP_CASCADE")
    table_alteration.drop_column(relation.oid, attribute.attnum)


def _add_constraint(relation, cmd: dict, position, source=None, only: bool = False) -> None:
    constraint = cmd["def"]["Constraint"]
    kind = constraint["contype"]
    if kind == "CONSTR_CHECK":
        return check_constraints.add_check(relation, constraint, None, source, validate=True)
    if kind == "CONSTR_FOREIGN":
        foreign_keys.add_foreign_key(relation, constraint, None, source, validate=True,
                                     only=only)
        return
    if kind == "CONSTR_EXCLUSION":
        from pgsnake.commands import exclusion_constraints
        exclusion_constraints.add_constraint(relation, constraint, source, position)
        return
    if kind not in ("CONSTR_PRIMARY", "CONSTR_UNIQUE"):
        raise PgError(FEATURE_NOT_SUPPORTED, f"ADD CONSTRAINT of kind {kind.removeprefix('CONSTR_')} "
                      f"is not supported yet")
    if constraint.get("indexname"):              # ... USING INDEX: an existing index
        from pgsnake.commands import constraint_using_index
        constraint_using_index.add_constraint_using_index(relation, constraint, position)
        return
    spec = index_commands.index_spec_for_constraint(constraint)
    if spec.primary:
        if _primary_key_columns(relation):
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'multiple primary keys for table "{relation.name}" are not allowed')
        for name, _options in spec.key_columns:
            attribute = _column(relation, name)
            if attribute is None:        # from the implied SET NOT NULL, as PostgreSQL
                raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation '
                                                f'"{relation.name}" does not exist')
            _set_not_null(relation, attribute)
        relation = cc.get_relation(relation.oid)
    index_commands.create_index_from_spec(relation, spec, position=position)


def _drop_constraint(relation, cmd: dict) -> None:
    name = cmd["name"]
    for row in cc.scan_catalog("pg_constraint"):
        if row.conrelid == relation.oid and row.conname == name and row.contype == "c":
            check_constraints.drop_check(row)
            return
        if row.conrelid == relation.oid and row.conname == name and row.contype == "f":
            if row.coninhcount > 0:              # a partition's clone of its parent's
                raise PgError(INVALID_TABLE_DEFINITION, f'cannot drop inherited constraint '
                              f'"{name}" of relation "{relation.name}"')
            foreign_keys.drop_foreign_key(row)
            return
        if row.conrelid == relation.oid and row.conname == name:
            from pgsnake.catalog import definitions as d
            from pgsnake.catalog import index_creation
            from pgsnake.catalog.dependency import ObjectAddress
            from pgsnake.commands import dependent_objects
            relation_locks.lock_relation_oid(row.conindid, lock_modes.ACCESS_EXCLUSIVE)
            # what relies on the constraint (a view grouping by the primary key) stops
            # the drop, or goes with it under CASCADE
            dependent_objects.drop_dependents(
                [ObjectAddress(d.PG_CONSTRAINT_OID, row.oid)],
                cmd.get("behavior") == "DROP_CASCADE",
                f"constraint {name} on table {relation.name}")
            if cc.index_row(row.conindid) is not None:
                index_creation.drop_index(row.conindid)
            return
    if cmd.get("missing_ok"):
        notices.emit("00000", f'constraint "{name}" of relation "{relation.name}" does not '
                     f'exist, skipping')
        return
    raise PgError(UNDEFINED_OBJECT,
                  f'constraint "{name}" of relation "{relation.name}" does not exist')


def _alter_column(relation, cmd: dict) -> None:
    subtype = cmd["subtype"]
    attribute = _require_column(relation, cmd["name"])
    if subtype == "AT_SetNotNull":
        _set_not_null(relation, attribute)
    elif subtype == "AT_DropNotNull":
        if attribute.identity:
            raise PgError("42601", f'column "{attribute.name}" of relation "{relation.name}" '
                          f'is an identity column')
        if attribute.attnum in _primary_key_columns(relation):
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'column "{attribute.name}" is in a primary key')
        table_alteration.set_not_null(relation.oid, attribute.attnum, False)
    else:
        alter_column_default(relation, cmd)


def alter_column_default(relation, cmd: dict) -> None:
    """ALTER [TABLE | VIEW] ... ALTER COLUMN c SET DEFAULT e / DROP DEFAULT."""
    attribute = _require_column(relation, cmd["name"])
    expr = cmd.get("def")
    if attribute.identity:
        raise PgError("42601", f'column "{attribute.name}" of relation "{relation.name}" '
                      f'is an identity column',
                      hint=None if expr is not None else
                      "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.")
    if attribute.generated:
        raise PgError("42601", f'column "{attribute.name}" of relation "{relation.name}" '
                      f'is a generated column',
                      hint=None if expr is not None else
                      "Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.")
    default_sql = None if expr is None else table_commands.default_text(
        expr, attribute.type_oid, attribute.typmod, attribute.name)
    table_alteration.set_default(relation.oid, attribute.attnum, default_sql)


def _refuse_newer_syntax(node: dict, source) -> None:
    """ALTER COLUMN ... SET EXPRESSION AS (...) is PostgreSQL 16's; our raw parser's
    newer grammar takes it, PostgreSQL 15's stops at the word EXPRESSION (42601)."""
    import re
    if not any(c["AlterTableCmd"]["subtype"] == "AT_SetExpression"
               for c in node.get("cmds", [])):
        return
    text = source.text if source is not None else ""
    start = source.char_offset(node["relation"].get("location", 0)) if source else 0
    found = re.compile(r"\bset\s+(expression)\b", re.IGNORECASE).search(text, start)
    if found is None:
        raise PgError("42601", "syntax error")
    raise PgError("42601", f'syntax error at or near "{found.group(1)}"',
                  position=found.start(1) + 1)


def execute_alter_table(node: dict, source=None) -> str:
    """ALTER TABLE / ALTER INDEX (AlterTableStmt node). Returns the command tag."""
    from pgsnake.commands import owner_commands
    if owner_commands.is_owner_change(node):
        return owner_commands.alter_relation_owner(node)
    if node.get("objtype") in ("OBJECT_VIEW", "OBJECT_MATVIEW"):
        from pgsnake.commands import view_commands
        return view_commands.execute_alter_view(node)
    if node.get("objtype") == "OBJECT_TYPE":                    # ALTER TYPE ... ATTRIBUTE
        from pgsnake.commands import composite_type_commands
        return composite_type_commands.execute_alter_composite(node)
    _refuse_newer_syntax(node, source)
    tag = {"OBJECT_INDEX": "ALTER INDEX", "OBJECT_SEQUENCE": "ALTER SEQUENCE"}.get(
        node.get("objtype"), "ALTER TABLE")
    from pgsnake.commands import alter_table_lock_level
    relation = _open_table(node["relation"], bool(node.get("missing_ok")),
                           alter_table_lock_level.lock_level(node.get("cmds")))
    if relation is None:
        return tag
    from pgsnake.executor import triggers
    triggers.check_not_in_use(relation, "ALTER TABLE")
    if relation.relkind == "v" and all(
            c["AlterTableCmd"]["subtype"] in ("AT_SetRelOptions", "AT_ResetRelOptions",
                                              "AT_ColumnDefault")
            for c in node.get("cmds", [])):
        # ALTER TABLE view SET (...) / ALTER COLUMN ... SET DEFAULT: allowed
        from pgsnake.commands import view_commands
        for c in node["cmds"]:
            if c["AlterTableCmd"]["subtype"] == "AT_ColumnDefault":
                alter_column_default(relation, c["AlterTableCmd"])
            else:
                view_commands.alter_view_options(relation.oid, c["AlterTableCmd"])
        return tag
    if sum(c["AlterTableCmd"]["subtype"] in ("AT_SetLogged", "AT_SetUnLogged")
           for c in node.get("cmds", [])) > 1:
        raise PgError("0A000", "cannot change persistence setting twice")
    if relation.relkind == "S" or node.get("objtype") == "OBJECT_SEQUENCE":
        from pgsnake.commands import sequence_persistence   # SET LOGGED / UNLOGGED
        return sequence_persistence.alter_sequence_persistence(node, relation, tag)
    if node.get("objtype") == "OBJECT_INDEX":     # RangeVarCallbackForAlterRelation
        if relation.relkind not in ("i", "I"):
            raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not an index')
        from pgsnake.commands import index_alter
        return index_alter.alter_index(relation, node, source)
    if relation.relkind not in ("r", "p"):
        policy_commands.refuse_row_security_change(relation, node)
        _refuse_on_view(relation, node)
        raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a table')

    def position(location):
        return None if source is None else source.position(location)
    from pgsnake.commands import alter_column_rewrite      # one rewrite per statement
    type_changes = alter_column_rewrite.TypeChanges(relation.oid, source)
    for wrapped in node.get("cmds", []):
        cmd = wrapped["AlterTableCmd"]
        subtype = cmd["subtype"]
        if subtype != "AT_AlterColumnType":
            type_changes.apply()
        relation = cc.get_relation(relation.oid)     # after the previous subcommand
        partition_commands.check_alter(relation, cmd, node)     # partitions, children
        if subtype in _TYPED_TABLE_REFUSALS:
            typed_tables.refuse_column_change(relation, _TYPED_TABLE_REFUSALS[subtype])
        if subtype == "AT_AddColumn":
            _add_column(relation, cmd, source)
        elif subtype == "AT_DropColumn":
            _drop_column(relation, cmd)
        elif subtype in ("AT_SetNotNull", "AT_DropNotNull", "AT_ColumnDefault"):
            _alter_column(relation, cmd)
        elif subtype == "AT_AddConstraint":
            added = _add_constraint(relation, cmd, position, source,
                                    only=not node["relation"].get("inh"))
            # children's too, unless it merged into one the children have already
            if cmd["def"]["Constraint"]["contype"] == "CONSTR_CHECK" and added is not None:
                check_inheritance.after_add(relation, cmd["def"]["Constraint"],
                                            bool(node["relation"].get("inh")), source)
        elif subtype == "AT_DropConstraint":
            check = next((r for r in cc.check_constraints(relation.oid)
                          if r.conname == cmd["name"]), None)
            if check is not None:
                check_inheritance.before_drop(relation, check,
                                              bool(node["relation"].get("inh")))
            _drop_constraint(relation, cmd)
        elif subtype in ("AT_SetStorage", "AT_SetCompression"):     # column_storage.py
            from pgsnake.commands import column_storage
            (column_storage.set_storage if subtype == "AT_SetStorage"
             else column_storage.set_compression)(relation, cmd)
        elif subtype in ("AT_SetRelOptions", "AT_ResetRelOptions"):
            from pgsnake.commands import relation_options
            relation_options.alter_options(relation, cmd, subtype == "AT_ResetRelOptions")
            toast = getattr(cc.class_row(relation.oid), "reltoastrelid", 0)
            if toast:                   # its options are the table's to change, as its lock
                relation_locks.lock_relation_oid(
                    toast, alter_table_lock_level.subcommand_lock_level(cmd))
        elif subtype == "AT_AlterColumnType":
            alter_column_type.alter_column_type(
                relation, _require_column(relation, cmd["name"]), cmd, type_changes)
        elif subtype == "AT_SetStatistics":
            if cmd.get("name") is None:          # ALTER COLUMN n: an index's column only
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "cannot refer to non-index column by number")
            from pgsnake.commands import analyze
            analyze.set_statistics_target(relation, _require_column(relation, cmd["name"]),
                                          cmd["def"])
        elif subtype in ("AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity"):
            from pgsnake.commands import identity_columns
            identity_columns.alter_identity(
                relation, _require_column(relation, cmd["name"]), cmd)
        elif subtype in ("AT_SetLogged", "AT_SetUnLogged"):
            from pgsnake.commands import table_persistence
            table_persistence.set_persistence(relation, subtype == "AT_SetLogged")
        elif subtype == "AT_DropExpression":
            from pgsnake.commands import generated_columns
            generated_columns.drop_expression(
                relation, _require_column(relation, cmd["name"]), bool(cmd.get("missing_ok")))
        elif subtype in ("AT_ValidateConstraint", "AT_AlterConstraint", "AT_ReplicaIdentity",
                         "AT_SetAccessMethod", "AT_SetTableSpace"):
            from pgsnake.commands import constraint_alter
            {"AT_ValidateConstraint": constraint_alter.validate_constraint,
             "AT_AlterConstraint": constraint_alter.alter_constraint,
             "AT_ReplicaIdentity": constraint_alter.set_replica_identity,
             "AT_SetAccessMethod": constraint_alter.set_access_method,
             "AT_SetTableSpace": constraint_alter.set_tablespace}[subtype](relation, cmd)
        elif subtype in ("AT_SetOptions", "AT_ResetOptions"):
            _set_column_options(relation, _require_column(relation, cmd["name"]), cmd,
                                subtype == "AT_ResetOptions")
        elif subtype == "AT_DropOids":
            pass                          # SET WITHOUT OIDS: accepted, nothing to do
        elif subtype in ("AT_ClusterOn", "AT_DropCluster"):
            from pgsnake.commands import cluster
            if subtype == "AT_ClusterOn":
                cluster.cluster_on(relation, cmd["name"])
            else:
                cluster.set_without_cluster(relation)
        elif trigger_commands.enable_disable(relation, cmd,
                                             bool(node["relation"].get("inh"))):
            pass                          # ENABLE / DISABLE TRIGGER
        elif policy_commands.alter_row_security(relation, cmd):
            pass                          # [NO] FORCE, ENABLE / DISABLE ROW LEVEL SECURITY
        elif rule_commands.enable_disable(relation, cmd):
            pass                          # ENABLE / DISABLE RULE
        elif typed_tables.alter_subcommand(relation, cmd):
            pass                          # OF type / NOT OF
        elif partition_commands.alter_subcommand(relation, cmd, source):
            pass                          # ATTACH / DETACH PARTITION, [NO] INHERIT
        else:
            shown = _SUBCOMMAND_NAMES.get(subtype, subtype.removeprefix("AT_"))
            raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER TABLE ... {shown} is not supported yet")
        partition_commands.alter_children(relation, cmd, node, source)    # not ONLY
    type_changes.apply()
    # As PostgreSQL after every ALTER TABLE: a TOAST table if the table now needs one
    # (a column changed to an unbounded type, ...).
    from pgsnake.catalog import toast_creation
    toast_creation.create_toast_table_if_needed(relation.oid)
    return tag


# ---------------------------------------------------------------------------------------
# RENAME


# ALTER TABLE actions for tables only, as ATSimplePermissions names them in its refusal
# (alter_table_type_to_string)
_TABLE_ONLY_ACTIONS = {
    "AT_AddColumn": "ADD COLUMN", "AT_DropColumn": "DROP COLUMN",
    "AT_SetNotNull": "ALTER COLUMN ... SET NOT NULL",
    "AT_DropNotNull": "ALTER COLUMN ... DROP NOT NULL",
    "AT_AddConstraint": "ADD CONSTRAINT", "AT_DropConstraint": "DROP CONSTRAINT",
    "AT_AlterColumnType": "ALTER COLUMN ... SET DATA TYPE",
    "AT_AddInherit": "INHERIT", "AT_DropInherit": "NO INHERIT",
}


def _refuse_on_view(relation, node: dict) -> None:
    """42809 'ALTER action ... cannot be performed on relation' for the first table-only
    action of an ALTER TABLE on a view (ATSimplePermissions)."""
    if relation.relkind != "v":
        return
    for wrapped in node.get("cmds", []):
        action = _TABLE_ONLY_ACTIONS.get(wrapped["AlterTableCmd"]["subtype"])
        if action is not None:
            raise PgError(WRONG_OBJECT_TYPE, f'ALTER action {action} cannot be performed on '
                          f'relation "{relation.name}"',
                          detail="This operation is not supported for views.")


def _rename_target(node: dict):
    relation = _open_table(node["relation"], bool(node.get("missing_ok")))
    return relation


_TYPED_TABLE_REFUSALS = {"AT_AddColumn": "add column to", "AT_DropColumn": "drop column from",
                         "AT_AlterColumnType": "alter column type of"}


def execute_rename(node: dict) -> str:
    """ALTER TABLE/INDEX ... RENAME [COLUMN | CONSTRAINT] (RenameStmt node)."""
    kind = node["renameType"]
    new_name = node["newname"]
    from pgsnake.commands import view_commands
    if view_commands.is_view_rename(node):
        return view_commands.execute_rename_view(node)
    if trigger_commands.is_trigger_rename(node):
        return trigger_commands.rename_trigger(node)
    if policy_commands.is_policy_rename(node):
        return policy_commands.rename_policy(node)
    if rule_commands.is_rule_rename(node):
        return rule_commands.rename_rule(node)
    if kind == "OBJECT_STATISTIC_EXT":
        from pgsnake.commands import statistics_commands
        return statistics_commands.rename_statistics(node)
    if kind == "OBJECT_EVENT_TRIGGER":
        from pgsnake.commands import event_trigger_commands
        return event_trigger_commands.rename(node)
    if kind == "OBJECT_COLLATION":
        from pgsnake.commands import collation_commands
        return collation_commands.rename(node)
    if kind in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        from pgsnake.commands import operator_class_commands
        return operator_class_commands.rename(node)
    if kind == "OBJECT_ROLE":
        from pgsnake.commands import role_commands
        return role_commands.rename_role(node)
    if kind == "OBJECT_SCHEMA":
        from pgsnake.commands import schema_commands
        return schema_commands.rename_schema(node)
    if kind == "OBJECT_DATABASE":
        from pgsnake.commands import alter_database
        return alter_database.rename_database(node)
    if kind == "OBJECT_DOMCONSTRAINT":
        from pgsnake.commands import domain_commands
        return domain_commands.rename_constraint(node)
    if kind in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
        from pgsnake.commands import type_commands
        return type_commands.execute_rename_type(node)
    from pgsnake.commands import routine_alter
    if routine_alter.is_routine_kind(kind):
        return routine_alter.rename_routine(node)
    if kind == "OBJECT_ATTRIBUTE":
        from pgsnake.commands import composite_type_commands
        return composite_type_commands.execute_rename_attribute(node)
    tag = {"OBJECT_INDEX": "ALTER INDEX", "OBJECT_SEQUENCE": "ALTER SEQUENCE"}.get(
        kind, "ALTER TABLE")
    if kind not in ("OBJECT_TABLE", "OBJECT_INDEX", "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT",
                    "OBJECT_SEQUENCE"):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"ALTER {kind.removeprefix('OBJECT_')} ... RENAME is not supported yet")
    relation = _rename_target(node)
    if relation is None:
        return tag
    # Views store their query as text: those naming this table print it again afterwards.
    views = view_commands.views_reading(relation.oid) \
        if relation.relkind not in ("i", "I") else []
    policies = policy_commands.analysed_policies(relation.oid)     # kept as text too
    from pgsnake.commands import rule_renames                      # and rules
    rules = rule_renames.texts_for_rename(node, relation)
    tag = _rename(node, kind, relation, new_name, tag)
    view_commands.store_definitions_again(views)
    rule_renames.store_texts(rules)
    policy_commands.store_policies_again(policies)
    return tag


def _rename(node: dict, kind: str, relation, new_name: str, tag: str) -> str:
    if kind in ("OBJECT_TABLE", "OBJECT_INDEX", "OBJECT_SEQUENCE"):
        # RangeVarCallbackForAlterRelation: ALTER TABLE and ALTER INDEX ... RENAME take
        # any relation (a view, an index, a table), but a composite type is ALTER TYPE's;
        # ALTER SEQUENCE wants a sequence.
        if kind == "OBJECT_SEQUENCE" and relation.relkind != "S":
            raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a sequence')
        if relation.relkind == "c":
            raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is a composite type',
                          hint="Use ALTER TYPE instead.")
        if cc.relation_oid_in(relation.namespace_oid, new_name) is not None:
            raise PgError(DUPLICATE_TABLE, f'relation "{new_name}" already exists')
        table_alteration.rename_relation(relation.oid, new_name)
    elif kind == "OBJECT_COLUMN":
        typed_tables.refuse_column_change(relation, "rename column of")
        partition_commands.check_rename_only(relation, node["subname"], node)
        attribute = _column(relation, node["subname"])
        if attribute is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{node["subname"]}" does not exist')
        heap_creation.refuse_system_column_name(new_name)
        if _column(relation, new_name) is not None:
            raise PgError(DUPLICATE_COLUMN,
                          f'column "{new_name}" of relation "{relation.name}" already exists')
        partition_commands.check_rename_column(relation, node["subname"])
        trigger_commands.rename_column_in_triggers(relation, attribute.attnum, new_name)
        checks = check_constraints.analysed_checks(relation.oid)
        index_texts = index_expression_columns.analysed_index_texts(relation.oid)
        from pgsnake.commands import statistics_commands
        statistics_texts = statistics_commands.analysed_expressions(relation.oid)
        table_alteration.rename_column(relation.oid, attribute.attnum, new_name)
        check_constraints.restore_after_rename(relation.oid, checks)
        index_expression_columns.restore_after_rename(relation.oid, index_texts)
        statistics_commands.restore_after_rename(relation.oid, statistics_texts)
        partition_commands.rename_column_in_children(relation, node["subname"], new_name, node)
    else:
        old_name = node["subname"]
        matches = [r for r in cc.scan_catalog("pg_constraint")
                   if r.conrelid == relation.oid and r.conname == old_name]
        if not matches:
            raise PgError(UNDEFINED_OBJECT, f'constraint "{old_name}" for table '
                          f'"{relation.name}" does not exist')
        if matches[0].conindid and matches[0].contype in ("p", "u", "x") and \
                cc.relation_oid_in(relation.namespace_oid, new_name) is not None:
            raise PgError(DUPLICATE_TABLE, f'relation "{new_name}" already exists')
        table_alteration.rename_constraint(matches[0].oid, new_name)
    return tag


def _is_index_command(raw) -> str:
    body = raw.node[raw.kind]
    is_index = body.get("objtype") == "OBJECT_INDEX" or body.get("renameType") == "OBJECT_INDEX"
    if body.get("renameType") == "OBJECT_STATISTIC_EXT":
        return "ALTER STATISTICS"
    if body.get("renameType") == "OBJECT_COLLATION":
        return "ALTER COLLATION"
    if body.get("renameType") in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        return "ALTER OPERATOR " + body["renameType"].removeprefix("OBJECT_OP")
    return "ALTER INDEX" if is_index else "ALTER TABLE"


utility_statement.register("AlterTableStmt", _is_index_command,
                           lambda node, raw: execute_alter_table(node, raw.source))
utility_statement.register("RenameStmt", _is_index_command,
                           lambda node, raw: execute_rename(node))
