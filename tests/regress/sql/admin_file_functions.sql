-- The server-file functions (commands/file_functions.py): pg_read_file,
-- pg_read_binary_file, pg_stat_file, pg_ls_dir, pg_ls_waldir and friends,
-- pg_current_logfile, pg_rotate_logfile, pg_tablespace_databases; their errors and the
-- privilege checks (paths and times differ between the servers: compared as facts).
SELECT pg_read_file('PG_VERSION');
SELECT pg_read_file('PG_VERSION', 0, 2), pg_read_file('PG_VERSION', -3, 2), pg_read_file('PG_VERSION', 100, 2);
SELECT pg_read_binary_file('PG_VERSION'), pg_read_binary_file('PG_VERSION', 1, 1);
SELECT pg_read_file('regress_no_such_file', 0, 10, true) IS NULL AS missing,
       pg_read_binary_file('regress_no_such_file', 0, 10, true) IS NULL AS missing_binary;
SELECT pg_read_file('regress_no_such_file');
SELECT pg_read_file('base');
SELECT pg_read_file('./base/../regress_no_such_file');
SELECT pg_stat_file('base//../regress_no_such_file');
SELECT pg_read_file('PG_VERSION', 0, -1);
SELECT pg_read_binary_file('PG_VERSION', 0, -1);
SELECT pg_read_file('postgresql.conf', 0, 100) ~ '#' AS conf_text;
SELECT size, isdir, creation, modification <= now() AS past, access IS NOT NULL AS has_access,
       change IS NOT NULL AS has_change FROM pg_stat_file('PG_VERSION');
SELECT isdir FROM pg_stat_file('base');
SELECT * FROM pg_stat_file('regress_no_such_file', true);
SELECT * FROM pg_stat_file('regress_no_such_file');
SELECT (pg_stat_file('PG_VERSION')).size;
SELECT d FROM pg_ls_dir('.') d WHERE d IN ('PG_VERSION', 'base', 'global', 'pg_wal', 'postgresql.conf') ORDER BY 1;
SELECT d FROM pg_ls_dir('.', false, true) d WHERE d LIKE '.%' ORDER BY 1;
SELECT count(*) FROM pg_ls_dir('regress_no_such_dir', true, false);
SELECT pg_ls_dir('regress_no_such_dir');
SELECT pg_ls_dir('PG_VERSION');
SELECT d FROM pg_ls_dir('base') d WHERE d IN ('1', '4', '5') ORDER BY 1;
SELECT count(*) > 0 AS has_segments, bool_and(name ~ '^[0-9A-F]{24}$') AS segment_names,
       bool_and(size = 16777216) AS segment_size, bool_and(modification <= now()) AS past
FROM pg_ls_waldir() WHERE name !~ 'history';
SELECT * FROM pg_ls_archive_statusdir() WHERE false;
SELECT count(*) FROM pg_ls_tmpdir();
SELECT count(*) FROM pg_ls_tmpdir(1663);
SELECT * FROM pg_ls_tmpdir(12345);
SELECT pg_current_logfile(), pg_current_logfile('stderr'), pg_current_logfile('csvlog');
SELECT pg_current_logfile('syslog');
SELECT pg_rotate_logfile();
SELECT * FROM pg_tablespace_databases(1663) d WHERE d IN (1, 4, 5) ORDER BY 1;
SELECT * FROM pg_tablespace_databases(1664);
SELECT * FROM pg_tablespace_databases(12345);
-- privileges: EXECUTE is revoked from PUBLIC; granted, a role reads only below the data
-- directory unless it has pg_read_server_files' privileges
DROP ROLE IF EXISTS regress_file_reader;
CREATE ROLE regress_file_reader;
SET ROLE regress_file_reader;
SELECT pg_read_file('PG_VERSION');
SELECT pg_ls_dir('.');
SELECT * FROM pg_ls_waldir();
SELECT * FROM pg_stat_file('PG_VERSION');
RESET ROLE;
GRANT EXECUTE ON FUNCTION pg_read_file(text) TO regress_file_reader;
GRANT EXECUTE ON FUNCTION pg_stat_file(text) TO regress_file_reader;
SET ROLE regress_file_reader;
SELECT pg_read_file('PG_VERSION');
SELECT pg_read_file('./PG_VERSION');
SELECT pg_read_file('../PG_VERSION');
SELECT pg_read_file('base/../PG_VERSION');
SELECT pg_read_file('/etc/hostname');
SELECT size FROM pg_stat_file('PG_VERSION');
SELECT size FROM pg_stat_file('/etc/hostname');
RESET ROLE;
GRANT pg_read_server_files TO regress_file_reader;
SET ROLE regress_file_reader;
SELECT length(pg_read_file('/etc/hostname')) > 0 AS read_outside;
RESET ROLE;
GRANT pg_monitor TO regress_file_reader;
SET ROLE regress_file_reader;
SELECT count(*) > 0 AS monitor_lists_wal FROM pg_ls_waldir();
RESET ROLE;
REVOKE EXECUTE ON FUNCTION pg_read_file(text) FROM regress_file_reader;
REVOKE EXECUTE ON FUNCTION pg_stat_file(text) FROM regress_file_reader;
DROP ROLE regress_file_reader;
