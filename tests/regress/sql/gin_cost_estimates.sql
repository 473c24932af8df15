-- compare explain text
-- gincostestimate's inputs: the metapage's counts scaled by the index's growth when
-- they can be trusted, else invented from the page count (at least 10 pages, 90% entry
-- pages of 100 entries); a query needing the whole index (i @> '{}') counts every entry
-- as searched. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS gce_empty_built, gce_loaded;
-- built empty, filled through the pending list: no counts to trust
CREATE TABLE gce_empty_built (i int4[], j int4[]);
CREATE INDEX gce_empty_built_idx ON gce_empty_built USING gin (i, j);
INSERT INTO gce_empty_built
SELECT CASE WHEN g % 5 = 0 THEN '{}' ELSE ARRAY[g % 7, g % 11] END, ARRAY[g % 13]
FROM generate_series(1, 400) g;
ANALYZE gce_empty_built;
SET enable_seqscan = off;
EXPLAIN SELECT * FROM gce_empty_built WHERE i @> '{}';
EXPLAIN SELECT * FROM gce_empty_built WHERE i @> '{3}';
EXPLAIN SELECT * FROM gce_empty_built WHERE i @> '{3}' AND j @> '{4}';
SELECT count(*) FROM gce_empty_built WHERE i @> '{3}' AND j @> '{4}';
RESET enable_seqscan;
-- built over its rows: the build's counts
CREATE TABLE gce_loaded AS
SELECT g AS seqno, ARRAY[g % 50, g % 37, g % 23] AS a FROM generate_series(1, 3000) g;
CREATE INDEX gce_loaded_idx ON gce_loaded USING gin (a) WITH (fastupdate = off);
VACUUM ANALYZE gce_loaded;
EXPLAIN SELECT * FROM gce_loaded WHERE a @> '{32}' ORDER BY seqno;
EXPLAIN SELECT count(*) FROM gce_loaded WHERE a && '{1, 2, 3}';
SELECT count(*) FROM gce_loaded WHERE a && '{1, 2, 3}';
DROP TABLE gce_empty_built, gce_loaded;
