-- geometric distances (<->) between every pair of types PostgreSQL 15 has, closest
-- points (##), intersections, containment, positions, path arithmetic
set extra_float_digits = -3;
drop table if exists regress_geo;
create table regress_geo (id int, p point, s lseg, l line, b box, pa path, po polygon, c circle);
insert into regress_geo values
 (1, '(0,0)', '[(1,1),(4,5)]', '{1,-1,0}', '(2,2),(0,0)', '[(0,0),(3,0),(4,5)]', '((0,0),(4,0),(4,4),(0,4))', '<(5,5),1>'),
 (2, '(-3,4)', '[(-10,2),(-10,3)]', '{0,-1,3}', '(-2,2),(-8,-10)', '((1,2),(3,4))', '((1,2),(7,8),(5,6),(3,-4))', '<(1,2),3>'),
 (3, '(5.1,34.5)', '[(0,-20),(30,-20)]', '{-1,0,1}', '(3,3),(1,1)', '[(11,12),(13,14)]', '((3,1),(3,3),(1,0))', '<(100,200),10>'),
 (4, '(10,10)', '[(1,2),(3,4)]', '{-0.4,-1,-6}', '(2.5,3.5),(2.5,2.5)', '((0,0),(10,0),(10,10))', '((2,0),(2,4),(0,0))', '<(3,5),0>');
select a.id, b.id, a.s <-> b.l as sl, b.l <-> a.s as ls, a.s <-> b.b as sb, b.b <-> a.s as bs, a.s <-> b.s as ss, a.l <-> b.l as ll from regress_geo a, regress_geo b order by 1, 2;
select a.id, b.id, a.p <-> b.pa as ppath, b.pa <-> a.p as pathp, a.pa <-> b.pa as pathpath, a.p <-> b.po as ppoly, b.po <-> a.p as polyp, a.po <-> b.po as polypoly, a.c <-> b.po as cpoly, b.po <-> a.c as polyc from regress_geo a, regress_geo b order by 1, 2;
select a.id, b.id, a.p ## b.l as pl, a.p ## b.s as ps, a.p ## b.b as pb, a.s ## b.b as sb, a.l ## b.s as ls, a.s ## b.s as ss from regress_geo a, regress_geo b order by 1, 2;
select a.id, b.id, a.s ?# b.b as sb, a.l ?# b.b as lb, a.pa ?# b.pa as pathpath, a.b # b.b as boxes, a.s <@ b.l as on_sl, a.s <@ b.b as on_sb, a.p <@ b.pa as on_ppath, b.pa @> a.p as path_contains from regress_geo a, regress_geo b order by 1, 2;
select a.id, b.id, a.po << b.po, a.po &< b.po, a.po &> b.po, a.po >> b.po, a.po <<| b.po, a.po &<| b.po, a.po |&> b.po, a.po |>> b.po from regress_geo a, regress_geo b order by 1, 2;
select a.id, b.id, a.c << b.c, a.c &< b.c, a.c &> b.c, a.c >> b.c, a.c <<| b.c, a.c &<| b.c, a.c |&> b.c, a.c |>> b.c from regress_geo a, regress_geo b order by 1, 2;
select a.id, b.id, a.s < b.s, a.s <= b.s, a.s > b.s, a.s >= b.s, a.l = b.l from regress_geo a, regress_geo b order by 1, 2;
select pa + p, pa - p, pa * p, pa / point '(2,1)' from regress_geo order by id;
select pa / point '(0,0)' from regress_geo where id = 1;
select '{nan, 1, nan}'::line = '{nan, 1, nan}'::line, '{nan, 1, nan}'::line = '{nan, 2, nan}'::line, '{1,2,3}'::line = '{2,4,6}'::line;
select isvertical(point '(1,1)', point '(1,2)'), ishorizontal(point '(1,1)', point '(1,2)'), isvertical(lseg '[(1,1),(1,2)]'), ishorizontal(line '{0,1,2}');
-- points: out-of-range coordinates, one point twice is no line
select point '(10.0, 1e+500)';
select point '(1e-400, 1)';
select box '(1e500,1),(2,3)';
select line(point '(1,0)', point '(1,0)');
drop table regress_geo;
reset extra_float_digits;
select poly_center(polygon '((0,0),(2,2),(2,0))'), poly_center(polygon '((1,2),(7,8),(5,6),(3,-4))'), center(polygon '((0,0),(2,2),(2,0))');
