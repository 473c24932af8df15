-- EXCLUDE constraints with GiST and B-tree indexes: catalog rows, pg_get_constraintdef,
-- conflicts on INSERT and UPDATE (23P01 with its DETAIL), NULLs, partial constraints,
-- ADD CONSTRAINT over existing rows, the operator checks. Compared with PostgreSQL 15.
CREATE TABLE excl_booking (id int, room int, during tsrange, spot box, EXCLUDE USING gist (during WITH &&));
SELECT conname, contype, conexclop, conkey, condeferrable, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'excl_booking'::regclass;
SELECT c.relname, i.indisexclusion, i.indisunique, i.indimmediate, a.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'excl_booking'::regclass;
SELECT pg_get_indexdef('excl_booking_during_excl'::regclass);
INSERT INTO excl_booking VALUES (1, 101, '[2024-01-01 10:00, 2024-01-01 12:00)', box '((0,0),(1,1))');
INSERT INTO excl_booking VALUES (2, 101, '[2024-01-01 11:00, 2024-01-01 13:00)', box '((0,0),(1,1))');
INSERT INTO excl_booking VALUES (3, 102, '[2024-01-01 12:00, 2024-01-01 13:00)', box '((0,0),(1,1))');
INSERT INTO excl_booking VALUES (4, 102, NULL, NULL), (5, 103, NULL, NULL);
INSERT INTO excl_booking VALUES (6, 104, 'empty', NULL), (7, 104, 'empty', NULL);
UPDATE excl_booking SET during = '[2024-01-01 09:00, 2024-01-01 10:30)' WHERE id = 3;
UPDATE excl_booking SET during = '[2024-01-01 13:00, 2024-01-01 14:00)' WHERE id = 3;
UPDATE excl_booking SET during = '[2024-01-01 10:30, 2024-01-01 11:00)' WHERE id = 1;
BEGIN;
DELETE FROM excl_booking WHERE id = 1;
INSERT INTO excl_booking VALUES (8, 101, '[2024-01-01 10:00, 2024-01-01 12:00)', NULL);
ROLLBACK;
INSERT INTO excl_booking SELECT 100 + g, 200, tsrange('2024-02-01'::timestamp + g * interval '1 hour', '2024-02-01'::timestamp + (g + 1) * interval '1 hour') FROM generate_series(1, 300) g;
INSERT INTO excl_booking VALUES (999, 200, '[2024-02-05 03:30, 2024-02-05 03:40)', NULL);
SELECT id, during FROM excl_booking ORDER BY id LIMIT 8;
-- ADD CONSTRAINT: the existing rows are checked
ALTER TABLE excl_booking ADD CONSTRAINT excl_spot EXCLUDE USING gist (spot WITH &&);
ALTER TABLE excl_booking ADD CONSTRAINT excl_spot EXCLUDE USING gist (spot WITH &&) WHERE (id > 2);
INSERT INTO excl_booking VALUES (10, 300, NULL, box '((0.5,0.5),(2,2))');
INSERT INTO excl_booking VALUES (1, 300, NULL, box '((0.5,0.5),(2,2))');
ALTER TABLE excl_booking ADD EXCLUDE (id WITH =);
INSERT INTO excl_booking VALUES (2, 300, NULL, NULL);
INSERT INTO excl_booking VALUES (3, 300, NULL, NULL);
ALTER TABLE excl_booking ADD EXCLUDE USING gist (during WITH =, spot WITH ~=);
-- operators that cannot be used
ALTER TABLE excl_booking ADD EXCLUDE USING btree (room WITH <>);
ALTER TABLE excl_booking ADD EXCLUDE USING gist (during WITH @>);
ALTER TABLE excl_booking ADD EXCLUDE USING gist (during WITH <<);
ALTER TABLE excl_booking ADD EXCLUDE USING gist (room WITH =);
ALTER TABLE excl_booking ADD EXCLUDE USING gist (during WITH +);
SELECT conname, contype, conexclop, conkey, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'excl_booking'::regclass ORDER BY 1;
ALTER TABLE excl_booking DROP CONSTRAINT excl_spot;
INSERT INTO excl_booking VALUES (11, 300, NULL, box '((0.5,0.5),(2,2))');
SELECT conname FROM pg_constraint WHERE conrelid = 'excl_booking'::regclass ORDER BY 1;
DROP TABLE excl_booking;
-- B-tree exclusion on an expression: found through the index's own scan
CREATE TABLE excl_names (id int, name text, EXCLUDE USING btree ((lower(name)) WITH =));
INSERT INTO excl_names SELECT g, 'Name' || g FROM generate_series(1, 200) g;
INSERT INTO excl_names VALUES (500, 'NAME17');
UPDATE excl_names SET name = 'name18' WHERE id = 18;
UPDATE excl_names SET name = 'name18' WHERE id = 19;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'excl_names'::regclass;
DROP TABLE excl_names;
-- ON CONFLICT DO NOTHING: exclusion constraints arbitrate (without a target, or named)
CREATE TABLE excl_oc (id int, during int4range, EXCLUDE USING gist (during WITH &&));
INSERT INTO excl_oc VALUES (1, '[1,5)');
INSERT INTO excl_oc VALUES (2, '[3,8)') ON CONFLICT DO NOTHING;
INSERT INTO excl_oc VALUES (3, '[6,8)'), (4, '[7,9)') ON CONFLICT DO NOTHING;
INSERT INTO excl_oc VALUES (5, '[1,2)') ON CONFLICT (id) DO NOTHING;
INSERT INTO excl_oc VALUES (6, '[2,3)') ON CONFLICT ON CONSTRAINT excl_oc_during_excl DO NOTHING;
INSERT INTO excl_oc VALUES (7, '[2,3)') ON CONFLICT ON CONSTRAINT excl_oc_during_excl DO UPDATE SET id = 0;
EXPLAIN (COSTS OFF) INSERT INTO excl_oc VALUES (8, '[20,30)') ON CONFLICT DO NOTHING;
SELECT * FROM excl_oc ORDER BY id;
DROP TABLE excl_oc;
