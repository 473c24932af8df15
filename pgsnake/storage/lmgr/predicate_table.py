"""The shared structures of serializable snapshot isolation (SSI), in one region.

Everything another backend may need to see about a serializable transaction lives here,
because it must outlive the transaction (and even its backend) for as long as any
overlapping transaction is running. predicate.py and predicate_locks.py hold the
algorithms; this module only lays the records out, links them and hands them out.

    Header        counters: commit sequence numbers, the oldest serializable xmin, the
                  number of writable transactions, list heads, free-list heads
    Sxact         one per serializable transaction (PostgreSQL's SERIALIZABLEXACT):
                  flags, snapshot xmin, sequence numbers, the heads of its lists of
                  rw-conflicts in and out, of "possibly unsafe" pairings, of its
                  SIREAD locks and of its xids
    Conflict      one rw-conflict edge reader -> writer (RWConflictData), or one
                  "possibly unsafe" pairing of a read-only transaction with a writable one
    XidEntry      xid -> Sxact (SERIALIZABLEXID): top-level *and* subtransaction xids,
                  so a reader that finds a tuple written by a subtransaction finds the
                  whole transaction without pg_subtrans
    Target        one locked object: relation, page or tuple (PREDICATELOCKTARGET)
    Lock          one SIREAD lock: (Target, Sxact), linked into both (PREDICATELOCK)
    summary ring  commit sequence numbers of summarised transactions by xid (pg_serial)

Records are fixed-size struct fields at fixed offsets; `Sxact(i).flags` reads one field
straight from the segment and `Sxact(i).flags = v` writes it. Lists are doubly linked
through index fields (NONE = -1 ends them); each list's head lives in the record that
owns the list. Hash tables are chained (bucket -> entry.hash_next).

Locking (lwlock.py NAMED_LOCKS order: PredicateLockManagerLock, then
SerializableXactHashLock, then ProcArrayLock):
1. Target, Lock and every list of Locks (per target, per transaction), and the target
   free list and hash, change only under PredicateLockManagerLock exclusive.
2. Sxact fields other than `locks_head`, Conflict, XidEntry, the finished list, the
   summary ring and the Header counters change only under SerializableXactHashLock
   exclusive. A backend may read its *own* Sxact's flags without it (a 4-byte read):
   others only ever add DOOMED / RO_SAFE / RO_UNSAFE bits, which it re-checks under
   the lock before acting on them.
3. Nobody holding either lock waits for anything, takes a buffer content lock, or sets
   a latch (latches are set after release, lock.py rule 3). Both may be taken while a
   buffer content lock is held (heap writes check SIREAD locks under it).
4. An Sxact is on the active list from creation until it is freed; a committed one is
   also on the finished list (in commit order) until it is released or summarised.

Sizes follow PostgreSQL's: targets = max_pred_locks_per_transaction x procs, locks =
2 x targets, transactions = 10 x procs, conflicts = 5 x transactions, where procs is
every proc-array slot plus max_prepared_transactions. The xid table has 4 x
transactions entries, since it also holds subtransaction xids.

PostgreSQL: storage/lmgr/predicate.c (InitPredicateLocks, PredicateLockShmemSize,
CreatePredXact, ReleasePredXact, SerialAdd, SerialGetMinConflictCommitSeqNo,
SerialSetActiveSerXmin), include/storage/predicate_internals.h.
"""
from __future__ import annotations

import struct
from enum import IntFlag
from typing import NamedTuple

from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.utils import settings
from pgsnake.utils.errors import OUT_OF_MEMORY, PgError

NONE = -1
INVALID_BLOCK = 0xFFFFFFFF

# Commit sequence numbers (SerCommitSeqNo): one counter orders prepares and commits.
INVALID_SEQ_NO = (1 << 64) - 1        # "not yet" / "no conflict out", as PostgreSQL
RECOVERY_SEQ_NO = 1                   # a prepared transaction recovered after restart
FIRST_NORMAL_SEQ_NO = 2

SUMMARY_SLOTS = 1 << 16               # xids the summary ring can cover at once


