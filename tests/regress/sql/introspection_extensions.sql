-- pg_visibility, pg_freespacemap, pg_buffercache, amcheck's verify_heapam and
-- pageinspect's fsm_page_contents / heap_tuple_infomask_flags / page_checksum: members,
-- privileges, answers after VACUUM FREEZE / UPDATE / pg_truncate_visibility_map, buffer
-- facts that hold on any server (a table just written is in the cache and dirty, clean
-- after CHECKPOINT), and the errors. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS ix_t, ix_wide;
DROP VIEW IF EXISTS ix_v;
DROP SEQUENCE IF EXISTS ix_s;
DROP ROLE IF EXISTS regress_ix_reader;
DROP EXTENSION IF EXISTS pg_visibility;
DROP EXTENSION IF EXISTS pg_freespacemap;
DROP EXTENSION IF EXISTS pg_buffercache;
DROP EXTENSION IF EXISTS amcheck;
DROP EXTENSION IF EXISTS pageinspect;
SELECT pg_visibility_map('pg_class');
CREATE EXTENSION pg_visibility;
CREATE EXTENSION pg_freespacemap;
CREATE EXTENSION pg_buffercache;
CREATE EXTENSION amcheck;
CREATE EXTENSION pageinspect;
-- members and their initial privileges (pg_init_privs, what pg_dump compares with)
SELECT e.extname, pg_describe_object(d.classid, d.objid, 0) AS member FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE d.deptype = 'e' AND e.extname IN ('pg_visibility', 'pg_freespacemap', 'pg_buffercache', 'amcheck') ORDER BY 1, 2;
SELECT pg_describe_object(i.classoid, i.objoid, 0) AS object, i.privtype, i.initprivs FROM pg_init_privs i WHERE i.privtype = 'e' ORDER BY 1;
SELECT p.oid::regprocedure, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), p.proretset, p.proisstrict FROM pg_proc p WHERE p.proname IN ('pg_visibility', 'pg_visibility_map', 'pg_visibility_map_summary', 'pg_check_frozen', 'pg_check_visible', 'pg_truncate_visibility_map', 'pg_freespace', 'pg_buffercache_pages', 'verify_heapam', 'fsm_page_contents', 'heap_tuple_infomask_flags', 'page_checksum') ORDER BY p.proname, p.pronargs;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_buffercache'::regclass ORDER BY attnum;
SELECT relname, relacl FROM pg_class WHERE relname = 'pg_buffercache';
-- the visibility map
CREATE TABLE ix_t (id int PRIMARY KEY, label text);
INSERT INTO ix_t SELECT g, 'row ' || g FROM generate_series(1, 600) g;
CREATE VIEW ix_v AS SELECT 1 AS one;
CREATE SEQUENCE ix_s;
SELECT * FROM pg_visibility_map('ix_t');
VACUUM (FREEZE) ix_t;
SELECT * FROM pg_visibility('ix_t');
SELECT * FROM pg_visibility_map('ix_t', 1);
SELECT * FROM pg_visibility('ix_t', 0);
SELECT * FROM pg_visibility('ix_t', 1000);
SELECT * FROM pg_visibility_map_summary('ix_t');
SELECT * FROM pg_check_frozen('ix_t');
SELECT * FROM pg_check_visible('ix_t');
UPDATE ix_t SET label = label || '!' WHERE id IN (1, 2, 3);
SELECT * FROM pg_visibility('ix_t');
SELECT * FROM pg_visibility_map_summary('ix_t');
SELECT pg_truncate_visibility_map('ix_t');
SELECT * FROM pg_visibility('ix_t');
VACUUM ix_t;
SELECT * FROM pg_visibility_map('ix_t');
SELECT * FROM pg_check_frozen('ix_t');
SELECT * FROM pg_visibility_map('ix_t_pkey');
SELECT * FROM pg_visibility('ix_v');
SELECT * FROM pg_visibility_map_summary('ix_s');
SELECT pg_truncate_visibility_map('ix_t_pkey');
SELECT * FROM pg_visibility_map('ix_t', -1);
SELECT * FROM pg_visibility('ix_t', 4294967295);
SELECT * FROM pg_visibility_map('ix_t', 4294967294);
-- the free space map
DELETE FROM ix_t WHERE id <= 200;
VACUUM ix_t;
SELECT * FROM pg_freespace('ix_t');
SELECT pg_freespace('ix_t', 0), pg_freespace('ix_t', 2), pg_freespace('ix_t', 100);
SELECT * FROM pg_freespace('ix_t_pkey');
SELECT * FROM pg_freespace('ix_v');
SELECT * FROM pg_freespace(NULL);
SELECT pg_freespace('ix_t', -1);
SELECT fsm_page_contents(get_raw_page('ix_t', 'fsm', 0));
SELECT fsm_page_contents(get_raw_page('ix_t', 'fsm', 2));
SELECT fsm_page_contents('\x00'::bytea);
-- the buffer cache: facts that hold whatever else the server does
SELECT count(DISTINCT relblocknumber) = pg_relation_size('ix_t') / 8192 AS all_blocks_cached, bool_or(isdirty) AS some_dirty FROM pg_buffercache WHERE relfilenode = pg_relation_filenode('ix_t') AND reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND relforknumber = 0;
CHECKPOINT;
SELECT bool_or(isdirty) AS some_dirty, min(usagecount) > 0 AS used, max(pinning_backends) AS pins FROM pg_buffercache WHERE relfilenode = pg_relation_filenode('ix_t') AND relforknumber = 0;
UPDATE ix_t SET label = 'changed' WHERE id = 600;
SELECT relblocknumber, isdirty FROM pg_buffercache WHERE relfilenode = pg_relation_filenode('ix_t') AND relforknumber = 0 AND isdirty ORDER BY 1;
SELECT count(*) = (SELECT setting::int FROM pg_settings WHERE name = 'shared_buffers') AS one_row_a_buffer, count(*) FILTER (WHERE bufferid IS NULL) AS no_id, min(bufferid) AS first FROM pg_buffercache;
SELECT count(*) > 0 AS any_rows FROM pg_buffercache_pages() AS p (bufferid integer, relfilenode oid, reltablespace oid, reldatabase oid, relforknumber int2, relblocknumber int8, isdirty bool, usagecount int2, pinning_backends int4);
SELECT * FROM pg_buffercache_pages() LIMIT 1;
-- verify_heapam on sound tables, and its refusals
CREATE TABLE ix_wide (a int, b text, c numeric, d int8);
INSERT INTO ix_wide SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE repeat('w', g % 40) END, g / 7.0, g FROM generate_series(1, 300) g;
INSERT INTO ix_wide VALUES (1000, repeat(md5('x'), 500), NULL, NULL);
SELECT * FROM verify_heapam('ix_wide');
SELECT * FROM verify_heapam('ix_wide', check_toast := true);
SELECT * FROM verify_heapam('ix_t', true, true, 'all-frozen', 0, 1);
SELECT * FROM verify_heapam('ix_t', skip := 'ALL-VISIBLE');
SELECT * FROM verify_heapam('ix_t', skip := 'some');
SELECT * FROM verify_heapam('ix_t', startblock := 10);
SELECT * FROM verify_heapam('ix_t', endblock := -1);
SELECT * FROM verify_heapam(NULL);
SELECT * FROM verify_heapam('ix_t', on_error_stop := NULL);
SELECT * FROM verify_heapam('ix_t', skip := NULL);
SELECT * FROM verify_heapam('ix_v');
SELECT * FROM verify_heapam('ix_t_pkey');
SELECT * FROM verify_heapam('ix_s');
-- pageinspect's flag and checksum helpers
SELECT * FROM heap_tuple_infomask_flags(2816, 8193);
SELECT * FROM heap_tuple_infomask_flags(-1, 65535);
SELECT * FROM heap_tuple_infomask_flags(0, 0);
SELECT page_checksum(decode(repeat('01', 8192), 'hex'), 0), page_checksum(decode(repeat('01', 8192), 'hex'), 7);
SELECT page_checksum(decode(repeat('00', 8192), 'hex'), 0);
SELECT page_checksum(decode(repeat('01', 8192), 'hex'), -1);
SELECT page_checksum('\x01'::bytea, 0);
-- privileges: pg_stat_scan_tables reads the maps, pg_monitor the buffer cache
CREATE ROLE regress_ix_reader;
GRANT SELECT ON ix_t TO regress_ix_reader;
SET ROLE regress_ix_reader;
SELECT * FROM pg_visibility_map_summary('ix_t');
SELECT pg_freespace('ix_t', 0);
SELECT count(*) >= 0 FROM pg_buffercache;
SELECT * FROM verify_heapam('ix_t');
RESET ROLE;
GRANT pg_stat_scan_tables, pg_monitor TO regress_ix_reader;
SET ROLE regress_ix_reader;
SELECT * FROM pg_visibility_map_summary('ix_t');
SELECT pg_freespace('ix_t', 0);
SELECT count(*) > 0 FROM pg_buffercache;
SELECT pg_truncate_visibility_map('ix_t');
RESET ROLE;
DROP EXTENSION pg_buffercache;
SELECT count(*) FROM pg_init_privs WHERE privtype = 'e' AND objoid NOT IN (SELECT oid FROM pg_proc) AND objoid NOT IN (SELECT oid FROM pg_class);
DROP TABLE ix_t, ix_wide;
DROP VIEW ix_v;
DROP SEQUENCE ix_s;
DROP ROLE regress_ix_reader;
DROP EXTENSION pg_visibility;
DROP EXTENSION pg_freespacemap;
DROP EXTENSION amcheck;
DROP EXTENSION pageinspect;
