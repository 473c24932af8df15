-- CREATE TYPE ... AS RANGE makes the explicit cast from the range type to its multirange
-- type (through the one-argument constructor), part of both types: listed in pg_cast,
-- used by CAST, dropped with the type.
CREATE TYPE regress_rmc AS RANGE (subtype = float8);
SELECT castsource::regtype, casttarget::regtype, castfunc::regprocedure, castcontext, castmethod
  FROM pg_cast WHERE castsource = 'regress_rmc'::regtype;
SELECT pg_describe_object(classid, objid, objsubid), pg_describe_object(refclassid, refobjid, refobjsubid), deptype
  FROM pg_depend WHERE classid = 'pg_cast'::regclass
   AND objid IN (SELECT oid FROM pg_cast WHERE castsource = 'regress_rmc'::regtype) ORDER BY 2;
SELECT '[1,2)'::regress_rmc::regress_rmc_multirange, CAST(regress_rmc(1, 2) AS regress_rmc_multirange);
DROP TYPE regress_rmc;
SELECT count(*) FROM pg_cast WHERE castsource::regtype::text LIKE 'regress_rmc%';