class SxactFlag(IntFlag):
    """SERIALIZABLEXACT flags (PostgreSQL's SXACT_FLAG_*)."""
    COMMITTED = 0x1                # ReleasePredicateLocks ran for a commit
    PREPARED = 0x2                 # passed the pre-commit check: can no longer be chosen to die
    ROLLED_BACK = 0x4              # aborted (or dropped out as read-only safe)
    DOOMED = 0x8                   # will fail at its next check, at the latest at commit
    CONFLICT_OUT = 0x10            # has a conflict out to a transaction that committed first
    READ_ONLY = 0x20               # declared READ ONLY, or committed without writing
    DEFERRABLE_WAITING = 0x40      # READ ONLY DEFERRABLE, waiting for a safe snapshot
    RO_SAFE = 0x80                 # read-only and can no longer be part of an anomaly
    RO_UNSAFE = 0x100              # read-only and its snapshot is known unsafe
    SUMMARY_CONFLICT_IN = 0x200    # had a conflict in from a transaction since summarised
    SUMMARY_CONFLICT_OUT = 0x400   # had a conflict out to a transaction since summarised
    ON_FINISHED_LIST = 0x800       # committed, waiting on the finished list


class TargetTag(NamedTuple):
    """What a SIREAD lock covers (PREDICATELOCKTARGETTAG): a whole relation (page =
    INVALID_BLOCK), one page (offset = 0) or one tuple."""
    database: int
    relation: int
    page: int = INVALID_BLOCK
    offset: int = 0

    @property
    def kind(self) -> str:
        if self.offset:
            return "tuple"
        return "relation" if self.page == INVALID_BLOCK else "page"

    def parent(self) -> "TargetTag | None":
        """The next coarser target (GetParentPredicateLockTag)."""
        if self.offset:
            return TargetTag(self.database, self.relation, self.page)
        if self.page != INVALID_BLOCK:
            return TargetTag(self.database, self.relation)
        return None

    def is_covered_by(self, other: "TargetTag") -> bool:
        """Is this a finer target inside `other` (TargetTagIsCoveredBy)?"""
        if self.relation != other.relation or self.database != other.database or other.offset:
            return False
        if self.offset:
            return other.page == self.page or other.page == INVALID_BLOCK
        return other.page == INVALID_BLOCK and self.page != INVALID_BLOCK


# ---- records -------------------------------------------------------------------------------

class _Record:
    """One fixed-size record of a table in the region; fields are properties made by
    `_record_class`. `view`/`base` are bound to the current segment by `_init`."""
    __slots__ = ("index",)
    view: memoryview | None = None
    base = 0
    SIZE = 0

    def __init__(self, index: int) -> None:
        self.index = index

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.index == self.index

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.index))

    def clear(self) -> None:
        at = self.base + self.index * self.SIZE
        self.view[at:at + self.SIZE] = bytes(self.SIZE)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.index})"


def _field(packer: struct.Struct, offset: int) -> property:
    unpack, pack = packer.unpack_from, packer.pack_into

    def get(self):
        return unpack(self.view, self.base + self.index * self.SIZE + offset)[0]

    def put(self, value):
        pack(self.view, self.base + self.index * self.SIZE + offset, value)
    return property(get, put)


def _record_class(name: str, doc: str, fields: tuple[tuple[str, str], ...]) -> type:
    namespace: dict = {"__slots__": (), "__doc__": doc}
    offset = 0
    for field_name, fmt in fields:
        packer = struct.Struct("<" + fmt)
        namespace[field_name] = _field(packer, offset)
        offset += packer.size
    namespace["SIZE"] = (offset + 7) // 8 * 8
    namespace["FIELDS"] = tuple(f for f, _ in fields)
    namespace["STRUCT"] = struct.Struct("<" + "".join(fmt for _, fmt in fields))
    return type(name, (_Record,), namespace)


Header = _record_class("Header", "The region's counters and list heads (PredXactListData).", (
    ("active_head", "i"),            # every Sxact in use (rule 4)
    ("free_sxact", "i"),
    ("finished_head", "i"),          # committed Sxacts, oldest commit first
    ("finished_tail", "i"),
    ("free_conflict", "i"),
    ("free_xid", "i"),
    ("free_target", "i"),
    ("free_lock", "i"),
    ("old_committed", "i"),          # the dummy Sxact that holds summarised locks
    ("writable_count", "i"),         # WritableSxactCount: active, not declared read-only
    ("global_xmin_count", "i"),      # how many active Sxacts have xmin == global_xmin
    ("sxacts_in_use", "i"),
    ("locks_in_use", "i"),
    ("targets_in_use", "i"),
    ("global_xmin", "Q"),            # SxactGlobalXmin: oldest xmin of active Sxacts, 0: none
    ("last_commit_seq_no", "Q"),     # LastSxactCommitSeqNo
    ("can_partial_clear_through", "Q"),
    ("have_partial_cleared_through", "Q"),
    ("summary_tail_xid", "Q"),       # oldest xid the summary ring may hold (0: unused)
    ("summary_head_xid", "Q"),       # newest xid it holds (0: empty)
))

