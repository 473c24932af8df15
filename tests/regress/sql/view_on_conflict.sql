-- INSERT ... ON CONFLICT through automatically updatable views: the conflict target is
-- analysed over the view and its arbiters inferred on the base table after the rewrite
-- (parser/on_conflict.py infer_after_rewrite); DO UPDATE's SET moves to the base columns
-- and EXCLUDED becomes a base-table row seen through the view's expressions
-- (rewrite/updatable_views.py); the base table needs, as the view's owner, SELECT on every
-- column the view reads when the statement reads the view (parser/permission_info.py).
-- compare explain text
DROP TABLE IF EXISTS voc_base, voc_iocu_tab, voc_tbl CASCADE;
DROP USER IF EXISTS regress_voc_user1, regress_voc_user2;
CREATE TABLE voc_base (a int PRIMARY KEY, b text DEFAULT 'Unspecified');
CREATE VIEW voc_v15 AS SELECT a, upper(b) FROM voc_base;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT DO NOTHING;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT (a) DO NOTHING;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT (a) DO UPDATE set a = excluded.a;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT (a) DO UPDATE set upper = 'blarg';
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT (upper) DO nothing;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT ON CONSTRAINT voc_base_pkey DO nothing;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT (a) WHERE a > 0 DO nothing;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT ((a+1)) DO nothing;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT DO UPDATE SET a = 4;
INSERT INTO voc_v15 (a) VALUES (3) ON CONFLICT (nope) DO nothing;
SELECT * FROM voc_v15;
drop table voc_base cascade;
create table voc_iocu_tab (a text unique, b float);
insert into voc_iocu_tab values ('xyxyxy', 0);
create view voc_iocu_view as
   select b, b+1 as c, a, '2.0'::text as two from voc_iocu_tab;
insert into voc_iocu_view (a, b) values ('xyxyxy', 1)
   on conflict (a) do update set b = voc_iocu_view.b;
select * from voc_iocu_tab;
insert into voc_iocu_view (a, b) values ('xyxyxy', 1)
   on conflict (a) do update set b = excluded.b;
select * from voc_iocu_tab;
insert into voc_iocu_view (a, b) values ('xyxyxy', 3)
   on conflict (a) do update set b = cast(excluded.two as float);
select * from voc_iocu_tab;
insert into voc_iocu_view (a, b) values ('xyxyxy', 3)
   on conflict (a) do update set b = excluded.b where excluded.c > 0;
insert into voc_iocu_view (a, b) values ('xyxyxy', 3)
   on conflict (a) do update set b = excluded.b where excluded.c > 0;
select * from voc_iocu_tab;
EXPLAIN (costs off) insert into voc_iocu_view (a, b) values ('xyxyxy', 3)
   on conflict (a) do update set b = excluded.b where excluded.c > 0;
EXPLAIN (costs off) insert into voc_iocu_view (a, b) values ('xyxyxy', 3)
   on conflict do nothing;
drop view voc_iocu_view;
drop table voc_iocu_tab;
create table voc_iocu_tab (a int unique, b text);
create view voc_iocu_view as
    select b as bb, a as aa, voc_iocu_tab::text as cc from voc_iocu_tab;
insert into voc_iocu_view (aa,bb) values (1,'x');
insert into voc_iocu_view (aa,bb) values (1,'y')
   on conflict (aa) do update set bb = 'Rejected: '||excluded.*
   where excluded.aa > 0
   and excluded.bb != ''
   and excluded.cc is not null;
insert into voc_iocu_view (aa,bb) values (1,'y')
   on conflict (aa) do update set bb = 'Rejected: '||excluded.*
   where excluded.aa > 0
   and excluded.bb != ''
   and excluded.cc is not null;
select * from voc_iocu_view;
delete from voc_iocu_view;
insert into voc_iocu_view (aa,bb) values (1,'x');
insert into voc_iocu_view (aa) values (1)
   on conflict (aa) do update set bb = 'Rejected: '||excluded.*;
select * from voc_iocu_view;
alter table voc_iocu_tab alter column b set default 'table default';
insert into voc_iocu_view (aa) values (1)
   on conflict (aa) do update set bb = 'Rejected: '||excluded.*;
select * from voc_iocu_view;
alter view voc_iocu_view alter column bb set default 'view default';
insert into voc_iocu_view (aa) values (1)
   on conflict (aa) do update set bb = 'Rejected: '||excluded.*;
select * from voc_iocu_view;
insert into voc_iocu_view (aa) values (1)
   on conflict (aa) do update set cc = 'XXX';
drop view voc_iocu_view;
drop table voc_iocu_tab;
create user regress_voc_user1;
create user regress_voc_user2;
set session authorization regress_voc_user1;
create table voc_tbl(a int unique, b text, c float);
insert into voc_tbl values (1,'xxx',1.0);
create view voc_rw1 as select b as bb, c as cc, a as aa from voc_tbl;
grant select (aa,bb) on voc_rw1 to regress_voc_user2;
grant insert on voc_rw1 to regress_voc_user2;
grant update (bb) on voc_rw1 to regress_voc_user2;
set session authorization regress_voc_user2;
insert into voc_rw1 values ('yyy',2.0,1)
  on conflict (aa) do update set bb = excluded.cc;
insert into voc_rw1 values ('yyy',2.0,1)
  on conflict (aa) do update set bb = voc_rw1.cc;
insert into voc_rw1 values ('yyy',2.0,1)
  on conflict (aa) do update set bb = excluded.bb;
insert into voc_rw1 values ('zzz',2.0,1)
  on conflict (aa) do update set bb = voc_rw1.bb||'xxx';
insert into voc_rw1 values ('zzz',2.0,1)
  on conflict (aa) do update set cc = 3.0;
reset session authorization;
select * from voc_tbl;
set session authorization regress_voc_user1;
grant select (a,b) on voc_tbl to regress_voc_user2;
grant insert (a,b) on voc_tbl to regress_voc_user2;
grant update (a,b) on voc_tbl to regress_voc_user2;
set session authorization regress_voc_user2;
create view voc_rw2 as select b as bb, c as cc, a as aa from voc_tbl;
insert into voc_rw2 (aa,bb) values (1,'xxx')
  on conflict (aa) do update set bb = excluded.bb;
create view voc_rw3 as select b as bb, a as aa from voc_tbl;
insert into voc_rw3 (aa,bb) values (1,'xxx')
  on conflict (aa) do update set bb = excluded.bb;
insert into voc_rw2 (aa,bb) values (2,'xxx');
update voc_rw2 set bb = 'q';
update voc_rw2 set bb = 'q' where aa = 2;
update voc_rw3 set bb = 'q' where aa = 2 returning *;
delete from voc_rw3;
reset session authorization;
select * from voc_tbl;
set session authorization regress_voc_user2;
create view voc_rw4 as select aa, bb, cc FROM voc_rw1;
insert into voc_rw4 (aa,bb) values (1,'yyy')
  on conflict (aa) do update set bb = excluded.bb;
create view voc_rw5 as select aa, bb FROM voc_rw1;
insert into voc_rw5 (aa,bb) values (1,'yyy')
  on conflict (aa) do update set bb = excluded.bb;
reset session authorization;
select * from voc_tbl;
drop view voc_rw5;
drop view voc_rw4;
drop view voc_rw3;
drop view voc_rw2;
drop view voc_rw1;
drop table voc_tbl;
drop owned by regress_voc_user1, regress_voc_user2;
drop user regress_voc_user1;
drop user regress_voc_user2;
