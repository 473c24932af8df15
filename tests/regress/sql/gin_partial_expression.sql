-- GIN indexes on an expression and with a predicate in the planner: the expression
-- column answers `expression op constant` (either way round), a partial index is used
-- only when the query implies its predicate (its other parts in the Recheck Cond),
-- and the answers equal a sequential scan's.
CREATE TABLE gpe (id int, tags text, doc jsonb);
INSERT INTO gpe SELECT g, 'a' || (g % 10) || ',b' || (g % 7),
  jsonb_build_object('k', g % 13, 'kind', CASE WHEN g % 4 = 0 THEN 'x' ELSE 'y' END)
  FROM generate_series(1, 1500) g;
CREATE INDEX gpe_tags ON gpe USING gin ((string_to_array(tags, ',')));
CREATE INDEX gpe_doc ON gpe USING gin (doc jsonb_path_ops) WHERE id > 1000;
ANALYZE gpe;
EXPLAIN (COSTS OFF) SELECT count(*) FROM gpe WHERE string_to_array(tags, ',') @> ARRAY['a3', 'b5'];
SELECT count(*) FROM gpe WHERE string_to_array(tags, ',') @> ARRAY['a3', 'b5'];
EXPLAIN (COSTS OFF) SELECT count(*) FROM gpe WHERE ARRAY['a3'] <@ string_to_array(tags, ',');
SELECT count(*) FROM gpe WHERE ARRAY['a3'] <@ string_to_array(tags, ',');
EXPLAIN (COSTS OFF) SELECT count(*) FROM gpe WHERE doc @> '{"k": 5}' AND id > 1000;
SELECT count(*) FROM gpe WHERE doc @> '{"k": 5}' AND id > 1000;
EXPLAIN (COSTS OFF) SELECT count(*) FROM gpe WHERE doc @> '{"k": 5}' AND id > 1200;
SELECT count(*) FROM gpe WHERE doc @> '{"k": 5}' AND id > 1200;
EXPLAIN (COSTS OFF) SELECT count(*) FROM gpe WHERE doc @> '{"k": 5}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM gpe WHERE string_to_array(tags, ';') @> ARRAY['a3'];
DROP TABLE gpe;
