"""CREATE / ALTER / DROP EVENT TRIGGER: the pg_event_trigger rows.

CREATE EVENT TRIGGER name ON event [WHEN TAG IN ('...', ...)] EXECUTE FUNCTION f()
checks, in PostgreSQL's order: the user is a superuser (42501), the event is one of
ddl_command_start, ddl_command_end, sql_drop, table_rewrite (42601), the only filter
variable is TAG, given once (42601), every tag is a command tag (42601) for which event
triggers fire (0A000; for table_rewrite only ALTER TABLE and ALTER TYPE), the name is
free (42710), the function exists (42883) and returns event_trigger (42P17). The row
keeps the tags upper-cased, evtenabled 'O', the current user as owner; pg_depend
records the function (normal) and pg_shdepend the owner.

ALTER EVENT TRIGGER name ENABLE [REPLICA | ALWAYS] / DISABLE sets evtenabled (O / R / A
/ D); ... RENAME TO, ... OWNER TO (the new owner must be a superuser); DROP EVENT
TRIGGER [IF EXISTS] name [, ...] [CASCADE | RESTRICT] (through dependent_objects, so
DROP FUNCTION of an event trigger's function refuses with 2BP01 or cascades). All but
CREATE need ownership ("must be owner of event trigger e").

Entry points: the registered statements (CreateEventTrigStmt, AlterEventTrigStmt),
execute_drop(node) (DropStmt), rename(node) (RenameStmt), alter_owner(node)
(AlterOwnerStmt), remove_event_trigger_row(oid) (dependent_objects), event_trigger_row
(name).

PostgreSQL: commands/event_trigger.c (CreateEventTrigger, validate_ddl_tags,
validate_table_rewrite_tags, AlterEventTrigger, AlterEventTriggerOwner,
RemoveEventTriggerById, get_event_trigger_oid), commands/alter.c (rename).
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import acl
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.catalog.dependency import NORMAL, ObjectAddress, record
from pgsnake.catalog.lookup_functions import function_with_args, proc_row
from pgsnake.commands import event_trigger_tags, utility_statement
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import PgError

PG_EVENT_TRIGGER_OID, PG_PROC_OID = 3466, 1255
EVENT_TRIGGER_TYPE = 3838
EVENTS = ("ddl_command_start", "ddl_command_end", "sql_drop", "table_rewrite")


def event_trigger_row(name: str):
    return next((r for r in cc.scan_catalog("pg_event_trigger") if r.evtname == name), None)


def _current_user() -> int:
    return process_state.user_oid or d.BOOTSTRAP_SUPERUSER


def _existing(name: str):
    row = event_trigger_row(name)
    if row is None:
        raise PgError("42704", f'event trigger "{name}" does not exist')
    return row


def _check_owner(row) -> None:
    """pg_event_trigger_ownercheck."""
    user = _current_user()
    if not acl.is_superuser(user) and not acl.has_privs_of_role(user, row.evtowner):
        raise PgError("42501", f"must be owner of event trigger {row.evtname}")


def _changed() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _tags(node: dict, event: str) -> list[str] | None:
    tags = None
    for item in node.get("whenclause") or ():
        element = item["DefElem"]
        if element["defname"] != "tag":
            raise PgError("42601", f'unrecognized filter variable "{element["defname"]}"')
        if tags is not None:
            raise PgError("42601", 'filter variable "tag" specified more than once')
        tags = [s["String"]["sval"] for s in element["arg"]["List"]["items"]]
    if tags is None:
        return None
    for tag in tags:
        upper = tag.upper()
        if event == "table_rewrite":
            if upper not in event_trigger_tags.TABLE_REWRITE_TAGS:
                raise PgError("0A000", f"event triggers are not supported for {tag}")
        elif upper not in event_trigger_tags.ALL_TAGS:
            raise PgError("42601", f'filter value "{tag}" not recognized for filter '
                          f'variable "tag"')
        elif upper not in event_trigger_tags.EVENT_TRIGGER_TAGS:
            raise PgError("0A000", f"event triggers are not supported for {tag}")
    return [tag.upper() for tag in tags]


def create_event_trigger(node: dict, raw=None) -> str:
    name = node["trigname"]
    if not acl.is_superuser(_current_user()):
        raise PgError("42501", f'permission denied to create event trigger "{name}"',
                      hint="Must be superuser to create an event trigger.")
    event = node["eventname"]
    if event not in EVENTS:
        raise PgError("42601", f'unrecognized event name "{event}"')
    tags = _tags(node, event)
    if event_trigger_row(name) is not None:
        raise PgError("42710", f'event trigger "{name}" already exists')
    function_names = [s["String"]["sval"] for s in node["funcname"]]
    function_oid = function_with_args(function_names, [])
    if function_oid is None:
        raise PgError("42883", f'function {".".join(function_names)}() does not exist')
    if proc_row(function_oid).prorettype != EVENT_TRIGGER_TYPE:
        raise PgError("42P17", f"function {'.'.join(function_names)} must return type "
                      f"event_trigger")
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_event_trigger", d.row_values(
        "pg_event_trigger", oid=oid, evtname=name, evtevent=event, evtowner=_current_user(),
        evtfoid=function_oid, evtenabled="O", evttags=tags))
    record(ObjectAddress(PG_EVENT_TRIGGER_OID, oid), ObjectAddress(PG_PROC_OID, function_oid),
           NORMAL)
    _changed()
    return "CREATE EVENT TRIGGER"


def alter_event_trigger(node: dict, raw=None) -> str:
    row = _existing(node["trigname"])
    _check_owner(row)
    catalog_writes.update_rows("pg_event_trigger", lambda r: r.oid == row.oid,
                               evtenabled=node["tgenabled"])
    _changed()
    return "ALTER EVENT TRIGGER"


def rename(node: dict) -> str:
    row = _existing(node["object"]["String"]["sval"])
    _check_owner(row)
    new_name = node["newname"]
    if event_trigger_row(new_name) is not None:
        raise PgError("42710", f'event trigger "{new_name}" already exists')
    catalog_writes.update_rows("pg_event_trigger", lambda r: r.oid == row.oid,
                               evtname=new_name)
    _changed()
    return "ALTER EVENT TRIGGER"


def alter_owner(node: dict) -> str:
    from pgsnake.commands import role_commands
    row = _existing(node["object"]["String"]["sval"])
    new_owner = role_commands.role_from_spec(node["newowner"])
    if row.evtowner != new_owner:
        _check_owner(row)
        if not acl.is_superuser(new_owner):
            raise PgError("42501", f'permission denied to change owner of event trigger '
                          f'"{row.evtname}"',
                          hint="The owner of an event trigger must be a superuser.")
        catalog_writes.update_rows("pg_event_trigger", lambda r: r.oid == row.oid,
                                   evtowner=new_owner)
        _changed()
    return "ALTER EVENT TRIGGER"


def execute_drop(node: dict) -> str:
    from pgsnake.commands import dependent_objects
    targets = []
    for item in node.get("objects", ()):
        name = item["String"]["sval"]
        row = event_trigger_row(name)
        if row is None:
            if node.get("missing_ok"):
                notices.emit("00000", f'event trigger "{name}" does not exist, skipping')
                continue
            raise PgError("42704", f'event trigger "{name}" does not exist')
        _check_owner(row)
        targets.append(ObjectAddress(PG_EVENT_TRIGGER_OID, row.oid))
    if targets:
        dependent_objects.perform_deletion(targets, node.get("behavior") == "DROP_CASCADE")
    return "DROP EVENT TRIGGER"


def remove_event_trigger_row(oid: int) -> None:
    """RemoveEventTriggerById, with its pg_depend rows (pg_shdepend follows the row)."""
    from pgsnake.catalog import comments
    from pgsnake.catalog.dependency import delete_dependencies
    catalog_writes.delete_rows("pg_event_trigger", lambda r: r.oid == oid)
    delete_dependencies(PG_EVENT_TRIGGER_OID, oid)
    comments.delete_comments(oid, PG_EVENT_TRIGGER_OID)
    _changed()


utility_statement.register("CreateEventTrigStmt", "CREATE EVENT TRIGGER", create_event_trigger)
utility_statement.register("AlterEventTrigStmt", "ALTER EVENT TRIGGER", alter_event_trigger)
