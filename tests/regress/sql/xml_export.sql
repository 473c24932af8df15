-- query_to_xml / table_to_xml: documents and forests, NULLs left out or xsi:nil, target
-- namespaces, escaped element names, value mapping (xmlbinary), and the refusals
drop table if exists "regress Xml 1";
create table "regress Xml 1" (a int, "b c" text, d date, e bool, f numeric, g bytea, h timestamp, "xmlq" int, "x:y" int, "_x" int);
insert into "regress Xml 1" values (1, 'x<y', '2020-01-02', true, 1.5, '\x0102', '2020-01-02 03:04:05', 1, 2, 3), (null, null, null, null, null, null, null, null, null, null);
select query_to_xml('select * from "regress Xml 1"', true, false, '');
select query_to_xml('select * from "regress Xml 1"', false, true, 'http://ns');
select table_to_xml('"regress Xml 1"', true, true, '');
select table_to_xml('"regress Xml 1"', false, false, 'urn:x');
select query_to_xml('select 1 as x where false', true, false, '');
select query_to_xml('select 1 as x where false', true, true, '');
select query_to_xml('select 1, array[1,2] as arr, ''<a/>''::xml as x', true, false, '');
select query_to_xml('values (1, 2)', true, false, '');
select query_to_xml(q, false, true, '') from (values ('select 1 as one'), ('select 2 as two')) v(q);
select query_to_xml('insert into "regress Xml 1" default values', true, false, '');
select query_to_xml('create table regress_xml_never (a int)', true, false, '');
select query_to_xml('select * from regress_xml_nosuch', true, false, '');
set xmlbinary = hex;
select table_to_xml('"regress Xml 1"', false, true, '');
reset xmlbinary;
drop table "regress Xml 1";
