-- PARTITION BY's key checks, as PostgreSQL 15 makes them: expressions without
-- aggregates, window functions, subqueries, set-returning functions (no positions),
-- system columns, constants, mutable functions or pseudo-types; a named operator class;
-- a strategy that is not range / list / hash (22023); NO INHERIT checks and exclusion
-- constraints refused on a partitioned table.
CREATE FUNCTION regress_pk_retset (a int) RETURNS SETOF int AS $$ SELECT 1; $$
  LANGUAGE SQL IMMUTABLE;
CREATE TABLE regress_pk (a int) PARTITION BY RANGE (regress_pk_retset(a));
DROP FUNCTION regress_pk_retset(int);
CREATE TABLE regress_pk (a int) PARTITION BY RANGE ((avg(a)));
CREATE TABLE regress_pk (a int, b int) PARTITION BY RANGE ((avg(a) OVER (PARTITION BY b)));
CREATE TABLE regress_pk (a int) PARTITION BY LIST ((a LIKE (SELECT 1)));
CREATE TABLE regress_pk (a int) PARTITION BY RANGE ((42));
CREATE FUNCTION regress_pk_const () RETURNS int AS $$ SELECT 1; $$ LANGUAGE SQL IMMUTABLE;
CREATE TABLE regress_pk (a int) PARTITION BY RANGE (regress_pk_const());
DROP FUNCTION regress_pk_const();
CREATE TABLE regress_pk (a int) PARTITION BY MAGIC (a);
CREATE TABLE regress_pk (a int) PARTITION BY RANGE (b);
CREATE TABLE regress_pk (a int) PARTITION BY RANGE (xmin);
CREATE TABLE regress_pk (a int) PARTITION BY RANGE ((xmin));
CREATE TABLE regress_pk (a int) PARTITION BY RANGE ((xmin::text::int + a));
CREATE TABLE regress_pk (a int, b int) PARTITION BY RANGE (((a, b)));
CREATE TABLE regress_pk (a int, b int) PARTITION BY RANGE (a, ('unknown'));
CREATE TABLE regress_pk (a int) PARTITION BY RANGE ((random()));
CREATE FUNCTION regress_pk_mut (a int) RETURNS int AS $$ SELECT a + random()::int; $$
  LANGUAGE SQL;
CREATE TABLE regress_pk (a int) PARTITION BY RANGE (regress_pk_mut(a));
DROP FUNCTION regress_pk_mut(int);
CREATE TABLE regress_pk (a point) PARTITION BY LIST (a);
CREATE TABLE regress_pk (a point) PARTITION BY LIST (a point_ops);
CREATE TABLE regress_pk (a point) PARTITION BY RANGE (a point_ops);
CREATE TABLE regress_pk (a int, CONSTRAINT check_a CHECK (a > 0) NO INHERIT)
  PARTITION BY RANGE (a);
CREATE TABLE regress_pk (a int, EXCLUDE USING gist (a WITH &&)) PARTITION BY RANGE (a);
CREATE TABLE regress_pk (a int, b text, c text)
  PARTITION BY RANGE (((a)), (b || 'x'), c text_pattern_ops);
SELECT partattrs, pg_get_partkeydef('regress_pk'::regclass) FROM pg_partitioned_table
  WHERE partrelid = 'regress_pk'::regclass;
ALTER TABLE regress_pk ADD CONSTRAINT chk_a CHECK (a > 0) NO INHERIT;
ALTER TABLE regress_pk ADD EXCLUDE USING gist (a WITH &&);
DROP TABLE regress_pk;
