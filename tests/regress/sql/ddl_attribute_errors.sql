-- Malformed CREATE AGGREGATE / OPERATOR / CAST attributes: numbers where names belong,
-- missing or non-Boolean values, SETOF arguments, duplicates, casts that exist or cannot be.
CREATE AGGREGATE bx(int) (SFUNC = 1, STYPE = int);
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = 'int4');
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = int4, SORTOP = 5);
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = int4, INITCOND);
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = int4, FINALFUNC_EXTRA = maybe);
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = int4, SSPACE = 'x');
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = int4, STYPE = int8);
CREATE AGGREGATE bx(int) (SFUNC = int4pl, STYPE = int4[]);
CREATE AGGREGATE bx(int default 1) (SFUNC = int4pl, STYPE = int4);
CREATE AGGREGATE bx(OUT int) (SFUNC = int4pl, STYPE = int4);
CREATE AGGREGATE a.b.c.d(int) (SFUNC = int4pl, STYPE = int4);
CREATE OPERATOR ~~~ (LEFTARG = int, RIGHTARG = int, FUNCTION = 5);
CREATE OPERATOR ~~~ (LEFTARG = setof int, RIGHTARG = int, FUNCTION = int4pl);
CREATE OPERATOR ~~~ (LEFTARG = int, RIGHTARG = int, FUNCTION = int4pl, HASHES = maybe);
CREATE OPERATOR ~~~ (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq, HASHES = maybe);
CREATE OPERATOR ~~~ (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq, RESTRICT = int4pl);
CREATE OPERATOR ~~~ (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq, JOIN = nosuch);
CREATE OPERATOR ~~~ (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq, NEGATOR = ~~~);
CREATE OPERATOR ~~~ (RIGHTARG = int, FUNCTION = int4um, COMMUTATOR = ~~~);
CREATE CAST (int AS int) WITH FUNCTION int4pl(int, int);
CREATE CAST (int4 AS int8) WITH INOUT;
CREATE CAST (text AS point) WITHOUT FUNCTION;
-- Leave nothing behind (the second CREATE AGGREGATE and the int -> int cast succeed).
DROP AGGREGATE bx(int);
DROP CAST (int AS int);
