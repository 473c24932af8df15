-- A WITH RECURSIVE query whose body names a nested WITH query of its own name refers to
-- that one, not to itself (parser/cte.py _refers_to, makeDependencyGraphWalker's
-- scoping): it is not recursive.
WITH RECURSIVE w1(c1) AS
 (WITH w2(c2) AS
  (WITH w3(c3) AS
   (WITH w4(c4) AS
    (WITH w5(c5) AS
     (WITH RECURSIVE w6(c6) AS
      (WITH w6(c6) AS
       (WITH w8(c8) AS
        (SELECT 1)
        SELECT * FROM w8)
       SELECT * FROM w6)
      SELECT * FROM w6)
     SELECT * FROM w5)
    SELECT * FROM w4)
   SELECT * FROM w3)
  SELECT * FROM w2)
SELECT * FROM w1;
WITH RECURSIVE x(n) AS (WITH x(n) AS (SELECT 1) SELECT n FROM x) SELECT * FROM x;
WITH RECURSIVE x(n) AS (WITH y(n) AS (SELECT * FROM x) SELECT 1 UNION ALL SELECT n + 1 FROM y WHERE n < 3) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL (WITH x(n) AS (SELECT 5) SELECT n + 1 FROM x WHERE n < 3)) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL (WITH RECURSIVE z(n) AS (SELECT 1), x(n) AS (SELECT 7) SELECT n + 1 FROM x WHERE n < 3)) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x WHERE n < 3) SELECT * FROM x;
