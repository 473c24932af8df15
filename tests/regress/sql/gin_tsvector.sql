-- GIN tsvector_ops: a tsvector column indexed with GIN answers @@ / @@@ through Bitmap
-- Index Scans (AND, OR, NOT-at-the-top and prefix queries read every row and recheck;
-- weights and phrases recheck), after inserts, deletes and VACUUM.
DROP TABLE IF EXISTS regress_gin_ts;
CREATE TABLE regress_gin_ts (id int, body text, tsv tsvector) WITH (autovacuum_enabled = off);
INSERT INTO regress_gin_ts SELECT g, 'document number ' || g || CASE WHEN g % 7 = 0 THEN ' about cats and dogs' WHEN g % 11 = 0 THEN ' running quickly' ELSE ' plain text' END, NULL FROM generate_series(1, 2000) g;
UPDATE regress_gin_ts SET tsv = to_tsvector('english', body);
INSERT INTO regress_gin_ts VALUES (3001, '', ''), (3002, NULL, NULL);
CREATE INDEX regress_gin_ts_idx ON regress_gin_ts USING gin (tsv);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat & dog');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat & dog');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat | run');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'run & !cat');
SELECT count(*) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', '!cat');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'run:*');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat <-> dog');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat:A');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ plainto_tsquery('english', 'the documents about cats');
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@@ to_tsquery('english', 'dogs');
INSERT INTO regress_gin_ts VALUES (4000, 'a new cat arrives', to_tsvector('english', 'a new cat arrives'));
DELETE FROM regress_gin_ts WHERE id BETWEEN 1 AND 100;
VACUUM regress_gin_ts;
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat');
RESET enable_seqscan;
SELECT count(*), sum(id) FROM regress_gin_ts WHERE tsv @@ to_tsquery('english', 'cat');
DROP TABLE regress_gin_ts;
