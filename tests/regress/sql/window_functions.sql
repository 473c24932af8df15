-- Window functions: the ranking family, lag/lead, first/last/nth_value, aggregates over
-- windows, PARTITION BY / ORDER BY, named windows, ROWS / RANGE / GROUPS frames with
-- offsets and EXCLUDE, FILTER, and PostgreSQL's errors for misplaced window functions.
DROP TABLE IF EXISTS regress_win;
CREATE TABLE regress_win (id int4, grp text, amount numeric, qty int4, day date, at timestamp, score float8);
INSERT INTO regress_win VALUES
  (1, 'a', 10.5, 3, '2024-01-01', '2024-01-01 10:00', 1.5),
  (2, 'a', 20, 3, '2024-01-02', '2024-01-01 11:30', 2.5),
  (3, 'a', NULL, 5, '2024-01-04', '2024-01-01 12:00', NULL),
  (4, 'b', 7, 1, '2024-01-01', '2024-01-02 09:00', -1),
  (5, 'b', 7, 2, NULL, NULL, 0),
  (6, 'b', 30, 2, '2024-01-03', '2024-01-02 09:45', 4.25),
  (7, NULL, 1, 9, '2024-01-05', '2024-01-03 00:00', 8),
  (8, 'c', 2, NULL, '2024-01-05', '2024-01-03 01:00', 8);
