-- compare explain text
-- Parallel Hash Join: the participants read the inner input once between them (its
-- Parallel Seq Scan shares its blocks) and share its rows behind a build barrier
-- (executor/parallel_hash.py); each joins its share of the outer rows. Inner, left,
-- semi and anti joins, one and several batches (a small work_mem), without the
-- leader's participation, under a LIMIT, and two Parallel Hash Joins stacked. The
-- costs that make small tables worth scanning in parallel are zero, as in
-- PostgreSQL's own tests; only aggregated or ordered answers are printed.
CREATE TABLE regress_phj_a AS
  SELECT g AS id, g % 100 AS k, repeat('x', 40) AS t FROM generate_series(1, 20000) g;
CREATE TABLE regress_phj_b AS
  SELECT g AS id, g % 7 AS w, repeat('y', 40) AS t FROM generate_series(1, 30000) g;
ALTER TABLE regress_phj_a SET (parallel_workers = 2);
ALTER TABLE regress_phj_b SET (parallel_workers = 2);
ANALYZE regress_phj_a;
ANALYZE regress_phj_b;
CREATE FUNCTION regress_phj_batches(query text) RETURNS TABLE (multibatch bool)
LANGUAGE plpgsql AS $$
DECLARE
  whole json;
  node json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO whole;
  node := whole -> 0 -> 'Plan';
  WHILE node IS NOT NULL AND node ->> 'Node Type' <> 'Hash' LOOP
    node := (SELECT p FROM json_array_elements(node -> 'Plans') AS e(p)
             ORDER BY p ->> 'Node Type' = 'Hash' DESC,
                      p ->> 'Parent Relationship' = 'Inner' DESC LIMIT 1);
  END LOOP;
  multibatch := (node ->> 'Hash Batches')::int > 1;
  RETURN NEXT;
END;
$$;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET hash_mem_multiplier = 1.0;
SET work_mem = '4MB';
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_phj_a a JOIN regress_phj_b b USING (id);
SELECT count(*), sum(a.k), sum(b.w) FROM regress_phj_a a JOIN regress_phj_b b USING (id);
SELECT * FROM regress_phj_batches('SELECT count(*) FROM regress_phj_a a JOIN regress_phj_b b USING (id)');
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_phj_a a
  LEFT JOIN (SELECT * FROM regress_phj_b WHERE id % 3 = 0) b USING (id);
SELECT count(*), count(b.w), sum(b.w) FROM regress_phj_a a
  LEFT JOIN (SELECT * FROM regress_phj_b WHERE id % 3 = 0) b USING (id);
SELECT count(*), sum(a.id) FROM regress_phj_a a
  WHERE EXISTS (SELECT 1 FROM regress_phj_b b WHERE b.id = a.id AND b.w < 3);
SELECT count(*), sum(a.id) FROM regress_phj_a a
  WHERE NOT EXISTS (SELECT 1 FROM regress_phj_b b WHERE b.id = a.id AND b.w < 3);
-- (pgsnake stacks the two Parallel Hash Joins the other way round: not compared)
SELECT count(*), sum(a.k) FROM regress_phj_b x JOIN regress_phj_b y USING (id)
  JOIN regress_phj_a a USING (id);
SELECT a.id FROM regress_phj_a a JOIN regress_phj_b b USING (id) ORDER BY a.id LIMIT 3;
-- several batches: the inner rows do not fit in 128kB
SET work_mem = '128kB';
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_phj_a a JOIN regress_phj_b b USING (id);
SELECT count(*), sum(a.k), sum(b.w) FROM regress_phj_a a JOIN regress_phj_b b USING (id);
SELECT * FROM regress_phj_batches('SELECT count(*) FROM regress_phj_a a JOIN regress_phj_b b USING (id)');
SELECT count(*), count(b.w), sum(b.w) FROM regress_phj_a a
  LEFT JOIN (SELECT * FROM regress_phj_b WHERE id % 3 = 0) b USING (id);
-- the workers alone
SET parallel_leader_participation = off;
SELECT count(*), sum(a.k), sum(b.w) FROM regress_phj_a a JOIN regress_phj_b b USING (id);
SET work_mem = '4MB';
SELECT count(*), sum(a.k), sum(b.w) FROM regress_phj_a a JOIN regress_phj_b b USING (id);
SELECT * FROM regress_phj_batches('SELECT count(*) FROM regress_phj_a a JOIN regress_phj_b b USING (id)');
RESET parallel_leader_participation;
-- an error in a participant's share of the inner input reaches the client
SELECT count(*) FROM regress_phj_a a
  JOIN (SELECT id, 1 / (id - 15000) AS r FROM regress_phj_b) b USING (id);
RESET work_mem;
RESET hash_mem_multiplier;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP FUNCTION regress_phj_batches(text);
DROP TABLE regress_phj_a, regress_phj_b;
