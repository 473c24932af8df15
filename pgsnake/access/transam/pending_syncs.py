"""wal_level = minimal: the files a transaction created skip WAL and are made durable at
its commit instead.

Under wal_level = minimal nothing reads the WAL but crash recovery, and a relation file
created in the running transaction (CREATE TABLE, TRUNCATE's or a rewrite's new file,
an index build) is useless to recovery unless the transaction commits. So its changes
are not WAL-logged (Relation.needs_wal asks `skips_wal`), and before the commit record
each such file is made durable: one smaller than wal_skip_threshold is WAL-logged whole,
every block of every fork as a full-page image (cheaper than an fsync for a small
table); a bigger one has its dirty buffers written and its forks and their directory
fsynced (a new file's name is durable only once its directory is).

Entry points:
    note_created(locator)   pending_deletes.schedule: a new file of this transaction
    skips_wal(locator)      does a change of this file skip WAL? (Relation.needs_wal)
    at_commit()             xact, before the commit (or PREPARE) record: make each
                            still-existing file durable, then forget them all
    at_abort()              xact: forget them (their files are removed)

Rules:
1. Only a file whose creation (XLOG_SMGR_CREATE) this transaction logged is skipped:
   redo of a committed transaction then recreates it empty and the synced or logged
   contents take over; after an abort or a crash before commit the file is unlinked
   or orphaned, never read.
2. at_commit runs after the pre-commit callbacks (deferred triggers, ON COMMIT
   actions, which may still write into the files) and before the commit record, as
   smgrDoPendingSyncs does in CommitTransaction; a file dropped again in the same
   transaction (listed for removal at commit) is not synced.
3. wal_level = minimal needs max_wal_senders = 0 (and archive_mode off): checked at
   server start (`check_settings`), FATAL otherwise, as PostgreSQL's PostmasterMain.

PostgreSQL: catalog/storage.c (pendingSyncHash, smgrDoPendingSyncs, RelationPreTruncate),
utils/cache/relcache.c (RelationNeedsWAL: rd_createSubid / rd_firstRelfilelocatorSubid),
access/transam/xlog.c (wal_skip_threshold).

Where we differ: the file is still skipped after a savepoint that created it rolled
back (its OID is never used again, so nothing asks).
"""
from __future__ import annotations

from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

_skipping: set[RelFileLocator] = set()


def minimal() -> bool:
    return settings.get("wal_level") == "minimal"


def note_created(locator: RelFileLocator) -> None:
    if not locator.is_temporary and minimal():
        _skipping.add(RelFileLocator(*locator))


def skips_wal(locator: RelFileLocator) -> bool:
    return bool(_skipping) and locator in _skipping


def at_abort() -> None:
    _skipping.clear()


def at_commit() -> None:
    """smgrDoPendingSyncs at commit or PREPARE (rule 2)."""
    if not _skipping:
        return
    from pgsnake.access.transam import pending_deletes
    dropped = set(pending_deletes.files_at_end(commit=True))
    created = set(pending_deletes.files_at_end(commit=False))
    threshold_blocks = int(settings.get("wal_skip_threshold")) * 1024 // 8192
    try:
        for locator in sorted(_skipping):
            if locator in dropped or locator not in created:
                continue          # dropped again, or a rolled-back savepoint's
            _make_durable(locator, threshold_blocks)
    finally:
        _skipping.clear()


def _forks(locator: RelFileLocator) -> list[tuple[int, int]]:
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.smgr import storage_manager as smgr
    return [(fork, bufmgr.nblocks(locator, fork)) for fork in ForkNumber
            if smgr.exists(locator, fork)]


def _make_durable(locator: RelFileLocator, threshold_blocks: int) -> None:
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.smgr import storage_manager as smgr
    forks = _forks(locator)
    if sum(blocks for _, blocks in forks) < threshold_blocks:
        for fork, blocks in forks:
            for blockno in range(blocks):
                _log_page(locator, fork, blockno)
        return
    bufmgr.flush_relation_buffers(locator)
    for fork, _ in forks:
        smgr.sync(locator, fork)
    smgr.sync_directory_of(locator)       # the new file's name, too


def _log_page(locator: RelFileLocator, fork: int, blockno: int) -> None:
    """One block as a full-page image (log_newpage_range); an all-zero page (never
    initialised) is not logged: it stays empty, and a missing page reads as one."""
    from pgsnake.access.transam.wal import wal
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.page import page_layout as pl
    from pgsnake.utils.critical_section import critical_section
    buf = bufmgr.read_buffer(locator, fork, blockno)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    try:
        page = bufmgr.page(buf)
        if pl.is_new(page):
            return
        with critical_section("log new page"):
            lsn = wal.log_new_page(locator, fork, blockno, page)
            pl.set_lsn(page, lsn)
            bufmgr.mark_dirty(buf)
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def check_settings() -> None:
    """Rule 3: PostgreSQL's start-up refusals (FATAL in the postmaster)."""
    if not minimal():
        return
    if settings.get("archive_mode") != "off":
        raise PgError("XX000", 'WAL archival cannot be enabled when wal_level is "minimal"')
    if int(settings.get("max_wal_senders")) > 0:
        raise PgError("XX000", 'WAL streaming (max_wal_senders > 0) requires wal_level '
                               '"replica" or "logical"')
