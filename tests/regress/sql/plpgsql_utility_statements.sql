-- compare notices
-- Utility statements PL/pgSQL passes to SPI: SET / RESET / SHOW, the session's
-- PREPARE / DEALLOCATE / DISCARD / CHECKPOINT, LOCK and SET CONSTRAINTS (no
-- transaction-block checks inside a function), the commands that may not run from a
-- function (VACUUM, DISCARD ALL, CREATE INDEX CONCURRENTLY, ALTER SYSTEM, CREATE
-- DATABASE), transaction statements and COPY from / to the client refused
-- (tcop/utility.FunctionTcopStatement, access/transam/xact.is_top_level).
CREATE TABLE pu_t (a int);
DO $$ BEGIN ANALYZE pu_t; END $$;
DO $$ BEGIN VACUUM pu_t; END $$;
DO $$ BEGIN LISTEN pu_chan; UNLISTEN pu_chan; NOTIFY pu_chan, 'x'; END $$;
DO $$ BEGIN TRUNCATE pu_t; END $$;
DO $$ BEGIN LOCK TABLE pu_t IN SHARE MODE; END $$;
DO $$ BEGIN SET CONSTRAINTS ALL DEFERRED; END $$;
DO $$ BEGIN DISCARD ALL; END $$;
DO $$ BEGIN DISCARD TEMP; DISCARD PLANS; DISCARD SEQUENCES; END $$;
DO $$ BEGIN CHECKPOINT; END $$;
DO $$ BEGIN PREPARE pu_p AS SELECT 1; END $$;
SELECT name, statement FROM pg_prepared_statements;
DO $$ DECLARE v int; BEGIN EXECUTE 'EXECUTE pu_p' INTO v; RAISE NOTICE '%', v; END $$;
DO $$ BEGIN DEALLOCATE pu_p; END $$;
DO $$ BEGIN DEALLOCATE ALL; END $$;
DO $$ BEGIN SAVEPOINT s; END $$;
DO $$ BEGIN RELEASE SAVEPOINT s; END $$;
DO $$ BEGIN SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; END $$;
DO $$ BEGIN SET TRANSACTION READ ONLY; END $$;
DO $$ BEGIN CREATE INDEX CONCURRENTLY pu_i ON pu_t (a); END $$;
DO $$ BEGIN CREATE INDEX pu_i2 ON pu_t (a); REINDEX TABLE pu_t; CLUSTER pu_t USING pu_i2; END $$;
DO $$ BEGIN DO 'BEGIN NULL; END'; END $$;
DO $$ BEGIN RESET ALL; END $$;
DO $$ BEGIN SET ROLE postgres; RESET ROLE; END $$;
DO $$ BEGIN SET TIME ZONE 'UTC'; RAISE NOTICE '%', current_setting('timezone'); RESET TIME ZONE; END $$;
DO $$ BEGIN COPY pu_t TO STDOUT; END $$;
DO $$ BEGIN COPY pu_t FROM STDIN; END $$;
DO $$ BEGIN EXECUTE 'COPY pu_t TO STDOUT'; END $$;
DO $$ BEGIN EXPLAIN SELECT 1; END $$;
DO $$ DECLARE r record; BEGIN FOR r IN EXPLAIN (COSTS OFF) SELECT 1 LOOP RAISE NOTICE '%', r; END LOOP; END $$;
DO $$ DECLARE r record; n int := 0; BEGIN FOR r IN EXECUTE 'SHOW ALL' LOOP n := n + 1; END LOOP; RAISE NOTICE '%', n > 100; END $$;
DO $$ DECLARE r text; BEGIN EXECUTE 'SHOW datestyle' INTO r; RAISE NOTICE '%', r; END $$;
DO $$ BEGIN EXECUTE 'SET work_mem = ''9MB'''; RAISE NOTICE '%', current_setting('work_mem'); EXECUTE 'RESET work_mem'; END $$;
DO $$ BEGIN EXECUTE 'COMMIT'; END $$;
DO $$ BEGIN EXECUTE 'BEGIN'; END $$;
DO $$ BEGIN ALTER SYSTEM SET work_mem = '5MB'; END $$;
DO $$ BEGIN CREATE DATABASE pu_db; END $$;
CREATE FUNCTION pu_sf() RETURNS void LANGUAGE sql AS 'VACUUM';
SELECT pu_sf();
CREATE FUNCTION pu_sf2() RETURNS void LANGUAGE sql AS 'SET LOCAL work_mem = ''5MB''';
SELECT pu_sf2();
SHOW work_mem;
DROP FUNCTION pu_sf(), pu_sf2();
DROP TABLE pu_t;
