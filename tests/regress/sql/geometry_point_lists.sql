-- Input of boxes, segments, paths and polygons: the comma after a point may be left out
-- or follow the last point (path_decode); paths and polygons still count their commas.
select '(0,0)(0,100)'::box, '0,0 1,1'::box, '((0,0)(1,1))'::box, '[(0,0)(1,1)]'::lseg, '(0,0)(1,1)'::lseg;
select '((0,0)(1,1),(2,2))'::path;
select '((0,0),(1,1)(2,2),(3,3))'::path;
select '((0,0),(1,1)(2,2),(3,3))'::polygon;
select '(0,0)(1,1),'::box;
select '(0,0),,(1,1)'::box;
select '(0,0)(1,1)'::polygon;
select '(0,0)(1,1)'::path;
