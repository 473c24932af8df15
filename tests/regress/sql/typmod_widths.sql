-- compare explain text
-- Widths of columns without statistics come from the type and its typmod
-- (get_typavgwidth / type_maximum_size): char(n) its full width, varchar(n) half way to
-- its maximum, numeric(p,s) its digit groups, bit(n) / varbit(n) their bytes; also a
-- function's column definition list. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS tmw;
CREATE TABLE tmw (a char(10), b char(100), c numeric(4,2), d numeric(20,5), e bit(20),
                  f varbit(100), g varchar(300), h varchar(5), i numeric);
EXPLAIN SELECT a FROM tmw;
EXPLAIN SELECT b FROM tmw;
EXPLAIN SELECT c, d FROM tmw;
EXPLAIN SELECT e, f FROM tmw;
EXPLAIN SELECT g, h, i FROM tmw;
EXPLAIN SELECT * FROM tmw;
EXPLAIN SELECT * FROM unnest(ARRAY['one', 'two']) AS t(f1);
EXPLAIN SELECT * FROM json_to_record('{"a": 1.5, "b": "x"}') AS t(a numeric(4,2), b text);
DROP TABLE tmw;
