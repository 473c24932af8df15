-- pg_trgm 1.6: trigrams, the similarity functions and operators, the thresholds, and
-- the GIN operator class gin_trgm_ops answering LIKE / ILIKE / ~ / ~* / = / % / %> / %>>
-- through a Bitmap Index Scan. Compared with PostgreSQL 15 (C ctype: ASCII words).
DROP TABLE IF EXISTS trgm_t;
DROP EXTENSION IF EXISTS pg_trgm;
SELECT show_trgm('abc');
CREATE EXTENSION pg_trgm;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict, pg_get_function_result(p.oid) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'pg_trgm' AND p.proname NOT LIKE 'gtrgm%' ORDER BY p.oid::regprocedure::text;
SELECT oprname, oprleft::regtype, oprright::regtype, oprresult::regtype, oprcode, oprcom::regoperator, oprrest, oprjoin FROM pg_operator WHERE oprcode::text LIKE '%similarity%' ORDER BY 1;
SELECT opcname, opcintype::regtype, opcdefault, opckeytype::regtype FROM pg_opclass WHERE opcname = 'gin_trgm_ops';
SELECT amopstrategy, amopopr::regoperator, amoppurpose FROM pg_amop WHERE amopfamily = (SELECT oid FROM pg_opfamily WHERE opfname = 'gin_trgm_ops') ORDER BY 1;
SELECT amprocnum, amproc::regprocedure FROM pg_amproc WHERE amprocfamily = (SELECT oid FROM pg_opfamily WHERE opfname = 'gin_trgm_ops') ORDER BY 1;
-- trigrams
SELECT show_trgm(''), show_trgm('a'), show_trgm('ab'), show_trgm('Hello, World! hello'), show_trgm('  foo--bar_baz 42 ');
SELECT show_trgm('héllo wörld'), show_trgm('日本語 text'), show_trgm(repeat('ab', 10)), show_trgm('a b c d');
SELECT show_trgm(NULL), array_length(show_trgm('the quick brown fox jumps over the lazy dog'), 1);
-- similarity measures
SELECT similarity('word', 'two words'), similarity('word', 'word'), similarity('', ''), similarity('abc', ''), similarity('Hello', 'hello!');
SELECT word_similarity('word', 'two words'), strict_word_similarity('word', 'two words'), word_similarity('two words', 'word');
SELECT word_similarity('abc', 'xyz abd abc abx'), strict_word_similarity('abc', 'xyz abd abc abx'), word_similarity('cat', 'concatenate'), strict_word_similarity('cat', 'concatenate');
SELECT word_similarity('', 'abc'), word_similarity('abc', ''), strict_word_similarity('alpha beta', 'alphabet gamma beta'), word_similarity('alpha beta', 'alphabet gamma beta');
SELECT a, b, similarity(a, b), word_similarity(a, b), strict_word_similarity(a, b), a <-> b AS d, a <<-> b AS wd, a <->> b AS wdc, a <<<-> b AS swd, a <->>> b AS swdc FROM (VALUES ('postgres', 'postgresql database'), ('kitten', 'sitting'), ('New York', 'york new'), ('abcdef', 'bcd'), ('x', 'x x x')) v(a, b) ORDER BY 1;
-- operators and thresholds
SELECT 'word' % 'words', 'word' % 'two words', 'word' <% 'two words', 'two words' %> 'word', 'word' <<% 'two words', 'two words' %>> 'word';
SELECT show_limit(), current_setting('pg_trgm.similarity_threshold'), current_setting('pg_trgm.word_similarity_threshold'), current_setting('pg_trgm.strict_word_similarity_threshold');
SELECT set_limit(0.2), show_limit(), 'word' % 'two words';
SET pg_trgm.similarity_threshold = 0.8;
SELECT show_limit(), 'word' % 'words';
SET pg_trgm.word_similarity_threshold = 0.9;
SELECT 'word' <% 'two words';
SET pg_trgm.strict_word_similarity_threshold = 0.1;
SELECT 'word' <<% 'two words';
SET pg_trgm.similarity_threshold = 1.5;
SELECT set_limit(-0.1);
RESET pg_trgm.similarity_threshold;
RESET pg_trgm.word_similarity_threshold;
RESET pg_trgm.strict_word_similarity_threshold;
SELECT name, setting, vartype, min_val, max_val, short_desc, extra_desc FROM pg_settings WHERE name LIKE 'pg_trgm.%' ORDER BY 1;
-- GIN: the index answers every operator as a sequential scan does
CREATE TABLE trgm_t (id int, s text);
INSERT INTO trgm_t SELECT g, md5(g::text) || ' word' || g FROM generate_series(1, 1000) g;
INSERT INTO trgm_t VALUES (2001, 'hello world'), (2002, 'Hello Wörld'), (2003, NULL), (2004, ''), (2005, 'a%b_c\d');
CREATE INDEX trgm_gin ON trgm_t USING gin (s gin_trgm_ops);
SELECT pg_get_indexdef('trgm_gin'::regclass);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM trgm_t WHERE s LIKE '%ello%';
EXPLAIN (COSTS OFF) SELECT id FROM trgm_t WHERE s % 'hello';
EXPLAIN (COSTS OFF) SELECT id FROM trgm_t WHERE 'word12' <% s;
EXPLAIN (COSTS OFF) SELECT id FROM trgm_t WHERE s ~* 'abc' AND s = 'x';
SELECT id FROM trgm_t WHERE s LIKE '%ello%' ORDER BY 1;
SELECT id FROM trgm_t WHERE s ILIKE '%WÖR%' OR s ILIKE 'HELLO%' ORDER BY 1;
SELECT count(*) FROM trgm_t WHERE s LIKE '%word99%';
SELECT id FROM trgm_t WHERE s LIKE 'a\%b\_c\\d' ORDER BY 1;
SELECT id FROM trgm_t WHERE s LIKE '%' AND id > 2000 ORDER BY 1;
SELECT count(*) FROM trgm_t WHERE s LIKE '%a%';
SELECT id FROM trgm_t WHERE s ~ 'l+o w' ORDER BY 1;
SELECT id FROM trgm_t WHERE s ~* '^HEL' ORDER BY 1;
SELECT id FROM trgm_t WHERE s = 'hello world';
SELECT id FROM trgm_t WHERE s % 'hello wrld' ORDER BY 1;
SELECT id FROM trgm_t WHERE s %> 'word999' ORDER BY 1;
SELECT id FROM trgm_t WHERE 'word999' <% s ORDER BY 1;
SELECT id FROM trgm_t WHERE s %>> 'word999' ORDER BY 1;
SELECT id, round((s <-> 'hello world')::numeric, 4) FROM trgm_t WHERE s % 'hello world' ORDER BY 2, 1;
INSERT INTO trgm_t VALUES (3001, 'jello world');
DELETE FROM trgm_t WHERE id = 2001;
SELECT id FROM trgm_t WHERE s LIKE '%ello%' ORDER BY 1;
RESET enable_seqscan;
SELECT id FROM trgm_t WHERE s LIKE '%ello%' ORDER BY 1;
-- estimates: matchingsel runs the operator over the column's statistics
CREATE TABLE trgm_sel (s text);
INSERT INTO trgm_sel SELECT CASE WHEN g % 3 = 0 THEN 'hello world' WHEN g % 7 = 0 THEN NULL ELSE 'w' || g END FROM generate_series(1, 2000) g;
EXPLAIN SELECT * FROM trgm_sel WHERE s % 'hello';
ANALYZE trgm_sel;
EXPLAIN SELECT * FROM trgm_sel WHERE s % 'hello';
EXPLAIN SELECT * FROM trgm_sel WHERE 'hello' % s;
EXPLAIN SELECT * FROM trgm_sel WHERE s % 'w12';
EXPLAIN SELECT * FROM trgm_sel WHERE s <% 'w1 w2 w3';
CREATE INDEX ON trgm_sel USING gin (s gin_trgm_ops);
EXPLAIN SELECT * FROM trgm_sel WHERE s % 'w123';
EXPLAIN SELECT * FROM trgm_sel WHERE s ~ 'w123';
EXPLAIN SELECT * FROM trgm_sel WHERE s ~* 'W123$';
EXPLAIN SELECT * FROM trgm_sel WHERE s LIKE '%w123%';
DROP TABLE trgm_sel;
-- the index depends on the operator class, a member of the extension
DROP EXTENSION pg_trgm;
DROP TABLE trgm_t;
DROP EXTENSION pg_trgm;
SELECT count(*) FROM pg_opclass WHERE opcname = 'gin_trgm_ops';
SELECT 'a' % 'a';
