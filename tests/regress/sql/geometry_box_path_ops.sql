-- box * / point, bound_box(box, box), path + path, circle * / point
select box '((0,0),(2,2))' * point '(2,0)', box '((0,0),(2,2))' * point '(0,1)', box '((1,1),(3,2))' / point '(2,0)', box '((0,0),(2,2))' / point '(1,1)';
select box '((0,0),(2,2))' / point '(0,0)';
select bound_box(box '((0,0),(1,1))', box '((2,2),(3,3))'), bound_box(box '((0,0),(5,5))', box '((1,1),(2,2))');
select path '[(0,0),(1,1)]' + path '[(2,2),(3,3)]', path '((0,0),(1,1))' + path '[(2,2),(3,3)]';
select circle '<(1,2),3>' * point '(2,0)', circle '<(1,2),3>' * point '(3,4)', circle '<(0,0),2>' / point '(2,0)', circle '<(1,1),1>' / point '(1,1)';
select circle '<(1,2),3>' / point '(0,0)';
