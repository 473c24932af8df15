-- The whole row of a FROM subquery, VALUES list or join as json: keys named after its
-- columns (row_to_json, to_jsonb, json_agg with its line breaks between rows).
select row_to_json(s) from (select 1 as a, 2 as b) s;
select to_jsonb(s) from (select 1 as a, 'x' as b) s;
select row_to_json(s), s from (select 1 as a, 2 as b) s left join (select 1) x(y) on true;
select row_to_json(row(1, 2)), to_jsonb(row(1, 'a'));
select row_to_json(v) from (values (1, 'x')) v(p, q);
select row_to_json(f) from generate_series(1, 2) f;
select json_agg(s) from (select 1 as a, 2 as b union all select 3, 4) s;
select array_to_json(array_agg(s)) from (select 1 as a) s;
select row_to_json(s) from (select 1 as a, 2 as b) s(x);
select s = s from (select 1 as a) s;
select json_agg(x) from (values (array[1]), (null), (array[2])) v(x);
