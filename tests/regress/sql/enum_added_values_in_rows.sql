-- Rows holding enum values added by ALTER TYPE ... ADD VALUE after the table was read
-- (its tuple decoder built), in the same session: plain and array columns, a domain
-- over the enum, comparisons, ORDER BY, a B-tree index, RENAME VALUE.
CREATE TYPE regress_ecache_mood AS ENUM ('sad', 'ok');
CREATE DOMAIN regress_ecache_dmood AS regress_ecache_mood;
CREATE TABLE regress_ecache_t (m regress_ecache_mood, a regress_ecache_mood[],
                               d regress_ecache_dmood);
INSERT INTO regress_ecache_t VALUES ('sad', '{sad}', 'sad'), ('ok', '{ok,sad}', 'ok');
CREATE INDEX regress_ecache_t_m ON regress_ecache_t (m);
SELECT * FROM regress_ecache_t ORDER BY m;
ALTER TYPE regress_ecache_mood ADD VALUE 'happy';
INSERT INTO regress_ecache_t VALUES ('happy', '{happy,ok}', 'happy');
SELECT * FROM regress_ecache_t;
SELECT m FROM regress_ecache_t WHERE m > 'sad' ORDER BY m;
ALTER TYPE regress_ecache_mood ADD VALUE 'meh' BEFORE 'ok';
INSERT INTO regress_ecache_t VALUES ('meh', '{meh}', 'meh');
SELECT * FROM regress_ecache_t ORDER BY m;
SELECT max(m), min(m), enum_range(NULL::regress_ecache_mood) FROM regress_ecache_t;
ALTER TYPE regress_ecache_mood RENAME VALUE 'sad' TO 'blue';
SELECT * FROM regress_ecache_t ORDER BY m;
SET enable_seqscan = off;
SELECT m FROM regress_ecache_t WHERE m >= 'meh' ORDER BY m;
RESET enable_seqscan;
DROP TABLE regress_ecache_t;
DROP DOMAIN regress_ecache_dmood;
DROP TYPE regress_ecache_mood;
