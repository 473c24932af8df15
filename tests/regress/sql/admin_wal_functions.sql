-- WAL control functions (access/transam/backup_functions.py): pg_switch_wal (the rest of
-- the segment skipped), pg_create_restore_point, pg_backup_start / pg_backup_stop
-- (non-exclusive: the label text, the tablespace map, their errors), and the privileges.
-- LSNs depend on each server's history: compared as facts.
DROP TABLE IF EXISTS regress_wal_t;
CREATE TABLE regress_wal_t (a int);
INSERT INTO regress_wal_t VALUES (1);
CREATE TEMP TABLE regress_wal_lsn AS SELECT pg_current_wal_insert_lsn() AS before, pg_switch_wal() AS switched;
-- the switch record ends after `before`; the next record starts the next segment
SELECT switched > before AS after_insert, pg_walfile_name(switched) = pg_walfile_name(before) AS same_segment,
       pg_current_wal_lsn() = pg_current_wal_insert_lsn() - 40 AS flushed_to_segment_end,
       pg_walfile_name(pg_current_wal_insert_lsn()) > pg_walfile_name(before) AS later_segment
FROM regress_wal_lsn;
-- (the lookups the next statements make, done once first: a first catalog read may prune
-- a page another script left dead rows on, and that writes WAL after the switch)
SELECT (pg_walfile_name_offset(pg_current_wal_insert_lsn())).file_offset IS NOT NULL AS looked_up;
SELECT pg_switch_wal() IS NOT NULL AS switched;
SELECT (pg_walfile_name_offset(pg_current_wal_insert_lsn())).file_offset;
-- nothing since the switch: nothing to switch, the segment's start is returned
SELECT pg_switch_wal() = pg_current_wal_insert_lsn() - 40 AS at_segment_start;
SELECT (pg_walfile_name_offset(pg_switch_wal() + 1)).file_offset;
INSERT INTO regress_wal_t VALUES (2);
-- restore points
SELECT pg_create_restore_point('regress_point') > pg_current_wal_lsn() - 1000 AS created;
SELECT pg_create_restore_point(repeat('x', 63)) IS NOT NULL AS longest;
SELECT pg_create_restore_point(repeat('x', 64));
-- backups
SELECT * FROM pg_backup_stop();
SELECT pg_backup_start(repeat('x', 1025));
SELECT pg_backup_start('regress_backup', true) = (SELECT redo_lsn FROM pg_control_checkpoint()) AS starts_at_redo;
SELECT pg_backup_start('again');
SELECT (SELECT checkpoint_lsn FROM pg_control_checkpoint()) >= (SELECT redo_lsn FROM pg_control_checkpoint()) AS checkpoint_at_or_after_redo;
SELECT lsn > (SELECT checkpoint_lsn FROM pg_control_checkpoint()) AS stop_after_start,
       labelfile ~ ('^START WAL LOCATION: ' || (SELECT redo_lsn FROM pg_control_checkpoint())::text
                    || ' \(file ' || (SELECT redo_wal_file FROM pg_control_checkpoint()) || '\)\n'
                    || 'CHECKPOINT LOCATION: ' || (SELECT checkpoint_lsn FROM pg_control_checkpoint())::text || '\n'
                    || 'BACKUP METHOD: streamed\nBACKUP FROM: primary\n'
                    || 'START TIME: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]+\n'
                    || 'LABEL: regress_backup\nSTART TIMELINE: 1\n$') AS label,
       spcmapfile, pg_typeof(lsn)
FROM pg_backup_stop(false);
SELECT pg_backup_start('regress_backup2') IS NOT NULL AS started;
SELECT lsn IS NOT NULL AS stopped FROM pg_backup_stop();
SELECT lsn IS NOT NULL AS stopped FROM pg_backup_stop();
SELECT count(*), sum(a) FROM regress_wal_t;
-- privileges: EXECUTE revoked from PUBLIC
DROP ROLE IF EXISTS regress_wal_role;
CREATE ROLE regress_wal_role;
SET ROLE regress_wal_role;
SELECT pg_switch_wal();
SELECT pg_create_restore_point('x');
SELECT pg_backup_start('x');
SELECT * FROM pg_backup_stop();
RESET ROLE;
DROP ROLE regress_wal_role;
DROP TABLE regress_wal_t;
-- commit timestamps with track_commit_timestamp off (access/transam/commit_timestamps.py)
SELECT pg_xact_commit_timestamp('2'::xid);
SELECT pg_xact_commit_timestamp('0'::xid);
SELECT pg_xact_commit_timestamp('700'::xid);
SELECT * FROM pg_xact_commit_timestamp_origin('700'::xid);
SELECT * FROM pg_last_committed_xact();
SELECT oldest_commit_ts_xid, newest_commit_ts_xid FROM pg_control_checkpoint();
