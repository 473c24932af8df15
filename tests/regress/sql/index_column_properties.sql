-- pg_index_column_has_property over B-tree (DESC, NULLS, INCLUDE), hash, GIN, BRIN and
-- GiST columns (distance functions, fetch / compress functions, INCLUDE)
create table icp_t (p point, b box, pg polygon, r int4range, c circle, tsv tsvector, n int, m int, t text);
create index icp_g1 on icp_t using gist (p);
create index icp_g2 on icp_t using gist (b);
create index icp_g3 on icp_t using gist (pg);
create index icp_g4 on icp_t using gist (r);
create index icp_g7 on icp_t using gist (c);
create index icp_b1 on icp_t (n desc nulls last, m nulls first) include (t);
create index icp_b2 on icp_t (m, n desc);
create index icp_h1 on icp_t using hash (n);
create index icp_gin on icp_t using gin (tsv);
create index icp_brin on icp_t using brin (n, m);
create index icp_gi on icp_t using gist (p) include (n);
select c.relname, a.attnum, p.name, pg_index_column_has_property(c.oid, a.attnum, p.name)
from pg_class c join pg_attribute a on a.attrelid = c.oid,
 unnest(array['asc', 'desc', 'nulls_first', 'nulls_last', 'orderable', 'distance_orderable',
               'returnable', 'search_array', 'search_nulls', 'bogus', 'clusterable', 'ASC', 'Returnable']) p(name)
where c.relname like 'icp\_%' and c.relkind = 'i' order by 1, 2, 3;
select pg_index_column_has_property('icp_b1'::regclass, 0, 'asc'), pg_index_column_has_property('icp_b1'::regclass, 4, 'asc'),
       pg_index_column_has_property('icp_b1'::regclass, -1, 'asc'), pg_index_column_has_property('icp_t'::regclass, 1, 'asc'),
       pg_index_column_has_property(0, 1, 'asc'), pg_index_column_has_property('icp_b1'::regclass, 1, null);
drop table icp_t;
