-- BRIN minmax-multi operator classes: summaries of several intervals and points
-- (pg_brin_minmax_multi_summary) built, widened by inserts, merged when the buffer or
-- the 32 (values_per_range) values fill up; pages byte for byte and brin_page_items as
-- PostgreSQL's, and scans through them. Compared with PostgreSQL 15.
CREATE EXTENSION IF NOT EXISTS pageinspect;
SET timezone = 'UTC';
CREATE TABLE bmm (id int, a int4, b int8, f float8, d date, ts timestamp, r real);
INSERT INTO bmm SELECT g, (g * 37) % 1000 + CASE WHEN g % 100 = 0 THEN 100000 ELSE 0 END, g,
  g * 1.5, date '2020-01-01' + (g % 300), timestamp '2020-01-01' + g * interval '1 hour',
  (g % 50)::real FROM generate_series(1, 3000) g;
CREATE INDEX bmm_i ON bmm USING brin (a int4_minmax_multi_ops, b int8_minmax_multi_ops,
  f float8_minmax_multi_ops) WITH (pages_per_range = 4);
CREATE INDEX bmm_d ON bmm USING brin (d date_minmax_multi_ops, ts timestamp_minmax_multi_ops,
  r float4_minmax_multi_ops) WITH (pages_per_range = 8);
SELECT attrelid::regclass, attname, atttypid::regtype FROM pg_attribute
 WHERE attrelid = 'bmm_i'::regclass ORDER BY attnum;
SELECT itemoffset, blknum, attnum, allnulls, hasnulls, value
  FROM brin_page_items(get_raw_page('bmm_i', 2), 'bmm_i') WHERE itemoffset <= 2;
SELECT itemoffset, blknum, attnum, value FROM brin_page_items(get_raw_page('bmm_d', 2), 'bmm_d')
 WHERE itemoffset = 1;
SELECT blk, md5(substr(get_raw_page('bmm_i', blk), 25)) FROM generate_series(0, 2) blk;
SELECT blk, md5(substr(get_raw_page('bmm_d', blk), 25)) FROM generate_series(0, 2) blk;
-- inserts deserialise a summary, add to it and merge it down again
INSERT INTO bmm VALUES (5000, 5, 5, 5, '1999-01-01', '1999-01-01', 3.5);
INSERT INTO bmm SELECT g, g, g, g, '2030-01-01', '2030-01-01', 1 FROM generate_series(3001, 3100) g;
SELECT itemoffset, blknum, attnum, value FROM brin_page_items(get_raw_page('bmm_i', 2), 'bmm_i')
 ORDER BY itemoffset DESC, attnum LIMIT 3;
SELECT blk, md5(substr(get_raw_page('bmm_i', blk), 25)) FROM generate_series(0, 2) blk;
SET enable_seqscan = off;
SELECT count(*) FROM bmm WHERE a = 100037;
SELECT count(*) FROM bmm WHERE a > 99999;
SELECT count(*) FROM bmm WHERE a = 100037::int8;
SELECT count(*) FROM bmm WHERE d < '2020-01-05';
SELECT count(*) FROM bmm WHERE r = 3.5;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM bmm WHERE a = 100037;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM bmm WHERE a BETWEEN 1000 AND 2000;
RESET enable_seqscan;
-- more types; a range with more distinct values than the build buffer (320); NULLs
CREATE TABLE bmm_t (i2 int2, o oid, t time, tz timestamptz, l pg_lsn, ti tid, u uuid,
  m macaddr, m8 macaddr8, ttz timetz, n int4);
INSERT INTO bmm_t SELECT (g * 7919) % 30000, (g * 104729) % 1000000,
  time '00:00' + ((g * 37) % 86400) * interval '1 second',
  timestamptz '2021-01-01 00:00+00' + ((g * 13) % 5000) * interval '1 minute',
  ('0/' || to_hex((g * 7) % 100000))::pg_lsn, ('(' || (g % 500) || ',' || (g % 7 + 1) || ')')::tid,
  ('00000000-0000-0000-0000-' || lpad(to_hex((g * 7919) % 1000000), 12, '0'))::uuid,
  ('08:00:2b:01:' || lpad(to_hex(g % 256), 2, '0') || ':' || lpad(to_hex((g * 7) % 256), 2, '0'))::macaddr,
  ('08:00:2b:01:02:03:' || lpad(to_hex(g % 256), 2, '0') || ':' || lpad(to_hex((g * 13) % 256), 2, '0'))::macaddr8,
  ('10:00:00+0' || (g % 5))::timetz + ((g * 37) % 3600) * interval '1 second',
  CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 7919) % 100000 END
  FROM generate_series(1, 1500) g;
CREATE INDEX bmm_ta ON bmm_t USING brin (i2 int2_minmax_multi_ops, o oid_minmax_multi_ops,
  t time_minmax_multi_ops, tz timestamptz_minmax_multi_ops, l pg_lsn_minmax_multi_ops)
  WITH (pages_per_range = 64);
CREATE INDEX bmm_tb ON bmm_t USING brin (ti tid_minmax_multi_ops, u uuid_minmax_multi_ops,
  m macaddr_minmax_multi_ops, m8 macaddr8_minmax_multi_ops, ttz timetz_minmax_multi_ops,
  n int4_minmax_multi_ops) WITH (pages_per_range = 64);
SELECT blk, md5(substr(get_raw_page('bmm_ta', blk), 25)) FROM generate_series(0, 2) blk;
SELECT blk, md5(substr(get_raw_page('bmm_tb', blk), 25)) FROM generate_series(0, 2) blk;
SELECT itemoffset, attnum, hasnulls, value FROM brin_page_items(get_raw_page('bmm_tb', 2), 'bmm_tb')
 WHERE attnum IN (3, 6);
