-- Stored arrays take PostgreSQL's bytes (its ArrayType: header, dimensions, null bitmap,
-- elements aligned to their type), whatever the element type, NULLs, dimensions and
-- lower bounds; the values read back unchanged.
create table ast (id int, i2 int2[], i4 int4[], i8 int8[], f8 float8[], nu numeric[],
                  tx text[], vc varchar(5)[], nm name[], bo bool[], dt date[],
                  ts timestamptz[], iv interval[], uu uuid[], jb jsonb[], ch "char"[]);
insert into ast values
  (1, '{1,2,3}', '{1,2,3}', '{1,2,3}', '{1.5,2.5}', '{1.5,null,100000}', '{a,bb,ccc}',
   '{x,yy}', '{pg_class,pg_proc}', '{t,f,t}', '{2020-01-01,2021-02-03}',
   '{2020-01-01 10:00+00}', '{1 day,2 hours}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
   array['{"a":1}'::jsonb, '[1,2]'], '{a,b,c}'),
  (2, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'),
  (3, '{null,1}', '{1,null,3,null,5,null,7,null,9}', '{null}', '{1,null}', '{null,null}',
   '{null,a,null,bbbb}', '{null}', '{null,x}', '{null,t}', '{null}', '{null}', '{null}',
   '{null}', '{null}', '{null,z}'),
  (4, '{{1,2},{3,4}}', '[0:2]={7,8,9}', '{{{1}},{{2}}}', '[-1:0]={1.5,2.5}', '{{1.1},{2.2}}',
   '{{a,b},{c,d}}', '[2:2]={v}', '{{a},{b}}', '{{t},{f}}', '[5:5]={2000-01-01}', null, null,
   null, null, '{{a,b}}'),
  (5, null, array(select g from generate_series(1, 200) g), null, null, null,
   array(select 'word' || g from generate_series(1, 50) g), null, null, null, null, null,
   null, null, null, null);
select id, pg_column_size(i2) i2, pg_column_size(i4) i4, pg_column_size(i8) i8,
       pg_column_size(f8) f8, pg_column_size(nu) nu, pg_column_size(tx) tx,
       pg_column_size(vc) vc, pg_column_size(nm) nm, pg_column_size(bo) bo,
       pg_column_size(dt) dt, pg_column_size(ts) ts, pg_column_size(iv) iv,
       pg_column_size(uu) uu, pg_column_size(jb) jb, pg_column_size(ch) ch
from ast order by id;
select id, i2, i4, i8, f8, nu, tx, vc, nm, bo, dt, ts, iv, uu, jb, ch from ast where id < 5 order by id;
select id, array_length(i4, 1), i4[200], tx[50] from ast where id = 5;
select array_dims(i4), array_lower(f8, 1), i4[0], f8[-1] from ast where id = 4;
-- (a value an array function made is stored with a 4-byte header by PostgreSQL:
-- it was an expanded array; so the new values are constants here)
update ast set i4 = '{1,2,3,42}', tx = '{a,bb,ccc,dd}' where id = 1;
select i4, tx, pg_column_size(i4), pg_column_size(tx) from ast where id = 1;
select '{{ab,cd},{ef,gh}}'::varchar(1)[], '[3:4]={abc,de}'::varchar(2)[];
-- int2vector and oidvector are arrays with lower bound 0.
create index ast_idx on ast (id, i2);
select indkey, pg_column_size(indkey), pg_column_size(indclass), indkey[0], indkey[1]
from pg_index where indexrelid = 'ast_idx'::regclass;
select proargtypes, pg_column_size(proargtypes), pg_column_size(proargnames)
from pg_proc where oid = 'pg_catalog.generate_series(int4, int4, int4)'::regprocedure;
drop table ast;
