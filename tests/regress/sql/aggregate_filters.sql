-- Aggregate FILTER clauses, multi-argument aggregates (string_agg), and the ctid system
-- column (type tid) in output and ORDER BY.
DROP TABLE IF EXISTS regress_agg_f;
CREATE TABLE regress_agg_f (a int4, b text);
INSERT INTO regress_agg_f VALUES (1, 'x'), (1, 'y'), (NULL, 'z'), (2, NULL);
SELECT sum(a) FILTER (WHERE a > 1), count(*) FILTER (WHERE b IS NOT NULL), string_agg(b, ',') FROM regress_agg_f;
SELECT a, string_agg(b, '-'), count(b) FILTER (WHERE b <> 'x') FROM regress_agg_f GROUP BY a ORDER BY a;
SELECT count(*) FILTER (WHERE count(*) > 0) FROM regress_agg_f;
SELECT ctid, a FROM regress_agg_f ORDER BY ctid;
SELECT '(3,4)'::tid, '(1,x)'::tid;
EXPLAIN SELECT count(*) FILTER (WHERE a > 1) FROM regress_agg_f;
DROP TABLE regress_agg_f;