INSERT INTO bmm_t (i2, n) SELECT g % 30000, g FROM generate_series(1, 200) g;
SELECT blk, md5(substr(get_raw_page('bmm_tb', blk), 25)) FROM generate_series(0, 2) blk;
SET enable_seqscan = off;
SELECT count(*) FROM bmm_t WHERE i2 = 7919;
SELECT count(*) FROM bmm_t WHERE u = '00000000-0000-0000-0000-000000001eef';
SELECT count(*) FROM bmm_t WHERE ttz > '10:59:00+00';
SELECT count(*) FROM bmm_t WHERE n BETWEEN 10 AND 20;
RESET enable_seqscan;
-- infinite dates and timestamps; intervals (a month counts 30 days)
CREATE TABLE bmm_inf (d date, ts timestamp, i interval);
INSERT INTO bmm_inf SELECT date '2000-01-01' + (g * 37) % 1000, timestamp '2000-01-01' + (g * 7919) % 100000 * interval '1 minute',
  make_interval(months => g % 7, days => (g * 13) % 40, secs => (g * 7919) % 100000)
  FROM generate_series(1, 600) g;
INSERT INTO bmm_inf VALUES ('infinity', 'infinity', '1000 years'), ('-infinity', '-infinity', '-3 days 5 hours');
CREATE INDEX bmm_inf_i ON bmm_inf USING brin (d date_minmax_multi_ops, ts timestamp_minmax_multi_ops,
  i interval_minmax_multi_ops(values_per_range = 16));
SELECT md5(substr(get_raw_page('bmm_inf_i', 2), 25));
SELECT attnum, value FROM brin_page_items(get_raw_page('bmm_inf_i', 2), 'bmm_inf_i') WHERE attnum = 3;
-- numeric (varlena values with short and 4-byte headers) and inet over inet and cidr
CREATE TABLE bmm_n (x numeric, ip inet, c cidr);
INSERT INTO bmm_n SELECT (g * 7919) % 10000 / 7.0,
  ('10.' || (g % 256) || '.' || ((g * 7) % 256) || '.' || ((g * 13) % 256) || '/' || (16 + g % 17))::inet,
  ('10.' || (g % 200) || '.0.0/16')::cidr FROM generate_series(1, 600) g;
INSERT INTO bmm_n VALUES ('NaN', '::1', '2001:db8::/32'), ('Infinity', '2001:db8::5/64', '10.1.1.1/32'),
  (repeat('9', 300)::numeric, '192.168.0.1', '192.168.0.0/24');
CREATE INDEX bmm_n_i ON bmm_n USING brin (x numeric_minmax_multi_ops, ip inet_minmax_multi_ops,
  c inet_minmax_multi_ops(values_per_range = 8)) WITH (pages_per_range = 4);
SELECT blk, md5(substr(get_raw_page('bmm_n_i', blk), 25)) FROM generate_series(0, 2) blk;
SELECT itemoffset, attnum, value FROM brin_page_items(get_raw_page('bmm_n_i', 2), 'bmm_n_i')
 WHERE attnum = 3;
INSERT INTO bmm_n VALUES (7.5, '10.9.9.9', '10.9.0.0/16'), (-repeat('8', 200)::numeric, '::ffff:1.2.3.4', '10.0.0.0/8');
SELECT blk, md5(substr(get_raw_page('bmm_n_i', blk), 25)) FROM generate_series(0, 2) blk;
SET enable_seqscan = off;
SELECT count(*) FROM bmm_n WHERE x = 7.5;
SELECT count(*) FROM bmm_n WHERE ip = '10.9.9.9';
SELECT count(*) FROM bmm_n WHERE x > 1000;
RESET enable_seqscan;
-- values_per_range (the operator class option), its errors, pg_get_indexdef
CREATE TABLE bmm_o (a int, b int);
CREATE INDEX bmm_o_a ON bmm_o USING brin (a int4_minmax_multi_ops(values_per_range = 16),
  b int4_minmax_multi_ops) WITH (pages_per_range = 2);
SELECT attname, attoptions FROM pg_attribute WHERE attrelid = 'bmm_o_a'::regclass ORDER BY attnum;
SELECT pg_get_indexdef('bmm_o_a'::regclass);
CREATE INDEX bmm_o_b ON bmm_o USING brin (a int4_minmax_multi_ops(values_per_range = 4));
CREATE INDEX bmm_o_b ON bmm_o USING brin (a int4_minmax_multi_ops(values_per_range = 257));
CREATE INDEX bmm_o_b ON bmm_o USING brin (a int4_minmax_multi_ops(foo = 4));
CREATE INDEX bmm_o_b ON bmm_o USING brin (a int4_minmax_ops(values_per_range = 16));
CREATE INDEX bmm_o_b ON bmm_o USING brin (a int4_minmax_multi_ops(values_per_range = 'x'));
CREATE INDEX bmm_o_b ON bmm_o (a int4_ops(values_per_range = 16));
INSERT INTO bmm_o SELECT (g * 7919) % 1000, g FROM generate_series(1, 1000) g;
SELECT attnum, value FROM brin_page_items(get_raw_page('bmm_o_a', 2), 'bmm_o_a') WHERE itemoffset = 1;
SELECT brin_summarize_new_values('bmm_o_a');
SELECT attnum, value FROM brin_page_items(get_raw_page('bmm_o_a', 2), 'bmm_o_a') WHERE itemoffset = 2;
SELECT md5(substr(get_raw_page('bmm_o_a', 2), 25));
DROP TABLE bmm, bmm_t, bmm_o, bmm_inf, bmm_n;
RESET timezone;
DROP EXTENSION pageinspect;
