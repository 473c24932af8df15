-- UPDATE pg_settings through the view's ON UPDATE rules: set_config's rows and UPDATE 0,
-- several parameters at once, inside a rolled-back transaction, the parameter checks'
-- errors, a WHERE matching nothing, RETURNING refused (commands/settings_update.py).
UPDATE pg_settings SET setting = '42' WHERE name = 'extra_float_digits';
SHOW extra_float_digits;
UPDATE pg_settings SET setting = 'off' WHERE name IN ('enable_seqscan', 'enable_hashjoin');
SELECT name, setting FROM pg_settings WHERE name LIKE 'enable_%join' ORDER BY 1;
BEGIN;
UPDATE pg_settings SET setting = '5' WHERE name = 'extra_float_digits';
SHOW extra_float_digits;
ROLLBACK;
SHOW extra_float_digits;
UPDATE pg_settings SET setting = 'bogus' WHERE name = 'enable_seqscan';
UPDATE pg_settings SET setting = '1' WHERE name = 'nosuch';
UPDATE pg_settings SET name = 'x' WHERE name = 'enable_seqscan';
UPDATE pg_settings SET setting = '3' WHERE name = 'max_connections';
UPDATE pg_settings SET setting = '1' WHERE name = 'extra_float_digits' RETURNING name;
DELETE FROM pg_settings WHERE name = 'enable_seqscan';
INSERT INTO pg_settings (name) VALUES ('x');
RESET ALL;
