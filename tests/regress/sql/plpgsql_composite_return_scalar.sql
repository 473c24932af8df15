-- A PL/pgSQL function returning a composite type or record refuses a scalar RETURN
-- value (42804), where it used to fail inside the executor.
create type pl_ct as (x int, y varchar);
create function pl_ct_f() returns pl_ct as $$ begin return 1 + 1; end $$ language plpgsql;
select pl_ct_f();
select * from pl_ct_f();
create or replace function pl_ct_f() returns pl_ct as $$ begin return (1, 'a'::varchar); end $$ language plpgsql;
select * from pl_ct_f();
create function pl_ct_r() returns record as $$ begin return 5.5; end $$ language plpgsql;
select pl_ct_r();
drop function pl_ct_r();
drop function pl_ct_f();
drop type pl_ct;
