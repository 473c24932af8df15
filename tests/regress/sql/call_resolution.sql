-- CALL finds the procedure before it evaluates anything (CALL p(1/0) of a procedure
-- that does not take an integer is "does not exist", not a division error); a CALL of
-- a function or aggregate is 42809 naming the call's argument types; VARIADIC
-- procedures spread their trailing arguments; BEGIN ATOMIC END is an empty body.
CREATE TABLE cr_t (a int, b text);
CREATE PROCEDURE cr_p8(x text) BEGIN ATOMIC END;
SELECT pg_get_functiondef('cr_p8'::regproc);
CALL cr_p8('');
CREATE PROCEDURE cr_p9(x text) LANGUAGE SQL AS $$ INSERT INTO cr_t VALUES (1, x) $$;
CALL cr_p9(1/0);
CALL cr_p9(1./0.);
CALL cr_p9('z' || (1/0)::text);
CALL cr_p9('ok');
SELECT * FROM cr_t;
CREATE PROCEDURE cr_p11(a OUT int, VARIADIC b int[]) LANGUAGE SQL
AS $$ SELECT b[1] + b[2] $$;
CALL cr_p11(null, 11, 12, 13);
CREATE PROCEDURE cr_p12(VARIADIC b text[]) LANGUAGE SQL
AS $$ INSERT INTO cr_t VALUES (array_length(b, 1), array_to_string(b, '-')) $$;
CALL cr_p12('x', 'y', 'z');
CALL cr_p12(VARIADIC ARRAY['p', 'q']);
SELECT * FROM cr_t ORDER BY a, b;
CREATE FUNCTION cr_f(int) RETURNS int LANGUAGE SQL AS $$ SELECT $1 $$;
CALL cr_f(1);
CALL version();
CALL sum(1);
CALL random();
CALL lower('a');
CALL nosuch_procedure(1);
DROP FUNCTION cr_f;
DROP PROCEDURE cr_p8, cr_p9, cr_p11, cr_p12;
DROP TABLE cr_t;