-- ranking
SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY id) FROM regress_win ORDER BY id;
SELECT id, qty, rank() OVER (ORDER BY qty), dense_rank() OVER (ORDER BY qty), percent_rank() OVER (ORDER BY qty), cume_dist() OVER (ORDER BY qty) FROM regress_win ORDER BY id;
SELECT id, ntile(3) OVER (ORDER BY id), ntile(5) OVER (PARTITION BY grp ORDER BY id), ntile(NULL) OVER () FROM regress_win ORDER BY id;
SELECT id, row_number() OVER () > 0 AS positive FROM regress_win ORDER BY id;
SELECT id, rank() OVER (ORDER BY qty DESC NULLS LAST), rank() OVER (ORDER BY qty NULLS FIRST) FROM regress_win ORDER BY id;
-- lag / lead / first_value / last_value / nth_value
SELECT id, lag(amount) OVER w, lag(amount, 2) OVER w, lag(amount, 1, 0) OVER w, lead(id) OVER w, lead(id, 3, -1) OVER w, lead(grp, 1, 'none') OVER w FROM regress_win WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, lag(id, -1) OVER (ORDER BY id), lag(id, NULL) OVER (ORDER BY id), lead(id, qty) OVER (ORDER BY id) FROM regress_win ORDER BY id;
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 2) OVER w, nth_value(id, 9) OVER w FROM regress_win WINDOW w AS (PARTITION BY grp ORDER BY id) ORDER BY id;
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 3) OVER w FROM regress_win WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
SELECT lag('x') OVER () FROM regress_win WHERE id = 1;
SELECT lag('x', 1, 'y') OVER (), first_value('x'::text) OVER () FROM regress_win WHERE id = 1;
-- aggregates over windows
SELECT id, sum(qty) OVER (ORDER BY id), count(*) OVER (PARTITION BY grp), count(amount) OVER (PARTITION BY grp), avg(amount) OVER (PARTITION BY grp), min(score) OVER (), max(day) OVER (PARTITION BY grp) FROM regress_win ORDER BY id;
SELECT id, string_agg(grp, ',') OVER (ORDER BY id), bool_and(qty > 2) OVER (ORDER BY id), json_agg(id) OVER (PARTITION BY grp ORDER BY id), jsonb_agg(qty) OVER (ORDER BY id ROWS 1 PRECEDING) FROM regress_win ORDER BY id;
SELECT id, sum(qty) FILTER (WHERE qty > 2) OVER (ORDER BY id), count(*) FILTER (WHERE grp = 'a') OVER () FROM regress_win ORDER BY id;
SELECT grp, sum(qty), rank() OVER (ORDER BY sum(qty) DESC), sum(sum(qty)) OVER (), avg(count(*)) OVER (ORDER BY grp) FROM regress_win GROUP BY grp ORDER BY grp;
SELECT id, qty * 2 + row_number() OVER (ORDER BY id) AS mixed FROM regress_win ORDER BY mixed, id;
SELECT id, row_number() OVER (ORDER BY id DESC) FROM regress_win ORDER BY row_number() OVER (ORDER BY id DESC);
SELECT DISTINCT grp, count(*) OVER (PARTITION BY grp) FROM regress_win ORDER BY grp;
SELECT id, rank() OVER (ORDER BY id) FROM regress_win ORDER BY id LIMIT 3 OFFSET 2;
SELECT * FROM (SELECT id, row_number() OVER (PARTITION BY grp ORDER BY amount DESC) AS rn FROM regress_win) s WHERE rn = 1 ORDER BY id;
SELECT count(*) OVER () FROM regress_win WHERE false;
SELECT sum(id) OVER (PARTITION BY id % 3 ORDER BY id), id % 3 FROM regress_win ORDER BY id;
SELECT id, grp, rank() OVER (ORDER BY (SELECT 1)), sum(id) OVER (ORDER BY id ROWS BETWEEN (SELECT 1) PRECEDING AND CURRENT ROW) FROM regress_win ORDER BY id;
SELECT a.id, row_number() OVER (PARTITION BY a.grp ORDER BY b.id DESC, a.id) FROM regress_win a JOIN regress_win b ON a.qty = b.qty ORDER BY 1, 2;
SELECT id, (SELECT max(r) FROM (SELECT row_number() OVER () AS r FROM regress_win i WHERE i.grp = o.grp) s) FROM regress_win o ORDER BY id;
-- a WHERE on a window function's result in an enclosing query (PostgreSQL 15 run conditions)
SELECT * FROM (SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY amount DESC NULLS LAST, id) AS rn FROM regress_win) s WHERE rn <= 2 ORDER BY grp, rn;
SELECT * FROM (SELECT id, rank() OVER (ORDER BY qty) AS r FROM regress_win) s WHERE 3 > r ORDER BY id;
SELECT * FROM (SELECT id, dense_rank() OVER (ORDER BY qty) AS r FROM regress_win) s WHERE r = 2 ORDER BY id;
SELECT * FROM (SELECT id, count(*) OVER (ORDER BY id) AS c FROM regress_win) s WHERE c < 4 AND id > 1 ORDER BY id;
SELECT * FROM (SELECT id, count(*) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS c FROM regress_win) s WHERE c > 5 ORDER BY id;
SELECT * FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn, rank() OVER (ORDER BY qty, id) AS r FROM regress_win) s WHERE rn < 7 AND r < 5 ORDER BY id;
SELECT * FROM (SELECT id, count(*) OVER (PARTITION BY grp) AS c FROM regress_win) s WHERE c > 2 ORDER BY id;
-- frames
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING), sum(id) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING), sum(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM regress_win ORDER BY id;
SELECT id, qty, sum(id) OVER (ORDER BY qty), sum(id) OVER (ORDER BY qty RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), sum(id) OVER (ORDER BY qty ROWS UNBOUNDED PRECEDING) FROM regress_win ORDER BY id;
SELECT id, qty, sum(id) OVER (ORDER BY qty RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(id) OVER (ORDER BY qty DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY qty RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM regress_win ORDER BY id;
SELECT id, amount, sum(id) OVER (ORDER BY amount RANGE BETWEEN 5 PRECEDING AND 5.5 FOLLOWING), sum(id) OVER (ORDER BY amount NULLS FIRST RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM regress_win ORDER BY id;
SELECT id, score, count(*) OVER (ORDER BY score RANGE BETWEEN 1.5 PRECEDING AND 1.5 FOLLOWING) FROM regress_win ORDER BY id;
SELECT id, day, count(*) OVER (ORDER BY day RANGE BETWEEN '1 day' PRECEDING AND '1 day' FOLLOWING), sum(id) OVER (ORDER BY day DESC RANGE BETWEEN CURRENT ROW AND interval '2 days' FOLLOWING) FROM regress_win ORDER BY id;
SELECT id, at, count(*) OVER (ORDER BY at RANGE BETWEEN '90 minutes' PRECEDING AND CURRENT ROW) FROM regress_win ORDER BY id;
SELECT id, qty, sum(id) OVER (ORDER BY qty GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(id) OVER (ORDER BY qty GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING), sum(id) OVER (ORDER BY qty GROUPS 1 PRECEDING) FROM regress_win ORDER BY id;
SELECT id, qty, sum(id) OVER (ORDER BY qty ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW), sum(id) OVER (ORDER BY qty RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP), sum(id) OVER (ORDER BY qty GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), sum(id) OVER (ORDER BY qty ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) FROM regress_win ORDER BY id;
SELECT id, first_value(id) OVER (ORDER BY qty RANGE BETWEEN CURRENT ROW AND CURRENT ROW EXCLUDE CURRENT ROW), last_value(id) OVER (ORDER BY qty ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) FROM regress_win ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY qty ROWS 1.6 PRECEDING) FROM regress_win ORDER BY id;
-- named windows
SELECT id, sum(id) OVER w, sum(id) OVER (w ORDER BY id), rank() OVER w2 FROM regress_win WINDOW w AS (PARTITION BY grp), w2 AS (w ORDER BY qty) ORDER BY id;
SELECT id, count(*) OVER (w ROWS 1 PRECEDING) FROM regress_win WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id FROM regress_win WINDOW unused AS (ORDER BY id) ORDER BY id;
SELECT id, generate_series(1, 2) AS g, row_number() OVER (ORDER BY id) FROM regress_win ORDER BY id, g;
SELECT array_agg(id ORDER BY id DESC) OVER (PARTITION BY grp) FROM regress_win ORDER BY id;
-- errors
SELECT sum(generate_series(1, 3)) OVER () FROM regress_win;
SELECT id FROM regress_win WHERE row_number() OVER () > 1;
SELECT id FROM regress_win GROUP BY row_number() OVER ();
SELECT grp FROM regress_win GROUP BY grp HAVING rank() OVER () > 1;
SELECT sum(row_number() OVER ()) FROM regress_win;
SELECT row_number() OVER (ORDER BY rank() OVER ()) FROM regress_win;
SELECT lag(lag(id) OVER ()) OVER () FROM regress_win;
SELECT lower(grp) OVER () FROM regress_win;
SELECT row_number() FROM regress_win;
SELECT count(DISTINCT id) OVER () FROM regress_win;
SELECT row_number() FILTER (WHERE id > 1) OVER () FROM regress_win;
SELECT sum(id ORDER BY id) OVER () FROM regress_win;
SELECT row_number() OVER (x) FROM regress_win;
SELECT row_number() OVER x FROM regress_win;
SELECT row_number() OVER w FROM regress_win WINDOW w AS (ORDER BY id), w AS (ORDER BY qty);
SELECT row_number() OVER (w PARTITION BY id) FROM regress_win WINDOW w AS (ORDER BY id);
SELECT row_number() OVER (w ORDER BY id) FROM regress_win WINDOW w AS (ORDER BY id);
SELECT sum(id) OVER (w ROWS 1 PRECEDING) FROM regress_win WINDOW w AS (ORDER BY id ROWS UNBOUNDED PRECEDING);
SELECT sum(id) OVER (ORDER BY id ROWS -1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM regress_win;
SELECT sum(id) OVER (ORDER BY id GROUPS -1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ORDER BY qty RANGE -1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ORDER BY grp RANGE 1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (RANGE 1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ORDER BY id, qty RANGE 1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ORDER BY day RANGE 1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (GROUPS 1 PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ROWS id PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ROWS UNBOUNDED FOLLOWING) FROM regress_win;
SELECT sum(id) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM regress_win;
SELECT sum(id) OVER (ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM regress_win;
SELECT sum(id) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM regress_win;
SELECT ntile(0) OVER () FROM regress_win;
SELECT nth_value(id, 0) OVER () FROM regress_win;
SELECT id FROM regress_win a JOIN regress_win b USING (id) JOIN regress_win c ON row_number() OVER () > 1;
SELECT id FROM regress_win LIMIT row_number() OVER ();
SELECT row_number() OVER (PARTITION BY row_number() OVER ()) FROM regress_win;
SELECT row_number() OVER () FROM regress_win FOR UPDATE;
SELECT grp, sum(qty) OVER (PARTITION BY id) FROM regress_win GROUP BY grp;
SELECT sum(qty) OVER (PARTITION BY grp) FROM regress_win GROUP BY id;
INSERT INTO regress_win (id) VALUES (row_number() OVER ());
INSERT INTO regress_win (id) VALUES (count(*));
SELECT * FROM (VALUES (1), (rank() OVER ())) v;
SELECT first_value(*) OVER () FROM regress_win;
-- EXPLAIN shapes
EXPLAIN SELECT id, row_number() OVER (PARTITION BY grp ORDER BY id), rank() OVER (PARTITION BY grp) FROM regress_win;
EXPLAIN SELECT id, row_number() OVER (ORDER BY id), rank() OVER (ORDER BY qty) FROM regress_win ORDER BY id;
EXPLAIN SELECT id, count(*) OVER () FROM regress_win ORDER BY qty;
EXPLAIN SELECT grp, count(*), rank() OVER (ORDER BY count(*) DESC) FROM regress_win GROUP BY grp;
DROP TABLE regress_win;
