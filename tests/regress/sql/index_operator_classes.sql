-- CREATE INDEX with a named B-tree operator class per key column (Django's
-- varchar_pattern_ops LIKE indexes): resolution, type checks, pg_get_indexdef's text.
DROP TABLE IF EXISTS oc1;
create table oc1 (a text, b int, c varchar(10), d char(3));
create index on oc1 (a int4_ops);
create index on oc1 (a nosuch_ops);
create index on oc1 (c text_pattern_ops, b int8_ops);
create index on oc1 (a pg_catalog.text_pattern_ops);
create index on oc1 (c varchar_pattern_ops DESC, b int4_ops);
create index on oc1 (d bpchar_pattern_ops);
create index on oc1 (a nosuch.text_ops);
create index oc1_x on oc1 (a) include (b int4_ops);
insert into oc1 select i::text, i, 'v' || i, 'c' || (i % 10) from generate_series(1, 300) i;
select indexdef from pg_indexes where tablename = 'oc1' order by 1;
select pg_get_indexdef(indexrelid, 1, true) from pg_index where indrelid = 'oc1'::regclass order by 1;
select indclass::text from pg_index where indrelid = 'oc1'::regclass order by 1;
select count(*) from oc1 where c = 'v77';
select count(*) from oc1 where a like '1%';
drop table oc1;
