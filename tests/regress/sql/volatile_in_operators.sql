-- x IN (SELECT ...) whose comparison calls a volatile function (a user operator's
-- procedure is volatile unless declared otherwise) stays a SubPlan, as
-- convert_ANY_sublink_to_join refuses it; an immutable operator's becomes a semi join.
CREATE TABLE regress_vio_outer (q1 int8, q2 int8);
CREATE TABLE regress_vio_inner (c1 text, c2 text);
INSERT INTO regress_vio_outer VALUES (1, 2), (3, 4), (123, 456);
INSERT INTO regress_vio_inner VALUES ('1', 'x'), ('123', NULL), (NULL, 'y');
CREATE FUNCTION regress_vio_eq(int8, text) RETURNS boolean LANGUAGE plpgsql
  AS $$ BEGIN RETURN $1::text = $2; END $$;
CREATE OPERATOR === (PROCEDURE = regress_vio_eq, LEFTARG = int8, RIGHTARG = text);
EXPLAIN (COSTS OFF) SELECT * FROM regress_vio_outer WHERE q1 === ANY (SELECT c1 FROM regress_vio_inner);
SELECT * FROM regress_vio_outer WHERE q1 === ANY (SELECT c1 FROM regress_vio_inner) ORDER BY 1;
SELECT * FROM regress_vio_outer WHERE NOT (q1 === ANY (SELECT c1 FROM regress_vio_inner)) ORDER BY 1;
CREATE OR REPLACE FUNCTION regress_vio_eq(int8, text) RETURNS boolean LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1::text = $2; END $$;
EXPLAIN (COSTS OFF) SELECT * FROM regress_vio_outer WHERE q1 === ANY (SELECT c1 FROM regress_vio_inner);
SELECT * FROM regress_vio_outer WHERE q1 === ANY (SELECT c1 FROM regress_vio_inner) ORDER BY 1;
DROP OPERATOR === (int8, text);
DROP FUNCTION regress_vio_eq(int8, text);
DROP TABLE regress_vio_outer, regress_vio_inner;
