"""The resource-manager table: who can redo and describe each kind of WAL record.

Every record carries an rmgr id (PostgreSQL's numbers). Lower layers do not know the
modules that write records, so each module registers its redo and describe functions
here at import time (`register_rmgr`); recovery and waldump look them up (`get_rmgr`).

PostgreSQL: access/transam/rmgr.c (RmgrTable), include/access/rmgrlist.h.
"""
from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Callable


class RmgrId(IntEnum):
    XLOG = 0
    XACT = 1
    SMGR = 2
    CLOG = 3
    DBASE = 4
    TBLSPC = 5
    MULTIXACT = 6
    RELMAP = 7
    STANDBY = 8
    HEAP2 = 9
    HEAP = 10
    BTREE = 11
    HASH = 12
    GIN = 13
    GIST = 14
    SEQ = 15
    SPGIST = 16
    BRIN = 17
    COMMIT_TS = 18
    REPLORIGIN = 19
    GENERIC = 20
    LOGICALMSG = 21


# The names pg_waldump and pg_walinspect print.
RMGR_NAMES = {
    RmgrId.XLOG: "XLOG", RmgrId.XACT: "Transaction", RmgrId.SMGR: "Storage",
    RmgrId.CLOG: "CLOG", RmgrId.DBASE: "Database", RmgrId.TBLSPC: "Tablespace",
    RmgrId.MULTIXACT: "MultiXact", RmgrId.RELMAP: "RelMap", RmgrId.STANDBY: "Standby",
    RmgrId.HEAP2: "Heap2", RmgrId.HEAP: "Heap", RmgrId.BTREE: "Btree", RmgrId.HASH: "Hash",
    RmgrId.GIN: "Gin", RmgrId.GIST: "Gist", RmgrId.SEQ: "Sequence", RmgrId.SPGIST: "SPGist",
    RmgrId.BRIN: "BRIN", RmgrId.COMMIT_TS: "CommitTs", RmgrId.REPLORIGIN: "ReplicationOrigin",
    RmgrId.GENERIC: "Generic", RmgrId.LOGICALMSG: "LogicalMessage",
}


@dataclasses.dataclass(slots=True)
class ResourceManager:
    rmid: int
    name: str
    redo: Callable | None
    describe: Callable | None


_table: dict[int, ResourceManager] = {}


def register_rmgr(rmid: int, name: str | None, redo: Callable, describe: Callable | None = None) -> None:
    """Register (or replace) the redo/describe functions of one rmgr id."""
    rmid = int(rmid)
    if name is None:
        name = RMGR_NAMES.get(rmid, f"rmgr{rmid}")
    _table[rmid] = ResourceManager(rmid, name, redo, describe)


def get_rmgr(rmid: int) -> ResourceManager | None:
    return _table.get(int(rmid))


def rmgr_name(rmid: int) -> str:
    entry = _table.get(int(rmid))
    if entry is not None:
        return entry.name
    try:
        return RMGR_NAMES[RmgrId(rmid)]
    except ValueError:
        return f"rmgr{rmid}"


def registered() -> list[ResourceManager]:
    return sorted(_table.values(), key=lambda r: r.rmid)
