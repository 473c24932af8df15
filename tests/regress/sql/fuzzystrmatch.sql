-- fuzzystrmatch 1.1: soundex, difference, levenshtein (with costs, _less_equal, whose
-- value past max_d is the banded computation's), metaphone and Double Metaphone over
-- word lists, the length errors, and the members.
DROP TABLE IF EXISTS regress_fuzzy_words;
DROP EXTENSION IF EXISTS fuzzystrmatch;
SELECT soundex('abc');
SELECT a.name, a.default_version, a.comment, v.superuser, v.trusted, v.relocatable, v.schema, v.requires FROM pg_available_extensions a JOIN pg_available_extension_versions v ON v.name = a.name AND v.version = a.default_version WHERE a.name IN ('fuzzystrmatch', 'unaccent', 'btree_gin', 'tablefunc') ORDER BY 1;
CREATE EXTENSION fuzzystrmatch;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict, pg_get_function_result(p.oid) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'fuzzystrmatch' ORDER BY p.oid::regprocedure::text;
CREATE TABLE regress_fuzzy_words (w text);
INSERT INTO regress_fuzzy_words VALUES ('Robert'), ('Rupert'), ('Rubin'), ('Ashcraft'), ('Ashcroft'), ('Tymczak'), ('Pfister'), ('Honeyman'), ('Lee'), ('Gutierrez'), ('Jackson'), ('Washington'), ('Lloyd'), ('Euler'), ('Ellery'), ('Gauss'), ('Ghosh'), ('Hilbert'), ('Heilbronn'), ('Knuth'), ('Kant'), ('Ladd'), ('Lukasiewicz'), ('Lissajous'), ('O''Hara'), ('Thompson'), ('Schmidt'), ('Schwarz'), ('Christopher'), ('School'), ('Knight'), ('Gnome'), ('Pneumonia'), ('Wright'), ('Whitney'), ('Xavier'), ('Aero'), ('Aeschylus'), ('Edge'), ('Judge'), ('Dodgy'), ('Laugh'), ('Though'), ('Bough'), ('Hugh'), ('Signed'), ('Sign'), ('Design'), ('Gnarled'), ('Science'), ('Scythe'), ('Ocean'), ('Nation'), ('Mission'), ('Asia'), ('Special'), ('Sugar'), ('Thumb'), ('Dumb'), ('Phone'), ('Quick'), ('Vivid'), ('Wave'), ('Axe'), ('Yellow'), ('Beyond'), ('Zebra'), ('Accident'), ('Bacchus'), ('Cherry'), ('Chianti'), ('Michael'), ('Ciao'), ('Dwight'), ('Ghent'), ('Agnes'), ('Hammer'), ('Ahab'), ('Shepherd'), ('Catherine'), ('Kathryn'), ('Smith'), ('Smyth'), ('Schmitt'), ('McHugh'), ('MacGregor'), ('Van Gogh'), ('Wayne'), ('Xerxes'), ('Ukulele'), ('Iowa'), ('Oak'), ('Eerie'), ('tschüss'), ('Müller'), ('Çelik'), ('naïve'), ('Ångström'), ('日本'), ('42nd street'), ('  leading blanks'), ('1-2-3'), ('a'), ('B'), (''), ('hyphen-ated'), ('DOUBLE  SPACE'), ('abcdefghijklmnopqrstuvwxyz'), ('ZZZZ'), ('Bbbb'), ('Tchaikovsky'), ('Czerny'), ('Wojcik'), ('Kowalski'), ('Nguyen'), ('Ng'), ('Xu'), ('Yu'), ('Zhang');
SELECT w, soundex(w), text_soundex(w), metaphone(w, 4), metaphone(w, 10), metaphone(w, 1) FROM regress_fuzzy_words WHERE w <> '' ORDER BY w COLLATE "C";
SELECT w, dmetaphone(w), dmetaphone_alt(w) FROM regress_fuzzy_words ORDER BY w COLLATE "C";
SELECT w, dmetaphone(w), dmetaphone_alt(w) FROM unnest(ARRAY['Caesar', 'Chianti', 'Michael', 'Chemistry', 'Chorus', 'Chore', 'Orchestra', 'Wachtler', 'McHugh', 'Focaccia', 'Accident', 'Succeed', 'Bellocchio', 'Bacchus', 'Mac Caffrey', 'Edgar', 'Ghislane', 'Ghiradelli', 'Hugh', 'Broughton', 'Laugh', 'Cagney', 'Tagliaro', 'Gerald', 'Danger', 'Biaggi', 'Rogier', 'San Jacinto', 'Jose', 'Yankelovich', 'Bajador', 'Cabrillo', 'Gallegos', 'Dumb', 'Campbell', 'Hochmeier', 'Island', 'Sugar', 'Holzheim', 'Sian', 'Snider', 'Schooner', 'Schermerhorn', 'Schenker', 'Resnais', 'Thames', 'Von Thomas', 'Wasserman', 'Womo', 'Arnow', 'Filipowicz', 'Breaux', 'Zhao', 'Zola', 'Çelik', 'Ñandu', 'Straße', 'KN', 'X', 'JJ', 'zz']) w;
SELECT soundex(''), metaphone('', 4), difference('', ''), difference('', 'abc'), levenshtein('', 'abc'), levenshtein('abcd', ''), levenshtein('', '', 2, 3, 4);
SELECT a.w, b.w, difference(a.w, b.w), levenshtein(a.w, b.w), levenshtein(a.w, b.w, 2, 3, 4), levenshtein(a.w, b.w, 1, 1, 3), levenshtein(a.w, b.w, 0, 1, 1) FROM regress_fuzzy_words a, regress_fuzzy_words b WHERE a.w COLLATE "C" < b.w AND (length(a.w) + length(b.w)) % 7 = 1 ORDER BY 1 COLLATE "C", 2 COLLATE "C";
SELECT a.w, b.w, k, levenshtein_less_equal(a.w, b.w, k), levenshtein_less_equal(a.w, b.w, 2, 1, 3, k), levenshtein_less_equal(a.w, b.w, 1, 2, 1, k), levenshtein_less_equal(a.w, b.w, 1, 1, 5, k) FROM regress_fuzzy_words a, regress_fuzzy_words b, generate_series(-1, 6) k WHERE a.w COLLATE "C" < b.w AND (length(a.w) * 3 + length(b.w)) % 11 = 2 ORDER BY 1 COLLATE "C", 2 COLLATE "C", 3;
SELECT levenshtein('extensive', 'exhaustive'), levenshtein_less_equal('extensive', 'exhaustive', 2), levenshtein_less_equal('extensive', 'exhaustive', 4), levenshtein('GUMBO', 'GAMBOL', 2, 1, 1), levenshtein('GUMBO', 'GAMBOL', -1, 2, 1), levenshtein_less_equal('kitten', 'sitting', 0, 0, 0, 1);
SELECT levenshtein(repeat('a', 255), repeat('b', 255)) > 0;
SELECT levenshtein(repeat('a', 256), 'b');
SELECT levenshtein('', repeat('a', 300)), levenshtein(repeat('a', 300), '');
SELECT levenshtein_less_equal('b', repeat('a', 256), 3);
SELECT metaphone(repeat('a', 256), 4);
SELECT metaphone(repeat('é', 128), 4);
SELECT metaphone('abc', 256);
SELECT metaphone('abc', 0);
SELECT metaphone('abc', -3);
SELECT soundex(NULL), difference(NULL, 'a'), levenshtein('a', NULL), metaphone('a', NULL);
DROP TABLE regress_fuzzy_words;
DROP EXTENSION fuzzystrmatch;
SELECT soundex('abc');