Sxact = _record_class("Sxact", "One serializable transaction (SERIALIZABLEXACT).", (
    ("flags", "I"),
    ("pid", "i"),                    # 0 once prepared or summarised
    ("proc", "i"),                   # its proc number, for waking it; NONE once prepared
    ("vxid_backend", "i"),           # virtual transaction id shown in pg_locks
    ("vxid_local", "I"),
    ("next", "i"), ("prev", "i"),    # the active list (free list: next only)
    ("finished_next", "i"), ("finished_prev", "i"),
    ("out_head", "i"),               # Conflicts where this is the reader (outConflicts)
    ("in_head", "i"),                # Conflicts where this is the writer (inConflicts)
    ("unsafe_head", "i"),            # possibleUnsafeConflicts
    ("locks_head", "i"),             # its SIREAD Locks (PredicateLockManagerLock, rule 1)
    ("xids_head", "i"),              # its XidEntries
    ("top_xid", "Q"),
    ("xmin", "Q"),                   # its snapshot's xmin
    ("finished_before", "Q"),        # next xid when it ended: whoever started later cannot overlap
    ("last_commit_before_snapshot", "Q"),
    ("prepare_seq_no", "Q"),
    ("commit_seq_no", "Q"),
    ("earliest_out_conflict_commit", "Q"),
))

RW_CONFLICT, POSSIBLY_UNSAFE = 0, 1

Conflict = _record_class("Conflict", "An rw-conflict out of `reader` into `writer`, or "
                         "a possibly-unsafe pairing (writer = the read-only one).", (
    ("kind", "i"),                   # RW_CONFLICT or POSSIBLY_UNSAFE
    ("reader", "i"),                 # sxactOut: linked through out_next/out_prev
    ("writer", "i"),                 # sxactIn: linked through in_next/in_prev
    ("out_next", "i"), ("out_prev", "i"),
    ("in_next", "i"), ("in_prev", "i"),
))

XidEntry = _record_class("XidEntry", "xid -> Sxact (SERIALIZABLEXID).", (
    ("xid", "Q"),
    ("sxact", "i"),
    ("hash_next", "i"),              # bucket chain, or the free list
    ("sxact_next", "i"),             # the Sxact's other xids
))

Target = _record_class("Target", "A locked relation, page or tuple (PREDICATELOCKTARGET).", (
    ("database", "I"), ("relation", "I"), ("page", "I"), ("offset", "I"),
    ("hash_next", "i"),              # bucket chain, or the free list
    ("locks_head", "i"),             # Locks on this target
))

Lock = _record_class("Lock", "One SIREAD lock of one Sxact on one Target (PREDICATELOCK).", (
    ("target", "i"),
    ("sxact", "i"),
    ("target_next", "i"), ("target_prev", "i"),
    ("xact_next", "i"), ("xact_prev", "i"),     # also the free list (xact_next)
    ("commit_seq_no", "Q"),          # set only on summarised locks (OldCommittedSxact's)
))


class Chain:
    """A doubly linked list of records of `table` through the fields `next_field` and
    `prev_field`, whose head is field `head_field` of an owner record."""

    def __init__(self, table: type, next_field: str, prev_field: str) -> None:
        self.table = table
        self.next_field = next_field
        self.prev_field = prev_field

    def push(self, owner: _Record, head_field: str, item: int) -> None:
        first = getattr(owner, head_field)
        record = self.table(item)
        setattr(record, self.next_field, first)
        setattr(record, self.prev_field, NONE)
        if first != NONE:
            setattr(self.table(first), self.prev_field, item)
        setattr(owner, head_field, item)

    def remove(self, owner: _Record, head_field: str, item: int) -> None:
        record = self.table(item)
        following = getattr(record, self.next_field)
        previous = getattr(record, self.prev_field)
        if previous == NONE:
            setattr(owner, head_field, following)
        else:
            setattr(self.table(previous), self.next_field, following)
        if following != NONE:
            setattr(self.table(following), self.prev_field, previous)

    def items(self, owner: _Record, head_field: str) -> list[int]:
        """The indexes in the list now (a copy: removing while walking it is safe)."""
        out = []
        item = getattr(owner, head_field)
        while item != NONE:
            out.append(item)
            item = getattr(self.table(item), self.next_field)
        return out


