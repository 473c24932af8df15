-- GiST indexes (range_ops, multirange_ops, box_ops, point_ops, circle_ops, poly_ops):
-- build, inserts, NULLs and empty ranges, VACUUM, answers with and without the index,
-- plans and costs, catalog rows, refusals. Compared with PostgreSQL 15.
CREATE TABLE gist_r (id int, during int4range, ts tsrange, mr int4multirange);
INSERT INTO gist_r SELECT g, CASE WHEN g % 50 = 0 THEN 'empty'::int4range WHEN g % 37 = 0 THEN NULL ELSE int4range(g, g + (g % 7) + 1) END, tsrange('2020-01-01'::timestamp + g * interval '1 hour', '2020-01-01'::timestamp + (g + 3) * interval '1 hour'), int4multirange(int4range(g, g + 3), int4range(g + 10, g + 12)) FROM generate_series(1, 3000) g;
CREATE INDEX gist_r_during ON gist_r USING gist (during);
CREATE INDEX gist_r_ts ON gist_r USING gist (ts) WITH (fillfactor = 70);
CREATE INDEX gist_r_mr ON gist_r USING gist (mr);
CREATE TABLE gist_g (id int, b box, p point, c circle, pg polygon);
INSERT INTO gist_g SELECT g, box(point(g % 60, g / 60), point(g % 60 + 1.5, g / 60 + 1.5)), point(g % 60, g / 60), circle(point(g % 60, g / 60), (g % 3) + 0.5), polygon(box(point(g % 60, g / 60), point(g % 60 + 2, g / 60 + 1))) FROM generate_series(1, 3000) g;
INSERT INTO gist_g VALUES (9001, NULL, NULL, NULL, NULL);
CREATE INDEX gist_g_b ON gist_g USING gist (b);
CREATE INDEX gist_g_p ON gist_g USING gist (p);
CREATE INDEX gist_g_c ON gist_g USING gist (c);
CREATE INDEX gist_g_pg ON gist_g USING gist (pg);
SELECT c.relname, a.amname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname LIKE 'gist\_%' AND c.relkind = 'i' ORDER BY 1;
SELECT c.relname, o.opcname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_opclass o ON o.oid = i.indclass[0] WHERE c.relname LIKE 'gist\_%' ORDER BY 1;
SELECT attrelid::regclass, attname, atttypid::regtype FROM pg_attribute WHERE attrelid IN ('gist_r_during'::regclass, 'gist_g_p'::regclass, 'gist_g_c'::regclass, 'gist_g_pg'::regclass) ORDER BY 1, 2;
SELECT pg_get_indexdef('gist_r_ts'::regclass), pg_get_indexdef('gist_g_p'::regclass);
-- plans (costs where the table's size is PostgreSQL's: range values are stored
-- larger than PostgreSQL stores them, which changes a range table's page count)
EXPLAIN (COSTS OFF) SELECT id FROM gist_r WHERE during && int4range(100, 110);
EXPLAIN (COSTS OFF) SELECT id FROM gist_r WHERE ts @> '2020-01-05'::timestamp;
EXPLAIN SELECT id FROM gist_g WHERE b && box '((10,10),(12,12))';
EXPLAIN SELECT id FROM gist_g WHERE p <@ box '((10,10),(12,12))';
EXPLAIN SELECT id FROM gist_g WHERE c && circle '((10,10),2)';
EXPLAIN (COSTS OFF) SELECT id FROM gist_g WHERE box '((10,10),(12,12))' @> b AND id > 5;
-- every operator, through the index and then by sequential scans
CREATE TEMP TABLE gist_answers (q text, by_index bool, n bigint, ids text);
CREATE FUNCTION gist_run(q text, by_index bool) RETURNS void LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text;
BEGIN
  EXECUTE 'SELECT count(*), string_agg(id::text, '','' ORDER BY id) FROM (' || q || ') s' INTO n, ids;
  INSERT INTO gist_answers VALUES (q, by_index, n, ids);
END $$;
SET enable_seqscan = off;
SELECT count(gist_run(q, true)) FROM (VALUES
 ('SELECT id FROM gist_r WHERE during && int4range(100, 110)'),
 ('SELECT id FROM gist_r WHERE during @> int4range(100, 102)'),
 ('SELECT id FROM gist_r WHERE during @> 500'),
 ('SELECT id FROM gist_r WHERE during <@ int4range(100, 120)'),
 ('SELECT id FROM gist_r WHERE during = int4range(200, 203)'),
 ('SELECT id FROM gist_r WHERE during = ''empty'''),
 ('SELECT id FROM gist_r WHERE during << int4range(40, 50)'),
 ('SELECT id FROM gist_r WHERE during >> int4range(2950, 2960)'),
 ('SELECT id FROM gist_r WHERE during &< int4range(10, 20)'),
 ('SELECT id FROM gist_r WHERE during &> int4range(2980, 3000)'),
 ('SELECT id FROM gist_r WHERE during -|- int4range(500, 505)'),
 ('SELECT id FROM gist_r WHERE during && int4multirange(int4range(10, 12), int4range(900, 902))'),
 ('SELECT id FROM gist_r WHERE ts && tsrange(''2020-01-03'', ''2020-01-03 05:00'')'),
 ('SELECT id FROM gist_r WHERE mr && int4range(100, 105)'),
 ('SELECT id FROM gist_r WHERE mr @> 111'),
 ('SELECT id FROM gist_r WHERE mr @> int4range(111, 112)'),
 ('SELECT id FROM gist_r WHERE mr << int4multirange(int4range(20, 30))'),
 ('SELECT id FROM gist_g WHERE b && box ''((10,10),(12,12))'''),
 ('SELECT id FROM gist_g WHERE b @> box ''((10.5,10.5),(11,11))'''),
 ('SELECT id FROM gist_g WHERE b <@ box ''((10,10),(14,14))'''),
 ('SELECT id FROM gist_g WHERE b ~= box ''((10,10),(11.5,11.5))'''),
 ('SELECT id FROM gist_g WHERE b << box ''((2,0),(3,40))'''),
 ('SELECT id FROM gist_g WHERE b &< box ''((2,0),(1,40))'''),
 ('SELECT id FROM gist_g WHERE b >> box ''((57,0),(58,40))'''),
 ('SELECT id FROM gist_g WHERE b &> box ''((59,0),(58,40))'''),
 ('SELECT id FROM gist_g WHERE b <<| box ''((0,2),(60,3))'''),
 ('SELECT id FROM gist_g WHERE b &<| box ''((0,1),(60,2))'''),
 ('SELECT id FROM gist_g WHERE b |>> box ''((0,48),(60,47))'''),
 ('SELECT id FROM gist_g WHERE b |&> box ''((0,49),(60,48.6))'''),
 ('SELECT id FROM gist_g WHERE p <@ box ''((10,10),(12,12))'''),
 ('SELECT id FROM gist_g WHERE p <@ circle ''((20,20),2)'''),
 ('SELECT id FROM gist_g WHERE p <@ polygon ''((5,5),(9,5),(5,9))'''),
 ('SELECT id FROM gist_g WHERE p ~= point ''(7,7)'''),
 ('SELECT id FROM gist_g WHERE p << point ''(1,0)'''),
 ('SELECT id FROM gist_g WHERE p >> point ''(58,0)'''),
 ('SELECT id FROM gist_g WHERE p <<| point ''(0,1)'''),
 ('SELECT id FROM gist_g WHERE p |>> point ''(0,49)'''),
 ('SELECT id FROM gist_g WHERE p <^ point ''(0,1)'''),
 ('SELECT id FROM gist_g WHERE c && circle ''((10,10),2)'''),
 ('SELECT id FROM gist_g WHERE c @> circle ''((10,10),0.5)'''),
 ('SELECT id FROM gist_g WHERE c <@ circle ''((10,10),4)'''),
 ('SELECT id FROM gist_g WHERE pg && polygon ''((10,10),(12,12),(12,10))'''),
 ('SELECT id FROM gist_g WHERE pg && polygon ''((30,30),(30,34),(34,30))''')
) v(q);
SET enable_seqscan = on;
SET enable_bitmapscan = off;
SET enable_indexscan = off;
SELECT count(gist_run(q, false)) FROM (SELECT q FROM gist_answers) v;
SELECT i.q, i.n, i.ids = s.ids AS same_rows FROM gist_answers i JOIN gist_answers s ON s.q = i.q AND NOT s.by_index WHERE i.by_index ORDER BY i.q;
RESET enable_bitmapscan;
RESET enable_indexscan;
-- changes after the build: inserts that split pages, deletes, VACUUM
INSERT INTO gist_r SELECT g, int4range(g, g + 2), NULL, NULL FROM generate_series(5000, 5600) g;
DELETE FROM gist_r WHERE id % 3 = 0;
VACUUM gist_r;
INSERT INTO gist_r VALUES (8000, int4range(100, 101), NULL, NULL);
SET enable_seqscan = off;
SELECT count(*), min(id), max(id) FROM gist_r WHERE during && int4range(90, 110);
SELECT count(*) FROM gist_r WHERE during && int4range(5300, 5400);
SELECT count(*) FROM gist_r WHERE during <@ int4range(0, 200);
RESET enable_seqscan;
SELECT count(*), min(id), max(id) FROM gist_r WHERE during && int4range(90, 110);
SELECT count(*) FROM gist_r WHERE during && int4range(5300, 5400);
SELECT count(*) FROM gist_r WHERE during <@ int4range(0, 200);
-- plain Index Scans (rows rechecked where the key is lossy: circles, polygons)
SET enable_bitmapscan = off;
EXPLAIN SELECT id FROM gist_g WHERE b && box '((10,10),(12,12))';
EXPLAIN (COSTS OFF) SELECT id FROM gist_g WHERE c && circle '((10,10),2)' ORDER BY id;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM gist_g WHERE c <@ circle '((10,10),4)';
SELECT id FROM gist_g WHERE c && circle '((10,10),2)' ORDER BY id;
SELECT id FROM gist_g WHERE pg && polygon '((10,10),(12,12),(12,10))' ORDER BY id;
SELECT id FROM gist_g WHERE p <@ box '((10,10),(12,12))' AND id % 2 = 0 ORDER BY id;
SELECT count(*) FROM gist_r WHERE during && int4range(90, 110) AND ts IS NOT NULL;
RESET enable_bitmapscan;
-- pageinspect on a one-page index: box_ops and point_ops pages are PostgreSQL's
DROP EXTENSION IF EXISTS pageinspect;
CREATE EXTENSION pageinspect;
CREATE TABLE gist_small (id int, b box, p point);
INSERT INTO gist_small SELECT g, box(point(g, g * 2), point(g + 1.5, g * 2 - 1)), point(g / 3.0, g) FROM generate_series(1, 12) g;
INSERT INTO gist_small VALUES (13, NULL, NULL);
CREATE INDEX gist_small_b ON gist_small USING gist (b);
CREATE INDEX gist_small_p ON gist_small USING gist (p);
SELECT nsn, rightlink, flags FROM gist_page_opaque_info(get_raw_page('gist_small_b', 0));
SELECT * FROM gist_page_items(get_raw_page('gist_small_b', 0), 'gist_small_b');
SELECT * FROM gist_page_items_bytea(get_raw_page('gist_small_p', 0)) LIMIT 3;
SELECT * FROM gist_page_items(get_raw_page('gist_small_p', 0), 'gist_small_p') WHERE itemoffset > 10;
SELECT * FROM gist_page_items(get_raw_page('gist_small_b', 0), 'gist_small');
DELETE FROM gist_small WHERE id % 4 = 0;
VACUUM gist_small;
SELECT nsn, rightlink, flags FROM gist_page_opaque_info(get_raw_page('gist_small_b', 0));
SELECT itemoffset, ctid, itemlen FROM gist_page_items_bytea(get_raw_page('gist_small_b', 0));
DROP TABLE gist_small;
DROP EXTENSION pageinspect;
-- what GiST refuses
CREATE UNIQUE INDEX gist_bad ON gist_g USING gist (b);
CREATE INDEX gist_bad ON gist_g USING gist (b DESC);
CREATE INDEX gist_bad ON gist_g USING gist (id);
CREATE INDEX gist_bad ON gist_g USING gist (b) WITH (fillfactor = 5);
CREATE INDEX gist_bad ON gist_g USING gist (b) WITH (buffering = maybe);
CREATE INDEX gist_bad ON gist_g USING gist (b) WITH (pages_per_range = 4);
DROP FUNCTION gist_run(text, bool);
DROP TABLE gist_r, gist_g;
