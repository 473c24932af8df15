"""Heap page pruning: removing tuple versions no snapshot can see any more, a page at a time.

A tuple version is *dead* when its inserter aborted, or when it was deleted (or updated)
by a transaction that committed before the removal horizon (`removal_horizon`: the
oldest xid or snapshot xmin a process that can read the relation may still need,
proc_array rule 10). Pruning one
page (`prune_page`, PostgreSQL's heap_page_prune) walks every HOT chain from its root:

  - a dead heap-only tuple that is no chain's member is made LP_UNUSED;
  - in a chain whose first k members are dead, those members' line pointers become
    LP_UNUSED and the root becomes LP_REDIRECT to the first survivor, or LP_DEAD when the
    whole chain is dead (indexes still point at the root, so it cannot be reused before
    VACUUM has removed their entries: then VACUUM makes it LP_UNUSED);
  - a redirect whose target is gone becomes LP_DEAD.
Then the page is defragmented (page_layout.repair_fragmentation), pd_prune_xid is set to
the oldest xid that may make something else prunable later, PD_PAGE_FULL is cleared, and
the change is logged as XLOG_HEAP2_PRUNE, whose redo repeats exactly these line-pointer
changes and the defragmentation. Moving tuples needs a cleanup lock (no other pin).

`tuple_vacuum_state` is HeapTupleSatisfiesVacuum with the horizon applied: 'live',
'dead', 'recently_dead' (deleted by a committed transaction some snapshot may predate),
'insert_in_progress', 'delete_in_progress'. It sets the same hint bits PostgreSQL's does.

`prune_opt` is heap_page_prune_opt: a reader about to look at a page prunes it first when
the page is nearly full (less than max(fillfactor target, 10%) free, or PD_PAGE_FULL)
and pd_prune_xid is older than the horizon, if it can get the cleanup lock at once. The
cheap tests come first; the horizon (a proc-array scan) is asked only when the last one
this process saw is not old enough already.

Record XLOG_HEAP2_PRUNE (0x10): main data xl_heap_prune {latestRemovedXid u32,
nredirected u16, ndead u16}; block 0 data: nredirected (from, to) offset pairs, then the
ndead offsets made LP_DEAD, then the offsets made LP_UNUSED (the rest of the data).

Entry points: tuple_vacuum_state, prune_page, prune_opt, redo_prune, describe_prune,
set_prunable, PruneResult.

PostgreSQL: access/heap/pruneheap.c (heap_page_prune_opt, heap_page_prune,
heap_prune_chain, heap_page_prune_execute, heap_xlog_prune), access/heap/heapam_visibility.c
(HeapTupleSatisfiesVacuum, HeapTupleSatisfiesVacuumHorizon), access/heap/heapam.c
(HeapTupleHeaderAdvanceLatestRemovedXid), include/access/heapam_xlog.h (xl_heap_prune).
"""
from __future__ import annotations

import struct
from typing import NamedTuple

from pgsnake.access.common.heap_tuple import (
    HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE, HEAP_XMAX_COMMITTED, HEAP_XMAX_INVALID,
    HEAP_XMAX_IS_MULTI, HEAP_XMIN_COMMITTED, HEAP_XMIN_INVALID, HeapTupleHeader)
from pgsnake.access.heap import heap_xmax
from pgsnake.access.heap.visibility import FIRST_NORMAL_TRANSACTION_ID, xid_status_cached
from pgsnake.access.transam import multixact, transaction_ids, xact
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import process_state
from pgsnake.utils.critical_section import critical_section

XLOG_HEAP2_PRUNE = 0x10
PRUNE = struct.Struct("<IHH")            # xl_heap_prune

LIVE = "live"
DEAD = "dead"
RECENTLY_DEAD = "recently_dead"
INSERT_IN_PROGRESS = "insert_in_progress"
DELETE_IN_PROGRESS = "delete_in_progress"

HEAP_DEFAULT_FILLFACTOR = 100


class PruneResult(NamedTuple):
    ndeleted: int        # tuples removed (a chain's root counts once, its members each)
    nnewlpdead: int      # line pointers this call made LP_DEAD


