-- PostgreSQL's system views as real views in pg_catalog (catalog/system_view_rows.py,
-- system_views.py, stat_views.py, system_view_queries.py, system_view_functions.py):
-- their pg_class, pg_type, pg_attribute, pg_rewrite, pg_depend and pg_init_privs rows,
-- pg_views, regclass, pg_get_viewdef, and the privileges a role without any has on them.
-- pg_stat_io (PostgreSQL 16's view, which pgsnake adds: catalog/newer_system_views.py)
-- is left out, since the oracle has none (tests/utils/test_pg_stat_io.py covers it).
RESET ROLE;
DROP TABLE IF EXISTS regress_sv_any CASCADE;
DROP SEQUENCE IF EXISTS regress_sv_seq;
DROP ROLE IF EXISTS regress_sv_reader;
CREATE ROLE regress_sv_reader;
CREATE SEQUENCE regress_sv_seq;
SELECT nextval('regress_sv_seq');
-- pg_class: the views, their OIDs, owner, ACL and flags
SELECT c.oid, c.relname, c.relkind, c.relowner, c.relacl, c.relnatts, c.relhasrules,
       c.relfilenode, c.relpersistence, c.relreplident, c.reltype <> 0 AS has_rowtype
FROM pg_class c WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' AND c.relname <> 'pg_stat_io'
ORDER BY c.oid;
-- their row types and array types
SELECT t.oid, t.typname, t.typtype, t.typrelid, t.typarray, a.typname AS array_name,
       a.typelem = t.oid AS array_of_row
FROM pg_type t JOIN pg_class c ON c.reltype = t.oid
LEFT JOIN pg_type a ON a.oid = t.typarray
WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' AND c.relname <> 'pg_stat_io' ORDER BY t.oid;
-- their columns: names, types, typmods, order
SELECT a.attrelid::regclass AS view, a.attnum, a.attname, a.atttypid::regtype,
       a.atttypmod, a.attlen, a.attbyval, a.attalign, a.attstorage, a.attcollation,
       a.attnotnull, a.attisdropped
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' AND c.relname <> 'pg_stat_io' AND a.attnum > 0
ORDER BY a.attrelid, a.attnum;
-- no system columns on a view
SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' AND c.relname <> 'pg_stat_io' AND a.attnum <= 0;
-- the "_RETURN" rules
SELECT r.oid, r.rulename, r.ev_class::regclass, r.ev_type, r.ev_enabled, r.is_instead
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' AND c.relname <> 'pg_stat_io'
  AND r.rulename = '_RETURN' ORDER BY r.oid;
-- pg_depend: each view's row type and array type (the rules' rows are left out:
-- catalog/system_view_rows.py)
SELECT d.classid::regclass, d.objid, d.refclassid::regclass, d.refobjid, d.deptype
FROM pg_depend d
WHERE d.classid = 'pg_type'::regclass AND d.deptype = 'i' AND d.refobjid IN (
    SELECT oid FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'v'
          AND relname <> 'pg_stat_io'
    UNION ALL
    SELECT reltype FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'v'
          AND relname <> 'pg_stat_io')
