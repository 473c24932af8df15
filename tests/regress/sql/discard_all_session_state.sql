-- DISCARD ALL does what PostgreSQL's DiscardAll does: closes cursors, resets the session
-- user (SET SESSION AUTHORIZATION), settings, prepared statements, LISTENs, session
-- advisory locks, temporary tables and the session's sequence values (currval, lastval:
-- DISCARD SEQUENCES alone too); it refuses to run in a transaction block.
DROP ROLE IF EXISTS regress_dis_user;
DROP SEQUENCE IF EXISTS regress_dis_seq;
DECLARE foo CURSOR WITH HOLD FOR SELECT 1;
PREPARE foo AS SELECT 1;
LISTEN foo_event;
SET vacuum_cost_delay = 13;
CREATE TEMP TABLE tmp_foo (data text) ON COMMIT DELETE ROWS;
CREATE ROLE regress_dis_user;
CREATE SEQUENCE regress_dis_seq;
SELECT nextval('regress_dis_seq');
SELECT pg_advisory_lock(4242);
SET SESSION AUTHORIZATION regress_dis_user;
SELECT pg_listening_channels();
SELECT name FROM pg_prepared_statements;
SELECT name FROM pg_cursors;
SHOW vacuum_cost_delay;
SELECT relname from pg_class where relname = 'tmp_foo';
SELECT current_user = 'regress_dis_user';
SELECT currval('regress_dis_seq'), lastval();
DISCARD ALL;
SELECT pg_listening_channels();
SELECT name FROM pg_prepared_statements;
SELECT name FROM pg_cursors;
SHOW vacuum_cost_delay;
SELECT relname from pg_class where relname = 'tmp_foo';
SELECT current_user = 'regress_dis_user';
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SELECT currval('regress_dis_seq');
SELECT lastval();
SELECT nextval('regress_dis_seq');
DISCARD SEQUENCES;
SELECT currval('regress_dis_seq');
BEGIN;
DISCARD ALL;
ROLLBACK;
DROP ROLE regress_dis_user;
DROP SEQUENCE regress_dis_seq;
