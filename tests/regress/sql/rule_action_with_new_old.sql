-- A rule action's WITH queries may not read OLD or NEW: 0A000 (commands/rule_actions.py
-- check_with_clause, transformRuleStmt's checks, OLD first).
create table rwx (a int, n int);
create table rwy (a int);
CREATE RULE r2 AS ON UPDATE TO rwx DO INSTEAD WITH t AS (SELECT OLD.*) UPDATE rwy SET a = t.n FROM t;
CREATE RULE r3 AS ON UPDATE TO rwx DO INSTEAD WITH t AS (SELECT NEW.n) UPDATE rwy SET a = t.n FROM t;
CREATE RULE r4 AS ON UPDATE TO rwx DO INSTEAD WITH t AS (SELECT new.n, old.a) UPDATE rwy SET a = t.n FROM t;
drop table rwx, rwy;
