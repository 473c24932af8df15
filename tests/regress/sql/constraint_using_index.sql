-- ALTER TABLE ... ADD [CONSTRAINT name] {PRIMARY KEY | UNIQUE} USING INDEX: the index's
-- checks in PostgreSQL's order and positions, the rename NOTICE, NOT NULL for a primary
-- key, a deferrable constraint, DROP CONSTRAINT dropping the index. Compared with PostgreSQL 15.
CREATE TABLE cui_t (a int, b int, c int, d int);
CREATE UNIQUE INDEX cui_a ON cui_t (a);
CREATE UNIQUE INDEX cui_b ON cui_t (b);
CREATE INDEX cui_c ON cui_t (c);
CREATE UNIQUE INDEX cui_p ON cui_t (c) WHERE c > 0;
CREATE UNIQUE INDEX cui_e ON cui_t ((c + 1));
CREATE UNIQUE INDEX cui_desc ON cui_t (d DESC);
ALTER TABLE cui_t ADD CONSTRAINT cui_a_key UNIQUE USING INDEX cui_a;
ALTER TABLE cui_t ADD UNIQUE USING INDEX cui_b;
ALTER TABLE cui_t ADD CONSTRAINT x UNIQUE USING INDEX cui_c;
ALTER TABLE cui_t ADD CONSTRAINT x UNIQUE USING INDEX cui_p;
ALTER TABLE cui_t ADD CONSTRAINT x UNIQUE USING INDEX cui_e;
ALTER TABLE cui_t ADD CONSTRAINT x UNIQUE USING INDEX cui_desc;
ALTER TABLE cui_t ADD CONSTRAINT x UNIQUE USING INDEX nosuch;
ALTER TABLE cui_t ADD CONSTRAINT x UNIQUE USING INDEX cui_a;
INSERT INTO cui_t VALUES (NULL, 1, 1, 1);
CREATE UNIQUE INDEX cui_pk ON cui_t (b);
ALTER TABLE cui_t ADD CONSTRAINT cui_primary PRIMARY KEY USING INDEX cui_pk;
UPDATE cui_t SET b = 5;
CREATE UNIQUE INDEX cui_pk2 ON cui_t (d);
ALTER TABLE cui_t ADD PRIMARY KEY USING INDEX cui_pk2;
SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'cui_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT conname, contype, conindid::regclass, condeferrable, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'cui_t'::regclass ORDER BY 1;
SELECT indexrelid::regclass, indisprimary FROM pg_index WHERE indrelid = 'cui_t'::regclass ORDER BY 1;
CREATE UNIQUE INDEX cui_df ON cui_t (c) ;
ALTER TABLE cui_t ADD CONSTRAINT cui_dfc UNIQUE USING INDEX cui_df DEFERRABLE INITIALLY DEFERRED;
SELECT conname, condeferrable, condeferred FROM pg_constraint WHERE conname = 'cui_dfc';
CREATE TABLE cui_t2 (a int);
CREATE UNIQUE INDEX cui2_a ON cui_t2 (a);
ALTER TABLE cui_t ADD CONSTRAINT y UNIQUE USING INDEX cui2_a;
ALTER TABLE cui_t DROP CONSTRAINT cui_a_key;
SELECT count(*) FROM pg_class WHERE relname = 'cui_a_key';
DROP TABLE cui_t, cui_t2;
