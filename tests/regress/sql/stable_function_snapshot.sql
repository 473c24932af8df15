-- A stable (or immutable) function's statements read with the snapshot of the query
-- calling it; a volatile function's take a new one each (access/transam/active_snapshot.py,
-- pl/spi.py): a cursor FETCHed after more inserts still sees, through a stable
-- function, only what the cursor's snapshot sees.
CREATE TABLE sfs_t (f1 int);
CREATE FUNCTION sfs_count_v() RETURNS int8 AS 'SELECT count(*) FROM sfs_t' LANGUAGE sql VOLATILE;
CREATE FUNCTION sfs_count_s() RETURNS int8 AS 'SELECT count(*) FROM sfs_t' LANGUAGE sql STABLE;
CREATE FUNCTION sfs_count_pv() RETURNS int8 LANGUAGE plpgsql VOLATILE AS
  $$ DECLARE n int8; BEGIN SELECT count(*) INTO n FROM sfs_t; RETURN n; END $$;
CREATE FUNCTION sfs_count_ps() RETURNS int8 LANGUAGE plpgsql STABLE AS
  $$ DECLARE n int8; BEGIN SELECT count(*) INTO n FROM sfs_t; RETURN n; END $$;
CREATE FUNCTION sfs_sum_ps() RETURNS int8 LANGUAGE plpgsql STABLE AS
  $$ DECLARE n int8 := 0; r record; BEGIN
     FOR r IN SELECT f1 FROM sfs_t LOOP n := n + r.f1; END LOOP; RETURN n; END $$;
BEGIN;
INSERT INTO sfs_t VALUES (1);
DECLARE c1 CURSOR FOR SELECT sfs_count_v(), sfs_count_s(), sfs_count_pv(), sfs_count_ps(), sfs_sum_ps();
INSERT INTO sfs_t VALUES (2);
FETCH ALL FROM c1;
ROLLBACK;
BEGIN;
INSERT INTO sfs_t VALUES (1);
DECLARE c2 CURSOR WITH HOLD FOR SELECT sfs_count_v(), sfs_count_s(), sfs_count_ps();
INSERT INTO sfs_t VALUES (2);
COMMIT;
DELETE FROM sfs_t;
FETCH ALL FROM c2;
CLOSE c2;
-- a cursor over several rows, fetched a row at a time between inserts (a volatile
-- function is left out: pgsnake computes a batch of rows ahead of the FETCH)
INSERT INTO sfs_t VALUES (10), (20), (30);
BEGIN;
DECLARE c3 CURSOR FOR SELECT f1, sfs_count_s(), sfs_count_ps() FROM sfs_t ORDER BY f1;
FETCH 1 FROM c3;
INSERT INTO sfs_t VALUES (40);
FETCH 1 FROM c3;
INSERT INTO sfs_t VALUES (50);
FETCH ALL FROM c3;
COMMIT;
-- a plain statement: its stable functions see its snapshot, its volatile ones more
INSERT INTO sfs_t SELECT sfs_count_s() + 100 FROM generate_series(1, 2);
SELECT f1 FROM sfs_t ORDER BY f1;
UPDATE sfs_t SET f1 = sfs_count_ps() WHERE f1 > 100;
SELECT f1 FROM sfs_t ORDER BY f1;
DROP FUNCTION sfs_count_v(), sfs_count_s(), sfs_count_pv(), sfs_count_ps(), sfs_sum_ps();
DROP TABLE sfs_t;
