-- pg_control_system / pg_control_checkpoint / pg_control_recovery / pg_control_init: the
-- control file from SQL (values that depend on the cluster's history are compared as facts).
select pg_control_version, catalog_version_no, system_identifier > 0, pg_control_last_modified <= now() from pg_control_system();
checkpoint;
select checkpoint_lsn <= pg_current_wal_lsn(), redo_lsn <= checkpoint_lsn, redo_wal_file = pg_walfile_name(redo_lsn + 1) or redo_wal_file is not null, timeline_id, prev_timeline_id, full_page_writes, next_xid ~ '^0:[0-9]+$', next_oid::text::bigint > 0, oldest_xid_dbid::text::bigint > 0, oldest_multi_xid::text::bigint > 0, oldest_multi_dbid::text::bigint > 0, oldest_commit_ts_xid, newest_commit_ts_xid, checkpoint_time <= now() from pg_control_checkpoint();
select * from pg_control_recovery();
select * from pg_control_init();
select (pg_control_checkpoint()).timeline_id, pg_typeof((pg_control_system()).system_identifier);
