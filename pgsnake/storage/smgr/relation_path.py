"""Where a relation's files live: base/<database oid>/<relfilenode>[_fsm|_vm][.segment].

A temporary relation's files carry its backend's id: base/<database oid>/t<backend>_<relfilenode>
(PostgreSQL's RelFileLocatorBackend), so RemovePgTempFiles-style clean-up can recognise them
by name after a crash.

Paths are relative to the data directory, which every server process uses as its working
directory (the postmaster chdir()s there at start, as PostgreSQL does).

PostgreSQL: common/relpath.c (GetRelationPath), include/storage/relfilelocator.h.
"""
from __future__ import annotations

from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple

INVALID_BACKEND = -1            # InvalidBackendId: a relation that is not temporary
DEFAULT_TABLESPACE_OID = 1663   # pg_default: files under base/
GLOBAL_TABLESPACE_OID = 1664    # pg_global: shared catalogs, files under global/
TABLESPACE_VERSION_DIRECTORY = "PG_15_202209061"   # inside pg_tblspc/<oid>/


class ForkNumber(IntEnum):
    MAIN = 0
    FSM = 1
    VISIBILITY_MAP = 2
    INIT = 3


FORK_SUFFIX = {ForkNumber.MAIN: "", ForkNumber.FSM: "_fsm",
               ForkNumber.VISIBILITY_MAP: "_vm", ForkNumber.INIT: "_init"}


class RelFileLocator(NamedTuple):
    """Identifies a relation's storage: tablespace, database, relfilenode, and for a
    temporary relation the id of the backend that owns it (INVALID_BACKEND otherwise).
    Shared catalogs use (GLOBAL_TABLESPACE_OID, 0, relfilenode). WAL records carry only
    the first three fields: temporary relations are never WAL-logged."""
    spcoid: int
    dboid: int
    relfilenode: int
    backend: int = INVALID_BACKEND

    @property
    def is_temporary(self) -> bool:
        return self.backend != INVALID_BACKEND


# Memoised: every buffer miss and every size probe asks for a path, and building the
# string each time was a visible share of an index probe's cost. A locator never changes
# where its files are, so the cache needs no invalidation.
@lru_cache(maxsize=4096)
def relation_path(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> str:
    suffix = FORK_SUFFIX[ForkNumber(fork)]
    if locator.backend != INVALID_BACKEND:
        name = f"t{locator.backend}_{locator.relfilenode}{suffix}"
        if locator.spcoid == DEFAULT_TABLESPACE_OID:
            return f"base/{locator.dboid}/{name}"
        return f"pg_tblspc/{locator.spcoid}/{TABLESPACE_VERSION_DIRECTORY}/{locator.dboid}/{name}"
    if locator.spcoid == GLOBAL_TABLESPACE_OID:
        return f"global/{locator.relfilenode}{suffix}"
    if locator.spcoid == DEFAULT_TABLESPACE_OID:
        return f"base/{locator.dboid}/{locator.relfilenode}{suffix}"
    return (f"pg_tblspc/{locator.spcoid}/{TABLESPACE_VERSION_DIRECTORY}/{locator.dboid}/"
            f"{locator.relfilenode}{suffix}")


def segment_path(locator: RelFileLocator, fork: int, segno: int) -> str:
    if segno == 0:
        return relation_path(locator, fork)
    return f"{relation_path(locator, fork)}.{segno}"
