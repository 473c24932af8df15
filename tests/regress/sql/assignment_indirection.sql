-- Assignment through subscripts and field names mixed: INSERT INTO t (col[i].f),
-- UPDATE ... SET col[i].f = v / col.f[i] = v / col[i].f[j] = v, over NULL columns and
-- elements, a domain over an array of rows, and the errors.
CREATE TYPE ai_pair AS (x int, y text);
CREATE TYPE ai_holder AS (nums int[], label text, pairs ai_pair[]);
CREATE TABLE ai_rows (id int, ps ai_pair[], h ai_holder, hs ai_holder[]);
INSERT INTO ai_rows (id, ps[3].x) VALUES (1, 10);
INSERT INTO ai_rows (id, ps[1].x, ps[1].y, ps[2]) VALUES (2, 1, 'one', ROW(2, 'two'));
INSERT INTO ai_rows (id, h.nums[2], h.label, h.pairs[1].y) VALUES (3, 5, 'h', 'deep');
SELECT * FROM ai_rows ORDER BY id;
UPDATE ai_rows SET ps[3].y = 'three' WHERE id = 1;
UPDATE ai_rows SET ps[1].x = ps[1].x + 100, ps[2].y = upper(ps[2].y) WHERE id = 2;
UPDATE ai_rows SET h.nums[1] = 9, hs[2].pairs[1].x = 7, hs[1].label = 'first' WHERE id = 3;
UPDATE ai_rows SET hs[2].nums[1:2] = ARRAY[1, 2] WHERE id = 3;
SELECT * FROM ai_rows ORDER BY id;
SELECT id, ps[1].x, (h).nums[2], hs[2].pairs[1].x FROM ai_rows ORDER BY id;
-- errors
INSERT INTO ai_rows (ps[1].x) VALUES (DEFAULT);
INSERT INTO ai_rows (h.nums[1]) VALUES (DEFAULT);
INSERT INTO ai_rows (ps[1].z) VALUES (1);
INSERT INTO ai_rows (ps[1].x) VALUES ('not a number');
INSERT INTO ai_rows (h.label[1]) VALUES ('x');
INSERT INTO ai_rows (h.nums[1].z) VALUES (1);
UPDATE ai_rows SET ps[1].x = 'x';
UPDATE ai_rows SET ps[1].nope = 1;
UPDATE ai_rows SET id[1].x = 1;
UPDATE ai_rows SET h.label[1] = 1;
SELECT hs[1].nums[1].z FROM ai_rows;
-- a value that does not convert: the error names the subfield or the subscripted target
UPDATE ai_rows SET h.label = now();
INSERT INTO ai_rows (h.pairs) VALUES (1);
INSERT INTO ai_rows (h.pairs[1].x) VALUES (now());
UPDATE ai_rows SET hs[1].nums[2] = now();
UPDATE ai_rows SET hs[1].pairs[1] = now();
INSERT INTO ai_rows (h) VALUES (ROW(NULL, 'x', NULL));
-- a domain over an array of rows
CREATE DOMAIN ai_pairs AS ai_pair[] CHECK (cardinality(VALUE) < 3);
CREATE TABLE ai_dom (d ai_pairs);
INSERT INTO ai_dom (d[1].x) VALUES (3);
UPDATE ai_dom SET d[2].y = 'b';
SELECT * FROM ai_dom;
UPDATE ai_dom SET d[3].x = 1;
DROP TABLE ai_dom;
DROP DOMAIN ai_pairs;
DROP TABLE ai_rows;
DROP TYPE ai_holder;
DROP TYPE ai_pair;
