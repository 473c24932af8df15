-- WITH (oids = false) is accepted and ignored; WITH (oids) / (oids = true) is 0A000, an
-- oids value that is not a boolean 42601.
create table zzo() with (oids=false, fillfactor=50);
select reloptions from pg_class where relname='zzo';
create table zzo2() with (oids=true);
create table zzo2() with (oids);
create table zzo2() with (oids = maybe);
create temp table zzo3() with (OIDS=off);
drop table zzo, zzo3;
