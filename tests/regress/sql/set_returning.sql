-- Set-returning functions in the select list (ProjectSet): lockstep evaluation, nesting,
-- with aggregates, ORDER BY, DISTINCT and LIMIT, INSERT ... SELECT / single-row VALUES,
-- and the places where PostgreSQL refuses them.
DROP TABLE IF EXISTS regress_srf;
CREATE TABLE regress_srf (id int, a int[]);
INSERT INTO regress_srf VALUES (1, '{1,2}'), (2, NULL), (3, '{}'), (4, '{7}');
SELECT generate_series(1,3);
SELECT generate_series(1,3), generate_series(1,2), unnest(array['a']);
SELECT id, unnest(a) FROM regress_srf ORDER BY id;
SELECT id, unnest(a), generate_series(1, 2) FROM regress_srf ORDER BY 1, 3;
SELECT generate_series(1, generate_series(1,3)) + 1, unnest(a) FROM regress_srf WHERE id = 1;
SELECT generate_series(id, generate_series(1, 3)) FROM regress_srf WHERE id = 1;
SELECT count(*), generate_series(1,2) FROM regress_srf;
SELECT generate_series(1,2) LIMIT 1;
SELECT DISTINCT unnest(a) FROM regress_srf ORDER BY 1;
SELECT id FROM regress_srf ORDER BY generate_series(1,2), id;
SELECT generate_series(1,3) AS g, (SELECT 1) AS s;
SELECT jsonb_array_elements('[1,2]'), jsonb_each('{"a":1}');
SELECT 1 WHERE generate_series(1,2) > 1;
SELECT CASE WHEN true THEN generate_series(1,2) END;
SELECT CASE WHEN generate_series(1,2) > 1 THEN 1 END;
SELECT CASE generate_series(1,2) WHEN 1 THEN 'a' END;
SELECT coalesce(generate_series(1,2), 0);
SELECT sum(generate_series(1,2));
SELECT 1 LIMIT generate_series(1,2);
SELECT * FROM regress_srf JOIN regress_srf t2 ON generate_series(1,2) = 1;
UPDATE regress_srf SET id = generate_series(1,2);
INSERT INTO regress_srf VALUES (1, NULL), (generate_series(1,2), NULL);
SELECT * FROM (VALUES (1), (generate_series(1,2))) v;
INSERT INTO regress_srf SELECT generate_series(10,11), NULL;
INSERT INTO regress_srf VALUES (generate_series(20,21), '{5}') RETURNING id;
SELECT id FROM regress_srf WHERE id >= 10 ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT id, unnest(a) FROM regress_srf;
EXPLAIN (COSTS OFF) SELECT generate_series(1, generate_series(1,3)) + 1 FROM regress_srf;
DROP TABLE regress_srf;
