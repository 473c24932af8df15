-- table_to_xmlschema / query_to_xmlschema / cursor_to_xmlschema: named XML Schema types
-- for standard types, UDT and Domain names, dropped columns, nulls / tableforest /
-- target namespace forms, a missing cursor.
DROP SCHEMA IF EXISTS regress_x11 CASCADE;
CREATE schema regress_x11;
CREATE domain regress_x11.posint as int check (value > 0);
CREATE type regress_x11.mood as enum ('a', 'b');
CREATE table regress_x11.t (a int primary key, b text, c numeric(5,2), d varchar(10), e date, f boolean, g bigint, h smallint, i real, j float8, k timestamp, l timestamptz, m time, n timetz, o bytea, p xml, q regress_x11.posint, r regress_x11.mood, s char(3), "x.y" int);
ALTER table regress_x11.t drop column h;
SELECT table_to_xmlschema('regress_x11.t'::regclass, false, false, '');
SELECT table_to_xmlschema('regress_x11.t'::regclass, true, true, 'urn:x');
SELECT query_to_xmlschema('select a, b, q from regress_x11.t', true, false, '');
SELECT query_to_xmlschema('select 1 as "Odd Name", now()', false, true, 'urn:q');
BEGIN;
DECLARE xc cursor for select a, e from regress_x11.t;
SELECT cursor_to_xmlschema('xc'::refcursor, false, true, '');
SELECT cursor_to_xmlschema('nope'::refcursor, false, true, '');
ROLLBACK;
DROP schema regress_x11 cascade;
