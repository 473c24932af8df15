"""Autovacuum's work items: jobs backends leave in shared memory for the next autovacuum
worker of their database, which does them after its tables. The one kind is BRIN's
autosummarize: an insert that starts a new block range asks for the range before it
to be summarised (access/brin/access_method.py calls `request`).

    request(index_oid, heap_blk) -> bool   AutoVacuumRequestWork (False: the table of
                                           256 items is full; the caller logs it)
    perform(session)                       a worker's pass over its database's items

The table is 256 items of four u32 words (state, database, relation, block), in a
shared-memory region. An item's state moves FREE -> FILLING (a backend claimed it by
compare-and-swap and writes the other words) -> QUEUED -> ACTIVE (a worker claimed it
by compare-and-swap) -> FREE, so no lock is needed and no item is done twice. Each item
runs brin_summarize_range(index, block) in a transaction of its own, with
pg_stat_activity showing "autovacuum: BRIN summarize schema.index block"; an error is
logged with the CONTEXT 'processing work entry for relation "db.schema.index"' and the
worker goes on (the item is dropped, as in PostgreSQL: the list may lose items). An
index dropped meanwhile is skipped.

PostgreSQL: postmaster/autovacuum.c (AutoVacuumRequestWork, do_autovacuum's work item
loop, perform_work_item, autovac_report_workitem).
"""
from __future__ import annotations

from pgsnake.access.brin import access_method as brin
from pgsnake.storage.ipc import shared_memory
from pgsnake.utils import elog, process_state

NUM_WORKITEMS = 256
_ITEM = 16
FREE, FILLING, QUEUED, ACTIVE = 0, 1, 2, 3

_region: shared_memory.Region | None = None


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("AutoVacuumWorkItems", lambda: NUM_WORKITEMS * _ITEM, _init)


def _word(item: int, field: int) -> int:
    return _region.offset + item * _ITEM + field * 4


def request(index_oid: int, heap_blk: int) -> bool:
    """Queue a summarisation of the range holding `heap_blk` of the index."""
    if _region is None:
        return False
    atomics = _region.atomics
    for item in range(NUM_WORKITEMS):
        if atomics.cas_u32(_word(item, 0), FREE, FILLING) != FREE:
            continue
        atomics.store_u32(_word(item, 1), process_state.database_oid)
        atomics.store_u32(_word(item, 2), index_oid)
        atomics.store_u32(_word(item, 3), heap_blk)
        atomics.store_u32(_word(item, 0), QUEUED)
        return True
    return False


def perform(session) -> None:
    """Every queued item of this worker's database, each claimed before it runs."""
    from pgsnake.utils import interrupts
    if _region is None:
        return
    atomics = _region.atomics
    for item in range(NUM_WORKITEMS):
        if atomics.load_u32(_word(item, 0)) != QUEUED \
                or atomics.load_u32(_word(item, 1)) != process_state.database_oid:
            continue
        if atomics.cas_u32(_word(item, 0), QUEUED, ACTIVE) != QUEUED:
            continue
        try:
            _perform_one(session, atomics.load_u32(_word(item, 2)),
                         atomics.load_u32(_word(item, 3)))
        finally:
            atomics.store_u32(_word(item, 0), FREE)
        interrupts.check_for_interrupts()


def _perform_one(session, index_oid: int, heap_blk: int) -> None:
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.commands import brin_functions
    from pgsnake.storage.ipc import backend_status
    from pgsnake.utils.errors import FatalError, PgError
    session.start_transaction()
    row = cc.class_row(index_oid)
    if row is None:                              # dropped since it was asked for
        session.finish_transaction()
        return
    schema, name = cc.namespace_name(row.relnamespace), row.relname
    backend_status.report_activity("active",
                                   f"autovacuum: BRIN summarize {schema}.{name} {heap_blk}")
    try:
        brin_functions.brin_summarize_range(index_oid, heap_blk)
        session.finish_transaction()
    except FatalError:
        raise
    except PgError as e:
        e.context = (f'processing work entry for relation '
                     f'"{process_state.database_name}.{schema}.{name}"')
        elog.log_error(e)
        session.abort_after_error(quiet=True)
    finally:
        backend_status.report_activity("idle")


brin.set_work_item_requester(request)
