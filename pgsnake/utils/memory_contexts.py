"""The rows of pg_backend_memory_contexts, honest about Python.

PostgreSQL allocates a backend's memory in a tree of memory contexts and reports each one's
blocks and free space. pgsnake's memory belongs to the Python interpreter: objects are
freed by reference counting and the garbage collector, not by resetting a context, so
there is no tree to show. The view has one row, TopMemoryContext, for the whole backend:
total_bytes and used_bytes its resident size (VmRSS of /proc/self/status), total_nblocks
the number of memory blocks Python's allocator holds (sys.getallocatedblocks), free_bytes
and free_chunks 0 (the interpreter does not report its free lists).

Entry point: backend_memory_contexts() (registered by catalog/system_view_functions.py).

PostgreSQL: utils/adt/mcxtfuncs.c (pg_get_backend_memory_contexts).
"""
from __future__ import annotations

import resource
import sys


def _resident_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def backend_memory_contexts():
    resident = _resident_bytes()
    yield ("TopMemoryContext", None, None, 0, resident, sys.getallocatedblocks(), 0, 0,
           resident)
