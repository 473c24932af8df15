"""pg_trigger: storing triggers, reading them per table, and printing them back.

A trigger is one pg_trigger row. Its tgtype packs when and on what it fires in
PostgreSQL's bits (ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32,
INSTEAD 64; AFTER and STATEMENT are the absence of BEFORE/INSTEAD and ROW); tgattr
lists the columns of UPDATE OF; tgargs holds the arguments, each followed by a zero
byte; tgqual is the WHEN condition, stored as SQL text with its Vars prefixed old. /
new. (pgsnake keeps expressions as text: catalog README, where we differ). The table
gets relhastriggers = true and, as in PostgreSQL, keeps it after its last trigger goes
(VACUUM would clear it there).

pg_depend: a trigger depends automatically ('a') on its table and normally ('n') on its
function and on each column its UPDATE OF list or WHEN condition names; an internal
trigger of a constraint depends internally ('i') on the constraint (a CONSTRAINT
TRIGGER's own constraint depends internally on the trigger instead).

Triggers of a table are cached per backend in name order (the order they fire in),
dropped with every other catalog cache.

Entry points: triggers_of(table oid), trigger_row(oid), insert_trigger(...),
delete_trigger(oid), drop_table_triggers(table oid), update_trigger(oid, **columns),
trigger_definition(oid, pretty), register_all() (pg_get_triggerdef; from
sql_functions.register_all).

PostgreSQL: catalog/pg_trigger.h, commands/trigger.c (CreateTriggerFiringOn's catalog
part, RemoveTriggerById), utils/adt/ruleutils.c (pg_get_triggerdef_worker).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import dependency
from pgsnake.catalog import definitions as d

TriggerRow = d.row_class("pg_trigger")

TYPE_ROW = 1
TYPE_BEFORE = 2
TYPE_INSERT = 4
TYPE_DELETE = 8
TYPE_UPDATE = 16
TYPE_TRUNCATE = 32
TYPE_INSTEAD = 64

PG_TRIGGER = 2620
PG_PROC = 1255
PG_CLASS = 1259
PG_CONSTRAINT = 2606

_by_table: dict[int, tuple] | None = None
_by_oid: dict[int, TriggerRow] | None = None


def _reset() -> None:
    global _by_table, _by_oid
    _by_table = _by_oid = None


invalidation.add_cache_reset(_reset, (2620,))           # pg_trigger


def _load() -> None:
    global _by_table, _by_oid
    if _by_table is not None:
        return
    rows = cc.scan_catalog("pg_trigger")
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.tgrelid, []).append(row)
    # Triggers of one kind fire in name order (strcmp, hence bytes).
    _by_table = {oid: tuple(sorted(group, key=lambda r: r.tgname.encode()))
                 for oid, group in grouped.items()}
    _by_oid = {row.oid: row for row in rows}


def triggers_of(table_oid: int) -> tuple:
    """The table's pg_trigger rows, in firing (name) order."""
    _load()
    return _by_table.get(table_oid, ())


def trigger_row(oid: int):
    _load()
    return _by_oid.get(oid)


