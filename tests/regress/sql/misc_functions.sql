-- num_nulls / num_nonnulls, trim_scale / min_scale, setseed's range, current_query(),
-- pg_trigger_depth() outside and inside a trigger.
select num_nulls(1, null, 2), num_nonnulls(1, null, 2), num_nulls(null::int), num_nonnulls('a', 'b');
select trim_scale(1.500), trim_scale(1.000), trim_scale(0.00), trim_scale(-2.50), trim_scale(100), trim_scale('NaN'::numeric);
select min_scale(1.500), min_scale(1.000), min_scale(0.00), min_scale(-2.50), min_scale(100), min_scale('NaN'::numeric);
select setseed(0.5);
select setseed(2);
select current_query();
select pg_trigger_depth();
create temp table trig_depth (x int, depth int);
create function trig_depth_fn() returns trigger language plpgsql as $$ begin new.depth := pg_trigger_depth(); return new; end $$;
create trigger trig_depth_t before insert on trig_depth for each row execute function trig_depth_fn();
insert into trig_depth (x) values (1) returning x, depth;
drop table trig_depth;
drop function trig_depth_fn();
