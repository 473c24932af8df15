-- GiST KNN scans: ORDER BY col <-> point through point_ops, box_ops (exact distances),
-- circle_ops and poly_ops (bounding-box distances, the rows reordered by their exact
-- distances), with index conditions, NULLs; several ORDER BY distance keys (btree_gist);
-- KNN scans on a nested loop's inner side (LATERAL ... ORDER BY col <-> outer.col LIMIT n).
CREATE TABLE knp (id int, p point, b box, c circle, g polygon);
INSERT INTO knp SELECT g, point(g % 37 * 1.7 + g * 0.001, g % 41 * 2.3), box(point(g % 29, g % 31), point(g % 29 + 1.5, g % 31 + 0.5 + g * 0.0001)), circle(point(g % 23 * 1.1, g % 19 * 1.3), 0.5 + g % 5 * 0.25 + g * 0.0001), polygon(box(point(g % 43, g % 47), point(g % 43 + 2 + g * 0.0001, g % 47 + 1))) FROM generate_series(1, 2000) g;
INSERT INTO knp VALUES (2001, NULL, NULL, NULL, NULL);
CREATE INDEX knp_p ON knp USING gist (p);
CREATE INDEX knp_b ON knp USING gist (b);
CREATE INDEX knp_c ON knp USING gist (c);
CREATE INDEX knp_g ON knp USING gist (g);
ANALYZE knp;
EXPLAIN (COSTS OFF) SELECT id FROM knp ORDER BY p <-> point '(10.05, 20.02)' LIMIT 5;
SELECT id, round((p <-> point '(10.05, 20.02)')::numeric, 6) FROM knp ORDER BY p <-> point '(10.05, 20.02)' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM knp WHERE p <@ box '((0,0),(30,30))' ORDER BY p <-> point '(3.33, 7.77)' LIMIT 4;
SELECT id FROM knp WHERE p <@ box '((0,0),(30,30))' ORDER BY p <-> point '(3.33, 7.77)' LIMIT 4;
EXPLAIN (COSTS OFF) SELECT id FROM knp ORDER BY b <-> point '(31.7, 45.9)' LIMIT 5;
SELECT id, round((b <-> point '(31.7, 45.9)')::numeric, 6) FROM knp ORDER BY b <-> point '(31.7, 45.9)' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM knp ORDER BY c <-> point '(50.5, 60.25)' LIMIT 5;
SELECT id, round((c <-> point '(50.5, 60.25)')::numeric, 6) FROM knp ORDER BY c <-> point '(50.5, 60.25)' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM knp ORDER BY g <-> point '(-7.5, 80.25)' LIMIT 5;
SELECT id, round((g <-> point '(-7.5, 80.25)')::numeric, 6) FROM knp ORDER BY g <-> point '(-7.5, 80.25)' LIMIT 5;
SELECT id FROM knp ORDER BY p <-> point '(1000, 1000)' DESC LIMIT 2;
DROP TABLE knp;
DROP EXTENSION IF EXISTS btree_gist;
CREATE EXTENSION btree_gist;
CREATE TABLE knm (a int, b int8, c text);
INSERT INTO knm SELECT g % 50, g * 7 % 1009, 'r' || g FROM generate_series(1, 1000) g;
CREATE INDEX knm_ab ON knm USING gist (a, b);
ANALYZE knm;
EXPLAIN (COSTS OFF) SELECT a, b, c FROM knm ORDER BY a <-> 20, b <-> 500 LIMIT 6;
SELECT a, b, c FROM knm ORDER BY a <-> 20, b <-> 500 LIMIT 6;
EXPLAIN (COSTS OFF) SELECT a, b, c FROM knm WHERE b > 100 ORDER BY b <-> 900, a <-> 3 LIMIT 4;
SELECT a, b, c FROM knm WHERE b > 100 ORDER BY b <-> 900, a <-> 3 LIMIT 4;
DROP TABLE knm;
DROP EXTENSION btree_gist;
-- KNN on a nested loop's inner side: the distance's operand is the outer row's
CREATE TABLE kq (qid int, pt point);
INSERT INTO kq VALUES (1, '(12.5, 33.3)'), (2, '(30.1, 7.7)'), (3, '(50.5, 60.6)'), (4, '(-5.5, 12.25)');
CREATE TABLE kp (id int, p point, c circle);
INSERT INTO kp SELECT g, point(g % 37 * 1.7 + g * 0.001, g % 41 * 2.3), circle(point(g % 23 * 1.1, g % 19 * 1.3), 0.5 + g % 5 * 0.25 + g * 0.0001) FROM generate_series(1, 2000) g;
CREATE INDEX kp_p ON kp USING gist (p);
CREATE INDEX kp_c ON kp USING gist (c);
ANALYZE kq; ANALYZE kp;
EXPLAIN (COSTS OFF) SELECT kq.qid, n.id FROM kq, LATERAL (SELECT id FROM kp ORDER BY kp.p <-> kq.pt LIMIT 2) n ORDER BY 1, 2;
SELECT kq.qid, n.id FROM kq, LATERAL (SELECT id FROM kp ORDER BY kp.p <-> kq.pt LIMIT 2) n ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT kq.qid, n.id, n.d FROM kq, LATERAL (SELECT id, round((kp.c <-> kq.pt)::numeric, 5) d FROM kp WHERE kp.id > 100 ORDER BY kp.c <-> kq.pt LIMIT 3) n ORDER BY 1, 2;
SELECT kq.qid, n.id, n.d FROM kq, LATERAL (SELECT id, round((kp.c <-> kq.pt)::numeric, 5) d FROM kp WHERE kp.id > 100 ORDER BY kp.c <-> kq.pt LIMIT 3) n ORDER BY 1, 2;
DROP TABLE kq, kp;
