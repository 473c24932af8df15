-- DECLARE ... CURSOR in a LANGUAGE sql function: a cursor of the session over the query
-- with the function's arguments bound, read with FETCH after the call; a second DECLARE
-- of the same name is 42P03.
create temp table regress_sfc_t (s text);
insert into regress_sfc_t values ('ABa'), ('xyz'), ('ABc');
create function regress_sfc_declare(text) returns void
  as 'DECLARE regress_sfc_c CURSOR FOR SELECT s FROM regress_sfc_t WHERE s LIKE $1 ORDER BY s;'
  language sql;
begin;
select regress_sfc_declare('AB%');
fetch all from regress_sfc_c;
select name, is_holdable, is_binary, is_scrollable from pg_cursors;
select regress_sfc_declare('x%');
rollback;
begin;
select regress_sfc_declare('x%');
fetch 1 from regress_sfc_c;
close regress_sfc_c;
commit;
drop function regress_sfc_declare(text);
drop table regress_sfc_t;
