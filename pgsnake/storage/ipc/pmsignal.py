"""Signals from children to the postmaster: a flag per reason in shared memory, then
SIGUSR1 to the postmaster, which looks at (and clears) the flags.

The postmaster touches no lock and no other shared structure for this: one atomic
exchange per flag, so a child that dies at any moment cannot wedge it (postmaster
rule 1 allows exactly this read).

Reasons: START_AUTOVAC_WORKER (the autovacuum launcher wants a worker started; the
database it is for waits in the launcher's shared state, postmaster/autovacuum.py);
WARM_CATALOG_CACHES (a backend found no usable catalog caches made before fork for its
database: postmaster/catalog_warmer.py); START_BGWORKER (a backend filled in slots of
storage/ipc/bgworker_slots.py for parallel workers).

Entry points: send_signal(reason) (children), check_and_clear(reason) (postmaster).

PostgreSQL: storage/ipc/pmsignal.c (SendPostmasterSignal, CheckPostmasterSignal),
include/storage/pmsignal.h (PMSignalReason).
"""
from __future__ import annotations

import os
import signal

from pgsnake.storage.ipc import shared_memory

START_AUTOVAC_WORKER = 0
WARM_CATALOG_CACHES = 1
START_BGWORKER = 2           # a backend asks for dynamic background workers (bgworker_slots.py)
_REASONS = 4
_WORD = 4

_region: shared_memory.Region | None = None


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("PMSignalState", lambda: _REASONS * _WORD, _init)


def send_signal(reason: int) -> None:
    """Raise the flag, then wake the postmaster (our parent: every child is forked by it)."""
    if _region.atomics.exchange_u32(_region.offset + reason * _WORD, 1):
        return                   # raised already: the postmaster has not looked yet
    try:
        os.kill(os.getppid(), signal.SIGUSR1)
    except ProcessLookupError:
        pass


def check_and_clear(reason: int) -> bool:
    if _region is None:
        return False
    return _region.atomics.exchange_u32(_region.offset + reason * _WORD, 0) != 0
