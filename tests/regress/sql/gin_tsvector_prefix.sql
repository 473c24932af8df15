-- tsvector_ops prefix operands (foo:*) as GIN partial-match keys: the entries from the
-- prefix on, alone and with other operands, NOT, OR, phrases and weights (rechecked),
-- rows added through the pending list. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS regress_tsp;
CREATE TABLE regress_tsp (id int, v tsvector);
INSERT INTO regress_tsp SELECT g, to_tsvector('simple', 'word' || g || ' common ' || CASE WHEN g % 3 = 0 THEN 'prefixed' || g ELSE 'other' END || ' wordy' || (g % 50)) FROM generate_series(1, 600) g;
CREATE INDEX regress_tsp_v ON regress_tsp USING gin (v);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'prefixed1:*');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'prefixed1:*');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word12:* & common');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word12:* & !wordy12');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word12:* | prefixed3:*');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word12:* <-> common');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'zzz:*'), count(*) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'a:*');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word12:*A'), count(*) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word12:*D');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'word1:* & word1');
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'wordy4:* & wordy4');
INSERT INTO regress_tsp SELECT g, to_tsvector('simple', 'late' || g || ' prefixed' || g) FROM generate_series(601, 640) g;
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'late6:* | prefixed63:*');
VACUUM regress_tsp;
SELECT count(*), sum(id) FROM regress_tsp WHERE v @@ to_tsquery('simple', 'late6:* | prefixed63:*');
RESET enable_seqscan;
DROP TABLE regress_tsp;
