"""The rows of pg_shmem_allocations: the named regions of pgsnake's one shared-memory
segment (shared_memory.py), in offset order, then the segment's unused tail.

Each region's allocated_size runs to where the next region starts (the alignment padding
shared_memory.create_segment adds belongs to it, as ShmemAlloc's cache-line rounding does in
PostgreSQL); the unused tail is a row without name, as PostgreSQL's free space. pgsnake
makes no anonymous allocations (everything in the segment is a named region), so there is
no "<anonymous>" row.

Entry point: allocations() (registered by catalog/system_view_functions.py).

PostgreSQL: storage/ipc/shmem.c (pg_get_shmem_allocations).
"""
from __future__ import annotations

from pgsnake.storage.ipc import shared_memory


def allocations():
    regions = shared_memory.regions()
    total = shared_memory.segment_size()
    for index, region in enumerate(regions):
        end = regions[index + 1].offset if index + 1 < len(regions) else \
            region.offset + region.size
        yield (region.name, region.offset, region.size, end - region.offset)
    used = regions[-1].offset + regions[-1].size if regions else 0
    if total > used:
        yield (None, used, total - used, total - used)
