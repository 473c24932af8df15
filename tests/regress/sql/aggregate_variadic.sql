-- VARIADIC user aggregates: pg_proc's provariadic / proargmodes, calls with the trailing
-- arguments spread out (gathered into the array the support functions take) or written
-- VARIADIC, ORDER BY / DISTINCT / window use, a moving implementation, and the errors.
-- Compared with PostgreSQL 15.
create function vagg_f(s int[], v int[]) returns int[] language sql as $$ select s || v $$;
create aggregate vagg(variadic int[]) (sfunc = vagg_f, stype = int[], initcond = '{}');
create function vagg_any_f(s text, a int, b text) returns text language sql as $$ select s || a || b || ';' $$;
create function vagg_any_f(s text, a int) returns text language sql as $$ select s || a || ';' $$;
create aggregate vagg_any(variadic "any") (sfunc = vagg_any_f, stype = text, initcond = '');
select proname, pronargs, provariadic::regtype, proargtypes::regtype[], proargmodes from pg_proc where proname in ('vagg', 'vagg_any') order by 1;
select pg_get_function_arguments('vagg'::regproc), pg_get_function_identity_arguments('vagg'::regproc);
create table vagg_t (a int, b int, c text);
insert into vagg_t values (1, 2, 'x'), (3, 4, 'y');
select vagg(a, b) from vagg_t;
select vagg(a) from vagg_t;
select vagg(a, b, 7) from vagg_t;
select vagg(variadic array[a, b]) from vagg_t;
select vagg(a, b order by b desc) from vagg_t;
select vagg(a, b) over (order by a) from vagg_t;
select vagg() from vagg_t;
select vagg('1', '2') from vagg_t;
select vagg(c) from vagg_t;
select vagg_any(a) from vagg_t;
select vagg_any(a, c) from vagg_t;
select vagg_any(a, b) from vagg_t;
select vagg(distinct a, b) from vagg_t;
drop aggregate vagg(variadic int[]);
drop aggregate vagg_any(variadic "any");
drop function vagg_f, vagg_any_f(text, int, text), vagg_any_f(text, int);
drop table vagg_t;
create function vagg_m_f(s int, v int[]) returns int language sql strict as $$ select s + v[1] * coalesce(v[2], 1) $$;
create function vagg_m_i(s int, v int[]) returns int language sql strict as $$ select s - v[1] * coalesce(v[2], 1) $$;
create aggregate vagg_m(variadic int[]) (sfunc = vagg_m_f, stype = int, initcond = '0', msfunc = vagg_m_f, minvfunc = vagg_m_i, mstype = int, minitcond = '0');
select g, vagg_m(g, 2) over (order by g rows between 1 preceding and current row), vagg_m(g) over (order by g rows 2 preceding) from generate_series(1, 5) g;
create aggregate vagg_bad(variadic int, int) (sfunc = vagg_m_f, stype = int);
create aggregate vagg_bad(variadic int) (sfunc = vagg_m_f, stype = int);
drop aggregate vagg_m(int[]);
drop function vagg_m_f, vagg_m_i;
create aggregate vagg_bad(variadic int[], int) (sfunc = vagg_f, stype = int[]);
