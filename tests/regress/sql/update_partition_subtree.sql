-- UPDATE of a partitioned table that is itself a partition: a new row must still
-- belong to it (23514 naming it, with the row in its layout), whether it would stay in
-- its partition or move to a sibling; moves inside the subtree work.
CREATE TABLE ups_list (a numeric, b int, c int8) PARTITION BY list (a);
CREATE TABLE ups_sub PARTITION OF ups_list FOR VALUES IN (1) PARTITION BY list (b);
CREATE TABLE ups_sub1 (b int, c int8, a numeric);
ALTER TABLE ups_sub ATTACH PARTITION ups_sub1 FOR VALUES IN (1);
CREATE TABLE ups_sub2 (b int, c int8, a numeric);
ALTER TABLE ups_sub ATTACH PARTITION ups_sub2 FOR VALUES IN (2);
CREATE TABLE ups_part1 (a numeric, b int, c int8);
ALTER TABLE ups_list ATTACH PARTITION ups_part1 FOR VALUES IN (2, 3);
INSERT INTO ups_list VALUES (2, 5, 50), (3, 6, 60);
INSERT INTO ups_sub VALUES (1, 1, 60), (1, 2, 10);
UPDATE ups_sub SET a = 2 WHERE c = 10;
UPDATE ups_sub SET a = 2, b = 1 WHERE c = 10;
UPDATE ups_sub SET b = 1 WHERE c = 10;
SELECT tableoid::regclass::text, * FROM ups_list ORDER BY 1, 2, 3, 4;
UPDATE ups_sub SET b = 3 WHERE c = 10;
UPDATE ups_list SET a = 2 WHERE c = 10;
SELECT tableoid::regclass::text, * FROM ups_list ORDER BY 1, 2, 3, 4;
DROP TABLE ups_list;
