-- GIN Bitmap Index Scans inside BitmapAnd / BitmapOr trees: a GIN clause ANDed or ORed
-- with a B-tree's or another GIN index's, two clauses of one GIN index ORed, a partial
-- GIN index in an OR arm; costs (gincostestimate, the bitmap tree's) and row estimates
-- as PostgreSQL's (first without ANALYZE: the default containment selectivities; then
-- jsonb's operators from statistics), and the rows.
-- Compared with PostgreSQL 15.
CREATE TABLE gba (id int, tags int[], j jsonb, v int);
INSERT INTO gba SELECT i, ARRAY[i % 100, i % 37], jsonb_build_object('k', i % 50), i
  FROM generate_series(1, 20000) i;
CREATE INDEX gba_tags ON gba USING gin (tags);
CREATE INDEX gba_j ON gba USING gin (j);
CREATE INDEX gba_v ON gba (v);
VACUUM gba;
EXPLAIN SELECT count(*) FROM gba WHERE tags @> ARRAY[5] OR v < 100;
EXPLAIN SELECT count(*) FROM gba WHERE tags @> ARRAY[5] AND j @> '{"k": 3}';
EXPLAIN SELECT count(*) FROM gba WHERE tags @> ARRAY[5] OR j @> '{"k": 3}';
EXPLAIN SELECT count(*) FROM gba WHERE tags @> ARRAY[5] OR tags @> ARRAY[7];
EXPLAIN SELECT count(*) FROM gba WHERE tags && ARRAY[5, 6] OR (v > 19990 AND j ? 'k');
EXPLAIN SELECT count(*) FROM gba WHERE (tags @> ARRAY[5] OR v < 50) AND j @> '{"k": 5}';
SELECT count(*) FROM gba WHERE tags @> ARRAY[5] OR v < 100;
SELECT count(*) FROM gba WHERE tags @> ARRAY[5] AND j @> '{"k": 3}';
SELECT count(*) FROM gba WHERE tags @> ARRAY[5] OR j @> '{"k": 3}';
SELECT count(*) FROM gba WHERE tags @> ARRAY[5] OR tags @> ARRAY[7];
SELECT count(*) FROM gba WHERE tags && ARRAY[5, 6] OR (v > 19990 AND j ? 'k');
SELECT count(*) FROM gba WHERE (tags @> ARRAY[5] OR v < 50) AND j @> '{"k": 5}';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT id FROM gba WHERE tags @> ARRAY[5] AND j @> '{"k": 5}';
-- a partial GIN index answers the arm whose conditions imply its predicate
CREATE INDEX gba_tags_low ON gba USING gin (tags) WHERE v < 1000;
DROP INDEX gba_tags;
EXPLAIN (COSTS OFF) SELECT count(*) FROM gba WHERE (tags @> ARRAY[5] AND v < 500) OR j @> '{"k": 3}';
SELECT count(*) FROM gba WHERE (tags @> ARRAY[5] AND v < 500) OR j @> '{"k": 3}';
-- after ANALYZE: jsonb's matchingsel operators estimated from the column's MCVs and
-- histogram (generic_restriction_selectivity), in bitmap trees too
CREATE TABLE gba_s (id int, j jsonb, v int);
INSERT INTO gba_s SELECT i, jsonb_build_object('k', i % 50), i FROM generate_series(1, 20000) i;
CREATE INDEX gba_s_j ON gba_s USING gin (j);
CREATE INDEX gba_s_v ON gba_s (v);
ANALYZE gba_s;
EXPLAIN SELECT count(*) FROM gba_s WHERE j @> '{"k": 3}';
EXPLAIN SELECT count(*) FROM gba_s WHERE j ? 'k';
EXPLAIN SELECT count(*) FROM gba_s WHERE j ? 'zz';
EXPLAIN SELECT count(*) FROM gba_s WHERE j @> '{"k": 3}' AND v < 2000;
EXPLAIN SELECT count(*) FROM gba_s WHERE j @> '{"k": 3}' OR v < 100;
EXPLAIN SELECT count(*) FROM gba_s WHERE j @? '$.k ? (@ > 40)';
DROP TABLE gba, gba_s;
