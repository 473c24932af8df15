-- Quals and projections over pages of rows run as generated batch loops
-- (executor/batch_expressions.py): same rows, NULLs, IN lists, parameters and errors.
CREATE TABLE bq (a int, b int, c text, d numeric, e float8);
INSERT INTO bq SELECT i, CASE WHEN i % 9 = 0 THEN NULL ELSE i % 13 END,
  CASE WHEN i % 11 = 0 THEN NULL ELSE 's' || (i % 4) END, i / 7.0,
  CASE WHEN i % 50 = 0 THEN 'NaN' ELSE i * 0.5 END FROM generate_series(1, 600) i;
SELECT count(*), sum(a) FROM bq WHERE b > 5;
SELECT count(*), sum(a) FROM bq WHERE b > 5 AND a < 100 OR c = 's1';
SELECT count(*), sum(a) FROM bq WHERE NOT (b < 7 OR a > 250);
SELECT count(*), sum(a) FROM bq WHERE b IS NULL OR c IS NULL;
SELECT count(*), sum(a) FROM bq WHERE b + a * 2 >= 300 AND b <> 8;
SELECT count(*), sum(a) FROM bq WHERE b IN (1, 2, 3);
SELECT count(*), sum(a) FROM bq WHERE b NOT IN (4, 5);
SELECT count(*), sum(a) FROM bq WHERE b IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
SELECT count(*), sum(a) FROM bq WHERE b NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
SELECT count(*), sum(a) FROM bq WHERE b NOT IN (1, 2, NULL);
SELECT count(*), sum(a) FROM bq WHERE c IN ('s1', 's3') AND d > 20.5;
SELECT count(*), sum(a) FROM bq WHERE e > 100 OR e < 10;
SELECT count(*), sum(a) FROM bq WHERE length(c) = 2 AND upper(c) = 'S2';
SELECT a, b * 2 + 1, c || '!', d * 2, e IS NULL FROM bq WHERE a % 97 = 0 ORDER BY a;
PREPARE bqp(int, int) AS SELECT count(*), sum(a) FROM bq WHERE b >= $1 AND a < $2;
EXECUTE bqp(10, 400);
EXECUTE bqp(NULL, 400);
EXECUTE bqp(3, 100);
DEALLOCATE bqp;
-- an error at row 50 of the first page: a qualifying row before it is enough for LIMIT 1
SELECT a FROM bq WHERE 100 / (a - 50) < 0 LIMIT 1;
SELECT a FROM bq WHERE 100 / (a - 50) > 0 LIMIT 1;
SELECT a, 2147483600 + a FROM bq WHERE a > 40 LIMIT 3;
SELECT sum(2147483600 + a) FROM bq;
DROP TABLE bq;
