-- Collation derivation (parse_collate.c): explicit COLLATE clauses meeting (42P21 at the
-- second clause), columns with different implicit collations (42P21 where ORDER BY or a
-- set operation needs one, 42P22 when a comparison or upper() runs), the non-default
-- implicit collation beating the default, pg_collation_for, an unknown literal staying
-- unknown under COLLATE, COLLATE kept in views (pg_get_viewdef), indexes and CHECK
-- constraints, and ORDER BY ... COLLATE with the C / POSIX / default collations of the
-- C-locale database.
DROP VIEW IF EXISTS regress_coll_v;
DROP TABLE IF EXISTS regress_coll;
CREATE TABLE regress_coll (a text COLLATE "C", b text COLLATE "POSIX", c text CHECK (c COLLATE "C" > ''), d varchar(5), n int);
INSERT INTO regress_coll VALUES ('a', 'b', 'c', 'x', 1), ('B', 'é', 'E', 'y', 2), ('_a', ' z', 'e', 'Z', 3);
SELECT attname, attcollation FROM pg_attribute WHERE attrelid = 'regress_coll'::regclass AND attnum > 0 ORDER BY attnum;
SELECT 'a' COLLATE "C" < 'b' COLLATE "POSIX";
SELECT ('a' COLLATE "C" || 'x') < 'b' COLLATE "POSIX";
SELECT 'a' COLLATE "C" IN ('b' COLLATE "POSIX");
SELECT coalesce('a' COLLATE "C", 'b' COLLATE "POSIX");
SELECT CASE WHEN true THEN 'a' COLLATE "C" ELSE 'b' COLLATE "POSIX" END;
SELECT length('a' COLLATE "C" || 'b' COLLATE "POSIX");
SELECT 'a' COLLATE "C" = 'a' COLLATE "C", upper('a' COLLATE "C"), a COLLATE "C" COLLATE "POSIX" FROM regress_coll ORDER BY n;
SELECT a = b FROM regress_coll;
SELECT a < b FROM regress_coll;
SELECT upper(a || b) FROM regress_coll;
SELECT greatest(a, b) FROM regress_coll;
SELECT a IN (b) FROM regress_coll;
SELECT a < b FROM regress_coll WHERE false;
SELECT a < b COLLATE "C", a < c, a = c, a || b FROM regress_coll ORDER BY n;
SELECT (SELECT b FROM regress_coll WHERE n = 1) < a FROM regress_coll;
SELECT a FROM regress_coll WHERE a < ALL (SELECT b FROM regress_coll);
SELECT a FROM regress_coll WHERE a IN (SELECT c FROM regress_coll) ORDER BY 1;
SELECT * FROM regress_coll ORDER BY a || b;
SELECT a FROM regress_coll UNION SELECT b FROM regress_coll;
SELECT a FROM regress_coll INTERSECT SELECT b FROM regress_coll;
SELECT a FROM regress_coll UNION SELECT b COLLATE "C" FROM regress_coll ORDER BY 1;
SELECT a COLLATE "POSIX" FROM regress_coll UNION SELECT b COLLATE "C" FROM regress_coll;
SELECT a FROM regress_coll UNION SELECT c FROM regress_coll ORDER BY 1;
SELECT pg_collation_for(a), pg_collation_for(b), pg_collation_for(c), pg_collation_for(a || c), pg_collation_for(c || 'x'), pg_collation_for(a || b) FROM regress_coll WHERE n = 1;
SELECT pg_collation_for(NULL::text), pg_collation_for('a'::text), pg_collation_for('a'), pg_collation_for('a' COLLATE "C"), pg_collation_for('a'::varchar COLLATE "POSIX"), pg_collation_for(relname), pg_collation_for(ARRAY[relname]) FROM pg_class WHERE relname = 'pg_class';
SELECT pg_collation_for(1);
SELECT ('a' COLLATE "C") < 'b', pg_typeof('a' COLLATE "C"), 'a' COLLATE pg_catalog.default, ARRAY['a'] COLLATE "C", d COLLATE "C" FROM regress_coll WHERE n = 1;
SELECT n COLLATE "C" FROM regress_coll;
SELECT c COLLATE "C", count(*) FROM regress_coll GROUP BY c COLLATE "C" ORDER BY 1;
SELECT a FROM regress_coll ORDER BY a COLLATE "POSIX";
SELECT b FROM regress_coll ORDER BY b COLLATE "C" DESC;
SELECT c FROM regress_coll ORDER BY c COLLATE "default";
SELECT row_number() OVER (ORDER BY b COLLATE "C"), b FROM regress_coll ORDER BY 1;
CREATE INDEX regress_coll_i ON regress_coll (c COLLATE "C");
SELECT pg_get_indexdef('regress_coll_i'::regclass);
CREATE TABLE regress_coll_ix (c text, k text COLLATE "C");
INSERT INTO regress_coll_ix SELECT g::text, g::text FROM generate_series(1, 2000) g;
CREATE INDEX regress_coll_ix_c ON regress_coll_ix (c);
CREATE INDEX regress_coll_ix_k ON regress_coll_ix (k);
ANALYZE regress_coll_ix;
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix WHERE c = '5';
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix WHERE c = '5' COLLATE "C";
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix WHERE c COLLATE "default" = '5';
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix WHERE k = '5' COLLATE "C";
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix WHERE k = '5' COLLATE "POSIX";
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix ORDER BY c COLLATE "C" LIMIT 3;
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix ORDER BY k COLLATE "C" LIMIT 3;
EXPLAIN (COSTS OFF) SELECT * FROM regress_coll_ix ORDER BY k LIMIT 3;
SELECT * FROM regress_coll_ix WHERE c = '5' COLLATE "C";
SELECT * FROM regress_coll_ix ORDER BY c COLLATE "C" LIMIT 3;
DROP TABLE regress_coll_ix;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'regress_coll'::regclass;
CREATE VIEW regress_coll_v AS SELECT 'a' COLLATE "C" AS x, a COLLATE "POSIX" AS y, c COLLATE pg_catalog.default AS z, b AS w FROM regress_coll WHERE a < 'z' COLLATE "C" ORDER BY b COLLATE "C";
SELECT pg_get_viewdef('regress_coll_v');
SELECT pg_get_viewdef('regress_coll_v', true);
SELECT * FROM regress_coll_v;
DROP VIEW regress_coll_v;
DROP TABLE regress_coll;
