-- ALTER TYPE ... ADD VALUE BEFORE / AFTER: the new label's enumsortorder (one below the
-- first, one above the last, the float4 midpoint), the renumbering when no float4 is left
-- between two labels; hash indexes on an enum column and hashenum(extended)
CREATE TYPE planets AS ENUM ( 'venus', 'earth', 'mars' );
ALTER TYPE planets ADD VALUE 'uranus';

SELECT enumlabel, enumsortorder
FROM pg_enum
WHERE enumtypid = 'planets'::regtype
ORDER BY 2;

ALTER TYPE planets ADD VALUE 'mercury' BEFORE 'venus';
ALTER TYPE planets ADD VALUE 'saturn' BEFORE 'uranus';
ALTER TYPE planets ADD VALUE 'jupiter' AFTER 'mars';
ALTER TYPE planets ADD VALUE 'neptune' AFTER 'uranus';

SELECT enumlabel, enumsortorder
FROM pg_enum
WHERE enumtypid = 'planets'::regtype
ORDER BY 2;

SELECT enumlabel, enumsortorder
FROM pg_enum
WHERE enumtypid = 'planets'::regtype
ORDER BY enumlabel::planets;
create type insenum as enum ('L1', 'L2');

SELECT enumlabel, enumsortorder
FROM pg_enum
WHERE enumtypid = 'insenum'::regtype
ORDER BY enumsortorder;
SELECT 'i5'::insenum < 'i6'::insenum, 'L1'::insenum < 'i1'::insenum, 'i30'::insenum < 'L2'::insenum;
-- hash indexes and the hash functions
CREATE TABLE enum_hash_t (col planets);
INSERT INTO enum_hash_t SELECT (enum_range(NULL::planets))[1 + i % 8] FROM generate_series(1, 400) i;
CREATE INDEX enum_hash_i ON enum_hash_t USING hash (col);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT count(*) FROM enum_hash_t WHERE col = 'mars';
SELECT count(*) FROM enum_hash_t WHERE col = 'mars';
INSERT INTO enum_hash_t VALUES ('mars');
SELECT count(*) FROM enum_hash_t WHERE col = 'mars';
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT hashenum('venus'::planets) = hashenum('venus'::planets), hashenum('venus'::planets) = hashenum('mars'::planets),
       hashenumextended('venus'::planets, 0) = hashenumextended('venus'::planets, 0),
       (hashenumextended('venus'::planets, 0) & 4294967295) = (hashenum('venus'::planets)::bigint & 4294967295);
DROP TABLE enum_hash_t;
DROP TYPE insenum;
DROP TYPE planets;
