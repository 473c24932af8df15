-- ALTER TABLE ... ALTER COLUMN ... TYPE without a table rewrite (string and numeric
-- typmod changes, varchar <-> text), with PostgreSQL's checks and errors.
DROP TABLE IF EXISTS act CASCADE;
DROP TABLE IF EXISTS act_stats;
create table act (a varchar(10), b int, c text, d numeric(6,2), e varchar(4));
insert into act values ('abcdefgh', 1, '12', 1234.5, 'xy');
create index act_a on act (a);
create view actv as select a from act;
alter table act alter column a type varchar(20);
alter table act alter column c type int;
alter table act alter column xx type int;
alter table act alter column ctid type int;
alter table act alter column c type nosuchtype;
drop view actv;
alter table act alter column a type varchar(5);
alter table act alter column a type varchar(20);
alter table act alter column a type text;
alter table act alter column c type varchar(2);
alter table act alter column c type varchar(1);
alter table act alter column d type numeric(8,2);
alter table act alter column e set data type text;
select attname, atttypid::regtype, atttypmod from pg_attribute where attrelid = 'act'::regclass and attnum > 0 order by attnum;
select attname, atttypid::regtype, atttypmod from pg_attribute where attrelid = 'act_a'::regclass;
select * from act where a = 'abcdefgh';
insert into act values ('x', 2, 'toolong', 1, 'y');
insert into act values (repeat('x', 30), 2, 'to', 999999.99, 'y');
select a, b, c, d, e from act order by b;
drop table act;
-- a column's statistics go with a change of its type
CREATE TABLE act_stats (a varchar(10), b int);
INSERT INTO act_stats SELECT 'v' || i, i FROM generate_series(1, 50) i;
ANALYZE act_stats;
SELECT attname FROM pg_stats WHERE tablename = 'act_stats' ORDER BY 1;
ALTER TABLE act_stats ALTER COLUMN a TYPE text;
SELECT attname FROM pg_stats WHERE tablename = 'act_stats' ORDER BY 1;
DROP TABLE act_stats;
