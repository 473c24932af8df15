-- Plans of queries over views: a simple view vanishes into the query that reads it
-- (PostgreSQL pulls it up). Views that stay subqueries (GROUP BY, LIMIT, an expression
-- column on the nullable side of an outer join) are left out of the EXPLAINs: pgsnake's
-- planner keeps a Subquery Scan there that PostgreSQL's removes or flattens further.
DROP TABLE IF EXISTS regress_vpt CASCADE;
DROP TABLE IF EXISTS regress_vpu CASCADE;
CREATE TABLE regress_vpt (a int PRIMARY KEY, b text, c numeric);
CREATE TABLE regress_vpu (a int, d varchar(10));
CREATE VIEW regress_vp AS SELECT a, b FROM regress_vpt WHERE a > 1;
CREATE VIEW regress_vp_join AS SELECT t.a, u.d FROM regress_vpt t JOIN regress_vpu u ON u.a = t.a;
CREATE VIEW regress_vp_agg AS SELECT b, count(*) AS n FROM regress_vpt GROUP BY b;
CREATE VIEW regress_vp_limit AS SELECT a FROM regress_vpt ORDER BY a LIMIT 3;
CREATE VIEW regress_vp_over AS SELECT a FROM regress_vp WHERE b <> 'x';
CREATE VIEW regress_vp_expr AS SELECT a, b || '!' AS bang FROM regress_vpt;
EXPLAIN SELECT * FROM regress_vp;
EXPLAIN SELECT * FROM regress_vp WHERE b = 'x';
EXPLAIN SELECT v.a, u.d FROM regress_vp v JOIN regress_vpu u ON u.a = v.a;
EXPLAIN SELECT * FROM regress_vp_join WHERE d = 'q';
EXPLAIN SELECT * FROM regress_vp_over;
EXPLAIN SELECT u.d, v.a FROM regress_vpu u LEFT JOIN regress_vp v ON v.a = u.a;
EXPLAIN SELECT count(*) FROM regress_vp;
EXPLAIN UPDATE regress_vp SET b = 'y' WHERE a = 5;
EXPLAIN DELETE FROM regress_vp WHERE b = 'z';
EXPLAIN INSERT INTO regress_vp VALUES (1, 'w');
INSERT INTO regress_vpt VALUES (1, 'x', 1), (2, 'y', 2), (3, 'x', 3);
INSERT INTO regress_vpu VALUES (2, 'q'), (3, 'r'), (9, 's');
SELECT u.d, v.a FROM regress_vpu u LEFT JOIN regress_vp v ON v.a = u.a ORDER BY u.d;
SELECT u.d, v.bang FROM regress_vpu u LEFT JOIN regress_vp_expr v ON v.a = u.a ORDER BY u.d;
SELECT * FROM regress_vp_over ORDER BY a;
SELECT * FROM regress_vpu WHERE a IN (SELECT a FROM regress_vp) ORDER BY a;
SELECT * FROM regress_vp_agg ORDER BY b;
SELECT * FROM regress_vp_limit;
DROP TABLE regress_vpt, regress_vpu CASCADE;
-- FOR UPDATE / SHARE of a view locks its table's rows (LockRows over the base scan)
CREATE TABLE regress_vpl (a int PRIMARY KEY, b text);
INSERT INTO regress_vpl VALUES (1, 'a'), (2, 'b');
CREATE VIEW regress_vpl_v AS SELECT a, b FROM regress_vpl WHERE a > 0;
CREATE VIEW regress_vpl_agg AS SELECT b, count(*) FROM regress_vpl GROUP BY b;
EXPLAIN SELECT * FROM regress_vpl_v FOR UPDATE;
EXPLAIN SELECT * FROM regress_vpl_v WHERE a = 1 FOR SHARE;
SELECT * FROM regress_vpl_v ORDER BY a FOR UPDATE;
SELECT * FROM regress_vpl_agg FOR UPDATE;
SELECT * FROM regress_vpl_agg FOR SHARE OF regress_vpl_agg;
BEGIN;
SELECT * FROM regress_vpl_v WHERE a = 2 FOR NO KEY UPDATE;
SELECT relation::regclass, mode FROM pg_locks WHERE relation = 'regress_vpl'::regclass ORDER BY mode;
COMMIT;
DROP TABLE regress_vpl CASCADE;
