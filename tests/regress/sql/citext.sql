-- citext (contrib/citext.py over contrib/extension_types.py): the type made by CREATE
-- EXTENSION (pg_type rows, members, operator classes), case-insensitive comparison,
-- sorting, DISTINCT, GROUP BY, joins, a UNIQUE index and index scans, the casts to and
-- from text / varchar / bpchar / boolean / inet, the overloaded string and regexp
-- functions, min / max, and DROP EXTENSION taking it all away. Compared with
-- PostgreSQL 15 (C collation: only ASCII letters fold).
SELECT 'x'::citext;
CREATE EXTENSION citext;
SELECT extversion, extrelocatable FROM pg_extension WHERE extname = 'citext';
SELECT typname, typlen, typbyval, typtype, typcategory, typispreferred, typalign, typstorage, typcollation, typinput, typoutput, typreceive, typsend, typelem <> 0 AS is_array FROM pg_type WHERE typname IN ('citext', '_citext') ORDER BY 1;
SELECT castsource::regtype, casttarget::regtype, castfunc::regprocedure, castcontext, castmethod FROM pg_cast WHERE castsource = 'citext'::regtype OR casttarget = 'citext'::regtype ORDER BY castsource::regtype::text, casttarget::regtype::text;
SELECT oprname, oprright::regtype, oprcode, oprcom::regoperator, oprnegate::regoperator, oprcanmerge, oprcanhash FROM pg_operator WHERE oprleft = 'citext'::regtype ORDER BY oprname, oprright::regtype::text;
SELECT c.opcname, a.amname, c.opcdefault, (SELECT count(*) FROM pg_amop o WHERE o.amopfamily = c.opcfamily) AS operators, (SELECT string_agg(p.amprocnum || ':' || p.amproc::regproc, ' ' ORDER BY p.amprocnum) FROM pg_amproc p WHERE p.amprocfamily = c.opcfamily) AS support FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod WHERE c.opcintype = 'citext'::regtype ORDER BY 1, 2;
SELECT classid::regclass, count(*) FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'citext') GROUP BY 1 ORDER BY classid::regclass::text;
SELECT proname, provolatile, proparallel, proisstrict, prorettype::regtype, proargtypes::regtype[] FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'citext%' ORDER BY proname, proargtypes::regtype[]::text;
CREATE TABLE ci_t (id int, name citext);
INSERT INTO ci_t VALUES (1, 'Alpha'), (2, 'alpha'), (3, 'BETA'), (4, 'beta'), (5, 'Gamma'), (6, NULL), (7, 'ä'), (8, 'Ä');
SELECT id, name FROM ci_t ORDER BY name, id;
SELECT id, name FROM ci_t ORDER BY name DESC NULLS LAST, id;
SELECT count(DISTINCT name) FROM ci_t;
SELECT lower(name::text), count(*) FROM ci_t GROUP BY name ORDER BY 1;
SELECT id FROM ci_t WHERE name = 'ALPHA' ORDER BY id;
SELECT id FROM ci_t WHERE name <> 'alpha' ORDER BY id;
SELECT id FROM ci_t WHERE name > 'alpha' AND name <= 'BETA' ORDER BY id;
SELECT id FROM ci_t WHERE name::text = 'alpha';
SELECT id, name LIKE 'AL%' AS l, name ILIKE 'al%' AS il, name NOT LIKE 'b%' AS nl, name ~ '^A' AS re, name !~* 'ETA$' AS nre FROM ci_t ORDER BY id;
SELECT id, name LIKE 'AL%'::text AS l, name ~ 'A'::text AS re FROM ci_t WHERE id < 4 ORDER BY id;
SELECT name || 'x' AS cat, length(name), upper(name), pg_typeof(name || 'x') FROM ci_t WHERE id < 3 ORDER BY id;
SELECT 'A'::citext = 'a'::text AS as_text, 'A'::text = 'a'::citext AS text_left, 'a'::citext < 'B'::citext AS lt, 'a'::text < 'B'::text AS text_lt;
SELECT citext_cmp('a', 'B'), citext_cmp('B', 'a'), citext_cmp('A', 'a'), citext_pattern_cmp('a', 'B');
SELECT 'a'::citext ~<~ 'B'::citext, 'b'::citext ~>=~ 'B'::citext, 'Zz'::citext ~>~ 'zZ'::citext;
SELECT citext_hash('Hello') = citext_hash('hELLO') AS same, citext_hash('Hello'), citext_hash_extended('Hello', 0), citext_hash_extended('hello', 7);
SELECT min(name), max(name) FROM ci_t;
SELECT strpos('FooBar'::citext, 'bar'), replace('FooBarfoo'::citext, 'FOO', 'x'), split_part('aXbxc'::citext, 'X', 2), translate('abcABC'::citext, 'ab', 'xy');
SELECT regexp_match('FooBar'::citext, 'bar'), regexp_match('FooBar'::citext, 'bar', 'c'), regexp_replace('FooBar'::citext, 'O', 'x'), regexp_replace('FooBar'::citext, 'O', 'x', 'g');
SELECT regexp_split_to_array('aXbxc'::citext, 'x'), regexp_split_to_array('aXbxc'::citext, 'x', 'c');
SELECT regexp_matches('abAB'::citext, 'a', 'g');
SELECT * FROM regexp_split_to_table('aXbxc'::citext, 'x');
SELECT true::citext, '10.0.0.1'::inet::citext, 'ab  '::char(4)::citext, 'x'::citext::char(3), 'abc'::varchar::citext, pg_typeof('a'::text::citext);
SELECT pg_typeof('{a,B}'::citext[]), '{a,B}'::citext[], '{a,B}'::citext[] = '{A,b}'::citext[] AS arrays_equal;
CREATE TABLE ci_u (v citext);
INSERT INTO ci_u VALUES ('one'), ('ONE');
CREATE UNIQUE INDEX ci_u_v ON ci_u (v);
DELETE FROM ci_u WHERE v::text = 'ONE';
CREATE UNIQUE INDEX ci_u_v ON ci_u (v);
INSERT INTO ci_u VALUES ('One');
INSERT INTO ci_u VALUES ('two'), ('Three');
SELECT opcname FROM pg_opclass WHERE oid = (SELECT indclass[0] FROM pg_index WHERE indexrelid = 'ci_u_v'::regclass);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT v FROM ci_u WHERE v = 'TWO';
SELECT v FROM ci_u WHERE v = 'TWO';
RESET enable_seqscan;
SELECT a.id, b.id FROM ci_t a JOIN ci_t b ON a.name = b.name AND a.id < b.id ORDER BY 1, 2;
SELECT a.id, u.v FROM ci_t a JOIN ci_u u ON a.name = u.v ORDER BY 1;
CREATE TABLE ci_p (k citext PRIMARY KEY);
INSERT INTO ci_p VALUES ('Key');
INSERT INTO ci_p VALUES ('KEY') ON CONFLICT (k) DO NOTHING;
SELECT * FROM ci_p;
DROP EXTENSION citext;
DROP TABLE ci_t, ci_u, ci_p;
DROP EXTENSION citext;
SELECT count(*) FROM pg_type WHERE typname IN ('citext', '_citext');
SELECT count(*) FROM pg_opclass WHERE opcname LIKE 'citext%';
SELECT count(*) FROM pg_opfamily WHERE opfname LIKE 'citext%';
SELECT 'x'::citext;
