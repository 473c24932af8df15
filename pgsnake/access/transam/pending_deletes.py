"""Relation files to remove when the transaction ends: a dropped table's at commit, a
table created in a transaction (or savepoint) that rolls back at abort.

The deletes are data (the files' RelFileLocators), not closures, because a prepared
transaction carries them in its state: COMMIT PREPARED or ROLLBACK PREPARED removes them
later, from any backend, possibly after a restart.

Entry points:
    schedule(locator, at_commit)   DROP TABLE (at_commit=True), CREATE TABLE (False)
    files_at_end(commit, from_depth) -> files the end of those levels removes
    created_in_current_subtransaction(locator) -> bool
                                   is the file new in this (sub)transaction? (COPY FREEZE)
    files_for_prepare() -> (at commit, at abort)
                                   PREPARE TRANSACTION: what the prepared transaction
                                   takes over; this backend forgets them once it is
                                   prepared (the 'prepare' transaction event)
    remove_files(locators)         drop the buffers (unwritten) and unlink every fork
    remove_files_quietly(locators) the same, logging a WARNING instead of failing

Rules
1. A delete belongs to the savepoint level it was scheduled in: if that level rolls back,
   its at-abort files go at once and its at-commit ones are forgotten; if it is
   released, they move to the parent.
2. At top-level commit the at-commit files go, at abort the at-abort ones; either way
   both lists are then empty. Removal runs after the commit (or abort) record is
   written, and that record lists the files (files_at_end), so a crash between the two
   leaves no orphan: redo removes them.

PostgreSQL: catalog/storage.c (RelationDropStorage, smgrDoPendingDeletes,
smgrGetPendingDeletes, AtSubCommit_smgr, AtSubAbort_smgr, PostPrepare_smgr),
catalog/storage.c DropRelationFiles.
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.storage.smgr.relation_path import RelFileLocator

_pending: list[tuple[int, bool, RelFileLocator]] = []    # (savepoint depth, at_commit, file)
_registered = False


def _ensure_callbacks() -> None:
    # Process-lifetime registrations, as RegisterXactCallback: one is enough.
    global _registered
    if not _registered:
        from pgsnake.access.transam import xact
        xact.register_callback(_transaction_callback)
        xact.register_subxact_callback(_subtransaction_callback)
        _registered = True


def schedule(locator: RelFileLocator, at_commit: bool) -> None:
    from pgsnake.access.transam import pending_syncs, xact
    _ensure_callbacks()
    _pending.append((xact.subtransaction_depth(), at_commit, RelFileLocator(*locator)))
    if not at_commit:
        pending_syncs.note_created(locator)       # wal_level = minimal: skips WAL


def created_in_current_subtransaction(locator: RelFileLocator) -> bool:
    """True if `locator`'s file was made by this subtransaction level (CREATE TABLE, or
    TRUNCATE's new file): it is scheduled for removal should the level abort
    (PostgreSQL's rd_createSubid / rd_newRelfilenodeSubid test)."""
    from pgsnake.access.transam import xact
    depth = xact.subtransaction_depth()
    wanted = RelFileLocator(*locator)
    return any(level == depth and not at_commit and file == wanted
               for level, at_commit, file in _pending)


class _RelationFiles(NamedTuple):
    """All heapam.heap_drop_storage needs of a relation: where its files are."""
    locator: RelFileLocator


def remove_files(locators) -> None:
    """Forget the relations' buffers without writing them, then unlink their files
    (heapam.heap_drop_storage, which also forgets its own per-relation caches)."""
    from pgsnake.access.heap import heapam
    for locator in locators:
        heapam.heap_drop_storage(_RelationFiles(RelFileLocator(*locator)))


def remove_files_quietly(locators) -> None:
    # A failure here must not turn a commit (already durable) or an abort into an error.
    try:
        remove_files(locators)
    except Exception as e:
        from pgsnake.utils import elog
        elog.log(f"could not remove relation files: {e}", "WARNING")


def files_at_end(commit: bool, from_depth: int = 0) -> tuple[RelFileLocator, ...]:
    """The files a commit (or an abort) of the levels from `from_depth` inward will
    remove: what its WAL record must list, so that redo removes them too. A temporary
    relation's files are not listed (smgrGetPendingDeletes skips them): start-up removes
    every temporary file anyway."""
    return tuple(loc for d, at_commit, loc in _pending
                 if at_commit == commit and d >= from_depth and not loc.is_temporary)


def files_for_prepare() -> tuple[tuple[RelFileLocator, ...], tuple[RelFileLocator, ...]]:
    """(files to remove at COMMIT PREPARED, at ROLLBACK PREPARED): every level's, since
    PREPARE ends all savepoints as COMMIT does."""
    at_commit = tuple(loc for _, commit, loc in _pending if commit)
    at_abort = tuple(loc for _, commit, loc in _pending if not commit)
    return at_commit, at_abort


def _subtransaction_callback(event: str, depth: int) -> None:
    if event == "abort":                                        # rule 1
        remove_files_quietly([loc for d, commit, loc in _pending if d >= depth and not commit])
        _pending[:] = [entry for entry in _pending if entry[0] < depth]
    elif event == "release":
        _pending[:] = [(min(d, depth - 1), commit, loc) for d, commit, loc in _pending]


def _transaction_callback(event: str) -> None:
    if event == "prepare":            # the prepared transaction has them now
        _pending.clear()
        return
    if event not in ("commit", "abort"):
        return
    chosen = [loc for _, commit, loc in _pending if commit == (event == "commit")]
    _pending.clear()                                            # rule 2
    if event == "commit":
        remove_files(chosen)
    else:
        remove_files_quietly(chosen)
