-- BRIN indexes on expressions and with predicates in the planner: an expression
-- column answers `expression op constant` (either way round, IS [NOT] NULL), a
-- partial index is used only when the query implies its predicate (its other parts in
-- the Recheck Cond), and the answers equal a sequential scan's.
CREATE TABLE bpe (id int, t timestamp, v int, s text);
INSERT INTO bpe SELECT g, timestamp '2024-01-01' + g * interval '1 hour', g % 1000,
  'k' || (g / 100) FROM generate_series(1, 8000) g;
CREATE INDEX bpe_expr ON bpe USING brin ((id * 2)) WITH (pages_per_range = 4);
CREATE INDEX bpe_date ON bpe USING brin ((t::date)) WITH (pages_per_range = 4);
CREATE INDEX bpe_part ON bpe USING brin (id) WITH (pages_per_range = 4) WHERE v < 500;
ANALYZE bpe;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id * 2 < 400;
SELECT count(*) FROM bpe WHERE id * 2 < 400;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE 15800 <= id * 2;
SELECT count(*) FROM bpe WHERE 15800 <= id * 2;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE t::date = date '2024-01-05';
SELECT count(*) FROM bpe WHERE t::date = date '2024-01-05';
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id * 2 IS NULL;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id < 300 AND v < 500;
SELECT count(*) FROM bpe WHERE id < 300 AND v < 500;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id < 300 AND v < 100;
SELECT count(*) FROM bpe WHERE id < 300 AND v < 100;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id < 300;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id + 0 < 300 AND v < 500;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bpe WHERE id * 3 < 400;
RESET enable_seqscan;
DROP TABLE bpe;
