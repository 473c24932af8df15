-- GROUP BY a table's primary key lets the query use that table's other columns ungrouped
-- (functional dependency), as ORMs do (Django: GROUP BY "author"."id" with every author
-- column selected). A unique constraint is not enough, nor a key of another table.
CREATE TABLE gpk_a (id int PRIMARY KEY, name text, x int, u int UNIQUE);
CREATE TABLE gpk_b (id serial PRIMARY KEY, a int REFERENCES gpk_a, v int);
CREATE TABLE gpk_c (a int, b int, v int, PRIMARY KEY (a, b));
INSERT INTO gpk_a VALUES (1, 'a', 10, 1), (2, 'b', 20, 2), (3, 'c', 30, 3);
INSERT INTO gpk_b (a, v) VALUES (1, 5), (1, 6), (2, 7);
INSERT INTO gpk_c VALUES (1, 1, 5), (1, 2, 6), (2, 1, 7);
SELECT gpk_a.name, gpk_a.x, count(gpk_b.id) FROM gpk_a LEFT JOIN gpk_b ON gpk_b.a = gpk_a.id
  GROUP BY gpk_a.id ORDER BY gpk_a.name;
SELECT gpk_a.*, sum(gpk_b.v) FROM gpk_a JOIN gpk_b ON gpk_b.a = gpk_a.id
  GROUP BY gpk_a.id HAVING gpk_a.x > 5 ORDER BY 1;
SELECT name, count(*) FROM gpk_a GROUP BY id ORDER BY name;
SELECT name, x * 2 AS twice FROM gpk_a GROUP BY id, x ORDER BY 1;
SELECT a, b, v, count(*) FROM gpk_c GROUP BY a, b ORDER BY a, b;
SELECT v, count(*) FROM gpk_c GROUP BY b, a HAVING v > 5 ORDER BY v;
SELECT v FROM gpk_c GROUP BY a, b ORDER BY v DESC;
SET enable_hashagg = off;
SELECT gpk_a.name, count(gpk_b.id) FROM gpk_a LEFT JOIN gpk_b ON gpk_b.a = gpk_a.id
  GROUP BY gpk_a.id ORDER BY gpk_a.name;
RESET enable_hashagg;
-- not dependent: a grouped unique column, a part of a key, the other side of a join
SELECT name FROM gpk_a GROUP BY u;
SELECT a, v FROM gpk_c GROUP BY a;
SELECT gpk_a.name, gpk_b.v FROM gpk_a JOIN gpk_b ON gpk_b.a = gpk_a.id GROUP BY gpk_a.id;
DROP TABLE gpk_b, gpk_a, gpk_c;
