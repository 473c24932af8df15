-- EXPLAIN CREATE TABLE ... AS EXECUTE: the prepared statement's plan, nothing created
-- (with ANALYZE it is refused still: not done).
CREATE TABLE regress_ectae (a int, s text);
INSERT INTO regress_ectae SELECT g, 'x' || (g % 13) FROM generate_series(1, 500) g;
ANALYZE regress_ectae;
PREPARE regress_ectae_q AS SELECT length(s) FROM regress_ectae GROUP BY length(s);
PREPARE regress_ectae_p(int) AS SELECT a, s FROM regress_ectae WHERE a < $1;
EXPLAIN (COSTS OFF) CREATE TABLE regress_ectae_w AS EXECUTE regress_ectae_q;
EXPLAIN CREATE TABLE regress_ectae_w AS EXECUTE regress_ectae_q WITH NO DATA;
EXPLAIN (COSTS OFF, VERBOSE) CREATE TABLE regress_ectae_w AS EXECUTE regress_ectae_p(10);
SELECT count(*) FROM pg_class WHERE relname = 'regress_ectae_w';
CREATE TABLE regress_ectae_w AS EXECUTE regress_ectae_q;
SELECT count(*) FROM regress_ectae_w;
DROP TABLE regress_ectae_w;
EXPLAIN (COSTS OFF) CREATE TABLE regress_ectae_w AS EXECUTE regress_ectae_missing;
DEALLOCATE regress_ectae_q;
DEALLOCATE regress_ectae_p;
DROP TABLE regress_ectae;
