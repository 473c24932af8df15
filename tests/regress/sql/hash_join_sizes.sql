-- A Hash Join's table starts with the buckets and batches that the planner's estimate
-- of the inner rows needs in work_mem x hash_mem_multiplier (ExecChooseHashTableSize:
-- executor/hash_table_size.py); EXPLAIN ANALYZE reports them as the original ones, and
-- the final ones after growth. Serial plans; the memory used is not compared (nor
-- the final sizes where the inner input outgrows its estimate: pgsnake counts more
-- bytes per row than PostgreSQL, so it grows further).
CREATE TABLE regress_hjs_a AS SELECT g AS id, repeat('a', 30) AS t FROM generate_series(1, 20000) g;
CREATE TABLE regress_hjs_b AS SELECT g AS id, g % 100 AS k, repeat('x', 50) AS t
  FROM generate_series(1, 30000) g;
ANALYZE regress_hjs_a;
ANALYZE regress_hjs_b;
CREATE FUNCTION regress_hjs_sizes(query text)
RETURNS TABLE (buckets int, original_buckets int, batches int, original_batches int)
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
                      p ->> 'Node Type' LIKE '%Join' DESC LIMIT 1);
  END LOOP;
  buckets := node ->> 'Hash Buckets';
  original_buckets := node ->> 'Original Hash Buckets';
  batches := node ->> 'Hash Batches';
  original_batches := node ->> 'Original Hash Batches';
  RETURN NEXT;
END;
$$;
SET max_parallel_workers_per_gather = 0;
SET hash_mem_multiplier = 1.0;
SET work_mem = '128kB';
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_a r JOIN regress_hjs_a s USING (id)');
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_a r JOIN regress_hjs_b s USING (id)');
-- an inner input estimated at 150 rows that has 15000: one batch at first, more later
SELECT original_buckets, original_batches, batches > original_batches AS grew
  FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_a r
                          JOIN (SELECT * FROM regress_hjs_b WHERE id % 2 = 0) s USING (id)');
SET work_mem = '1MB';
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_a r JOIN regress_hjs_b s USING (id)');
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_b r JOIN regress_hjs_a s USING (id)');
SET work_mem = '4MB';
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_a r JOIN regress_hjs_a s USING (id)');
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_b r JOIN regress_hjs_a s USING (id)');
SET hash_mem_multiplier = 2.0;
SET work_mem = '256kB';
SELECT * FROM regress_hjs_sizes('SELECT count(*) FROM regress_hjs_a r JOIN regress_hjs_b s USING (id)');
RESET work_mem;
RESET hash_mem_multiplier;
RESET max_parallel_workers_per_gather;
DROP FUNCTION regress_hjs_sizes(text);
DROP TABLE regress_hjs_a, regress_hjs_b;
