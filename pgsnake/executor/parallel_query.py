"""Parallel query: the leader's parallel context (one dynamic shared memory segment per
Gather execution, the workers it asked the postmaster for, their tuple queues) and a
worker's run of the plan fragment.

The segment (storage/ipc/dsm.py), laid out by the leader before it asks for workers:
    0   16s  token (also in each worker's bgworker slot: the worker checks it)
    16  24   (unused)
    40  u32  payload length          44 u32 queue size       48 u32 workers
    56  u32  stop: the leader needs no more rows (no block is handed out after it)
    60  u32  the size of the nodes' shared area
    64  ...  payload: the pickled plan fragment, snapshot, parameters, settings
    then (64-aligned) the shared area: a slot per parallel-aware node of the fragment
         (shared_layout: a Parallel Seq Scan's next block, table size in blocks when
         the scan began and chunk size; a Parallel Index Scan's B-tree position; a
         Parallel Bitmap Heap Scan's next page; a Parallel Append's children's flags)
    then one tuple queue (storage/ipc/shm_mq.py) per worker
The payload (plan_transfer.py) holds the Gather's child plan, the leader's snapshot (so
every process sees the same rows), the statement's parameter values and start time,
the session's changed settings, and whether EXPLAIN ANALYZE counts rows.

A worker (postmaster/parallel_worker.py starts it as a session of the leader's database
and user) attaches, checks the token, runs the fragment and sends each batch of rows as
one message: b"D" + pickled rows; at the end, under EXPLAIN ANALYZE, b"I" + its per-node
counters (in the fragment's pre-order); an ERROR is sent as b"E" + its fields, which the
leader raises again (SQLSTATE, message, detail, hint, with CONTEXT "parallel worker").
Then it detaches from its queue and exits.

Rules:
1. No workers (the leader runs the fragment alone; EXPLAIN ANALYZE says "Workers
   Launched: 0") when the transaction has written (its combo command ids and own rows
   are not shared), under SERIALIZABLE (predicate locks are not shared), inside a
   parallel worker, when max_parallel_workers / max_worker_processes slots are all taken,
   when the fragment cannot be pickled (plan_transfer.PlanNotTransferable), or for a
   portal the client fetches in pieces (an Execute with a row limit: PostgreSQL's
   ExecutePlan runs such a portal without parallel mode, so no worker waits between
   fetches; Execution.run_without_workers).
2. The leader keeps the segment until every worker it asked for is GONE (its bgworker
   slot), so a worker never attaches to a closed (or reused) descriptor; at the end, on
   error or cancel, it first detaches from the queues and sends SIGTERM to the workers
   still running, then waits for them on its latch.
3. Rows from a worker are read from the queues round-robin without waiting; with
   nothing to read, the leader runs one batch of the fragment itself
   (parallel_leader_participation, or when no worker started), else it sleeps on its
   latch, which every worker sets after each write and when it detaches or exits.

Entry points: ParallelContext.begin(gather_plan, estate) (the Gather node; its
`allocators` by node), run_worker(details) (a worker; estate.parallel_scans by node),
BlockAllocator / LocalBlocks (a parallel-aware node's shared state), shared_layout.

PostgreSQL: access/transam/parallel.c (CreateParallelContext, InitializeParallelDSM,
LaunchParallelWorkers, WaitForParallelWorkersToFinish, ParallelWorkerMain),
executor/execParallel.c (ExecInitParallelPlan, ExecParallelGetReceiver, ParallelQueryMain),
access/heap/heapam.c / tableam.c (table_block_parallelscan_nextpage).
"""
from __future__ import annotations

import os
import pickle
import secrets
import signal
import struct
import time
import zlib

from pgsnake.executor import plan_transfer
from pgsnake.storage.ipc import bgworker_slots, dsm, latch, shm_mq
from pgsnake.storage.lmgr import condition_variable
from pgsnake.utils import interrupts, process_state, settings, temp_files
from pgsnake.utils.errors import PgError

PAYLOAD_AT = 64
QUEUE_SIZE = 256 * 1024
_HEADER = struct.Struct("<16sQQQIII")
MAX_CHUNK = 8192                  # PARALLEL_SEQSCAN_MAX_CHUNK_SIZE
NCHUNKS = 2048                    # PARALLEL_SEQSCAN_NCHUNKS
_STOP = STOP_AT = 56
_AREA_SIZE = 60                   # u32: the size of the nodes' shared area (shared_layout)
STOP_GRACE = 5.0                  # seconds a worker gets to stop by itself before SIGTERM
_SESSION_SOURCES = {"session", "database", "user", "database user", "client", "interactive"}


