-- Views whose query has a WITH (recursive or not), and recursive references hidden in a
-- WITH inside the recursive query.
DROP VIEW IF EXISTS regress_cv_nums;
DROP VIEW IF EXISTS regress_cv_tree;
DROP VIEW IF EXISTS regress_cv_plain;
DROP TABLE IF EXISTS regress_cv_dept;
CREATE TABLE regress_cv_dept (id int, parent int, name text);
INSERT INTO regress_cv_dept VALUES (1, NULL, 'A'), (2, 1, 'B'), (3, 2, 'C'), (4, 1, 'D');
CREATE VIEW regress_cv_plain AS
  WITH top AS (SELECT * FROM regress_cv_dept WHERE parent IS NULL) SELECT * FROM top;
SELECT * FROM regress_cv_plain;
CREATE VIEW regress_cv_tree AS
  WITH RECURSIVE sub AS (
    SELECT * FROM regress_cv_dept WHERE name = 'A'
    UNION ALL
    SELECT d.* FROM regress_cv_dept AS d, sub AS sd WHERE d.parent = sd.id)
  SELECT * FROM sub;
SELECT * FROM regress_cv_tree ORDER BY name;
SELECT t.name, p.name FROM regress_cv_tree t LEFT JOIN regress_cv_plain p ON t.parent = p.id
  ORDER BY 1;
CREATE RECURSIVE VIEW regress_cv_nums (n) AS
  VALUES (1) UNION ALL SELECT n + 1 FROM regress_cv_nums WHERE n < 5;
SELECT * FROM regress_cv_nums;
SELECT sum(n) FROM regress_cv_nums;
-- a self-reference inside a WITH of the recursive query
WITH RECURSIVE x(n) AS (WITH x1 AS (SELECT 1 FROM x) SELECT 0 UNION SELECT * FROM x1)
  SELECT * FROM x;
WITH RECURSIVE x(n) AS ((WITH x1 AS (SELECT 1 FROM x) SELECT * FROM x1) UNION SELECT 0)
  SELECT * FROM x;
WITH RECURSIVE o(x) AS (WITH i AS (SELECT 2 FROM o) SELECT * FROM i UNION SELECT * FROM o)
  SELECT * FROM o;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL (WITH y AS (SELECT n + 1 FROM x WHERE n < 3)
  SELECT * FROM y)) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL (WITH y AS (SELECT n + 1 FROM x WHERE n < 3)
  SELECT * FROM y, x)) SELECT * FROM x;
-- a data-modifying recursive query (42P19); a data-modifying one that is not recursive
WITH RECURSIVE t AS (INSERT INTO regress_cv_dept SELECT * FROM t) VALUES (false);
WITH RECURSIVE t AS (DELETE FROM regress_cv_dept WHERE id > 100 RETURNING *) SELECT * FROM t;
-- a recursive UNION (not ALL) needs hashable column types
WITH RECURSIVE t(n) AS (VALUES ('01'::varbit) UNION SELECT n || '10'::varbit FROM t
                        WHERE n < '100'::varbit) SELECT n FROM t;
WITH RECURSIVE t(n) AS (VALUES ('01'::varbit) UNION SELECT n || '10'::varbit FROM t
                        WHERE n < '100'::varbit) SELECT n FROM t WHERE false;
WITH RECURSIVE t(n) AS (VALUES (ARRAY[1]) UNION SELECT n || 2 FROM t
                        WHERE array_length(n, 1) < 3) SELECT * FROM t;
DROP VIEW regress_cv_nums;
DROP VIEW regress_cv_tree;
DROP VIEW regress_cv_plain;
DROP TABLE regress_cv_dept;
