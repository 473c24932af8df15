"""MultiXactIds (pg_multixact): one 32-bit id standing for several transactions that hold
one row, each with its status (what it did to the row).

When a second transaction locks a row another running transaction locked or updated, the
row's xmax cannot hold both xids; it gets a MultiXactId instead (HEAP_XMAX_IS_MULTI), and
the members (xid, status) are stored here. A multixact never changes once created: adding
a locker makes a new one (`expand`).

Storage, PostgreSQL's layout in two SLRUs (slru.py), both WAL-logged and fsynced at
checkpoints:
    pg_multixact/offsets   u32 per multixact: where its members start in `members`;
                           2048 per 8 KB page. Multixact m's members are the entries
                           from offset(m) to offset(m + 1) (or the next free offset, for
                           the newest one).
    pg_multixact/members   groups of 20 bytes: 4 status bytes (one per member, the
                           MultiXactStatus value) then 4 xids (u32); 409 groups (1636
                           members) per page, the last 12 bytes of a page unused.
Multixact 0 is invalid and the first is 1; member offset 0 is never used (offset 0 in
`offsets` would be ambiguous), so the first multixact starts at offset 1.

Statuses (MultiXactStatus, in this order): FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE,
FOR UPDATE lock the row; NO KEY UPDATE and UPDATE are an update or delete (at most one
member of a multixact). pg_get_multixact_members names them keysh, sh, fornokeyupd,
forupd, nokeyupd, upd.

WAL (rmgr MultiXact, 6): ZERO_OFF_PAGE 0x00 / ZERO_MEM_PAGE 0x10 (main data: page number,
i32) whenever a new page is started, and CREATE_ID 0x20 (mid u32, moff u32, nmembers i32,
then (xid u32, status u32) per member) for each new multixact. Checkpoints record the
next multixact and the next member offset (pg_control and the checkpoint record).

Invariants
1. Creating a multixact (allocate the id and offsets, WAL-log it, write offsets and
   members) happens entirely under MultiXactGenLock, so every id below next_multi has
   its offsets and members in place: a reader never meets a half-written multixact.
2. The creator holds the checkpoint back (checkpoint.delay_start) from before its WAL
   record until its SLRU pages have it, so no checkpoint's redo point falls between
   the record and the pages (the record would not be replayed, the pages not written).
3. A new offsets or members page is zeroed, and the zeroing WAL-logged, before any entry
   on it is written; start-up zeroes what follows next_multi / next_offset on their
   current pages, which a crash may have left written without WAL.
4. Members are immutable; this process caches what it has read (any multixact) and,
   for the rest of its transaction, the member sets it created, to reuse an identical
   one instead of making a new multixact for the same set (mXactCache).

Where we differ from PostgreSQL: readers never sleep for a multixact whose offsets are
not written yet (PostgreSQL 15 polls in that corner case; invariant 1 removes it). No
truncation, no OldestMemberMXactId / OldestVisibleMXactId bookkeeping and no wraparound
handling: nothing removes old multixacts yet (there is no VACUUM), so ids only grow and
oldest_multi stays 1.

Entry points: MultiXactStatus, MultiXactMember, create, expand, members, is_running,
update_xid, is_update_status, status_name, next_ids, bootstrap, startup,
flush_at_checkpoint; pg_get_multixact_members is registered as a SQL function.

PostgreSQL: access/transam/multixact.c (MultiXactIdCreate, MultiXactIdExpand,
MultiXactIdCreateFromMembers, GetNewMultiXactId, RecordNewMultiXact,
GetMultiXactIdMembers, MultiXactIdIsRunning, mXactCache*, ExtendMultiXact*,
TrimMultiXact, multixact_redo, pg_get_multixact_members), access/rmgrdesc/mxactdesc.c,
include/access/multixact.h.
"""
from __future__ import annotations

import struct
from enum import IntEnum
from typing import NamedTuple

from pgsnake.access.transam import slru, transaction_ids, xact
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import INTERNAL_ERROR, INVALID_PARAMETER_VALUE, PgError

FIRST_MULTIXACT_ID = 1
MAX_MULTIXACT_ID = 0xFFFFFFFF

