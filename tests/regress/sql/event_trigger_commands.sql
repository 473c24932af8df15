-- pg_event_trigger_ddl_commands() for CREATE TABLE / AGGREGATE / OPERATOR / CAST: the rows,
-- a command value that is not NULL and cannot be displayed (pg_ddl_command).
CREATE FUNCTION et8_f() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP RAISE NOTICE '% % % null=% ext=%', r.command_tag, r.object_type, r.object_identity, r.command IS NULL, r.in_extension; END LOOP; END $$;
CREATE EVENT TRIGGER et8 ON ddl_command_end EXECUTE FUNCTION et8_f();
CREATE TABLE et8_t (a int);
CREATE AGGREGATE et8_agg(int4) (SFUNC = int4pl, STYPE = int4);
CREATE OPERATOR ### (LEFTARG = int, RIGHTARG = int, FUNCTION = int4pl);
CREATE CAST (et8_t AS int) WITH INOUT;
ALTER AGGREGATE et8_agg(int4) RENAME TO et8_agg2;
DROP EVENT TRIGGER et8;
CREATE FUNCTION et8_g() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP RAISE NOTICE '%', r.command; END LOOP; END $$;
CREATE EVENT TRIGGER et8g ON ddl_command_end EXECUTE FUNCTION et8_g();
CREATE TABLE et8_u (a int);
DROP EVENT TRIGGER et8g;
DROP TABLE et8_t CASCADE;
DROP AGGREGATE et8_agg2(int4);
DROP OPERATOR ### (int, int);
DROP FUNCTION et8_f(), et8_g();