def insert_trigger(oid: int, table_oid: int, name: str, function_oid: int, tgtype: int, *,
                   args: list[str] = (), columns: list[int] = (), qual: str | None = None,
                   qual_columns: list[int] = (), internal: bool = False,
                   constraint_oid: int = 0, constrained_table: int = 0,
                   constraint_index: int = 0, deferrable: bool = False,
                   initially_deferred: bool = False, old_table: str | None = None,
                   new_table: str | None = None, enabled: str = "O",
                   replace: bool = False) -> None:
    """Write the pg_trigger row, its pg_depend rows, and relhastriggers. `replace`:
    CREATE OR REPLACE of trigger `oid`, whose row is updated in place (its OID, and so
    its comment, stay) and whose dependencies are recorded again."""
    encoded = b"".join(a.encode() + b"\x00" for a in args)
    values = dict(tgrelid=table_oid, tgparentid=0, tgname=name,
                  tgfoid=function_oid, tgtype=tgtype, tgenabled=enabled, tgisinternal=internal,
                  tgconstrrelid=constrained_table, tgconstrindid=constraint_index,
                  tgconstraint=constraint_oid, tgdeferrable=deferrable,
                  tginitdeferred=initially_deferred, tgnargs=len(args), tgattr=list(columns),
                  tgargs=encoded, tgqual=qual, tgoldtable=old_table, tgnewtable=new_table)
    if replace:
        catalog_writes.update_rows("pg_trigger", lambda r: r.oid == oid, key=("oid", oid), **values)
        catalog_writes.delete_rows("pg_depend",
                                   lambda r: r.classid == PG_TRIGGER and r.objid == oid,
                                   key=("objid", oid))
    else:
        catalog_writes.insert_row("pg_trigger", d.row_values("pg_trigger", oid=oid, **values))
    trigger = dependency.ObjectAddress(PG_TRIGGER, oid)
    if internal and constraint_oid:
        dependency.record(trigger, dependency.ObjectAddress(PG_CONSTRAINT, constraint_oid),
                          dependency.INTERNAL)
    else:
        dependency.record(trigger, dependency.ObjectAddress(PG_PROC, function_oid),
                          dependency.NORMAL)
        dependency.record(trigger, dependency.relation(table_oid), dependency.AUTO)
        for attnum in list(columns) + list(qual_columns):
            dependency.record(trigger, dependency.column(table_oid, attnum), dependency.NORMAL)
    row = cc.class_row(table_oid)
    if row is not None and not row.relhastriggers:
        catalog_writes.update_rows("pg_class", lambda r: r.oid == table_oid, key=("oid", table_oid),
                                   relhastriggers=True)
    invalidation.note_catalog_change()


def update_trigger(oid: int, **columns) -> None:
    catalog_writes.update_rows("pg_trigger", lambda r: r.oid == oid, key=("oid", oid), **columns)
    invalidation.note_catalog_change()


def delete_trigger(oid: int) -> None:
    from pgsnake.catalog import comments
    comments.delete_comments(oid, PG_TRIGGER)
    catalog_writes.delete_rows("pg_trigger", lambda r: r.oid == oid, key=("oid", oid))
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_TRIGGER and r.objid == oid,
                               key=("objid", oid))
    invalidation.note_catalog_change()


def drop_table_triggers(table_oid: int) -> None:
    """DROP TABLE: its triggers go with it (their automatic dependency)."""
    # Its own triggers, and those its foreign keys put on the tables they reference
    # (read from the catalog, not the cache: a drop must find every row).
    own_keys = sorted(c.oid for c in cc.scan_catalog("pg_constraint",
                                                     key=("conrelid", table_oid))
                      if c.contype == "f")
    found = {r.oid: r for r in cc.scan_catalog("pg_trigger", key=("tgrelid", table_oid))}
    for key in own_keys:
        found.update((r.oid, r) for r in cc.scan_catalog("pg_trigger",
                                                         key=("tgconstraint", key)))
    doomed = sorted(found.values(), key=lambda r: r.oid)
    for row in doomed:
        delete_trigger(row.oid)
        if row.tgconstraint and not row.tgisinternal:
            # a CONSTRAINT TRIGGER's constraint (the table drops the row itself)
            catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_CONSTRAINT
                                       and r.objid == row.tgconstraint,
                                       key=("objid", row.tgconstraint))


# ---------------------------------------------------------------------------------------
# A foreign key's internal triggers (RI triggers)

# confdeltype / confupdtype -> the referenced side's trigger function (pg_proc names)
_ACTION_FUNCTIONS = {"a": "noaction", "r": "restrict", "c": "cascade", "n": "setnull",
                     "d": "setdefault"}
