-- User aggregates over polymorphic SQL / PL/pgSQL support functions (bound to the
-- aggregate's types when called), and a polymorphic SQL function over CASE.
-- compare notices
DROP TABLE IF EXISTS regress_pagg_t;
CREATE FUNCTION regress_pa_stfp(anyarray) RETURNS anyarray AS 'select $1' LANGUAGE SQL;
CREATE FUNCTION regress_pa_tfp(anyarray,anyelement) RETURNS anyarray AS 'select $1 || $2' LANGUAGE SQL;
CREATE FUNCTION regress_pa_ffp(anyarray) RETURNS anyarray AS 'select $1' LANGUAGE SQL;
CREATE FUNCTION regress_pa_tfnp(int[],int) RETURNS int[] AS 'select $1 || $2' LANGUAGE SQL;
CREATE FUNCTION regress_pa_sum3(anyelement,anyelement,anyelement) returns anyelement AS 'select $1+$2+$3' language sql strict;
CREATE AGGREGATE regress_pa_myaggp20a(BASETYPE = anyelement, SFUNC = regress_pa_tfp, STYPE = anyarray, FINALFUNC = regress_pa_ffp, INITCOND = '{}');
CREATE AGGREGATE regress_pa_mysum2(anyelement,anyelement) (SFUNC = regress_pa_sum3, STYPE = anyelement, INITCOND = '0');
CREATE TABLE regress_pagg_t(f1 int, f2 int[], f3 text);
INSERT INTO regress_pagg_t values(1,array[1],'a'),(1,array[11],'b'),(2,array[2],'a'),(3,array[3],'b');
select f3, regress_pa_myaggp20a(f1) from regress_pagg_t group by f3 order by f3;
select regress_pa_mysum2(f1, f1 + 1) from regress_pagg_t;
select regress_pa_myaggp20a(f3) from regress_pagg_t;
create function regress_pa_bleat(int) returns int as $$
begin
  raise notice 'regress_pa_bleat %', $1;
  return $1;
end$$ language plpgsql;
create function regress_pa_sql_if(bool, anyelement, anyelement) returns anyelement as $$
select case when $1 then $2 else $3 end $$ language sql;
select f1, regress_pa_sql_if(f1 > 1, regress_pa_bleat(f1), regress_pa_bleat(f1 + 1)) from regress_pagg_t order by 1;
select q2, regress_pa_sql_if(q2 > 0, q2, q2 + 1) from (values (1::int8), (-5::int8)) v(q2);
create aggregate regress_pa_array_larger_accum (anyarray) (sfunc = array_larger, stype = anyarray, initcond = '{}');
select regress_pa_array_larger_accum(f2) from regress_pagg_t;
create function regress_pa_add_group(grp anyarray, ad anyelement, size integer) returns anyarray as $$
begin
  if grp is null then
    return array[ad];
  end if;
  if array_upper(grp, 1) < size then
    return grp || ad;
  end if;
  return grp;
end;
$$ language plpgsql immutable;
create aggregate regress_pa_build_group(anyelement, integer) (SFUNC = regress_pa_add_group, STYPE = anyarray);
select regress_pa_build_group(f1, 3) from regress_pagg_t;
select regress_pa_build_group(f3, 2) from regress_pagg_t;
DROP AGGREGATE regress_pa_myaggp20a(anyelement), regress_pa_mysum2(anyelement, anyelement), regress_pa_array_larger_accum(anyarray), regress_pa_build_group(anyelement, integer);
DROP FUNCTION regress_pa_stfp, regress_pa_tfp, regress_pa_ffp, regress_pa_tfnp, regress_pa_sum3, regress_pa_bleat, regress_pa_sql_if, regress_pa_add_group;
DROP TABLE regress_pagg_t;
-- polymorphic only through the final function
CREATE FUNCTION regress_pa5_ffp(anyarray) RETURNS anyarray AS 'SELECT $1' LANGUAGE SQL;
CREATE FUNCTION regress_pa5_tfnp(int[],int) RETURNS int[] AS 'SELECT $1 || $2' LANGUAGE SQL;
CREATE AGGREGATE regress_pa5_agg(BASETYPE = int, SFUNC = regress_pa5_tfnp, STYPE = int[], FINALFUNC = regress_pa5_ffp, INITCOND = '{}');
SELECT regress_pa5_agg(g), pg_typeof(regress_pa5_agg(g)) FROM generate_series(1, 3) g;
DROP AGGREGATE regress_pa5_agg(int);
DROP FUNCTION regress_pa5_ffp, regress_pa5_tfnp;
