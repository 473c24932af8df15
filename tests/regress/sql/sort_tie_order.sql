-- Rows tied on every sort key come out in the order PostgreSQL's sort leaves them in:
-- its in-memory quicksort is not stable (utils/pg_qsort.py) and a sort under a LIMIT
-- keeps a bounded heap (top-N heapsort); windows and ORDER BY show it. Every ORDER BY
-- here leaves ties.
DROP TABLE IF EXISTS regress_sto_t;
CREATE TABLE regress_sto_t (id int4, four int4, ten int4, name text);
INSERT INTO regress_sto_t SELECT i, (i * 7) % 4, (i * 13) % 10, 'n' || (i % 17) FROM generate_series(1, 600) i;
SELECT id, four, ten FROM regress_sto_t WHERE id < 40 ORDER BY four;
SELECT id, four, ten FROM regress_sto_t ORDER BY ten DESC, four LIMIT 25;
SELECT id, four FROM regress_sto_t ORDER BY four NULLS FIRST LIMIT 7 OFFSET 3;
SELECT name, count(*) OVER (PARTITION BY four), id FROM regress_sto_t WHERE id < 30 ORDER BY name;
SELECT id, four, rank() OVER (PARTITION BY four ORDER BY ten), first_value(id) OVER (ORDER BY four ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM regress_sto_t WHERE id < 25;
SELECT last_value(ten) OVER (ORDER BY four), four, ten, id FROM regress_sto_t WHERE id < 12;
SELECT four, ten, id FROM regress_sto_t WHERE id < 200 ORDER BY four, ten LIMIT 12;
DROP TABLE regress_sto_t;
