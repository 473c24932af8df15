-- REFRESH MATERIALIZED VIEW CONCURRENTLY (commands/matview_concurrent_refresh.py): the
-- refusals in PostgreSQL's order (a usable unique index: B-tree, no predicate, plain
-- columns), the diff that leaves unchanged rows where they are, NULL keys, duplicates.
CREATE TABLE mvc_t (a int, b text, c numeric);
INSERT INTO mvc_t VALUES (1, 'x', 1.0), (2, 'y', 2), (3, NULL, 3), (5, 'v', 5);
CREATE MATERIALIZED VIEW mvc_v AS SELECT a, b, c FROM mvc_t;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
CREATE INDEX ON mvc_v (a);
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
CREATE UNIQUE INDEX mvc_part ON mvc_v (a) WHERE a > 0;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
CREATE UNIQUE INDEX mvc_expr ON mvc_v ((a + 1));
CREATE UNIQUE INDEX mvc_hash_not_unique ON mvc_v USING hash (b);
REFRESH MATERIALIZED VIEW CONCURRENTLY public.mvc_v;
CREATE UNIQUE INDEX mvc_u ON mvc_v (a);
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v WITH NO DATA;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v WITH DATA;
CREATE TABLE mvc_before AS SELECT a, ctid AS tid FROM mvc_v;
INSERT INTO mvc_t VALUES (4, 'z', 4);
UPDATE mvc_t SET b = 'q' WHERE a = 1;
UPDATE mvc_t SET c = 2.00 WHERE a = 2;
DELETE FROM mvc_t WHERE a = 3;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
SELECT * FROM mvc_v ORDER BY a;
-- only the unchanged rows kept their tuples (2.00 is not 2 to a reader)
SELECT a FROM mvc_v JOIN mvc_before USING (a) WHERE mvc_v.ctid = mvc_before.tid ORDER BY a;
SELECT count(*) FROM mvc_v WHERE a = 2 AND c::text = '2.00';
-- duplicates without NULLs are refused; with a NULL they are taken
INSERT INTO mvc_t VALUES (4, 'z', 4);
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
DELETE FROM mvc_t WHERE a = 4;
INSERT INTO mvc_t VALUES (4, 'z', 4), (NULL, 'n', NULL), (NULL, 'n', NULL);
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
SELECT * FROM mvc_v ORDER BY a, b;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
SELECT count(*) FROM mvc_v;
-- a second usable unique index also keys the diff
CREATE UNIQUE INDEX mvc_u2 ON mvc_v (b, a);
UPDATE mvc_t SET b = 'w' WHERE a = 4;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
SELECT * FROM mvc_v WHERE a IS NOT NULL ORDER BY a;
-- in a transaction block: ExclusiveLock, the changes visible to the transaction itself
BEGIN;
DELETE FROM mvc_t WHERE a = 1;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
SELECT mode FROM pg_locks WHERE relation = 'mvc_v'::regclass AND locktype = 'relation'
  AND pid = pg_backend_pid() ORDER BY 1;
SELECT a FROM mvc_v WHERE a IS NOT NULL ORDER BY a;
ROLLBACK;
SELECT a FROM mvc_v WHERE a IS NOT NULL ORDER BY a;
-- not populated
REFRESH MATERIALIZED VIEW mvc_v WITH NO DATA;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v WITH NO DATA;
REFRESH MATERIALIZED VIEW mvc_v;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
SELECT count(*) FROM mvc_v;
-- other relations and the owner check
CREATE VIEW mvc_plain AS SELECT 1 AS one;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_plain;
REFRESH MATERIALIZED VIEW mvc_plain;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_t;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_missing;
CREATE ROLE mvc_other;
GRANT SELECT ON mvc_v TO mvc_other;
SET ROLE mvc_other;
REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_v;
REFRESH MATERIALIZED VIEW mvc_v;
SELECT count(*) FROM mvc_v;
RESET ROLE;
DROP VIEW mvc_plain;
DROP MATERIALIZED VIEW mvc_v;
DROP TABLE mvc_t, mvc_before;
DROP ROLE mvc_other;
