-- the functions behind the range and multirange operators, called by name
select range_adjacent(numrange(1,2), numrange(2,3)), range_overlaps_multirange(numrange(1,2), nummultirange(numrange(1,3))), range_contained_by_multirange(numrange(1,2), nummultirange(numrange(0,3)));
select range_union(int4range(1,3), int4range(2,5)), range_intersect(int4range(1,3), int4range(2,5)), range_contains_elem(int4range(1,3), 2), elem_contained_by_range(2, int4range(1,3)), range_before(int4range(1,2), int4range(3,4));
select range_minus(numrange(1,5), numrange(3,7)), multirange_minus(nummultirange(numrange(1,5)), nummultirange(numrange(2,3)));
select range_minus(numrange(1,5), numrange(2,3));
select range_adjacent(numrange(1,2), int4range(2,3));
