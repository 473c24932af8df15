-- ALTER TABLE ... ALTER COLUMN ... SET / RESET (n_distinct, n_distinct_inherited): the
-- options in pg_attribute.attoptions, their checks, and ANALYZE taking n_distinct as the
-- column's distinct estimate. Compared with PostgreSQL 15.
CREATE TABLE colopt_t (a int, b text);
INSERT INTO colopt_t SELECT g % 10, 'x' FROM generate_series(1, 100) g;
ALTER TABLE colopt_t ALTER COLUMN a SET (n_distinct = 500);
ALTER TABLE colopt_t ALTER COLUMN a SET (n_distinct_inherited = -0.5, n_distinct = -0.25);
SELECT attname, attoptions FROM pg_attribute WHERE attrelid = 'colopt_t'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE colopt_t ALTER COLUMN a SET (n_distinct = -2);
ALTER TABLE colopt_t ALTER COLUMN a SET (nosuch = 1);
ALTER TABLE colopt_t ALTER COLUMN a SET (n_distinct = 'abc');
ANALYZE colopt_t;
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'colopt_t' ORDER BY attname;
ALTER TABLE colopt_t ALTER COLUMN a RESET (n_distinct_inherited, nosuch);
SELECT attoptions FROM pg_attribute WHERE attrelid = 'colopt_t'::regclass AND attname = 'a';
ALTER TABLE colopt_t ALTER COLUMN a RESET (n_distinct);
SELECT attoptions FROM pg_attribute WHERE attrelid = 'colopt_t'::regclass AND attname = 'a';
ANALYZE colopt_t;
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'colopt_t' ORDER BY attname;
ALTER TABLE colopt_t ALTER COLUMN nosuch SET (n_distinct = 1);
DROP TABLE colopt_t;
