-- Row constructors and row comparisons: pairwise = / <>, lexicographic orderings with
-- NULL rules, IN lists of rows, rows as values, row IS [NOT] NULL, and the errors.
DROP TABLE IF EXISTS tr;
CREATE TABLE tr (a int, b text);
INSERT INTO tr VALUES (1, 'x'), (2, 'y'), (2, 'z'), (3, NULL);
SELECT (1,2) < (1,3), (1,null) < (2,0), (1,null) < (1,0), (1,2) = (1,2), (1,null) = (1,2), (1,null) <> (2,2), row(1,'a'), (1,2) in ((1,2),(3,4)), (1,'x') is null, row(null,null) is null, row(1,null) is not null;
SELECT (1,2) < (1,2,3);
SELECT (1,2) + (3,4);
SELECT row(1, 2)::text;
SELECT a, b FROM tr WHERE (a, b) > (2, 'y') ORDER BY a, b;
SELECT a, b FROM tr WHERE (a, b) IN ((1, 'x'), (2, 'z')) ORDER BY a;
SELECT a, b FROM tr WHERE (a, b) NOT IN ((1, 'x'), (2, 'z')) ORDER BY a;
SELECT (a, b) >= (2, 'y'), (a, b) <= (2, 'y') FROM tr ORDER BY a, b;
SELECT ROW(a, b) FROM tr ORDER BY a, b;
SELECT ROW() ;
EXPLAIN (COSTS OFF) SELECT * FROM tr WHERE (a, b) > (1, 'x') AND (a, b) = (2, 'y');
DROP TABLE tr;
