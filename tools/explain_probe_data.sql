-- Data for PostgreSQL's regression scripts, for tools/explain_probe.py --setup (after
-- their test_setup.sql, whose COPY of data files fails without the files): onek, tenk1
-- and their copies filled with generated rows of the same columns and spread (unique1 a
-- permutation of unique2, the other columns its remainders, names from base-26 digits),
-- and the indexes create_index.sql makes on them. Not PostgreSQL's data: both servers
-- get the same rows, which is all the probe needs.
INSERT INTO tenk1
  SELECT u1, u2, u1 % 2, u1 % 4, u1 % 10, u1 % 20, u1 % 100, u1 % 1000, u1 % 2000,
         u1 % 5000, u1, (u1 % 100) * 2, (u1 % 100) * 2 + 1, (chr(65 + u1 % 26) || chr(65 + u1 / 26 % 26) || chr(65 + u1 / 676 % 26) || 'xxx')::name,
         (chr(65 + u2 % 26) || chr(65 + u2 / 26 % 26) || chr(65 + u2 / 676 % 26) || 'xxx')::name, (ARRAY['AAAAxx', 'HHHHxx', 'OOOOxx', 'VVVVxx'])[u2 % 4 + 1]
  FROM (SELECT (u2 * 7919 + 8800) % 10000 AS u1, u2 FROM generate_series(0, 9999) u2) s;
INSERT INTO tenk2 SELECT * FROM tenk1;
INSERT INTO onek
  SELECT u1, u2, u1 % 2, u1 % 4, u1 % 10, u1 % 20, u1 % 100, u1 % 1000, u1 % 2000,
         u1 % 5000, u1, (u1 % 100) * 2, (u1 % 100) * 2 + 1, (chr(65 + u1 % 26) || chr(65 + u1 / 26 % 26) || chr(65 + u1 / 676 % 26) || 'xxx')::name,
         (chr(65 + u2 % 26) || chr(65 + u2 / 26 % 26) || chr(65 + u2 / 676 % 26) || 'xxx')::name, (ARRAY['AAAAxx', 'HHHHxx', 'OOOOxx', 'VVVVxx'])[u2 % 4 + 1]
  FROM (SELECT (u2 * 383 + 147) % 1000 AS u1, u2 FROM generate_series(0, 999) u2) s;
INSERT INTO onek2 SELECT * FROM onek;
INSERT INTO person SELECT 'person' || i, 20 + i % 50, point(i % 37, i % 41)
  FROM generate_series(1, 50) i;
INSERT INTO emp SELECT 'emp' || i, 20 + i % 40, point(i, i), 1000 * i, 'boss' || i % 3
  FROM generate_series(1, 5) i;
INSERT INTO student SELECT 'student' || i, 18 + i % 10, point(i, 0), 2.5 + i / 10.0
  FROM generate_series(1, 3) i;
CREATE INDEX onek_unique1 ON onek USING btree(unique1 int4_ops);
CREATE INDEX onek_unique2 ON onek USING btree(unique2 int4_ops);
CREATE INDEX onek_hundred ON onek USING btree(hundred int4_ops);
CREATE INDEX onek_stringu1 ON onek USING btree(stringu1 name_ops);
CREATE INDEX tenk1_unique1 ON tenk1 USING btree(unique1 int4_ops);
CREATE INDEX tenk1_unique2 ON tenk1 USING btree(unique2 int4_ops);
CREATE INDEX tenk1_hundred ON tenk1 USING btree(hundred int4_ops);
CREATE INDEX tenk1_thous_tenthous ON tenk1 (thousand, tenthous);
CREATE INDEX tenk2_unique1 ON tenk2 USING btree(unique1 int4_ops);
CREATE INDEX tenk2_unique2 ON tenk2 USING btree(unique2 int4_ops);
CREATE INDEX tenk2_hundred ON tenk2 USING btree(hundred int4_ops);
CREATE INDEX onek2_u1_prtl ON onek2 USING btree(unique1 int4_ops) WHERE unique1 < 20 or unique1 > 980;
CREATE INDEX onek2_u2_prtl ON onek2 USING btree(unique2 int4_ops) WHERE stringu1 < 'B';
CREATE INDEX onek2_stu1_prtl ON onek2 USING btree(stringu1 name_ops) WHERE onek2.stringu1 >= 'J' and onek2.stringu1 < 'K';
VACUUM ANALYZE onek;
VACUUM ANALYZE onek2;
VACUUM ANALYZE tenk1;
VACUUM ANALYZE tenk2;
VACUUM ANALYZE person;
VACUUM ANALYZE emp;
VACUUM ANALYZE student;
