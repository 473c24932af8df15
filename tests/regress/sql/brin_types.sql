-- BRIN minmax over more types (bytea, "char", name, oid, tid, macaddr(8), cidr with
-- both classes, bpchar, time, interval, timetz, bit, varbit, pg_lsn, numeric) and
-- cross-type operands; NULL and empty-range handling. Compared with PostgreSQL 15.
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE brin_ty (byteacol bytea, charcol "char", namecol name, int8col bigint, int2col smallint, oidcol oid, tidcol tid, float4col real, macaddrcol macaddr, macaddr8col macaddr8, cidrcol cidr, bpcharcol character(3), timecol time, intervalcol interval, timetzcol timetz, bitcol bit(10), varbitcol varbit(16), lsncol pg_lsn, tscol timestamp, numcol numeric) WITH (fillfactor = 10);
INSERT INTO brin_ty SELECT ('\x' || lpad(to_hex(g * 77), 8, '0'))::bytea, chr(65 + g % 26)::"char", ('n' || g)::name, g * 142857, (g % 1000)::int2, g::oid, format('(%s,%s)', g, g % 20)::tid, (g % 7 + 1.0) / (g + 1), format('%s:00:%s:00:%s:00', to_hex(g % 256), to_hex(g % 200), to_hex(g % 100))::macaddr, format('%s:00:%s:00:%s:00:00:01', to_hex(g % 256), to_hex(g % 200), to_hex(g % 100))::macaddr8, cidr '10.2.3/24' + g, chr(65 + g % 26)::bpchar, time '01:20:30' + g * interval '18.5 second', justify_days(justify_hours(g * interval '12 minutes')), timetz '01:30:20+02' + g * interval '15 seconds', g::bit(10), g::bit(16)::varbit, format('%s/%s', g, g * 7)::pg_lsn, timestamp '2000-01-01' + g * interval '1 hour', g * 1.25 FROM generate_series(1, 300) g;
CREATE INDEX brin_ty_idx ON brin_ty USING brin (byteacol, charcol, namecol, int8col, int2col, oidcol, tidcol, float4col, macaddrcol, macaddr8col, cidrcol inet_minmax_ops, cidrcol inet_inclusion_ops, bpcharcol, timecol, intervalcol, timetzcol, bitcol, varbitcol, lsncol, tscol, numcol) WITH (pages_per_range = 2);
SELECT relpages FROM pg_class WHERE relname = 'brin_ty';
SELECT attnum, value FROM brin_page_items(get_raw_page('brin_ty_idx', 2), 'brin_ty_idx') WHERE itemoffset = 3 ORDER BY attnum;
SELECT md5(substr(get_raw_page('brin_ty_idx', 2), 25));
SET enable_seqscan = off;
SELECT count(*) FROM brin_ty WHERE byteacol < '\x00001000';
SELECT count(*) FROM brin_ty WHERE charcol = 'C';
SELECT count(*) FROM brin_ty WHERE namecol >= 'n50';
SELECT count(*) FROM brin_ty WHERE int8col < 1000000;
SELECT count(*) FROM brin_ty WHERE int2col = 17;
SELECT count(*) FROM brin_ty WHERE int2col < 17::int8;
SELECT count(*) FROM brin_ty WHERE oidcol > 250;
SELECT count(*) FROM brin_ty WHERE tidcol <= '(30,0)';
SELECT count(*) FROM brin_ty WHERE float4col > 0.5;
SELECT count(*) FROM brin_ty WHERE float4col > 0.5::float8;
SELECT count(*) FROM brin_ty WHERE macaddrcol = '05:00:05:00:05:00';
SELECT count(*) FROM brin_ty WHERE macaddr8col < '05:00:05:00:05:00:00:01';
SELECT count(*) FROM brin_ty WHERE cidrcol > '10.2.4.0/24';
SELECT count(*) FROM brin_ty WHERE cidrcol << '10.2.4.0/23';
SELECT count(*) FROM brin_ty WHERE bpcharcol = 'B';
SELECT count(*) FROM brin_ty WHERE timecol > '01:40:00';
SELECT count(*) FROM brin_ty WHERE intervalcol < '20 hours';
SELECT count(*) FROM brin_ty WHERE timetzcol < '01:35:00+02';
SELECT count(*) FROM brin_ty WHERE bitcol > B'0011111111';
SELECT count(*) FROM brin_ty WHERE varbitcol < B'0000000001';
SELECT count(*) FROM brin_ty WHERE lsncol > '200/0';
SELECT count(*) FROM brin_ty WHERE tscol < timestamptz '2000-01-03 00:00+00';
SELECT count(*) FROM brin_ty WHERE tscol < date '2000-01-03';
SELECT count(*) FROM brin_ty WHERE numcol = 100;
SELECT count(*) FROM brin_ty WHERE numcol < 10::int4;
EXPLAIN (COSTS OFF) SELECT count(*) FROM brin_ty WHERE tscol < timestamptz '2000-01-03 00:00+00';
EXPLAIN (COSTS OFF) SELECT count(*) FROM brin_ty WHERE numcol < 10::int4;
RESET enable_seqscan;
DROP TABLE brin_ty;
-- NULLs then values in one range keep hasnulls; ranges left without rows are empty
-- (flag 0x20) and no scan reads their pages
CREATE TABLE brin_e (a int, b int, pad text);
INSERT INTO brin_e SELECT CASE WHEN g % 40 = 1 THEN NULL ELSE g END, g, repeat('x', 300) FROM generate_series(1, 400) g;
DELETE FROM brin_e WHERE b BETWEEN 100 AND 250;
VACUUM brin_e;
CREATE INDEX brin_e_a ON brin_e USING brin (a) WITH (pages_per_range = 2);
SELECT itemoffset, blknum, allnulls, hasnulls, value FROM brin_page_items(get_raw_page('brin_e_a', 2), 'brin_e_a') ORDER BY itemoffset;
SELECT md5(substr(get_raw_page('brin_e_a', 2), 25));
SET enable_seqscan = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM brin_e WHERE a > 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM brin_e WHERE a IS NULL;
RESET enable_seqscan;
DROP TABLE brin_e;
DROP EXTENSION pageinspect;
