-- compare explain text
-- Tid Scan (ctid = constant either way round, OR-ed, = ANY / IN, from the conjuncts of
-- an OR's arms, WHERE CURRENT OF, a dead version's TID finding nothing, the inner side
-- of a Nested Loop on ctid = outer ctid) and Tid Range
-- Scan (one and two bounds, a bound past the end, NULL bounds, bounds on one page,
-- before and after ANALYZE), also in partitions and inheritance children: plan shapes, costs, row estimates and rows, compared with
-- PostgreSQL 15.
DROP TABLE IF EXISTS tids, tidr;
CREATE TABLE tids (id integer, t text);
INSERT INTO tids VALUES (1, 'a'), (2, 'b'), (3, 'c');
EXPLAIN SELECT ctid, * FROM tids WHERE ctid = '(0,1)';
SELECT ctid, * FROM tids WHERE ctid = '(0,1)';
EXPLAIN SELECT ctid, * FROM tids WHERE '(0,2)' = ctid;
SELECT ctid, * FROM tids WHERE '(0,2)' = ctid;
EXPLAIN SELECT ctid, * FROM tids WHERE ctid = '(0,2)' OR '(0,1)' = ctid;
SELECT ctid, * FROM tids WHERE ctid = '(0,2)' OR '(0,1)' = ctid;
EXPLAIN SELECT ctid, * FROM tids WHERE ctid = ANY (ARRAY['(0,3)', '(0,1)', NULL, '(0,3)']::tid[]);
SELECT ctid, * FROM tids WHERE ctid = ANY (ARRAY['(0,3)', '(0,1)', NULL, '(0,3)']::tid[]);
EXPLAIN SELECT ctid, * FROM tids WHERE ctid IN ('(0,2)', '(0,3)', '(5,1)', '(0,0)');
SELECT ctid, * FROM tids WHERE ctid IN ('(0,2)', '(0,3)', '(5,1)', '(0,0)');
EXPLAIN SELECT ctid, * FROM tids
WHERE (id = 3 AND ctid IN ('(0,2)', '(0,3)')) OR (ctid = '(0,1)' AND id = 1);
SELECT ctid, * FROM tids
WHERE (id = 3 AND ctid IN ('(0,2)', '(0,3)')) OR (ctid = '(0,1)' AND id = 1);
EXPLAIN SELECT ctid, * FROM tids WHERE ctid = '(0,1)' AND id = 2;
EXPLAIN SELECT id FROM tids WHERE ctid <> '(0,1)';
EXPLAIN (VERBOSE) SELECT t FROM tids WHERE ctid = '(0,1)' AND id > 0;
SET enable_tidscan = off;
EXPLAIN SELECT ctid, * FROM tids WHERE ctid = '(0,1)';
RESET enable_tidscan;
SET enable_hashjoin = off;
EXPLAIN SELECT t1.ctid, t1.*, t2.ctid, t2.*
FROM tids t1 LEFT JOIN tids t2 ON t1.ctid = t2.ctid WHERE t1.id = 1;
SELECT t1.ctid, t1.*, t2.ctid, t2.*
FROM tids t1 LEFT JOIN tids t2 ON t1.ctid = t2.ctid WHERE t1.id = 1;
EXPLAIN SELECT * FROM tids t1 JOIN tids t2 ON t2.ctid = t1.ctid WHERE t1.id = 1;
SELECT t1.id, t2.id FROM tids t1 JOIN tids t2 ON t1.ctid = t2.ctid ORDER BY 1;
RESET enable_hashjoin;
UPDATE tids SET t = 'z' WHERE id = 1;
SELECT ctid, * FROM tids WHERE ctid = '(0,1)';
SELECT ctid, * FROM tids WHERE ctid = '(0,4)';
BEGIN;
DECLARE c CURSOR FOR SELECT ctid, * FROM tids;
FETCH NEXT FROM c;
EXPLAIN UPDATE tids SET id = -id WHERE CURRENT OF c;
EXPLAIN UPDATE tids SET id = -id WHERE CURRENT OF c RETURNING *;
UPDATE tids SET id = -id WHERE CURRENT OF c RETURNING id, t;
FETCH NEXT FROM c;
DELETE FROM tids WHERE CURRENT OF c RETURNING id;
SELECT * FROM tids ORDER BY id;
ROLLBACK;
BEGIN;
DECLARE c SCROLL CURSOR FOR SELECT ctid, id FROM tids WHERE ctid = ANY (ARRAY['(0,2)', '(0,3)']::tid[]);
FETCH ALL FROM c;
FETCH BACKWARD 1 FROM c;
FETCH FIRST FROM c;
ROLLBACK;
CREATE TABLE tidr (id integer, data text);
INSERT INTO tidr SELECT i, repeat('x', 100) FROM generate_series(1, 1000) AS s(i);
EXPLAIN SELECT ctid FROM tidr WHERE ctid < '(1,0)';
SELECT count(*) FROM tidr WHERE ctid < '(1,0)';
EXPLAIN SELECT ctid FROM tidr WHERE ctid > '(9,0)' AND '(10,0)' >= ctid;
SELECT count(*), min(id), max(id) FROM tidr WHERE ctid > '(9,0)' AND '(10,0)' >= ctid;
EXPLAIN SELECT ctid, id FROM tidr WHERE ctid >= '(3,2)' AND ctid <= '(3,5)' AND id > 2;
SELECT ctid, id FROM tidr WHERE ctid >= '(3,2)' AND ctid <= '(3,5)' AND id > 2;
EXPLAIN SELECT count(*) FROM tidr WHERE ctid > '(100,0)';
SELECT count(*) FROM tidr WHERE ctid > '(100,0)';
SELECT count(*) FROM tidr WHERE ctid > '(0,0)' AND ctid < NULL;
SELECT count(*) FROM tidr WHERE ctid < '(0,1)';
SELECT count(*) FROM tidr WHERE ctid > '(2,0)' AND ctid < '(1,5)';
ANALYZE tidr;
EXPLAIN SELECT ctid FROM tidr WHERE ctid < '(1,0)';
EXPLAIN SELECT ctid FROM tidr WHERE ctid > '(9,0)' AND '(10,0)' >= ctid;
EXPLAIN SELECT * FROM tidr WHERE ctid = '(0,1)' OR ctid = '(1,1)';
DROP TABLE tids, tidr;
-- partitions and inheritance children (one laid out unlike its parent)
DROP TABLE IF EXISTS ip, ih CASCADE;
CREATE TABLE ip (a int) PARTITION BY RANGE (a);
CREATE TABLE ip1 PARTITION OF ip FOR VALUES FROM (0) TO (10);
CREATE TABLE ip2 PARTITION OF ip FOR VALUES FROM (10) TO (20);
INSERT INTO ip VALUES (1), (11);
EXPLAIN SELECT * FROM ip WHERE ctid = '(0,1)';
SELECT * FROM ip WHERE ctid = '(0,1)' ORDER BY a;
EXPLAIN SELECT * FROM ip WHERE ctid < '(1,0)';
DROP TABLE ip;
CREATE TABLE ih (a int);
CREATE TABLE ihc (b int) INHERITS (ih);
INSERT INTO ih VALUES (1); INSERT INTO ihc VALUES (2, 3);
EXPLAIN SELECT * FROM ih WHERE ctid = '(0,1)';
SELECT * FROM ih WHERE ctid = '(0,1)' ORDER BY a;
BEGIN;
DECLARE c CURSOR FOR SELECT * FROM ih;
FETCH NEXT FROM c;
FETCH NEXT FROM c;
EXPLAIN UPDATE ih SET a = a + 10 WHERE CURRENT OF c;
UPDATE ih SET a = a + 10 WHERE CURRENT OF c RETURNING *;
ROLLBACK;
DROP TABLE ih CASCADE;
