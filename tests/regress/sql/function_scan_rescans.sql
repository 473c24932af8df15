-- A Function Scan re-run by its parent (a Nested Loop's inner side, a lateral ROWS FROM)
-- calls again only the functions that read the outer row; the others' rows are read
-- again, as PostgreSQL's per-function tuplestores are (a volatile nextval() runs once).
-- Field selection from a record is by position, so (r).* of a record with two columns
-- of one name gives both; (f()).* of a function returning an unregistered record is
-- 42809.
DROP SEQUENCE IF EXISTS regress_fsr_seq;
DROP FUNCTION IF EXISTS regress_fsr_rec();
CREATE SEQUENCE regress_fsr_seq;
SELECT * FROM (VALUES (1), (2), (3)) v(x),
  LATERAL ROWS FROM (generate_series(1, x), nextval('regress_fsr_seq')) r(a, b);
SELECT * FROM (VALUES (1), (2), (3)) v(x),
  LATERAL ROWS FROM (generate_series(1, x), nextval('regress_fsr_seq')) WITH ORDINALITY r(a, b, n);
SELECT * FROM (VALUES (1), (2), (3)) v(x), nextval('regress_fsr_seq') n;
SELECT x, (SELECT count(*) FROM generate_series(1, v.x)) FROM (VALUES (1), (2), (3)) v(x);
SELECT * FROM (VALUES (1), (2), (3)) v(x), LATERAL generate_series(1, x) g LIMIT 4;
SELECT * FROM (VALUES (1), (2)) v(x),
  LATERAL ROWS FROM (generate_series(1, x), generate_series(1, 2)) WITH ORDINALITY r(a, b, n);
SELECT (r).* FROM (SELECT r FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) r) s;
SELECT (r).* FROM (SELECT r FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) r
                   OFFSET 0) s;
SELECT (r).* FROM (SELECT r FROM (SELECT 1 a, 2 a) r OFFSET 0) s;
SELECT row((r).*) FROM (SELECT row(1, 2) r) s;
SELECT row((r).*, 3), row((r).f1) FROM (SELECT row(1, 2) r) s;
SELECT (r).* IS NULL FROM (SELECT row(1, 2) r) s;
SELECT ((r).*)::text FROM (SELECT row(1, 2) r) s;
CREATE FUNCTION regress_fsr_rec() RETURNS record LANGUAGE sql AS 'SELECT 1, 2';
SELECT (regress_fsr_rec()).*;
SELECT (regress_fsr_rec()).f1;
DROP FUNCTION regress_fsr_rec();
DROP SEQUENCE regress_fsr_seq;
