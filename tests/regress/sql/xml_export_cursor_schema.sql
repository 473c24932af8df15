-- cursor_to_xml over a DECLAREd cursor (counts, forests, nulls, a missing cursor),
-- schema_to_xml (tables, views, escaped names, namespaces only at the top), xmlvalidate.
DROP SCHEMA IF EXISTS regress_x11 CASCADE;
CREATE schema regress_x11;
CREATE table regress_x11.t (a int primary key, b text, c numeric(5,2));
CREATE table regress_x11."Odd:name" (x int);
CREATE view regress_x11.v as select a from regress_x11.t;
INSERT into regress_x11.t values (1, 'one', 1.5), (2, null, null);
INSERT into regress_x11."Odd:name" values (7);
BEGIN;
DECLARE xc cursor for select * from regress_x11.t order by a;
SELECT cursor_to_xml('xc'::refcursor, 1, false, false, '');
SELECT cursor_to_xml('xc'::refcursor, 5, true, true, 'urn:x');
SELECT cursor_to_xml('xc'::refcursor, 5, true, false, '');
SELECT cursor_to_xml('nope'::refcursor, 1, false, false, '');
ROLLBACK;
SELECT schema_to_xml('regress_x11', false, false, '');
SELECT schema_to_xml('regress_x11', true, true, 'urn:y');
SELECT schema_to_xml('regress_x11_nope', true, true, 'urn:y');
SELECT xmlvalidate('<a/>', '<b/>');
SELECT xmlvalidate(null, '<b/>');
DROP schema regress_x11 cascade;
