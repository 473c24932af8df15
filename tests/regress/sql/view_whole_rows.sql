-- Views that use a FROM item's whole row or row constructors, printed back by
-- pg_get_viewdef as PostgreSQL prints them (t.* with its type where it would be spread,
-- ROW(...), casts to composite types, one-row VALUES); a view column may not be of
-- pseudo-type record.
CREATE TABLE vwr_item (id int, label text);
INSERT INTO vwr_item VALUES (1, 'one'), (2, 'two words');
CREATE TYPE vwr_box AS (inner_item vwr_item);
CREATE VIEW vwr_boxed AS SELECT ROW(i)::vwr_box AS boxed FROM vwr_item i;
CREATE VIEW vwr_lateral AS SELECT * FROM vwr_item i, LATERAL (VALUES (i)) v;
CREATE VIEW vwr_grouped AS
  SELECT count(i.*) AS n, row_to_json(i) AS j FROM vwr_item i GROUP BY i.*;
CREATE VIEW vwr_whole AS SELECT i, i.id FROM vwr_item i;
CREATE VIEW vwr_values AS VALUES (1, 'x'), (2, 'y');
CREATE VIEW vwr_one_row AS VALUES (3, 'z');
CREATE VIEW vwr_record AS SELECT ROW(i.id, i.label) AS r FROM vwr_item i;
SELECT pg_get_viewdef('vwr_boxed', true);
SELECT pg_get_viewdef('vwr_lateral', true);
SELECT pg_get_viewdef('vwr_grouped', true);
SELECT pg_get_viewdef('vwr_whole', true);
SELECT pg_get_viewdef('vwr_values', true);
SELECT pg_get_viewdef('vwr_one_row', true);
SELECT pg_get_viewdef('vwr_boxed', false);
SELECT * FROM vwr_boxed ORDER BY 1;
SELECT * FROM vwr_lateral ORDER BY id;
SELECT * FROM vwr_grouped ORDER BY n, j::text;
SELECT * FROM vwr_whole ORDER BY id;
DROP VIEW vwr_boxed, vwr_lateral, vwr_grouped, vwr_whole, vwr_values, vwr_one_row;
DROP TYPE vwr_box;
DROP TABLE vwr_item;