ORDER BY d.refobjid, d.classid, d.objid;
-- pg_init_privs: initdb's ACLs of the views
SELECT p.objoid::regclass, p.objsubid, p.privtype, p.initprivs
FROM pg_init_privs p JOIN pg_class c ON c.oid = p.objoid AND p.classoid = 'pg_class'::regclass
WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' AND c.relname <> 'pg_stat_io' ORDER BY p.objoid;
-- pg_views over them; regclass names them
SELECT viewname, viewowner FROM pg_views WHERE schemaname = 'pg_catalog' AND viewname <> 'pg_stat_io'
ORDER BY viewname;
SELECT 'pg_settings'::regclass::oid, 'pg_catalog.pg_roles'::regclass, to_regclass('pg_stat_activity')::oid;
-- definitions printed as PostgreSQL prints them
SELECT pg_get_viewdef('pg_settings'::regclass);
SELECT pg_get_viewdef('pg_locks'::regclass, true);
SELECT pg_get_viewdef('pg_tables'::regclass);
SELECT pg_get_viewdef('pg_stat_progress_vacuum'::regclass);
SELECT definition FROM pg_views WHERE schemaname = 'pg_catalog' AND viewname = 'pg_stat_ssl';
-- every view whose definition pgsnake prints as PostgreSQL does (the others differ in
-- constant casts, or are simpler: see catalog/README.md)
SELECT viewname, definition FROM pg_views WHERE schemaname = 'pg_catalog' AND viewname IN (
   'pg_available_extension_versions', 'pg_available_extensions',
   'pg_backend_memory_contexts', 'pg_config', 'pg_cursors', 'pg_file_settings',
   'pg_group', 'pg_hba_file_rules', 'pg_ident_file_mappings', 'pg_indexes', 'pg_locks',
   'pg_matviews', 'pg_policies', 'pg_prepared_statements', 'pg_prepared_xacts',
   'pg_replication_origin_status', 'pg_replication_slots', 'pg_rules', 'pg_sequences',
   'pg_settings', 'pg_shmem_allocations', 'pg_stat_activity', 'pg_stat_all_indexes',
   'pg_stat_all_tables', 'pg_stat_archiver', 'pg_stat_bgwriter',
   'pg_stat_database_conflicts', 'pg_stat_gssapi', 'pg_stat_progress_analyze',
   'pg_stat_progress_basebackup', 'pg_stat_progress_cluster', 'pg_stat_progress_copy',
   'pg_stat_progress_create_index', 'pg_stat_progress_vacuum',
   'pg_stat_recovery_prefetch', 'pg_stat_replication', 'pg_stat_replication_slots',
   'pg_stat_slru', 'pg_stat_ssl', 'pg_stat_subscription', 'pg_stat_subscription_stats',
   'pg_stat_sys_indexes', 'pg_stat_sys_tables', 'pg_stat_user_indexes',
   'pg_stat_user_tables', 'pg_stat_wal', 'pg_stat_wal_receiver',
   'pg_stat_xact_all_tables', 'pg_stat_xact_sys_tables', 'pg_stat_xact_user_tables',
   'pg_statio_all_indexes', 'pg_statio_all_sequences', 'pg_statio_sys_indexes',
   'pg_statio_sys_sequences', 'pg_statio_sys_tables', 'pg_statio_user_indexes',
   'pg_statio_user_sequences', 'pg_statio_user_tables', 'pg_stats', 'pg_tables',
   'pg_timezone_abbrevs', 'pg_timezone_names', 'pg_user', 'pg_views')
ORDER BY viewname;
-- a view over `x = ANY (array column)` prints the array expression
CREATE TABLE regress_sv_any (a integer, b integer[]);
CREATE VIEW regress_sv_any_v AS SELECT * FROM regress_sv_any WHERE a = ANY (b) AND a <> ALL (b);
SELECT pg_get_viewdef('regress_sv_any_v'::regclass);
DROP TABLE regress_sv_any CASCADE;
-- the views answer
SELECT name, vartype FROM pg_settings WHERE name IN ('work_mem', 'search_path') ORDER BY name;
SELECT rolname, rolsuper, rolpassword FROM pg_roles WHERE rolname = 'regress_sv_reader';
SELECT groname FROM pg_group WHERE groname = 'regress_sv_reader';
SELECT count(*) FROM pg_stat_replication;
SELECT count(*) FROM pg_replication_slots;
SELECT count(*) FROM pg_stat_subscription;
SELECT count(*) FROM pg_user_mappings;
SELECT count(*) FROM pg_stats_ext WHERE schemaname = 'pg_catalog';
-- a role without privileges reads pg_roles but not pg_authid, pg_shadow or pg_config
SET ROLE regress_sv_reader;
SELECT count(*) > 0 AS sees_roles FROM pg_roles;
SELECT count(*) FROM pg_authid;
SELECT count(*) FROM pg_shadow;
SELECT * FROM pg_config;
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'regress_sv_seq';
SELECT usename FROM pg_user WHERE usename = 'regress_sv_reader';
SELECT has_table_privilege('pg_settings', 'UPDATE'), has_table_privilege('pg_shadow', 'SELECT'),
       has_table_privilege('pg_shmem_allocations', 'SELECT');
RESET ROLE;
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'regress_sv_seq';
DROP SEQUENCE regress_sv_seq;
DROP ROLE regress_sv_reader;
