-- Aggregates with an input order: ORDER BY inside the call (string_agg, array_agg,
-- json_agg), DISTINCT with ORDER BY, array_agg, and the ordered-set aggregates
-- percentile_cont / percentile_disc / mode WITHIN GROUP, the hypothetical-set rank,
-- dense_rank, percent_rank and cume_dist, with their errors.
DROP TABLE IF EXISTS regress_aggo;
CREATE TABLE regress_aggo (g int4, v numeric, t text, d date, f float8, i interval);
INSERT INTO regress_aggo VALUES
  (1, 1.5, 'x', '2024-01-03', 2, '1 day'), (1, 2.5, 'y', '2024-01-01', 1, '3 hours'),
  (1, NULL, 'z', NULL, NULL, NULL), (2, 4, NULL, '2024-02-01', 8, '2 days'),
  (2, 5, 'q', '2024-01-15', 5, '1 mon'), (2, 5, 'q', '2024-01-15', 5, '5 min'), (3, 7, 'a', '2024-03-01', -1, '1 year');
SELECT string_agg(t, ',' ORDER BY t), string_agg(t, ',' ORDER BY t DESC), string_agg(t, '' ORDER BY d NULLS FIRST, t) FROM regress_aggo;
SELECT g, string_agg(t, '-' ORDER BY v DESC NULLS LAST, t), array_agg(v ORDER BY v NULLS FIRST), json_agg(t ORDER BY d) FROM regress_aggo GROUP BY g ORDER BY g;
SELECT array_agg(DISTINCT t ORDER BY t), count(DISTINCT t), array_agg(DISTINCT v ORDER BY v DESC) FROM regress_aggo;
SELECT array_agg(g), array_agg(t), array_agg(d ORDER BY g, d), array_agg(f) FILTER (WHERE f > 1) FROM regress_aggo;
SELECT array_agg(v) FROM regress_aggo WHERE false;
SELECT sum(v ORDER BY v), avg(f ORDER BY t), count(t ORDER BY t) FROM regress_aggo;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_disc(0.5) WITHIN GROUP (ORDER BY v), mode() WITHIN GROUP (ORDER BY t) FROM regress_aggo;
SELECT g, percentile_cont(0.25) WITHIN GROUP (ORDER BY f), percentile_disc(0.75) WITHIN GROUP (ORDER BY d DESC), mode() WITHIN GROUP (ORDER BY v DESC) FROM regress_aggo GROUP BY g ORDER BY g;
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY f), percentile_cont(1) WITHIN GROUP (ORDER BY f), percentile_disc(0) WITHIN GROUP (ORDER BY t), percentile_disc(1) WITHIN GROUP (ORDER BY t) FROM regress_aggo;
SELECT percentile_cont(0.4) WITHIN GROUP (ORDER BY i), percentile_disc(0.4) WITHIN GROUP (ORDER BY i) FROM regress_aggo;
SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY f), percentile_cont(0.5) WITHIN GROUP (ORDER BY f) FILTER (WHERE g = 2) FROM regress_aggo;
SELECT percentile_cont('{0.1,0.5,NULL}'::float8[]) WITHIN GROUP (ORDER BY f), percentile_disc('{0.2,0.9}'::float8[]) WITHIN GROUP (ORDER BY t) FROM regress_aggo;
SELECT g, percentile_cont(g / 4.0) WITHIN GROUP (ORDER BY v) FROM regress_aggo GROUP BY g ORDER BY g;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY v) FROM regress_aggo WHERE false;
SELECT mode() WITHIN GROUP (ORDER BY g) FROM regress_aggo;
SELECT rank(3) WITHIN GROUP (ORDER BY g), dense_rank(3) WITHIN GROUP (ORDER BY g), percent_rank(3) WITHIN GROUP (ORDER BY g), cume_dist(3) WITHIN GROUP (ORDER BY g) FROM regress_aggo;
SELECT rank(2, 'q') WITHIN GROUP (ORDER BY g, t DESC), cume_dist(2, 'q') WITHIN GROUP (ORDER BY g DESC, t NULLS FIRST) FROM regress_aggo;
SELECT g, rank(4.5) WITHIN GROUP (ORDER BY v), percent_rank(0) WITHIN GROUP (ORDER BY f NULLS FIRST) FROM regress_aggo GROUP BY g ORDER BY g;
SELECT rank(NULL::int) WITHIN GROUP (ORDER BY g), cume_dist(1) WITHIN GROUP (ORDER BY g) FROM regress_aggo WHERE false;
-- errors
SELECT rank(1, 2) WITHIN GROUP (ORDER BY g) FROM regress_aggo;
SELECT array_agg(DISTINCT g ORDER BY t) FROM regress_aggo;
SELECT lower(t ORDER BY t) FROM regress_aggo;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY v) FROM regress_aggo;
SELECT percentile_cont(-0.1) WITHIN GROUP (ORDER BY v) FROM regress_aggo;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM regress_aggo;
SELECT percentile_cont(g) WITHIN GROUP (ORDER BY v) FROM regress_aggo;
SELECT mode(g) WITHIN GROUP (ORDER BY t) FROM regress_aggo;
SELECT sum(g) WITHIN GROUP (ORDER BY t) FROM regress_aggo;
SELECT count(*) WITHIN GROUP (ORDER BY g) FROM regress_aggo;
SELECT max(g) WITHIN GROUP (ORDER BY g) FROM regress_aggo;
SELECT percentile_cont(0.5) FROM regress_aggo;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) OVER () FROM regress_aggo;
SELECT g FROM regress_aggo WHERE percentile_cont(0.5) WITHIN GROUP (ORDER BY v) > 1;
SELECT array_agg(t ORDER BY t) OVER () FROM regress_aggo;
EXPLAIN SELECT g, string_agg(t, ',' ORDER BY t), percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM regress_aggo GROUP BY g;
DROP TABLE regress_aggo;
-- the hypothetical argument and its sort key: the sort key's type named first
select rank(3) within group (order by x) from (values ('fred'),('jim')) v(x);
select rank('x') within group (order by x) from (values (1),(2)) v(x);
select rank(1.5) within group (order by x) from (values (1),(2)) v(x);
select rank(1) within group (order by x) from (values (1.5),(2)) v(x);
