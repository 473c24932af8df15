-- CREATE TABLE ... (LIKE ... INCLUDING COMMENTS) with INDEXES / STATISTICS copies the
-- comments of the source's indexes and statistics objects to their copies.
create table regress_tlc (a text primary key, b text);
create index regress_tlc_b_key on regress_tlc (b);
create statistics regress_tlc_ab_stat on a, b from regress_tlc;
create statistics regress_tlc_expr_stat on (a || b) from regress_tlc;
comment on index regress_tlc_pkey is 'index pkey';
comment on index regress_tlc_b_key is 'index b_key';
comment on statistics regress_tlc_ab_stat is 'ab stats';
comment on statistics regress_tlc_expr_stat is 'ab expr stats';
create table regress_tlc_all (like regress_tlc including all);
select c.relname, objsubid, description from pg_description, pg_index i, pg_class c where classoid = 'pg_class'::regclass and objoid = i.indexrelid and c.oid = i.indexrelid and i.indrelid = 'regress_tlc_all'::regclass order by c.relname, objsubid;
select s.stxname, objsubid, description from pg_description, pg_statistic_ext s where classoid = 'pg_statistic_ext'::regclass and objoid = s.oid and s.stxrelid = 'regress_tlc_all'::regclass order by s.stxname, objsubid;
create table regress_tlc_idx (like regress_tlc including indexes);
select count(*) from pg_description d join pg_index i on d.objoid = i.indexrelid where i.indrelid = 'regress_tlc_idx'::regclass;
create table regress_tlc_cmt (like regress_tlc including comments including statistics);
select count(*) from pg_description d join pg_statistic_ext s on d.objoid = s.oid where s.stxrelid = 'regress_tlc_cmt'::regclass;
drop table regress_tlc, regress_tlc_all, regress_tlc_idx, regress_tlc_cmt;
