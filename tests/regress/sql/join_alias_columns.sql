-- JOIN ... AS alias (column, list): renamed columns, * and whole-row output, 42P10
DROP TABLE IF EXISTS regress_jac_a, regress_jac_b;
create table regress_jac_a(a int, b int); create table regress_jac_b(a int, c int);
insert into regress_jac_a values (1,2), (2, 3); insert into regress_jac_b values (1,3), (3, 4);
select * from (regress_jac_a join regress_jac_b using (a)) as j(x,y,z,w);
select * from (regress_jac_a join regress_jac_b using (a)) as j(x,y);
select j.a from (regress_jac_a join regress_jac_b using (a)) as j(x,y);
select j.b, c from (regress_jac_a join regress_jac_b using (a)) as j(x,y);
select j.x, j.y, c from (regress_jac_a join regress_jac_b using (a)) as j(x,y);
select x, j.* from (regress_jac_a natural full join regress_jac_b) as j(x) order by 1;
select j from (regress_jac_a join regress_jac_b using (a)) as j(x,y);
select * from (regress_jac_a left join regress_jac_b on regress_jac_a.a = regress_jac_b.a) as j(p, q, r, s) order by 1;
select p, s from (regress_jac_a cross join regress_jac_b) as j(p, q, r, s) where p = r order by 1;
select * from ((regress_jac_a join regress_jac_b using (a)) as j(x, y, z) join regress_jac_a k on k.a = j.x);
drop table regress_jac_a, regress_jac_b;
