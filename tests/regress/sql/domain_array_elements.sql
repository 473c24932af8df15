-- Arrays of a domain: values assigned into them are coerced element by element to the
-- domain in the assignment's context (a too-long string is an error, where an explicit
-- cast truncates), and the domain's checks apply to every element.
CREATE DOMAIN dae_vc4 AS varchar(4);
CREATE DOMAIN dae_pos AS int4 CHECK (value > 0);
CREATE TABLE dae_t (f1 dae_vc4, f2 dae_vc4[], f3 dae_pos[]);
INSERT INTO dae_t (f1) VALUES ('too long'::text);
INSERT INTO dae_t (f2) VALUES (ARRAY['too long']);
INSERT INTO dae_t (f2) VALUES (ARRAY['too long'::text]);
INSERT INTO dae_t (f2) VALUES (ARRAY['too long'::varchar]);
INSERT INTO dae_t (f2) VALUES ('{"too long"}');
INSERT INTO dae_t (f2) VALUES (ARRAY['too long']::dae_vc4[]);
INSERT INTO dae_t (f2) VALUES (ARRAY['ok', NULL, 'fine  ']);
INSERT INTO dae_t (f3) VALUES (ARRAY[1, 2, -3]);
INSERT INTO dae_t (f3) VALUES (ARRAY[1.4, 2.6]);
INSERT INTO dae_t (f3) VALUES (ARRAY[[1, 2], [3, 4]]);
SELECT f1, f2, f3 FROM dae_t ORDER BY f2, f3;
UPDATE dae_t SET f2 = ARRAY['longer than four'] WHERE f2 IS NOT NULL;
UPDATE dae_t SET f2[1] = 'longer than four' WHERE f2 IS NOT NULL;
SELECT ARRAY['too long']::dae_vc4[], '{"too long"}'::dae_vc4[];
SELECT ARRAY[0]::dae_pos[];
DROP TABLE dae_t;
DROP DOMAIN dae_vc4;
DROP DOMAIN dae_pos;
