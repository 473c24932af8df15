-- RETURNING NEW.* / OLD.* / NEW.c in rule actions (expanded to the relation's columns,
-- named as they are: commands/rule_actions.py) and pg_get_ruledef of UPDATE / DELETE
-- actions with RETURNING (rewrite/rule_definitions.py); ALTER RULE "_RETURN" RENAME.
create table rb (a int primary key, b text);
create view rv as select * from rb;
CREATE RULE rv_upd AS ON UPDATE TO rv DO INSTEAD UPDATE rb SET b=NEW.b WHERE a=OLD.a RETURNING NEW.*;
CREATE RULE rv_del AS ON DELETE TO rv DO INSTEAD DELETE FROM rb WHERE a=OLD.a RETURNING OLD.*;
CREATE RULE rv_ins AS ON INSERT TO rv DO INSTEAD INSERT INTO rb VALUES (NEW.a, NEW.b) RETURNING *;
select pg_get_ruledef(oid, true) from pg_rewrite where rulename like 'rv_%' order by rulename;
insert into rv values (1, 'x') returning *;
insert into rv values (2, 'z');
update rv set b = 'y' where a = 1 returning *;
update rv set b = b || '!' returning a, b;
delete from rv where a = 1 returning *;
select * from rb;
drop rule rv_upd on rv;
CREATE RULE rv_upd AS ON UPDATE TO rv DO INSTEAD UPDATE rb SET b=NEW.b WHERE a=OLD.a RETURNING NEW.a, old.b, new.b as nb;
update rv set b = 'q' returning *;

alter rule "_RETURN" on rv rename to abc;
drop view rv;
drop table rb;

-- RETURNING * of an UPDATE / DELETE action: the action's target's columns (not those of
-- the rows the rule joins in)
create table rsc (id int primary key, name text, cont text);
insert into rsc values (1, 'Cambridge', 'Europe'), (2, 'Boston', 'America'), (3, 'Oxford', 'Europe');
create view rsc_v as select * from rsc;
create view rsc_eu as select * from rsc_v where cont = 'Europe';
create rule rsc_eu_del as on delete to rsc_eu do instead delete from rsc where id = old.id returning *;
create rule rsc_eu_upd as on update to rsc_eu do instead update rsc set name = new.name where id = old.id returning *;
delete from rsc_eu where name = 'Cambridge' returning *;
update rsc_eu set name = upper(name) returning *;
select * from rsc order by id;
drop view rsc_eu, rsc_v;
drop table rsc;
