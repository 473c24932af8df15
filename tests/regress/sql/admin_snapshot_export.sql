-- pg_export_snapshot and SET TRANSACTION SNAPSHOT in one session (access/transam/snapshot_export.py):
-- the id's form, the file's fields (numbers as N), removal at transaction end, and the
-- importer's errors; tests/system/test_exported_snapshots.py imports across sessions.
begin isolation level repeatable read;
select pg_export_snapshot() ~ '^[0-9A-F]{8}-[0-9A-F]{8}-1$';
select pg_export_snapshot() ~ '^[0-9A-F]{8}-[0-9A-F]{8}-2$';
select count(*) from pg_ls_dir('pg_snapshots');
select regexp_replace(pg_read_file('pg_snapshots/' || d), '[0-9]+', 'N', 'g') from pg_ls_dir('pg_snapshots') d order by d limit 1;
savepoint a; select pg_export_snapshot(); rollback to a;
commit;
select pg_ls_dir('pg_snapshots');
begin; set transaction snapshot '00000003-00000002-1'; rollback;
begin isolation level repeatable read; set transaction snapshot 'bogus'; rollback;
begin isolation level repeatable read; set transaction snapshot '00000003-00000002-1'; rollback;
begin isolation level repeatable read; select 1; set transaction snapshot '00000003-00000002-1'; rollback;
set transaction snapshot '00000003-00000002-1';
begin isolation level repeatable read; set transaction snapshot ''; rollback;
begin isolation level repeatable read; set transaction snapshot '../x'; rollback;
select count(*) from (select pg_export_snapshot(), pg_export_snapshot()) s;
select count(*) from pg_ls_dir('pg_snapshots');
begin isolation level serializable read only deferrable; select pg_export_snapshot() is not null; commit;
begin; select pg_export_snapshot() is not null; prepare transaction 'x';
