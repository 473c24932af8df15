-- A variable's default sees the variables declared before it, not itself or later
-- ones; an error while a block's variables are initialised names the line of the
-- declaration; OPEN of a CONSTANT cursor variable that is NULL cannot store the name.
do $$
declare x int := x + 1;
begin
  raise notice 'x = %', x;
end $$;
do $$
declare y int := x + 1;
        x int := 42;
begin
  raise notice 'x = %, y = %', x, y;
end $$;
do $$
declare x int := 42;
        y int := x + 1;
begin
  raise notice 'x = %, y = %', x, y;
end $$;
do $$
<<blk>>
declare x int := 42;
begin
  declare
    x int := x + 1;
    y int := x * 2;
  begin
    raise notice 'inner x = %, y = %, outer x = %', x, y, blk.x;
  end;
end $$;
do $$
declare a int := 1;
   b int := 1/0;
begin
  raise notice 'not reached';
end $$;
do $$
declare a int := 1;
begin
  declare

     b int := a / 0;
  begin
  end;
end $$;
create temp table regress_pldecl_rc (a int);
create function regress_pldecl_const_cursor() returns refcursor as $$
declare
  rc constant refcursor;
begin
  open rc for select a from regress_pldecl_rc;
  return rc;
end $$ language plpgsql;
select regress_pldecl_const_cursor();
create or replace function regress_pldecl_const_cursor() returns refcursor as $$
declare
  rc constant refcursor := 'regress_pldecl_cursor_name';
begin
  open rc for select a from regress_pldecl_rc;
  return rc;
end $$ language plpgsql;
begin;
select regress_pldecl_const_cursor();
fetch all from regress_pldecl_cursor_name;
commit;
drop function regress_pldecl_const_cursor();
drop table regress_pldecl_rc;