ACTIVE = Chain(Sxact, "next", "prev")
FINISHED = Chain(Sxact, "finished_next", "finished_prev")
OUT_LINKS = Chain(Conflict, "out_next", "out_prev")
IN_LINKS = Chain(Conflict, "in_next", "in_prev")
TARGET_LOCKS = Chain(Lock, "target_next", "target_prev")
XACT_LOCKS = Chain(Lock, "xact_next", "xact_prev")


# ---- layout ---------------------------------------------------------------------------------

class _Layout:
    __slots__ = ("generation", "view", "n_sxacts", "n_conflicts", "n_xids", "n_targets",
                 "n_locks", "xid_buckets", "target_buckets", "xid_buckets_at",
                 "target_buckets_at", "summary_at")


_t = _Layout()
_t.generation = -1
_BUCKET = struct.Struct("<i")
_SEQ = struct.Struct("<Q")


def proc_count() -> int:
    """PostgreSQL's MaxBackends + max_prepared_xacts: every proc-array slot, plus one
    per possible prepared transaction."""
    return proc_array.slot_count() + settings.get("max_prepared_transactions")


def _sizes() -> dict[str, int]:
    procs = proc_count()
    n_targets = settings.get("max_pred_locks_per_transaction") * procs
    n_sxacts = 10 * procs
    return {"n_sxacts": n_sxacts, "n_conflicts": 5 * n_sxacts, "n_xids": 4 * n_sxacts,
            "n_targets": n_targets, "n_locks": 2 * n_targets}


def _bucket_count(entries: int) -> int:
    return 1 << max(4, (entries - 1).bit_length())


def _plan() -> list[tuple[type | str, int, int]]:
    """(table or name, count, byte offset) for each part of the region."""
    sizes = _sizes()
    parts = [(Header, 1), (Sxact, sizes["n_sxacts"]), (Conflict, sizes["n_conflicts"]),
             (XidEntry, sizes["n_xids"]), ("xid buckets", _bucket_count(sizes["n_xids"])),
             (Target, sizes["n_targets"]), ("target buckets", _bucket_count(sizes["n_targets"])),
             (Lock, sizes["n_locks"]), ("summary", SUMMARY_SLOTS)]
    out, offset = [], 0
    for part, count in parts:
        out.append((part, count, offset))
        item_size = part.SIZE if isinstance(part, type) else (4 if "buckets" in part else 8)
        offset = (offset + count * item_size + 63) // 64 * 64
    out.append(("end", 0, offset))
    return out


def _size() -> int:
    return _plan()[-1][2]


def _init(region: shared_memory.Region) -> None:
    view = region.view
    view[:] = bytes(region.size)
    _t.view = view
    counts = {}
    for part, count, offset in _plan():
        counts[part] = count
        if isinstance(part, type):
            part.view, part.base = view, offset
        elif part == "xid buckets":
            _t.xid_buckets_at = offset
        elif part == "target buckets":
            _t.target_buckets_at = offset
        elif part == "summary":
            _t.summary_at = offset
    _t.n_sxacts, _t.n_conflicts, _t.n_xids = counts[Sxact], counts[Conflict], counts[XidEntry]
    _t.n_targets, _t.n_locks = counts[Target], counts[Lock]
    _t.xid_buckets, _t.target_buckets = counts["xid buckets"], counts["target buckets"]
    for at, buckets in ((_t.xid_buckets_at, _t.xid_buckets),
                        (_t.target_buckets_at, _t.target_buckets)):
        view[at:at + 4 * buckets] = b"\xff" * (4 * buckets)
    header = Header(0)
    for field in ("active_head", "finished_head", "finished_tail", "old_committed"):
        setattr(header, field, NONE)
    header.free_sxact = _chain_free(Sxact, _t.n_sxacts, "next")
    header.free_conflict = _chain_free(Conflict, _t.n_conflicts, "out_next")
    header.free_xid = _chain_free(XidEntry, _t.n_xids, "hash_next")
    header.free_target = _chain_free(Target, _t.n_targets, "hash_next")
    header.free_lock = _chain_free(Lock, _t.n_locks, "xact_next")
    header.last_commit_seq_no = FIRST_NORMAL_SEQ_NO - 1
    _t.generation = shared_memory.generation
    # The dummy transaction that inherits the SIREAD locks of summarised ones
    # (OldCommittedSxact): committed, no vxid, on no list but the active one.
    old = new_sxact()
    old.flags = SxactFlag.COMMITTED
    old.vxid_backend = NONE
    header.old_committed = old.index
    header.sxacts_in_use = 0


