-- subscripts of point, lseg, box and line (fixed-length arrays of their parts, from 0):
-- out-of-range and extra subscripts NULL, slices refused
drop table if exists regress_pts;
select ('(1,2)'::point)[0], ('(1,2)'::point)[1], ('(1,2)'::point)[2] is null, ('[(1,2),(3,4)]'::lseg)[1], ('(3,4),(1,2)'::box)[0], ('(3,4),(1,2)'::box)[1], ('{1,2,3}'::line)[2], ('(1,2)'::point)[-1] is null, pg_typeof(('(1,2)'::point)[0]), pg_typeof(('(3,4),(1,2)'::box)[1]);
select ('(1,2)'::point)[0][0] is null, ('(3,4),(1,2)'::box)[0][1] is null, (null::point)[0] is null;
select ('(1,2)'::point)[0:1];
create table regress_pts (p point, b box);
insert into regress_pts values ('(1,5)', '(1,1),(0,0)'), ('(3,2)', '(5,5),(2,3)');
select p, p[0] + p[1] as s from regress_pts where p[0] between 0 and 2 order by p[1];
select (b[0])[0], b[1][1] from regress_pts order by 1;
drop table regress_pts;
