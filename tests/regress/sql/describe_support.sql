-- What psql's describe queries need besides views: regular-expression matches on text
-- and name, COLLATE, unnest and array_to_string over text[], text[] || text[],
-- pg_table_is_visible, col_description.
DROP SCHEMA IF EXISTS regress_ds CASCADE;
CREATE SCHEMA regress_ds;
CREATE TABLE regress_ds.hidden (a int);
CREATE TABLE regress_ds_visible (a int);
SELECT 'abc' ~ '^a', 'abc' ~ 'B', 'abc' ~* 'B', 'abc' !~ 'z', 'abc' !~* 'A', 'x' ~ NULL;
SELECT relname FROM pg_class WHERE relname ~ '^(regress_ds_visible|hidden)$' ORDER BY 1;
SELECT relname FROM pg_class WHERE relname OPERATOR(pg_catalog.~) '^(regress_ds_visible)$'
  COLLATE pg_catalog.default;
SELECT 'b' COLLATE "C" < 'a';
SELECT 'x' COLLATE "nosuch";
SELECT 'a(' ~ 'a(';
SELECT x FROM unnest(ARRAY['p', 'q']) x;
SELECT array_to_string('{p,NULL,q}'::text[], ', '), array_to_string('{p,NULL}'::text[], '-', '*');
SELECT '{a}'::text[] || '{b,c}'::text[];
SELECT c.relname, pg_table_is_visible(c.oid) FROM pg_class c
  WHERE c.relname IN ('hidden', 'regress_ds_visible') ORDER BY 1;
SELECT col_description('regress_ds_visible'::regclass, 1);
SELECT array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
  FROM pg_class c LEFT JOIN pg_class tc ON c.reltoastrelid = tc.oid WHERE c.relname = 'regress_ds_visible';
DROP TABLE regress_ds_visible;
DROP SCHEMA regress_ds CASCADE;
