-- tablefunc 1.0: crosstab(text), crosstab(text, int), crosstab(text, text) and
-- crosstab2/3/4 pivots (groups, NULL row names, missing and extra values, categories,
-- extra columns, conversions), their errors, normal_rand's count and spread.
-- Compared with PostgreSQL 15 (connectby is not implemented: not called here).
DROP TABLE IF EXISTS regress_ct;
DROP EXTENSION IF EXISTS tablefunc;
CREATE EXTENSION tablefunc;
SELECT p.oid::regprocedure, p.provolatile, p.proisstrict, p.proretset, pg_get_function_result(p.oid) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'tablefunc' ORDER BY p.oid::regprocedure::text;
SELECT t.typname, (SELECT string_agg(a.attname || ' ' || a.atttypid::regtype, ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid) FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'tablefunc' ORDER BY 1;
CREATE TABLE regress_ct (id serial, rowclass text, rowid text, attribute text, val text);
INSERT INTO regress_ct (rowclass, rowid, attribute, val) VALUES ('group1','test1','att1','val1'),('group1','test1','att2','val2'),('group1','test1','att3','val3'),('group1','test1','att4','val4'),('group1','test2','att1','val5'),('group1','test2','att2','val6'),('group1','test2','att3','val7'),('group1','test2','att4','val8'),('group2','test3','att1','val1'),('group2','test3','att2','val2'),('group2','test3','att3','val3'),('group2','test4','att1','val4'),('group2','test4','att2','val5'),('group2','test4','att3','val6'),('group1',NULL,'att1','val9'),('group1',NULL,'att2','val10'),('group2',NULL,'att1','val11');
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct where rowclass = ''group1'' order by 1,2') AS c(rowid text, a1 text, a2 text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct order by 1,2,3') AS c(rowid text, a1 text, a2 text, a3 text, a4 text, a5 text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct order by 1,2,3', 2) AS c(rowid text, a1 text, a2 text);
SELECT * FROM crosstab2('select rowid, attribute, val from regress_ct where rowclass = ''group1'' order by 1,2');
SELECT * FROM crosstab3('select rowid, attribute, val from regress_ct where rowclass = ''group2'' order by 1,2');
SELECT * FROM crosstab4('select rowid, attribute, val from regress_ct order by 1,2,3');
SELECT * FROM crosstab('select rowid, rowclass, attribute, val from regress_ct order by 1, 3', 'select distinct attribute from regress_ct order by 1') AS c(rowid text, rowclass text, att1 text, att2 text, att3 text, att4 text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct order by 1, 2, 3', 'select distinct attribute from regress_ct order by 1 desc') AS c(rowid text, a4 text, a3 text, a2 text, a1 text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct where false') AS c(rowid int, a1 text);
SELECT * FROM crosstab('select 1::int, ''a'', 10::int union all select 1, ''b'', 20 union all select 2, ''a'', 30') AS c(r int, a int, b int);
SELECT * FROM crosstab('select 1, ''a'', 2 union all select 1, ''b'', 3 union all select 1, ''c'', 4 union all select 2, ''a'', 5') AS c(rowid int, a int, b int);
SELECT * FROM crosstab('select 1, ''a'', NULL::int union all select 1, ''b'', 3') AS c(rowid int, a int, b int);
SELECT * FROM crosstab('select 1, ''a'', 2', 'select ''a''') AS c(rowid text, a numeric);
SELECT * FROM crosstab('select 1, 5, 2', 'select 5') AS c(rowid int, a int);
SELECT * FROM crosstab('select 1, ''a'', 2 where false', 'select ''a''') AS c(rowid int, a int, b int);
SELECT * FROM crosstab('select 1, ''a'', 2 union all select 1, ''b'', 3 union all select 1, ''a'', 4 union all select 2, ''z'', 5 union all select 1, ''b'', 6', 'select ''a'' union all select ''b''') AS c(rowid int, a int, b int);
SELECT * FROM crosstab('select 1, NULL::text, 2 union all select 1, ''a'', 3', 'select ''a''') AS c(rowid int, a int);
SELECT * FROM crosstab(NULL) AS c(rowid int, a int);
SELECT * FROM crosstab('select 1, ''a'', 2', NULL) AS c(rowid int, a int);
SELECT count(*), avg(x) BETWEEN 90 AND 110, stddev(x) BETWEEN 3 AND 7 FROM normal_rand(1000, 100, 5) x;
SELECT * FROM normal_rand(0, 1, 1);
-- errors
SELECT * FROM crosstab('select rowid, attribute from regress_ct') AS c(rowid text, a1 text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct') AS c(rowid int, a1 text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct') AS c(rowid text, a1 int);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct') AS c(rowid text);
SELECT * FROM crosstab('select 1, ''a'', 2, 3') AS c(rowid int, a int);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct order by 1', 'select distinct attribute from regress_ct') AS c(rowid text, a text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct order by 1', 'select distinct attribute, 1 from regress_ct') AS c(rowid text, a text);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct order by 1', 'select null::text') AS c(rowid text, a text);
SELECT * FROM crosstab('select rowid, val from regress_ct order by 1', 'select attribute from regress_ct') AS c(rowid text, a text);
SELECT * FROM crosstab('select 1, ''a'', 2', 'select ''a'' where false') AS c(rowid int, a int);
SELECT * FROM crosstab('select 1, ''a''', 'select ''a''') AS c(rowid int, a int);
SELECT * FROM crosstab('select 1, ''a'', 2.5', 'select ''a''') AS c(rowid text, a int);
SELECT * FROM crosstab('select 1, ''a'', 2', 'select ''a''') AS c(rowid int, a int, b int);
SELECT * FROM normal_rand(-3, 1, 1);
SELECT * FROM crosstab('select rowid, attribute, val from regress_ct');
DROP TABLE regress_ct;
DROP EXTENSION tablefunc;
