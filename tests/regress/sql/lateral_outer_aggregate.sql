-- An aggregate of the outer level written inside a LATERAL subquery (sum(v.x)) would be
-- evaluated in the outer level's FROM clause: 42803 at the call.
select * from (values (1),(2)) v(x), lateral (select sum(v.x) from generate_series(1,3) g) s;
select * from (values (1),(2)) v(x), lateral (select v.x, count(*) from generate_series(1,v.x) g) s order by 1;
select * from (values (1),(2)) v(x), lateral (select sum(g + v.x) from generate_series(1,3) g) s order by 1;
select * from (values (1),(2)) v(x), lateral (select (select sum(v.x)) from generate_series(1,3) g) s;
select (select sum(v.x) from (values (1)) w(y)) from (values (1),(2)) v(x);
