-- Inlining SQL set-returning functions in FROM (inline_set_returning_function): any
-- one-SELECT body of a function neither STRICT nor VOLATILE, its columns coerced to the
-- declared types and typmods; $n replaced at every level of the body.
-- compare explain text
create type ssi_pair as (f1 numeric(35,6), f2 numeric(35,2));
create function ssi_typmods() returns setof ssi_pair language sql immutable as $$
  select 7.136178319899999964, 7.136178319899999964 $$;
create function ssi_volatile() returns setof int language sql volatile as
  'select 1 union all select 2';
create function ssi_strict() returns setof int language sql stable strict as
  'select 1 union all select 2';
create function ssi_union() returns setof text language sql stable as
  $$ select 'foo'::varchar union all select 'bar'::varchar $$;
create function ssi_having(int) returns setof int language sql stable as
  'select count(*)::int from generate_series(1, $1) having count(*) > (select $1 - 10)';
select * from ssi_typmods();
explain (verbose, costs off) select * from ssi_typmods();
select * from ssi_volatile();
explain (costs off) select * from ssi_volatile();
select * from ssi_strict();
explain (costs off) select * from ssi_strict();
select * from ssi_union();
select * from ssi_having(5);
select * from ssi_having(20);
explain (costs off) select * from ssi_having(5);
create view ssi_view as select 1.5::numeric(5,2) as a, 12::numeric(5,0) as b;
select pg_get_viewdef('ssi_view');
select pg_get_viewdef('ssi_view', true);
drop view ssi_view;
drop function ssi_typmods(), ssi_volatile(), ssi_strict(), ssi_union(), ssi_having(int);
drop type ssi_pair;
