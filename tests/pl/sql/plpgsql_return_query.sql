-- RETURN QUERY [EXECUTE] of a statement that returns no rows at all (DML without
-- RETURNING, SELECT INTO, DDL): 42601 before it runs.
create temp table regress_rq_t (a int);
create function regress_rq() returns setof int as $$
begin
  return query insert into regress_rq_t values (1);
end $$ language plpgsql;
select * from regress_rq();
create or replace function regress_rq() returns setof int as $$
begin
  return query execute 'insert into regress_rq_t values (1)';
end $$ language plpgsql;
select * from regress_rq();
create or replace function regress_rq() returns setof int as $$
begin
  return query execute 'create temp table regress_rq_zz (a int)';
end $$ language plpgsql;
select * from regress_rq();
create or replace function regress_rq() returns setof int as $$
begin
  return query select 10 into regress_rq_no_such_table;
end $$ language plpgsql;
select * from regress_rq();
select * from regress_rq_no_such_table;
create or replace function regress_rq() returns setof int as $$
begin
  return query insert into regress_rq_t values (7) returning a;
end $$ language plpgsql;
select * from regress_rq();
select count(*) from regress_rq_t;
drop function regress_rq();
drop table regress_rq_t;
