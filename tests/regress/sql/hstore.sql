-- hstore (contrib/hstore.py, hstore_value.py over contrib/extension_types.py): text
-- input (quoting, escapes, NULL, duplicate keys, whitespace) and its syntax errors, the
-- canonical output order, the operators (-> ? ?| ?& @> <@ || - %% %# and the btree
-- ones), the constructors, akeys / avals / skeys / svals / each, exist / defined /
-- delete / slice, the JSON conversions and casts, hashing, stored sizes, GROUP BY /
-- DISTINCT / ORDER BY, a B-tree index, DROP EXTENSION. Compared with PostgreSQL 15.
SELECT 'a=>1'::hstore;
CREATE EXTENSION hstore;
SELECT extversion, extrelocatable FROM pg_extension WHERE extname = 'hstore';
SELECT typname, typlen, typcategory, typalign, typstorage, typcollation FROM pg_type WHERE typname IN ('hstore', '_hstore') ORDER BY 1;
SELECT c.opcname, a.amname, c.opcdefault FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod WHERE c.opcintype = 'hstore'::regtype AND a.amname IN ('btree', 'hash') ORDER BY 1;
SELECT 'a=>1, b=>2, a=>3'::hstore, 'bb=>1, a=>2, c=>NULL, d=>"NULL", "e f"=>"x\"y\\z"'::hstore, ''::hstore, ' a  =>  b ,'::hstore;
SELECT 'a=>nuLL, b=>NULLx'::hstore, E'a\\=b=>c'::hstore, 'a=>1,,b=>2'::hstore, '"k"=>"v"  ,  x => y'::hstore;
SELECT 'a=>1 b=>2'::hstore;
SELECT 'a=>'::hstore;
SELECT 'a'::hstore;
SELECT '=>1'::hstore;
SELECT 'a=1'::hstore;
SELECT 'a=>1,,'::hstore;
SELECT '"a=>1'::hstore;
SELECT 'a=>1'::hstore -> 'a', 'a=>1'::hstore -> 'z', 'a=>1,b=>2'::hstore -> ARRAY['b', 'a', 'z'], 'a=>1'::hstore ? 'a', 'a=>1,b=>2'::hstore ?| ARRAY['z', 'b'], 'a=>1,b=>2'::hstore ?& ARRAY['a', 'b', 'c'];
SELECT 'a=>1,b=>2'::hstore @> 'a=>1', 'a=>1'::hstore <@ 'a=>1,b=>2', 'a=>NULL'::hstore @> 'a=>NULL', 'a=>1'::hstore || 'b=>2,a=>3', 'a=>1,b=>2'::hstore - 'a'::text, 'a=>1,b=>2'::hstore - ARRAY['a'], 'a=>1,b=>2'::hstore - 'a=>1,b=>3'::hstore;
SELECT akeys('b=>1,a=>2'), avals('b=>1,a=>NULL'), hstore(ARRAY['a', 'b'], ARRAY['1', NULL]), hstore(ARRAY['a', 'b'], NULL), hstore(ARRAY['a', '1', 'b', '2']), hstore(ARRAY[['a', '1'], ['b', '2']]), hstore('k', 'v'), hstore('k', NULL), tconvert('x', 'y');
SELECT * FROM each('a=>1,b=>NULL');
SELECT skeys('b=>1,a=>2'), svals('b=>1,a=>2');
SELECT exist('a=>1', 'a'), defined('a=>NULL', 'a'), isdefined('a=>2', 'a'), delete('a=>1,b=>2', 'a'), slice('a=>1,b=>2,c=>3', ARRAY['c', 'a', 'x']);
SELECT hstore(ARRAY['a', 'b'], ARRAY['1']);
SELECT hstore(ARRAY['a', 'b', 'c']);
SELECT hstore(ARRAY[['a', 'b', 'c']]);
SELECT hstore(ARRAY['a', NULL], ARRAY['1', '2']);
SELECT hstore_to_json('a=>1,b=>NULL,c=>t,"d\"q"=>"x\\y"'), hstore_to_jsonb('a=>1,b=>NULL');
SELECT hstore_to_json_loose('a=>1.5e3, b=>t, c=>01, d=>-0.0, e=>"1 ", g=>.5, h=>TRUE, i=>-1, j=>f');
SELECT hstore_to_jsonb_loose('a=>1.5e3, b=>t, c=>01, d=>-0.0, e=>"1 ", g=>.5, h=>TRUE, i=>-1, j=>f');
SELECT hstore_version_diag('a=>1'), hstore_to_matrix('a=>1,b=>NULL'), %% 'a=>1,b=>2'::hstore, %# ''::hstore;
SELECT 'a=>1'::hstore::json, 'a=>1'::hstore::jsonb, ARRAY['x', 'y']::hstore;
SELECT 'a=>1'::hstore = 'a=>1', 'a=>1'::hstore <> 'a=>1', 'a=>1'::hstore #<# 'a=>2', 'b=>1'::hstore #># 'aa=>1', 'a=>NULL'::hstore #># 'a=>""', hstore_cmp('a=>1', 'a=>1,b=>2'), hstore_cmp('', 'a=>1');
SELECT hstore_hash('a=>1'), hstore_hash(''), hstore_hash_extended('a=>1', 0), hstore_hash_extended('a=>1,b=>NULL', 3);
CREATE TABLE hs_t (id int, h hstore);
INSERT INTO hs_t VALUES (1, 'a=>1'), (2, 'b=>1'), (3, 'a=>1'), (4, ''), (5, 'a=>1, b=>2'), (6, 'aa=>0'), (7, 'a=>NULL'), (8, 'a=>2'), (9, NULL);
SELECT h, count(*) FROM hs_t GROUP BY h ORDER BY h;
SELECT DISTINCT h FROM hs_t ORDER BY 1 DESC;
SELECT id FROM hs_t WHERE h @> 'a=>1' ORDER BY id;
SELECT id FROM hs_t WHERE h ? 'a' ORDER BY id;
SELECT h -> 'a' AS a, count(*) FROM hs_t GROUP BY 1 ORDER BY 1;
SELECT id, pg_column_size(h) FROM hs_t ORDER BY id;
SELECT a.id, b.id FROM hs_t a JOIN hs_t b ON a.h = b.h AND a.id < b.id ORDER BY 1, 2;
CREATE INDEX hs_t_h ON hs_t (h);
SET enable_seqscan = off;
SELECT id FROM hs_t WHERE h = 'a=>1' ORDER BY id;
RESET enable_seqscan;
UPDATE hs_t SET h = h || hstore('z', id::text) WHERE id < 3;
SELECT id, h FROM hs_t WHERE id < 4 ORDER BY id;
DROP EXTENSION hstore;
DROP TABLE hs_t;
DROP EXTENSION hstore;
SELECT count(*) FROM pg_type WHERE typname IN ('hstore', '_hstore');
SELECT 'a=>1'::hstore;