OFFSETS_PER_PAGE = slru.PAGE_SIZE // 4                    # 2048
MEMBERS_PER_GROUP = 4
GROUP_SIZE = MEMBERS_PER_GROUP * 4 + 4                    # 20 bytes
GROUPS_PER_PAGE = slru.PAGE_SIZE // GROUP_SIZE            # 409
MEMBERS_PER_PAGE = GROUPS_PER_PAGE * MEMBERS_PER_GROUP    # 1636

XLOG_MULTIXACT_ZERO_OFF_PAGE = 0x00
XLOG_MULTIXACT_ZERO_MEM_PAGE = 0x10
XLOG_MULTIXACT_CREATE_ID = 0x20
XLOG_MULTIXACT_TRUNCATE_ID = 0x30

NUM_OFFSET_BUFFERS = 8
NUM_MEMBER_BUFFERS = 16

_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_CREATE_HEADER = struct.Struct("<IIi")
_MEMBER = struct.Struct("<II")


class MultiXactStatus(IntEnum):
    """What one member did to the row (MultiXactStatus). The first four only lock it."""
    FOR_KEY_SHARE = 0
    FOR_SHARE = 1
    FOR_NO_KEY_UPDATE = 2
    FOR_UPDATE = 3
    NO_KEY_UPDATE = 4
    UPDATE = 5


STATUS_NAMES = ("keysh", "sh", "fornokeyupd", "forupd", "nokeyupd", "upd")


class MultiXactMember(NamedTuple):
    xid: int
    status: MultiXactStatus


def is_update_status(status: int) -> bool:
    return status > MultiXactStatus.FOR_UPDATE


def status_name(status: int) -> str:
    return STATUS_NAMES[status]


OFFSETS_LOG = slru.Slru("MultiXactOffset", "pg_multixact/offsets", lambda: NUM_OFFSET_BUFFERS)
MEMBERS_LOG = slru.Slru("MultiXactMember", "pg_multixact/members", lambda: NUM_MEMBER_BUFFERS)

# ---- shared state: the next id and the next member offset ---------------------------------

_NEXT_MULTI, _NEXT_OFFSET, _GEN_LOCK = 0, 8, 16
_region: shared_memory.Region | None = None


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region
    region.atomics.store_u64(region.offset + _NEXT_MULTI, FIRST_MULTIXACT_ID)


shared_memory.request_region("MultiXactShmem", lambda: 24, _init)


def _gen_lock() -> lwlock.LWLock:
    return lwlock.LWLock("MultiXactGenLock", _region.atomics, _region.offset + _GEN_LOCK)


def _load(field: int) -> int:
    return _region.atomics.load_u64(_region.offset + field)


def _store(field: int, value: int) -> None:
    _region.atomics.store_u64(_region.offset + field, value)


def next_ids() -> tuple[int, int]:
    """(next multixact id, next member offset): what a checkpoint records."""
    lock = _gen_lock()
    with lock.shared():
        return _load(_NEXT_MULTI), _load(_NEXT_OFFSET)


def set_next_ids(next_multi: int, next_offset: int) -> None:
    """Start-up: the values pg_control's checkpoint recorded."""
    _store(_NEXT_MULTI, max(next_multi, FIRST_MULTIXACT_ID))
    _store(_NEXT_OFFSET, next_offset)


def _advance_next_ids(next_multi: int, next_offset: int) -> None:
    """Redo: never move the counters backwards (MultiXactAdvanceNextMXact)."""
    if next_multi > _load(_NEXT_MULTI):
        _store(_NEXT_MULTI, next_multi)
    if next_offset > _load(_NEXT_OFFSET):
        _store(_NEXT_OFFSET, next_offset)


# ---- where things are ---------------------------------------------------------------------

def _offset_location(multi: int) -> tuple[int, int]:
    return multi // OFFSETS_PER_PAGE, (multi % OFFSETS_PER_PAGE) * 4


