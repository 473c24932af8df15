-- A FROM item's whole row referenced from a subquery (by its bare name or as t.*).
DROP VIEW IF EXISTS regress_owr_v;
DROP TABLE IF EXISTS regress_owr;
CREATE TABLE regress_owr (f1 int, f2 text);
INSERT INTO regress_owr VALUES (0, 'a'), (1, NULL), (-5, 'c'), (123456, 'd');
CREATE VIEW regress_owr_v AS SELECT * FROM regress_owr WHERE f1 BETWEEN -5 AND 5;
SELECT (SELECT regress_owr_v) FROM regress_owr_v ORDER BY 1;
SELECT (SELECT (SELECT regress_owr_v)) FROM regress_owr_v ORDER BY 1;
SELECT (SELECT (a.*)::text) FROM regress_owr_v a ORDER BY 1;
SELECT (SELECT t) FROM regress_owr t ORDER BY 1;
SELECT (SELECT t.*::text) FROM regress_owr t ORDER BY 1;
SELECT count(*) FROM regress_owr t WHERE EXISTS (SELECT 1 WHERE t IS NOT NULL);
SELECT (SELECT row_to_json(t)) FROM regress_owr t ORDER BY 1;
SELECT * FROM regress_owr t, LATERAL (SELECT t) s ORDER BY 1;
SELECT * FROM regress_owr t WHERE (SELECT t) = row(0, 'a'::text);
SELECT (SELECT nosuch) FROM regress_owr t;
DROP VIEW regress_owr_v;
DROP TABLE regress_owr;
