-- Event triggers: CREATE / ALTER / DROP EVENT TRIGGER and their checks, the
-- pg_event_trigger rows, firing on ddl_command_start / ddl_command_end / sql_drop /
-- table_rewrite with tag filters and session_replication_role, and what the
-- trigger functions can ask (TG_EVENT, TG_TAG, pg_event_trigger_ddl_commands,
-- pg_event_trigger_dropped_objects, pg_event_trigger_table_rewrite_oid / _reason).
CREATE TABLE evt_log (n serial, event text, tag text, detail text);
CREATE FUNCTION evt_note() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evt_log (event, tag) VALUES (tg_event, tg_tag);
END $$;
CREATE FUNCTION evt_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    INSERT INTO evt_log (event, tag, detail) VALUES (tg_event, tg_tag,
      concat_ws(' | ', r.classid::regclass, r.objsubid, r.command_tag, r.object_type,
                r.schema_name, r.object_identity, r.in_extension));
  END LOOP;
END $$;
CREATE FUNCTION evt_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE original LOOP
    INSERT INTO evt_log (event, tag, detail) VALUES (tg_event, tg_tag,
      concat_ws(' | ', r.classid::regclass, r.objsubid, r.original, r.normal,
                r.is_temporary, r.object_type, r.schema_name, r.object_name,
                r.object_identity, r.address_names, r.address_args));
  END LOOP;
END $$;
CREATE FUNCTION evt_rewrite() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evt_log (event, tag, detail) VALUES (tg_event, tg_tag,
    pg_event_trigger_table_rewrite_oid()::regclass || ' ' ||
    pg_event_trigger_table_rewrite_reason());
END $$;
CREATE FUNCTION evt_fail() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'no % here', tg_tag;
END $$;
CREATE FUNCTION evt_not() RETURNS int LANGUAGE sql AS 'SELECT 1';

-- CREATE EVENT TRIGGER's checks, in PostgreSQL's order
CREATE EVENT TRIGGER evt_a ON nonsense EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_start WHEN food IN ('x') EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_start WHEN tag IN ('CREATE TABLE') AND tag IN ('DROP TABLE') EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_start WHEN tag IN ('bogus') EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_start WHEN tag IN ('create role') EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_start WHEN tag IN ('CREATE EVENT TRIGGER') EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON table_rewrite WHEN tag IN ('create table') EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_start EXECUTE FUNCTION evt_nosuch();
CREATE EVENT TRIGGER evt_a ON ddl_command_start EXECUTE FUNCTION evt_not();

CREATE EVENT TRIGGER evt_a ON ddl_command_start EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_a ON ddl_command_end EXECUTE FUNCTION evt_note();
CREATE EVENT TRIGGER evt_b ON ddl_command_start WHEN TAG IN ('create table', 'Drop Table')
  EXECUTE PROCEDURE evt_note();
CREATE EVENT TRIGGER evt_c ON ddl_command_end EXECUTE FUNCTION evt_end();
CREATE EVENT TRIGGER evt_d ON sql_drop EXECUTE FUNCTION evt_drop();
CREATE EVENT TRIGGER evt_e ON table_rewrite WHEN TAG IN ('alter table') EXECUTE FUNCTION evt_rewrite();
SELECT evtname, evtevent, evtenabled, evttags, evtfoid::regproc,
       pg_get_userbyid(evtowner) = current_user AS own
  FROM pg_event_trigger ORDER BY evtname;
SELECT pg_describe_object(classid, objid, objsubid) AS obj,
       pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend WHERE classid = 'pg_event_trigger'::regclass ORDER BY 1;

