-- Index and view storage parameters (reloptions) per access method: which names each
-- takes, PostgreSQL's checks of kinds, bounds and enum choices, and what pg_class keeps.
CREATE TABLE regress_iso (a int, b int4range, j jsonb);
CREATE INDEX regress_iso_bt ON regress_iso (a) WITH (fillfactor = 80, deduplicate_items = off);
CREATE INDEX regress_iso_bt2 ON regress_iso (a) WITH (fillfactor = 8);
CREATE INDEX regress_iso_bt2 ON regress_iso (a) WITH (deduplicate_items = maybe);
CREATE INDEX regress_iso_bt2 ON regress_iso (a) WITH (fillfactor = 'sixty');
CREATE INDEX regress_iso_bt2 ON regress_iso (a) WITH (fillfactor = 60, fillfactor = 70);
CREATE INDEX regress_iso_bt2 ON regress_iso (a) WITH (buffering = on);
CREATE INDEX regress_iso_bt3 ON regress_iso (a) WITH (deduplicate_items);
CREATE INDEX regress_iso_h ON regress_iso USING hash (a) WITH (fillfactor = 60);
CREATE INDEX regress_iso_h2 ON regress_iso USING hash (a) WITH (fillfactor = 6);
CREATE INDEX regress_iso_h2 ON regress_iso USING hash (a) WITH (deduplicate_items = on);
CREATE INDEX regress_iso_g ON regress_iso USING gist (b) WITH (buffering = auto, fillfactor = 90);
CREATE INDEX regress_iso_g2 ON regress_iso USING gist (b) WITH (buffering = sometimes);
CREATE INDEX regress_iso_g2 ON regress_iso USING gist (b) WITH (fillfactor = 9);
CREATE INDEX regress_iso_gin ON regress_iso USING gin (j) WITH (fastupdate = off, gin_pending_list_limit = 128);
CREATE INDEX regress_iso_gin2 ON regress_iso USING gin (j) WITH (fastupdate = tr);
CREATE INDEX regress_iso_gin3 ON regress_iso USING gin (j) WITH (gin_pending_list_limit = 10);
CREATE INDEX regress_iso_gin3 ON regress_iso USING gin (j) WITH (fastupdate = maybe);
CREATE INDEX regress_iso_gin4 ON regress_iso USING gin (j) WITH (fastupdate);
CREATE VIEW regress_iso_v WITH (check_option = local, security_barrier) AS SELECT * FROM regress_iso;
CREATE VIEW regress_iso_v2 WITH (check_option = sometimes) AS SELECT * FROM regress_iso;
CREATE VIEW regress_iso_v2 WITH (security_invoker = maybe) AS SELECT * FROM regress_iso;
ALTER VIEW regress_iso_v SET (check_option = cascaded);
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'regress_iso%' ORDER BY 1;
DROP VIEW regress_iso_v;
DROP TABLE regress_iso;
