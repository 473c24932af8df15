-- check_function_bodies = off skips the body checks of CREATE FUNCTION (pg_dump's scripts
-- set it).
DROP FUNCTION IF EXISTS cfb1(), cfb2(), cfb3(), cfb4();
SET check_function_bodies = off;
CREATE FUNCTION cfb1() RETURNS int LANGUAGE sql AS 'SELECT x FROM nosuch_cfb';
CREATE FUNCTION cfb2() RETURNS int LANGUAGE plpgsql AS 'begin return nosuch_cfb.x; end';
CREATE FUNCTION cfb3() RETURNS int LANGUAGE plpgsql AS 'begin retur 1; end';
CREATE FUNCTION cfb4() RETURNS int LANGUAGE sql AS 'SELEC 1';
SELECT cfb1();
RESET check_function_bodies;
DROP FUNCTION cfb1(), cfb2(), cfb3(), cfb4();
