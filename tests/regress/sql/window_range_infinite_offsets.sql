-- RANGE frames with infinite offsets over infinite ORDER BY values: +inf infinitely
-- preceding +inf (and -inf following -inf) counts as within the frame; NaN (sorted
-- above +inf) only within a bound it is compared with by `>=`.
DROP TABLE IF EXISTS regress_wrio;
CREATE TABLE regress_wrio(id int, f_float4 float4, f_float8 float8, f_numeric numeric);
INSERT INTO regress_wrio values (0, '-infinity', '-infinity', '-infinity'), (1, -3, -3, -3), (2, -1, -1, -1), (3, 0, 0, 0), (4, 1.1, 1.1, 1.1), (5, 1.12, 1.12, 1.12), (6, 2, 2, 2), (7, 100, 100, 100), (8, 'infinity', 'infinity', 'infinity'), (9, 'NaN', 'NaN', 'NaN');
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 range between 'inf' preceding and 'inf' following);
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 range between 'inf' preceding and 'inf' preceding);
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 range between 'inf' following and 'inf' following);
select id, f_numeric, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_numeric range between 'inf' preceding and 'inf' preceding);
select id, f_float4, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float4 range between 'inf' preceding and 'inf' preceding);
select id, f_float4, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float4 range between 'inf' following and 'inf' following);
select id, f_numeric, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_numeric range between 'inf' preceding and 'inf' following);
select id, f_numeric, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_numeric range between 'inf' following and 'inf' following);
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 desc range between 'inf' preceding and 'inf' following);
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 desc range between 'inf' following and 'inf' following);
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 desc range between 'inf' preceding and 'inf' preceding);
select id, f_float8, first_value(id) over w, last_value(id) over w from regress_wrio window w as (order by f_float8 range between 1.5 preceding and 'inf' following);
DROP TABLE regress_wrio;
