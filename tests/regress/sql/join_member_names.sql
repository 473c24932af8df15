-- Names of a JOIN's members after it: an unqualified system column of a joined table is
-- not found (the join's row has none) though a qualified one is; in the ON clause both
-- tables' are (ambiguous); FOR UPDATE OF a JOIN ... USING alias names a join, unless
-- the JOIN has an alias of its own, which hides it.
CREATE TABLE regress_jmn_a (a int, b int);
CREATE TABLE regress_jmn_b (a int, c int);
CREATE TABLE regress_jmn_c (x int);
INSERT INTO regress_jmn_a VALUES (1, 2);
INSERT INTO regress_jmn_b VALUES (1, 3);
INSERT INTO regress_jmn_c VALUES (7);
SELECT ctid FROM regress_jmn_a t1 JOIN regress_jmn_b t2 ON t1.a = t2.a;
SELECT xmin IS NOT NULL FROM regress_jmn_a t1 LEFT JOIN regress_jmn_b t2 USING (a);
SELECT ctid FROM (regress_jmn_a t1 JOIN regress_jmn_b t2 ON true) j;
SELECT t1.ctid, t2.ctid FROM regress_jmn_a t1 JOIN regress_jmn_b t2 ON t1.a = t2.a;
SELECT ctid FROM regress_jmn_a t1 JOIN regress_jmn_b t2 ON true, regress_jmn_c;
SELECT 1 FROM regress_jmn_a t1 JOIN regress_jmn_b t2 ON ctid = ctid;
SELECT tableoid::regclass FROM regress_jmn_c, regress_jmn_a t1 CROSS JOIN regress_jmn_b t2;
SELECT (SELECT ctid FROM regress_jmn_a t1 JOIN regress_jmn_b t2 ON true) FROM regress_jmn_c;
SELECT * FROM regress_jmn_a t1 JOIN regress_jmn_b t2 USING (a) AS foo, regress_jmn_c u
  FOR UPDATE OF u;
SELECT * FROM regress_jmn_a t1 JOIN regress_jmn_b t2 USING (a) AS foo, regress_jmn_c u
  FOR UPDATE OF foo;
SELECT * FROM (regress_jmn_a t1 JOIN regress_jmn_b t2 USING (a) AS foo) AS bar,
  regress_jmn_c u FOR UPDATE OF foo;
SELECT * FROM (regress_jmn_a t1 JOIN regress_jmn_b t2 USING (a) AS foo) AS bar,
  regress_jmn_c u FOR SHARE OF bar;
SELECT foo.a FROM (regress_jmn_a t1 JOIN regress_jmn_b t2 USING (a) AS foo) AS bar;
DROP TABLE regress_jmn_a, regress_jmn_b, regress_jmn_c;
