-- pageinspect's heap_page_item_attrs and tuple_data_split (raw and detoasted attributes,
-- columns added later, nulls, TOAST pointers) with their errors, and the superuser
-- checks every pageinspect function makes. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS pia_t;
DROP ROLE IF EXISTS regress_pia_user;
DROP EXTENSION IF EXISTS pageinspect;
CREATE EXTENSION pageinspect;
CREATE TABLE pia_t (a int, b text, c int8, d text);
INSERT INTO pia_t VALUES (1, 'one', 10, NULL), (2, NULL, NULL, NULL), (3, repeat('z', 3000), 30, 'x'), (4, repeat(md5('q'), 400), 40, 'y');
ALTER TABLE pia_t ADD COLUMN e int;
INSERT INTO pia_t VALUES (5, 'five', 50, 'w', 7);
SELECT lp, t_infomask2, t_bits, t_attrs FROM heap_page_item_attrs(get_raw_page('pia_t', 0), 'pia_t');
SELECT lp, t_attrs[2] IS NULL AS b_null, length(t_attrs[2]) AS b_len, md5(t_attrs[2]) FROM heap_page_item_attrs(get_raw_page('pia_t', 0), 'pia_t'::regclass, true);
SELECT tuple_data_split('pia_t'::regclass, t_data, t_infomask, t_infomask2, t_bits) FROM heap_page_items(get_raw_page('pia_t', 0)) WHERE lp = 1;
SELECT tuple_data_split('pia_t'::regclass, '\x01000000'::bytea, 0, 1, NULL);
SELECT tuple_data_split('pia_t'::regclass, '\x0100000000'::bytea, 0, 1, NULL);
SELECT tuple_data_split('pia_t'::regclass, '\x01000000'::bytea, 1, 1, NULL);
SELECT tuple_data_split('pia_t'::regclass, '\x01000000'::bytea, 1, 1, '1');
SELECT tuple_data_split('pia_t'::regclass, '\x01000000'::bytea, 1, 1, '1000000x');
SELECT tuple_data_split('pia_t'::regclass, '\x01000000'::bytea, 0, 1, '10000000');
SELECT tuple_data_split('pia_t'::regclass, '\x01000000'::bytea, 0, 9, NULL);
SELECT tuple_data_split('pia_t'::regclass, NULL, 0, 1, NULL);
SELECT count(*) FROM heap_page_item_attrs(NULL, 'pia_t');
SELECT p.oid::regprocedure, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), p.proisstrict FROM pg_proc p WHERE p.proname IN ('tuple_data_split', 'heap_page_item_attrs') ORDER BY p.proname, p.pronargs;
-- only superusers
CREATE ROLE regress_pia_user;
GRANT SELECT ON pia_t TO regress_pia_user;
SET ROLE regress_pia_user;
SELECT get_raw_page('pia_t', 0) IS NULL;
SELECT * FROM page_header('\x00');
SELECT * FROM heap_page_items('\x00');
SELECT * FROM bt_metap('pia_t');
SELECT * FROM bt_page_stats('pia_t', 1);
SELECT * FROM bt_page_items('\x00'::bytea);
SELECT fsm_page_contents('\x00');
SELECT page_checksum('\x00', 0);
SELECT * FROM heap_tuple_infomask_flags(1, 1);
SELECT tuple_data_split('pia_t'::regclass, '\x00', 0, 0, NULL);
SELECT * FROM gin_metapage_info('\x00');
SELECT * FROM hash_page_type('\x00');
SELECT * FROM gist_page_opaque_info('\x00');
RESET ROLE;
DROP TABLE pia_t;
DROP ROLE regress_pia_user;
DROP EXTENSION pageinspect;
