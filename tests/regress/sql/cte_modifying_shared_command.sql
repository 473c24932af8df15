-- Data-modifying WITH queries of one statement share its command id: one does not see
-- the rows another wrote, a row another changed is skipped (not 27000), and each runs
-- once however many parts of the statement read it (also after an INSERT read it).
DROP TABLE IF EXISTS regress_cmsc;
CREATE TABLE regress_cmsc (a int);
INSERT INTO regress_cmsc SELECT generate_series(1, 10);
WITH RECURSIVE t AS (
	INSERT INTO regress_cmsc SELECT a + 5 FROM t2 WHERE a > 5 RETURNING *
), t2 AS (
	UPDATE regress_cmsc SET a = a - 11 RETURNING *
)
SELECT * FROM t UNION ALL SELECT * FROM t2 ORDER BY 1;
SELECT * FROM regress_cmsc ORDER BY a;
WITH t2 AS (UPDATE regress_cmsc SET a = a + 20 RETURNING *),
     t AS (INSERT INTO regress_cmsc SELECT a + 100 FROM t2 RETURNING *)
SELECT * FROM t UNION ALL SELECT * FROM t2 ORDER BY 1;
WITH d AS (DELETE FROM regress_cmsc WHERE a > 100 RETURNING *),
     u AS (UPDATE regress_cmsc SET a = -a WHERE a > 100 RETURNING *)
SELECT (SELECT count(*) FROM d) AS deleted, (SELECT count(*) FROM u) AS updated;
SELECT count(*) FROM regress_cmsc;
-- a later item of a plain WITH is not visible to an earlier one
WITH t AS (SELECT * FROM t2), t2 AS (SELECT 1 AS x) SELECT * FROM t;
DROP TABLE regress_cmsc;
