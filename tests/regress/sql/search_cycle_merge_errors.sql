-- Errors of SEARCH / CYCLE column lists (42701 for a column named twice, 42883 for a
-- cycle mark type without equality) and of WITH RECURSIVE on MERGE (42601).
DROP TABLE IF EXISTS regress_scm;
CREATE TABLE regress_scm(f int, t int, label text);
insert into regress_scm values (1, 2, 'a'), (2, 3, 'b');
with recursive sg(f, t, label) as (select * from regress_scm g union all select g.* from regress_scm g, sg where g.f = sg.t) search depth first by f, t, f set seq select * from sg;
with recursive sg(f, t, label) as (select * from regress_scm g union all select g.* from regress_scm g, sg where g.f = sg.t) cycle f, t, f set is_cycle to true default false using path select * from sg;
with recursive sg(f, t, label) as (select * from regress_scm g union all select g.* from regress_scm g, sg where g.f = sg.t) cycle f, t set is_cycle to point '(1,1)' default point '(0,0)' using path select * from sg;
WITH RECURSIVE cte_basic AS (SELECT 1 a) MERGE INTO regress_scm m USING (select 0 k) o ON m.f=o.k WHEN NOT MATCHED THEN INSERT VALUES(o.k, o.k);
DROP TABLE regress_scm;
CREATE TABLE regress_scm_t(tid int); CREATE TABLE regress_scm_s(sid int);
WITH foo AS (MERGE INTO regress_scm_t USING regress_scm_s ON (true) WHEN MATCHED THEN DELETE) SELECT * FROM foo;
COPY (MERGE INTO regress_scm_t USING regress_scm_s ON (true) WHEN MATCHED THEN DELETE) TO stdout;
MERGE INTO regress_scm_t t USING regress_scm_s AS s ON t.tid = s.sid WHEN NOT MATCHED THEN INSERT VALUES (1);
drop table regress_scm_t; drop table regress_scm_s;
