-- A heap's fillfactor: inserts leave (100 - fillfactor)% of each page free for later
-- updates (single-row INSERT, INSERT ... SELECT, CREATE TABLE AS does not: it has no
-- reloptions), VACUUM FULL and CLUSTER rewrite with the same reserve, and a page that
-- is nearly empty still takes a row bigger than the reserve allows.
DROP TABLE IF EXISTS regress_ff10, regress_ff50, regress_ff100, regress_ffwide;
CREATE TABLE regress_ff10 (a int, b text) WITH (fillfactor = 10);
CREATE TABLE regress_ff50 (a int, b text) WITH (fillfactor = 50);
CREATE TABLE regress_ff100 (a int, b text);
INSERT INTO regress_ff10 SELECT g, 'row ' || g FROM generate_series(1, 1000) g;
INSERT INTO regress_ff50 SELECT g, 'row ' || g FROM generate_series(1, 1000) g;
INSERT INTO regress_ff100 SELECT g, 'row ' || g FROM generate_series(1, 1000) g;
SELECT relname, pg_relation_size(oid) / 8192 AS pages FROM pg_class
  WHERE relname IN ('regress_ff10', 'regress_ff50', 'regress_ff100') ORDER BY relname;
-- one row at a time
DO $$ BEGIN FOR i IN 1..200 LOOP INSERT INTO regress_ff10 VALUES (i, 'single'); END LOOP; END $$;
SELECT pg_relation_size('regress_ff10') / 8192 AS pages;
-- the rows per page
SELECT count(DISTINCT split_part(ltrim(ctid::text, '('), ',', 1)) AS pages_used,
       max(cnt) AS most_rows_on_a_page
  FROM (SELECT ctid, count(*) OVER (PARTITION BY split_part(ltrim(ctid::text, '('), ',', 1)) AS cnt
          FROM regress_ff50) s;
-- a row bigger than the reserve allows still goes on a fresh page
CREATE TABLE regress_ffwide (a int, b text) WITH (fillfactor = 10);
ALTER TABLE regress_ffwide ALTER COLUMN b SET STORAGE plain;
INSERT INTO regress_ffwide SELECT g, repeat('x', 3000) FROM generate_series(1, 5) g;
SELECT pg_relation_size('regress_ffwide') / 8192 AS pages;
-- rewrites keep the reserve
DELETE FROM regress_ff10 WHERE a % 2 = 0;
VACUUM FULL regress_ff10;
SELECT pg_relation_size('regress_ff10') / 8192 AS pages;
ALTER TABLE regress_ff100 SET (fillfactor = 20);
VACUUM FULL regress_ff100;
SELECT pg_relation_size('regress_ff100') / 8192 AS pages;
-- updates use the reserve: HOT on the same page
UPDATE regress_ff50 SET b = 'updated' WHERE a <= 100;
SELECT pg_relation_size('regress_ff50') / 8192 AS pages;
SELECT count(*) FROM regress_ff50 WHERE b = 'updated';
DROP TABLE regress_ff10, regress_ff50, regress_ff100, regress_ffwide;
