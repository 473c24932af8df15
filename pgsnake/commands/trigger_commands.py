"""CREATE [OR REPLACE] [CONSTRAINT] TRIGGER, DROP TRIGGER, ALTER TRIGGER ... RENAME,
ALTER TABLE ... {ENABLE | DISABLE} TRIGGER, and SET CONSTRAINTS.

CREATE TRIGGER checks the definition as PostgreSQL's CreateTrigger does (in its order,
with its SQLSTATEs and messages): the target's kind against the timing and level, the
WHEN condition (which may not name OLD in an INSERT trigger, NEW in a DELETE one, or
any column in a statement trigger), transition tables (AFTER triggers only), the
UPDATE OF columns, and that the function returns trigger. A CONSTRAINT TRIGGER also
gets a pg_constraint row (contype 't', named as the trigger) that SET CONSTRAINTS
finds it by. The catalog rows are catalog/trigger_catalog.py's; firing is the
executor's (executor/triggers.py, executor/after_trigger_queue.py).

Entry points: execute_create_trigger(node, raw), execute_drop_triggers(DropStmt node),
rename_trigger(RenameStmt node), enable_disable(relation, AlterTableCmd),
set_constraints(ConstraintsSetStmt node) (registered with the portal code).

PostgreSQL: commands/trigger.c (CreateTriggerFiringOn, RemoveTriggerById, renametrig,
EnableDisableTriggerNew2, AfterTriggerSetState), commands/dropcmds.c.
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.catalog import trigger_catalog as tc
from pgsnake.catalog import partition_bounds as pb
from pgsnake.catalog.lookup_functions import function_with_args, proc_row
from pgsnake.commands import utility_statement
from pgsnake.executor import after_trigger_queue
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED,
                                  UNDEFINED_COLUMN, UNDEFINED_FUNCTION, UNDEFINED_OBJECT,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)

INVALID_OBJECT_DEFINITION = "42P17"
TRIGGER_RETURN_TYPE = 2279


def _names(nodes) -> list[str]:
    return [n["String"]["sval"] for n in nodes or ()]


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _open_relation(range_var: dict, mode: int, missing_ok: bool = False):
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, mode)
    if oid is None:
        if missing_ok:
            return None
        shown = f"{schema}.{name}" if schema else name
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    return cc.get_relation(oid)


def _check_target(relation, tgtype: int, is_row: bool) -> None:
    kind = relation.relkind
    name = relation.name
    if kind in ("r", "p"):
        if tgtype & tc.TYPE_INSTEAD:
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is a table',
                          detail="Tables cannot have INSTEAD OF triggers.")
    elif kind == "v":
        if not tgtype & tc.TYPE_INSTEAD and is_row:
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is a view',
                          detail="Views cannot have row-level BEFORE or AFTER triggers.")
        if tgtype & tc.TYPE_TRUNCATE:
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is a view',
                          detail="Views cannot have TRUNCATE triggers.")
    else:
        from pgsnake.catalog.heap_creation import relation_kind_name
        raise PgError(WRONG_OBJECT_TYPE, f'relation "{name}" cannot have triggers',
                      detail=f"This operation is not supported for "
                             f"{relation_kind_name(kind)}s.")


def execute_create_trigger(node: dict, raw=None) -> str:
    source = raw.source if raw is not None else None

    def position(location):
        return None if source is None or location is None else source.position(location)
    relation = _open_relation(node["relation"], lock_modes.SHARE_ROW_EXCLUSIVE)
    timing = node.get("timing", 0)
    events = node.get("events", 0)
    is_row = bool(node.get("row"))
    tgtype = timing | events | (tc.TYPE_ROW if is_row else 0)
    _check_target(relation, tgtype, is_row)
    if tgtype & tc.TYPE_TRUNCATE and is_row:
        raise PgError(FEATURE_NOT_SUPPORTED, "TRUNCATE FOR EACH ROW triggers are not supported")
    if tgtype & tc.TYPE_INSTEAD:
        if not is_row:
            raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD OF triggers must be FOR EACH ROW")
        if node.get("whenClause") is not None:
            raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD OF triggers cannot have WHEN conditions")
        if node.get("columns"):
            raise PgError(FEATURE_NOT_SUPPORTED, "INSTEAD OF triggers cannot have column lists")
    old_table = new_table = None
    for wrapped in node.get("transitionRels") or ():
        transition = wrapped["TriggerTransition"]
        if relation.relkind == "v":
            raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is a view',
                          detail="Triggers on views cannot have transition tables.")
        if is_row:
            # Capture through a parent goes to the parent's tables (TransitionCaptureState),
            # so a row trigger of a whole tree or of one of its members cannot have them.
            if relation.relkind == "p":
                raise PgError(FEATURE_NOT_SUPPORTED, f'"{relation.name}" is a partitioned table',
                              detail="ROW triggers with transition tables are not supported "
                                     "on partitioned tables.")
            if cc.class_row(relation.oid).relispartition:
                raise PgError(FEATURE_NOT_SUPPORTED, "ROW triggers with transition tables are "
                              "not supported on partitions")
            if pb.parents(relation.oid):
                raise PgError(FEATURE_NOT_SUPPORTED, "ROW triggers with transition tables are "
                              "not supported on inheritance children")
        if timing != 0:
            raise PgError(INVALID_OBJECT_DEFINITION, "transition table name can only be "
                          "specified for an AFTER trigger")
        if tgtype & tc.TYPE_TRUNCATE:
            raise PgError(FEATURE_NOT_SUPPORTED, "TRUNCATE triggers with transition tables "
                          "are not supported")
        if sum(bool(tgtype & event) for event in (tc.TYPE_INSERT, tc.TYPE_UPDATE,
                                                  tc.TYPE_DELETE)) != 1:
            raise PgError(FEATURE_NOT_SUPPORTED, "transition tables cannot be specified for "
                          "triggers with more than one event")
        if node.get("columns"):
            raise PgError(FEATURE_NOT_SUPPORTED, "transition tables cannot be specified for "
                          "triggers with column lists")
        if transition.get("isNew"):
            if not tgtype & (tc.TYPE_INSERT | tc.TYPE_UPDATE):
                raise PgError(INVALID_OBJECT_DEFINITION, "NEW TABLE can only be specified "
                              "for an INSERT or UPDATE trigger")
            if new_table is not None:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "NEW TABLE cannot be specified multiple times")
            new_table = transition["name"]
        else:
            if not tgtype & (tc.TYPE_DELETE | tc.TYPE_UPDATE):
                raise PgError(INVALID_OBJECT_DEFINITION, "OLD TABLE can only be specified "
                              "for a DELETE or UPDATE trigger")
            if old_table is not None:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "OLD TABLE cannot be specified multiple times")
            old_table = transition["name"]
    if old_table is not None and old_table == new_table:
        raise PgError(FEATURE_NOT_SUPPORTED, "OLD TABLE name and NEW TABLE name cannot be the same")
    qual, qual_columns = None, []
    when = node.get("whenClause")
    if when is not None:
        qual, qual_columns = _analyze_when(relation, when, tgtype, is_row, source, position)
    function_names = _names(node["funcname"])
    function_oid = function_with_args(function_names, [])
    if function_oid is None:
        raise PgError(UNDEFINED_FUNCTION, f'function {".".join(function_names)}() does not exist')
    function = proc_row(function_oid)
    if function.prorettype != TRIGGER_RETURN_TYPE:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f"function {function.proname} must return type trigger")
    columns = []
    for name in _names(node.get("columns")):
        attribute = next((a for a in relation.attributes
                          if a.name == name and not a.is_dropped), None)
        if attribute is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" of relation "{relation.name}" '
                          f'does not exist')
        if attribute.attnum in columns:
            raise PgError("42701", f'column "{name}" specified more than once')
        columns.append(attribute.attnum)
    name = node["trigname"]
    existing = next((r for r in tc.triggers_of(relation.oid) if r.tgname == name), None)
    constraint_oid = 0
    constrained_table = 0
    if node.get("constrrel"):
        constrained_table = _open_relation(node["constrrel"], lock_modes.ACCESS_SHARE).oid
    if existing is not None:
        if not node.get("replace"):
            raise PgError(DUPLICATE_OBJECT, f'trigger "{name}" for relation "{relation.name}" '
                          f'already exists')
        if existing.tgisinternal or existing.tgparentid:
            raise PgError(DUPLICATE_OBJECT, f'trigger "{name}" for relation "{relation.name}" '
                          f'is an internal or a child trigger')
        if existing.tgconstraint:
            raise PgError(DUPLICATE_OBJECT, f'trigger "{name}" for relation "{relation.name}" '
                          f'is a constraint trigger')
    oid = existing.oid if existing is not None else transaction_ids.get_new_oid()
    if node.get("isconstraint"):
        constraint_oid = insert_trigger_constraint(
            name, relation, bool(node.get("deferrable")), bool(node.get("initdeferred")))
    tc.insert_trigger(
        oid, relation.oid, name, function_oid, tgtype, args=_names(node.get("args")),
        columns=columns, qual=qual, qual_columns=qual_columns,
        constraint_oid=constraint_oid, constrained_table=constrained_table,
        deferrable=bool(node.get("deferrable")),
        initially_deferred=bool(node.get("initdeferred")),
        old_table=old_table, new_table=new_table, replace=existing is not None)
    if constraint_oid:
        trigger_constraint_dependencies(constraint_oid, relation.oid, oid)
    _done()
    from pgsnake.commands import partition_commands     # clones on the partitions
    partition_commands.trigger_created(relation, name, bool(node.get("replace")))
    return "CREATE TRIGGER"


def insert_trigger_constraint(name: str, relation, deferrable: bool,
                              initially_deferred: bool) -> int:
    """A constraint trigger's pg_constraint row (contype 't'; the FROM table is the
    trigger's tgconstrrelid, not the constraint's confrelid)."""
    constraint_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=constraint_oid, conname=name,
        connamespace=relation.namespace_oid, contype="t", condeferrable=deferrable,
        condeferred=initially_deferred, convalidated=True,
        conrelid=relation.oid, contypid=0, conindid=0, conparentid=0,
        confrelid=0, confupdtype=" ", confdeltype=" ",
        confmatchtype=" ", conislocal=True, coninhcount=0, connoinherit=True,
        conkey=None, confkey=None, conpfeqop=None, conppeqop=None, conffeqop=None,
        confdelsetcols=None, conexclop=None, conbin=None))
    return constraint_oid


def trigger_constraint_dependencies(constraint_oid: int, table_oid: int,
                                    trigger_oid: int) -> None:
    """The constraint depends on its table, and internally on the trigger."""
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=tc.PG_CONSTRAINT, objid=constraint_oid, objsubid=0,
        refclassid=tc.PG_CLASS, refobjid=table_oid, refobjsubid=0, deptype="a"))
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=tc.PG_CONSTRAINT, objid=constraint_oid, objsubid=0,
        refclassid=tc.PG_TRIGGER, refobjid=trigger_oid, refobjsubid=0, deptype="i"))


def _analyze_when(relation, when: dict, tgtype: int, is_row: bool, source, position):
    from pgsnake.parser.expression_text import expression_text
    from pgsnake.parser.trigger_when import analyze_when, referenced
    from pgsnake.parser.expression_nodes import Var, walk
    expr = analyze_when(relation, when, source)
    for var in walk(expr):
        if not isinstance(var, Var) or var.levels_up:
            continue
        where = position(var.location) if var.location is not None and var.location >= 0 \
            else None
        if not is_row:
            raise PgError(INVALID_OBJECT_DEFINITION, "statement trigger's WHEN condition "
                          "cannot reference column values", position=where)
        if var.rtindex == 1 and tgtype & tc.TYPE_INSERT:
            raise PgError(INVALID_OBJECT_DEFINITION, "INSERT trigger's WHEN condition cannot "
                          "reference OLD values", position=where)
        if var.rtindex == 2 and tgtype & tc.TYPE_DELETE:
            raise PgError(INVALID_OBJECT_DEFINITION, "DELETE trigger's WHEN condition cannot "
                          "reference NEW values", position=where)
        if var.rtindex == 2 and var.attnum < 0 and tgtype & tc.TYPE_BEFORE:
            raise PgError(FEATURE_NOT_SUPPORTED, "BEFORE trigger's WHEN condition cannot "
                          "reference NEW system columns", position=where)
        if var.rtindex == 2 and tgtype & tc.TYPE_BEFORE:
            whole_row = _whole_row_location(when)       # NEW.* (analysed column by column)
            if whole_row is not None:
                _refuse_new_generated(relation, 0, position(whole_row))
            _refuse_new_generated(relation, var.attnum, where)
    old, new = referenced(expr)
    columns = []
    for attnum in old + new:
        if attnum > 0 and attnum not in columns:
            columns.append(attnum)
    return expression_text(expr, use_prefix=True), columns


def _whole_row_location(node):
    """The location of the first NEW.* in a raw WHEN clause, or None."""
    if isinstance(node, dict):
        ref = node.get("ColumnRef")
        if ref is not None:
            fields = ref.get("fields", [])
            if len(fields) == 2 and "A_Star" in fields[1] \
                    and fields[0].get("String", {}).get("sval") == "new":
                return ref.get("location")
        for value in node.values():
            found = _whole_row_location(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _whole_row_location(value)
            if found is not None:
                return found
    return None


def _refuse_new_generated(relation, attnum: int, where) -> None:
    """A BEFORE trigger runs before the generated columns are computed: its WHEN may not
    read them in NEW, nor NEW as a whole row when the table has any."""
    generated = [a for a in relation.attributes if a.generated and not a.is_dropped]
    if attnum == 0 and generated:
        detail = "A whole-row reference is used and the table contains generated columns."
    elif attnum > 0 and any(a.attnum == attnum for a in generated):
        detail = f'Column "{relation.attributes[attnum - 1].name}" is a generated column.'
    else:
        return
    raise PgError(INVALID_OBJECT_DEFINITION, "BEFORE trigger's WHEN condition cannot "
                  "reference NEW generated columns", detail=detail, position=where)


# ---------------------------------------------------------------------------------------
# DROP TRIGGER, ALTER TRIGGER ... RENAME, ENABLE / DISABLE


def _find(relation, name: str, missing_ok: bool = False):
    row = next((r for r in tc.triggers_of(relation.oid) if r.tgname == name), None)
    if row is None and not missing_ok:
        raise PgError(UNDEFINED_OBJECT, f'trigger "{name}" for table "{relation.name}" '
                      f'does not exist')
    return row


def execute_drop_triggers(node: dict) -> str:
    missing_ok = bool(node.get("missing_ok"))
    for obj in node.get("objects", []):
        names = _names(obj["List"]["items"])
        trigger_name, table_names = names[-1], names[:-1]
        range_var = {"relname": table_names[-1]}
        if len(table_names) > 1:
            range_var["schemaname"] = table_names[-2]
        relation = _open_relation(range_var, lock_modes.ACCESS_EXCLUSIVE, missing_ok)
        if relation is None:
            notices.emit("00000", f'relation "{".".join(table_names)}" does not exist, '
                                  f'skipping')
            continue
        row = _find(relation, trigger_name, missing_ok)
        if row is None:
            notices.emit("00000", f'trigger "{trigger_name}" for relation "{relation.name}" '
                                  f'does not exist, skipping')
            continue
        if row.tgisinternal:
            raise PgError("2BP01", f'cannot drop trigger {row.tgname} on table '
                          f'{relation.name} because constraint '
                          f'{_constraint_name(row.tgconstraint)} on table {relation.name} '
                          f'requires it',
                          hint=f"You can drop constraint {_constraint_name(row.tgconstraint)} "
                               f"on table {relation.name} instead.")
        if row.tgparentid:
            parent = tc.trigger_row(row.tgparentid)
            parent_table = cc.class_row(parent.tgrelid).relname if parent is not None else "?"
            raise PgError("2BP01", f"cannot drop trigger {row.tgname} on table {relation.name} "
                          f"because trigger {row.tgname} on table {parent_table} requires it",
                          hint=f"You can drop trigger {row.tgname} on table {parent_table} "
                               f"instead.")
        from pgsnake.catalog.dependency import ObjectAddress
        from pgsnake.commands import dependent_objects, partition_commands
        partition_commands.trigger_dropped(row.oid)          # and its clones
        # Through pg_depend as any DROP (what depends on it; event triggers' sql_drop).
        dependent_objects.drop_dependents([ObjectAddress(tc.PG_TRIGGER, row.oid)],
                                          node.get("behavior") == "DROP_CASCADE")
        tc.delete_trigger(row.oid)
        if row.tgconstraint:
            drop_trigger_constraint(row.tgconstraint)
        _done()
    return "DROP TRIGGER"


def rename_column_in_triggers(relation, attnum: int, new_name: str) -> None:
    """ALTER TABLE RENAME COLUMN: WHEN conditions are kept as text, so the ones naming
    the column are written again with its new name (PostgreSQL's node trees refer to
    columns by number and need nothing)."""
    import dataclasses
    from pgsnake.parser import raw_parser
    from pgsnake.parser.expression_nodes import Var
    from pgsnake.parser.expression_text import expression_text
    from pgsnake.parser.trigger_when import analyze_when
    from pgsnake.rewrite import tree_mapping
    changed = False
    for row in tc.triggers_of(relation.oid):
        if not row.tgqual:
            continue
        raw = raw_parser.parse_sql(f"SELECT {row.tgqual}")[0]
        node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
        expr = analyze_when(relation, node, raw.source)

        def rename(var, depth):
            if isinstance(var, Var) and var.attnum == attnum and var.levels_up == depth:
                return dataclasses.replace(var, column_name=new_name)
            return None
        text = expression_text(tree_mapping.map_expression(expr, rename), use_prefix=True)
        if text != row.tgqual:
            tc.update_trigger(row.oid, tgqual=text)
            changed = True
    if changed:
        _done()


def drop_trigger_constraint(oid: int) -> None:
    catalog_writes.delete_rows("pg_constraint", lambda r: r.oid == oid)
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == tc.PG_CONSTRAINT
                               and r.objid == oid)


def _constraint_name(oid: int) -> str:
    return next((r.conname for r in cc.scan_catalog("pg_constraint") if r.oid == oid), "?")


def rename_trigger(node: dict) -> str:
    """ALTER TRIGGER ... RENAME: a clone on a partition cannot be renamed by itself
    (XX000, as PostgreSQL's elog-level report); a partitioned table's row trigger takes
    its clones down the tree along (renametrig, renametrig_partition)."""
    relation = _open_relation(node["relation"], lock_modes.ACCESS_EXCLUSIVE)
    row = _find(relation, node["subname"])
    if row.tgparentid:
        parent = tc.trigger_row(row.tgparentid)
        parent_table = cc.class_row(parent.tgrelid).relname if parent is not None else "?"
        raise PgError("XX000", f'cannot rename trigger "{row.tgname}" on table '
                      f'"{relation.name}"', hint=f'Rename the trigger on the partitioned '
                      f'table "{parent_table}" instead.')
    _rename(relation, row, node["newname"])
    _done()
    return "ALTER TRIGGER"


def _rename(relation, row, new_name: str) -> None:
    if any(r.tgname == new_name and r.oid != row.oid for r in tc.triggers_of(relation.oid)):
        raise PgError(DUPLICATE_OBJECT, f'trigger "{new_name}" for relation '
                      f'"{relation.name}" already exists')
    tc.update_trigger(row.oid, tgname=new_name)
    if relation.relkind == "p" and row.tgtype & tc.TYPE_ROW:
        for child_oid in pb.children(relation.oid):
            clone = next((r for r in tc.triggers_of(child_oid) if r.tgparentid == row.oid),
                         None)
            child = cc.get_relation(child_oid)
            if clone is not None and child is not None:
                _rename(child, clone, new_name)


_ENABLE = {"AT_EnableTrig": "O", "AT_EnableAlwaysTrig": "A", "AT_EnableReplicaTrig": "R",
           "AT_DisableTrig": "D", "AT_EnableTrigAll": "O", "AT_DisableTrigAll": "D",
           "AT_EnableTrigUser": "O", "AT_DisableTrigUser": "D"}


def enable_disable(relation, cmd: dict, recurse: bool = True) -> bool:
    """ALTER TABLE [ONLY] ... ENABLE / DISABLE TRIGGER; False when `cmd` is something
    else. On a partitioned table a row trigger's clones on the partitions follow, down
    the tree, unless ONLY (even when the parent's state does not change: a clone's may
    differ)."""
    subtype = cmd["subtype"]
    state = _ENABLE.get(subtype)
    if state is None:
        return False
    name = None if subtype.endswith(("All", "User")) else cmd["name"]
    _set_enabled(relation, name, 0, state, subtype.endswith("User"), recurse)
    _done()
    return True


def _set_enabled(relation, name: str | None, parent_oid: int, state: str,
                 skip_system: bool, recurse: bool) -> None:
    """EnableDisableTrigger: the triggers of `relation` named `name` (None: all), or
    (parent_oid) the clones of that trigger."""
    found = False
    for row in list(tc.triggers_of(relation.oid)):
        if name is not None and row.tgname != name:
            continue
        if parent_oid and row.tgparentid != parent_oid:
            continue
        if row.tgisinternal and skip_system:
            continue
        found = True
        if row.tgenabled != state:
            tc.update_trigger(row.oid, tgenabled=state)
        if recurse and relation.relkind == "p" and row.tgtype & tc.TYPE_ROW:
            for child_oid in pb.children(relation.oid):
                child = cc.get_relation(child_oid)
                if child is not None:
                    _set_enabled(child, None, row.oid, state, skip_system, recurse)
    if name is not None and not found:
        raise PgError(UNDEFINED_OBJECT, f'trigger "{name}" for table "{relation.name}" '
                      f'does not exist')


def is_trigger_rename(node: dict) -> bool:
    return node.get("renameType") == "OBJECT_TRIGGER"


# ---------------------------------------------------------------------------------------
# SET CONSTRAINTS


def set_constraints(node: dict) -> str:
    if xact.needs_transaction_block():
        notices.emit("25P01", "SET CONSTRAINTS can only be used in transaction blocks",
                     severity="WARNING")
    deferred = bool(node.get("deferred"))
    if not node.get("constraints"):
        after_trigger_queue.set_constraints(None, deferred)
        return "SET CONSTRAINTS"
    oids = []
    for wrapped in node["constraints"]:
        range_var = wrapped["RangeVar"]
        name, schema = range_var["relname"], range_var.get("schemaname")
        spaces = [cc.get_namespace_oid(schema)] if schema else cc.search_path_namespaces()
        found = []
        for space in spaces:
            found = [r for r in cc.scan_catalog("pg_constraint")
                     if r.conname == name and r.connamespace == space]
            if found:
                break
        if not found:
            raise PgError(UNDEFINED_OBJECT, f'constraint "{name}" does not exist')
        for row in found:
            if not row.condeferrable:
                raise PgError(WRONG_OBJECT_TYPE,
                              f'constraint "{name}" is not deferrable')
            oids.append(row.oid)
    after_trigger_queue.set_constraints(oids, deferred)
    return "SET CONSTRAINTS"


utility_statement.register("CreateTrigStmt", "CREATE TRIGGER", execute_create_trigger)
utility_statement.register("ConstraintsSetStmt", "SET CONSTRAINTS",
                           lambda node, raw: set_constraints(node), read_only_ok=True)