def _member_location(offset: int) -> tuple[int, int, int]:
    """(page, byte of its status flag, byte of its xid) of member `offset`."""
    page = offset // MEMBERS_PER_PAGE
    group_start = (offset // MEMBERS_PER_GROUP) % GROUPS_PER_PAGE * GROUP_SIZE
    within = offset % MEMBERS_PER_GROUP
    return page, group_start + within, group_start + MEMBERS_PER_GROUP + within * 4


# ---- creating --------------------------------------------------------------------------------

# This process's cache (invariant 4): sorted member tuple -> multi, for multixacts it
# created in its current transaction; and multi -> members for any it has read.
_created: dict[tuple, int] = {}
_read_cache: dict[int, tuple[MultiXactMember, ...]] = {}
_callback_registered = False


def _forget_created(event: str) -> None:
    if event in ("commit", "abort", "prepare"):
        _created.clear()


def create(xid1: int, status1: int, xid2: int, status2: int) -> int:
    """A multixact of two members (MultiXactIdCreate); the caller is one of them."""
    if xid1 == xid2:
        raise PgError(INTERNAL_ERROR, f"cannot create a multixact of {xid1} with itself")
    return create_from_members([MultiXactMember(xid1, MultiXactStatus(status1)),
                                MultiXactMember(xid2, MultiXactStatus(status2))])


def expand(multi: int, xid: int, status: int) -> int:
    """A multixact with `xid` (holding `status`) added to the still-relevant members of
    `multi`: running ones, and a committed updater (MultiXactIdExpand). `multi` itself
    when `xid` is already in it with this status."""
    status = MultiXactStatus(status)
    current = members(multi)
    if any(m.xid == xid and m.status == status for m in current):
        return multi
    keep = [m for m in current
            if transaction_ids.xid_is_running(m.xid)
            or (is_update_status(m.status) and _committed(m.xid))]
    return create_from_members(keep + [MultiXactMember(xid, status)])


def _committed(xid: int) -> bool:
    from pgsnake.access.transam import commit_log
    return commit_log.xid_status(xid) == commit_log.COMMITTED


def create_from_members(new_members: list[MultiXactMember]) -> int:
    """Store a new multixact (MultiXactIdCreateFromMembers), or reuse the one this
    transaction made for the same set."""
    global _callback_registered
    key = tuple(sorted((m.xid, int(m.status)) for m in new_members))
    cached = _created.get(key)
    if cached is not None:
        return cached
    if sum(1 for m in new_members if is_update_status(m.status)) > 1:
        raise PgError(INTERNAL_ERROR, "new multixact has more than one updating member")
    from pgsnake.access.transam import checkpoint
    lock = _gen_lock()
    lock.acquire(lwlock.EXCLUSIVE)
    checkpoint.delay_start()                                    # invariant 2
    try:
        multi, offset = _allocate(len(new_members))
        main = _CREATE_HEADER.pack(multi, offset, len(new_members)) + b"".join(
            _MEMBER.pack(m.xid, int(m.status)) for m in new_members)
        with critical_section("multixact creation"):    # RecordNewMultiXact's
            wal.insert_record(wal.RmgrId.MULTIXACT, XLOG_MULTIXACT_CREATE_ID, main)
            _record(multi, offset, new_members)
    finally:
        checkpoint.delay_end()
        lock.release()
    if not _callback_registered:
        xact.register_callback(_forget_created)
        _callback_registered = True
    _created[key] = multi
    _read_cache[multi] = tuple(new_members)
    return multi


def _allocate(count: int) -> tuple[int, int]:
    """Reserve the next id and `count` member slots, zeroing (and logging) any page they
    start (GetNewMultiXactId, ExtendMultiXactOffset/Member). Under MultiXactGenLock."""
    multi = _load(_NEXT_MULTI)
    if multi < FIRST_MULTIXACT_ID:
        multi = FIRST_MULTIXACT_ID
    if multi >= MAX_MULTIXACT_ID:
        raise PgError("54000", "database is not accepting commands that generate new "
                               "MultiXactIds to avoid wraparound data loss")
    if multi % OFFSETS_PER_PAGE == 0 or multi == FIRST_MULTIXACT_ID:
        _zero_page(OFFSETS_LOG, multi // OFFSETS_PER_PAGE, XLOG_MULTIXACT_ZERO_OFF_PAGE)
    offset = _load(_NEXT_OFFSET)
    if offset == 0:
        offset = 1          # never offset 0: the slot is spent, the page still started
        slots, first = count + 1, 0
    else:
        slots, first = count, offset
    position, left = first, slots
    while left > 0:
        if position % MEMBERS_PER_PAGE == 0:
            _zero_page(MEMBERS_LOG, position // MEMBERS_PER_PAGE, XLOG_MULTIXACT_ZERO_MEM_PAGE)
        step = MEMBERS_PER_PAGE - position % MEMBERS_PER_PAGE
        position += step
        left -= step
    _store(_NEXT_MULTI, multi + 1)
    _store(_NEXT_OFFSET, first + slots)
    return multi, offset


def _zero_page(log: slru.Slru, page: int, info: int) -> None:
    with critical_section("multixact page zeroing"):
        wal.insert_record(wal.RmgrId.MULTIXACT, info, _I32.pack(page))
        log.zero_page(page)


def _record(multi: int, offset: int, new_members) -> None:
    """Write the offset and the members (RecordNewMultiXact)."""
    page, at = _offset_location(multi)
    with OFFSETS_LOG.page_to_change(page) as data:
        _U32.pack_into(data, at, offset)
    for i, member in enumerate(new_members):
        page, flag_at, xid_at = _member_location(offset + i)
        with MEMBERS_LOG.page_to_change(page) as data:
            data[flag_at] = int(member.status)
            _U32.pack_into(data, xid_at, member.xid)


# ---- reading ---------------------------------------------------------------------------------

def members(multi: int, *, lock_only: bool = False) -> tuple[MultiXactMember, ...]:
    """The members of `multi`, in the order they were stored (GetMultiXactIdMembers).
    `lock_only` is accepted for PostgreSQL's signature; without truncation no member
    list is ever dropped early."""
    cached = _read_cache.get(multi)
    if cached is not None:
        return cached
    if multi < FIRST_MULTIXACT_ID:
        raise PgError(INTERNAL_ERROR, f"invalid MultiXactId: {multi}")
    lock = _gen_lock()
    with lock.shared():                      # invariant 1: complete below next_multi
        next_multi, next_offset = _load(_NEXT_MULTI), _load(_NEXT_OFFSET)
        if multi >= next_multi:
            raise PgError(INTERNAL_ERROR,
                          f"MultiXactId {multi} has not been created yet -- apparent wraparound")
        page, at = _offset_location(multi)
        start = _U32.unpack(OFFSETS_LOG.read_bytes(page, at, 4))[0]
        if multi + 1 < next_multi:
            page, at = _offset_location(multi + 1)
            end = _U32.unpack(OFFSETS_LOG.read_bytes(page, at, 4))[0]
        else:
            end = next_offset
    found = []
    for offset in range(start, end):
        page, flag_at, xid_at = _member_location(offset)
        flag = MEMBERS_LOG.read_bytes(page, flag_at, 1)[0]
        xid = _U32.unpack(MEMBERS_LOG.read_bytes(page, xid_at, 4))[0]
        if xid:                              # allocated but never used: skip
            found.append(MultiXactMember(xid, MultiXactStatus(flag)))
    result = tuple(found)
    if len(_read_cache) > 4096:
        _read_cache.clear()
    _read_cache[multi] = result
    return result


def is_running(multi: int, lock_only: bool) -> bool:
    """Is any member still running, this transaction included? (MultiXactIdIsRunning)"""
    found = members(multi, lock_only=lock_only)
    if any(xact.is_current_xid(m.xid) for m in found):
        return True
    return any(transaction_ids.xid_is_running(m.xid) for m in found)


def update_xid(multi: int) -> int:
    """The member that updated or deleted the row, 0 if all only lock it
    (MultiXactIdGetUpdateXid)."""
    for member in members(multi):
        if is_update_status(member.status):
            return member.xid
    return 0


# ---- start-up, initdb, checkpoints ---------------------------------------------------------

def bootstrap() -> None:
    """initdb: page 0 of both logs, zeroed and written (BootStrapMultiXact)."""
    OFFSETS_LOG.zero_page(0, write=True)
    MEMBERS_LOG.zero_page(0, write=True)


def startup(next_multi: int, next_offset: int) -> None:
    """After recovery (StartupMultiXact, TrimMultiXact): the current pages become the
    latest ones, and everything after next_multi / next_offset on them is zeroed
    (invariant 3)."""
    set_next_ids(next_multi, next_offset)
    next_multi = max(next_multi, FIRST_MULTIXACT_ID)
    page, at = _offset_location(next_multi)
    OFFSETS_LOG.set_latest_page(page)
    if at and OFFSETS_LOG.page_exists(page):
        with OFFSETS_LOG.page_to_change(page) as data:
            data[at:] = bytes(slru.PAGE_SIZE - at)
    page, flag_at, _ = _member_location(next_offset)
    MEMBERS_LOG.set_latest_page(page)
    if next_offset % MEMBERS_PER_PAGE and MEMBERS_LOG.page_exists(page):
        group_start = flag_at - next_offset % MEMBERS_PER_GROUP
        with MEMBERS_LOG.page_to_change(page) as data:
            within = next_offset % MEMBERS_PER_GROUP
            for i in range(within, MEMBERS_PER_GROUP):       # the rest of this group
                data[group_start + i] = 0
                _U32.pack_into(data, group_start + MEMBERS_PER_GROUP + i * 4, 0)
            rest = group_start + GROUP_SIZE
            data[rest:] = bytes(slru.PAGE_SIZE - rest)
    _read_cache.clear()
    _created.clear()


def flush_at_checkpoint() -> None:
    """Write and fsync every dirty page of both logs (CheckPointMultiXact)."""
    OFFSETS_LOG.write_all()
    MEMBERS_LOG.write_all()


def forget_cache() -> None:
    """Drop this process's caches (tests, after recovery)."""
    _read_cache.clear()
    _created.clear()


# ---- the MultiXact resource manager --------------------------------------------------------

def redo(rec) -> None:
    info = rec.info & 0xF0
    if info in (XLOG_MULTIXACT_ZERO_OFF_PAGE, XLOG_MULTIXACT_ZERO_MEM_PAGE):
        (page,) = _I32.unpack_from(rec.main_data, 0)
        log = OFFSETS_LOG if info == XLOG_MULTIXACT_ZERO_OFF_PAGE else MEMBERS_LOG
        log.zero_page(page, write=True)
    elif info == XLOG_MULTIXACT_CREATE_ID:
        multi, offset, count = _CREATE_HEADER.unpack_from(rec.main_data, 0)
        new_members = [MultiXactMember(xid, MultiXactStatus(status)) for xid, status in
                       _MEMBER.iter_unpack(rec.main_data[_CREATE_HEADER.size:
                                                         _CREATE_HEADER.size + 8 * count])]
        _record(multi, offset, new_members)
        _advance_next_ids(multi + 1, offset + count)
        # Member xids were handed out before this record: never hand them out again.
        xc.advance("next_xid", max(m.xid for m in new_members) + 1)
        _read_cache.pop(multi, None)


def describe(rec) -> str:
    """mxactdesc's wording: "4 offset 7 nmembers 2: 745 (sh) 746 (sh) "."""
    info = rec.info & 0xF0
    if info in (XLOG_MULTIXACT_ZERO_OFF_PAGE, XLOG_MULTIXACT_ZERO_MEM_PAGE):
        return str(_I32.unpack_from(rec.main_data, 0)[0])
    if info == XLOG_MULTIXACT_CREATE_ID:
        multi, offset, count = _CREATE_HEADER.unpack_from(rec.main_data, 0)
        text = f"{multi} offset {offset} nmembers {count}: "
        for xid, status in _MEMBER.iter_unpack(
                rec.main_data[_CREATE_HEADER.size:_CREATE_HEADER.size + 8 * count]):
            name = STATUS_NAMES[status] if status < len(STATUS_NAMES) else "unk"
            text += f"{xid} ({name}) "
        return text
    return ""


def identify(info: int) -> str:
    return {XLOG_MULTIXACT_ZERO_OFF_PAGE: "ZERO_OFF_PAGE",
            XLOG_MULTIXACT_ZERO_MEM_PAGE: "ZERO_MEM_PAGE",
            XLOG_MULTIXACT_CREATE_ID: "CREATE_ID",
            XLOG_MULTIXACT_TRUNCATE_ID: "TRUNCATE_ID"}.get(info & 0xF0, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.MULTIXACT, "MultiXact", redo, describe)
waldump.register_identify(wal.RmgrId.MULTIXACT, identify)


# ---- pg_get_multixact_members ----------------------------------------------------------------

def pg_get_multixact_members(multi: int):
    """One row (xid, mode) per member (pg_get_multixact_members)."""
    if multi < FIRST_MULTIXACT_ID:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid MultiXactId: {multi}")
    return [(m.xid, status_name(m.status)) for m in members(multi)]


def _register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    XID, TEXT = 28, 25
    functions.register("pg_get_multixact_members", [XID], 2249, pg_get_multixact_members,
                       oid=3819, returns_set=True, out_columns=(("xid", XID), ("mode", TEXT)),
                       rows=1000.0)


_register_sql_functions()
