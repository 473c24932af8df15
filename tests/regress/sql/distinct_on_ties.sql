-- SELECT DISTINCT ON (first row per group in ORDER BY's order, and the 42P10 rule that
-- its expressions lead ORDER BY) and FETCH FIRST n ROWS WITH TIES (rows tied with the
-- last counted one on the ORDER BY columns come too; NULL count and missing ORDER BY
-- are errors).
DROP TABLE IF EXISTS regress_don;
CREATE TABLE regress_don (a int4, b text, c int4);
INSERT INTO regress_don VALUES (1, 'a', 10), (1, 'w', 20), (2, 'b', 5), (2, 'b', 6), (3, NULL, 1), (NULL, 'n', 2), (NULL, 'n', 3);
SELECT DISTINCT ON (a) a, b FROM regress_don ORDER BY a, b DESC;
SELECT DISTINCT ON (a) a, c FROM regress_don ORDER BY a, c;
SELECT DISTINCT ON (a) a, c FROM regress_don ORDER BY a DESC NULLS LAST, c DESC;
SELECT DISTINCT ON (b) a FROM regress_don ORDER BY b, a;
SELECT DISTINCT ON (a, b) a, b FROM regress_don ORDER BY a, b;
SELECT DISTINCT ON (b, a) a, b FROM regress_don ORDER BY a, b, c;
SELECT DISTINCT ON (1) a, b FROM regress_don ORDER BY 1, 2;
SELECT DISTINCT ON (a % 2) a, b FROM regress_don ORDER BY a % 2, b;
SELECT DISTINCT ON (a) a, b FROM regress_don ORDER BY a, b LIMIT 2;
SELECT DISTINCT ON (a) b FROM regress_don ORDER BY a, c DESC;
SELECT count(*) FROM (SELECT DISTINCT ON (b) b FROM regress_don) s;
SELECT DISTINCT ON (a) a, b FROM regress_don ORDER BY b;
SELECT DISTINCT ON (j) j FROM (SELECT '{}'::json) s(j);
SELECT DISTINCT ON (p) p FROM (SELECT point(1, 2)) s(p);
SELECT DISTINCT ON (a, c) a FROM regress_don ORDER BY a, b, c;
EXPLAIN SELECT DISTINCT ON (a) a, b FROM regress_don ORDER BY a, b DESC;
EXPLAIN SELECT DISTINCT ON (b) a FROM regress_don;
-- WITH TIES
SELECT a FROM regress_don ORDER BY a FETCH FIRST 1 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a FETCH FIRST 3 ROWS WITH TIES;
SELECT a, b FROM regress_don ORDER BY a, b FETCH FIRST 3 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a OFFSET 1 FETCH FIRST 1 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a NULLS FIRST FETCH FIRST 1 ROWS WITH TIES;
SELECT a, b FROM regress_don ORDER BY a DESC FETCH FIRST 3 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a FETCH FIRST 0 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a FETCH FIRST 7 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a FETCH FIRST 100 ROWS WITH TIES;
PREPARE regress_don_ties(int4) AS SELECT a FROM regress_don ORDER BY a FETCH FIRST $1 ROWS WITH TIES;
EXECUTE regress_don_ties(1);
EXECUTE regress_don_ties(NULL);
DEALLOCATE regress_don_ties;
SELECT 1 UNION SELECT 1 UNION ALL SELECT 1 ORDER BY 1 FETCH FIRST 1 ROW WITH TIES;
SELECT DISTINCT ON (a) a, count(*) FROM regress_don GROUP BY a, b ORDER BY a, count(*) DESC;
SELECT a FROM regress_don FETCH FIRST 2 ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a FETCH FIRST NULL ROWS WITH TIES;
SELECT a FROM regress_don ORDER BY a FETCH FIRST 1 ROW WITH TIES FOR UPDATE SKIP LOCKED;
EXPLAIN SELECT a FROM regress_don ORDER BY a FETCH FIRST 2 ROWS WITH TIES;
DROP TABLE regress_don;