def _in_progress(xid: int) -> bool:
    return xact.is_current_xid(xid) or transaction_ids.xid_is_running(xid)


def _status(xid: int) -> str:
    """'in_progress', 'committed' or 'aborted' (a crashed transaction counts as aborted).
    Running is asked before the commit log: a committer sets its pg_xact bits before it
    leaves the proc array (TransactionIdIsInProgress before TransactionIdDidCommit)."""
    if xid < FIRST_NORMAL_TRANSACTION_ID:
        return "committed" if xid else "aborted"
    if _in_progress(xid):
        return "in_progress"
    status = xid_status_cached(xid)
    return "aborted" if status == "in_progress" else status


def _state_and_dead_after(header: HeapTupleHeader) -> tuple[str, int]:
    """HeapTupleSatisfiesVacuumHorizon: (state, dead_after), where dead_after is the
    deleter's xid for 'recently_dead'."""
    infomask = header.infomask
    if not infomask & HEAP_XMIN_COMMITTED:
        if infomask & HEAP_XMIN_INVALID:
            return DEAD, 0
        xmin = header.xmin
        if xmin and xact.is_current_xid(xmin):
            if infomask & HEAP_XMAX_INVALID or heap_xmax.is_locked_only(infomask):
                return INSERT_IN_PROGRESS, 0
            if xact.is_current_xid(heap_xmax.update_xid(header)):
                return DELETE_IN_PROGRESS, 0
            return INSERT_IN_PROGRESS, 0     # deleted by a rolled-back subtransaction
        status = _status(xmin)
        if status == "in_progress":
            return INSERT_IN_PROGRESS, 0
        if status == "committed":
            header.set_hint(HEAP_XMIN_COMMITTED)
        else:
            header.set_hint(HEAP_XMIN_INVALID)
            return DEAD, 0
    infomask = header.infomask
    if infomask & HEAP_XMAX_INVALID:
        return LIVE, 0
    xmax = header.xmax
    if heap_xmax.is_locked_only(infomask):
        if not infomask & HEAP_XMAX_IS_MULTI:
            if _status(xmax) != "in_progress":
                header.set_hint(HEAP_XMAX_INVALID)
        elif not multixact.is_running(xmax, True):
            header.set_hint(HEAP_XMAX_INVALID)
        return LIVE, 0
    if infomask & HEAP_XMAX_IS_MULTI:
        updater = multixact.update_xid(xmax)
        status = _status(updater)
        if status == "in_progress":
            return DELETE_IN_PROGRESS, 0
        if status == "committed":
            return RECENTLY_DEAD, updater
        if not multixact.is_running(xmax, False):
            header.set_hint(HEAP_XMAX_INVALID)
        return LIVE, 0
    if not infomask & HEAP_XMAX_COMMITTED:
        status = _status(xmax)
        if status == "in_progress":
            return DELETE_IN_PROGRESS, 0
        if status != "committed":
            header.set_hint(HEAP_XMAX_INVALID)
            return LIVE, 0
        header.set_hint(HEAP_XMAX_COMMITTED)
    return RECENTLY_DEAD, xmax


def tuple_vacuum_state(header: HeapTupleHeader, oldest_xmin: int) -> str:
    """HeapTupleSatisfiesVacuum(tuple, OldestXmin): a tuple deleted by a transaction that
    committed before `oldest_xmin` is dead to every snapshot that exists or will."""
    state, dead_after = _state_and_dead_after(header)
    if state == RECENTLY_DEAD and dead_after < oldest_xmin:
        return DEAD
    return state


def _advance_latest_removed(header: HeapTupleHeader, latest: int) -> int:
    """HeapTupleHeaderAdvanceLatestRemovedXid: the newest deleter among removed tuples
    whose inserter committed (what a hot standby's queries would conflict on)."""
    infomask = header.infomask
    xmin = header.xmin
    committed = infomask & HEAP_XMIN_COMMITTED or (
        not infomask & HEAP_XMIN_INVALID and xid_status_cached(xmin) == "committed")
    if committed:
        xmax = heap_xmax.update_xid(header)
        if xmax != xmin and xmax > latest:
            return xmax
    return latest


