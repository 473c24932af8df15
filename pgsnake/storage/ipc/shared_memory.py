"""The one shared memory segment, and the registry that lays it out.

Each subsystem that keeps shared state asks for a named region at import time with
`request_region(name, size_fn, init_fn)`. The postmaster imports every subsystem, then
calls `create_segment()` once, before it forks any child: the segment is an anonymous
`mmap(MAP_SHARED)`, so every forked child sees the same bytes at the same offsets and no
process ever attaches later. Each `init_fn(region)` runs once, in the creating process,
and is where a subsystem zeroes its structures and binds its module-level views; children
inherit those views through fork.

Rules
1. Regions are created only by the postmaster (or by a single-process tool such as
   initdb's bootstrap), never by a backend.
2. A region's offset is aligned to 64 bytes (a cache line), or to 8192 when the region
   asks for page alignment, so shared buffers start on a page boundary.
3. After a crash the postmaster calls `create_segment()` again: the old segment is
   dropped and every `init_fn` runs again, so no state survives from processes that
   died holding locks (design.md §1, crash-restart). Code must therefore never cache
   a Region or a view across that call except through its `init_fn`.

PostgreSQL: storage/ipc/shmem.c (ShmemInitStruct), storage/ipc/ipci.c (CreateSharedMemoryAndSemaphores).
"""
from __future__ import annotations

import dataclasses
import mmap
from typing import Callable

from pgsnake.storage.ipc.atomics import AtomicWords


@dataclasses.dataclass(slots=True)
class Region:
    """A named slice of the segment. `offset` is from the segment start, so atomic
    operations on a word at `x` inside the region use `atomics.*(region.offset + x)`."""
    name: str
    offset: int
    size: int
    view: memoryview          # exactly this region's bytes
    atomics: AtomicWords      # atomics over the whole segment (absolute offsets)


@dataclasses.dataclass(slots=True)
class _Request:
    name: str
    size_fn: Callable[[], int]
    init_fn: Callable[[Region], None] | None
    page_aligned: bool


_requests: dict[str, _Request] = {}
_regions: dict[str, Region] = {}
_segment: mmap.mmap | None = None
_atomics: AtomicWords | None = None
generation = 0   # bumped by every create_segment(); lets code notice a crash-restart


def request_region(name: str, size_fn: Callable[[], int],
                   init_fn: Callable[[Region], None] | None = None, *,
                   page_aligned: bool = False) -> None:
    """Reserve a region. `size_fn` is called at create time, so it may read settings."""
    _requests[name] = _Request(name, size_fn, init_fn, page_aligned)


def create_segment() -> None:
    """Lay out and create the segment, then run every region's init_fn (rule 1)."""
    global _segment, _atomics, generation
    drop_segment()
    layout = []
    offset = 0
    for req in _requests.values():
        align = 8192 if req.page_aligned else 64
        offset = (offset + align - 1) // align * align
        size = max(int(req.size_fn()), 8)
        layout.append((req, offset, size))
        offset += size
    total = (offset + mmap.PAGESIZE - 1) // mmap.PAGESIZE * mmap.PAGESIZE
    segment = mmap.mmap(-1, max(total, mmap.PAGESIZE), flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
    atomics = AtomicWords(segment)
    whole = memoryview(segment)
    _segment, _atomics = segment, atomics
    generation += 1
    for req, off, size in layout:
        _regions[req.name] = Region(req.name, off, size, whole[off:off + size], atomics)
    for req, _, _ in layout:
        if req.init_fn is not None:
            req.init_fn(_regions[req.name])


def drop_segment() -> None:
    """Forget the current segment (postmaster, before crash re-initialisation)."""
    global _segment, _atomics
    for region in _regions.values():
        region.view.release()
    _regions.clear()
    # The mmap itself is left to the garbage collector: closing it while other
    # memoryviews (held by subsystems) still exist would raise BufferError.
    _segment = None
    _atomics = None


def region(name: str) -> Region:
    try:
        return _regions[name]
    except KeyError:
        raise RuntimeError(f"shared memory region {name!r} does not exist "
                           f"(segment created: {_segment is not None})") from None


def segment_size() -> int:
    return 0 if _segment is None else len(_segment)


def regions() -> list[Region]:
    """For introspection (pg_shmem_allocations)."""
    return sorted(_regions.values(), key=lambda r: r.offset)
