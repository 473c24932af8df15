-- MERGE into a partitioned table and an inheritance parent: matched rows act on the
-- table they came from (an UPDATE may move a row to another partition), inserted rows
-- are routed to their partition; a child with its own column layout.
CREATE TABLE mpt_target (tid integer, balance float, val text) PARTITION BY LIST (tid);
CREATE TABLE mpt_part1 PARTITION OF mpt_target FOR VALUES IN (1,4);
CREATE TABLE mpt_part2 PARTITION OF mpt_target FOR VALUES IN (2,5,6);
CREATE TABLE mpt_part3 PARTITION OF mpt_target FOR VALUES IN (3,8,9);
CREATE TABLE mpt_part4 PARTITION OF mpt_target DEFAULT;
CREATE TABLE mpt_source (sid integer, delta float);
INSERT INTO mpt_source SELECT id, id * 10  FROM generate_series(1,14) AS id;
INSERT INTO mpt_target SELECT id, id * 100, 'initial' FROM generate_series(1,14,2) AS id;
BEGIN;
MERGE INTO mpt_target t USING mpt_source s ON t.tid = s.sid
  WHEN MATCHED THEN UPDATE SET balance = balance + delta, val = val || ' updated by merge'
  WHEN NOT MATCHED THEN INSERT VALUES (sid, delta, 'inserted by merge');
SELECT tableoid::regclass, * FROM mpt_target ORDER BY tid;
ROLLBACK;
BEGIN;
MERGE INTO mpt_target t USING mpt_source s ON t.tid = s.sid AND tid IN (1, 5)
  WHEN MATCHED AND tid % 5 = 0 THEN DELETE
  WHEN MATCHED THEN UPDATE SET balance = balance + delta, val = val || ' updated by merge'
  WHEN NOT MATCHED THEN INSERT VALUES (sid, delta, 'inserted by merge');
SELECT tableoid::regclass, * FROM mpt_target ORDER BY tid;
ROLLBACK;
BEGIN;
MERGE INTO mpt_target t USING mpt_source s ON t.tid = s.sid
  WHEN MATCHED THEN UPDATE SET tid = tid + 1, balance = balance + delta, val = val || ' updated by merge'
  WHEN NOT MATCHED THEN INSERT VALUES (sid, delta, 'inserted by merge');
SELECT tableoid::regclass, * FROM mpt_target ORDER BY tid;
ROLLBACK;
CREATE TABLE mpt_parent (a int, b text);
CREATE TABLE mpt_child (c int, a int, b text);
ALTER TABLE mpt_child INHERIT mpt_parent;
INSERT INTO mpt_parent VALUES (1, 'p1');
INSERT INTO mpt_child VALUES (99, 2, 'c2');
MERGE INTO mpt_parent t USING (VALUES (1), (2), (3)) s(x) ON t.a = s.x
  WHEN MATCHED AND t.a = 2 THEN UPDATE SET b = 'upd'
  WHEN MATCHED THEN DELETE
  WHEN NOT MATCHED THEN INSERT VALUES (x, 'new');
SELECT tableoid::regclass, * FROM mpt_parent ORDER BY a;
SELECT * FROM mpt_child;
DROP TABLE mpt_target, mpt_source, mpt_parent, mpt_child;
-- MERGE refuses materialized views and views (0A000), and system columns in WHEN
-- conditions (42P10)
CREATE TABLE mpt_t (tid int, b int);
CREATE TABLE mpt_s (sid int, b int);
CREATE MATERIALIZED VIEW mpt_mv AS SELECT 1 AS tid;
CREATE VIEW mpt_v AS SELECT 1 AS tid;
MERGE INTO mpt_mv t USING mpt_s s ON t.tid = s.sid WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
MERGE INTO mpt_v t USING mpt_s s ON t.tid = s.sid WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
MERGE INTO mpt_t t USING mpt_s s ON t.tid = s.sid WHEN MATCHED AND t.xmin = t.xmax THEN UPDATE SET b = 1;
MERGE INTO mpt_t t USING mpt_s s ON t.tid = s.sid WHEN MATCHED AND s.ctid IS NOT NULL THEN UPDATE SET b = 1;
MERGE INTO mpt_t t USING mpt_s s ON t.tid = s.sid WHEN MATCHED THEN UPDATE SET b = t.xmin::text::int;
DROP MATERIALIZED VIEW mpt_mv;
DROP VIEW mpt_v;
DROP TABLE mpt_t, mpt_s;
