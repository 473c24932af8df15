-- DROP of the object kinds pgsnake cannot create (operators, aggregates, casts, collations,
-- conversions, text search objects, access methods, operator classes / families, rules,
-- publications, statistics): a missing one's error or IF EXISTS notice, a built-in one
-- refused as required by the database system (commands/drop_other_objects.py).
drop operator +(integer, integer);
drop operator +(integer, text);
drop operator if exists +(integer, text);
drop aggregate sum(integer);
drop aggregate sum(text);
drop aggregate if exists sum(text);
drop cast (integer as bigint);
drop cast (integer as point);
drop cast if exists (integer as point);
drop collation "C";
drop collation nosuch;
drop collation if exists nosuch;
drop conversion utf8_to_iso_8859_1;
drop conversion nosuch;
drop text search configuration nosuch;
drop text search dictionary simple;
drop text search parser "default";
drop text search template simple;
drop text search template if exists nosuch;
drop rule nosuch on pg_class;
drop publication nosuch;
drop publication if exists nosuch;
drop access method btree;
drop operator class int4_ops using btree;
drop operator family integer_ops using btree;
drop statistics nosuch;
drop type int4;
drop schema pg_catalog;
