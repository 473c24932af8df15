-- CREATE RULE's rules printed by pg_get_ruledef / pg_rules as PostgreSQL prints them
-- (INSERT ... SELECT, UPDATE ... FROM, DELETE ... USING, unqualified names), and still
-- right after RENAME of tables and columns they name, ALTER COLUMN TYPE's refusal and
-- SET SCHEMA.
DROP TABLE IF EXISTS regress_rr1, regress_rr2, regress_rr2x, regress_rrlog CASCADE;
CREATE TABLE regress_rr1 (a int, b text);
CREATE TABLE regress_rr2 (a int, b text);
CREATE TABLE regress_rrlog (a int, b text, who text);
CREATE RULE regress_rr1_ins AS ON INSERT TO regress_rr1 DO ALSO
  INSERT INTO regress_rrlog SELECT new.a, new.b, 'ins';
CREATE RULE regress_rr1_upd AS ON UPDATE TO regress_rr1 DO ALSO
  INSERT INTO regress_rrlog SELECT regress_rr2.a, new.b, 'upd' FROM regress_rr2
  WHERE regress_rr2.a = old.a AND b IS NOT NULL;
CREATE RULE regress_rr1_del AS ON DELETE TO regress_rr1 DO INSTEAD
  DELETE FROM regress_rr2 USING regress_rrlog
  WHERE regress_rr2.a = old.a AND regress_rrlog.a = regress_rr2.a;
CREATE RULE regress_rr1_upd2 AS ON UPDATE TO regress_rr1 WHERE old.a > 5 DO INSTEAD
  UPDATE regress_rr2 SET b = new.b FROM regress_rrlog l, regress_rr1
  WHERE regress_rr2.a = l.a AND l.a = old.a AND regress_rr1.a = l.a;
CREATE RULE regress_rr1_multi AS ON INSERT TO regress_rr1 DO ALSO (
  INSERT INTO regress_rrlog (who, a) SELECT upper(new.b), count(*)
    FROM regress_rr2 x JOIN regress_rrlog y ON x.a = y.a GROUP BY 1;
  DELETE FROM regress_rrlog USING regress_rr2 WHERE regress_rrlog.a = regress_rr2.a);
CREATE RULE regress_rr2_ins AS ON INSERT TO regress_rr2 WHERE new.b <> 'z' DO ALSO
  INSERT INTO regress_rrlog VALUES (new.a, new.b, 'rr2');
CREATE RULE regress_rr2_del AS ON DELETE TO regress_rr2 DO INSTEAD
  DELETE FROM regress_rr1 WHERE a = old.a;
SELECT rulename, definition FROM pg_rules WHERE tablename LIKE 'regress_rr%' ORDER BY 1;
SELECT pg_get_ruledef(oid, true) FROM pg_rewrite
  WHERE ev_class IN ('regress_rr1'::regclass, 'regress_rr2'::regclass) ORDER BY rulename;
DROP RULE regress_rr1_multi ON regress_rr1;
DROP RULE regress_rr2_del ON regress_rr2;
-- renames of what the rules name
ALTER TABLE regress_rr2 RENAME COLUMN b TO bb;
ALTER TABLE regress_rr2 RENAME TO regress_rr2x;
ALTER TABLE regress_rr1 RENAME COLUMN a TO a1;
ALTER TABLE regress_rr1 RENAME COLUMN a1 TO a;
ALTER TABLE regress_rr1 RENAME COLUMN b TO b1;
ALTER TABLE regress_rrlog RENAME COLUMN who TO whom;
SELECT rulename, definition FROM pg_rules WHERE tablename LIKE 'regress_rr%' ORDER BY 1;
INSERT INTO regress_rr2x VALUES (1, 'y');
INSERT INTO regress_rr1 VALUES (1, 'x');
UPDATE regress_rr1 SET b1 = 'q';
UPDATE regress_rr1 SET a = 7;
UPDATE regress_rr1 SET b1 = 'w';
DELETE FROM regress_rr1;
SELECT * FROM regress_rrlog ORDER BY 1, 2, 3;
SELECT * FROM regress_rr2x;
-- a column a rule reads keeps its type
ALTER TABLE regress_rr1 ALTER COLUMN b1 TYPE varchar;
ALTER TABLE regress_rr2x ALTER COLUMN bb TYPE varchar;
-- moved to another schema
DROP SCHEMA IF EXISTS regress_rrs CASCADE;
CREATE SCHEMA regress_rrs;
ALTER TABLE regress_rr2x SET SCHEMA regress_rrs;
SELECT rulename, definition FROM pg_rules WHERE tablename LIKE 'regress_rr%' ORDER BY 1;
UPDATE regress_rr1 SET b1 = 'after';
INSERT INTO regress_rrs.regress_rr2x VALUES (2, 'v');
SELECT count(*) FROM regress_rrlog;
DROP TABLE regress_rr1, regress_rrs.regress_rr2x, regress_rrlog;
DROP SCHEMA regress_rrs;
-- more action forms: DISTINCT / ORDER BY / LIMIT, FROM subqueries, joins in UPDATE ... FROM,
-- aliases in DELETE ... USING, SELECT actions, * over a table, IN (subquery)
DROP TABLE IF EXISTS regress_q1, regress_q2, regress_qlog;
create table regress_q1(a int, b text);
create table regress_q2(a int, b text);
create table regress_qlog(a int, b text, who text);
create rule regress_q1_i1 as on insert to regress_q1 do also insert into regress_qlog select distinct regress_q2.a, new.b, 'x' from regress_q2 join regress_q1 on regress_q1.a = regress_q2.a where regress_q2.b like 'a%' order by 1 limit 3;
create rule regress_q1_i2 as on insert to regress_q1 do also insert into regress_qlog (a) select s.n from (select count(*) as n from regress_q2) s where s.n > new.a;
create rule regress_q1_u1 as on update to regress_q1 do also update regress_q2 x set b = old.b || new.b from regress_qlog l join regress_q1 on regress_q1.a = l.a where x.a = l.a and x.a = new.a;
create rule regress_q1_d1 as on delete to regress_q1 do also delete from regress_q2 t using regress_qlog l where t.a = l.a and t.a = old.a;
create rule regress_q1_d2 as on delete to regress_q1 do also select regress_q2.* from regress_q2 where regress_q2.a = old.a;
create rule regress_q1_d3 as on delete to regress_q1 do also insert into regress_qlog select * from regress_q2 where a in (select a from regress_q1 where b = old.b);
select pg_get_ruledef(oid) from pg_rewrite where ev_class = 'regress_q1'::regclass order by rulename;
select pg_get_ruledef(oid, true) from pg_rewrite where ev_class = 'regress_q1'::regclass order by rulename;
drop table regress_q1, regress_q2, regress_qlog;
