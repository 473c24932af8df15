-- The *_to_xml_and_xmlschema functions (schema inline, its location on the root) and
-- schema_to_xmlschema (the schema's complex type over its tables' types).
DROP SCHEMA IF EXISTS regress_x11 CASCADE;
CREATE schema regress_x11;
CREATE domain regress_x11.posint as int check (value > 0);
CREATE table regress_x11.t (a int, b text, q regress_x11.posint);
CREATE table regress_x11.u (z date, "Odd" text);
CREATE view regress_x11.v as select a from regress_x11.t;
INSERT into regress_x11.t values (1, 'x', 5);
INSERT into regress_x11.u values ('2020-01-02', 'o');
SELECT table_to_xml_and_xmlschema('regress_x11.t'::regclass, false, false, '');
SELECT table_to_xml_and_xmlschema('regress_x11.t'::regclass, true, true, 'urn:t');
SELECT query_to_xml_and_xmlschema('select * from regress_x11.u', true, false, 'urn:q');
SELECT schema_to_xmlschema('regress_x11', false, false, '');
SELECT schema_to_xmlschema('regress_x11', true, true, 'urn:s');
SELECT schema_to_xml_and_xmlschema('regress_x11', false, false, '');
SELECT schema_to_xml_and_xmlschema('regress_x11', true, true, 'urn:s');
DROP schema regress_x11 cascade;