RI_FUNCTION_PREFIX = "RI_FKey_"


def _ri_function(name: str) -> int:
    from pgsnake.catalog.lookup_functions import function_with_args
    return function_with_args(["pg_catalog", RI_FUNCTION_PREFIX + name], [])


def add_foreign_key_triggers(constraint_oid: int, child_oid: int, parent_oid: int,
                             index_oid: int, delete_action: str, update_action: str,
                             deferrable: bool, initially_deferred: bool,
                             sides: str = "ac") -> None:
    """The four triggers PostgreSQL makes for a foreign key, in its order: on the
    referenced table, AFTER DELETE and AFTER UPDATE running the constraint's actions
    (only NO ACTION ones are deferrable); on the referencing table, AFTER INSERT and
    AFTER UPDATE checking the new key. Named RI_ConstraintTrigger_{a|c}_<trigger oid>,
    internal, depending on the constraint (createForeignKeyActionTriggers,
    createForeignKeyCheckTriggers). `sides`: "a" the action triggers only, "c" the check
    triggers only (a partitioned foreign key's clones: commands/partition_foreign_keys.py)."""
    from pgsnake.access.transam import transaction_ids
    plan = []
    for action, event, suffix in ((delete_action, TYPE_DELETE, "del"),
                                  (update_action, TYPE_UPDATE, "upd")):
        is_no_action = action == "a"
        plan.append(("a", parent_oid, child_oid, event,
                     f"{_ACTION_FUNCTIONS[action]}_{suffix}",
                     deferrable and is_no_action, initially_deferred and is_no_action))
    plan.append(("c", child_oid, parent_oid, TYPE_INSERT, "check_ins", deferrable,
                 initially_deferred))
    plan.append(("c", child_oid, parent_oid, TYPE_UPDATE, "check_upd", deferrable,
                 initially_deferred))
    for side, table, other, event, function, can_defer, deferred in plan:
        if side not in sides:
            continue
        oid = transaction_ids.get_new_oid()
        insert_trigger(oid, table, f"RI_ConstraintTrigger_{side}_{oid}", _ri_function(function),
                       TYPE_ROW | event, internal=True, constraint_oid=constraint_oid,
                       constrained_table=other, constraint_index=index_oid,
                       deferrable=can_defer, initially_deferred=deferred)


def drop_constraint_triggers(constraint_oid: int) -> None:
    """The internal triggers of a constraint being dropped (read from the catalog, not
    the cache: a drop must find every row)."""
    for row in cc.scan_catalog("pg_trigger"):
        if row.tgconstraint == constraint_oid:
            delete_trigger(row.oid)


# ---------------------------------------------------------------------------------------
# A deferrable PRIMARY KEY / UNIQUE / EXCLUDE constraint's recheck trigger

UNIQUE_KEY_RECHECK = 1250      # pg_proc: unique_key_recheck()


def add_unique_recheck_trigger(constraint_oid: int, table_oid: int, index_oid: int,
                               primary: bool, initially_deferred: bool) -> None:
    """The internal AFTER INSERT OR UPDATE row trigger PostgreSQL gives a DEFERRABLE
    unique, primary key or exclusion constraint (index_constraint_create): named
    PK_ConstraintTrigger_<oid> or Unique_ConstraintTrigger_<oid>, deferrable as the
    constraint, depending on it. The executor queues its recheck events itself
    (executor/unique_recheck.py) for the rows whose index entry may conflict."""
    from pgsnake.access.transam import transaction_ids
    oid = transaction_ids.get_new_oid()
    label = "PK" if primary else "Unique"
    insert_trigger(oid, table_oid, f"{label}_ConstraintTrigger_{oid}", UNIQUE_KEY_RECHECK,
                   TYPE_ROW | TYPE_INSERT | TYPE_UPDATE, internal=True,
                   constraint_oid=constraint_oid, constraint_index=index_oid,
                   deferrable=True, initially_deferred=initially_deferred)