_LIVE_HINTS = HEAP_XMIN_COMMITTED | HEAP_XMAX_INVALID


class _PruneState:
    """What one heap_page_prune call decided (PruneState): line-pointer changes, each
    offset recorded at most once (`marked`)."""

    def __init__(self, maxoff: int) -> None:
        self.new_prune_xid = 0
        self.latest_removed_xid = 0
        self.redirected: list[tuple[int, int]] = []
        self.nowdead: list[int] = []
        self.nowunused: list[int] = []
        self.marked = [False] * (maxoff + 1)

    def prunable(self, xid: int) -> None:
        if xid and (not self.new_prune_xid or xid < self.new_prune_xid):
            self.new_prune_xid = xid

    def redirect(self, offnum: int, target: int) -> None:
        self.redirected.append((offnum, target))
        self.marked[offnum] = self.marked[target] = True

    def dead(self, offnum: int) -> None:
        self.nowdead.append(offnum)
        self.marked[offnum] = True

    def unused(self, offnum: int) -> None:
        self.nowunused.append(offnum)
        self.marked[offnum] = True


def _prune_chain(lps: list, headers: list, rootoffnum: int, states: list,
                 prstate: _PruneState) -> int:
    """heap_prune_chain: decide the fate of the HOT chain starting at `rootoffnum`
    (`lps`: the page's line pointers, `headers`: the normal items' tuple headers, both
    by offset); returns how many tuples it removes."""
    maxoff = len(lps) - 1
    ndeleted = 0
    _off, root_flags, _len = lps[rootoffnum]
    if root_flags == pl.LP_NORMAL:
        header = headers[rootoffnum]
        if header.infomask2 & HEAP_ONLY_TUPLE:
            # A heap-only tuple is pruned as part of its chain, unless it is dead and
            # leads nowhere (its chain's earlier members are already gone).
            if states[rootoffnum] == DEAD and not header.infomask2 & HEAP_HOT_UPDATED:
                prstate.unused(rootoffnum)
                prstate.latest_removed_xid = _advance_latest_removed(
                    header, prstate.latest_removed_xid)
                ndeleted += 1
            return ndeleted
    chain: list[int] = []
    latestdead = 0
    prior_xmax = 0
    offnum = rootoffnum
    while 1 <= offnum <= maxoff and not prstate.marked[offnum]:
        lp_off, lp_flags, lp_len = lps[offnum]
        if lp_flags == pl.LP_UNUSED:
            break
        if lp_flags == pl.LP_REDIRECT:
            if chain:
                break           # a redirect is only ever a chain's root
            chain.append(offnum)
            offnum = lp_off     # the redirect's target
            continue
        if lp_flags == pl.LP_DEAD:
            break
        header = headers[offnum]
        if prior_xmax and header.xmin != prior_xmax:
            break               # the slot holds an unrelated tuple now
        chain.append(offnum)
        state = states[offnum]
        tupdead = recent_dead = False
        if state == DEAD:
            tupdead = True
        elif state == RECENTLY_DEAD:
            recent_dead = True
            prstate.prunable(heap_xmax.update_xid(header))
        elif state == DELETE_IN_PROGRESS:
            prstate.prunable(heap_xmax.update_xid(header))
        if tupdead:
            latestdead = offnum
            prstate.latest_removed_xid = _advance_latest_removed(
                header, prstate.latest_removed_xid)
        elif not recent_dead:
            break
        if not header.infomask2 & HEAP_HOT_UPDATED:
            break
        offnum = header.ctid[1]
        prior_xmax = heap_xmax.update_xid(header)
    if latestdead:
        # Every member before the last dead one goes; the root stays, as a redirect to
        # the first survivor, or dead when none survives.
        i = 1
        while i < len(chain) and chain[i - 1] != latestdead:
            prstate.unused(chain[i])
            ndeleted += 1
            i += 1
        if root_flags == pl.LP_NORMAL:
            ndeleted += 1
        if i >= len(chain):
            prstate.dead(rootoffnum)
        else:
            prstate.redirect(rootoffnum, chain[i])
    elif len(chain) < 2 and root_flags == pl.LP_REDIRECT:
        prstate.dead(rootoffnum)        # the redirect's target was pruned before
    return ndeleted


