-- array literals that are not rectangular (ReadArrayStr checks); chr() argument errors
select '{{1,2},{3}}'::int[];
select '{{1,2},3}'::int[];
select '{1,{2}}'::int[];
select '{{1},{}}'::int[];
select '{{{1}},{{2,3}}}'::int[];
select '{{}}'::int[];
select '{{},{}}'::int[];
select '{}'::int[], '{{1,2},{3,4}}'::int[], '{"{", "}"}'::text[], '[0:1]={1,2}'::int[], '{{{1,2}},{{3,4}}}'::int[];
select chr(-1);
select chr(55296);
select chr(1114112);
select chr(0);