def is_unique_recheck(row) -> bool:
    return row.tgfoid == UNIQUE_KEY_RECHECK


def is_ri_trigger(row) -> bool:
    return row.tgisinternal and row.tgconstraint != 0 and row.tgname.startswith("RI_")


def arguments(row) -> list[str]:
    """tgargs split back into its arguments."""
    data = bytes(row.tgargs or b"")
    return [part.decode() for part in data.split(b"\x00")[:row.tgnargs]]


# ---------------------------------------------------------------------------------------
# pg_get_triggerdef

_EVENTS = ((TYPE_INSERT, "INSERT"), (TYPE_DELETE, "DELETE"), (TYPE_UPDATE, "UPDATE"),
           (TYPE_TRUNCATE, "TRUNCATE"))


def _literal(text: str) -> str:
    if "\\" in text:
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + text.replace("'", "''") + "'"


def timing_name(tgtype: int) -> str:
    if tgtype & TYPE_BEFORE:
        return "BEFORE"
    return "INSTEAD OF" if tgtype & TYPE_INSTEAD else "AFTER"


def trigger_definition(oid: int, pretty: bool = False) -> str | None:
    row = trigger_row(oid)
    if row is None:
        return None
    quote = cc.quote_identifier
    table = cc.class_row(row.tgrelid)
    if table is None:
        return None
    if pretty and table.relnamespace in cc.search_path_namespaces():
        table_name = quote(table.relname)
    else:
        table_name = f"{quote(cc.namespace_name(table.relnamespace))}.{quote(table.relname)}"
    parts = ["CREATE CONSTRAINT TRIGGER" if row.tgconstraint else "CREATE TRIGGER",
             quote(row.tgname), timing_name(row.tgtype)]
    events = []
    for bit, word in _EVENTS:
        if row.tgtype & bit:
            if bit == TYPE_UPDATE and row.tgattr:
                names = {a.attnum: a.name for a in cc.get_relation(row.tgrelid).attributes}
                word += " OF " + ", ".join(quote(names[n]) for n in row.tgattr)
            events.append(word)
    parts.append(" OR ".join(events))
    parts += ["ON", table_name]
    if row.tgconstraint:
        if row.tgconstrrelid:
            parts += ["FROM", cc.relation_display_name(row.tgconstrrelid)]
        if not row.tgdeferrable:
            parts.append("NOT")
        parts.append("DEFERRABLE INITIALLY")
        parts.append("DEFERRED" if row.tginitdeferred else "IMMEDIATE")
    if row.tgoldtable or row.tgnewtable:
        parts.append("REFERENCING")
        if row.tgoldtable:
            parts += ["OLD TABLE AS", quote(row.tgoldtable)]
        if row.tgnewtable:
            parts += ["NEW TABLE AS", quote(row.tgnewtable)]
    parts.append("FOR EACH ROW" if row.tgtype & TYPE_ROW else "FOR EACH STATEMENT")
    if row.tgqual:
        qual = row.tgqual
        if pretty and qual.startswith("(") and qual.endswith(")"):
            qual = qual[1:-1]
        parts.append(f"WHEN ({qual})")
    from pgsnake.catalog.lookup_functions import proc_row
    function = proc_row(row.tgfoid)
    function_name = quote(function.proname) if function is not None else str(row.tgfoid)
    if function is not None and function.pronamespace not in cc.search_path_namespaces():
        function_name = f"{quote(cc.namespace_name(function.pronamespace))}.{function_name}"
    args = ", ".join(_literal(a) for a in arguments(row))
    parts.append(f"EXECUTE FUNCTION {function_name}({args})")
    return " ".join(parts)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_get_triggerdef", [26], 25, trigger_definition, oid=1662,
                       volatility="s")
    functions.register("pg_get_triggerdef", [26, 16], 25, trigger_definition, oid=2730,
                       volatility="s")