def execute_prune(page, redirected, nowdead, nowunused) -> None:
    """heap_page_prune_execute: apply the line-pointer changes and defragment (shared by
    prune_page and redo)."""
    for offnum, target in redirected:
        pl.set_item_redirect(page, offnum, target)
    for offnum in nowdead:
        pl.set_item_dead(page, offnum)
    for offnum in nowunused:
        pl.set_item_unused(page, offnum)
    pl.repair_fragmentation(page)


def prune_page(rel, buf: int, oldest_xmin: int) -> PruneResult:
    """heap_page_prune on the page in `buf`, which the caller holds with a cleanup lock
    (bufmgr.conditional_lock_for_cleanup). WAL-logged when something changed."""
    page = bufmgr.page(buf)
    lps = pl.item_ids(page)
    maxoff = len(lps) - 1
    prstate = _PruneState(maxoff)
    states: list = [None] * (maxoff + 1)
    headers: list = [None] * (maxoff + 1)
    hinted = False
    view = memoryview(page)
    for offnum in range(maxoff, 0, -1):
        lp_off, lp_flags, lp_len = lps[offnum]
        if lp_flags == pl.LP_NORMAL:
            header = headers[offnum] = HeapTupleHeader(view[lp_off:lp_off + lp_len])
            if header.infomask & _LIVE_HINTS == _LIVE_HINTS:
                states[offnum] = LIVE       # inserter committed, never deleted or locked
                continue
            states[offnum] = tuple_vacuum_state(header, oldest_xmin)
            hinted |= header.hints_set
    ndeleted = 0
    for offnum in range(1, maxoff + 1):
        if prstate.marked[offnum]:
            continue
        if lps[offnum][1] in (pl.LP_UNUSED, pl.LP_DEAD) or states[offnum] == LIVE:
            continue        # (a chain that starts at a live tuple loses nothing)
        ndeleted += _prune_chain(lps, headers, offnum, states, prstate)
    blockno = bufmgr.buffer_tag(buf)[4]
    if prstate.redirected or prstate.nowdead or prstate.nowunused:
        with critical_section("heap prune"):
            execute_prune(page, prstate.redirected, prstate.nowdead, prstate.nowunused)
            pl.set_prune_xid(page, prstate.new_prune_xid)
            pl.set_flags(page, pl.get_flags(page) & ~pl.PD_PAGE_FULL)
            bufmgr.mark_dirty(buf)
            if rel.needs_wal:
                data = b"".join(struct.pack("<HH", a, b) for a, b in prstate.redirected)
                data += struct.pack(f"<{len(prstate.nowdead)}H", *prstate.nowdead)
                data += struct.pack(f"<{len(prstate.nowunused)}H", *prstate.nowunused)
                lsn = wal.insert_record(
                    wal.RmgrId.HEAP2, XLOG_HEAP2_PRUNE,
                    PRUNE.pack(prstate.latest_removed_xid, len(prstate.redirected),
                               len(prstate.nowdead)),
                    [wal.BlockRef(0, rel.locator, ForkNumber.MAIN, blockno, page, data)])
                pl.set_lsn(page, lsn)
    elif pl.get_prune_xid(page) != prstate.new_prune_xid or \
            pl.get_flags(page) & pl.PD_PAGE_FULL or hinted:
        # Only hints changed: no WAL, as for hint bits.
        pl.set_prune_xid(page, prstate.new_prune_xid)
        pl.set_flags(page, pl.get_flags(page) & ~pl.PD_PAGE_FULL)
        bufmgr.mark_dirty_hint(buf)
    return PruneResult(ndeleted, len(prstate.nowdead))


