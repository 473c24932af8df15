-- small differences PostgreSQL's regression files for types showed (session 12)
-- round(numeric, scale): the scale is limited to what a numeric can hold (digits after
-- the point; digits before it plus one), a result that rounds up past it overflows
select round(4.5e131071, -131072), round(5.5e131071, -131073), round(5.5e131071, -1000000);
select round(4.4e131071, -131071) = 4e131071, round(4.5e131071, -131071) = 5e131071;
select round(5.5e131071, -131072);
select round(5e-16383, 16382) = 1e-16382, round(5e-16383, 1000000) = 5e-16383;
select round(12.5, -2147483648), round(12.5, 2147483647) = 12.5;
select round(0.004, 1), round(0.05, 1), round(0.05, -1), round(0.00, -1), round(-0.5, 0);
-- numeric ^ the smallest int32 is an integer power (underflows to zero at its scale)
select 10.0 ^ -2147483648 as rounds_to_zero, 10.0 ^ -2147483647 as also_zero;
select 10.0 ^ -2147483649 as beyond_int32;
-- a built-in function's row against a column definition list: tupledesc_match's 42804
select * from json_populate_recordset(row(0::int), '[{"a":"1","b":"2"}]') q (a text, b text);
select * from json_populate_recordset(row(0::int, 0::int), '[{"a":"1","b":"2"}]') q (a text, b text);
select * from jsonb_populate_recordset(row(0::int, 0::int), '[{"a":"1"}]') q (a int, b text);
select * from json_populate_record(row(0::int, 0::int), '{"a":"1","b":"2"}') q (a int, b int);
select * from json_populate_record(row(0::int, 0::int, 0), '{"a":"1"}') q (a int, b int);
-- NOT NULL NO INHERIT is later syntax: 15's grammar stops at NO
create domain types_fix_d as int4 not null no inherit;
create table types_fix_t (a int not null no inherit);
create table types_fix_t (a int check (a > 0) no inherit);
drop table types_fix_t;