def chunk_size(nblocks: int) -> int:
    """table_block_parallelscan_startblock_init: a power of two near nblocks / 2048."""
    target = max(nblocks // NCHUNKS, 1)
    return min(1 << (target - 1).bit_length(), MAX_CHUNK)


class BlockAllocator:
    """The shared state of one parallel-aware node in the segment (its slot at `at`,
    shared_layout): for a Parallel Seq Scan, the blocks handed out chunk by chunk
    through an atomic counter (each block goes to exactly one process); for the others,
    their zeroed words (shared_word)."""

    def __init__(self, segment, at: int) -> None:
        self.segment, self.at = segment, at
        self.nblocks, self.chunk = _SLOT.unpack_from(segment.buf, at + 8)

    def blocks(self):
        atomics, at = self.segment.atomics, self.at
        while True:
            if atomics.load_u32(_STOP):
                return                      # the leader has what it needs
            start = atomics.fetch_add_u64(at, self.chunk)
            if start >= self.nblocks:
                return
            yield from range(start, min(start + self.chunk, self.nblocks))

    def shared_word(self):
        """(atomics, offset) of the slot's first zeroed word: a Parallel Index Scan's
        shared B-tree position (access/nbtree/parallel_scan.py), a Parallel Bitmap
        Heap Scan's page count, a Parallel Append's (its children's flags follow)."""
        return self.segment.atomics, self.at


_SLOT = struct.Struct("<QQ")        # a Parallel Seq Scan's slot: nblocks, chunk (after next)
_PARALLEL_NODES = ("ParallelSeqScan", "ParallelIndexScan", "ParallelBitmapHeapScan",
                   "ParallelAppend", "ParallelHash")


def wait_key(segment) -> int:
    """The condition variable key every barrier of a segment sleeps on (parallel_hash.py):
    broadcast when the leader stops the query, so no worker sleeps on past it."""
    return condition_variable.key(condition_variable.PARALLEL_QUERY,
                                  zlib.crc32(segment.name.encode()))


def shared_layout(plan) -> tuple[dict, int]:
    """({id(node): offset of its slot from the area's start}, the area's size) for the
    fragment's parallel-aware nodes, in pre-order (leader and workers compute the same
    from the same plan): 32 bytes each (a counter or word, then a Parallel Seq Scan's
    table size and chunk; a Parallel Hash's build barrier, parallel_hash.py), a Parallel
    Append's one more u32 per child, 8-aligned."""
    slots, size = {}, 0
    for node in fragment_nodes(plan):
        kind = type(node).__name__
        if kind in _PARALLEL_NODES:
            slots[id(node)] = size
            size += 32
            if kind == "ParallelAppend":
                size += (4 * len(node.subplans) + 7) // 8 * 8
    return slots, size


class LocalBlocks:
    """A parallel scan run by the leader alone (no segment could be made)."""

    def __init__(self, nblocks: int) -> None:
        self.nblocks = nblocks
        self._given = False

    def shared_word(self):
        return None                        # (the leader alone: a serial index scan)

    def blocks(self):
        if self._given:
            return iter(())
        self._given = True
        return iter(range(self.nblocks))


def _table_blocks(node) -> int:
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.smgr.relation_path import ForkNumber
    return bufmgr.nblocks(node.relation.locator, ForkNumber.MAIN)


def fragment_nodes(plan) -> list:
    """The fragment's nodes in pre-order: how worker counters find the leader's nodes."""
    out, pending = [], [plan]
    while pending:
        node = pending.pop()
        out.append(node)
        pending.extend(reversed(node.children()))
    return out


# the leader's identity and transaction state are not settings a worker copies
_NOT_COPIED = {"role", "session_authorization", "transaction_isolation",
               "transaction_read_only", "transaction_deferrable"}


def _changed_settings() -> dict:
    changed = {}
    for setting in settings.all_settings():
        if setting.context in ("user", "superuser") and setting.name not in _NOT_COPIED \
                and settings.source(setting.name) in _SESSION_SOURCES:
            changed[setting.name] = settings.show(setting.name)
    return changed


def _workers_allowed(estate) -> bool:
    from pgsnake.access.transam import xact
    from pgsnake.storage.lmgr import predicate
    if process_state.process_kind == "parallel worker":
        return False
    if xact.get_current_xid_if_any():
        return False                       # rule 1: the transaction wrote
    if predicate.tracking:
        return False                       # rule 1: SERIALIZABLE
    if getattr(estate, "no_parallel_workers", False):
        return False                       # rule 1: a portal fetched in pieces
    return estate.snapshot is not None


_live: set = set()        # contexts not finished yet: ended at the latest with the transaction


def _at_transaction_end(event: str) -> None:
    """Rule 2 at commit or abort: no worker outlives its leader's transaction (a portal
    whose plan was never ended: an error above the Gather, a dropped cursor)."""
    if event in ("commit", "abort", "prepare"):
        for context in list(_live):
            context.finish()


class ParallelContext:
    """One execution of a Gather: its segment, workers and queues (the leader's side)."""

    def __init__(self) -> None:
        self.segment = None
        self.slots: list[int] = []
        self.receivers: list = []
        self.allocators: dict = {}     # id(parallel-aware node) -> its shared state
        self.nodes: list = []

    @classmethod
    def begin(cls, gather, estate, bitmaps=None) -> "ParallelContext":
        """`bitmaps`: the leader's sorted TIDs per Parallel Bitmap Heap Scan, by the
        node's position in fragment_nodes (sent to the workers in the payload)."""
        ctx = cls()
        nodes = fragment_nodes(gather.child)
        sizes = {id(node): _table_blocks(node) for node in nodes
                 if type(node).__name__ == "ParallelSeqScan"}
        wanted = gather.num_workers if _workers_allowed(estate) else 0
        payload = None
        if wanted:
            try:
                payload = plan_transfer.dumps(dict(
                    plan=gather.child, snapshot=estate.snapshot, params=list(estate.params),
                    statement_time=estate.statement_time, user_name=estate.user_name,
                    query=process_state.debug_query_string,
                    settings=_changed_settings(), bitmaps=bitmaps or {},
                    instrument=estate.instrumentation is not None))
            except plan_transfer.PlanNotTransferable:
                wanted = 0
        if not wanted:
            ctx.allocators = {id(node): LocalBlocks(sizes.get(id(node), 0)) for node in nodes
                              if type(node).__name__ in _PARALLEL_NODES}
            return ctx
        _register_callback()
        _become_lock_group_leader()
        token = secrets.token_bytes(16)
        slots, area = shared_layout(gather.child)
        shared_at = PAYLOAD_AT + (len(payload) + 63) // 64 * 64
        queues_at = shared_at + (area + 63) // 64 * 64
        segment = dsm.create(queues_at + wanted * QUEUE_SIZE)
        ctx.segment = segment
        _live.add(ctx)
        _HEADER.pack_into(segment.buf, 0, token, 0, 0, 0, len(payload), QUEUE_SIZE, wanted)
        struct.pack_into("<I", segment.buf, _AREA_SIZE, area)
        segment.buf[PAYLOAD_AT:PAYLOAD_AT + len(payload)] = payload
        for node_id, nblocks in sizes.items():
            _SLOT.pack_into(segment.buf, shared_at + slots[node_id] + 8, nblocks,
                            chunk_size(nblocks))
        for i in range(wanted):
            shm_mq.init_queue(segment, queues_at + i * QUEUE_SIZE, QUEUE_SIZE)
        ctx.receivers = [shm_mq.Receiver(segment, queues_at + i * QUEUE_SIZE, QUEUE_SIZE)
                         for i in range(wanted)]
        ctx.allocators = {node_id: BlockAllocator(segment, shared_at + at)
                          for node_id, at in slots.items()}
        ctx.nodes = nodes
        ctx.slots = bgworker_slots.request(wanted, segment.name, token,
                                           process_state.database_oid, process_state.user_oid)
        # Queues of workers that could not even be asked for are never read.
        ctx.receivers = ctx.receivers[:len(ctx.slots)]
        return ctx

    @property
    def launched(self) -> int:
        return len(self.slots)

    def active(self) -> list[int]:
        return [i for i, r in enumerate(self.receivers) if r is not None]

    def read(self, estate):
        """One message's rows from any worker without waiting: a list of rows, [] when
        none was ready, or None when every worker has finished."""
        any_open = False
        for i in range(len(self.receivers)):
            rows = self.read_from(i, estate)
            if rows:
                return rows
            if rows is not None:
                any_open = True
        return [] if any_open else None

    def read_from(self, i: int, estate):
        """Worker i's next rows without waiting: a list, [] when none are ready yet, None
        when it has finished. Every message the queue holds is taken before [] is
        returned (rule 3): a wake-up its sender gave for a later one (or for its
        detaching) may already be used up."""
        receiver = self.receivers[i]
        while receiver is not None:
            message = receiver.receive()
            if message is None:
                if bgworker_slots.state(self.slots[i]) != bgworker_slots.GONE:
                    return []
                message = receiver.receive()     # (it may have written, then gone)
                if message is None:
                    message = shm_mq.DETACHED    # never started, or died
            if message is shm_mq.DETACHED:
                self.receivers[i] = receiver = None
                break
            kind, body = message[:1], message[1:]
            if kind == b"D":
                return pickle.loads(body)
            if kind == b"E":
                fields = pickle.loads(body)
                raise PgError(fields.pop("sqlstate"), fields.pop("message"), **fields)
            if kind == b"I":
                self._add_counters(estate, pickle.loads(body), i)
        return None

    def _add_counters(self, estate, worker_counters: list, worker: int) -> None:
        """A worker's per-node counters added to the leader's, and kept per worker
        under ("workers", id(node)) for EXPLAIN ANALYZE VERBOSE's "Worker N:" lines."""
        if estate.instrumentation is None:
            return
        from pgsnake.executor.plan_state import NodeCounters
        for node, counted in zip(self.nodes, worker_counters):
            if counted is None:
                continue
            per_worker = estate.instrumentation.setdefault(("workers", id(node)), {})
            own = per_worker.setdefault(worker, {})
            for name, value in counted.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    own[name] = own.get(name, 0) + value
            mine = estate.instrumentation.setdefault(id(node), NodeCounters())
            if counted.get("hash_stats") and getattr(mine, "hash_stats", None) is None:
                mine.hash_stats = counted["hash_stats"]     # a hash built by workers only
            for name, value in counted.items():
                current = getattr(mine, name, None)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                        isinstance(current, (int, float)):
                    setattr(mine, name, current + value)

    def finish(self) -> None:
        """Rule 2: tell the workers to stop (no more blocks; their queues detached),
        give them STOP_GRACE seconds to end by themselves, then SIGTERM the ones still
        running; wait until all are gone."""
        _live.discard(self)
        if self.segment is not None:
            self.segment.atomics.store_u32(_STOP, 1)
            condition_variable.broadcast(wait_key(self.segment))   # barrier sleepers
        for receiver in self.receivers:
            if receiver is not None:
                receiver.detach()
        self.receivers = []
        pending = list(self.slots)
        deadline = time.monotonic() + STOP_GRACE
        while pending:
            latch.reset_my_latch()
            late = time.monotonic() >= deadline
            still = []
            for slot in pending:
                state = bgworker_slots.state(slot)
                if state == bgworker_slots.GONE:
                    bgworker_slots.release(slot)
                    continue
                pid = bgworker_slots.worker_pid(slot) if late else 0
                if pid:
                    try:
                        os.kill(pid, signal.SIGTERM)
                    except ProcessLookupError:
                        pass
                still.append(slot)
            pending = still
            if pending:
                latch.wait(None if late else max(deadline - time.monotonic(), 0.0))
        self.slots = []
        if self.segment is not None:
            temp_files.remove_fileset(self.segment.name)     # Parallel Hash's inner rows
            self.segment.detach()
            self.segment = None


_group_leader = False


def _become_lock_group_leader() -> None:
    global _group_leader
    if not _group_leader:
        from pgsnake.storage.lmgr import lock
        lock.become_lock_group_leader()
        _group_leader = True


def _lock_relations(plan) -> None:
    """The worker's locks on what its fragment scans: AccessShareLock on each table and
    index, as the leader's (it is in the leader's lock group, so they never wait for
    the leader's own; ExecGetRangeTableRelation, index_open in a worker)."""
    from pgsnake.catalog import relation_locks
    from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE
    seen = set()
    for node in fragment_nodes(plan):
        for relation in (getattr(node, "relation", None), getattr(node, "index", None)):
            oid = getattr(relation, "oid", None)
            if isinstance(oid, int) and oid not in seen:
                seen.add(oid)
                relation_locks.lock_relation_oid(oid, ACCESS_SHARE)


_registered = False


def _register_callback() -> None:
    global _registered
    if not _registered:
        from pgsnake.access.transam import xact
        xact.register_callback(_at_transaction_end)
        _registered = True


# ---- the worker's side ------------------------------------------------------------------

def _error_fields(error: PgError) -> dict:
    fields = dict(sqlstate=error.sqlstate, message=error.message)
    for name in ("detail", "hint", "schema", "table", "column", "datatype", "constraint"):
        value = getattr(error, name, None)
        if value is not None:
            fields[name] = value
    context = getattr(error, "context", None)
    fields["context"] = (context + "\n" if context else "") + "parallel worker"
    return fields


def run_worker(details: dict) -> None:
    """Run the fragment the segment holds and send its rows (a worker's life after it
    became a session; errors are sent to the leader, not raised)."""
    from pgsnake.executor.expression_eval import ExecutorState
    from pgsnake.executor.plan_state import batches_of, init_node
    try:
        segment = dsm.attach(details["dsm_name"])
    except (FileNotFoundError, PermissionError, ValueError):
        return                                    # the leader is gone already
    try:
        token, _, _, _, length, queue_size, workers = _HEADER.unpack_from(segment.buf, 0)
        number = details["worker_number"]
        if token != details["token"] or number >= workers:
            return
        shared_at = PAYLOAD_AT + (length + 63) // 64 * 64
        area = struct.unpack_from("<I", segment.buf, _AREA_SIZE)[0]
        queues_at = shared_at + (area + 63) // 64 * 64
        sender = shm_mq.Sender(segment, queues_at + number * queue_size, queue_size)
        try:
            _run_fragment(segment, length, sender, ExecutorState, init_node, batches_of)
        except PgError as error:
            sender.send(b"E" + pickle.dumps(_error_fields(error)))
            raise
        except Exception as failure:      # a bug: the leader gets an ERROR, not a crash
            from pgsnake.utils import elog
            import traceback
            elog.log(f"parallel worker failed: {type(failure).__name__}: {failure}", "LOG",
                     detail=traceback.format_exc())
            error = PgError("XX000", "parallel worker could not run its plan")
            sender.send(b"E" + pickle.dumps(_error_fields(error)))
            raise error from None
        finally:
            sender.detach()
    finally:
        segment.detach()


def _run_fragment(segment, length, sender, ExecutorState, init_node, batches_of) -> None:
    from pgsnake.storage.ipc import backend_status
    payload = plan_transfer.loads(bytes(segment.buf[PAYLOAD_AT:PAYLOAD_AT + length]))
    backend_status.report_activity("active", payload["query"])
    process_state.debug_query_string = payload["query"]
    for name, value in payload["settings"].items():
        try:
            settings.set_value(name, value, source="session", check_context=False)
        except Exception:         # (a setting this process cannot take keeps its value)
            pass
    estate = ExecutorState(payload["params"], payload["snapshot"])
    estate.statement_time = payload["statement_time"]
    estate.user_name = payload["user_name"]
    if payload["instrument"]:
        estate.instrumentation = {}
    plan = payload["plan"]
    _lock_relations(plan)
    nodes = fragment_nodes(plan)
    shared_at = PAYLOAD_AT + (length + 63) // 64 * 64
    slots, _area = shared_layout(plan)
    estate.parallel_scans = {node_id: BlockAllocator(segment, shared_at + at)
                             for node_id, at in slots.items()}
    estate.parallel_bitmaps = {id(nodes[position]): tids
                               for position, tids in payload["bitmaps"].items()}
    state = init_node(plan, estate)
    try:
        for batch in batches_of(state):
            if not sender.send(b"D" + pickle.dumps(batch, pickle.HIGHEST_PROTOCOL)):
                return                       # the leader needs no more rows
            interrupts.check_for_interrupts()
    finally:
        state.end()
        estate.end()
    if estate.instrumentation is not None:
        counters = []
        for node in fragment_nodes(plan):
            counted = estate.instrumentation.get(id(node))
            counters.append(None if counted is None else
                            {k: v for k, v in vars(counted).items()
                             if isinstance(v, (int, float)) and not isinstance(v, bool)
                             or k == "hash_stats" and v is not None})
        sender.send(b"I" + pickle.dumps(counters))
