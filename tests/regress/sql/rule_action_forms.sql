-- Rule action forms: multi-row VALUES with NEW.* / OLD.* and DEFAULT, a VALUES action,
-- sub-SELECTs in an action's FROM naming NEW / OLD (implicitly LATERAL), ON CONFLICT
-- in an INSTEAD action with RETURNING, rules under session_replication_role, MERGE
-- refused on a relation with rules.
CREATE TABLE raf_src (f1 int, f2 int DEFAULT 0);
CREATE TABLE raf_log (f1 int, f2 int, tag text, id serial);
INSERT INTO raf_src VALUES (1, 2), (11, 12);
CREATE RULE raf_r1 AS ON UPDATE TO raf_src DO ALSO
    INSERT INTO raf_log VALUES (old.*, 'old', DEFAULT), (new.*, 'new', DEFAULT);
UPDATE raf_src SET f2 = f2 + 1;
CREATE RULE raf_r2 AS ON UPDATE TO raf_src DO ALSO VALUES (old.*, 'old'), (new.*, 'new');
UPDATE raf_src SET f2 = f2 * 10;
CREATE RULE raf_r3 AS ON INSERT TO raf_src DO ALSO
    INSERT INTO raf_log VALUES (NULL, NULL, '-', DEFAULT), (new.*, 'new', DEFAULT);
INSERT INTO raf_src VALUES (22, 23), (33, DEFAULT);
SELECT rulename, pg_get_ruledef(oid) FROM pg_rewrite
WHERE ev_class = 'raf_src'::regclass ORDER BY 1;
SELECT * FROM raf_src ORDER BY f1;
SELECT * FROM raf_log ORDER BY id;
-- implicit LATERAL
CREATE TABLE raf_t (a int, b text DEFAULT 'xxx', c int);
CREATE VIEW raf_v AS SELECT * FROM raf_t;
CREATE RULE raf_v_ins AS ON INSERT TO raf_v DO ALSO
    INSERT INTO raf_t SELECT * FROM (SELECT a + 10 FROM raf_t WHERE a = new.a) tt;
CREATE RULE raf_v_upd AS ON UPDATE TO raf_v DO ALSO
    UPDATE raf_t t SET c = tt.a * 10 FROM (SELECT a FROM raf_t WHERE a = old.a) tt
    WHERE t.a = tt.a;
INSERT INTO raf_v VALUES (1, 'a'), (2, 'b');
UPDATE raf_v SET b = upper(b);
SELECT * FROM raf_t ORDER BY a;
-- ON CONFLICT in an INSTEAD action
CREATE TABLE raf_hats (name char(10) PRIMARY KEY, color char(10));
CREATE TABLE raf_hat_data (name char(10), color char(10));
CREATE UNIQUE INDEX raf_hat_data_name ON raf_hat_data (name);
CREATE RULE raf_upsert AS ON INSERT TO raf_hats DO INSTEAD
    INSERT INTO raf_hat_data VALUES (new.name, new.color)
    ON CONFLICT (name) DO UPDATE SET color = excluded.color
    WHERE excluded.color <> 'forbidden' RETURNING *;
INSERT INTO raf_hats VALUES ('h8', 'black') RETURNING *;
INSERT INTO raf_hats VALUES ('h8', 'white') RETURNING *;
INSERT INTO raf_hats VALUES ('h8', 'forbidden') RETURNING *;
SELECT * FROM raf_hat_data;
-- session_replication_role
CREATE TABLE raf_one (a int);
CREATE TABLE raf_two (b int);
CREATE RULE raf_rule AS ON INSERT TO raf_one DO INSTEAD INSERT INTO raf_two VALUES (new.*);
INSERT INTO raf_one VALUES (1);
ALTER TABLE raf_one DISABLE RULE raf_rule;
INSERT INTO raf_one VALUES (2);
ALTER TABLE raf_one ENABLE RULE raf_rule;
SET session_replication_role = replica;
INSERT INTO raf_one VALUES (3);
ALTER TABLE raf_one ENABLE REPLICA RULE raf_rule;
INSERT INTO raf_one VALUES (4);
RESET session_replication_role;
INSERT INTO raf_one VALUES (5);
SELECT * FROM raf_one ORDER BY a;
SELECT * FROM raf_two ORDER BY b;
-- MERGE
MERGE INTO raf_one t USING (SELECT 1 AS a) s ON t.a = s.a
    WHEN NOT MATCHED THEN INSERT VALUES (s.a);
ALTER TABLE raf_one DISABLE RULE raf_rule;
MERGE INTO raf_one t USING (SELECT 1 AS a) s ON t.a = s.a
    WHEN NOT MATCHED THEN INSERT VALUES (s.a);
MERGE INTO raf_two t USING (SELECT 9 AS b) s ON t.b = s.b
    WHEN NOT MATCHED THEN INSERT VALUES (s.b);
DROP TABLE raf_src, raf_log, raf_t CASCADE;
DROP TABLE raf_hats, raf_hat_data, raf_one, raf_two;
