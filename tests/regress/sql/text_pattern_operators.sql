-- The pattern comparison operators ~<~ ~<=~ ~>=~ ~>~ of text and character
-- (datatypes/pattern_comparison.py): byte order whatever the collation, character(n)
-- without trailing blanks; their functions, text_pattern_ops / bpchar_pattern_ops indexes.
SELECT a, b, a ~<~ b AS lt, a ~<=~ b AS le, a ~>=~ b AS ge, a ~>~ b AS gt, text_pattern_lt(a, b), text_pattern_ge(a, b), bttext_pattern_cmp(a, b) > 0 AS cmp_pos
FROM (VALUES ('a'::text, 'b'::text), ('B', 'a'), ('abc', 'ab'), ('', ''), ('é', 'z'), ('a ', 'a'), (NULL, 'a')) v(a, b);
SELECT a, b, a ~<~ b AS lt, a ~<=~ b AS le, a ~>=~ b AS ge, a ~>~ b AS gt, bpchar_pattern_lt(a, b), bpchar_pattern_gt(a, b), bpchar_pattern_le(a, b)
FROM (VALUES ('a'::char(3), 'a '::char(5)), ('ab', 'a'), ('Z', 'a'), ('é', 'e')) v(a, b);
SELECT 'abc'::varchar ~<~ 'abd'::varchar, 'abc'::name ~>~ 'abb';
CREATE TABLE pattern_ops_t (t text, c char(4));
INSERT INTO pattern_ops_t VALUES ('apple', 'ab'), ('Apple', 'Ab'), ('banana', 'b'), ('ápple', 'áb'), ('app', 'a');
CREATE INDEX pattern_ops_t_t ON pattern_ops_t (t text_pattern_ops);
CREATE INDEX pattern_ops_t_c ON pattern_ops_t (c bpchar_pattern_ops);
SELECT t FROM pattern_ops_t WHERE t ~>=~ 'app' AND t ~<~ 'b' ORDER BY t USING ~<~;
SELECT c FROM pattern_ops_t ORDER BY c USING ~>~;
SET enable_seqscan = off;
SELECT t FROM pattern_ops_t WHERE t ~>=~ 'app' AND t ~<~ 'b' ORDER BY t USING ~<~;
RESET enable_seqscan;
DROP TABLE pattern_ops_t;