-- firing: start (all, and the tag-filtered one), end with the commands, sql_drop
CREATE TABLE evt_t (id serial PRIMARY KEY, b int UNIQUE, c int);
CREATE INDEX evt_t_c ON evt_t (c);
ALTER TABLE evt_t ADD COLUMN d int DEFAULT 1;
ALTER TABLE evt_t RENAME COLUMN d TO dd;
COMMENT ON TABLE evt_t IS 'logged';
GRANT SELECT ON evt_t TO PUBLIC;
REVOKE SELECT ON evt_t FROM PUBLIC;
CREATE VIEW evt_v AS SELECT id FROM evt_t;
CREATE SCHEMA evt_s;
CREATE FUNCTION evt_s.f(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
CREATE TYPE evt_s.en AS ENUM ('a');
CREATE SEQUENCE evt_s.sq;
CREATE TABLE evt_s.x AS SELECT 1 AS y;
SELECT 2 AS z INTO evt_s.z;
INSERT INTO evt_t (b, c) VALUES (1, 1);
-- table_rewrite (a column type change, a volatile default)
ALTER TABLE evt_t ALTER COLUMN c TYPE bigint;
ALTER TABLE evt_t ADD COLUMN e float8 DEFAULT random();
SELECT event, tag, detail FROM evt_log ORDER BY n;
DELETE FROM evt_log;
-- DROP INDEX / TRIGGER / POLICY go through pg_depend and report to sql_drop
CREATE FUNCTION evt_tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER evt_trg BEFORE INSERT ON evt_t FOR EACH ROW EXECUTE FUNCTION evt_tf();
CREATE POLICY evt_p ON evt_t USING (true);
CREATE UNIQUE INDEX evt_u ON evt_t (dd);
CREATE TABLE evt_f (x int REFERENCES evt_t (dd));
DROP TRIGGER evt_trg ON evt_t;
DROP POLICY evt_p ON evt_t;
DROP INDEX evt_t_c;
DROP INDEX evt_t_b_key;
DROP INDEX evt_u;
DROP INDEX evt_u CASCADE;
DROP TABLE evt_f;
DROP FUNCTION evt_tf();
SELECT evt_note();
DROP VIEW evt_v;
DROP TABLE evt_t;
DROP FUNCTION evt_s.f(int);
DROP SCHEMA evt_s CASCADE;
SELECT event, tag, detail FROM evt_log ORDER BY n;
DELETE FROM evt_log;

-- pg_identify_object / pg_identify_object_as_address (what the event trigger functions
-- report is built from the same identities)
create schema idn; create table idn."T t" (a int primary key, "B" text check (length("B") > 0) default 'x');
create function idn.f(int, text[], idn."T t") returns int language sql as 'select 1';
create type idn.e as enum ('a');
select (pg_identify_object('pg_class'::regclass, 'idn."T t"'::regclass, 0)).*;
select (pg_identify_object('pg_class'::regclass, 'idn."T t"'::regclass, 2)).*;
select (pg_identify_object('pg_proc'::regclass, 'idn.f(int, text[], idn."T t")'::regprocedure, 0)).*;
select (pg_identify_object('pg_type'::regclass, 'idn.e'::regtype, 0)).*;
select (pg_identify_object('pg_type'::regclass, 'idn.e[]'::regtype, 0)).*;
select (pg_identify_object('pg_namespace'::regclass, 'idn'::regnamespace, 0)).*;
select (pg_identify_object(classid, objid, objsubid)).* from pg_depend where refobjid = 'idn."T t"'::regclass and classid <> 'pg_type'::regclass
  and (pg_identify_object(classid, objid, objsubid)).type <> 'toast table' order by 1, 4;
select (pg_identify_object_as_address('pg_proc'::regclass, 'idn.f(int, text[], idn."T t")'::regprocedure, 0)).*;
select (pg_identify_object_as_address('pg_class'::regclass, 'idn."T t"'::regclass, 2)).*;
drop schema idn cascade;

-- the functions outside their events
SELECT * FROM pg_event_trigger_ddl_commands();
SELECT * FROM pg_event_trigger_dropped_objects();
SELECT pg_event_trigger_table_rewrite_oid();
SELECT pg_event_trigger_table_rewrite_reason();

-- ALTER EVENT TRIGGER: enabled states and session_replication_role
DROP EVENT TRIGGER evt_c, evt_d, evt_e;
ALTER EVENT TRIGGER evt_b DISABLE;
CREATE TABLE evt_u (a int);
ALTER EVENT TRIGGER evt_a ENABLE REPLICA;
ALTER EVENT TRIGGER evt_b ENABLE ALWAYS;
DROP TABLE evt_u;
SET session_replication_role = replica;
CREATE TABLE evt_u (a int);
RESET session_replication_role;
ALTER EVENT TRIGGER evt_a ENABLE;
SELECT evtname, evtenabled FROM pg_event_trigger ORDER BY evtname;
SELECT event, tag, detail FROM evt_log ORDER BY n;
DELETE FROM evt_log;
ALTER EVENT TRIGGER evt_nosuch DISABLE;
ALTER EVENT TRIGGER evt_b RENAME TO evt_a;
ALTER EVENT TRIGGER evt_b RENAME TO evt_bb;

-- pg_event_trigger_ddl_commands() in ddl_command_start: an error unless triggers of
-- the later events exist, and then nothing yet
CREATE FUNCTION evt_start() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evt_log (event, tag, detail)
    SELECT tg_event, tg_tag, count(*) FROM pg_event_trigger_ddl_commands();
END $$;
CREATE EVENT TRIGGER evt_s ON ddl_command_start WHEN TAG IN ('CREATE VIEW') EXECUTE FUNCTION evt_start();
CREATE VIEW evt_w AS SELECT 1 AS one;
CREATE EVENT TRIGGER evt_h ON sql_drop WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION evt_note();
CREATE VIEW evt_w AS SELECT 1 AS one;
SELECT event, tag, detail FROM evt_log ORDER BY n;
DELETE FROM evt_log;
DROP EVENT TRIGGER evt_s;
DROP EVENT TRIGGER evt_h;
DROP VIEW evt_w;
DROP FUNCTION evt_start();

-- an error in an event trigger aborts the command
CREATE EVENT TRIGGER evt_f ON ddl_command_end WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION evt_fail();
DROP TABLE evt_u;
SELECT count(*) FROM pg_class WHERE relname = 'evt_u';
DROP EVENT TRIGGER evt_f;

-- privileges: superuser only, ownership for ALTER / DROP
CREATE ROLE evt_user;
CREATE ROLE evt_super SUPERUSER;
ALTER EVENT TRIGGER evt_bb OWNER TO evt_user;
ALTER EVENT TRIGGER evt_bb OWNER TO evt_super;
SELECT evtname, pg_get_userbyid(evtowner) FROM pg_event_trigger WHERE evtname = 'evt_bb';
SET ROLE evt_user;
CREATE EVENT TRIGGER evt_g ON ddl_command_start EXECUTE FUNCTION evt_note();
ALTER EVENT TRIGGER evt_bb DISABLE;
DROP EVENT TRIGGER evt_bb;
RESET ROLE;
ALTER EVENT TRIGGER evt_bb OWNER TO CURRENT_USER;

-- the function's dependents, DROP [IF EXISTS]
DROP FUNCTION evt_note();
DROP EVENT TRIGGER evt_nosuch;
DROP EVENT TRIGGER IF EXISTS evt_nosuch;
DROP FUNCTION evt_note() CASCADE;
SELECT count(*) FROM pg_event_trigger;
DROP TABLE evt_u;
DROP ROLE evt_user;
DROP ROLE evt_super;
DROP FUNCTION evt_end();
DROP FUNCTION evt_drop();
DROP FUNCTION evt_rewrite();
DROP FUNCTION evt_fail();
DROP FUNCTION evt_not();
DROP TABLE evt_log;
