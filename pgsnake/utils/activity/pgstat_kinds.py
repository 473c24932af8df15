"""What the counters of a cumulative-statistics entry mean, per kind.

Every entry of the shared table (storage/ipc/pgstat_shmem.py) is COUNTER_SLOTS signed
64-bit integers; these names give each slot its meaning. Timestamps are microseconds
since the Unix epoch (0: never); times are microseconds.

PostgreSQL: include/pgstat.h (PgStat_StatTabEntry, PgStat_StatDBEntry,
PgStat_BgWriterStats, PgStat_CheckpointerStats, PgStat_WalStats, PgStat_ArchiverStats;
PostgreSQL 16's PgStat_BktypeIO for KIND_IO, whose layout is pgstat_io.py's).
"""
from __future__ import annotations

KIND_DATABASE = 1
KIND_RELATION = 2          # tables and indexes alike, as PostgreSQL's PGSTAT_KIND_RELATION
KIND_FUNCTION = 3
KIND_IO = 4                # pg_stat_io: one entry per backend type, object and context
                           # (database 0; utils/activity/pgstat_io.py)

# A function (PgStat_StatFuncEntry), with track_functions on: times in microseconds.
F_CALLS, F_TOTAL_TIME, F_SELF_TIME = range(3)

# A relation (PgStat_StatTabEntry). For an index, NUMSCANS is idx_scan, RETURNED
# idx_tup_read and FETCHED idx_tup_fetch.
(T_NUMSCANS, T_RETURNED, T_FETCHED, T_INSERTED, T_UPDATED, T_DELETED, T_HOT_UPDATED,
 T_LIVE, T_DEAD, T_MOD_SINCE_ANALYZE, T_INS_SINCE_VACUUM, T_BLOCKS_FETCHED, T_BLOCKS_HIT,
 T_VACUUM_TIME, T_VACUUM_COUNT, T_AUTOVACUUM_TIME, T_AUTOVACUUM_COUNT,
 T_ANALYZE_TIME, T_ANALYZE_COUNT, T_AUTOANALYZE_TIME, T_AUTOANALYZE_COUNT) = range(21)

# A database (PgStat_StatDBEntry); the entry of database 0 holds shared relations' sums.
(D_XACT_COMMIT, D_XACT_ROLLBACK, D_BLOCKS_FETCHED, D_BLOCKS_HIT, D_TUPLES_RETURNED,
 D_TUPLES_FETCHED, D_TUPLES_INSERTED, D_TUPLES_UPDATED, D_TUPLES_DELETED,
 D_CONFLICT_TABLESPACE, D_CONFLICT_LOCK, D_CONFLICT_SNAPSHOT, D_CONFLICT_BUFFERPIN,
 D_CONFLICT_STARTUP_DEADLOCK, D_TEMP_FILES, D_TEMP_BYTES, D_DEADLOCKS, D_CHECKSUM_FAILURES,
 D_CHECKSUM_LAST_FAILURE, D_BLK_READ_TIME, D_BLK_WRITE_TIME, D_SESSIONS, D_SESSION_TIME,
 D_ACTIVE_TIME, D_IDLE_IN_TRANSACTION_TIME, D_SESSIONS_ABANDONED, D_SESSIONS_FATAL,
 D_SESSIONS_KILLED, D_STAT_RESET_TIME, D_LAST_AUTOVACUUM_TIME) = range(30)

# The cluster-wide counters (pgstat_shmem's globals).
(G_TIMED_CHECKPOINTS, G_REQUESTED_CHECKPOINTS, G_CHECKPOINT_WRITE_TIME,
 G_CHECKPOINT_SYNC_TIME, G_BUF_WRITTEN_CHECKPOINTS, G_BUF_WRITTEN_CLEAN,
 G_MAXWRITTEN_CLEAN, G_BUF_WRITTEN_BACKEND, G_BUF_FSYNC_BACKEND, G_BUF_ALLOC,
 G_BGWRITER_RESET_TIME,
 G_WAL_RECORDS, G_WAL_FPI, G_WAL_BYTES, G_WAL_BUFFERS_FULL, G_WAL_WRITE, G_WAL_SYNC,
 G_WAL_WRITE_TIME, G_WAL_SYNC_TIME, G_WAL_RESET_TIME,
 G_ARCHIVED_COUNT, G_ARCHIVE_FAILED_COUNT, G_ARCHIVER_RESET_TIME,
 G_IO_RESET_TIME) = range(24)
