"""ALTER TABLE ... ALTER COLUMN ... ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY
[(sequence options)], SET GENERATED / SET sequence options / RESTART, DROP IDENTITY
[IF EXISTS].

An identity column is pg_attribute.attidentity 'a' (ALWAYS) or 'd' (BY DEFAULT) plus a
sequence that is an internal part of the column (pg_depend 'i'), so it goes with the
column; values come from it as for CREATE TABLE's identity columns. pg_dump writes every
identity column this way (CREATE TABLE, then ADD GENERATED ... (SEQUENCE NAME ...)), so a
restore needs it.

Entry point: alter_identity(relation, attribute, cmd) -> bool (alter_table.py's
dispatch: False when `cmd` is not one of these).

PostgreSQL: commands/tablecmds.c (ATExecAddIdentity, ATExecSetIdentity,
ATExecDropIdentity), parser/parse_utilcmd.c (transformTableLikeClause's identity part).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, relation_locks, sequence_creation
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"


def _column_text(relation, attribute) -> str:
    return f'column "{attribute.name}" of relation "{relation.name}"'


def _set_identity_kind(relation, attribute, kind: str) -> None:
    from pgsnake.access.transam import xact
    catalog_writes.update_rows("pg_attribute", lambda r: r.attrelid == relation.oid
                               and r.attnum == attribute.attnum, attidentity=kind)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def identity_sequence(relation, attribute) -> int | None:
    found = sequence_creation.owned_sequences(relation.oid, attribute.attnum)
    return found[0] if found else None


def add_identity(relation, attribute, constraint: dict) -> None:
    from pgsnake.commands import sequence_commands
    if attribute.type_oid not in (21, 23, 20):     # transformColumnDefinition's, first
        raise PgError("22023", "identity column type must be smallint, integer, or bigint")
    if not attribute.not_null:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, f"{_column_text(relation, attribute)} "
                      "must be declared NOT NULL before identity can be added")
    if attribute.identity:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"{_column_text(relation, attribute)} is already an identity column")
    if any(r.adrelid == relation.oid and r.adnum == attribute.attnum
           for r in cc.scan_catalog("pg_attrdef")):
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"{_column_text(relation, attribute)} already has a default value")
    sequence_oid = sequence_commands.create_identity_sequence(
        relation.name, attribute.name, relation.namespace_oid, attribute.type_oid,
        constraint.get("options"), "u" if relation.persistence == "u" else "p")
    sequence_creation.set_owner(sequence_oid, relation.oid, attribute.attnum, "i")
    _set_identity_kind(relation, attribute, constraint["generated_when"])


def set_identity(relation, attribute, options: list) -> None:
    from pgsnake.commands import sequence_commands
    if not attribute.identity:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"{_column_text(relation, attribute)} is not an identity column")
    generated = [o["DefElem"] for o in options if o["DefElem"]["defname"] == "generated"]
    sequence_options = [o for o in options if o["DefElem"]["defname"] != "generated"]
    if sequence_options:
        sequence_oid = identity_sequence(relation, attribute)
        relation_locks.lock_relation_oid(sequence_oid, lock_modes.SHARE_ROW_EXCLUSIVE)
        sequence_commands.alter_sequence_options(
            cc.get_relation(sequence_oid), sequence_commands.identity_options(sequence_options))
    if generated:
        _set_identity_kind(relation, attribute, chr(generated[-1]["arg"]["Integer"]["ival"]))


def drop_identity(relation, attribute, missing_ok: bool) -> None:
    if not attribute.identity:
        if missing_ok:
            notices.emit("00000", f"{_column_text(relation, attribute)} is not an identity "
                                  "column, skipping")
            return
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f"{_column_text(relation, attribute)} is not an identity column")
    _set_identity_kind(relation, attribute, "")
    sequence_oid = identity_sequence(relation, attribute)
    if sequence_oid is not None:
        relation_locks.lock_relation_oid(sequence_oid, lock_modes.ACCESS_EXCLUSIVE)
        sequence_creation.drop_sequence(sequence_oid)


def alter_identity(relation, attribute, cmd: dict) -> bool:
    subtype = cmd["subtype"]
    if subtype == "AT_AddIdentity":
        add_identity(relation, attribute, cmd["def"]["Constraint"])
    elif subtype == "AT_SetIdentity":
        set_identity(relation, attribute, cmd["def"]["List"]["items"])
    elif subtype == "AT_DropIdentity":
        drop_identity(relation, attribute, bool(cmd.get("missing_ok")))
    else:
        return False
    return True
