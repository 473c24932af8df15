-- VARIADIC anyarray / anycompatiblearray / "any" parameters, and calls that two
-- functions could take once defaults fill in or VARIADIC spreads (ambiguous).
CREATE FUNCTION vp_least(VARIADIC anyarray) RETURNS anyelement AS $$
  SELECT min($1[i]) FROM generate_subscripts($1, 1) g(i)
$$ LANGUAGE sql IMMUTABLE STRICT;
SELECT vp_least(10, 1, 20, 33), vp_least(1.1, 0.22, 0.55), vp_least('z'::text);
SELECT vp_least(VARIADIC ARRAY[1, 2, 3, 4, -1]), vp_least(VARIADIC ARRAY[1.1, -5.5]);
SELECT vp_least(VARIADIC ARRAY[]::int[]), pg_typeof(vp_least(10, 1, 20, 33));
SELECT vp_least();
SELECT provariadic::regtype FROM pg_proc WHERE proname = 'vp_least';
CREATE FUNCTION concat(text, VARIADIC anyarray) RETURNS text AS $$
  SELECT array_to_string($2, $1);
$$ LANGUAGE sql IMMUTABLE STRICT;
SELECT concat('%', 1, 2, 3, 4, 5), concat('|', 'a'::text, 'b', 'c');
SELECT concat('|', VARIADIC ARRAY[1, 2, 33]), concat('|', VARIADIC ARRAY[]::int[]);
SELECT concat('a', VARIADIC 1);
DROP FUNCTION concat(text, anyarray);
SELECT concat('|', VARIADIC ARRAY[1, 2, 33]);
CREATE FUNCTION vp_form(anyelement, VARIADIC anyarray) RETURNS anyarray AS $$
  SELECT array_prepend($1, $2);
$$ LANGUAGE sql IMMUTABLE STRICT;
SELECT vp_form(1, 2, 3, 4, 5), vp_form(1.1, VARIADIC ARRAY[1.2, 55.5]);
SELECT vp_form(1.1, ARRAY[1.2, 55.5]);
SELECT vp_form(1, 'x'::text);
SELECT vp_form(1, VARIADIC ARRAY['x'::text]);
DROP FUNCTION vp_form(anyelement, VARIADIC anyarray);
CREATE FUNCTION vp_compat(VARIADIC anycompatiblearray) RETURNS anycompatiblearray AS $$
  SELECT $1
$$ LANGUAGE sql;
SELECT x, pg_typeof(x) FROM vp_compat(11, 12) x;
SELECT x, pg_typeof(x) FROM vp_compat(11, 12.2) x;
SELECT x, pg_typeof(x) FROM vp_compat(11, '12') x;
SELECT x, pg_typeof(x) FROM vp_compat(11, '12.2') x;
SELECT x, pg_typeof(x) FROM vp_compat(VARIADIC ARRAY[11, 12.2]) x;
DROP FUNCTION vp_compat(VARIADIC anycompatiblearray);
DROP FUNCTION vp_least(VARIADIC anyarray);
-- defaults that make two functions take the same arguments
CREATE FUNCTION vp_d(int = 1, int = 2) RETURNS int AS 'SELECT 2' LANGUAGE sql;
CREATE FUNCTION vp_d(int = 1, int = 2, int = 3, int = 4) RETURNS int AS 'SELECT 4'
  LANGUAGE sql;
SELECT vp_d();
SELECT vp_d(1);
SELECT vp_d(1, 2);
SELECT vp_d(1, 2, 3), vp_d(1, 2, 3, 4);
DROP FUNCTION vp_d(int, int, int, int);
CREATE FUNCTION vp_d(text = 'x') RETURNS int AS 'SELECT 1' LANGUAGE sql;
SELECT vp_d();
SELECT vp_d('a'), vp_d(5);
DROP FUNCTION vp_d(text);
CREATE FUNCTION vp_d(int) RETURNS int AS 'SELECT 1' LANGUAGE sql;
SELECT vp_d(1);
DROP FUNCTION vp_d(int, int);
DROP FUNCTION vp_d(int);
-- a VARIADIC parameter with a default: callable with no argument for it
CREATE FUNCTION vp_v(a VARIADIC int[]) RETURNS int AS
  'SELECT array_upper($1, 1)' LANGUAGE sql;
SELECT vp_v();
SELECT vp_v(10), vp_v(10, 20);
CREATE OR REPLACE FUNCTION vp_v(a VARIADIC int[] DEFAULT '{}') RETURNS int AS
  'SELECT array_upper($1, 1)' LANGUAGE sql;
SELECT vp_v(), vp_v(10), vp_v(10, 20);
-- OR REPLACE keeps parameter names and defaults
CREATE OR REPLACE FUNCTION vp_v(a VARIADIC int[]) RETURNS int AS
  'SELECT array_upper($1, 1)' LANGUAGE sql;
CREATE OR REPLACE FUNCTION vp_v(b VARIADIC int[] DEFAULT '{}') RETURNS int AS
  'SELECT array_upper($1, 1)' LANGUAGE sql;
DROP FUNCTION vp_v(int[]);
CREATE FUNCTION vp_n(int, b int = 1, out x int) AS 'SELECT $1 + $2' LANGUAGE sql;
CREATE OR REPLACE FUNCTION vp_n(a int, b int = 1, out y int) AS 'SELECT $1 + $2'
  LANGUAGE sql;
CREATE OR REPLACE FUNCTION vp_n(int, int = 1, out x int) AS 'SELECT $1 + $2'
  LANGUAGE sql;
CREATE OR REPLACE FUNCTION vp_n(a int, c int = 1, out x int) AS 'SELECT $1 + $2'
  LANGUAGE sql;
SELECT vp_n(1), vp_n(1, b => 5);
DROP FUNCTION vp_n(int, int);
