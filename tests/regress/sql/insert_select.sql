-- INSERT multi-row VALUES with RETURNING; SELECT with WHERE, ORDER BY, LIMIT.
DROP TABLE IF EXISTS regress_items;
CREATE TABLE regress_items (id int4 NOT NULL, name text, price numeric, qty int8 DEFAULT 1);
INSERT INTO regress_items VALUES (1, 'apple', 0.50, 10), (2, 'pear', 0.75, 3), (3, 'plum', 1.20, 7);
INSERT INTO regress_items (id, name, price) VALUES (4, 'fig', 2.00), (5, NULL, NULL) RETURNING *;
INSERT INTO regress_items (id, name) VALUES (6, 'kiwi') RETURNING id, name, qty * 2 AS doubled;
SELECT * FROM regress_items ORDER BY id;
SELECT name, price FROM regress_items WHERE price > 0.6 ORDER BY price DESC;
SELECT id FROM regress_items WHERE name IS NULL;
SELECT id, name FROM regress_items ORDER BY id LIMIT 2;
SELECT id, name FROM regress_items ORDER BY id DESC LIMIT 2 OFFSET 1;
SELECT id, price * qty AS total FROM regress_items WHERE qty >= 3 AND price IS NOT NULL ORDER BY total;
SELECT count(*) FROM regress_items WHERE name LIKE 'p%';
SELECT 1.50::numeric, 2.0::float8, true, DATE '2024-01-02';
SELECT oid FROM pg_type WHERE typname = 'int4';
SELECT 1 AS one, 'two' AS two, NULL AS nothing;
DROP TABLE regress_items;
