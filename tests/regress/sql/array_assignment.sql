-- UPDATE ... SET a[i] = v and a[lo:hi] = array: PostgreSQL's array element assignment
-- (extending a one-dimensional array with NULLs, a NULL or empty array made from the
-- subscript, slices, several dimensions, NULL elements) and its errors.
create table arr_assign (id int, a int[], t text[]);
insert into arr_assign values (1, '{1,2,3}', null), (2, null, '{x}'), (3, '{}', '{}'),
  (4, '{{1,2},{3,4}}', null), (5, '[0:1]={5,6}', '{p,q}');
update arr_assign set a[5] = 9, t[2] = 'y' where id in (1, 2, 3);
select id, a, t, array_dims(a), array_dims(t) from arr_assign order by id;
update arr_assign set a[0] = 7 where id = 1 returning a, array_dims(a);
update arr_assign set a[-2] = 1 where id = 5 returning a;
update arr_assign set a[2:3] = '{20,30}' where id = 1 returning a;
update arr_assign set a[2:3] = '{200,300,400}' where id = 1 returning a;
update arr_assign set a[1:2] = '{1}' where id = 1;
update arr_assign set a[1][2] = 22, a[2][1] = 33 where id = 4 returning a;
update arr_assign set a[1][5] = 1 where id = 4;
update arr_assign set a[3] = 1 where id = 4;
update arr_assign set a[1:1][1:2] = '{{8,9}}' where id = 4 returning a;
update arr_assign set a[null] = 1 where id = 1;
update arr_assign set a[2] = null where id = 1 returning a;
update arr_assign set t[1] = 'new', t[3] = 'three' where id = 5 returning t;
update arr_assign set a[1] = 'x' where id = 1;
update arr_assign set a[2] = a[1] + 100 where id = 1 returning a;
update arr_assign set a[1:2] = null where id = 1 returning a;
update arr_assign set a[3:4] = '{7,8}' where id = 2 returning a, array_dims(a);
update arr_assign set id[1] = 1;
insert into arr_assign (id, a[2], t[1:2]) values (6, 5, '{m,n}') returning *;
insert into arr_assign (id, a[1], a[2]) values (7, 1, 2) returning *;
insert into arr_assign (id, a[1], a) values (8, 1, '{2}');
select id, a, t from arr_assign order by id;
drop table arr_assign;
create table arr_assign2 (a int[], b int, v varchar(2)[]);
explain (verbose, costs off) update arr_assign2 set a[5] = 9, a[1:2] = '{1,2}';
explain (verbose, costs off) update arr_assign2 set a[b] = b + 1, b = 2;
insert into arr_assign2 values ('{1}', 1, '{ab}');
update arr_assign2 set v[2] = 'toolong';
update arr_assign2 set v[2] = 'cd' returning v;
drop table arr_assign2;
