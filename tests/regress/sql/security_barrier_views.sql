-- Security-barrier views (commands/view_options.py, rewrite/view_pullup.py,
-- optimizer/append_rel.py, rewrite/updatable_views.py): WITH (security_barrier) and
-- ALTER VIEW SET / RESET stored in pg_class.reloptions, their errors, the view kept a
-- subquery so a leaky function of the outer query sees only the view's rows (leakproof
-- quals still pushed in), UPDATE / DELETE through the view with its quals first. What
-- the leaky function saw is written to sbv_seen (notices are not compared).
DROP TABLE IF EXISTS sbv_t, sbv_seen CASCADE;
DROP FUNCTION IF EXISTS sbv_leak(text), sbv_safe(int);
CREATE TABLE sbv_t (a int, b text);
INSERT INTO sbv_t SELECT g, 'r' || g FROM generate_series(1, 10) g;
CREATE TABLE sbv_seen (b text);
CREATE FUNCTION sbv_leak(text) RETURNS bool LANGUAGE plpgsql AS $$ BEGIN INSERT INTO sbv_seen VALUES ($1); RETURN true; END $$;
CREATE FUNCTION sbv_safe(int) RETURNS bool LANGUAGE sql IMMUTABLE LEAKPROOF AS $$ SELECT $1 > 0 $$;
CREATE VIEW sbv_v WITH (security_barrier) AS SELECT * FROM sbv_t WHERE a < 3;
CREATE VIEW sbv_w WITH (security_barrier = false) AS SELECT * FROM sbv_t WHERE a < 3;
CREATE VIEW sbv_c WITH (security_barrier = on) AS SELECT * FROM sbv_t WHERE a < 5 WITH LOCAL CHECK OPTION;
CREATE VIEW sbv_d WITH (check_option = cascaded, security_barrier = yes) AS SELECT * FROM sbv_t WHERE a < 5;
-- errors
CREATE VIEW sbv_x WITH (security_barrier, check_option = local) AS SELECT * FROM sbv_t WITH CASCADED CHECK OPTION;
CREATE VIEW sbv_x WITH (security_barrier = maybe) AS SELECT 1;
CREATE VIEW sbv_x WITH (security_barrier = 2) AS SELECT 1;
CREATE VIEW sbv_x WITH (security_barrier, security_barrier = false) AS SELECT 1;
CREATE VIEW sbv_x WITH (fillfactor = 10) AS SELECT 1;
CREATE VIEW sbv_x WITH (check_option = sometimes) AS SELECT * FROM sbv_t;
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'sbv\_%' ORDER BY 1;
SELECT viewname, definition FROM pg_views WHERE viewname LIKE 'sbv\_%' ORDER BY 1;
-- a leaky qual of the outer query sees only the view's rows
SELECT * FROM sbv_v WHERE sbv_leak(b) ORDER BY a;
SELECT b FROM sbv_seen ORDER BY b;
DELETE FROM sbv_seen;
EXPLAIN (COSTS OFF) SELECT * FROM sbv_v WHERE sbv_leak(b);
EXPLAIN (COSTS OFF) SELECT * FROM sbv_w WHERE sbv_leak(b);
-- leakproof quals still go into the view (and its scan)
EXPLAIN (COSTS OFF) SELECT * FROM sbv_v WHERE a = 1;
EXPLAIN (COSTS OFF) SELECT * FROM sbv_v WHERE sbv_safe(a) AND sbv_leak(b);
SELECT * FROM sbv_v WHERE a = 1;
EXPLAIN (COSTS OFF) SELECT * FROM sbv_v v JOIN sbv_t t USING (a) WHERE sbv_leak(v.b);
SELECT * FROM sbv_v v JOIN sbv_t t USING (a) WHERE sbv_leak(v.b) ORDER BY a;
SELECT b FROM sbv_seen ORDER BY b;
DELETE FROM sbv_seen;
-- UPDATE and DELETE through the view: its quals first
EXPLAIN (COSTS OFF) UPDATE sbv_v SET b = b || 'u' WHERE sbv_leak(b);
UPDATE sbv_v SET b = b || 'u' WHERE sbv_leak(b);
EXPLAIN (COSTS OFF) DELETE FROM sbv_v WHERE sbv_leak(b);
DELETE FROM sbv_v WHERE sbv_leak(b) AND a = 2;
SELECT b FROM sbv_seen ORDER BY b;
SELECT * FROM sbv_t ORDER BY a;
INSERT INTO sbv_c VALUES (9, 'no');
-- ALTER VIEW / ALTER TABLE SET and RESET
ALTER VIEW sbv_w SET (security_barrier);
SELECT reloptions FROM pg_class WHERE relname = 'sbv_w';
EXPLAIN (COSTS OFF) SELECT * FROM sbv_w WHERE sbv_leak(b);
ALTER VIEW sbv_w SET (security_barrier = off, check_option = local);
SELECT reloptions FROM pg_class WHERE relname = 'sbv_w';
EXPLAIN (COSTS OFF) SELECT * FROM sbv_w WHERE sbv_leak(b);
ALTER VIEW sbv_w RESET (security_barrier, nosuch);
SELECT reloptions FROM pg_class WHERE relname = 'sbv_w';
ALTER VIEW sbv_w RESET (check_option);
SELECT reloptions FROM pg_class WHERE relname = 'sbv_w';
ALTER VIEW sbv_w SET (security_barrier = maybe);
ALTER VIEW sbv_w SET (fillfactor = 10);
ALTER VIEW sbv_w RESET (security_barrier = true);
ALTER TABLE sbv_w SET (security_barrier = true);
SELECT reloptions FROM pg_class WHERE relname = 'sbv_w';
ALTER TABLE sbv_t SET (security_barrier = false);
CREATE VIEW sbv_g AS SELECT a, count(*) FROM sbv_t GROUP BY a;
ALTER VIEW sbv_g SET (check_option = local);
ALTER VIEW sbv_g SET (security_barrier);
SELECT reloptions FROM pg_class WHERE relname = 'sbv_g';
-- CREATE OR REPLACE VIEW replaces the options
CREATE OR REPLACE VIEW sbv_v AS SELECT * FROM sbv_t WHERE a < 3;
SELECT reloptions FROM pg_class WHERE relname = 'sbv_v';
CREATE OR REPLACE VIEW sbv_v WITH (security_barrier = true) AS SELECT * FROM sbv_t WHERE a < 3;
SELECT reloptions FROM pg_class WHERE relname = 'sbv_v';
DROP VIEW sbv_v, sbv_w, sbv_c, sbv_d, sbv_g;
DROP TABLE sbv_t, sbv_seen;
DROP FUNCTION sbv_leak(text), sbv_safe(int);
