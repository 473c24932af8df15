-- interval input: a field too big for its type (22015) versus fields overflowing only together (22008)
select interval '2147483647 months';
select interval '2147483648 months';
select interval '178956971 years';
select interval '178956970 years 8 months';
select interval '2147483648 days';
select interval '9223372036854775807 microseconds';
select interval '9223372036854775808 microseconds';
select interval '2147483647 years';
select interval '2562047789 hours';
select interval '-2147483648 days', interval '1.5 years', interval '-178956970 years -8 months';
