-- compare notices
-- plpgsql.extra_warnings / extra_errors = 'shadowed_variables': a declaration that hides
-- a parameter, an outer block's variable or an earlier one is a WARNING (at CREATE and
-- when compiled for the first call) or an ERROR (42712).
SET plpgsql.extra_warnings TO 'shadowed_variables';
CREATE FUNCTION psv_f(in1 int) RETURNS TABLE (out1 int) AS $$
DECLARE
  in1 int;
  out1 int;
BEGIN
END $$ LANGUAGE plpgsql;
SELECT psv_f(1);
DROP FUNCTION psv_f(int);
CREATE FUNCTION psv_f() RETURNS void AS $$
DECLARE
  f1 int;
BEGIN
  DECLARE
    f1 int;
  BEGIN
  END;
END $$ LANGUAGE plpgsql;
SELECT psv_f();
DROP FUNCTION psv_f();
CREATE FUNCTION psv_f(in1 int) RETURNS void AS $$
DECLARE
  in1 int;
BEGIN
  DECLARE
    in1 int;
  BEGIN
  END;
END $$ LANGUAGE plpgsql;
DROP FUNCTION psv_f(int);
CREATE FUNCTION psv_f() RETURNS void AS $$
DECLARE
  f1 int;
  c1 CURSOR (f1 int) FOR SELECT 1;
BEGIN
END $$ LANGUAGE plpgsql;
DROP FUNCTION psv_f();
DO $$ DECLARE found int; BEGIN END $$;
SET plpgsql.extra_errors TO 'shadowed_variables';
CREATE FUNCTION psv_f(f1 int) RETURNS boolean AS $$
DECLARE f1 int; BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
SELECT psv_f(1);
RESET plpgsql.extra_errors;
RESET plpgsql.extra_warnings;
CREATE FUNCTION psv_f(f1 int) RETURNS boolean AS $$
DECLARE f1 int; BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
SELECT psv_f(1);
DROP FUNCTION psv_f(int);
