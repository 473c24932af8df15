-- VACUUM FULL and CLUSTER freeze what they copy (an xmin older than every snapshot
-- becomes HEAP_XMIN_FROZEN, xmin itself stays) and keep HEAP_UPDATED; relfrozenxid
-- moves up to the cutoff (age() of it is then small). age() / mxid_age() of special ids.
-- (tests/isolation/specs/vacuum-full-mvcc.spec: the recently dead versions they keep.)
DROP TABLE IF EXISTS regress_vff;
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE regress_vff (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = off);
INSERT INTO regress_vff SELECT g, g FROM generate_series(1, 10) g;
UPDATE regress_vff SET v = -1 WHERE id = 3;
SELECT lp, t_xmax <> '0' AS has_xmax, t_ctid, t_infomask & ~x'0300'::int AS infomask, t_infomask2
FROM heap_page_items(get_raw_page('regress_vff', 0)) ORDER BY lp;
VACUUM FULL regress_vff;
SELECT age(relfrozenxid) BETWEEN 0 AND 3 AS recent FROM pg_class WHERE relname = 'regress_vff';
SELECT lp, t_xmin::text::bigint > 2 AS xmin_kept, t_xmax, t_ctid, t_infomask, t_infomask2
FROM heap_page_items(get_raw_page('regress_vff', 0)) ORDER BY lp;
SELECT id, v FROM regress_vff WHERE id = 3;
UPDATE regress_vff SET v = 0 WHERE id < 3;
CLUSTER regress_vff USING regress_vff_pkey;
SELECT lp, t_xmax, t_ctid, t_infomask, t_infomask2
FROM heap_page_items(get_raw_page('regress_vff', 0)) ORDER BY lp;
SELECT * FROM regress_vff ORDER BY id;
SELECT age('2'::xid) AS frozen, age('0'::xid) AS invalid, mxid_age('0'::xid) AS no_multi;
SELECT age(now() - interval '1 day') > interval '0' AS timestamp_age_still_resolves;
SELECT pg_typeof(age('100'::xid)), pg_typeof(mxid_age('1'::xid));
DROP TABLE regress_vff;
DROP EXTENSION pageinspect;
