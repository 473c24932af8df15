"""pg_subtrans: the parent of every subtransaction xid, so that any process can find the
top-level transaction an xid belongs to when the proc array cannot list it.

A subtransaction's xid is listed in its backend's proc-array subxid cache only while the
cache has room (64 entries). Beyond that the slot is marked overflowed and the xid is
findable only through here: `set_parent` records it when the xid is assigned, and
`topmost(xid)` walks parent links up to the top-level xid, which the proc array does
list. Snapshots that saw an overflowed slot (suboverflowed) and `xid_is_running` use it.

Layout: 4 bytes (u32, little endian) per xid, 0 = no parent (a top-level xid, or an xid
this run never assigned); 2048 xids per 8 KB page, 32 pages per segment file
`pg_subtrans/%04X` (65,536 xids per file), as PostgreSQL lays it out.

Entry points:
    extend(xid)                  a new xid: zero its page if it is the first on it
    set_parent(xid, parent)      a new subxid, before anyone can see it
    parent_of(xid)               0 if none
    topmost(xid, oldest)         walk up, stopping below `oldest`
    overflowed_xid_is_running(xid, tops)   registered with the proc array
    startup(oldest_active_xid, next_xid)   after recovery: zero the pages in use
    bootstrap()                  initdb: page 0
    flush_at_checkpoint()        write dirty pages (no fsync: nothing survives a restart)
    truncate(oldest_xmin)        checkpoint: delete segments wholly below it
    SUBTRANS_LOG                 the Slru (32 buffers)

Invariants
1. A subxid's parent is stored under XidGenLock before next_xid passes the subxid
   (transaction_ids.get_new_xid), so whoever finds the xid (in a tuple, in a snapshot's
   range) can find its parent.
2. A parent is always a smaller xid than its child (parents are assigned first:
   xact.py); a link that breaks this is corruption, reported as an error.
3. Entries are valid only for xids >= the oldest xmin of every process: lookups go no
   lower (readers stop at their snapshot's xmin or at the oldest overflowed top xid
   they found running), and checkpoints delete segments below it.
4. Not WAL-logged and not fsynced: after any restart no transaction is running, so the
   pages in use are zeroed at start-up (`startup`) and each later page when its first
   xid is assigned (`extend`); whatever a crash left on disk is never read.

Where we differ from PostgreSQL: the parent is stored while XidGenLock is held, before
the xid is published (PostgreSQL stores it right after, in AssignTransactionId, relying
on nobody looking the xid up before it appears in a tuple). Without prepared
transactions or hot standby, start-up always zeroes from next_xid's page.

PostgreSQL: access/transam/subtrans.c (SubTransSetParent, SubTransGetParent,
SubTransGetTopmostTransaction, ExtendSUBTRANS, StartupSUBTRANS, BootStrapSUBTRANS,
CheckPointSUBTRANS, TruncateSUBTRANS), storage/ipc/procarray.c (TransactionIdIsInProgress,
its pg_subtrans step).
"""
from __future__ import annotations

import struct

from pgsnake.access.transam import commit_log, slru
from pgsnake.storage.ipc import proc_array
from pgsnake.utils.errors import PgError

SUBTRANS_DIRECTORY = "pg_subtrans"
FIRST_NORMAL_XID = 3
ENTRY_SIZE = 4
XACTS_PER_PAGE = slru.PAGE_SIZE // ENTRY_SIZE
NUM_SUBTRANS_BUFFERS = 32
_ENTRY = struct.Struct("<I")

SUBTRANS_LOG = slru.Slru("Subtrans", SUBTRANS_DIRECTORY, lambda: NUM_SUBTRANS_BUFFERS,
                         lock_name="SubtransSLRULock", fsync=False)


def _locate(xid: int) -> tuple[int, int]:
    page, within = divmod(xid, XACTS_PER_PAGE)
    return page, within * ENTRY_SIZE


def extend(xid: int) -> None:
    """Called for every new xid under XidGenLock: the first xid of a page gets the page
    zeroed (invariant 4)."""
    if xid % XACTS_PER_PAGE != 0 and xid != FIRST_NORMAL_XID:
        return
    SUBTRANS_LOG.zero_page(xid // XACTS_PER_PAGE)


def set_parent(xid: int, parent: int) -> None:
    """Record a new subxid's parent (invariant 1)."""
    if not parent < xid:
        raise PgError("XX000", f"subtransaction {xid} cannot have parent {parent}")
    page_number, offset = _locate(xid)
    with SUBTRANS_LOG.page_to_change(page_number, xid) as page:
        _ENTRY.pack_into(page, offset, parent)


def parent_of(xid: int) -> int:
    """The xid's parent, 0 for a top-level xid (and for bootstrap/frozen xids)."""
    if xid < FIRST_NORMAL_XID:
        return 0
    page, offset = _locate(xid)
    return _ENTRY.unpack(SUBTRANS_LOG.read_bytes(page, offset, ENTRY_SIZE, xid))[0]


def topmost(xid: int, oldest: int) -> int:
    """The top-level xid `xid` belongs to. The walk stops at the first ancestor below
    `oldest` (invariant 3: links there may be gone) and returns it; such an ancestor
    finished before `oldest`, which is all a caller needs to know."""
    current = xid
    while current >= oldest:
        parent = parent_of(current)
        if not parent:
            break
        if parent >= current:                  # invariant 2
            raise PgError("XX000", f"pg_subtrans contains invalid entry for xid {current} "
                                   f"points to parent xid {parent}")
        current = parent
    return current


def overflowed_xid_is_running(xid: int, overflowed_tops: list[int]) -> bool:
    """proc_array.xid_is_running's last step: `xid` was found in no slot, but the slots
    whose top xids are `overflowed_tops` (each < xid) may own it without listing it. An
    aborted subtransaction is not running even while its parent runs; otherwise it runs
    iff its topmost parent is one of them (TransactionIdIsInProgress)."""
    if commit_log.xid_status(xid) == commit_log.ABORTED:
        return False
    top = topmost(xid, min(overflowed_tops))
    return top != xid and top in overflowed_tops


proc_array.register_overflowed_xid_check(overflowed_xid_is_running)


def startup(oldest_active_xid: int, next_xid: int) -> None:
    """After recovery: zero every page from the oldest running xid's through next_xid's
    (invariant 4), which becomes the latest page."""
    first = min(oldest_active_xid, next_xid) // XACTS_PER_PAGE
    last = next_xid // XACTS_PER_PAGE
    for page in range(first, last + 1):
        SUBTRANS_LOG.zero_page(page)


def bootstrap() -> None:
    """initdb: pg_subtrans/0000 with page 0 zeroed."""
    SUBTRANS_LOG.zero_page(0, write=True)


def flush_at_checkpoint() -> None:
    """Checkpoint: write the dirty pages, without fsync (PostgreSQL does this only to
    keep the files tidy for debugging; nothing depends on them after a restart)."""
    SUBTRANS_LOG.write_all()


def truncate(oldest_xmin: int) -> None:
    """Checkpoint: no process will ask about xids below `oldest_xmin` again (invariant 3);
    delete the segments wholly before its page's segment."""
    SUBTRANS_LOG.truncate(oldest_xmin // XACTS_PER_PAGE)
