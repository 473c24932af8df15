"""SQL functions about the WAL position: pg_current_wal_lsn, pg_current_wal_insert_lsn,
pg_current_wal_flush_lsn, pg_walfile_name, pg_walfile_name_offset (pg_wal_lsn_diff is
pg_lsn arithmetic, datatypes/pg_lsn_type.py).

pg_current_wal_lsn is where WAL has been written to (here: made durable, as pgsnake
writes and flushes together), pg_current_wal_insert_lsn where the next record goes.
pg_walfile_name names the segment holding the byte *before* the LSN (an LSN on a
segment boundary belongs to the previous file, XLByteToPrevSeg), and
pg_walfile_name_offset gives that name with the LSN's offset in its own segment, as
PostgreSQL does. They refuse to run during recovery (55000).

Entry point: register_sql_functions() (catalog/sql_functions.py calls it).

PostgreSQL: access/transam/xlogfuncs.c (pg_current_wal_lsn, pg_walfile_name,
pg_walfile_name_offset).
"""
from __future__ import annotations

from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.access.transam.wal import wal
from pgsnake.utils.errors import PgError

PG_LSN, TEXT, INT4, RECORD = 3220, 25, 23, 2249


def _not_in_recovery(function: str) -> None:
    if wal.in_recovery():
        raise PgError("55000", "recovery is in progress",
                      hint=f"{function}() cannot be executed during recovery.")


def current_wal_lsn() -> int:
    _not_in_recovery("pg_current_wal_lsn")
    return wal.flushed_lsn()


def current_wal_insert_lsn() -> int:
    _not_in_recovery("pg_current_wal_insert_lsn")
    # at a page boundary the next record goes after the page header (XLogBytePosToRecPtr)
    from pgsnake.access.transam.wal import insert
    return insert.next_record_start()


def current_wal_flush_lsn() -> int:
    _not_in_recovery("pg_current_wal_flush_lsn")
    return wal.flushed_lsn()


def _timeline() -> int:
    from pgsnake.access.transam.wal import xlog_control as xc
    return (xc.load("timeline") if xc.is_initialised() else 1) or 1


def _previous_segment_name(position: int) -> str:
    segno = lsnmod.segment_number(max(position - 1, 0))
    return lsnmod.segment_file_name(_timeline(), segno)


def walfile_name(position: int) -> str:
    _not_in_recovery("pg_walfile_name")
    return _previous_segment_name(position)


def walfile_name_offset(position: int):
    _not_in_recovery("pg_walfile_name_offset")
    return _previous_segment_name(position), lsnmod.segment_offset(position)


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_current_wal_lsn", [], PG_LSN, current_wal_lsn, oid=2849)
    functions.register("pg_current_wal_insert_lsn", [], PG_LSN, current_wal_insert_lsn,
                       oid=2852)
    functions.register("pg_current_wal_flush_lsn", [], PG_LSN, current_wal_flush_lsn,
                       oid=3330)
    functions.register("pg_walfile_name", [PG_LSN], TEXT, walfile_name, oid=2851,
                       volatility="i")
    functions.register("pg_walfile_name_offset", [PG_LSN], RECORD, walfile_name_offset,
                       oid=2850, volatility="i",
                       out_columns=(("file_name", TEXT), ("file_offset", INT4)))
