-- A FROM function returning a scalar through one OUT column (json_array_elements):
-- its alias names the value itself, not a one-field record.
SELECT p, pg_typeof(p) FROM json_array_elements('[1,2]') p;
SELECT p FROM json_each('{"a":1}') p;
SELECT p, pg_typeof(p) FROM jsonb_array_elements_text('[1,2]') p;
SELECT p, pg_typeof(p) FROM json_array_elements('[1,2]') WITH ORDINALITY p;
SELECT p.*, p FROM unnest(ARRAY[1,2]) p;
SELECT s.p FROM (SELECT 1) x LEFT JOIN json_array_elements('[5]') p ON false, LATERAL (SELECT p) s;
SELECT to_json(p) FROM jsonb_array_elements('[{"a":1}]') p;
SELECT q FROM generate_series(1,2) q(x);
SELECT t FROM regexp_split_to_table('a b', ' ') t;
SELECT p FROM json_array_elements('[1]') AS p(v);
