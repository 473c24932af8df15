-- A function call in FROM is one call: a set-returning function inside its arguments is
-- refused (0A000) at that inner call. A polymorphic built-in bound to a composite type
-- (unnest of a row-type array) gives the type's columns, NULL elements a row of NULLs.
-- DISTINCT ON picks each group's row before select-list SRFs multiply it.
create type ffe_pair as (a int, b text);
select * from generate_series(1, generate_series(1, 3));
select * from int4mul(generate_series(1, 2), 10);
select * from rows from (generate_series(1, 2), generate_series(1, generate_series(1, 2)));
select * from generate_series(1, 3) g, unnest(array[g, g + 1]) u order by 1, 2;
select *, row_to_json(u) from unnest(array[(1, 'foo')::ffe_pair, null::ffe_pair]) u;
select *, row_to_json(u) from unnest(array[null::ffe_pair, null::ffe_pair]) u;
select *, row_to_json(u) from unnest(array[]::ffe_pair[]) u;
select a, b, ordinality from unnest(array[(2, 'x')::ffe_pair, (3, 'y')]) with ordinality;
select * from rows from (unnest(array[(1, 'foo')::ffe_pair]), generate_series(1, 2)) with ordinality;
select u from unnest(array[(1, 'foo')::ffe_pair]) u;
select u.b from unnest(array[(1, 'foo')::ffe_pair]) u(x, y);
select u.y from unnest(array[(1, 'foo')::ffe_pair]) u(x, y);
select u, pg_typeof(u), row_to_json(u) from unnest(array[(1, 'foo')::ffe_pair]) u(x, y);
select u, pg_typeof(u) from unnest(array[(1, 'foo')::ffe_pair]) with ordinality u;
select u, pg_typeof(u) from generate_series(1, 2) u;
select distinct on (a) a, b, generate_series(1, 3) g
from (values (3, 2), (3, 1), (1, 1), (1, 4), (5, 3), (5, 1)) as t(a, b)
order by a, b desc;
select distinct on (a) a, b, generate_series(1, 3) g
from (values (3, 2), (3, 1), (1, 1), (1, 4), (5, 3), (5, 1)) as t(a, b);
select distinct on (a, b) a, b, generate_series(1, 2) g
from (values (3, 2), (3, 1), (1, 1), (1, 4), (5, 3), (5, 1)) as t(a, b)
order by a;
explain (verbose, costs off) select distinct on (a) a, b, generate_series(1, 3) g
from (values (3, 2), (3, 1), (1, 1), (1, 4), (5, 3), (5, 1)) as t(a, b)
order by a, b desc;
explain (verbose, costs off) select distinct on (a) a, b, generate_series(1, 3) g
from (values (3, 2), (3, 1), (1, 1), (1, 4), (5, 3), (5, 1)) as t(a, b);
-- a SQL function's OUT parameters filled from one record column: checked by the scan
create function ffe_out(out integer, out numeric) language sql as $$ select (1, 2.1) $$;
select * from ffe_out();
select ffe_out();
create or replace function ffe_out(out integer, out numeric) language sql as $$ select (1, 2) $$;
select * from ffe_out();
select ffe_out();
create or replace function ffe_out(out integer, out numeric) language sql as $$ select (1, 2.1, 3) $$;
select * from ffe_out();
drop function ffe_out();
create function ffe_named() returns ffe_pair language sql as $$ select 1, 'a' $$;
select * from ffe_named() as t(f1 int8, f2 int8);
select * from pg_stat_get_wal() as t(f1 int8, f2 int8);
drop function ffe_named();
drop type ffe_pair;
