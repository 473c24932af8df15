-- Generated columns reached through an updatable view: a non-DEFAULT value (in any
-- VALUES row) is 428C9; an UPDATE of the column through the view is refused.
CREATE TABLE gcv_t (a int PRIMARY KEY, b int GENERATED ALWAYS AS (a * 2) STORED);
CREATE VIEW gcv_v AS SELECT * FROM gcv_t WHERE a < 50;
INSERT INTO gcv_v VALUES (4, 8);
INSERT INTO gcv_v VALUES (6, 66), (7, 77);
INSERT INTO gcv_v VALUES (6, DEFAULT), (7, 77);
INSERT INTO gcv_v VALUES (6, 66), (7, DEFAULT);
INSERT INTO gcv_v VALUES (6, DEFAULT), (7, DEFAULT);
INSERT INTO gcv_v (a) VALUES (9);
SELECT * FROM gcv_v ORDER BY a;
UPDATE gcv_v SET b = 1 WHERE a = 6;
UPDATE gcv_v SET b = DEFAULT WHERE a = 6;
DROP VIEW gcv_v; DROP TABLE gcv_t;
