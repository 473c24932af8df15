-- The names PostgreSQL makes up for unnamed constraints and indexes. A CHECK or FOREIGN
-- KEY constraint must not clash with another constraint of the schema but may share its
-- name with a table; an index or sequence must not clash with any relation.
DROP TABLE IF EXISTS regress_nm_child, regress_nm_other, regress_nm_parent,
  regress_nm_child_a_fkey, regress_nm_child_b_check, regress_nm_parent_pkey1 CASCADE;
CREATE TABLE regress_nm_child_a_fkey (x int);
CREATE TABLE regress_nm_child_b_check (x int);
CREATE TABLE regress_nm_parent (id int PRIMARY KEY, k int UNIQUE, UNIQUE (id, k));
CREATE TABLE regress_nm_other (a int, b int CONSTRAINT regress_nm_child_b_check1 CHECK (b > 1));
CREATE TABLE regress_nm_child (a int REFERENCES regress_nm_parent,
  b int CHECK (b > 0), c int, d int,
  FOREIGN KEY (c, d) REFERENCES regress_nm_parent (id, k),
  CHECK (c < d), CHECK (b <> 3));
ALTER TABLE regress_nm_child ADD CHECK (b < 100);
ALTER TABLE regress_nm_child ADD FOREIGN KEY (a) REFERENCES regress_nm_parent;
SELECT conrelid::regclass, conname, contype FROM pg_constraint
  WHERE conrelid::regclass::text LIKE 'regress_nm%' ORDER BY conrelid::regclass::text, 2;
CREATE TABLE regress_nm_parent_pkey1 (x int);
CREATE TABLE regress_nm_twin (id int PRIMARY KEY);
DROP TABLE regress_nm_twin;
CREATE UNIQUE INDEX ON regress_nm_parent (k);
CREATE INDEX ON regress_nm_parent (id, k);
CREATE INDEX ON regress_nm_parent (id, k);
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'regress_nm_parent'::regclass
  ORDER BY indexrelid::regclass::text;
DROP TABLE regress_nm_child, regress_nm_other, regress_nm_parent, regress_nm_child_a_fkey,
  regress_nm_child_b_check, regress_nm_parent_pkey1;
-- The index of a PRIMARY KEY / UNIQUE constraint takes its name, so an unnamed one also
-- skips names any constraint of the schema has (a CHECK called t_c_key2 here), and a
-- named one clashing with a constraint of the table is 42710, not a catalog duplicate.
CREATE TABLE regress_nm_tt9 (c integer);
ALTER TABLE regress_nm_tt9 ADD CONSTRAINT foo CHECK (c > 3);
ALTER TABLE regress_nm_tt9 ADD UNIQUE (c);
ALTER TABLE regress_nm_tt9 ADD UNIQUE (c);
ALTER TABLE regress_nm_tt9 ADD CONSTRAINT regress_nm_tt9_c_key UNIQUE (c);
ALTER TABLE regress_nm_tt9 ADD CONSTRAINT foo UNIQUE (c);
ALTER TABLE regress_nm_tt9 ADD CONSTRAINT foo PRIMARY KEY (c);
ALTER TABLE regress_nm_tt9 ADD CONSTRAINT regress_nm_tt9_c_key CHECK (c > 5);
ALTER TABLE regress_nm_tt9 ADD CONSTRAINT regress_nm_tt9_c_key2 CHECK (c > 6);
ALTER TABLE regress_nm_tt9 ADD UNIQUE (c);
CREATE UNIQUE INDEX ON regress_nm_tt9 (c);
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'regress_nm_tt9'::regclass
  ORDER BY 1;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'regress_nm_tt9'::regclass
  ORDER BY 1;
DROP TABLE regress_nm_tt9;
