-- The system views over administration functions (tcop/session_views.py,
-- datatypes/timezone_views.py, utils/config_file_views.py, storage/ipc/shmem_allocations.py,
-- utils/memory_contexts.py, contrib/extensions.py): rows that depend on paths, times or the
-- server's build are compared as facts.
-- pg_cursors: the cursors DECLAREd in this session
SELECT * FROM pg_cursors;
BEGIN;
DECLARE regress_c1 CURSOR WITH HOLD FOR SELECT 1;
DECLARE regress_c2 BINARY NO SCROLL CURSOR FOR SELECT relname FROM pg_class;
SELECT name, statement, is_holdable, is_binary, is_scrollable,
       creation_time >= now() AS created_in_xact FROM pg_cursors ORDER BY name;
CLOSE regress_c2;
COMMIT;
SELECT name, is_holdable FROM pg_cursors;
CLOSE regress_c1;
SELECT count(*) FROM pg_cursors;
-- pg_prepared_statements
PREPARE regress_p1(int, text) AS SELECT $1, $2;
PREPARE regress_p2 AS SELECT 1;
EXECUTE regress_p2;
SELECT name, statement, parameter_types, from_sql, prepare_time <= now() AS prepared_before_now
FROM pg_prepared_statements ORDER BY name;
SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'regress_p2';
DEALLOCATE regress_p1;
DEALLOCATE regress_p2;
SELECT count(*) FROM pg_prepared_statements;
-- pg_timezone_abbrevs: the Default set
SELECT * FROM pg_timezone_abbrevs ORDER BY abbrev;
-- pg_timezone_names: the zone directory, offsets as of now
SELECT count(*) > 1000 AS many, count(*) FILTER (WHERE name LIKE 'posix/%') > 500 AS posix
FROM pg_timezone_names;
SELECT * FROM pg_timezone_names
WHERE name IN ('UTC', 'Etc/GMT+5', 'Asia/Tokyo', 'posix/Asia/Kolkata', 'Factory', 'Japan')
ORDER BY name;
SELECT count(*) FROM pg_timezone_names WHERE name LIKE 'right/%' OR name LIKE '%.tab';
-- pg_config: PostgreSQL's keys (the values are each server's own)
SELECT name FROM pg_config ORDER BY name;
SELECT count(*) FROM pg_config WHERE setting IS NULL;
-- pg_file_settings: postgresql.conf as read now
SELECT count(*) > 0 AS has_rows, bool_and(sourcefile = current_setting('config_file')) AS one_file,
       bool_and(applied) AS all_applied, count(error) AS errors,
       min(seqno) AS first_seqno, count(DISTINCT seqno) = count(*) AS distinct_seqno
FROM pg_file_settings;
SELECT name, setting, applied FROM pg_file_settings WHERE name IN ('max_connections', 'datestyle');
-- pg_hba_file_rules / pg_ident_file_mappings (line numbers follow each file's comments)
SELECT type, database, user_name, address, netmask, auth_method, options, error
FROM pg_hba_file_rules ORDER BY line_number;
SELECT * FROM pg_ident_file_mappings;
-- pg_shmem_allocations, pg_backend_memory_contexts
SELECT count(*) > 5 AS regions, bool_and(size > 0) AS sized,
       bool_and(allocated_size >= size) AS padded, count(*) = count(DISTINCT off) AS distinct_offsets
FROM pg_shmem_allocations WHERE name IS NOT NULL AND off IS NOT NULL;
SELECT name, ident, parent, level, total_bytes > 0 AS has_bytes, used_bytes <= total_bytes AS used
FROM pg_backend_memory_contexts WHERE level = 0;
-- pg_available_extensions (the ones pgsnake implements)
SELECT e.name, e.default_version, e.installed_version, e.comment FROM pg_available_extensions e
WHERE e.name IN ('plpgsql', 'amcheck', 'pageinspect', 'pg_walinspect', 'pgstattuple',
                 'pg_buffercache', 'pg_freespacemap', 'pg_visibility', 'pgcrypto', 'pg_trgm')
ORDER BY e.name;
SELECT name, installed, superuser, trusted, relocatable, schema, requires
FROM pg_available_extension_versions WHERE name IN ('plpgsql', 'pgcrypto', 'uuid-ossp') ORDER BY name;
-- no WAL receiver; recovery prefetch never ran
SELECT * FROM pg_stat_wal_receiver;
SELECT prefetch, hit, skip_init, skip_new, skip_fpw, skip_rep, wal_distance, block_distance,
       io_depth, stats_reset <= now() AS reset_before_now FROM pg_stat_recovery_prefetch;
-- a role without privileges
DROP ROLE IF EXISTS regress_view_reader;
CREATE ROLE regress_view_reader;
SET ROLE regress_view_reader;
SELECT count(*) FROM pg_file_settings;
SELECT count(*) FROM pg_hba_file_rules;
SELECT count(*) FROM pg_shmem_allocations;
SELECT count(*) FROM pg_backend_memory_contexts;
SELECT count(*) > 0 FROM pg_timezone_abbrevs;
SELECT count(*) FROM pg_cursors;
RESET ROLE;
DROP ROLE regress_view_reader;