def prune_opt(rel, buf: int) -> None:
    """heap_page_prune_opt: called with `buf` pinned and unlocked before a page is read.
    Prunes when pd_prune_xid is older than the horizon and free space is short, if the
    cleanup lock comes at once; never waits, never fails the reader."""
    page = bufmgr.page(buf)
    prune_xid = pl.get_prune_xid(page)
    if not prune_xid:
        return
    fillfactor = getattr(rel, "fillfactor", HEAP_DEFAULT_FILLFACTOR)
    minfree = max(pl.BLCKSZ * (100 - fillfactor) // 100, pl.BLCKSZ // 10)
    if not (pl.get_flags(page) & pl.PD_PAGE_FULL or pl.free_space(page) < minfree):
        return
    if prune_xid >= _known_horizons.get(_horizon_kind(rel), 0) and \
            prune_xid >= removal_horizon(rel):
        return
    if not bufmgr.conditional_lock_for_cleanup(buf):
        return
    try:
        # Re-check under the lock: another process may have pruned meanwhile.
        if pl.get_flags(page) & pl.PD_PAGE_FULL or pl.free_space(page) < minfree:
            prune_page(rel, buf, _known_horizons[_horizon_kind(rel)])
    finally:
        bufmgr.unlock_buffer(buf)


# The last horizon computed by this process in this transaction, per kind of relation
# (proc_array rule 10: shared catalog, catalog, user table). A horizon never moves
# backwards (a new snapshot's xmin is a running xid, and every running xid is at or past
# it), so an xid older than it is removable without asking again (GlobalVisState's
# maybe_needed). Forgotten at transaction end, so that nothing outlives the cluster it
# was computed in (in-process tests run several).
_known_horizons: dict[tuple, int] = {}


def _forget_horizon(event: str) -> None:
    if event in ("commit", "abort", "prepare"):
        _known_horizons.clear()


xact.register_callback(_forget_horizon)


def _horizon_kind(rel) -> tuple:
    if rel.is_shared:
        return (None, True)
    return (process_state.database_oid, rel.oid < transaction_ids.FIRST_NORMAL_OBJECT_ID)


def removal_horizon(rel) -> int:
    """The oldest xid whose dead versions of `rel`'s rows some process may still see
    (GlobalVisTestFor): processes of other databases do not count for a user table, lazy
    VACUUMs count for nothing (proc_array rule 10)."""
    from pgsnake.storage.ipc import proc_array
    kind = _horizon_kind(rel)
    horizon = proc_array.removal_horizon(transaction_ids.read_next_xid(), *kind)
    _known_horizons[kind] = horizon
    return horizon


def set_prunable(page, xid: int) -> None:
    """PageSetPrunable: a delete or update by `xid` may make something prunable once
    `xid` is old enough; pd_prune_xid keeps the oldest such xid."""
    current = pl.get_prune_xid(page)
    if not current or xid < current:
        pl.set_prune_xid(page, xid)


# ---- WAL --------------------------------------------------------------------------------------

def _decode(record):
    latest, nredirected, ndead = PRUNE.unpack_from(record.main_data, 0)
    data = record.blocks[0].data
    offsets = struct.unpack(f"<{len(data) // 2}H", data)
    redirected = [(offsets[2 * i], offsets[2 * i + 1]) for i in range(nredirected)]
    nowdead = list(offsets[2 * nredirected:2 * nredirected + ndead])
    nowunused = list(offsets[2 * nredirected + ndead:])
    return latest, redirected, nowdead, nowunused


def redo_prune(record) -> None:
    """heap_xlog_prune: repeat the line-pointer changes and the defragmentation."""
    _latest, redirected, nowdead, nowunused = _decode(record)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    execute_prune(page, redirected, nowdead, nowunused)
    pl.set_flags(page, pl.get_flags(page) & ~pl.PD_PAGE_FULL)
    bufmgr.finish_redo(buf, record)


def describe_prune(record) -> str:
    latest, nredirected, ndead = PRUNE.unpack_from(record.main_data, 0)
    return f"PRUNE latestRemovedXid {latest} nredirected {nredirected} ndead {ndead}"
