-- ts_rewrite(query, select) applying every (target, substitute) row in turn, and
-- ts_stat(select [, weights]): their results, row orders and errors
drop table if exists regress_tsq_rules, regress_tsv_docs;
create table regress_tsq_rules (keyword tsquery, sample tsquery);
insert into regress_tsq_rules values ('new & york', 'big & apple | nyc'), ('moscow', 'moskva | moscow'),
  ('bar & new & qq & foo & york', 'big & apple | nyc'), (null, 'x'), ('hotel', null), ('', 'y');
select ts_rewrite('moscow', 'select keyword, sample from regress_tsq_rules'::text);
select ts_rewrite('moscow & hotel', 'select keyword, sample from regress_tsq_rules'::text);
select ts_rewrite('bar & qq & foo & (new <-> york)', 'select keyword, sample from regress_tsq_rules'::text);
select ts_rewrite('bar & new & qq & foo & york', 'select keyword, sample from regress_tsq_rules');
select ts_rewrite('nothing | here', 'select keyword, sample from regress_tsq_rules');
select ts_rewrite(q, 'select keyword, sample from regress_tsq_rules') from (values ('moscow & new & york'::tsquery), ('!moscow')) v(q);
select ts_rewrite('', 'select 1');
select ts_rewrite('a', 'select 1');
select ts_rewrite('a', 'select keyword from regress_tsq_rules');
create table regress_tsv_docs (a tsvector);
insert into regress_tsv_docs values ('a:1A,2B b:3 c'), ('a:4C d'), (null), ('b:1D,2D,5A'), ('zz:1 q:3 m x yy');
select * from ts_stat('select a from regress_tsv_docs') order by ndoc desc, nentry desc, word;
select * from ts_stat('select a from regress_tsv_docs', 'AB') order by ndoc desc, nentry desc, word;
select * from ts_stat('select a from regress_tsv_docs', 'x') order by 1;
select * from ts_stat('select a from regress_tsv_docs');
select ts_stat('select a from regress_tsv_docs where a @@ ''b''');
select * from ts_stat('select 1');
select * from ts_stat('select a, a from regress_tsv_docs');
drop table regress_tsq_rules, regress_tsv_docs;
