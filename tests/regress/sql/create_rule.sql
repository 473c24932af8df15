-- CREATE RULE on tables and views: ALSO / INSTEAD / conditional rules, NOTHING,
-- several actions, RETURNING through an INSTEAD rule, the catalog rows, pg_rules and
-- pg_get_ruledef, RENAME, ENABLE / DISABLE, DROP and DROP ... CASCADE, the errors.
CREATE TABLE rule_items (id int, label text DEFAULT 'none', qty int DEFAULT 1);
CREATE TABLE rule_log (what text, id int, label text);
CREATE RULE items_ins AS ON INSERT TO rule_items
    DO ALSO INSERT INTO rule_log VALUES ('ins', new.id, new.label);
CREATE RULE items_upd AS ON UPDATE TO rule_items WHERE old.qty <> new.qty
    DO ALSO INSERT INTO rule_log VALUES ('qty', old.id, new.qty::text);
CREATE RULE items_del AS ON DELETE TO rule_items WHERE old.id > 100
    DO INSTEAD UPDATE rule_log SET label = 'kept' WHERE rule_log.id = old.id;
INSERT INTO rule_items VALUES (1, 'one'), (2, DEFAULT), (101, 'big');
INSERT INTO rule_items (id) SELECT g FROM generate_series(3, 4) g;
UPDATE rule_items SET qty = qty + 1 WHERE id IN (1, 2);
UPDATE rule_items SET label = 'same' WHERE id = 3;
DELETE FROM rule_items WHERE id IN (4, 101);
SELECT * FROM rule_items ORDER BY id;
SELECT * FROM rule_log ORDER BY what, id;
-- rows: ev_type, is_instead, ev_enabled, relhasrules
SELECT rulename, ev_type, is_instead, ev_enabled, ev_qual = '<>' AS no_qual
FROM pg_rewrite WHERE ev_class = 'rule_items'::regclass ORDER BY rulename;
SELECT relhasrules FROM pg_class WHERE oid = 'rule_items'::regclass;
SELECT * FROM pg_rules WHERE tablename = 'rule_items' ORDER BY rulename;
SELECT pg_get_ruledef(oid, true) FROM pg_rewrite
WHERE ev_class = 'rule_items'::regclass ORDER BY rulename;
SELECT refobjid::regclass::text, refobjsubid, deptype FROM pg_depend
WHERE classid = 'pg_rewrite'::regclass
  AND objid = (SELECT oid FROM pg_rewrite WHERE rulename = 'items_upd')
ORDER BY 1, 2, 3;
-- a view with INSTEAD rules: RETURNING, NOTHING, several actions, SELECT actions
CREATE VIEW rule_view AS SELECT id, label FROM rule_items;
CREATE RULE view_ins AS ON INSERT TO rule_view DO INSTEAD
    INSERT INTO rule_items (id, label) VALUES (new.id, new.label) RETURNING id, label;
CREATE RULE view_upd AS ON UPDATE TO rule_view DO INSTEAD NOTHING;
CREATE RULE view_del AS ON DELETE TO rule_view DO INSTEAD
    (DELETE FROM rule_log WHERE rule_log.id = old.id; SELECT old.id, 'gone' AS note);
INSERT INTO rule_view VALUES (7, 'seven') RETURNING *;
INSERT INTO rule_view VALUES (8, 'eight') RETURNING label, id * 2 AS twice;
INSERT INTO rule_view VALUES (9, 'nine');
UPDATE rule_view SET label = 'x';
DELETE FROM rule_view WHERE id = 7;
SELECT * FROM rule_view ORDER BY id;
SELECT pg_get_ruledef(oid) FROM pg_rewrite
WHERE ev_class = 'rule_view'::regclass ORDER BY rulename;
-- RENAME, ENABLE / DISABLE, OR REPLACE, DROP
ALTER RULE items_ins ON rule_items RENAME TO items_ins2;
ALTER RULE items_nope ON rule_items RENAME TO x;
ALTER RULE items_ins2 ON rule_items RENAME TO items_upd;
ALTER TABLE rule_items DISABLE RULE items_ins2;
INSERT INTO rule_items VALUES (20, 'quiet');
SELECT ev_enabled FROM pg_rewrite WHERE rulename = 'items_ins2';
ALTER TABLE rule_items ENABLE RULE items_ins2;
ALTER TABLE rule_items ENABLE ALWAYS RULE items_ins2;
SELECT ev_enabled FROM pg_rewrite WHERE rulename = 'items_ins2';
ALTER TABLE rule_items DISABLE RULE no_such_rule;
CREATE RULE items_upd AS ON UPDATE TO rule_items DO INSTEAD NOTHING;
CREATE OR REPLACE RULE items_upd AS ON UPDATE TO rule_items DO INSTEAD NOTHING;
UPDATE rule_items SET qty = 0;
DROP RULE items_upd ON rule_items;
DROP RULE items_upd ON rule_items;
DROP RULE IF EXISTS items_upd ON rule_items;
-- errors
CREATE RULE bad1 AS ON INSERT TO rule_items DO INSTEAD INSERT INTO rule_log VALUES (old.id);
CREATE RULE bad2 AS ON DELETE TO rule_items DO INSTEAD INSERT INTO rule_log VALUES (new.id);
CREATE RULE bad3 AS ON INSERT TO rule_items DO ALSO INSERT INTO rule_log VALUES ('x') RETURNING *;
CREATE RULE bad4 AS ON INSERT TO rule_items WHERE new.id > 0
    DO INSTEAD INSERT INTO rule_log VALUES ('x') RETURNING *;
CREATE RULE bad5 AS ON INSERT TO rule_items DO INSTEAD
    INSERT INTO rule_log VALUES ('x') RETURNING *;
CREATE RULE bad6 AS ON INSERT TO rule_items WHERE new.id > 0 DO INSTEAD NOTIFY rule_chan;
CREATE RULE bad7 AS ON INSERT TO rule_items DO INSTEAD INSERT INTO rule_log VALUES (new.nope);
CREATE RULE bad8 AS ON INSERT TO no_such_table DO INSTEAD NOTHING;
CREATE SEQUENCE rule_seq;
CREATE RULE bad9 AS ON INSERT TO rule_seq DO INSTEAD NOTHING;
DROP SEQUENCE rule_seq;
INSERT INTO rule_items VALUES (1) ON CONFLICT DO NOTHING;
UPDATE rule_items SET qty = 1 RETURNING *;
CREATE RULE log_loop AS ON INSERT TO rule_log DO ALSO INSERT INTO rule_items VALUES (new.id);
INSERT INTO rule_log VALUES ('loop', 1);
DROP RULE log_loop ON rule_log;
-- dependencies
DROP TABLE rule_log;
DROP TABLE rule_log CASCADE;
SELECT rulename FROM pg_rewrite WHERE ev_class = 'rule_items'::regclass ORDER BY 1;
DROP VIEW rule_view;
DROP TABLE rule_items;
