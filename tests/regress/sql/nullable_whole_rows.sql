-- whole-row references to DISTINCT / set-operation subqueries, functions, VALUES and
-- CTEs on the nullable side of outer joins: NULL for a NULL-extended row
create table wa (a int);
insert into wa values (1),(2);
select wa.a, s, s is null as isnull from wa left join (select distinct a from wa where a = 1) s on s.a = wa.a order by 1;
select wa.a, s, s is null from wa left join (select a from wa where a = 1 union select 5) s on s.a = wa.a order by 1;
select wa.a, f, f is null from wa left join generate_series(1, 1) f on f = wa.a order by 1;
select wa.a, f, f is null from wa left join generate_series(1, 1) with ordinality f on f.f = wa.a order by 1;
select wa.a, v, v is null from wa left join (values (1, 'x')) v(x, y) on v.x = wa.a order by 1;
with c as (select 1 as x, null::text as y) select wa.a, c, c is null from wa left join c on c.x = wa.a order by 1;
select wa.a, row_to_json(v) from wa left join (values (1, 'x')) v(x, y) on v.x = wa.a order by 1;
select wa.a, v from (values (1, 'x')) v(x, y) right join wa on v.x = wa.a order by 1;
select wa.a, v from (values (1, 'x')) v(x, y) full join wa on v.x = wa.a order by 1;
select (select count(*) from wa left join (values (1)) v(x) on v.x = wa.a where v is null);
select wa.a, s from wa left join (select distinct a, 1 as k from wa where a = 1 order by a) s on s.a = wa.a order by 1;
select wa.a, s from wa left join (select distinct on (a) a, 1 as k from wa where a = 1 order by a) s on s.a = wa.a order by 1;
drop table wa;
