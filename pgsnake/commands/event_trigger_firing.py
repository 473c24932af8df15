"""Firing event triggers around DDL commands, and what their functions can ask.

Every utility statement the portal code runs passes through run_utility (registered
with executor/portal_query). When its command tag (event_trigger_tags.command_tag) is
one event triggers fire for:
  - ddl_command_start triggers run before the command;
  - while the command runs, the catalog rows it inserts or updates are noted
    (catalog_writes' row observer) and the objects DROP finds are noted with their
    identities before they go (dependent_objects calls note_dropped);
  - a table rewrite fires table_rewrite triggers first (table_rewrite calls
    table_rewrite_starting);
  - after the command, sql_drop triggers run if something was dropped, then
    ddl_command_end triggers.
Triggers run in name order; one is skipped when disabled (evtenabled 'D'), when its
evtenabled does not match session_replication_role ('O' fires unless the role is
replica, 'R' only under replica, 'A' always), or when its tag list does not name the
command. An error in a trigger function aborts the command (it is an ordinary error
of the statement). DDL that a command runs internally (through SPI) is part of the
command and fires nothing of its own; DDL an event trigger function runs fires again,
as in PostgreSQL.

pg_event_trigger_ddl_commands() lists the commands of the running statement: for a
CREATE, each object it made (a CREATE TABLE with serial and key columns gives CREATE
SEQUENCE, CREATE TABLE, CREATE INDEX, ALTER SEQUENCE rows, in PostgreSQL's order); for
an ALTER, COMMENT or REFRESH, the object changed; GRANT / REVOKE give one row with the
object type and no object. pg_event_trigger_dropped_objects() lists what a sql_drop
trigger's command dropped, newest deletion first; pg_event_trigger_table_rewrite_oid()
/ _reason() name the table being rewritten and why (bits: 1 persistence, 2 default
value, 4 column type, 8 access method). Outside their events they fail with 39P03 as
in PostgreSQL.

Entry points: run_utility(raw, execute) (portal_query), note_dropped(found)
(dependent_objects), table_rewrite_starting(oid, reason) (table_rewrite),
register_functions().

PostgreSQL: commands/event_trigger.c (EventTriggerDDLCommandStart /  End, EventTriggerSQLDrop,
EventTriggerTableRewrite, EventTriggerBeginCompleteQuery, EventTriggerCollect*,
pg_event_trigger_ddl_commands, pg_event_trigger_dropped_objects,
pg_event_trigger_table_rewrite_oid / _reason), tcop/utility.c (ProcessUtilitySlow).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, object_identities
from pgsnake.catalog import definitions as d
from pgsnake.commands import event_trigger_tags
from pgsnake.executor import portal_query
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import PgError

PROTOCOL_VIOLATED = "39P03"
PG_PROC, PG_TYPE, PG_NAMESPACE, PG_TRIGGER, PG_POLICY = 1255, 1247, 2615, 2620, 3256
PG_EXTENSION, PG_REWRITE, PG_DESCRIPTION = 3079, 2618, 2609
OID, INT4, TEXT, BOOL, TEXT_ARRAY = 26, 23, 25, 16, 1009
# The command column is pg_ddl_command (oid 32): a pseudo-type whose values (an opaque
# handle on the command) only C functions can read; displaying one is refused, as
# pseudotypes.c does. pgsnake hands out a DdlCommand naming the row's command.
DDL_COMMAND = 32


class DdlCommand:
    """A pg_ddl_command value: not NULL, not displayable."""
    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag


def _refuse_display(*_args):
    raise PgError("0A000", "cannot display a value of type pg_ddl_command")


def _register_ddl_command_type() -> None:
    from pgsnake.datatypes import registry
    from pgsnake.datatypes.type_info import TypeInfo
    try:
        registry.get_type(DDL_COMMAND)
        return
    except PgError:
        pass
    info = TypeInfo(DDL_COMMAND, "pg_ddl_command", 8, True, "d", "P", False, 0, 0,
                    "pg_ddl_command")
    info.input = info.output = info.send = info.receive = _refuse_display
    registry.register_type(info)
# pg_event_trigger_table_rewrite_reason's bits (AT_REWRITE_*)
REWRITE_PERSISTENCE, REWRITE_DEFAULT, REWRITE_COLUMN, REWRITE_ACCESS_METHOD = 1, 2, 4, 8

# The catalog each kind of object is made in, and its class id.
_CATALOG_CLASSES = {"pg_class": d.PG_CLASS_OID, "pg_proc": PG_PROC, "pg_type": PG_TYPE,
                    "pg_namespace": PG_NAMESPACE, "pg_trigger": PG_TRIGGER,
                    "pg_policy": PG_POLICY, "pg_extension": PG_EXTENSION,
                    "pg_rewrite": PG_REWRITE, "pg_operator": 2617, "pg_cast": 2605}
# The catalog the object of "ALTER <words>" / "CREATE <words>" lives in.
_CATALOG_OF_WORDS = {"TABLE": "pg_class", "INDEX": "pg_class", "SEQUENCE": "pg_class",
                     "VIEW": "pg_class", "MATERIALIZED VIEW": "pg_class",
                     "TABLE AS": "pg_class", "FOREIGN TABLE": "pg_class",
                     "FUNCTION": "pg_proc", "PROCEDURE": "pg_proc", "ROUTINE": "pg_proc",
                     "AGGREGATE": "pg_proc", "TYPE": "pg_type", "DOMAIN": "pg_type",
                     "SCHEMA": "pg_namespace", "TRIGGER": "pg_trigger",
                     "POLICY": "pg_policy", "EXTENSION": "pg_extension",
                     "RULE": "pg_rewrite", "OPERATOR": "pg_operator", "CAST": "pg_cast"}
_RELATION_CREATE_TAGS = {"S": "CREATE SEQUENCE", "i": "CREATE INDEX", "I": "CREATE INDEX",
                         "v": "CREATE VIEW", "m": "CREATE MATERIALIZED VIEW"}
# Catalogs whose objects have a schema of their own (the others' schema_name is NULL).
_NAMESPACED = {d.PG_CLASS_OID, PG_PROC, PG_TYPE, 2617}
# Dropped triggers and policies report their table's schema, where pg_identify_object
# gives none (rules report none in both; checked on PostgreSQL 15).
_SCHEMA_FROM_TABLE = {2620, 3256}      # pg_trigger, pg_policy


@dataclasses.dataclass(slots=True)
class DroppedObject:
    classid: int
    objid: int
    subid: int
    original: bool
    normal: bool
    identity: object_identities.ObjectIdentity | None


@dataclasses.dataclass(slots=True)
class _QueryState:
    """EventTriggerQueryState: one running DDL command."""
    tag: str
    node_kind: str
    node: dict
    track: bool                              # sql_drop / end / rewrite triggers exist
    rows: list = dataclasses.field(default_factory=list)   # (catalog, row, inserted)
    dropped: list = dataclasses.field(default_factory=list)
    in_sql_drop: bool = False
    rewrite: tuple[int, int] | None = None
    executed: bool = False                   # the command has run (ddl_command_end)


_states: list[_QueryState] = []
_internal_depth = 0      # > 0 while a command runs: its own SPI statements fire nothing


# -- which triggers fire ------------------------------------------------------------------

def _enabled(row) -> bool:
    if row.evtenabled in ("A", "D"):
        return row.evtenabled == "A"
    replica = settings.get("session_replication_role") == "replica"
    return (row.evtenabled == "R") == replica


def _triggers(event: str, tag: str, rows=None) -> list:
    rows = cc.scan_catalog("pg_event_trigger") if rows is None else rows
    return sorted((r for r in rows if r.evtevent == event and _enabled(r)
                   and (r.evttags is None or tag in r.evttags)), key=lambda r: r.evtname)


def _fire(event: str, tag: str) -> None:
    from pgsnake.pl import event_trigger_call
    global _internal_depth
    for row in _triggers(event, tag):
        saved, _internal_depth = _internal_depth, 0
        try:
            event_trigger_call.call(row.evtfoid, event, tag)
        finally:
            _internal_depth = saved
        xact.command_counter_increment()


# -- the hook around utility statements -------------------------------------------------

def run_utility(raw, execute):
    """Run a utility statement (`execute()`), firing the event triggers around it."""
    global _internal_depth
    tag = event_trigger_tags.command_tag(raw.kind, raw.node[raw.kind])
    if _internal_depth or tag not in event_trigger_tags.EVENT_TRIGGER_TAGS:
        return execute()
    if not process_state.database_oid:
        return execute()          # no database (in-process tools): no event triggers
    rows = cc.scan_catalog("pg_event_trigger")
    if not rows:
        return execute()
    # The query state exists from before ddl_command_start when triggers of the later
    # events exist (EventTriggerBeginCompleteQuery): only then may a start trigger call
    # pg_event_trigger_ddl_commands() (and it lists nothing yet).
    track = any(r.evtevent in ("ddl_command_end", "sql_drop", "table_rewrite") for r in rows)
    state = _QueryState(tag, raw.kind, raw.node[raw.kind], track)
    if track:
        _states.append(state)
    try:
        _fire("ddl_command_start", tag)
        _internal_depth += 1
        try:
            result = execute()
        finally:
            _internal_depth -= 1
        if not track:
            return result
        state.executed = True
        if state.dropped and _triggers("sql_drop", tag):
            state.in_sql_drop = True
            try:
                _fire("sql_drop", tag)
            finally:
                state.in_sql_drop = False
        if _triggers("ddl_command_end", tag):
            _fire("ddl_command_end", tag)
    finally:
        if track:
            _states.pop()
    return result


def _observe(catalog: str, row, inserted: bool) -> None:
    if _states and _states[-1].track and (catalog in _CATALOG_CLASSES or catalog in (
            "pg_description", "pg_constraint")):
        _states[-1].rows.append((catalog, row, inserted))


def note_dropped(found) -> None:
    """dependent_objects' deletion list (Found items, in deletion order), before the
    objects go: their identities, for pg_event_trigger_dropped_objects."""
    if not _states or not _states[-1].track:
        return
    from pgsnake.commands import dependent_objects
    state = _states[-1]
    for item in found:
        address = item.address
        if address.subid:
            continue            # a column dropped with its relation is not reported
        state.dropped.insert(0, DroppedObject(
            address.classid, address.objid, address.subid,
            dependent_objects.ORIGINAL in item.flags, "n" in item.flags,
            object_identities.describe(address.classid, address.objid, address.subid)))


def table_rewrite_starting(relation_oid: int, reason: int) -> None:
    """EventTriggerTableRewrite: table_rewrite triggers, before the rewrite."""
    if not _states or not _states[-1].track:
        return
    state = _states[-1]
    if state.tag not in event_trigger_tags.TABLE_REWRITE_TAGS or \
            not _triggers("table_rewrite", state.tag):
        return
    saved_rewrite, state.rewrite = state.rewrite, (relation_oid, reason)
    try:
        _fire("table_rewrite", state.tag)
    finally:
        state.rewrite = saved_rewrite


# -- pg_event_trigger_ddl_commands --------------------------------------------------------

def _command_row(tag: str, classid: int, objid: int, subid: int = 0):
    found = object_identities.describe(classid, objid, subid)
    if found is None:
        return None
    schema = found.schema if classid in _NAMESPACED else None
    object_type = found.type
    return (classid, objid, subid, tag, object_type, schema, found.identity, False,
            DdlCommand(tag))


def _created_commands(state: _QueryState) -> list:
    seen: set[tuple[str, int]] = set()
    sequences, relations, indexes, others = [], [], [], []
    words = state.tag.removeprefix("CREATE ")
    wanted = _CATALOG_OF_WORDS.get(words)
    for catalog, row, inserted in state.rows:
        if catalog not in _CATALOG_CLASSES or (catalog, row.oid) in seen or (
                not inserted and catalog != "pg_proc"):     # CREATE OR REPLACE updates
            continue
        seen.add((catalog, row.oid))
        if catalog == "pg_class":
            if cc.namespace_name(row.relnamespace) == "pg_toast" or row.relkind in ("t", "c"):
                continue
            if row.relkind == "S":
                sequences.append(row.oid)
            elif row.relkind in ("i", "I"):
                indexes.append(row.oid)
            elif wanted == "pg_class":
                relations.append((_RELATION_CREATE_TAGS.get(row.relkind, state.tag), row.oid))
        elif catalog == wanted and not _is_implicit(catalog, row):
            others.append((catalog, row.oid))
    commands = []
    if state.tag == "CREATE SEQUENCE":
        relations, sequences = [(state.tag, oid) for oid in sequences], []
    if state.tag == "CREATE INDEX":
        relations, indexes = [(state.tag, oid) for oid in indexes], []
    commands += [_command_row("CREATE SEQUENCE", d.PG_CLASS_OID, oid) for oid in sequences]
    commands += [_command_row(tag, d.PG_CLASS_OID, oid) for tag, oid in relations]
    commands += [_command_row(state.tag, _CATALOG_CLASSES[c], oid) for c, oid in others]
    commands += [_command_row("CREATE INDEX", d.PG_CLASS_OID, oid) for oid in indexes]
    # Foreign keys of a new table are added by one ALTER TABLE after it (transformCreateStmt)
    with_foreign_keys = {row.conrelid for catalog, row, _inserted in state.rows
                         if catalog == "pg_constraint" and row.contype == "f"}
    commands += [_command_row("ALTER TABLE", d.PG_CLASS_OID, oid) for tag, oid in relations
                 if tag == "CREATE TABLE" and oid in with_foreign_keys]
    if state.tag == "CREATE TABLE":
        commands += [_command_row("ALTER SEQUENCE", d.PG_CLASS_OID, oid) for oid in sequences]
    return [c for c in commands if c is not None]


def _is_implicit(catalog: str, row) -> bool:
    """Rows made along with the object the command is about: array and row types,
    internal triggers."""
    if catalog == "pg_type":
        return bool(row.typrelid) or (row.typcategory == "A" and bool(row.typelem))
    if catalog == "pg_trigger":
        return bool(row.tgisinternal)
    return False


def _relation_target(state: _QueryState) -> tuple[int, int, int] | None:
    relation = state.node.get("relation")
    if not isinstance(relation, dict):
        return None
    name = relation.get("relname")
    if state.node_kind == "RenameStmt" and state.node.get("renameType") in (
            "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_INDEX", "OBJECT_SEQUENCE",
            "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"):
        name = state.node["newname"]
    oid = cc.lookup_relation_oid(name, relation.get("schemaname"))
    if oid is None:
        return None
    if state.node_kind == "RenameStmt" and state.node.get("renameType") == "OBJECT_COLUMN":
        attribute = next((a for a in cc.attribute_rows(oid)
                          if a.attname == state.node["newname"]), None)
        if attribute is not None:
            return (d.PG_CLASS_OID, oid, attribute.attnum)
    return (d.PG_CLASS_OID, oid, 0)


def _altered_commands(state: _QueryState) -> list:
    tag = state.tag
    if tag in ("GRANT", "REVOKE"):
        words = event_trigger_tags.object_words(state.node.get("objtype", "OBJECT_TABLE"))
        return [(None, None, None, tag, words, None, None, False, DdlCommand(tag))]
    if tag == "COMMENT":
        row = next((r for c, r, _i in state.rows if c == "pg_description"), None)
        target = (row.classoid, row.objoid, row.objsubid) if row is not None else None
    else:
        target = _relation_target(state)
        if target is None:
            words = tag.split(" ", 1)[1] if " " in tag else ""
            catalog = _CATALOG_OF_WORDS.get(words)
            row = next((r for c, r, _i in state.rows if c == catalog), None)
            target = (_CATALOG_CLASSES[catalog], row.oid, 0) if row is not None else None
    if target is None:
        return []
    command = _command_row(tag, *target)
    return [command] if command is not None else []


def ddl_commands():
    if not _states:
        raise PgError(PROTOCOL_VIOLATED, "pg_event_trigger_ddl_commands() can only be "
                      "called in an event trigger function")
    state = _states[-1]
    if not state.executed or state.tag.startswith("DROP ") or state.tag == "DROP OWNED":
        return iter(())
    if state.tag.startswith("CREATE ") or state.tag == "SELECT INTO":
        if state.tag == "SELECT INTO":
            state.tag, tag = "CREATE TABLE AS", state.tag
            try:
                rows = _created_commands(state)
            finally:
                state.tag = tag
            return iter([(r[:3] + (tag,) + r[4:]) for r in rows])
        return iter(_created_commands(state))
    return iter(_altered_commands(state))


# -- pg_event_trigger_dropped_objects and the table_rewrite functions ----------------------

def dropped_objects():
    if not _states or not _states[-1].in_sql_drop:
        raise PgError(PROTOCOL_VIOLATED, "pg_event_trigger_dropped_objects() can only be "
                      "called in a sql_drop event trigger function")
    for item in _states[-1].dropped:
        found = item.identity
        if found is None:
            yield (item.classid, item.objid, item.subid, item.original, item.normal, False,
                   None, None, None, None, None, None)
            continue
        schema = found.schema
        if schema is None and item.classid in _SCHEMA_FROM_TABLE and found.address_names:
            schema = found.address_names[0]
        temporary = (schema or "").startswith("pg_temp")
        yield (item.classid, item.objid, item.subid, item.original, item.normal, temporary,
               found.type, schema, found.name, found.identity, found.address_names,
               found.address_args)


def _rewrite_state(function: str) -> tuple[int, int]:
    if not _states or _states[-1].rewrite is None:
        raise PgError(PROTOCOL_VIOLATED, f"{function}() can only be called in a "
                      f"table_rewrite event trigger function")
    return _states[-1].rewrite


def register_functions() -> None:
    from pgsnake.datatypes import functions
    _register_ddl_command_type()
    functions.register("pg_event_trigger_ddl_commands", [], 2249, ddl_commands, oid=4568,
                       volatility="s", returns_set=True, rows=100, out_columns=[
                           ("classid", OID), ("objid", OID), ("objsubid", INT4),
                           ("command_tag", TEXT), ("object_type", TEXT),
                           ("schema_name", TEXT), ("object_identity", TEXT),
                           ("in_extension", BOOL), ("command", DDL_COMMAND)])
    functions.register("pg_event_trigger_dropped_objects", [], 2249, dropped_objects,
                       oid=3566, volatility="s", returns_set=True, rows=100, out_columns=[
                           ("classid", OID), ("objid", OID), ("objsubid", INT4),
                           ("original", BOOL), ("normal", BOOL), ("is_temporary", BOOL),
                           ("object_type", TEXT), ("schema_name", TEXT),
                           ("object_name", TEXT), ("object_identity", TEXT),
                           ("address_names", TEXT_ARRAY), ("address_args", TEXT_ARRAY)])
    functions.register("pg_event_trigger_table_rewrite_oid", [], OID,
                       lambda: _rewrite_state("pg_event_trigger_table_rewrite_oid")[0],
                       oid=4566, volatility="s")
    functions.register("pg_event_trigger_table_rewrite_reason", [], INT4,
                       lambda: _rewrite_state("pg_event_trigger_table_rewrite_reason")[1],
                       oid=4567, volatility="s")


portal_query.register_utility_wrapper(run_utility)
catalog_writes.set_row_observer(_observe)
register_functions()
