-- A view grouping by a table's primary key and using its other columns ungrouped
-- depends on the key constraint: DROP CONSTRAINT refuses (2BP01) or cascades
-- (rewrite/expression_dependencies.py, commands/alter_table.py).
-- compare notices
CREATE TABLE vbt (key int PRIMARY KEY, data varchar(20));
CREATE TABLE vbt2 (k int, u int UNIQUE);
INSERT INTO vbt VALUES (1, 'one');
CREATE VIEW kdv AS SELECT * FROM vbt GROUP BY key;
CREATE VIEW kdv_no_cols AS SELECT FROM vbt GROUP BY key HAVING length(data) > 0;
CREATE VIEW kdv_sub AS SELECT key FROM vbt WHERE key IN (SELECT v.key FROM vbt v GROUP BY v.key HAVING max(v.data) <> '');
CREATE VIEW kdv_plain AS SELECT key, count(*) FROM vbt GROUP BY key;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, deptype FROM pg_depend
WHERE refobjid = (SELECT oid FROM pg_constraint WHERE conname = 'vbt_pkey') ORDER BY 1;
ALTER TABLE vbt DROP CONSTRAINT vbt_pkey;
DROP VIEW kdv;
ALTER TABLE vbt DROP CONSTRAINT vbt_pkey;
ALTER TABLE vbt DROP CONSTRAINT vbt_pkey CASCADE;
SELECT relname FROM pg_class WHERE relname LIKE 'kdv%' OR relname LIKE 'vbt%' ORDER BY 1;
ALTER TABLE vbt2 DROP CONSTRAINT vbt2_u_key;
DROP TABLE vbt CASCADE;
DROP TABLE vbt2;
