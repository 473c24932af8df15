"""How big a Hash Join's table starts: its buckets and batches from the planner's
estimate of the inner rows (their count and width) and the hash memory limit.

choose(rows, width, useskew, combined_participants=0) -> (buckets, batches): the
buckets for one tuple each when everything fits (at least 1024, a power of two, no
more bucket pointers than the memory holds); when the estimated tuples and buckets do
not fit, the buckets that fill memory with one tuple each and the power of two batches
that make each batch fit. A skew table (a single hash clause whose outer side is a
column) takes SKEW_PERCENT of the memory first. Parallel Hash first tries the memory of
all its participants together (combined_participants), and falls back to one
participant's when even that would need batches.

The executor starts a serial Hash Join's table with these batches (its growth past the
estimate is join_nodes.HashJoinState's own), and EXPLAIN ANALYZE reports them as the
original buckets and batches.

PostgreSQL: executor/nodeHash.c (ExecChooseHashTableSize, get_hash_memory_limit).
"""
from __future__ import annotations

import math

from pgsnake.utils import settings

POINTER = 8                   # sizeof(HashJoinTuple)
TUPLE_OVERHEAD = 16 + 16      # HJTUPLE_OVERHEAD + MAXALIGN(SizeofMinimalTupleHeader)
SKEW_PERCENT = 2              # SKEW_HASH_MEM_PERCENT
SKEW_BUCKET_BYTES = 8 * POINTER + 4 + 16   # per MCV: skewBucket[] slots, nums, struct
MAX_ALLOC = 0x3FFFFFFF
INT_MAX = 2 ** 31 - 1


def _floor_pow2(n: int) -> int:
    return 1 << max(n, 1).bit_length() - 1


def _ceil_pow2(n: int) -> int:
    return 1 << max(n - 1, 0).bit_length()


def memory_limit() -> float:
    """work_mem x hash_mem_multiplier in bytes (get_hash_memory_limit)."""
    return min(settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier"),
               float(2 ** 63 - 1))


def choose(rows: float, width: int, useskew: bool,
           combined_participants: int = 0) -> tuple[int, int]:
    rows = max(rows, 1.0)
    tuple_size = TUPLE_OVERHEAD + (width + 7 & ~7)
    inner_bytes = rows * tuple_size
    table_bytes = memory_limit()
    if combined_participants:
        table_bytes = min(table_bytes * combined_participants, MAX_ALLOC)
    allowed = table_bytes
    if useskew:
        skew_bytes = table_bytes * SKEW_PERCENT / 100
        if int(skew_bytes / (tuple_size + SKEW_BUCKET_BYTES)) > 0:
            table_bytes -= skew_bytes
    max_pointers = min(int(allowed // POINTER), MAX_ALLOC // POINTER)
    max_pointers = max(min(_floor_pow2(max_pointers), INT_MAX // 2), 1)
    buckets = _ceil_pow2(max(min(math.ceil(rows), max_pointers), 1024))
    if inner_bytes + POINTER * buckets <= table_bytes:
        return buckets, 1
    if combined_participants:
        return choose(rows, width, useskew)
    bucket_size = tuple_size + POINTER
    buckets = _ceil_pow2(min(_ceil_pow2(max(int(table_bytes // bucket_size), 1)),
                             max_pointers))
    batches = min(math.ceil(inner_bytes / (table_bytes - POINTER * buckets)), max_pointers)
    return buckets, max(_ceil_pow2(int(batches)), 2)
