"""The eight heavyweight lock modes and the table of which modes conflict.

Modes are numbered 1..8 as in PostgreSQL (0 is "no lock"), so a set of modes is a bitmask
with bit `1 << mode`, and pg_locks prints the names below. Every SQL command takes the
weakest mode that keeps it safe; two requests conflict when their modes' bits meet in
`CONFLICTS`. The table is symmetric: if A conflicts with B, B conflicts with A.

    mode                      taken by                                 conflicts with
    1 AccessShareLock         SELECT                                   8
    2 RowShareLock            SELECT FOR UPDATE/SHARE                  7 8
    3 RowExclusiveLock        INSERT, UPDATE, DELETE                   5 6 7 8
    4 ShareUpdateExclusiveLock VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY  4 5 6 7 8
    5 ShareLock               CREATE INDEX                             3 4 6 7 8
    6 ShareRowExclusiveLock   CREATE TRIGGER, some ALTER TABLE         3 4 5 6 7 8
    7 ExclusiveLock           REFRESH MATERIALIZED VIEW CONCURRENTLY   2 3 4 5 6 7 8
    8 AccessExclusiveLock     DROP, TRUNCATE, most ALTER TABLE, LOCK   1 2 3 4 5 6 7 8

Non-relation tags use the same modes: a transaction holds ExclusiveLock on its own
transaction id, and whoever waits for it asks for ShareLock; tuple locks use the modes
that heapam maps its row-lock strengths to.

PostgreSQL: include/storage/lockdefs.h, storage/lmgr/lock.c (LockConflicts,
lock_mode_names).
"""
from __future__ import annotations

NO_LOCK = 0
ACCESS_SHARE = 1
ROW_SHARE = 2
ROW_EXCLUSIVE = 3
SHARE_UPDATE_EXCLUSIVE = 4
SHARE = 5
SHARE_ROW_EXCLUSIVE = 6
EXCLUSIVE = 7
ACCESS_EXCLUSIVE = 8
MAX_MODE = 8

MODE_NAMES = ("INVALID", "AccessShareLock", "RowShareLock", "RowExclusiveLock",
              "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
              "ExclusiveLock", "AccessExclusiveLock")

# LOCK TABLE ... IN <words> MODE, as the grammar spells them.
MODE_BY_SQL_WORDS = {
    "ACCESS SHARE": ACCESS_SHARE, "ROW SHARE": ROW_SHARE, "ROW EXCLUSIVE": ROW_EXCLUSIVE,
    "SHARE UPDATE EXCLUSIVE": SHARE_UPDATE_EXCLUSIVE, "SHARE": SHARE,
    "SHARE ROW EXCLUSIVE": SHARE_ROW_EXCLUSIVE, "EXCLUSIVE": EXCLUSIVE,
    "ACCESS EXCLUSIVE": ACCESS_EXCLUSIVE,
}


def bit(mode: int) -> int:
    return 1 << mode


def _mask(*modes: int) -> int:
    out = 0
    for mode in modes:
        out |= 1 << mode
    return out


# CONFLICTS[mode] is the mask of modes that a request in `mode` must not share a lock with.
CONFLICTS = (
    0,
    _mask(ACCESS_EXCLUSIVE),
    _mask(EXCLUSIVE, ACCESS_EXCLUSIVE),
    _mask(SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE),
    _mask(SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE),
    _mask(ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
          ACCESS_EXCLUSIVE),
    _mask(ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
          ACCESS_EXCLUSIVE),
    _mask(ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE,
          EXCLUSIVE, ACCESS_EXCLUSIVE),
    _mask(ACCESS_SHARE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE,
          SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE),
)


def conflicts(a: int, b: int) -> bool:
    return bool(CONFLICTS[a] & bit(b))


def modes_in(mask: int) -> list[int]:
    return [m for m in range(1, MAX_MODE + 1) if mask & (1 << m)]
