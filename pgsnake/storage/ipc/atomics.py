"""Atomic operations on the shared segment: the only module that imports `atomicshm`.

Every other module goes through `AtomicWords`, so the atomics backend can be swapped
(design.md §1: "put a small atomic helper behind one module"). Offsets are byte offsets
from the start of the segment; a 32-bit word must be 4-aligned and a 64-bit word 8-aligned.

All operations are sequentially consistent (atomicshm's default), which is stronger than
PostgreSQL needs in most places but keeps reasoning simple.

PostgreSQL: include/port/atomics.h (pg_atomic_*).
"""
from __future__ import annotations

import atomicshm


class AtomicWords:
    """Atomic loads, stores, CAS and fetch-add over one writable buffer."""

    __slots__ = ("_view", "load_u32", "store_u32", "cas_u32", "fetch_add_u32", "fetch_sub_u32",
                 "fetch_or_u32", "fetch_and_u32", "load_u64", "store_u64", "cas_u64",
                 "fetch_add_u64", "fetch_sub_u64", "exchange_u32", "exchange_u64")

    def __init__(self, buffer) -> None:
        view = atomicshm.AtomicView(buffer)
        self._view = view
        # Bound methods copied onto the instance: one attribute lookup per call.
        self.load_u32 = view.load_u32
        self.store_u32 = view.store_u32
        self.cas_u32 = view.cas_u32              # returns the previous value
        self.fetch_add_u32 = view.fetch_add_u32
        self.fetch_sub_u32 = view.fetch_sub_u32
        self.fetch_or_u32 = view.fetch_or_u32
        self.fetch_and_u32 = view.fetch_and_u32
        self.exchange_u32 = view.exchange_u32
        self.load_u64 = view.load_u64
        self.store_u64 = view.store_u64
        self.cas_u64 = view.cas_u64
        self.fetch_add_u64 = view.fetch_add_u64
        self.fetch_sub_u64 = view.fetch_sub_u64
        self.exchange_u64 = view.exchange_u64

    def close(self) -> None:
        self._view.close()
