-- Plan choices PostgreSQL's regression files showed pgsnake making differently: a
-- whole-index Index Only Scan with no index clause, set operations over types that only
-- hash or only sort, semi joins estimated from statistics (a unique-ified VALUES list
-- driving an index Nested Loop), sort keys WHERE makes constant, LEFT JOIN removal over
-- DISTINCT / GROUP BY / UNION subqueries.
DROP TABLE IF EXISTS regress_psc_t, regress_psc_u;
CREATE TABLE regress_psc_t (id int4, grp int4, val text);
INSERT INTO regress_psc_t SELECT i, i % 4, 'v' || (i % 13) FROM generate_series(1, 3000) i;
CREATE INDEX regress_psc_t_id ON regress_psc_t (id);
CREATE TABLE regress_psc_u (k int4 PRIMARY KEY, g int4);
INSERT INTO regress_psc_u SELECT i, i % 10 FROM generate_series(1, 200) i;
VACUUM ANALYZE regress_psc_t;
VACUUM ANALYZE regress_psc_u;
-- an index holding every needed column, all-visible table: read the index alone
EXPLAIN (COSTS OFF) SELECT id FROM regress_psc_t;
EXPLAIN (COSTS OFF) SELECT count(*) FROM (SELECT id FROM regress_psc_t UNION SELECT grp FROM regress_psc_t) s;
SELECT count(*) FROM (SELECT id FROM regress_psc_t UNION SELECT grp FROM regress_psc_t) s;
-- INTERSECT puts the side with fewer distinct rows (from statistics) first; a scan of an
-- INTERSECT / EXCEPT subquery stays (its SetOp also outputs the flag column)
EXPLAIN (COSTS OFF) SELECT count(*) FROM (SELECT id FROM regress_psc_t INTERSECT SELECT grp FROM regress_psc_t) s;
SELECT count(*) FROM (SELECT id FROM regress_psc_t INTERSECT SELECT grp FROM regress_psc_t) s;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id FROM regress_psc_t EXCEPT SELECT k FROM regress_psc_u) s;
-- set operations: varbit and anonymous records only sort, xid only hashes, no column
-- at all needs no sort
EXPLAIN (COSTS OFF) SELECT x FROM (VALUES ('11'::varbit), ('10'::varbit)) v(x) UNION SELECT x FROM (VALUES ('10'::varbit)) w(x);
SELECT x FROM (VALUES ('11'::varbit), ('10'::varbit)) v(x) UNION SELECT x FROM (VALUES ('10'::varbit)) w(x) ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT x FROM (VALUES (row(1, 2)), (row(1, 3))) v(x) INTERSECT SELECT x FROM (VALUES (row(1, 2))) w(x);
SELECT x FROM (VALUES (row(1, 2)), (row(1, 3))) v(x) INTERSECT SELECT x FROM (VALUES (row(1, 2))) w(x);
EXPLAIN (COSTS OFF) SELECT '7'::xid UNION SELECT '7'::xid;
SELECT '7'::xid UNION SELECT '7'::xid;
EXPLAIN (COSTS OFF) SELECT FROM generate_series(1, 3) UNION SELECT FROM generate_series(1, 2);
SELECT FROM generate_series(1, 3) UNION SELECT FROM generate_series(1, 2);
EXPLAIN (COSTS OFF) SELECT FROM generate_series(1, 3) EXCEPT SELECT FROM generate_series(1, 2);
-- IN (VALUES ...) against an analyzed column: few matches, so the unique-ified list
-- drives a Nested Loop over a parameterised index scan
EXPLAIN (COSTS OFF) SELECT * FROM regress_psc_t WHERE (id, grp) IN (VALUES (1, 1), (20, 0), (99, 3), (17, 9)) ORDER BY id;
SELECT * FROM regress_psc_t WHERE (id, grp) IN (VALUES (1, 1), (20, 0), (99, 3), (17, 9)) ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM regress_psc_t WHERE id IN (VALUES (5), (6), (7));
-- sort and DISTINCT keys equal to a constant order nothing
EXPLAIN (COSTS OFF) SELECT id, grp FROM regress_psc_t WHERE grp = 2 ORDER BY grp;
EXPLAIN (COSTS OFF) SELECT id, grp FROM regress_psc_t WHERE grp = 2 ORDER BY grp, val;
EXPLAIN (COSTS OFF) SELECT DISTINCT grp FROM regress_psc_t WHERE grp = 2;
SELECT DISTINCT grp FROM regress_psc_t WHERE grp = 2;
EXPLAIN (COSTS OFF) SELECT DISTINCT grp, 1, 'x' FROM regress_psc_t WHERE grp = 2;
SELECT DISTINCT grp, 1, 'x' FROM regress_psc_t WHERE grp = 2;
EXPLAIN (COSTS OFF) SELECT DISTINCT grp FROM regress_psc_t WHERE grp = 2 AND id > 100 ORDER BY grp;
SELECT DISTINCT grp FROM regress_psc_t WHERE grp = 7;
-- a SubPlan inside a VALUES list is listed under its Values Scan
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (3 NOT IN (SELECT k FROM regress_psc_u)), (false)) v;
SELECT * FROM (VALUES (3 NOT IN (SELECT k FROM regress_psc_u)), (false)) v;
-- DISTINCT over computed columns may sort (and must with enable_hashagg off)
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT DISTINCT id % 10 FROM regress_psc_t;
SELECT DISTINCT id % 10, grp FROM regress_psc_t ORDER BY 1 DESC, 2 LIMIT 5;
RESET enable_hashagg;
EXPLAIN (COSTS OFF) SELECT DISTINCT id % 10, grp FROM regress_psc_t ORDER BY 1 DESC, 2;
-- LEFT JOIN to a subquery distinct on the join columns, nothing else used: removed
EXPLAIN (COSTS OFF) SELECT u.* FROM regress_psc_u u LEFT JOIN (SELECT grp FROM regress_psc_t GROUP BY grp) s ON u.g = s.grp;
EXPLAIN (COSTS OFF) SELECT u.* FROM regress_psc_u u LEFT JOIN (SELECT DISTINCT grp, val FROM regress_psc_t) s ON u.g = s.grp AND u.k::text = s.val;
EXPLAIN (COSTS OFF) SELECT u.* FROM regress_psc_u u LEFT JOIN (SELECT id FROM regress_psc_t UNION SELECT k FROM regress_psc_u) s ON u.k = s.id;
EXPLAIN (COSTS OFF) SELECT u.* FROM regress_psc_u u LEFT JOIN (SELECT max(id) m FROM regress_psc_t) s ON u.k = s.m;
SELECT count(*) FROM regress_psc_u u LEFT JOIN (SELECT grp FROM regress_psc_t GROUP BY grp) s ON u.g = s.grp;
-- not removable: a column of it is used, or it is not distinct on the join column
EXPLAIN (COSTS OFF) SELECT u.*, s.grp FROM regress_psc_u u LEFT JOIN (SELECT grp FROM regress_psc_t GROUP BY grp) s ON u.g = s.grp;
EXPLAIN (COSTS OFF) SELECT u.* FROM regress_psc_u u LEFT JOIN (SELECT DISTINCT grp, val FROM regress_psc_t) s ON u.g = s.grp;
SELECT count(*) FROM regress_psc_u u LEFT JOIN (SELECT DISTINCT grp, val FROM regress_psc_t) s ON u.g = s.grp;
-- GROUP BY follows ORDER BY's order (and direction) when one list is a prefix of the other
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_psc_t GROUP BY id, grp, val ORDER BY val, grp, id;
EXPLAIN (COSTS OFF) SELECT grp, val, count(*) FROM regress_psc_t GROUP BY grp, val ORDER BY val DESC;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT grp, val, count(*) FROM regress_psc_t GROUP BY grp, val ORDER BY val DESC;
SELECT grp, val, count(*) FROM regress_psc_t GROUP BY grp, val ORDER BY val DESC, grp LIMIT 6;
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM regress_psc_t GROUP BY grp, val ORDER BY count(*), grp;
RESET enable_hashagg;
-- an inlined WITH query is a FROM subquery: merged into the query when simple
EXPLAIN (COSTS OFF) WITH w AS (SELECT * FROM (SELECT id, grp FROM regress_psc_t) s) SELECT * FROM w WHERE id = 3;
WITH w AS (SELECT * FROM (SELECT id, grp FROM regress_psc_t) s) SELECT * FROM w WHERE id = 3;
EXPLAIN (COSTS OFF) WITH w AS (SELECT grp, count(*) FROM regress_psc_t GROUP BY grp) SELECT * FROM w JOIN regress_psc_u u ON u.k = w.grp;
EXPLAIN (COSTS OFF) WITH w AS (SELECT k FROM regress_psc_u) SELECT * FROM w a JOIN w b ON a.k = b.k;
DROP TABLE regress_psc_t, regress_psc_u;
