"""ALTER SEQUENCE ... SET LOGGED / SET UNLOGGED (also spelled ALTER TABLE on a
sequence), and the owned sequences that follow their table's ALTER TABLE ... SET
LOGGED / UNLOGGED.

A sequence changes persistence by moving into new storage of the new kind holding its
current state (last_value, is_called): a new relfilenode, its page written (WAL-logged
when the sequence becomes logged; with an init fork of the same page when it becomes
unlogged, so after a crash it goes back to the state it had then); the old files go at
commit, the new ones on abort. A sequence already of the asked kind is left alone; a
temporary one is refused (42P16, worded for a table as PostgreSQL words it).

Entry points: alter_sequence_persistence(node, relation, tag) for an AlterTableStmt on
a sequence, set_sequence_persistence(sequence, logged), set_owned_sequences(table,
logged), rewrite_unlogged(sequence) (ALTER SEQUENCE's options on an unlogged one: its
init fork then holds the state the ALTER left, as PostgreSQL's rewrite does).

Where we differ: going logged, the reserve of values an unlogged sequence had counted
(log_cnt) is not carried over (it is 0), so that the next nextval logs ahead: those
values were never in WAL. PostgreSQL keeps log_cnt as it was.

PostgreSQL: commands/sequence.c (SequenceChangePersistence, fill_seq_with_data),
commands/tablecmds.c (ATPrepChangePersistence, ATRewriteTables' loop over
getOwnedSequences).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.utils.errors import WRONG_OBJECT_TYPE, PgError

INVALID_TABLE_DEFINITION = "42P16"
_PERSISTENCE_COMMANDS = ("AT_SetLogged", "AT_SetUnLogged")


def alter_sequence_persistence(node: dict, relation, tag: str) -> str:
    """ALTER SEQUENCE / ALTER TABLE naming a sequence: SET LOGGED / SET UNLOGGED only;
    ALTER SEQUENCE naming anything but a sequence is 42809."""
    if relation.relkind != "S":
        raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a sequence')
    cmds = [c["AlterTableCmd"] for c in node.get("cmds", [])]
    if any(c["subtype"] not in _PERSISTENCE_COMMANDS for c in cmds):
        raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a table')
    for cmd in cmds:
        set_sequence_persistence(relation, cmd["subtype"] == "AT_SetLogged")
    return tag


def set_sequence_persistence(sequence, logged: bool) -> None:
    from pgsnake.access.sequence import sequence_page
    if sequence.persistence == "t":
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot change logged status of table '
                      f'"{sequence.name}" because it is temporary',
                      schema=sequence.namespace_name, table=sequence.name)
    wanted = "p" if logged else "u"
    if sequence.persistence == wanted:
        return
    state = sequence_page.read_state(sequence)
    if logged:
        state.log_cnt = 0                  # never logged: nextval must log ahead again
    _move(sequence, wanted, state)


def rewrite_unlogged(sequence) -> None:
    """ALTER SEQUENCE with options on an unlogged sequence: PostgreSQL rewrites it into
    new storage (AlterSequence's need_seq_rewrite), so its init fork, what a crash goes
    back to, holds the state the ALTER left; so here."""
    from pgsnake.access.sequence import sequence_page
    state = sequence_page.read_state(sequence)
    state.log_cnt = 0
    _move(sequence, "u", state)


def _move(sequence, persistence: str, state) -> None:
    """The sequence into a new relfilenode of `persistence` holding `state`; the old
    files go at commit, the new ones on abort."""
    from pgsnake.access.sequence import sequence_page
    from pgsnake.access.transam import pending_deletes, transaction_ids, xact
    catalog_writes.update_rows("pg_class", lambda r: r.oid == sequence.oid,
                               key=("oid", sequence.oid), relpersistence=persistence,
                               relfilenode=transaction_ids.get_new_oid())
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    moved = cc.get_relation(sequence.oid)
    sequence_page.create_with_state(moved, state)
    pending_deletes.schedule(moved.locator, at_commit=False)
    pending_deletes.schedule(sequence.locator, at_commit=True)


def set_owned_sequences(table, logged: bool) -> None:
    """The sequences owned by the table's columns (serial and identity) follow it."""
    from pgsnake.catalog import sequence_creation
    for oid in sequence_creation.owned_sequences(table.oid):
        set_sequence_persistence(cc.get_relation(oid), logged)
