-- Partition bounds written as expressions: evaluated once when the partition is made,
-- coerced to the key's type; column references, subqueries, aggregates and
-- set-returning functions refused as PostgreSQL refuses them (0A000 / 42803, with
-- positions); NULL in a range bound is 42P17.
CREATE TABLE list_parted (a int) PARTITION BY LIST (a);
CREATE TABLE part_p1 PARTITION OF list_parted FOR VALUES IN ('1');
CREATE TABLE part_p2 PARTITION OF list_parted FOR VALUES IN (2);
CREATE TABLE part_p3 PARTITION OF list_parted FOR VALUES IN ((2+1));
CREATE TABLE part_null PARTITION OF list_parted FOR VALUES IN (null);
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (somename);
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (somename.somename);
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (a);
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (sum(a));
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (sum(somename));
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (sum(1));
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN ((select 1));
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN (generate_series(4, 6));
CREATE TABLE part_bogus_expr_fail PARTITION OF list_parted FOR VALUES IN ((1+1) collate "POSIX");
CREATE TABLE part_p4 PARTITION OF list_parted FOR VALUES IN (length('abcd'), 10 / 2);
select relname, pg_get_expr(relpartbound, oid) from pg_class where relname like 'part_p%' order by 1;
CREATE TABLE range_parted (a date) PARTITION BY RANGE (a);
CREATE TABLE fail_part PARTITION OF range_parted FOR VALUES FROM (null) TO (maxvalue);
CREATE TABLE part_bogus_expr_fail PARTITION OF range_parted FOR VALUES FROM ((select 1)) TO ('2019-01-01');
CREATE TABLE part_bogus_expr_fail PARTITION OF range_parted FOR VALUES FROM (a) TO ('2019-01-01');
CREATE TABLE part_bogus_expr_fail PARTITION OF range_parted FOR VALUES FROM (max(a)) TO ('2019-01-01');
CREATE TABLE part_bogus_expr_fail PARTITION OF range_parted FOR VALUES FROM (max(somename)) TO ('2019-01-01');
CREATE TABLE part_bogus_expr_fail PARTITION OF range_parted FOR VALUES FROM (max('2019-02-01'::date)) TO ('2019-01-01');
CREATE TABLE range_p1 PARTITION OF range_parted FOR VALUES FROM ('2019-01-01'::date - 1) TO (date '2019-01-01' + interval '1 month');
select relname, pg_get_expr(relpartbound, oid) from pg_class where relname = 'range_p1';
create table moneyp (a money) partition by list (a);
CREATE TABLE moneyp_12 PARTITION OF moneyp FOR VALUES IN (to_char(12, '99')::int);
create table parted_boolean_col (a bool, b text) partition by list(a);
create table parted_boolean_less partition of parted_boolean_col for values in ('foo' < 'bar');
create table parted_boolean_greater partition of parted_boolean_col for values in ('foo' > 'bar');
select relname, pg_get_expr(relpartbound, oid) from pg_class where relname like 'parted_boolean_%' or relname like 'moneyp_%' order by 1;
drop table list_parted, range_parted, moneyp, parted_boolean_col;