_LINK_FIELDS = {
    Sxact: ("next", "prev", "finished_next", "finished_prev", "out_head", "in_head",
            "unsafe_head", "locks_head", "xids_head", "proc"),
    Conflict: ("reader", "writer", "out_prev", "in_next", "in_prev"),
    XidEntry: ("sxact", "sxact_next"),
    Target: ("locks_head",),
    Lock: ("target", "sxact", "target_next", "target_prev", "xact_prev"),
}


def _chain_free(table: type, count: int, link: str) -> int:
    """Write every record with its link fields NONE and chain them all into a free list
    through `link`; returns the list's head. (One pack per record: the region may hold
    tens of thousands of them and is built at every start and crash-restart.)"""
    values = [NONE if f in _LINK_FIELDS[table] else 0 for f in table.FIELDS]
    position = table.FIELDS.index(link)
    pack, view, base, size = table.STRUCT.pack_into, table.view, table.base, table.SIZE
    for i in range(count):
        values[position] = i + 1 if i + 1 < count else NONE
        pack(view, base + i * size, *values)
    return 0 if count else NONE


shared_memory.request_region("PredicateLocks", _size, _init)


def is_ready() -> bool:
    """True when the current segment holds these structures."""
    return _t.generation == shared_memory.generation


def header() -> Header:
    return Header(0)


def old_committed() -> Sxact:
    """OldCommittedSxact: holder of summarised transactions' SIREAD locks."""
    return Sxact(Header(0).old_committed)


def capacity() -> dict[str, int]:
    """How many of each record the region holds (tests, introspection)."""
    return {"sxacts": _t.n_sxacts, "conflicts": _t.n_conflicts, "xids": _t.n_xids,
            "targets": _t.n_targets, "locks": _t.n_locks}


def _out_of_memory(what: str, hint: str) -> PgError:
    return PgError(OUT_OF_MEMORY, what, hint=hint)


# ---- free lists and hash chains --------------------------------------------------------------

def _take_free(free_field: str, table: type, link: str, hint: str) -> _Record:
    """Pop a record off the free list whose head is Header field `free_field`."""
    header = Header(0)
    index = getattr(header, free_field)
    if index == NONE:
        raise _out_of_memory("out of shared memory", hint)
    record = table(index)
    setattr(header, free_field, getattr(record, link))
    return record


def _give_back(free_field: str, record: _Record, link: str) -> None:
    header = Header(0)
    setattr(record, link, getattr(header, free_field))
    setattr(header, free_field, record.index)


def _hash_link(record: _Record, bucket_at: int) -> None:
    """Put `record` at the head of the chain of the bucket at `bucket_at`."""
    record.hash_next = _BUCKET.unpack_from(_t.view, bucket_at)[0]
    _BUCKET.pack_into(_t.view, bucket_at, record.index)


def _hash_unlink(record: _Record, bucket_at: int) -> None:
    chain = _BUCKET.unpack_from(_t.view, bucket_at)[0]
    if chain == record.index:
        _BUCKET.pack_into(_t.view, bucket_at, record.hash_next)
        return
    table = type(record)
    while chain != NONE:
        previous = table(chain)
        if previous.hash_next == record.index:
            previous.hash_next = record.hash_next
            return
        chain = previous.hash_next


# ---- serializable transactions (SerializableXactHashLock) -----------------------------------

