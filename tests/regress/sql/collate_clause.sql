-- COLLATE clauses: accepted for string types and existing collations, with PostgreSQL's
-- errors otherwise (pgsnake compares strings by code point whatever the collation).
SELECT 'a' COLLATE "nope";
SELECT 1 COLLATE "C";
SELECT ('a' COLLATE "C") < 'b', pg_typeof('a' COLLATE "C"), 'a' COLLATE pg_catalog.default, 'a' COLLATE "POSIX", 'x'::varchar COLLATE "C";
SELECT relname COLLATE "C" FROM pg_class WHERE relname = 'pg_class' COLLATE pg_catalog.default;
SELECT 'a' COLLATE ucs_basic, 'b' COLLATE "default";
SELECT 'a' COLLATE nope.x;
