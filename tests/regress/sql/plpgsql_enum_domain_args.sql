-- PL/pgSQL and SQL functions taking and returning enum / domain values and arrays of them
-- (a leftover of an earlier run on the same oracle must not change the answers)
DROP TYPE IF EXISTS regress_pl_mood CASCADE;
DROP DOMAIN IF EXISTS regress_pl_posint CASCADE;
create type regress_pl_mood as enum ('sad','ok','happy');
create domain regress_pl_posint as int check (value > 0);
create function fm(m regress_pl_mood) returns text language plpgsql as $$ begin return m::text || '!'; end $$;
select fm('ok');
select fm('happy'::regress_pl_mood);
create function fd(d regress_pl_posint) returns int language plpgsql as $$ begin return d + 1; end $$;
select fd(3);
select fd(-1);
create function fd2(d regress_pl_posint) returns regress_pl_posint language plpgsql as $$ begin return d - 5; end $$;
select fd2(10);
create function fa(a regress_pl_mood[]) returns int language plpgsql as $$ begin return array_length(a, 1); end $$;
select fa(array['ok','sad']::regress_pl_mood[]);
create function fs(m regress_pl_mood) returns text language sql as $$ select m::text $$;
select fs('ok');
drop function fm, fd, fd2, fa, fs;
drop domain regress_pl_posint;
drop type regress_pl_mood;

-- variables DECLAREd with those types (nested blocks, CONSTANT, arrays, DO)
create type regress_pl_mood as enum ('sad','ok','happy');
create domain regress_pl_posint as int check (value > 0);
create function fm2(m regress_pl_mood) returns regress_pl_mood language plpgsql as $$ declare x regress_pl_mood := m; begin if x = 'sad' then return 'ok'; end if; return x; end $$;
select fm2('sad'), fm2('happy');
create function fm3(n int) returns text language plpgsql as $$
declare
  a regress_pl_mood[] := '{}';
  p regress_pl_posint;
  c constant public.regress_pl_mood := 'happy';
begin
  a := a || 'ok'::regress_pl_mood || c;
  p := n;
  declare
    a int := 5;
  begin
    p := p + a;
  end;
  return array_to_string(a, ',') || ' ' || p || ' ' || pg_typeof(a) || ' ' || pg_typeof(p) || ' ' || pg_typeof(c);
end $$;
select fm3(1);
select fm3(-9);
do $$ declare m regress_pl_mood := 'sad'; d regress_pl_posint := 1; begin raise notice '% % %', m, pg_typeof(m), pg_typeof(d); d := 0; end $$;
drop function fm2, fm3;
drop domain regress_pl_posint;
drop type regress_pl_mood;

-- PL/pgSQL variables of a domain over an array, compared in CASE / NULLIF
create domain ad2 as int[];
select array_length(array[1,2,3]::ad2, 1), array_append(array[1]::ad2, 2);
create function mk_ad2(a int, b int) returns ad2 language plpgsql as $$ declare x ad2; begin x := array[a, b]; return x; end $$;
select mk_ad2(1, 2), pg_typeof(mk_ad2(1, 2));
select case mk_ad2(1, 2) when array[1,2]::ad2 then 'right' else 'wrong' end;
select nullif(mk_ad2(1, 2), array[2,3]::ad2);
drop function mk_ad2;
drop domain ad2;