def new_sxact() -> Sxact | None:
    """A cleared Sxact on the active list, or None if none is free (CreatePredXact)."""
    header = Header(0)
    if header.free_sxact == NONE:
        return None
    sxact = _take_free("free_sxact", Sxact, "next", "")
    sxact.clear()
    for field in ("finished_next", "finished_prev", "out_head", "in_head", "unsafe_head",
                  "locks_head", "xids_head", "proc"):
        setattr(sxact, field, NONE)
    ACTIVE.push(header, "active_head", sxact.index)
    header.sxacts_in_use += 1
    return sxact


def free_sxact(sxact: Sxact) -> None:
    """Off the active list and back to the free list (ReleasePredXact). Its conflicts,
    locks and xids must be gone already."""
    header = Header(0)
    ACTIVE.remove(header, "active_head", sxact.index)
    sxact.flags = 0
    _give_back("free_sxact", sxact, "next")
    header.sxacts_in_use -= 1


def active_sxacts() -> list[Sxact]:
    return [Sxact(i) for i in ACTIVE.items(Header(0), "active_head")]


def push_finished(sxact: Sxact) -> None:
    """Add a committed Sxact at the tail of the finished list (commit order)."""
    header = Header(0)
    sxact.finished_next = NONE
    sxact.finished_prev = header.finished_tail
    if header.finished_tail == NONE:
        header.finished_head = sxact.index
    else:
        Sxact(header.finished_tail).finished_next = sxact.index
    header.finished_tail = sxact.index
    sxact.flags |= SxactFlag.ON_FINISHED_LIST


def remove_finished(sxact: Sxact) -> None:
    header = Header(0)
    previous, following = sxact.finished_prev, sxact.finished_next
    if previous == NONE:
        header.finished_head = following
    else:
        Sxact(previous).finished_next = following
    if following == NONE:
        header.finished_tail = previous
    else:
        Sxact(following).finished_prev = previous
    sxact.finished_next = sxact.finished_prev = NONE
    sxact.flags &= ~SxactFlag.ON_FINISHED_LIST


def finished_sxacts() -> list[Sxact]:
    return [Sxact(i) for i in FINISHED.items(Header(0), "finished_head")]


# ---- rw-conflicts -------------------------------------------------------------------------------

def _conflict_heads(kind: int) -> tuple[str, str]:
    """The head fields in the reader's and the writer's Sxact for this kind of edge."""
    return ("out_head", "in_head") if kind == RW_CONFLICT else ("unsafe_head", "unsafe_head")


def add_conflict(kind: int, reader: Sxact, writer: Sxact) -> None:
    """Record an edge (SetRWConflict / SetPossibleUnsafeConflict). For POSSIBLY_UNSAFE
    the `reader` side is the writable transaction and `writer` the read-only one, as
    PostgreSQL links them."""
    if Header(0).free_conflict == NONE:
        what = "read/write conflict" if kind == RW_CONFLICT else "potential read/write conflict"
        raise _out_of_memory(f"not enough elements in RWConflictPool to record a {what}",
                             "You might need to run fewer transactions at a time or "
                             "increase max_connections.")
    conflict = _take_free("free_conflict", Conflict, "out_next", "")
    conflict.kind, conflict.reader, conflict.writer = kind, reader.index, writer.index
    out_head, in_head = _conflict_heads(kind)
    OUT_LINKS.push(reader, out_head, conflict.index)
    IN_LINKS.push(writer, in_head, conflict.index)


def release_conflict(conflict: Conflict) -> None:
    """Unlink an edge from both transactions and free it (ReleaseRWConflict)."""
    out_head, in_head = _conflict_heads(conflict.kind)
    OUT_LINKS.remove(Sxact(conflict.reader), out_head, conflict.index)
    IN_LINKS.remove(Sxact(conflict.writer), in_head, conflict.index)
    conflict.reader = conflict.writer = NONE
    _give_back("free_conflict", conflict, "out_next")


def conflicts_out(sxact: Sxact) -> list[Conflict]:
    return [Conflict(i) for i in OUT_LINKS.items(sxact, "out_head")]


def conflicts_in(sxact: Sxact) -> list[Conflict]:
    return [Conflict(i) for i in IN_LINKS.items(sxact, "in_head")]


def possibly_unsafe(sxact: Sxact) -> list[Conflict]:
    """The pairings of a read-only Sxact with writable ones, or of a writable one with
    read-only ones, depending on which it is."""
    links = IN_LINKS if sxact.flags & SxactFlag.READ_ONLY else OUT_LINKS
    return [Conflict(i) for i in links.items(sxact, "unsafe_head")]


