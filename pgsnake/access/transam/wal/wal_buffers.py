"""The WAL buffer ring in shared memory: `wal_buffers` pages of 8 KB.

The page that holds LSN `p` lives in slot `(p // 8192) % nbuffers`. A slot may be reused
for a new page only when the page it held has been written out completely, that is when
`written_position >= new_page_lsn - (nbuffers - 1) * 8192` (insert.py checks this before
initialising a page, and writes out first if needed).

Entry points: `ring()`, `slot_offset(lsn)`, `buffer_count()`, `contiguous_end(lsn)`.

PostgreSQL: access/transam/xlog.c (XLogCtl->pages, XLogRecPtrToBufIdx).
"""
from __future__ import annotations

from pgsnake.access.transam.wal.lsn import WAL_PAGE_SIZE
from pgsnake.storage.ipc import shared_memory
from pgsnake.utils import settings

_ring: memoryview | None = None
_nbuffers = 0


def _size() -> int:
    return max(4, settings.get("wal_buffers")) * WAL_PAGE_SIZE


def _init(region: shared_memory.Region) -> None:
    global _ring, _nbuffers
    region.view[:] = bytes(region.size)
    _ring = region.view
    _nbuffers = region.size // WAL_PAGE_SIZE


shared_memory.request_region("WALBuffers", _size, _init, page_aligned=True)


def ring() -> memoryview:
    return _ring


def buffer_count() -> int:
    return _nbuffers


def slot_offset(lsn: int) -> int:
    """Byte offset in the ring of the slot holding the page containing `lsn`."""
    return ((lsn // WAL_PAGE_SIZE) % _nbuffers) * WAL_PAGE_SIZE


def contiguous_end(lsn: int) -> int:
    """The LSN at which the ring wraps, counting from the page holding `lsn`."""
    page = lsn // WAL_PAGE_SIZE
    return (page + _nbuffers - page % _nbuffers) * WAL_PAGE_SIZE
