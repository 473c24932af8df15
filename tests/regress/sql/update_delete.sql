-- UPDATE and DELETE, with RETURNING, and what later SELECTs see.
DROP TABLE IF EXISTS regress_stock;
CREATE TABLE regress_stock (id int4 NOT NULL, item text, qty int4 DEFAULT 0);
INSERT INTO regress_stock VALUES (1, 'bolt', 5), (2, 'nut', 8), (3, 'gear', 0), (4, 'cog', 2);
UPDATE regress_stock SET qty = qty + 1 WHERE id <= 2;
UPDATE regress_stock SET item = upper(item) WHERE qty = 0 RETURNING id, item;
UPDATE regress_stock SET qty = 100 WHERE id = 99;
SELECT * FROM regress_stock ORDER BY id;
DELETE FROM regress_stock WHERE qty < 3;
DELETE FROM regress_stock WHERE id = 2 RETURNING *;
SELECT * FROM regress_stock ORDER BY id;
UPDATE regress_stock SET qty = NULL;
SELECT id, qty FROM regress_stock ORDER BY id;
DELETE FROM regress_stock;
SELECT count(*) FROM regress_stock;
DROP TABLE regress_stock;