def conflict_exists(reader: Sxact, writer: Sxact) -> bool:
    """Is there already an edge reader -> writer (RWConflictExists)?"""
    if (reader.flags | writer.flags) & SxactFlag.DOOMED:
        return False
    if reader.out_head == NONE or writer.in_head == NONE:
        return False
    return any(Conflict(i).writer == writer.index for i in OUT_LINKS.items(reader, "out_head"))


# ---- xids ---------------------------------------------------------------------------------------

def _xid_bucket_at(xid: int) -> int:
    return _t.xid_buckets_at + 4 * ((xid * 0x9E3779B1) >> 7 & (_t.xid_buckets - 1))


def find_xid(xid: int) -> Sxact | None:
    """The Sxact that `xid` (a top-level or subtransaction xid) belongs to."""
    index = _BUCKET.unpack_from(_t.view, _xid_bucket_at(xid))[0]
    while index != NONE:
        entry = XidEntry(index)
        if entry.xid == xid:
            return Sxact(entry.sxact)
        index = entry.hash_next
    return None


def add_xid(xid: int, sxact: Sxact) -> None:
    entry = _take_free("free_xid", XidEntry, "hash_next",
                       "You might need to increase max_connections.")
    entry.xid, entry.sxact = xid, sxact.index
    _hash_link(entry, _xid_bucket_at(xid))
    entry.sxact_next = sxact.xids_head
    sxact.xids_head = entry.index


def xids_of(sxact: Sxact) -> list[int]:
    out = []
    index = sxact.xids_head
    while index != NONE:
        entry = XidEntry(index)
        out.append(entry.xid)
        index = entry.sxact_next
    return out


def remove_xids(sxact: Sxact) -> None:
    """Forget every xid of `sxact`."""
    index = sxact.xids_head
    while index != NONE:
        entry = XidEntry(index)
        index = entry.sxact_next
        _hash_unlink(entry, _xid_bucket_at(entry.xid))
        entry.xid, entry.sxact = 0, NONE
        _give_back("free_xid", entry, "hash_next")
    sxact.xids_head = NONE


# ---- lock targets and locks (PredicateLockManagerLock) --------------------------------

def _target_bucket_at(tag: TargetTag) -> int:
    h = (tag.relation * 0x9E3779B1 ^ tag.page * 0x85EBCA77 ^ tag.offset * 0xC2B2AE3D
         ^ tag.database * 0x27D4EB2F)
    h ^= h >> 15
    return _t.target_buckets_at + 4 * (h & (_t.target_buckets - 1))


def target_tag(target: Target) -> TargetTag:
    return TargetTag(target.database, target.relation, target.page, target.offset)


def find_target(tag: TargetTag) -> Target | None:
    index = _BUCKET.unpack_from(_t.view, _target_bucket_at(tag))[0]
    while index != NONE:
        target = Target(index)
        if (target.relation == tag.relation and target.page == tag.page
                and target.offset == tag.offset and target.database == tag.database):
            return target
        index = target.hash_next
    return None


def find_or_create_target(tag: TargetTag) -> Target:
    target = find_target(tag)
    if target is not None:
        return target
    target = _take_free("free_target", Target, "hash_next",
                        "You might need to increase max_pred_locks_per_transaction.")
    target.database, target.relation, target.page, target.offset = tag
    target.locks_head = NONE
    _hash_link(target, _target_bucket_at(tag))
    Header(0).targets_in_use += 1
    return target


def free_target_if_unused(target: Target) -> None:
    """Drop a target nobody locks any more (RemoveTargetIfNoLongerUsed)."""
    if target.locks_head != NONE:
        return
    _hash_unlink(target, _target_bucket_at(target_tag(target)))
    target.database = target.relation = target.page = target.offset = 0
    _give_back("free_target", target, "hash_next")
    Header(0).targets_in_use -= 1


def all_targets() -> list[Target]:
    out = []
    for b in range(_t.target_buckets):
        index = _BUCKET.unpack_from(_t.view, _t.target_buckets_at + 4 * b)[0]
        while index != NONE:
            out.append(Target(index))
            index = Target(index).hash_next
    return out


def find_lock(target: Target, sxact: Sxact) -> Lock | None:
    index = target.locks_head
    while index != NONE:
        lock = Lock(index)
        if lock.sxact == sxact.index:
            return lock
        index = lock.target_next
    return None


