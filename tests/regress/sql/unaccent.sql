-- unaccent 1.1: unaccent(text) by PostgreSQL's unaccent.rules (read at run time from
-- the installed share directory): accents, ligatures, deletions of combining marks,
-- text left as it is, NULL, in WHERE / ORDER BY / an expression index. Compared with
-- PostgreSQL 15 (the dictionary and configurations using it are not made by pgsnake).
DROP TABLE IF EXISTS regress_unaccent_t;
DROP EXTENSION IF EXISTS unaccent;
SELECT unaccent('Hôtel');
CREATE EXTENSION unaccent;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict, pg_get_function_result(p.oid) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'unaccent' ORDER BY p.oid::regprocedure::text;
SELECT unaccent('Hôtel'), unaccent('crème brûlée'), unaccent('Ångström'), unaccent('Łódź'), unaccent('Straße'), unaccent('Æsir œuvre'), unaccent('ﬁnal ﬂow');
SELECT unaccent('plain ascii 123 !?'), unaccent(''), unaccent(NULL), unaccent('a' || U&'\0301' || 'b' || U&'\0327');
SELECT unaccent('ǅemal ǈ ǋ'), unaccent('“quoted” ‘single’ ʺ'), unaccent('½ ¼ ¾ © ® ™'), unaccent('Ⅻ ① ⑩'), unaccent('Ωmega ЁЖ ё'), unaccent('日本語 テキスト');
SELECT unaccent(chr(g)) AS u, count(*) FROM generate_series(160, 1000) g GROUP BY 1 ORDER BY 1 COLLATE "C";
SELECT g, chr(g), unaccent(chr(g)) FROM generate_series(7680, 7935) g WHERE unaccent(chr(g)) <> chr(g) ORDER BY g;
SELECT g, chr(g), unaccent(chr(g)) FROM generate_series(8192, 8600) g WHERE unaccent(chr(g)) <> chr(g) ORDER BY g;
SELECT g, chr(g), unaccent(chr(g)) FROM generate_series(64256, 65519) g WHERE unaccent(chr(g)) <> chr(g) ORDER BY g;
CREATE TABLE regress_unaccent_t (name text);
INSERT INTO regress_unaccent_t VALUES ('José'), ('Jose'), ('JOSÉ'), ('Zoë'), ('Zoe'), ('Chloé'), ('Müller'), ('Mueller');
SELECT name FROM regress_unaccent_t WHERE unaccent(name) = 'Jose' ORDER BY name COLLATE "C";
SELECT name FROM regress_unaccent_t WHERE lower(unaccent(name)) = lower(unaccent('ZOË')) ORDER BY name COLLATE "C";
SELECT unaccent(name), count(*) FROM regress_unaccent_t GROUP BY 1 ORDER BY 1 COLLATE "C";
DROP TABLE regress_unaccent_t;
DROP EXTENSION unaccent;
SELECT unaccent('Hôtel');
