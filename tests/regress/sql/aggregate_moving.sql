-- Moving-aggregate implementations (MSFUNC / MINVFUNC / MSTYPE / MINITCOND / MFINALFUNC) in
-- window frames whose start moves: which implementation runs (notices), rows removed by
-- the inverse function, restarts when it returns NULL or the frames do not overlap,
-- FILTER, EXCLUDE, strict functions without an initial value, and the 22004 for a
-- moving transition function returning NULL. Compared with PostgreSQL 15.
create function magg_sum_f(s int8, v int) returns int8 language plpgsql strict as $$ begin raise notice 'fwd % %', s, v; return s + v; end $$;
create function magg_sum_i(s int8, v int) returns int8 language plpgsql strict as $$ begin raise notice 'inv % %', s, v; if v < 0 then return null; end if; return s - v; end $$;
create function magg_sum_fin(s int8) returns text language sql as $$ select 'm' || s $$;
create function magg_psum_f(s int8, v int) returns int8 language sql strict as $$ select s + v $$;
create function magg_psum_fin(s int8) returns text language sql as $$ select 'p' || s $$;
create aggregate magg_sum(int) (sfunc = magg_psum_f, stype = int8, finalfunc = magg_psum_fin, initcond = '0', msfunc = magg_sum_f, minvfunc = magg_sum_i, mstype = int8, minitcond = '0', mfinalfunc = magg_sum_fin);
create table magg_t (i int, v int);
insert into magg_t values (1, 1), (2, 2), (3, null), (4, 4), (5, -5), (6, 6), (7, 7);
select i, v, magg_sum(v) over (order by i rows between 1 preceding and current row) from magg_t;
select i, v, magg_sum(v) over (order by i rows between unbounded preceding and current row) from magg_t;
select i, v, magg_sum(v) over (order by i rows between current row and 1 following) from magg_t;
select i, v, magg_sum(v) over (order by i rows between 1 preceding and 1 following exclude current row) from magg_t;
select i, v, magg_sum(v) filter (where i <> 4) over (order by i rows between 2 preceding and current row) from magg_t;
select i, magg_sum(v) over (order by i rows between 3 preceding and 2 preceding) from magg_t;
select i, magg_sum(v + (random() * 0)::int) over (order by i rows between 1 preceding and current row) from magg_t;
select i, magg_sum(v) over (order by i range between 2 preceding and 1 following) from magg_t;
select i, magg_sum(v) over (order by i groups between 1 preceding and current row) from magg_t where i > 3;
create function magg_max_f(s int, v int) returns int language sql strict as $$ select greatest(s, v) $$;
create function magg_max_i(s int, v int) returns int language sql strict as $$ select case when v < s then s end $$;
create aggregate magg_max(int) (sfunc = magg_max_f, stype = int, msfunc = magg_max_f, minvfunc = magg_max_i, mstype = int);
select i, v, magg_max(v) over (order by i rows between 2 preceding and current row) from magg_t;
create function magg_null_f(s int, v int) returns int language sql as $$ select case when v = 4 then null else coalesce(s, 0) + coalesce(v, 0) end $$;
create function magg_null_i(s int, v int) returns int language sql as $$ select s - coalesce(v, 0) $$;
create aggregate magg_null(int) (sfunc = magg_null_f, stype = int, msfunc = magg_null_f, minvfunc = magg_null_i, mstype = int);
select i, magg_null(v) over (order by i rows between 1 preceding and current row) from magg_t;
select i, magg_null(v) over (order by i) from magg_t;
drop table magg_t;
drop aggregate magg_sum(int);
drop aggregate magg_max(int);
drop aggregate magg_null(int);
drop function magg_sum_f, magg_sum_i, magg_sum_fin, magg_psum_f, magg_psum_fin, magg_max_f, magg_max_i, magg_null_f, magg_null_i;
