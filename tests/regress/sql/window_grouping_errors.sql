-- A GROUP BY naming a select-list entry (by position or output name) that holds an
-- aggregate or a window function is refused with the call's position; a RANGE offset
-- error names the type the ORDER BY column's operator class takes (text for varchar)
-- and points at the offset's start; a domain over an integer type orders by its base
-- type's in_range. A run condition under a narrower select list keeps its Subquery Scan.
CREATE TABLE wge (depname varchar, empno bigint, salary int, enroll_date date);
INSERT INTO wge VALUES ('develop', 10, 5200, '2007-08-01'), ('sales', 1, 5000, '2006-10-01'),
  ('personnel', 5, 3500, '2007-12-10'), ('sales', 4, 4800, '2007-08-08'),
  ('personnel', 2, 3900, '2006-12-23'), ('develop', 7, 4200, '2008-01-01'),
  ('develop', 9, 4500, '2008-01-02'), ('sales', 3, 4800, '2007-08-01'),
  ('develop', 8, 6000, '2006-10-01'), ('develop', 11, 5200, '2007-08-15');
ANALYZE wge;
EXPLAIN (COSTS OFF) SELECT empno, depname FROM
  (SELECT empno, depname, row_number() OVER (PARTITION BY depname ORDER BY empno) rn FROM wge) e
WHERE rn < 3;
SELECT empno, depname FROM
  (SELECT empno, depname, row_number() OVER (PARTITION BY depname ORDER BY empno) rn FROM wge) e
WHERE rn < 3 ORDER BY depname, empno;
EXPLAIN (COSTS OFF) SELECT * FROM
  (SELECT empno, count(*) OVER (ORDER BY salary DESC) c FROM wge) e WHERE c <= 3;
EXPLAIN (COSTS OFF) SELECT depname FROM
  (SELECT depname, count(*) AS n FROM wge GROUP BY depname) g;

SELECT rank() OVER (ORDER BY 1), count(*) FROM wge GROUP BY 1;
SELECT count(*) FROM wge GROUP BY rank() OVER ();
SELECT count(*) FROM wge GROUP BY 1;
SELECT sum(salary) + 1 AS s FROM wge GROUP BY s;
SELECT 1 + rank() OVER () AS r FROM wge GROUP BY r;
SELECT (SELECT count(*) FROM wge) FROM wge GROUP BY 1;
SELECT sum(salary) OVER (ORDER BY depname RANGE BETWEEN '1 year'::interval PRECEDING
  AND '2 years'::interval FOLLOWING) FROM wge;
SELECT sum(salary) OVER (ORDER BY salary RANGE BETWEEN '1 year'::interval PRECEDING
  AND CURRENT ROW) FROM wge;
SELECT empno FROM wge WINDOW w AS (ORDER BY salary::numeric RANGE BETWEEN
  1 PRECEDING AND 1.1::float8 FOLLOWING);

CREATE DOMAIN wge_int AS int;
CREATE TABLE wge_d (x wge_int);
INSERT INTO wge_d VALUES (1), (2), (5);
SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM wge_d ORDER BY x;
DROP TABLE wge_d;
DROP DOMAIN wge_int;
DROP TABLE wge;
