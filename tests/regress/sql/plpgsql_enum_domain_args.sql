-- PL/pgSQL and SQL functions taking and returning enum / domain values and arrays of them
create type mood as enum ('sad','ok','happy');
create domain posint as int check (value > 0);
create function fm(m mood) returns text language plpgsql as $$ begin return m::text || '!'; end $$;
select fm('ok');
select fm('happy'::mood);
create function fd(d posint) returns int language plpgsql as $$ begin return d + 1; end $$;
select fd(3);
select fd(-1);
create function fd2(d posint) returns posint language plpgsql as $$ begin return d - 5; end $$;
select fd2(10);
create function fa(a mood[]) returns int language plpgsql as $$ begin return array_length(a, 1); end $$;
select fa(array['ok','sad']::mood[]);
create function fs(m mood) returns text language sql as $$ select m::text $$;
select fs('ok');
drop function fm, fd, fd2, fa, fs;
drop domain posint;
drop type mood;
