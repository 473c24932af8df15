-- COPY FROM ... WHERE refuses what PostgreSQL's EXPR_KIND_COPY_WHERE refuses (aggregates
-- 42803, window functions 42P20, set-returning functions and subqueries 0A000, each in its
-- words), a repeated convert_selectively is 42601 and a non-list one 22023; a non-boolean
-- condition (in WHERE, ON and HAVING too) is 42804 at the start of the expression.
DROP TABLE IF EXISTS regress_cw;
CREATE TABLE regress_cw (a int, b int, c text);
COPY regress_cw from stdin (convert_selectively (a), convert_selectively (b));
\.
COPY regress_cw from stdin (convert_selectively a);
\.
COPY regress_cw from stdin WHERE a = max(regress_cw.b);
\.
COPY regress_cw from stdin WHERE a IN (SELECT 1 FROM regress_cw);
\.
COPY regress_cw from stdin WHERE a IN (generate_series(1,5));
\.
COPY regress_cw from stdin WHERE a = row_number() over(b);
\.
COPY regress_cw from stdin WHERE nosuch = 1;
\.
COPY regress_cw from stdin WHERE a + 1;
\.
COPY regress_cw from stdin WHERE c = 1;
\.
select 1 from regress_cw where a + 1;
select 1 from regress_cw where 1 + a;
select 1 from regress_cw where (a)::int;
select 1 from regress_cw where coalesce(a, 1);
select 1 from regress_cw join regress_cw y on regress_cw.a + y.a;
select 1 from regress_cw group by a having a + 1;
DROP TABLE regress_cw;
