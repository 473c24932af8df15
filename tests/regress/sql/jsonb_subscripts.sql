-- jsonb subscripting (PostgreSQL 14+): fetch, UPDATE / INSERT assignment, errors
CREATE TABLE jsub (id int, j jsonb);
INSERT INTO jsub VALUES (1, '{"a":{"b":0}}'), (2, '[1,2]'), (3, NULL), (4, '5'),
  (5, '{"a":[1]}'), (6, NULL), (7, '{}'), (8, '{"a":null}'), (9, '[]');
UPDATE jsub SET j['a']['b'] = '1' WHERE id = 1;
UPDATE jsub SET j[5] = '"x"' WHERE id = 2;
UPDATE jsub SET j['a'] = '1' WHERE id = 3;
UPDATE jsub SET j['a'] = '1' WHERE id = 4;
UPDATE jsub SET j['a'][3] = '7' WHERE id = 5;
UPDATE jsub SET j['a']['x'] = '7' WHERE id = 5;
UPDATE jsub SET j[-9] = '1' WHERE id = 2;
UPDATE jsub SET j[-1] = '1' WHERE id = 2;
UPDATE jsub SET j[2] = NULL WHERE id = 6;
UPDATE jsub SET j['x'][2]['y'] = '1' WHERE id = 7;
UPDATE jsub SET j['x']['2']['y'] = '1', j['z'] = '{}' WHERE id = 7;
UPDATE jsub SET j['a']['b'] = '1' WHERE id = 8;
UPDATE jsub SET j[NULL] = '1' WHERE id = 8;
UPDATE jsub SET j[3] = '1' WHERE id = 9;
UPDATE jsub SET j[1:2] = '1' WHERE id = 9;
UPDATE jsub SET j[1.5] = '1' WHERE id = 9;
UPDATE jsub SET j[1::int8] = '1' WHERE id = 9;
UPDATE jsub SET j[true] = '1' WHERE id = 9;
UPDATE jsub SET j['a'] = 5 WHERE id = 9;
SELECT * FROM jsub ORDER BY id;
SELECT id, j['a'], j['a']['b'], j[0], j[-1], j['x'][2]['y'], j['x']['2'], j[NULL]
  FROM jsub ORDER BY id;
SELECT ('{"a":[1,{"b":2}]}'::jsonb)['a'][1]['b'], ('[1,2]'::jsonb)['0'],
  ('[1,2]'::jsonb)[1::int2], ('5'::jsonb)[0], ('{"a":1}'::jsonb)['a']['b'];
SELECT ('{"a":1}'::jsonb)[1:2];
SELECT ('{"a":1}'::jsonb)[now()];
SELECT id FROM jsub WHERE j['a'] = '1' ORDER BY id;
EXPLAIN (COSTS OFF, VERBOSE) SELECT j['a'][1] FROM jsub;
PREPARE jsub_p(text) AS SELECT j[$1] FROM jsub WHERE id = 1;
EXECUTE jsub_p('a');
DEALLOCATE jsub_p;
INSERT INTO jsub (id, j['k']) VALUES (10, '"v"');
INSERT INTO jsub (id, j[1]) VALUES (11, '2');
INSERT INTO jsub (id, j['k']) VALUES (12, 1);
SELECT * FROM jsub WHERE id >= 10 ORDER BY id;
-- a value of the wrong type for an array element or slice
CREATE TABLE asub (a int[]);
UPDATE asub SET a[1] = 'x'::text;
UPDATE asub SET a[1:2] = 'x'::text;
INSERT INTO asub (a[1]) VALUES ('x'::text);
DROP TABLE asub;
DROP TABLE jsub;
