-- the xml type: input checked as content (the default) or as a document, output
-- without a default declaration, casts to and from text
drop table if exists regress_xml;
create table regress_xml (id int, x xml);
insert into regress_xml values (1, '<a>one</a>'), (2, 'text <b/> and <!-- c --><?pi x?>'), (3, '<?xml version="1.0"?><c/>'), (4, '<?xml version="1.1" standalone="yes"?><d/>'), (5, '<!DOCTYPE e><e/>'), (6, '');
select id, x, x::text, x is document from regress_xml order by id;
insert into regress_xml values (7, '<unclosed>');
insert into regress_xml values (8, '<a></b>');
select '<a>'::xml;
select xml '&nbsp;';
select xmlparse(document '<a/>'), xmlparse(content 'a<b/>c'), xmlparse(document '<!-- x --><a/>');
select xmlparse(document 'a<b/>');
select xmlparse(document '<a/><b/>');
set xmloption = document;
select '<a/>'::xml;
select 'a'::xml;
reset xmloption;
select xml_is_well_formed('<a/>'), xml_is_well_formed('a<b/>'), xml_is_well_formed('<a>'), xml_is_well_formed_document('a<b/>'), xml_is_well_formed_document('<a><b/></a>'), xml_is_well_formed_content('x<y/>z');
-- XMLELEMENT / XMLFOREST / XMLATTRIBUTES: names, escaping, value mapping, NULLs
select xmlelement(name foo, xmlattributes(1 as a, 'x&y<"z"' as "b c"), 'a<b&c>', xmlelement(name bar), null, xml '<raw/>');
select xmlelement(name foo, true, date '2020-01-02', timestamp '2020-01-02 03:04:05.5', 1.5::float8, '\x0102'::bytea, array[1, 2], 'it''s');
select xmlelement(name "a b:c", xmlattributes(null as n, 2 as m)), xmlelement(name "_xfoo"), xmlelement(name "1st");
select xmlelement(name e, xmlattributes(id, x)), xmlforest(id, x, id + 1 as "next id") from regress_xml where id < 3 order by id;
select xmlforest(1 as x, null as y, 'z&' as z), xmlforest(null as a);
select xmlelement(name duplicate, xmlattributes(1 as a, 2 as b, 3 as a));
select xmlelement(name e, xmlattributes(1 + 1));
select xmlforest(1 + 1);
-- XMLCONCAT and xmlagg merge declarations
select xmlconcat('<a/>', null, '<b/>'), xmlconcat(null, null), xmlconcat('<?xml version="1.1"?><a/>', '<?xml version="1.1" standalone="no"?><b/>');
select xmlconcat('<a/>', '<?xml version="1.1" standalone="no"?><b/>'), xmlconcat('<?xml version="1.0" standalone="yes"?><a/>', '<?xml version="1.0" standalone="yes"?><b/>');
select xmlconcat(1, 2);
select xmlagg(x order by id) from regress_xml where id < 4;
select xmlagg(x) from regress_xml where id > 100;
-- XMLCOMMENT, XMLPI, XMLROOT, XMLSERIALIZE, IS DOCUMENT
select xmlcomment('hi'), xmlcomment('');
select xmlcomment('a--b');
select xmlcomment('a-');
select xmlpi(name php, 'echo 1;'), xmlpi(name foo), xmlpi(name foo, '  spaces'), xmlpi(name ":::_xml_abc135.%-&_"), xmlpi(name "123"), xmlpi(name foo, null);
select xmlpi(name xml);
select xmlpi(name xml, null);
select xmlpi(name foo, 'a?>b');
select xmlroot('<a/>', version '1.0', standalone yes), xmlroot('<a/>', version '1.0'), xmlroot('<?xml version="1.1"?><a/>', version no value, standalone no), xmlroot(xml '<?xml version="1.0" standalone="yes"?><a/>', version '1.2');
select xmlserialize(content '<a/>'::xml as text), xmlserialize(document '<a>x</a>' as varchar(20)), xmlserialize(content 'x<y/>' as character varying);
select xmlserialize(document 'x<y/>' as text);
select xmlserialize(content 1 as text);
select x is document, x is not document from regress_xml where id in (1, 2) order by id;
drop table regress_xml;
