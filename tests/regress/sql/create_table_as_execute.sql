-- CREATE TABLE ... AS EXECUTE a prepared statement: the statement's columns (or the
-- column list), its rows for the arguments; WITH NO DATA (tag SELECT 0), IF NOT EXISTS,
-- argument and statement errors.
create temp table ctae_t (a int, b text);
insert into ctae_t values (1, 'x'), (2, 'y'), (3, 'z');
PREPARE ctae_q5(int, text) AS SELECT * FROM ctae_t WHERE a >= $1 AND b <> $2 ORDER BY a;
CREATE TEMPORARY TABLE ctae_q5_prep_results AS EXECUTE ctae_q5(2, 'y');
SELECT * FROM ctae_q5_prep_results;
CREATE TEMPORARY TABLE ctae_q5_prep_nodata AS EXECUTE ctae_q5(1, 'y') WITH NO DATA;
SELECT * FROM ctae_q5_prep_nodata;
CREATE TEMP TABLE ctae_q5_cols (x, y) AS EXECUTE ctae_q5(1, 'q');
SELECT * FROM ctae_q5_cols;
CREATE TEMP TABLE IF NOT EXISTS ctae_q5_cols AS EXECUTE ctae_q5(1, 'q');
CREATE TEMP TABLE ctae_q5_bad AS EXECUTE ctae_q5(1);
CREATE TEMP TABLE ctae_q5_bad AS EXECUTE nosuch(1);
PREPARE ctae_q6 AS INSERT INTO ctae_t VALUES (9, 'w');
CREATE TEMP TABLE ctae_q6_bad AS EXECUTE ctae_q6;
CREATE TEMP TABLE ctae_q5_many (x, y, z) AS EXECUTE ctae_q5(1, 'q');
DEALLOCATE ctae_q5; DEALLOCATE ctae_q6;
drop table ctae_q5_prep_results, ctae_q5_prep_nodata, ctae_q5_cols, ctae_t;
