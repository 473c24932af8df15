-- CREATE/DROP TABLE with every walking-skeleton column type, NOT NULL and DEFAULT.
DROP TABLE IF EXISTS regress_types;
CREATE TABLE regress_types (
    small int2,
    regular int4 NOT NULL,
    big int8 DEFAULT 42,
    ratio float8,
    amount numeric,
    label text DEFAULT 'none',
    code varchar(5),
    flag bool NOT NULL DEFAULT false,
    day date,
    stamp timestamp
);
INSERT INTO regress_types (small, regular, ratio, amount, code, day, stamp)
    VALUES (1, 10, 0.5, 12.345, 'abc', '2024-01-02', '2024-01-02 03:04:05');
INSERT INTO regress_types VALUES (-32768, 2147483647, 9223372036854775807, -1.5e10, -0.001,
    'x y', 'abcde', true, '1999-12-31', '1999-12-31 23:59:59.123456');
INSERT INTO regress_types (regular) VALUES (0);
SELECT * FROM regress_types ORDER BY regular;
SELECT small, big, label, flag FROM regress_types WHERE regular = 0;
-- value too long for varchar(5): 22001
INSERT INTO regress_types (regular, code) VALUES (1, 'abcdef');
-- out of range for int2: 22003
INSERT INTO regress_types (regular, small) VALUES (1, 40000);
CREATE TABLE regress_types (a int);
DROP TABLE regress_types;
DROP TABLE regress_types;
DROP TABLE IF EXISTS regress_types;
