-- numeric ranges with NaN bounds (NaN sorts after every number)
select numrange(1, 'NaN'), numrange('NaN', 'NaN'), numrange(1, 'NaN') @> 5.0, numrange(1, 'NaN') @> 'NaN'::numeric, numrange(1, 2) < numrange(1, 'NaN');
select numrange('NaN', 1);
select '[1, NaN]'::numrange, upper('[1, NaN]'::numrange);
