-- Inner joins and GROUP BY with count/sum/min/max/avg.
DROP TABLE IF EXISTS regress_orders;
DROP TABLE IF EXISTS regress_customers;
CREATE TABLE regress_customers (id int4 NOT NULL, name text NOT NULL, city varchar(20));
CREATE TABLE regress_orders (id int4 NOT NULL, customer_id int4, amount numeric, weight float8, placed date);
INSERT INTO regress_customers VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cy', 'oslo'), (4, 'dee', NULL);
INSERT INTO regress_orders VALUES
    (10, 1, 5.00, 1.5, '2024-01-01'),
    (11, 1, 7.25, 2.0, '2024-01-03'),
    (12, 2, 3.10, 0.25, '2024-02-01'),
    (13, 3, 10, 4.0, '2024-02-02'),
    (14, 9, 1, 1, '2024-03-01');
SELECT c.name, o.id, o.amount FROM regress_customers c JOIN regress_orders o ON o.customer_id = c.id ORDER BY o.id;
SELECT c.name, o.amount FROM regress_customers c, regress_orders o WHERE o.customer_id = c.id AND o.amount > 4 ORDER BY c.name, o.amount;
SELECT customer_id, count(*), sum(amount), min(amount), max(amount), avg(amount) FROM regress_orders GROUP BY customer_id ORDER BY customer_id;
SELECT c.city, count(o.id) AS orders, sum(o.weight) AS weight FROM regress_customers c JOIN regress_orders o ON o.customer_id = c.id GROUP BY c.city ORDER BY c.city;
SELECT count(*), count(city), min(name), max(name) FROM regress_customers;
SELECT avg(weight), sum(weight), avg(id) FROM regress_orders;
SELECT customer_id, count(*) FROM regress_orders GROUP BY customer_id;
SELECT sum(amount) FROM regress_orders WHERE id < 0;
DROP TABLE regress_orders;
DROP TABLE regress_customers;
