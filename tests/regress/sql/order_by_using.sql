-- ORDER BY ... USING <op>: in queries, DISTINCT ON, set operations, windows and
-- aggregates; NULLS placement; operators that are not btree "<" / ">".
DROP TABLE IF EXISTS regress_obu;
CREATE TABLE regress_obu (a int, b text, c int2);
INSERT INTO regress_obu VALUES (3, 'x', 1), (1, 'y', 2), (NULL, 'z', 3), (2, 'x', NULL),
  (1, 'w', 5), (5, NULL, -1);
SELECT * FROM regress_obu ORDER BY a USING <;
SELECT * FROM regress_obu ORDER BY a USING >;
SELECT * FROM regress_obu ORDER BY a USING > NULLS LAST, b;
SELECT * FROM regress_obu ORDER BY b USING <, a USING >;
SELECT * FROM regress_obu ORDER BY c USING <;
SELECT * FROM regress_obu ORDER BY b USING ~<~;
SELECT * FROM regress_obu ORDER BY b USING ~>~ NULLS FIRST;
SELECT a, b FROM regress_obu ORDER BY 2 USING >, 1 USING <;
SELECT DISTINCT ON (b) b, a FROM regress_obu ORDER BY b USING <, a USING >;
SELECT DISTINCT ON (b, a) b, a FROM regress_obu ORDER BY b USING <, c USING <;
SELECT a FROM regress_obu UNION SELECT 10 ORDER BY 1 USING >;
SELECT array_agg(a ORDER BY a USING >) FROM regress_obu;
SELECT string_agg(b, ',' ORDER BY b USING >) FROM regress_obu;
SELECT a, row_number() OVER (ORDER BY a USING > NULLS LAST) FROM regress_obu ORDER BY 2;
SELECT * FROM regress_obu ORDER BY a USING =;
SELECT * FROM regress_obu ORDER BY a USING <>;
SELECT * FROM regress_obu ORDER BY a USING ~~;
SELECT * FROM regress_obu ORDER BY b USING ||;
SELECT a FROM regress_obu UNION SELECT 10 ORDER BY 1 USING =;
SELECT array_agg(a ORDER BY a USING =) FROM regress_obu;
SELECT row_number() OVER (ORDER BY a USING @>) FROM regress_obu;
DROP TABLE regress_obu;
