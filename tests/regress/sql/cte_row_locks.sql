-- A WITH query that locks rows (FOR UPDATE / SHARE anywhere inside) is never inlined:
-- it runs once, as a CTE Scan (PostgreSQL's contain_dml counts row marks).
-- compare explain text
DROP TABLE IF EXISTS cte_fu;
create table cte_fu (f1 int, f2 int);
insert into cte_fu values (1, 2), (3, 4);
with x as (select * from (select f1 from cte_fu for update) ss) select * from x where f1 = 1;
explain (costs off) with x as (select * from cte_fu for share) select * from x where f1 = 3;
explain (costs off) with x as (select * from cte_fu where f1 in (select f1 from cte_fu for update)) select * from x;
explain (costs off) with x as (select * from cte_fu) select * from x for update;
drop table cte_fu;
