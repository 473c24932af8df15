-- <= and >= on composite values, and ordering records whose columns differ in type.
DROP TYPE IF EXISTS regress_rc_t1;
DROP TYPE IF EXISTS regress_rc_t2;
CREATE TYPE regress_rc_t1 AS (a int, b int);
CREATE TYPE regress_rc_t2 AS (a int, b text);
SELECT row(1, 2)::regress_rc_t1 <= row(1, 3)::regress_rc_t1;
SELECT row(1, 3)::regress_rc_t1 >= row(1, 2)::regress_rc_t1;
SELECT row(1, -2)::regress_rc_t1 <= row(1, -3)::regress_rc_t1;
SELECT row(1, -3)::regress_rc_t1 >= row(1, -2)::regress_rc_t1;
SELECT row(1, 2)::regress_rc_t1 > row(1, NULL)::regress_rc_t1;
SELECT row(1, 2)::regress_rc_t1 <= row(1, NULL)::regress_rc_t1;
SELECT row(1, 2)::regress_rc_t1 < row(1, 'abc')::regress_rc_t2;
SELECT row(1, 2)::regress_rc_t1 < row(2, 'abc')::regress_rc_t2;
DROP TYPE regress_rc_t1;
DROP TYPE regress_rc_t2;