def new_lock(target: Target, sxact: Sxact) -> Lock:
    """A SIREAD lock of `sxact` on `target`, linked into both (the caller has checked
    that none exists)."""
    lock = _take_free("free_lock", Lock, "xact_next",
                      "You might need to increase max_pred_locks_per_transaction.")
    lock.target, lock.sxact, lock.commit_seq_no = target.index, sxact.index, INVALID_SEQ_NO
    TARGET_LOCKS.push(target, "locks_head", lock.index)
    XACT_LOCKS.push(sxact, "locks_head", lock.index)
    Header(0).locks_in_use += 1
    return lock


def free_lock(lock: Lock) -> None:
    """Unlink a lock from its target and its transaction and free it; the target stays
    (call free_target_if_unused)."""
    TARGET_LOCKS.remove(Target(lock.target), "locks_head", lock.index)
    XACT_LOCKS.remove(Sxact(lock.sxact), "locks_head", lock.index)
    lock.target = lock.sxact = NONE
    _give_back("free_lock", lock, "xact_next")
    Header(0).locks_in_use -= 1


def locks_of_target(target: Target) -> list[Lock]:
    return [Lock(i) for i in TARGET_LOCKS.items(target, "locks_head")]


def locks_of_sxact(sxact: Sxact) -> list[Lock]:
    return [Lock(i) for i in XACT_LOCKS.items(sxact, "locks_head")]


# ---- the summary of old committed transactions (pg_serial) ---------------------------------------
#
# When every Sxact is in use, the oldest committed one is summarised: its locks go to the
# dummy old_committed Sxact and what later readers must know about it -- the commit
# sequence number of the earliest transaction it had a conflict out to, or
# INVALID_SEQ_NO for none -- is stored here by xid. 0 means "not summarised". The ring
# holds the xids in [summary_tail_xid, summary_head_xid]; the tail follows the oldest
# xmin of active serializable transactions, as PostgreSQL's SLRU tail does.

def _summary_at(xid: int) -> int:
    return _t.summary_at + 8 * (xid % SUMMARY_SLOTS)


def _zero_summary(first: int, last: int) -> None:
    """Zero the slots of xids first..last (inclusive), at most the whole ring."""
    if last < first:
        return
    if last - first + 1 >= SUMMARY_SLOTS:
        _t.view[_t.summary_at:_t.summary_at + 8 * SUMMARY_SLOTS] = bytes(8 * SUMMARY_SLOTS)
        return
    for xid in range(first, last + 1):
        _SEQ.pack_into(_t.view, _summary_at(xid), 0)


def summary_add(xid: int, seq_no: int) -> None:
    """SerialAdd: remember a summarised transaction's earliest conflict-out commit."""
    header = Header(0)
    tail, head = header.summary_tail_xid, header.summary_head_xid
    if not tail or xid < tail:
        # No active serializable transaction overlaps it: nobody will ask.
        return
    if xid - tail >= SUMMARY_SLOTS:
        raise _out_of_memory("out of shared memory",
                             f"pgsnake summarises at most {SUMMARY_SLOTS} transactions "
                             "behind the oldest serializable snapshot; end long-running "
                             "serializable transactions.")
    if not head:
        _zero_summary(tail, xid - 1)
        header.summary_head_xid = xid
    elif xid > head:
        _zero_summary(head + 1, xid - 1)
        header.summary_head_xid = xid
    _SEQ.pack_into(_t.view, _summary_at(xid), seq_no)


def summary_get(xid: int) -> int:
    """SerialGetMinConflictCommitSeqNo: 0 if `xid` was not summarised."""
    header = Header(0)
    tail, head = header.summary_tail_xid, header.summary_head_xid
    if not head or xid < tail or xid > head:
        return 0
    return _SEQ.unpack_from(_t.view, _summary_at(xid))[0]


def summary_set_tail(xmin: int) -> None:
    """SerialSetActiveSerXmin: the oldest xmin of active serializable transactions moved
    to `xmin` (0: none is active, so nothing summarised can matter any more)."""
    header = Header(0)
    if not xmin:
        header.summary_tail_xid = header.summary_head_xid = 0
        return
    head = header.summary_head_xid
    if head and xmin > head:
        header.summary_head_xid = 0
    header.summary_tail_xid = xmin
