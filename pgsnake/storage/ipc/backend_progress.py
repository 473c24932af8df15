"""Command progress reporting: what a long command (VACUUM) is doing now, one entry per
proc-array slot, for pg_stat_progress_vacuum.

An entry is the command code, the database and relation, and 20 int64 parameters whose
meaning belongs to the command (for VACUUM: phase, heap_blks_total, heap_blks_scanned,
heap_blks_vacuumed, index_vacuum_count, max_dead_tuples, num_dead_tuples). Only the
owning process writes its entry, with plain stores; a reader may see a parameter one
update behind, which PostgreSQL's st_changecount protocol also tolerates for progress.

Entry points: start_command(command, relid), update_param(index, value), end_command(),
rows(command_name).

PostgreSQL: utils/activity/backend_progress.c (pgstat_progress_start_command,
pgstat_progress_update_param, pgstat_progress_end_command), utils/adt/pgstatfuncs.c
(pg_stat_get_progress_info).
"""
from __future__ import annotations

import struct

from pgsnake.storage.ipc import shared_memory
from pgsnake.utils import process_state

COMMANDS = {"VACUUM": 1, "ANALYZE": 2, "CLUSTER": 3, "CREATE INDEX": 4, "BASEBACKUP": 5,
            "COPY": 6}
PARAMS = 20
_ENTRY = struct.Struct(f"<iiII{PARAMS}q")

_region: shared_memory.Region | None = None


def _slots() -> int:
    from pgsnake.storage.ipc import proc_array
    return proc_array.slot_count()


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("BackendProgress", lambda: _slots() * _ENTRY.size, _init)


def _mine() -> int:
    n = process_state.proc_number
    if _region is None or not 0 <= n < _region.size // _ENTRY.size:
        return -1
    return n * _ENTRY.size


def start_command(command: str, relid: int) -> None:
    base = _mine()
    if base >= 0:
        _ENTRY.pack_into(_region.view, base, COMMANDS[command], process_state.pid,
                         process_state.database_oid, relid, *([0] * PARAMS))


def update_param(index: int, value: int) -> None:
    """Parameter `index` (0-based: PostgreSQL's PROGRESS_* numbering)."""
    base = _mine()
    if base >= 0:
        struct.pack_into("<q", _region.view, base + 16 + 8 * index, value)


def end_command() -> None:
    base = _mine()
    if base >= 0:
        struct.pack_into("<i", _region.view, base, 0)


def rows(command_name: str):
    """(pid, datid, relid, param1..param20) of every process running `command_name`."""
    from pgsnake.utils.errors import PgError
    code = COMMANDS.get(command_name.upper())
    if code is None:
        raise PgError("22023", "invalid command name: \"%s\"" % command_name)
    if _region is None:
        return
    for n in range(_region.size // _ENTRY.size):
        entry = _ENTRY.unpack_from(_region.view, n * _ENTRY.size)
        if entry[0] == code and entry[1]:
            yield (entry[1], entry[2], entry[3], *entry[4:])
